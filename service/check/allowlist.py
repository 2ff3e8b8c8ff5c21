"""Allow-list as code: reviewed false positives, each bound to the listed record it was reviewed on.

An entry names the listed entity and the screened name, why it is not a match, who decided and
until when, and the SHA-256 of the listed record at review time (:func:`record_hash`). It stops
applying, and the alert comes back, once it has expired or the listed record has changed.

File format (YAML)::

    version: 1
    entries:
      - entity_id: us_ofac_sdn:16692
        name: Igor Sechin              # the screened name, as in the checked file
        reason: Our supplier Igor Sechin, born 1985 in Novosibirsk; not the listed person
        reviewer: jane.doe@example.com
        reviewed: 2026-11-02           # optional
        expires: 2027-05-01
        record_sha256: 5c1d...         # sanctions-screen check --write-allowlist prints it
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from service.errors import ScreeningError
from service.model import Entity

ALLOWLIST_VERSION = 1
REQUIRED = ("entity_id", "name", "reason", "reviewer", "expires", "record_sha256")
OPTIONAL = ("reviewed", "comment")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SPACES = re.compile(r"\s+")


class AllowListError(ScreeningError):
    """The allow-list file is missing, not YAML, or has an invalid entry."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class Status(StrEnum):
    """What the allow-list did to one alert."""

    OPEN = "open"  # no entry: an unreviewed alert
    ALLOWED = "allowed"  # a valid entry: suppressed
    EXPIRED = "expired"  # an entry whose expiry date has passed: the alert is back
    CHANGED = "changed"  # the listed record changed since the review: the alert is back


@dataclass(frozen=True, slots=True)
class AllowEntry:
    entity_id: str
    name: str
    reason: str
    reviewer: str
    expires: date
    record_sha256: str
    reviewed: date | None = None
    comment: str | None = None
    index: int = 0  # position in the file (1-based), for messages

    @property
    def key(self) -> tuple[str, str]:
        return self.entity_id, normalise_name(self.name)


@dataclass(frozen=True, slots=True)
class Decision:
    """The allow-list's verdict on one alert, and the entry behind it (if any)."""

    status: Status
    entry: AllowEntry | None = None
    note: str = ""

    @property
    def resolved(self) -> bool:
        return self.status is Status.ALLOWED


def normalise_name(name: str) -> str:
    """How screened names are compared with allow-list names: NFKC, case and spacing folded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


def canonical_record(entity: Entity) -> dict[str, Any]:
    """The listed record as hashed: ``Entity.to_dict()`` without what the store derives later.

    ``relations[].target_id`` is resolved against whatever other lists are loaded, so it is left
    out: the hash changes only when the list itself changes the record.
    """
    record = entity.to_dict()
    record["relations"] = [
        {k: v for k, v in relation.items() if k != "target_id"} for relation in record["relations"]
    ]
    return record


def record_hash(entity: Entity) -> str:
    """SHA-256 of the canonical JSON of the listed record (sorted keys, compact, UTF-8)."""
    text = json.dumps(
        canonical_record(entity), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _date(path: Path, index: int, field: str, value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise AllowListError(
            path, f"entry {index}: {field} {value!r} is not a date (YYYY-MM-DD)"
        ) from None


def _text(path: Path, index: int, field: str, value: Any) -> str:
    if not isinstance(value, str | int | float) or not str(value).strip():
        raise AllowListError(path, f"entry {index}: {field} is empty")
    return str(value).strip()


def _entry(path: Path, index: int, raw: Any) -> AllowEntry:
    if not isinstance(raw, dict):
        raise AllowListError(path, f"entry {index}: a mapping of fields expected")
    unknown = sorted(set(map(str, raw)) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise AllowListError(
            path,
            f"entry {index}: unknown field(s) {', '.join(unknown)} "
            f"(fields: {', '.join(REQUIRED + OPTIONAL)})",
        )
    missing = [f for f in REQUIRED if raw.get(f) in (None, "")]
    if missing:
        raise AllowListError(path, f"entry {index}: missing {', '.join(missing)}")
    digest = _text(path, index, "record_sha256", raw["record_sha256"]).lower()
    if not _HEX64.match(digest):
        raise AllowListError(path, f"entry {index}: record_sha256 is not a SHA-256 hex digest")
    return AllowEntry(
        entity_id=_text(path, index, "entity_id", raw["entity_id"]),
        name=_text(path, index, "name", raw["name"]),
        reason=_text(path, index, "reason", raw["reason"]),
        reviewer=_text(path, index, "reviewer", raw["reviewer"]),
        expires=_date(path, index, "expires", raw["expires"]),
        record_sha256=digest,
        reviewed=_date(path, index, "reviewed", raw["reviewed"]) if raw.get("reviewed") else None,
        comment=str(raw["comment"]) if raw.get("comment") else None,
        index=index,
    )


def parse_allowlist(path: Path, text: str) -> list[AllowEntry]:
    """Entries from YAML text: ``{version: 1, entries: [...]}`` or a bare list of entries."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise AllowListError(path, f"not valid YAML ({exc})".replace("\n", " ")) from exc
    if doc is None:
        return []
    if isinstance(doc, dict):
        version = doc.get("version", ALLOWLIST_VERSION)
        if version != ALLOWLIST_VERSION:
            raise AllowListError(path, f"unsupported version {version!r} (expected 1)")
        extra = sorted(set(map(str, doc)) - {"version", "entries"})
        if extra:
            raise AllowListError(path, f"unknown top-level key(s) {', '.join(extra)}")
        doc = doc.get("entries") or []
    if not isinstance(doc, list):
        raise AllowListError(path, "expected a list of entries (or 'entries:' with a list)")
    return [_entry(path, number, raw) for number, raw in enumerate(doc, start=1)]


