"""Stream a table in chunks of rows: CSV through pandas (``read_csv`` with ``chunksize``),
.xlsx through openpyxl's read-only mode. Memory stays bounded whatever the file size.

Every data row comes out once, numbered from 1 (the first row after the header), with a
``problem`` when it cannot be screened (wrong field count, over-long cell, broken quoting)
and a ``note`` for a harmless oddity. Empty rows come out too (``empty``), except trailing
ones. A quoting error pandas cannot recover from switches to the stdlib ``csv`` reader for
the rest of the file, so one broken row does not stop the job.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from service.batch import columns as C
from service.batch.detect import (
    HEADER_SEARCH_ROWS,
    NotATableError,
    TableFormat,
    detect_text_format,
    head_records,
    sniff_kind,
)

log = logging.getLogger(__name__)
MAX_SHARED_STRINGS = 256 * 1024 * 1024
_OVERFLOW = "\x00overflow:"


@dataclass(slots=True)
class RawRow:
    row: int
    cells: list[str]
    problem: str | None = None
    note: str | None = None
    empty: bool = False


def unique_columns(headers: list[str]) -> list[str]:
    """Header names made unique and non-empty (``column_3``, ``name_2``)."""
    out: list[str] = []
    seen: set[str] = set()
    for index, header in enumerate(headers, 1):
        base = C.clean(header) or f"column_{index}"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name.casefold())
        out.append(name)
    return out


def _find_header(records: list[list[str]]) -> int | None:
    """The leading record naming the most known columns (the earliest on a tie)."""
    best, best_count = None, 0
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        count = C.recognised(record)
        if count > best_count:
            best, best_count = index, count
    return best


@dataclass
class Table:
    """An opened table: its format, columns and header position; ``chunks`` streams rows."""

    path: Path
    name: str
    format: TableFormat
    columns: list[str]
    header_row: int  # index of the header among the leading records; -1: no header
    max_field: int = 10_000

    def chunks(self, size: int) -> Iterator[list[RawRow]]:
        """Rows in lists of at most ``size``; trailing empty rows are dropped."""
        rows = self._xlsx_fields() if self.format.kind == "xlsx" else self._csv_fields()
        chunk: list[RawRow] = []
        pending_empty = 0
        number = 0
        for fields, note in rows:
            number += 1
            raw = self._raw(number, fields, note)
            if raw.empty:
                pending_empty += 1
                continue
            for offset in range(pending_empty, 0, -1):
                chunk.append(RawRow(number - offset, [""] * len(self.columns), empty=True))
                if len(chunk) >= size:
                    yield chunk
                    chunk = []
            pending_empty = 0
            chunk.append(raw)
            if len(chunk) >= size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def count_rows(self) -> int:
        """Data rows (without trailing empty ones): a fast pass for progress totals."""
        last = 0
        rows = self._xlsx_fields() if self.format.kind == "xlsx" else self._stdlib()
        for number, (fields, _) in enumerate(rows, 1):
            if any(f and f.strip() for f in fields):
                last = number
        return last

    # --- rows as field lists -------------------------------------------------------------

    def _raw(self, number: int, fields: list[str], note: str | None) -> RawRow:
        width = len(self.columns)
        if not any(f and f.strip() for f in fields):
            return RawRow(number, [], empty=True)
        problem = None
        if len(fields) > width:
            if any(f and f.strip() for f in fields[width:]):
                if self.format.kind == "xlsx":
                    note = "cells beyond the last header column ignored"
                else:
                    problem = f"{len(fields)} fields, but the header has {width}"
            fields = fields[:width]
        elif len(fields) < width and self.format.kind == "csv":
            problem = f"only {len(fields)} field(s), but the header has {width}"
        cells = [f or "" for f in fields] + [""] * (width - len(fields))
        if any(len(c) > self.max_field for c in cells):
            problem = f"a cell is longer than {self.max_field} characters"
            cells = [c[: self.max_field] for c in cells]
        if problem and self.format.kind == "csv" and any("\n" in c for c in cells):
            problem += " (an unclosed quotation mark may have joined the lines that follow)"
        return RawRow(number, cells, problem=problem, note=note)

    def _csv_fields(self) -> Iterator[tuple[list[str], str | None]]:
        emitted = 0
        try:
            for fields in self._pandas():
                emitted += 1
                yield fields, None
        except (csv.Error, pd.errors.ParserError, ValueError) as exc:
            reason = str(exc).strip().splitlines()[0][:200]
            log.info(
                "%s: pandas stopped at row %d (%s); reading on with csv",
                self.name,
                emitted + 1,
                reason,
            )
            for index, (fields, problem) in enumerate(self._stdlib(with_errors=True)):
                if index >= emitted:
                    yield fields, problem

    def _skip_lines(self) -> int:
        """Physical lines up to and including the header (what pandas must skip)."""
        if self.header_row < 0:
            return 0
        with self._text() as handle:
            reader = csv.reader(handle, delimiter=self.format.delimiter or ",", strict=False)
            for index, _ in enumerate(reader):
                if index == self.header_row:
                    return reader.line_num
        return 0

    def _text(self):
        return self.path.open(encoding=self.format.encoding, errors="replace", newline="")

    def _pandas(self) -> Iterator[list[str]]:
        width = len(self.columns)

        def overflow(fields: list[str]) -> list[str]:
            return fields[:width] + [f"{_OVERFLOW}{len(fields)}"]

        reader = pd.read_csv(
            self.path, sep=self.format.delimiter, header=None, names=list(range(width + 1)),
            skiprows=self._skip_lines(), dtype=str, keep_default_na=False, na_values=[],
            engine="python", on_bad_lines=overflow, chunksize=2000, skip_blank_lines=False,
            encoding=self.format.encoding, encoding_errors="replace", quotechar='"',
        )  # fmt: skip
        with reader:
            for frame in reader:
                # One object array to plain lists: iterating the frame's string columns
                # element by element costs several times the parse.
                for values in frame.to_numpy(dtype=object).tolist():
                    yield _fields(values, width)

    def _stdlib(self, with_errors: bool = False) -> Iterator[tuple[list[str], str | None]]:
        """The stdlib csv reader: counting, and the rest of a file pandas gave up on."""
        csv.field_size_limit(max(self.max_field * 4, 1 << 20))
        with self._text() as handle:
            reader = csv.reader(handle, delimiter=self.format.delimiter or ",", strict=False)
            index = 0
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    if index > self.header_row:
                        yield ["?"], f"unreadable row ({exc})" if with_errors else None
                    index += 1
                    continue
                if index > self.header_row:
                    yield fields, None
                index += 1

    def _xlsx_fields(self) -> Iterator[tuple[list[str], str | None]]:
        with _workbook(self.path, self.name) as workbook:
            sheet = _sheet(workbook, self.format.sheet, self.name)
            for index, values in enumerate(sheet.iter_rows(values_only=True)):
                if index > self.header_row:
                    yield [_cell(v) for v in values], None


def _fields(values: list[Any], width: int) -> list[str]:
    last = values[width]
    if isinstance(last, str) and last.startswith(_OVERFLOW):
        count = int(last[len(_OVERFLOW) :])
        return [v if isinstance(v, str) else "" for v in values[:width]] + ["?"] * (count - width)
    fields = [v if isinstance(v, str) else None for v in values]
    while fields and fields[-1] is None:
        fields.pop()
    return [f or "" for f in fields]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@contextmanager
def _workbook(path: Path, name: str) -> Iterator[Any]:
    """The workbook, read-only (rows stream); opened from a handle, whatever the file name."""
    import openpyxl

    with path.open("rb") as handle:
        try:
            with zipfile.ZipFile(handle) as archive:
                for info in archive.infolist():
                    if info.filename == "xl/sharedStrings.xml" and \
                            info.file_size > MAX_SHARED_STRINGS:  # fmt: skip
                        raise NotATableError(name, "the workbook's shared strings are too large")
            handle.seek(0)
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except NotATableError:
            raise
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on broken files
            raise NotATableError(name, f"unreadable .xlsx workbook ({exc})") from exc
        try:
            yield workbook
        finally:
            workbook.close()


def _sheet(workbook, wanted: str | None, name: str):
    if wanted:
        if wanted not in workbook.sheetnames:
            raise NotATableError(name, f"no sheet {wanted!r} (sheets: {workbook.sheetnames})")
        sheet = workbook[wanted]
    else:
        sheet = workbook.worksheets[0]
    if hasattr(sheet, "reset_dimensions"):
        sheet.reset_dimensions()  # stated dimensions may be wrong: read to the real end
    return sheet


def _xlsx_head(path: Path, name: str, sheet: str | None) -> list[list[str]]:
    with _workbook(path, name) as workbook:
        rows = _sheet(workbook, sheet, name).iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS)
        return [[_cell(v) for v in values] for values in rows]


def open_table(
    path: Path,
    name: str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    mapped: bool = False,
    fmt: TableFormat | None = None,
    header_row: int | None = None,
    max_columns: int = 500,
) -> Table:
    """Detect what ``path`` is and where its header is; raise NotATableError if not a table.

    ``mapped`` (an explicit mapping was given) takes the first row as the header even when
    no header is recognised. ``fmt``/``header_row`` reopen a table detected before.
    """
    if fmt is None:
        kind = sniff_kind(path, name)
        if kind == "xlsx":
            fmt = TableFormat("xlsx", sheet=sheet)
        else:
            fmt = detect_text_format(path, name, encoding, delimiter)
    records = _xlsx_head(path, name, fmt.sheet) if fmt.kind == "xlsx" else head_records(path, fmt)
    if not any(any(c.strip() for c in r) for r in records):
        raise NotATableError(name, "the table has no rows")
    if header_row is None:
        header_row = _find_header(records)
        if header_row is None:
            width = max(len(r) for r in records)
            if mapped:
                header_row = next(i for i, r in enumerate(records) if any(c.strip() for c in r))
            elif width == 1:
                header_row = -1  # a bare list of names
            else:
                raise NotATableError(
                    name, "no header row with known column names (e.g. name, date of birth, "
                    "country) in the first rows; add one or send a mapping",
                )  # fmt: skip
    if header_row < 0:
        columns = ["name"]
    else:
        headers = list(records[header_row])
        while headers and not headers[-1].strip():
            headers.pop()
        columns = unique_columns(headers)
    if not columns:
        raise NotATableError(name, "the header row is empty")
    if len(columns) > max_columns:
        raise NotATableError(name, f"{len(columns)} columns; at most {max_columns} are read")
    return Table(path=path, name=name, format=fmt, columns=columns, header_row=header_row)
