"""Every code block in the README and docs/ that shows output is run, and what it prints
is compared with what the page says it prints.

How a page marks its blocks (the markers are HTML comments, invisible when rendered):

- a ```python block runs (in the repository root, in a fresh namespace); when the next
  block is a ```text block introduced by a line "prints" (or "prints:", "输出："), its
  standard output must equal that block;
- a ```text block whose lines start with "$ " is a shell session: each command after
  "$ " runs (`origin-rules` is this checkout's CLI) and its output must equal the
  lines up to the next "$ ";
- `<!-- output of: COMMAND -->` right before a ```text block: the block is COMMAND's
  output; a line "……" or "..." in it stands for any number of lines left out;
- `<!-- docs-test: given CODE -->` right before a ```python block: CODE runs first, in
  the same namespace (the reader's own variables: an applicant, a request);
- `<!-- docs-test: skip REASON -->` right before a block: not run, for the reason given
  (a file the reader supplies, a command that takes minutes);
- `<!-- docs-test: not output REASON -->` right before a ```text block that shows no
  program's output (a folder tree); `<!-- file: NAME -->` marks a file the page's
  requests send (docs/service.md, whose ```console blocks tests/serve/test_service_docs.py
  runs against the live service).

A ```text or ```markdown block with none of these fails the test: a page cannot show output that no
test checks.

After an intended change of output, `ORIGIN_RULES_UPDATE_DOCS=1 pytest
tests/test_docs_examples.py` writes what each example prints into the page (not into
excerpts, which are edited by hand); review the diff.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.S | re.M)
_MARKER = re.compile(r"<!--\s*(output of:|docs-test:)\s*(.*?)\s*-->\s*\Z", re.S)
_PRINTS = re.compile(r"^(prints|prints:|输出：|输出)$")
_ELISION = {"……", "...", "…"}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    lang: str
    body: str
    start: int  # where the body starts in the page's text
    lead: str  # the last non-blank line of text before the block
    marker: tuple[str, str] | None  # ("output of:" | "docs-test:", argument)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(REPO)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    text = page.read_text(encoding="utf-8")
    found: list[Block] = []
    end = 0
    for m in _FENCE.finditer(text):
        between = text[end : m.start()].rstrip()
        end = m.end()
        lead = between.splitlines()[-1].strip() if between.strip() else ""
        marker = _MARKER.search(between)
        found.append(
            Block(
                page=page,
                line=text[: m.start()].count("\n") + 1,
                lang=m.group(1),
                body=m.group(2),
                start=m.start(2),
                lead=lead,
                marker=(marker.group(1), marker.group(2)) if marker else None,
            )
        )
    return found


@dataclass(frozen=True)
class Example:
    """One check: a block to run, and the output it must print (None: only run it)."""

    code: Block
    kind: str  # python | shell | command
    command: str  # the command of shell and command examples
    expected: str | None
    excerpt: bool = False
    shows: Block | None = None  # the block that shows the output, where not `code`
    given: str = ""  # code a python example runs first (the reader's own variables)

    @property
    def id(self) -> str:
        return self.code.where


def examples() -> tuple[list[Example], list[str]]:
    """Every runnable example, and every ```text block that no example accounts for."""
    found: list[Example] = []
    unchecked: list[str] = []
    for page in PAGES:
        page_blocks = blocks(page)
        claimed: set[int] = set()
        for i, block in enumerate(page_blocks):
            skip = block.marker is not None and block.marker[1].split(" ")[0] in ("skip", "not")
            if block.lang == "python" and not skip:
                nxt = page_blocks[i + 1] if i + 1 < len(page_blocks) else None
                expected = None
                if nxt is not None and nxt.lang == "text" and _PRINTS.match(nxt.lead):
                    expected = nxt.body
                    claimed.add(i + 1)
                given = ""
                if block.marker is not None and block.marker[1].startswith("given "):
                    given = block.marker[1].removeprefix("given ")
                found.append(
                    Example(
                        block,
                        "python",
                        "",
                        expected,
                        shows=nxt if expected else None,
                        given=given,
                    )
                )
            elif block.lang in ("text", "markdown") and i not in claimed:
                if block.marker is not None and block.marker[0] == "output of:":
                    excerpt = any(line.strip() in _ELISION for line in block.body.splitlines())
                    found.append(
                        Example(block, "command", block.marker[1], block.body, excerpt=excerpt)
                    )
                elif block.body.startswith("$ "):
                    found.extend(_shell_session(block))
                elif not skip and not re.search(r"<!-- file: \S+ -->\s*\Z", block.lead):
                    unchecked.append(f"{block.where}: {block.body.splitlines()[0][:60]!r}")
    return found, unchecked


def _shell_session(block: Block) -> list[Example]:
    found: list[Example] = []
    command: str | None = None
    output: list[str] = []
    for line in block.body.splitlines():
        if line.startswith("$ "):
            if command is not None:
                found.append(Example(block, "shell", command, _lines(output)))
            command, output = line[2:], []
        else:
            output.append(line)
    if command is not None:
        found.append(Example(block, "shell", command, _lines(output)))
    return found


def _lines(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


@contextlib.contextmanager
def in_scratch_folder() -> Iterator[Path]:
    """A fresh folder where the examples/ and rulesets/ of the repository are at hand, so
    that an example may read them and write files without touching the checkout."""
    cwd = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="docs-example-") as scratch:
        for shared in ("examples", "rulesets"):
            (Path(scratch) / shared).symlink_to(REPO / shared)
        os.chdir(scratch)
        try:
            yield Path(scratch)
        finally:
            os.chdir(cwd)


def run_python(code: str, given: str = "") -> str:
    out = io.StringIO()
    namespace: dict[str, object] = {"__name__": "__docs_example__"}
    with in_scratch_folder():
        exec(compile(given, "<docs example: given>", "exec"), namespace)
        with contextlib.redirect_stdout(out):
            exec(compile(code, "<docs example>", "exec"), namespace)
    return out.getvalue()


def run_command(command: str) -> tuple[str, str]:
    """The command's standard output, and its standard error (shown when it differs)."""
    argv = shlex.split(command)
    if argv and argv[0] == "origin-rules":
        argv = [sys.executable, "-m", "origin_rules.cli", *argv[1:]]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "100"}
    with in_scratch_folder() as scratch:
        done = subprocess.run(
            argv,
            cwd=scratch,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            check=False,
        )
    return done.stdout, done.stderr


# How long a run took differs between runs: the page may show any figure.
_SECONDS = re.compile(r"\d+(?:\.\d+)? ?(秒|s\b|seconds\b)")


def _normal(text: str) -> list[str]:
    text = _SECONDS.sub(r"N \1", text)
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def matches_excerpt(expected: str, actual: str) -> bool:
    """The expected lines appear in order in the actual output, an elision line standing
    for any number of lines (and only there may lines be left out)."""
    want, got = _normal(expected), _normal(actual)
    pattern = []
    for line in want:
        pattern.append(r"(?:[^\n]*\n)*?" if line.strip() in _ELISION else re.escape(line) + r"\n")
    return re.fullmatch("".join(pattern), "".join(g + "\n" for g in got)) is not None


ALL, UNCHECKED = examples()


def test_every_text_block_is_checked_or_marked() -> None:
    assert not UNCHECKED, (
        "these ```text blocks show output that no test checks; introduce them with "
        "'prints' after a python block, start them with '$ ', or mark them (see this "
        "file's docstring):\n" + "\n".join(UNCHECKED)
    )


