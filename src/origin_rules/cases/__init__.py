"""YAML policy cases, as openfisca's YAML tests: a university keeps its own cases of its
policy (facts, options, the decision expected) and runs them on both engines with
`origin-rules test CASES_DIR`, as this library runs its own (tests/cases/).

    from origin_rules.cases import load_cases, run_case
    loaded = load_cases(Path("cases"))
    assert not loaded.problems
    results = [run_case(case, engine) for case in loaded.cases for engine in ENGINES]
"""

from origin_rules.cases.load import Case, Loaded, load_cases
from origin_rules.cases.run import ENGINES, CaseResult, decide_case, run_case

__all__ = ["ENGINES", "Case", "CaseResult", "Loaded", "decide_case", "load_cases", "run_case"]
