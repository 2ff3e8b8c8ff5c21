"""Phonetic-ish skeletons that make romanisation variants of one name meet.

``skeleton`` keeps vowels but folds the usual transliteration alternatives (kh/h, zh/j,
ts/tz, -iy/-y/-i, ph/f, doubled letters, ou/u, w/v...): Sechin/Setchin,
Gennadiy/Gennady, Zhelvinsky/Jelvinskiy, Mohammed/Mohamed meet.
``consonant_key`` drops vowels and semi-vowels: used against abjad scripts (Arabic,
Hebrew) whose romanisations lack vowels. ``korean_key`` folds Korean romanisation
systems (Revised, McCune-Reischauer, common spellings) of one syllable; it keeps initial
h, y and w, which tell syllables apart (현 hyeon is not 연 yeon, 광 gwang is not 강 gang).
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIGRAPHS = [
    ("shch", "S"),
    ("sch", "S"),
    ("tsch", "C"),
    ("tch", "C"),
    ("dzh", "J"),
    ("zh", "J"),
    ("dj", "J"),
    ("kh", "h"),
    ("ch", "C"),
    ("sh", "S"),
    ("ph", "f"),
    ("th", "t"),
    ("ck", "k"),
    ("ts", "Z"),
    ("tz", "Z"),
    ("gh", "g"),
    ("dh", "d"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ie", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("ij", "i"),
    ("iy", "i"),
    ("yi", "i"),
    ("ii", "i"),
    ("ae", "a"),
    ("oe", "o"),
    ("ue", "u"),
    ("ay", "ai"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("c", "k"),
    ("y", "i"),
]
_DIGRAPH_RE = re.compile("|".join(re.escape(k) for k, _ in _DIGRAPHS))
_DIGRAPH_MAP = dict(_DIGRAPHS)
_INNER_J = re.compile(r"(?<=[a-zA-Z])j")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]")
_PLAIN_VOWELS = frozenset("aeiou")


def _digraph(match: re.Match[str]) -> str:
    return _DIGRAPH_MAP[match[0]]


def first_of_run(match: re.Match[str]) -> str:
    """Replacement for a run of one letter: the letter once (a function substitutes
    several times faster than the template ``r"\\1"``)."""
    return match[1]


@lru_cache(maxsize=262144)
def skeleton(token: str) -> str:
    """Transliteration-insensitive form of one lower-case ASCII token."""
    if len(token) <= 1 or token.isdigit():
        return token
    s = _INNER_J.sub("y", token) if "j" in token[1:] else token
    if s[0] == "j":
        s = "J" + s[1:]
    elif s[0] == "x":  # pinyin Xi, Xu: "si", "su"
        s = "s" + s[1:]
    elif s.startswith(("hsi", "hsu")):  # Wade-Giles Hsi, Hsu
        s = s[1:]
    s = _DIGRAPH_RE.sub(_digraph, s)
    s = _DOUBLE.sub(first_of_run, s)
    if s[-1:] == "h" and s[-2:-1] in _PLAIN_VOWELS:  # a final h after a vowel is silent
        s = s[:-1]
    return s.replace("ii", "i") or token


_ABJAD_DROP = re.compile(r"[aeiouyvwI']")


@lru_cache(maxsize=262144)
def consonant_key(token: str) -> str:
    """Consonants only, semi-vowels and h dropped, doubles folded ("muhammad" -> "mmd")."""
    if token.isdigit():
        return token
    s = skeleton(token)
    s = _DOUBLE.sub(first_of_run, _ABJAD_DROP.sub("", s.replace("i", "I")))
    if len(s) > 1 and s[-1] == "h" and not token.endswith("kh"):  # -ah, -eh, ta marbuta
        s = s[:-1]
    return s or skeleton(token)


def consonant_count(token: str) -> int:
    """Consonant letters of ``token`` as ``consonant_key`` sees them, doubles counted
    ("dvd" -> 2, "ali" -> 1)."""
    return len(_ABJAD_DROP.sub("", skeleton(token).replace("i", "I")))


_KOREAN = [
    ("yeo", "yo"),
    ("weo", "wo"),
    ("woo", "u"),
    ("eo", "o"),
    ("eu", "u"),
    ("oo", "u"),
    ("ou", "o"),
    ("ae", "e"),
    ("ea", "e"),
    ("ee", "i"),
    ("ui", "i"),
    ("ch", "j"),
    ("sh", "s"),
    ("th", "t"),
    ("ph", "p"),
    ("kh", "k"),
]
_KOREAN_RE = re.compile("|".join(re.escape(k) for k, _ in _KOREAN))
_KOREAN_MAP = dict(_KOREAN)
# Letters that Korean romanisation systems use interchangeably (g/k, b/p, d/t, l/r, o/u).
_KOREAN_SINGLE = str.maketrans(
    {"g": "k", "b": "p", "d": "t", "l": "r", "f": "p", "c": "k", "o": "u", "'": None}
)
_KOREAN_FAMILY = {
    "lee": "i",
    "yi": "i",
    "rhee": "i",
    "ri": "i",
    "li": "i",
    "ee": "i",
    "i": "i",
    "park": "pak",
    "bak": "pak",
    "pak": "pak",
    "bag": "pak",
    "pag": "pak",
    "kim": "kim",
    "gim": "kim",
    "choi": "jui",
    "choe": "jui",
    "chwe": "jui",
    "roh": "nu",
    "noh": "nu",
    "no": "nu",
    "rho": "nu",
    "ryu": "ru",
    "yu": "ru",
    "yoo": "ru",
    "oh": "u",
    "o": "u",
}


@lru_cache(maxsize=65536)
def korean_key(token: str) -> str:
    """Key folding Korean romanisation systems (g/k, b/p, d/t, l/r, eo/o/u, ...)."""
    fam = _KOREAN_FAMILY.get(token)
    if fam:
        return fam
    s = _KOREAN_RE.sub(lambda m: _KOREAN_MAP[m.group(0)], token).translate(_KOREAN_SINGLE)
    if len(s) > 1 and s[-1] == "h":  # "Oh", "Roh"
        s = s[:-1]
    return _DOUBLE.sub(first_of_run, s)


def has_vowel(token: str) -> bool:
    return bool(_VOWELS.search(token))
