"""SARIF 2.1.0: one result per alert, pointing at the file and line of the screened row.

One rule per list (``sanctions/<list_id>``), so code-scanning views group alerts by list.
Allow-listed alerts are kept as results with an accepted external suppression (so GitHub shows
them as dismissed); expired or outdated entries give plain results with the reason.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from service.check.allowlist import Status
from service.check.inputs import Row
from service.check.runner import Alert, CheckReport, RowResult, alert_message, display_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"


def rule_id(list_id: str) -> str:
    return f"sanctions/{list_id}"


def _artifact(path: Path, base: Path | None) -> dict[str, Any]:
    shown = display_path(path, base)
    if Path(shown).is_absolute():
        return {"uri": Path(shown).as_uri()}
    return {"uri": quote(shown, safe="/"), "uriBaseId": SRCROOT}


def _rule(list_id: str, info: dict[str, Any] | None) -> dict[str, Any]:
    info = info or {}
    version = info.get("version") or "unknown"
    return {
        "id": rule_id(list_id),
        "name": f"SanctionsMatch/{list_id}",
        "shortDescription": {"text": f"Possible match on the sanctions list {list_id}"},
        "fullDescription": {
            "text": (
                f"A screened name scored at or above the alert threshold against an entry of "
                f"{list_id} (version {version}). Review it; if it is not the listed party, "
                "add an allow-list entry with the reason."
            )
        },
        "help": {
            "text": "Compare the screened party with the listed entry (names, birth date, "
            "country, identifiers). A confirmed match must be escalated; a false positive "
            "goes into the allow-list file with reason, reviewer, expiry and record hash.",
        },
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["sanctions", "compliance", list_id],
            "list_version": version,
            "list_content_hash": info.get("content_hash"),
            "list_entity_count": info.get("entity_count"),
        },
    }


def _region(row: Row) -> dict[str, int]:
    region = {"startLine": row.line}
    if row.column is not None:
        region["startColumn"] = row.column
        if row.end_column is not None:
            region["endColumn"] = row.end_column
    return region


def _fingerprint(row_path: str, name: str, entity_id: str) -> str:
    text = json.dumps([row_path, name.casefold(), entity_id], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _result(
    result: RowResult, alert: Alert, rules: dict[str, int], report: CheckReport, base: Path | None
) -> dict[str, Any]:
    row, hit = result.row, alert.hit
    list_id = hit.entity.list_id
    info = report.by_list.get(list_id, {})
    entry = alert.decision.entry
    out: dict[str, Any] = {
        "ruleId": rule_id(list_id),
        "ruleIndex": rules[list_id],
        "level": "note" if alert.resolved else "error",
        "kind": "fail",
        "message": {"text": alert_message(row, alert)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact(row.file, base),
                    "region": _region(row),
                }
            }
        ],
        "partialFingerprints": {
            "sanctionsMatch/v1": _fingerprint(display_path(row.file, base), row.name, hit.entity.id)
        },
        "properties": {
            "screened_name": row.name,
            "row_id": row.id,
            "entity_id": hit.entity.id,
            "entity_name": hit.entity.name,
            "schema": str(hit.entity.schema),
            "matched_name": hit.matched_name.value,
            "score": hit.score,
            "threshold": report.threshold,
            "list_id": list_id,
            "list_version": info.get("version"),
            "list_content_hash": info.get("content_hash"),
            "allowlist_status": str(alert.status),
            "explanation": hit.sentence(),
        },
    }
    if entry is not None:
        out["properties"]["allowlist_entry"] = {
            "index": entry.index,
            "reviewer": entry.reviewer,
            "reason": entry.reason,
            "expires": entry.expires.isoformat(),
            "record_sha256": entry.record_sha256,
        }
    if alert.status is Status.ALLOWED and entry is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": f"{entry.reason} (reviewer {entry.reviewer}, "
                f"expires {entry.expires.isoformat()})",
            }
        ]
    return out


def sarif_log(report: CheckReport, base: Path | None = None) -> dict[str, Any]:
    """The SARIF 2.1.0 log of a check run, as a JSON-ready dict."""
    list_ids = sorted({a.hit.entity.list_id for _, a in report.alerts()} | set(report.by_list))
    rules = {list_id: index for index, list_id in enumerate(list_ids)}
    base_dir = (base or Path.cwd()).resolve()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "sanctions-screen",
                "version": report.engine_version,
                "semanticVersion": report.engine_version,
                "rules": [_rule(i, report.by_list.get(i)) for i in list_ids],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": base_dir.as_uri() + "/"}},
        "artifacts": [
            {"location": _artifact(f.path, base), "roles": ["analysisTarget"]} for f in report.files
        ],
        "invocations": [
            {
                "executionSuccessful": True,
                "startTimeUtc": report.started.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "exitCode": report.exit_code,
            }
        ],
        "results": [_result(r, a, rules, report, base) for r, a in report.alerts()],
        "columnKind": "unicodeCodePoints",
        "properties": {
            "threshold": report.threshold,
            "rows_screened": report.rows,
            "unresolved_alerts": report.unresolved,
            "lists": report.lists,
            "receipt": report.receipt,
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def sarif_json(report: CheckReport, base: Path | None = None) -> str:
    return json.dumps(sarif_log(report, base), indent=2, ensure_ascii=False, default=str) + "\n"
