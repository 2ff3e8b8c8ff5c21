"""Read OpenSanctions exports: ``targets.simple.csv`` rows and FollowTheMoney JSON lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from service.errors import ListFormatError
from service.sources.base import looks_like_html, read_text

#: The columns of ``targets.simple.csv``.
CSV_COLUMNS: tuple[str, ...] = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "sanctions",
    "phones",
    "emails",
    "program_ids",
    "dataset",
    "first_seen",
    "last_seen",
    "last_change",
)
REQUIRED_CSV: tuple[str, ...] = ("id", "schema", "name", "aliases", "dataset")

Row = dict[str, str]


def csv_header(head: bytes) -> list[str] | None:
    """The column names on the first line of ``head``, or None."""
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        return [c.strip() for c in next(csv.reader([first.decode("utf-8-sig")]))]
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None


def is_simple_csv(head: bytes) -> bool:
    """True when the first line is the ``targets.simple.csv`` header."""
    columns = csv_header(head)
    return (
        bool(columns)
        and columns[:4] == ["id", "schema", "name", "aliases"]
        and ("dataset" in columns)
    )


def head_rows(head: bytes, limit: int = 200) -> list[Row]:
    """Complete rows found in the sniffed head (for the dataset name); never raises."""
    text = head.decode("utf-8-sig", errors="replace")
    cut = text.rfind("\n")
    reader = csv.DictReader(io.StringIO(text[: cut + 1] if cut > 0 else text, newline=""))
    rows: list[Row] = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) >= limit:
                break
    except csv.Error:
        pass
    return rows[:-1] if len(rows) > 1 else rows  # the last may be cut inside a quoted field


def read_csv(path: Path) -> list[tuple[int, Row]]:
    """All rows of ``targets.simple.csv`` as (line, row); ListFormatError when broken."""
    text = read_text(path)
    if not text.strip():
        raise ListFormatError(path, "empty file")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [c.strip() for c in next(reader)]
        missing = [c for c in REQUIRED_CSV if c not in header]
        if missing:
            raise ListFormatError(
                path, f"not an OpenSanctions simple CSV: missing column(s) {', '.join(missing)}"
            )
        rows: list[tuple[int, Row]] = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise ListFormatError(
                    path,
                    f"line {reader.line_num}: {len(cells)} fields instead of "
                    f"{len(header)} (truncated or broken)",
                )
            rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
        return rows
    except csv.Error as exc:
        raise ListFormatError(path, f"malformed CSV near line {reader.line_num}: {exc}") from exc


def is_ftm(head: bytes) -> bool:
    """True when the first line is a FollowTheMoney entity (``schema`` and ``properties``)."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        obj = json.loads(first)
    except ValueError:
        # A first line longer than the sniffed head: judge by its opening keys.
        return b"\n" not in head.strip() and b'"schema"' in first and b'"properties"' in first
    return isinstance(obj, dict) and "schema" in obj and isinstance(obj.get("properties"), dict)


def head_entities(head: bytes, limit: int = 200) -> list[dict[str, Any]]:
    """The complete entity lines in the sniffed head; never raises."""
    out: list[dict[str, Any]] = []
    for line in head.split(b"\n")[:-1][:limit]:
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict):
            out.append(obj)
    return out


def iter_ftm(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Stream (line number, entity) from a JSON-lines file; errors name the line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    with handle:
        first = handle.read(2048)
        if not first.strip():
            raise ListFormatError(path, "empty file")
        if looks_like_html(first):
            raise ListFormatError(path, "this is an HTML page, not a list file")
        handle.seek(0)
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, _entity(path, number, raw)


def _entity(path: Path, number: int, raw: bytes) -> dict[str, Any]:
    try:
        obj = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
    except UnicodeDecodeError as exc:
        raise ListFormatError(path, f"line {number}: not valid UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise ListFormatError(path, f"line {number}: invalid JSON ({exc.msg})") from exc
    if not isinstance(obj, dict) or not isinstance(obj.get("properties", {}), dict):
        raise ListFormatError(path, f"line {number}: not a FollowTheMoney entity object")
    if not isinstance(obj.get("id"), str | int) or not isinstance(obj.get("schema"), str):
        raise ListFormatError(path, f"line {number}: entity without a string id or schema")
    return obj
