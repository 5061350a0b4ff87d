"""Change decisions and diagnoses, like origin decisions (tests/test_staff_narrative.py):
staff read titles and words, and the ids are in the technical appendix.

Over every change request under examples/changes/ and every record state under
examples/workflow/, rendered as text, Markdown and HTML, in Chinese and English:

- the staff part (everything before the technical appendix) holds none of the ids the
  change decision or the diagnosis carries (the policy's and the rules', fields',
  results', reasons', evidence's, flags', clauses', interpretations' and readings, the
  deciding rules and hashes of the decisions made again, the symptom's, the record
  state's hash) and nothing shaped like one;
- every id the appendix lists is one the change decision or the diagnosis holds, and
  every rendering shows it in its appendix;
- the appendix lists the ids of each thing the narrative names.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from test_staff_narrative import FORMATS, LANGS, _strings, id_shapes, split

from origin_rules.changes import ChangeDecision, decide_change, parse_request, render_change
from origin_rules.changes.appendix import change_appendix
from origin_rules.changes.policy import bundled_changes_policy
from origin_rules.render.appendix import AppendixGroup
from origin_rules.workflow import Diagnosis, diagnose, render_diagnosis
from origin_rules.workflow.appendix import diagnosis_appendix

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHANGES = sorted((EXAMPLES / "changes").glob("*.json"))
DIAGNOSES = sorted((EXAMPLES / "workflow").glob("*.json"))


@functools.cache
def change(path: Path) -> ChangeDecision:
    return decide_change(json.loads(path.read_text("utf-8")), engine="python")


@functools.cache
def diagnosis(path: Path) -> Diagnosis:
    return diagnose(path.read_text("utf-8"), engine="python")


def change_rendering(path: Path, lang: str, fmt: str) -> str:
    request = parse_request(json.loads(path.read_text("utf-8")), bundled_changes_policy())
    return render_change(change(path), lang=lang, format=fmt, request=request)


def diagnosis_rendering(path: Path, lang: str, fmt: str) -> str:
    return render_diagnosis(diagnosis(path), lang=lang, format=fmt)


def _id_like(ids: set[str]) -> set[str]:
    # A one-word id ("origin", "form", "accepted") is also a word staff may read.
    return {i for i in ids if re.search(r"[_.\[:\-]", i)}


def change_ids(d: ChangeDecision) -> set[str]:
    """The ids of a change decision, and of the decisions it made again."""
    ids = {d.policy.id, d.policy.content_hash, d.result}
    ids |= (
        set(d.options) | {u.id for u in d.interpretations} | {u.reading for u in d.interpretations}
    )
    for r in d.fields:
        ids |= {r.field, r.result, r.route} | {c.id for c in r.clauses}
        ids |= {n.id for n in (r.reason, r.rejection) if n is not None}
        ids |= {e.id for e in (*r.evidence_required, *r.evidence_supplied, *r.evidence_missing)}
        ids |= {f.id for f in r.flags} | {f.clause.id for f in r.flags}
        ids |= {u.id for u in r.interpretations} | {u.reading for u in r.interpretations}
        if r.redecision is not None:
            for made in (r.redecision.before, r.redecision.after):
                ids |= {s.rule for s in made.trace} | {s.clause.id for s in made.trace}
                ids |= {made.input_hash, made.decided_by or ""}
                if made.ruleset is not None:
                    ids |= {made.ruleset.id, made.ruleset.content_hash}
    return _id_like(ids - {""})


def diagnosis_ids(d: Diagnosis) -> set[str]:
    ids = {d.diagnosis, d.symptom, d.ruleset.id, d.ruleset.content_hash, d.state_hash}
    ids |= set(d.options.interpretations) | set(d.options.interpretations.values())
    for f in d.findings:
        ids |= {f.rule, f.clause.id, f.replaced_by or ""} | set(f.facts) | set(f.interpretations)
        ids |= {s.rule for s in f.next_steps}
    return _id_like(ids - {""})


def listed(groups: tuple[AppendixGroup, ...]) -> set[str]:
    return {i for g in groups for entry in g.entries for line in entry.lines for i in line.ids}


def assert_staff_part_clean(rendered: str, fmt: str, lang: str, ids: set[str], code: str) -> None:
    staff, _ = split(rendered, fmt, lang)
    found = sorted(i for i in ids if i in staff)
    assert not found, f"ids in what staff read: {found}"
    shapes = sorted(id_shapes(staff))
    assert not shapes, f"id-shaped text in what staff read: {shapes}"
    assert f"（{code}）" not in staff and f"({code})" not in staff


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", CHANGES, ids=[p.stem for p in CHANGES])
def test_a_change_decision_names_no_id_where_staff_read(path: Path, lang: str, fmt: str) -> None:
    d = change(path)
    rendered = change_rendering(path, lang, fmt)
    assert_staff_part_clean(rendered, fmt, lang, change_ids(d), d.result)
    for r in d.fields:
        staff, _ = split(rendered, fmt, lang)
        assert f"（{r.result}）" not in staff and f"({r.result})" not in staff


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", DIAGNOSES, ids=[p.stem for p in DIAGNOSES])
def test_a_diagnosis_names_no_id_where_staff_read(path: Path, lang: str, fmt: str) -> None:
    d = diagnosis(path)
    rendered = diagnosis_rendering(path, lang, fmt)
    assert_staff_part_clean(rendered, fmt, lang, diagnosis_ids(d), d.diagnosis)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", CHANGES, ids=[p.stem for p in CHANGES])
def test_every_id_a_change_appendix_lists_is_the_decisions_and_is_shown(
    path: Path, lang: str
) -> None:
    d = change(path)
    ids = listed(change_appendix(d, lang))
    assert sorted(ids - _strings(d.model_dump(mode="json"))) == []
    expected = {d.result, d.policy.id, d.policy.version, d.policy.content_hash}
    expected |= {u.id for u in d.interpretations} | {u.reading for u in d.interpretations}
    for r in d.fields:
        expected |= {r.field, r.result, r.route} | {c.id for c in r.clauses}
        expected |= {n.id for n in (r.reason, r.rejection) if n is not None}
        expected |= {e.id for e in r.evidence_required} | {f.id for f in r.flags}
        if r.redecision is not None:
            expected |= {r.redecision.before.input_hash, r.redecision.after.input_hash}
            made = (r.redecision.before, r.redecision.after)
            expected |= {m.decided_by for m in made if m.decided_by}
    assert sorted(expected - ids) == []
    for fmt in FORMATS:
        _, tail = split(change_rendering(path, lang, fmt), fmt, lang)
        assert sorted(i for i in ids if i not in tail) == [], fmt


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", DIAGNOSES, ids=[p.stem for p in DIAGNOSES])
def test_every_id_a_diagnosis_appendix_lists_is_the_diagnosis_and_is_shown(
    path: Path, lang: str
) -> None:
    d = diagnosis(path)
    ids = listed(diagnosis_appendix(d, lang))
    assert sorted(ids - _strings(d.model_dump(mode="json"))) == []
    expected = {d.diagnosis, d.symptom, d.ruleset.id, d.ruleset.version, d.ruleset.content_hash}
    expected |= {d.state_hash, d.engine}
    expected |= {f.rule for f in d.findings} | {f.clause.id for f in d.findings}
    expected |= {f.replaced_by for f in d.findings if f.replaced_by}
    expected |= {i for f in d.findings for i in f.interpretations}
    expected |= {u.reading for u in d.interpretations}
    assert sorted(expected - ids) == []
    for fmt in FORMATS:
        _, tail = split(diagnosis_rendering(path, lang, fmt), fmt, lang)
        assert sorted(i for i in ids if i not in tail) == [], fmt


def test_the_checks_catch_the_narratives_of_before() -> None:
    """Lines staff read before (issue 15) fail the checks above."""
    d = change(EXAMPLES / "changes" / "origin-parents-moved.json")
    ids = change_ids(d)
    heading = "\n技术附录（供系统对接与核对）"
    for old in (
        "审核结果：受理（accepted）",
        "依据：changes-2022 1.0.0",
        "作出判定的规则：origin.family_hukou_before_gaokao ｜ origin.family_move_after_enrollment",
        "     - 四、其他事项/（二）（change.after_verification）",
        "   所依据的解释：named_evidence=all_named",
    ):
        with pytest.raises(AssertionError):
            assert_staff_part_clean(old + heading, "text", "zh", ids, d.result)
    w = diagnosis(EXAMPLES / "workflow" / "approved-not-initialised.json")
    for old in ("  规则：review.province_pending", "规则：workflow-2022 1.0.0；引擎：durable"):
        with pytest.raises(AssertionError):
            assert_staff_part_clean(old + heading, "text", "zh", diagnosis_ids(w), w.diagnosis)
