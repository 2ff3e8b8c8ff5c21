"""Entries of different lists that are reliably the same party, so their facts can be shared.

The same person or company is often listed by several authorities (OFAC, the UN, the UK,
OpenSanctions, the US Consolidated Screening List), and some files carry few facts: the UK
FCDO summary (.ods) gives neither birth dates nor nationalities. When a hit falls on such an
entry, the birth dates and countries of its linked entries may confirm or rule it out.

Entries are linked only on evidence that does not rest on the name alone:

- a shared list reference: the OFAC uid (``us_ofac_sdn:16692`` = ``us_csl:SDN:16692``), the OFSI
  Group ID a UK entry carries (= ``uk_ofsi:<group id>``), a UN reference number a UK or EU entry
  carries (= ``un_sc:<ref>``);
- a shared strong identifier (passport, national id, tax or registration number, IMO, MMSI,
  SWIFT/BIC) of the same type and, where both give one, the same issuing country, and at least
  one distinctive (not generic) name word in common;
- the same full name (same words, any order) and the same full birth date (persons);
- the same full name and the same full designation date (a UK entry and the UN entry it
  implements are designated the same day).

Links are closed transitively (a UK entry linked to OFSI, OFSI to OFAC by passport), except
that a group never holds two entries of one list (one party is listed once per list: such a
join means conflicting evidence, e.g. a registration number misprinted on one list); a group
larger than :data:`MAX_GROUP` is dropped as implausible.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from anyascii import anyascii

from service.model import Entity, Identifier, IdType, Schema
from service.perf import paused_gc

#: Largest plausible group of entries for one party across the loaded lists.
MAX_GROUP = 12
#: A link key (identifier, reference, name and date) shared by more entries than this is a
#: placeholder or a common name, not a link.
MAX_SHARED_ID = 6
#: Share of entries whose names hold a word above which the word is generic.
GENERIC_SHARE = 0.002
#: ... and above this many entries, whatever their number.
GENERIC_MIN = 5
#: Shortest identifier value (normalised) that may link two entries.
MIN_ID_LENGTH = 6

_LINK_ID_TYPES = frozenset(
    {
        IdType.PASSPORT,
        IdType.NATIONAL_ID,
        IdType.TAX_ID,
        IdType.REGISTRATION,
        IdType.IMO,
        IdType.MMSI,
        IdType.SWIFT_BIC,
    }
)
_OFAC_LISTS = frozenset({"us_ofac_sdn", "us_ofac_cons"})
_WORD = re.compile(r"[a-z0-9]+")
_ID_CLEAN = re.compile(r"[^0-9A-Z]")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def name_key(value: str) -> tuple[str, ...]:
    """The words of a name, romanised, case-folded and sorted: order and punctuation aside."""
    text = value if value.isascii() else anyascii(value)
    return tuple(sorted(_WORD.findall(text.casefold())))


def _generic_words(keys: Sequence[set[tuple[str, ...]]]) -> set[str]:
    """Words in the names of more than :data:`GENERIC_SHARE` (and :data:`GENERIC_MIN`) of the
    entries ("company", "bank", "muhammad"), or of one or two letters: sharing one says
    nothing about being one party."""
    counts: dict[str, int] = {}
    for names in keys:
        for word in {w for name in names for w in name}:
            counts[word] = counts.get(word, 0) + 1
    limit = max(GENERIC_MIN, GENERIC_SHARE * len(keys))
    return {w for w, n in counts.items() if n > limit or len(w) <= 2}


def _list_refs(entity: Entity) -> Iterable[tuple[str, str]]:
    """References to a listing that other lists share (OFAC uid, OFSI group, UN reference)."""
    local = entity.id.split(":")[-1]
    if entity.list_id in _OFAC_LISTS or (entity.list_id == "us_csl" and local.isdigit()):
        # CSL's OFAC sub-lists use the OFAC uid as their id; its other sub-lists use hashes.
        if local.isdigit():
            yield "ofac", local
    elif entity.list_id == "uk_ofsi":
        yield "ofsi", local
    elif entity.list_id == "un_sc":
        yield "un", _ID_CLEAN.sub("", local.upper())
    for ident in entity.identifiers:
        label = (ident.label or "").casefold()
        if label == "ofsi group id":
            yield "ofsi", ident.value.strip()
        elif label in {"un reference number", "un ref"}:
            yield "un", _ID_CLEAN.sub("", ident.value.upper())


def _strong_ids(entity: Entity) -> Iterable[tuple[str, str]]:
    """(type, normalised value) of the identifiers that may link entries."""
    for ident in entity.identifiers:
        if ident.type in _LINK_ID_TYPES:
            value = _ID_CLEAN.sub("", ident.value.upper())
            if len(value) >= MIN_ID_LENGTH and len(set(value)) > 2:
                yield str(ident.type), value


class _Groups:
    """Union-find over entity indices that keeps, per group, the lists its entries are on."""

    def __init__(self, entities: Sequence[Entity]):
        self.entities = entities
        self.parent = list(range(len(entities)))
        self.lists: dict[int, frozenset[str]] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _lists(self, root: int) -> frozenset[str]:
        if root not in self.lists:
            self.lists[root] = frozenset({_listing(self.entities[root])})
        return self.lists[root]

    def union(self, a: int, b: int) -> bool:
        """Join the groups of ``a`` and ``b`` unless that would put two entries of one list
        in a group (one party is listed once per list): then the evidence conflicts."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        lists_a, lists_b = self._lists(ra), self._lists(rb)
        if lists_a & lists_b:
            return False
        root, child = min(ra, rb), max(ra, rb)
        self.parent[child] = root
        self.lists[root] = lists_a | lists_b
        return True


