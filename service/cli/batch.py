"""``batch``: screen every row of a CSV or .xlsx table; results as CSV, JSON or .xlsx."""

from __future__ import annotations

import hashlib
import io
import json
import os
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table as RichTable

from service.cli.common import DataDirOption, app, build_engine, console, settings_with


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}")
    return typer.Exit(2)


def _mapping(text: str | None) -> dict | None:
    if not text:
        return None
    if text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(f"--mapping is not valid JSON ({exc})") from exc
    if not isinstance(value, dict):
        raise _fail('--mapping must be a JSON object, e.g. {"name": "Full Name"}')
    return value


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


@app.command("batch")
def batch_command(
    source: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or .xlsx.")],
    output: Annotated[Path, typer.Option("-o", "--output", help=".csv, .json or .xlsx")],
    alerts_only: Annotated[bool, typer.Option("--alerts-only", help="Only alert rows.")] = False,
    data_dir: DataDirOption = None,
    mapping: Annotated[str | None, typer.Option("--mapping", help=(
        'Column roles as JSON (or @file), e.g. {"name": "Full Name", "country": "Nat."}'))] = None,
    threshold: Annotated[float | None, typer.Option("--threshold", min=0, max=1)] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, max=100, help="Hits/row.")] = None,
    min_score: Annotated[float | None, typer.Option("--min-score", min=0, max=1)] = None,
    lists: Annotated[str | None, typer.Option("--lists", help="Comma-separated list ids.")] = None,
    workers: Annotated[int | None, typer.Option("--workers", min=0, max=32, help=(
        "Extra screening processes forked from this one (default: cores - 1; 0: none)."))] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help=".xlsx sheet name.")] = None,
    encoding: Annotated[str | None, typer.Option("--encoding")] = None,
    delimiter: Annotated[str | None, typer.Option("--delimiter")] = None,
    receipt_path: Annotated[Path | None, typer.Option("--receipt", help=(
        "Where the receipt goes (default: OUTPUT.receipt.json)."))] = None,
) -> None:  # fmt: skip
    """Screen every row; exit 1 when a row alerts, 2 when the input is not a usable table."""
    from service.batch.config import get_batch_settings
    from service.batch.export import FORMATS
    from service.batch.screener import ScreenOptions

    fmt = output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise _fail(f"the output must end in .csv, .json or .xlsx, not {output.name!r}")
    bset = get_batch_settings()
    if delimiter in ("\\t", "tab"):
        delimiter = "\t"
    table, plan = _open(source, _mapping(mapping), encoding, delimiter, sheet, bset)
    engine = build_engine(settings_with(data_dir))
    wanted = tuple(x.strip() for x in (lists or "").split(",") if x.strip()) or None
    loaded = {s.list_id for s in engine.snapshots}
    if wanted and (unknown := sorted(set(wanted) - loaded)):
        raise _fail(f"unknown list id(s) {', '.join(unknown)}; loaded: {', '.join(sorted(loaded))}")
    options = ScreenOptions(
        limit=limit or bset.limit, threshold=threshold, lists=wanted,
        min_score=bset.min_score if min_score is None else min_score,
    )  # fmt: skip
    started = time.perf_counter()
    partial = output.with_name(output.name + ".partial")
    builder, receipt, errors = _screen(
        table, plan, engine, options, partial, fmt, alerts_only,
        bset.workers if workers is None else workers, bset.chunk_rows,
    )  # fmt: skip
    os.replace(partial, output)
    if fmt == "csv" or receipt_path is not None:
        target = receipt_path or output.with_name(output.name + ".receipt.json")
        target.write_text(json.dumps(receipt, indent=2, ensure_ascii=False) + "\n", "utf-8")
    _summary(builder, time.perf_counter() - started, output, receipt, errors)
    if builder.alert_rows:
        raise typer.Exit(1)


def _open(source: Path, columns_map: dict | None, encoding, delimiter, sheet, bset):
    """The opened table and its column plan, or exit 2 naming what is wrong."""
    from service.batch.columns import ColumnError, apply_mapping
    from service.batch.detect import NotATableError
    from service.batch.reader import open_table

    try:
        table = open_table(
            source, source.name, encoding=encoding, sheet=sheet, delimiter=delimiter,
            mapped=bool(columns_map), max_columns=bset.max_columns,
        )  # fmt: skip
        plan = apply_mapping(table.columns, columns_map)
    except (NotATableError, ColumnError) as exc:
        raise _fail(str(exc)) from exc
    table.max_field = bset.max_field_chars
    fmt = table.format
    how = f"sheet {fmt.sheet or '1'}" if fmt.kind == "xlsx" else \
        f"{fmt.encoding}, delimiter {fmt.delimiter!r}"  # fmt: skip
    console.print(f"{source.name}: {fmt.kind} ({how}); columns {plan.describe(table.columns)}")
    return table, plan


def _screen(table, plan, engine, options, partial: Path, fmt: str, alerts_only: bool,
            workers: int, chunk_rows: int):  # fmt: skip
    """Stream the table through the screener into the output file, with a progress bar."""
    from service.batch import export
    from service.batch.pipeline import ReceiptBuilder, screen_table
    from service.batch.screener import Screener

    head = {
        "source": {
            "filename": table.name,
            "format": table.format.to_dict(),
            "mapping": plan.describe(table.columns),
        },
        "alerts_only": alerts_only,
    }
    writer = export.writer_for(fmt, table.columns, partial, head)
    builder, errors = ReceiptBuilder(), []
    total = table.count_rows()
    workers = workers if total > chunk_rows else 0  # a small table is not worth a fork
    with ExitStack() as stack:
        screener = stack.enter_context(Screener(engine, options, workers))  # fork before threads
        out = stack.enter_context(partial.open("wb")) if fmt != "xlsx" else io.BytesIO()
        out.write(writer.begin())
        with _progress() as progress:
            task = progress.add_task("rows", total=total, alerts=0)
            for results in screen_table(table, plan, screener, chunk_rows):
                for result in results:
                    builder.add(result)
                    if result.error and len(errors) < 10:
                        errors.append((result.row, result.error))
                out.write(writer.rows(r for r in results if r.alert or not alerts_only))
                progress.update(task, advance=len(results), alerts=builder.alert_rows)
            progress.update(task, total=builder.rows, completed=builder.rows)
        batch = {"filename": table.name, "input_sha256": _sha256(table.path)}
        receipt = builder.build(engine, options, batch).to_dict()
        out.write(writer.end({"receipt": receipt}))
    return builder, receipt, errors


def _progress() -> Progress:
    return Progress(
        TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
        TextColumn("{task.fields[alerts]} alerts"), TimeElapsedColumn(),
        TimeRemainingColumn(), console=console, transient=False,
    )  # fmt: skip


def _summary(builder, seconds: float, output: Path, receipt: dict, errors: list) -> None:
    table = RichTable(title="batch screening", show_header=False)
    rate = builder.rows / seconds if seconds > 0 else 0.0
    for key, value in (
        ("rows", f"{builder.rows:,}"),
        ("screened", f"{builder.queries.count:,}"),
        ("alerts (rows)", f"{builder.alert_rows:,}"),
        ("errors (rows not screened)", f"{builder.error_rows:,}"),
        ("time", f"{seconds:.1f} s ({rate:,.0f} rows/s)"),
        ("output", str(output)),
        ("receipt", f"{receipt['receipt_id']} (digest {receipt['digest'][:16]}...)"),
    ):
        table.add_row(key, value)
    console.print(table)
    for row, reason in errors:
        console.print(f"  row {row}: {reason}")
