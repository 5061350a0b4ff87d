"""The HTML reports staff print (`render(..., format="html")`, `--format html`).

Golden reports: every golden case of test_golden.py (the guide's own examples first)
has its explanation's report in Chinese and English beside its text, `report.zh.html`
and `report.en.html`, compared byte for byte after normalising what changes without
the report changing: the library's version and the sha256 hashes (of the ruleset and
of the facts). Regenerate them as the text goldens are:

    ORIGIN_RULES_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_html_report.py

Every report, golden or not (change decisions and diagnoses too), is also read strictly
(html_check.check_page): balanced tags, one <svg> per report with hukou records, one bar
per hukou record, nothing to fetch, every link to a row that exists.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import run_cli
from html_check import MalformedReport, check_page
from markupsafe import escape
from test_golden import CASES, GOLDEN, GUIDE_EXAMPLES, compare_with_golden, explanation, updating

from origin_rules import __version__
from origin_rules.changes import bundled_changes_policy, decide_change, parse_request, render_change
from origin_rules.decide import decide_origin
from origin_rules.errors import InvalidOptionError
from origin_rules.facts import Applicant, parse_applicant
from origin_rules.render import render
from origin_rules.workflow import diagnose, render_diagnosis

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LANGS = ("zh", "en")
_HASH = re.compile(r"sha256:[0-9a-f]{64}")


def applicant(case: str) -> Applicant:
    return parse_applicant(json.loads((GOLDEN / case / "applicant.json").read_text("utf-8")))


def report(case: str, lang: str) -> str:
    return render(explanation(case), lang=lang, format="html", applicant=applicant(case))


def esc(text: str) -> str:
    """`text` as the report writes it (escaped: an apostrophe is &#39;)."""
    return str(escape(text))


def normalised(html: str) -> str:
    """The report without what changes when the report does not: the version, hashes."""
    html = html.replace(f"origin-rules {__version__}", "origin-rules VERSION")
    return _HASH.sub("sha256:HASH", html)


# --- goldens ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES)
def test_the_report_matches_the_golden_file(case: str, lang: str) -> None:
    compare_with_golden(
        GOLDEN / case / f"report.{lang}.html", normalised(report(case, lang)), update=updating()
    )


def test_normalising_leaves_the_rest_alone() -> None:
    text = f"<p>origin-rules {__version__}</p><code>sha256:{'a' * 64}</code> sha256:abc"
    assert normalised(text) == "<p>origin-rules VERSION</p><code>sha256:HASH</code> sha256:abc"


# --- well formed ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES)
def test_the_report_is_well_formed_with_one_bar_per_hukou_record(case: str, lang: str) -> None:
    facts = applicant(case)
    page = check_page(report(case, lang))
    [article] = page.articles
    assert article.svgs == (1 if facts.hukou else 0)
    assert len(page.svg_sources) == article.svgs
    assert [bar["data-record"] for bar in article.hukou_bars] == [
        str(n) for n in range(1, len(facts.hukou) + 1)
    ]
    assert [bar["data-holder"] for bar in article.hukou_bars] == [
        r.holder.value for r in facts.hukou
    ]
    assert article.record_rows == [f"record-{n}" for n in range(1, len(facts.hukou) + 1)]
    assert page.title.startswith("生源地判定" if lang == "zh" else "Origin decision")


@pytest.mark.parametrize("case", GUIDE_EXAMPLES)
def test_the_conclusion_comes_first_with_the_origin_and_the_deciding_rule(case: str) -> None:
    e = explanation(case)
    html = report(case, "zh")
    box = html[html.index('<section class="conclusion') : html.index("</section>")]
    assert html.index('<section class="conclusion') < html.index("<svg")
    assert e.decision.origin is not None
    assert e.decision.origin.full_name and esc(e.decision.origin.full_name) in box
    assert e.decision.origin.code in box
    decided = next(s for s in e.decision.trace if s.role == "decided")
    assert esc(decided.title.zh) in box
    assert "已确定生源地" in box


@pytest.mark.parametrize("case", GUIDE_EXAMPLES)
def test_the_record_the_decision_rests_on_is_highlighted(case: str) -> None:
    page = check_page(report(case, "en"))
    [article] = page.articles
    highlighted = [b["data-record"] for b in article.hukou_bars if "rests-on" in b["class"]]
    assert len(highlighted) == 1
    assert f'<tr id="record-{highlighted[0]}" class="record rests-on"' in report(case, "en")


def test_the_panyu_report_draws_the_family_record_under_the_origin() -> None:
    html = report("bachelor-panyu", "zh")
    page = check_page(html)
    bars = page.articles[0].hukou_bars
    assert [b["data-holder"] for b in bars] == ["family", "student"]
    assert "rests-on" in bars[0]["class"] and "rests-on" not in bars[1]["class"]
    for marker in ('data-marker="gaokao"', 'data-marker="enrollment"', 'data-marker="decision"'):
        assert marker in html
    assert "高考前家庭户籍所在地" in html  # what the record was read as


def test_an_abolished_division_is_labelled_with_its_successors() -> None:
    for lang in LANGS:
        svg = check_page(report("division-split-jianggan", lang)).svg_sources[0]
        assert "330104" in svg
        assert "→ 浙江省杭州市上城区" in svg and "330102" in svg
        assert "→ 浙江省杭州市钱塘区" in svg and "330114" in svg


def test_a_counterfactual_links_to_the_row_it_names() -> None:
    html = report("bachelor-panyu", "zh")
    items = re.findall(r"<li>(若第(\d)条户籍记录.*?)</li>", html)
    assert items
    for item, number in items:
        assert f'href="#record-{number}"' in item
        assert f'id="record-{number}"' in html


def test_needs_review_asks_for_materials_as_a_checklist() -> None:
    html = report("temporary-collective", "zh")
    page = check_page(html)
    assert page.articles[0].checklist_items >= 1
    decision = explanation("temporary-collective").decision
    for reason in decision.reasons:
        assert esc(reason.text.zh) in html
    html = report("graduate-prefecture-hukou", "en")
    assert check_page(html).articles[0].checklist_items >= 1
    for missing in explanation("graduate-prefecture-hukou").decision.missing_facts:
        assert esc(missing.text.en) in html


def test_the_steps_quote_their_clauses_and_the_interpretations_relied_on() -> None:
    e = explanation("family-settled-hong-kong")
    html = report("family-settled-hong-kong", "en")
    for step in e.decision.trace:
        assert f'<blockquote class="clause">{esc(step.clause.text)}</blockquote>' in html
    for use in e.decision.interpretations:
        assert f"<code>{use.id}</code>" in html
        assert esc(use.question.en) in html


def test_the_id_number_is_masked_as_the_text_masks_it() -> None:
    case = "minority-master-id-noted"
    number = json.loads((GOLDEN / case / "applicant.json").read_text("utf-8"))["identity_document"][
        "number"
    ]
    text = render(explanation(case), lang="zh")
    masked = next(m for m in re.findall(r"[0-9A-Z*]*\*{4,}[0-9A-Z]*", text))
    html = report(case, "zh")
    assert number not in html
    assert masked in html


# --- escaping, mismatches, no facts ----------------------------------------------------------


def hostile() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / "bachelor-panyu.json").read_text("utf-8"))
    data["applicant_id"] = "<script>alert(1)</script>"
    data["hukou"][0]["place"]["name"] = '番禺区"><img src=x onerror=alert(1)>'
    data["hukou"][0]["place"]["township"] = "</td></tr></table><b>"
    return data


