"""UK parsers: the FCDO UK Sanctions List (.ods summary, CSV, XML) and the OFSI consolidated CSV.

Real files come from ../shared (read-only). No real copy of the full UK Sanctions List CSV or
XML is available here, so ``tests/fixtures/uk_sl_sample.csv`` and ``uk_sl_sample.xml`` were
hand-written from the published layout (column names of UK-Sanctions-List.csv; elements of
UK-Sanctions-List.xml: Designations/Designation/Names/Name/Name1..Name6...). Their three
designations are fictional and the same in both files.
"""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from service.errors import ListFormatError
from service.model import IdType, NameKind, ParsedList, Schema
from service.sources import uk_ofsi, uk_sanctions_list
from service.sources.base import SNIFF_BYTES, FileRole
from service.sources.uk_sanctions_list import ods

FIXTURES = Path(__file__).parent / "fixtures"
ODS_REL = "uk_fcdo_2025-08-11/FCDO_SL_Mon_Aug_11_2025.ods"
OFSI_REL = "uk_ofsi_conlist_2018-04-13/sanctionsconlist.csv"
OTHER_FILES = (
    "us_ofac_sdn_2024-05-03/sdn.csv",
    "un_consolidated_2026-02-27/consolidated.xml",
    "us_ofac_consolidated_2026-01-08/CONSOLIDATED.XML",
    "us_csl_2022-05/consolidated.csv",
    "opensanctions_ua_war_sanctions_2026-03-13/targets.simple.csv",
)
FORMATS = {fmt.id: fmt for fmt in uk_sanctions_list.FORMATS + uk_ofsi.FORMATS}


def parse(format_id: str, path: Path, list_id: str = "") -> ParsedList:
    default = "uk_ofsi" if format_id.startswith("uk_ofsi") else "uk_sanctions_list"
    return FORMATS[format_id].parse({"main": path}, list_id or default)


def sniff_all(path: Path) -> list[FileRole]:
    head = path.read_bytes()[:SNIFF_BYTES]
    return [role for fmt in FORMATS.values() if (role := fmt.sniff(path, head))]


@pytest.fixture(scope="module")
def fcdo(watchlists_dir: Path) -> ParsedList:
    return parse("uk_sl_ods", watchlists_dir / ODS_REL)


@pytest.fixture(scope="module")
def ofsi(watchlists_dir: Path) -> ParsedList:
    return parse("uk_ofsi_csv", watchlists_dir / OFSI_REL)


def by_id(parsed: ParsedList) -> dict:
    return {entity.id: entity for entity in parsed.entities}


# --- FCDO summary .ods ---------------------------------------------------------------------


def test_fcdo_ods_counts(fcdo: ParsedList) -> None:
    assert len(fcdo.entities) == 5302
    assert Counter(e.schema for e in fcdo.entities) == {
        Schema.PERSON: 3754,
        Schema.ORGANIZATION: 1087,
        Schema.VESSEL: 461,
    }
    assert len({e.id for e in fcdo.entities}) == 5302
    assert all(e.id.startswith("uk_sanctions_list:") for e in fcdo.entities)
    assert fcdo.format == "uk_sl_ods" and fcdo.stated_count is None
    # Two individuals have an empty Name cell: kept, named by their Unique ID, with a warning.
    nameless = [w.split(":")[0] for w in fcdo.warnings if "without a name" in w]
    assert nameless == ["BEL0174", "RUS1467"]
    unnamed = by_id(fcdo)["uk_sanctions_list:BEL0174"]
    assert unnamed.name == "BEL0174" and unnamed.names[0].note == "no name in the source file"
    assert unnamed.listed_on == "2025-01-27" and unnamed.identifiers[0].value == "16744"


def test_fcdo_ods_published_left_unknown(fcdo: ParsedList) -> None:
    # meta.xml says 2024-03-18 but the sheet holds designations up to 2025-07-23.
    assert fcdo.published is None
    assert any("2024-03-18" in w and "2025-07-23" in w for w in fcdo.warnings)
    assert max(e.listed_on for e in fcdo.entities) == "2025-07-23"


