"""Text clean-up and tokenisation of romanised names.

``tokenize`` works on the lower-case ASCII string produced by ``translit.romanize`` and
returns tokens plus the indices of tokens written as dotted abbreviations ("Przeds.").
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u02bb": "'",
        "\u0060": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\ufeff": "",
        "\u05f4": '"',
        "\u05f3": "'",
        "\u30fb": " ",
        "\u00b7": " ",
    }
)
_SPACES = re.compile(r"\s+")
# Single letters joined by dots ("u.s.", "l.x.c", "s.a.r.l."): the dots are dropped.
_DOTTED = re.compile(r"(?<![a-z0-9])([a-z](?:\.[a-z]){1,6})\.?(?![a-z0-9])")
# A word followed by a dot and a space/end: a written abbreviation ("przeds.").
_ABBREV = re.compile(r"([a-z]{2,})\.(?=\s|,|$)")
_ELISION = re.compile(r"(?<![a-z])([dl])'(?=[a-z])")
_APOS = re.compile(r"(?<=[a-z0-9])'(?=[a-z])|^'|(?<=\s)'|'(?=\s|$)")
_NON_WORD = re.compile(r"[^a-z0-9\x01]+")
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "9": "g", "7": "t"})
_LEET = re.compile(r"(?<=[a-z])[0-9]+(?=[a-z])")
_DIGIT_ALPHA = re.compile(r"(?<=[0-9])(?=[a-z]{3,})|(?<=[a-z]{3})(?=[0-9])")
_HAS_DIGIT = re.compile(r"[0-9]")
_ORDINAL = re.compile(r"^([0-9]+)(st|nd|rd|th|er|e|eme|o|a)$")


def clean(text: str) -> str:
    """NFKC-normalise, unify quotes/dashes/spaces and strip control characters."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    return _SPACES.sub(" ", text).strip()


def _leet(match: re.Match[str]) -> str:
    return match.group(0).translate(_LEET_TABLE)


def tokenize(text: str, person: bool = False) -> tuple[list[str], set[int]]:
    """Split a lower-case ASCII name into tokens.

    Dotted initialisms are joined ("u.s." -> "us"), except for persons where they stay
    separate initials. Returns the tokens and the indices of dotted abbreviations.
    """
    text = text.replace("&", " and ").replace("%", " percent ")
    if "'" in text:
        text = _APOS.sub("", _ELISION.sub("\\1 ", text))
    if "." in text:
        if not person:
            text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
        text = _ABBREV.sub("\\1\x01 ", text)
    if _HAS_DIGIT.search(text):
        text = _LEET.sub(_leet, text)
        text = _DIGIT_ALPHA.sub(" ", text)
    raw = _NON_WORD.split(text)
    tokens: list[str] = []
    abbrevs: set[int] = set()
    for tok in raw:
        if not tok:
            continue
        if tok.endswith("\x01"):
            tok = tok[:-1]
            abbrevs.add(len(tokens))
        elif "\x01" in tok:
            tok = tok.replace("\x01", "")
        if tok:
            tokens.append(tok)
    return tokens, abbrevs


def ordinal_value(token: str) -> str | None:
    """``"1st"`` -> ``"1"``; None when the token is not a digit ordinal."""
    m = _ORDINAL.match(token)
    return m.group(1) if m else None
