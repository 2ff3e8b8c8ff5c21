"""Registry of list formats. Each source folder exposes ``FORMATS``; add new folders here."""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from service.sources.base import SNIFF_BYTES, FileRole, SourceFormat

#: Source folders, tried in this order when sniffing a file.
SOURCE_MODULES: tuple[str, ...] = (
    "ofac_xml",
    "ofac_csv",
    "un_sc",
    "eu_fsf",
    "uk_sanctions_list",
    "uk_ofsi",
    "us_csl",
    "opensanctions",
    "custom",
)


@lru_cache(maxsize=1)
def all_formats() -> tuple[SourceFormat, ...]:
    """Every known format, in sniffing order."""
    formats: list[SourceFormat] = []
    for name in SOURCE_MODULES:
        module = importlib.import_module(f"service.sources.{name}")
        formats.extend(module.FORMATS)
    return tuple(formats)


def get_format(format_id: str) -> SourceFormat:
    for fmt in all_formats():
        if fmt.id == format_id:
            return fmt
    raise KeyError(format_id)


def sniff_file(path: Path) -> FileRole | None:
    """Recognise a list file from its first bytes; None when no format claims it."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    if not head.strip():
        return None
    for fmt in all_formats():
        try:
            role = fmt.sniff(path, head)
        except Exception:  # noqa: BLE001 - a sniffer must never break discovery
            role = None
        if role is not None:
            return role
    return None
