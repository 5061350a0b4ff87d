"""The errors a request can get, as JSON: `{"error": {"kind", "message", ...}}`, the
shape `origin-rules decide` writes for a record it cannot decide.

    400 invalid_json     the body is not JSON (with its line and column)
    400 invalid_option   a query option: unknown interpretation, reading, ruleset, date
    404 not_found        an unknown ruleset id or path
    406 format_unavailable  a format this installation cannot render
    413 body_too_large   the body exceeds the limit (limits.py)
    422 invalid_facts    the facts, request or state are malformed: `fields` lists each
                         problem with its path, message and value, as `InvalidFactsError`
    500 internal_error   a bug: nothing of the input is echoed

Everything an error quotes is masked (`origin_rules.masking`): an ID number in the
input never comes back, nor reaches a log.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from origin_rules.errors import FactError, InvalidFactsError, InvalidOptionError
from origin_rules.input_limits import JsonTextError
from origin_rules.masking import excerpt, quote

LOG = logging.getLogger("origin_rules.serve")


class ApiError(Exception):
    """An error answered as JSON with `status`."""

    def __init__(self, status: int, kind: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        # Masked, and bounded well above the longest message that lists what may be
        # chosen instead (every interpretation of the bundled rulesets).
        self.body: dict[str, Any] = {"kind": kind, "message": excerpt(message, 2000), **extra}

    def response(self, headers: Mapping[str, str] | None = None) -> JSONResponse:
        return JSONResponse({"error": self.body}, status_code=self.status, headers=headers)


def facts_error(errors: list[FactError], what: str) -> ApiError:
    """422 listing every problem with its field path (masked when the FactError was made);
    the value is left out for a missing field, as `origin-rules decide` does."""
    fields = [
        {"path": e.path, "message": e.message}
        if e.message == "Field required"
        else {"path": e.path, "message": e.message, "value": e.value}
        for e in errors
    ]
    return ApiError(422, "invalid_facts", f"{len(errors)} problem(s) in {what}", fields=fields)


def option_error(exc: InvalidOptionError) -> ApiError:
    return ApiError(400, "invalid_option", str(exc))


def json_error(exc: JsonTextError) -> ApiError:
    where = {} if exc.column is None else {"line": exc.line, "column": exc.column}
    return ApiError(400, "invalid_json", exc.message, **where)


def install(app: FastAPI) -> None:
    """Answer every error as JSON of the shape above."""

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(InvalidFactsError)
    async def _facts(request: Request, exc: InvalidFactsError) -> JSONResponse:
        return facts_error(exc.errors, "the input").response()

    @app.exception_handler(InvalidOptionError)
    async def _option(request: Request, exc: InvalidOptionError) -> JSONResponse:
        return option_error(exc).response()

    @app.exception_handler(RequestValidationError)
    async def _query(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Only query and path parameters are validated by FastAPI here (bodies are read
        # by the library): a bad option is 400, with the parameter named.
        fields = [
            {
                "path": ".".join(excerpt(str(p)) for p in e.get("loc", ())),
                "message": excerpt(str(e.get("msg", "")), 400),
                "value": quote(e.get("input")),
            }
            for e in exc.errors()
        ]
        body = ApiError(
            400, "invalid_option", f"{len(fields)} problem(s) in the query", fields=fields
        )
        return body.response()

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        # Starlette's own headers kept: a 405 names the methods allowed (Allow).
        return ApiError(exc.status_code, kind, str(exc.detail)).response(exc.headers)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        # The log line is masked by its formatter (log.py); the answer quotes nothing.
        LOG.exception("internal error on %s %s", request.method, request.url.path)
        return ApiError(
            500, "internal_error", "internal error (a bug): please report it with the input"
        ).response()
