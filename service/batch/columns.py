"""Which column holds what (detected from headers, or mapped explicitly), and row -> Query."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from service.batch import aliases as A
from service.batch.countries import country_code
from service.engine.screen import Query
from service.errors import ScreeningError
from service.model import IdType
from service.sources.base import partial_date

MAX_NAME = 500
SINGLE_ROLES = ("name", "first_name", "middle_name", "last_name", "type", "birth_date", "id")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # what str.isalnum() accepts
_MDY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
#: Words that mark a header as the role when no known header matched exactly.
_CONTAINS = {
    "name": ("name", "nom", "nombre", "nome", "naam", "nazwa", "фио", "наименование"),
    "birth_date": ("birth", "geburt", "naissance", "nacimiento", "nascita", "рождения"),
    "country": ("country", "nationality", "pays", "pais", "страна", "staat"),
}


class ColumnError(ScreeningError):
    """The columns cannot be mapped (no name column, unknown mapped column): a 422."""


@dataclass(slots=True)
class ColumnPlan:
    """Column indexes (0-based) of each role; ``country`` may list several (first non-empty)."""

    name: int | None = None
    first_name: int | None = None
    middle_name: int | None = None
    last_name: int | None = None
    type: int | None = None
    birth_date: int | None = None
    id: int | None = None
    country: list[int] = field(default_factory=list)
    identifiers: list[tuple[int, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["identifiers"] = [list(pair) for pair in self.identifiers]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnPlan:
        plan = cls(**{k: v for k, v in data.items() if k not in ("country", "identifiers")})
        plan.country = list(data.get("country") or [])
        plan.identifiers = [(int(i), str(t)) for i, t in data.get("identifiers") or []]
        return plan

    def describe(self, columns: list[str]) -> dict[str, Any]:
        """The plan with column names, as shown to users."""
        out: dict[str, Any] = {
            role: columns[getattr(self, role)]
            for role in SINGLE_ROLES
            if getattr(self, role) is not None
        }
        if self.country:
            out["country"] = [columns[i] for i in self.country]
        if self.identifiers:
            out["identifiers"] = {columns[i]: kind for i, kind in self.identifiers}
        return out

    @property
    def has_name(self) -> bool:
        return self.name is not None or self.first_name is not None or self.last_name is not None


def header_key(header: str) -> str:
    return A.norm(_PARENS.sub(" ", header))


def _role(key: str, split: bool) -> tuple[str, str | None] | None:
    if key in A.AMBIGUOUS:
        return (A.AMBIGUOUS[key] if split else "name"), None
    for role, keys in (
        ("name", A.NAME), ("first_name", A.FIRST_NAME), ("middle_name", A.MIDDLE_NAME),
        ("last_name", A.LAST_NAME), ("type", A.TYPE), ("birth_date", A.BIRTH_DATE),
        ("country", A.COUNTRY), ("id", A.REFERENCE),
    ):  # fmt: skip
        if key in keys:
            return role, None
    for kind, keys in A.IDENTIFIERS.items():
        if key in keys:
            return "identifiers", kind
    return None


def recognised(headers: list[str]) -> int:
    """How many headers are known column names (to find the header row)."""
    keys = [header_key(h) for h in headers]
    return sum(1 for k in keys if k and (_role(k, False) is not None))


def detect_plan(columns: list[str]) -> ColumnPlan:
    """Roles from the headers: exact known headers first, then headers containing a key word."""
    plan = ColumnPlan()
    keys = [header_key(c) for c in columns]
    split = any(k in A.FIRST_NAME or k in A.LAST_NAME for k in keys)
    taken: set[int] = set()
    for index, key in enumerate(keys):
        found = _role(key, split) if key else None
        if found is None:
            continue
        role, kind = found
        if role == "country":
            plan.country.append(index)
        elif role == "identifiers" and kind:
            plan.identifiers.append((index, kind))
        elif getattr(plan, role) is None:
            setattr(plan, role, index)
        else:
            continue
        taken.add(index)
    for role, words in _CONTAINS.items():
        if (role == "name" and plan.has_name) or (role != "name" and getattr(plan, role)):
            continue
        for index, key in enumerate(keys):
            if index not in taken and any(w in key.split() for w in words):
                if role == "country":
                    plan.country.append(index)
                else:
                    setattr(plan, role, index)
                taken.add(index)
                break
    return plan


def _column(columns: list[str], value: Any, role: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        if 1 <= value <= len(columns):
            return value - 1
        raise ColumnError(f"mapping: {role} column number {value} is out of range 1-{len(columns)}")
    if isinstance(value, str):
        if value in columns:
            return columns.index(value)
        lowered = [c.strip().casefold() for c in columns]
        if value.strip().casefold() in lowered:
            return lowered.index(value.strip().casefold())
    shown = ", ".join(repr(c) for c in columns[:30])
    raise ColumnError(f"mapping: {role} column {value!r} is not in the header ({shown})")


def apply_mapping(columns: list[str], mapping: dict[str, Any] | None) -> ColumnPlan:
    """The detected plan with the explicit ``mapping`` laid over it (``"detect": false``: only
    the mapping). Values are header names or 1-based column numbers; null disables a role."""
    mapping = dict(mapping or {})
    plan = detect_plan(columns) if mapping.pop("detect", True) else ColumnPlan()
    for role, value in mapping.items():
        if role in SINGLE_ROLES:
            setattr(plan, role, None if value is None else _column(columns, value, role))
        elif role == "country":
            values = value if isinstance(value, list) else ([] if value is None else [value])
            plan.country = [_column(columns, v, role) for v in values]
        elif role == "identifiers":
            if not isinstance(value, dict):
                raise ColumnError("mapping: identifiers must be an object {column: id type}")
            plan.identifiers = []
            for column, kind in value.items():
                if kind not in IdType._value2member_map_:
                    known = ", ".join(t.value for t in IdType)
                    raise ColumnError(f"mapping: unknown identifier type {kind!r} ({known})")
                index = _column(columns, int(column) if column.isdigit() else column, role)
                plan.identifiers.append((index, kind))
        else:
            raise ColumnError(
                f"mapping: unknown role {role!r} (name, first_name, middle_name, last_name, "
                "type, birth_date, country, id, identifiers, detect)"
            )
    if not plan.has_name:
        shown = ", ".join(repr(c) for c in columns[:30])
        raise ColumnError(
            f"no name column found among the headers ({shown}); name it with a mapping, "
            'e.g. {"name": "<column>"} or {"first_name": ..., "last_name": ...}'
        )
    return plan


def clean(value: str | None) -> str:
    return _SPACES.sub(" ", _CONTROL.sub(" ", value or "")).strip()


def parse_birth_date(value: str) -> str | None:
    """ISO, day-first (``07.10.1952``, ``07/10/1952``) or unambiguous US ``10/27/1952``."""
    found = partial_date(value)
    if found is None and (match := _MDY.match(value)):
        month, day = int(match[1]), int(match[2])
        if month <= 12 < day:
            found = partial_date(f"{day:02d}/{month:02d}/{match[3]}")
    return found


@lru_cache(maxsize=1024)
def schema_of(value: str) -> str | None:
    return A.TYPE_VALUES.get(A.norm(value))


def build_query(cells: list[str], plan: ColumnPlan) -> tuple[Query | None, str | None, list[str]]:
    """(query, error, warnings) for one row: an error means the row is not screened."""
    warnings: list[str] = []
    if plan.name is not None and (name := clean(cells[plan.name])):
        pass
    else:
        parts = (plan.first_name, plan.middle_name, plan.last_name)
        name = " ".join(clean(cells[i]) for i in parts if i is not None and clean(cells[i]))
    if not name:
        return None, "no name in this row", warnings
    if len(name) > MAX_NAME:
        return None, f"the name is longer than {MAX_NAME} characters", warnings
    if not _LETTER_OR_DIGIT.search(name):
        return None, "the name has no letters or digits", warnings
    schema = None
    if plan.type is not None and (raw := clean(cells[plan.type])):
        schema = schema_of(raw)
        if schema is None:
            warnings.append(f"type {raw!r} not understood: screened as any type")
    birth = None
    if plan.birth_date is not None and (raw := clean(cells[plan.birth_date])):
        birth = parse_birth_date(raw)
        if birth is None:
            warnings.append(f"birth date {raw!r} not understood: ignored")
        elif len(_DIGITS.findall(raw)) >= 3 and len(birth) < 10:
            warnings.append(f"birth date {raw!r} is not a calendar date: only {birth} used")
    country = None
    for index in plan.country:
        if raw := clean(cells[index]):
            country = country_code(raw[:100])
            if country is None:
                warnings.append(f"country {raw[:100]!r} not recognised: ignored")
            break
    identifiers = [
        (kind, value[:200]) for index, kind in plan.identifiers if (value := clean(cells[index]))
    ]
    ref = clean(cells[plan.id])[:200] if plan.id is not None else None
    query = Query.build(name, schema, birth, country, identifiers, ref or None)
    return query, None, warnings
