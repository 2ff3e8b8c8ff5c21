"""Hot swap: a new list version is swapped in under concurrent load with zero failed requests."""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest
import uvicorn

from service.api import create_app

pytest_plugins = ["api_support"]

NEW_ROW = (
    "zzz_new,person,Zebulon Quartermaine TESTPERSON,,,1970-01-01,,GB,GB,,TEST,"
    "2026-11-02,added in the new version,\n"
)


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    """A real uvicorn server (in a thread) over a data dir holding demo version 2026-11-01."""
    from api_support import settings_for, write_demo_version

    data = tmp_path / "data"
    write_demo_version(data, "2026-11-01")
    settings = settings_for(tmp_path, data_dir=data, auth=False, reload_interval=0.2)
    app = create_app(settings, watch=False)
    port = _port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz").status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    yield base, data, app
    srv.should_exit = True
    thread.join(timeout=30)


def _hammer(base: str, stop: threading.Event, outcomes: Counter, hashes: Counter) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            try:
                response = client.post(
                    "/v1/screen",
                    json={"queries": [{"name": "Igor Sechin"}, {"name": "Zebulon Quartermaine"}]},
                )
            except httpx.HTTPError as exc:
                outcomes[f"error {type(exc).__name__}"] += 1
                continue
            outcomes[response.status_code] += 1
            if response.status_code == 200:
                hashes[response.json()["receipt"]["lists"][0]["version"]] += 1


def _under_load(base: str, action) -> tuple[Counter, Counter]:
    stop, outcomes, versions = threading.Event(), Counter(), Counter()
    threads = [
        threading.Thread(target=_hammer, args=(base, stop, outcomes, versions)) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    action()
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    return outcomes, versions


def test_reload_under_load_drops_nothing(server):
    base, data, app = server
    from api_support import write_demo_version

    def reload() -> None:
        write_demo_version(data, "2026-11-02", NEW_ROW)
        response = httpx.post(f"{base}/v1/admin/reload?wait=true", timeout=60)
        assert response.json()["status"] == "reloaded", response.text

    outcomes, versions = _under_load(base, reload)
    assert set(outcomes) == {200}, outcomes  # zero errors, nothing dropped
    assert versions["2026-11-01"] > 0 and versions["2026-11-02"] > 0, versions
    hits = httpx.post(
        f"{base}/v1/screen", json={"queries": [{"name": "Zebulon Quartermaine"}]}
    ).json()["results"][0]["hits"]
    assert hits[0]["entity_id"] == "demo:zzz_new"
    assert app.state.service.holder.generation == 2


def test_data_dir_watch_swaps_in_an_update(server):
    base, data, app = server
    from api_support import write_demo_version

    holder = app.state.service.holder
    holder.start_watching(0.2)

    def publish() -> None:
        write_demo_version(data, "2026-11-02", NEW_ROW)
        deadline = time.monotonic() + 20
        while holder.generation < 2 and time.monotonic() < deadline:
            time.sleep(0.05)

    outcomes, versions = _under_load(base, publish)
    assert set(outcomes) == {200}, outcomes
    assert holder.generation == 2 and versions["2026-11-02"] > 0
    lists = httpx.get(f"{base}/v1/lists").json()
    assert lists["lists"][0]["version"] == "2026-11-02" and lists["generation"] == 2


def test_failed_reload_keeps_the_lists(server, monkeypatch):
    base, data, app = server
    holder = app.state.service.holder
    (data / "demo_2026-11-01" / "list.csv").rename(data / "demo_2026-11-01" / "list.txt")
    (data / "demo_2026-11-01" / "list.txt").write_text("# sanctions-screen list: demo\nbroken")
    response = httpx.post(f"{base}/v1/admin/reload?wait=true", timeout=60).json()
    assert response["status"] == "failed" and "demo" in response["error"]
    assert holder.generation == 1
    ready = httpx.get(f"{base}/readyz").json()
    assert ready["status"] == "ready" and "reload failed" in ready["detail"]
    ok = httpx.post(f"{base}/v1/screen", json={"queries": [{"name": "Igor Sechin"}]})
    assert ok.status_code == 200 and ok.json()["results"][0]["hits"]
