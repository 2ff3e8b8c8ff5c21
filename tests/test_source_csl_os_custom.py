"""US CSL, OpenSanctions (simple CSV + FtM) and custom-list parsers, on the real files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from service.errors import ListFormatError
from service.model import Entity, IdType, NameKind, ParsedList, Schema
from service.sources import custom, opensanctions, us_csl
from service.sources.opensanctions.mapper import list_id_for, typed_identifier
from service.sources.us_csl.reader import read_rows

REPO = Path(__file__).resolve().parents[1]
FTM_SAMPLE = REPO / "tests" / "fixtures" / "ftm_sample.jsonl"
DEMO = REPO / "watchlists" / "demo" / "demo_list.csv"
CSL_REL = "us_csl_2022-05/consolidated.csv"
OS_REL = "opensanctions_ua_war_sanctions_2026-03-13/targets.simple.csv"
FORMATS = {f.id: f for f in (*us_csl.FORMATS, *opensanctions.FORMATS, *custom.FORMATS)}


def claims(path: Path) -> dict[str, str]:
    """{format id: list id} for every format of ours that claims ``path``."""
    head = path.read_bytes()[:65536]
    return {f.id: role.list_id for f in FORMATS.values() if (role := f.sniff(path, head))}


def by_id(parsed: ParsedList) -> dict[str, Entity]:
    return {e.id: e for e in parsed.entities}


def ids_of(entity: Entity) -> set[tuple[IdType, str]]:
    return {(i.type, i.value) for i in entity.identifiers}


@pytest.fixture(scope="module")
def csl(watchlists_dir: Path) -> ParsedList:
    return us_csl.parse({"main": watchlists_dir / CSL_REL}, "us_csl")


@pytest.fixture(scope="module")
def os_csv(watchlists_dir: Path) -> ParsedList:
    path = watchlists_dir / OS_REL
    return opensanctions.parse_csv({"main": path}, "opensanctions_ua_war_sanctions")


@pytest.fixture(scope="module")
def ftm() -> ParsedList:
    return opensanctions.parse_ftm({"main": FTM_SAMPLE}, "opensanctions_example_sanctions")


@pytest.fixture(scope="module")
def demo() -> ParsedList:
    return custom.parse({"main": DEMO}, "demo")


# --- sniffing -------------------------------------------------------------------------------


def test_each_real_file_is_claimed_by_the_right_format_only(watchlists_dir: Path) -> None:
    seen = {}
    for path in sorted(watchlists_dir.rglob("*")):
        if path.is_file() and path.name != "README.md":
            seen[path.relative_to(watchlists_dir).as_posix()] = claims(path)
    assert seen.pop(CSL_REL) == {"us_csl": "us_csl"}
    assert seen.pop(OS_REL) == {"opensanctions_csv": "opensanctions_ua_war_sanctions"}
    assert all(found == {} for found in seen.values()), seen  # OFAC, UN, UK files: not ours


def test_fixture_and_demo_sniff() -> None:
    assert claims(FTM_SAMPLE) == {"opensanctions_ftm": "opensanctions_example_sanctions"}
    assert claims(DEMO) == {"custom": "demo"}


def test_custom_signature_without_list_id_uses_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "ACME-blocked.csv"
    path.write_text("# sanctions-screen list: ; title: ACME\nid,schema,name\n1,person,A B\n")
    assert claims(path) == {"custom": "custom_acme_blocked"}
    assert custom.parse({"main": path}).entities[0].id == "custom_acme_blocked:1"


OTHER_CONTENT = (b"", b"\x00\xff\xfe garbage", b"<!DOCTYPE html><html><body>Error</body></html>")
OTHER_CONTENT += (b"id,schema,name\n1,person,X\n", b'{"foo": 1}\n', b"[1, 2]", b"\xef\xbb\xbf\n\n")


@pytest.mark.parametrize("data", OTHER_CONTENT)
def test_sniffers_decline_other_content(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    assert claims(path) == {}


def test_opensanctions_list_id_from_datasets() -> None:
    assert list_id_for([["Ukraine War and Sanctions"]] * 3) == "opensanctions_ua_war_sanctions"
    assert list_id_for([["us_ofac_sdn"], ["us_ofac_sdn"]]) == "opensanctions_us_ofac_sdn"
    assert list_id_for([["us_ofac_sdn"], ["eu_fsf"]]) == "opensanctions_default"
    assert list_id_for([["us_ofac_sdn", "eu_fsf"]]) == "opensanctions_default"
    assert list_id_for([["Some New Title"]]) == "opensanctions_some_new_title"


# --- US CSL ---------------------------------------------------------------------------------


def test_csl_one_entity_per_row(watchlists_dir: Path, csl: ParsedList) -> None:
    rows = read_rows(watchlists_dir / CSL_REL)
    assert len(rows) == 14_160  # README count
    sources = Counter(row["source"].split(" - ")[0] for _, row in rows)
    assert sources["Specially Designated Nationals (SDN)"] == 10_026
    assert sources["Entity List (EL)"] == 2_001
    # One entity per row (the README's count); ids are qualified by sub-list because 112
    # rows repeat an _id on another sub-list (SDN + SSI + NS-MBS...).
    assert len(csl.entities) == 14_160 == len(by_id(csl))
    assert Counter(e.id.split(":")[1] for e in csl.entities)["SSI"] == 290
    assert csl.warnings == [
        "consolidated.csv line 1980: repeats us_csl:CAP:15268; kept as a second entry"
    ]
    schemas = Counter(e.schema for e in csl.entities)
    assert schemas[Schema.VESSEL] == 433 and schemas[Schema.AIRCRAFT] == 283
    assert csl.published is None and csl.stated_count is None
    assert all(
        e.id.startswith("us_csl:") and e.names[0].kind is NameKind.PRIMARY for e in csl.entities
    )


def test_csl_putin_and_deripaska(csl: ParsedList) -> None:
    entities = by_id(csl)
    putin = entities["us_csl:SDN:35096"]
    assert putin.schema is Schema.PERSON and putin.name == "PUTIN, Vladimir Vladimirovich"
    assert (putin.names[0].family, putin.names[0].given) == ("PUTIN", "Vladimir Vladimirovich")
    assert putin.birth_dates == ["1952-10-07"] and putin.nationalities == ["RU"]
    assert putin.programs == [
        "Specially Designated Nationals (SDN) - Treasury Department",
        "RUSSIA-EO14024",
    ]
    assert putin.gender == "male" and putin.birth_places == ["Leningrad, Russia"]
    assert putin.positions == ["President of the Russian Federation"]
    assert putin.addresses[0].city == "Moscow" and putin.addresses[0].country == "RU"
    deripaska = entities["us_csl:SDN:24283"]
    assert deripaska.birth_dates == ["1968-01-02"] and deripaska.nationalities == ["RU", "CY"]


def test_csl_sberbank_on_three_sub_lists(csl: ParsedList) -> None:
    entities = by_id(csl)
    assert {"us_csl:SDN:17018", "us_csl:SSI:17018", "us_csl:NS-MBS:17018"} <= set(entities)
    assert entities["us_csl:SSI:17018"].programs[0].startswith("Sectoral Sanctions")
    sber = entities["us_csl:SDN:17018"]
    assert sber.schema is Schema.ORGANIZATION
    names = {n.value for n in sber.names}
    assert {"SBERBANK OF RUSSIA", "PJSC SBERBANK", "SBERBANK ROSSII"} <= names
    assert all(n.kind is NameKind.AKA for n in sber.names[1:])
    for entity_id, sub_list in (
        ("us_csl:SDN:17018", "Specially Designated Nationals (SDN)"),
        ("us_csl:SSI:17018", "Sectoral Sanctions Identifications"),
        ("us_csl:NS-MBS:17018", "Non-SDN Menu-Based Sanctions"),
    ):
        assert entities[entity_id].programs[0].startswith(sub_list), sub_list
    assert {
        (IdType.SWIFT_BIC, "SABRRUMM"),
        (IdType.TAX_ID, "7707083893"),
        (IdType.REGISTRATION, "1027700132195"),
    } <= ids_of(sber)
    assert next(i for i in sber.identifiers if i.type is IdType.TAX_ID).country == "RU"
    assert not any(i.label and "Directive" in i.label for i in sber.identifiers)


def test_csl_entity_list_vessel_aircraft(csl: ParsedList) -> None:
    entities = by_id(csl)
    rosneft = entities["us_csl:EL:f56ee19525ae8fb705652bf0e5fcdeae7d28dd68"]
    assert rosneft.name == "Rosneft" and rosneft.schema is Schema.ORGANIZATION
    assert rosneft.programs == ["Entity List (EL) - Bureau of Industry and Security"]
    assert rosneft.listed_on == "2014-09-17" and "79 FR  55608" not in (rosneft.remarks or "")
    assert "Rosneft Oil Company" in {n.value for n in rosneft.names}
    tanker = entities["us_csl:SDN:27304"]
    assert tanker.schema is Schema.VESSEL and ids_of(tanker) == {(IdType.IMO, "9116412")}
    assert tanker.countries == ["IR"] and tanker.names[1].value == "GRACE 1"
    plane = entities["us_csl:SDN:15445"]
    assert plane.schema is Schema.AIRCRAFT and (IdType.AIRCRAFT_SERIAL, "464") in ids_of(plane)
    assert ("linked_to", "MAHAN AIR") in {(r.kind, r.target_name) for r in plane.relations}


def test_csl_quirks(csl: ParsedList) -> None:
    entities = by_id(csl)
    ash = entities["us_csl:DPL:deb7a1d5743a85c354ca1a2c7f2664e2104b32d7"]
    assert ash.name == "I. ASH" and ash.schema is Schema.PERSON  # leading space, no type
    assert entities["us_csl:SDN:16724"].birth_dates == ["1969", "1970", "1971"]  # "1969 to 1971"
    assert entities["us_csl:SDN:8183"].birth_dates == ["1967"]  # "circa 1967"
    wallets = [
        i for i in entities["us_csl:SDN:29703"].identifiers if i.type is IdType.CRYPTO_WALLET
    ]
    assert "1Fz29BQp82pE3vXXcsZoMNQ3KSHfMzfMe3" in {w.value for w in wallets}
    assert any(e.name == "CAST Xi\u2019an Spaceflight Engine Factory" for e in csl.entities)
    untyped = Counter(e.schema for e in csl.entities if e.programs[0].startswith("ITAR"))
    assert untyped[Schema.PERSON] > 600 and untyped[Schema.ORGANIZATION] > 30


# --- OpenSanctions simple CSV ---------------------------------------------------------------


def test_opensanctions_csv_counts(os_csv: ParsedList) -> None:
    assert len(os_csv.entities) == 5_600 == len(by_id(os_csv))
    assert os_csv.list_id == "opensanctions_ua_war_sanctions" and not os_csv.warnings
    schemas = Counter(e.schema for e in os_csv.entities)
    assert schemas == {
        Schema.PERSON: 1_543,
        Schema.ORGANIZATION: 1_524 + 1_193,
        Schema.VESSEL: 1_340,
    }
    assert str(os_csv.published) == "2026-03-13"  # newest last_seen: the export date


def test_opensanctions_csv_entities(os_csv: ParsedList) -> None:
    entities = by_id(os_csv)
    vessel = entities["opensanctions_ua_war_sanctions:NK-24cf2zYe7LEKhr2zFck73j"]
    assert vessel.name == "ROSALIN" and vessel.schema is Schema.VESSEL
    assert [n.value for n in vessel.names[1:]] == ["Ceram Sea", "Gold Sun", "Nurkez"]
    assert ids_of(vessel) == {(IdType.IMO, "9253325")}
    assert vessel.countries == ["LR", "PA", "SG", "ST"]
    assert vessel.programs == ["UA-WS-MARE"]
    kostin = entities["opensanctions_ua_war_sanctions:Q4235374"]
    assert kostin.birth_dates == ["1956-09-21"] and kostin.countries == ["RU"]
    assert {n.script for n in kostin.names} == {"Latn", "Cyrl"}
    assert ids_of(kostin) == {(IdType.TAX_ID, "770300172004")}
    assert kostin.remarks and kostin.remarks.startswith("He is a close associate")
    plant = entities["opensanctions_ua_war_sanctions:NK-28mqu8V3AzembAmAfehWPd"]
    assert plant.name == 'JOINT-STOCK COMPANY "KRASNOZAVODSKY CHEMICAL PLANT"'
    assert ids_of(plant) == {(IdType.REGISTRATION, "1125042006462"), (IdType.TAX_ID, "5042126251")}
    assert plant.addresses[0].full.startswith("141321, Moscow region")
    assert any(e.name == "Novatek PJSC" for e in os_csv.entities)


def test_opensanctions_identifier_typing() -> None:
    assert typed_identifier("IMO9116412", Schema.VESSEL).type is IdType.IMO
    assert typed_identifier("9116412", Schema.VESSEL).value == "9116412"
    assert typed_identifier("9116413", Schema.VESSEL).type is IdType.OTHER  # bad check digit
    assert typed_identifier("273214080", Schema.VESSEL).type is IdType.MMSI
    assert typed_identifier("UBVU5", Schema.VESSEL).type is IdType.CALL_SIGN
    assert typed_identifier("A12-34", Schema.PERSON).type is IdType.OTHER


# --- OpenSanctions FollowTheMoney -----------------------------------------------------------


def test_ftm_targets_only(ftm: ParsedList) -> None:
    assert ftm.list_id == "opensanctions_example_sanctions" and str(ftm.published) == "2024-06-01"
    assert Counter(e.schema for e in ftm.entities) == {
        Schema.PERSON: 2,
        Schema.ORGANIZATION: 1,
        Schema.VESSEL: 1,
        Schema.AIRCRAFT: 1,
    }
    assert "opensanctions_example_sanctions:fx-company-quiet" not in by_id(ftm)  # target: false


def test_ftm_person_enriched_by_sanction_and_links(ftm: ParsedList) -> None:
    ivanov = by_id(ftm)["opensanctions_example_sanctions:fx-person-ivanov"]
    kinds = {(n.value, n.kind, n.script) for n in ivanov.names}
    assert ("Пётр Сергеевич Иванов-Тестов", NameKind.AKA, "Cyrl") in kinds
    assert ("Pyotr Sergeyevich SIDOROV", NameKind.FKA, "Latn") in kinds
    assert ("Petya", NameKind.WEAK, "Latn") in kinds
    primary = ivanov.names[0]
    assert (primary.given, primary.family, primary.patronymic) == (
        "Pyotr",
        "Ivanov-Testov",
        "Sergeyevich",
    )
    assert ivanov.listed_on == "2022-02-24" and ivanov.programs == ["EXAMPLE-RUS"]
    assert ivanov.birth_dates == ["1961-04"] and ivanov.nationalities == ["RU"]
    assert ids_of(ivanov) == {(IdType.PASSPORT, "7000000001"), (IdType.TAX_ID, "770000000001")}
    relations = {(r.kind, r.target_name, r.target_id) for r in ivanov.relations}
    assert relations == {
        (
            "director_of",
            "Northwind Trading LLC",
            "opensanctions_example_sanctions:fx-company-northwind",
        ),
        ("family", "Samir Al-Haddad Example", "opensanctions_example_sanctions:fx-person-haddad"),
    }


def test_ftm_tolerates_odd_property_shapes(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    odd = '{"id": 7, "schema": "Person", "caption": 5, "properties": {"name": "Solo Name", '
    odd += '"alias": 3, "birthDate": {"x": 1}}, "datasets": "x", "last_seen": 20240101}\n'
    path.write_text(odd + '{"id": "n", "schema": "Company"}\n')
    parsed = opensanctions.parse_ftm({"main": path}, "opensanctions_x")
    assert [(e.id, e.name, e.birth_dates) for e in parsed.entities] == [
        ("opensanctions_x:7", "Solo Name", [])
    ]
    assert parsed.published is None


def test_ftm_vessel_company_aircraft(ftm: ParsedList) -> None:
    entities = by_id(ftm)
    vessel = entities["opensanctions_example_sanctions:fx-vessel-seafixture"]
    assert {(IdType.IMO, "9876543"), (IdType.MMSI, "273000001")} <= ids_of(vessel)
    assert [(r.kind, r.target_name, r.target_id) for r in vessel.relations] == [
        ("owner", "Quiet Holdings Ltd", None)
    ]
    company = entities["opensanctions_example_sanctions:fx-company-northwind"]
    assert (IdType.SWIFT_BIC, "NWTRRUMM") in ids_of(company)
    assert [r.kind for r in company.relations] == ["director"]
    plane = entities["opensanctions_example_sanctions:fx-airplane-1"]
    assert (IdType.AIRCRAFT_SERIAL, "MSN-1234") in ids_of(plane)
    haddad = entities["opensanctions_example_sanctions:fx-person-haddad"]
    assert haddad.names[1].script == "Arab" and haddad.birth_dates == ["1975-03-02", "1976"]


# --- custom format and the demo list --------------------------------------------------------


def test_demo_list_loads_completely(demo: ParsedList) -> None:
    assert len(demo.entities) == demo.stated_count == 13 and not demo.warnings
    assert str(demo.published) == "2026-11-01"
    assert all(e.id.startswith("demo:") and e.list_id == "demo" for e in demo.entities)
    assert all(e.remarks and e.remarks.startswith("DEMO DATA") for e in demo.entities)
    assert all(e.source_url and e.source_url.startswith("https://") for e in demo.entities)
    title = custom.list_title(DEMO) or ""
    assert "DEMO" in title and "NOT an official" in title


def test_demo_list_entries(demo: ParsedList) -> None:
    entities = by_id(demo)
    sechin = entities["demo:sechin"]
    assert "Игорь Иванович Сечин" in {n.value for n in sechin.names}
    assert sechin.birth_dates == ["1960-09-07"] and sechin.nationalities == ["RU"]
    assert entities["demo:kim_jong_un"].names[1].script == "Hang"
    assert entities["demo:assad"].names[1].script == "Arab"
    vtb = entities["demo:vtb"]
    assert [n.value for n in vtb.names if n.kind is NameKind.FKA][0] == "Vneshtorgbank"
    assert (IdType.SWIFT_BIC, "VTBRRUMM") in ids_of(vtb)
    rosneft = entities["demo:rosneft"]
    assert "ПАО НК Роснефть" in {n.value for n in rosneft.names}
    assert {i.country for i in rosneft.identifiers} == {"RU"}
    tanker = entities["demo:adrian_darya_1"]
    assert tanker.schema is Schema.VESSEL and ids_of(tanker) == {(IdType.IMO, "9116412")}


def test_custom_format_doc_example_parses(tmp_path: Path) -> None:
    doc = (REPO / "watchlists" / "CUSTOM_FORMAT.md").read_text(encoding="utf-8")
    example = re.search(r"## Minimal example\s+```\n(.*?)```", doc, re.S)
    assert example
    path = tmp_path / "acme.csv"
    path.write_text(example[1], encoding="utf-8")
    parsed = custom.parse({"main": path}, claims(path)["custom"])
    assert [e.id for e in parsed.entities] == ["acme_internal:C-0001", "acme_internal:C-0002"]
    john = parsed.entities[0]
    assert john.identifiers[0].type is IdType.PASSPORT and john.identifiers[0].country == "GB"


def write_custom(tmp_path: Path, rows: str, header: str = "id,schema,name,identifiers") -> Path:
    path = tmp_path / "inhouse.csv"
    path.write_text(f"# sanctions-screen list: inhouse; title: T\n{header}\n{rows}", "utf-8")
    return path


def test_custom_row_rules(tmp_path: Path) -> None:
    path = write_custom(
        tmp_path,
        (
            '1,person,Jane Roe,"passport:X1:gb;wallet:bc1qxyz;loyalty card:77;swift_bic:ABCDGB2L"\n'
            "# a comment row\n"
            "2,organisation,,\n"
            "3,ship,SEA ONE,imo:9116412\n"
        ),
        header="id,schema,name,identifiers,colour",
    )
    parsed = custom.parse({"main": path}, "inhouse")
    assert [e.id for e in parsed.entities] == ["inhouse:1", "inhouse:3"]
    assert any("line 5" in w and "no name" in w for w in parsed.warnings)
    assert any("'colour'" in w for w in parsed.warnings)
    jane = parsed.entities[0]
    assert [(i.type, i.value, i.country, i.label) for i in jane.identifiers] == [
        (IdType.PASSPORT, "X1", "GB", "passport"),
        (IdType.CRYPTO_WALLET, "bc1qxyz", None, "wallet"),
        (IdType.OTHER, "77", None, "loyalty card"),
        (IdType.SWIFT_BIC, "ABCDGB2L", None, "swift_bic"),
    ]


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ("1,person,A\n1,person,B\n", r"line 4: duplicate id '1' \(first used on line 3\)"),
        ("1,robot,A\n", "line 3: unknown schema 'robot'"),
        (",person,A\n", "line 3: empty id"),
        ('1,person,"A\n', "malformed CSV"),
    ],
)
def test_custom_fatal_rows(tmp_path: Path, rows: str, reason: str) -> None:
    path = write_custom(tmp_path, rows, header="id,schema,name")
    with pytest.raises(ListFormatError, match=reason) as info:
        custom.parse({"main": path}, "inhouse")
    assert info.value.path == str(path)


# --- broken inputs --------------------------------------------------------------------------

PARSERS = {
    "us_csl": lambda p: us_csl.parse({"main": p}, "us_csl"),
    "os_csv": lambda p: opensanctions.parse_csv({"main": p}, "opensanctions_x"),
    "os_ftm": lambda p: opensanctions.parse_ftm({"main": p}, "opensanctions_x"),
    "custom": lambda p: custom.parse({"main": p}, "x"),
}
HTML = b"<!DOCTYPE html>\n<html><head><title>503</title></head><body>Busy</body></html>"


def _sample(kind: str, watchlists_dir: Path) -> bytes:
    if kind == "us_csl":
        return (watchlists_dir / CSL_REL).read_bytes()[:20000]
    if kind == "os_csv":
        return (watchlists_dir / OS_REL).read_bytes()[:20000]
    return (FTM_SAMPLE if kind == "os_ftm" else DEMO).read_bytes()


def _cut_in_quotes(data: bytes) -> bytes:
    start = data.index(b',"', data.index(b"\n", data.index(b"\n") + 1))
    return data[: start + 6]


@pytest.mark.parametrize("kind", sorted(PARSERS))
@pytest.mark.parametrize("broken", ["html", "empty", "bad_utf8", "truncated"])
def test_broken_inputs_raise_list_format_error(
    tmp_path: Path, watchlists_dir: Path, kind: str, broken: str
) -> None:
    data = _sample(kind, watchlists_dir)
    content = {
        "html": HTML,
        "empty": b"",
        "bad_utf8": data[:3000].rsplit(b"\n", 1)[0] + b"\nab\xff\xfecd\n",
        "truncated": data[: len(data) // 2] if kind == "os_ftm" else _cut_in_quotes(data),
    }[broken]
    path = tmp_path / f"{kind}_{broken}.dat"
    path.write_bytes(content)
    with pytest.raises(ListFormatError) as info:
        PARSERS[kind](path)
    assert info.value.path == str(path) and str(path) in str(info.value)


FTM_LINE = b'{"id": "a", "schema": "Person", "properties": {}}\n'
STRUCTURAL = [
    ("us_csl", b"_id,source,type\n1,SDN,Entity\n", "missing column.*name"),
    ("os_csv", b'"id","schema","name"\n"1","Person","X"\n', "missing column.*aliases"),
    ("custom", b"# sanctions-screen list: x\nid,name\n1,X\n", "line 2: missing required.*schema"),
    ("custom", b"id,schema,name\n1,person,X\n", "line 1 must be the signature"),
    ("custom", b"# sanctions-screen list: Bad Id!\nid,schema,name\n", "list id"),
    ("custom", b"# sanctions-screen list: x; version: 2026-13-01\nid,schema,name\n", "version"),
    ("us_csl", b"_id,source,name\n1,SDN\n", "line 2: 2 fields instead of 3"),
    ("os_ftm", FTM_LINE + b'{"id": "b", "sch\n', "line 2: invalid JSON"),
    ("os_ftm", FTM_LINE + b'["x"]\n', "line 2: not a FollowTheMoney entity"),
    ("os_ftm", FTM_LINE + b'{"id": "\xff"}\n', "line 2: not valid UTF-8"),
    ("os_ftm", FTM_LINE + b'{"id": "b", "schema": ["Person"]}\n', "line 2: entity without"),
]


@pytest.mark.parametrize(("kind", "content", "reason"), STRUCTURAL)
def test_structural_errors_name_the_problem(
    tmp_path: Path, kind: str, content: bytes, reason: str
) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ListFormatError, match=reason):
        PARSERS[kind](path)
