"""What the service writes about requests: the server's log, masked, and the optional
decision log.

The server's log (uvicorn's, and this package's) goes through `MaskingFormatter`, which
masks anything that may be an ID number in the whole formatted line, traceback included
(`origin_rules.masking.mask_text`). An access line is only `METHOD PATH STATUS`: no query
string, no client address, and the path masked too (`/v1/rulesets/<anything>`).

The decision log (`origin-rules serve --decision-log FILE`), like the one OPA keeps, is
one JSON line per decision: when, which facts (their hash, never the facts), under
which rules (ruleset id, version, content hash), by which library and data, with which
engine and options, and what was decided. A line is written with one `write` to a file
opened for appending, so the processes of `--workers N` can share one file.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import origin_rules
from origin_rules.decision import Decision
from origin_rules.masking import mask_text
from origin_rules.verdict import Verdict

_LINE = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class MaskingFormatter(logging.Formatter):
    """A formatter whose every line is masked: what may be an ID number never leaves."""

    def __init__(self, fmt: str = _LINE, datefmt: str | None = None) -> None:
        super().__init__(fmt, datefmt)

    def format(self, record: logging.LogRecord) -> str:
        return mask_text(super().format(record))


class AccessLine(logging.Filter):
    """Turns uvicorn's access record (client, method, path?query, version, status) into
    `METHOD PATH STATUS`."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            _client, method, full_path, _version, status = args
            record.msg = "%s %s %s"
            record.args = (method, str(full_path).split("?", 1)[0], status)
        return True


def log_config(level: str = "info") -> dict[str, Any]:
    """The logging configuration uvicorn is started with (each worker applies it)."""
    formatter = {"()": f"{__name__}.MaskingFormatter"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"access": {"()": f"{__name__}.AccessLine"}},
        "formatters": {"masked": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "masked",
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "masked",
                "filters": ["access"],
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "origin_rules": {"handlers": ["default"], "level": level.upper(), "propagate": False},
        },
    }


class DecisionLog:
    """Appends one JSON line per decision to `path` (created with mode 0600)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def close(self) -> None:
        os.close(self._fd)

    def write(self, endpoint: str, result: Decision | Verdict, input_hash: str) -> None:
        entry = log_entry(endpoint, result, input_hash)
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        os.write(self._fd, line.encode("utf-8"))


def log_entry(endpoint: str, result: Decision | Verdict, input_hash: str) -> dict[str, Any]:
    """One decision log line. The applicant's own id is left out (it may be a student
    number or worse): the input hash ties the line to the facts the caller keeps."""
    ruleset = result.ruleset
    options = result.options
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "endpoint": endpoint,
        "input_hash": input_hash,
        "ruleset": None if ruleset is None else ruleset.model_dump(mode="json"),
        "library_version": _carried(result, "library_version") or origin_rules.__version__,
        "data_version": _carried(result, "data_version"),
        "engine": result.engine,
        "decision_date": None if options is None else options.decision_date.isoformat(),
        "interpretations": None if options is None else dict(options.interpretations),
        "outcome": result.outcome.value,
        "decided_by": result.decided_by,
    }


def _carried(result: Decision | Verdict, name: str) -> Any:
    """A version the decision carries, when this build's decisions carry it."""
    value = getattr(result, name, None)
    return value if isinstance(value, str | dict) else None
