"""The rule folders `check` (and `workflow-rules --check`, `analyze`, `diff`, `lint`)
take: which kind a folder is, the bundled ones, and their validation."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from origin_rules.cli.common import EXIT_BAD_INPUT, EXIT_OK, Fatal

# The head file that makes a folder a rule folder of each kind, in the order they are
# looked for (the workflow loader, too, takes a folder with a ruleset.yaml for an origin
# ruleset).
RULE_FOLDER_HEADS = ("ruleset.yaml", "workflow.yaml", "changes.yaml")


def rule_folder_head(folder: Path) -> str | None:
    """The head file that says which kind of rule folder `folder` is, if any."""
    for head in RULE_FOLDER_HEADS:
        if (folder / head).is_file():
            return head
    return None


def bundled_rule_folders(head: str | None = None) -> list[Path]:
    """The bundled rule folders of every kind (or of the kind `head` names)."""
    from origin_rules.ruleset.bundled import rulesets_folder

    root = rulesets_folder()
    found = [
        sub
        for sub in sorted(root.iterdir())
        if sub.is_dir() and rule_folder_head(sub) is not None
        if head is None or rule_folder_head(sub) == head
    ]
    if not found:
        raise Fatal(f"no rule folders in {root}")
    return found


def _load_rule_folder(folder: Path, head: str) -> str:
    """Load a folder of the kind `head` names (raising `RulesetError`), and say what it
    holds."""
    if head == "workflow.yaml":
        from origin_rules.workflow.load import load_workflow

        workflow = load_workflow(folder)
        return (
            f"{workflow.id} {workflow.version} OK: {len(workflow.rules)} rules, "
            f"{len(workflow.clauses)} clauses, {len(workflow.interpretations)} interpretations"
        )
    if head == "changes.yaml":
        from origin_rules.changes.policy import load_changes_policy

        policy = load_changes_policy(folder)
        return (
            f"{policy.id} {policy.version} OK: {len(policy.fields)} fields, "
            f"{len(policy.reasons)} reasons, {len(policy.clauses)} clauses, "
            f"{len(policy.interpretations)} interpretations"
        )
    from origin_rules.ruleset.load import load_ruleset

    ruleset = load_ruleset(folder)
    return (
        f"{ruleset.id} {ruleset.version} OK: {len(ruleset.rules)} rules, "
        f"{len(ruleset.clauses)} clauses, {len(ruleset.interpretations)} interpretations"
    )


def check_rule_folders(folders: Iterable[Path]) -> int:
    """Load each folder as the kind of rule folder its head file says (origin rules,
    workflow rules or a change policy): print one line for a valid one, every problem of
    an invalid one to stderr (`file: rule: field: message`, `-` when no rule is
    concerned). The exit code is 2 if any folder is missing or invalid."""
    from origin_rules.errors import RulesetError

    failed = 0
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: not a folder", file=sys.stderr)
            failed += 1
            continue
        head = rule_folder_head(folder)
        if head is None:
            print(
                f"{folder}: not a rule folder: it holds none of {', '.join(RULE_FOLDER_HEADS)}",
                file=sys.stderr,
            )
            failed += 1
            continue
        try:
            summary = _load_rule_folder(folder, head)
        except RulesetError as exc:
            failed += 1
            for p in exc.problems:
                print(
                    f"{folder / p.file}: {p.rule or '-'}: {p.field}: {p.message}", file=sys.stderr
                )
            print(f"{folder}: {len(exc.problems)} problem(s)", file=sys.stderr)
            continue
        print(f"{folder}: {summary}")
    return EXIT_BAD_INPUT if failed else EXIT_OK