def test_fcdo_ods_known_entries(fcdo: ParsedList) -> None:
    entities = by_id(fcdo)
    sechin = entities["uk_sanctions_list:RUS0273"]
    assert sechin.schema is Schema.PERSON and len(sechin.names) == 1
    name = sechin.names[0]
    assert (name.value, name.kind, name.family, name.given) == (
        "SECHIN Igor Ivanovich",
        NameKind.PRIMARY,
        "SECHIN",
        "Igor Ivanovich",
    )
    assert sechin.programs == ["Russia"] and sechin.listed_on == "2022-03-10"
    assert [(i.type, i.value, i.label) for i in sechin.identifiers] == [
        (IdType.OTHER, "14213", "OFSI Group ID")
    ]
    assert "Travel Ban" in sechin.remarks and "Designation source: UK" in sechin.remarks
    deripaska = entities["uk_sanctions_list:RUS0269"].names[0]
    assert (deripaska.family, deripaska.given) == ("DERIPASKA", "Oleg Vladimirovich")
    houthi = entities["uk_sanctions_list:YEM0018"].names[0]
    assert (houthi.family, houthi.given) == ("Al-HOUTHI", "Ali Hussein Badr Al Din")
    # All upper case or all mixed case: no reliable split.
    for key in ("AFG0018", "RUS2055"):
        assert entities[f"uk_sanctions_list:{key}"].names[0].family is None
    assert entities["uk_sanctions_list:RUS2055"].name == "Tregub Sergei Sergeevich"
    ship = entities["uk_sanctions_list:RUS2729"]
    assert ship.schema is Schema.VESSEL and ship.name == "CHENG HE"
    assert ship.identifiers == [] and ship.listed_on == "2025-06-17"
    entity = entities["uk_sanctions_list:AFG0001"]
    assert entity.schema is Schema.ORGANIZATION and entity.names[0].family is None


def comparable(parsed: ParsedList) -> list[dict]:
    out = []
    for entity in parsed.entities:
        data = entity.to_dict()
        for key in ("names", "identifiers", "addresses", "relations"):
            data[key] = sorted(data[key], key=repr)
        out.append(data)
    return out


def test_fcdo_csv_and_xml_give_the_same_entities() -> None:
    csv_list = parse("uk_sl_csv", FIXTURES / "uk_sl_sample.csv")
    xml_list = parse("uk_sl_xml", FIXTURES / "uk_sl_sample.xml")
    assert csv_list.published == xml_list.published == date(2025, 8, 11)
    assert csv_list.warnings == xml_list.warnings == []
    assert comparable(csv_list) == comparable(xml_list)
    assert [e.id for e in xml_list.entities] == [
        "uk_sanctions_list:RUS9901",
        "uk_sanctions_list:AFG9902",
        "uk_sanctions_list:RUS9903",
    ]


def test_fcdo_xml_person_details() -> None:
    person, org, ship = parse("uk_sl_xml", FIXTURES / "uk_sl_sample.xml").entities
    assert person.schema is Schema.PERSON
    primary = person.names[0]
    assert (primary.value, primary.given, primary.middle, primary.family) == (
        "Ivan Sergeyevich PETROVSKY",
        "Ivan",
        "Sergeyevich",
        "PETROVSKY",
    )
    kinds = {n.value: (n.kind, n.script) for n in person.names}
    assert kinds["Ivan Sergeevich PETROVSKII"] == (NameKind.AKA, "Latn")
    assert kinds["Vanya"] == (NameKind.WEAK, "Latn")
    assert kinds["ПЕТРОВСКИЙ Иван Сергеевич"] == (NameKind.AKA, "Cyrl")
    assert person.birth_dates == ["1961-03-12", "1962"]
    assert person.nationalities == ["RU"] and person.birth_places == ["Leningrad, Russia"]
    ids = {(i.type, i.value, i.country) for i in person.identifiers}
    assert (IdType.PASSPORT, "700123456", "RU") in ids
    assert (IdType.NATIONAL_ID, "7701234567", "RU") in ids
    assert (person.gender, person.titles, person.positions) == (
        "male",
        ["Dr"],
        ["Director of Example Bank"],
    )
    assert person.listed_on == "2022-03-10" and person.programs == ["Russia"]
    assert person.addresses[0].full == "12 Example Street, Moscow, Russia"
    assert org.countries == ["AF", "TR"] and org.relations[0].kind == "parent"
    assert {(i.type, i.value) for i in org.identifiers} >= {
        (IdType.REGISTRATION, "REG-12345"),
        (IdType.OTHER, "TAe.999"),
    }
    assert ship.schema is Schema.VESSEL and ship.countries == ["PA"]
    assert [(i.type, i.value) for i in ship.identifiers] == [(IdType.IMO, "9123456")]
    assert {(r.kind, r.target_name) for r in ship.relations} == {
        ("owner", "EXAMPLE SHIPPING LLC"),
        ("former_owner", "OLD EXAMPLE MARINE"),
    }


