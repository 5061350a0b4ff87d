"""The conventions every subcommand keeps (docs/cli.md): --format names a format,
-o/--output FILE the file written (whole or not at all), the old spellings still work
with a deprecation message, and `check` takes every kind of rule folder. The help's
examples, start-up and completion: tests/test_cli_help_and_startup.py.

The tests call `main` in this process (the command's own code path, without a new
interpreter per run)."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
from pathlib import Path

import pytest
from cli_helpers import leaf_commands, subcommands
from cli_helpers import run_main as run

from origin_rules.cli import build_parser, examples_folder, main
from origin_rules.cli.common import output_stream

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = examples_folder()
APPLICANT = str(EXAMPLES / "graduate-jia.json")
REQUEST = str(EXAMPLES / "changes" / "origin-parents-moved.json")
STATE = str(EXAMPLES / "workflow" / "department-cannot-see.json")
PY = ["--engine", "python"]


# --- -o/--output FILE everywhere ------------------------------------------------------

# Each command that writes a document, as run here; -o FILE must write what stdout shows.
WRITERS = {
    "decide": ["decide", *PY, APPLICANT],
    "decide --format text": ["decide", *PY, APPLICANT, "--format", "text"],
    "decide --jsonl": ["decide", *PY, "--jsonl", "JSONL"],
    # A budget the search finishes within (in about a second), so both runs find the same.
    "explain": ["explain", str(EXAMPLES / "bachelor-haidian.json"), "--budget", "120"],
    "change": ["change", *PY, REQUEST, "--format", "json"],
    "diagnose": ["diagnose", *PY, STATE, "--as-of", "2022-03-01"],
    "demo": ["demo", *PY, "--lang", "en"],
    "schema": ["schema"],
    "rules": ["rules", "--lang", "en"],
    "workflow-rules": ["workflow-rules"],
    "lint": ["lint", "--format", "json"],
    "completion": ["completion", "bash"],
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_output_file_holds_what_stdout_shows(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = WRITERS[name]
    if args[-1] == "JSONL":  # a JSON Lines input of two applicants
        source = tmp_path / "in.jsonl"
        both = [APPLICANT, str(EXAMPLES / "bachelor-panyu.json")]
        source.write_text(
            "".join(json.dumps(json.loads(Path(f).read_bytes())) + "\n" for f in both)
        )
        args = [*args[:-1], str(source)]
    code, shown, _ = run(capsys, *args)
    assert shown, "the command wrote nothing to stdout"
    target = tmp_path / "out"
    code_to_file, on_stdout, _ = run(capsys, *args, "-o", str(target))
    assert code_to_file == code
    assert on_stdout == ""
    assert target.read_text("utf-8") == shown
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_decide_output_file_without_batch_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The reported bug: `decide a.json -o x.json` exited 0 and wrote nothing."""
    target = tmp_path / "x.json"
    code, out, err = run(capsys, "decide", *PY, APPLICANT, "-o", str(target))
    assert (code, out, err) == (0, "", "")
    assert json.loads(target.read_text("utf-8"))["applicant_id"] == "example-jia"


def test_every_command_that_writes_takes_output_and_check_refuses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    without = []
    for words, p in leaf_commands():
        strings = {s for a in p._actions for s in a.option_strings}
        if not {"-o", "--output"} <= strings:
            without.append(" ".join(words))
    # Commands that write no document: `check` reports on folders and `test` on policy
    # cases (a line each, as a test runner does); a server (`serve`) answers requests.
    assert "check" in without and set(without) <= {"check", "test", "serve"}, without
    target = tmp_path / "report"
    with pytest.raises(SystemExit) as exit_:
        main(["check", "-o", str(target)])
    assert exit_.value.code == 2
    assert "unrecognized arguments: -o" in capsys.readouterr().err
    assert not target.exists()


def test_a_failed_run_leaves_an_existing_output_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from origin_rules.cli import records

    target = tmp_path / "decisions.jsonl"
    target.write_text("the run before\n", encoding="utf-8")
    seen = []

    def crash_on_the_second(record: records.Record, options: object) -> object:
        seen.append(record)
        if len(seen) == 2:
            raise RuntimeError("a bug")
        return real(record, options)  # type: ignore[arg-type]

    real = records.decide_record
    monkeypatch.setattr(records, "decide_record", crash_on_the_second)
    code, _, err = run(capsys, "decide", *PY, APPLICANT, APPLICANT, "--jsonl", "-o", str(target))
    assert code == 3 and "internal error" in err
    assert target.read_text("utf-8") == "the run before\n"
    assert sorted(os.listdir(tmp_path)) == ["decisions.jsonl"]  # no temporary file left


def test_output_is_never_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "a.json"
    source.write_bytes(Path(APPLICANT).read_bytes())
    link = tmp_path / "link.json"
    link.symlink_to(source)
    code, _, err = run(capsys, "decide", *PY, str(source), "-o", str(link))
    assert code == 2 and "that is an input" in err
    assert source.read_bytes() == Path(APPLICANT).read_bytes()


def test_output_into_a_missing_folder_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "schema", "-o", str(tmp_path / "nowhere" / "s.json"))
    assert code == 2
    assert "cannot write: No such file or directory" in err


def test_output_that_is_a_folder_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "schema", "-o", str(tmp_path))
    assert code == 2 and "that is a folder" in err
    assert os.listdir(tmp_path) == []


