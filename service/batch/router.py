"""``/v1/batches``: upload a table (CSV or .xlsx) to screen every row; poll; fetch results.

``build_router(state)`` returns the router; its lifespan starts the batch worker thread
(which resumes unfinished jobs) and stops it at shutdown, so including it is all it takes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import orjson
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from starlette.background import BackgroundTask
from starlette.datastructures import UploadFile

from service.api.auth import Caller
from service.api.routes_screen import ERRORS, check_lists
from service.api.state import ServiceState
from service.batch import export
from service.batch.columns import ColumnError, apply_mapping
from service.batch.config import BatchSettings, get_batch_settings
from service.batch.detect import NotATableError
from service.batch.jobs import JobStore, aware, make_job, new_job_id, storage_root
from service.batch.models import DONE, BatchJob
from service.batch.reader import open_table
from service.batch.worker import BatchWorker

#: The job routes also answer 404 for an unknown (or someone else's) job.
JOB_ERRORS = {**ERRORS, 404: ERRORS[422] | {"description": "No such batch job"}}
FORM_OVERHEAD = 64 * 1024  # multipart boundaries and the small option fields
_FIELDS = ("mapping", "threshold", "limit", "min_score", "lists", "sheet", "encoding", "delimiter")
_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "CSV (any delimiter; UTF-8, UTF-16 or Windows-1252) "
                                        "or .xlsx with a header row"},
                "mapping": {"type": "string", "description":
                            'JSON: {"name": "<column>", "first_name": ..., "last_name": ..., '
                            '"type": ..., "birth_date": ..., "country": [...], "id": ..., '
                            '"identifiers": {"<column>": "passport"}, "detect": true}; '
                            "columns by header or 1-based number"},
                "threshold": {"type": "number", "minimum": 0, "maximum": 1},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 5},
                "min_score": {"type": "number", "minimum": 0, "maximum": 1, "default": 0.5},
                "lists": {"type": "string", "description": "comma-separated list ids"},
                "sheet": {"type": "string"},
                "encoding": {"type": "string"},
                "delimiter": {"type": "string"},
            }}}},
    }
}  # fmt: skip


class _TooLarge(Exception):
    pass


def _number(form: dict[str, str], key: str, kind: type, low: float, high: float) -> Any:
    raw = form.get(key)
    if raw in (None, ""):
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise HTTPException(422, f"{key}: not a {kind.__name__} ({raw[:40]!r})") from None
    if not low <= value <= high:
        raise HTTPException(422, f"{key}: must be between {low:g} and {high:g}")
    return value


def parse_options(form: dict[str, str], settings: BatchSettings) -> dict[str, Any]:
    """The job options from the form fields; 422 naming the field when one is wrong."""
    mapping = None
    if form.get("mapping"):
        try:
            mapping = orjson.loads(form["mapping"])
        except orjson.JSONDecodeError as exc:
            raise HTTPException(422, f"mapping: not valid JSON ({exc})") from None
        if not isinstance(mapping, dict):
            raise HTTPException(422, "mapping: must be a JSON object {role: column}")
    lists_raw = (form.get("lists") or "").strip()
    if lists_raw.startswith("["):
        try:
            lists = [str(x) for x in orjson.loads(lists_raw)]
        except orjson.JSONDecodeError:
            raise HTTPException(422, "lists: not a valid JSON array") from None
    else:
        lists = [x.strip() for x in lists_raw.split(",") if x.strip()]
    delimiter = form.get("delimiter") or None
    if delimiter in ("\\t", "tab", "TAB"):
        delimiter = "\t"
    limit = _number(form, "limit", int, 1, 100)
    min_score = _number(form, "min_score", float, 0, 1)
    return {
        "mapping": mapping,
        "threshold": _number(form, "threshold", float, 0, 1),
        "limit": limit or settings.limit,
        "min_score": settings.min_score if min_score is None else min_score,
        "lists": lists or None,
        "sheet": form.get("sheet") or None,
        "encoding": form.get("encoding") or None,
        "delimiter": delimiter,
    }


async def read_form(request: Request, limit: int) -> tuple[UploadFile, dict[str, str]]:
    """The multipart form, refusing (413) a body over ``limit`` while it streams in."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + FORM_OVERHEAD:
        raise HTTPException(
            413,
            f"upload too large: {declared} bytes; the limit is {limit} "
            "bytes (SANCTIONS_BATCH_MAX_UPLOAD_BYTES)",
        )
    received = 0
    receive = request.receive

    async def counted() -> Any:
        nonlocal received
        message = await receive()
        received += len(message.get("body", b""))
        if received > limit + FORM_OVERHEAD:
            raise _TooLarge
        return message

    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPException(422, "send the table as multipart/form-data with a 'file' field")
    try:
        form = await Request(request.scope, counted).form(max_files=1, max_fields=20)
    except _TooLarge:
        raise HTTPException(
            413,
            f"upload too large: more than {limit} bytes (the limit; "
            "SANCTIONS_BATCH_MAX_UPLOAD_BYTES)",
        ) from None
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        raise HTTPException(422, "the multipart field 'file' (the table) is missing")
    fields = {k: v for k, v in form.items() if isinstance(v, str) and k in _FIELDS}
    return upload, fields


