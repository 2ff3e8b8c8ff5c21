"""Structure checks applied after the token alignment.

``person_structure``: person names.
The coverage score alone lets a short name sit inside a longer one ("Edward Smith" in
"Stephen Edward Smith" scores 0.82). Some of those containments are normal (a middle
name, a patronymic or an initial left out), others mean another person:

- a multi-word query meeting a one-word name that is a nickname or alias of someone
  with a longer name ("Steven Bentley" ~ "Bentley");
- one half of a hyphenated double surname ("Smith" ~ "Pridmore-Smith");
- a two-part name whose given name meets the other side's middle name, the first given
  name having no counterpart ("Edward Smith" ~ "Stephen Edward Smith");
- a misspelt part on top of a missing part ("Daniel Rodrigues" ~ "Daniel Rodriguez
  Olivera"), or every part misspelt ("Michael Carter" ~ "Mihael Karner").

``single_word_factor``: names that come down to one distinctive word on both sides
("Webb LLC" ~ "VEB", "Harbin" ~ "Harsin"): the whole identity rests on that word, so a
spelling or sound-alike difference in it counts for more.

``company_part_cap``: a query that contains a one-word company name and has more
distinctive words ("DSK Avtoban" ~ "OOO DSK").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from service.matching.align import Pair
from service.matching.similarity import FUZZY, TRANSLIT, osa_distance
from service.names.analysis import NAME, NameForm
from service.names.stats import GENERIC_CAP
from service.names.vocab import COUNTRY_WORDS, PERSON_PARTICLES

#: Highest score of a multi-word query against a one-word alias (not a single-name person).
LONE_WORD_CAP: Final = 0.65
#: Factor when only one part of a hyphenated double name has a counterpart.
HYPHEN_PART: Final = 0.8
#: Largest drop when a side's first given name has no counterpart (scaled by its weight).
LEADING_EXTRA: Final = 0.2
#: Factor for a misspelt part when a part is also missing.
FUZZY_WITH_EXTRA: Final = 0.9
#: Factor when every aligned part is misspelt: no part of the name agrees as written
#: ("Michael Carter" ~ "Mihael Karner").
ALL_MISSPELT: Final = 0.85
#: Fuzzy pairs below this similarity are misspellings (typos score 0.93 and more).
_MISSPELT: Final = 0.9
_PATRONYMIC_ENDINGS: Final[tuple[str, ...]] = (
    "vich",
    "vych",
    "vna",
    "ichna",
    "ogly",
    "kyzy",
    "qizi",
)


def _minor(token: str) -> bool:
    """Parts whose absence says little: initials, particles, patronymics."""
    return (
        len(token) == 1
        or token in PERSON_PARTICLES
        or (len(token) > 5 and token.endswith(_PATRONYMIC_ENDINGS))
    )


def _hyphen_split(form: NameForm, used: set[int]) -> bool:
    """A hyphenated last name ("Pridmore-Smith") of which exactly one part is aligned.
    (A double given name, "Ilie-Gabriel", is often shortened to its first part.)"""
    names = form.name_idx
    for i in form.hyphens:
        if not names or i + 1 != names[-1]:
            continue
        a, b = form.tokens[i], form.tokens[i + 1]
        if a in PERSON_PARTICLES or b in PERSON_PARTICLES:
            continue
        if form.roles[i] == NAME and form.roles[i + 1] == NAME and (i in used) != (i + 1 in used):
            return True
    return False


def _leading_gap(form: NameForm, used: set[int], other: NameForm, other_used: set[int]) -> int:
    """Index of ``form``'s first name part when it is unaligned while a later part is
    aligned and ``other`` is a two-part name (given + family) whose given name is aligned
    to a later part of ``form``; else -1."""
    names, other_names = form.name_idx, other.name_idx
    if len(names) < 3 or len(other_names) != 2 or other_names[0] not in other_used:
        return -1
    first = names[0]
    if first in used or _minor(form.tokens[first]) or not any(i in used for i in names[1:]):
        return -1
    return first


def person_structure(
    q: NameForm,
    c: NameForm,
    pairs: list[Pair],
    used: tuple[set[int], set[int]],
    weights: tuple[Sequence[float], Sequence[float]],
    lone_ok: bool,
    reasons: list[str],
) -> tuple[float, float]:
    """(factor, cap) for the score of two person names from the checks above; ``used``
    and ``weights`` are the aligned token indices and token weights of each side."""
    factor, cap = 1.0, 1.0
    used_q, used_c = used
    names_q, names_c = q.name_idx, c.name_idx
    if len(pairs) > 1 and all(p.kind == FUZZY and p.sim < _MISSPELT for p in pairs):
        factor *= ALL_MISSPELT
        reasons.append("every part differs in spelling")
    free_q = [i for i in names_q if i not in used_q]
    free_c = [j for j in names_c if j not in used_c]
    if not lone_ok and len(names_c) == 1 and free_q:
        cap = LONE_WORD_CAP
        reasons.append("one-word alias against a longer name")
    if not free_q and not free_c:
        return factor, cap
    if _hyphen_split(q, used_q) or _hyphen_split(c, used_c):
        factor *= HYPHEN_PART
        reasons.append("only one part of a hyphenated name matches")
    for form, form_used, other, other_used, form_weights in (
        (q, used_q, c, used_c, weights[0]),
        (c, used_c, q, used_q, weights[1]),
    ):
        gap = _leading_gap(form, form_used, other, other_used)
        if gap >= 0:
            factor *= 1.0 - LEADING_EXTRA * min(1.0, form_weights[gap])
            reasons.append(f"first name {form.tokens[gap]!r} has no counterpart")
    if any(p.kind == FUZZY and p.sim < _MISSPELT for p in pairs) and (
        any(not _minor(q.tokens[i]) for i in free_q) or any(not _minor(c.tokens[j]) for j in free_c)
    ):
        factor *= FUZZY_WITH_EXTRA
        reasons.append("a misspelt part and a missing part")
    return factor, cap


#: Factor for a weak match of the only distinctive word of both names.
SINGLE_WORD_VARIANT: Final = 0.8
#: ... when that match is by sound only and one of the words is short ("May" ~ "MAEI").
SHORT_SOUND_ALIKE: Final = 0.7
#: Factor for an organisation name whose only name part is one letter ("P. AD").
LONE_LETTER: Final = 0.6
_VOWELS: Final = frozenset("aeiouy")


def _consonant_swap(a: str, b: str) -> bool:
    """Short words (at most 6 letters) that differ by one consonant put for another
    ("harbin" / "harsin"): another word rather than a typo."""
    if len(a) != len(b) or len(a) > 6:
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0][0] not in _VOWELS and diff[0][1] not in _VOWELS


def _two_edits_short(a: str, b: str) -> bool:
    """Short words (at most 7 letters) two or more edits apart ("diallo" / "dialog"): for a
    company's only distinctive word, another name rather than a misspelling."""
    return max(len(a), len(b)) <= 7 and osa_distance(a, b) >= 2


