"""Token alignment of two name forms: exact, phonetic, merged ("PetroChina" ~ "Petro
China"), initialisms ("PLA" ~ "People's Liberation Army"), abbreviations and fuzzy pairs.
"""

from __future__ import annotations

from functools import lru_cache

from service.matching.similarity import (
    ABBREV,
    ABJAD_MODES,
    EXACT,
    FUZZY_FLOOR,
    INITIAL,
    MERGED,
    SKELETON_SIM,
    TRANSLIT,
    abbreviation_of,
    edit_similarity,
    is_initialism,
    keyed_similarity,
)
from service.names.analysis import NAME, QUAL, NameForm
from service.names.phonetic import consonant_key, has_vowel, korean_key, skeleton


class Pair:
    """Query token indices aligned with candidate token indices. (A plain class: compiled,
    it is built much faster than a named tuple.)"""

    __slots__ = ("q", "c", "sim", "kind")

    def __init__(self, q: tuple[int, ...], c: tuple[int, ...], sim: float, kind: str) -> None:
        self.q = q
        self.c = c
        self.sim = sim
        self.kind = kind

    def __repr__(self) -> str:
        return f"Pair(q={self.q}, c={self.c}, sim={self.sim}, kind={self.kind!r})"


@lru_cache(maxsize=4096)
def content_indices(roles: tuple[str, ...]) -> tuple[int, ...]:
    """Indices of the name and qualifier tokens (not legal forms or numerals)."""
    return tuple(i for i, r in enumerate(roles) if r in (NAME, QUAL))


def align(
    q: NameForm, c: NameForm, mode: str, person: bool
) -> tuple[list[Pair], set[int], set[int]]:
    """Pairs of aligned tokens (each token used at most once), best first, with the sets of
    query and candidate token indices they use."""
    qi, ci = content_indices(q.roles), content_indices(c.roles)
    pairs: list[Pair] = []
    used_q: set[int] = set()
    used_c: set[int] = set()
    _exact(q.tokens, c.tokens, qi, ci, used_q, used_c, pairs, EXACT, 1.0)
    if len(used_q) < len(qi) and len(used_c) < len(ci) and mode != "han":
        _exact(q.keys, c.keys, qi, ci, used_q, used_c, pairs, TRANSLIT, SKELETON_SIM)
    free_q, free_c = len(qi) - len(used_q), len(ci) - len(used_c)
    if free_q and free_c >= 2:
        _merges(q, c, qi, ci, used_q, used_c, pairs, False, person, mode)
        free_q, free_c = len(qi) - len(used_q), len(ci) - len(used_c)
    if free_c and free_q >= 2:
        _merges(c, q, ci, qi, used_c, used_q, pairs, True, person, mode)
    if len(used_q) < len(qi) and len(used_c) < len(ci):
        _fuzzy(q, c, qi, ci, used_q, used_c, pairs, mode, person)
    return pairs, used_q, used_c


def _exact(
    qt: tuple[str, ...],
    ct: tuple[str, ...],
    qi: tuple[int, ...],
    ci: tuple[int, ...],
    used_q: set[int],
    used_c: set[int],
    pairs: list[Pair],
    kind: str,
    sim: float,
) -> None:
    # Each query token takes the first free candidate token equal to it (names are short:
    # a scan is cheaper than building a lookup table).
    for i in qi:
        if i in used_q:
            continue
        token = qt[i]
        for j in ci:
            if ct[j] == token and j not in used_c:
                used_q.add(i)
                used_c.add(j)
                pairs.append(Pair((i,), (j,), sim, kind))
                break


