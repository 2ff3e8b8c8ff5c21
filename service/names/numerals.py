"""Numerals in names: digits, number words (with common misspellings), ordinals and
roman numerals, canonicalised to a decimal string ("Fourty-four" -> "44", "XII" -> "12").
"""

from __future__ import annotations

import re

from service.names.normalize import ordinal_value

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "ninty": 90,
    "twentieth": 20,
    "thirtieth": 30,
}
_WORDS = frozenset(_UNITS) | frozenset(_TENS)
_ROMAN = re.compile(r"^(?=[ivxl])(xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
#: Roman numerals a person name may end with (generational suffixes).
_PERSON_ROMAN = frozenset({"ii", "iii", "iv"})
#: Words that introduce a number and are dropped ("No. 3", "Nr 3", "#3").
NUMBER_MARKERS = frozenset({"no", "nr", "nro", "num", "number", "numero", "n", "dai"})


def roman_value(token: str) -> int | None:
    """Value of a roman numeral token (i..xlix), else None."""
    if token.strip("ivxl") or not _ROMAN.match(token):
        return None
    total, prev = 0, 0
    for ch in reversed(token):
        v = _ROMAN_VALUES[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def word_value(token: str) -> int | None:
    if token in _UNITS:
        return _UNITS[token]
    return _TENS.get(token)


def canonical_numerals(tokens: list[str], person: bool) -> tuple[list[str], set[int]]:
    """Replace numeral tokens by decimal strings; return tokens and numeral indices.

    Tens followed by a unit ("forty four", "forty 4") merge into one number. Roman
    numerals count only after the first token; a single-letter one (I, V, X) only as the
    last token of a non-person name, and a person name only takes II, III, IV.
    """
    if not any(t[0].isdigit() or t in _WORDS or not t.strip("ivxl") for t in tokens):
        return tokens, set()
    out: list[str] = []
    idx: set[int] = set()
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        value: int | None = None
        if tok.isdigit():
            value = int(tok)
        elif tok[0].isdigit():
            ordv = ordinal_value(tok)
            value = int(ordv) if ordv is not None else None
            if value is None:
                out.append(tok)
                idx.add(len(out) - 1)
                i += 1
                continue
        else:
            value = word_value(tok)
            if value is None and i > 0:
                value = _roman(tok, i == n - 1, person)
        if value is None:
            out.append(tok)
            i += 1
            continue
        if value in _TENS.values() and i + 1 < n:
            nxt = tokens[i + 1]
            unit = _UNITS.get(nxt) if not nxt.isdigit() else int(nxt)
            if unit is not None and 0 < unit < 10:
                value += unit
                i += 1
        if out and out[-1] in NUMBER_MARKERS:
            out.pop()
        out.append(str(value))
        idx.add(len(out) - 1)
        i += 1
    return out, idx


def _roman(tok: str, last: bool, person: bool) -> int | None:
    if person:
        return roman_value(tok) if last and tok in _PERSON_ROMAN else None
    if len(tok) == 1 and not last:
        return None
    return roman_value(tok)
