"""`origin-rules serve`'s own options: a bad one stops it before it listens (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from origin_rules.cli import main


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--workers", "0"], "--workers"),
        (["--port", "70000"], "--port"),
        (["--batch-limit-mb", "0"], "--batch-limit-mb"),
    ],
)
def test_a_bad_option_exits_2_naming_it(
    args: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *args]) == 2
    assert named in capsys.readouterr().err


def test_a_decision_log_that_cannot_be_written_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder" / "decisions.jsonl"
    assert main(["serve", "--decision-log", str(missing)]) == 2
    assert "--decision-log" in capsys.readouterr().err


def test_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["serve", "--help"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    for option in ("--host", "--port", "--workers", "--decision-log"):
        assert option in shown
