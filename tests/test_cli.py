"""The command line: lists, screen and compare, on the real lists and the demo list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


def test_lists_json_describes_every_list_version(
    watchlists_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SANCTIONS_CACHE_DIR", str(tmp_path))
    from service.settings import get_settings

    get_settings.cache_clear()
    result = runner.invoke(app, ["lists", "--data-dir", str(watchlists_dir), "--json"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by_id = {item["list_id"]: item for item in data["lists"]}
    sdn = by_id["us_ofac_sdn"]
    assert sdn["version"] == "2024-05-03" and sdn["entity_count"] == 14965
    assert len(sdn["content_hash"]) == 64 and sdn["name_count"] >= sdn["entity_count"]
    assert [h["version"] for h in sdn["history"]] == ["2021-07-07"]
    assert by_id["un_sc"]["published"] == "2026-02-27"
    assert data["errors"] == []


def test_lists_defaults_to_the_demo_list() -> None:
    result = runner.invoke(app, ["lists", "--json"])
    assert result.exit_code == 0, result.output
    lists = json.loads(result.stdout)["lists"]
    assert [item["list_id"] for item in lists] == ["demo"]


def test_screen_json_and_exit_code_on_the_demo_list() -> None:
    result = runner.invoke(app, ["screen", "Oleg Deripaska", "--json", "--type", "person"])
    assert result.exit_code == 1  # an alert
    hits = json.loads(result.stdout)
    assert hits[0]["entity_id"] == "demo:deripaska" and hits[0]["alert"] is True
    assert {"entity_id", "list_id", "name", "matched_name", "score", "alert", "explanation"} <= set(
        hits[0]
    )
    quiet = runner.invoke(app, ["screen", "Angela Merkel", "--json"])
    assert quiet.exit_code == 0
    assert not any(h["alert"] for h in json.loads(quiet.stdout))


def test_screen_min_score() -> None:
    every = json.loads(
        runner.invoke(app, ["screen", "Igor Petrov", "--json", "--min-score", "0"]).stdout
    )
    default = json.loads(runner.invoke(app, ["screen", "Igor Petrov", "--json"]).stdout)
    assert every and min(h["score"] for h in every) < 0.5
    assert [h["score"] for h in default] == [h["score"] for h in every if h["score"] >= 0.5]


def test_screen_refuses_bad_input() -> None:
    assert runner.invoke(app, ["screen", "  "]).exit_code == 2
    assert runner.invoke(app, ["screen", "X", "--type", "planet"]).exit_code == 2


def test_compare_adds_score_and_alert_columns(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        'id,name1,name2,schema\n1,Igor Sechin,"SECHIN, Igor Ivanovich",Person\n'
        "2,Golden Lotus Investment No. 3,Golden Lotus Investment No. 8,Company\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["compare", "--pairs", str(pairs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert rows[0]["alert"] == "true" and float(rows[0]["score"]) >= 0.7
    assert rows[1]["alert"] == "false"


def test_compare_refuses_a_file_without_name_columns(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert runner.invoke(app, ["compare", "--pairs", str(bad)]).exit_code == 2
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    assert runner.invoke(app, ["compare", "--pairs", str(binary)]).exit_code == 2


def test_update_needs_a_data_dir(monkeypatch) -> None:
    monkeypatch.delenv("SANCTIONS_DATA_DIR", raising=False)
    assert runner.invoke(app, ["update"]).exit_code == 2
