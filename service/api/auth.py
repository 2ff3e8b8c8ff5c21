"""API-key authentication (``X-API-Key`` or ``Authorization: Bearer``) and per-key rate limits.

Keys are looked up by SHA-256 in the database and trusted for ``key_cache_seconds``, so a key
created or revoked with ``sanctions-screen keys`` takes effect within that time. Rate limits
are token buckets per key and per server process: ``rate_limit`` requests per minute (the
key's own, else ``rate_limit_per_minute``), bursts up to a minute's worth; 0 = unlimited.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

import anyio
from fastapi import HTTPException, Request

from service.db.keys import KeyInfo, lookup_key
from service.db.session import Database
from service.settings import Settings

MAX_KEY_LENGTH = 200
CACHE_SIZE = 10_000
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="sanctions-screen"'}


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling: ``name`` is None when authentication is off."""

    name: str | None
    admin: bool


ANONYMOUS = Caller(name=None, admin=True)


class RateLimiter:
    """Token buckets by key name."""

    def __init__(self) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, name: str, per_minute: int) -> float:
        """0 when allowed (and counted), else the seconds to wait."""
        if per_minute <= 0:
            return 0.0
        now = time.monotonic()
        rate = per_minute / 60.0
        with self._lock:
            tokens, stamp = self._buckets.get(name, (float(per_minute), now))
            tokens = min(float(per_minute), tokens + (now - stamp) * rate)
            if tokens >= 1.0:
                self._buckets[name] = (tokens - 1.0, now)
                return 0.0
            self._buckets[name] = (tokens, now)
            return (1.0 - tokens) / rate


class Authenticator:
    """Checks the key of each request; caches lookups; applies the rate limit."""

    def __init__(self, db: Database, settings: Settings):
        self.db = db
        self.enabled = settings.auth
        self.ttl = settings.key_cache_seconds
        self.default_rate = settings.rate_limit_per_minute
        self.limiter = RateLimiter()
        self._cache: OrderedDict[str, tuple[KeyInfo | None, float]] = OrderedDict()
        self._lock = threading.Lock()

    def _cached(self, secret: str) -> tuple[bool, KeyInfo | None]:
        with self._lock:
            entry = self._cache.get(secret)
            if entry is not None and entry[1] > time.monotonic():
                return True, entry[0]
        return False, None

    def _remember(self, secret: str, info: KeyInfo | None) -> None:
        with self._lock:
            self._cache[secret] = (info, time.monotonic() + self.ttl)
            self._cache.move_to_end(secret)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    async def lookup(self, secret: str) -> KeyInfo | None:
        hit, info = self._cached(secret)
        if not hit:
            info = await anyio.to_thread.run_sync(lookup_key, self.db, secret)
            self._remember(secret, info)
        return info

    async def __call__(self, request: Request) -> Caller:
        """The FastAPI dependency: the caller, or 401/429."""
        if not self.enabled:
            return ANONYMOUS
        secret = presented_key(request)
        if not secret:
            raise HTTPException(
                401,
                "missing API key: send it in the X-API-Key header or as "
                "'Authorization: Bearer <key>'",
                headers=_CHALLENGE,
            )
        info = None if len(secret) > MAX_KEY_LENGTH else await self.lookup(secret)
        if info is None:
            raise HTTPException(401, "invalid or revoked API key", headers=_CHALLENGE)
        limit = self.default_rate if info.rate_limit is None else info.rate_limit
        wait = self.limiter.acquire(info.name, limit)
        if wait > 0:
            raise HTTPException(
                429,
                f"rate limit exceeded for key {info.name!r}: {limit} requests per minute",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return Caller(name=info.name, admin=info.admin)


def presented_key(request: Request) -> str | None:
    """The key from ``X-API-Key``, else from ``Authorization: Bearer``."""
    key = request.headers.get("x-api-key")
    if key:
        return key.strip()
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def require_admin(caller: Caller) -> None:
    if not caller.admin:
        raise HTTPException(
            403,
            f"key {caller.name!r} is not an admin key "
            "(create one with 'sanctions-screen keys create NAME --admin')",
        )
