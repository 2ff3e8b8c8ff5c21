"""Accuracy bench of the pair scorer on the labelled name-pair sets in shared/eval.

Prints, for the nomenklatura name bench (826 pairs) and the Cascade pairs (300): ROC-AUC,
precision/recall/F1 at the default threshold, on a fixed stratified 70% tuning split and
the 30% held-out rest; a per-group breakdown and the worst failures. Then the
cross-script pairs (found out of 22) and the UN untreated/treated pairs (out of 170),
and the speed of analysis and of compare().

Usage: python bench/accuracy.py [--shared DIR] [--threshold 0.7] [--failures 15]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.matching import DEFAULT_THRESHOLD, compare  # noqa: E402
from service.names import TokenStats, analyze  # noqa: E402

SEED = 20240503
TUNE_SHARE = 0.7


@dataclass(slots=True)
class Case:
    group: str
    schema: str
    name1: str
    name2: str
    label: bool
    detail: str
    score: float = 0.0
    split: str = "tune"


# ---------------------------------------------------------------- list names / stats


def list_names(watchlists: Path) -> Iterator[tuple[str, str | None]]:
    """(name, schema) of list names: OFAC SDN, US CSL, OpenSanctions targets."""
    sdn = watchlists / "us_ofac_sdn_2024-05-03" / "sdn.csv"
    types = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft"}
    with sdn.open(encoding="latin-1", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) > 2 and row[1].strip():
                yield row[1].strip(), types.get(row[2].strip().lower(), "organization")
    csl = watchlists / "us_csl_2022-05" / "consolidated.csv"
    with csl.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            schema = {"Individual": "person", "Vessel": "vessel", "Entity": "organization"}.get(
                row.get("type") or ""
            )
            for name in [row["name"], *(row.get("alt_names") or "").split(";")]:
                if name.strip():
                    yield name.strip(), schema
    targets = watchlists / "opensanctions_ua_war_sanctions_2026-03-13" / "targets.simple.csv"
    with targets.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for name in [row["name"], *(row.get("aliases") or "").split(";")]:
                if name.strip():
                    yield name.strip(), row.get("schema")


def build_stats(watchlists: Path) -> tuple[TokenStats, list[tuple[str, str | None]], float]:
    names = list(list_names(watchlists))
    analyze.cache_clear()
    t0 = time.perf_counter()
    analysed = [analyze(n, s) for n, s in names]
    per_name = (time.perf_counter() - t0) / max(len(names), 1)
    stats = TokenStats(v.tokens for a in analysed for v in a.variants[:1])
    return stats, names, per_name


# ---------------------------------------------------------------- eval sets


def load_pairs(path: Path, group_col: str) -> list[Case]:
    cases = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            detail = row.get("category") or row.get("notes") or ""
            group = row["case_group"] if group_col == "case_group" else row["category"]
            cases.append(
                Case(
                    group,
                    row["schema"],
                    row["name1"],
                    row["name2"],
                    row["is_match"].strip().lower() == "true",
                    detail[:60],
                )
            )
    return cases


def split(cases: list[Case], key) -> None:
    """Stratified 70/30 split (fixed seed) by ``key`` and label."""
    rng = random.Random(SEED)
    strata: dict[tuple, list[Case]] = defaultdict(list)
    for c in cases:
        strata[(key(c), c.label)].append(c)
    for k in sorted(strata, key=str):
        members = strata[k]
        rng.shuffle(members)
        n_tune = round(len(members) * TUNE_SHARE)
        for i, c in enumerate(members):
            c.split = "tune" if i < n_tune else "held-out"


def auc(cases: list[Case]) -> float:
    pos = [c.score for c in cases if c.label]
    neg = [c.score for c in cases if not c.label]
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def prf(cases: list[Case], threshold: float) -> tuple[float, float, float, int, int]:
    tp = sum(1 for c in cases if c.label and c.score >= threshold)
    fp = sum(1 for c in cases if not c.label and c.score >= threshold)
    fn = sum(1 for c in cases if c.label and c.score < threshold)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, fp, fn


def score_cases(cases: list[Case], stats: TokenStats) -> None:
    for c in cases:
        c.score = compare(
            analyze(c.name1, c.schema), analyze(c.name2, c.schema), c.schema, stats
        ).score


def report_set(
    title: str, cases: list[Case], threshold: float, failures: int, breakdown: bool
) -> dict[str, float]:
    print(f"\n== {title}: {len(cases)} pairs ({sum(c.label for c in cases)} positive) ==")
    out = {}
    for part in ("tune", "held-out", "all"):
        sub = cases if part == "all" else [c for c in cases if c.split == part]
        a = auc(sub)
        p, r, f, fp, fn = prf(sub, threshold)
        out[part] = a
        print(
            f"  {part:9s} n={len(sub):4d}  AUC={a:.3f}  P={p:.3f} R={r:.3f} F1={f:.3f}"
            f"  FP={fp} FN={fn}  @{threshold:.2f}"
        )
    if breakdown:
        groups: dict[str, list[Case]] = defaultdict(list)
        for c in cases:
            groups[c.group].append(c)
        print("  by group (n, accuracy @threshold, mean score +/-):")
        for g in sorted(groups):
            sub = groups[g]
            acc = sum((c.score >= threshold) == c.label for c in sub) / len(sub)
            mp = [c.score for c in sub if c.label]
            mn = [c.score for c in sub if not c.label]
            mps = f"{sum(mp) / len(mp):.2f}" if mp else "  - "
            mns = f"{sum(mn) / len(mn):.2f}" if mn else "  - "
            print(f"    {g[:34]:34s} n={len(sub):3d} acc={acc:.2f} pos={mps} neg={mns}")
    if failures:
        wrong = [c for c in cases if (c.score >= threshold) != c.label]
        wrong.sort(key=lambda c: -abs(c.score - threshold))
        print(f"  worst failures ({len(wrong)} in all):")
        for c in wrong[:failures]:
            kind = "FN" if c.label else "FP"
            print(
                f"    {kind} {c.score:.2f} [{c.schema[:3]}] {c.name1!r} | {c.name2!r}  ({c.detail})"
            )
    return out


def cross_script(path: Path, stats: TokenStats, threshold: float, verbose: bool) -> int:
    found = total = 0
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            q, e, *_ = next(csv.reader([line]))
            total += 1
            s = compare(analyze(q, "Person"), analyze(e, "Person"), "Person", stats).score
            found += s >= threshold
            if verbose and s < threshold:
                print(f"    missed {s:.2f} {q} | {e}")
    print(f"\n== cross-script: {found}/{total} found at >= {threshold:.2f}")
    return found


def un_pairs(eval_dir: Path, stats: TokenStats, threshold: float, verbose: bool) -> int:
    def names(fn: str) -> list[str]:
        with (eval_dir / fn).open(encoding="utf-8", newline="") as fh:
            return [r["full_name"] for r in csv.DictReader(fh)]

    a, b = names("yente-positives-un-untreated.csv"), names("yente-positives-un-treated.csv")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    found = 0
    for x, y in pairs:
        s = compare(analyze(x, "Person"), analyze(y, "Person"), "Person", stats).score
        found += s >= threshold
        if verbose and s < threshold:
            print(f"    missed {s:.2f} {x} | {y}")
    print(f"== UN untreated vs treated: {found}/{len(pairs)} at >= {threshold:.2f}")
    return found


def speed(cases: list[Case], stats: TokenStats, names: list[tuple[str, str | None]]) -> None:
    analysed = [(analyze(c.name1, c.schema), analyze(c.name2, c.schema), c.schema) for c in cases]
    t0 = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for q, c, s in analysed:
            compare(q, c, s, stats)
    per = (time.perf_counter() - t0) / (rounds * len(analysed))
    rng = random.Random(SEED)
    sample = [analyze(n, s) for n, s in rng.sample(names, 2000)]
    queries = sample[:40]
    t0 = time.perf_counter()
    for q in queries:
        for c in sample[40:90]:
            compare(q, c, None, stats)
    per_rand = (time.perf_counter() - t0) / (len(queries) * 50)
    print(
        f"\n== speed: compare() {per * 1e6:.1f} us/pair on bench pairs (warm), "
        f"{per_rand * 1e6:.1f} us/pair on random list-name pairs (cold token cache)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared",
        type=Path,
        default=Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared")),
    )
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--failures", type=int, default=15)
    ap.add_argument("--no-breakdown", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="list missed cross-script/UN pairs")
    ap.add_argument(
        "--empty-stats", action="store_true", help="score with built-in word lists only"
    )
    args = ap.parse_args(argv)
    eval_dir, lists = args.shared / "eval", args.shared / "watchlists"
    t0 = time.perf_counter()
    stats, names, per_name = build_stats(lists)
    print(
        f"token stats: {len(stats)} list names, analysed at {per_name * 1e6:.1f} us/name "
        f"(cold cache), built in {time.perf_counter() - t0:.1f} s"
    )
    if args.empty_stats:
        stats = TokenStats()
        print("scoring with EMPTY token stats (built-in generic lists only)")
    nk = load_pairs(eval_dir / "nomenklatura-name-bench-cases.csv", "case_group")
    split(nk, lambda c: c.group)
    cas = load_pairs(eval_dir / "cascade-name-pairs.csv", "category")
    split(cas, lambda c: c.group)
    score_cases(nk, stats)
    score_cases(cas, stats)
    bd = not args.no_breakdown
    report_set("nomenklatura name bench", nk, args.threshold, args.failures, bd)
    report_set("cascade name pairs", cas, args.threshold, args.failures, bd)
    cross_script(eval_dir / "cross_script_pairs.csv", stats, args.threshold, args.verbose)
    un_pairs(eval_dir, stats, args.threshold, args.verbose)
    speed(nk + cas, stats, names)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
