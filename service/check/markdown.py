"""A Markdown summary of a check run, for CI job summaries and merge-request comments."""

from __future__ import annotations

from pathlib import Path

from service.check.allowlist import Status
from service.check.runner import CheckReport, display_path

_STATUS = {
    Status.OPEN: "unreviewed",
    Status.EXPIRED: "allow-list entry expired",
    Status.CHANGED: "listed record changed since review",
    Status.ALLOWED: "allowed",
}


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _alert_rows(report: CheckReport, resolved: bool, base: Path | None) -> list[str]:
    lines = []
    for result, alert in report.alerts():
        if alert.resolved != resolved:
            continue
        row, hit = result.row, alert.hit
        where = f"{display_path(row.file, base)}:{row.line}"
        why = alert.decision.note if alert.status is not Status.OPEN else _STATUS[alert.status]
        lines.append(
            f"| `{cell(where)}` | {cell(row.name)} | {cell(hit.entity.name)} "
            f"| `{cell(hit.entity.id)}` | {hit.score:.2f} | {cell(hit.matched_name.value)} "
            f"| {cell(why)} |"
        )
    return lines


def _table(title: str, rows: list[str]) -> list[str]:
    if not rows:
        return []
    return [
        f"### {title}",
        "",
        "| row | screened name | listed as | entity | score | matched name | status |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
    ]


def markdown_summary(report: CheckReport, base: Path | None = None) -> str:
    """Headline, counts, unresolved and allowed alerts, lists used, unused allow-list entries."""
    ok = report.exit_code == 0
    head = (
        "✅ no unresolved sanctions alert"
        if ok
        else (f"❌ {report.unresolved} unresolved sanctions alert{'s' * (report.unresolved != 1)}")
    )
    files = ", ".join(f"`{cell(display_path(f.path, base))}`" for f in report.files)
    skipped = sum(len(f.skipped) for f in report.files)
    lines = [
        f"## sanctions-screen check: {head}",
        "",
        f"Screened **{report.rows}** rows of {files or 'no file'} at threshold "
        f"**{report.threshold:g}** (engine {report.engine_version}).",
        "",
        "| alerts | unreviewed | expired entry | record changed | allowed | skipped rows |",
        "|---|---|---|---|---|---|",
        f"| {report.count()} | {report.count(Status.OPEN)} | {report.count(Status.EXPIRED)} "
        f"| {report.count(Status.CHANGED)} | {report.count(Status.ALLOWED)} | {skipped} |",
        "",
    ]
    lines += _table("Unresolved alerts", _alert_rows(report, False, base))
    lines += _table("Allowed by the allow-list", _alert_rows(report, True, base))
    if report.allowlist is not None and report.allowlist.unused():
        lines += ["### Allow-list entries that matched nothing", ""]
        lines += [
            f"- entry {e.index}: `{cell(e.entity_id)}` / {cell(e.name)} (expires "
            f"{e.expires.isoformat()})"
            for e in report.allowlist.unused()
        ]
        lines.append("")
    lines += ["### Lists", "", "| list | version | entries | content hash |", "|---|---|---|---|"]
    lines += [
        f"| `{cell(i['list_id'])}` | {cell(i.get('version'))} | {i.get('entity_count')} "
        f"| `{str(i.get('content_hash') or '')[:16]}` |"
        for i in report.lists
    ]
    lines.append("")
    if report.receipt:
        lines += [f"Receipt digest: `{report.receipt.get('digest')}`", ""]
    return "\n".join(lines)
