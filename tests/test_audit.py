"""A stored decision can be replayed years later: it records the ruleset's hash, the
input's hash, the options, the engine, and the versions of the library and of the
division data that made it. And what a decision is, is published as a JSON Schema
(docs/decision.schema.json) beside the applicant's (docs/applicant.schema.json)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from cli_helpers import run_cli

import origin_rules
from origin_rules import Decision, bundled_ruleset, decide_origin, facts_hash, parse_applicant
from origin_rules.cli.rulesets import JSON_SCHEMA_DIALECT, published_schema
from origin_rules.divisions import CodeStructureDivisions
from origin_rules.divisions.registry import default_registry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "origin_rules" / "divisions" / "data"
ENGINE = "python"


def example() -> str:
    return (ROOT / "examples" / "graduate-yi-wuhan.json").read_text(encoding="utf-8")


def data_files_hash() -> str:
    # The recipe docs/integrators.md gives: each data file the registry reads, in name
    # order, as name NUL size NUL bytes.
    digest = hashlib.sha256()
    for path in sorted(DATA.glob("*.csv")):
        content = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + str(len(content)).encode() + b"\0")
        digest.update(content)
    return "sha256:" + digest.hexdigest()


def test_a_decision_records_the_library_and_division_data_versions() -> None:
    decision = decide_origin(example(), engine=ENGINE)
    assert decision.versions is not None
    assert decision.versions.library == origin_rules.__version__
    assert decision.versions.division_data == data_files_hash()
    explicit = decide_origin(example(), engine=ENGINE, divisions=default_registry())
    assert explicit.versions == decision.versions


def test_division_data_the_caller_passes_is_recorded_as_not_the_bundled_one() -> None:
    decision = decide_origin(example(), engine=ENGINE, divisions=CodeStructureDivisions())
    assert decision.versions is not None
    assert decision.versions.library == origin_rules.__version__
    assert decision.versions.division_data is None


def test_a_stored_decision_is_replayed_from_what_it_records() -> None:
    facts = example()
    stored = Decision.model_validate_json(decide_origin(facts, engine=ENGINE).model_dump_json())
    # What an auditor checks before replaying: same facts, rules, library, data.
    assert facts_hash(parse_applicant(json.loads(facts))) == stored.input_hash
    assert stored.ruleset is not None and stored.options is not None
    assert bundled_ruleset(stored.ruleset.id).content_hash == stored.ruleset.content_hash
    current = decide_origin(facts, engine=ENGINE).versions
    assert stored.versions == current
    replayed = decide_origin(
        facts,
        engine=stored.engine,
        ruleset=stored.ruleset.id,
        decision_date=stored.options.decision_date,
        interpretations=stored.options.interpretations,
    )
    assert replayed == stored


def test_a_decision_stored_before_versions_were_recorded_still_loads() -> None:
    decision = decide_origin(example(), engine=ENGINE)
    stored = json.loads(decision.model_dump_json())
    del stored["versions"]
    old = Decision.model_validate(stored)
    assert old.versions is None  # not recorded, rather than made up
    assert old.model_dump(exclude={"versions"}) == decision.model_dump(exclude={"versions"})


# --- the published schemas ----------------------------------------------------------------


def test_the_published_schemas_are_current_and_name_their_dialect() -> None:
    # Regenerate with `origin-rules schema > docs/applicant.schema.json` and
    # `origin-rules schema --output-model decision > docs/decision.schema.json`.
    for model in ("applicant", "decision"):
        published = json.loads((ROOT / "docs" / f"{model}.schema.json").read_text("utf-8"))
        assert published == published_schema(model), model
        assert published["$schema"] == JSON_SCHEMA_DIALECT
        assert published["$id"] == f"urn:origin-rules:schema:{model}"
    decision_schema = published_schema("decision")
    assert decision_schema["title"] == "Decision"
    assert set(decision_schema["properties"]) == set(Decision.model_fields)


def test_the_schema_command_prints_the_decisions_schema() -> None:
    result = run_cli("schema", "--output-model", "decision")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == published_schema("decision")
