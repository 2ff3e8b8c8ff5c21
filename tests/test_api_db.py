"""The audit log and API keys on both databases: SQLite (default) and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from service.db.audit import AuditLog
from service.db.keys import KeyError_, create_key, list_keys, lookup_key, revoke_key
from service.db.session import Database, default_database_url, normalise_url
from service.settings import Settings

pytest_plugins = ["api_support", "pg"]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path: Path):
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    else:
        database = Database(request.getfixturevalue("pg_url"))
        with database.engine.begin() as conn:  # a clean slate per test
            conn.execute(text("truncate screenings, api_keys"))
    yield database
    database.close()


def _row(i: int, **extra) -> dict:
    return {
        "receipt_id": f"r{i:06d}",
        "created_at": datetime.now(UTC),
        "key_name": "k",
        "engine_version": "0.1.0",
        "threshold": 0.7,
        "query_count": 1,
        "hit_count": 1,
        "alert_count": i % 2,
        "digest": "d" * 64,
        "queries": [{"name": f"Näme {i} Иван"}],
        "hits": [[{"entity_id": "demo:x", "score": 0.9, "alert": True}]],
        "lists": [{"list_id": "demo"}],
        "receipt": {"receipt_id": f"r{i:06d}"},
    } | extra


def test_group_commit_writes_every_record(db: Database):
    audit = AuditLog(db)
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: audit.record(_row(i)), range(200)))
    assert audit.count() == 200 and audit.records == 200
    assert audit.commits < 200  # records shared commits
    stored = audit.get("r000007")
    assert stored.queries == [{"name": "Näme 7 Иван"}] and stored.alert_count == 1
    assert stored.hits[0][0]["score"] == 0.9
    audit.close()


def test_a_bad_record_fails_alone(db: Database):
    audit = AuditLog(db)
    audit.record(_row(1))
    futures = [audit.submit(_row(2)), audit.submit(_row(1)), audit.submit(_row(3))]
    errors = [f.exception(timeout=30) for f in futures]
    assert errors[0] is None and errors[2] is None
    assert errors[1] is not None and "audit log unavailable" in str(errors[1])
    assert audit.count() == 3
    audit.close()


def test_keys_on_both_databases(db: Database):
    secret = create_key(db, "svc", admin=True, rate_limit=10)
    assert lookup_key(db, secret).admin is True and lookup_key(db, "ssk_nope") is None
    with pytest.raises(KeyError_):
        create_key(db, "svc")
    revoke_key(db, "svc")
    assert lookup_key(db, secret) is None and list_keys(db)[0].revoked_at is not None


def test_api_on_both_databases(db: Database, make_client):
    client = make_client(database=db)
    response = client.post("/v1/screen", json={"queries": [{"name": "Oleg Deripaska"}]})
    assert response.status_code == 200
    receipt = response.json()["receipt"]
    stored = client.get(f"/v1/receipts/{receipt['receipt_id']}").json()
    assert stored["receipt"] == receipt and stored["hits"][0][0]["entity_id"] == "demo:deripaska"
    assert stored["created_at"] == receipt["created_at"]


def test_no_answer_without_an_audit_record(db: Database, make_client):
    client = make_client(database=db)
    with db.engine.begin() as conn:
        conn.execute(text("drop table screenings"))
    response = client.post("/v1/screen", json={"queries": [{"name": "Oleg Deripaska"}]})
    assert response.status_code == 503
    assert "audit log is unavailable" in response.json()["detail"]
    assert "results" not in response.json()
    from service.db.models import Base

    Base.metadata.create_all(db.engine)


def test_database_urls(tmp_path: Path, monkeypatch):
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert default_database_url(Settings(state_dir=tmp_path)) == (
        f"sqlite:///{tmp_path.resolve() / 'sanctions.sqlite'}"
    )
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_database_url(Settings()).endswith("/xdg/sanctions-screen/sanctions.sqlite")
