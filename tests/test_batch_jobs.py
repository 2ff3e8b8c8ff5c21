"""Jobs in the database and the worker: completion, idempotent chunks, resume after a dead
runner, leases, list changes, graceful stop, receipts; and the real lists end to end."""

from __future__ import annotations

import csv
import socket
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from service.batch.columns import apply_mapping
from service.batch.config import BatchSettings
from service.batch.jobs import JobStore, make_job, new_job_id, now, process_owner
from service.batch.models import BatchJob, BatchRow
from service.batch.pipeline import ReceiptBuilder, screen_table
from service.batch.reader import open_table
from service.batch.screener import Screener, ScreenOptions
from service.batch.worker import BatchWorker, options_of
from service.db.session import Database
from service.engine.loader import load_engine
from service.engine.receipt import sha256
from service.settings import Settings

pytest_plugins = ["pg"]

ROWS = 1200
ALERTS = ROWS // 50 - ROWS // 300  # every 50th row is listed; every 300th has no name
DEAD = f"{socket.gethostname()}|999999|1"


@pytest.fixture(scope="module")
def demo_engine():
    return load_engine(Settings(data_dir=None))


@pytest.fixture()
def store(tmp_path: Path) -> JobStore:
    return JobStore(Database(f"sqlite:///{tmp_path / 'db.sqlite'}"))


