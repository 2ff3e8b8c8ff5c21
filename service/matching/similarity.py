"""Similarity of two name tokens (lower-case ASCII), with the kind of agreement.

Modes: "latin" (both sides romanised from alphabets), "abjad" / "abjad-c" (the first /
the second token from a script written without short vowels: Arabic, Hebrew, Thai...),
"korean" (one side Hangul), "han" (one side Chinese characters read in pinyin). In the
syllabic modes (korean, han) each syllable is a written character: two different
syllables never match by spelling similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

from service.names.chinese import han_equivalent, is_han_syllable, is_pinyin
from service.names.phonetic import (
    consonant_count,
    consonant_key,
    first_of_run,
    korean_key,
    skeleton,
)
from service.names.vocab import NICKNAMES

EXACT: Final = "exact"
TRANSLIT: Final = "translit"
FUZZY: Final = "fuzzy"
INITIAL: Final = "initial"
MERGED: Final = "merged"
ABBREV: Final = "abbreviation"
#: Similarity given when two tokens have the same phonetic skeleton.
SKELETON_SIM: Final = 0.95
#: Similarity of an initial with a word it starts ("j" ~ "john").
INITIAL_SIM: Final = 0.75
#: Fuzzy similarities below this do not pair tokens.
FUZZY_FLOOR: Final = 0.4
#: Optimal string alignment distance (bound once: the scorer calls it very often).
osa_distance: Final = OSA.distance


def edit_similarity(a: str, b: str) -> float:
    """1 - OSA distance / longer length (transpositions count as one edit)."""
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    return 1.0 - osa_distance(a, b) / longest


#: Edit-distance slope: similarity = 1 - FUZZY_SLOPE * edits / length.
FUZZY_SLOPE: Final = 1.2
#: Similarity of tokens that differ only by doubled letters or one transposition.
TYPO_SIM: Final = 0.93
INFLECTION: Final = "inflection"
NICKNAME: Final = "nickname"
#: Similarity of a nickname and the full given name ("Bill" ~ "William").
NICKNAME_SIM: Final = 0.85
#: Similarity of a word and its inflected form (plural "Kaptan"/"Kaptanlar").
INFLECTION_SIM: Final = 0.6
_INFLECTIONS: Final[tuple[str, ...]] = ("s", "es", "lar", "ler", "i", "e", "a")


_DOUBLED: Final = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _collapse(s: str) -> str:
    """``s`` with runs of one letter written once ("mohammed" -> "mohamed")."""
    return _DOUBLED.sub(first_of_run, s)


def _one_swap(a: str, b: str) -> bool:
    """True when ``b`` is ``a`` (as long, not equal) with two adjacent letters swapped."""
    i = 0
    n = len(a)
    while i < n and a[i] == b[i]:
        i += 1
    return i + 1 < n and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]


def _fuzzy(a: str, b: str, ka: str, kb: str) -> float:
    """Edit similarity of the tokens, or of their skeletons unless a skeleton is too short
    to tell names apart ("lee" -> "li" is one edit from "lim"; "lee" is two)."""
    ratio = osa_distance(a, b) / max(len(a), len(b))
    if min(len(ka), len(kb)) >= 3:
        ratio = min(ratio, osa_distance(ka, kb) / max(len(ka), len(kb)))
    return max(0.0, 1.0 - FUZZY_SLOPE * ratio)


def _nasal_final_pair(short: str, long_: str) -> bool:
    """Two romanised Chinese syllables that differ in the final -n / -ng: "chan" and "chang",
    "wan" and "wang" write different characters, so different surnames, unless one is a
    known spelling of the other ("ling" is also the Hokkien spelling of 林 Lin). (Only whole
    one-syllable tokens: in "Jinpin" ~ "Jinping" a dropped letter may be a typo.)"""
    return (
        long_[-2:] == "ng"
        and long_[:-1] == short
        and is_han_syllable(short)
        and is_han_syllable(long_)
        and not han_equivalent(short, long_)
    )


@lru_cache(maxsize=262144)
def token_similarity(a: str, b: str, mode: str = "latin") -> tuple[float, str]:
    """(similarity in [0, 1], kind) of two tokens."""
    if a == b:
        return 1.0, EXACT
    return keyed_similarity(a, b, skeleton(a), skeleton(b), mode)


def keyed_similarity(a: str, b: str, ka: str, kb: str, mode: str) -> tuple[float, str]:
    """``token_similarity`` given the tokens' skeletons ``ka``, ``kb`` (name forms carry
    them as ``keys``), uncached: most pairs the aligner meets hold a new query token."""
    if a == b:
        return 1.0, EXACT
    if mode == "han":
        return _han_similarity(a, b)
    if mode == "korean":
        return _korean_similarity(a, b)
    na = NICKNAMES.get(a)
    if na:
        nb = NICKNAMES.get(b)
        if nb and na & nb:
            return NICKNAME_SIM, NICKNAME
    la, lb = len(a), len(b)
    if (la == 1 or lb == 1) and mode == "latin":
        if a[0] == b[0] and a.isalpha() and b.isalpha():
            return INITIAL_SIM, INITIAL
        return 0.0, FUZZY
    if ka == kb:
        return SKELETON_SIM, TRANSLIT
    # Doubled letters or one transposition: both keep the first letter (or the letters).
    # (Collapsing keeps the first and the last letter.)
    if (a[:1] == b[:1] and a[-1:] == b[-1:] and _collapse(a) == _collapse(b)) or (
        la == lb and _one_swap(a, b)
    ):
        return TYPO_SIM, FUZZY
    short, long_ = (a, b) if la < lb else (b, a)
    if long_.startswith(short) and long_[len(short) :] in _INFLECTIONS and len(short) >= 4:
        return INFLECTION_SIM, INFLECTION
    if lb - la in (1, -1) and _nasal_final_pair(short, long_):
        return 0.0, FUZZY
    sim = _fuzzy(a, b, ka, kb)
    kind = FUZZY
    if mode in ABJAD_MODES:
        ca, cb = consonant_key(a), consonant_key(b)
        if ca and ca == cb:
            written, latin = (a, b) if mode == "abjad" else (b, a)
            if not long_vowels_agree(written, latin):
                return max(sim, ABJAD_VOWEL_CLASH), TRANSLIT
            return max(sim, abjad_key_sim(a, b)), TRANSLIT
        if min(len(ca), len(cb)) >= 2:
            csim = edit_similarity(ca, cb) * 0.9
            if csim > sim:
                sim, kind = csim, TRANSLIT
    return sim, kind


ABJAD_MODES: Final = frozenset({"abjad", "abjad-c"})
#: Same consonants, but a long vowel written in the abjad word is missing in the other
#: ("majdy" is Majdi, not Majd; "swd" is Saud, not Said).
ABJAD_VOWEL_CLASH: Final = 0.5
# Long vowels an abjad word writes (its skeleton shows y as i, w as v; Hebrew medial vav
# is romanised o) and the letters that may render them in the other word.
_WRITTEN_I: Final = frozenset("i")
_LATIN_I: Final = frozenset("ie")
_WRITTEN_U: Final = frozenset("uov")
_LATIN_U: Final = frozenset("uov")


def _gaps(skel: str) -> list[str]:
    """Vowel letters between the consonants of a skeleton (before the first, between each
    pair, after the last): "kaSi" -> ["", "a", "i"]."""
    out, cur = [], []
    for ch in skel:
        if ch in "aeiouv":
            cur.append(ch)
        else:
            out.append("".join(cur))
            cur = []
    out.append("".join(cur))
    return out


@lru_cache(maxsize=65536)
def long_vowels_agree(written: str, latin: str) -> bool:
    """Do the long vowels the abjad word writes (y: i/e, w: u/o) appear at the same places
    in the romanised word? Only checked when both have the same consonants."""
    gw, gl = _gaps(skeleton(written)), _gaps(skeleton(latin))
    if len(gw) != len(gl):
        return True  # consonants align differently (digraphs): no verdict
    for w, lat in zip(gw, gl, strict=True):
        if _WRITTEN_I.intersection(w) and not _LATIN_I.intersection(lat):
            return False
        if _WRITTEN_U.intersection(w) and not _LATIN_U.intersection(lat):
            return False
    return True


#: Similarity of two tokens with the same consonant key, by how many consonants they
#: share: one ("yly" ~ "ali") says far less than three ("mhmd" ~ "muhammad").
_ABJAD_KEY_SIM: Final[tuple[float, ...]] = (0.0, 0.75, 0.85, 0.9)


def abjad_key_sim(a: str, b: str) -> float:
    return _ABJAD_KEY_SIM[min(consonant_count(a), consonant_count(b), 3)]


#: Similarity of two spellings of one Korean syllable (or of one Chinese syllable).
KOREAN_SIM: Final = 0.92
HAN_SIM: Final = 0.92


def _korean_similarity(a: str, b: str) -> tuple[float, str]:
    """Same Korean syllable in two romanisations, or nothing: "yeong" ~ "young" ~ "yong",
    but "jun" is not "won" and "yeong" is not "jong"."""
    if korean_key(a) == korean_key(b):
        return KOREAN_SIM, TRANSLIT
    return 0.0, FUZZY


def _han_similarity(a: str, b: str) -> tuple[float, str]:
    """Same Chinese syllable: pinyin, or a known other spelling ("chang", "hsu", "lee")."""
    if han_equivalent(a, b):
        return HAN_SIM, TRANSLIT
    if skeleton(a) == skeleton(b) and not (is_pinyin(a) and is_pinyin(b)):
        return SKELETON_SIM, TRANSLIT
    return 0.0, FUZZY


def is_initialism(short: str, words: Sequence[str]) -> bool:
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