def _listing(entity: Entity) -> str:
    """The list, or the sub-list of a consolidated list (``us_csl:SDN``), an entry is on."""
    if entity.list_id == "us_csl":
        return entity.id.rsplit(":", 1)[0]
    return entity.list_id


def _compatible(a: Entity, b: Entity) -> bool:
    """Same kind of party (a company and its ship are not linked)."""
    return a.schema == b.schema


def build_links(entities: Sequence[Entity]) -> dict[int, tuple[int, ...]]:
    """For each entity index that has links, the indices of the other entries of its group."""
    with paused_gc():
        names = [{name_key(n.value) for n in e.names} - {()} for e in entities]
        generic = _generic_words(names)
        by_key: dict[tuple[str, ...], list[int]] = {}
        for idx, entity in enumerate(entities):
            for key in _link_keys(entity, names[idx]):
                by_key.setdefault(key, []).append(idx)
        groups = _Groups(entities)
        # Strongest evidence first, and always in the same order: where two joins conflict
        # (two entries of one list), the first kept decides, so the links are reproducible.
        for key, members in sorted(by_key.items(), key=_evidence_order):
            if len(members) < 2 or len(members) > MAX_SHARED_ID:
                continue
            for k, first in enumerate(members):
                for other in members[k + 1 :]:
                    a, b = entities[first], entities[other]
                    if _listing(a) == _listing(b) or not _compatible(a, b):
                        continue
                    if key[0] == "id" and not (
                        _same_issuer(a, b, key[1], key[2])
                        and _distinctive_word(names[first], names[other], generic)
                    ):
                        continue
                    groups.union(first, other)
        by_root: dict[int, list[int]] = {}
        for idx in range(len(entities)):
            if groups.parent[idx] != idx or idx in groups.lists:
                by_root.setdefault(groups.find(idx), []).append(idx)
        links: dict[int, tuple[int, ...]] = {}
        for group in by_root.values():
            if 1 < len(group) <= MAX_GROUP:
                for idx in group:
                    links[idx] = tuple(i for i in group if i != idx)
    return links


_EVIDENCE_RANK = {"ref": 0, "id": 1, "dob": 2, "listed": 3}


def _evidence_order(item: tuple[tuple[str, ...], list[int]]) -> tuple[int, tuple[str, ...]]:
    return _EVIDENCE_RANK[item[0][0]], item[0]


def _link_keys(entity: Entity, names: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = {("ref", kind, value) for kind, value in _list_refs(entity)}
    keys.update(("id", kind, value) for kind, value in _strong_ids(entity))
    if entity.schema == Schema.PERSON:
        for dob in entity.birth_dates:
            if _FULL_DATE.match(dob):
                keys.update(("dob", dob, *name) for name in names)
    if entity.listed_on and _FULL_DATE.match(entity.listed_on):
        keys.update(("listed", entity.listed_on, *name) for name in names)
    return keys


def _distinctive_word(a: set[tuple[str, ...]], b: set[tuple[str, ...]], generic: set[str]) -> bool:
    """The two entries' names share a word that is not generic."""
    words_a = {w for name in a for w in name} - generic
    return any(w in words_a for name in b for w in name)


def _same_issuer(a: Entity, b: Entity, kind: str, value: str) -> bool:
    """Both entries' identifier of that type and value, issued by the same country where
    both say which."""
    countries_a = {i.country for i in a.identifiers if _matches(i, kind, value)}
    countries_b = {i.country for i in b.identifiers if _matches(i, kind, value)}
    if None in countries_a or None in countries_b:
        return True
    return bool(countries_a & countries_b)


def _matches(ident: Identifier, kind: str, value: str) -> bool:
    return str(ident.type) == kind and _ID_CLEAN.sub("", ident.value.upper()) == value
