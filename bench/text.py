"""Text screening speed: a ~3,000-character article (goal: <= 50 ms) and a ~100 KB text.

Baseline in the same run: every capitalised span screened one by one through
``engine.screen`` (what a naive integration would do). The lists are loaded once, the scanner
(gazetteer) built once; its build time is printed too.
Usage: python bench/text.py [--data-dir DIR] [--runs N] [--article FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.engine.loader import load_engine  # noqa: E402
from service.engine.screen import Query  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.textscan import TextScanner  # noqa: E402
from service.textscan.spans import capitalised_spans  # noqa: E402
from service.textscan.tokens import tokenize  # noqa: E402


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _naive(engine, text: str) -> int:
    """Baseline: every capitalised span through engine.screen, one by one."""
    tokens, _ = tokenize(text)
    alerts = 0
    for first, last in capitalised_spans(tokens):
        name = text[tokens[first].start : tokens[last].end]
        alerts += any(h.alert for h in engine.screen(Query.build(name), limit=10))
    return alerts


def _timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def _long_text(article: str, fixtures: list[str], size: int) -> str:
    parts, total, i = [], 0, 0
    pool = [article, *fixtures]
    while total < size:
        parts.append(pool[i % len(pool)])
        total += len(parts[-1]) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def main() -> None:
    shared = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=shared / "watchlists")
    parser.add_argument(
        "--article", type=Path, default=shared / "samples" / "news" / "2024-05-17-putin-harbin.txt"
    )
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        engine = load_engine(Settings(data_dir=args.data_dir, cache_dir=Path(cache)))
        print(
            f"engine: {len(engine.index.entities)} entities loaded and indexed in "
            f"{time.perf_counter() - started:.1f} s"
        )
    started = time.perf_counter()
    scanner = TextScanner(engine)
    print(f"scanner (gazetteer) built in {time.perf_counter() - started:.2f} s")

    article = args.article.read_text(encoding="utf-8")
    fixtures = [
        p.read_text(encoding="utf-8")
        for p in sorted((REPO / "tests" / "fixtures" / "news").glob("*.txt"))
    ]
    result = scanner.screen(article)  # warm caches
    print(
        f"\narticle: {len(article)} characters, {len(result.alerts)} alerting mentions, "
        f"{result.stats['screened']} names screened"
    )
    ours = _timed(lambda: scanner.screen(article), args.runs)
    base = _timed(lambda: _naive(engine, article), max(5, args.runs // 5))
    print(
        f"  textscan : p50 {statistics.median(ours):6.1f} ms  p99 "
        f"{_percentile(ours, 0.99):6.1f} ms  ({args.runs} runs; goal <= 50 ms)"
    )
    print(
        f"  baseline : p50 {statistics.median(base):6.1f} ms  p99 "
        f"{_percentile(base, 0.99):6.1f} ms  (every capitalised span via engine.screen)"
    )

    long = _long_text(article, fixtures, 100_000)
    runs = 3
    ours_long = _timed(lambda: scanner.screen(long), runs)
    base_long = _timed(lambda: _naive(engine, long), 1)
    for label, times in (("textscan", ours_long), ("baseline", base_long)):
        best = min(times) / 1000
        print(f"  {label} 100 KB: {best * 1000:7.0f} ms  = {len(long) / best:10,.0f} chars/s")
    per_article = [(len(article) / (t / 1000)) for t in ours]
    print(f"  article throughput: {statistics.median(per_article):,.0f} chars/s")


if __name__ == "__main__":
    main()
