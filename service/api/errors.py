"""Error answers: every rejection is a JSON ``{"detail": "<one clear sentence>"}``.

Validation errors also list each problem (``errors``: location, message, type).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.api.limits import LIMIT_NAMES
from service.db.audit import AuditError

log = logging.getLogger(__name__)
MAX_LISTED_ERRORS = 20


def _path(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [p for p in loc if p != "body"]
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "body"


def _limit_of(loc: tuple[Any, ...] | list[Any]) -> str | None:
    for part in reversed(loc):
        if isinstance(part, str):
            return LIMIT_NAMES.get(part)
    return None


def describe(error: dict[str, Any]) -> str:
    """One sentence for one pydantic error, naming the field and, if any, the limit."""
    kind, loc, msg = error.get("type", ""), error.get("loc", ()), error.get("msg", "invalid")
    where = _path(loc)
    ctx = error.get("ctx") or {}
    if kind == "json_invalid":
        return f"the request body is not valid JSON ({ctx.get('error', msg)})"
    if kind == "missing" and where == "body":
        return "a JSON request body is required"
    if kind in ("too_long", "string_too_long"):
        limit = _limit_of(loc) or f"at most {ctx.get('max_length')}"
        size = ctx.get("actual_length")
        if size is None and isinstance(error.get("input"), str | list):
            size = len(error["input"])
        unit = "characters" if kind == "string_too_long" else "items"
        return f"{where} is too long ({size} {unit}); limit: {limit}"
    if kind == "extra_forbidden":
        return f"{where}: unknown field"
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    return f"{where}: {msg}"


async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    first = describe(errors[0]) if errors else "invalid request"
    detail = first if len(errors) == 1 else f"{len(errors)} problems in the request; {first}"
    listed = [
        {
            "loc": [str(p) for p in e.get("loc", ())],
            "msg": describe(e),
            "type": str(e.get("type", "")),
        }
        for e in errors[:MAX_LISTED_ERRORS]
    ]
    return JSONResponse({"detail": detail, "errors": listed}, status_code=422)


async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
        return JSONResponse(
            {"detail": "the request body is not valid JSON (it must be UTF-8 encoded)"},
            status_code=422,
        )
    if exc.status_code == 400:  # e.g. a broken multipart upload: the body cannot be read
        return JSONResponse(
            {"detail": f"the request body cannot be read: {exc.detail}"}, status_code=422
        )
    return JSONResponse(
        {"detail": str(exc.detail)},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def audit_error(_request: Request, exc: AuditError) -> JSONResponse:
    log.error("screening not answered: %s", exc)
    return JSONResponse(
        {"detail": "the audit log is unavailable, so the screening was not answered; retry later"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


async def unexpected_error(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=exc)
    return JSONResponse({"detail": "internal error"}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(AuditError, audit_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_error)