def test_text_from_the_facts_is_escaped() -> None:
    data = hostile()
    decision = decide_origin(data, engine="python")
    html = render(decision, format="html", applicant=parse_applicant(data))
    page = check_page(html)  # no <script>, no <img>, tags still balanced
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "<script" not in html
    assert len(page.articles[0].hukou_bars) == 2


def test_facts_that_are_not_the_decisions_are_refused() -> None:
    decision = explanation("bachelor-panyu").decision
    with pytest.raises(InvalidOptionError, match="applicant: these are not the facts"):
        render(decision, format="html", applicant=applicant("bachelor-haidian"))


def test_without_the_facts_the_report_says_so_and_draws_nothing() -> None:
    html = render(explanation("bachelor-panyu"), format="html", lang="en")
    page = check_page(html)
    assert page.articles[0].svgs == 0
    assert esc("The applicant's facts were not given") in html
    assert "广东省广州市番禺区" in html


def test_a_record_after_the_decision_date_is_drawn_and_marked() -> None:
    data = json.loads((EXAMPLES / "bachelor-panyu.json").read_text("utf-8"))
    data["hukou"].append(
        {
            "holder": "family",
            "kind": "family_household",
            "place": {"code": "440106", "name": "天河区"},
            "start": "2023-01-01",
        }
    )
    decision = decide_origin(data, engine="python")
    html = render(decision, format="html", applicant=parse_applicant(data))
    bars = check_page(html).articles[0].hukou_bars
    assert len(bars) == 3
    assert "after-decision" in bars[2]["class"]
    assert "判定日之后的记录，未计入" in html


