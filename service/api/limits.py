"""Input limits and checks: each rejection says which limit or rule it hit.

Body size is enforced before the body is parsed (413); counts and lengths by the request
models (422, turned into a plain message by ``service.api.errors``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.countries import to_iso2

MAX_QUERIES = 1000
MAX_NAME_LENGTH = 500
MAX_ID_LENGTH = 200
MAX_IDENTIFIERS = 20
MAX_LIMIT = 100
MAX_LISTS = 100

#: Human names of the limits, by the location pydantic reports.
LIMIT_NAMES = {
    "queries": f"at most {MAX_QUERIES} queries per request",
    "name": f"at most {MAX_NAME_LENGTH} characters per name",
    "identifiers": f"at most {MAX_IDENTIFIERS} identifiers per query",
    "limit": f"at most {MAX_LIMIT} hits per query",
    "lists": f"at most {MAX_LISTS} list ids",
    "id": f"at most {MAX_ID_LENGTH} characters per id",
    "value": f"at most {MAX_ID_LENGTH} characters per identifier",
    "country": "at most 100 characters per country",
}

_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_text(value: str) -> str:
    """Reject control characters and unpaired surrogates (not storable, never a real name)."""
    if bad := _BAD_CHARS.search(value):
        raise ValueError(f"contains a control or invalid character (U+{ord(bad[0]):04X})")
    return value


def check_name(value: str) -> str:
    check_text(value)
    if not any(ch.isalnum() for ch in value):
        raise ValueError("the name has no letters or digits")
    return value


def check_birth_date(value: str) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and a real calendar date."""
    match = _DATE.match(value)
    if not match:
        raise ValueError("birth_date must be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), match[2], match[3]
    if not 1000 <= year <= 2999:
        raise ValueError(f"birth_date year {year} is out of range (1000-2999)")
    try:
        date(year, int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"birth_date {value!r} is not a calendar date") from exc
    return value


@lru_cache(maxsize=4096)
def _iso2(value: str) -> str | None:
    return to_iso2(value)


def check_country(value: str) -> str:
    """An ISO alpha-2 (or alpha-3, or English name) that we can resolve: returns alpha-2."""
    check_text(value)
    code = _iso2(value)
    if code is None:
        raise ValueError(f"unknown country {value!r}: give an ISO 3166 code or a country name")
    return code


class BodySizeLimit:
    """Pure ASGI middleware: 413 for a body over ``max_bytes`` (declared or streamed)."""

    #: Routes that stream large uploads and enforce their own limit while reading.
    STREAMING_PREFIXES = ("/v1/batches",)

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in ("GET", "HEAD", "OPTIONS")
            or scope["path"].startswith(self.STREAMING_PREFIXES)
        ):
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._reject(send, declared)
            return
        if declared is not None:
            await self.app(scope, receive, send)
            return
        body, more = bytearray(), True  # chunked: read it (bounded), then replay it
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.max_bytes:
                await self._reject(send, len(body), at_least=True)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _reject(self, send: Send, size: int, at_least: bool = False) -> None:
        import orjson

        what = f"more than {size - 1}" if at_least else str(size)
        detail = (
            f"request body too large: {what} bytes; the limit is {self.max_bytes} bytes "
            "(max_body_bytes, SANCTIONS_MAX_BODY_BYTES)"
        )
        payload = orjson.dumps({"detail": detail})
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(payload)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": payload})


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
