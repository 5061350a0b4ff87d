"""The successor table against the area-diff data it comes from (issue 12), and the page
that lists it.

The agreement test needs a local copy of yescallop/areacodes
($ORIGIN_RULES_AREACODES, default /work/.mirror/yescallop+areacodes/repo) and skips,
saying so, where there is none; the page test needs only the committed data.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MEASURE = REPO / "scripts" / "measure_division_changes.py"
PAGE_SCRIPT = REPO / "scripts" / "division_changes_doc.py"


def _run(script: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_every_code_abolished_2001_2021_resolves_as_the_area_diff_data_says() -> None:
    # A record at the old code dated the last day of its last year-end table, decided on
    # 2022-06-30: a whole successor is `succeeded` with it, a split `uncertain` with
    # exactly the divisions that received territory, following later changes.
    result = _run(MEASURE)
    if result.returncode == 2 and "is missing" in result.stderr:
        pytest.skip(f"no copy of yescallop/areacodes here ({result.stderr.strip()})")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith(
        "690 of 690 county-level codes abolished 2001-2021 resolve on 2022-06-30 as the "
        "area-diff data says"
    ), result.stdout


def test_the_measure_sees_a_disagreement(tmp_path: Path) -> None:
    # The measure is not vacuous: decided in 2021, the 2021 changes are in the decision
    # year, so the registry sends them to review and they no longer agree.
    result = _run(MEASURE, "--from", "2021", "--to", "2021", "--on", "2021-10-10")
    if result.returncode == 2 and "is missing" in result.stderr:
        pytest.skip(f"no copy of yescallop/areacodes here ({result.stderr.strip()})")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "differs: 330103 下城区 (2021)" in result.stdout


def test_the_changes_page_is_current() -> None:
    result = _run(PAGE_SCRIPT, "--check")
    assert result.returncode == 0, result.stdout + result.stderr
