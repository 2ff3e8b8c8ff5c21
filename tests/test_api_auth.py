"""API keys (CLI create/list/revoke, hashed storage), 401/403/429, receipts per key, serve."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from service.cli import app as cli
from service.db.keys import create_key, hash_key
from service.db.session import Database
from service.settings import Settings

pytest_plugins = ["api_support"]

BODY = {"queries": [{"name": "Igor Sechin"}]}


def _keys(db_url: str, *args: str):
    return CliRunner().invoke(cli, ["keys", *args, "--database-url", db_url])


def test_keys_cli_create_list_revoke(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'keys.sqlite'}"
    created = _keys(url, "create", "alice", "--rate-limit", "60")
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("ssk_") and len(secret) > 40
    assert _keys(url, "create", "alice").exit_code == 2  # duplicate name
    assert _keys(url, "create", "bad name!").exit_code == 2
    assert _keys(url, "create", "ops", "--admin").exit_code == 0
    listed = json.loads(_keys(url, "list", "--json").stdout)
    assert [(k["name"], k["admin"], k["rate_limit"], k["revoked_at"]) for k in listed] == [
        ("alice", False, 60, None),
        ("ops", True, None, None),
    ]
    assert secret not in json.dumps(listed) and listed[0]["prefix"] == secret[:10]
    with sqlite3.connect(tmp_path / "keys.sqlite") as conn:
        (stored,) = conn.execute("select key_hash from api_keys where name='alice'").fetchone()
    assert stored == hash_key(secret) and secret not in stored
    assert _keys(url, "revoke", "alice").exit_code == 0
    assert _keys(url, "revoke", "nobody").exit_code == 2
    listed = json.loads(_keys(url, "list", "--json").stdout)
    assert listed[0]["revoked_at"] is not None


def test_missing_wrong_and_valid_keys(make_client, tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    secret = create_key(db, "alice")
    client = make_client(auth=True, key_cache_seconds=0)
    missing = client.post("/v1/screen", json=BODY)
    assert missing.status_code == 401 and "missing API key" in missing.json()["detail"]
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = client.post("/v1/screen", json=BODY, headers={"X-API-Key": "ssk_wrong"})
    assert wrong.status_code == 401 and "invalid or revoked" in wrong.json()["detail"]
    huge = client.post("/v1/screen", json=BODY, headers={"X-API-Key": "k" * 5000})
    assert huge.status_code == 401
    ok = client.post("/v1/screen", json=BODY, headers={"X-API-Key": secret})
    assert ok.status_code == 200
    bearer = client.post("/v1/screen", json=BODY, headers={"Authorization": f"Bearer {secret}"})
    assert bearer.status_code == 200
    for path in ("/v1/lists", "/v1/entities/demo:sechin"):
        assert client.get(path).status_code == 401
        assert client.get(path, headers={"X-API-Key": secret}).status_code == 200
    assert client.get("/healthz").status_code == 200  # probes need no key
    from service.db.keys import revoke_key

    revoke_key(db, "alice")
    revoked = client.post("/v1/screen", json=BODY, headers={"X-API-Key": secret})
    assert revoked.status_code == 401
    stored = client.app.state.service.audit.get(ok.json()["receipt"]["receipt_id"])
    assert stored.key_name == "alice"


def test_rate_limit_answers_429(make_client, tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    slow = create_key(db, "slow", rate_limit=3)
    free = create_key(db, "free", rate_limit=0)
    client = make_client(auth=True)
    codes = [
        client.post("/v1/screen", json=BODY, headers={"X-API-Key": slow}).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    limited = client.post("/v1/screen", json=BODY, headers={"X-API-Key": slow})
    assert "rate limit exceeded for key 'slow': 3 requests per minute" in limited.json()["detail"]
    assert int(limited.headers["retry-after"]) >= 1
    assert all(
        client.post("/v1/screen", json=BODY, headers={"X-API-Key": free}).status_code == 200
        for _ in range(10)
    )


def test_receipts_are_private_and_reload_needs_admin(make_client, tmp_path: Path):
    db = Database(f"sqlite:///{tmp_path / 'audit.sqlite'}")
    alice, bob = create_key(db, "alice"), create_key(db, "bob")
    admin = create_key(db, "ops", admin=True)
    client = make_client(auth=True)
    receipt_id = client.post("/v1/screen", json=BODY, headers={"X-API-Key": alice}).json()[
        "receipt"
    ]["receipt_id"]
    path = f"/v1/receipts/{receipt_id}"
    assert client.get(path, headers={"X-API-Key": alice}).json()["key_name"] == "alice"
    assert client.get(path, headers={"X-API-Key": bob}).status_code == 404
    assert client.get(path, headers={"X-API-Key": admin}).status_code == 200
    denied = client.post("/v1/admin/reload", headers={"X-API-Key": alice})
    assert denied.status_code == 403 and "not an admin key" in denied.json()["detail"]
    assert client.post("/v1/admin/reload", headers={"X-API-Key": admin}).status_code in (202, 200)


def test_auth_off_by_environment(monkeypatch):
    monkeypatch.setenv("SANCTIONS_AUTH", "off")
    assert Settings().auth is False
    monkeypatch.setenv("SANCTIONS_AUTH", "on")
    assert Settings().auth is True


def test_serve_says_when_auth_is_off(monkeypatch, tmp_path: Path):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    result = CliRunner().invoke(
        cli, ["serve", "--no-auth", "--port", "8123", "--database-url", url]
    )
    assert result.exit_code == 0, result.output
    assert "AUTHENTICATION IS OFF" in result.output
    assert calls and calls[0][1]["port"] == 8123 and calls[0][1]["host"] == "127.0.0.1"
    assert calls[0][0].state.service.settings.auth is False
    result = CliRunner().invoke(cli, ["serve", "--database-url", url])
    assert "AUTHENTICATION IS OFF" not in result.output and "docs: /docs" in result.output
