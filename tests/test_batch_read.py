"""Reading uploaded tables: encodings, delimiters, headers in several languages, .xlsx,
malformed rows (numbered, not fatal), and files that are not tables."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from service.batch.columns import ColumnError, apply_mapping, detect_plan
from service.batch.detect import NotATableError
from service.batch.reader import open_table

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


def rows_of(path: Path, size: int = 1000, **kwargs):
    table = open_table(path, path.name, **kwargs)
    return table, [r for chunk in table.chunks(size) for r in chunk]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "cell"),
    [
        ("customers_bom.csv", "utf-8-sig", ",", (5, 1, "Игорь Иванович Сечин")),
        ("kunden_utf16.csv", "utf-16", "\t", (2, 1, "Müller")),
        ("clients_cp1252.csv", "cp1252", ";", (1, 5, "Prix 100 €")),
        ("proveedores_semicolon.csv", "utf-8", ";", (2, 0, "Construcciones García, S.L.")),
        ("russian.csv", "utf-8", ",", (1, 0, "Путин Владимир Владимирович")),
    ],
)
def test_encodings_and_delimiters(name, encoding, delimiter, cell) -> None:
    table, rows = rows_of(FIXTURES / name)
    assert (table.format.kind, table.format.encoding, table.format.delimiter) == (
        "csv", encoding, delimiter)  # fmt: skip
    assert not table.columns[0].startswith("\ufeff")
    row, column, value = cell
    assert rows[row - 1].row == row and rows[row - 1].cells[column] == value
    assert all(r.problem is None for r in rows)
    assert table.count_rows() == len(rows)


def test_headers_in_other_languages() -> None:
    described = {}
    for name in ("customers_bom.csv", "kunden_utf16.csv", "clients_cp1252.csv",
                 "proveedores_semicolon.csv", "russian.csv"):  # fmt: skip
        table = open_table(FIXTURES / name, name)
        described[name] = apply_mapping(table.columns, None).describe(table.columns)
    assert described["customers_bom.csv"] == {
        "name": "Full Name", "type": "Type", "birth_date": "Date of Birth", "id": "Customer ID",
        "country": ["Country"], "identifiers": {"Passport Number": "passport"},
    }  # fmt: skip
    # German "Name" next to "Vorname" is the family name
    assert described["kunden_utf16.csv"] == {
        "first_name": "Vorname", "last_name": "Name", "birth_date": "Geburtsdatum",
        "id": "Kundennummer", "country": ["Staatsangehörigkeit"],
    }  # fmt: skip
    assert described["clients_cp1252.csv"]["last_name"] == "Nom"
    assert described["clients_cp1252.csv"]["first_name"] == "Prénom"
    assert described["proveedores_semicolon.csv"] == {
        "name": "Razón social", "type": "Tipo", "country": ["País"],
        "identifiers": {"NIF": "tax_id"},
    }  # fmt: skip
    assert described["russian.csv"] == {
        "name": "ФИО",
        "birth_date": "Дата рождения",
        "country": ["Гражданство"],
    }


def test_header_words_and_alone() -> None:
    plan = detect_plan(["Name", "Nationality", "Customer Full Name (legal)", "Birth date (ISO)"])
    assert plan.name == 0 and plan.country == [1] and plan.birth_date == 3
    plan = detect_plan(["Client reference", "Beneficiary name"])
    assert plan.name == 1


def test_malformed_rows_are_numbered_and_do_not_stop_reading() -> None:
    table, rows = rows_of(FIXTURES / "malformed.csv")
    assert [r.row for r in rows] == list(range(1, 9))
    problems = {r.row: r.problem for r in rows if r.problem}
    assert problems[2] == "4 fields, but the header has 3"
    assert problems[3] == "only 1 field(s), but the header has 3"
    assert "unclosed quotation mark" in problems[8]
    assert rows[3].empty and rows[3].problem is None
    assert rows[6].cells == ["Bashar al-Assad", "SY", "1965-09-11"]
    assert table.count_rows() == 8


def test_broken_quote_mid_file_falls_back_without_losing_rows(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    lines = ["name,country"] + [f"Person {i},DE" for i in range(1, 5001)]
    lines[3000] = 'Person 3000 "quoted" badly,DE,extra'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table, rows = rows_of(path, size=700)
    assert [r.row for r in rows] == list(range(1, 5001))
    assert {r.row for r in rows if r.problem} == {3000}
    assert rows[4999].cells == ["Person 5000", "DE"]


def test_unclosed_quote_in_large_file(tmp_path: Path) -> None:
    path = tmp_path / "unclosed.csv"
    lines = ["name,country"] + [f"Person {i},DE" for i in range(1, 4001)]
    lines[2500] = '"Person 2500,DE'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, rows = rows_of(path, size=1000)
    assert [r.row for r in rows[:2499]] == list(range(1, 2500))
    assert all(r.problem is None for r in rows[:2499])
    assert rows[2499].row == 2500 and "unclosed quotation mark" in rows[2499].problem
    assert len(rows) == 2500  # the rest was swallowed into that one field


def test_chunks_number_rows_continuously(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["full name", "dob"])
        for i in range(1, 5001):
            writer.writerow([f"Name {i}, with comma", f"{1950 + i % 50}-01-01"])
        handle.write("\n\n\n")  # trailing empty rows are not rows
    table = open_table(path, path.name)
    chunks = list(table.chunks(999))
    assert [len(c) for c in chunks] == [999] * 5 + [5]
    rows = [r for c in chunks for r in c]
    assert [r.row for r in rows] == list(range(1, 5001))
    assert rows[-1].cells[0] == "Name 5000, with comma"
    assert table.count_rows() == 5000


def test_utf16_without_bom_and_late_cp1252_byte(tmp_path: Path) -> None:
    path = tmp_path / "le.csv"
    path.write_bytes("name;country\nJürgen Groß;DE\n".encode("utf-16-le"))
    table, rows = rows_of(path)
    assert table.format.encoding == "utf-16-le" and rows[0].cells == ["Jürgen Groß", "DE"]
    late = tmp_path / "late.csv"
    body = "name,country\n" + "Anna Keller,DE\n" * 30000
    late.write_bytes(body.encode() + "Zoë Brontë,GB\n".encode("cp1252"))
    assert len(body) > 256 * 1024  # the odd byte is past the sniffed head
    table, rows = rows_of(late)
    assert table.format.encoding == "cp1252" and rows[-1].cells == ["Zoë Brontë", "GB"]
    bom16 = tmp_path / "bom16.csv"
    bom16.write_bytes(codecs.BOM_UTF16_BE + "name\tcountry\nO'Neil\tIE\n".encode("utf-16-be"))
    table, rows = rows_of(bom16)
    assert table.format.delimiter == "\t" and rows[0].cells == ["O'Neil", "IE"]


def test_xlsx_title_rows_dates_numbers_and_sheets() -> None:
    path = FIXTURES / "suppliers.xlsx"
    table, rows = rows_of(path)
    assert table.format.kind == "xlsx" and table.header_row == 2
    assert table.columns[:3] == ["Supplier Name", "Entity Type", "Country"]
    assert rows[0].cells == ["Adrian Darya 1", "vessel", "IR", "", "9116412", "1200.5"]
    assert rows[1].cells[3] == "1964-02-08"
    assert len(rows) == 4 and table.count_rows() == 4
    plan = apply_mapping(table.columns, None)
    assert plan.identifiers == [(4, "imo")]
    other, rows = rows_of(path, sheet="Other")
    assert other.columns == ["name"] and rows[0].cells == ["Hizballah"]
    with pytest.raises(NotATableError, match="no sheet 'Nope'"):
        open_table(path, path.name, sheet="Nope")


def test_xlsx_extra_cells_are_a_note(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["name", "country"])
    book.active.append(["Anna Keller", "DE", None, "stray"])
    path = tmp_path / "stray.xlsx"
    book.save(path)
    _, rows = rows_of(path)
    assert rows[0].problem is None and rows[0].note and rows[0].cells == ["Anna Keller", "DE"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("not_a_table.pdf", "PDF document"),
        ("not_a_table.html", "HTML page"),
        ("not_a_table.json", "JSON"),
        ("not_a_table.bin", "binary content"),
    ],
)
def test_not_a_table(name: str, reason: str) -> None:
    with pytest.raises(NotATableError, match=reason) as caught:
        open_table(FIXTURES / name, name)
    assert caught.value.name == name


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"PK\x03\x04garbage", "broken ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old binary Excel"),
        (b"<?xml version='1.0'?><list><name>x</name></list>", "XML"),
        (b"amount,price\n1,2\n3,4\n", "no header row with known column names"),
    ],
)
def test_broken_variants(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(NotATableError, match=reason):
        open_table(path, "upload.csv")


def test_mapping_override(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c,d\nAnna Keller,DE,X123,1980\n", encoding="utf-8")
    table = open_table(path, path.name, mapped=True)
    plan = apply_mapping(
        table.columns,
        {"name": "A", "country": 2, "identifiers": {"c": "passport"}, "birth_date": "d"},
    )
    assert (plan.name, plan.country, plan.identifiers, plan.birth_date) == (
        0, [1], [(2, "passport")], 3)  # fmt: skip
    with pytest.raises(ColumnError, match="column 'zz' is not in the header"):
        apply_mapping(table.columns, {"name": "zz"})
    with pytest.raises(ColumnError, match="out of range"):
        apply_mapping(table.columns, {"name": 9})
    with pytest.raises(ColumnError, match="unknown identifier type"):
        apply_mapping(table.columns, {"name": 1, "identifiers": {"c": "shoe_size"}})
    with pytest.raises(ColumnError, match="no name column"):
        apply_mapping(table.columns, {"country": "b"})
    detected = open_table(FIXTURES / "customers_bom.csv", "x")
    only = apply_mapping(detected.columns, {"detect": False, "name": "Full Name"})
    assert only.describe(detected.columns) == {"name": "Full Name"}
    no_type = apply_mapping(detected.columns, {"type": None})
    assert no_type.type is None and no_type.name == 1


def test_bare_list_of_names_and_header_only(tmp_path: Path) -> None:
    bare = tmp_path / "names.txt"
    bare.write_text("Vladimir Putin\nAnna Keller\n", encoding="utf-8")
    table, rows = rows_of(bare)
    assert table.columns == ["name"] and [r.cells for r in rows] == [
        ["Vladimir Putin"],
        ["Anna Keller"],
    ]
    header_only = tmp_path / "header.csv"
    header_only.write_text("name,country\n", encoding="utf-8")
    table, rows = rows_of(header_only)
    assert rows == [] and table.count_rows() == 0


def test_long_cell_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text("name,country\n" + "x" * 20000 + ",DE\nAnna,DE\n", encoding="utf-8")
    _, rows = rows_of(path)
    assert "longer than 10000 characters" in rows[0].problem
    assert rows[1].problem is None
