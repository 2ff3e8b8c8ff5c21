"""Candidate retrieval over every loaded name, built once at load time.

Each (entity, name, romanised form) is a *record*. Records are found through keys derived
from their tokens: the token itself, its transliteration skeleton, the concatenation of
adjacent tokens ("petro china" -> "petrochina"), and, for tokens a query does not contain
verbatim, their neighbours at one edit (a deletion index, as in SymSpell). Postings are
numpy arrays; a query sums rarity-weighted hits per record (sorting only the hits) and keeps
the best records for full scoring.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from service.model import Entity, Name
from service.names import AnalyzedName, TokenStats, analyze
from service.names.phonetic import skeleton

#: Keys shared by more records than this are too common to drive retrieval alone.
MAX_POSTINGS = 4000
_MIN_DELETE_LEN = 4


@dataclass(frozen=True, slots=True)
class Record:
    """One searchable form of one name of one entity."""

    entity: int  # index into NameIndex.entities
    name: int  # index into entity.names
    variant: int  # index into the AnalyzedName's variants


def _keys_of(tokens: Sequence[str]) -> set[str]:
    keys = set()
    for token in tokens:
        keys.add(token)
        keys.add("~" + skeleton(token))
    for left, right in zip(tokens, tokens[1:], strict=False):
        keys.add(left + right)
    return keys


def _spellings(name: Name) -> list[str]:
    """The name as listed and, where the source gives its parts, in given-family order.

    Lists such as the UK's write ``SURNAME Given names`` without a comma; the parts tell the
    order, so a query written ``Given Surname`` meets the listed person in the right order.
    """
    if not (name.given and name.family):
        return [name.value]
    ordered = " ".join(p for p in (name.given, name.middle, name.family, name.patronymic) if p)
    if ordered.casefold() == name.value.casefold() or "," in name.value:
        return [name.value]
    return [name.value, ordered]


#: Query words whose retrieval keys are memoised (about 400 bytes each).
TOKEN_MEMO = 20_000


def _deletes(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


class NameIndex:
    """Token, skeleton and edit-distance keys over all names of the loaded entities."""

    def __init__(self, entities: Sequence[Entity]):
        self.entities = list(entities)
        self.records: list[Record] = []
        self.analyses: list[AnalyzedName] = []  # one per record
        # Per record, a number shared by every record whose analysis compares the same (the
        # same name written alike on several lists): the scorer compares each class once.
        self.form_class: list[int] = []
        postings: dict[str, list[int]] = defaultdict(list)
        vocabulary: set[str] = set()
        for e_idx, entity in enumerate(self.entities):
            for n_idx, name in enumerate(entity.names):
                for text in _spellings(name):
                    analysed = analyze(text, entity.schema.value)
                    for v_idx, form in enumerate(analysed.variants):
                        if not form.tokens:
                            continue
                        rec = len(self.records)
                        self.records.append(Record(e_idx, n_idx, v_idx))
                        self.analyses.append(analysed)
                        vocabulary.update(form.tokens)
                        for key in _keys_of(form.tokens):
                            postings[key].append(rec)
        self.form_class = _form_classes(self.analyses)
        self.stats = TokenStats(
            a.variants[r.variant].tokens for a, r in zip(self.analyses, self.records, strict=True)
        )
        self.postings = {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()}
        self.record_weight = np.asarray(
            [
                self._form_weight(a.variants[r.variant].tokens)
                for a, r in zip(self.analyses, self.records, strict=True)
            ],
            dtype=np.float32,
        )
        self.deletes = self._build_deletes(vocabulary)
        self._token_memo: dict[str, tuple[tuple[str, float], ...]] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickle everything but the entities, which the catalog already holds."""
        state = dict(self.__dict__)
        state["entities"] = None
        state.pop("_token_memo", None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._token_memo = {}

    def attach(self, entities: Sequence[Entity]) -> None:
        """Give an unpickled index back the entities it was built from."""
        self.entities = list(entities)

    def _form_weight(self, tokens: Iterable[str]) -> float:
        return sum(self.stats.weight(t) for t in tokens) or 1.0

    @staticmethod
    def _build_deletes(tokens: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for token in tokens:
            if len(token) >= _MIN_DELETE_LEN and not token.isdigit():
                for i in range(len(token)):
                    key = token[:i] + token[i + 1 :]
                    found = out.get(key)
                    if found is None:
                        out[key] = [token]
                    else:
                        found.append(token)
        return out

    def __len__(self) -> int:
        return len(self.records)

    def neighbours(self, token: str) -> set[str]:
        """Indexed tokens within one edit (insert, delete, substitute, adjacent swap)."""
        if len(token) < _MIN_DELETE_LEN or token.isdigit():
            return set()
        found = set(self.deletes.get(token, ()))
        for key in _deletes(token):
            if key in self.postings:
                found.add(key)
            found.update(self.deletes.get(key, ()))
        found.discard(token)
        return found

    def _token_keys(self, token: str) -> tuple[tuple[str, float], ...]:
        """The keys one query token looks up (itself, its skeleton, indexed words one edit
        away), each with its retrieval weight; memoised, as query words recur."""
        found = self._token_memo.get(token)
        if found is None:
            weight = self.stats.weight(token)
            found = ((token, weight), ("~" + skeleton(token), 0.9 * weight)) + tuple(
                (near, 0.8 * self.stats.weight(near)) for near in self.neighbours(token)
            )
            if len(self._token_memo) >= TOKEN_MEMO:
                self._token_memo.clear()
            self._token_memo[token] = found
        return found

    def _query_keys(self, tokens: Sequence[str]) -> list[tuple[str, float]]:
        """Keys to look up for a query form, each with its retrieval weight."""
        keys: dict[str, float] = {}
        for token in tokens:
            for key, weight in self._token_keys(token):
                if weight > keys.get(key, 0.0):
                    keys[key] = weight
        for left, right in zip(tokens, tokens[1:], strict=False):
            joined = left + right
            keys[joined] = max(keys.get(joined, 0.0), self.stats.weight(joined) + 0.5)
        if len(tokens) > 1 or len(tokens[0]) > 6:
            joined = "".join(tokens)
            keys[joined] = max(keys.get(joined, 0.0), 1.0)
        return list(keys.items())

    def candidates(
        self, query: AnalyzedName, limit: int = 60, mask: np.ndarray | None = None
    ) -> list[int]:
        """Record ids most likely to match ``query``, best first (at most ``limit``)."""
        return [rec for rec, _ in self.ranked(query, limit, mask)]

    def ranked(
        self, query: AnalyzedName, limit: int = 60, mask: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """``(record id, relevance)`` of the records most likely to match, best first.

        Relevance is the rarity-weighted share of the two names' words that meet through a
        key. ``mask`` (one bool per record) restricts the search, e.g. to some lists.
        """
        ids: list[np.ndarray] = []
        weights: list[float] = []
        common: list[tuple[np.ndarray, float]] = []
        query_weight = 0.0
        for form in query.variants:
            if not form.tokens:
                continue
            query_weight = max(query_weight, sum(self.stats.weight(t) for t in form.tokens))
            for key, weight in self._query_keys(form.tokens):
                hits = self.postings.get(key)
                if hits is None:
                    continue
                if len(hits) > MAX_POSTINGS:
                    common.append((hits, weight))
                    continue
                ids.append(hits)
                weights.append(weight)
        if not ids and common:
            common.sort(key=lambda item: len(item[0]))
            ids.append(common[0][0])
            weights.append(common[0][1])
        if not ids:
            return []
        touched, sums = _sum_by_record(ids, weights)
        if mask is not None:
            keep = mask[touched]
            touched, sums = touched[keep], sums[keep]
            if not len(touched):
                return []
        # Weighted overlap relative to the larger of the two names: long names that share one
        # word with the query rank below names made mostly of the query's words.
        denom = np.maximum(self.record_weight[touched], max(query_weight, 1e-6))
        relevance = sums / denom
        if len(touched) > limit:
            top = np.argpartition(-relevance, limit)[:limit]
        else:
            top = np.arange(len(touched))
        order = top[np.argsort(-relevance[top], kind="stable")]
        return list(zip(touched[order].tolist(), relevance[order].tolist(), strict=True))


def _form_classes(analyses: Sequence[AnalyzedName]) -> list[int]:
    """Number the analyses alike in all the scorer reads (everything but the raw text)."""
    classes: dict[tuple, int] = {}
    out = []
    for a in analyses:
        key = (a.variants, a.schema, a.legal_forms, a.is_vessel_prefix_stripped)
        out.append(classes.setdefault(key, len(classes)))
    return out


def _sum_by_record(ids: list[np.ndarray], weights: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """(record ids hit, summed key weight of each): the postings' weights added per record.

    Sorts only the ids hit (a few thousand) rather than counting over every record."""
    all_ids = np.concatenate(ids)
    all_weights = np.repeat(np.asarray(weights, dtype=np.float32), [len(h) for h in ids])
    order = np.argsort(all_ids, kind="stable")
    ordered = all_ids[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    sums = np.add.reduceat(all_weights[order].astype(np.float64), starts)
    return ordered[starts], sums


def recall_at(index: NameIndex, query: AnalyzedName, wanted: set[int], limit: int) -> bool:
    """True when any record of the wanted entities is among the candidates (for benchmarks)."""
    return any(index.records[r].entity in wanted for r in index.candidates(query, limit))


def idf(df: int, total: int) -> float:
    """Inverse document frequency scaled to about [0, 1]."""
    return math.log((total + 1) / (df + 1)) / math.log(total + 1)
