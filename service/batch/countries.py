"""Country cells in other languages: pycountry's ISO 3166 translations (de, fr, es, it, pt,
nl, pl, ru) plus the everyday short names ISO does not use ("Russland", "Россия")."""

from __future__ import annotations

import gettext
from functools import lru_cache

import pycountry

from service.batch.aliases import norm
from service.countries import to_iso2

LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "ru")
# fmt: off
SHORT_NAMES = {
    "RU": ("Russia", "Russland", "Russie", "Rusia", "Rússia", "Rusland", "Rosja", "Россия",
           "РФ", "Российская Федерация"),
    "IR": ("Iran", "Irán", "Irã", "Иран"),
    "SY": ("Syria", "Syrien", "Syrie", "Siria", "Síria", "Syrië", "Syria", "Сирия"),
    "KP": ("North Korea", "Nordkorea", "Corée du Nord", "Corea del Norte", "Corea del Nord",
           "Coreia do Norte", "Noord-Korea", "Korea Północna", "КНДР", "Северная Корея"),
    "KR": ("South Korea", "Südkorea", "Corée du Sud", "Corea del Sur", "Corea del Sud",
           "Coreia do Sul", "Zuid-Korea", "Korea Południowa", "Южная Корея"),
    "VE": ("Venezuela", "Венесуэла"),
    "BY": ("Belarus", "Weißrussland", "Biélorussie", "Bielorrusia", "Białoruś", "Беларусь",
           "Белоруссия"),
    "GB": ("UK", "United Kingdom", "Great Britain", "Großbritannien", "Grande-Bretagne",
           "Reino Unido", "Regno Unito", "Verenigd Koninkrijk", "Wielka Brytania",
           "Великобритания"),
    "US": ("USA", "U.S.A.", "United States", "Vereinigte Staaten", "États-Unis",
           "Estados Unidos", "Stati Uniti", "Verenigde Staten", "Stany Zjednoczone", "США"),
    "CZ": ("Czech Republic", "Tschechien", "Tchéquie", "República Checa", "Чехия"),
    "TR": ("Turkey", "Türkei", "Turquie", "Turquía", "Turchia", "Turquia", "Turcja",
           "Турция"),
    "MD": ("Moldova", "Moldau", "Moldavie", "Moldavia", "Молдова", "Молдавия"),
    "VN": ("Vietnam", "Viêt Nam", "Вьетнам"),
    "CN": ("China", "Chine", "Cina", "Chiny", "Китай"),
    "UA": ("Ukraine", "Ucrania", "Ucraina", "Ucrânia", "Oekraïne", "Ukraina", "Украина"),
    "DE": ("Germany", "Deutschland", "Allemagne", "Alemania", "Germania", "Германия"),
}
# fmt: on


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        try:
            translation = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                if value := getattr(country, attr, None):
                    out.setdefault(norm(translation.gettext(value)), country.alpha_2)
    for code, names in SHORT_NAMES.items():
        for name in names:
            out[norm(name)] = code
    return out


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO alpha-2 for a code or a country name in English or one of ``LANGUAGES``."""
    return _names().get(norm(value)) or to_iso2(value)
