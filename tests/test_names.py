"""Name analysis: normalisation, romanisation, structure, legal forms, numerals, stats."""

from __future__ import annotations

import pytest

from service.names import LEGAL, NUM, QUAL, TokenStats, analyze
from service.names.chinese import han_equivalent, is_pinyin
from service.names.numerals import roman_value
from service.names.phonetic import consonant_key, korean_key, skeleton


def tokens(name: str, schema: str | None = None, n: int = 0) -> tuple[str, ...]:
    return analyze(name, schema).variants[n].tokens


def test_analysis_is_cached_and_immutable() -> None:
    a = analyze("Rosneft Oil Company", "Company")
    assert analyze("Rosneft Oil Company", "Company") is a
    with pytest.raises(AttributeError):
        a.original = "x"  # type: ignore[misc]
    assert a.variants[0].kind == "main"


def test_case_diacritics_punctuation() -> None:
    assert tokens("  ŠKODA  Transportation a.s. ") == tokens("skoda transportation AS")
    assert tokens("Crédit Lyonnais") == ("credit", "lyonnais")
    assert tokens("O'Brien-Smith") == ("obrien", "smith")
    assert tokens("Hôtel d'Angleterre", "Company") == ("hotel", "d", "angleterre")


def test_dotted_initialisms_join_for_organisations_not_persons() -> None:
    assert tokens("U.N.I.C.E.F. Relief", "Organization") == ("unicef", "relief")
    assert tokens("T.R. Kowalski", "Person") == ("t", "r", "kowalski")
    assert tokens("K L M Cargo", "Company") == ("klm", "cargo")


def test_leetspeak_digits_inside_words() -> None:
    assert tokens("B0r1s Rotenb3rg", "Person") == ("boris", "rotenberg")


def test_transliteration_of_scripts() -> None:
    assert tokens("Борис Ротенберг", "Person") == ("boris", "rotenberg")
    assert tokens("Σωκράτης", "Person")[0].startswith("sokrat")
    assert tokens("王小明", "Person") == ("wang", "xiao", "ming")  # one token per Han syllable
    assert analyze("王小明", "Person").script == "Hani"
    assert tokens("최민수", "Person") == ("choe", "min", "su")
    assert analyze("حسن روحاني", "Person").script == "Arab"


def test_cyrillic_g_gets_ukrainian_h_reading() -> None:
    a = analyze("Григорий Гусев", "Person")
    kinds = {v.kind: v.tokens for v in a.variants}
    assert kinds["main"] == ("grigoriy", "gusev")
    assert kinds["translit-alt"] == ("hryhoriy", "husev") or kinds["translit-alt"][1] == "husev"


def test_japanese_name_readings() -> None:
    a = analyze("佐藤健", "Person")
    assert ("sato", "ken") in {v.tokens for v in a.variants}
    # surely Japanese (two-character surname): no Mandarin reading at all
    assert [v.tokens for v in analyze("佐藤 健", "Person").variants] == [("sato", "ken")]
    # known surname, unknown given name: the given name stays per-character pinyin
    b = analyze("中村 光太郎", "Person")
    assert [v.tokens for v in b.variants] == [("nakamura", "guang", "tai", "lang")]
    assert b.variants[0].script == "Hani"
    # one-character surname without a space: could be Chinese, both readings kept
    assert {v.tokens for v in analyze("林健", "Person").variants} == {
        ("lin", "jian"),
        ("hayashi", "ken"),
    }


def test_hebrew_and_arabic_romanisation() -> None:
    # word-initial kaf is k, and k+h stays apart from the digraph kh (Kohen is not Khan)
    assert tokens("משה כהן", "Person") == ("msh", "kehn")
    assert consonant_key("kehn") == consonant_key("cohen") != consonant_key("khan")
    assert tokens("דוד בן אברהם", "Person") == ("dod", "bn", "vrehm")
    assert tokens("אלטע לוי", "Person") == ("lt", "loy")  # "lt" is no lieutenant here
    assert tokens("محمد بن سلمان", "Person") == ("mhmd", "bin", "slmn")  # particle spelt
    assert tokens("سعود", "Person") == ("swd",)  # ayn does not split the word
    assert consonant_key("malkh") == "mlh" != consonant_key("mala")  # final kh is no -ah