def _save(upload: UploadFile, folder: Path, limit: int) -> tuple[Path, int, str]:
    """Copy the upload next to the job, hashing it; 413 if it is over the limit after all."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "upload"  # what it is comes from its content, not its name
    digest, size = hashlib.sha256(), 0
    upload.file.seek(0)
    with path.open("wb") as out:
        while block := upload.file.read(1 << 20):
            size += len(block)
            if size > limit:
                raise HTTPException(413, f"upload too large: more than {limit} bytes")
            digest.update(block)
            out.write(block)
    return path, size, digest.hexdigest()


def _iso(moment: Any) -> str | None:
    moment = aware(moment)
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def job_dict(job: BatchJob) -> dict[str, Any]:
    from service.batch.columns import ColumnPlan

    total = job.rows_total
    base = f"/v1/batches/{job.id}"
    return {
        "id": job.id,
        "status": job.status,
        "filename": job.filename,
        "created_at": _iso(job.created_at),
        "started_at": _iso(job.started_at),
        "finished_at": _iso(job.finished_at),
        "rows_total": total,
        "rows_done": job.rows_done or 0,
        "progress": round((job.rows_done or 0) / total, 4) if total else None,
        "alerts": job.alert_rows or 0,
        "errors": job.error_rows or 0,
        "warnings": job.warning_rows or 0,
        "error_rows": job.errors_sample or [],
        "format": job.table_format,
        "columns": job.columns,
        "mapping": ColumnPlan.from_dict(job.plan).describe(job.columns),
        "options": job.options,
        "runs": job.runs or 0,
        "seconds": round(job.seconds or 0.0, 3),
        "failure": job.failure,
        "receipt": job.receipt,
        "results": {f: f"{base}/results?format={f}" for f in export.FORMATS},
    }


def _visible(job: BatchJob | None, caller: Caller, job_id: str) -> BatchJob:
    if job is None or not (caller.admin or caller.name == job.key_name):
        raise HTTPException(404, f"no batch job {job_id!r} for this key")
    return job


def _stream(store: JobStore, job: BatchJob, fmt: str, alerts_only: bool) -> Iterator[bytes]:
    head = {"job": job_dict(job), "alerts_only": alerts_only}
    writer = export.writer_for(fmt, job.columns, head=head)
    yield writer.begin()
    for page in store.iter_rows(job.id, alerts_only):
        yield writer.rows(page)
    yield writer.end({"receipt": job.receipt})


def _xlsx(store: JobStore, job: BatchJob, alerts_only: bool) -> Path:
    descriptor, name = tempfile.mkstemp(prefix="batch-", suffix=".xlsx")
    os.close(descriptor)
    writer = export.XlsxWriter(job.columns, Path(name))
    writer.begin()
    for page in store.iter_rows(job.id, alerts_only):
        writer.rows(page)
    writer.end({"receipt": job.receipt})
    return Path(name)


def build_router(state: ServiceState, settings: BatchSettings | None = None) -> APIRouter:
    settings = settings or get_batch_settings()
    store = JobStore(state.db)
    root = storage_root(settings.dir, state.settings.state_dir)
    worker = BatchWorker(store, lambda: state.holder.engine, settings, audit=state.audit)

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        app.state.batch_worker = worker  # for tests and admin tools
        worker.start()
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(worker.stop)

    router = APIRouter(prefix="/v1", tags=["batch"], lifespan=lifespan)

    @router.post("/batches", status_code=202, openapi_extra=_UPLOAD_DOC, summary="Screen a table",
                 responses={**ERRORS, 413: ERRORS[413]})  # fmt: skip
    async def create(request: Request, caller: Caller = Depends(state.auth)) -> JSONResponse:
        """Upload a CSV or .xlsx table; every row is screened in the background (202 + job).

        Name, type, birth date, country and identifier columns are found from common headers
        (English, German, French, Spanish, Italian, Portuguese, Dutch, Polish, Russian) or
        taken from ``mapping``. A file that is not a table is refused with 422.
        """
        upload, form = await read_form(request, settings.max_upload_bytes)
        options = parse_options(form, settings)
        engine = state.holder.engine
        if engine is not None:
            check_lists(engine, options["lists"])
        job_id = new_job_id()
        folder = root / job_id
        name = (upload.filename or "upload.csv")[:300]
        try:
            path, size, digest = await anyio.to_thread.run_sync(
                _save, upload, folder, settings.max_upload_bytes
            )
            table = await anyio.to_thread.run_sync(
                lambda: open_table(
                    path,
                    name,
                    encoding=options["encoding"],
                    delimiter=options["delimiter"],
                    sheet=options["sheet"],
                    mapped=bool(options["mapping"]),
                    max_columns=settings.max_columns,
                )
            )
            plan = apply_mapping(table.columns, options["mapping"])
        except (NotATableError, ColumnError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(422, str(exc)) from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        finally:
            await upload.close()
        keep = {k: options[k] for k in ("threshold", "limit", "min_score", "lists", "mapping")}
        job = make_job(
            job_id,
            table,
            plan,
            path,
            filename=name,
            size=size,
            sha=digest,
            options=keep,
            key_name=caller.name,
        )
        await anyio.to_thread.run_sync(store.create, job)
        worker.wake()
        return JSONResponse(
            job_dict(job), status_code=202, headers={"Location": f"/v1/batches/{job_id}"}
        )

    @router.get("/batches", summary="Your recent batch jobs", responses=ERRORS)
    async def recent(caller: Caller = Depends(state.auth)) -> JSONResponse:
        jobs = await anyio.to_thread.run_sync(store.recent, caller.name, caller.admin)
        return JSONResponse({"jobs": [job_dict(j) for j in jobs]})

    @router.get("/batches/{job_id}", summary="Status of a batch job", responses=JOB_ERRORS)
    async def status(job_id: str, caller: Caller = Depends(state.auth)) -> JSONResponse:
        """Status, rows done / total, alerts and errors so far; the receipt once done."""
        job = _visible(await anyio.to_thread.run_sync(store.get, job_id[:40]), caller, job_id)
        return JSONResponse(job_dict(job))

    @router.get(
        "/batches/{job_id}/results",
        summary="Results of a finished batch job",
        responses={**JOB_ERRORS, 409: ERRORS[422] | {"description": "Not finished"}},
    )
    async def results(
        job_id: str,
        format: str = Query("csv", pattern="^(csv|json|xlsx)$"),  # noqa: A002 - API name
        alerts_only: bool = Query(False),
        caller: Caller = Depends(state.auth),
    ) -> Any:
        """Every input row with its columns plus the best hit and all hits (JSON); the receipt
        is in the JSON body, the xlsx ``receipt`` sheet, and the ``X-Receipt-*`` headers."""
        job = _visible(await anyio.to_thread.run_sync(store.get, job_id[:40]), caller, job_id)
        if job.status != DONE:
            detail = (
                f"batch job {job_id} is {job.status} ({job.rows_done or 0} of "
                f"{job.rows_total if job.rows_total is not None else '?'} rows done)"
            )
            raise HTTPException(409, detail + (f": {job.failure}" if job.failure else ""))
        receipt = job.receipt or {}
        stem = Path(job.filename).stem or "batch"
        headers = {
            "Content-Disposition": f'attachment; filename="{_ascii(stem)}-screened.{format}"',
            "X-Receipt-Id": str(receipt.get("receipt_id", "")),
            "X-Receipt-Digest": str(receipt.get("digest", "")),
            "X-Receipt-Lists": ",".join(
                f"{x['list_id']}@{x['version']}" for x in receipt.get("lists") or []
            ),
        }
        if format == "xlsx":
            path = await anyio.to_thread.run_sync(_xlsx, store, job, alerts_only)
            return FileResponse(
                path,
                media_type=export.MEDIA_TYPES["xlsx"],
                headers=headers,
                background=BackgroundTask(path.unlink, missing_ok=True),
            )
        return StreamingResponse(
            _stream(store, job, format, alerts_only),
            media_type=export.MEDIA_TYPES[format],
            headers=headers,
        )

    return router


def _ascii(text: str) -> str:
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in text)[:80]
