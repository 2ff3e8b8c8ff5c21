"""UN Security Council Consolidated List and EU Financial Sanctions Files parsers.

The UN tests run on the real file in ../shared. No real EU FSF file is available offline, so
``tests/fixtures/eu_fsf_sample.xml`` is hand-written from the published FSF 1.1 schema
(``xmlFullSanctionsList_1_1``: export/sanctionEntity/regulation/subjectType/nameAlias/
citizenship/birthdate/identification/address/remark); its entries are fictional.
Broken and hostile variants are generated in tmp_path.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from service.errors import ListFormatError
from service.model import Entity, IdType, NameKind, ParsedList, Schema
from service.sources import eu_fsf, un_sc
from service.sources.base import SNIFF_BYTES, FileRole
from service.sources.un_sc.mapper import birth_dates, clean_document_number, split_alias

FIXTURES = Path(__file__).parent / "fixtures"
EU_SAMPLE = FIXTURES / "eu_fsf_sample.xml"


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SNIFF_BYTES)


@pytest.fixture(scope="module")
def un_path(watchlists_dir: Path) -> Path:
    return watchlists_dir / "un_consolidated_2026-02-27" / "consolidated.xml"


@pytest.fixture(scope="module")
def un_list(un_path: Path) -> ParsedList:
    return un_sc.parse({"main": un_path}, "un_sc")


@pytest.fixture(scope="module")
def un_by_id(un_list: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in un_list.entities}


@pytest.fixture(scope="module")
def eu_by_id() -> dict[str, Entity]:
    return {e.id: e for e in eu_fsf.parse({"main": EU_SAMPLE}, "eu_fsf").entities}


# --- UN: the real file ----------------------------------------------------------------------


def test_un_counts_date_and_ids(un_list: ParsedList) -> None:
    assert un_list.format == "un_sc_xml" and un_list.list_id == "un_sc"
    assert un_list.published == date(2026, 2, 27)
    assert un_list.warnings == []
    assert len(un_list.entities) == 1003
    schemas = Counter(e.schema for e in un_list.entities)
    assert schemas == {Schema.PERSON: 730, Schema.ORGANIZATION: 273}
    ids = [e.id for e in un_list.entities]
    assert len(set(ids)) == 1003
    assert all(i.startswith("un_sc:") and " " not in i for i in ids)
    assert all(e.names[0].kind is NameKind.PRIMARY for e in un_list.entities)


def test_un_known_individual_in_full(un_by_id: dict[str, Entity]) -> None:
    e = un_by_id["un_sc:QDi.006"]
    assert e.schema is Schema.PERSON
    primary = e.names[0]
    assert primary.value == "AIMAN MUHAMMED RABI AL-ZAWAHIRI"
    parts = (primary.given, primary.middle, primary.family)
    assert parts == ("AIMAN", "MUHAMMED RABI", "AL-ZAWAHIRI")
    original = e.names[1]
    assert original.value == "أيمن محمد ربيع الظواهري"
    assert original.kind is NameKind.AKA and original.script == "Arab"
    good = next(n for n in e.names if n.value == "Ayman Al-Zawahari")
    assert good.kind is NameKind.AKA and good.quality == "Good"
    weak = {n.value for n in e.names if n.kind is NameKind.WEAK}
    assert weak == {"Abu Fatma", "Abu Mohammed"}
    assert all(n.quality == "Low" for n in e.names if n.kind is NameKind.WEAK)
    assert len(e.names) == 17
    assert e.birth_dates == ["1951-06-19"]
    assert e.birth_places == ["Giza, Egypt"]
    assert e.nationalities == ["EG"]
    assert [(i.type, i.value, i.country) for i in e.identifiers] == [
        (IdType.PASSPORT, "1084010", "EG"),
        (IdType.PASSPORT, "19820215", None),
    ]
    assert e.programs == ["Al-Qaida", "QD"]
    assert e.listed_on == "2001-01-25"
    assert e.titles == ["Doctor", "Dr."]
    assert e.remarks and e.remarks.startswith("Leader of Al-Qaida (QDe.004).")
    assert [(r.kind, r.target_name, r.target_id) for r in e.relations] == [
        ("associate", "QDe.004", "un_sc:QDe.004"),
        ("associate", "QDe.003", "un_sc:QDe.003"),
    ]
    assert e.source_url == "https://scsanctions.un.org/"


def test_un_other_fields(un_by_id: dict[str, Entity]) -> None:
    badege = un_by_id["un_sc:CDi.001"]
    assert badege.gender == "male" and badege.birth_dates == ["1971"]
    assert badege.countries == ["RW", "CD"]  # address country, then nationality
    assert badege.addresses[0].country == "RW"
    iyamuremye = un_by_id["un_sc:CDi.003"]
    assert iyamuremye.positions[0] == "FDLR Interim President"
    assert iyamuremye.birth_places == [
        "Musanze District, Northern Province, Rwanda",
        "Ruhengeri, Rwanda",
    ]
    assert un_by_id["un_sc:CDi.030"].birth_dates == ["1973", "1974"]  # BETWEEN, expanded
    assert un_by_id["un_sc:QDi.395"].birth_dates == ["1958-09"]  # YEAR + NOTE "Sep."
    assert un_by_id["un_sc:CDi.004"].birth_dates == ["1973-11"]  # NOTE "Nov. 1973"
    saddam = un_by_id["un_sc:IQi.001"]
    assert saddam.birth_dates == ["1937-04-28"] and saddam.programs == ["Iraq", "IQ"]
    assert [n.value for n in saddam.names if n.kind is NameKind.WEAK] == ["Abu Ali"]


def test_un_entities_and_alias_kinds(un_by_id: dict[str, Entity]) -> None:
    qaida = un_by_id["un_sc:QDe.004"]
    assert qaida.schema is Schema.ORGANIZATION and qaida.name == "AL-QAIDA"
    assert any(n.script == "Arab" for n in qaida.names)
    cagl = [n.value for n in un_by_id["un_sc:CDe.003"].names[:2]]
    assert cagl == [
        "COMPAGNIE AERIENNE DES GRANDS LACS (CAGL)",
        "GREAT LAKES BUSINESS COMPANY (GLBC)",
    ]
    fka = [n for e in un_by_id.values() for n in e.names if n.kind is NameKind.FKA]
    assert len(fka) == 18 and all(n.quality == "f.k.a." for n in fka)


def test_un_low_quality_aliases_are_weak(un_list: ParsedList) -> None:
    kinds = Counter((n.quality, n.kind) for e in un_list.entities for n in e.names[1:])
    assert kinds[("Low", NameKind.WEAK)] >= 615
    assert not any(q == "Low" and k is not NameKind.WEAK for q, k in kinds)
    assert not any(q == "Good" and k is not NameKind.AKA for q, k in kinds)


def test_un_relations(un_list: ParsedList, un_by_id: dict[str, Entity]) -> None:
    relations = [(e.id, r) for e in un_list.entities for r in e.relations]
    assert len(relations) > 400
    assert all(
        r.kind == "associate" and r.target_id == f"un_sc:{r.target_name}" for _, r in relations
    )
    assert all(source != r.target_id for source, r in relations)
    resolvable = [r for _, r in relations if r.target_id in un_by_id]
    assert len(resolvable) / len(relations) > 0.95  # the rest point at delisted entries
    baluku = next(e for e in un_list.entities if "CDi.015" in (e.remarks or ""))
    assert {r.target_name for r in baluku.relations} >= {"CDe.001", "CDi.015"}


def test_un_documents_and_aliases_are_cleaned() -> None:
    assert clean_document_number("Libyan passport No. 513519") == ("513519", True)
    assert clean_document_number("403062567 (US)") == ("403062567", True)
    assert clean_document_number("Libya B/002210") == ("B/002210", True)
    assert clean_document_number("R00012098, South Sudan") == ("R00012098", True)
    assert clean_document_number("OB 0243318") == ("OB 0243318", False)
    assert clean_document_number("TR-P 614 166") == ("TR-P 614 166", False)
    expected = ["حسن غول", "Hassan Ghul", "Hassan Gul"]
    assert split_alias("حسن غول (Hassan Ghul; Hassan Gul)") == expected
    expected = ["Mohammed Sabet", "Mohammad Sabet", "M. Javad Kareemi Sabet"]
    assert split_alias("Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet") == expected
    assert split_alias("Forces Démocratiques (FDA)") == ["Forces Démocratiques (FDA)"]
    wide = {"TYPE_OF_DATE": "BETWEEN", "FROM_YEAR": "1900", "TO_YEAR": "1950"}
    assert birth_dates(wide) == ["1900", "1950"]  # a wide range keeps its ends only
    assert birth_dates({"TYPE_OF_DATE": "EXACT", "NOTE": "24/06/1402 (Hijri Calendar)"}) == []


# --- EU: the hand-written fixture -----------------------------------------------------------


def test_eu_fixture_list_level() -> None:
    parsed = eu_fsf.parse({"main": EU_SAMPLE}, "eu_fsf")
    assert parsed.format == "eu_fsf_xml" and parsed.published == date(2026, 3, 2)
    assert parsed.warnings == [] and len(parsed.entities) == 8
    assert Counter(e.schema for e in parsed.entities) == {Schema.PERSON: 5, Schema.ORGANIZATION: 3}


def test_eu_person_in_full(eu_by_id: dict[str, Entity]) -> None:
    e = eu_by_id["eu_fsf:13001"]
    assert e.schema is Schema.PERSON
    p = e.names[0]
    expected = ("Ivan Petrovich SIDOROV", NameKind.PRIMARY, "Ivan", "Petrovich", "SIDOROV")
    assert (p.value, p.kind, p.given, p.middle, p.family) == expected
    cyr = e.names[1]
    expected = ("Иван Петрович СИДОРОВ", NameKind.AKA, "Cyrl", "СИДОРОВ", "language RU")
    assert (cyr.value, cyr.kind, cyr.script, cyr.family, cyr.note) == expected
    assert (e.names[2].value, e.names[2].kind) == ("Vanya Sidorov", NameKind.WEAK)
    assert e.birth_dates == ["1965-03-14"]
    assert e.birth_places == ["Moscow, RUSSIAN FEDERATION"]
    assert e.nationalities == ["RU"] and e.countries == ["RU"]
    assert e.gender == "male"
    assert e.positions == ["Deputy Minister of Energy of the Russian Federation"]
    assert [(i.type, i.value, i.country, i.label) for i in e.identifiers] == [
        (IdType.OTHER, "EU.9101.12", None, "EU reference number"),
        (IdType.PASSPORT, "751234567", "RU", "National passport"),
        (IdType.NATIONAL_ID, "4509 123456", "RU", "National identification card"),
    ]
    assert e.identifiers[1].note == "(foreign travel passport)"
    assert e.addresses[0].full == "Ulitsa Shchepkina 42, 129110, Moscow, RUSSIAN FEDERATION"
    assert (e.addresses[0].city, e.addresses[0].country) == ("Moscow", "RU")
    assert e.programs == ["UKR"]
    assert e.listed_on == "2022-02-23"  # earliest regulation
    assert e.source_url == "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022R0260"
    assert e.remarks and e.remarks.startswith("Deputy Minister of Energy responsible")


def test_eu_dates_titles_and_unknowns(eu_by_id: dict[str, Entity]) -> None:
    syr = eu_by_id["eu_fsf:13002"]
    assert syr.listed_on == "2011-05-10"  # designationDate
    assert syr.birth_dates == ["1970", "1968", "1969", "1971"]  # circa year, then range
    assert syr.titles == ["Brigadier General"]
    assert syr.names[1].script == "Arab"
    un_derived = eu_by_id["eu_fsf:13003"]
    assert un_derived.birth_dates == ["1974-06"]
    assert un_derived.nationalities == []  # countryIso2Code "00" is unknown
    assert [(i.value, i.label) for i in un_derived.identifiers[:2]] == [
        ("EU.7.51", "EU reference number"),
        ("QDi.999", "UN reference number"),
    ]
    pp = un_derived.identifiers[2]
    assert (pp.type, pp.country, pp.note) == (IdType.PASSPORT, None, "known expired")
    judge = eu_by_id["eu_fsf:13004"]
    assert judge.gender == "female" and len(judge.names) == 4
    assert [n.note for n in judge.names[1:3]] == ["language BE", "language RU"]
    libya = eu_by_id["eu_fsf:13008"]
    assert libya.name == "Musa AL-HASSAN"  # first strong alias without a language
    assert libya.names[1].note == "language FR"
    assert libya.birth_dates == [] and libya.birth_places == ["Sabha, LIBYA"]


def test_eu_enterprises(eu_by_id: dict[str, Entity]) -> None:
    smz = eu_by_id["eu_fsf:13005"]
    assert smz.schema is Schema.ORGANIZATION
    assert [(i.type, i.value, i.note) for i in smz.identifiers[1:]] == [
        (IdType.REGISTRATION, "1027700123456", "OGRN"),
        (IdType.TAX_ID, "7701234567", "INN"),
    ]
    assert [a.full for a in smz.addresses] == [
        "Prospekt Mira 15, office 3, 129090, Moscow, RUSSIAN FEDERATION",
        "P.O. Box 77, Minsk, BELARUS",
    ]
    assert smz.countries == ["RU", "BY"]
    bank = eu_by_id["eu_fsf:13006"]
    bic = bank.identifiers[1]
    assert (bic.type, bic.value) == (IdType.SWIFT_BIC, "PMBKIRTHXXX")
    assert bank.addresses[0].country == "IR" and bank.programs == ["IRN"]
    tanker = eu_by_id["eu_fsf:13007"]
    assert [n.value for n in tanker.names] == ["OCEAN HARMONY", "HARMONY STAR"]
    assert (tanker.identifiers[1].type, tanker.identifiers[1].value) == (IdType.IMO, "9312341")
    assert tanker.programs == ["PRK"]


# --- sniffing -----------------------------------------------------------------------------


def test_sniff_recognises_own_files_only(
    un_path: Path, watchlists_dir: Path, tmp_path: Path
) -> None:
    assert un_sc.sniff(un_path, _head(un_path)) == FileRole("un_sc_xml", "un_sc", "main")
    assert eu_fsf.sniff(EU_SAMPLE, _head(EU_SAMPLE)) == FileRole("eu_fsf_xml", "eu_fsf", "main")
    assert un_sc.sniff(EU_SAMPLE, _head(EU_SAMPLE)) is None
    assert eu_fsf.sniff(un_path, _head(un_path)) is None
    html = tmp_path / "error.html"
    html.write_bytes(b"<!DOCTYPE html><html><body>CONSOLIDATED_LIST export</body></html>")
    others = [
        watchlists_dir / "us_ofac_consolidated_2026-01-08" / "CONSOLIDATED.XML",
        watchlists_dir / "us_ofac_sdn_2021-07-07" / "sdn.csv",
        watchlists_dir / "us_csl_2022-05" / "consolidated.csv",
        watchlists_dir / "uk_fcdo_2025-08-11" / "FCDO_SL_Mon_Aug_11_2025.ods",
        html,
    ]
    for path in others:
        head = _head(path)
        assert un_sc.sniff(path, head) is None, path
        assert eu_fsf.sniff(path, head) is None, path
    assert un_sc.sniff(html, b"") is None and eu_fsf.sniff(html, b"\xff\xfe\x00") is None


def test_sniff_other_export_namespace_is_not_eu(tmp_path: Path) -> None:
    other = tmp_path / "export.xml"
    other.write_bytes(b'<?xml version="1.0"?><export xmlns="urn:example:shop"><item/></export>')
    assert eu_fsf.sniff(other, _head(other)) is None
    with pytest.raises(ListFormatError, match="not an EU FSF file"):
        eu_fsf.parse({"main": other}, "eu_fsf")


# --- broken and hostile input ---------------------------------------------------------------

_ROOTS = {
    "un": ("CONSOLIDATED_LIST", "CONSOLIDATED_LIST"),
    "eu": ('export xmlns="http://eu.europa.ec/fpi/fsd/export"', "export"),
}
_SOURCES = {"un": un_sc, "eu": eu_fsf}


def _bomb(root_open: str, root_name: str) -> str:
    """Billion laughs: 10**9 'lol's from nine nested entity definitions."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root_name} [{entities}]>\n'
        f"<{root_open}>&lol9;</{root_name}>\n"
    )