def _merges(
    a: NameForm,
    b: NameForm,
    ai: tuple[int, ...],
    bi: tuple[int, ...],
    used_a: set[int],
    used_b: set[int],
    pairs: list[Pair],
    swapped: bool,
    person: bool,
    mode: str,
) -> None:
    """One token of ``a`` against the joined run of 2-4 adjacent unused tokens of ``b``.

    Runs are tried in order (by first token, then length). In Latin script a run must start
    with the token's letter and be about as long as the token, unless the token is its
    initialism. (Runs are built here, not cached: a cache of every listed name's runs is
    large, and the batch path keeps its memory flat by clearing caches.)"""
    is_free = [False] * len(b.tokens)
    for j in bi:
        if j not in used_b:
            is_free[j] = True
    if is_free.count(True) < 2:
        return
    loose = mode != "latin"
    tokens = b.tokens
    size = len(tokens)
    lengths = [len(t) for t in tokens]
    firsts = [t[:1] for t in tokens]
    for i in ai:
        if i in used_a:
            continue
        tok = a.tokens[i]
        n = len(tok)
        first = tok[:1]
        best: tuple[float, tuple[int, ...], str] | None = None
        for k in range(size - 1):
            if not is_free[k] or (not loose and firsts[k] != first):
                continue
            total = lengths[k]
            for m in (2, 3, 4):
                last = k + m - 1
                if last >= size or not is_free[last]:
                    break  # the run, and every longer one, leaves the free tokens
                total += lengths[last]
                if not loose and total > n + 3 and m != n:
                    continue
                words = tokens[k : k + m]
                cand = _merge_sim(tok, a.keys[i], words, "".join(words), person, mode)
                if cand and (best is None or cand[0] > best[0]):
                    best = (cand[0], tuple(range(k, k + m)), cand[1])
        if best:
            used_a.add(i)
            used_b.update(best[1])
            for j in best[1]:
                is_free[j] = False
            p = (
                Pair(best[1], (i,), best[0], best[2])
                if swapped
                else Pair((i,), best[1], best[0], best[2])
            )
            pairs.append(p)


def _merge_sim(
    tok: str, key: str, words: tuple[str, ...], joined: str, person: bool, mode: str
) -> tuple[float, str] | None:
    if joined == tok:
        return 1.0, MERGED
    if mode == "korean":  # "kyonghui" ~ "gyeong hui": syllable by syllable, nothing looser
        return (SKELETON_SIM, MERGED) if korean_key(joined) == korean_key(tok) else None
    skel = skeleton(joined)
    if skel == key:
        return SKELETON_SIM, MERGED
    if mode == "han":
        return None
    if (
        mode not in ABJAD_MODES  # a consonant skeleton ("rd", Reza) is not an initialism
        and len(tok) == len(words)
        and is_initialism(tok, words)
        and (not person or not has_vowel(tok))
    ):
        return 0.85, INITIAL
    if mode in ABJAD_MODES and consonant_key(joined) == consonant_key(tok):
        return 0.9, MERGED
    if len(tok) >= 5 and abs(len(joined) - len(tok)) <= 2:
        sim = edit_similarity(skel, key)
        if sim >= 0.8:
            return sim, MERGED
    return None


def _fuzzy(
    q: NameForm,
    c: NameForm,
    qi: tuple[int, ...],
    ci: tuple[int, ...],
    used_q: set[int],
    used_c: set[int],
    pairs: list[Pair],
    mode: str,
    person: bool,
) -> None:
    cands: list[tuple[float, float, int, int, str]] = []
    qt, ct, qk, ck = q.tokens, c.tokens, q.keys, c.keys
    nq, nc = max(len(qt), 1), max(len(ct), 1)
    free_c = [j for j in ci if j not in used_c]
    for i in qi:
        if i in used_q:
            continue
        a, ka = qt[i], qk[i]
        for j in free_c:
            b = ct[j]
            sim, kind = keyed_similarity(a, b, ka, ck[j], mode)
            if (
                sim < FUZZY_FLOOR
                and not person
                and (
                    (a in q.abbrevs and abbreviation_of(a, b))
                    or (b in c.abbrevs and abbreviation_of(b, a))
                )
            ):
                sim, kind = 0.8, ABBREV
            if sim >= FUZZY_FLOOR:
                cands.append((sim, -abs(i / nq - j / nc), i, j, kind))
    cands.sort(reverse=True)
    for sim, _, i, j, kind in cands:
        if i in used_q or j in used_c:
            continue
        used_q.add(i)
        used_c.add(j)
        pairs.append(Pair((i,), (j,), sim, kind))


__all__ = ["Pair", "align", "INITIAL"]
