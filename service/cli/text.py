"""``text``: screen a news article (or any text) for every listed party it mentions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.common import DataDirOption, app, build_engine, console, settings_with


def _read(path: Path) -> str:
    raw = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        console.print(f"[red]error:[/red] {path}: not UTF-8 text ({exc})")
        raise typer.Exit(2) from exc


@app.command("text")
def text_command(
    file: Annotated[Path, typer.Argument(help="UTF-8 text file ('-' reads standard input).")],
    threshold: Annotated[float | None, typer.Option("--threshold", min=0, max=1)] = None,
    lists: Annotated[
        list[str] | None, typer.Option("--list", help="Only this list id (repeatable).")
    ] = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Screen a text for listed persons, companies and vessels; exit 1 when any alerts."""
    from service.textscan import TextTooLarge, screen_text

    if str(file) != "-" and not file.is_file():
        console.print(f"[red]error:[/red] {file}: no such file")
        raise typer.Exit(2)
    text = _read(file)
    settings = settings_with(data_dir, threshold=threshold)
    engine = build_engine(settings)
    try:
        result = screen_text(engine, text, threshold=threshold, lists=lists)
    except TextTooLarge as exc:
        console.print(f"[red]error:[/red] {file}: {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        _print(result)
    if result.alerts:
        raise typer.Exit(1)


def _print(result) -> None:
    out = Console()
    table = Table(
        title=f"{len(result.alerts)} alerting mentions of "
        f"{sum(g.alert for g in result.groups)} parties"
    )
    for column in ("at", "mention", "type", "score", "listed as", "entries", "why"):
        table.add_column(column)
    for m in result.mentions:
        if not m.alert:
            continue
        hits = [j.hit for j in m.hits if j.hit.alert]
        table.add_row(
            f"{m.start}-{m.end}",
            m.surface,
            m.type,
            f"{hits[0].score:.2f}",
            hits[0].entity.name,
            str(len(hits)),
            "; ".join(m.reasons),
        )
    out.print(table)
    quiet = [g for g in result.groups if not g.alert]
    if quiet:
        out.print(
            "Not flagged: "
            + "; ".join(
                f"{g.lead.surface} ({'; '.join(g.lead.reasons) or 'no hit'})" for g in quiet
            )
        )
    for group in result.groups:
        for item in group.evidence:
            out.print(f"Evidence for {group.lead.surface}: {item['detail']}")
    stats = result.stats
    out.print(
        f"{stats['characters']} characters, {stats['sentences']} sentences, "
        f"{stats['screened']} names screened in {stats['elapsed_ms']} ms."
    )
