"""The gazetteer: every loaded list name as a sequence of token keys, in one Aho-Corasick
automaton, plus the per-list facts the text rules need (surnames, given names, relations).

Each distinct token key (``stem_key``) gets an id and is written as one character, so a name
is a short string and the automaton only ever matches whole tokens. A text is encoded the
same way (unknown words become a filler, punctuation a barrier) and scanned once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick

from service.engine.index import NameIndex
from service.model import Entity, Schema
from service.names import NAME, NUM
from service.textscan.russian import is_patronymic
from service.textscan.tokens import Token, romanise, stem_key, tokenize

_BASE = 0x10000  # token ids are written as code points from here (clear of surrogates)
FILLER = "\x01"  # a word no list name contains
BARRIER = "\x02"  # punctuation or a sentence end: no name spans it
FULL, SHORT = "full", "short"
_SPLIT = re.compile(r"[\s,]+")


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """Tokens ``first``..``last`` (inclusive) spell a list name (or a person's short form)."""

    first: int
    last: int
    full: frozenset[int]  # entity indices whose whole (legal-form-free) name this is
    short: frozenset[int]  # persons whose given + family name this is


class Gazetteer:
    """Token-key automaton over all names of ``index`` and the facts derived from the lists."""

    def __init__(self, index: NameIndex):
        self.index = index
        self.entities = index.entities
        self.position = {e.id: i for i, e in enumerate(self.entities)}
        self._ids: dict[str, int] = {}
        self._stems: dict[str, str] = {}
        # stems of a name -> (entities with it as whole name, persons with it as short form)
        patterns: dict[tuple[str, ...], tuple[set[int], set[int]]] = {}
        seen: dict[tuple[str, ...], tuple[tuple[str, ...], list[tuple[str, ...]]]] = {}
        schemas = [e.schema for e in self.entities]
        for rec, analysed in zip(index.records, index.analyses, strict=True):
            form = analysed.variants[rec.variant]
            core = tuple(
                t for t, r in zip(form.tokens, form.roles, strict=True) if r in (NAME, NUM)
            )
            if not core:
                continue
            known = seen.get(core)
            if known is None:
                stems = tuple(self._stem(t) for t in core)
                known = seen[core] = (stems, _short_forms(core, stems))
            self._add(patterns, known[0], rec.entity, FULL)
            if schemas[rec.entity] == Schema.PERSON:
                for short in known[1]:
                    self._add(patterns, short, rec.entity, SHORT)
        self._add_native(patterns)
        self._values: list[tuple[int, frozenset[int], frozenset[int]]] = []
        self.automaton = ahocorasick.Automaton()
        for stems, (full, short) in patterns.items():
            key = "".join(self._char(s, True) for s in stems)
            self.automaton.add_word(key, len(self._values))
            self._values.append((len(stems), frozenset(full), frozenset(short)))
        if patterns:
            self.automaton.make_automaton()
        self.surnames, self.given_names = self._person_parts()
        self.related = self._relations()

    def _add_native(self, patterns: dict) -> None:
        """Names in other scripts also as the text tokenizer reads them (Arabic "الأسد" is
        one word here, while name analysis splits off the article)."""
        for e_idx, entity in enumerate(self.entities):
            for name in entity.names:
                if name.script == "Latn" or name.value.isascii():
                    continue
                words = [t.norm for t in tokenize(name.value)[0] if t.norm]
                if not words:
                    continue
                stems = tuple(self._stem(w) for w in words)
                self._add(patterns, stems, e_idx, FULL)
                if entity.schema == Schema.PERSON:
                    for short in _short_forms(tuple(words), stems):
                        self._add(patterns, short, e_idx, SHORT)

    def _stem(self, norm: str) -> str:
        stem = self._stems.get(norm)
        if stem is None:
            stem = self._stems[norm] = stem_key(norm)
        return stem

    def _char(self, stem: str, create: bool) -> str:
        tid = self._ids.get(stem)
        if tid is None:
            if not create:
                return FILLER
            tid = self._ids[stem] = len(self._ids)
        return chr(_BASE + tid)

    @staticmethod
    def _add(patterns: dict, stems: tuple[str, ...], entity: int, kind: str) -> None:
        slot = patterns.get(stems)
        if slot is None:
            slot = patterns[stems] = (set(), set())
        (slot[0] if kind == FULL else slot[1]).add(entity)

    def knows(self, stem: str) -> bool:
        """True when some list name has a token with this key."""
        return stem in self._ids

    def encode(self, tokens: list[Token]) -> str:
        out = []
        for tok in tokens:
            if tok.brk:
                out.append(BARRIER)
            out.append(self._char(tok.stem, False))
        return "".join(out)

    def scan(self, tokens: list[Token]) -> Iterator[GazetteerMatch]:
        """Every list-name occurrence in ``tokens`` (overlapping ones included)."""
        if not self._values or not tokens:
            return
        encoded = self.encode(tokens)
        # character position -> token index (barriers take a position of their own)
        positions: list[int] = []
        for i, tok in enumerate(tokens):
            if tok.brk:
                positions.append(-1)
            positions.append(i)
        for end, value in self.automaton.iter(encoded):
            size, full, short = self._values[value]
            last = positions[end]
            first = last - size + 1
            if first >= 0 and last >= 0:
                yield GazetteerMatch(first, last, full, short)

    def _person_parts(self) -> tuple[dict[str, set[tuple[str, str]]], set[str]]:
        """Family-name key -> distinct persons (family, first given name); given-name keys."""
        surnames: dict[str, set[tuple[str, str]]] = defaultdict(set)
        given_count: dict[str, int] = defaultdict(int)
        for entity in self.entities:
            if entity.schema != Schema.PERSON:
                continue
            for name in entity.names:
                family, given = family_given(name.value, name.family, name.given)
                if not family:
                    continue
                fam = [self._stem(n) for n in map(romanise, family) if n]
                giv = [self._stem(n) for n in map(romanise, given) if n]
                first = giv[0] if giv else ""
                for part in fam:
                    surnames[part].add((" ".join(fam), first))
                if first:
                    given_count[first] += 1
        given_names = {g for g, n in given_count.items() if n >= 2 and len(g) >= 2}
        return dict(surnames), given_names

    def _relations(self) -> dict[int, set[int]]:
        related: dict[int, set[int]] = defaultdict(set)
        for i, entity in enumerate(self.entities):
            for rel in entity.relations:
                j = self.position.get(rel.target_id or "")
                if j is not None and j != i:
                    related[i].add(j)
                    related[j].add(i)
        return dict(related)

    def entity(self, idx: int) -> Entity:
        return self.entities[idx]


def _short_forms(core: tuple[str, ...], stems: tuple[str, ...]) -> list[tuple[str, ...]]:
    """A person's "given family" and "family given" forms (patronymics and middles left out)."""
    keep = [s for t, s in zip(core, stems, strict=True) if not is_patronymic(t)]
    if len(keep) < 2:
        return []
    out = [(keep[0], keep[-1]), (keep[-1], keep[0])]
    if len(keep) > 2:
        out.append((keep[1], keep[0]))  # "SURNAME Given Middle" written as "Given SURNAME"
    return [s for s in out if s != stems]


def family_given(value: str, family: str | None, given: str | None) -> tuple[list[str], list[str]]:
    """Family and given words of a person's name, from the fields or the way it is written."""
    if family:
        return _SPLIT.split(family.strip()), _SPLIT.split((given or "").strip())
    if "," in value:
        head, _, tail = value.partition(",")
        return head.split(), tail.split()
    words = value.split()
    if len(words) < 2:
        return [], []
    caps = [w for w in words if w.isupper() and len(w) > 1]
    if caps and len(caps) < len(words):
        return caps, [w for w in words if w not in caps]
    return words[-1:], words[:-1]
