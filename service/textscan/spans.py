"""Candidate spans: gazetteer matches, capitalised name spans, legal-form spans; type cues."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.textscan import lexicon as lx
from service.textscan.gazetteer import Gazetteer
from service.textscan.russian import candidates as nominatives
from service.textscan.russian import is_patronymic_cyr
from service.textscan.tokens import Token, romanise, word_set

_OPEN_QUOTES = "\"'\u00ab\u201c\u201e\u2018\u201a"
_CLOSE_QUOTES = "\"'\u00bb\u201d\u201c\u2019"
#: Words that start a sentence without being part of a name.
STARTERS = word_set(
    """the a an in on at after before yesterday today meanwhile however but and when while
    as if although since during last this that these those according for with without
    among amid despite both then there here also even still instead later earlier under
    over from by to of asked said speaking facing others many some most several
    v vo na po s so iz za dlya ot do pri o ob i no a kak eto tak uzhe odnako takzhe krome
    posle k ko u"""
)
#: Role words that, written right after an organisation's name, name its person ("X chief").
#: Longest capitalised run taken as one name (tokens).
MAX_SPAN = 8
_AND = frozenset({"and", "y", "i", "et", "und"})
_ORG_ROLES = word_set(
    "chief ceo boss head chairman executive director shareholder owner founder president"
)


@dataclass(slots=True)
class Candidate:
    """Tokens ``first``..``last`` (inclusive) that may name a listed party."""

    first: int
    last: int
    sources: set[str] = field(default_factory=set)
    full: frozenset[int] = frozenset()
    short: frozenset[int] = frozenset()

    @property
    def size(self) -> int:
        return self.last - self.first + 1


def forms(tok: Token) -> list[str]:
    """Romanised forms of a token: itself, plus its nominatives when it is Cyrillic."""
    if not tok.cyrillic:
        return [tok.norm]
    return [romanise(w) for w in nominatives(tok.surface.lower())]


def is_role(tok: Token) -> bool:
    return any(lx.role_key(f) for f in forms(tok))


def _capword(tok: Token) -> bool:
    return tok.cap and tok.cased


def capitalised_spans(tokens: list[Token]) -> list[tuple[int, int]]:
    """Maximal runs of capitalised words (with "of"/"de"-like connectors and numbers inside)."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        if not _capword(tokens[i]):
            i += 1
            continue
        j = i
        while not tokens[j].possessive and j + 1 < n and not tokens[j + 1].brk:
            nxt = tokens[j + 1]
            if _capword(nxt) or (
                nxt.norm.isdigit()
                and len(nxt.norm) <= 3
                and (j + 2 >= n or tokens[j + 2].brk or not tokens[j + 2].cap)
            ):  # a number ends a name ("Arctic LNG 2"), it does not join two
                j += 1
                continue
            m = j + 1
            while (
                m < n
                and m - j <= 2
                and not tokens[m].brk
                and not tokens[m].cap
                and tokens[m].norm in lx.CONNECTORS
            ):
                m += 1
            if m > j + 1 and m < n and not tokens[m].brk and _capword(tokens[m]):
                j = m
                continue
            break
        for a, b in _split_roles(tokens, i, j):
            if b - a < MAX_SPAN:  # a longer run is title-case prose, not one name
                spans.append((a, b))
                spans.extend(_split_and(tokens, a, b))
        i = j + 1
    return spans


def _split_and(tokens: list[Token], first: int, last: int) -> list[tuple[int, int]]:
    """ "Gref and VTB" may be two names: the parts around "and" are candidates as well."""
    out = []
    for k in range(first + 1, last):
        if tokens[k].norm in _AND and not tokens[k].cap:
            out.extend([(first, k - 1), (k + 1, last)])
            out.extend(_split_and(tokens, first, k - 1) + _split_and(tokens, k + 1, last))
    return out


