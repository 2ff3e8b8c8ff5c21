"""Russian inflection: the nominative forms a declined Cyrillic word may come from.

"Олегом Дерипаской" is Oleg Deripaska in the instrumental case. Lists give names in the
nominative, so each Cyrillic word gets a few candidate nominatives ("Дерипаской" ->
"Дерипаска", "Дерипаская"); the one attested in the loaded list names wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# ending -> nominative endings it may replace (longest endings first; all that fit are tried)
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ого", ("ий", "ой", "ый")),
    ("его", ("ий",)),
    ("ому", ("ий", "ой", "ый")),
    ("ему", ("ий",)),
    ("ыми", ("ый",)),
    ("ими", ("ий",)),
    ("ой", ("а", "ая")),
    ("ою", ("а",)),
    ("ей", ("я", "ь")),
    ("ью", ("ь",)),
    ("ую", ("ая",)),
    ("ым", ("", "ый")),
    ("им", ("ий", "")),
    ("ом", ("", "о")),
    ("ем", ("ь", "й", "", "е")),
    ("а", ("", "о")),
    ("я", ("ь", "й")),
    ("у", ("", "а", "о")),
    ("ю", ("ь", "й", "я")),
    ("е", ("", "а", "ь", "й", "я", "о")),
    ("ы", ("а",)),
    ("и", ("а", "ь", "я", "й", "ий")),
)
_PATRONYMIC = re.compile(
    r"(?:ovich|evich|ovych|evych|ovna|evna|ichna|yevich|ievich|ogly|oglu|ogli|kyzy|qizi)$"
)
_PATRONYMIC_CYR = re.compile(r"(?:вич|вна|чна)(?:а|у|ем|е|ой|ы|у|ну)?$", re.IGNORECASE)


def candidates(word: str) -> list[str]:
    """``word`` and the nominative forms it may be an inflection of (same letter case)."""
    out = [word]
    lower = word.lower()
    for ending, replacements in _RULES:
        if not lower.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if len(stem) < 2:
            continue
        for rep in replacements:
            form = stem + (rep.upper() if word.isupper() else rep)
            if form not in out:
                out.append(form)
    return out


def best_nominative(word: str, known: Callable[[str], int], romanise: Callable[[str], str]) -> str:
    """The candidate nominative of ``word`` most attested in list names (``known`` counts).

    Without any attested candidate, the word itself (a nominative is the likeliest form).
    """
    best, best_count = word, known(romanise(word))
    for form in candidates(word)[1:]:
        count = known(romanise(form))
        if count > best_count:
            best, best_count = form, count
    return best


def is_patronymic(norm: str) -> bool:
    """A romanised patronymic ("ivanovich", "sakhipzadovna", "ogly")."""
    return len(norm) >= 6 and bool(_PATRONYMIC.search(norm))


def is_patronymic_cyr(word: str) -> bool:
    """A Cyrillic patronymic in any case ("Ивановича", "Владимировной")."""
    return len(word) >= 6 and bool(_PATRONYMIC_CYR.search(word))
