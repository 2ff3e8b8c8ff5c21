"""The screening engine every face shares: query in, scored and explained hits out."""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from service import __version__
from service.countries import to_iso2
from service.engine.index import NameIndex
from service.engine.index_cache import load_or_build, load_or_build_links
from service.engine.qualifiers import (
    MAX_FACT_GAIN,
    Qualifier,
    birth_date_qualifier,
    country_qualifier,
    identifier_qualifier,
    normalise_id,
    schema_qualifier,
)
from service.matching import NameMatch, best_forms, compare, explain
from service.matching.build import describe as describe_scorer
from service.matching.build import scorer_build
from service.model import Entity, IdType, Name, Schema
from service.names import analyze
from service.sources.base import partial_date
from service.store.catalog import Catalog
from service.store.snapshot import Snapshot

_log = logging.getLogger(__name__)

#: How many candidate records retrieval hands to the scorer per query.
CANDIDATES = 40
#: How many of one entity's names (best retrieved first) the scorer compares per query.
NAMES_PER_ENTITY = 2


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
    """A listed entity that may be the screened party, with all the evidence for the score.

    The name alignment (``match``) is worked out on first use: callers that only rank or
    count hits (batch rows without an alert, text mentions not reported) never pay for it.
    """

    entity: Entity
    score: float
    name_score: float
    matched_name: Name
    qualifiers: list[Qualifier]
    alert: bool
    explain_match: Callable[[], NameMatch] = field(repr=False, compare=False)
    _match: NameMatch | None = field(default=None, repr=False, compare=False)

    @property
    def match(self) -> NameMatch:
        """The query name's part-by-part alignment with the matched listed name."""
        if self._match is None:
            self._match = self.explain_match()
        return self._match

    def explanation(self) -> dict[str, Any]:
        """Structured evidence: names compared, part alignment, qualifier effects, a sentence."""
        match = self.match
        return {
            "matched_name": self.matched_name.value,
            "matched_name_kind": str(self.matched_name.kind),
            "query_form": " ".join(match.query_form.tokens),
            "candidate_form": " ".join(match.candidate_form.tokens),
            "name_score": round(self.name_score, 4),
            "parts": [
                {
                    "query": p.query_token,
                    "candidate": p.candidate_token,
                    "similarity": round(p.similarity, 4),
                    "weight": round(p.weight, 4),
                    "kind": p.kind,
                }
                for p in match.parts
            ],
            "name_reasons": list(match.reasons),
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

    def __init__(
        self,
        catalog: Catalog,
        threshold: float = 0.7,
        cache_dir: Path | None = None,
        min_score: float = 0.0,
    ):
        self.catalog = catalog
        self.threshold = threshold
        #: The API's and CLI's default ``min_score`` (settings; the engine itself: 0, all hits).
        self.min_score = min_score
        scorer = scorer_build()
        (_log.warning if scorer["stale"] else _log.info)(describe_scorer(scorer))
        self.snapshots: list[Snapshot] = catalog.active()
        self.index: NameIndex = load_or_build(catalog.entities(), self.snapshots, cache_dir)
        self._by_identifier = self._identifier_index(self.index.entities)
        # Entries of other lists that are reliably the same party: their facts count too.
        self.links = load_or_build_links(self.index.entities, self.snapshots, cache_dir)
        self._masks: dict[tuple[str, ...], np.ndarray] = {}
        self._schemas = [e.schema.value for e in self.index.entities]
        # Persons known by one word only (a one-word name is otherwise read as a weak alias).
        self._single_named = {
            i
            for i, e in enumerate(self.index.entities)
            if e.schema == Schema.PERSON and all(len(n.value.split()) == 1 for n in e.names)
        }

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
        min_score: float = 0.0,
    ) -> list[Hit]:
        """Hits for one query, best first; every hit scored and explained. Hits scoring
        below ``min_score`` (capped at the threshold, so no alert is ever left out) are not
        returned.

        Candidates are ranked with the scorer's fast path; the full alignment (for the
        explanation) is computed only when a returned hit's ``match`` is first used.
        """
        threshold = self.threshold if threshold is None else threshold
        analysed = analyze(query.name, query.schema.value if query.schema else None)
        wanted = set(lists) if lists else None
        mask = self._list_mask(wanted)
        # (entity, name, analysis id) -> (analysis, comparison class); a name may have two
        # spellings in the index, and one name written alike on several lists is one class.
        index = self.index
        records, analyses, form_class = index.records, index.analyses, index.form_class
        pairs: dict[tuple[int, int, int], tuple[Any, Any]] = {}
        per_entity: dict[int, int] = {}
        for rec_id in index.candidates(analysed, CANDIDATES, mask):
            record = records[rec_id]
            e_idx = record.entity
            candidate = analyses[rec_id]
            key = (e_idx, record.name, id(candidate))
            # An entity's names are scored in retrieval order, at most NAMES_PER_ENTITY.
            seen = per_entity.get(e_idx, 0)
            if seen >= NAMES_PER_ENTITY or key in pairs:
                continue
            per_entity[e_idx] = seen + 1
            pairs[key] = (candidate, form_class[rec_id])
        for _, value in query.identifiers:
            for e_idx in self._by_identifier.get(normalise_id(value), ()):
                if wanted is None or index.entities[e_idx].list_id in wanted:
                    entity = index.entities[e_idx]
                    for n_idx, name in enumerate(entity.names):
                        if (e_idx, n_idx, 0) not in pairs:
                            candidate = analyze(name.value, entity.schema.value)
                            pairs[(e_idx, n_idx, 0)] = (candidate, ("id", id(candidate)))
        best: dict[int, tuple[float, int, Any, Any]] = {}
        memo: dict[tuple[Any, str, bool], tuple] = {}
        fixed_schema = query.schema.value if query.schema else None
        schemas, single_named, stats = self._schemas, self._single_named, index.stats
        for (e_idx, n_idx, _), (candidate, form_class_id) in pairs.items():
            schema = fixed_schema or schemas[e_idx]
            single = e_idx in single_named
            key = (form_class_id, schema, single)
            found = memo.get(key)
            if found is None:
                found = memo[key] = best_forms(analysed, candidate, schema, stats, single or None)
            score = found[0]
            if e_idx not in best or score > best[e_idx][0]:
                best[e_idx] = (score, n_idx, candidate, (found[1], found[2]))
        floor = min(min_score, threshold)
        ranked = self._ranked(query, best, limit, floor)
        hits = []
        for score, qualifiers, e_idx in ranked[:limit]:
            if score < floor:
                break
            name_score, n_idx, candidate, forms = best[e_idx]
            entity = self.index.entities[e_idx]
            explain_match = partial(
                compare,
                analysed,
                candidate,
                self._schema(query, e_idx),
                self.index.stats,
                single_name=(e_idx in self._single_named) or None,
                forms=forms,
            )
            hits.append(
                Hit(
                    entity=entity,
                    score=score,
                    name_score=name_score,
                    matched_name=entity.names[n_idx],
                    qualifiers=qualifiers,
                    alert=score >= threshold,
                    explain_match=explain_match,
                )
            )
        return hits

    def _ranked(
        self,
        query: Query,
        best: dict[int, tuple[float, int, Any, Any]],
        limit: int,
        floor: float,
    ) -> list[tuple[float, list[Qualifier], int]]:
        """``(final score, qualifiers, entity)`` best first (ties: name score, then id): at
        least the ``limit`` best, and every entity that may score ``floor`` or more."""
        entities = self.index.entities
        if query.identifiers:  # an identifier may lift any name score: qualify them all
            scored = [self._qualified(query, e, entry[0]) + (e,) for e, entry in best.items()]
        elif query.schema or query.birth_date or query.country:
            scored = self._qualified_best(query, best, limit, floor)
        else:  # nothing but a name: the final score is the name score
            scored = [(round(min(1.0, max(0.0, v[0])), 4), [], e) for e, v in best.items()]
        scored.sort(key=lambda item: (-item[0], -best[item[2]][0], entities[item[2]].id))
        return scored

    def _qualified_best(
        self, query: Query, best: dict[int, tuple[float, int, Any, Any]], limit: int, floor: float
    ) -> list[tuple[float, list[Qualifier], int]]:
        """Qualify entities by falling name score, and stop at the first that could not
        reach the ``limit``-th final score so far, or ``floor``, even if every fact agreed
        (facts other than identifiers add at most ``MAX_FACT_GAIN``)."""
        scored: list[tuple[float, list[Qualifier], int]] = []
        kept: list[float] = []  # the `limit` best final scores so far (a min-heap)
        for e_idx, entry in sorted(best.items(), key=lambda item: -item[1][0]):
            reach = round(min(1.0, max(0.0, entry[0] + MAX_FACT_GAIN)), 4)
            if reach < floor or (len(kept) >= max(limit, 1) and reach < kept[0]):
                break  # neither can any entity after it (lower name scores)
            item = self._qualified(query, e_idx, entry[0]) + (e_idx,)
            scored.append(item)
            if len(kept) < limit:
                heapq.heappush(kept, item[0])
            elif item[0] > kept[0]:
                heapq.heapreplace(kept, item[0])
        return scored

    def _schema(self, query: Query, e_idx: int) -> str:
        return query.schema.value if query.schema else self._schemas[e_idx]

    def _qualified(
        self, query: Query, e_idx: int, name_score: float
    ) -> tuple[float, list[Qualifier]]:
        """The final score of an entity: name score moved by the non-name evidence."""
        if not (query.schema or query.birth_date or query.country or query.identifiers):
            return round(min(1.0, max(0.0, name_score)), 4), []
        entity = self.index.entities[e_idx]
        linked = (
            [self.index.entities[i] for i in self.links.get(e_idx, ())]
            if query.birth_date or query.country
            else []
        )
        qualifiers = [
            q
            for q in (
                schema_qualifier(query.schema, entity),
                birth_date_qualifier(query.birth_date, entity, linked),
                country_qualifier(query.country, entity, linked),
                identifier_qualifier(query.identifiers, entity),
            )
            if q is not None
        ]
        score = name_score + sum(q.effect for q in qualifiers)
        for q in qualifiers:
            if q.floor is not None:
                score = max(score, q.floor)
        return round(min(1.0, max(0.0, score)), 4), qualifiers

    def _list_mask(self, lists: set[str] | None) -> np.ndarray | None:
        """Which records belong to the wanted lists (None: all of them); cached per set."""
        if not lists:
            return None
        wanted = tuple(sorted(lists))
        if wanted not in self._masks:
            allowed = {i for i, e in enumerate(self.index.entities) if e.list_id in wanted}
            self._masks[wanted] = np.fromiter(
                (r.entity in allowed for r in self.index.records),
                dtype=bool,
                count=len(self.index.records),
            )
        return self._masks[wanted]
