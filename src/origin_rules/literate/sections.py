"""The parts of the literate page other than the boxes: how to read it, the overview,
what no rule encodes, the clause index, the guide's text itself (with its boxes) and the
indexes of precedence and interpretations at the end."""

from __future__ import annotations

from origin_rules.literate.boxes import attachments
from origin_rules.literate.guide_text import Section, walk
from origin_rules.literate.page import Page
from origin_rules.ruleset.model import Clause


def how_to_read(page: Page) -> None:
    page.blank()
    page.add(
        "## 如何阅读 / How to read",
        "",
        "本页由规则集自动生成。下面按指引原文的顺序逐节给出全文，原文一字不改"
        "（标题前的编号、加粗均照原文）。凡有规则编码的条款，紧接在原文之后有：",
        "",
        "- **条款框**：条款编号、所在章节和原文摘录，以及编码该条款的规则；",
        "- **规则框**：规则编号和标题；条件（用事实的中文名称写成，几项条件须同时成立时逐项列出）；"
        "结论；在优先顺序中的位置，以及它是哪些规则的例外；说明模板"
        "（`{…}` 处在判定时填入该生的事实）；",
        "- **解释框**：指引没有写明、规则集作出解释的问题，默认解读及其理由，和调用方可以选用的其他解读。",
        "",
        "几条规则同时适用时，优先顺序靠前的作出判定；例外规则总是排在它所例外的规则之前。"
        "没有规则编码的章节照原文列出，并汇总在下面的“未编码的部分”：判定不会用到这些内容，"
        "须由老师按指引办理。本页随规则文件一同更新，测试会检查它是否为最新。",
        "",
        "This page is generated from the ruleset. It gives the guide's whole text, section "
        "by section in its own order and unchanged. Right under each clause that rules "
        "encode come:",
        "",
        "- a **clause box**: the clause's id, its section and its verbatim text, and the "
        "rules that encode it;",
        "- a **rule box** per rule: id and title; the condition in words (a list when "
        "several tests must all hold); the conclusion; its place in the precedence and "
        "the rules it is an exception to; the explanation templates (`{…}` is filled in "
        "with the graduate's facts when deciding);",
        "- an **interpretation box** for each point the guide leaves open: the default "
        "reading and why, and the readings a caller may choose instead.",
        "",
        "When several rules apply, the one earlier in the precedence decides; an exception "
        "always comes before the rule it is an exception to. Sections no rule encodes are "
        "shown plainly and listed under “Not encoded” below: decisions never use them, and "
        "staff handle them as the guide says. The page is regenerated with the rule files "
        "and a test checks that it is current.",
    )


def overview(page: Page) -> None:
    rs = page.ruleset
    encoded = sum(1 for rules in page.rules_of.values() if rules)
    cohorts = "、".join(str(c) for c in sorted(rs.governed_cohorts))
    page.blank()
    page.add(
        "## 概览 / Overview",
        "",
        "| | |",
        "|---|---|",
        f"| 规则集 / Ruleset | `{rs.id}` {rs.version} |",
        f"| 内容哈希 / Content hash | `{rs.content_hash}` |",
        f"| 依据 / Source | {rs.source_title}（`{page.source_name}`） |",
        f"| 适用届别 / Cohorts | {cohorts} |",
        f"| 默认判定日期 / Default decision date | {rs.decision_date_default} |",
        f"| 条款 / Clauses | {len(rs.clauses)}（有规则编码 / encoded: {encoded}） |",
        f"| 规则 / Rules | {len(rs.rules)} |",
        f"| 解释 / Interpretations | {len(rs.interpretations)} |",
        "",
        "判定结果中的 `ruleset.content_hash` 与上面的内容哈希相同时，该判定所依据的正是本页所列的规则。",
        "",
        "A decision whose `ruleset.content_hash` equals the hash above was made by the rules "
        "on this page.",
    )


