"""Burmese names: romanised by sound, one token per syllable, and found on the real lists."""

from __future__ import annotations

import pytest

from service.engine.screen import Engine, Query
from service.matching import score_pair
from service.names import analyze
from service.names.burmese import burmese_romanize
from service.names.translit import romanize


@pytest.mark.parametrize(
    ("burmese", "latin"),
    [
        ("မင်းအောင်လှိုင်", "min aung hlaing"),  # medial ha: hl; ို + င်: aing
        ("အောင်ဆန်းစုကြည်", "aung san su kyi"),  # ော + င်: aung; medial ra: ky
        ("သိန်းစိန်", "thein sein"),  # ိ + န်: ein
        ("မြင့်ဆွေ", "myint swe"),  # creaky in: int; medial wa before ေ: we
        ("မြထွန်းဦး", "mya htun oo"),  # medial wa before a final: un; ဦး inside a name: oo
        ("နေပြည်တော်", "nay pyi taw"),
        ("မောင်မောင်ကျော်", "maung maung kyaw"),
        ("ရွှေ", "shwe"),  # ra + wa + ha: shw
        ("ချစ်", "chit"),
        ("မျိုး", "myo"),
        ("ရတနာမင်္ဂလာ", "ya ta nar min ga lar"),  # kinzi: the ng closes "min"
        ("ကုမ္ပဏီ", "kon pa ni"),  # a stacked letter closes the syllable before it
        ("၁၂၃", "1 2 3"),
    ],
)
def test_syllables_romanised_as_names_are_written(burmese: str, latin: str) -> None:
    assert burmese_romanize(burmese) == latin


def test_aspirated_onsets_get_the_other_usual_spelling() -> None:
    assert romanize("မြထွန်းဦး") == [("mya htun oo", "Mymr"), ("mya tun oo", "Mymr")]
    assert romanize("မင်းအောင်လှိုင်") == [("min aung hlaing", "Mymr")]


def test_honorifics_dropped_for_persons_and_business_words_translated() -> None:
    person = analyze("ဦးသန့်", "person")
    assert person.variants[0].tokens == ("thant",) and person.titles == {"u"}
    assert analyze("ဦးသန့်", "organization").variants[0].tokens == ("u", "thant")
    assert analyze("ဒေါ်အောင်ဆန်းစုကြည်", "person").variants[0].tokens == (
        "aung",
        "san",
        "su",
        "kyi",
    )
    firm = analyze("ရွှေပုလဲ ကုန်သွယ်ရေး ကုမ္ပဏီလီမိတက်", "organization")
    assert firm.variants[0].tokens == ("shwe", "pu", "le", "trading", "coltd")
    assert firm.legal_forms == {"COLTD"}


def test_burmese_company_names_meet_their_latin_spelling() -> None:
    # syllables re-join ("ya ta nar" ~ "Yadanar"); the letter-by-letter reading scored 0
    assert (
        score_pair("ရတနာမင်္ဂလာ ပို့ဆောင်ရေး ကုမ္ပဏီလီမိတက်", "Yadanar Mingalar Logistics Co., Ltd.", "Company")
        >= 0.7
    )
    assert score_pair("ဦးကျော်ဇော်ထွန်း ကုန်သွယ်ရေး", "U Kyaw Zaw Htun Trading", "Company") >= 0.9
    assert score_pair("ဦးကျော်ဇော်ထွန်း ကုန်သွယ်ရေး", "U Kyaw Zaw Htun Trading", "Company") > (
        score_pair("ဦးကျော်ဇော်ထွန်း ကုန်သွယ်ရေး", "U Kyaw Zaw Hlaing Trading", "Company")
    )


@pytest.mark.parametrize(
    ("burmese", "surname"),
    [("မင်းအောင်လှိုင်", "HLAING"), ("စိုးဝင်း", "WIN"), ("မြထွန်းဦး", "OO")],
)
def test_burmese_script_queries_find_the_listed_junta_members(
    full_engine: Engine, burmese: str, surname: str
) -> None:
    hits = full_engine.screen(Query.build(burmese, "person"), limit=3)
    assert hits and hits[0].alert and hits[0].score >= 0.95
    assert hits[0].entity.name.upper().startswith(surname)
    assert hits[0].entity.list_id in {"us_ofac_sdn", "us_csl"}
