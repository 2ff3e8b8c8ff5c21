"""Legal forms of organisations, canonicalised across languages and scripts.

Each form has a canonical code (``LLC``, ``JSC``, ``GMBH``...), a family (private
limited, joint-stock, partnership, sole trader, corporation, any) and whether the code is
a generic English one (``LLC``, ``LTD``, ``JSC``) or a national form (``GMBH``,
``SDNBHD``). Two national forms of the same family from different countries are *not*
the same legal form: "Korvessa GmbH" and "Korvessa Sdn Bhd" are different companies.
"""

from __future__ import annotations

import re
from functools import lru_cache

# One form per line: CODE family generic|national: phrase, phrase, ...
# (continuation lines are indented). Phrases are normalised tokens.
_TABLE = """
LLC priv generic: llc, l l c, limited liability company, limited liability co, ltd liability
    co, limited liability corporation
LTD priv generic: ltd, limited
LTDA priv national: ltda, limitada, ltdo
PVTLTD priv generic: pvt ltd, private limited, pvt limited, private ltd, p ltd, pvt
PTYLTD priv national: pty ltd, pty limited, proprietary limited, pty
PTELTD priv national: pte ltd, pte limited, private limited company pte, pte
SDNBHD priv national: sdn bhd, sendirian berhad, sdn
BHD pub national: bhd, berhad
OOO priv national: ooo, o o o, obshchestvo s ogranichennoy otvetstvennostyu, obshchestvo s
    ogranichennoi otvetstvennostiu, obshestvo s ogranichennoy otvetstvennostyu
TOV priv national: tov, tovarystvo z obmezhenoyu vidpovidalnistyu
GMBH priv national: gmbh, g m b h, gesellschaft mit beschrankter haftung, gesellschaft mbh,
    ges m b h, gesmbh
SPZOO priv national: sp z oo, sp zoo, spzoo, sp z o o, spolka z ograniczona
    odpowiedzialnoscia
SRL priv national: srl, s r l, societa a responsabilita limitata, societatea cu raspundere
    limitata, sociedad de responsabilidad limitada
SARL priv national: sarl, s a r l, suarl, eurl, societe a responsabilite limitee
SRO priv national: sro, s r o, spol s r o, spolecnost s rucenim omezenym
DOO priv national: doo, d o o, drustvo s ogranicenom odgovornoscu
KFT priv national: kft, korlatolt felelossegu tarsasag
BV priv national: bv, b v, besloten vennootschap, bvba
LTDSTI priv national: ltd sti, limited sirketi, limited sti
KK pub national: kk, k k, kabushiki kaisha, kabushikigaisha, kabushiki gaisha
GK priv national: gk, godo kaisha, yk, yugen kaisha
JSC pub generic: jsc, joint stock company, joint stock co, joint-stock company, ao, a o,
    aktsionernoe obshchestvo, aktsionernoye obshchestvo, at, aktsionerne tovarystvo, as, a
    s, ad, a d, jstc, joint stock commercial bank
OJSC pub generic: ojsc, oao, open joint stock company, open joint stock co, otkrytoe
    aktsionernoe obshchestvo, otkrytoye aktsionernoye obshchestvo, vat
CJSC pub generic: cjsc, zao, closed joint stock company, closed joint stock co, zakrytoe
    aktsionernoe obshchestvo, zakrytoye aktsionernoye obshchestvo, zat
PJSC pub generic: pjsc, pao, public joint stock company, public joint stock co, publichnoe
    aktsionernoe obshchestvo, pat
PRAT pub national: prat, chao, private joint stock company, pjsc private, privatne
    aktsionerne tovarystvo, chastnoe aktsionernoe obshchestvo
AG pub national: ag, aktiengesellschaft, akg
SA pub national: sa, s a, societe anonyme, sociedad anonima, sociedade anonima, spa, s p a,
    societa per azioni, nv, n v, naamloze vennootschap, sac, s a c, saa, sae, sas, s a s
SADECV pub national: sa de cv, s a de c v, sab de cv, sapi de cv, sociedad anonima de
    capital variable
AB pub national: ab, aktiebolag, aktiebolaget, oy, oyj, asa
AS_TR pub national: anonim sirketi, a s, as
PT priv national: pt, p t, perseroan terbatas, tbk, pt tbk
PLC pub generic: plc, p l c, public limited company, public company limited, public co ltd,
    pcl
INC corp generic: inc, incorporated, incorporation
CORP corp generic: corp, corporation, corpn
CO any generic: co, company, cie, compagnie, compania, companhia, and co, and cie, and c,
    kumpani
COLTD priv generic: co ltd, company limited, co limited, company ltd
FZE priv national: fze, fzco, fzc, fz llc, fzllc, dmcc, fz
WLL priv national: wll, w l l, spc, sal, s a l
SIA priv national: sia, uab, ou, eood, ood, zrt, nyrt, bt
SE pub national: se, societas europaea
EV npo national: ev, e v, eingetragener verein
NA any generic: na, n a, national association
LP part generic: lp, l p, limited partnership
LLP part generic: llp, l l p, limited liability partnership
SNC part national: snc, s n c, sp j, spolka jawna, ohg, og, vof
KG part national: kg, gmbh and co kg, sp k, spolka komandytowa, sas di, ska, sp k a, spolka
    komandytowo akcyjna, kgaa, scs, sca
FOP sole national: fop, ip, individual entrepreneur, pe, spd, sole proprietor, ets,
    etablissements, est, establishment
GIE part national: gie
ANO npo national: ano, autonomous non profit organization, avtonomnaya nekommercheskaya
    organizatsiya, ngo, npo, gup, fgup, mup, sue, fsue
"""