def _split_roles(tokens: list[Token], first: int, last: int) -> list[tuple[int, int]]:
    """Cut a span at role words ("Finance Minister Anton Siluanov") and drop leading starters."""
    out: list[tuple[int, int]] = []
    start = first
    for k in range(first, last + 1):
        if is_role(tokens[k]):
            if k > start:
                out.append((start, k - 1))
            start = k + 1
    if start <= last:
        out.append((start, last))
    trimmed = []
    for a, b in out:
        while a < b and tokens[a].norm in STARTERS:
            a += 1
        while b > a and tokens[b].norm in lx.CONNECTORS:
            b -= 1
        while a < b and tokens[a].norm in lx.CONNECTORS and not tokens[a].cap:
            a += 1
        trimmed.append((a, b))
    return trimmed


def quoted(text: str, tokens: list[Token], first: int, last: int) -> bool:
    """The span is written inside quotation marks (a common way to name companies)."""
    before = text[max(0, tokens[first].start - 3) : tokens[first].start].rstrip()
    after = text[tokens[last].end : tokens[last].end + 3].lstrip()
    return (
        bool(before) and before[-1] in _OPEN_QUOTES and bool(after) and (after[0] in _CLOSE_QUOTES)
    )


def legal_form_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """A legal form followed by a quoted name (ПАО «Сбербанк», OOO "Romashka")."""
    spans = []
    for i, tok in enumerate(tokens[:-1]):
        if tok.norm not in lx.LEGAL_FORMS or not tokens[i + 1].brk:
            continue
        gap = text[tok.end : tokens[i + 1].start]
        if not any(ch in _OPEN_QUOTES for ch in gap):
            continue
        j = i + 1
        while j + 1 < len(tokens) and not tokens[j + 1].brk:
            j += 1
        if j - i <= 6:
            spans.append((i, j))
    return spans


def _near(tokens: list[Token], first: int, last: int, before: int, after: int) -> list[Token]:
    sentence = tokens[first].sentence
    lo, hi = max(0, first - before), min(len(tokens), last + 1 + after)
    return [t for t in tokens[lo:first] + tokens[last + 1 : hi] if t.sentence == sentence]


def vessel_context(tokens: list[Token], first: int, last: int) -> bool:
    """A vessel word shortly before the name, or an IMO number shortly after it."""
    before = [t for t in tokens[max(0, first - 3) : first] if t.sentence == tokens[first].sentence]
    if any(f in lx.VESSEL_NORMS for t in before for f in forms(t)):
        return True
    after = tokens[last + 1 : last + 7]
    return any(t.norm == "imo" for t in after if t.sentence == tokens[last].sentence)


def type_cue(
    text: str, tokens: list[Token], first: int, last: int, gaz: Gazetteer
) -> tuple[str | None, str]:
    """A type guessed from the span and its context: (type or None, the cue)."""
    words = tokens[first : last + 1]
    if vessel_context(tokens, first, last):
        return "vessel", "a vessel word or IMO number next to the name"
    norms = {f for t in words for f in forms(t)}
    if norms & lx.LEGAL_FORMS:
        return "organization", "legal form in the name"
    if quoted(text, tokens, first, last):
        return "organization", "name in quotation marks"
    if norms & lx.ORG_NORMS:
        return "organization", "organisation word in the name"
    nxt = tokens[last + 1] if last + 1 < len(tokens) else None
    if (
        nxt is not None
        and nxt.sentence == words[-1].sentence
        and not nxt.cap
        and any(f in _ORG_ROLES for f in forms(nxt))
    ):
        return "organization", f"followed by {nxt.surface!r}"
    prev = tokens[first - 1] if first > 0 else None
    if (
        len(words) >= 2
        and prev is not None
        and prev.sentence == words[0].sentence
        and is_role(prev)
    ):  # one word after a role may be a genitive ("глава ВТБ")
        return "person", f"after the role word {prev.surface!r}"
    if any(t.cyrillic and is_patronymic_cyr(t.surface) for t in words):
        return "person", "patronymic"
    if (
        len(words) >= 2
        and words[0].stem in gaz.given_names
        and words[-1].norm not in (lx.ORG_NORMS | lx.LEGAL_FORMS)
    ):
        return "person", f"{words[0].surface!r} is a given name"
    return None, ""
