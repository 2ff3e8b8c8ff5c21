"""Similarity of two name tokens (lower-case ASCII), with the kind of agreement.

Modes: "latin" (both sides romanised from alphabets), "abjad" (one side from a script
written without vowels: Arabic, Hebrew, Thai...), "korean" (one side Hangul).
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import OSA

from service.names.phonetic import consonant_key, korean_key, skeleton
from service.names.vocab import NICKNAMES

EXACT, TRANSLIT, FUZZY, INITIAL, MERGED, ABBREV = (
    "exact",
    "translit",
    "fuzzy",
    "initial",
    "merged",
    "abbreviation",
)
#: Similarity given when two tokens have the same phonetic skeleton.
SKELETON_SIM = 0.95
#: Similarity of an initial with a word it starts ("j" ~ "john").
INITIAL_SIM = 0.75
#: Fuzzy similarities below this do not pair tokens.
FUZZY_FLOOR = 0.4


def edit_similarity(a: str, b: str) -> float:
    """1 - OSA distance / longer length (transpositions count as one edit)."""
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    return 1.0 - OSA.distance(a, b) / longest


#: Edit-distance slope: similarity = 1 - FUZZY_SLOPE * edits / length.
FUZZY_SLOPE = 1.2
#: Similarity of tokens that differ only by doubled letters or one transposition.
TYPO_SIM = 0.93
INFLECTION = "inflection"
NICKNAME = "nickname"
#: Similarity of a nickname and the full given name ("Bill" ~ "William").
NICKNAME_SIM = 0.85
#: Similarity of a word and its inflected form (plural "Kaptan"/"Kaptanlar").
INFLECTION_SIM = 0.6
_INFLECTIONS = ("s", "es", "lar", "ler", "i", "e", "a")


def _collapse(s: str) -> str:
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _fuzzy(a: str, b: str, ka: str, kb: str) -> float:
    ratio = min(
        OSA.distance(a, b) / max(len(a), len(b)), OSA.distance(ka, kb) / max(len(ka), len(kb))
    )
    return max(0.0, 1.0 - FUZZY_SLOPE * ratio)


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str, mode: str = "latin") -> tuple[float, str]:
    """(similarity in [0, 1], kind) of two tokens."""
    if a == b:
        return 1.0, EXACT
    na, nb = NICKNAMES.get(a), NICKNAMES.get(b)
    if na and nb and na & nb:
        return NICKNAME_SIM, NICKNAME
    if (len(a) == 1 or len(b) == 1) and mode == "latin":
        if a[0] == b[0] and a.isalpha() and b.isalpha():
            return INITIAL_SIM, INITIAL
        return 0.0, FUZZY
    ka, kb = skeleton(a), skeleton(b)
    if ka == kb:
        return SKELETON_SIM, TRANSLIT
    if _collapse(a) == _collapse(b) or (
        len(a) == len(b) and sorted(a) == sorted(b) and OSA.distance(a, b) == 1
    ):
        return TYPO_SIM, FUZZY
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_.startswith(short) and long_[len(short) :] in _INFLECTIONS and len(short) >= 4:
        return INFLECTION_SIM, INFLECTION
    sim = _fuzzy(a, b, ka, kb)
    kind = FUZZY
    if mode == "abjad":
        ca, cb = consonant_key(a), consonant_key(b)
        if ca and ca == cb:
            return max(sim, 0.9), TRANSLIT
        if min(len(ca), len(cb)) >= 2:
            csim = edit_similarity(ca, cb) * 0.9
            if csim > sim:
                sim, kind = csim, TRANSLIT
    elif mode == "korean":
        ca, cb = korean_key(a), korean_key(b)
        if ca == cb:
            return 0.92, TRANSLIT
        csim = edit_similarity(ca, cb) * 0.9
        if csim > sim:
            sim, kind = csim, TRANSLIT
    return sim, kind


def is_initialism(short: str, words: list[str]) -> bool:
    """True when ``short`` spells the initials of ``words`` ("pla" ~ people liberation army)."""
    return len(short) == len(words) and all(w[0] == c for c, w in zip(short, words, strict=True))


def abbreviation_of(short: str, long: str) -> bool:
    """True when ``short`` is a written abbreviation of ``long`` ("przeds" ~ "przedsiebiorstwo",
    "svcs" ~ "services"): same first letter, letters in order, clearly shorter."""
    if len(short) < 2 or len(long) < len(short) + 2 or short[0] != long[0]:
        return False
    pos = 1
    for ch in short[1:]:
        pos = long.find(ch, pos) + 1
        if not pos:
            return False
    return True
