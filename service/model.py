"""The one entity model every list is mapped into, and the parsed-list container.

Plain slotted dataclasses: tens of thousands of entities stay small in memory and
cheap to build. API schemas (pydantic) are derived from these at the edge.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Schema(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"


class NameKind(StrEnum):
    """How a name relates to the entity: primary, strong alias, former, new, or weak alias."""

    PRIMARY = "primary"
    AKA = "aka"
    FKA = "fka"
    NKA = "nka"
    WEAK = "weak"


class IdType(StrEnum):
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    TAX_ID = "tax_id"
    REGISTRATION = "registration"
    IMO = "imo"
    MMSI = "mmsi"
    SWIFT_BIC = "swift_bic"
    CRYPTO_WALLET = "crypto_wallet"
    CALL_SIGN = "call_sign"
    AIRCRAFT_SERIAL = "aircraft_serial"
    OTHER = "other"


#: Identifier types that identify one entity on their own (an exact match is decisive).
STRONG_ID_TYPES = frozenset(
    {
        IdType.PASSPORT,
        IdType.NATIONAL_ID,
        IdType.TAX_ID,
        IdType.IMO,
        IdType.MMSI,
        IdType.SWIFT_BIC,
        IdType.CRYPTO_WALLET,
        IdType.AIRCRAFT_SERIAL,
    }
)


@dataclass(slots=True)
class Name:
    """One name of an entity as the source states it.

    ``script`` is an ISO 15924 code (``Latn``, ``Cyrl``, ``Arab``...). Name parts are
    filled only where the source gives them separately.
    """

    value: str
    kind: NameKind = NameKind.PRIMARY
    script: str = "Latn"
    given: str | None = None
    middle: str | None = None
    family: str | None = None
    patronymic: str | None = None
    quality: str | None = None  # e.g. UN "Good"/"Low"
    note: str | None = None


@dataclass(slots=True)
class Identifier:
    type: IdType
    value: str
    country: str | None = None  # ISO 3166 alpha-2 of the issuer
    label: str | None = None  # the source's own label, e.g. "Cedula No."
    note: str | None = None


@dataclass(slots=True)
class Address:
    full: str
    city: str | None = None
    country: str | None = None  # ISO 3166 alpha-2


@dataclass(slots=True)
class Relation:
    """A link to another listed entry (OFAC "Linked To:", UN/UK associated entities)."""

    kind: str  # "linked_to", "associate", "owner", ...
    target_name: str
    target_id: str | None = None  # resolved entity id when the target is on a loaded list


@dataclass(slots=True)
class Entity:
    """A listed person, organisation, vessel or aircraft.

    ``id`` is stable and prefixed by its list (``us_ofac_sdn:16692``). ``names[0]`` is the
    primary name. Dates are ISO strings, possibly partial (``1952``, ``1952-10``).
    Countries are ISO 3166 alpha-2 codes in upper case.
    """

    id: str
    list_id: str
    schema: Schema
    names: list[Name]
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    listed_on: str | None = None
    remarks: str | None = None
    relations: list[Relation] = field(default_factory=list)
    source_url: str | None = None
    gender: str | None = None
    titles: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The primary name."""
        return self.names[0].value

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ParsedList:
    """What a parser returns: the entities of one list file set, plus what the file states."""

    list_id: str
    format: str
    entities: list[Entity]
    published: date | None = None  # publication date stated in the file, if any
    stated_count: int | None = None  # record count stated in the file, if any
    warnings: list[str] = field(default_factory=list)
