"""The compiled scorer (setup.py builds service/matching with mypyc) and its Python source
give the same scores and explanations, on every labelled pair of ../shared/eval."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.matching import compare, explain
from service.matching.build import scorer_build
from service.names import analyze

_SCRIPT = """
import csv, json, sys
from service.matching import compare, explain
from service.matching.build import scorer_build
from service.names import analyze
out = {"build": scorer_build(), "pairs": []}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            schema = row.get("schema") or None
            m = compare(analyze(row["name1"], schema), analyze(row["name2"], schema), schema)
            parts = [(p.query_token, p.candidate_token, round(p.similarity, 9), p.kind)
                     for p in m.parts]
            out["pairs"].append([round(m.score, 12), m.reasons, parts, explain(m)])
print(json.dumps(out))
"""


def _run(files: list[Path], source: bool) -> dict:
    env = dict(os.environ)
    env.pop("SANCTIONS_SCORER", None)
    if source:
        env["SANCTIONS_SCORER"] = "python"
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


def test_compiled_scorer_matches_source(eval_dir: Path) -> None:
    files = [eval_dir / "nomenklatura-name-bench-cases.csv", eval_dir / "cascade-name-pairs.csv"]
    source = _run(files, source=True)
    built = _run(files, source=False)
    assert source["build"]["compiled"] == []
    assert len(source["pairs"]) == 826 + 300
    assert built["pairs"] == source["pairs"]


def test_install_compiles_the_scorer() -> None:
    """The README's install compiles the scorer (CI has a C compiler); a stale build (an
    edited source) is refused by conftest before any test runs."""
    info = scorer_build()
    if os.environ.get("CI", "").lower() == "true":
        assert info["compiled"] == ["similarity", "align", "rules", "compare", "explain"]
    assert info["stale"] == []


def test_edited_source_is_reported_stale(monkeypatch) -> None:
    """A compiled module whose recorded source digest differs is reported stale."""
    from service.matching import build

    compiled = build.scorer_build()["compiled"]
    monkeypatch.setattr(build, "_built_digests", lambda: {"compare": "0" * 64})
    assert build.scorer_build()["stale"] == compiled
    if compiled:
        assert "STALE" in build.describe()


_WORDS = st.sampled_from(
    [
        "Igor",
        "Sechin",
        "Иван",
        "Петров",
        "محمد",
        "علي",
        "김정은",
        "王健林",
        "ОOO",
        "LLC",
        "GmbH",
        "S.A.",
        "No.",
        "3",
        "44",
        "Fourty-four",
        "ex",
        "f.k.a.",
        "MV",
        "M/V",
        "bin",
        "al-",
        "d'",
        "O'Neil",
        "Ltd.",
        "(formerly)",
        "Bank",
        "Shahr",
        "Zrt.",
        "ÆØÅ",
        "ß",
        "İ",
        "-",
        "&",
        "/",
        ",",
        ".",
    ]
)
_NAMES = st.one_of(
    st.lists(_WORDS, min_size=1, max_size=8).map(" ".join),
    st.text(min_size=1, max_size=60),
)


@given(a=_NAMES, b=_NAMES, schema=st.sampled_from([None, "Person", "Company", "Vessel"]))
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_scorer_never_raises_on_odd_names(a: str, b: str, schema: str | None) -> None:
    """Compiled code checks types at run time: any name pair must still score and explain."""
    match = compare(analyze(a, schema), analyze(b, schema), schema)
    assert 0.0 <= match.score <= 1.0
    assert explain(match).endswith(".")
