"""Mentions of one party grouped ("Igor Sechin" ... "Sechin"), and the context evidence for
a group's hits (a linked listed party also named in the text, the listed role near it)."""

from __future__ import annotations

import re
from typing import Any

from service.textscan import lexicon as lx
from service.textscan.gazetteer import Gazetteer
from service.textscan.result import Group, Judged, Mention
from service.textscan.tokens import Token, romanise, stem_key

_WORD = re.compile(r"[^\W_]+")
_AND = frozenset({"and", "y", "i", "et", "und"})
_ROLE_STEMS = frozenset(stem_key(romanise(w)) for w in lx.ROLE_WORDS)


class _Union:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_mentions(mentions: list[Mention]) -> list[Group]:
    """Union mentions with the same words, a shared alerting entity, or a surname that
    refers back to exactly one full person name; back-references inherit the full name's hits.
    """
    uf = _Union(len(mentions))
    first_with: dict[object, int] = {}
    for i, m in enumerate(mentions):
        keys: list[object] = [m.stems]
        keys += [("entity", e) for e in m.alert_entities()]
        for key in keys:
            if key in first_with:
                uf.join(first_with[key], i)
            else:
                first_with[key] = i
    _back_references(mentions, uf)
    _same_party(mentions, uf)
    groups: dict[int, list[Mention]] = {}
    for i, m in enumerate(mentions):
        groups.setdefault(uf.find(i), []).append(m)
    out = []
    for members in groups.values():
        lead = max(members, key=lambda m: (m.alert, m.size, bool(m.hits), -m.start))
        _inherit(lead, members)
        out.append(Group(id="", lead=lead, members=members))
    return out


def _back_references(mentions: list[Mention], uf: _Union) -> None:
    full_names: dict[str, set[int]] = {}
    for i, m in enumerate(mentions):
        if (
            m.size >= 2
            and m.type == "person"
            and (m.alert or "gazetteer" in m.sources)
            and not _AND & set(m.stems)
        ):
            for stem in (m.stems[0], m.stems[-1]):
                full_names.setdefault(stem, set()).add(i)
    roots_of = {stem: {uf.find(j) for j in idx} for stem, idx in full_names.items()}
    for i, m in enumerate(mentions):
        if m.size != 1 or m.stems[0] not in full_names:
            continue
        roots = {uf.find(r) for r in roots_of[m.stems[0]]}
        if len(roots) == 1:
            uf.join(roots.pop(), i)
            m.sources.add("back-reference")
        else:
            names = sorted({mentions[j].surface for j in roots})
            m.reasons.append("the surname may refer to any of " + ", ".join(names))


def _same_party(mentions: list[Mention], uf: _Union) -> None:
    """A single word ("Wagner") whose hits include a party alerting under a longer name that
    contains the word ("Wagner Group") is that party."""
    alerting: dict[str, set[int]] = {}
    words: dict[int, set[str]] = {}
    for i, m in enumerate(mentions):
        if m.alert and m.size >= 2:
            root = uf.find(i)
            words.setdefault(root, set()).update(m.stems)
            for e_id in m.alert_entities():
                alerting.setdefault(e_id, set()).add(root)
    if not alerting:
        return
    for i, m in enumerate(mentions):
        if m.size != 1 or m.alert or not m.hits:
            continue
        roots = {
            r for j in m.hits for r in alerting.get(j.hit.entity.id, ()) if m.stems[0] in words[r]
        }
        if len(roots) == 1:
            uf.join(roots.pop(), i)
            m.sources.add("back-reference")


def _inherit(lead: Mention, members: list[Mention]) -> None:
    """Back-references take the hits of the party they refer to, and its verdict."""
    if not lead.alert:
        return
    party = set(lead.alert_entities())
    for m in members:
        if m is lead or m.alert or ("back-reference" not in m.sources and m.stems != lead.stems):
            continue
        own = {j.hit.entity.id for j in m.hits}
        if not own & party:
            m.hits = [Judged(j.hit, j.name_alert, list(j.reasons)) for j in lead.hits]
        else:
            m.hits = [
                Judged.of(j.hit, [], alert=True) if j.hit.entity.id in party else j for j in m.hits
            ]
            m.hits.sort(key=lambda j: (not j.hit.alert, -j.hit.score))
        m.alert = True
        m.type = lead.type
        m.reasons = [f"refers to {lead.surface!r}, named in full in this text"]


