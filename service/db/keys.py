"""API keys: random secrets shown once, stored as SHA-256 hashes, revocable by name."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from service.db.models import ApiKey
from service.db.session import Database

KEY_PREFIX = "ssk_"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}$")


class KeyError_(ValueError):  # noqa: N801 - avoid shadowing the builtin KeyError
    """A key could not be created or revoked (bad or duplicate name, unknown key)."""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """What the server needs to know about a valid key."""

    name: str
    admin: bool
    rate_limit: int | None


def hash_key(secret: str) -> str:
    """SHA-256 hex of a key: keys are 256-bit random, so a fast unsalted hash is enough."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_key(db: Database, name: str, admin: bool = False, rate_limit: int | None = None) -> str:
    """Store a new key and return its secret (the only time it is ever shown)."""
    if not _NAME.match(name):
        raise KeyError_(f"invalid key name {name!r}: use letters, digits and _.@- (max 100)")
    if rate_limit is not None and rate_limit < 0:
        raise KeyError_("rate limit must be >= 0 (0 = unlimited)")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name,
        key_hash=hash_key(secret),
        prefix=secret[:10],
        admin=admin,
        rate_limit=rate_limit,
        created_at=datetime.now(UTC),
    )
    try:
        with db.session() as session, session.begin():
            session.add(row)
    except IntegrityError as exc:
        raise KeyError_(f"a key named {name!r} already exists") from exc
    return secret


def list_keys(db: Database) -> list[ApiKey]:
    with db.session() as session:
        return list(session.scalars(select(ApiKey).order_by(ApiKey.name)))


def revoke_key(db: Database, name: str) -> ApiKey:
    """Mark the named key revoked (kept for the audit trail). Raises KeyError_ if unknown."""
    with db.session() as session, session.begin():
        row = session.scalars(select(ApiKey).where(ApiKey.name == name)).one_or_none()
        if row is None:
            raise KeyError_(f"no key named {name!r}")
        if row.revoked_at is None:
            row.revoked_at = datetime.now(UTC)
        return row


def lookup_key(db: Database, secret: str) -> KeyInfo | None:
    """The valid (not revoked) key with this secret, or None."""
    digest = hash_key(secret)
    with db.session() as session:
        row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).one_or_none()
        if row is None or row.revoked_at is not None:
            return None
        return KeyInfo(name=row.name, admin=row.admin, rate_limit=row.rate_limit)
