"""Shared helpers and fixtures for the API tests (``pytest_plugins = ["api_support"]``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.db.session import Database
from service.engine.loader import load_engine
from service.engine.screen import Engine
from service.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DEMO_CSV = REPO / "watchlists" / "demo" / "demo_list.csv"


def settings_for(tmp: Path, **overrides: object) -> Settings:
    """Settings that touch nothing outside ``tmp`` (database, state)."""
    values: dict[str, object] = {
        "database_url": f"sqlite:///{tmp / 'audit.sqlite'}",
        "state_dir": tmp,
        "reload_interval": 0,
    }
    values.update(overrides)
    return Settings(**values)


def wait_ready(client: TestClient, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return
        time.sleep(0.05)
    raise AssertionError("the API did not become ready")


def write_demo_version(data_dir: Path, version: str, extra_rows: str = "") -> Path:
    """A copy of the demo list as list ``demo`` at ``version``, in its own folder."""
    folder = data_dir / f"demo_{version}"
    folder.mkdir(parents=True)
    lines = DEMO_CSV.read_text(encoding="utf-8").splitlines(keepends=True)
    head = lines[0].replace("version: 2026-11-01", f"version: {version}")
    body = "".join(lines[1:])
    count = len([x for x in lines[2:] if x.strip()]) + len(
        [x for x in extra_rows.splitlines() if x.strip()]
    )
    head = head.split("; count:")[0] + f"; count: {count}\n"
    (folder / "list.csv").write_text(head + body + extra_rows, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def demo_engine() -> Engine:
    """The engine over the embedded demo list (loaded once)."""
    return load_engine(Settings())


@pytest.fixture
def make_client(tmp_path: Path, demo_engine: Engine) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**settings)`` -> a started TestClient over the demo engine."""
    clients: list[TestClient] = []

    def make(
        engine: Engine | None = demo_engine, database: Database | None = None, **overrides: object
    ) -> TestClient:
        overrides.setdefault("auth", False)
        app = create_app(
            settings_for(tmp_path, **overrides), engine=engine, database=database, watch=False
        )
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        wait_ready(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)
