"""Screening accuracy against the full index of ../shared/watchlists.

1. Retrieval: the 683 UN names of yente-positives-un-treated.csv (170 of them mutated),
   screened by name alone: share whose UN entry is in the top 5 hits.
2. Index recall against a brute-force scan: for sampled queries, every entity that the scorer
   alerts on among the 100 best names of a full rapidfuzz scan must also be found by the index.
3. False alerts on synthetic-negatives.csv (3,600 generated unlisted people and companies):
   by name alone, and with the row's birth date and country; reported for two fixed halves
   (A: tuning, B: held out; chosen by a hash of locale and name) and in all.

Usage: python bench/screening.py [--data-dir DIR] [--eval-dir DIR] [--sample N]
       [--cache-dir DIR] [--only un,false,recall] [--alerts N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.engine.screen import Engine, Query  # noqa: E402
from service.matching import compare  # noqa: E402
from service.names import analyze  # noqa: E402
from service.store.catalog import load_catalog  # noqa: E402

_NON_WORD = re.compile(r"[^\w]+")


def _key(name: str) -> str:
    return _NON_WORD.sub(" ", name.casefold()).strip()


def un_retrieval(engine: Engine, eval_dir: Path) -> None:
    """Top-5 retrieval of UN entries for the treated (mutated) and untreated UN names."""
    by_name: dict[str, set[str]] = {}
    for entity in engine.index.entities:
        if entity.list_id == "un_sc":
            for name in entity.names:
                by_name.setdefault(_key(name.value), set()).add(entity.id)
    with (eval_dir / "yente-positives-un-untreated.csv").open(encoding="utf-8") as handle:
        untreated = list(csv.DictReader(handle))
    with (eval_dir / "yente-positives-un-treated.csv").open(encoding="utf-8") as handle:
        treated = list(csv.DictReader(handle))
    found = total = found_mut = total_mut = unknown = 0
    misses = []
    for raw, mutated in zip(untreated, treated, strict=True):
        wanted = by_name.get(_key(raw["full_name"]))
        if not wanted:
            unknown += 1
            continue
        hits = engine.screen(Query.build(mutated["full_name"]), limit=5)
        ok = any(hit.entity.id in wanted for hit in hits)
        total += 1
        found += ok
        if raw["full_name"] != mutated["full_name"]:
            total_mut += 1
            found_mut += ok
        if not ok:
            misses.append(
                (mutated["full_name"], raw["full_name"], [h.entity.name for h in hits[:2]])
            )
    print(
        f"UN retrieval top-5: {found}/{total} = {found / max(total, 1):.1%} "
        f"(mutated names {found_mut}/{total_mut}; {unknown} names not on the UN file)"
    )
    for query, expected, got in misses[:10]:
        print(f"  miss: {query!r} (listed {expected!r}) -> {got}")


def index_recall(engine: Engine, eval_dir: Path, sample: int) -> None:
    """Alerts found by the index vs alerts among a brute-force scan's 100 best names."""
    rng = random.Random(7)
    names = [
        e.names[r.name].value
        for e, r in ((engine.index.entities[r.entity], r) for r in engine.index.records)
    ]
    choices = [_key(n) for n in names]
    with (eval_dir / "yente-positives-un-treated.csv").open(encoding="utf-8") as handle:
        queries = [row["full_name"] for row in csv.DictReader(handle)]
    with (eval_dir / "synthetic-negatives.csv").open(encoding="utf-8") as handle:
        queries += [row["name"] for row in csv.DictReader(handle)]
    queries = rng.sample(queries, min(sample, len(queries)))
    expected = retrieved = 0
    lost = []
    started = time.perf_counter()
    for query in queries:
        analysed = analyze(query)
        pool = process.extract(_key(query), choices, scorer=fuzz.WRatio, limit=100)
        alerts = set()
        for _, _, rec_id in pool:
            record = engine.index.records[rec_id]
            entity = engine.index.entities[record.entity]
            match = compare(
                analysed, engine.index.analyses[rec_id], entity.schema.value, engine.index.stats
            )
            if match.score >= engine.threshold:
                alerts.add(entity.id)
        found = {
            h.entity.id
            for h in engine.screen(Query.build(query), limit=100)
            if h.name_score >= engine.threshold
        }
        expected += len(alerts)
        retrieved += len(alerts & found)
        lost.extend((query, a) for a in alerts - found)
    recall = retrieved / expected if expected else 1.0
    print(
        f"index recall vs brute-force scan ({len(queries)} queries, "
        f"{time.perf_counter() - started:.0f} s): {retrieved}/{expected} = {recall:.1%}"
    )
    for query, entity_id in lost[:10]:
        print(f"  lost: {query!r} -> {entity_id} {engine.catalog.entity(entity_id).name!r}")