def test_chinese_syllables() -> None:
    assert is_pinyin("lei") and is_pinyin("li") and not is_pinyin("lee")
    assert han_equivalent("zhang", "chang") and han_equivalent("xu", "hsu")
    assert not han_equivalent("zhou", "zou")
    assert skeleton("xi") == skeleton("si") == skeleton("hsi")


def test_hyphens_and_name_positions() -> None:
    form = analyze("JOHN B. PRIDMORE-SMITH", "Person").variants[0]
    assert form.tokens == ("john", "b", "pridmore", "smith") and form.hyphens == {2}
    assert form.name_idx == (0, 1, 2, 3)
    assert analyze("Anna Weston", "Person").variants[0].hyphens == frozenset()


def test_given_name_that_is_also_a_title() -> None:
    assert tokens("JOHNSON, Prince", "Person") == ("prince", "johnson")
    assert tokens("ABDULLAH, Amir", "Person") == ("amir", "abdullah")
    a = analyze("Prince Mensah", "Person")  # title or name: both forms
    assert [v.tokens for v in a.variants] == [("mensah",), ("prince", "mensah")]
    assert tokens("SMITH, Dr. John", "Person") == ("john", "smith")


def test_titles_removed_for_persons_only() -> None:
    a = analyze("Sheikh Dr. Omar Haddad", "Person")
    assert a.variants[0].tokens == ("omar", "haddad")
    assert a.titles == {"sheikh", "dr"}
    assert tokens("General Dynamics", "Company") == ("general", "dynamics")
    assert tokens("Colonel Harlan Sanders", "Person") == ("harlan", "sanders")


def test_vessel_prefixes_and_former_names() -> None:
    a = analyze("MV Lagos Pearl (ex Atlantic Palm)", "Vessel")
    assert [(v.kind, v.tokens) for v in a.variants] == [
        ("main", ("lagos", "pearl")),
        ("former", ("atlantic", "palm")),
    ]
    assert a.is_vessel_prefix_stripped
    assert tokens("M/T Baltic Wind", "Vessel") == ("baltic", "wind")
    b = analyze("Nordvik Trading f.k.a. Polar Star Trading", "Company")
    assert b.variants[1].kind == "former" and b.variants[1].tokens == ("polar", "star", "trading")
    c = analyze("Kestrel Mining a.k.a. KMC", "Company")
    assert c.variants[1].kind == "alias" and c.variants[1].tokens == ("kmc",)


def test_comma_forms() -> None:
    assert tokens("PETROV, Ivan Sergeyevich", "Person") == ("ivan", "sergeyevich", "petrov")
    a = analyze("Halden Freight Ltd, Rotterdam Branch", "Company")
    assert a.variants[0].roles == ("name", "name", LEGAL, QUAL, QUAL)
    b = analyze("Ostrava Steel, S.A. de C.V.", "Company")
    assert b.legal_forms == {"SADECV"}


