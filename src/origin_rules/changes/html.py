"""A change decision as an HTML report for staff (see `origin_rules.render.html`).

The same content as the text and Markdown of `origin_rules.changes.render`, from the
same helpers (labels, values, results, flags, interpretation lines): per field the
values, the reason, how it is changed, the result, the flags to check, the evidence
required, supplied and missing (what is missing as a checklist), the facts to supply
or verify (a checklist), for a change of origin the decisions before and after side by
side and, given the request, the graduate's hukou records before and after as
timelines; the clauses quoted, the interpretations relied on; last, the technical
appendix (`origin_rules.changes.appendix`).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from origin_rules.changes.appendix import change_appendix
from origin_rules.changes.decision import ChangeDecision, FieldResult
from origin_rules.changes.render import (
    _dash,
    _degree,
    _field_readings,
    _flag,
    _interp_line,
    _l,
    _reason,
    _rows,
    _t,
    _values,
    policy_title,
    result_label,
)
from origin_rules.changes.request import ChangeRequest
from origin_rules.decide import facts_hash
from origin_rules.decision import Decision
from origin_rules.facts import Applicant
from origin_rules.render.appendix import appendix_label
from origin_rules.render.html import environment, html_document, timeline_of
from origin_rules.render.records import FactsShown, report_facts
from origin_rules.render.records import word as records_word
from origin_rules.render.timeline import Timeline

__all__ = ["change_article", "render_change_html"]


@dataclass(frozen=True)
class _Side:
    """One side of a change of origin drawn: its facts and their timeline."""

    heading: str
    facts: FactsShown
    timeline: Timeline | None


def render_change_html(
    decision: ChangeDecision, lang: str = "zh", request: ChangeRequest | None = None
) -> str:
    """The change decision as one self-contained HTML document. `request`, the request
    it decided, adds the hukou records before and after a change of origin."""
    return html_document([change_article(decision, lang, request)], lang, _l("title", lang))


def change_article(
    decision: ChangeDecision,
    lang: str = "zh",
    request: ChangeRequest | None = None,
    *,
    anchor: str = "",
) -> Markup:
    """The change decision as an `<article>` (see `report_article`)."""
    c = "：" if lang == "zh" else ": "
    who = (
        f"{decision.name}（{_l('number', lang)} {decision.student_number}，"
        f"{decision.department}，{_degree(decision, 'zh')}）"
        if lang == "zh"
        else f"{decision.name} ({_l('number', lang)} {decision.student_number}, "
        f"{decision.department}, {_degree(decision, 'en')})"
    )
    fields = [_field_view(n, r, lang, request) for n, r in enumerate(decision.fields, start=1)]
    template = environment().get_template("change.html.j2")
    return Markup(
        template.render(
            d=decision,
            lang=lang,
            c=c,
            l=lambda key: _l(key, lang),
            who=who,
            result=result_label(decision.result, lang),
            fields=fields,
            interps=[_interp_line(u, lang) for u in decision.interpretations],
            anchor=anchor,
            words={"in_force": records_word("in_force", lang)},
            policy_title=policy_title(decision, lang),
            appendix=change_appendix(decision, lang),
            appendix_label=appendix_label,
        )
    )


def _field_view(
    n: int, r: FieldResult, lang: str, request: ChangeRequest | None
) -> dict[str, object]:
    old, new = _values(r, lang)
    sides: list[_Side] = []
    if r.redecision is not None and request is not None:
        for key, decision, applicant in (
            ("before", r.redecision.before, request.applicant_before),
            ("after", r.redecision.after, request.applicant_after),
        ):
            side = _side(_l(key, lang), decision, applicant, lang)
            if side is not None:
                sides.append(side)
    return {
        "number": n,
        "name": _t(r.field_name, lang),
        "old": old,
        "new": new,
        "result_key": r.result,
        "result": result_label(r.result, lang),
        "summary": _t(r.summary, lang),
        "dash": _dash(lang),
        "reason": _reason(r, lang),
        "route": _t(r.route_text, lang),
        "flags": [_flag(f, lang) for f in r.flags],
        "required": [_t(e.text, lang) for e in r.evidence_required],
        "supplied": [_t(e.text, lang) for e in r.evidence_supplied],
        "missing": [_t(e.text, lang) for e in r.evidence_missing],
        "facts": [_t(f, lang) for f in r.facts_to_supply],
        "rows": _rows(r.redecision, lang) if r.redecision else [],
        "note": _t(r.redecision.note, lang) if r.redecision else None,
        "sides": sides,
        "clauses": r.clauses,
        "interps": _field_readings(r, lang),
    }


def _side(heading: str, decision: Decision, applicant: Applicant | None, lang: str) -> _Side | None:
    # Only the facts this decision was made from are drawn beside it.
    if applicant is None or facts_hash(applicant) != decision.input_hash:
        return None
    facts = report_facts(decision, applicant, lang)
    return _Side(heading, facts, timeline_of(facts, lang))
