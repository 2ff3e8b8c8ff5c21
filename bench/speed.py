"""Single-name screening speed over everything in ../shared/watchlists, in process.

Measures index build time and memory, then p50/p99 latency of ``Engine.screen`` on a mix of
listed names (perturbed) and unlisted names (also with every hit's explanation built),
against a brute-force rapidfuzz WRatio scan of all names measured in the same run (the
baseline). Goals on one core: p50 <= 1 ms, p99 <= 5 ms, >= 50x faster than the scan,
build <= 10 s, index memory <= 1 GB.

Usage: python bench/speed.py [--data-dir DIR] [--queries N]
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.engine.screen import Engine, Query  # noqa: E402
from service.matching.build import describe  # noqa: E402
from service.perf import freeze_for_serving  # noqa: E402
from service.store.catalog import load_catalog  # noqa: E402


def _perturb(name: str, rng: random.Random) -> str:
    chars = list(name)
    if len(chars) > 4:
        i = rng.randrange(1, len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    return "".join(chars)


def _queries(engine: Engine, eval_dir: Path, count: int) -> list[str]:
    rng = random.Random(42)
    listed = [e.name for e in rng.sample(engine.index.entities, count // 2)]
    queries = [_perturb(n, rng) if i % 2 else n for i, n in enumerate(listed)]
    with (eval_dir / "synthetic-negatives.csv").open(encoding="utf-8") as handle:
        unlisted = [row["name"] for row in csv.DictReader(handle)]
    queries += rng.sample(unlisted, count - len(queries))
    rng.shuffle(queries)
    return queries


def _rss_mb() -> float:
    """Current resident memory of this process."""
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    shared = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=shared / "watchlists")
    parser.add_argument("--eval-dir", type=Path, default=shared / "eval")
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--scan-queries", type=int, default=40)
    args = parser.parse_args()

    catalog = load_catalog(args.data_dir, None)
    gc.collect()
    rss_before = _rss_mb()
    started = time.perf_counter()
    engine = Engine(catalog)
    build = time.perf_counter() - started
    gc.collect()
    index_mb = _rss_mb() - rss_before
    print(
        f"index: {len(engine.index):,} name records of {len(engine.index.entities):,} "
        f"entities, built in {build:.1f} s (goal <= 10 s), index memory {index_mb:.0f} MB "
        f"(goal <= 1024 MB; process peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )

    print(describe(), "(SANCTIONS_SCORER=python: from source)")
    # The garbage-collector settings of the server and the batch workers.
    freeze_for_serving()
    queries = _queries(engine, args.eval_dir, args.queries)
    for query in queries[:50]:  # warm caches
        engine.screen(Query.build(query))
    latencies, explained = [], []
    for query in queries:
        t0 = time.perf_counter()
        hits = engine.screen(Query.build(query))
        t1 = time.perf_counter()
        for hit in hits:  # what the API returns: every hit's structured explanation
            hit.explanation()
        latencies.append(t1 - t0)
        explained.append(time.perf_counter() - t0)
    p50, p99 = _percentile(latencies, 0.5) * 1e3, _percentile(latencies, 0.99) * 1e3
    mean = statistics.fmean(latencies) * 1e3
    print(
        f"engine.screen over {len(queries)} names (10 hits, scored): p50 {p50:.2f} ms "
        f"(goal <= 1), p99 {p99:.2f} ms (goal <= 5), mean {mean:.2f} ms"
    )
    e50, e99 = _percentile(explained, 0.5) * 1e3, _percentile(explained, 0.99) * 1e3
    print(
        f"  with every hit's explanation built (as the API answers): "
        f"p50 {e50:.2f} ms, p99 {e99:.2f} ms"
    )

    choices = [
        e.names[r.name].value
        for e, r in ((engine.index.entities[r.entity], r) for r in engine.index.records)
    ]
    scan = []
    for query in queries[: args.scan_queries]:
        t0 = time.perf_counter()
        process.extract(query, choices, scorer=fuzz.WRatio, limit=10, score_cutoff=50)
        scan.append(time.perf_counter() - t0)
    scan_p50 = _percentile(scan, 0.5) * 1e3
    print(
        f"baseline brute-force rapidfuzz WRatio scan of {len(choices):,} names: "
        f"p50 {scan_p50:.1f} ms; engine is {scan_p50 / p50:.0f}x faster at p50 (goal >= 50x)"
    )


if __name__ == "__main__":
    main()
