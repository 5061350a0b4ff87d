"""The literate page (docs/rulesets/<id>.md): the guide's whole text, in order, with each
clause's rules right under it; committed, and current with the rule files.

The first tests check the committed page of the bundled ruleset; the others render a
small ruleset written here, so what the generator must do (headings, questions broken
over two lines, a clause quoted twice, what is not encoded, conditions in words) is
checked independently of how the bundled rules happen to read today.
"""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from origin_rules import bundled_ruleset, load_ruleset
from origin_rules.literate import COMMAND, main, render_literate
from origin_rules.ruleset.model import Ruleset

REPO = Path(__file__).resolve().parents[1]
RULESET_ID = "guide-2022"
PAGE = REPO / "docs" / "rulesets" / f"{RULESET_ID}.md"
SOURCE = REPO / "rulesets" / RULESET_ID / "source.md"


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def _guide_lines(page: str, title: str) -> list[str]:
    """The page's lines outside the boxes, from the heading that holds the guide's title,
    with heading marks and anchors taken off."""
    lines = page.splitlines()
    cleaned = [re.sub(r"^#+\s*|<a id=\"[^\"]*\"></a>", "", line) for line in lines]
    starts = [
        i for i, line in enumerate(lines) if line.startswith("#") and cleaned[i] == title.strip()
    ]
    assert starts, f"no heading holds the guide's title {title!r}"
    return [
        c
        for line, c in zip(lines[starts[0] :], cleaned[starts[0] :], strict=True)
        if not line.startswith(">")
    ]


def _in_order(page: str, source: str) -> None:
    """Every non-blank line of the source is on the page, outside the boxes, in order
    (white space ignored)."""
    source_lines = source.splitlines()
    title = next(line for line in source_lines if line.strip())
    body = _flat("\n".join(_guide_lines(page, title)))
    position = 0
    for number, line in enumerate(source_lines, start=1):
        needle = _flat(line)
        if not needle:
            continue
        found = body.find(needle, position)
        assert found >= 0, f"source line {number} is missing or out of order: {line!r}"
        position = found + len(needle)


def _box(page: str, anchor: str) -> str:
    """The box (a blockquote) that opens with the anchor."""
    lines = page.splitlines()
    start = next(i for i, line in enumerate(lines) if f'<a id="{anchor}"></a>' in line)
    end = start
    while end < len(lines) and lines[end].startswith(">"):
        end += 1
    return "\n".join(lines[start:end])


def _section(page: str, heading: str) -> str:
    start = page.index(f"\n## {heading}")
    end = page.find("\n## ", start + 1)
    return page[start : end if end >= 0 else len(page)]


@pytest.fixture(scope="module")
def ruleset() -> Ruleset:
    return bundled_ruleset(RULESET_ID)


@pytest.fixture(scope="module")
def page(ruleset: Ruleset) -> str:
    return render_literate(ruleset)


@pytest.fixture(scope="module", params=["generated", "committed"])
def either_page(request: pytest.FixtureRequest, page: str) -> str:
    """The page as generated now, and as committed (checked the same way, so a committed
    page that is stale also says what it lacks)."""
    if request.param == "generated":
        return page
    if not PAGE.is_file():
        pytest.fail(f"{PAGE.relative_to(REPO)} is missing; generate it with: {COMMAND}")
    return PAGE.read_text(encoding="utf-8")


# --- the committed page of the bundled ruleset -------------------------------------------


def test_the_committed_page_is_the_generated_one(page: str) -> None:
    committed = PAGE.read_text(encoding="utf-8") if PAGE.is_file() else ""
    if committed != page:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                page.splitlines(keepends=True),
                fromfile="committed",
                tofile="generated",
                n=1,
            )
        )
        pytest.fail(
            f"{PAGE.relative_to(REPO)} is out of date with the rule files; regenerate it with:\n"
            f"    {COMMAND}\n"
            f"and commit the result. The difference:\n{diff[:6000]}"
        )


def test_every_line_of_the_guide_is_on_the_page_in_order(either_page: str) -> None:
    _in_order(either_page, SOURCE.read_text(encoding="utf-8"))


