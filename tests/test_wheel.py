"""The wheel carries what the command needs outside a checkout: the rule folders and
the examples `origin-rules demo` decides. The test builds the wheel (hatchling, as pip
would), unpacks it as an installer does, and runs the command from it, far from the
source tree (a few seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    """The folder the wheel was unpacked into (as site-packages), and the wheel's files."""
    pytest.importorskip("hatchling", reason="building the wheel needs hatchling (dev extra)")
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    (wheel,) = dist.glob("origin_rules-*.whl")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as z:
        z.extractall(site)
        return site, set(z.namelist())


def run_installed(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Only the unpacked wheel on the path (its dependencies come from this interpreter's
    # site-packages), run from a folder that is not the checkout.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(site), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "origin_rules.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=site.parent,
        env=env,
        timeout=300,
        check=False,
    )


def test_the_wheel_holds_every_example_and_rule_file(installed: tuple[Path, set[str]]) -> None:
    _, names = installed
    for folder in ("examples", "rulesets"):
        shipped = {
            f"origin_rules/{folder}/{p.relative_to(ROOT / folder).as_posix()}"
            for p in (ROOT / folder).rglob("*")
            if p.is_file()
        }
        assert shipped and shipped <= names, sorted(shipped - names)


def test_demo_runs_from_the_installed_wheel(installed: tuple[Path, set[str]]) -> None:
    site, _ = installed
    done = run_installed(site, "demo", "--engine", "python", "--lang", "en")
    assert done.returncode == 0, done.stderr
    count = len(list((ROOT / "examples").glob("*.json")))
    folder = site / "origin_rules" / "examples"
    assert done.stdout.startswith(f"Origin decisions for {count} example file(s) in {folder} ")


def test_check_runs_on_the_installed_rule_folders(installed: tuple[Path, set[str]]) -> None:
    site, _ = installed
    done = run_installed(site, "check")
    assert done.returncode == 0, done.stderr
    root = site / "origin_rules" / "rulesets"
    assert [line.split(": ")[0] for line in done.stdout.splitlines()] == [
        str(root / name) for name in ("changes-2022", "guide-2022", "workflow-2022")
    ]
