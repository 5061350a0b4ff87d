"""The `origin-rules` command run as a subprocess, the way users and scripts run it
(`run_cli`), or in this process (`run_main`), and its subcommands' parsers: helpers for
the tests of every subcommand (import them as `from cli_helpers import run_cli`, as
tests import `conftest`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


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


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command run in this process (its own code path, without a new interpreter
    per run): exit code, stdout, stderr."""
    from origin_rules.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def subcommands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every subcommand's parser (nested ones too, as `forms change-form`), with the
    words that name it."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield (*path, name), sub
                yield from subcommands(sub, (*path, name))


def leaf_commands() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """The subcommands that run (not `forms` itself, which only holds the forms)."""
    from origin_rules.cli import build_parser

    return [
        (words, p)
        for words, p in subcommands(build_parser())
        if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)
    ]
