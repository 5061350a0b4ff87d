"""`origin-rules serve`: the library as an HTTP service (the `serve` extra: FastAPI and
uvicorn), for systems that are not written in Python.

A door onto the core, never a second copy of it: every route calls `decide_origin`,
`decide_verdict`, `explain`, `decide_change`, `diagnose` and `render`, and the core
never imports this package. docs/service.md describes the endpoints.

    from origin_rules.serve import create_app
    app = create_app()          # any ASGI server; `origin-rules serve` runs uvicorn
"""

from origin_rules.serve.app import Settings, create_app

__all__ = ["Settings", "create_app"]
