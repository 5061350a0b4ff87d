"""The boxes under a clause of the guide: the clause's own, one per rule encoding it and
one per interpretation the ruleset names for it (each in Chinese, then English)."""

from __future__ import annotations

import re

from origin_rules.literate.guide_text import Block
from origin_rules.literate.page import Page
from origin_rules.literate.words import Words, condition_items, outcome_words
from origin_rules.ruleset.model import (
    All,
    Always,
    Any_,
    Atom,
    Clause,
    Condition,
    Interpretation,
    Outcome,
    Rule,
    interpretation_fact,
)
from origin_rules.situation.prepare import PREPARATION_READINGS
from origin_rules.situation.vocabulary import DISPLAY, FACTS


def attachments(page: Page, block: Block) -> None:
    for clause in block.attached:
        clause_box(page, clause)
        for rule in page.rules_of[clause.id]:
            rule_box(page, rule)
        for interp in page.ruleset.interpretations.values():
            if interp.clause == clause.id:
                interpretation_box(page, interp)


def clause_box(page: Page, clause: Clause) -> None:
    rules = page.rules_of[clause.id]
    if rules:
        links = "、".join(page.rule_link(r.id) for r in rules)
        encoded = [
            f"编码此条款的规则：{links}",
            "",
            f"Rules encoding this clause: {', '.join(page.rule_link(r.id) for r in rules)}",
        ]
    else:
        encoded = ["没有规则编码此条款。", "", "No rule encodes this clause."]
    page.box(
        [
            f'<a id="clause-{clause.id}"></a>**条款 / Clause `{clause.id}`** · {clause.section}',
            "",
            f"「{clause.text}」",
            "",
            *encoded,
        ]
    )


def rule_box(page: Page, rule: Rule) -> None:
    zh, en = page.words["zh"], page.words["en"]
    lines = [
        f'<a id="rule-{rule.id}"></a>**规则 / Rule `{rule.id}`** · `{page.folder}{rule.file}`',
        "",
        f"**{rule.title.zh}**",
        "",
        f"*{rule.title.en}*",
        "",
    ]
    for words in (zh, en):
        lines += condition_words(page, rule, words)
    for words in (zh, en):
        lines += conclusion_words(rule, words)
    lines += precedence_words(page, rule)
    lines += [
        f"- **说明模板**：{zh.template(rule.explain.zh)}",
        f"- **Explanation template**: {en.template(rule.explain.en)}",
    ]
    placeholders = placeholders_of(rule)
    if placeholders:
        lines.append("- **模板中的事实 / Facts in the templates**:")
        lines += [f"  - `{{{name}}}` {zh_} / {en_}" for name, zh_, en_ in placeholders]
    page.box(lines)


def condition_words(page: Page, rule: Rule, words: Words) -> list[str]:
    label = "**条件**" if words.zh else "**Condition**"
    items = condition_items(page.ruleset, rule)
    sep = "：" if words.zh else ": "

    def note(by: str | None) -> str:
        if by is None:
            return ""
        return f"（继承自 {page.rule_link(by)}）" if words.zh else f" (from {page.rule_link(by)})"

    if len(items) == 1:
        condition, by = items[0]
        one = words.sentence(condition)
        if isinstance(condition, Always):
            one = words.always()
        if one is not None:
            return [f"- {label}{sep}{one}{note(by)}"]
    head = "（以下各项都成立）：" if words.zh else " (all of):"
    lines = [f"- {label}{head}"]
    for condition, by in items:
        lines += words.condition_lines(condition, 1, note(by))
    return lines


def conclusion_words(rule: Rule, words: Words) -> list[str]:
    c = rule.conclusion
    zh = words.zh
    label = "**结论**：" if zh else "**Conclusion**: "
    said = outcome_words(c.outcome, words.lang)
    lines: list[str] = []
    if c.outcome is None:
        said += (
            "——不作判定，在判定过程中提示须注意的事项。"
            if zh
            else " — decides nothing; the trace shows it as something to act on."
        )
    elif c.outcome is Outcome.DETERMINED and c.origin:
        place = words.origin_source(c.origin)
        said += f"，生源地为{place}。" if zh else f"; the origin is {place}."
    else:
        said += "。" if zh else "."
    lines.append(f"- {label}{said}")
    if c.reason is not None:
        reason = words.template(words.pick(c.reason))
        lines.append(f"  - {'原因' if zh else 'Reason'}{'：' if zh else ': '}{reason}")
    if c.candidates:
        places = ("、" if zh else ", ").join(words.origin_source(s) for s in c.candidates)
        lines.append(f"  - {'候选生源地' if zh else 'Candidates'}{'：' if zh else ': '}{places}")
    for missing in c.missing:
        text = words.template(words.pick(missing.text))
        lines.append(
            f"  - {'需补充' if zh else 'Missing'}{'：' if zh else ': '}{text}（`{missing.fact}`）"
            if zh
            else f"  - Missing: {text} (`{missing.fact}`)"
        )
    return lines