def single_word_factor(
    q: NameForm,
    c: NameForm,
    pairs: list[Pair],
    person: bool,
    weights: tuple[Sequence[float], Sequence[float]],
) -> float:
    """``SINGLE_WORD_VARIANT`` when each name has one distinctive word and those two words
    are aligned weakly: one consonant swapped in a short word (any schema); for
    organisations and vessels also two edits in a short word, or only by sound ("Webb" ~
    "VEB": homophones are other companies).
    Organisations: ``LONE_LETTER`` when a name is one letter (plus legal form). Else 1."""
    nq, nc = q.name_idx, c.name_idx
    if not nq or not nc:
        return 1.0
    if not person and (
        (len(nq) == 1 and len(q.tokens[nq[0]]) == 1) or (len(nc) == 1 and len(c.tokens[nc[0]]) == 1)
    ):
        return LONE_LETTER
    i, j = _only_core(nq, weights[0]), _only_core(nc, weights[1])
    if i < 0 or j < 0:
        return 1.0
    a, b = q.tokens[i], c.tokens[j]
    for p in pairs:
        if p.q == (i,) and p.c == (j,):
            if p.kind == FUZZY and (
                _consonant_swap(a, b) or (not person and _two_edits_short(a, b))
            ):
                return SINGLE_WORD_VARIANT
            if not person and p.kind == TRANSLIT and _undouble(a) != _undouble(b):
                return SHORT_SOUND_ALIKE if min(len(a), len(b)) <= 4 else SINGLE_WORD_VARIANT
            return 1.0
    return 1.0


def _undouble(word: str) -> str:
    """``word`` with doubled letters single ("corvell" -> "corvel": a typo, not a homophone)."""
    return "".join(ch for k, ch in enumerate(word) if k == 0 or word[k - 1] != ch)


def _only_core(names: tuple[int, ...], weights: Sequence[float]) -> int:
    """The one name part weighing more than a generic word, or -1 (none or several)."""
    found = -1
    for k in names:
        if weights[k] > GENERIC_CAP:
            if found >= 0:
                return -1
            found = k
    return found


#: Lowest cap ``company_part_cap`` sets: a one-word company name inside a longer query
#: stays a lead to review (the "related names" band), as ``LONE_WORD_CAP`` for persons.
PART_OF_NAME_CAP: Final = 0.65


def company_part_cap(
    q: NameForm,
    c: NameForm,
    free_q: list[int],
    free_c: list[int],
    weights: tuple[Sequence[float], Sequence[float]],
) -> tuple[float, str]:
    """Organisations: ``(cap, reason)``, the highest score when the candidate has a single
    distinctive word, the query contains it and has distinctive words left over while
    every candidate word has a partner (``free_q``/``free_c``: the unaligned tokens of
    each side): "DSK Avtoban" ~ "OOO DSK", "Dean-Schneider" ~ "Schneider GmbH".

    The two names then share one distinctive word and nothing else that identifies: the
    query names a sibling, parent or unrelated company as often as the listed one (the
    organisation side of ``LONE_WORD_CAP``), but the geometric mean of the two coverages
    lets it reach 0.70 when its other words weigh as much as the shared one. The score is
    at most the share of the query's distinctive weight that the shared word covers, and
    not below ``PART_OF_NAME_CAP``. Generic words, qualifiers (branch, port) and country
    words (``_country_factor``) are not distinctive here; a listed name with two or more
    distinctive words found in a longer query (an annotated name) is left as it scores.
    Else (1, "")."""
    if not free_q or free_c:
        return 1.0, ""
    if sum(1 for j in c.name_idx if weights[1][j] > GENERIC_CAP) != 1:
        return 1.0, ""
    w = weights[0]
    core = [i for i in q.name_idx if w[i] > GENERIC_CAP]
    extra = [i for i in free_q if i in core and q.tokens[i] not in COUNTRY_WORDS]
    if not extra:
        return 1.0, ""
    share = sum((w[i] for i in extra), 0.0) / sum((w[i] for i in core), 0.0)
    words = " ".join(q.tokens[i] for i in extra)
    return max(
        1.0 - share, PART_OF_NAME_CAP
    ), f"one distinctive word in common; the query adds {words}"
