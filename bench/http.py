"""HTTP benchmark: POST /v1/screen (single-name bodies) vs GET /healthz, 16 concurrent clients.

Starts ``sanctions-screen serve`` on 127.0.0.1 (the demo list by default, or --data-dir) with a
throw-away SQLite audit database and API key, then drives it from one asyncio process with
raw keep-alive HTTP/1.1 connections (a cheap load generator: it shares the machine's cores).
Prints screens/s, p50/p99 latency, and the ratio to /healthz throughput measured in the same
run. Usage: python bench/http.py [--data-dir DIR] [--duration 20] [--workers N]
"""

# ruff: noqa: E402 - imports follow the sys.path fix below
from __future__ import annotations

import os
import sys

# This file is named http.py: keep its folder off sys.path so the stdlib ``http`` is found.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]

import argparse
import asyncio
import itertools
import json
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

NAMES = [
    "Igor Sechin",
    "Oleg Deripaska",
    "Vladimir Putin",
    "Sberbank",
    "VTB Bank",
    "Rosneft Oil Company",
    "Novatek",
    "Andrey Kostin",
    "Herman Gref",
    "Kim Jong Un",
    "Ali Hassan Mohamed",
    "John Smith",
    "Maria Garcia",
    "Acme Trading LLC",
    "Mohammed Al Said",
    "Banco Nacional de Cuba",
    "Islamic Revolutionary Guard Corps",
    "Hezbollah",
    "Wei Zhang",
    "Ahmed Khan",
    "Global Shipping Ltd",
    "Ocean Star",
    "Petrov Ivan Ivanovich",
    "Jane Doe",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args: argparse.Namespace, state: Path, port: int) -> tuple[subprocess.Popen, str]:
    from service.db.keys import create_key
    from service.db.session import Database

    url = f"sqlite:///{state / 'bench.sqlite'}"
    db = Database(url)
    key = create_key(db, "bench", rate_limit=0)
    db.close()
    cmd = [
        sys.executable,
        "-c",
        "from service.cli import app; app()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--database-url",
        url,
        "--workers",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    if args.data_dir:
        cmd += ["--data-dir", str(args.data_dir)]
    env = {**os.environ, "SANCTIONS_RELOAD_INTERVAL": "0", "PYTHONPATH": str(REPO)}
    if args.cache_dir:
        env["SANCTIONS_CACHE_DIR"] = str(args.cache_dir)
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.monotonic() + args.start_timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return proc, key
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("server not ready in time")


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its worker processes."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if status.parent.name == str(pid) or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


async def client(
    port: int, requests: itertools.cycle, stop_at: float, latencies: list[float], errors: list[str]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < stop_at:
            raw = next(requests)
            started = time.perf_counter()
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(str(status))
    finally:
        writer.close()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


async def phase(port: int, raws: list[bytes], seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    cycle = itertools.cycle(raws)
    started = time.perf_counter()
    await asyncio.gather(
        *(client(port, cycle, started + seconds, latencies, errors) for _ in range(clients))
    )
    elapsed = time.perf_counter() - started
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": pct(latencies, 0.5),
        "p99_ms": pct(latencies, 0.99),
        "max_ms": max(latencies, default=0) * 1000,
        "errors": len(errors),
        "error_codes": sorted(set(errors))[:5],
    }


def screen_requests(key: str) -> list[bytes]:
    out = []
    for name in NAMES:
        body = json.dumps({"queries": [{"name": name}]}).encode()
        out.append(
            b"POST /v1/screen HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json"
            b"\r\nX-API-Key: "
            + key.encode()
            + b"\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
    return out


async def run(args: argparse.Namespace, port: int, key: str) -> tuple[dict, dict]:
    screens = screen_requests(key)
    health = [b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"]
    await phase(port, screens, 2.0, args.clients)  # warm-up
    screen = await phase(port, screens, args.duration, args.clients)
    healthz = await phase(port, health, args.healthz_duration, args.clients)
    return screen, healthz


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="Parsed-snapshot cache (for a read-only data dir).",
    )
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--healthz-duration", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--start-timeout", type=float, default=600.0)
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    state = Path(tempfile.mkdtemp(prefix="sanctions-bench-"))
    port = free_port()
    proc, key = start_server(args, state, port)
    try:
        memory = rss_mb(proc.pid)
        screen, healthz = asyncio.run(run(args, port, key))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        shutil.rmtree(state, ignore_errors=True)
    data = args.data_dir or "demo list"
    print(
        f"data: {data}; workers: {args.workers}; clients: {args.clients}; "
        f"server RSS {memory:.0f} MB"
    )
    print(
        f"POST /v1/screen: {screen['rps']:.0f} screens/s, p50 {screen['p50_ms']:.1f} ms, "
        f"p99 {screen['p99_ms']:.1f} ms, max {screen['max_ms']:.1f} ms, "
        f"{screen['requests']} requests, {screen['errors']} errors {screen['error_codes']}"
    )
    print(
        f"GET /healthz:    {healthz['rps']:.0f} req/s, p50 {healthz['p50_ms']:.1f} ms, "
        f"p99 {healthz['p99_ms']:.1f} ms, {healthz['errors']} errors"
    )
    ratio = screen["rps"] / healthz["rps"] if healthz["rps"] else 0.0
    print(f"screening / healthz throughput: {ratio:.0%}")
    goals = (screen["rps"] >= 500, screen["p99_ms"] <= 50, ratio >= 0.5, screen["errors"] == 0)
    print(
        "goals (>=500/s, p99<=50 ms, ratio>=50%, no errors):",
        " ".join("ok" if g else "MISSED" for g in goals),
    )


if __name__ == "__main__":
    main()