def add_evidence(groups: list[Group], tokens: list[Token], gaz: Gazetteer) -> None:
    """Evidence for each alerting group from the rest of the text."""
    alerting = {}
    for group in groups:
        if group.alert:
            for m in group.members:
                for e_id in m.alert_entities():
                    alerting.setdefault(e_id, group)
    text_stems = {t.stem for t in tokens}
    by_sentence: dict[int, list[Token]] = {}
    for tok in tokens:
        by_sentence.setdefault(tok.sentence, []).append(tok)
    for group in groups:
        if not group.alert:
            continue
        window = {
            t.stem: t.surface for n in {m.sentence for m in group.members} for t in by_sentence[n]
        }
        seen: set[tuple[str, str]] = set()
        own = {s for m in group.members for s in m.stems}
        for e_id in dict.fromkeys(e for m in group.members for e in m.alert_entities()):
            idx = gaz.position[e_id]
            entity = gaz.entity(idx)
            for item in (
                _relations(idx, group, alerting, gaz)
                + _relation_names(entity, text_stems, own)
                + _roles(entity, window)
            ):
                key = (item["kind"], item["detail"])
                if key not in seen:
                    seen.add(key)
                    group.evidence.append({"entity_id": e_id, **item})


def _relations(
    idx: int, group: Group, alerting: dict[str, Group], gaz: Gazetteer
) -> list[dict[str, Any]]:
    out = []
    for other_idx in gaz.related.get(idx, ()):
        other = gaz.entity(other_idx)
        other_group = alerting.get(other.id)
        if other_group is not None and other_group is not group:
            out.append(
                {
                    "kind": "relation",
                    "related_entity_id": other.id,
                    "mention": other_group.lead.surface,
                    "detail": f"the text also names {other_group.lead.surface!r}, linked to "
                    f"{gaz.entity(idx).name!r} on the list ({other.name})",
                }
            )
    return out


def _relation_names(entity, text_stems: set[str], own: set[str]) -> list[dict[str, Any]]:
    out = []
    for rel in entity.relations:
        words = [stem_key(romanise(w)) for w in _WORD.findall(rel.target_name)]
        words = [w for w in words if w and w not in lx.COMMON_NORMS]
        if len(words) >= 2 and all(w in text_stems for w in words) and not set(words) <= own:
            out.append(
                {
                    "kind": "relation",
                    "related_name": rel.target_name,
                    "detail": f"the text also names {rel.target_name!r} "
                    f"(the listed entry states: {rel.kind.replace('_', ' ')})",
                }
            )
    return out


def _roles(entity, window: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for listed in [*entity.positions, *entity.titles, *_remark_roles(entity.remarks)]:
        stems = {stem_key(romanise(w)) for w in _WORD.findall(listed)}
        shared = [s for s in window if s in stems and s not in lx.CONNECTORS]
        if any(s in _ROLE_STEMS for s in shared):
            words = [window[s] for s in shared]
            out.append(
                {
                    "kind": "role",
                    "words": words,
                    "listed": listed,
                    "detail": f"{', '.join(repr(w) for w in words)} near the mention; "
                    f"listed as {listed!r}",
                }
            )
    return out


def _remark_roles(remarks: str | None) -> list[str]:
    """Remark clauses that state a role ("Governor of the Central Bank of ...")."""
    if not remarks:
        return []
    out = []
    for clause in re.split(r"[;\n]", remarks):
        words = {stem_key(romanise(w)) for w in _WORD.findall(clause)}
        if words & _ROLE_STEMS and len(clause) < 200:
            out.append(clause.strip().rstrip("."))
    return out
