"""``serve``: run the REST API with uvicorn (lists load at start, hot swap after ``update``)."""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Annotated

import typer

from service.cli.common import DataDirOption, app, console, settings_with

_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _banner(settings, host: str, port: int, workers: int, db_text: str) -> None:
    where = settings.data_dir or f"embedded demo list ({settings.demo_dir})"
    console.print(
        f"sanctions-screen API on http://{host}:{port} (docs: /docs), "
        f"{workers} worker(s)\n  lists: {where}\n  database: {db_text}"
    )
    if not settings.auth:
        console.print(
            "[bold red]AUTHENTICATION IS OFF[/bold red] (--no-auth / SANCTIONS_AUTH=off): "
            "anyone who can reach this port can screen and read every receipt."
            + (
                ""
                if host in _LOOPBACK
                else " [bold red]And it listens beyond this machine.[/bold red]"
            )
        )


def _export(settings, data_dir, no_auth: bool, database_url: str | None) -> str | None:
    """Worker processes read their settings from the environment."""
    if data_dir is not None:
        os.environ["SANCTIONS_DATA_DIR"] = str(data_dir)
    if no_auth:
        os.environ["SANCTIONS_AUTH"] = "false"
    if database_url:
        os.environ["SANCTIONS_DATABASE_URL"] = database_url
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    created = tempfile.mkdtemp(prefix="sanctions-metrics-")  # workers share metric files
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = created
    return created


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535)] = 8000,
    data_dir: DataDirOption = None,
    no_auth: Annotated[
        bool, typer.Option("--no-auth", help="Accept requests without an API key (local use only).")
    ] = False,
    database_url: Annotated[
        str | None, typer.Option("--database-url", help="SQLAlchemy URL of the audit/key database.")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=32,
            help=("Server processes (each loads its own copy of the lists)."),
        ),
    ] = 1,
    access_log: Annotated[bool, typer.Option("--access-log/--no-access-log")] = False,
    log_level: Annotated[str, typer.Option("--log-level")] = "info",
) -> None:
    """Serve the REST API (POST /v1/screen, ...) until interrupted."""
    import logging

    import uvicorn

    from service.db.session import Database

    logging.basicConfig(
        level=getattr(logging, log_level.upper(), logging.INFO),
        format="%(levelname)s:     %(name)s: %(message)s",
    )

    overrides: dict[str, object] = {"database_url": database_url}
    if no_auth:
        overrides["auth"] = False
    settings = settings_with(data_dir, **overrides)
    db = Database.from_settings(settings)  # create the tables once, before any worker
    db_text = db.describe()
    db.close()
    _banner(settings, host, port, workers, db_text)
    options = dict(
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        timeout_graceful_shutdown=30,
    )
    if workers > 1:
        metrics_dir = _export(settings, data_dir, no_auth, database_url)
        try:
            uvicorn.run("service.api.app:create_app", factory=True, workers=workers, **options)
        finally:
            if metrics_dir:
                shutil.rmtree(metrics_dir, ignore_errors=True)
        return
    from service.api.app import create_app

    uvicorn.run(create_app(settings), **options)
