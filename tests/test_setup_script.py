"""scripts/setup.sh (sourced by scripts/test.sh and scripts/demo.sh): a PYTHON that does
not run is reported as not running, not as too old; one that runs but is too old as too
old. Each case runs the script's `setup` in bash, in an empty folder, and stops before
any virtual environment is made."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parents[1] / "scripts" / "setup.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def setup_with(python: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", f'source "{SETUP}"; setup'],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "PYTHON": python},
        check=False,
    )


def fake_python(folder: Path, body: str) -> Path:
    path = folder / "python-fake"
    path.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_file_that_is_not_executable_does_not_run(tmp_path: Path) -> None:
    path = tmp_path / "python3"
    path.write_text("not a program\n", encoding="utf-8")
    done = setup_with(str(path), tmp_path)
    assert done.returncode == 2
    assert f"PYTHON={path} does not run" in done.stderr
    assert "3.11 or newer" not in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_program_that_fails_does_not_run_and_its_error_is_shown(tmp_path: Path) -> None:
    path = fake_python(tmp_path, 'echo "bad interpreter: libpython missing" >&2; exit 127')
    done = setup_with(str(path), tmp_path)
    assert done.returncode == 2
    assert "does not run as a Python 3 interpreter" in done.stderr
    assert "bad interpreter: libpython missing" in done.stderr
    assert "3.11 or newer" not in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_a_python_2_is_not_a_python_3(tmp_path: Path) -> None:
    path = fake_python(tmp_path, "echo 2")
    done = setup_with(str(path), tmp_path)
    assert done.returncode == 2
    assert "does not run as a Python 3 interpreter" in done.stderr


def test_a_python_that_runs_but_is_too_old_is_too_old(tmp_path: Path) -> None:
    # Answers the first question (the major version) and fails the version check.
    path = fake_python(
        tmp_path,
        'case "$2" in *"print(sys.version_info[0])"*) echo 3 ;; '
        '*"sys.exit"*) exit 1 ;; *) echo "Python 3.9.18" ;; esac',
    )
    done = setup_with(str(path), tmp_path)
    assert done.returncode == 2
    assert "needs Python 3.11 or newer" in done.stderr and "Python 3.9.18" in done.stderr


def test_a_name_not_on_path_is_reported_as_such(tmp_path: Path) -> None:
    done = setup_with("python-that-is-nowhere", tmp_path)
    assert done.returncode == 2
    assert "no Python interpreter 'python-that-is-nowhere' on PATH" in done.stderr
