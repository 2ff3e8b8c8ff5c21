"""Reading OFAC's legacy CSV files (sdn/alt/add/comments and their cons_* twins).

No header row; the null marker is ``-0- ``; CRLF; the last line is the DOS EOF byte 0x1A.
Rows with fewer than 2 fields (that EOF line, blank lines) are skipped; any other row must
have exactly the role's column count or the file is refused.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from service.errors import ListFormatError
from service.sources.base import read_text

#: Column count of each file role.
COLUMNS: dict[str, int] = {"main": 12, "alt": 5, "add": 6, "comments": 2}
_ALT_TYPES = {"aka", "fka", "nka"}
_ENCODINGS = ("utf-8-sig", "cp1252")


def read_rows(path: Path, role: str) -> list[list[str]]:
    """All data rows of one OFAC CSV file, checked against the role's column count."""
    text = read_text(path, _ENCODINGS)
    expected = COLUMNS[role]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(row) < 2:
                continue
            if len(row) != expected:
                raise ListFormatError(
                    path,
                    f"line {reader.line_num}: {len(row)} fields, expected {expected} "
                    f"for an OFAC {role} file (truncated or wrong file?)",
                )
            if not row[0].strip().isdigit():
                raise ListFormatError(
                    path, f"line {reader.line_num}: ent_num {row[0]!r} is not a number"
                )
            rows.append(row)
    except csv.Error as exc:
        raise ListFormatError(path, f"broken CSV near line {reader.line_num}: {exc}") from exc
    if not rows and role == "main":
        raise ListFormatError(path, "no records: empty or not an OFAC CSV file")
    return rows


def sniff_role(head: bytes) -> str | None:
    """Which OFAC CSV role the first bytes of a file look like, or None."""
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if len(head) >= 4096 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut off
    sample = [line for line in lines[:20] if len(line) > 2]
    if not sample:
        return None
    try:
        text = b"\n".join(sample).decode("cp1252")
        rows = list(csv.reader(io.StringIO(text), strict=True))
    except (csv.Error, UnicodeDecodeError):
        return None
    rows = [row for row in rows if len(row) >= 2]
    if not rows or not all(row[0].isdigit() for row in rows):
        return None
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        return None
    return _role_for(widths.pop(), rows, text)


def _role_for(width: int, rows: list[list[str]], text: str) -> str | None:
    if width == 12 and "-0-" in text:
        return "main"
    if width == 5 and all(row[1].isdigit() and row[2] in _ALT_TYPES for row in rows):
        return "alt"
    if width == 6 and all(row[1].isdigit() for row in rows) and "-0-" in text:
        return "add"
    if width == 2 and ',"' in text:
        return "comments"
    return None
