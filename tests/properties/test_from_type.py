"""`st.from_type` draws the library's strategies for every public fact model, in
whichever order hypothesis and the library are imported."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from origin_rules import (
    Applicant,
    Cohort,
    Gaokao,
    HukouRecord,
    Place,
    Programme,
    WorkPeriod,
    decide_origin,
    parse_applicant,
)
from origin_rules.facts import IdentityDocument

ROOT = Path(__file__).parents[2]
MODELS = (Applicant, Cohort, HukouRecord, Place, Gaokao, Programme, WorkPeriod, IdentityDocument)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_from_type_draws_valid_instances(model: type[BaseModel]) -> None:
    @settings(max_examples=15)
    @given(st.from_type(model))
    def valid(drawn: BaseModel) -> None:
        assert type(drawn) is model
        # Valid: its JSON validates back to the same model.
        assert model.model_validate(drawn.model_dump(mode="json")) == drawn

    valid()


@settings(max_examples=15)
@given(st.from_type(Applicant))
def test_from_type_applicants_are_decided_by_a_ruleset(applicant: Applicant) -> None:
    assert parse_applicant(applicant.model_dump(mode="json")) == applicant
    assert decide_origin(applicant, engine="python").ruleset is not None


DRAW = (
    "from hypothesis import strategies as st\n"
    "drawn = st.from_type(Applicant).example()\n"
    "assert type(drawn) is Applicant, drawn\n"
    "print('drawn')\n"
)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    # A fresh interpreter: the registration of this process says nothing of import order.
    # The hook is called by hand where hypothesis would call it from installed metadata.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "HYPOTHESIS_NO_PLUGINS": "1"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


def test_hypothesis_imported_first_then_the_fact_models() -> None:
    done = _run("import hypothesis\nfrom origin_rules import Applicant\n" + DRAW)
    assert done.stdout == "drawn\n", done.stderr


def test_the_fact_models_imported_first_then_hypothesis_through_its_entry_point() -> None:
    entry = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "entry-points"
    ]["hypothesis"]["origin_rules"]
    module, _, function = entry.partition(":")
    assert callable(getattr(import_module(module), function))
    # Hypothesis runs the hook on every import of hypothesis where the library is
    # installed: it registers functions, and builds no strategy until one is asked for.
    hook = (
        f"from {module} import {function}\n{function}()\nimport sys\n"
        "assert not [m for m in sys.modules if m.startswith('origin_rules.testing')]\n"
    )
    done = _run("from origin_rules import Applicant\nimport hypothesis\n" + hook + DRAW)
    assert done.stdout == "drawn\n", done.stderr


def test_without_hypothesis_the_kit_names_the_extra_to_install() -> None:
    # hypothesis made unimportable, as where the `testing` extra is not installed.
    done = _run(
        "import sys\nsys.modules['hypothesis'] = None\n"
        "try:\n    import origin_rules.testing\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    assert "pip install 'origin-rules[testing]'" in done.stdout, done.stderr