def _xxe(root_open: str, root_name: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE {root_name} '
        f'[<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<{root_open}>&xxe;</{root_name}>\n'
    )


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("which", ["un", "eu"])
@pytest.mark.parametrize("make", [_bomb, _xxe], ids=["billion_laughs", "xxe"])
def test_entity_bomb_and_xxe_are_refused(which: str, make, tmp_path: Path) -> None:
    path = _write(tmp_path, "hostile.xml", make(*_ROOTS[which]).encode())
    with pytest.raises(ListFormatError, match="DTD") as info:
        _SOURCES[which].parse({"main": path}, "x")
    assert info.value.path == str(path)


def test_utf16_dtd_is_refused_too(tmp_path: Path) -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE CONSOLIDATED_LIST '
        '[<!ENTITY xxe SYSTEM "file:///etc/passwd">]><CONSOLIDATED_LIST><INDIVIDUALS>'
        "<INDIVIDUAL><FIRST_NAME>&xxe;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>"
    )
    path = _write(tmp_path, "utf16.xml", text.encode("utf-16"))
    with pytest.raises(ListFormatError, match="DTD"):
        un_sc.parse({"main": path}, "un_sc")


def test_truncated_files_are_refused(un_path: Path, tmp_path: Path) -> None:
    data = un_path.read_bytes()
    for cut in (len(data) // 2, len(data) - 40, 600):
        path = _write(tmp_path, f"un_{cut}.xml", data[:cut])
        with pytest.raises(ListFormatError, match="truncated"):
            un_sc.parse({"main": path}, "un_sc")
    eu = EU_SAMPLE.read_bytes()
    path = _write(tmp_path, "eu_cut.xml", eu[: len(eu) * 2 // 3])
    with pytest.raises(ListFormatError, match="truncated"):
        eu_fsf.parse({"main": path}, "eu_fsf")


@pytest.mark.parametrize("source", [un_sc, eu_fsf], ids=["un", "eu"])
def test_html_empty_binary_and_wrong_encoding_are_refused(source, tmp_path: Path) -> None:
    bad = {
        "page.html": b"<!DOCTYPE html>\n<html><head><title>503</title></head><body/></html>",
        "empty.xml": b"",
        "noise.bin": bytes(range(256)) * 4,
        "latin1.xml": '<?xml version="1.0" encoding="UTF-8"?><CONSOLIDATED_LIST><INDIVIDUALS>'
        "<INDIVIDUAL><FIRST_NAME>José</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>".encode("latin-1"),
    }
    for name, data in bad.items():
        with pytest.raises(ListFormatError) as info:
            source.parse({"main": _write(tmp_path, name, data)}, "x")
        assert info.value.path.endswith(name)
    with pytest.raises(ListFormatError, match="cannot read"):
        source.parse({"main": tmp_path / "missing.xml"}, "x")


def test_wrong_root_is_refused(watchlists_dir: Path, un_path: Path) -> None:
    ofac = watchlists_dir / "us_ofac_consolidated_2026-01-08" / "CONSOLIDATED.XML"
    with pytest.raises(ListFormatError, match="expected <CONSOLIDATED_LIST>"):
        un_sc.parse({"main": ofac}, "un_sc")
    with pytest.raises(ListFormatError, match="expected <export>"):
        eu_fsf.parse({"main": un_path}, "eu_fsf")


def test_right_root_without_entries_gives_empty_list_and_warning(tmp_path: Path) -> None:
    """Choice: an entry-less file parses to 0 entities plus a warning; refusing to activate
    it is the snapshot checks' job (a parser only reports what the file says)."""
    un_empty = _write(
        tmp_path,
        "un.xml",
        b'<?xml version="1.0"?>\n<CONSOLIDATED_LIST '
        b'dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/>'
        b"</CONSOLIDATED_LIST>",
    )
    parsed = un_sc.parse({"main": un_empty}, "un_sc")
    assert parsed.entities == [] and parsed.published == date(2026, 3, 1)
    assert any("no INDIVIDUAL or ENTITY" in w for w in parsed.warnings)
    eu_empty = _write(
        tmp_path,
        "eu.xml",
        b'<export xmlns="http://eu.europa.ec/fpi/fsd/export" '
        b'generationDate="2026-03-02T10:00:00+01:00"/>',
    )
    parsed = eu_fsf.parse({"main": eu_empty}, "eu_fsf")
    assert parsed.entities == [] and parsed.published == date(2026, 3, 2)
    assert any("no sanctionEntity" in w for w in parsed.warnings)


def test_nameless_entries_are_skipped_with_warning(tmp_path: Path) -> None:
    un = _write(
        tmp_path,
        "un.xml",
        b"<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7"
        b"</DATAID><FIRST_NAME/></INDIVIDUAL><INDIVIDUAL><DATAID>8</DATAID><FIRST_NAME>"
        b"A B</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
    )
    parsed = un_sc.parse({"main": un}, "un_sc")
    assert [e.id for e in parsed.entities] == ["un_sc:8"]  # DATAID when no reference
    assert any("DATAID 7" in w for w in parsed.warnings)
    eu = _write(
        tmp_path,
        "eu.xml",
        b'<export xmlns="http://eu.europa.ec/fpi/fsd/export">'
        b'<sanctionEntity logicalId="1" euReferenceNumber="EU.1.1"><subjectType '
        b'code="person"/></sanctionEntity></export>',
    )
    parsed = eu_fsf.parse({"main": eu}, "eu_fsf")
    assert parsed.entities == [] and any("EU.1.1" in w for w in parsed.warnings)
