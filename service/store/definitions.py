"""Declarative list definitions (``watchlists/sources/*.yaml``)."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from service.errors import UnknownListError


class ListDefinition(BaseModel):
    """One official list: where it comes from and how often it should change."""

    id: str
    title: str
    authority: str
    format: str
    urls: dict[str, str] = Field(description="Download URL per file role (main, alt, ...).")
    file_names: dict[str, str] = Field(default_factory=dict)
    homepage: str | None = None
    licence: str
    cadence_days: int = Field(gt=0, description="Expected update cadence.")
    enabled: bool = True

    def file_name(self, role: str) -> str:
        return self.file_names.get(role) or f"{role}.dat"


def load_definitions(directory: Path) -> dict[str, ListDefinition]:
    """All definitions in ``directory``, by list id."""
    out: dict[str, ListDefinition] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        definition = ListDefinition.model_validate(data)
        out[definition.id] = definition
    return out


def get_definition(directory: Path, list_id: str) -> ListDefinition:
    definitions = load_definitions(directory)
    if list_id not in definitions:
        raise UnknownListError(f"no definition for list {list_id!r} in {directory}")
    return definitions[list_id]
