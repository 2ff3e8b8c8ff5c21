"""Batch screening throughput and memory, against one-at-a-time ``engine.screen`` (same run).

Generates a customer table (half listed names from ../shared/watchlists, perturbed, half
unlisted names recombined from ../shared/eval/synthetic-negatives.csv, with types, birth dates
and countries), then runs the batch job path exactly as the API worker does (read in chunks,
forked screening processes, every chunk committed to SQLite, receipt) and exports the CSV.
Memory is the sum of PSS over this process and its screening processes, sampled every 0.5 s
(shared copy-on-write pages counted once). The baseline screens the first rows of the same
file one at a time through the in-process engine. Goals on 2 cores: 100,000 rows <= 60 s,
peak memory <= 1.5 GB, and memory flat in the file size (run with --rows 1000000 too).

Usage: python bench/batch.py [--rows N] [--workers W] [--baseline-rows B] [--max-seconds S]
"""

from __future__ import annotations

import argparse
import csv
import multiprocessing
import os
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from service.batch.columns import apply_mapping, build_query  # noqa: E402
from service.batch.config import BatchSettings  # noqa: E402
from service.batch.export import CsvWriter  # noqa: E402
from service.batch.jobs import JobStore, make_job, new_job_id, process_owner  # noqa: E402
from service.batch.reader import open_table  # noqa: E402
from service.batch.worker import BatchWorker, options_of  # noqa: E402
from service.db.session import Database  # noqa: E402
from service.engine.screen import Engine  # noqa: E402
from service.store.catalog import load_catalog  # noqa: E402

HEADER = ["customer_id", "full_name", "type", "date_of_birth", "country"]


def _perturb(name: str, rng: random.Random) -> str:
    chars = list(name)
    kind = rng.randrange(5)
    if kind == 0 and len(chars) > 4:
        i = rng.randrange(1, len(chars) - 1)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind == 1 and len(chars) > 5:
        del chars[rng.randrange(1, len(chars) - 1)]
    elif kind == 2:
        return " ".join(reversed(name.split()))
    elif kind == 3:
        return name.lower()
    return "".join(chars)


