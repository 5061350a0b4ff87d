"""Reading YAML policy cases and checking their shape, before anything runs.

A case states an applicant's facts, optional call options, and the parts of the decision
it expects; exactly the expected keys given are compared. Each case runs once per
engine, with ids like `family-move-after-enrollment::family moved the day after
enrollment[python]`.

    - name: family moved the day after enrollment      # the boundary, in words
      description: optional free text for policy staff
      facts: {...}                                      # the Applicant JSON, as YAML
      options:                                          # optional
        decision_date: 2022-03-01
        interpretations: {move_on_enrollment_day: after}
        ruleset: guide-2022                             # default: chosen by cohort
      expected:
        outcome: determined                             # required
        origin: "440113"                                # required when determined
        decided_by: origin.family_move_after_enrollment
        interpretations_relied_on: []                   # exact set
        missing_facts: []                               # fact paths, compared as a set
        reason_codes: []                                # compared as a set
        notes: [note.identity_document_normalised]      # note rules in the trace, a set
        candidate_origins: ["330102", "330114"]         # codes offered to staff, a set
        recorded_code: "320602"                         # the origin's code as recorded
      xfail: "why the library's answer is believed wrong"   # optional

The file shape is checked strictly before anything runs: an unknown or misspelt key, a
reading the ruleset does not declare, or facts that are not a valid applicant are
errors of the case file (never a silently vacuous test, and never hidden by `xfail`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from origin_rules.errors import InvalidFactsError, OriginRulesError
from origin_rules.facts import parse_applicant
from origin_rules.ruleset.bundled import bundled_ruleset
from origin_rules.ruleset.model import Outcome, Ruleset

CASE_KEYS = frozenset({"name", "description", "facts", "options", "expected", "xfail"})
REQUIRED_CASE_KEYS = frozenset({"name", "facts", "expected"})
OPTION_KEYS = frozenset({"decision_date", "interpretations", "ruleset"})
EXPECTED_KEYS = frozenset(
    {
        "outcome",
        "origin",
        "decided_by",
        "interpretations_relied_on",
        "missing_facts",
        "reason_codes",
        "notes",
        "candidate_origins",
        "recorded_code",
    }
)
LIST_KEYS = (
    "interpretations_relied_on",
    "missing_facts",
    "reason_codes",
    "notes",
    "candidate_origins",
)
OUTCOMES = frozenset(o.value for o in Outcome)


@dataclass(frozen=True)
class Case:
    ruleset_dir: str  # the folder the file is in, named after the ruleset it tests
    file: str  # the file's stem: the clause or topic
    name: str
    facts: Mapping[str, Any]
    options: Mapping[str, Any]
    expected: Mapping[str, Any]
    xfail: str | None

    @property
    def id(self) -> str:
        return f"{self.file}::{self.name}"


@dataclass
class Loaded:
    cases: list[Case] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


# --- loading and checking the case files ---------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that rejects a key given twice in one mapping (plain PyYAML keeps the
    last one silently, so a repeated `expected:` would hide the first)."""


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"key {key!r} given twice",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _ruleset_or_none(ruleset_id: str) -> Ruleset | None:
    try:
        return bundled_ruleset(ruleset_id)
    except OriginRulesError:
        return None