def test_the_checker_catches_what_a_report_must_not_have() -> None:
    good = report("bachelor-panyu", "en")
    broken = {
        "unbalanced": good.replace("</figure>", "", 1),
        "a script": good.replace("</body>", "<script>1</script></body>"),
        "a fetched image": good.replace("</body>", '<img src="x.png"></body>'),
        "an external link": good.replace('href="#record-1"', 'href="https://x.org/"', 1),
        "a protocol-relative URL": good.replace(
            "</body>", '<a href="#record-1">//x.org</a></body>'
        ),
        "a missing row": good.replace('id="record-1"', 'id="row-1"'),
        "a CSS import": good.replace("<style>", "<style>@import 'x.css';"),
    }
    for what, html in broken.items():
        with pytest.raises(MalformedReport):
            check_page(html)
            pytest.fail(f"{what} was not caught")


# --- change decisions and diagnoses --------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(p.stem for p in (EXAMPLES / "changes").glob("*.json")))
def test_a_change_decision_report_is_well_formed(name: str, lang: str) -> None:
    data = json.loads((EXAMPLES / "changes" / f"{name}.json").read_text("utf-8"))
    decision = decide_change(data, engine="python")
    request = parse_request(data, bundled_changes_policy())
    html = render_change(decision, lang=lang, format="html", request=request)
    page = check_page(html)
    [article] = page.articles
    assert f'data-result="{decision.result}"' in html
    redecided = any(f.redecision is not None for f in decision.fields)
    expected = 0
    if redecided:
        expected = sum(
            len(a.hukou) for a in (request.applicant_before, request.applicant_after) if a
        )
    assert len(article.hukou_bars) == expected
    for f in decision.fields:
        for clause in f.clauses:
            assert esc(clause.text) in html
        for missing in f.evidence_missing:
            assert esc(missing.text.zh if lang == "zh" else missing.text.en) in html
    # the text's values, the ID number masked as there
    assert "44011320000101008X" not in html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(p.stem for p in (EXAMPLES / "workflow").glob("*.json")))
def test_a_diagnosis_report_is_well_formed(name: str, lang: str) -> None:
    data = json.loads((EXAMPLES / "workflow" / f"{name}.json").read_text("utf-8"))
    d = diagnose(data, engine="python")
    html = render_diagnosis(d, lang=lang, format="html")
    page = check_page(html)
    [article] = page.articles
    assert article.checklist_items == len(d.next_steps)
    assert esc(d.title.zh if lang == "zh" else d.title.en) in html
    for finding in d.findings:
        if finding.role != "replaced":
            assert esc(finding.clause.text) in html


# --- the command ------------------------------------------------------------------------


def test_explain_writes_one_self_contained_page() -> None:
    result = run_cli("explain", str(EXAMPLES / "bachelor-panyu.json"), "--format", "html")
    assert result.returncode == 0, result.stderr
    page = check_page(result.stdout)
    assert page.title == "生源地判定：example-panyu"
    [article] = page.articles
    assert len(article.hukou_bars) == 2
    assert '<p class="outcome">已确定生源地</p>' in result.stdout
    assert "<code>determined</code>" in result.stdout  # the code, in the appendix


