"""Token rarity: how much a token says about identity.

Built by the index from the tokens of all loaded list names. ``weight(token)`` is an
IDF in [0, 1] (1 = seen once or never, ~0.3 = in 3% of names), capped low for generic
organisation words, particles, legal forms and single letters. Built empty it falls
back to those built-in lists.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from service.names.vocab import COMMON_PERSON_NAMES, GENERIC_ORG_WORDS, PERSON_PARTICLES

#: Cap on the weight of built-in generic words, whatever their frequency.
GENERIC_CAP = 0.3
PARTICLE_CAP = 0.3
#: Cap on very common person names when no corpus statistics are loaded.
COMMON_NAME_CAP = 0.5
#: Weight of a numeral token (numerals are judged separately, by value).
NUMERAL_WEIGHT = 0.5
#: A token seen in at least this many names is a "known word" (see ``is_common``).
COMMON_COUNT = 4


class TokenStats:
    """Document frequencies of tokens over a corpus of names."""

    __slots__ = ("_df", "_n", "_log_n", "_cache", "form_weights")

    def __init__(self, names: Iterable[Iterable[str]] = ()) -> None:
        df: Counter[str] = Counter()
        n = 0
        for tokens in names:
            n += 1
            df.update(set(tokens))
        self._df = df
        self._n = n
        self._log_n = math.log(n + 1) if n else 0.0
        self._cache: dict[str, float] = {}
        #: ``weights`` already worked out, per form (the compiled scorer reads it directly).
        self.form_weights: dict[tuple[str, ...], tuple[float, ...]] = {}

    def __len__(self) -> int:
        return self._n

    def count(self, token: str) -> int:
        """Number of names in the corpus containing ``token``."""
        return self._df.get(token, 0)

    def is_common(self, token: str) -> bool:
        """True for a token attested independently several times (a real word/name)."""
        return self._df.get(token, 0) >= COMMON_COUNT or token in GENERIC_ORG_WORDS

    def weight(self, token: str) -> float:
        """Rarity of ``token`` in [0.05, 1]: low for frequent and generic words."""
        w = self._cache.get(token)
        if w is not None:
            return w
        w = self._compute(token)
        if len(self._cache) < 500_000:
            self._cache[token] = w
        return w

    def weights(self, tokens: tuple[str, ...]) -> tuple[float, ...]:
        """``weight`` of each token of a name form (cached per form)."""
        out = self.form_weights.get(tokens)
        if out is None:
            out = tuple(self.weight(t) for t in tokens)
            if len(self.form_weights) >= 200_000:
                self.form_weights.clear()
            self.form_weights[tokens] = out
        return out

    def __getstate__(self) -> tuple:
        return (self._df, self._n, self._log_n, self._cache)

    def __setstate__(self, state: tuple) -> None:
        self._df, self._n, self._log_n, self._cache = state
        self.form_weights = {}

    def _compute(self, token: str) -> float:
        if token.isdigit():
            return NUMERAL_WEIGHT
        if self._n:
            df = self._df.get(token, 0)
            w = math.log((self._n + 1) / (df + 1)) / self._log_n if df else 1.0
            w = min(1.0, max(0.05, 0.1 + w))
        else:
            w = 1.0
        if token in GENERIC_ORG_WORDS:
            w = min(w, GENERIC_CAP)
        if token in PERSON_PARTICLES:
            w = min(w, PARTICLE_CAP)
        if not self._n and token in COMMON_PERSON_NAMES:
            w = min(w, COMMON_NAME_CAP)
        if len(token) == 1:
            w = min(w, 0.3)
        elif len(token) == 2 and not self._n:
            w = min(w, 0.7)
        return w


#: Shared empty instance (built-in lists only).
EMPTY_STATS = TokenStats()