def _table_file(path: Path, rows: int = ROWS) -> Path:
    listed = ["Vladimir Putin", "Igor Sechin", "PJSC Rosneft Oil Company", "Kim Jong Un"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        for i in range(1, rows + 1):
            name = listed[i % 4] if i % 50 == 0 else f"Customer {i} Keller"
            writer.writerow([f"C{i}", "" if i % 300 == 0 else name, "RU" if i % 2 else "DE"])
    return path


def _job(store: JobStore, path: Path, **options) -> BatchJob:
    table = open_table(path, path.name)
    job = make_job(new_job_id(), table, apply_mapping(table.columns, None), path,
                   filename=path.name, size=path.stat().st_size, sha="abc",
                   options={"limit": 5, "min_score": 0.5, **options})  # fmt: skip
    store.create(job)
    return job


def _worker(store: JobStore, engine, **settings) -> BatchWorker:
    defaults = {"workers": 0, "chunk_rows": 100, "lease_seconds": 60}
    return BatchWorker(store, lambda: engine, BatchSettings(**{**defaults, **settings}))


def _rows(store: JobStore, job_id: str) -> list[int]:
    return [r.row for page in store.iter_rows(job_id) for r in page]


def test_job_runs_to_completion_with_a_receipt(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv"))
    assert _worker(store, demo_engine).run_once()
    done = store.get(job.id)
    assert (done.status, done.rows_total, done.rows_done, done.runs) == ("done", ROWS, ROWS, 1)
    assert done.alert_rows == ALERTS and done.error_rows == ROWS // 300
    assert done.errors_sample[0] == {"row": 300, "reason": "no name in this row"}
    assert _rows(store, job.id) == list(range(1, ROWS + 1))
    alerts = [r for page in store.iter_rows(job.id, alerts_only=True) for r in page]
    assert len(alerts) == ALERTS and all(r.row % 50 == 0 for r in alerts)
    receipt = done.receipt
    assert receipt["lists"][0]["list_id"] == "demo" and receipt["query_count"] == ROWS - 4
    queries = [r.query for page in store.iter_rows(job.id) for r in page if r.query]
    assert receipt["queries_sha256"] == sha256(queries)  # same digest as a /v1/screen receipt
    assert receipt["batch"]["rows"] == ROWS and receipt["batch"]["job_id"] == job.id
    assert not Path(job.input_path).exists()  # the upload is removed once done


def test_receipt_built_while_running_equals_one_from_the_stored_rows(
    tmp_path, store, demo_engine
) -> None:
    """A first run builds its receipt as it saves the rows; a resumed one rebuilds it from the
    database: both give the same digests and counts."""
    job = _job(store, _table_file(tmp_path / "in.csv"))
    worker = _worker(store, demo_engine)
    assert worker.run_once()
    done = store.get(job.id)
    again = worker.receipt(done, demo_engine, options_of(done))  # from the stored rows
    keys = ("queries_sha256", "results_sha256", "query_count", "alert_count", "batch", "lists")
    assert {k: again[k] for k in keys} == {k: done.receipt[k] for k in keys}
    hits = [[{k: h[k] for k in ("entity_id", "matched_name", "score", "alert")} for h in r.hits]
            for page in store.iter_rows(job.id) for r in page if r.query]  # fmt: skip
    assert done.receipt["results_sha256"] == sha256(hits)
    assert done.receipt["batch"]["alert_rows"] == ALERTS


def test_fork_pool_gives_the_same_results(tmp_path, demo_engine) -> None:
    path = _table_file(tmp_path / "in.csv", 300)
    table = open_table(path, path.name)
    plan = apply_mapping(table.columns, None)
    outs = []
    for workers in (0, 2):
        with Screener(demo_engine, ScreenOptions(), workers) as screener:
            outs.append([(r.row, r.hits) for c in screen_table(table, plan, screener, 64)
                         for r in c])  # fmt: skip
    assert outs[0] == outs[1] and len(outs[0]) == 300


def test_saving_a_chunk_twice_stores_it_once(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv", 100))
    owner = process_owner()
    claimed = store.claim(owner, 60)
    assert claimed.id == job.id
    table = open_table(Path(job.input_path), job.filename)
    chunk = next(screen_table(table, apply_mapping(table.columns, None),
                              Screener(demo_engine, ScreenOptions()), 40))  # fmt: skip
    assert store.save_chunk(job.id, owner, chunk, 0.1)
    assert store.save_chunk(job.id, owner, chunk, 0.1)
    assert store.get(job.id).rows_done == 40 and _rows(store, job.id) == list(range(1, 41))
    assert not store.save_chunk(job.id, "someone|else|1", chunk, 0.1)  # not the owner


def test_resume_after_a_dead_runner(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv"))
    first = _worker(store, demo_engine)
    claimed = store.claim(first.owner, 60)
    table = open_table(Path(job.input_path), job.filename)
    options = options_of(claimed)
    store.begin_run(job.id, first.owner, [dict(x) for x in _lists(demo_engine)])
    with Screener(demo_engine, options) as screener:
        for n, chunk in enumerate(screen_table(table, apply_mapping(table.columns, None),
                                               screener, 100)):  # fmt: skip
            if n in (0, 1, 3, 6):  # saved out of order, as a crash between commits may leave
                store.save_chunk(job.id, first.owner, chunk, 0.1)
    with store.db.session() as session, session.begin():  # the runner dies
        session.execute(update(BatchJob).where(BatchJob.id == job.id).values(owner=DEAD))
    assert store.get(job.id).rows_done == 400
    assert _worker(store, demo_engine).run_once()
    done = store.get(job.id)
    assert (done.status, done.runs, done.rows_done) == ("done", 2, ROWS)
    assert _rows(store, job.id) == list(range(1, ROWS + 1))
    with store.db.session() as session:
        assert session.scalar(select(func.count()).select_from(BatchRow)) == ROWS
    assert done.alert_rows == ALERTS and len(done.errors_sample) == ROWS // 300


def test_postgresql_job_store(tmp_path, demo_engine, pg_url) -> None:
    """The same resume on PostgreSQL (JSONB columns, conditional claims)."""
    from sqlalchemy import delete

    store = JobStore(Database(pg_url))
    with store.db.session() as session, session.begin():
        session.execute(delete(BatchJob))  # a clean queue in the shared test database
    test_resume_after_a_dead_runner(tmp_path, store, demo_engine)
    store.db.close()


def _lists(engine):
    from service.engine.receipt import lists_used

    return lists_used(engine)


def test_leases_and_live_owners(tmp_path, store) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv", 10))
    with store.db.session() as session, session.begin():
        session.execute(update(BatchJob).where(BatchJob.id == job.id).values(
            status="running", owner="other-host|1|1", heartbeat_at=now()))  # fmt: skip
    assert store.claim("me|1|1", 60) is None  # another host, heard of recently
    with store.db.session() as session, session.begin():
        session.execute(update(BatchJob).where(BatchJob.id == job.id).values(
            heartbeat_at=now() - timedelta(seconds=120)))  # fmt: skip
    assert store.claim("me|1|1", 60).id == job.id  # silent for longer than the lease
    with store.db.session() as session, session.begin():
        session.execute(update(BatchJob).where(BatchJob.id == job.id).values(
            owner=process_owner(), heartbeat_at=now() - timedelta(hours=1)))  # fmt: skip
    assert store.claim("me|1|1", 60) is None  # this very process is alive: not taken


def test_changed_lists_restart_the_job(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv", 200))
    worker = _worker(store, demo_engine)
    store.claim(worker.owner, 60)
    old = [dict(x, content_hash="old") for x in _lists(demo_engine)]
    store.begin_run(job.id, worker.owner, old)
    table = open_table(Path(job.input_path), job.filename)
    chunk = next(screen_table(table, apply_mapping(table.columns, None),
                              Screener(demo_engine, ScreenOptions()), 50))  # fmt: skip
    store.save_chunk(job.id, worker.owner, chunk, 0.1)
    with store.db.session() as session, session.begin():
        session.execute(update(BatchJob).where(BatchJob.id == job.id).values(owner=DEAD))
    assert worker.run_once()
    done = store.get(job.id)
    assert done.status == "done" and done.rows_done == 200
    assert done.lists[0]["content_hash"] != "old" and done.receipt["lists"] == done.lists


def test_stop_hands_the_job_back(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv", 500))
    worker = _worker(store, demo_engine, chunk_rows=50)
    worker._stop.set()  # as if stop() arrived during the first chunk
    assert worker.run_once()
    stopped = store.get(job.id)
    assert (stopped.status, stopped.owner) == ("queued", None) and 0 < stopped.rows_done < 500
    worker._stop.clear()
    assert worker.run_once()
    assert store.get(job.id).status == "done" and _rows(store, job.id) == list(range(1, 501))


def test_a_lost_input_fails_the_job(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv", 10))
    Path(job.input_path).unlink()
    assert _worker(store, demo_engine).run_once()
    failed = store.get(job.id)
    assert failed.status == "failed" and "No such file" in failed.failure


def test_threshold_limit_and_lists_options(tmp_path, store, demo_engine) -> None:
    job = _job(store, _table_file(tmp_path / "in.csv", 100), threshold=0.99, limit=1,
               min_score=0.0, lists=["demo"])  # fmt: skip
    _worker(store, demo_engine).run_once()
    rows = [r for page in store.iter_rows(job.id) for r in page]
    assert all(len(r.hits) <= 1 for r in rows) and sum(1 for r in rows if r.hits) >= 2
    assert all(h["alert"] == (h["score"] >= 0.99) for r in rows for h in r.hits)
    done = store.get(job.id)
    assert done.receipt["threshold"] == 0.99 and done.receipt["settings"]["limit"] == 1


def test_real_lists_end_to_end(tmp_path, full_engine, eval_dir) -> None:
    """Listed names from the real lists alert on the right entries; unlisted ones mostly not."""
    path = tmp_path / "real.csv"
    with (eval_dir / "synthetic-negatives.csv").open(encoding="utf-8") as handle:
        unlisted = [r for r in csv.DictReader(handle) if r["schema"] == "Person"][:200]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Full Name", "Date of Birth", "Nationality", "Type"])
        writer.writerow(["Igor Ivanovich Sechin", "07.09.1960", "Russland", "individual"])
        writer.writerow(["SECHIN, Igor", "", "", ""])
        writer.writerow(["Kim Jong Un", "", "Corée du Nord", "person"])
        for row in unlisted:
            writer.writerow([row["name"], row["birth_date"], row["country"], "individual"])
    table = open_table(path, path.name)
    plan = apply_mapping(table.columns, None)
    builder = ReceiptBuilder()
    with Screener(full_engine, ScreenOptions(), workers=1) as screener:
        results = [r for c in screen_table(table, plan, screener, 64) for r in c]
    for result in results:
        builder.add(result)
    assert [r.row for r in results] == list(range(1, 204))
    for result in results[:3]:
        assert result.alert, result.cells
    sechin = {h["entity_id"].split(":")[0] for h in results[0].hits if h["alert"]}
    assert "us_ofac_sdn" in sechin or "uk_sanctions_list" in sechin
    assert results[0].query["country"] == "RU" and results[2].query["country"] == "KP"
    assert any("KIM" in h["name"].upper() for h in results[2].hits if h["alert"])
    false_alerts = sum(1 for r in results[3:] if r.alert)
    assert false_alerts <= 10, false_alerts  # ~1% of unlisted names alert (eval README)
    receipt = builder.build(full_engine, ScreenOptions(), {"filename": path.name})
    assert {x["list_id"] for x in receipt.content["lists"]} >= {"us_ofac_sdn", "un_sc"}


def test_unknown_lists_fail_the_job(tmp_path, store, demo_engine) -> None:
    """Lists are checked at upload when the engine is loaded; else when the job starts."""
    job = _job(store, _table_file(tmp_path / "in.csv", 10), lists=["nowhere"])
    assert _worker(store, demo_engine).run_once()
    failed = store.get(job.id)
    assert failed.status == "failed" and "unknown list id(s) nowhere" in failed.failure


def test_analysis_memo_stays_bounded(demo_engine, monkeypatch) -> None:
    """A batch of distinct names does not grow the engine's analysis memo without bound."""
    from service.batch import screener as S
    from service.engine.screen import Query
    from service.names import analyze

    monkeypatch.setattr(S, "CACHE_CAP", 50)
    monkeypatch.setattr(S, "SMALL_CACHE_CAP", 200)
    core = S._Core(demo_engine, ScreenOptions())
    for start in range(0, 300, 30):
        core.screen([Query.build(f"Distinct Person {i}") for i in range(start, start + 30)])
        assert analyze.cache_info().currsize <= 50 + 30
    assert analyze in S._engine_caches()
    assert all(f.cache_info().currsize <= 200 + 30 * 40 for f in S._engine_caches())
    assert {"skeleton", "token_similarity"} <= {f.__name__ for f in S._engine_caches()}
    assert {f.__name__ for f in S._engine_caches()} >= S._SMALL_ENTRIES  # no stale name
