"""The ASGI application: `create_app(settings)`, or `app_from_environment()` for
uvicorn's workers, which `origin-rules serve` configures through the environment."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

from origin_rules.divisions.registry import default_registry
from origin_rules.engines import engine_for
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.serve import errors
from origin_rules.serve.docs_page import docs_page
from origin_rules.serve.limits import DEFAULT_MAX_BATCH_BYTES
from origin_rules.serve.log import DecisionLog
from origin_rules.serve.openapi import build_openapi
from origin_rules.serve.page import router as page
from origin_rules.serve.routes_decisions import router as decisions
from origin_rules.serve.routes_requests import router as requests
from origin_rules.serve.routes_rulesets import router as rulesets
from origin_rules.workflow.load import bundled_workflow

ENV_DECISION_LOG = "ORIGIN_RULES_SERVE_DECISION_LOG"
ENV_MAX_BATCH_BYTES = "ORIGIN_RULES_SERVE_MAX_BATCH_BYTES"


@dataclass(frozen=True)
class Settings:
    decision_log: str | None = None  # a JSON Lines file to append each decision to
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES


def settings_from_environment() -> Settings:
    limit = os.environ.get(ENV_MAX_BATCH_BYTES)
    return Settings(
        decision_log=os.environ.get(ENV_DECISION_LOG) or None,
        max_batch_bytes=int(limit) if limit else DEFAULT_MAX_BATCH_BYTES,
    )


def app_from_environment() -> FastAPI:
    """The factory uvicorn calls in each worker (`origin-rules serve`)."""
    return create_app(settings_from_environment())


def warm_up() -> None:
    """Load the rules and the division data and compile both engines before the first
    request, so the first caller is not the one who waits, and a broken installation
    fails at start rather than on a request."""
    for ruleset in bundled_rulesets().values():
        for engine in ("durable", "python"):
            engine_for(ruleset, engine)
    for engine in ("durable", "python"):
        engine_for(bundled_workflow(), engine)
    default_registry().full_name("110000", date(2000, 1, 1))


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm_up()
        log = DecisionLog(settings.decision_log) if settings.decision_log else None
        app.state.decision_log = log
        try:
            yield
        finally:
            if log is not None:
                log.close()

    app = FastAPI(
        title="origin-rules",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads from a CDN: /docs below is self-contained
        redoc_url=None,
        openapi_url=None,  # served below, from build_openapi
    )
    app.state.decision_log = None
    app.state.max_batch_bytes = settings.max_batch_bytes
    errors.install(app)
    app.include_router(decisions)
    app.include_router(requests)
    app.include_router(rulesets)
    app.include_router(page)  # the staff page at / (not in the OpenAPI document)

    def openapi() -> dict[str, Any]:
        return build_openapi(app)

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_json() -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> str:
        return docs_page(app.openapi())

    return app