def test_fcdo_csv_header_variants(tmp_path: Path) -> None:
    text = (FIXTURES / "uk_sl_sample.csv").read_text(encoding="utf-8")
    variant = text.replace(",Designation Type,", ',"Individual, Entity, Ship",', 1)
    variant = variant.replace("Report Date: 11-Aug-2025", "Report Date: 11/08/2025", 1)
    path = tmp_path / "UK-Sanctions-List.csv"
    path.write_bytes(("\ufeff" + variant).encode("utf-8"))
    parsed = parse("uk_sl_csv", path)
    assert parsed.published == date(2025, 8, 11)
    assert comparable(parsed) == comparable(parse("uk_sl_csv", FIXTURES / "uk_sl_sample.csv"))


def test_fcdo_full_layout_in_an_ods(tmp_path: Path) -> None:
    """The full layout saved as .ods (Report Date row, multi-line cells) reads like the CSV."""
    text = (FIXTURES / "uk_sl_sample.csv").read_text(encoding="utf-8")
    rows = []
    for row in csv.reader(io.StringIO(text)):
        cells = "".join(
            "<table:table-cell>"
            + "".join(f"<text:p>{escape(line)}</text:p>" for line in cell.split("\n"))
            + "</table:table-cell>"
            for cell in row
        )
        rows.append(f"<table:table-row>{cells}</table:table-row>")
    path = tmp_path / "UK-Sanctions-List.ods"
    path.write_bytes(_zip({"content.xml": _content("".join(rows))}))
    assert sniff_all(path) == [FileRole("uk_sl_ods", "uk_sanctions_list")]
    parsed = parse("uk_sl_ods", path)
    assert parsed.published == date(2025, 8, 11)
    assert comparable(parsed) == comparable(parse("uk_sl_csv", FIXTURES / "uk_sl_sample.csv"))


# --- OFSI consolidated list ----------------------------------------------------------------


def test_ofsi_counts(ofsi: ParsedList) -> None:
    assert len(ofsi.entities) == 2106
    assert Counter(e.schema for e in ofsi.entities) == {
        Schema.PERSON: 1426,
        Schema.ORGANIZATION: 680,
    }
    assert ofsi.published == date(2018, 4, 13)
    assert ofsi.warnings == []
    assert all(e.names[0].kind is NameKind.PRIMARY for e in ofsi.entities)
    kinds = Counter(n.kind for e in ofsi.entities for n in e.names)
    assert kinds[NameKind.PRIMARY] == 2106 and kinds[NameKind.FKA] == 9


def test_ofsi_known_group(ofsi: ParsedList) -> None:
    target = by_id(ofsi)["uk_ofsi:13349"]
    assert target.schema is Schema.PERSON
    primary = target.names[0]
    assert (primary.value, primary.given, primary.middle, primary.family) == (
        "Nayef Salam Muhammad Ujaym AL-HABABI",
        "Nayef",
        "Salam Muhammad Ujaym",
        "AL-HABABI",
    )
    akas = {n.value for n in target.names if n.kind is NameKind.AKA}
    assert {"Sheikh Farooq AL-QAHTANI", "Faruq AL-QATARI", "Imran Farouk SHAYKH"} <= akas
    assert len(akas) == 7
    assert target.birth_dates == ["1980", "1981"]  # 00/00/1980 and 00/00/1981
    assert target.nationalities == ["SA", "QA"]  # "1) Saudi Arabia 2) Qatar"
    passport = target.identifiers[0]
    assert (passport.type, passport.value, passport.country) == (IdType.PASSPORT, "592667", "QA")
    assert target.listed_on == "2016-04-01"
    assert target.programs == ["The ISIL (Da'esh) and Al-Qaida organisations"]
    assert target.remarks.startswith("UN Ref QDe.004.")


