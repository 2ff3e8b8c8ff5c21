"""``lists`` and ``update``: what list data is loaded, and fetching new versions."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.common import DataDirOption, app, console, load, settings_with
from service.errors import ScreeningError
from service.store.catalog import Catalog


def _lists_table(catalog: Catalog) -> Table:
    table = Table(title=f"Lists in {catalog.root} (loaded in {catalog.load_seconds:.2f} s)")
    for column in ("list", "state", "version", "hash", "entities", "names", "load s", "format"):
        table.add_column(
            column, justify="right" if column in {"entities", "names", "load s"} else "left"
        )
    for list_id, versions in sorted(catalog.lists.items()):
        for state, snap in [("active", versions.active)] + [
            ("history", s) for s in versions.history
        ]:
            table.add_row(
                list_id,
                state,
                snap.version,
                snap.content_hash[:12],
                f"{snap.entity_count:,}",
                f"{snap.name_count:,}",
                f"{snap.load_seconds:.2f}",
                snap.format,
            )
    return table


@app.command("lists")
def lists_command(
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Load every list file found in the data directory and describe each list version."""
    catalog = load(settings_with(data_dir))
    if as_json:
        out = {
            "root": str(catalog.root),
            "load_seconds": round(catalog.load_seconds, 3),
            "lists": [
                {
                    **v.active.summary(),
                    "state": "active",
                    "history": [h.summary() for h in v.history],
                }
                for _, v in sorted(catalog.lists.items())
            ],
            "errors": catalog.errors,
            "skipped": catalog.skipped,
        }
        sys.stdout.write(json.dumps(out, indent=2, default=str) + "\n")
    else:
        Console().print(_lists_table(catalog))
        for error in catalog.errors:
            console.print(f"[red]not loaded:[/red] {error}")
    if catalog.errors:
        raise typer.Exit(1)


@app.command("update")
def update_command(
    data_dir: DataDirOption = None,
    only: Annotated[list[str] | None, typer.Option("--list", help="Only these list ids.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Download each enabled list into a new snapshot; activate it only if it passes checks."""
    from service.store.update import run_update

    settings = settings_with(data_dir)
    if settings.data_dir is None:
        console.print("[red]error:[/red] set --data-dir or SANCTIONS_DATA_DIR to update lists")
        raise typer.Exit(2)
    try:
        results = run_update(settings, only or None)
    except ScreeningError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps([r.__dict__ for r in results], default=str, indent=2) + "\n")
    for result in results:
        colour = {"activated": "green", "unchanged": "cyan"}.get(result.status, "red")
        console.print(
            f"[{colour}]{result.list_id}: {result.status}[/{colour}] {result.reason or ''}"
        )
    if any(r.status in {"failed", "refused"} for r in results):
        raise typer.Exit(1)
