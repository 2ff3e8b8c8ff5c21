"""``sanctions-screen batch IN -o OUT``: outputs, alerts-only, receipt, exit codes."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from service.batch.config import get_batch_settings
from service.cli import app
from service.settings import get_settings

FIXTURES = Path(__file__).parent / "fixtures" / "batch"


@pytest.fixture(autouse=True)
def demo_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded demo list, whatever the environment points at."""
    monkeypatch.delenv("SANCTIONS_DATA_DIR", raising=False)
    get_settings.cache_clear()
    get_batch_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(*args: str):
    return CliRunner().invoke(app, ["batch", *args])


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_output_receipt_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = run(str(FIXTURES / "clients_cp1252.csv"), "-o", str(out), "--workers", "1")
    assert result.exit_code == 1, result.output  # a row alerts
    rows = read_csv(out)
    assert [r["Nom"] for r in rows] == ["Gérard", "Deripaska", "Lefèvre"]
    assert rows[1]["best_entity_id"] == "demo:deripaska" and rows[1]["alert"] == "true"
    assert rows[0]["Commentaire"] == "Prix 100 €"
    receipt = json.loads((tmp_path / "out.csv.receipt.json").read_text(encoding="utf-8"))
    assert receipt["batch"]["rows"] == 3 and receipt["lists"][0]["list_id"] == "demo"
    assert "alerts (rows)" in result.output and "rows/s" in result.output
    assert not (tmp_path / "out.csv.partial").exists()


def test_alerts_only_and_errors_listed(tmp_path: Path) -> None:
    out = tmp_path / "alerts.csv"
    result = run(str(FIXTURES / "malformed.csv"), "-o", str(out), "--alerts-only",
                 "--workers", "0")  # fmt: skip
    assert result.exit_code == 1
    assert [r["row"] for r in read_csv(out)] == ["1", "7"]
    assert "row 2: 4 fields, but the header has 3" in result.output


def test_json_and_xlsx_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert run(str(FIXTURES / "suppliers.xlsx"), "-o", str(out), "--workers", "0").exit_code == 1
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["source"]["format"]["kind"] == "xlsx" and len(doc["rows"]) == 4
    assert doc["rows"][0]["best"]["entity_id"] == "demo:adrian_darya_1"
    assert doc["receipt"]["query_count"] == 4
    book_path = tmp_path / "out.xlsx"
    assert run(str(FIXTURES / "customers_bom.csv"), "-o", str(book_path),
               "--workers", "0").exit_code == 1  # fmt: skip
    sheet = load_workbook(book_path)["results"]
    assert sheet["B5"].value == '\'=HYPERLINK("http://evil.example")'


def test_mapping_threshold_and_no_alerts(tmp_path: Path) -> None:
    source = tmp_path / "odd.csv"
    source.write_text("x;y\nVladimir Putin;RU\nAnna Keller;DE\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = run(str(source), "-o", str(out), "--mapping", '{"name": "x", "country": "y"}',
                 "--threshold", "1.0", "--min-score", "0", "--workers", "0")  # fmt: skip
    assert result.exit_code == 1  # an exact name with its country still scores 1.0
    mapping = tmp_path / "map.json"
    mapping.write_text('{"name": 1}', encoding="utf-8")
    result = run(str(source), "-o", str(out), "--mapping", f"@{mapping}", "--lists", "demo",
                 "--threshold", "1.0", "--workers", "0")  # fmt: skip
    assert result.exit_code in (0, 1)
    assert read_csv(out)[1]["x"] == "Anna Keller"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["not_a_table.json"], "looks like JSON"),
        (["customers_bom.csv", "--mapping", "{bad"], "--mapping is not valid JSON"),
        (["customers_bom.csv", "--lists", "nowhere"], "unknown list id(s) nowhere"),
    ],
)
def test_refusals_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(str(FIXTURES / args[0]), "-o", str(tmp_path / "o.csv"), *args[1:])
    assert result.exit_code == 2 and message in result.output.replace("\n", " ")


def test_unknown_output_format(tmp_path: Path) -> None:
    result = run(str(FIXTURES / "russian.csv"), "-o", str(tmp_path / "o.txt"))
    assert result.exit_code == 2 and ".csv, .json or .xlsx" in result.output