def _check_str_list(value: Any, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: must be a list of strings, got {value!r}")
        return []
    if len(set(value)) != len(value):
        problems.append(f"{where}: lists an item twice: {value!r}")
    return list(value)


def _check_options(options: Any, ruleset: Ruleset | None, where: str, problems: list[str]) -> None:
    if not isinstance(options, dict):
        problems.append(f"{where}.options: must be a mapping, got {options!r}")
        return
    for key in sorted(set(options) - OPTION_KEYS):
        problems.append(f"{where}.options: unknown key {key!r} (one of {sorted(OPTION_KEYS)})")
    if "decision_date" in options and not (
        isinstance(options["decision_date"], dt.date)
        and not isinstance(options["decision_date"], dt.datetime)
    ):
        problems.append(f"{where}.options.decision_date: must be a date (YYYY-MM-DD)")
    if "ruleset" in options:
        chosen = options["ruleset"]
        if not isinstance(chosen, str) or _ruleset_or_none(chosen) is None:
            problems.append(f"{where}.options.ruleset: {chosen!r} is not a bundled ruleset")
        else:
            ruleset = bundled_ruleset(chosen)
    interpretations = options.get("interpretations", {})
    if not isinstance(interpretations, dict):
        problems.append(f"{where}.options.interpretations: must be a mapping")
        return
    for interp_id, reading in interpretations.items():
        declared = ruleset.interpretations.get(interp_id) if ruleset else None
        if declared is None:
            problems.append(
                f"{where}.options.interpretations: unknown interpretation {interp_id!r}"
            )
        elif reading not in declared.readings:
            problems.append(
                f"{where}.options.interpretations.{interp_id}: {reading!r} is not one of "
                f"{sorted(declared.readings)}"
            )


def _check_expected(
    expected: Any, ruleset: Ruleset | None, where: str, problems: list[str]
) -> None:
    if not isinstance(expected, dict):
        problems.append(f"{where}.expected: must be a mapping, got {expected!r}")
        return
    for key in sorted(set(expected) - EXPECTED_KEYS):
        problems.append(f"{where}.expected: unknown key {key!r} (one of {sorted(EXPECTED_KEYS)})")
    outcome = expected.get("outcome")
    if outcome not in OUTCOMES:
        problems.append(f"{where}.expected.outcome: required, one of {sorted(OUTCOMES)}")
    if outcome == Outcome.DETERMINED.value and "origin" not in expected:
        problems.append(f"{where}.expected: a determined case must state its origin")
    if "origin" in expected:
        origin = expected["origin"]
        if origin is not None and not (
            isinstance(origin, str) and len(origin) == 6 and origin.isdigit()
        ):
            problems.append(f"{where}.expected.origin: a quoted six-digit code or null")
        if origin is not None and outcome != Outcome.DETERMINED.value:
            problems.append(f"{where}.expected.origin: only a determined outcome has an origin")
    if "decided_by" in expected:
        rule_id = expected["decided_by"]
        if rule_id is not None and (ruleset is None or rule_id not in ruleset.rules_by_id):
            problems.append(f"{where}.expected.decided_by: {rule_id!r} is not a rule")
    lists = {
        key: _check_str_list(expected[key], f"{where}.expected.{key}", problems)
        for key in LIST_KEYS
        if key in expected
    }
    if ruleset is not None:
        for interp_id in lists.get("interpretations_relied_on", []):
            if interp_id not in ruleset.interpretations:
                problems.append(
                    f"{where}.expected.interpretations_relied_on: unknown {interp_id!r}"
                )
        asked = {m.fact for r in ruleset.rules for m in r.conclusion.missing}
        for path in lists.get("missing_facts", []):
            if path not in asked:
                problems.append(
                    f"{where}.expected.missing_facts: no rule asks for {path!r} "
                    f"(one of {sorted(asked)})"
                )


def _check_case(
    raw: Any, ruleset_dir: str, stem: str, index: int, problems: list[str]
) -> Case | None:
    where = f"{ruleset_dir}/{stem}.yaml[{index}]"
    if not isinstance(raw, dict):
        problems.append(f"{where}: a case must be a mapping, got {type(raw).__name__}")
        return None
    name = raw.get("name")
    if isinstance(name, str) and name.strip():
        where = f"{ruleset_dir}/{stem}.yaml: {name!r}"
    before = len(problems)
    for key in sorted(set(raw) - CASE_KEYS):
        problems.append(f"{where}: unknown key {key!r} (one of {sorted(CASE_KEYS)})")
    for key in sorted(REQUIRED_CASE_KEYS - set(raw)):
        problems.append(f"{where}: missing key {key!r}")
    if not (isinstance(name, str) and name.strip()):
        problems.append(f"{where}.name: required, a non-empty string")
    elif not name.isascii() or "[" in name or "]" in name:
        # pytest escapes non-ASCII in test ids; brackets would blur the engine suffix.
        problems.append(f"{where}.name: ASCII without brackets (put Chinese in description)")
    for key in ("description", "xfail"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            problems.append(f"{where}.{key}: must be a non-empty string")
    ruleset = _ruleset_or_none(ruleset_dir)
    if "options" in raw:
        _check_options(raw["options"], ruleset, where, problems)
    if "expected" in raw:
        options = raw.get("options")
        chosen = options.get("ruleset") if isinstance(options, dict) else None
        target = _ruleset_or_none(chosen) if isinstance(chosen, str) else ruleset
        _check_expected(raw["expected"], target, where, problems)
    facts = raw.get("facts")
    if not isinstance(facts, dict):
        problems.append(f"{where}.facts: must be a mapping (the Applicant JSON)")
    else:
        try:
            parse_applicant(facts)
        except InvalidFactsError as exc:
            problems.append(f"{where}.facts: not a valid applicant: {exc}")
    if len(problems) > before or not isinstance(name, str) or not isinstance(facts, dict):
        return None
    return Case(
        ruleset_dir=ruleset_dir,
        file=stem,
        name=name,
        facts=facts,
        options=raw.get("options", {}),
        expected=raw["expected"],
        xfail=raw.get("xfail"),
    )


def load_cases(root: Path) -> Loaded:
    """Every case under `root`: a folder of folders named after rulesets (tests/cases/),
    or one such folder (tests/cases/guide-2022/). Problems of the files, each naming the
    file and the case, are collected in `problems`; a case with a problem is left out."""
    loaded = Loaded()
    if not root.is_dir():
        loaded.problems.append(f"{root}: not a folder")
        return loaded
    pattern = "*.y*ml" if any(root.glob("*.y*ml")) else "*/*.y*ml"
    for path in sorted(root.glob(pattern)):
        loaded.files.append(path)
        ruleset_dir, stem = path.parent.name, path.stem
        where = f"{ruleset_dir}/{path.name}"
        if path.suffix not in (".yaml", ".yml"):
            continue
        if _ruleset_or_none(ruleset_dir) is None:
            loaded.problems.append(f"{where}: folder {ruleset_dir!r} names no bundled ruleset")
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
        except yaml.YAMLError as exc:
            loaded.problems.append(f"{where}: not valid YAML: {exc}")
            continue
        if not isinstance(data, list) or not data:
            loaded.problems.append(f"{where}: must be a non-empty list of cases")
            continue
        names: set[str] = set()
        for index, raw in enumerate(data):
            case = _check_case(raw, ruleset_dir, stem, index, loaded.problems)
            if case is None:
                continue
            if case.name in names:
                loaded.problems.append(f"{where}: two cases are named {case.name!r}")
                continue
            names.add(case.name)
            loaded.cases.append(case)
    ids = [c.id for c in loaded.cases]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        loaded.problems.append(f"case id {dup!r} occurs in two folders; rename one file")
    return loaded
