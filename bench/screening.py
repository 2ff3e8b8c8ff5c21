"""Screening accuracy against the full index of ../shared/watchlists.

1. Retrieval: the 683 UN names of yente-positives-un-treated.csv (170 of them mutated),
   screened by name alone: share whose UN entry is in the top 5 hits.
2. Index recall against a brute-force scan: for sampled queries, every entity that the scorer
   alerts on among the 100 best names of a full rapidfuzz scan must also be found by the index.
3. False alerts on synthetic-negatives.csv (3,600 generated unlisted people and companies):
   by name alone, and with the row's birth date and country.

Usage: python bench/screening.py [--data-dir DIR] [--eval-dir DIR] [--sample N]
"""

from __future__ import annotations

import argparse
import csv
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


def false_alerts(engine: Engine, eval_dir: Path) -> None:
    with (eval_dir / "synthetic-negatives.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    name_only = with_facts = 0
    examples = []
    for row in rows:
        schema = "person" if row["schema"] == "Person" else "organization"
        hits = engine.screen(Query.build(row["name"], schema), limit=1)
        if hits and hits[0].alert:
            name_only += 1
            examples.append((row["name"], hits[0].entity.name, hits[0].score))
        facts = Query.build(
            row["name"], schema, row.get("birth_date") or None, row.get("country") or None
        )
        hits = engine.screen(facts, limit=1)
        with_facts += bool(hits and hits[0].alert)
    total = len(rows)
    print(
        f"false alerts on {total} synthetic unlisted names: name only {name_only} "
        f"({name_only / total:.2%}; goal <= 0.5%), with birth date and country {with_facts} "
        f"({with_facts / total:.2%}; goal <= 0.1%)"
    )
    for query, listed, score in examples[:15]:
        print(f"  alert: {query!r} -> {listed!r} {score:.2f}")


def main() -> None:
    shared = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=shared / "watchlists")
    parser.add_argument("--eval-dir", type=Path, default=shared / "eval")
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    engine = Engine(load_catalog(args.data_dir, None))
    print(
        f"engine: {len(engine.index):,} name records, built in "
        f"{time.perf_counter() - started:.1f} s"
    )
    un_retrieval(engine, args.eval_dir)
    false_alerts(engine, args.eval_dir)
    index_recall(engine, args.eval_dir, args.sample)


if __name__ == "__main__":
    main()
