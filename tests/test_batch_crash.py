"""Crash test: SIGKILL the real server in the middle of a batch job, start it again on the same
database, and the job completes with every input row exactly once.

The server is ``sanctions-screen serve`` when the app already includes the batch router, else
uvicorn on ``create_app()`` with the router included (what the lead's wiring will do).
Every wait is bounded; every process started here is stopped here.
"""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROWS = 40_000
LAUNCHER = """
import sys, uvicorn
from service.api.app import create_app
from service.batch.router import build_router
app = create_app()
if "/v1/batches" not in app.openapi()["paths"]:
    app.include_router(build_router(app.state.service))
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wired(state: Path) -> bool:
    """Does the app factory include the batch router already (the lead's wiring)?"""
    code = (
        "from service.api.app import create_app; import sys; "
        "sys.exit(0 if '/v1/batches' in create_app().openapi()['paths'] else 3)"
    )
    env = {**os.environ, "SANCTIONS_STATE_DIR": str(state)}
    return subprocess.run([sys.executable, "-c", code], env=env, timeout=60).returncode == 0


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Server:
    def __init__(self, env: dict[str, str], port: int, wired: bool):
        self.port = port
        if wired:
            exe = Path(sys.executable).parent / "sanctions-screen"
            cmd = [str(exe), "serve", "--no-auth", "--port", str(port), "--log-level", "warning"]
        else:
            cmd = [sys.executable, "-c", LAUNCHER, str(port)]
        self.proc = subprocess.Popen(cmd, env=env, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
        self.url = f"http://127.0.0.1:{port}"

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server not ready within {timeout} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


def _input(path: Path) -> list[list[str]]:
    rng = random.Random(11)
    first = ["Anna", "Omar", "Li", "Sofia", "Ivan", "Maria", "John", "Aiko", "Pierre", "Olga"]
    last = ["Keller", "Haddad", "Chen", "Rossi", "Petrov", "Garcia", "Smith", "Sato", "Morel"]
    listed = ["Vladimir Putin", "Igor Sechin", "Sberbank of Russia", "Kim Jong Un"]
    rows = []
    for i in range(1, ROWS + 1):
        name = rng.choice(listed) if i % 97 == 0 else \
            f"{rng.choice(first)} {rng.choice(last)}-{i}"  # fmt: skip
        rows.append([f"C{i:06d}", name, rng.choice(["DE", "FR", "RU", ""])])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["customer_id", "full_name", "country"])
        writer.writerows(rows)
    return rows


def _status(client: httpx.Client, job_id: str) -> dict:
    return client.get(f"/v1/batches/{job_id}", timeout=10).json()


def test_sigkill_mid_job_resumes_every_row_exactly_once(tmp_path: Path) -> None:
    source = tmp_path / "customers.csv"
    rows = _input(source)
    env = {
        **os.environ,
        "SANCTIONS_STATE_DIR": str(tmp_path / "state"),
        "SANCTIONS_AUTH": "false",
        "SANCTIONS_BATCH_WORKERS": "1",
        "SANCTIONS_BATCH_CHUNK_ROWS": "250",
        "SANCTIONS_BATCH_POLL_SECONDS": "0.5",
    }
    env.pop("SANCTIONS_DATA_DIR", None)  # the embedded demo list: quick to load
    env.pop("SANCTIONS_DATABASE_URL", None)
    wired = _wired(tmp_path / "check")
    server = Server(env, _free_port(), wired)
    second: Server | None = None
    try:
        server.wait_ready()
        client = httpx.Client(base_url=server.url)
        with source.open("rb") as handle:
            answer = client.post("/v1/batches", files={"file": ("customers.csv", handle)},
                                 timeout=60)  # fmt: skip
        assert answer.status_code == 202, answer.text
        job_id = answer.json()["id"]

        deadline = time.monotonic() + 120
        status = _status(client, job_id)
        while not (status["rows_done"] >= 2000 and status["status"] == "running"):
            assert status["status"] != "done", "the job ended before the kill: make it larger"
            assert time.monotonic() < deadline, f"no progress within 120 s: {status}"
            time.sleep(0.1)
            status = _status(client, job_id)
        children = _children(server.proc.pid)
        assert children, "the screening process was not forked"
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=10)
        before = status["rows_done"]
        assert before < ROWS

        deadline = time.monotonic() + 20  # forked screening processes die with the server
        while any(_alive(pid) for pid in children):
            assert time.monotonic() < deadline, f"orphaned screening processes: {children}"
            time.sleep(0.1)

        second = Server(env, _free_port(), wired)
        second.wait_ready()
        client = httpx.Client(base_url=second.url)
        deadline = time.monotonic() + 300
        status = _status(client, job_id)
        while status["status"] != "done":
            assert status["status"] in ("queued", "running"), status
            assert time.monotonic() < deadline, f"not done within 300 s after restart: {status}"
            time.sleep(0.25)
            status = _status(client, job_id)
        assert status["runs"] == 2
        assert status["rows_done"] == status["rows_total"] == ROWS
        assert status["errors"] == 0

        result = client.get(f"/v1/batches/{job_id}/results?format=csv", timeout=120)
        assert result.status_code == 200
        reader = csv.reader(io.StringIO(result.content.decode("utf-8-sig")))
        header = next(reader)
        out = list(reader)
        row_col = header.index("row")
        assert [int(r[row_col]) for r in out] == list(range(1, ROWS + 1))  # once, in order
        assert [r[:3] for r in out] == rows  # every input row, cells intact
        alerts = [r for r in out if r[header.index("alert")] == "true"]
        assert len(alerts) == status["alerts"] > 0
        receipt = status["receipt"]
        assert receipt["batch"]["rows"] == ROWS and receipt["query_count"] == ROWS
    finally:
        server.stop()
        if second is not None:
            second.stop()