def test_there_are_examples_on_the_main_pages() -> None:
    pages = {e.code.page.name for e in ALL if e.expected is not None}
    assert {"README.md", "policy-staff.md", "workflow.md"} <= pages


@pytest.mark.parametrize("example", ALL, ids=lambda e: f"{e.id}:{e.kind}")
def test_example_prints_what_the_page_says(example: Example) -> None:
    errors = ""
    if example.kind == "python":
        actual = run_python(example.code.body, example.given)
    else:
        actual, errors = run_command(example.command)
    assert "deprecat" not in errors.lower(), f"{example.id}: an old spelling:\n{errors}"
    if example.expected is None:
        return  # ran without raising
    if os.environ.get("ORIGIN_RULES_UPDATE_DOCS") == "1" and not example.excerpt:
        _update(example, actual)
        return
    if example.excerpt:
        assert matches_excerpt(example.expected, actual), (
            f"{example.id}: `{example.command}` printed:\n{actual}{errors}"
        )
    else:
        assert _normal(actual) == _normal(example.expected), (
            f"{example.id} printed:\n{actual}{errors}"
        )


def _update(example: Example, actual: str) -> None:
    """Write what an example printed into its page, in place of what the page showed."""
    shown = example.shows or example.code
    assert example.expected is not None
    page = shown.page.read_text(encoding="utf-8")
    at = page.index(example.expected)  # offsets move as earlier examples are rewritten
    shown.page.write_text(
        page[:at] + actual.rstrip("\n") + "\n" + page[at + len(example.expected) :],
        encoding="utf-8",
    )


def test_excerpt_matching() -> None:
    assert matches_excerpt("a\n……\nd\n", "a\nb\nc\nd\n")
    assert matches_excerpt("a\nb\n", "a\nb\n")
    assert not matches_excerpt("a\nd\n", "a\nb\nd\n")  # no elision, no lines left out
    assert not matches_excerpt("a\n……\ne\n", "a\nb\nd\n")


def test_readme_lists_the_columns_diff_writes() -> None:
    from origin_rules.analysis.report import _diff_csv

    header = _diff_csv([], "zh").lstrip("\ufeff").strip().split(",")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"CSV: ([^)]*)\)", readme)
    assert listed is not None, "README.md no longer lists diff's CSV columns"
    assert re.sub(r"\s", "", listed.group(1)).split("/") == header
