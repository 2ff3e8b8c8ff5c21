"""Resolve relations stated by name ("Linked To: X") to the ids of entries on the same list."""

from __future__ import annotations

import re

from service.model import Entity

_NON_WORD = re.compile(r"[^\w]+")


def _key(name: str) -> str:
    return _NON_WORD.sub(" ", name.casefold()).strip()


def resolve_relations(entities: list[Entity]) -> int:
    """Fill ``target_id`` of unresolved relations whose target name is a name on the list.

    Returns how many were resolved. Ambiguous names (held by two entries) stay unresolved.
    """
    by_name: dict[str, str | None] = {}
    for entity in entities:
        for name in entity.names:
            key = _key(name.value)
            if key in by_name and by_name[key] != entity.id:
                by_name[key] = None
            else:
                by_name[key] = entity.id
    resolved = 0
    for entity in entities:
        for relation in entity.relations:
            if relation.target_id is None:
                target = by_name.get(_key(relation.target_name))
                if target and target != entity.id:
                    relation.target_id = target
                    resolved += 1
    return resolved