def _parse(table: str) -> dict[str, tuple[str, bool, tuple[str, ...]]]:
    forms: dict[str, tuple[str, bool, tuple[str, ...]]] = {}
    for entry in table.replace("\n    ", " ").strip().splitlines():
        head, _, phrases = entry.partition(":")
        code, fam, kind = head.split()
        forms[code] = (fam, kind == "generic", tuple(p.strip() for p in phrases.split(",")))
    return forms


_FORMS = _parse(_TABLE)

#: Native-script legal forms replaced by an ASCII code before romanisation.
NATIVE_FORMS: tuple[tuple[str, str], ...] = (
    ('בע"מ', " ltd "),
    ("בע״מ", " ltd "),
    ("בעמ", " ltd "),
    ("股份有限公司", " co ltd "),
    ("有限责任公司", " llc "),
    ("有限責任公司", " llc "),
    ("有限公司", " co ltd "),
    ("株式会社", " kk "),
    ("合同会社", " gk "),
    ("有限会社", " gk "),
    ("(株)", " kk "),
    ("（株）", " kk "),
    ("㈱", " kk "),
    ("公司", " co "),
    ("주식회사", " co ltd "),
    ("(주)", " co ltd "),
    ("㈜", " co ltd "),
    ("유한회사", " llc "),
    ("ကုမ္ပဏီလီမိတက်", " co ltd "),
    ("ကုမ္ပဏီ", " co "),
    ("ลิมิเต็ด", " ltd "),
    ("บริษัท", " co "),
    ("จำกัด", " ltd "),
    ("(มหาชน)", " plc "),
    ("ООО", " ooo "),
    ("ТОВ", " tov "),
    ("ПАО", " pao "),
    ("ОАО", " oao "),
    ("ЗАО", " zao "),
    ("ПрАТ", " prat "),
    ("ЧАО", " chao "),
    ("АО", " ao "),
    ("ПАТ", " pat "),
    ("ФОП", " fop "),
    ("ИП", " ip "),
    ("ՍՊԸ", " llc "),
    ("ԲԲԸ", " ojsc "),
    ("ՓԲԸ", " cjsc "),
    ("შპს", " llc "),
    ("სს", " jsc "),
    ("ش.م.م", " llc "),
    ("ذ.م.م", " llc "),
)

# phrase tokens -> code, longest phrases first
_PHRASES: dict[tuple[str, ...], str] = {}
for _code, (_fam, _gen, _phrases) in _FORMS.items():
    for _ph in _phrases:
        _PHRASES.setdefault(tuple(_ph.split()), _code)
MAX_PHRASE = max(len(p) for p in _PHRASES)
FIRST_TOKENS = frozenset(p[0] for p in _PHRASES)
#: Codes too ambiguous to take from the middle of a name (only at its start or end).
_EDGE_ONLY = frozenset(
    {
        "FZE",
        "WLL",
        "SIA",
        "SE",
        "EV",
        "CO",
        "SA",
        "AG",
        "AB",
        "JSC",
        "AS_TR",
        "PT",
        "FOP",
        "ANO",
        "BV",
        "KG",
        "SNC",
        "LP",
        "GK",
        "KK",
        "OJSC",
        "CJSC",
        "PJSC",
    }
)
_NATIVE_RE = re.compile("|".join(re.escape(k) for k, _ in NATIVE_FORMS))
_NATIVE_MAP = dict(NATIVE_FORMS)


def replace_native(text: str) -> str:
    """Replace legal forms written in non-Latin scripts by their ASCII code."""
    if text.isascii():
        return text
    return _NATIVE_RE.sub(lambda m: _NATIVE_MAP[m.group(0)], text)


def family(code: str) -> str:
    return _FORMS[code][0] if code in _FORMS else "any"


def is_generic(code: str) -> bool:
    return _FORMS[code][1] if code in _FORMS else True


def match_at(tokens: list[str], i: int) -> tuple[str, int] | None:
    """The legal form starting at ``tokens[i]`` as (code, length), longest first."""
    if tokens[i] not in FIRST_TOKENS:
        return None
    for n in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
        code = _PHRASES.get(tuple(tokens[i : i + n]))
        if code:
            return code, n
    return None


def edge_only(code: str) -> bool:
    return code in _EDGE_ONLY


@lru_cache(maxsize=4096)
def compatibility(a: frozenset[str], b: frozenset[str]) -> float:
    """1.0 same form, 0.9 compatible (translation/unknown), 0.5 different legal forms.

    Forms of family "any" (Co, Company) are ignored. An absent form is compatible.
    """
    a = frozenset(c for c in a if family(c) != "any")
    b = frozenset(c for c in b if family(c) != "any")
    if not a or not b:
        return 0.9
    if a & b:
        return 1.0
    best = 0.5
    for x in a:
        for y in b:
            if (
                family(x) == family(y)
                and (is_generic(x) or is_generic(y))
                or (
                    {x, y} <= {"JSC", "OJSC", "CJSC", "PJSC", "PRAT", "AS_TR"}
                    or {x, y} <= {"LTD", "PVTLTD", "COLTD", "LLC"}
                    or {x, y} <= {"INC", "CORP"}
                )
            ):
                best = max(best, 0.9)
    return best
