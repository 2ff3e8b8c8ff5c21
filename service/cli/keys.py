"""``keys create|list|revoke``: API keys for the REST API (stored hashed in the database)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.common import app, console, settings_with

keys_app = typer.Typer(
    help="Manage API keys (stored as SHA-256 hashes; shown once).", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="SQLAlchemy URL (default: $SANCTIONS_DATABASE_URL, "
        "else the SQLite file in the state directory).",
    ),
]


def _database(database_url: str | None):
    from service.db.session import Database

    return Database.from_settings(settings_with(database_url=database_url))


@keys_app.command("create")
def create_command(
    name: Annotated[str, typer.Argument(help="A name for the key (who or what uses it).")],
    admin: Annotated[
        bool, typer.Option("--admin", help="May reload lists and read every receipt.")
    ] = False,
    rate_limit: Annotated[
        int | None,
        typer.Option(
            "--rate-limit", min=0, help="Requests per minute (0 = unlimited; default: server's)."
        ),
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """Create a key and print its secret on stdout (the only time it is shown)."""
    from service.db.keys import KeyError_, create_key

    db = _database(database_url)
    try:
        secret = create_key(db, name, admin=admin, rate_limit=rate_limit)
    except KeyError_ as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    finally:
        db.close()
    console.print(
        f"created key {name!r}{' (admin)' if admin else ''}; store the secret now, "
        "it cannot be shown again:"
    )
    sys.stdout.write(secret + "\n")


@keys_app.command("list")
def list_command(
    database_url: DatabaseOption = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List keys (name, prefix, admin, rate limit, created, revoked); never the secrets."""
    from service.db.keys import list_keys

    db = _database(database_url)
    try:
        rows = list_keys(db)
    finally:
        db.close()
    items = [
        {
            "name": r.name,
            "prefix": r.prefix,
            "admin": r.admin,
            "rate_limit": r.rate_limit,
            "created_at": r.created_at.isoformat(),
            "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
        }
        for r in rows
    ]
    if as_json:
        sys.stdout.write(json.dumps(items, indent=2) + "\n")
        return
    table = Table(title=f"{len(items)} API keys")
    for column in ("name", "prefix", "admin", "rate limit", "created", "revoked"):
        table.add_column(column)
    for item in items:
        table.add_row(
            item["name"],
            item["prefix"] + "…",
            "yes" if item["admin"] else "",
            "default" if item["rate_limit"] is None else str(item["rate_limit"]),
            item["created_at"][:19],
            (item["revoked_at"] or "")[:19],
        )
    Console().print(table)


@keys_app.command("revoke")
def revoke_command(
    name: Annotated[str, typer.Argument(help="The key's name.")],
    database_url: DatabaseOption = None,
) -> None:
    """Revoke a key (servers stop accepting it within key_cache_seconds)."""
    from service.db.keys import KeyError_, revoke_key

    db = _database(database_url)
    try:
        revoke_key(db, name)
    except KeyError_ as exc:
        console.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    finally:
        db.close()
    console.print(f"revoked key {name!r}")