def test_output_dash_is_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "-o", "-")
    assert code == 0 and json.loads(out)["title"] == "Applicant"


def test_output_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        with output_stream(str(tmp_path / "out.txt")) as out:
            out.write("x\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


# --- --format for formats; the old spellings -------------------------------------------


def test_old_output_format_spelling_still_works_and_says_what_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, new, err = run(capsys, "decide", *PY, APPLICANT, "--format", "md")
    assert code == 0 and err == ""
    code, old, err = run(capsys, "decide", *PY, APPLICANT, "--output", "md")
    assert code == 0 and old == new
    assert "--output md is deprecated: write --format md instead" in err
    # -o names a file even when the name is a format's.
    os.chdir(tmp_path)
    code, out, err = run(capsys, "decide", *PY, APPLICANT, "-o", "text")
    assert (code, out, err) == (0, "", "")
    assert json.loads((tmp_path / "text").read_text("utf-8"))["outcome"] == "determined"


def test_old_spelling_and_format_must_agree(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "decide", *PY, APPLICANT, "--output", "text", "--format", "md")
    assert code == 2
    assert "--format md and --output text (the old spelling of --format text) disagree" in err


def test_old_batch_spellings_still_work(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(json.loads(Path(APPLICANT).read_text("utf-8"))) + "\n")
    new, old = tmp_path / "new.csv", tmp_path / "old.csv"
    batch = ["decide", "--batch", *PY, str(source), "--quiet"]
    assert run(capsys, *batch, "--format", "csv", "-o", str(new))[0] == 0
    code, _, err = run(capsys, *batch, "--output-format", "csv", "--out", str(old))
    assert code == 0
    assert "--output-format csv is deprecated: write --format csv instead" in err
    assert "--out is deprecated: write -o/--output" in err
    assert old.read_bytes() == new.read_bytes()


def test_formats_decide_does_not_write_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "decide", *PY, APPLICANT, "--format", "csv")
    assert code == 2 and "--format csv: only with --batch" in err
    code, _, err = run(capsys, "decide", "--batch", *PY, APPLICANT, "--format", "md")
    assert code == 2 and "--format md: --batch writes jsonl or csv" in err


def test_no_subcommand_names_a_format_with_output() -> None:
    """--output is a file everywhere: no visible option but --format takes formats."""
    for words, p in subcommands(build_parser()):
        for action in p._actions:
            if action.help == argparse.SUPPRESS or not action.option_strings:
                continue
            if "--output" in action.option_strings:
                assert action.metavar == "FILE", words
            if action.choices and {"json", "csv", "text", "md"} & set(action.choices):
                # --format, or --input-format for what decide --batch reads.
                assert action.option_strings in (["--format"], ["--input-format"]), (
                    words,
                    action.option_strings,
                )


# --- check: every kind of rule folder ----------------------------------------------------


def test_check_validates_every_kind_of_bundled_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split(": ")[1].split()[0] for line in lines] == [
        "changes-2022",
        "guide-2022",
        "workflow-2022",
    ]
    root = ROOT / "rulesets"
    for name in ("changes-2022", "workflow-2022"):
        code, out, err = run(capsys, "check", str(root / name))
        assert code == 0 and err == ""
        assert out.startswith(f"{root / name}: {name} ") and " OK: " in out
    code, out, _ = run(capsys, "workflow-rules", "--check")
    assert code == 0 and out.startswith(str(root / "workflow-2022")) and "OK" in out


def test_check_reports_a_broken_change_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    folder = tmp_path / "changes"
    shutil.copytree(ROOT / "rulesets" / "changes-2022", folder)
    (folder / "forms.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    code, out, err = run(capsys, "check", str(folder))
    assert code == 2 and out == ""
    assert f"{folder / 'forms.yaml'}: " in err
    assert f"{folder}: 1 problem(s)" in err or re.search(
        rf"{re.escape(str(folder))}: \d+ problem", err
    )


# --- output_stream ------------------------------------------------------------------


def test_output_stream_writes_utf8_with_unix_line_ends(tmp_path: Path) -> None:
    with output_stream(str(tmp_path / "x.txt")) as out:
        out.write("生源地\n")
    assert (tmp_path / "x.txt").read_bytes() == "生源地\n".encode()


def test_output_stream_to_stdout_is_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.StringIO()
    monkeypatch.setattr(sys, "stdout", fake)
    with output_stream(None) as out:
        assert out is fake


# --- docs/cli.md ---------------------------------------------------------------------


def test_the_conventions_page_lists_each_commands_formats() -> None:
    """docs/cli.md's table of formats is the parser's: a format added to a command must
    be added there too."""
    page = (ROOT / "docs" / "cli.md").read_text("utf-8")
    documented: dict[str, set[str]] = {}
    for row in re.findall(r"^ *\| (`[^|]+`) \| ([^|]+) \|$", page, re.M):
        commands = re.findall(r"`([a-z -]+)`", row[0])
        formats = set(
            re.findall(r"\b(json|jsonl|text|md|csv|xlsx|html)\b", re.sub(r"`[^`]*`", "", row[1]))
        )
        for command in commands:
            documented[command] = formats
    actual = {
        " ".join(words): set(action.choices or ())
        for words, p in subcommands(build_parser())
        for action in p._actions
        if action.option_strings == ["--format"]
    }
    assert documented == actual
