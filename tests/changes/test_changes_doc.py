"""docs/changes.md stays true: it names every field, reason, piece of evidence and
interpretation of the change policy (its worked example is run by
tests/test_docs_examples.py, as every example of the docs)."""

from __future__ import annotations

from pathlib import Path

from origin_rules.changes import bundled_changes_policy

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "changes.md"


def test_the_doc_names_every_id_of_the_policy() -> None:
    text = DOC.read_text(encoding="utf-8")
    policy = bundled_changes_policy()
    ids = [*policy.fields, *policy.reasons, *policy.evidence, *policy.interpretations]
    missing = [i for i in ids if f"`{i}`" not in text]
    assert not missing, f"docs/changes.md does not mention {missing}"


def test_the_doc_lists_every_interpretation_with_its_question_and_default() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("### Open points (interpretations)\n", 1)[1].split("\n### ", 1)[0]
    rows = {
        line.split("|")[1].strip(): line
        for line in section.splitlines()
        if line.startswith("| `") and line.count("|") == 5
    }
    for interp in bundled_changes_policy().interpretations.values():
        row = rows.get(f"`{interp.id}`")
        assert row is not None, f"no row for {interp.id} in the integrators' table"
        assert interp.question.en in row, f"{interp.id}: the question is not the policy's"
        assert row.split("|")[3].strip() == f"`{interp.default}`", f"{interp.id}: default"
