"""The pair scorer: ``compare(query, candidate, schema, stats) -> NameMatch``.

Score in [0, 1]. Tokens are aligned (``align``), each weighted by rarity
(``TokenStats``); the score is the geometric mean of the weighted share of each side
that found a partner, then lowered for: tokens replaced on both sides (substitution),
numerals that differ, incompatible legal forms, swapped given/family order (persons),
a one-word listed company name inside a longer query (``company_part_cap``),
Chinese/Korean syllables missing or reordered, the person-name and single-word checks of
``rules`` (one-word aliases, half a double surname, first name missing, misspellings,
sound-alike one-word companies) and a company name against a person's name.
Scores mean: >= 0.90 same name up to spelling; 0.70-0.90 likely the same name
(variant, extra/missing parts); 0.50-0.70 related names (shared distinctive part);
< 0.50 different names. Default alert threshold: ``DEFAULT_THRESHOLD`` (0.70).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from service.matching.align import Pair, align, content_indices
from service.matching.model import NameMatch, PartMatch
from service.matching.rules import company_part_cap, person_structure, single_word_factor
from service.matching.similarity import FUZZY, INFLECTION, MERGED, edit_similarity
from service.names import legal_forms as lf
from service.names.analysis import QUAL, AnalyzedName, NameForm, analyze, normalize_schema
from service.names.stats import EMPTY_STATS, TokenStats
from service.names.translit import ABJAD_SCRIPTS, HAN_SCRIPTS, KOREAN_SCRIPTS
from service.names.vocab import COUNTRY_WORDS

QUALIFIER_FACTOR: Final = 0.2  # weight share of a parenthesised/branch qualifier token
QUALIFIER_CAP: Final = 0.6  # total weight of all qualifier tokens of a name at most
COUNTRY_EXTRA: Final = 0.7
COUNTRY_SWAP: Final = 0.5
SUBSTITUTION_PENALTY: Final = 0.6  # max drop when both sides have unmatched tokens
SUBSTITUTION_SCALE: Final = 0.6  # unmatched weight at which the full substitution drop applies
SUB_SIM: Final = 0.6  # aligned pairs below this similarity count as (partly) substituted
NUMERAL_MISMATCH: Final = 0.45
NUMERAL_ONE_SIDED: Final = 0.8
LEGAL_MISMATCH: Final = 0.5
LEGAL_ONE_SIDED: Final = 0.98
ORDER_SWAP: Final = 0.85
PATRONYM_SWAP: Final = 0.6  # "Salman bin Muhammad" vs "Muhammad bin Salman": father and son
FORMER_FACTOR: Final = 0.97
ORG_FUZZY: Final = 0.9  # organisations/vessels: a spelling difference weighs more than for persons
VESSEL_VS_COMPANY: Final = 0.7  # a vessel name against a name with a legal form (owner/manager)
PERSON_VS_COMPANY: Final = 0.7  # a person's name against a name with a legal form
JOINED_SIM: Final = 0.97  # same letters, different spacing ("EtsDiallo" ~ "Ets Diallo")
SYLLABLE_MISSING: Final = 0.7  # per unmatched name part of a Chinese/Korean person name
SYLLABLE_ORDER: Final = 0.6  # Chinese/Korean syllables reordered beyond moving the family name
_SYLLABIC_MODES: Final = frozenset({"han", "korean"})
#: Schema names already in normal form (the engine passes these).
_SCHEMAS: Final = frozenset({"person", "organization", "vessel", "aircraft"})


def _mode(q: NameForm, c: NameForm) -> str:
    if q.script == c.script and q.script != "Latn":
        return "latin"  # same script on both sides: same romanisation, no script gap
    if q.script in ABJAD_SCRIPTS:
        return "abjad"
    if c.script in ABJAD_SCRIPTS:
        return "abjad-c"
    if q.script in KOREAN_SCRIPTS or c.script in KOREAN_SCRIPTS:
        return "korean"
    if q.script in HAN_SCRIPTS or c.script in HAN_SCRIPTS:
        return "han"
    return "latin"


def _weights(form: NameForm, stats: TokenStats) -> Sequence[float]:
    base = stats.form_weights.get(form.tokens)
    if base is None:
        base = stats.weights(form.tokens)
    if QUAL not in form.roles:
        return base
    out = list(base)
    quals = [i for i, r in enumerate(form.roles) if r == QUAL]
    if quals:
        total = sum((out[i] for i in quals), 0.0) * QUALIFIER_FACTOR
        scale = QUALIFIER_FACTOR * min(1.0, QUALIFIER_CAP / total) if total else 0.0
        for i in quals:
            out[i] *= scale
    return out


def _country_factor(
    q: NameForm, c: NameForm, uq: list[int], uc: list[int], reasons: list[str]
) -> float:
    """Organisations: a country word on one side only (subsidiary) or two different ones."""
    cq = [q.tokens[i] for i in uq if q.tokens[i] in COUNTRY_WORDS]
    cc = [c.tokens[j] for j in uc if c.tokens[j] in COUNTRY_WORDS]
    if cq and cc:
        reasons.append(f"different countries ({' '.join(cq)} vs {' '.join(cc)})")
        return COUNTRY_SWAP
    if cq or cc:
        reasons.append(f"country word on one side only ({' '.join(cq or cc)})")
        return COUNTRY_EXTRA
    return 1.0


def _numeral_factor(q: NameForm, c: NameForm, parts: list[PartMatch], reasons: list[str]):
    qn, cn = q.numerals, c.numerals
    if not qn and not cn:
        return 1.0
    if qn and cn:
        if qn == cn:
            for n in sorted(qn):
                parts.append(PartMatch(n, n, 1.0, 0.5, "numeral"))
            return 1.0
        parts.append(
            PartMatch(" ".join(sorted(qn)), " ".join(sorted(cn)), 0.0, 1.0, "numeral-mismatch")
        )
        reasons.append(f"numbers differ ({', '.join(sorted(qn))} vs {', '.join(sorted(cn))})")
        return NUMERAL_MISMATCH
    side = "query" if qn else "candidate"
    parts.append(
        PartMatch(
            " ".join(sorted(qn)) or None, " ".join(sorted(cn)) or None, 0.0, 0.5, "numeral-mismatch"
        )
    )
    reasons.append(f"number only in the {side}")
    return NUMERAL_ONE_SIDED


def _legal_factor(q: NameForm, c: NameForm, parts: list[PartMatch], reasons: list[str]):
    ql, cl = q.legal_forms, c.legal_forms
    if not ql and not cl:
        return 1.0
    qs, cs = " ".join(sorted(ql)) or None, " ".join(sorted(cl)) or None
    if not ql or not cl:
        parts.append(PartMatch(qs, cs, 0.9, 0.1, "legal-form"))
        return LEGAL_ONE_SIDED
    compat = lf.compatibility(ql, cl)
    if compat >= 0.9:
        parts.append(PartMatch(qs, cs, compat, 0.1, "legal-form"))
        return 1.0
    parts.append(PartMatch(qs, cs, compat, 0.3, "legal-form-mismatch"))
    reasons.append(f"different legal forms ({qs} vs {cs})")
    return LEGAL_MISMATCH


_PATRONYMIC: Final = frozenset(
    {"bin", "ibn", "ben", "bint", "binti", "ould", "walad", "oglu", "ogly", "kyzy"}
)


def _patronym_differs(q: NameForm, c: NameForm, pairs: list[Pair]) -> bool:
    """ "X bin Y" against "Y bin X": the name after bin/ibn is not the same father."""
    to_c = {i: p.c[0] for p in pairs for i in p.q}
    for i, tok in enumerate(q.tokens[:-1]):
        if tok in _PATRONYMIC and i + 1 in to_c:
            j = to_c[i + 1]
            if j == 0 or c.tokens[j - 1] not in _PATRONYMIC:
                return True
    return False


def _swap(pairs: list[Pair]) -> list[Pair]:
    return [Pair(p.c, p.q, p.sim, p.kind) for p in pairs]


def _order_swapped(pairs: list[Pair]) -> bool:
    ordered = sorted((p.q[0], p.c[0]) for p in pairs)
    return any(b[1] < a[1] for a, b in zip(ordered, ordered[1:], strict=False))


def _is_rotation(pairs: list[Pair]) -> bool:
    """True when the candidate order is the query order with the front part moved to the
    back ("Kim Su Gwang" ~ "Su Gwang Kim"), not otherwise shuffled ("Gwang Su Kim")."""
    seq = [c for _, c in sorted((p.q[0], p.c[0]) for p in pairs)]
    descents = sum(1 for a, b in zip(seq, seq[1:], strict=False) if b < a)
    return descents == 0 or (descents == 1 and seq[-1] < seq[0])


def _syllabic_factor(
    q: NameForm, c: NameForm, pairs: list[Pair], uq: list[int], uc: list[int], reasons: list[str]
) -> float:
    """Chinese and Korean person names: every syllable is a written character, so a part
    missing on either side makes another name, and so does reordering the given name."""
    factor = 1.0
    missing = [i for i in uq if q.roles[i] != QUAL] + [j for j in uc if c.roles[j] != QUAL]
    if missing:
        factor *= SYLLABLE_MISSING ** len(missing)
        reasons.append("a syllable of the name has no counterpart")
    if len(pairs) > 2 and not _is_rotation(pairs):
        factor *= SYLLABLE_ORDER / ORDER_SWAP
        reasons.append("syllables of the given name in another order")
    return factor


def compare_forms(
    q: NameForm,
    c: NameForm,
    person: bool,
    stats: TokenStats,
    vessel: bool = False,
    detail: bool = True,
    lone_ok: bool = True,
) -> tuple[float, list[PartMatch], list[str]]:
    """Score one query form against one candidate form (``detail``: fill the parts).

    ``lone_ok``: a one-word candidate may be a person's whole name (else it is taken as
    an alias of someone with a longer name, see ``person_structure``)."""
    mode = _mode(q, c)
    joined = _joined_match(q, c)
    if joined:
        return joined
    pairs, used_q, used_c = align(q, c, mode, person)
    wq, wc = _weights(q, stats), _weights(c, stats)
    parts: list[PartMatch] = []
    reasons: list[str] = []
    mq = mc = lost_q = lost_c = 0.0
    for p in pairs:
        sim = p.sim
        if not person and p.kind in (FUZZY, INFLECTION) and len(p.q) == 1 and len(p.c) == 1:
            sim *= ORG_FUZZY
        pw_q = sum((wq[i] for i in p.q), 0.0)
        pw_c = sum((wc[j] for j in p.c), 0.0)
        mq += sim * pw_q
        mc += sim * pw_c
        if sim < SUB_SIM:
            lost_q += (1.0 - sim) * pw_q
            lost_c += (1.0 - sim) * pw_c
        if detail:
            parts.append(
                PartMatch(
                    " ".join(q.tokens[i] for i in p.q),
                    " ".join(c.tokens[j] for j in p.c),
                    sim,
                    (pw_q + pw_c) / 2,
                    p.kind,
                )
            )
    content_q, content_c = content_indices(q.roles), content_indices(c.roles)
    uq = [i for i in content_q if i not in used_q]
    uc = [j for j in content_c if j not in used_c]
    for i in uq:
        lost_q += wq[i]
        if detail:
            parts.append(PartMatch(q.tokens[i], None, 0.0, wq[i], "unmatched"))
    for j in uc:
        lost_c += wc[j]
        if detail:
            parts.append(PartMatch(None, c.tokens[j], 0.0, wc[j], "unmatched"))
    sq = sum((wq[i] for i in content_q), 0.0)
    sc = sum((wc[j] for j in content_c), 0.0)
    if sq <= 0 or sc <= 0:
        score = 1.0 if q.tokens == c.tokens else 0.0
    else:
        score = ((mq / sq) * (mc / sc)) ** 0.5
        sub = min(lost_q, lost_c)
        if sub > 0:
            score *= 1.0 - SUBSTITUTION_PENALTY * min(1.0, sub / SUBSTITUTION_SCALE)
            reasons.append("different words on both sides")
    if not person:
        score *= _country_factor(q, c, uq, uc, reasons)
        cap, why = company_part_cap(q, c, uq, uc, (wq, wc))
        if cap < score:
            score = cap
            reasons.append(why)
    score *= _numeral_factor(q, c, parts, reasons)
    score *= _legal_factor(q, c, parts, reasons)
    factor = single_word_factor(q, c, pairs, person, (wq, wc))
    if factor < 1.0:
        score *= factor
        reasons.append("the only distinctive word differs in spelling")
    if person and mode in _SYLLABIC_MODES:
        score *= _syllabic_factor(q, c, pairs, uq, uc, reasons)
    elif person and (uq or uc or len(pairs) > 1 or (not lone_ok and len(c.name_idx) == 1)):
        factor, cap = person_structure(q, c, pairs, (used_q, used_c), (wq, wc), lone_ok, reasons)
        score = min(score * factor, cap)
    if person and len(pairs) > 1 and _order_swapped(pairs):
        if _patronym_differs(q, c, pairs) and _patronym_differs(c, q, _swap(pairs)):
            score *= PATRONYM_SWAP
            reasons.append("different father's name (bin/ibn)")
        else:
            score *= ORDER_SWAP
            reasons.append("name parts in a different order")
    if vessel and bool(q.legal_forms) != bool(c.legal_forms):
        score *= VESSEL_VS_COMPANY
        reasons.append("a vessel name against a company name")
    if q.native and c.native and q.native != c.native and q.script == c.script:
        cap = edit_similarity(q.native, c.native) ** 2
        if cap < score:
            score = cap
            reasons.append("different characters in the original script")
    return min(1.0, max(0.0, score)), parts, reasons


def _joined_match(q: NameForm, c: NameForm) -> tuple[float, list[PartMatch], list[str]] | None:
    """Same letters with different spacing: "EtsKoffietFreres" ~ "Ets Koffi et Freres",
    "Lauren Tnkunda" ~ "Laurent Nkunda"."""
    if q.tokens == c.tokens:
        return None
    if q.compact != c.compact:
        return None
    sim = JOINED_SIM
    part = PartMatch(" ".join(q.tokens), " ".join(c.tokens), sim, 1.0, MERGED)
    return sim, [part], ["same letters, different spacing"]


def _lone_ok(candidate: AnalyzedName, single_name: bool | None) -> bool:
    """May a one-word candidate stand for a whole person name? Only when the caller knows
    the listed person goes by that one word: one-word list names are mostly aliases and
    nicknames of people with longer names (1,672 such aliases against 38 single-name
    persons on the lists in shared/watchlists)."""
    return bool(single_name) and candidate.schema in (None, "person")


def _kind_factor(query: AnalyzedName, candidate: AnalyzedName) -> float:
    """A name with a legal form ("Martin SARL") is a company's: against a listed person's
    name it is at best a company named after that person."""
    if query.legal_forms and candidate.schema == "person" and query.schema != "person":
        return PERSON_VS_COMPANY
    if candidate.legal_forms and query.schema == "person" and candidate.schema != "person":
        return PERSON_VS_COMPANY
    return 1.0


def compare(
    query: AnalyzedName,
    candidate: AnalyzedName,
    schema: str | None = None,
    stats: TokenStats | None = None,
    single_name: bool | None = None,
    forms: tuple[NameForm, NameForm] | None = None,
) -> NameMatch:
    """Best-scoring combination of the two names' variants, with its explanation.

    ``single_name``: True when the listed person is known by one word only (a single-name
    person). Otherwise (False, or None: unknown) a one-word candidate is taken as an alias
    of someone with a longer name, and a multi-word person query stays below the threshold
    against it. ``forms``: the best variant pair when already known (from ``best_forms``).
    """
    stats = stats or EMPTY_STATS
    person, vessel, lone = _context(query, candidate, schema, single_name)
    qf: NameForm | None
    cf: NameForm | None
    if forms is not None:
        qf, cf = forms
    elif len(query.variants) == 1 and len(candidate.variants) == 1:
        qf, cf = query.variants[0], candidate.variants[0]
    else:
        _, qf, cf = best_forms(query, candidate, schema, stats, single_name)
    if qf is None or cf is None:
        return NameMatch(0.0, None, None, [], ["nothing comparable in one of the names"])
    score, parts, reasons = compare_forms(qf, cf, person, stats, vessel, True, lone)
    if qf.kind == "former" or cf.kind == "former":
        score *= FORMER_FACTOR
        reasons.append("matched a former name")
    kind = _kind_factor(query, candidate)
    if kind < 1.0:
        score *= kind
        reasons.append("a company name against a person's name")
    return NameMatch(score, qf, cf, parts, reasons)


def _context(
    query: AnalyzedName, candidate: AnalyzedName, schema: str | None, single_name: bool | None
) -> tuple[bool, bool, bool]:
    """(person, vessel, lone_ok) for comparing the two names under ``schema``."""
    norm = (schema if schema in _SCHEMAS else normalize_schema(schema)) or (
        query.schema or candidate.schema
    )
    vessel = norm == "vessel" or query.is_vessel_prefix_stripped or candidate.schema == "vessel"
    return norm == "person", vessel, _lone_ok(candidate, single_name)


def best_forms(
    query: AnalyzedName,
    candidate: AnalyzedName,
    schema: str | None = None,
    stats: TokenStats | None = None,
    single_name: bool | None = None,
) -> tuple[float, NameForm | None, NameForm | None]:
    """``(score, query form, candidate form)`` of the best-scoring variant pair, without
    building the explanation (the fast path for ranking; ``compare`` explains one pair)."""
    stats = stats or EMPTY_STATS
    person, vessel, lone = _context(query, candidate, schema, single_name)
    best: tuple[float, NameForm | None, NameForm | None] = (0.0, None, None)
    for qf in query.variants:
        for cf in candidate.variants:
            score = compare_forms(qf, cf, person, stats, vessel, False, lone)[0]
            if qf.kind == "former" or cf.kind == "former":
                score *= FORMER_FACTOR
            if best[1] is None or score > best[0]:
                best = (score, qf, cf)
    return best[0] * _kind_factor(query, candidate), best[1], best[2]


def compare_score(
    query: AnalyzedName,
    candidate: AnalyzedName,
    schema: str | None = None,
    stats: TokenStats | None = None,
    single_name: bool | None = None,
) -> float:
    """``compare(...).score`` without building the explanation."""
    return best_forms(query, candidate, schema, stats, single_name)[0]


def score_pair(
    name1: str, name2: str, schema: str | None = None, stats: TokenStats | None = None
) -> float:
    """Score of two raw names (convenience for the bench and the CLI)."""
    return compare(analyze(name1, schema), analyze(name2, schema), schema, stats).score
