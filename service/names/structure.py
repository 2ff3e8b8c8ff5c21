"""Splitting a raw name into its main text, former names, aliases and qualifiers.

"MV Lagos Pearl (ex Atlantic Palm)" -> main "MV Lagos Pearl", former "Atlantic Palm".
"Deutsche Bank (Schweiz) AG" -> main "Deutsche Bank AG", qualifier "Schweiz".
"SECHIN, Igor" (person) -> main "Igor SECHIN". "BENEFICIARY: X" -> main "X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.names.vocab import RESIDUE_LABELS

_PARENS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_FORMER = re.compile(
    r"^\s*(?:formerly known as|previously known as|formerly|previously|former|f\.?\s?k\.?\s?a\.?"
    r"|f/k/a|ex[-\s.:]+|ex$)\s*(.*)$",
    re.IGNORECASE,
)
_ALIAS = re.compile(
    r"^\s*(?:also known as|a\.?\s?k\.?\s?a\.?|a/k/a|alias|d/b/a|dba|t/a|trading as)[\s:.-]+(.*)$",
    re.IGNORECASE,
)
_INLINE_FORMER = re.compile(
    r"\s+(?:formerly known as|formerly|previously|f\.k\.a\.?|fka|f/k/a|ex[-.]|ex)\s+",
    re.IGNORECASE,
)
_INLINE_ALIAS = re.compile(r"\s+(?:also known as|a\.k\.a\.?|aka|a/k/a|alias)\s+", re.IGNORECASE)
_LABEL = re.compile(r"^\s*([^\W\d_][\w ]{0,24}?)\s*:\s*(\S.*)$")
_SLASH = re.compile(r"(?<=[^\W\d_]{3})\s*/\s*(?=[^\W\d_]{3})|\s*;\s*")
_DASH_QUAL = re.compile(r"\s+[-\u2013\u2014]\s+")


_INLINE_PAREN = frozenset({"pvt", "private", "pty", "proprietary", "pte", "smc", "opc"})


@dataclass(slots=True)
class Parts:
    """The pieces of one raw name."""

    main: str
    qualifiers: list[str] = field(default_factory=list)
    former: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    reordered: str | None = None  # "LAST, First" turned into "First LAST"
    given_first: bool = False  # main was reordered from "LAST, First": it starts with a name


def _strip_label(text: str) -> str:
    if ":" not in text:
        return text
    m = _LABEL.match(text)
    if not m:
        return text
    words = m.group(1).lower().split()
    if words and (words[0] in RESIDUE_LABELS or words[-1] in RESIDUE_LABELS):
        return m.group(2)
    return text


def split_name(text: str, schema: str | None) -> Parts:
    """Split a cleaned name into main text, qualifiers, former names and aliases."""
    text = _strip_label(text)
    parts = Parts(main=text)
    if "(" in text or "[" in text:
        parts.main = _PARENS.sub(lambda m: _paren(m, parts), text)
    main = parts.main
    if " " in main:
        main = _inline(main, _INLINE_FORMER, parts.former)
        main = _inline(main, _INLINE_ALIAS, parts.aliases)
    if "/" in main or ";" in main:
        pieces = [p for p in _SLASH.split(main) if p.strip()]
        if len(pieces) > 1:
            main = pieces[0]
            parts.aliases.extend(pieces[1:])
    if schema != "person" and " - " in main:
        head, *tail = _DASH_QUAL.split(main)
        if head.strip() and tail:
            main = head
            parts.qualifiers.extend(tail)
    if "," in main:
        main = _comma(main, schema, parts)
    parts.main = main.strip(" ,;:-")
    return parts


def _paren(m: re.Match[str], parts: Parts) -> str:
    inner = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    if not inner:
        return " "
    fm = _FORMER.match(inner)
    if fm and fm.group(1).strip():
        parts.former.append(fm.group(1))
        return " "
    am = _ALIAS.match(inner)
    if am and am.group(1).strip():
        parts.aliases.append(am.group(1))
        return " "
    if all(w in _INLINE_PAREN for w in inner.lower().replace(".", " ").split()):
        return f" {inner} "  # "(Pvt) Ltd", "(Pty) Ltd": part of the legal form
    parts.qualifiers.append(inner)
    return " "


def _inline(main: str, pattern: re.Pattern[str], into: list[str]) -> str:
    pieces = pattern.split(main)
    if len(pieces) > 1 and pieces[0].strip():
        into.extend(p for p in pieces[1:] if p.strip())
        return pieces[0]
    return main


def _comma(main: str, schema: str | None, parts: Parts) -> str:
    """Persons: "LAST, First" -> "First LAST"; others: a short tail after the last comma
    (port of registry, branch, city) becomes a qualifier unless it is a legal form."""
    head, _, tail = main.rpartition(",")
    head, tail = head.strip(), tail.strip()
    if not head or not tail:
        return main.replace(",", " ")
    if schema == "person" or schema is None:
        if main.count(",") == 1 and len(tail.split()) <= 3:
            reordered = f"{tail} {head}"
            if schema == "person":
                parts.given_first = True
                return reordered
            parts.reordered = reordered
        return main.replace(",", " ")
    segs = [x.strip() for x in main.split(",")]
    for k in range(len(segs) - 1):
        words = re.sub(r"[^\w\s]", " ", segs[k].lower()).split()
        after = re.sub(r"[^\w\s]", " ", segs[k + 1].lower()).split()
        if words and _ends_legal(words) and not (after and _is_legal(after)):
            parts.qualifiers.extend(x for x in segs[k + 1 :] if x)
            return " ".join(segs[: k + 1])
    words = re.sub(r"[^\w\s]", " ", tail.lower()).split()
    if words and _is_legal(words):
        return main.replace(",", " ")
    if schema == "vessel" or len(words) <= 2:
        parts.qualifiers.append(tail)
        return head.replace(",", " ")
    return main.replace(",", " ")


def _is_legal(words: list[str]) -> bool:
    """True when ``words`` are (mostly) a legal form: "S.A. de C.V.", "Inc"."""
    from service.names.legal_forms import match_at

    for start in range(len(words)):
        m = match_at(words, start)
        if m and start + m[1] >= len(words) - 1:
            return True
        if start >= 1:
            break
    return False


def _ends_legal(words: list[str]) -> bool:
    """True when ``words`` end with a legal form ("Tidewell Equipment Inc")."""
    from service.names.legal_forms import match_at

    return any(
        (m := match_at(words, s)) is not None and s + m[1] == len(words) for s in range(len(words))
    )
