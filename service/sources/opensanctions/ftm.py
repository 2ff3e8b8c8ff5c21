"""Map FollowTheMoney entity streams (OpenSanctions ``entities.ftm.json``) into entities.

Only Person/Company/Organization/LegalEntity/PublicBody/Vessel/Airplane become entities.
``Sanction`` objects add programs, listing date and source URL to their target; link objects
(Ownership, Family, Associate, UnknownLink, Directorship, Membership) become relations;
Identification/Passport/CryptoWallet add identifiers to their holder; Address objects fill
``addressEntity`` references. Entities flagged ``"target": false`` (e.g. an unsanctioned
owner) are kept only as names for relations.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Relation, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date
from service.sources.opensanctions.mapper import SCHEMAS, alias_names, day_of

Obj = dict[str, Any]

#: Link schemata: (side A, side B, relation kind on A, relation kind on B).
LINKS: dict[str, tuple[str, str, str, str]] = {
    "Ownership": ("owner", "asset", "owner_of", "owner"),
    "Family": ("person", "relative", "family", "family"),
    "Associate": ("person", "associate", "associate", "associate"),
    "UnknownLink": ("subject", "object", "linked_to", "linked_to"),
    "Directorship": ("director", "organization", "director_of", "director"),
    "Membership": ("member", "organization", "member_of", "member"),
}
#: Identifier properties: property -> (type, label).
ID_PROPS: dict[str, tuple[IdType, str]] = {
    "passportNumber": (IdType.PASSPORT, "passport"),
    "innCode": (IdType.TAX_ID, "INN"),
    "taxNumber": (IdType.TAX_ID, "tax number"),
    "vatCode": (IdType.TAX_ID, "VAT"),
    "ogrnCode": (IdType.REGISTRATION, "OGRN"),
    "registrationNumber": (IdType.REGISTRATION, "registration number"),
    "leiCode": (IdType.REGISTRATION, "LEI"),
    "okpoCode": (IdType.REGISTRATION, "OKPO"),
    "imoNumber": (IdType.IMO, "IMO"),
    "mmsi": (IdType.MMSI, "MMSI"),
    "swiftBic": (IdType.SWIFT_BIC, "SWIFT/BIC"),
    "callSign": (IdType.CALL_SIGN, "call sign"),
    "serialNumber": (IdType.AIRCRAFT_SERIAL, "serial number"),
}
_ID_SCHEMAS = {"Identification": "number", "Passport": "number", "CryptoWallet": "publicKey"}


def values(obj: Obj, *props: str) -> list[str]:
    """Cleaned values of some properties of an entity object, in order, without repeats."""
    properties = obj.get("properties") or {}
    out: list[str] = []
    for prop in props:
        raw = properties.get(prop) or []
        for value in [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []:
            text = clean(value) if isinstance(value, str) else None
            if text and text not in out:
                out.append(text)
    return out


class FtmMapper:
    """Collects a stream of FtM objects, then builds the target entities."""

    def __init__(self, list_id: str):
        self.list_id = list_id
        self.entities: dict[str, Entity] = {}
        self.captions: dict[str, str] = {}
        self.addresses: dict[str, Address] = {}
        self.later: list[Obj] = []  # sanctions, links and documents, applied at the end
        self.address_refs: dict[str, list[str]] = {}
        self.published: date | None = None

    def add(self, obj: Obj) -> None:
        schema, oid = obj["schema"], str(obj["id"])
        self._seen(obj)
        caption = obj.get("caption") if isinstance(obj.get("caption"), str) else None
        if name := (values(obj, "name") or [clean(caption)])[0]:
            self.captions[oid] = name
        if schema == "Address":
            self.addresses[oid] = _address_entity(obj)
        elif schema in SCHEMAS and obj.get("target", True) is not False and oid in self.captions:
            self.entities[oid] = self._entity(obj, SCHEMAS[schema])
            if refs := values(obj, "addressEntity"):
                self.address_refs[oid] = refs
        elif schema == "Sanction" or schema in LINKS or schema in _ID_SCHEMAS:
            self.later.append(obj)

    def finish(self) -> list[Entity]:
        for oid, refs in self.address_refs.items():
            self.entities[oid].addresses += [self.addresses[r] for r in refs if r in self.addresses]
        for obj in self.later:
            if obj["schema"] == "Sanction":
                self._sanction(obj)
            elif obj["schema"] in LINKS:
                self._link(obj)
            else:
                self._document(obj)
        return list(self.entities.values())

    def _seen(self, obj: Obj) -> None:
        day = day_of(obj.get("last_seen")) or day_of(obj.get("last_change"))
        if day and (self.published is None or day > self.published):
            self.published = day

    def _entity(self, obj: Obj, schema: Schema) -> Entity:
        oid = str(obj["id"])
        entity = Entity(
            id=f"{self.list_id}:{oid}",
            list_id=self.list_id,
            schema=schema,
            names=_names(obj, self.captions[oid]),
            birth_dates=[d for v in values(obj, "birthDate") if (d := partial_date(v))],
            birth_places=values(obj, "birthPlace"),
            nationalities=_codes(values(obj, "nationality", "citizenship")),
            addresses=[Address(full=a) for a in values(obj, "address")],
            programs=values(obj, "program", "programId"),
            remarks="\n".join(values(obj, "notes", "description", "summary")) or None,
            source_url=next(iter(values(obj, "sourceUrl")), None),
            gender=next(iter(values(obj, "gender")), None),
            titles=values(obj, "title"),
            positions=values(obj, "position"),
        )
        countries = values(obj, "country", "jurisdiction", "flag", "mainCountry")
        entity.countries = _codes(countries) + [
            c for c in entity.nationalities if c not in _codes(countries)
        ]
        entity.identifiers = _identifiers(obj, schema)
        return entity

    def _sanction(self, obj: Obj) -> None:
        for target in values(obj, "entity"):
            entity = self.entities.get(target)
            if entity is None:
                continue
            programs = values(obj, "program", "programId") or values(obj, "authority")
            entity.programs += [p for p in programs if p not in entity.programs]
            starts = [d for v in values(obj, "listingDate", "startDate") if (d := partial_date(v))]
            if starts and (entity.listed_on is None or min(starts) < entity.listed_on):
                entity.listed_on = min(starts)
            entity.source_url = entity.source_url or next(iter(values(obj, "sourceUrl")), None)

    def _link(self, obj: Obj) -> None:
        side_a, side_b, kind_a, kind_b = LINKS[obj["schema"]]
        for a in values(obj, side_a):
            for b in values(obj, side_b):
                self._relate(a, b, kind_a)
                self._relate(b, a, kind_b)

    def _relate(self, source: str, target: str, kind: str) -> None:
        entity, name = self.entities.get(source), self.captions.get(target)
        if entity is None or name is None:
            return
        target_id = f"{self.list_id}:{target}" if target in self.entities else None
        relation = Relation(kind=kind, target_name=name, target_id=target_id)
        if relation not in entity.relations:
            entity.relations.append(relation)

    def _document(self, obj: Obj) -> None:
        number = values(obj, _ID_SCHEMAS[obj["schema"]])
        for holder in values(obj, "holder"):
            entity = self.entities.get(holder)
            if entity is None or not number:
                continue
            if obj["schema"] == "CryptoWallet":
                kind, label = IdType.CRYPTO_WALLET, next(iter(values(obj, "currency")), None)
            else:
                kind = IdType.PASSPORT if obj["schema"] == "Passport" else IdType.OTHER
                label = next(iter(values(obj, "type")), None) or obj["schema"].lower()
            country = to_iso2(next(iter(values(obj, "country")), None))
            entity.identifiers.append(Identifier(kind, number[0], country=country, label=label))


def _names(obj: Obj, primary: str) -> list[Name]:
    name = Name(value=primary, kind=NameKind.PRIMARY, script=detect_script(primary))
    parts = {p: values(obj, p) for p in ("firstName", "lastName", "middleName", "fatherName")}
    if all(len(v) <= 1 for v in parts.values()):
        name.given = next(iter(parts["firstName"]), None)
        name.family = next(iter(parts["lastName"]), None)
        name.middle = next(iter(parts["middleName"]), None)
        name.patronymic = next(iter(parts["fatherName"]), None)
    seen = {primary.casefold()}
    names = [name]
    for props, kind in (
        (("name", "alias"), NameKind.AKA),
        (("previousName",), NameKind.FKA),
        (("weakAlias",), NameKind.WEAK),
    ):
        names += alias_names(values(obj, *props), kind, seen)
    return names


def _identifiers(obj: Obj, schema: Schema) -> list[Identifier]:
    out: list[Identifier] = []
    generic = IdType.NATIONAL_ID if schema is Schema.PERSON else IdType.REGISTRATION
    for prop, (kind, label) in ID_PROPS.items():
        for value in values(obj, prop):
            if kind is IdType.IMO and value[:3].upper() == "IMO":
                value = value[3:].strip(" :")
            out.append(Identifier(kind, value, label=label))
    out += [Identifier(generic, v, label="idNumber") for v in values(obj, "idNumber")]
    return out


def _address_entity(obj: Obj) -> Address:
    full = next(iter(values(obj, "full")), None) or ", ".join(
        values(obj, "street", "postalCode", "city", "region")
    )
    country = to_iso2(next(iter(values(obj, "country")), None))
    return Address(full=full, city=next(iter(values(obj, "city")), None), country=country)


def _codes(raw: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(c for v in raw if (c := to_iso2(v))))
