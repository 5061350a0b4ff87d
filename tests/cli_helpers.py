"""The `origin-rules` command run as a subprocess, the way users and scripts run it: one
helper for the tests of every subcommand (import it as `from cli_helpers import run_cli`,
as tests import `conftest`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """The command's exit code, stdout and stderr; never raises on a non-zero exit."""
    # The command writes Chinese: UTF-8 both ways, whatever the platform's locale.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "origin_rules.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=cwd,
        env=env,
        check=False,
    )