def test_ofsi_details(ofsi: ParsedList) -> None:
    entities = by_id(ofsi)
    fka = entities["uk_ofsi:7247"]
    assert {n.value for n in fka.names if n.kind is NameKind.FKA} == {
        "LE GROUPE SALAFISTE POUR LA PREDICATION ET LE COMBAT (GSPC)",
        "SALAFIST GROUP FOR CALL AND COMBAT",
    }
    assert any(n.value == "Abdallah AL-MU\u2019AYYAD" for n in entities["uk_ofsi:13190"].names)
    vessel = entities["uk_ofsi:13556"]  # listed as an Entity; IMO/MMSI only in the remarks
    assert vessel.name == "TONG SAN 2"
    assert {(i.type, i.value) for i in vessel.identifiers} == {
        (IdType.IMO, "8937675"),
        (IdType.MMSI, "445539000"),
    }
    zulkarnaen = entities["uk_ofsi:8636"]
    assert zulkarnaen.birth_dates == ["1963"] and zulkarnaen.nationalities == ["ID"]
    assert zulkarnaen.birth_places == ["Gebang village, Masaran, Sragen, Central Java, Indonesia"]
    ids = [i for e in ofsi.entities for i in e.identifiers if i.type is IdType.PASSPORT]
    assert all(any(ch.isdigit() for ch in i.value) for i in ids)


# --- sniffing --------------------------------------------------------------------------------


def test_sniff_real_files(watchlists_dir: Path) -> None:
    assert sniff_all(watchlists_dir / ODS_REL) == [FileRole("uk_sl_ods", "uk_sanctions_list")]
    assert sniff_all(watchlists_dir / OFSI_REL) == [FileRole("uk_ofsi_csv", "uk_ofsi")]
    for rel in OTHER_FILES:
        assert sniff_all(watchlists_dir / rel) == [], rel


def test_sniff_fixtures_and_junk(tmp_path: Path) -> None:
    assert sniff_all(FIXTURES / "uk_sl_sample.csv") == [FileRole("uk_sl_csv", "uk_sanctions_list")]
    assert sniff_all(FIXTURES / "uk_sl_sample.xml") == [FileRole("uk_sl_xml", "uk_sanctions_list")]
    for name, data in (
        ("page.html", b"<!DOCTYPE html><html>Last Updated</html>"),
        ("empty.csv", b""),
        ("fake.ods", b"PK\x03\x04 not really a zip"),
        ("other.ods", _zip({"content.xml": b"<doc/>"})),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        assert sniff_all(path) == [], name


# --- broken and hostile input ---------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _content(rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content'
        ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:spreadsheet><table:table>{rows}</table:table></office:spreadsheet>"
        "</office:body></office:document-content>"
    ).encode()


def _row(*cells: str, repeat: int = 1) -> str:
    body = "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in cells)
    return f'<table:table-row table:number-rows-repeated="{repeat}">{body}</table:table-row>'


HEADER = (
    "Unique ID",
    "OFSI Group ID",
    "Name",
    "Regime Name",
    "Type",
    "Designation source",
    "Date Designated",
    "Sanctions Imposed",
)
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><doc>&lol2;</doc>'
)