def test_residue_labels_and_qualifiers() -> None:
    assert tokens("BENEFICIARY: Verdano Foods Ltd", "Company") == ("verdano", "foods", "ltd")
    a = analyze("Orion Holding (Cyprus) Ltd", "Company")
    assert a.variants[0].tokens == ("orion", "holding", "ltd", "cyprus")
    assert a.variants[0].roles[-1] == QUAL
    assert tokens("Amrit Textiles (Pvt) Ltd", "Company") == ("amrit", "textiles", "pvtltd")


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("OOO Romashka", {"OOO"}),
        ("Romashka Limited Liability Company", {"LLC"}),
        ('ТОВ "Ромашка"', {"TOV"}),
        ("ПАО Ромашка", {"PJSC"}),
        ("Open Joint Stock Company Romashka", {"OJSC"}),
        ("Romashka GmbH", {"GMBH"}),
        ("Romashka Gesellschaft mit beschränkter Haftung", {"GMBH"}),
        ("Romashka Sp. z o.o.", {"SPZOO"}),
        ("Romashka S.A.", {"SA"}),
        ("Romashka Co., Ltd.", {"COLTD"}),
        ('רומשקה בע"מ', {"LTD"}),
        ("ロマシカ株式会社", {"KK"}),
        ("罗马什卡有限公司", {"COLTD"}),
        ("Romashka Pvt. Ltd.", {"PVTLTD"}),
        ("Romashka Sdn. Bhd.", {"SDNBHD"}),
        ("Romashka Kft.", {"KFT"}),
        ("Romashka Korlátolt Felelősségű Társaság", {"KFT"}),
    ],
)
def test_legal_forms_canonicalised(name: str, codes: set[str]) -> None:
    assert analyze(name, "Company").legal_forms == codes


def test_legal_words_alone_are_kept_as_name() -> None:
    assert tokens("Limited Company", "Company") == ("limited", "company")


@pytest.mark.parametrize(
    ("name", "nums"),
    [
        ("Regiment Fourty-Two", {"42"}),
        ("Regiment Forty 2", {"42"}),
        ("Regiment 42", {"42"}),
        ("Sea Lion No. 7", {"7"}),
        ("Sea Lion VII", {"7"}),
        ("Sea Lion 7th", {"7"}),
        ("第七海龍丸", {"7"}),
        ("Orchid Leasing Three Ltd", {"3"}),
    ],
)
def test_numerals_canonicalised(name: str, nums: set[str]) -> None:
    a = analyze(name, "Vessel")
    assert a.numerals == nums
    assert NUM in a.variants[0].roles


def test_roman_numerals_are_not_names() -> None:
    assert roman_value("xiv") == 14 and roman_value("mix") is None
    assert analyze("Xi Wenbo", "Person").numerals == frozenset()
    assert analyze("Louis Ferrand III", "Person").numerals == {"3"}
    assert analyze("Vitaly Ivanov", "Person").numerals == frozenset()


def test_phonetic_skeletons_meet() -> None:
    for a, b in [
        ("setchin", "sechin"),
        ("gennadiy", "gennady"),
        ("zhukov", "joukov"),
        ("tsoi", "tzoi"),
        ("yuriy", "yuri"),
        ("mohammed", "mohamed"),
        ("zavyalov", "zavjalov"),
        ("abdullah", "abdulla"),
    ]:
        assert skeleton(a) == skeleton(b), (a, b)
    assert skeleton("mining") != skeleton("dining")
    assert consonant_key("mahmoud") == consonant_key("mhmwd")
    assert korean_key("jeong") == korean_key("jong") and korean_key("lee") == korean_key("i")
    for a, b in [("yeong", "young"), ("hyeon", "hyun"), ("cheol", "chul"), ("u", "woo")]:
        assert korean_key(a) == korean_key(b), (a, b)
    for a, b in [("yeong", "jong"), ("hyeon", "yeon"), ("gwang", "gang"), ("jun", "won")]:
        assert korean_key(a) != korean_key(b), (a, b)


def test_token_stats() -> None:
    stats = TokenStats([("rosneft", "oil", "company"), ("gazprom", "oil"), ("oil", "trading")])
    assert len(stats) == 3 and stats.count("oil") == 3
    assert stats.weight("oil") < stats.weight("gazprom") <= 1.0
    assert stats.weight("unseen") == 1.0
    empty = TokenStats()
    assert empty.weight("trading") <= 0.3 and empty.weight("bin") <= 0.3
    assert empty.weight("rotenberg") == 1.0
    assert empty.weight("muhammad") <= 0.5
