"""Load every list in ../shared/watchlists: time and peak memory, cold and from cache.

Baseline measured in the same run: reading and hashing the same bytes (the floor any loader
pays). Usage: python bench/load.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.store.catalog import load_catalog  # noqa: E402
from service.store.discover import discover  # noqa: E402
from service.store.snapshot import content_hash  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    shared = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=shared / "watchlists")
    args = parser.parse_args()

    started = time.perf_counter()
    file_sets, _ = discover(args.data_dir)
    for file_set in file_sets:
        content_hash(file_set.files)
    baseline = time.perf_counter() - started
    print(f"baseline: discover + hash {len(file_sets)} file sets: {baseline:.2f} s")

    cache_dir = Path(tempfile.mkdtemp(prefix="sanctions-cache-"))
    try:
        rss_before = _peak_mb()
        cold = load_catalog(args.data_dir, cache_dir)
        rss_cold = _peak_mb()
        warm = load_catalog(args.data_dir, cache_dir)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    entities = sum(s.entity_count for s in cold.active())
    names = sum(s.name_count for s in cold.active())
    for snap in cold.active():
        print(
            f"  {snap.list_id:32} {snap.version:10} {snap.entity_count:>7,} entities "
            f"{snap.name_count:>7,} names {snap.load_seconds:6.2f} s"
        )
    print(
        f"cold load (parse all, {len(cold.lists)} lists, {entities:,} active entities, "
        f"{names:,} names): {cold.load_seconds:.2f} s = {cold.load_seconds / baseline:.1f}x "
        "baseline"
    )
    print(
        f"warm load (from snapshot cache): {warm.load_seconds:.2f} s = "
        f"{warm.load_seconds / baseline:.1f}x baseline"
    )
    print(f"peak RSS: {rss_cold:.0f} MB (before loading: {rss_before:.0f} MB)")
    if cold.errors:
        print("errors:", *cold.errors, sep="\n  ")


if __name__ == "__main__":
    main()
