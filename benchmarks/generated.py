"""The library's own generated applicants (`origin_rules.testing`), drawn reproducibly.

Hypothesis draws them; `@seed` fixes its random source, the example database is off and
only the generate phase runs, so the same seed, count and hypothesis version give the
same applicants. Half come from `applicants()` (every cohort, category and degree,
contradictory facts, identity documents), the rest in turn from the targeted strategies
(cancelled families, graduate workers, family movers, exam migrants, Hong Kong, Macau
and Taiwan students).
"""

from __future__ import annotations

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from origin_rules import Applicant
from origin_rules.testing import (
    applicants,
    cancelled_families,
    exam_migrants,
    family_movers,
    graduate_workers,
    hk_mo_tw_students,
)

STRATEGIES: dict[str, st.SearchStrategy[Applicant]] = {
    "applicants": applicants(),
    "cancelled_families": cancelled_families(),
    "graduate_workers": graduate_workers(),
    "family_movers": family_movers(),
    "exam_migrants": exam_migrants(),
    "hk_mo_tw_students": hk_mo_tw_students(),
}


def draw(strategy: st.SearchStrategy[Applicant], n: int, seed_value: int) -> list[Applicant]:
    """Up to `n` distinct applicants from `strategy`, the same ones for the same seed.
    Hypothesis repeats some (it tries simple values early), so twice as many are drawn
    and the repeats left out."""
    found: dict[str, Applicant] = {}

    @settings(
        max_examples=2 * n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @seed(seed_value)
    @given(strategy)
    def collect(applicant: Applicant) -> None:
        found.setdefault(applicant.model_dump_json(), applicant)

    collect()
    return list(found.values())[:n]


def generated_applicants(n: int, seed_value: int = 2022) -> dict[str, list[Applicant]]:
    """About `n` applicants by strategy: half from `applicants()`, the rest shared."""
    targeted = [k for k in STRATEGIES if k != "applicants"]
    counts = {"applicants": n - n // 2}
    for i, name in enumerate(targeted):
        counts[name] = n // 2 // len(targeted) + (i < n // 2 % len(targeted))
    return {
        name: draw(STRATEGIES[name], counts[name], seed_value + i)
        for i, name in enumerate(STRATEGIES)
    }