def load_allowlist(path: Path) -> list[AllowEntry]:
    """Read and validate an allow-list file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AllowListError(path, "no such file") from None
    except OSError as exc:
        raise AllowListError(path, f"cannot read ({exc.strerror or exc})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AllowListError(path, "not UTF-8 text") from exc
    return parse_allowlist(path, text)


class AllowList:
    """Entries indexed by (entity id, normalised name), deciding on alerts."""

    def __init__(self, entries: list[AllowEntry], today: date | None = None):
        self.entries = entries
        self.today = today or date.today()
        self._by_key: dict[tuple[str, str], list[AllowEntry]] = {}
        for entry in entries:
            self._by_key.setdefault(entry.key, []).append(entry)
        self.used: set[int] = set()

    def decide(self, entity: Entity, screened_name: str) -> Decision:
        """Whether a valid entry covers this alert; else why not (expired, record changed)."""
        candidates = self._by_key.get((entity.id, normalise_name(screened_name)), [])
        if not candidates:
            return Decision(Status.OPEN)
        digest = record_hash(entity)
        verdicts = [self._judge(entry, digest) for entry in candidates]
        order = {Status.ALLOWED: 0, Status.CHANGED: 1, Status.EXPIRED: 2}
        best = min(verdicts, key=lambda d: order[d.status])
        if best.entry is not None:
            self.used.add(best.entry.index)
        return best

    def _judge(self, entry: AllowEntry, digest: str) -> Decision:
        if entry.expires < self.today:
            return Decision(
                Status.EXPIRED,
                entry,
                f"allow-list entry {entry.index} expired on {entry.expires.isoformat()} "
                f"(reviewed by {entry.reviewer}: {entry.reason})",
            )
        if entry.record_sha256 != digest:
            return Decision(
                Status.CHANGED,
                entry,
                f"the listed record changed since allow-list entry {entry.index} was reviewed by "
                f"{entry.reviewer} (record_sha256 {entry.record_sha256[:12]}… is now "
                f"{digest[:12]}…): review it again",
            )
        return Decision(
            Status.ALLOWED,
            entry,
            f"allowed until {entry.expires.isoformat()} by {entry.reviewer}: {entry.reason}",
        )

    def unused(self) -> list[AllowEntry]:
        """Entries that matched no alert in this run (candidates for clean-up)."""
        return [e for e in self.entries if e.index not in self.used]


class _NoAliasDumper(yaml.SafeDumper):
    """Writes repeated values (the same date) in full instead of as YAML anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def draft_entries(
    alerts: list[tuple[Entity, str]], reviewer: str = "", days: int = 90, today: date | None = None
) -> str:
    """YAML for new entries covering these (entity, screened name) alerts.

    ``reason`` is left empty (and ``reviewer`` unless given): the file is refused until a person
    fills them in, so a draft can never silence an alert by itself.
    """
    start = today or date.today()
    seen: set[tuple[str, str]] = set()
    items = []
    for entity, name in alerts:
        key = (entity.id, normalise_name(name))
        if key in seen:
            continue
        seen.add(key)
        items.append(
            {
                "entity_id": entity.id,
                "name": name,
                "reason": "",
                "reviewer": reviewer,
                "reviewed": start,
                "expires": start + timedelta(days=days),
                "record_sha256": record_hash(entity),
                "comment": f"listed as {entity.name!r} on {entity.list_id}",
            }
        )
    header = (
        "# sanctions-screen allow-list draft: fill in 'reason' (why this is not the listed party)\n"
        "# and 'reviewer' for each entry you accept, delete the others.\n"
    )
    body = yaml.dump(
        {"version": ALLOWLIST_VERSION, "entries": items},
        Dumper=_NoAliasDumper,
        sort_keys=False,
        allow_unicode=True,
    )
    return header + body
