"""``analyze(name, schema)``: a name turned into comparable romanised forms.

The result is cached (the index analyses every list name at load time) and immutable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from service.names import legal_forms as lf
from service.names.normalize import clean, tokenize
from service.names.numerals import canonical_numerals
from service.names.phonetic import skeleton
from service.names.structure import split_name
from service.names.translit import ABJAD_SCRIPTS, romanize
from service.names.vocab import (
    NATIVE_TITLES,
    STOPWORDS,
    SYNONYMS,
    TITLES_PERSON,
    TITLES_UNAMBIGUOUS,
    VESSEL_PREFIX_PAIRS,
    VESSEL_PREFIXES,
)

#: Token roles in a NameForm.
NAME, LEGAL, NUM, QUAL = "name", "legal", "num", "qual"

_SCHEMAS = {
    "person": "person",
    "individual": "person",
    "people": "person",
    "company": "organization",
    "organization": "organization",
    "organisation": "organization",
    "legalentity": "organization",
    "entity": "organization",
    "publicbody": "organization",
    "vessel": "vessel",
    "ship": "vessel",
    "aircraft": "aircraft",
    "airplane": "aircraft",
}
#: Words stripped as titles at the start of a person name that are also given names.
_TITLE_OR_NAME = TITLES_PERSON - TITLES_UNAMBIGUOUS
#: Tokens kept per form (real names have far fewer; bounds the quadratic alignment).
MAX_TOKENS = 24
_STRIP_ALWAYS = frozenset({"mv", "mt", "fv", "ss", "mts", "mvs"})


def normalize_schema(schema: str | None) -> str | None:
    """Map FtM/product schema names to person/organization/vessel/aircraft (or None)."""
    if not schema:
        return None
    return _SCHEMAS.get(schema.lower().replace("_", "").replace("-", ""))


@dataclass(frozen=True, slots=True)
class NameForm:
    """One romanised, normalised form of a name.

    ``tokens`` are lower-case ASCII; legal forms appear as their canonical code in lower
    case ("llc") and numerals as decimal strings ("44"). ``roles`` gives, per token,
    "name", "legal", "num" or "qual" (qualifier: parenthesised/branch/port text).
    ``keys`` are the phonetic skeletons of the tokens.
    """

    tokens: tuple[str, ...]
    kind: str  # "main" | "former" | "alias" | "reordered" | "translit-alt" | "title-kept"
    roles: tuple[str, ...]
    keys: tuple[str, ...]
    script: str
    abbrevs: frozenset[str]  # tokens written as abbreviations with a dot ("przeds.")
    numerals: frozenset[str]
    legal_forms: frozenset[str]
    native: str = ""  # original characters (CJK/Hangul only), to tell homophones apart
    compact: str = ""  # all letters/digits as written, no spaces ("etsdiallo")
    hyphens: frozenset[int] = frozenset()  # i: tokens i and i+1 were joined by a hyphen
    name_idx: tuple[int, ...] = ()  # indices of the tokens whose role is "name"

    @property
    def name_tokens(self) -> tuple[str, ...]:
        """Tokens that are neither legal forms nor numerals."""
        return tuple(t for t, r in zip(self.tokens, self.roles, strict=True) if r in (NAME, QUAL))

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@dataclass(frozen=True, slots=True)
class AnalyzedName:
    """A name analysed once, compared many times. ``variants[0]`` is the main form."""

    original: str
    schema: str | None
    variants: tuple[NameForm, ...]
    numerals: frozenset[str]
    legal_forms: frozenset[str]
    script: str
    is_vessel_prefix_stripped: bool
    titles: frozenset[str]

    @property
    def main(self) -> NameForm | None:
        return self.variants[0] if self.variants else None


def _clean_tokens(
    tokens: list[str],
    schema: str | None,
    first: bool,
    titles: set[str],
    script: str = "Latn",
    given_first: bool = False,
) -> tuple[list[str], bool]:
    """Drop stop words and titles, expand abbreviations, strip vessel prefixes.

    Romanised abjad text (Arabic, Hebrew...; ``script``) has its own titles only: its tokens
    are consonant skeletons, and "lt" there is a name (אלטע), not "Lt." (lieutenant).
    ``given_first``: the text was "LAST, First" reordered, so its first word is a given
    name: "JOHNSON, Prince" keeps "prince" (only unambiguous titles are dropped).
    """
    stripped = False
    if first and schema != "person" and len(tokens) > 1:
        pref = VESSEL_PREFIXES if schema == "vessel" else _STRIP_ALWAYS
        if tokens[0] in pref:
            tokens, stripped = tokens[1:], True
        elif len(tokens) > 2 and (tokens[0], tokens[1]) in VESSEL_PREFIX_PAIRS:
            tokens, stripped = tokens[2:], True
    title_set = TITLES_PERSON if schema == "person" else TITLES_UNAMBIGUOUS
    if script in ABJAD_SCRIPTS:
        title_set = NATIVE_TITLES.get(script, frozenset()) if schema == "person" else frozenset()
    elif given_first:
        title_set = TITLES_UNAMBIGUOUS
    out: list[str] = []
    for tok in tokens:
        if tok in STOPWORDS and len(tokens) > 1:
            continue
        if (
            tok in title_set
            and len(tokens) > 1
            and (not out or tok in TITLES_UNAMBIGUOUS and schema == "person")
        ):
            titles.add(tok)
            continue
        syn = SYNONYMS.get(tok) if schema != "person" else None
        if syn:
            out.extend(syn.split())
        else:
            out.append(tok)
    return (out or tokens), stripped


def _legal(tokens: list[str], person: bool) -> dict[int, tuple[str, int]]:
    """Legal-form spans {start: (code, length)} accepted in ``tokens``."""
    spans: dict[int, tuple[str, int]] = {}
    i, n = 0, len(tokens)
    while i < n:
        m = lf.match_at(tokens, i)
        if m:
            spans[i] = m
            i += m[1]
        else:
            i += 1
    if not spans:
        return spans
    lead = 0
    while lead in spans:
        lead += spans[lead][1]
    ends = {s + ln: s for s, (_, ln) in spans.items()}
    trail = n
    while trail in ends:
        trail = ends[trail]
    keep = {}
    for s, (code, ln) in spans.items():
        at_edge = s < lead or s >= trail
        if person and s < trail:
            continue
        if at_edge or not lf.edge_only(code):
            keep[s] = (code, ln)
    covered = sum(ln for _, ln in keep.values())
    if covered >= n:  # a name made only of legal words: keep the words
        return {}
    return keep


def _merge_initials(tokens: list[str], roles: list[str]) -> None:
    """Organisations: runs of single letters form one token ("n k bansal" -> "nk bansal")."""
    i = 0
    while i < len(tokens) - 1:
        if len(tokens[i]) == 1 and roles[i] == NAME and tokens[i].isalpha():
            j = i
            while j + 1 < len(tokens) and len(tokens[j + 1]) == 1 and roles[j + 1] == NAME:
                j += 1
            if j > i:
                tokens[i : j + 1] = ["".join(tokens[i : j + 1])]
                roles[i : j + 1] = [NAME]
        i += 1


def _segment(
    ascii_text: str,
    schema: str | None,
    role: str,
    first: bool,
    titles: set[str],
    script: str = "Latn",
    given_first: bool = False,
) -> tuple[list[str], list[str], set[str], bool, str]:
    person = schema == "person"
    tokens, abbrev_idx = tokenize(ascii_text, person)
    if not tokens:
        return [], [], set(), False, ""
    abbrevs = {tokens[i] for i in abbrev_idx}
    tokens, stripped = _clean_tokens(tokens, schema, first, titles, script, given_first)
    compact = "".join(tokens)
    tokens, num_idx = canonical_numerals(tokens, person)
    spans = _legal(tokens, person)
    out: list[str] = []
    roles: list[str] = []
    i = 0
    while i < len(tokens):
        if i in spans:
            code, ln = spans[i]
            out.append(code.lower())
            roles.append(LEGAL)
            i += ln
            continue
        out.append(tokens[i])
        roles.append(QUAL if role == QUAL else (NUM if i in num_idx else NAME))
        i += 1
    if not person:
        _merge_initials(out, roles)
    return out, roles, abbrevs, stripped, compact


_SYLLABIC = frozenset({"Hani", "Jpan", "Hang"})
_HYPHENATED = re.compile(r"([a-z0-9]+)-(?=([a-z0-9]+))")


def _hyphens(ascii_text: str, tokens: list[str]) -> frozenset[int]:
    """Positions i where ``tokens[i]-tokens[i+1]`` is written with a hyphen ("pridmore-smith")."""
    joined = {(m.group(1), m.group(2)) for m in _HYPHENATED.finditer(ascii_text.lower())}
    return frozenset(i for i in range(len(tokens) - 1) if (tokens[i], tokens[i + 1]) in joined)


def _native(text: str) -> str:
    """The CJK/Hangul letters of ``text`` (legal forms removed), for same-script checks."""
    text = lf.replace_native(text)
    return "".join(ch for ch in text if ord(ch) > 0x2E80 and ch.isalpha())


def _form(
    text: str,
    quals: list[str],
    schema: str | None,
    kind: str,
    titles: set[str],
    given_first: bool = False,
) -> list[tuple[NameForm, bool]]:
    forms = []
    readings = romanize(lf.replace_native(text))
    qual_readings = [romanize(lf.replace_native(q))[0][0] for q in quals]
    for n, (ascii_text, script) in enumerate(readings):
        toks, roles, abbrevs, stripped, compact = _segment(
            ascii_text, schema, NAME, True, titles, script, given_first
        )
        for q in qual_readings:
            qt, qr, _, _, qc = _segment(q, schema, QUAL, False, titles)
            compact += qc
            toks.extend(qt)
            roles.extend(qr)
        if not toks:
            continue
        if len(toks) > MAX_TOKENS:  # garbage-length input: keep comparison cost bounded
            toks, roles = toks[:MAX_TOKENS], roles[:MAX_TOKENS]
        form = NameForm(
            tokens=tuple(toks),
            kind=kind if n == 0 else "translit-alt",
            roles=tuple(roles),
            keys=tuple(skeleton(t) for t in toks),
            script=script,
            abbrevs=frozenset(abbrevs),
            numerals=frozenset(t for t, r in zip(toks, roles, strict=True) if r == NUM),
            legal_forms=frozenset(
                t.upper() for t, r in zip(toks, roles, strict=True) if r == LEGAL
            ),
            native=_native(text) if script in _SYLLABIC else "",
            compact=compact,
            hyphens=_hyphens(ascii_text, toks) if "-" in ascii_text else frozenset(),
            name_idx=tuple(i for i, r in enumerate(roles) if r == NAME),
        )
        forms.append((form, stripped))
    return forms


@lru_cache(maxsize=262144)
def analyze(name: str, schema: str | None = None) -> AnalyzedName:
    """Analyse one name: romanised, normalised variants plus numerals and legal forms."""
    norm_schema = normalize_schema(schema)
    text = clean(name)
    parts = split_name(text, norm_schema)
    titles: set[str] = set()
    built = _form(parts.main, parts.qualifiers, norm_schema, "main", titles, parts.given_first)
    if titles & _TITLE_OR_NAME and not parts.given_first:  # "Prince Mensah": title or name?
        built += _form(parts.main, parts.qualifiers, norm_schema, "title-kept", set(), True)
    if parts.reordered:
        built += _form(parts.reordered, parts.qualifiers, norm_schema, "reordered", titles, True)
    for f in parts.former:
        built += _form(f, [], norm_schema, "former", titles)
    for a in parts.aliases:
        built += _form(a, [], norm_schema, "alias", titles)
    seen: set[tuple[str, ...]] = set()
    variants = []
    for form, _ in built:
        if form.tokens not in seen:
            seen.add(form.tokens)
            variants.append(form)
    return AnalyzedName(
        original=name,
        schema=norm_schema,
        variants=tuple(variants),
        numerals=frozenset().union(*(v.numerals for v in variants)) if variants else frozenset(),
        legal_forms=frozenset().union(*(v.legal_forms for v in variants))
        if variants
        else frozenset(),
        script=variants[0].script if variants else "Latn",
        is_vessel_prefix_stripped=any(s for _, s in built[:1]),
        titles=frozenset(titles),
    )
