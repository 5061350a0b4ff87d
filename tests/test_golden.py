"""Golden tests: the narratives policy staff read, compared byte for byte.

Each folder under tests/golden/ holds one applicant (`applicant.json`) and its
explanation rendered four ways, with the applicant's facts as the CLI renders it (its
hukou records listed, numbered, before the steps): `zh.txt`, `en.txt`, `zh.md`,
`en.md` (and, compared by tests/test_html_report.py, the HTML report in both
languages). The first five
are the guide's own examples (番禺 and 海淀 bachelors, exam migration to 深圳, 同学甲 and
同学乙); three more cover what those do not: a `needs_review` decision (what staff
must verify, the candidate origins), an `insufficient_facts` one (the missing fact,
an interpretation relied on) and an `out_of_scope` one with an outranked rule; two more
show a division abolished since the record: 江干区, split in 2021 (`needs_review`, the
two districts that received its territory), and 港闸区, merged whole into 崇川区 in 2020
(`determined`, the change and its approval in the trace); one more shows the notes staff
read beside a determined origin (a mainland ID number that fails its check, a 少干计划
student's agreement); one decides what the guide does not speak of: a family
registration cancelled on settling in Hong Kong (interpretation family_hukou_cancelled).
One more is a story staff meet: a master's student whose individual hukou at the former
workplace was moved back to the family before enrollment (the hukou before enrollment
decides, so the family place).

When a change to the rules or the renderers changes a narrative on purpose, regenerate
the files and review the diff before committing it:

    ORIGIN_RULES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden.py
    git diff tests/golden/

Without that variable a difference fails the test with a diff; nothing is rewritten.

Determinism: the explanation includes counterfactuals, found by a search bounded in
time. The goldens are made with the pure-Python engine and a generous budget
(`BUDGET_SECONDS`), and a test fails, rather than compare, if that search did not
complete: a complete search gives the same counterfactuals in the same order every
time, and the narrative then prints no timing or count that could vary.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
from pathlib import Path

import pytest

from origin_rules.decision import LocalText
from origin_rules.explain import explain
from origin_rules.explain.model import CounterfactualSearch, Explanation
from origin_rules.facts import Applicant, parse_applicant
from origin_rules.render import render

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_VARIABLE = "ORIGIN_RULES_UPDATE_GOLDEN"
BUDGET_SECONDS = 60.0

GUIDE_EXAMPLES = (
    "bachelor-panyu",
    "bachelor-haidian",
    "exam-migration-shenzhen",
    "graduate-jia",
    "graduate-yi-wuhan",
)
OTHER_OUTCOMES = ("temporary-collective", "graduate-prefecture-hukou", "international-student")
# A division abolished since the record: split (staff choose among exactly the divisions
# that received territory) and merged whole (decided, with the change and its approval).
DIVISION_CHANGES = ("division-split-jianggan", "division-merge-gangzha")
NOTED = ("minority-master-id-noted",)
# Facts the guide does not speak of, decided under a declared interpretation.
UNSPOKEN = ("family-settled-hong-kong",)
# Stories staff meet that the guide's examples do not show.
OTHER_STORIES = ("graduate-hukou-moved-home",)
CASES = GUIDE_EXAMPLES + OTHER_OUTCOMES + DIVISION_CHANGES + NOTED + UNSPOKEN + OTHER_STORIES
# The HTML report of each case, in each language (tests/test_html_report.py).
HTML_REPORTS = ("report.zh.html", "report.en.html")
RENDERINGS = (
    ("zh", "text", "zh.txt"),
    ("en", "text", "en.txt"),
    ("zh", "md", "zh.md"),
    ("en", "md", "en.md"),
)


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE) == "1"


@functools.cache
def explanation(case: str) -> Explanation:
    applicant = json.loads((GOLDEN / case / "applicant.json").read_text(encoding="utf-8"))
    result = explain(applicant, engine="python", budget_seconds=BUDGET_SECONDS)
    assert result.search.complete, (
        f"{case}: the counterfactual search did not complete in {BUDGET_SECONDS} s "
        f"({result.search.tried} tried); the golden narrative needs a complete search"
    )
    return result


@functools.cache
def facts(case: str) -> Applicant:
    return parse_applicant(json.loads((GOLDEN / case / "applicant.json").read_text("utf-8")))


def compare_with_golden(path: Path, rendered: str, *, update: bool) -> None:
    """Compare `rendered` with the golden file byte for byte; with `update`, write it
    instead. A difference fails with a unified diff and leaves the file as it was."""
    actual = rendered.encode("utf-8")
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != actual:
            path.write_bytes(actual)
        return
    if not path.exists():
        pytest.fail(
            f"no golden file {path}; create it with {UPDATE_VARIABLE}=1 pytest tests/test_golden.py"
        )
    expected = path.read_bytes()
    if actual == expected:
        return
    diff = "".join(
        difflib.unified_diff(
            expected.decode("utf-8", errors="replace").splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            fromfile=f"{path} (golden)",
            tofile="rendered now",
        )
    )
    pytest.fail(
        f"{path} differs from the rendering (if the change is intended, run "
        f"{UPDATE_VARIABLE}=1 pytest tests/test_golden.py and review the diff):\n{diff}"
    )


@pytest.mark.parametrize(("lang", "fmt", "name"), RENDERINGS, ids=[r[2] for r in RENDERINGS])
@pytest.mark.parametrize("case", CASES)
def test_rendered_narrative_matches_the_golden_file(
    case: str, lang: str, fmt: str, name: str
) -> None:
    rendered = render(explanation(case), lang=lang, format=fmt, applicant=facts(case))
    compare_with_golden(GOLDEN / case / name, rendered, update=updating())


def test_the_golden_folder_holds_exactly_the_cases_and_their_renderings() -> None:
    expected = {
        f"{case}/{name}"
        for case in CASES
        for name in ("applicant.json", *(r[2] for r in RENDERINGS), *HTML_REPORTS)
    }
    found = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert found == expected, (
        f"stale: {sorted(found - expected)}; missing: {sorted(expected - found)}"
    )


def test_the_golden_cases_have_the_outcomes_they_are_chosen_for() -> None:
    outcomes = {case: explanation(case).decision.outcome.value for case in CASES}
    assert {outcomes[c] for c in GUIDE_EXAMPLES} == {"determined"}
    assert [outcomes[c] for c in OTHER_OUTCOMES] == [
        "needs_review",
        "insufficient_facts",
        "out_of_scope",
    ]
    roles = [s.role for s in explanation("international-student").decision.trace]
    assert "outranked" in roles
    noted = explanation("minority-master-id-noted").decision
    assert noted.outcome.value == "determined"
    assert [s.rule for s in noted.trace if s.role == "noted"] == [
        "note.mainland_id_invalid",
        "note.minority_programme_agreement",
    ]
    # A family registration cancelled on settling in Hong Kong: the default reading keeps
    # the place before the gaokao, and the decision names the interpretation it rests on.
    settled = explanation("family-settled-hong-kong").decision
    assert settled.decided_by == "origin.family_registration_cancelled"
    assert [i.id for i in settled.interpretations] == ["family_hukou_cancelled"]


# --- the comparison itself ------------------------------------------------------------------


def test_a_difference_fails_and_leaves_the_golden_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "zh.txt"
    path.write_bytes("生源地：旧\n".encode())
    with pytest.raises(pytest.fail.Exception, match=UPDATE_VARIABLE) as caught:
        compare_with_golden(path, "生源地：新\n", update=False)
    assert "-生源地：旧" in str(caught.value)
    assert "+生源地：新" in str(caught.value)
    assert path.read_bytes() == "生源地：旧\n".encode()


def test_a_missing_golden_file_fails_and_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "case" / "en.md"
    with pytest.raises(pytest.fail.Exception, match="no golden file"):
        compare_with_golden(path, "# Origin decision\n", update=False)
    assert not path.exists()


def test_a_trailing_byte_is_a_difference(tmp_path: Path) -> None:
    path = tmp_path / "en.txt"
    path.write_bytes(b"Outcome\n")
    with pytest.raises(pytest.fail.Exception):
        compare_with_golden(path, "Outcome\n\n", update=False)


def test_update_writes_the_rendering(tmp_path: Path) -> None:
    path = tmp_path / "case" / "zh.md"
    compare_with_golden(path, "# 生源地判定\n", update=True)
    assert path.read_bytes() == "# 生源地判定\n".encode()
    compare_with_golden(path, "# 生源地判定\n", update=False)


# --- what the goldens cannot show ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "md"])
def test_a_search_cut_short_is_said(fmt: str) -> None:
    full = explanation("graduate-yi-wuhan")
    cut = full.model_copy(
        update={
            "search": CounterfactualSearch(
                tried=7, complete=False, seconds_budget=0.05, max_changes=2
            )
        }
    )
    zh = render(cut, lang="zh", format=fmt)
    en = render(cut, lang="en", format=fmt)
    assert "反事实搜索在时间预算（0.05 秒）内未完成" in zh
    assert "已判定 7 组" in zh
    assert "cut short by its budget (0.05 s)" in en
    assert "已检查同时改变至多" not in zh
    # the counterfactuals found before the cut are still shown
    for c in full.counterfactuals:
        assert c.text.zh in zh


def test_a_bare_decision_has_no_why_not_or_what_if_section() -> None:
    decision = explanation("temporary-collective").decision
    zh = render(decision, lang="zh")
    assert "需要补充或核实的材料" in zh
    assert "为什么不是" not in zh
    assert "如果……" not in zh
    en = render(decision, lang="en", format="md")
    assert "## What staff must ask for" in en
    assert "## Why not" not in en


def test_json_is_the_model_dump_with_sorted_keys() -> None:
    e = explanation("graduate-yi-wuhan")
    text = render(e, format="json")
    assert json.loads(text) == e.model_dump(mode="json")
    assert "武昌区" in text  # not \\u escapes
    assert text.index('"counterfactuals"') < text.index('"decision"') < text.index('"search"')
    assert render(e, format="json", lang="en") == text
    assert Explanation.model_validate_json(text) == e


@pytest.mark.parametrize(
    ("option", "value"), [("lang", "fr"), ("format", "pdf"), ("lang", "ZH"), ("format", "")]
)
def test_an_unknown_language_or_format_is_a_value_error_naming_it(option: str, value: str) -> None:
    decision = explanation("bachelor-panyu").decision
    with pytest.raises(ValueError, match=f"{option}: {value!r}"):
        if option == "lang":
            render(decision, lang=value)
        else:
            render(decision, format=value)


def test_markdown_escapes_text_that_would_change_the_layout() -> None:
    decision = explanation("bachelor-panyu").decision
    step = decision.trace[0]
    odd = LocalText(zh="甲|乙 *强调* _斜体_ [链接](x) <b> snake_case", en="a|b *c* _d_ [e](f) <g>")
    changed = decision.model_copy(update={"trace": (step.model_copy(update={"text": odd}),)})
    zh = render(changed, lang="zh", format="md")
    assert r"甲\|乙 \*强调\* \_斜体\_ \[链接\](x) \<b\> snake_case" in zh
    en = render(changed, lang="en", format="md")
    assert r"a\|b \*c\* \_d\_ \[e\](f) \<g\>" in en
    # a table row keeps its two cells
    row = next(line for line in zh.splitlines() if line.startswith("| 学历层次"))
    assert row.count("|") - row.count(r"\|") == 3
