"""OFAC CSV (SDN + consolidated sets) and OFAC XML parsers, on the real files and broken ones."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from service.errors import ListFormatError
from service.model import Entity, IdType, NameKind, ParsedList, Schema
from service.sources import ofac_csv, ofac_xml
from service.sources.base import SNIFF_BYTES, FileRole
from service.sources.ofac_csv.reader import read_rows
from service.sources.ofac_csv.remarks import identifier_from, label_kind, parse_dob, parse_remarks

SDN_2024 = "us_ofac_sdn_2024-05-03"
SDN_2021 = "us_ofac_sdn_2021-07-07"
CONS_CSV = "us_ofac_consolidated_2025-12-19"
CONS_XML = "us_ofac_consolidated_2026-01-08/CONSOLIDATED.XML"


def _sniff_csv(path: Path) -> FileRole | None:
    return ofac_csv.sniff(path, path.read_bytes()[:SNIFF_BYTES])


def _set(folder: Path) -> dict[str, Path]:
    """{role: path} of an OFAC CSV folder, by sniffing."""
    return {_sniff_csv(p).role: p for p in sorted(folder.iterdir())}


def _by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def _rels(entity: Entity) -> list[tuple[str, str]]:
    return [(r.kind, r.target_name) for r in entity.relations]


@pytest.fixture(scope="module")
def sdn2024(watchlists_dir: Path) -> ParsedList:
    return ofac_csv.parse({"main": watchlists_dir / SDN_2024 / "sdn.csv"}, "us_ofac_sdn")


@pytest.fixture(scope="module")
def sdn2021(watchlists_dir: Path) -> ParsedList:
    return ofac_csv.parse(_set(watchlists_dir / SDN_2021), "us_ofac_sdn")


@pytest.fixture(scope="module")
def cons_csv(watchlists_dir: Path) -> ParsedList:
    return ofac_csv.parse(_set(watchlists_dir / CONS_CSV), "us_ofac_cons")


@pytest.fixture(scope="module")
def cons_xml(watchlists_dir: Path) -> ParsedList:
    return ofac_xml.parse({"main": watchlists_dir / CONS_XML}, "us_ofac_cons")


# --- SDN 2024 (sdn.csv alone) -------------------------------------------------------------


def test_sdn_2024_counts(sdn2024: ParsedList) -> None:
    assert len(sdn2024.entities) == 14_965
    schemas = Counter(e.schema for e in sdn2024.entities)
    assert schemas == {"person": 6_854, "organization": 6_884, "vessel": 851, "aircraft": 376}
    assert max(int(e.id.split(":")[1]) for e in sdn2024.entities) == 48_907
    assert sdn2024.warnings == []
    assert sdn2024.published is None and sdn2024.stated_count is None


def test_sechin(sdn2024: ParsedList) -> None:
    e = _by_id(sdn2024)["us_ofac_sdn:16692"]
    assert e.name == "SECHIN, Igor Ivanovich" and e.schema is Schema.PERSON
    assert (e.names[0].family, e.names[0].given) == ("SECHIN", "Igor Ivanovich")
    assert e.birth_dates == ["1960-09-07"]
    assert e.birth_places == ["St. Petersburg, Russia"]
    assert e.nationalities == ["RU"] and e.gender == "male"
    assert e.programs == ["UKRAINE-EO13661", "RUSSIA-EO14024"]
    assert e.source_url == "https://sanctionssearch.ofac.treas.gov/Details.aspx?id=16692"
    assert e.remarks.startswith("DOB 07 Sep 1960; POB St. Petersburg")
    son = _by_id(sdn2024)["us_ofac_sdn:34558"]
    assert _rels(son) == [("linked_to", "SECHIN, Igor Ivanovich")]
    [passport] = son.identifiers
    assert (passport.type, passport.value, passport.country) == (IdType.PASSPORT, "722759197", "RU")
    assert passport.note == "issued 24 Jan 2013 expires 24 Jan 2023"


def test_gref(sdn2024: ParsedList) -> None:
    e = _by_id(sdn2024)["us_ofac_sdn:34796"]
    assert e.name == "GREF, Herman Oskarovich"
    assert e.birth_dates == ["1964-02-08"] and e.birth_places == ["Panfilovo, Kazakhstan"]
    assert [(i.type, i.value, i.country) for i in e.identifiers] == [
        (IdType.PASSPORT, "760508990", "RU"),
        (IdType.NATIONAL_ID, "4509555545", "RU"),
    ]


def test_deripaska_and_linked_entities(sdn2024: ParsedList) -> None:
    e = _by_id(sdn2024)["us_ofac_sdn:24283"]
    assert e.name == "DERIPASKA, Oleg Vladimirovich"
    assert e.birth_dates == ["1968-01-02"]
    assert e.nationalities == ["RU", "CY"]  # citizen Russia; alt. citizen Cyprus
    linked = {x.name for x in sdn2024.entities if ("linked_to", e.name) in _rels(x)}
    assert {"BASIC ELEMENT LIMITED", "GAZ GROUP", "RUSSIAN MACHINES"} <= linked


def test_vessel_and_aircraft(sdn2024: ParsedList) -> None:
    vessel = _by_id(sdn2024)["us_ofac_sdn:15036"]
    assert vessel.name == "ARTAVIL" and vessel.schema is Schema.VESSEL
    ids = {(i.type, i.value) for i in vessel.identifiers}
    assert {(IdType.IMO, "9187629"), (IdType.MMSI, "572469210"), (IdType.CALL_SIGN, "T2EU4")} <= ids
    assert vessel.countries == ["IR"]
    assert [(n.value, n.kind) for n in vessel.names[1:]] == [("ALPHA", NameKind.FKA)]
    assert vessel.relations[0].target_name == "NATIONAL IRANIAN TANKER COMPANY"
    assert "Vessel Type Crude/Oil Products Tanker" in vessel.remarks
    owned = _by_id(sdn2024)["us_ofac_sdn:4238"]  # vess_owner column
    assert ("owner", "Samir de Navegacion S.A.") in _rels(owned)
    plane = _by_id(sdn2024)["us_ofac_sdn:15431"]
    assert plane.schema is Schema.AIRCRAFT
    assert (IdType.AIRCRAFT_SERIAL, "1023409321") in {(i.type, i.value) for i in plane.identifiers}
    assert ("operator", "YAS AIR") in _rels(plane)
    vessels = [e for e in sdn2024.entities if e.schema is Schema.VESSEL]
    with_imo = [e for e in vessels if any(i.type is IdType.IMO for i in e.identifiers)]
    assert len(with_imo) >= 845


def test_weak_alias_and_programs(sdn2024: ParsedList) -> None:
    bank = _by_id(sdn2024)["us_ofac_sdn:306"]
    assert [(n.value, n.kind) for n in bank.names[1:]] == [("BNC", NameKind.WEAK)]
    assert bank.schema is Schema.ORGANIZATION and bank.programs == ["CUBA"]


def test_remarks_coverage_2024(sdn2024: ParsedList) -> None:
    """Common DOB/POB/passport/IMO forms are caught on the real file."""
    people = [e for e in sdn2024.entities if e.schema is Schema.PERSON]
    for e in sdn2024.entities:
        text = e.remarks or ""
        if "DOB " in text:
            assert e.birth_dates, e.id
        if "POB " in text:
            assert e.birth_places, e.id
        if "Passport " in text and "issued in" not in text and "place of issue" not in text:
            assert any(i.type is IdType.PASSPORT for i in e.identifiers), e.id
        if re.search(r"\bIMO \d", text):
            assert any(i.type is IdType.IMO for i in e.identifiers), e.id
    assert sum(1 for e in people if e.birth_dates) >= 6_700
    assert sum(1 for e in sdn2024.entities if e.gender) >= 4_200
    wallets = [i for e in sdn2024.entities for i in e.identifiers if i.type is IdType.CRYPTO_WALLET]
    assert len(wallets) >= 280 and all(" " not in w.value for w in wallets)


def test_relation_names_resolve(sdn2024: ParsedList) -> None:
    names = {n.value for e in sdn2024.entities for n in e.names}
    targets = [t for e in sdn2024.entities for k, t in _rels(e) if k == "linked_to"]
    assert len(targets) == 6_375
    unresolved = [t for t in targets if t not in names]
    assert len(unresolved) <= 10  # targets on the non-SDN list only
    assert "EVIL CORP" in targets and "EVIL CORP." not in targets


# --- SDN 2021 (all four files) -----------------------------------------------------------


def test_sdn_2021_set(sdn2021: ParsedList, watchlists_dir: Path) -> None:
    folder = watchlists_dir / SDN_2021
    assert len(sdn2021.entities) == 8_976 and sdn2021.warnings == []
    alt_rows = read_rows(folder / "alt.csv", "alt")
    assert len(alt_rows) == 11_910
    files = {"main": folder / "sdn.csv", "comments": folder / "sdn_comments.csv"}
    plain = ofac_csv.parse(files, "us_ofac_sdn")
    added = sum(len(e.names) for e in sdn2021.entities) - sum(len(e.names) for e in plain.entities)
    primary = {e.id.split(":")[1]: e.name for e in plain.entities}
    same_as_primary = sum(1 for r in alt_rows if r[3] == primary[r[0]])
    assert added == 11_910 - same_as_primary


def test_sdn_2021_alt_fka(sdn2021: ParsedList) -> None:
    e = _by_id(sdn2021)["us_ofac_sdn:4307"]
    fka = [n for n in e.names if n.kind is NameKind.FKA]
    assert [(n.value, n.family, n.given) for n in fka] == [
        ("CORTEZ, Oliverio Abril", "CORTEZ", "Oliverio Abril")
    ]
    assert ("ABRIL CORTES, Oliverio", NameKind.AKA) in [(n.value, n.kind) for n in e.names]


def test_sdn_2021_addresses_and_comments(sdn2021: ParsedList) -> None:
    by_id = _by_id(sdn2021)
    bank = by_id["us_ofac_sdn:306"]
    assert bank.addresses[0].full == "Zweierstrasse 35, Zurich CH-8022, Switzerland"
    assert bank.addresses[0].country == "CH" and bank.countries[:2] == ["CH", "ES"]
    cifuentes = by_id["us_ofac_sdn:12300"]  # remarks continued in sdn_comments.csv
    assert "PROMO RAIZ S.A.S." in cifuentes.remarks
    assert cifuentes.remarks.endswith("Linked To: R D I S.A.")
    targets = [r.target_name for r in cifuentes.relations]
    assert "PROMO RAIZ S.A.S." in targets and "R D I S.A." in targets
    tian = by_id["us_ofac_sdn:28263"]
    assert ("linked_to", "LAZARUS GROUP") in _rels(tian)


# --- consolidated (non-SDN): CSV and XML --------------------------------------------------


def test_cons_csv(cons_csv: ParsedList) -> None:
    assert len(cons_csv.entities) == 442 and cons_csv.list_id == "us_ofac_cons"
    assert all(e.id.startswith("us_ofac_cons:") for e in cons_csv.entities)
    haniya = _by_id(cons_csv)["us_ofac_cons:9639"]
    assert haniya.birth_dates == ["1962"] and haniya.birth_places == ["Shati"]
    assert haniya.programs == ["NS-PLC"]


def test_cons_xml(cons_xml: ParsedList) -> None:
    assert len(cons_xml.entities) == 442
    assert str(cons_xml.published) == "2026-01-08" and cons_xml.stated_count == 442
    assert Counter(e.schema for e in cons_xml.entities) == {"organization": 363, "person": 79}
    by_id = _by_id(cons_xml)
    haniya = by_id["us_ofac_cons:9639"]
    assert haniya.name == "HANIYA, Ismail Abdul Salah"
    assert (haniya.names[0].family, haniya.names[0].given) == ("HANIYA", "Ismail Abdul Salah")
    assert ("HANIYYA, Ismaeel", NameKind.AKA) in [(n.value, n.kind) for n in haniya.names]
    assert haniya.birth_dates == ["1962"] and haniya.birth_places == ["Shati"]
    sber = by_id["us_ofac_cons:17018"]
    ids = {(i.type, i.value, i.country) for i in sber.identifiers}
    assert (IdType.SWIFT_BIC, "SABRRUMM", None) in ids
    assert (IdType.TAX_ID, "7707083893", "RU") in ids
    kinds = {n.value: n.kind for n in sber.names}
    assert kinds["SBERBANK INDIA"] is NameKind.WEAK and kinds["SBERBANK ROSSII OAO"] is NameKind.FKA
    assert "Website www.sberbank.ru" in sber.remarks
    assert {"RU", "CN", "IN"} <= set(sber.countries)


def test_cons_csv_and_xml_same_ids(cons_csv: ParsedList, cons_xml: ParsedList) -> None:
    csv_ids = {e.id for e in cons_csv.entities}
    assert csv_ids == {e.id for e in cons_xml.entities}
    xml = _by_id(cons_xml)
    same_names = sum(1 for e in cons_csv.entities if e.name == xml[e.id].name)
    assert same_names == 442


def test_xml_linked_to_in_parentheses(cons_xml: ParsedList) -> None:
    targets = Counter(r.target_name for e in cons_xml.entities for r in e.relations)
    assert targets["PUBLIC JOINT STOCK COMPANY GAZPROM"] >= 49
    assert targets["HAMAS"] >= 1


# --- remarks: unit cases ------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("07 Sep 1960", ["1960-09-07"]), ("1962", ["1962"]), ("Mar 1945", ["1945-03"]),
    ("circa 1960", ["1960"]), ("1955 to 1957", ["1955", "1956", "1957"]),
    ("circa 1979-1982", ["1979", "1980", "1981", "1982"]), ("1940 to 1960", ["1940", "1960"]),
    ("01 Jan 1973 to 31 Dec 1973", ["1973"]), ("21 Mar 1965 to 20 Mar 1966", ["1965", "1966"]),
    ("", []),
])  # fmt: skip
def test_parse_dob(text: str, expected: list[str]) -> None:
    assert parse_dob(text) == expected


def test_remarks_person() -> None:
    facts = parse_remarks(
        "DOB 10 Dec 1948; alt. DOB 1950; DOB circa 1960; POB Moscow, Russia; nationality Russia; "
        "citizen Cyprus; Gender Female; Passport A10472263 (Malaysia) issued 18 Apr 2010; "
        "National ID No. 216040 (Yemen); Cedula No. 6068015 (Colombia); "
        "a.k.a. 'ABU MUS'AB'; f.k.a. 'OLD NAME'; Linked To: ROSNEFT TRADING S.A.; "
        "Website http://example.org; Member of the State Duma."
    )
    assert facts.birth_dates == ["1948-12-10", "1950", "1960"]
    assert facts.birth_places == ["Moscow, Russia"]
    assert facts.nationalities == ["RU", "CY"] and facts.gender == "female"
    assert [(i.type, i.value, i.country, i.note) for i in facts.identifiers] == [
        (IdType.PASSPORT, "A10472263", "MY", "issued 18 Apr 2010"),
        (IdType.NATIONAL_ID, "216040", "YE", None),
        (IdType.NATIONAL_ID, "6068015", "CO", None),
    ]
    assert facts.aliases == [("ABU MUS'AB", NameKind.WEAK), ("OLD NAME", NameKind.FKA)]
    assert [r.target_name for r in facts.relations] == ["ROSNEFT TRADING S.A."]
    assert facts.unparsed == ["Member of the State Duma"]


@pytest.mark.parametrize(
    ("part", "kind", "value", "country"),
    [
        ("Tax ID No. 7707083893 (Russia)", IdType.TAX_ID, "7707083893", "RU"),
        ("R.F.C. DIB-771110-HQ1 (Mexico)", IdType.TAX_ID, "DIB-771110-HQ1", "MX"),
        ("NIT # 800018928-0 (Colombia)", IdType.TAX_ID, "800018928-0", "CO"),
        ("Registration ID 14063277", IdType.REGISTRATION, "14063277", None),
        ("Business Registration Number 1037739709138 (Russia)", IdType.REGISTRATION,
         "1037739709138", "RU"),
        ("Registration Number HRA 738077 (Stuttgart) (Germany)", IdType.REGISTRATION,
         "HRA 738077", "DE"),
        ("SWIFT/BIC AGSZRU31", IdType.SWIFT_BIC, "AGSZRU31", None),
        ("Vessel Registration Identification IMO 9187629", IdType.IMO, "9187629", None),
        ("Identification Number IMO 5342883", IdType.IMO, "5342883", None),
        ("MMSI 572469210", IdType.MMSI, "572469210", None),
        ("alt. Digital Currency Address - XBT 1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo",
         IdType.CRYPTO_WALLET, "1Kuf2Rd8mDyAViwBozGTNYnvWL8uYFrkVo", None),
        ("Aircraft Manufacturer's Serial Number (MSN) 1023409321", IdType.AIRCRAFT_SERIAL,
         "1023409321", None),
        ("Unified Social Credit Code (USCC) 9113100033607322XK (China)", IdType.REGISTRATION,
         "9113100033607322XK", "CN"),
        ("National ID No.: 1372584, Kenya", IdType.NATIONAL_ID, "1372584", "KE"),
    ],
)  # fmt: skip
def test_remarks_identifiers(part: str, kind: IdType, value: str, country: str | None) -> None:
    [ident] = parse_remarks(part).identifiers
    assert (ident.type, ident.value, ident.country) == (kind, value, country)


def test_wallet_label_keeps_currency() -> None:
    [ident] = parse_remarks("Digital Currency Address - ETH 0xa0e1c89Ef1a489c9C7dE9631").identifiers
    assert ident.label == "Digital Currency Address - ETH" and ident.note == "ETH"
    assert parse_remarks("Digital Currency Address - XBT ").identifiers == []  # cut-off text


def test_id_label_table_shared_with_xml() -> None:
    assert label_kind("Tax ID No.") is IdType.TAX_ID
    assert label_kind("Secondary sanctions risk:") == "info"
    assert label_kind("Gender") == "gender"
    assert label_kind("Something New") is None
    ident = identifier_from("Digital Currency Address - XBT", "1Kuf2Rd8", None)
    assert (ident.type, ident.value, ident.note) == (IdType.CRYPTO_WALLET, "1Kuf2Rd8", "XBT")
    assert identifier_from("Passport", "issued in Sarajevo", None) is None


def test_final_dot_of_remarks() -> None:
    facts = parse_remarks("Linked To: HIZBALLAH.")
    assert facts.relations[0].target_name == "HIZBALLAH"
    facts = parse_remarks("Linked To: ROSNEFT TRADING S.A.")
    assert facts.relations[0].target_name == "ROSNEFT TRADING S.A."
    assert parse_remarks(None).identifiers == [] and parse_remarks("").unparsed == []


# --- sniff --------------------------------------------------------------------------------

_SDN, _CONS = "us_ofac_sdn", "us_ofac_cons"
_ROLES = {"main": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}
EXPECTED_CSV = {
    f"{SDN_2024}/sdn.csv": (_SDN, "main"),
    **{f"{SDN_2021}/{name}": (_SDN, role) for role, name in _ROLES.items()},
    **{f"{CONS_CSV}/cons_{role.replace('main', 'prim')}.csv": (_CONS, role) for role in _ROLES},
}


def test_sniff_every_real_file(watchlists_dir: Path, eval_dir: Path) -> None:
    """Each real OFAC file gets its role; every other list and eval file gets None."""
    files = [p for d in (watchlists_dir, eval_dir) for p in sorted(d.rglob("*")) if p.is_file()]
    for path in files:
        head = path.read_bytes()[:SNIFF_BYTES]
        rel = path.relative_to(watchlists_dir).as_posix() if watchlists_dir in path.parents else ""
        want = EXPECTED_CSV.get(rel)
        assert ofac_csv.sniff(path, head) == (FileRole("ofac_csv", *want) if want else None), rel
        want_xml = FileRole("ofac_xml", _CONS, "main") if rel == CONS_XML else None
        assert ofac_xml.sniff(path, head) == want_xml, rel


def test_upper_case_file_names(watchlists_dir: Path, tmp_path: Path) -> None:
    files = {}
    for name in ("cons_prim.csv", "cons_alt.csv"):
        target = tmp_path / name.upper()
        target.symlink_to(watchlists_dir / CONS_CSV / name)
        role = _sniff_csv(target)
        assert role.list_id == "us_ofac_cons"
        files[role.role] = target
    assert len(ofac_csv.parse(files, "").entities) == 442
    sdn = tmp_path / "SDN.XML"
    shutil.copyfile(watchlists_dir / CONS_XML, sdn)
    assert ofac_xml.sniff(sdn, sdn.read_bytes()[:SNIFF_BYTES]).list_id == "us_ofac_sdn"
    assert ofac_xml.parse({"main": sdn}, "").entities[0].id == "us_ofac_sdn:9639"


def test_sniff_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "sdn.csv"
    for head in (b"", b"\x00\xff" * 100, b'1,"unclosed', b"<html>", b"\x1a"):
        assert ofac_csv.sniff(path, head) is None
        assert ofac_xml.sniff(path, head) is None


# --- broken input -------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _row(n: int) -> bytes:
    return f'{n},"NAME {n}",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1960."\r\n'.encode()


@pytest.mark.parametrize(("data", "reason"), [
    (_row(1) + b'2,"NAME 2",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 19', "CSV"),
    (_row(1) + b'2,"NAME 2",-0- ,"SDGT"\r\n', "4 fields, expected 12"),
    (b"<!DOCTYPE html><html><head><title>503</title></head></html>", "HTML"),
    (b"", "no records"), (b"\x1a", "no records"), (b"\x81\x8d\x8f" * 50, "decode"),
    (b"uid,name\r\nabc,def\r\n", "fields"),
])  # fmt: skip
def test_broken_csv(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path, "sdn.csv", data)
    with pytest.raises(ListFormatError) as info:
        ofac_csv.parse({"main": path}, "us_ofac_sdn")
    assert info.value.path == str(path) and reason in info.value.reason


def test_broken_side_file_and_missing_main(tmp_path: Path) -> None:
    main = _write(tmp_path, "sdn.csv", _row(1) + b"\x1a")
    alt = _write(tmp_path, "alt.csv", b'1,2,"aka","X"\r\n')
    with pytest.raises(ListFormatError) as info:
        ofac_csv.parse({"main": main, "alt": alt}, "us_ofac_sdn")
    assert info.value.path == str(alt)
    with pytest.raises(ListFormatError):
        ofac_csv.parse({"alt": alt}, "us_ofac_sdn")
    assert len(ofac_csv.parse({"main": main}, "us_ofac_sdn").entities) == 1


_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>
<sdnList><sdnEntry><uid>1</uid><lastName>&lol2;</lastName></sdnEntry></sdnList>"""


@pytest.mark.parametrize(("data", "reason"), [
    (_BOMB, "DTD"), (b"", "empty"), (b"<html><body>Service unavailable</body></html>", "HTML"),
    (b'<?xml version="1.0"?><other><x/></other>', "not OFAC"),
    (b"<sdnList><sdnEntry><uid>1</uid><lastName>A", "truncated"),
])  # fmt: skip
def test_broken_xml(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path, "CONSOLIDATED.XML", data)
    with pytest.raises(ListFormatError) as info:
        ofac_xml.parse({"main": path}, "us_ofac_cons")
    assert info.value.path == str(path) and reason in info.value.reason


@pytest.mark.parametrize("rel", [CONS_XML, f"{SDN_2024}/sdn.csv"])
def test_truncated_real_files(watchlists_dir: Path, tmp_path: Path, rel: str) -> None:
    data = (watchlists_dir / rel).read_bytes()
    path = _write(tmp_path, Path(rel).name, data[: len(data) // 3])
    parser = ofac_xml.parse if rel.endswith(".XML") else ofac_csv.parse
    with pytest.raises(ListFormatError) as info:
        parser({"main": path}, "")
    assert info.value.path == str(path)
