"""The screening engine every face shares: query in, scored and explained hits out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service import __version__
from service.countries import to_iso2
from service.engine.index import NameIndex
from service.engine.index_cache import load_or_build
from service.engine.qualifiers import (
    Qualifier,
    birth_date_qualifier,
    country_qualifier,
    identifier_qualifier,
    normalise_id,
    schema_qualifier,
)
from service.matching import NameMatch, compare, explain
from service.model import Entity, IdType, Name, Schema
from service.names import analyze
from service.sources.base import partial_date
from service.store.catalog import Catalog
from service.store.snapshot import Snapshot

#: How many candidate records retrieval hands to the scorer per query.
CANDIDATES = 60


@dataclass(slots=True)
class Query:
    """What a user screens: a name and, optionally, facts that confirm or rule out a hit."""

    name: str
    schema: Schema | None = None
    birth_date: str | None = None
    country: str | None = None
    identifiers: list[tuple[IdType | None, str]] = field(default_factory=list)
    id: str | None = None

    @classmethod
    def build(
        cls,
        name: str,
        schema: str | None = None,
        birth_date: str | None = None,
        country: str | None = None,
        identifiers: Iterable[tuple[str | None, str]] = (),
        id: str | None = None,
    ) -> Query:
        """Normalise loosely given facts (type names, dates, country names)."""
        kind = None if schema in (None, "", "any") else Schema(schema)
        ids = [
            (IdType(t) if t in IdType._value2member_map_ else None, v)
            for t, v in identifiers
            if v and v.strip()
        ]
        return cls(
            name=name,
            schema=kind,
            birth_date=partial_date(birth_date),
            country=to_iso2(country),
            identifiers=ids,
            id=id,
        )


@dataclass(slots=True)
class Hit:
    """A listed entity that may be the screened party, with all the evidence for the score."""

    entity: Entity
    score: float
    name_score: float
    matched_name: Name
    match: NameMatch
    qualifiers: list[Qualifier]
    alert: bool

    def explanation(self) -> dict[str, Any]:
        """Structured evidence: names compared, part alignment, qualifier effects, a sentence."""
        return {
            "matched_name": self.matched_name.value,
            "matched_name_kind": str(self.matched_name.kind),
            "query_form": " ".join(self.match.query_form.tokens),
            "candidate_form": " ".join(self.match.candidate_form.tokens),
            "name_score": round(self.name_score, 4),
            "parts": [
                {
                    "query": p.query_token,
                    "candidate": p.candidate_token,
                    "similarity": round(p.similarity, 4),
                    "weight": round(p.weight, 4),
                    "kind": p.kind,
                }
                for p in self.match.parts
            ],
            "name_reasons": list(self.match.reasons),
            "qualifiers": [
                {"feature": q.feature, "effect": q.effect, "outcome": q.outcome, "detail": q.detail}
                for q in self.qualifiers
            ],
            "summary": self.sentence(),
        }

    def sentence(self) -> str:
        quals = "; ".join(q.detail for q in self.qualifiers)
        text = (
            f"{explain(self.match)} Listed as {self.entity.name!r} on {self.entity.list_id}"
            f" (matched {self.matched_name.kind} name {self.matched_name.value!r}); "
            f"score {self.score:.2f}"
        )
        return f"{text}; {quals}." if quals else f"{text}."


class Engine:
    """One loaded catalog, indexed: screening is read-only and safe to share across threads."""

    version = __version__

    def __init__(self, catalog: Catalog, threshold: float = 0.7, cache_dir: Path | None = None):
        self.catalog = catalog
        self.threshold = threshold
        self.snapshots: list[Snapshot] = catalog.active()
        self.index: NameIndex = load_or_build(catalog.entities(), self.snapshots, cache_dir)
        self._by_identifier = self._identifier_index(self.index.entities)

    @staticmethod
    def _identifier_index(entities: Sequence[Entity]) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {}
        for idx, entity in enumerate(entities):
            for ident in entity.identifiers:
                value = normalise_id(ident.value)
                if len(value) >= 5:
                    out.setdefault(value, []).append(idx)
        return out

    def screen(
        self,
        query: Query,
        limit: int = 10,
        threshold: float | None = None,
        lists: Iterable[str] | None = None,
    ) -> list[Hit]:
        """Hits for one query, best first; every hit scored and explained."""
        threshold = self.threshold if threshold is None else threshold
        wanted_lists = set(lists) if lists else None
        analysed = analyze(query.name, query.schema.value if query.schema else None)
        best: dict[int, Hit] = {}
        seen: set[tuple[int, int]] = set()
        for rec_id in self.index.candidates(analysed, CANDIDATES):
            record = self.index.records[rec_id]
            if (record.entity, record.name) in seen:
                continue
            seen.add((record.entity, record.name))
            self._consider(
                query,
                analysed,
                record.entity,
                record.name,
                best,
                wanted_lists,
                threshold,
                self.index.analyses[rec_id],
            )
        for _, value in query.identifiers:
            for e_idx in self._by_identifier.get(normalise_id(value), ()):
                for n_idx in range(len(self.index.entities[e_idx].names)):
                    if (e_idx, n_idx) not in seen:
                        seen.add((e_idx, n_idx))
                        self._consider(query, analysed, e_idx, n_idx, best, wanted_lists, threshold)
        hits = sorted(best.values(), key=lambda h: (-h.score, -h.name_score, h.entity.id))
        return hits[:limit]

    def _consider(
        self,
        query: Query,
        analysed: Any,
        e_idx: int,
        n_idx: int,
        best: dict[int, Hit],
        wanted_lists: set[str] | None,
        threshold: float,
        candidate: Any = None,
    ) -> None:
        entity = self.index.entities[e_idx]
        if wanted_lists is not None and entity.list_id not in wanted_lists:
            return
        name = entity.names[n_idx]
        if candidate is None:
            candidate = analyze(name.value, entity.schema.value)
        schema = query.schema.value if query.schema else entity.schema.value
        match = compare(analysed, candidate, schema, self.index.stats)
        previous = best.get(e_idx)
        if previous is not None and previous.name_score >= match.score:
            return
        qualifiers = [
            q
            for q in (
                schema_qualifier(query.schema, entity),
                birth_date_qualifier(query.birth_date, entity),
                country_qualifier(query.country, entity),
                identifier_qualifier(query.identifiers, entity),
            )
            if q is not None
        ]
        score = match.score + sum(q.effect for q in qualifiers)
        for q in qualifiers:
            if q.floor is not None:
                score = max(score, q.floor)
        score = round(min(1.0, max(0.0, score)), 4)
        best[e_idx] = Hit(
            entity=entity,
            score=score,
            name_score=match.score,
            matched_name=name,
            match=match,
            qualifiers=qualifiers,
            alert=score >= threshold,
        )
