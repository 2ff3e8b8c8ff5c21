"""Word tokens with exact character offsets, sentences, and the normalised keys used to match.

Offsets always index the original text (no normalisation is applied to the text as a whole),
so ``text[tok.start:tok.end] == tok.surface`` for every token.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii


def word_set(words: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(words.split())


# A word: letters/digits plus combining marks, with apostrophes inside ("O'Neill", "Novatek's").
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u20d0-\u20ff"
)
_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}]|['\u2019\u02bc](?=[^\W_]))*")
# Han characters and Hangul syllables are one token each (names there are written unspaced).
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7a3]")
_POSSESSIVE = re.compile(r"['\u2019\u02bc][sS]$")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_CYR_SIGNS = str.maketrans("", "", "ьЬъЪ")
# Punctuation between two words that ends a name (a hyphen, apostrophe or '&' does not).
_BREAK_CHARS = frozenset(',;:()[]{}"\u201c\u201d\u201e\u00ab\u00bb<>|/\\!?\u2026\u2013\u2014\u2015')
_SENTENCE_END = re.compile(
    r"(?:[.!?\u2026]+['\"\u2019\u201d\u00bb)\]]*(?=\s|$)|[\u3002\uff01\uff1f]+|\n[ \t]*\n\s*)"
)
_ABBREVIATIONS = word_set(
    """mr mrs ms dr st jr sr inc ltd co corp no vs gen col lt sgt capt gov sen rep prof
    mt ft messrs jan feb mar apr jun jul aug sep sept oct nov dec etc approx dept est
    vol fig op ca cf al univ assn bros"""
)
#: Case endings stripped (longest first) before trailing vowels, in romanised Russian.
_CASE_ENDINGS = (
    "yami",
    "iami",
    "ogo",
    "ego",
    "omu",
    "emu",
    "ykh",
    "ikh",
    "ymi",
    "imi",
    "ami",
    "oyu",
    "oiu",
    "eyu",
    "om",
    "em",
    "ym",
    "im",
    "oy",
    "oi",
    "ey",
    "ei",
)


@dataclass(slots=True)
class Token:
    """One word of the text."""

    start: int
    end: int
    surface: str  # text[start:end] (a possessive "'s" is left outside the token)
    norm: str  # romanised, lower-case, letters and digits only
    stem: str  # norm with Russian case endings and final vowels stripped (match key)
    sentence: int = 0
    brk: bool = False  # punctuation (or a sentence end) between the previous token and this one
    possessive: bool = False  # followed by "'s"
    cyrillic: bool = False

    @property
    def cap(self) -> bool:
        """Starts with an upper-case letter."""
        return self.surface[:1].isupper()

    @property
    def upper(self) -> bool:
        """Written in capitals (an acronym or a shouted word)."""
        return len(self.surface) > 1 and self.surface.isupper()

    @property
    def cased(self) -> bool:
        """Written in a script with letter case."""
        ch = self.surface[:1]
        return ch.isupper() or ch.islower()


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int


@lru_cache(maxsize=300_000)
def romanise(word: str) -> str:
    """Lower-case ASCII letters and digits of one word (any script)."""
    if not word.isascii():
        word = unicodedata.normalize("NFKC", word)
        if _CYRILLIC.search(word):
            word = word.translate(_CYR_SIGNS)
        word = anyascii(word)
    return "".join(ch for ch in word.lower() if ch.isalnum() and ch.isascii())


@lru_cache(maxsize=300_000)
def stem_key(norm: str) -> str:
    """A case-insensitive match key: Russian case endings and final vowels stripped.

    Applied alike to list names and text, so "Deripaskoy", "Deripaski" and "Deripaska" (and
    "Putinym"/"Putin") share one key. Keys keep at least three letters.
    """
    if len(norm) <= 3 or not norm.isalpha():
        return norm
    for ending in _CASE_ENDINGS:
        if norm.endswith(ending) and len(norm) - len(ending) >= 3:
            norm = norm[: -len(ending)]
            break
    end = len(norm)
    while end > 3 and norm[end - 1] in "aeiuy":
        end -= 1
    return norm[:end]


def _make(text: str, start: int, end: int) -> Token:
    surface = text[start:end]
    possessive = False
    match = _POSSESSIVE.search(surface)
    if match and match.start() > 0:
        end -= 2
        surface = surface[:-2]
        possessive = True
    norm = romanise(surface.translate(_APOSTROPHES))
    return Token(
        start,
        end,
        surface,
        norm,
        stem_key(norm),
        possessive=possessive,
        cyrillic=bool(_CYRILLIC.search(surface)),
    )


def _words(text: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if _CJK.search(word):
            pos = start
            for part in re.split(r"(" + _CJK.pattern + r")", word):
                if part:
                    tokens.append(_make(text, pos, pos + len(part)))
                    pos += len(part)
            continue
        tokens.append(_make(text, start, end))
    return [t for t in tokens if t.norm or not t.surface.isascii()]


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if match.group().startswith("\n") or match.group()[0] in "\u3002\uff01\uff1f":
        return True
    if not match.group().startswith("."):
        return True
    head = text[max(0, match.start() - 12) : match.start()]
    word = re.search(r"([^\W\d_]+)$", head)
    if word:
        prev = word.group(1)
        if len(prev) == 1 and prev.isupper():  # an initial ("V. Putin")
            return False
        if prev.lower() in _ABBREVIATIONS:
            return False
    nxt = re.match(r"\s*(\S)", text[match.end() : match.end() + 8])
    return not (nxt and nxt.group(1).islower())


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans (start, end), whitespace trimmed, covering every word of ``text``."""
    spans: list[Sentence] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if not _is_boundary(text, match):
            continue
        _add(text, pos, match.end(), spans)
        pos = match.end()
    _add(text, pos, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append(Sentence(start + lead, start + lead + len(stripped)))


def tokenize(text: str) -> tuple[list[Token], list[Sentence]]:
    """Tokens (with sentence index and break flags) and sentences of ``text``."""
    sentences = split_sentences(text)
    tokens = _words(text)
    s_idx = 0
    prev_end = 0
    prev_sentence = -1
    for tok in tokens:
        while s_idx < len(sentences) - 1 and tok.start >= sentences[s_idx].end:
            s_idx += 1
        tok.sentence = s_idx
        gap = text[prev_end : tok.start]
        tok.brk = (
            s_idx != prev_sentence
            or any(ch in _BREAK_CHARS for ch in gap)
            or " - " in gap
            or "\n\n" in gap
        )
        prev_end, prev_sentence = tok.end, s_idx
    return tokens, sentences


def is_cyrillic(word: str) -> bool:
    return bool(_CYRILLIC.search(word))
