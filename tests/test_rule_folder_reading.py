"""A rule folder reads only its own regular, bounded files (issue 13, item 8): a path
that leads out of it, a link out, a device, a pipe, a binary or an empty source is a
problem of the folder, reported without quoting another file and without hanging."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cli_helpers import run_cli

from origin_rules import RulesetError, load_ruleset
from origin_rules.lint import lint_folder
from origin_rules.ruleset.folder import MAX_RULE_FILE_BYTES

REPO = Path(__file__).resolve().parents[1]
SECRET = "the content of a file outside the folder: s3cr3t"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "rules" / "guide-2022"
    shutil.copytree(REPO / "rulesets" / "guide-2022", copy)
    (tmp_path / "rules" / "secret.txt").write_text(f"a: [{SECRET}\n", encoding="utf-8")
    return copy


def edit_head(folder: Path, old: str, new: str) -> None:
    head = folder / "ruleset.yaml"
    text = head.read_text(encoding="utf-8")
    assert old in text
    head.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder: Path) -> str:
    with pytest.raises(RulesetError) as caught:
        load_ruleset(folder)
    return str(caught.value)


@pytest.mark.parametrize(
    "path", ["../secret.txt", "../../rules/secret.txt", "/etc/passwd", "/bin/ls"]
)
def test_a_rule_file_outside_the_folder_is_refused_unread(folder: Path, path: str) -> None:
    edit_head(folder, "  - rules/scope.yaml", f"  - {path}")
    found = problems(folder)
    assert "outside the rule folder" in found
    assert "s3cr3t" not in found


@pytest.mark.parametrize("path", ["../" * 30 + "etc/passwd", "../secret.txt", "/dev/zero"])
def test_a_source_document_outside_the_folder_is_refused(folder: Path, path: str) -> None:
    edit_head(folder, "document: source.md", f"document: {path}")
    found = problems(folder)
    assert "source.document" in found and "outside the rule folder" in found
    assert "s3cr3t" not in found


def test_a_link_inside_the_folder_that_leads_out_is_refused(folder: Path) -> None:
    (folder / "rules" / "zero.yaml").symlink_to("/dev/zero")
    (folder / "rules" / "out.yaml").symlink_to(folder.parent / "secret.txt")
    edit_head(folder, "  - rules/scope.yaml", "  - rules/zero.yaml\n  - rules/out.yaml")
    found = problems(folder)
    assert found.count("outside the rule folder") == 2
    assert "s3cr3t" not in found


def test_a_pipe_is_refused_without_waiting_for_a_writer(folder: Path) -> None:
    os.mkfifo(folder / "rules" / "pipe.yaml")
    edit_head(folder, "  - rules/scope.yaml", "  - rules/pipe.yaml")
    assert "not a regular file" in problems(folder)


def test_a_binary_file_and_an_oversized_one_are_problems_not_crashes(folder: Path) -> None:
    shutil.copy("/bin/ls", folder / "rules" / "ls.yaml")
    with (folder / "rules" / "huge.yaml").open("wb") as f:
        f.truncate(MAX_RULE_FILE_BYTES + 1)  # sparse: no disk used
    edit_head(folder, "  - rules/scope.yaml", "  - rules/ls.yaml\n  - rules/huge.yaml")
    found = problems(folder)
    assert "not UTF-8 text" in found
    assert f"a rule folder's files are at most {MAX_RULE_FILE_BYTES:,}" in found


@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_an_empty_source_fails_the_verbatim_clause_check(folder: Path, content: str) -> None:
    (folder / "source.md").write_text(content, encoding="utf-8")
    clauses = folder / "clauses.yaml"
    text = clauses.read_text(encoding="utf-8")
    clauses.write_text(text + "  - id: made.up\n    section: 虚构\n    text: 指引里没有这句话。\n")
    found = problems(folder)
    assert "source.md is empty" in found


def test_a_missing_source_fails_the_check(folder: Path) -> None:
    (folder / "source.md").unlink()
    assert "source.document: source.md: cannot be read" in problems(folder)


def test_check_and_lint_report_a_folder_that_reads_outside_itself_with_exit_2(
    folder: Path,
) -> None:
    edit_head(folder, "  - rules/scope.yaml", "  - ../secret.txt")
    result = run_cli("check", str(folder))
    assert result.returncode == 2, result.stderr
    assert "s3cr3t" not in result.stdout + result.stderr
    found = lint_folder(folder)
    assert any("outside the rule folder" in p.message for p in found)
    assert all("s3cr3t" not in p.message for p in found)


def test_the_workflow_and_change_folders_still_quote_the_guide_beside_them() -> None:
    for name in ("workflow-2022", "changes-2022"):
        assert (REPO / "rulesets" / name).is_dir()
    assert (
        run_cli("workflow-rules", "--check", str(REPO / "rulesets" / "workflow-2022")).returncode
        == 0
    )
