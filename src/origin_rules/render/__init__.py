"""Renderings of a Decision or an Explanation: for people (plain text, Markdown or an
HTML report, in Chinese or English) and for machines (JSON).

    from origin_rules.render import render
    render(decision)                              # 中文, plain text
    render(explanation, lang="en", format="md", applicant=facts)   # English Markdown
    render(explanation, format="html", applicant=facts)   # a report to print
    render(explanation, format="json")            # the data, keys sorted

Text, Markdown and HTML tell the same narrative (`origin_rules.render.narrative`): one step per
rule that applied, each quoting its clause, the facts it tested in plain words and the
interpretations it names; the rules outranked, by name; the conclusion and, when staff
must act, what to ask for; for an Explanation, why not the other rules and what would
change the outcome. Staff read titles and words; the ids behind them (rules, clauses,
interpretations and readings, field paths, outcome codes, hashes, versions) are listed
in a technical appendix at the end (`origin_rules.render.appendix`). Given the
applicant's facts, the narrative lists their hukou records, numbered as its sentences
number them; the HTML report (`origin_rules.render.html`) draws them as a timeline and
a numbered table too.
"""

from __future__ import annotations

from origin_rules.decision import Decision
from origin_rules.errors import InvalidOptionError
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant
from origin_rules.render.html import render_html
from origin_rules.render.json import render_json
from origin_rules.render.markdown import render_markdown
from origin_rules.render.narrative import (
    LANGS,
    check_lang,
    origin_label,
    outcome_label,
    outcome_words,
)
from origin_rules.render.text import render_text
from origin_rules.ruleset.model import Ruleset

__all__ = [
    "FORMATS",
    "LANGS",
    "origin_label",
    "outcome_label",
    "outcome_words",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
]

FORMATS = ("text", "md", "json", "html")


def render(
    obj: Decision | Explanation,
    *,
    lang: str = "zh",
    format: str = "text",
    ruleset: Ruleset | None = None,
    applicant: Applicant | None = None,
) -> str:
    """`obj` rendered as `format` (text, md, json or html) in `lang` (zh or en).

    An unknown `lang` or `format` raises `InvalidOptionError` (a ValueError) naming it;
    `lang` is checked for JSON too, though JSON carries both languages. `applicant`, the
    facts the decision was made from, adds their hukou records, numbered, to text and
    Markdown, and the timeline and records table to the HTML report (facts that are not
    the decision's raise `InvalidOptionError`); JSON does not read it. Without it, the
    sentences that name a record describe it in words (whose, where, since when).
    """
    check_lang(lang)
    if format == "text":
        return render_text(obj, lang, ruleset, applicant)
    if format == "md":
        return render_markdown(obj, lang, ruleset, applicant)
    if format == "json":
        return render_json(obj)
    if format == "html":
        return render_html(obj, lang, ruleset, applicant)
    raise InvalidOptionError(f"format: {format!r} is not one of {list(FORMATS)}")
