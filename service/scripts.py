"""Writing-system detection: which ISO 15924 script a name is written in."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Unicode character-name prefixes mapped to ISO 15924 codes.
_PREFIXES: tuple[tuple[str, str], ...] = (
    ("LATIN", "Latn"),
    ("CYRILLIC", "Cyrl"),
    ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"),
    ("GREEK", "Grek"),
    ("ARMENIAN", "Armn"),
    ("GEORGIAN", "Geor"),
    ("CJK", "Hani"),
    ("HIRAGANA", "Jpan"),
    ("KATAKANA", "Jpan"),
    ("HANGUL", "Hang"),
    ("THAI", "Thai"),
    ("MYANMAR", "Mymr"),
    ("KHMER", "Khmr"),
    ("DEVANAGARI", "Deva"),
    ("BENGALI", "Beng"),
    ("TAMIL", "Taml"),
    ("ETHIOPIC", "Ethi"),
    ("SYRIAC", "Syrc"),
    ("THAANA", "Thaa"),
    ("LAO", "Laoo"),
    ("TIBETAN", "Tibt"),
    ("MONGOLIAN", "Mong"),
    ("GUJARATI", "Gujr"),
    ("GURMUKHI", "Guru"),
    ("TELUGU", "Telu"),
    ("KANNADA", "Knda"),
    ("MALAYALAM", "Mlym"),
    ("SINHALA", "Sinh"),
    ("BOPOMOFO", "Bopo"),
    ("HALFWIDTH KATAKANA", "Jpan"),
)


@lru_cache(maxsize=4096)
def char_script(ch: str) -> str | None:
    """Script of one letter, or None for digits, punctuation and spaces."""
    if not ch.isalpha():
        return None
    if ch < "\u0250":
        return "Latn"
    name = unicodedata.name(ch, "")
    for prefix, code in _PREFIXES:
        if name.startswith(prefix):
            return code
    return "Zyyy"


def detect_script(text: str) -> str:
    """The dominant script of ``text`` (``Latn`` when it has no letters)."""
    counts: dict[str, int] = {}
    for ch in text:
        code = char_script(ch)
        if code:
            counts[code] = counts.get(code, 0) + 1
    if not counts:
        return "Latn"
    return max(counts.items(), key=lambda item: item[1])[0]
