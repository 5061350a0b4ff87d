"""`origin-rules serve`: the library as an HTTP service (origin_rules.serve), run by
uvicorn. Needs the `serve` extra (FastAPI and uvicorn)."""

from __future__ import annotations

import argparse
import os

from origin_rules.cli.common import EXIT_OK, Fatal, add_command

EXAMPLES = """\
Examples:
  origin-rules serve                                  # http://127.0.0.1:8000, one process
  origin-rules serve --host 0.0.0.0 --port 8080 --workers 2
  origin-rules serve --decision-log decisions.jsonl   # one JSON line per decision
  curl -s -X POST --data-binary @examples/bachelor-panyu.json \\
      'http://127.0.0.1:8000/v1/decisions?format=text'

Endpoints: POST /v1/decisions, /v1/verdicts, /v1/explanations, /v1/changes,
/v1/diagnoses, /v1/decisions:batch (JSON Lines); GET /v1/schema, /v1/rulesets,
/v1/rulesets/{id}, /healthz; the API at /docs and /openapi.json. docs/service.md
describes them. The log shows each request as METHOD PATH STATUS only, masked.

Exit codes: 0 stopped (Ctrl-C, SIGTERM); 2 bad option or the extra not installed.
"""


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        import origin_rules.serve  # noqa: F401  (FastAPI is there)
    except ImportError as exc:
        raise Fatal(
            f"the service needs the `serve` extra ({exc}): pip install 'origin-rules[serve]'"
        ) from None
    from origin_rules.serve.app import ENV_DECISION_LOG, ENV_MAX_BATCH_BYTES
    from origin_rules.serve.log import log_config

    if args.workers < 1:
        raise Fatal(f"--workers: expected at least 1, got {args.workers}")
    if not 0 < args.port < 65536:
        raise Fatal(f"--port: expected 1 to 65535, got {args.port}")
    if args.decision_log:
        try:
            open(args.decision_log, "a", encoding="utf-8").close()
        except OSError as exc:
            raise Fatal(f"--decision-log {args.decision_log}: {exc.strerror or exc}") from None
        # The workers read their settings from the environment they are started with.
        os.environ[ENV_DECISION_LOG] = os.path.abspath(args.decision_log)
    if args.batch_limit_mb is not None:
        if args.batch_limit_mb < 1:
            raise Fatal(f"--batch-limit-mb: expected at least 1, got {args.batch_limit_mb}")
        os.environ[ENV_MAX_BATCH_BYTES] = str(args.batch_limit_mb * 1024 * 1024)
    uvicorn.run(
        "origin_rules.serve.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_config=log_config(args.log_level),
        log_level=args.log_level,
        server_header=False,
    )
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "serve",
        "Run the HTTP service: decisions, explanations, change requests and diagnoses "
        "as JSON over HTTP (needs the `serve` extra).",
        EXAMPLES,
        cmd_serve,
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )
    p.add_argument(
        "--decision-log",
        metavar="FILE",
        help="append one JSON line per decision (time, input hash, ruleset hash, versions, "
        "outcome, deciding rule; never the facts) to FILE",
    )
    p.add_argument(
        "--batch-limit-mb",
        type=int,
        metavar="MB",
        help="largest body POST /v1/decisions:batch takes (default 64)",
    )
    p.add_argument(
        "--log-level",
        choices=("critical", "error", "warning", "info", "debug"),
        default="info",
        help="the server log's level (default info)",
    )