def precedence_words(page: Page, rule: Rule) -> list[str]:
    total = len(page.ruleset.rules)
    n = page.position[rule.id]
    exceptions = [r.id for r in page.ruleset.rules if rule.id in r.exception_of]
    zh = f"- **优先顺序**：第 {n} 位（共 {total} 条）"
    en = f"- **Precedence**: {n} of {total}"
    if isinstance(rule.condition, Always) and rule.extends is None:
        zh += "；总是适用，只在没有其他规则作出判定时作出判定"
        en += "; always applies, and decides only when no other rule does"
    if rule.extends:
        base = page.rule_link(rule.extends)
        zh += f"；扩展 {base}：它的条件和本条的条件都须成立，两条同时适用时本条优先"
        en += f"; extends {base}: its condition and this rule's must both hold, and this rule wins"
    others = [r for r in rule.exception_of if r != rule.extends]
    if others:
        links = [page.rule_link(r) for r in others]
        zh += f"；是 {'、'.join(links)} 的例外，同时适用时本条优先"
        en += f"; an exception to {', '.join(links)}, and wins when both apply"
    if exceptions:
        links = [page.rule_link(r) for r in exceptions]
        zh += f"；其例外：{'、'.join(links)}"
        en += f"; its exceptions: {', '.join(links)}"
    return [zh + "。", en + "."]


def placeholders_of(rule: Rule) -> list[tuple[str, str, str]]:
    texts = [rule.explain.zh, rule.explain.en]
    c = rule.conclusion
    if c.reason:
        texts += [c.reason.zh, c.reason.en]
    for m in c.missing:
        texts += [m.text.zh, m.text.en]
    names = dict.fromkeys(n for t in texts for n in re.findall(r"\{([a-z_]+)\}", t))
    result = []
    for name in names:
        if name in DISPLAY:
            zh_, en_ = DISPLAY[name]
        else:
            zh_, en_ = FACTS[name].zh, FACTS[name].en
        result.append((name, zh_, en_))
    return result


def interpretation_box(page: Page, interp: Interpretation) -> None:
    testing = [
        r.id
        for r in page.ruleset.rules
        if any(a.fact == interpretation_fact(interp.id) for a in _atoms_of_own(r.condition))
    ]
    others = [(k, t) for k, t in interp.readings.items() if k != interp.default]
    default = interp.readings[interp.default]
    lines = [
        f'<a id="interp-{interp.id}"></a>**解释 / Interpretation `{interp.id}`** · '
        f"指引未写明之处 / a point the guide leaves open",
        "",
        f"**问题**：{interp.question.zh}",
        "",
        f"**Question**: {interp.question.en}",
        "",
        f"- **默认解读** `{interp.default}`：{default.zh}。理由：{interp.why_default.zh}",
        f"- **Default reading** `{interp.default}`: {default.en}. Why: {interp.why_default.en}",
        "- **其他可选解读 / Other readings**:",
        *(f"  - `{k}`：{t.zh} / {t.en}" for k, t in others),
    ]
    if testing:
        links = [page.rule_link(r) for r in testing]
        lines.append(
            f"- **条件中用到它的规则 / Rules whose condition tests it**: {', '.join(links)}"
        )
    elif interp.id in PREPARATION_READINGS:
        lines.append(
            "- **作用 / Where it acts**: 在整理事实时起作用（决定规则所见的事实），"
            "不出现在规则条件中 / when the facts are prepared (it shapes the facts the "
            "rules see); no rule's condition names it"
        )
    else:
        lines.append("- **条件中用到它的规则 / Rules whose condition tests it**: 无 / none")
    example = f"{interp.id}={others[0][0]}" if others else interp.id
    lines.append(
        f"- **选用其他解读 / Choosing another reading**: "
        f"`origin-rules decide --interpretation {example} …`"
    )
    page.box(lines)


def _atoms_of_own(condition: Condition) -> list[Atom]:
    if isinstance(condition, Atom):
        return [condition]
    if isinstance(condition, All | Any_):
        return [a for item in condition.items for a in _atoms_of_own(item)]
    return []
