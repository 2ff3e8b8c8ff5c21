"""Result files: every input column plus the best hit and all hits (JSON), as CSV, JSON or
.xlsx, written incrementally. Spreadsheet cells are neutralised against formula injection.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from service.batch.pipeline import RowResult

RESULT_COLUMNS = (
    "row", "alert", "best_entity_id", "best_list_id", "best_name", "best_matched_name",
    "best_score", "hits", "error", "warning",
)  # fmt: skip
FORMATS = ("csv", "json", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(value: str) -> str:
    """A cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) is
    prefixed with an apostrophe, so it is shown as text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def result_columns(columns: list[str]) -> list[str]:
    """Names of the added columns; ``screening_`` prefixed where an input column has one."""
    taken = {c.casefold() for c in columns}
    return [f"screening_{c}" if c.casefold() in taken else c for c in RESULT_COLUMNS]


def result_values(result: RowResult) -> list[Any]:
    best = result.hits[0] if result.hits else None
    return [
        result.row,
        result.alert,
        best["entity_id"] if best else "",
        best["list_id"] if best else "",
        best["name"] if best else "",
        best["matched_name"] if best else "",
        best["score"] if best else "",
        orjson.dumps(result.hits).decode() if result.hits else "",
        result.error or "",
        result.warning or "",
    ]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class CsvWriter:
    """UTF-8 CSV with a BOM (spreadsheets then read non-Latin names right)."""

    def __init__(self, columns: list[str]):
        self.columns = columns

    def _line(self, cells: Iterable[Any]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(neutralise(_text(c)) for c in cells)
        return buffer.getvalue().encode("utf-8")

    def begin(self) -> bytes:
        return b"\xef\xbb\xbf" + self._line(self.columns + result_columns(self.columns))

    def rows(self, results: Iterable[RowResult]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for result in results:
            cells = result.cells + result_values(result)
            writer.writerow(neutralise(_text(c)) for c in cells)
        return buffer.getvalue().encode("utf-8")

    def end(self, meta: dict[str, Any]) -> bytes:
        return b""


class JsonWriter:
    """``{"job": ..., "receipt": ..., "columns": [...], "rows": [...]}`` (raw values: JSON
    is not run by spreadsheets, so nothing is neutralised)."""

    def __init__(self, columns: list[str], head: dict[str, Any] | None = None):
        self.columns = columns
        self.head = head or {}
        self._first = True

    def begin(self) -> bytes:
        head = orjson.dumps({**self.head, "columns": self.columns})
        return head[:-1] + b',"rows":['

    def rows(self, results: Iterable[RowResult]) -> bytes:
        parts = []
        for result in results:
            item = {
                "row": result.row,
                "input": dict(zip(self.columns, result.cells, strict=True)),
                "alert": result.alert,
                "best": result.hits[0] if result.hits else None,
                "hits": result.hits,
                "error": result.error,
                "warning": result.warning,
            }
            parts.append(orjson.dumps(item))
        if not parts:
            return b""
        out = (b"" if self._first else b",") + b",".join(parts)
        self._first = False
        return out

    def end(self, meta: dict[str, Any]) -> bytes:
        tail = orjson.dumps(meta)
        return b"]" + (b"," + tail[1:] if meta else b"}")


class XlsxWriter:
    """A write-only workbook (rows stream to disk): ``results`` sheet, then ``receipt``."""

    MAX_ROWS = 1_048_575

    def __init__(self, columns: list[str], path: Path):
        from openpyxl import Workbook

        self.columns = columns
        self.path = path
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("results")
        self.count = 0

    @staticmethod
    def _cell(value: Any) -> Any:
        if isinstance(value, bool | int | float):
            return value
        return neutralise(_ILLEGAL_XML.sub(" ", str(value)))

    def begin(self) -> bytes:
        self.sheet.append([self._cell(c) for c in self.columns + result_columns(self.columns)])
        return b""

    def rows(self, results: Iterable[RowResult]) -> bytes:
        for result in results:
            self.count += 1
            if self.count > self.MAX_ROWS:
                raise ValueError(f"more than {self.MAX_ROWS} rows do not fit a sheet: use CSV")
            self.sheet.append([self._cell(c) for c in result.cells + result_values(result)])
        return b""

    def end(self, meta: dict[str, Any]) -> bytes:
        sheet = self.book.create_sheet("receipt")
        receipt = meta.get("receipt") or {}
        for key, value in receipt.items():
            if key in ("lists", "settings", "batch"):
                continue
            sheet.append([key, self._cell(value if value is not None else "")])
        for key, value in (receipt.get("batch") or {}).items():
            sheet.append([f"batch.{key}", self._cell(value if value is not None else "")])
        sheet.append([])
        sheet.append(["list_id", "version", "published", "content_hash", "entity_count"])
        for item in receipt.get("lists") or []:
            sheet.append(
                [
                    self._cell(item.get(k) or "")
                    for k in ("list_id", "version", "published", "content_hash", "entity_count")
                ]
            )
        self.book.save(self.path)
        return b""


def writer_for(
    fmt: str, columns: list[str], path: Path | None = None, head: dict[str, Any] | None = None
) -> CsvWriter | JsonWriter | XlsxWriter:
    if fmt == "csv":
        return CsvWriter(columns)
    if fmt == "json":
        return JsonWriter(columns, head)
    if fmt == "xlsx":
        if path is None:
            raise ValueError("an .xlsx result needs a file path")
        return XlsxWriter(columns, path)
    raise ValueError(f"unknown format {fmt!r} (csv, json or xlsx)")
