"""Screen free text: find every span that may name a listed party, score it with the engine,
keep the hits the text supports, group repeated mentions and collect context evidence."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from typing import Any

from service.engine.receipt import build_receipt
from service.engine.screen import Engine, Hit, Query
from service.errors import ScreeningError
from service.textscan import lexicon as lx
from service.textscan.decide import SpanFacts, is_generic, judge, surname_problems
from service.textscan.gazetteer import Gazetteer
from service.textscan.group import add_evidence, group_mentions
from service.textscan.result import Judged, Mention, TextScreenResult
from service.textscan.russian import best_nominative
from service.textscan.spans import (
    Candidate,
    capitalised_spans,
    forms,
    legal_form_spans,
    type_cue,
    vessel_context,
)
from service.textscan.tokens import Token, romanise, tokenize

_AND = frozenset({"and", "y", "i", "et", "und"})
#: Default cap on the text size (UTF-8 bytes).
MAX_TEXT_BYTES = 1_000_000
#: Hits kept per mention.
HIT_LIMIT = 10
#: Mentions whose best hit scores below this are not reported (nothing close on the lists).
REPORT_FLOOR = 0.5


class TextTooLarge(ScreeningError):
    """The text exceeds the configured size cap (HTTP 413)."""

    status_code = 413

    def __init__(self, size: int, limit: int):
        self.size = size
        self.limit = limit
        super().__init__(f"text is {size} bytes; the limit is {limit} bytes")


class TextScanner:
    """Built once per engine (the gazetteer takes about a second on all lists); thread-safe."""

    def __init__(
        self,
        engine: Engine,
        *,
        max_bytes: int = MAX_TEXT_BYTES,
        hit_limit: int = HIT_LIMIT,
        report_floor: float = REPORT_FLOOR,
    ):
        self.engine = engine
        self.stats = engine.index.stats
        self.gaz = Gazetteer(engine.index)
        self.max_bytes = max_bytes
        self.hit_limit = hit_limit
        self.report_floor = report_floor
        self.places = lx.places()

    def screen(
        self, text: str, threshold: float | None = None, lists: Iterable[str] | None = None
    ) -> TextScreenResult:
        """All mentions of listed parties in ``text``, with hits, groups and a summary."""
        started = time.perf_counter()
        if not isinstance(text, str):
            raise TypeError("text must be a str")
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_bytes:
            raise TextTooLarge(size, self.max_bytes)
        threshold = self.engine.threshold if threshold is None else threshold
        lists = sorted(set(lists)) if lists else None
        tokens, sentences = tokenize(text)
        run = _Run(self, text, tokens, threshold, lists)
        mentions = run.mentions()
        groups = group_mentions(mentions)
        kept = _resolve_overlaps(mentions)
        shown = [
            m for m in kept if m.alert or (m.hits and m.hits[0].hit.score >= self.report_floor)
        ]
        kept_ids = {id(m) for m in kept}
        for group in groups:
            group.members = [m for m in group.members if id(m) in kept_ids]
        groups = [g for g in groups if g.members]
        add_evidence(groups, tokens, self.gaz)
        shown_ids = {id(m) for m in shown}
        groups = [g for g in groups if any(id(m) in shown_ids for m in g.members)]
        groups.sort(key=lambda g: min(m.start for m in g.members if id(m) in shown_ids))
        for n, group in enumerate(groups, 1):
            group.id = f"g{n}"
            group.members = [m for m in group.members if id(m) in shown_ids]
            for m in group.members:
                m.group = n
        shown.sort(key=lambda m: m.start)
        for n, m in enumerate(shown, 1):
            m.id = f"m{n}"
        stats = {
            "characters": len(text),
            "sentences": len(sentences),
            "tokens": len(tokens),
            "candidates": len(mentions),
            "screened": len(run.cache),
            "threshold": threshold,
            "lists": lists,
            "text_sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
            "elapsed_ms": 0.0,
        }
        result = TextScreenResult(shown, groups, [(s.start, s.end) for s in sentences], text, stats)
        result.receipt = _receipt(self.engine, kept, threshold, self.hit_limit, lists)
        stats["elapsed_ms"] = round((time.perf_counter() - started) * 1000, 2)
        return result


class _Run:
    """One screening of one text."""

    def __init__(
        self,
        scanner: TextScanner,
        text: str,
        tokens: list[Token],
        threshold: float,
        lists: list[str] | None,
    ):
        self.s = scanner
        self.text = text
        self.tokens = tokens
        self.threshold = threshold
        self.lists = lists
        self.cache: dict[str, list[Hit]] = {}
        self.alerting_stems: set[str] = set()
        self.judged: dict[tuple[str, SpanFacts], list[Judged]] = {}
        self.lower_seen = {t.norm for t in tokens if t.cased and not t.cap}
        self.shouting = _shouting_sentences(tokens)

    def candidates(self) -> list[Candidate]:
        found: dict[tuple[int, int], Candidate] = {}

        def add(first: int, last: int, source: str) -> Candidate:
            cand = found.get((first, last))
            if cand is None:
                cand = found[(first, last)] = Candidate(first, last)
            cand.sources.add(source)
            return cand

        caps = capitalised_spans(self.tokens)
        for first, last in caps:
            add(first, last, "capitalised")
        for first, last in legal_form_spans(self.text, self.tokens):
            add(first, last, "legal-form")
        cased_text = any(t.cap for t in self.tokens) and bool(self.lower_seen)
        inside: list[tuple[int, int]] = []
        cap_of = {k: (a, b) for a, b in caps for k in range(a, b + 1)}
        for match in self.s.gaz.scan(self.tokens):
            words = self.tokens[match.first : match.last + 1]
            if cased_text and all(w.cased and not w.cap for w in words):
                continue  # lower-case words in a normally written text are not a name
            cand = add(match.first, match.last, "gazetteer")
            span = cap_of.get(match.first)
            if match.first == match.last and span and span[0] < span[1]:
                cand.sources.add("inside")  # one word of a longer capitalised name
            cand.full |= match.full
            cand.short |= match.short
            inside.append((match.first, match.last))
        # "ВТБ Андрей Костин": what is left of a capitalised span around a list name
        for f, last_ in inside:
            span = cap_of.get(f)
            if last_ == f or span is None or last_ > span[1] or (f, last_) == span:
                continue  # one listed word inside a longer name leaves no name
            first, last = span
            if f > first:
                add(first, f - 1, "beside-name")
            if last_ < last:
                add(last_ + 1, last, "beside-name")
        return sorted(found.values(), key=lambda c: (c.first, -c.last))

    def mentions(self) -> list[Mention]:
        built = [(cand, *self._mention(cand)) for cand in self.candidates()]
        full_name_stems = {
            m.stems[i]
            for c, m, f in built
            if 2 <= m.size <= 4
            and (c.short or (f.type_guess == "person" and m.size == 2))
            and not any(s in _AND for s in m.stems)
            for i in (0, -1)
        }
        # longer names first: a single word is then screened only if it may be one of them
        for cand, mention, facts in sorted(built, key=lambda b: b[1].size == 1):
            if mention.size == 1 and not cand.full and not self._single_worth(mention, facts):
                continue
            if self._worth_screening(cand, facts, full_name_stems):
                self._screen(mention, facts)
        return [m for _, m, _ in built]

    def _single_worth(self, mention: Mention, facts: SpanFacts) -> bool:
        """A word that is no whole listed name may still be an acronym ("VTB" of "VTB Bank"),
        a company named so in context, a word of a longer alerting name ("Wagner"), or a
        distinctive surname; any other word is not screened."""
        if self.tokens[mention.first].upper or facts.org_signal:
            return True
        if facts.stem in self.alerting_stems:
            return True
        return not surname_problems(facts, self.s.gaz, self.s.stats)

    def _mention(self, cand: Candidate) -> tuple[Mention, SpanFacts]:
        toks = self.tokens[cand.first : cand.last + 1]
        guess, cue = type_cue(self.text, self.tokens, cand.first, cand.last, self.s.gaz)
        norms = [t.norm for t in toks]
        stems = tuple(t.stem for t in toks)
        first = toks[0]
        single = len(toks) == 1
        sentence_start = cand.first == 0 or self.tokens[cand.first - 1].sentence != first.sentence
        facts = SpanFacts(
            single=single,
            norm=first.norm,
            forms=tuple(forms(first)),
            stem=first.stem,
            place=stems in self.s.places
            or (single and any((f,) in self.s.places for f in _stems_of(first))),
            common=single
            and (
                first.norm in lx.COMMON_NORMS
                or first.norm in self.lower_seen
                or any(f in lx.COMMON_NORMS for f in forms(first))
            ),
            generic=is_generic(norms, self.s.stats, lx.COMMON_NORMS),
            vessel_context=vessel_context(self.tokens, cand.first, cand.last),
            type_guess=guess,
            sentence_start=sentence_start,
            shouting=first.sentence in self.shouting,
            org_signal=guess == "organization" or first.upper,
            full=cand.full,
            capitalised=first.cap or first.upper,
        )
        mention = Mention(
            first=cand.first,
            last=cand.last,
            start=first.start,
            end=toks[-1].end,
            surface=self.text[first.start : toks[-1].end],
            sentence=first.sentence,
            query=self._query(toks),
            type=guess or "",
            type_cue=cue,
            sources=set(cand.sources),
            stems=stems,
        )
        return mention, facts

    def _query(self, toks: list[Token]) -> str:
        count = self.s.stats.count
        words = [
            best_nominative(t.surface, count, romanise) if t.cyrillic else t.surface for t in toks
        ]
        return " ".join(words)

    def _worth_screening(
        self, cand: Candidate, facts: SpanFacts, full_name_stems: set[str]
    ) -> bool:
        """Only spans that could alert go to the engine (the rest cost time for nothing)."""
        if facts.place or facts.generic:
            return False
        if facts.single:
            if (
                facts.common
                or not facts.capitalised
                or (len(facts.norm) <= 2 and not self.tokens[cand.first].upper)
            ):
                return False
            if not cand.sources & {"capitalised", "beside-name"} and (
                cand.sources & {"inside", "remainder"}
            ):
                return False  # "Day" of "Victory Day" is not a name of its own
            if facts.stem in full_name_stems:
                return bool(cand.full)  # a back-reference: it takes the full name's hits
            return bool(cand.full) or self.s.gaz.knows(facts.stem)
        toks = self.tokens[cand.first : cand.last + 1]
        if cand.full or cand.short:
            return True
        if any(t.norm in _AND and not t.cap for t in toks):
            return False  # "Putin and Xi": its parts are screened on their own
        return any(
            self.s.gaz.knows(t.stem)
            or (len(t.norm) >= 5 and self.s.engine.index.neighbours(t.norm))
            for t in toks
        )

    def _screen(self, mention: Mention, facts: SpanFacts) -> None:
        hits = self.cache.get(mention.query)
        if hits is None:
            query = Query.build(mention.query)
            hits = self.s.engine.screen(
                query, limit=self.s.hit_limit, threshold=self.threshold, lists=self.lists
            )
            self.cache[mention.query] = hits
        mention.screened = True
        judged = self.judged.get((mention.query, facts))
        if judged is None:
            judged = []
            for hit in hits:
                reasons = judge(hit, facts, self.s.gaz, self.s.stats)
                judged.append(Judged.of(hit, reasons, alert=not reasons))
            judged.sort(key=lambda j: (not j.hit.alert, -j.hit.score))
            self.judged[(mention.query, facts)] = judged
        mention.hits = list(judged)
        mention.alert = any(j.hit.alert for j in judged)
        if mention.alert and mention.size > 1:
            self.alerting_stems.update(mention.stems)
        if judged:
            best = judged[0]
            mention.reasons = (
                [f"matches {best.hit.entity.name!r} ({best.hit.score:.2f})"]
                if mention.alert
                else list(best.reasons)
            )
            if mention.alert and facts.single and best.hit.entity.schema == "person":
                mention.reasons = [
                    f"surname alone, but only one listed person has it ({best.hit.entity.name!r})"
                ]
            if not mention.type:
                mention.type = str(best.hit.entity.schema)
                mention.type_cue = "type of the best hit"
        if not mention.type:
            mention.type = "person" if mention.size >= 2 else "organization"
            mention.type_cue = "default"


def _stems_of(tok: Token) -> list[str]:
    from service.textscan.tokens import stem_key

    return [stem_key(f) for f in forms(tok)]


def _shouting_sentences(tokens: list[Token]) -> set[int]:
    """Sentences in title case or capitals: there a capital letter says nothing."""
    counts: dict[int, list[int]] = {}
    for tok in tokens:
        if tok.cased and len(tok.norm) >= 4:
            pair = counts.setdefault(tok.sentence, [0, 0])
            pair[0] += 1
            pair[1] += tok.cap
    return {s for s, (n, caps) in counts.items() if n >= 4 and caps / n >= 0.9}


def _resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Of overlapping spans keep the best: alerting first, then higher score, then longer."""

    def rank(m: Mention) -> tuple:
        best = m.hits[0].hit.score if m.hits else 0.0
        return (not m.alert, -m.size, -best, m.start)

    taken: set[int] = set()
    kept = []
    for m in sorted(mentions, key=rank):
        span = set(range(m.first, m.last + 1))
        if span & taken:
            continue
        taken |= span
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _receipt(
    engine: Engine, mentions: list[Mention], threshold: float, limit: int, lists: list[str] | None
) -> dict[str, Any]:
    """A receipt (``service.engine.receipt``) over every span with hits: the query is the
    screened name with the span's offsets as its id, the results carry the final verdicts.

    """
    with_hits = [m for m in mentions if m.hits]
    queries = [Query.build(m.query, id=f"{m.start}-{m.end}") for m in with_hits]
    results = [[j.hit for j in m.hits] for m in with_hits]
    return build_receipt(
        engine, queries, results, threshold=threshold, limit=limit, lists=lists
    ).to_dict()
