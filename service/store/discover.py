"""Find list files in a data directory and group them into file sets, by content."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from service.sources import get_format, sniff_file


@dataclass(slots=True)
class FileSet:
    """The files of one list version: a directory, a format, a list id and its files by role."""

    directory: Path
    format: str
    list_id: str
    files: dict[str, Path] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.directory}::{self.format}::{self.list_id}"


def _visible_files(root: Path) -> list[Path]:
    """Every regular file under ``root``, skipping hidden files and folders (caches, staging)."""
    if root.is_file():
        return [root]
    out = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if any(part.startswith(".") for part in rel) or not path.is_file():
            continue
        out.append(path)
    return out


def discover(root: Path) -> tuple[list[FileSet], list[str]]:
    """Group the recognised files under ``root`` into file sets; also say what was passed over."""
    sets: dict[tuple[Path, str, str], FileSet] = {}
    notes: list[str] = []
    for path in _visible_files(root):
        if path.name in {"snapshot.json", "README.md"}:
            continue
        role = sniff_file(path)
        if role is None:
            notes.append(f"{path}: not a recognised list file, skipped")
            continue
        key = (path.parent, role.format, role.list_id)
        file_set = sets.setdefault(key, FileSet(path.parent, role.format, role.list_id))
        if role.role in file_set.files:
            notes.append(f"{path}: a second '{role.role}' file for {role.list_id}, skipped")
            continue
        file_set.files[role.role] = path
    complete = []
    for file_set in sets.values():
        missing = [r for r in get_format(file_set.format).required_roles if r not in file_set.files]
        if missing:
            names = ", ".join(str(p) for p in file_set.files.values())
            wanted = "/".join(missing)
            notes.append(f"{names}: part of {file_set.list_id} without its {wanted} file")
            continue
        complete.append(file_set)
    return complete, notes