def half_of(row: dict[str, str]) -> str:
    """Fixed split of the synthetic negatives: "A" (tune on it) or "B" (held out)."""
    digest = hashlib.sha256(f"{row['locale']}|{row['name']}".encode()).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def false_alerts(engine: Engine, eval_dir: Path, show: int) -> None:
    with (eval_dir / "synthetic-negatives.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[tuple[str, str], int] = {}
    examples: dict[str, list[str]] = {"name": [], "facts": []}
    for row in rows:
        part = half_of(row)
        counts[(part, "rows")] = counts.get((part, "rows"), 0) + 1
        schema = "person" if row["schema"] == "Person" else "organization"
        dob, country = row.get("birth_date") or None, row.get("country") or None
        for kind, query in (
            ("name", Query.build(row["name"], schema)),
            ("facts", Query.build(row["name"], schema, dob, country)),
        ):
            hits = engine.screen(query, limit=1)
            if hits and hits[0].alert:
                counts[(part, kind)] = counts.get((part, kind), 0) + 1
                hit = hits[0]
                facts = "; ".join(f"{q.feature} {q.effect:+.2f}" for q in hit.qualifiers)
                examples[kind].append(
                    f"[{part}] {row['name']!r} -> {hit.matched_name.value!r} "
                    f"({hit.entity.id}) {hit.score:.2f} name {hit.name_score:.2f}"
                    + (f" [{facts}]" if facts else "")
                )
    for part in ("A", "B", "all"):
        parts = ("A", "B") if part == "all" else (part,)
        total = sum(counts.get((p, "rows"), 0) for p in parts)
        name_only = sum(counts.get((p, "name"), 0) for p in parts)
        with_facts = sum(counts.get((p, "facts"), 0) for p in parts)
        label = {"A": "half A (tune)", "B": "half B (held out)", "all": "all"}[part]
        print(
            f"false alerts, {label}, {total} synthetic unlisted names: name only {name_only} "
            f"({name_only / total:.2%}; goal <= 0.5%), with birth date and country "
            f"{with_facts} ({with_facts / total:.2%}; goal <= 0.1%)"
        )
    for kind in ("name", "facts"):
        for line in examples[kind][:show]:
            print(f"  alert ({kind}): {line}")


def main() -> None:
    shared = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=shared / "watchlists")
    parser.add_argument("--eval-dir", type=Path, default=shared / "eval")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--cache-dir", type=Path, default=None, help="keep the built index here")
    parser.add_argument("--only", default="un,false,recall", help="sections to run")
    parser.add_argument("--alerts", type=int, default=15, help="alerts listed per kind")
    args = parser.parse_args()
    sections = set(args.only.split(","))
    started = time.perf_counter()
    engine = Engine(load_catalog(args.data_dir, None), cache_dir=args.cache_dir)
    print(
        f"engine: {len(engine.index):,} name records, built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    if "un" in sections:
        un_retrieval(engine, args.eval_dir)
    if "false" in sections:
        false_alerts(engine, args.eval_dir, args.alerts)
    if "recall" in sections:
        index_recall(engine, args.eval_dir, args.sample)


if __name__ == "__main__":
    main()
