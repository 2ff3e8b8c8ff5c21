"""Errors shared by every layer. Each names what went wrong and where."""

from __future__ import annotations

from pathlib import Path


class ScreeningError(Exception):
    """Base class for the service's own errors."""


class ListFormatError(ScreeningError):
    """A list file could not be read: broken, hostile, truncated or of the wrong kind."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class SnapshotCheckError(ScreeningError):
    """A freshly parsed list failed its checks and was not activated."""


class DownloadError(ScreeningError):
    """A list could not be fetched from its official URL."""


class UnknownListError(ScreeningError):
    """A list id that no definition or loaded snapshot knows."""
