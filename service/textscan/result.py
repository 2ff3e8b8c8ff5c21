"""What a text screening returns: mentions, groups of mentions of one party, and a summary.

``TextScreenResult.to_dict()`` is JSON-ready (plain str/int/float/bool/list/dict only).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from service.engine.screen import Hit


def hit_json(hit: Hit, reasons: list[str], name_alert: bool) -> dict[str, Any]:
    """``hit_dict`` of the CLI plus the text-level verdict: ``alert`` is final."""
    from service.cli.common import hit_dict

    out = hit_dict(hit)
    out["name_alert"] = name_alert
    out["reasons"] = reasons
    return out


@dataclass(slots=True)
class Judged:
    """A hit with its final verdict in this text."""

    hit: Hit  # ``hit.alert`` is the final (text-level) verdict
    name_alert: bool  # the engine's verdict on the name alone
    reasons: list[str]

    @classmethod
    def of(cls, hit: Hit, reasons: list[str], alert: bool) -> Judged:
        return cls(dataclasses.replace(hit, alert=alert), hit.alert, reasons)


@dataclass(slots=True, eq=False)
class Mention:
    """One span of the text that names (or may name) a listed party."""

    first: int  # token indices, inclusive
    last: int
    start: int  # character offsets into the original text: text[start:end] == surface
    end: int
    surface: str
    sentence: int
    query: str  # what was screened (Cyrillic words in their nominative)
    type: str
    type_cue: str
    sources: set[str]
    stems: tuple[str, ...]
    hits: list[Judged] = field(default_factory=list)
    screened: bool = False
    alert: bool = False
    reasons: list[str] = field(default_factory=list)
    group: int = -1
    id: str = ""

    @property
    def size(self) -> int:
        return self.last - self.first + 1

    @property
    def best(self) -> Judged | None:
        return self.hits[0] if self.hits else None

    def alert_entities(self) -> list[str]:
        return [j.hit.entity.id for j in self.hits if j.hit.alert]


@dataclass(slots=True)
class Group:
    """Mentions of one party ("Igor Sechin" ... "Sechin" ... "Сечина")."""

    id: str
    lead: Mention
    members: list[Mention]
    evidence: list[dict[str, Any]] = field(default_factory=list)

    @property
    def alert(self) -> bool:
        return any(m.alert for m in self.members)

    def to_dict(self) -> dict[str, Any]:
        entities = {}
        for member in self.members:
            for judged in member.hits:
                hit = judged.hit
                if hit.alert and hit.entity.id not in entities:
                    entities[hit.entity.id] = {
                        "entity_id": hit.entity.id,
                        "list_id": hit.entity.list_id,
                        "name": hit.entity.name,
                        "schema": str(hit.entity.schema),
                        "score": hit.score,
                    }
        return {
            "id": self.id,
            "name": self.lead.surface,
            "type": self.lead.type,
            "alert": self.alert,
            "lead": self.lead.id,
            "mentions": [m.id for m in self.members],
            "entities": sorted(entities.values(), key=lambda e: (-e["score"], e["entity_id"])),
            "evidence": self.evidence,
            "reasons": [] if self.alert else list(self.lead.reasons),
        }


@dataclass(slots=True)
class TextScreenResult:
    """The mentions found in one text, grouped, with a summary and (if available) a receipt."""

    mentions: list[Mention]
    groups: list[Group]
    sentences: list[tuple[int, int]]
    text: str
    stats: dict[str, Any]
    receipt: dict[str, Any] | None = None

    @property
    def alerts(self) -> list[Mention]:
        return [m for m in self.mentions if m.alert]

    def mention_dict(self, m: Mention) -> dict[str, Any]:
        s_start, s_end = self.sentences[m.sentence]
        evidence = next((g.evidence for g in self.groups if g.id == f"g{m.group}"), [])
        return {
            "id": m.id,
            "surface": m.surface,
            "start": m.start,
            "end": m.end,
            "sentence": {
                "index": m.sentence,
                "start": s_start,
                "end": s_end,
                "text": _safe(self.text[s_start:s_end]),
            },
            "type": m.type,
            "type_cue": m.type_cue,
            "query": m.query,
            "sources": sorted(m.sources),
            "alert": m.alert,
            "reasons": m.reasons,
            "group": f"g{m.group}",
            "hits": [hit_json(j.hit, j.reasons, j.name_alert) for j in m.hits],
            "evidence": evidence if m.alert else [],
        }

    def to_dict(self) -> dict[str, Any]:
        groups = [g.to_dict() for g in self.groups]
        return {
            "mentions": [self.mention_dict(m) for m in self.mentions],
            "groups": groups,
            "summary": {
                **self.stats,
                "mentions": len(self.mentions),
                "alert_mentions": len(self.alerts),
                "parties_flagged": [
                    {k: g[k] for k in ("id", "name", "type", "entities", "mentions")}
                    for g in groups
                    if g["alert"]
                ],
                "parties_not_flagged": [
                    {k: g[k] for k in ("id", "name", "type", "reasons")}
                    for g in groups
                    if not g["alert"]
                ],
            },
            "receipt": self.receipt,
        }


def _safe(text: str) -> str:
    """The text with lone surrogates replaced, so any JSON encoder accepts it."""
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isprintable() else text
