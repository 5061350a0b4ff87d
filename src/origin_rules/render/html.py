"""A decision or an explanation as an HTML report staff print: one self-contained file.

The same narrative as the text and Markdown (`origin_rules.render.narrative` says what
is said; this module only lays it out), plus what only a page can show: the graduate's
hukou records as a timeline drawn in inline SVG and as a numbered table (so that
"第2条户籍记录" in a counterfactual points at a visible row, and links to it).

    from origin_rules.render import render
    html = render(explanation, format="html", applicant=applicant)   # 中文
    html = render(decision, lang="en", format="html", applicant=applicant)

Layout, top to bottom: the conclusion in a box (the outcome in words, the origin with
its full name and code, the deciding rule's title); for `needs_review` and
`insufficient_facts` the materials to ask for as a checklist; the timeline and the
records; the steps with their clauses quoted; the interpretations relied on; why not
the other rules and what would change the outcome; last, the technical appendix, the
ids behind the titles and words above (`origin_rules.render.appendix`). Without
`applicant` the report has no timeline or records and says so.

The file needs nothing from outside it: CSS and SVG inline, no script, no web font, no
link or image to fetch; a print stylesheet sets A4 pages. Jinja2 escapes every value
(autoescape), so text from the facts or the rules cannot become markup. ID numbers
appear only masked, as in the text (the trace's masked form; the facts summary shows
the same masked form).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from origin_rules.decision import Decision
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant
from origin_rules.render.appendix import appendix, appendix_label
from origin_rules.render.narrative import Narrative, narrative, outcome_words, step_reading
from origin_rules.render.records import FactsShown, report_facts
from origin_rules.render.records import word as records_word
from origin_rules.render.timeline import Timeline, layout
from origin_rules.ruleset.model import Ruleset

__all__ = [
    "html_document",
    "html_label",
    "html_title",
    "render_html",
    "report_article",
    "timeline_of",
]

# What only the HTML report says (headings, table heads, the legend), (zh, en). The
# narrative's own labels come from the narrative.
LABELS: dict[str, tuple[str, str]] = {
    "facts": ("申请人事实", "The facts"),
    "timeline": ("户籍时间线", "Hukou timeline"),
    "timeline_caption": (
        "每条户籍记录一行；竖线为高考、入学与判定日；加粗的记录为本判定所依据的户籍记录。",
        "One row per hukou record; vertical lines mark the gaokao, enrollment and the "
        "decision date; the record drawn bold is the one the decision rests on.",
    ),
    "records": ("户籍记录", "Hukou records"),
    "no_records": ("未填写户籍记录。", "No hukou record is stated."),
    "no_facts": (
        "未随判定提供申请人事实，故不绘制时间线和户籍记录表。",
        "The applicant's facts were not given with the decision: no timeline or records.",
    ),
    "number": ("序号", "No."),
    "holder": ("户籍归属", "Whose"),
    "kind": ("户口类型", "Kind"),
    "place": ("所在地（记录）", "Place (as recorded)"),
    "period": ("起止日期", "From – to"),
    "ended": ("终止方式", "How it ended"),
    "division": ("区划在判定日的状态", "Division on the decision date"),
    "read_as": ("判定中用作", "Read as"),
    "rests_on": ("本判定所依据", "the decision rests on it"),
    "work": ("入学前工作", "Work before enrollment"),
    "gaokao": ("高考", "gaokao"),
    "earlier_gaokao": ("往年高考", "earlier gaokao"),
    "enrollment": ("入学", "enrollment"),
    "earlier_enrollment": ("前一学段入学", "earlier programme"),
    "decision": ("判定日", "decision date"),
    "legend_family": ("家庭户籍", "family registration"),
    "legend_student": ("本人户口", "student's own registration"),
    "legend_work": ("入学前工作", "work before enrollment"),
    "legend_rests_on": ("本判定所依据的户籍记录", "the record the decision rests on"),
    "legend_open": ("至今有效", "in force"),
    "see_record": ("见户籍记录", "see record"),
    "footer": ("由 origin-rules {version} 生成", "Made by origin-rules {version}"),
    "input_hash": ("事实摘要", "Facts hash"),
    "ruleset_hash": ("规则集摘要", "Ruleset hash"),
}


def html_label(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


@functools.cache
def environment() -> Environment:
    """The templates, escaping every value they print."""
    env = Environment(
        loader=PackageLoader("origin_rules", "render/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["html_label"] = html_label
    return env


def render_html(
    obj: Decision | Explanation,
    lang: str = "zh",
    ruleset: Ruleset | None = None,
    applicant: Applicant | None = None,
) -> str:
    """The decision (or explanation) as one self-contained HTML document in `zh` or
    `en`. `applicant`, the facts the decision was made from, adds the timeline and the
    records (a mismatch raises `InvalidOptionError`)."""
    article = report_article(obj, lang, ruleset, applicant)
    decision = obj.decision if isinstance(obj, Explanation) else obj
    return html_document([article], lang, html_title(decision, lang))


def html_title(decision: Decision, lang: str) -> str:
    title = "生源地判定" if lang == "zh" else "Origin decision"
    who = decision.applicant_id
    if not who:
        return title
    return f"{title}：{who}" if lang == "zh" else f"{title}: {who}"


def report_article(
    obj: Decision | Explanation,
    lang: str = "zh",
    ruleset: Ruleset | None = None,
    applicant: Applicant | None = None,
    *,
    anchor: str = "",
) -> Markup:
    """The report as an `<article>`, for a page that holds several (`html_document`):
    `anchor` starts the ids of its rows (record-2 becomes `anchor`record-2), so that
    the reports on one page link each to its own records."""
    n = narrative(obj, lang, ruleset)
    decision = obj.decision if isinstance(obj, Explanation) else obj
    facts: FactsShown | None = None
    timeline: Timeline | None = None
    if applicant is not None:
        facts = report_facts(decision, applicant, lang, ruleset)
        timeline = timeline_of(facts, lang)
    template = environment().get_template("decision.html.j2")
    return Markup(
        template.render(
            n=n,
            lang=lang,
            decision=decision,
            outcome=_capitalised(outcome_words(decision.outcome, lang)),
            deciding=_deciding_title(n),
            facts=facts,
            timeline=timeline,
            record_links=_record_links(obj),
            words={"in_force": records_word("in_force", lang)},
            anchor=anchor,
            appendix=appendix(obj, n),
            appendix_label=appendix_label,
            step_reading=step_reading,
        )
    )


def timeline_of(facts: FactsShown, lang: str) -> Timeline | None:
    """The timeline of the facts shown, or None when there is nothing to draw."""
    if not (facts.records or facts.work):
        return None
    markers = ("gaokao", "earlier_gaokao", "enrollment", "earlier_enrollment", "decision")
    return layout(
        facts,
        {k: html_label(k, lang) for k in markers},
        html_label("work", lang),
        records_word("after_decision", lang),
    )


def _capitalised(text: str) -> str:
    # As the narrative's conclusion starts it: "Origin determined".
    return text[:1].upper() + text[1:]


def _deciding_title(n: Narrative) -> str | None:
    return next((s.title for s in n.steps if s.rule == n.decided_by), None)


def _record_links(obj: Decision | Explanation) -> tuple[tuple[int, ...], ...]:
    """For each counterfactual, the numbers of the hukou records it changes."""
    if not isinstance(obj, Explanation):
        return ()
    links = []
    for c in obj.counterfactuals:
        numbers = {
            int(part[1]) + 1
            for part in (ch.path.split(".") for ch in c.changes)
            if len(part) > 1 and part[0] == "hukou" and part[1].isdigit()
        }
        links.append(tuple(sorted(numbers)))
    return tuple(links)


def html_document(articles: Sequence[Markup], lang: str, title: str) -> str:
    """One HTML page holding `articles` (reports made by this module and its siblings
    for change decisions and diagnoses), each starting a new printed page."""
    from origin_rules import __version__

    template = environment().get_template("page.html.j2")
    return template.render(
        articles=articles,
        lang=lang,
        title=title,
        footer=html_label("footer", lang).format(version=__version__),
    )
