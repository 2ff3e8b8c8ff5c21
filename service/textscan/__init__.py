"""Screen free text (news articles) for every listed person, company and vessel mentioned.

``screen_text(engine, text)`` returns a :class:`TextScreenResult`; ``.to_dict()`` is the
JSON shape (mentions with exact offsets, their hits, groups of repeated mentions, evidence,
summary, receipt). A text over the size cap raises :class:`TextTooLarge` (HTTP 413).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable

from service.engine.screen import Engine
from service.textscan.result import Group, Mention, TextScreenResult
from service.textscan.scan import MAX_TEXT_BYTES, TextScanner, TextTooLarge

_SCANNERS: weakref.WeakKeyDictionary[Engine, TextScanner] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def scanner_for(engine: Engine) -> TextScanner:
    """The scanner of ``engine``, built on first use and kept as long as the engine lives."""
    with _LOCK:
        scanner = _SCANNERS.get(engine)
        if scanner is None:
            scanner = _SCANNERS[engine] = TextScanner(engine)
        return scanner


def screen_text(
    engine: Engine,
    text: str,
    threshold: float | None = None,
    lists: Iterable[str] | None = None,
    max_bytes: int | None = None,
) -> TextScreenResult:
    """Screen ``text`` against the engine's lists (see the module doc)."""
    scanner = scanner_for(engine)
    if max_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise TextTooLarge(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    return scanner.screen(text, threshold=threshold, lists=lists)


__all__ = [
    "MAX_TEXT_BYTES",
    "Group",
    "Mention",
    "TextScanner",
    "TextScreenResult",
    "TextTooLarge",
    "scanner_for",
    "screen_text",
]
