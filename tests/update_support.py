"""Helpers for tests/test_update.py: served variants, list definitions, data-dir fingerprints."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from httpserver import ListServer

from service.settings import Settings
from service.store.definitions import ListDefinition
from service.store.update import LOCK_FILE, STAGING_DIR

SDN_DIR = "us_ofac_sdn_2021-07-07"
SDN_FILES = {"main": "sdn.csv", "alt": "alt.csv", "add": "add.csv", "comments": "sdn_comments.csv"}
UN_FILE = "un_consolidated_2026-02-27/consolidated.xml"
SDN_2021, SDN_2024, UN_COUNT = 8976, 14965, 1003


def write_variants(gen: Path, watchlists: Path) -> None:
    """Broken and altered copies of the real files, served from the ``gen`` root."""
    un = (watchlists / UN_FILE).read_bytes()
    (gen / "error.html").write_bytes(
        b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
        b"<body><h1>The service is temporarily unavailable</h1></body></html>\n"
    )
    (gen / "garbage.bin").write_bytes(random.Random(7).randbytes(50_000))
    (gen / "empty.xml").write_bytes(b"")
    (gen / "un_truncated.xml").write_bytes(un[: len(un) * 6 // 10])
    older = un.replace(b'dateGenerated="2026-02-27', b'dateGenerated="2025-01-01', 1)
    (gen / "un_older.xml").write_bytes(older)
    (gen / "un_no_entries.xml").write_bytes(
        b'<?xml version="1.0" encoding="UTF-8"?>\n<CONSOLIDATED_LIST dateGenerated='
        b'"2026-03-01T00:00:00Z"><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>\n'
    )
    (gen / "zeros.bin").write_bytes(bytes(5_000_000))
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    (gen / "bomb.xml").write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE CONSOLIDATED_LIST [{lol}]>\n'
        '<CONSOLIDATED_LIST dateGenerated="2026-03-01T00:00:00Z"><INDIVIDUALS><INDIVIDUAL>'
        "<DATAID>1</DATAID><FIRST_NAME>&lol9;</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"
        "</CONSOLIDATED_LIST>\n"
    )
    lines = (watchlists / SDN_DIR / "sdn.csv").read_bytes().splitlines(keepends=True)
    (gen / "half").mkdir()
    (gen / "half" / "sdn.csv").write_bytes(b"".join(lines[: SDN_2021 // 2]))


def definition(
    list_id: str, fmt: str, urls: dict[str, str], names: dict[str, str]
) -> ListDefinition:
    return ListDefinition(
        id=list_id,
        title=list_id,
        authority="test",
        format=fmt,
        urls=urls,
        file_names=names,
        licence="test",
        cadence_days=7,
    )


def _url(server: ListServer, path: str) -> str:
    return path if path.startswith("http") else server.url(path)


def sdn_def(
    server: ListServer, roles: tuple[str, ...] = tuple(SDN_FILES), **paths: str
) -> ListDefinition:
    """The 2021 SDN set (or the given roles), with some roles pointed elsewhere."""
    urls = {r: _url(server, paths.get(r, f"files/wl/{SDN_DIR}/{SDN_FILES[r]}")) for r in roles}
    return definition("us_ofac_sdn", "ofac_csv", urls, {r: SDN_FILES[r] for r in roles})


def un_def(server: ListServer, path: str = f"files/wl/{UN_FILE}") -> ListDefinition:
    urls = {"main": _url(server, path)}
    return definition("un_sc", "un_sc_xml", urls, {"main": "consolidated.xml"})


def defs(*items: ListDefinition) -> dict[str, ListDefinition]:
    return {d.id: d for d in items}


def settings_for(data_dir: Path | None, **overrides: object) -> Settings:
    values: dict[str, object] = {"download_timeout": 10.0, "max_count_drop": 0.2}
    return Settings(data_dir=data_dir, **(values | overrides))


def tree(root: Path) -> dict[str, str]:
    """Every path under ``root`` (but the lock file) with the sha256 of its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel != LOCK_FILE:
            out[rel] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def snapshot_dirs(data_dir: Path, list_id: str) -> list[Path]:
    folder = data_dir / list_id
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


def assert_no_staging(data_dir: Path) -> None:
    staging = data_dir / STAGING_DIR
    assert not staging.exists() or not any(staging.iterdir())
