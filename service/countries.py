"""Country names and codes to ISO 3166 alpha-2, as sanctions lists spell them."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Spellings the lists use that pycountry does not resolve by itself.
_ALIASES: dict[str, str] = {
    "russia": "RU",
    "russian federation": "RU",
    "iran": "IR",
    "syria": "SY",
    "north korea": "KP",
    "korea, north": "KP",
    "democratic people's republic of korea": "KP",
    "dprk": "KP",
    "korea, south": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "burma": "MM",
    "myanmar": "MM",
    "venezuela": "VE",
    "bolivia": "BO",
    "tanzania": "TZ",
    "vietnam": "VN",
    "viet nam": "VN",
    "laos": "LA",
    "moldova": "MD",
    "taiwan": "TW",
    "palestinian": "PS",
    "palestine": "PS",
    "west bank": "PS",
    "gaza": "PS",
    "occupied palestinian territory": "PS",
    "united kingdom": "GB",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "united states": "US",
    "usa": "US",
    "united states of america": "US",
    "u.s.": "US",
    "turkey": "TR",
    "turkiye": "TR",
    "türkiye": "TR",
    "czech republic": "CZ",
    "czechia": "CZ",
    "macedonia": "MK",
    "north macedonia": "MK",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "côte d'ivoire": "CI",
    "congo, democratic republic of the": "CD",
    "democratic republic of the congo": "CD",
    "congo (democratic republic)": "CD",
    "drc": "CD",
    "congo, republic of the": "CG",
    "republic of the congo": "CG",
    "congo": "CG",
    "the gambia": "GM",
    "gambia": "GM",
    "the bahamas": "BS",
    "bahamas": "BS",
    "brunei": "BN",
    "cape verde": "CV",
    "kosovo": "XK",
    "vatican": "VA",
    "holy see": "VA",
    "swaziland": "SZ",
    "east timor": "TL",
    "timor-leste": "TL",
    "micronesia": "FM",
    "st. kitts and nevis": "KN",
    "saint kitts and nevis": "KN",
    "st. lucia": "LC",
    "st. vincent and the grenadines": "VC",
    "soviet union": "SU",
    "ussr": "SU",
    "yugoslavia": "YU",
    "crimea": "UA",
    "region: crimea": "UA",
    "sudan, south": "SS",
    "south sudan": "SS",
    "uae": "AE",
    "united arab emirates": "AE",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "netherlands antilles": "AN",
    "serbia and montenegro": "CS",
    "kyrgyzstan": "KG",
    "british virgin islands": "VG",
    "virgin islands, british": "VG",
    "iran (islamic republic of)": "IR",
    "syrian arab republic": "SY",
    "lao people's democratic republic": "LA",
    "bosnia-herzegovina": "BA",
    "bosnia and herzegovina": "BA",
    "korea": "KR",
    "the netherlands": "NL",
    "holland": "NL",
    "curacao": "CW",
    "curaçao": "CW",
}
_NON_COUNTRIES = {"", "-0-", "unknown", "stateless", "none", "n/a", "undetermined"}
_CLEAN = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def to_iso2(value: str | None, fuzzy: bool = True) -> str | None:
    """ISO 3166 alpha-2 for a country name, alpha-2 or alpha-3 code; None when unknown.

    ``fuzzy`` allows pycountry's slow fuzzy search (tens of ms) as a last resort.
    """
    if value is None:
        return None
    text = _CLEAN.sub(" ", value).strip().strip(".;,").strip()
    key = text.lower()
    if key in _NON_COUNTRIES:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    if len(text) == 2 and text.isalpha():
        found = pycountry.countries.get(alpha_2=text.upper())
        return found.alpha_2 if found else (text.upper() if text.upper() in {"XK", "SU"} else None)
    if len(text) == 3 and text.isalpha():
        found = pycountry.countries.get(alpha_3=text.upper())
        if found:
            return found.alpha_2
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        pass
    if not fuzzy:
        return None
    try:
        matches = pycountry.countries.search_fuzzy(text)
    except LookupError:
        return None
    return matches[0].alpha_2 if len(matches) == 1 else None


def countries_in(values: list[str] | tuple[str, ...]) -> list[str]:
    """Resolve several names to unique ISO codes, keeping order and dropping unknowns."""
    out: list[str] = []
    for value in values:
        code = to_iso2(value)
        if code and code not in out:
            out.append(code)
    return out
