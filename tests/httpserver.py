"""A loopback HTTP server for update tests: real list files plus misbehaving answers.

Routes (``<root>`` names a directory given to the server):

- ``/files/<root>/<path>``: the file, 200, with Content-Length
- ``/truncated/<root>/<path>``: announces the full length, sends half, closes
- ``/gzip/<root>/<path>``: the file gzip-compressed (``Content-Encoding: gzip``)
- ``/slow/<seconds>/<root>/<path>``: waits before answering
- ``/trickle/<root>/<path>``: one byte every 20 ms
- ``/gate/<root>/<path>``: waits until ``server.gate`` is set (``server.waiting`` says it is)
- ``/redirect/<rest>``: 302 to ``/<rest>``
- ``/status/<code>``: that status with a small HTML body
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    roots: dict[str, Path]
    gate: threading.Event
    waiting: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Keep test output quiet."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        route, _, rest = self.path.lstrip("/").partition("/")
        try:
            handler = getattr(self, f"_route_{route}", None)
            if handler is None:
                self._status(404)
            else:
                handler(rest)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeouts, size limits): expected in these tests

    def _file(self, rest: str) -> Path | None:
        root, _, rel = rest.partition("/")
        base = self.server.roots.get(root)
        path = (base / rel).resolve() if base else None
        if path is None or not path.is_file() or base.resolve() not in path.parents:
            self._status(404)
            return None
        return path

    def _send(self, body: bytes, length: int | None = None, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _status(self, code: int) -> None:
        body = f"<!DOCTYPE html><html><body><h1>Error {code}</h1></body></html>".encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _route_status(self, rest: str) -> None:
        self._status(int(rest))

    def _route_files(self, rest: str) -> None:
        if path := self._file(rest):
            self._send(path.read_bytes())

    def _route_truncated(self, rest: str) -> None:
        if path := self._file(rest):
            data = path.read_bytes()
            self._send(data[: len(data) // 2], length=len(data))
            self.close_connection = True

    def _route_gzip(self, rest: str) -> None:
        if path := self._file(rest):
            self._send(gzip.compress(path.read_bytes(), 6), Content_Encoding="gzip")

    def _route_slow(self, rest: str) -> None:
        seconds, _, rest = rest.partition("/")
        time.sleep(float(seconds))
        self._route_files(rest)

    def _route_trickle(self, rest: str) -> None:
        if path := self._file(rest):
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            for i in range(min(len(data), 400)):
                self.wfile.write(data[i : i + 1])
                self.wfile.flush()
                time.sleep(0.02)

    def _route_gate(self, rest: str) -> None:
        self.server.waiting.set()
        self.server.gate.wait(timeout=20)
        self._route_files(rest)

    def _route_redirect(self, rest: str) -> None:
        self.send_response(302)
        self.send_header("Location", f"/{rest}")
        self.send_header("Content-Length", "0")
        self.end_headers()


class ListServer:
    """``with ListServer({"wl": dir}) as server: server.url("files/wl/x.csv")``."""

    def __init__(self, roots: dict[str, Path]) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.roots = roots
        self._server.gate = self.gate = threading.Event()
        self._server.waiting = self.waiting = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"

    def __enter__(self) -> ListServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.gate.set()
        self._server.shutdown()
        self._server.server_close()