def test_every_clause_is_quoted_verbatim_in_its_box(either_page: str, ruleset: Ruleset) -> None:
    page = either_page
    for clause in ruleset.clauses.values():
        assert page.count(f'<a id="clause-{clause.id}"></a>') == 1, clause.id
        box = _box(page, f"clause-{clause.id}")
        assert f"「{clause.text}」" in box, clause.id
        assert clause.section in box, clause.id


def test_every_rule_has_one_box_right_under_its_clause(either_page: str, ruleset: Ruleset) -> None:
    page = either_page
    lines = page.splitlines()
    for rule in ruleset.rules:
        anchor = f'<a id="rule-{rule.id}"></a>'
        assert page.count(anchor) == 1, rule.id
        at = next(i for i, line in enumerate(lines) if anchor in line)
        clause_at = next(
            i for i, line in enumerate(lines) if f'<a id="clause-{rule.clause}"></a>' in line
        )
        assert clause_at < at, f"{rule.id} comes before its clause {rule.clause}"
        between = lines[clause_at:at]
        assert all(not line or line.startswith(">") for line in between), (
            f"guide text between clause {rule.clause} and its rule {rule.id}"
        )
        box = _box(page, f"rule-{rule.id}")
        for text in (rule.title.zh, rule.title.en):
            assert text in box, (rule.id, text)
        position = ruleset.rules.index(rule) + 1
        assert f"第 {position} 位（共 {len(ruleset.rules)} 条）" in box, rule.id
        assert f"{position} of {len(ruleset.rules)}" in box, rule.id
        for base in rule.exception_of:
            assert f"(#rule-{base})" in box, (rule.id, base)
        explain_zh = re.sub(r"\{([a-z_]+)\}", r"`{\1}`", rule.explain.zh)
        assert explain_zh in box, rule.id


def test_every_interpretation_has_a_box_with_every_reading(page: str, ruleset: Ruleset) -> None:
    for interp in ruleset.interpretations.values():
        box = _box(page, f"interp-{interp.id}")
        assert interp.question.zh in box and interp.question.en in box, interp.id
        assert f"**默认解读** `{interp.default}`" in box, interp.id
        for reading, text in interp.readings.items():
            assert f"`{reading}`" in box and text.zh in box and text.en in box, (interp.id, reading)


def test_clauses_no_rule_encodes_are_listed_as_not_encoded(page: str, ruleset: Ruleset) -> None:
    summary = _section(page, "未编码的部分 / Not encoded")
    encoding = {rule.clause for rule in ruleset.rules}
    for clause in ruleset.clauses.values():
        listed = f"(#clause-{clause.id})" in summary
        assert listed == (clause.id not in encoding), clause.id


def test_the_command_checks_the_committed_page_from_the_repository() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "origin_rules.literate", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr


# --- the command ----------------------------------------------------------------------------


