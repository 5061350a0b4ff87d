"""The conventions every subcommand keeps (docs/cli.md): --format names a format,
-o/--output FILE the file written (whole or not at all), the old spellings still work
with a deprecation message, every --help example runs as written, and building the
parser (--version, --help) loads none of the library's heavy parts.

Most tests call `main` in this process (the command's own code path, without a new
interpreter per run); those about imports run a fresh interpreter."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

import origin_rules
from origin_rules.cli import build_parser, examples_folder, main
from origin_rules.cli import common as cli_common
from origin_rules.cli.common import output_stream

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = examples_folder()
APPLICANT = str(EXAMPLES / "graduate-jia.json")
REQUEST = str(EXAMPLES / "changes" / "origin-parents-moved.json")
STATE = str(EXAMPLES / "workflow" / "department-cannot-see.json")
PY = ["--engine", "python"]


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
    return [
        (words, p)
        for words, p in subcommands(build_parser())
        if not any(isinstance(a, argparse._SubParsersAction) for a in p._actions)
    ]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


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
    # Commands that write no document: `check` reports on folders (a line each, problems
    # on stderr); a server (`serve`, where there is one) answers requests.
    assert "check" in without and set(without) <= {"check", "serve"}, without
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


# --- --help and its examples ---------------------------------------------------------


def help_texts() -> Iterator[tuple[str, str]]:
    parser = build_parser()
    yield "origin-rules", parser.format_help()
    for words, p in subcommands(parser):
        yield " ".join(words), p.format_help()


def example_commands(text: str) -> Iterator[list[str]]:
    """The `origin-rules ...` commands in a help text or a shell block: continuation
    lines joined, comments, redirections and the other commands of a pipe dropped."""
    joined = re.sub(r" \\\n\s*", " ", text)
    for line in joined.splitlines():
        if "origin-rules " not in line or line.lstrip().startswith(("#", "$(")):
            continue
        lexer = shlex.shlex(line.strip(), posix=True, punctuation_chars=";&|<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words = list(lexer)
        command: list[str] = []
        skip = False
        for word in [*words, ";"]:
            if skip:
                skip = False
            elif word in (">", ">>", "2>", "<"):
                skip = True
            elif set(word) <= set(";&|"):
                if command[:1] == ["origin-rules"]:
                    yield command[1:]
                command = []
            else:
                command.append(word)


def test_no_help_line_ends_in_a_stray_backslash() -> None:
    """A backslash at a line's end in --help is a shell continuation: after a space, and
    the next line goes on, indented."""
    for name, text in help_texts():
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.endswith("\\"):
                assert line.endswith(" \\") and line.strip() != "\\", (name, line)
                assert lines[i + 1].startswith("      "), (name, line, lines[i + 1])


def test_no_string_in_the_cli_swallows_a_line_break() -> None:
    """The reported bug: a lone `\\` at a line's end inside an example (a triple-quoted,
    not raw, string) joined two example lines into one. Only the `\"\"\"\\` that opens a
    text may end a line with a backslash."""
    for path in sorted((ROOT / "src" / "origin_rules" / "cli").glob("*.py")):
        with tokenize.open(path) as f:
            for token in tokenize.generate_tokens(f.readline):
                if token.type != tokenize.STRING or token.string[:1] in "rR":
                    continue
                body = token.string.removeprefix('"""\\\n')
                assert not re.search(r"(?<!\\)(\\\\)*\\\n", body), (path.name, token.start)


def test_every_help_example_parses_without_a_deprecated_spelling(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count = 0
    for name, text in help_texts():
        for words in example_commands(text):
            if "--help" in words or "--version" in words:
                continue
            count += 1
            try:
                build_parser().parse_args(words)
            except SystemExit:
                pytest.fail(
                    f"{name} --help: example does not parse: origin-rules {shlex.join(words)}"
                )
            assert "deprecated" not in capsys.readouterr().err, (name, words)
            assert not any("  " in w for w in words), (name, words)
    assert count > 40


def shell_blocks(markdown: str) -> Iterator[str]:
    """The fenced code blocks of a Markdown text that hold shell commands (no language,
    or sh, bash, shell, console)."""
    block: list[str] | None = None
    shell = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            if block is None:
                block, shell = [], line[3:].strip() in ("", "sh", "bash", "shell", "console")
            else:
                if shell:
                    yield "\n".join(block) + "\n"
                block = None
        elif block is not None:
            block.append(line)


def test_every_command_in_the_readme_and_docs_parses_without_a_deprecated_spelling(
    capsys: pytest.CaptureFixture[str],
) -> None:
    count = 0
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for block in shell_blocks(path.read_text("utf-8")):
            for words in example_commands(block):
                if any(w in ("--help", "--version") or "[" in w or "…" in w for w in words):
                    continue
                count += 1
                try:
                    build_parser().parse_args(words)
                except SystemExit:
                    pytest.fail(f"{path.name}: does not parse: origin-rules {shlex.join(words)}")
                assert "deprecated" not in capsys.readouterr().err, (path.name, words)
    assert count > 10


# --- building the parser is light ----------------------------------------------------

HEAVY = ("pydantic", "durable", "yaml", "origin_rules.facts", "origin_rules.engines")

LOADED = """
import json, sys
from origin_rules.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["decide", "--help"]])
def test_version_and_help_load_none_of_the_heavy_modules(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=True,
    )
    loaded = json.loads(done.stderr.splitlines()[-1])
    heavy = [m for m in loaded if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert heavy == [], heavy
    if args == ["--version"]:
        assert done.stdout == f"origin-rules {origin_rules.__version__}\n"


def test_the_parsers_copies_of_library_names_are_the_librarys() -> None:
    from origin_rules.analysis import report
    from origin_rules.cli import analyze, workflow
    from origin_rules.engines import ENGINE_NAMES
    from origin_rules.render import LANGS
    from origin_rules.workflow import Symptom

    assert cli_common.ENGINE_NAMES == ENGINE_NAMES
    assert cli_common.LANGS == LANGS
    assert tuple(s.value for s in Symptom) == workflow.SYMPTOMS
    assert analyze.ANALYSIS_FORMATS == report.ANALYSIS_FORMATS
    assert analyze.DIFF_FORMATS == report.DIFF_FORMATS


def test_the_package_still_gives_its_public_names() -> None:
    for name in origin_rules.__all__:
        assert getattr(origin_rules, name) is not None, name
    assert set(origin_rules.__all__) <= set(dir(origin_rules))
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = origin_rules.nothing


# --- shell completion ------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_script_names_every_subcommand(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, script, _ = run(capsys, "completion", shell)
    assert code == 0
    for words, _p in subcommands(build_parser()):
        assert words[-1] in script, words
    for option in ("--format", "--output", "--lang", "--interpretation"):
        assert option in script


def test_bash_completion_script_is_valid_bash(capsys: pytest.CaptureFixture[str]) -> None:
    _, script, _ = run(capsys, "completion", "bash")
    done = subprocess.run(
        ["bash", "-n"], input=script, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    # Loaded into bash, it completes the subcommands.
    probe = script + "\nCOMP_WORDS=(origin-rules de); COMP_CWORD=1; COMP_LINE='origin-rules de'"
    probe += "\nCOMP_POINT=${#COMP_LINE}; _shtab_origin_rules; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    done = subprocess.run(
        ["bash"], input=probe, capture_output=True, text=True, timeout=60, check=False
    )
    assert {"decide", "demo"} <= set(done.stdout.split()), done.stderr


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
