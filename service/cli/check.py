"""``check``: the CI compliance gate. Screen files, apply the allow-list, write reports.

Exit codes: 0 no unresolved alert, 1 unresolved alerts, 2 usage or data error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from service.cli.common import DataDirOption, app, build_engine, console, settings_with


def _fail(message: str) -> typer.Exit:
    """Print a usage/data error (plain text: no markup from file contents) and exit 2."""
    console.print(Text.assemble(("error:", "red"), " ", message), highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _write(path: Path, text: str | bytes, what: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot write the {what} to {path}: {exc.strerror or exc}") from exc


def _load_inputs(files: list[Path], fmt: str):
    from service.check.inputs import CheckInputError, read_input

    inputs = []
    for path in files:
        try:
            inputs.append(read_input(path, fmt))
        except CheckInputError as exc:
            raise _fail(str(exc)) from exc
    return inputs


def _load_allowlist(path: Path | None):
    from service.check.allowlist import AllowList, AllowListError, load_allowlist

    if path is None:
        return None
    try:
        return AllowList(load_allowlist(path))
    except AllowListError as exc:
        raise _fail(f"allow-list {exc}") from exc


def _print_findings(report, quiet: bool) -> None:
    from service.check.runner import alert_message, display_path

    out = sys.stdout
    for result, alert in report.alerts():
        if alert.resolved and quiet:
            continue
        level = "allowed" if alert.resolved else "alert"
        where = f"{display_path(result.row.file)}:{result.row.line}"
        out.write(f"{where}: {level}: {alert_message(result.row, alert)}\n")
    for input_file in report.files:
        for line, why in input_file.skipped:
            if not quiet:
                out.write(f"{display_path(input_file.path)}:{line}: skipped: {why}\n")
    lists = ", ".join(f"{i['list_id']}@{i.get('version')}" for i in report.lists)
    out.write(
        f"checked {report.rows} rows in {len(report.files)} file(s) against {lists} "
        f"at threshold {report.threshold:g}: {report.count()} alerts, "
        f"{report.unresolved} unresolved\n"
    )


@app.command("check")
def check_command(
    files: Annotated[
        list[Path], typer.Argument(help="CSV, JSON lines or text files (one name per line).")
    ],
    threshold: Annotated[
        float | None, typer.Option("--threshold", min=0, max=1, help="Alert threshold.")
    ] = None,
    allowlist: Annotated[
        Path | None,
        typer.Option("--allowlist", dir_okay=False, help="YAML allow-list of reviewed alerts."),
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", dir_okay=False, help="Write JUnit XML here.")
    ] = None,
    sarif: Annotated[
        Path | None, typer.Option("--sarif", dir_okay=False, help="Write SARIF 2.1.0 here.")
    ] = None,
    markdown: Annotated[
        Path | None,
        typer.Option("--markdown", dir_okay=False, help="Write a Markdown summary here."),
    ] = None,
    data_dir: DataDirOption = None,
    input_format: Annotated[
        str, typer.Option("--format", help="auto (by suffix/content), csv, jsonl or text.")
    ] = "auto",
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Hits per row.")] = 10,
    write_allowlist: Annotated[
        Path | None,
        typer.Option(
            "--write-allowlist",
            dir_okay=False,
            help="Write draft allow-list entries (with record hashes) for the unresolved alerts.",
        ),
    ] = None,
    reviewer: Annotated[
        str, typer.Option("--reviewer", help="Reviewer to put in --write-allowlist drafts.")
    ] = "",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only unresolved alerts.")] = False,
) -> None:
    """Screen files as a CI gate: exit 0 when no unresolved alert, 1 with alerts, 2 on errors."""
    from service.check.inputs import FORMATS
    from service.check.runner import run_check

    if input_format not in FORMATS:
        raise _fail(f"--format must be one of {', '.join(FORMATS)}")
    allow = _load_allowlist(allowlist)
    inputs = _load_inputs(files, input_format)
    settings = settings_with(data_dir, threshold=threshold)
    engine = build_engine(settings)
    if not engine.snapshots:
        raise _fail(f"no sanctions list loaded from {settings.effective_data_dir()}")
    if settings.data_dir is None:
        console.print(
            "warning: screening against the embedded DEMO list, not official lists "
            "(set --data-dir or SANCTIONS_DATA_DIR)",
            markup=False,
            highlight=False,
        )
    for problem in engine.catalog.errors:
        console.print(f"warning: list not loaded: {problem}", markup=False, highlight=False)
    report = run_check(engine, inputs, threshold=settings.threshold, allowlist=allow, limit=limit)
    _print_findings(report, quiet)
    _write_reports(report, junit, sarif, markdown)
    if write_allowlist is not None:
        _draft(report, write_allowlist, reviewer)
    raise typer.Exit(report.exit_code)


def _write_reports(report, junit: Path | None, sarif: Path | None, markdown: Path | None) -> None:
    if junit is not None:
        from service.check.junit import junit_xml

        _write(junit, junit_xml(report), "JUnit report")
    if sarif is not None:
        from service.check.sarif import sarif_json

        _write(sarif, sarif_json(report), "SARIF report")
    if markdown is not None:
        from service.check.markdown import markdown_summary

        _write(markdown, markdown_summary(report), "Markdown summary")


def _draft(report, path: Path, reviewer: str) -> None:
    from service.check.allowlist import draft_entries

    pending = [(a.hit.entity, r.row.name) for r, a in report.alerts() if not a.resolved]
    _write(path, draft_entries(pending, reviewer=reviewer), "allow-list draft")
    console.print(
        f"wrote {len(pending)} draft allow-list entries to {path}: fill in reason and reviewer, "
        "then merge them into your allow-list",
        markup=False,
        highlight=False,
    )
