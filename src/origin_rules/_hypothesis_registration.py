"""`st.from_type` for the fact models: hypothesis draws them with the library's own
strategies (origin_rules.testing) instead of failing on their constrained fields.

The registration happens once both hypothesis and the fact models are imported,
whichever comes first: `origin_rules.facts` registers at the end of its import when
hypothesis is already imported, and the `hypothesis` entry point (pyproject.toml) calls
`_hypothesis_setup_hook` when hypothesis is imported, if the fact models are. What is
registered are functions: the strategies (and the rulesets they read) are built when
`from_type` first asks for one. This module imports nothing of the library at the top,
so that `origin_rules.facts` can import it while it is itself being imported.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

# Each model and the strategy of origin_rules.testing that draws it.
_STRATEGIES = {
    "Applicant": "applicants",
    "Cohort": "graduation_cohorts",
    "HukouRecord": "hukou_records",
    "Place": "places",
    "Gaokao": "gaokao_sittings",
    "Programme": "programmes",
    "WorkPeriod": "work_periods",
    "IdentityDocument": "identity_documents",
}


def register_strategies() -> None:
    """Register the library's strategies for Applicant and the models it is built of."""
    from hypothesis import strategies as st

    from origin_rules import facts

    for model, name in _STRATEGIES.items():
        # A function, not a strategy: hypothesis calls it when `from_type` first asks,
        # so the strategies module (and the rulesets it reads) is imported then.
        st.register_type_strategy(getattr(facts, model), functools.partial(_drawn, name))


def _drawn(name: str, _model: type) -> Any:
    from origin_rules import testing

    if name == "identity_documents":
        return testing.identity_documents(optional=False)
    return getattr(testing, name)()


def _hypothesis_setup_hook() -> None:
    """Called by hypothesis when it is imported (entry point group `hypothesis`)."""
    if "origin_rules.facts" in sys.modules:
        register_strategies()
