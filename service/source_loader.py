"""Run the scorer from its Python source even where compiled modules are installed.

``SANCTIONS_SCORER=python`` (read when ``service`` is first imported) makes the modules of
service/matching load from their .py files: to debug the scorer, to time the compiled
build against its source, and for the test that both give the same scores.
"""

from __future__ import annotations

import importlib.machinery as machinery
import os
import sys
from pathlib import Path

_MATCHING = Path(__file__).resolve().parent / "matching"


def _source_finder(path: str) -> machinery.FileFinder:
    """Path hook: a finder without extension modules for service/matching only."""
    if Path(path).resolve() != _MATCHING:
        raise ImportError("not the scorer package")
    return machinery.FileFinder(path, (machinery.SourceFileLoader, machinery.SOURCE_SUFFIXES))


def use_source() -> None:
    """Load service/matching from source (call before it is first imported)."""
    if _source_finder not in sys.path_hooks:
        sys.path_hooks.insert(0, _source_finder)
        sys.path_importer_cache.pop(str(_MATCHING), None)


def requested() -> bool:
    return os.environ.get("SANCTIONS_SCORER", "").strip().lower() == "python"
