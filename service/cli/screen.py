"""``screen`` (one name against the loaded lists) and ``compare`` (score name pairs)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.common import (
    DataDirOption,
    app,
    build_engine,
    console,
    hit_dict,
    settings_with,
)
from service.settings import get_settings


@app.command("screen")
def screen_command(
    name: Annotated[str, typer.Argument(help="The name to screen.")],
    kind: Annotated[
        str | None, typer.Option("--type", help="person|organization|vessel|aircraft")
    ] = None,
    country: Annotated[str | None, typer.Option("--country", help="ISO code or name.")] = None,
    dob: Annotated[str | None, typer.Option("--dob", help="YYYY[-MM[-DD]]")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100)] = 10,
    threshold: Annotated[float | None, typer.Option("--threshold", min=0, max=1)] = None,
    min_score: Annotated[
        float | None,
        typer.Option(
            "--min-score", min=0, max=1, help="Leave out hits below this (default 0.5; 0: all)."
        ),
    ] = None,
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Screen one name against the loaded lists; exit 1 when a hit alerts."""
    from service.engine.screen import Query

    if not name.strip():
        console.print("[red]error:[/red] the name is empty")
        raise typer.Exit(2)
    if kind not in (None, "any", "person", "organization", "vessel", "aircraft"):
        console.print(f"[red]error:[/red] unknown --type {kind!r}")
        raise typer.Exit(2)
    settings = settings_with(data_dir, threshold=threshold, min_score=min_score)
    engine = build_engine(settings)
    hits = engine.screen(
        Query.build(name, kind, dob, country), limit=limit, min_score=engine.min_score
    )
    if as_json:
        sys.stdout.write(
            json.dumps([hit_dict(h) for h in hits], indent=2, ensure_ascii=False) + "\n"
        )
    else:
        table = Table(title=f"{name!r}: {len(hits)} hits (threshold {engine.threshold})")
        for column in ("score", "alert", "entity", "list", "name", "matched"):
            table.add_column(column)
        for hit in hits:
            table.add_row(
                f"{hit.score:.3f}",
                "ALERT" if hit.alert else "",
                hit.entity.id,
                hit.entity.list_id,
                hit.entity.name,
                hit.matched_name.value,
            )
        Console().print(table)
        if hits:
            Console().print(hits[0].sentence())
    if any(hit.alert for hit in hits):
        raise typer.Exit(1)


@app.command("compare")
def compare_command(
    pairs: Annotated[
        Path,
        typer.Option(
            "--pairs",
            exists=True,
            dir_okay=False,
            help="CSV with name1, name2 and optional schema.",
        ),
    ],
    output: Annotated[Path | None, typer.Option("-o", "--output")] = None,
    threshold: Annotated[float | None, typer.Option("--threshold", min=0, max=1)] = None,
) -> None:
    """Score name pairs: every input row with added ``score`` and ``alert`` columns."""
    import csv

    from service.matching import score_pair

    limit = threshold if threshold is not None else get_settings().threshold
    try:
        with pairs.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            if not {"name1", "name2"} <= set(fields):
                console.print(f"[red]error:[/red] {pairs}: needs columns name1 and name2")
                raise typer.Exit(2)
            rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        console.print(f"[red]error:[/red] {pairs}: not a UTF-8 CSV file ({exc})")
        raise typer.Exit(2) from exc
    out = open(output, "w", newline="", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        writer = csv.DictWriter(out, fieldnames=fields + ["score", "alert"])
        writer.writeheader()
        for row in rows:
            score = score_pair(
                row.get("name1") or "", row.get("name2") or "", (row.get("schema") or None)
            )
            writer.writerow(
                {**row, "score": f"{score:.4f}", "alert": "true" if score >= limit else "false"}
            )
    finally:
        if output:
            out.close()