def unencoded_parts(page: Page) -> list[tuple[str, str, list[Clause]]]:
    """(path, anchor, clauses quoted there) of each part of the guide no rule encodes:
    a whole section when none of it is encoded, else its numbered paragraphs."""
    parts: list[tuple[str, str, list[Clause]]] = []

    def visit(section: Section) -> None:
        path = " › ".join(s.title for s in section.path() if s.level > 0)
        if section.heading and not page.is_encoded(list(section.blocks())):
            parts.append((path, section.anchor, page.clauses_in(list(section.blocks()))))
            return
        for number, item in enumerate(section.items, start=1):
            if not page.is_encoded(item.blocks):
                item.anchor = f"{section.anchor}-p{number}"
                where = f"{path} › {item.title}" if path else item.title
                parts.append((where, item.anchor, page.clauses_in(item.blocks)))
        for child in section.children:
            visit(child)

    visit(page.root)
    return parts


def not_encoded(page: Page) -> None:
    page.blank()
    page.add(
        "## 未编码的部分 / Not encoded",
        "",
        "下列章节和段落没有任何规则编码：判定不会用到它们，须由老师按指引办理。"
        "它们照原文列在下方。",
        "",
        "No rule encodes the sections and paragraphs below: decisions never use them, and "
        "staff handle them as the guide says. Their text is shown plainly further down.",
        "",
    )
    for path, anchor, clauses in unencoded_parts(page):
        note = ""
        if clauses:
            ids = "、".join(page.clause_link(c.id) for c in clauses)
            note = f"（已摘录为条款 {ids}，尚无规则编码 / quoted as a clause, no rule yet）"
        page.add(f"- [{path}](#{anchor}){note}")


def clause_index(page: Page) -> None:
    page.blank()
    page.add(
        "## 条款索引 / Clauses",
        "",
        "| 条款 Clause | 章节 Section | 规则 Rules | 解释 Interpretations |",
        "|---|---|---|---|",
    )
    for clause in page.ruleset.clauses.values():
        rules = " ".join(page.rule_link(r.id) for r in page.rules_of[clause.id]) or "—"
        interps = (
            " ".join(
                f"[`{i.id}`](#interp-{i.id})"
                for i in page.ruleset.interpretations.values()
                if i.clause == clause.id
            )
            or "—"
        )
        section = clause.section.replace("|", "\\|")
        page.add(f"| {page.clause_link(clause.id)} | {section} | {rules} | {interps} |")


# the guide's text with its boxes


def guide(page: Page) -> None:
    for section in walk(page.root):
        if section.heading:
            page.blank()
            # Markdown levels follow the nesting, so a level the guide skips (its
            # FAQ has no （一） level) leaves no gap in the page's outline.
            marks = "#" * min(len(section.path()) + 1, 6)
            page.add(f'{marks} <a id="{section.anchor}"></a>{"".join(section.heading.lines)}')
            attachments(page, section.heading)
        for item in section.items:
            if item.anchor:
                page.blank()
                page.add(f'<a id="{item.anchor}"></a>')
            for block in item.blocks:
                page.blank()
                page.add(*block.lines)
                attachments(page, block)


# the indexes at the end


def precedence(page: Page) -> None:
    page.blank()
    page.add(
        "## 优先顺序 / Precedence",
        "",
        "从高到低。几条规则同时适用时，排在前面的作出判定。",
        "",
        "Highest first: when several rules apply, the earliest decides.",
        "",
        "| # | 规则 Rule | 标题 Title | 结论 Concludes | 条款 Clause | 例外于 Exception to |",
        "|---|---|---|---|---|---|",
    )
    for rule in page.ruleset.rules:
        outcome = rule.conclusion.outcome
        concludes = f"`{outcome.value}`" if outcome else "`note`"
        exception_of = " ".join(page.rule_link(r) for r in rule.exception_of) or "—"
        page.add(
            f"| {page.position[rule.id]} | {page.rule_link(rule.id)} | {rule.title.zh} "
            f"| {concludes} | {page.clause_link(rule.clause)} | {exception_of} |"
        )


def interpretation_index(page: Page) -> None:
    page.blank()
    page.add(
        "## 解释一览 / Interpretations",
        "",
        "| 解释 Interpretation | 条款 Clause | 默认解读 Default | 其他解读 Other readings |",
        "|---|---|---|---|",
    )
    for interp in page.ruleset.interpretations.values():
        others = " ".join(f"`{k}`" for k in interp.readings if k != interp.default)
        page.add(
            f"| [`{interp.id}`](#interp-{interp.id}) | {page.clause_link(interp.clause)} "
            f"| `{interp.default}` | {others} |"
        )