def test_decide_writes_a_page_of_reports_each_linking_to_its_own_rows() -> None:
    files = [
        str(EXAMPLES / f"{name}.json") for name in ("bachelor-panyu", "exam-migration-shenzhen")
    ]
    result = run_cli("decide", *files, "--output", "html", "--lang", "en")
    assert result.returncode == 0, result.stderr
    page = check_page(result.stdout)
    assert page.title == "Origin decisions"
    assert [len(a.hukou_bars) for a in page.articles] == [2, 3]
    assert page.articles[1].record_rows == ["r2-record-1", "r2-record-2", "r2-record-3"]


def test_a_record_that_cannot_be_decided_is_a_report_of_its_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"cohort": {"year": 2022, "month": 6}}', encoding="utf-8")
    result = run_cli("explain", str(bad), str(EXAMPLES / "bachelor-panyu.json"), "--format", "html")
    assert result.returncode == 2
    page = check_page(result.stdout)
    assert [a.classes for a in page.articles] == ["report error", "report decision"]
    assert "输入有误：" in result.stdout and "degree: Field required" in result.stdout


def test_change_and_diagnose_write_html_too() -> None:
    change = run_cli(
        "change", str(EXAMPLES / "changes" / "origin-parents-moved.json"), "--format", "html"
    )
    assert change.returncode == 0, change.stderr
    page = check_page(change.stdout)
    assert page.articles[0].classes == "report change"
    assert len(page.articles[0].hukou_bars) == 3  # one record before, two after
    states = sorted(str(p) for p in (EXAMPLES / "workflow").glob("*.json"))
    diagnosis = run_cli("diagnose", *states, "--format", "html", "--lang", "en")
    assert diagnosis.returncode == 0, diagnosis.stderr
    assert len(check_page(diagnosis.stdout).articles) == len(states)


def test_the_docs_excerpt_is_the_report_as_made() -> None:
    doc = (ROOT / "docs" / "report.md").read_text("utf-8")
    [block] = re.findall(r"```html\n(.*?)```", doc, flags=re.DOTALL)
    html = report("bachelor-panyu", "zh")
    for line in block.splitlines():
        assert line.strip() in html, line


def test_demo_writes_one_report_per_example() -> None:
    result = run_cli("demo", "--format", "html", "--engine", "python")
    assert result.returncode == 0, result.stderr
    page = check_page(result.stdout)
    assert len(page.articles) == len(list(EXAMPLES.glob("*.json")))
    assert all(a.classes == "report decision" for a in page.articles)


def test_family_records_on_two_registers_say_whose_household() -> None:
    data = json.loads((EXAMPLES / "bachelor-panyu.json").read_text("utf-8"))
    data["hukou"] = [
        {
            "holder": "family",
            "household_of": "parents",
            "kind": "family_household",
            "place": {"code": "440113", "name": "番禺区"},
            "start": "2000-03-15",
        },
        {
            "holder": "family",
            "household_of": "relatives",
            "kind": "family_household",
            "place": {"code": "440106", "name": "天河区"},
            "start": "2000-03-15",
        },
    ]
    decision = decide_origin(data, engine="python")
    html = render(decision, format="html", applicant=parse_applicant(data))
    assert "父母的户口" in html and "亲属的户口（学生在其上）" in html
    bars = check_page(html).articles[0].hukou_bars
    assert [b["data-holder"] for b in bars] == ["family", "family"]
    # under the default reading the parents' registration is the family's
    assert ["rests-on" in b["class"] for b in bars] == [True, False]


def test_labels_wrap_to_the_label_column() -> None:
    from origin_rules.render.timeline import LABEL_WIDTH, text_width, wrap

    english = "2. the student's own registration · talent-centre or other public collective hukou"
    lines = wrap(english, 13)
    assert len(lines) > 1 and " ".join(lines) == english
    assert all(text_width(line, 13) <= LABEL_WIDTH - 8 for line in lines)
    chinese = "→ " + "浙江省杭州市上城区" * 3
    lines = wrap(chinese, 11)
    assert len(lines) == 2 and "".join(lines) == chinese
    assert wrap("x" * 200, 12) == ["x" * 200]  # a word longer than the column stays whole