def test_the_command_writes_then_checks_a_page(
    tmp_path: Path, page: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "docs"
    assert main([str(out)]) == 0
    written = out / f"{RULESET_ID}.md"
    assert written.read_text(encoding="utf-8") == page
    assert main(["--check", str(out)]) == 0
    assert capsys.readouterr().out == ""


def test_check_fails_with_a_diff_and_the_command_when_the_page_is_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "page.md"
    assert main(["--ruleset", RULESET_ID, str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("></a>一、生源信息绑定和校对范围\n", "></a>一、范围\n"), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["--check", "--ruleset", RULESET_ID, str(target)]) == 1
    captured = capsys.readouterr()
    assert "--- " in captured.out and "+++ " in captured.out
    assert '\n-### <a id="g-1-1"></a>一、范围\n' in captured.out
    assert '\n+### <a id="g-1-1"></a>一、生源信息绑定和校对范围\n' in captured.out
    assert f"regenerate with: {COMMAND} --ruleset {RULESET_ID} {target}" in captured.err
    assert target.read_text(encoding="utf-8") != text, "--check must not write"


def test_check_fails_when_the_page_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--check", str(tmp_path)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert not (tmp_path / f"{RULESET_ID}.md").exists()


def test_the_command_rejects_an_unknown_ruleset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--ruleset", "guide-1999", str(tmp_path)]) == 2
    assert "guide-1999" in capsys.readouterr().err


def test_the_page_is_deterministic(ruleset: Ruleset, page: str) -> None:
    assert render_literate(ruleset) == page


# --- a small ruleset written here ----------------------------------------------------------

SMALL_SOURCE = """\

测试指引（学生版）

一、范围

2022 届毕业生（不包括国际学生）。

二、时间

即日起至 2021 年 10 月 10 日。

三、判断

（一）概念

生源地一般是指毕业生高考前家庭常驻户籍所在地。

1. 证件号有括号，

如何填写？

答：应使用**英文格式**。

四、其他事项

（一）少干计划学生还需上传协议书。

（二）生源信息校对完成后，原则上不可随意变更生源地信息。

附表 1

说明：

2. 生源信息校对完成后，原则上不可随意变更生源地信息。
"""

SMALL_FILES = {
    "ruleset.yaml": """
        id: small-guide
        version: "0.1.0"
        title: {zh: 测试规则集, en: A test ruleset}
        source: {document: source.md, title: 测试指引（学生版）}
        governs: {cohorts: [2022]}
        decision_date_default: 2021-10-10
        rule_files: [rules.yaml]
        precedence: [scope.international, origin.changed, origin.graduate, fallback.none]
        """,
    "clauses.yaml": """
        clauses:
          - {id: scope, section: 一、范围, text: 2022 届毕业生（不包括国际学生）。}
          - {id: window, section: 二、时间, text: 即日起至 2021 年 10 月 10 日。}
          - {id: concept, section: 三、判断/（一）概念, text: 生源地一般是指毕业生高考前家庭常驻户籍所在地。}
          - {id: change, section: 四、其他事项/（二）, text: 生源信息校对完成后，原则上不可随意变更生源地信息。}
        """,
    "interpretations.yaml": """
        interpretations:
          - id: gaokao_reference_day
            clause: concept
            question: {zh: 哪一天？, en: Which day}
            default: day_before_gaokao
            why_default: {zh: 字面。, en: Literal.}
            readings:
              day_before_gaokao: {zh: 前一天, en: the day before}
              gaokao_day: {zh: 当天, en: the day itself}
          - id: admitting_gaokao
            clause: concept
            question: {zh: 哪次高考？, en: Which gaokao}
            default: admitting
            why_default: {zh: 录取。, en: Admission.}
            readings:
              admitting: {zh: 录取的那次, en: the admitting one}
              first_attempt: {zh: 第一次, en: the first}
          - id: move_on_enrollment_day
            clause: concept
            question: {zh: 入学当天？, en: On the day}
            default: not_after
            why_default: {zh: 字面。, en: Literal.}
            readings:
              not_after: {zh: 不算, en: not after}
              after: {zh: 算, en: after}
          - id: workplace_hukou_match
            clause: concept
            question: {zh: 一致到哪一级？, en: How close}
            default: same_prefecture
            why_default: {zh: 城市。, en: The city.}
            readings:
              same_prefecture: {zh: 同一地级市, en: same prefecture}
              same_code: {zh: 同一代码, en: same code}
          - id: graduate_hukou_reference
            clause: concept
            question: {zh: 哪一条户口？, en: Which hukou}
            default: day_before_enrollment
            why_default: {zh: 入学前。, en: Before enrollment.}
            readings:
              day_before_enrollment: {zh: 入学前一日, en: the day before enrollment}
              held_while_working: {zh: 工作期间, en: while working}
          - id: workplace_hukou_after_work
            clause: concept
            question: {zh: 工作结束后落户？, en: After the work}
            default: counts
            why_default: {zh: 未要求。, en: Not required.}
            readings:
              counts: {zh: 算, en: counts}
              must_overlap_work: {zh: 不算, en: does not}
          - id: family_registration
            clause: concept
            question: {zh: 哪个家庭户？, en: Which household}
            default: parents
            why_default: {zh: 父母。, en: The parents.}
            readings:
              parents: {zh: 父母, en: the parents}
              student_household: {zh: 本人所在, en: the student's}
          - id: graduates_too
            clause: change
            question: {zh: 研究生也适用吗？, en: Graduates too}
            default: applies
            why_default: {zh: 等同。, en: The same.}
            readings:
              applies: {zh: 适用, en: it applies}
              never: {zh: 不适用, en: it does not}
        """,
    "rules.yaml": """
        rules:
          - id: scope.international
            clause: scope
            title: {zh: 国际学生不在范围内, en: International students are out of scope}
            when: {fact: category, equals: international}
            then: {outcome: out_of_scope}
            explain: {zh: 该生为国际学生。, en: An international student.}
          - id: origin.graduate
            clause: concept
            title: {zh: 研究生以高考前家庭户籍为准, en: Graduate students take the family's place}
            when:
              all:
                - {fact: degree, in: [master, doctor]}
                - {fact: worked_before_enrollment, equals: true}
                - {fact: family_now_kind, not_in: [temporary_collective, school_collective]}
                - any:
                    - {fact: normal_university, equals: false}
                    - all:
                        - {fact: family_move, equals: after_enrollment}
                        - {interpretation: graduates_too, equals: applies}
            then: {outcome: determined, origin: family_before_gaokao}
            explain:
              zh: 高考（{gaokao_date}）前家庭户籍在 {family_before_gaokao_place}。
              en: Before the gaokao ({gaokao_date}) the family was at {family_before_gaokao_place}.
          - id: origin.changed
            clause: change
            extends: origin.graduate
            title: {zh: 区划已变更, en: The division has changed}
            when: {fact: family_before_gaokao_division, equals: succeeded}
            then: {outcome: determined, origin: family_before_gaokao}
            explain:
              zh: 已变更为 {family_before_gaokao_place}。
              en: Now {family_before_gaokao_place}.
          - id: fallback.none
            clause: concept
            title: {zh: 没有规则能作出判断, en: No rule could decide}
            when: {always: true}
            then:
              outcome: needs_review
              reason: {zh: 须学校判断。, en: Staff decide.}
            explain: {zh: 交由学校判断。, en: Staff decide.}
        """,
}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ruleset, str]:
    folder = tmp_path_factory.mktemp("small-guide")
    (folder / "source.md").write_text(SMALL_SOURCE, encoding="utf-8")
    for name, text in SMALL_FILES.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    ruleset = load_ruleset(folder)
    return ruleset, render_literate(ruleset, source=SMALL_SOURCE, source_name="source.md")


def test_a_ruleset_that_is_not_bundled_needs_its_source(small: tuple[Ruleset, str]) -> None:
    ruleset, _ = small
    with pytest.raises(ValueError, match="source="):
        render_literate(ruleset)


def test_the_small_guide_is_on_the_page_in_order(small: tuple[Ruleset, str]) -> None:
    _, page = small
    _in_order(page, SMALL_SOURCE)


def test_headings_follow_the_guides_numbering(small: tuple[Ruleset, str]) -> None:
    _, page = small
    headings = [
        re.sub(r"<a id=\"[^\"]*\"></a>", "", line)
        for line in page.splitlines()
        if line.startswith("#")
    ]
    guide = headings[headings.index("## 测试指引（学生版）") :]
    assert guide[: guide.index("## 优先顺序 / Precedence")] == [
        "## 测试指引（学生版）",
        "### 一、范围",
        "### 二、时间",
        "### 三、判断",
        "#### （一）概念",
        # a question the PDF broke over two lines is one heading
        "##### 1. 证件号有括号，如何填写？",
        # numbered paragraphs that hold a sentence are paragraphs, not headings
        "### 四、其他事项",
        "### 附表 1",
    ]


def test_what_no_rule_encodes_is_summarised(small: tuple[Ruleset, str]) -> None:
    _, page = small
    summary = _section(page, "未编码的部分 / Not encoded")
    items = [line for line in summary.splitlines() if line.startswith("- [")]
    assert [re.sub(r"\]\(#[^)]*\)", "]", item) for item in items] == [
        "- [二、时间]（已摘录为条款 [`window`]，尚无规则编码 / quoted as a clause, no rule yet）",
        "- [三、判断 › （一）概念 › 1. 证件号有括号，如何填写？]",
        "- [四、其他事项 › （一）少干计划学生还需上传协议书。]",
        "- [附表 1]",
    ]
    # every link in the summary leads to an anchor on the page
    for anchor in re.findall(r"\]\(#([^)]*)\)", summary):
        assert f'<a id="{anchor}"></a>' in page, anchor


def test_a_clause_quoted_twice_is_placed_in_the_section_it_names(
    small: tuple[Ruleset, str],
) -> None:
    _, page = small
    clause_at = page.index('<a id="clause-change"></a>')
    appendix_at = page.index("></a>附表 1\n")
    assert page.index("\n（二）生源信息校对完成后") < clause_at < appendix_at
    # the rules of the clause follow it, before any more of the guide
    assert clause_at < page.index('<a id="rule-origin.changed"></a>') < appendix_at


def test_conditions_read_as_words_in_both_languages(small: tuple[Ruleset, str]) -> None:
    _, page = small
    box = _box(page, "rule-origin.graduate")
    for words in (
        "- **条件**（以下各项都成立）：",
        ">   - 学历层次为“硕士研究生”或“博士研究生”",
        ">   - 入学前有工作经历：是",
        ">   - 现家庭户籍的户口类型既不是“临时集体户口”，也不是“学校集体户口”",
        ">   - 以下任一成立：",
        ">     - 师范类学生：否",
        ">     - 家庭户籍迁移的时间为“入学后迁移”，且解释 [`graduates_too`](#interp-graduates_too)"
        " 取 `applies`（适用）",
        "- **Condition** (all of):",
        ">   - Degree level is “master” or “doctor”",
        ">   - Worked before enrollment: yes",
        ">   - Kind of the family's current registration is neither “temporary collective hukou”"
        " nor “school collective hukou”",
        ">   - Any of:",
        ">     - Normal-university (师范) student: no",
        ">     - When the family's registration moved: “moved after enrollment”, and"
        " interpretation [`graduates_too`](#interp-graduates_too) is read as `applies` (it applies)",
        "- **结论**：已确定生源地（`determined`），生源地为高考前家庭户籍所在地。",
        "- **Conclusion**: origin determined (`determined`); the origin is the family's"
        " registration before the gaokao.",
        "- **说明模板**：高考（`{gaokao_date}`）前家庭户籍在 `{family_before_gaokao_place}`。",
        "  - `{gaokao_date}` 高考时间 / gaokao date",
        "其例外：[`origin.changed`](#rule-origin.changed)",
    ):
        assert words in box, f"{words!r} not in:\n{box}"


def test_an_extending_rule_shows_the_conditions_it_inherits(small: tuple[Ruleset, str]) -> None:
    _, page = small
    box = _box(page, "rule-origin.changed")
    inherited = "（继承自 [`origin.graduate`](#rule-origin.graduate)）"
    assert f">   - 学历层次为“硕士研究生”或“博士研究生”{inherited}" in box
    assert f">   - 以下任一成立{inherited}：" in box
    assert (
        ">   - 高考前家庭户籍所在行政区划在判定日的状态为“已撤销，全部区域由唯一的承继区划承继”\n"
        in box + "\n"
    )
    assert (
        "第 2 位（共 4 条）；扩展 [`origin.graduate`](#rule-origin.graduate)："
        "它的条件和本条的条件都须成立，两条同时适用时本条优先。"
    ) in box
    assert "Precedence**: 2 of 4; extends [`origin.graduate`](#rule-origin.graduate):" in box


def test_the_fallback_and_the_interpretations_read_as_words(small: tuple[Ruleset, str]) -> None:
    _, page = small
    fallback = _box(page, "rule-fallback.none")
    assert "- **条件**：总是成立（没有条件）" in fallback
    assert "总是适用，只在没有其他规则作出判定时作出判定" in fallback
    assert "  - 原因：须学校判断。" in fallback
    tested = _box(page, "interp-graduates_too")
    assert "- **默认解读** `applies`：适用。理由：等同。" in tested
    assert "  - `never`：不适用 / it does not" in tested
    assert "[`origin.graduate`](#rule-origin.graduate)" in tested
    assert "--interpretation graduates_too=never" in tested
    prepared = _box(page, "interp-workplace_hukou_match")
    assert "在整理事实时起作用" in prepared
