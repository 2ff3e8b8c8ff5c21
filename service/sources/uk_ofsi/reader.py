"""OFSI Consolidated List CSV -> groups of canonical row dicts, one group per Group ID.

Line 1 is ``Last Updated,<dd/mm/yyyy>``, line 2 the header, then one row per name variant
(and per DOB variant). Two layouts share this shape: the pre-2022 file (29 columns,
``Passport Details`` holds number and details in one text, ``NI Number`` likewise) and the
2022 format (``Passport Number``/``Passport Details``, ``National Identification Number``/
``Details``, ``Alias Quality``, ``Name Non-Latin Script``, ship and entity columns...).
Old files are Windows-1252, newer ones UTF-8; both are accepted.
"""

from __future__ import annotations

from pathlib import Path

from service.errors import ListFormatError
from service.sources.base import decode
from service.sources.uk_sanctions_list.reader import (
    HEADERS,
    RawList,
    check_tail,
    csv_rows,
    group_rows,
    norm_header,
    read_bytes,
    report_date,
    require,
)

_OFSI_TABLE = {
    "title": "title",
    "nonlatin": "namenonlatinscript",
    "nonlatin_type": "nonlatinscripttype",
    "nonlatin_lang": "nonlatinscriptlanguage",
    "dob": "dob",
    "town_birth": "townofbirth",
    "country_birth": "countryofbirth",
    "nationality": "nationality",
    "passport": "passportnumber",
    "natid_text": "ninumber",
    "natid": "nationalidentificationnumber",
    "natid_info": "nationalidentificationdetails",
    "position": "position",
    "postcode": "postzipcode",
    "addr_country": "country",
    "other": "otherinformation",
    "type": "grouptype",
    "name_type": "aliastype",
    "alias_strength": "aliasquality",
    "regime": "regime",
    "designated": "listedon",
    "last_updated": "lastupdated",
    "uid": "groupid",
}
OFSI_HEADERS: dict[str, str] = (
    {
        key: value
        for key, value in HEADERS.items()
        if value
        in {
            "entity_type",
            "subsidiary",
            "parent",
            "regno",
            "imo",
            "owner",
            "prev_owner",
            "flag",
            "hin",
        }
    }
    | {alias: key for key, alias in _OFSI_TABLE.items()}
    | {f"name{i}": f"name{i}" for i in range(1, 7)}
    | {f"address{i}": f"addr{i}" for i in range(1, 7)}
)
REQUIRED = ("uid", "name6", "type", "name_type")


def header_keys(header: list[str]) -> list[str | None]:
    """Canonical keys of an OFSI header. ``Passport Details`` is the whole passport text in
    the old layout, and only the details next to a ``Passport Number`` column in the new one."""
    normalised = [norm_header(cell) for cell in header]
    details = "passport_info" if "passportnumber" in normalised else "passport_text"
    return [details if cell == "passportdetails" else OFSI_HEADERS.get(cell) for cell in normalised]


def read_ofsi(path: Path) -> RawList:
    """Read an OFSI consolidated list CSV; ListFormatError for anything else or broken."""
    text = decode(path, read_bytes(path), ("utf-8-sig", "cp1252"))
    rows = list(csv_rows(path, text))
    check_tail(path, text, rows)
    if not rows or not rows[0] or norm_header(rows[0][0]) != "lastupdated":
        raise ListFormatError(path, "first line is not 'Last Updated,<date>': not an OFSI list CSV")
    if len(rows) < 2:
        raise ListFormatError(path, "no header line after 'Last Updated'")
    raw = RawList({}, published=report_date(",".join(rows[0][1:3])))
    keys = header_keys(rows[1])
    require(path, keys, REQUIRED, "OFSI consolidated list")
    group_rows(path, keys, rows[2:], "uid", raw)
    if not raw.groups:
        raise ListFormatError(path, "no targets found under the header")
    return raw
