"""Row -> query conversion, and result files (CSV, JSON, .xlsx) with formula neutralisation."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from service.batch.columns import ColumnPlan, build_query, parse_birth_date
from service.batch.countries import country_code
from service.batch.export import CsvWriter, JsonWriter, XlsxWriter, neutralise, result_columns
from service.batch.pipeline import RowResult
from service.model import IdType, Schema

PLAN = ColumnPlan(name=0, type=1, birth_date=2, country=[3, 4], id=5, identifiers=[(6, "imo")])


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+2", "'=1+2"), ("+49 30 1234", "'+49 30 1234"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\tcmd", "'\tcmd"), ("\rx", "'\rx"), ("Anna", "Anna"), ("", ""), ("a=b", "a=b")],
)  # fmt: skip
def test_neutralise(value: str, expected: str) -> None:
    assert neutralise(value) == expected


def test_build_query_fields() -> None:
    cells = [
        "  Igor   Sechin ",
        "natürliche Person",
        "07.09.1960",
        "",
        "Russland",
        "C-1",
        "9116412",
    ]
    query, error, warnings = build_query(cells, PLAN)
    assert error is None and warnings == []
    assert query.name == "Igor Sechin" and query.schema is Schema.PERSON
    assert (query.birth_date, query.country, query.id) == ("1960-09-07", "RU", "C-1")
    assert query.identifiers == [(IdType.IMO, "9116412")]


@pytest.mark.parametrize(
    ("kind", "schema"),
    [("Individual", "person"), ("persona jurídica", "organization"), ("Юридическое лицо",
     "organization"), ("Schiff", "vessel"), ("avion", "aircraft"), ("O", "organization")],
)  # fmt: skip
def test_type_values_in_languages(kind: str, schema: str) -> None:
    query, _, _ = build_query(["Acme", kind, "", "", "", "", ""], PLAN)
    assert query.schema.value == schema


def test_build_query_problems() -> None:
    assert build_query(["", "", "", "", "", "", ""], PLAN)[1] == "no name in this row"
    assert build_query(["-- ..", "", "", "", "", "", ""], PLAN)[1] == (
        "the name has no letters or digits")  # fmt: skip
    assert "longer than 500" in build_query(["x" * 501] + [""] * 6, PLAN)[1]
    query, error, warnings = build_query(["Anna", "robot", "31/31/1999", "Atlantis", "", "", ""],
                                         PLAN)  # fmt: skip
    assert error is None and query.schema is None and query.country is None
    assert query.birth_date is None
    assert warnings == ["type 'robot' not understood: screened as any type",
                        "birth date '31/31/1999' not understood: ignored",
                        "country 'Atlantis' not recognised: ignored"]  # fmt: skip
    query, _, warnings = build_query(["Anna", "", "1990-02-30", "", "", "", ""], PLAN)
    assert query.birth_date == "1990-02"
    assert warnings == ["birth date '1990-02-30' is not a calendar date: only 1990-02 used"]


def test_split_names_and_dates() -> None:
    plan = ColumnPlan(first_name=0, middle_name=1, last_name=2)
    query, _, _ = build_query(["Vladimir", "Vladimirovich", "Putin"], plan)
    assert query.name == "Vladimir Vladimirovich Putin"
    assert parse_birth_date("10/27/1952") == "1952-10-27"  # unambiguous US order
    assert parse_birth_date("07/10/1952") == "1952-10-07"  # otherwise day first
    assert parse_birth_date("1952") == "1952"


@pytest.mark.parametrize(
    ("text", "code"),
    [("Russie", "RU"), ("Россия", "RU"), ("Allemagne", "DE"), ("España", "ES"),
     ("Vereinigtes Königreich", "GB"), ("Corea del Norte", "KP"), ("de", "DE"), ("IRN", "IR")],
)  # fmt: skip
def test_country_names_in_languages(text: str, code: str) -> None:
    assert country_code(text) == code


def _results() -> list[RowResult]:
    hit = {"entity_id": "demo:putin", "list_id": "demo", "schema": "person",
           "name": "Vladimir Vladimirovich PUTIN", "matched_name": "PUTIN, Vladimir",
           "score": 0.97, "alert": True, "explanation": "..."}  # fmt: skip
    return [
        RowResult(1, ['=HYPERLINK("x")', "row"], {"name": "x"}, [], None, None),
        RowResult(2, ["Vladimir Putin", "alert"], {"name": "Vladimir Putin"}, [hit]),
        RowResult(3, ["", "bad"], None, [], "no name in this row", None),
    ]


def test_csv_result_file() -> None:
    columns = ["name", "alert"]  # an input column named like a result column
    writer = CsvWriter(columns)
    data = writer.begin() + writer.rows(_results()) + writer.end({})
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == columns + result_columns(columns)
    assert rows[0][2:4] == ["row", "screening_alert"]
    assert rows[1][0] == '\'=HYPERLINK("x")'
    out = dict(zip(rows[0], rows[2], strict=True))
    assert (out["screening_alert"], out["best_entity_id"], out["best_score"]) == (
        "true", "demo:putin", "0.97")  # fmt: skip
    assert json.loads(out["hits"])[0]["matched_name"] == "PUTIN, Vladimir"
    assert dict(zip(rows[0], rows[3], strict=True))["error"] == "no name in this row"


def test_json_result_file_keeps_raw_values() -> None:
    writer = JsonWriter(["name", "note"], head={"job": {"id": "b1"}})
    data = writer.begin() + writer.rows(_results()[:1]) + writer.rows([]) + \
        writer.rows(_results()[1:]) + writer.end({"receipt": {"receipt_id": "r1"}})  # fmt: skip
    doc = json.loads(data)
    assert doc["job"] == {"id": "b1"} and doc["receipt"] == {"receipt_id": "r1"}
    assert [r["row"] for r in doc["rows"]] == [1, 2, 3]
    assert doc["rows"][0]["input"]["name"] == '=HYPERLINK("x")'
    assert doc["rows"][1]["best"]["entity_id"] == "demo:putin" and doc["rows"][1]["alert"]


def test_xlsx_result_file(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    writer = XlsxWriter(["name", "note"], path)
    writer.begin()
    writer.rows(_results())
    receipt = {"receipt_id": "r1", "digest": "d" * 64, "batch": {"rows": 3},
               "lists": [{"list_id": "demo", "version": "2026-11-01", "content_hash": "h",
                          "published": None, "entity_count": 13}]}  # fmt: skip
    writer.end({"receipt": receipt})
    book = load_workbook(path)
    sheet = book["results"]
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    values = [c.value for c in sheet[3]]
    assert values[:4] == ["Vladimir Putin", "alert", 2, True] and 0.97 in values
    meta = {r[0].value: r[1].value for r in book["receipt"].iter_rows() if r and r[0].value}
    assert meta["receipt_id"] == "r1" and meta["batch.rows"] == 3 and "demo" in meta
