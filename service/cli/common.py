"""What every command shares: the Typer app, settings from flags, loading, hit output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from service.errors import ScreeningError
from service.settings import Settings, get_settings
from service.store.catalog import Catalog, load_catalog

app = typer.Typer(
    help="Screen names and text against official sanctions lists.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="List data directory (default: $SANCTIONS_DATA_DIR, else the embedded demo list).",
        file_okay=True,
        dir_okay=True,
    ),
]


def settings_with(data_dir: Path | None = None, **overrides: object) -> Settings:
    """The environment's settings with the flags given on the command line applied."""
    base = get_settings()
    update = {k: v for k, v in overrides.items() if v is not None}
    if data_dir is not None:
        update["data_dir"] = data_dir
    return base.model_copy(update=update)


def load(settings: Settings) -> Catalog:
    """Load the catalog the settings point at, or exit 2 with a clear message."""
    try:
        return load_catalog(settings.effective_data_dir(), settings.effective_cache_dir())
    except ScreeningError as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


def build_engine(settings: Settings):
    """Load the lists and index them (the one engine every face uses)."""
    from service.engine.loader import engine_for

    return engine_for(load(settings), settings)


def hit_dict(hit) -> dict[str, object]:
    """The JSON shape of a hit shared by the CLI faces."""
    return {
        "entity_id": hit.entity.id,
        "list_id": hit.entity.list_id,
        "schema": str(hit.entity.schema),
        "name": hit.entity.name,
        "matched_name": hit.matched_name.value,
        "score": hit.score,
        "alert": hit.alert,
        "explanation": hit.explanation(),
    }
