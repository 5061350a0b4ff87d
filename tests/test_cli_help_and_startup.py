"""What `--help` shows and how the command starts: every example in a help text (and
every command in the README and docs) parses as written without a deprecated spelling,
no string in the CLI swallows a line break, building the parser (--version, --help)
loads none of the library's heavy parts, and the shell completion scripts know every
subcommand."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import run_main as run
from cli_helpers import subcommands

import origin_rules
from origin_rules.cli import build_parser
from origin_rules.cli import common as cli_common

ROOT = Path(__file__).resolve().parents[1]


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
    from origin_rules import cases
    from origin_rules.analysis import report
    from origin_rules.cli import analyze, workflow
    from origin_rules.cli import cases as cli_cases
    from origin_rules.engines import ENGINE_NAMES
    from origin_rules.render import LANGS
    from origin_rules.workflow import Symptom

    assert cli_common.ENGINE_NAMES == ENGINE_NAMES
    assert cli_common.LANGS == LANGS
    assert tuple(s.value for s in Symptom) == workflow.SYMPTOMS
    assert analyze.ANALYSIS_FORMATS == report.ANALYSIS_FORMATS
    assert analyze.DIFF_FORMATS == report.DIFF_FORMATS
    assert cli_cases.ENGINES == cases.ENGINES


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