def test_ods_repeats_are_never_materialised(tmp_path: Path) -> None:
    empty_cells = '<table:table-cell table:number-columns-repeated="1000000000"/>'
    many = 'table:number-rows-repeated="1000000000"'
    far_value = "<table:table-cell><text:p>far right</text:p></table:table-cell>"
    cells = [
        f"<table:table-cell><text:p>{text}</text:p></table:table-cell>"
        for text in ("RUS0001", "", 'DOE<text:s text:c="2"/>John', "R", "Individual")
    ]
    rows = (
        _row(*HEADER)
        + f"<table:table-row>{''.join(cells)}{empty_cells}</table:table-row>"
        + f"<table:table-row {many}>{empty_cells}</table:table-row>"
        + '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    path = tmp_path / "list.ods"
    path.write_bytes(_zip({"content.xml": _content(rows)}))
    tracemalloc.start()
    parsed = parse("uk_sl_ods", path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 50 * 2**20  # the repeated empty rows and cells were never materialised
    assert [(e.id, e.name, e.names[0].family, e.programs) for e in parsed.entities] == [
        ("uk_sanctions_list:RUS0001", "DOE John", "DOE", ["R"])
    ]
    assert list(ods.iter_rows(path))[1][:5] == ["RUS0001", "", "DOE  John", "R", "Individual"]
    wide = tmp_path / "wide.ods"
    row = f"<table:table-row>{empty_cells}{far_value}</table:table-row>"
    wide.write_bytes(_zip({"content.xml": _content(row)}))
    assert list(ods.iter_rows(wide)) == []  # a value past column 1,024 is ignored


@pytest.mark.parametrize(
    "case",
    [
        "not_zip",
        "no_content",
        "bomb",
        "truncated",
        "no_header",
        "html",
        "empty",
        "many_rows",
        "oversize",
    ],
)
def test_broken_ods(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    data = {
        "not_zip": b"this is not a zip file at all",
        "no_content": _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
        "bomb": _zip({"content.xml": BOMB}),
        "truncated": _zip({"content.xml": _content(_row(*HEADER) + _row("A1", "1", "X"))[:-60]}),
        "no_header": _zip({"content.xml": _content(_row("a", "b") + _row("c", "d"))}),
        "html": b"<!DOCTYPE html><html><body>Service unavailable</body></html>",
        "empty": b"",
        "many_rows": _zip(
            {
                "content.xml": _content(
                    _row(*HEADER) + _row("A1", "1", "X Y", "R", "Entity", repeat=10**9)
                )
            }
        ),
        "oversize": _zip({"content.xml": _content(_row(*HEADER)) + b" " * 5000}),
    }[case]
    if case == "oversize":
        monkeypatch.setattr(ods, "MAX_CONTENT_BYTES", 4096)
    path = tmp_path / f"{case}.ods"
    path.write_bytes(data)
    with pytest.raises(ListFormatError) as error:
        parse("uk_sl_ods", path)
    assert error.value.path == str(path)
    if case == "bomb":
        assert "DTD" in error.value.reason


def _cut_inside_quotes(data: bytes) -> bytes:
    """Cut the file in the middle of a quoted field near its end."""
    start = data.rindex(b',"', 0, len(data) - 200)
    return data[: start + 12]


@pytest.mark.parametrize(
    "case",
    [
        "cut_quoted",
        "cut_row",
        "utf16",
        "bad_bytes",
        "html",
        "empty",
        "no_header",
        "wrong_first_line",
    ],
)
def test_broken_ofsi(watchlists_dir: Path, tmp_path: Path, case: str) -> None:
    real = (watchlists_dir / OFSI_REL).read_bytes()
    head = b"\n".join(real.split(b"\n")[:40]) + b"\n"
    data = {
        "cut_quoted": _cut_inside_quotes(real),
        "cut_row": head[:-1].rsplit(b",", 5)[0],
        "utf16": head.decode("cp1252").encode("utf-16"),
        "bad_bytes": head.replace(b"Name 6", b"Name \x81\x8d", 1),
        "html": b"<html><head><title>Error</title></head><body>404</body></html>",
        "empty": b"\n\n",
        "no_header": b"Last Updated,13/04/2018\nfoo,bar\n1,2\n",
        "wrong_first_line": b"\xff\xfe" + head[20:],
    }[case]
    path = tmp_path / "sanctionsconlist.csv"
    path.write_bytes(data)
    with pytest.raises(ListFormatError) as error:
        parse("uk_ofsi_csv", path)
    assert error.value.path == str(path)


@pytest.mark.parametrize(
    "case", ["cut_quoted", "cut_row", "utf16", "html", "no_unique_id", "empty"]
)
def test_broken_fcdo_csv(tmp_path: Path, case: str) -> None:
    real = (FIXTURES / "uk_sl_sample.csv").read_bytes()
    data = {
        "cut_quoted": real[: real.index(b'"Fictional test entry.') + 30],
        "cut_row": real[:-30],
        "utf16": real.decode("utf-8").encode("utf-16"),
        "html": b"<!doctype html><html><body>Not found</body></html>",
        "no_unique_id": real.replace(b"Unique ID", b"Unique Key"),
        "empty": b"   ",
    }[case]
    path = tmp_path / "UK-Sanctions-List.csv"
    path.write_bytes(data)
    with pytest.raises(ListFormatError) as error:
        parse("uk_sl_csv", path)
    assert error.value.path == str(path)


@pytest.mark.parametrize("case", ["bomb", "truncated", "wrong_root", "no_designations", "html"])
def test_broken_fcdo_xml(tmp_path: Path, case: str) -> None:
    real = (FIXTURES / "uk_sl_sample.xml").read_bytes()
    data = {
        "bomb": BOMB,
        "truncated": real[: len(real) // 2],
        "wrong_root": b"<?xml version='1.0'?><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>",
        "no_designations": b"<Designations><DateGenerated>1/8/2025</DateGenerated></Designations>",
        "html": b"<html><body>Maintenance</body></html>",
    }[case]
    path = tmp_path / "UK-Sanctions-List.xml"
    path.write_bytes(data)
    with pytest.raises(ListFormatError) as error:
        parse("uk_sl_xml", path)
    assert error.value.path == str(path)


def test_ofsi_2022_layout(tmp_path: Path) -> None:
    """The 2022 ConList.csv layout: UTF-8, split passport columns, Alias Quality, ships."""
    header = (
        "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,"
        "Non-Latin Script Type,Non-Latin Script Language,DOB,Town of Birth,Country of Birth,"
        "Nationality,Passport Number,Passport Details,National Identification Number,"
        "National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,"
        "Address 5,Address 6,Post/Zip Code,Country,Other Information,Group Type,Alias Type,"
        "Alias Quality,Regime,Listed On,UK Sanctions List Date Designated,Last Updated,"
        "Group ID"
    )
    rows = [
        "EXAMPLOV,Pyotr,,,,,,ЭКЗАМПЛОВ Пётр,Cyrillic,Russian,00/05/1970,Omsk,Russia,Russia,"
        '123456789,"(Russia) issued 2012",,,,,,,,,,,Russia,Fictional.,Individual,Primary name,,'
        "Russia,15/03/2022,15/03/2022,16/03/2022,99001",
        "EKZAMPLOV,Petr,,,,,,,,,00/05/1970,,,,,,,,,,,,,,,,,,Individual,Alias,Low quality,Russia,"
        "15/03/2022,15/03/2022,16/03/2022,99001",
        "SEA FICTION,,,,,,,,,,,,,,,,,,,,,,,,,,,IMO 9876543,Ship,Primary name,,Russia,"
        "01/06/2024,01/06/2024,01/06/2024,99002",
    ]
    path = tmp_path / "ConList.csv"
    text = "Last Updated,16/03/2022\r\n" + header + "\r\n" + "\r\n".join(rows) + "\r\n"
    path.write_bytes(text.encode("utf-8"))
    assert sniff_all(path) == [FileRole("uk_ofsi_csv", "uk_ofsi")]
    parsed = parse("uk_ofsi_csv", path)
    person, ship = parsed.entities
    assert parsed.published == date(2022, 3, 16)
    assert [(n.value, n.kind) for n in person.names] == [
        ("Pyotr EXAMPLOV", NameKind.PRIMARY),
        ("ЭКЗАМПЛОВ Пётр", NameKind.AKA),
        ("Petr EKZAMPLOV", NameKind.WEAK),
    ]
    assert person.birth_dates == ["1970-05"]
    passport = person.identifiers[0]
    assert (passport.type, passport.value, passport.country) == (IdType.PASSPORT, "123456789", "RU")
    assert ship.id == "uk_ofsi:99002" and ship.schema is Schema.VESSEL
    assert [(i.type, i.value) for i in ship.identifiers] == [(IdType.IMO, "9876543")]