def _negatives(eval_dir: Path) -> dict[tuple[str, str], list[dict[str, str]]]:
    by_kind: dict[tuple[str, str], list[dict[str, str]]] = {}
    with (eval_dir / "synthetic-negatives.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_kind.setdefault((row["schema"], row["locale"]), []).append(row)
    return by_kind


def _unlisted(by_kind, rng: random.Random) -> list[str]:
    """A new unlisted name: first part of one generated name + last part of another."""
    schema, locale = rng.choice(list(by_kind))
    a, b = rng.choice(by_kind[(schema, locale)]), rng.choice(by_kind[(schema, locale)])
    ta, tb = a["name"].split(), b["name"].split()
    if len(ta) > 1 and len(tb) > 1:
        name = " ".join(ta[:-1] + tb[-1:])
    else:
        name = a["name"][:1] + b["name"][1:] if len(b["name"]) > 1 else a["name"]
    person = schema == "Person"
    dob = f"{rng.randint(1940, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return [name, "individual" if person else "company", dob if person else "", a["country"]]


def _listed(engine: Engine, rng: random.Random) -> list[str]:
    entity = rng.choice(engine.index.entities)
    name = entity.name if rng.random() < 0.7 else rng.choice(entity.names).value
    if rng.random() < 0.6:
        name = _perturb(name, rng)
    kind = entity.schema.value if rng.random() < 0.7 else ""
    dob = entity.birth_dates[0] if entity.birth_dates and rng.random() < 0.5 else ""
    countries = entity.countries + entity.nationalities
    country = countries[0] if countries and rng.random() < 0.5 else ""
    return [name, kind, dob, country]


def generate(path: Path, rows: int, engine: Engine, eval_dir: Path, seed: int = 7) -> int:
    """Write the table; returns how many distinct (name, type, dob, country) it has."""
    rng = random.Random(seed)
    negatives = _negatives(eval_dir)
    distinct: set[tuple[str, ...]] = set()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i in range(rows):
            cells = _listed(engine, rng) if i % 2 == 0 else _unlisted(negatives, rng)
            if len(distinct) < 2_000_000:
                distinct.add(tuple(cells))
            writer.writerow([f"C{i + 1:07d}", *cells])
    return len(distinct)


def _pss_kb(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in kB, 0 when it is gone."""
    pss = rss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Rss:"):
                    rss = int(line.split()[1])
    except OSError:
        pass
    return pss, rss


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


class MemorySampler(threading.Thread):
    """Peak of (sum of PSS, sum of RSS) over this process and its children."""

    def __init__(self, probe=lambda: 0, interval: float = 0.5):
        super().__init__(daemon=True)
        self.interval, self.probe = interval, probe
        self.peak_pss = self.peak_rss = 0
        self.samples: list[tuple[float, int, int]] = []  # (seconds, rows done, PSS kB)
        self._halt = threading.Event()
        self._start_time = time.perf_counter()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            pids = [os.getpid(), *_children(os.getpid())]
            pss = rss = 0
            for pid in pids:
                p, r = _pss_kb(pid)
                pss, rss = pss + p, rss + r
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
            self.samples.append((time.perf_counter() - self._start_time, self.probe(), pss))

    def stop(self) -> None:
        self._halt.set()
        self.join(5)


def baseline(engine: Engine, path: Path, rows: int, options) -> tuple[float, float]:
    """(rows/s, CPU ms per row) of one-at-a-time engine.screen over the first ``rows`` rows."""
    table = open_table(path, path.name)
    plan = apply_mapping(table.columns, None)
    queries = []
    for chunk in table.chunks(1000):
        for raw in chunk:
            query, _, _ = build_query(raw.cells, plan)
            if query is not None:
                queries.append(query)
        if len(queries) >= rows:
            break
    queries = queries[:rows]
    started, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        engine.screen(
            query, limit=options.limit, threshold=options.threshold, min_score=options.min_score
        )
    cpu_ms = (time.process_time() - cpu) * 1000 / len(queries)
    return len(queries) / (time.perf_counter() - started), cpu_ms


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its reaped children."""
    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def generate_apart(path: Path, rows: int, engine: Engine, eval_dir: Path) -> int:
    """``generate`` in a forked process: its memory (the set of distinct rows) is not left in
    this one to count against the batch path."""
    context = multiprocessing.get_context("fork")
    answer = context.SimpleQueue()
    child = context.Process(target=lambda: answer.put(generate(path, rows, engine, eval_dir)))
    child.start()
    distinct = answer.get()
    child.join()
    return distinct


def main() -> None:
    shared = Path(os.environ.get("SANCTIONS_SHARED_DIR", REPO.parent / "shared"))
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=shared / "watchlists")
    parser.add_argument("--eval-dir", type=Path, default=shared / "eval")
    parser.add_argument(
        "--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "sanctions-bench-cache"
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=max(0, len(os.sched_getaffinity(0)) - 1))
    parser.add_argument("--baseline-rows", type=int, default=3000)
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--keep", action="store_true", help="Keep the input, database, output.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    started = time.perf_counter()
    engine = Engine(load_catalog(args.data_dir, args.cache_dir), cache_dir=args.cache_dir)
    print(
        f"engine: {len(engine.index.entities):,} entities loaded in "
        f"{time.perf_counter() - started:.1f} s"
    )
    source = work / "customers.csv"
    started = time.perf_counter()
    distinct = generate_apart(source, args.rows, engine, args.eval_dir)
    print(
        f"input: {args.rows:,} rows ({args.rows - args.rows // 2:,} listed names, perturbed in "
        f"60%; {args.rows // 2:,} unlisted), {distinct:,} distinct rows, "
        f"{source.stat().st_size / 2**20:.1f} MB, written in {time.perf_counter() - started:.1f} s"
    )

    db = Database(f"sqlite:///{work / 'batch.sqlite'}")
    store = JobStore(db)
    settings = BatchSettings(workers=args.workers)
    table = open_table(source, source.name)
    plan = apply_mapping(table.columns, None)
    job = make_job(
        new_job_id(),
        table,
        plan,
        source,
        filename=source.name,
        size=source.stat().st_size,
        sha="-",
        options={"limit": 5, "min_score": 0.5},
    )
    store.create(job)
    worker = BatchWorker(store, lambda: engine, settings)
    options = options_of(job)
    rate_one, cpu_one = baseline(engine, source, args.baseline_rows, options)
    print(
        f"baseline: engine.screen one row at a time, in process: {rate_one:,.0f} rows/s, "
        f"{cpu_one:.2f} ms CPU per row (first {args.baseline_rows:,} rows; "
        f"{args.rows / rate_one:,.0f} s for all)"
    )

    state = {"done": 0}
    sampler = MemorySampler(lambda: state["done"])
    sampler.start()
    claimed = store.claim(process_owner(), 60)
    assert claimed is not None
    deadline = time.perf_counter() + args.max_seconds
    original = store.save_chunk

    def save_chunk(job_id, owner, results, seconds):  # progress for the sampler; time bound
        state["done"] += len(results)
        if time.perf_counter() > deadline:
            raise TimeoutError(f"stopped after --max-seconds {args.max_seconds:.0f}")
        return original(job_id, owner, results, seconds)

    store.save_chunk = save_chunk  # type: ignore[method-assign]
    started, (cpu_me, cpu_kids) = time.perf_counter(), _cpu()
    try:
        worker.process(claimed, engine)
    except TimeoutError as exc:
        print(f"batch path: {exc}")
    elapsed = time.perf_counter() - started
    cpu_me, cpu_kids = (a - b for a, b in zip(_cpu(), (cpu_me, cpu_kids), strict=True))
    rows_done = state["done"]
    started = time.perf_counter()
    out = work / "results.csv"
    writer = CsvWriter(table.columns)
    with out.open("wb") as handle:
        handle.write(writer.begin())
        for page in store.iter_rows(job.id):
            handle.write(writer.rows(page))
    export_s = time.perf_counter() - started
    sampler.stop()
    final = store.get(job.id)
    rate = rows_done / elapsed
    print(
        f"batch path (job: read in chunks, this thread + {args.workers} forked screening "
        "process(es), SQLite per "
        f"chunk, receipt): {rows_done:,} rows in {elapsed:.1f} s = {rate:,.0f} rows/s "
        f"({rate / rate_one:.1f}x the baseline); status {final.status}, "
        f"{final.alert_rows:,} alert rows, {final.error_rows:,} error rows"
    )
    cpu_row = (cpu_me + cpu_kids) * 1000 / max(1, rows_done)
    print(
        f"CPU: this process {cpu_me:.1f} s, screening processes {cpu_kids:.1f} s = "
        f"{cpu_row:.2f} ms per row ({cpu_row / cpu_one:.2f}x the baseline's); cores busy "
        f"{(cpu_me + cpu_kids) / elapsed:.2f} of {len(os.sched_getaffinity(0))} (less: idle, "
        "or other work on the machine)"
    )
    db_mb = (work / "batch.sqlite").stat().st_size / 2**20
    print(
        f"export CSV: {export_s:.1f} s ({out.stat().st_size / 2**20:.0f} MB); database "
        f"{db_mb:.0f} MB ({db_mb * 2**20 / max(1, rows_done):.0f} bytes per row)"
    )
    print(
        f"peak memory, this process + screening processes: PSS {sampler.peak_pss / 1024:,.0f} MB"
        f" (goal <= 1536), RSS sum {sampler.peak_rss / 1024:,.0f} MB (counts shared pages "
        "once per process)"
    )
    marks = [s for s in sampler.samples if s[1]]
    if marks:
        picks = [marks[int(f * (len(marks) - 1))] for f in (0.1, 0.25, 0.5, 0.75, 1.0)]
        print(
            "memory over the run (rows done: PSS MB): "
            + ", ".join(f"{rows:,}: {pss / 1024:,.0f}" for _, rows, pss in picks)
        )
    db.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    goal = elapsed * 100_000 / max(1, rows_done) <= 60
    print(
        f"goal 100,000 rows <= 60 s: {'met' if goal else 'not met'} "
        f"({100_000 / rate:.0f} s per 100,000 rows)"
    )


if __name__ == "__main__":
    main()
