"""An analysis or a diff for people (plain text, Markdown, CSV; Chinese or English) and
for machines (JSON)."""

from __future__ import annotations

import csv
import io
import json

from origin_rules.analysis.diff import Change, RulesetDiff
from origin_rules.analysis.findings import Analysis, Finding
from origin_rules.csv_cells import guarded_row
from origin_rules.errors import InvalidOptionError
from origin_rules.render import LANGS

ANALYSIS_FORMATS = ("text", "md", "json")
DIFF_FORMATS = ("md", "csv", "text", "json")

_KIND = {
    "gap": ("缺口", "gap"),
    "overlap": ("重叠", "overlap"),
    "dead": ("无效规则", "dead rule"),
}
_SEVERITY = {"error": ("错误", "error"), "warning": ("警告", "warning")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _check(lang: str, fmt: str, formats: tuple[str, ...]) -> None:
    if lang not in LANGS:
        raise InvalidOptionError(f"lang: {lang!r} is not one of {list(LANGS)}")
    if fmt not in formats:
        raise InvalidOptionError(f"format: {fmt!r} is not one of {list(formats)}")


def _witness_json(finding: Finding) -> str:
    assert finding.witness is not None
    return json.dumps(finding.witness.as_json(), ensure_ascii=False, sort_keys=True)


# --- analysis ------------------------------------------------------------------------


def render_analysis(analysis: Analysis, *, lang: str = "zh", format: str = "text") -> str:
    _check(lang, format, ANALYSIS_FORMATS)
    if format == "json":
        return json.dumps(analysis.as_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    md = format == "md"
    zh = lang == "zh"
    lines: list[str] = []
    title = f"{analysis.ruleset_id} {analysis.ruleset_version}"
    lines.append(f"# {title}" if md else title)
    if md:
        lines.append("")
    summary = (
        f"事实空间：规则检验的 {analysis.facts_split} 项事实，划分为 {analysis.regions} 个区域；"
        f"构造并核验了 {analysis.applicants_tried} 个申请人；用时 {analysis.seconds:.2f} 秒。"
        if zh
        else f"Fact space: the {analysis.facts_split} facts the rules test, split into "
        f"{analysis.regions} regions; {analysis.applicants_tried} applicants written and "
        f"checked; {analysis.seconds:.2f} s."
    )
    lines.append(summary)
    counts = {k: sum(1 for f in analysis.findings if f.kind == k) for k in _KIND}
    verdict = (
        ("通过：" if analysis.ok else "未通过：")
        + f"缺口 {counts['gap']}，重叠 {counts['overlap']}，无效规则 {counts['dead']}。"
        if zh
        else ("OK: " if analysis.ok else "FAILED: ")
        + f"{counts['gap']} gap(s), {counts['overlap']} overlap(s), {counts['dead']} dead rule(s)."
    )
    lines.append(f"**{verdict}**" if md else verdict)
    for number, finding in enumerate(analysis.findings, start=1):
        head = (
            f"{number}. [{_pick(_SEVERITY[finding.severity], lang)}] "
            f"{_pick(_KIND[finding.kind], lang)}：{', '.join(finding.rules)}"
            if zh
            else f"{number}. [{finding.severity}] {_pick(_KIND[finding.kind], lang)}: "
            f"{', '.join(finding.rules)}"
        )
        lines += ["", f"## {head}" if md else head, ""]
        lines.append(("   " if not md else "") + finding.message.in_lang(lang))
        if finding.regions > 1:
            lines.append(
                ("   " if not md else "")
                + (
                    f"（共 {finding.regions} 个区域，以上为其一）"
                    if zh
                    else f"({finding.regions} regions; one is shown)"
                )
            )
        if finding.witness is not None:
            d = finding.witness.decision
            said = (
                f"示例申请人（decide_origin 结果：{d.outcome.value}，由 {d.decided_by} 判定）："
                if zh
                else f"Witness applicant (decide_origin gives {d.outcome.value}, "
                f"decided by {d.decided_by}):"
            )
            lines.append(("   " if not md else "") + said)
            if md:
                lines += ["", "```json", _witness_json(finding), "```"]
            else:
                lines.append("   " + _witness_json(finding))
    if analysis.unconfirmed:
        lines += [
            "",
            (
                f"另有 {len(analysis.unconfirmed)} 个区域未找到可到达的申请人，视为不可能出现，未计为问题。"
                if zh
                else f"{len(analysis.unconfirmed)} region(s) no applicant was found to reach "
                "were taken as infeasible, not as problems."
            ),
        ]
    if analysis.precedence_choices:
        lines += [
            "",
            (
                f"由优先级顺序（而非例外关系）决定的、不同规则文件之间的规则对：{len(analysis.precedence_choices)} 对"
                if zh
                else f"Pairs of rules from different files ordered by precedence alone: "
                f"{len(analysis.precedence_choices)}"
            ),
        ]
        lines += [f"  - {a} > {b}" for a, b in analysis.precedence_choices]
    return "\n".join(lines) + "\n"


# --- diff ----------------------------------------------------------------------------

_WORDS = {
    "zh": {
        "number": "序号",
        "old": "原结论",
        "new": "新结论",
        "regions": "区域数",
        "detail": "详情",
        "common": "共同条件",
        "one_of": "另满足其一",
        "one_each": "另在以下每组中各满足一项",
        "group": "第 {} 组",
        "example": "示例",
        "change": "变化 {}",
        "total": "合计",
        "colon": "：",
        "witness": "示例申请人（decide_origin：原规则集由 {} 判定，新规则集由 {} 判定）",
    },
    "en": {
        "number": "#",
        "old": "Old conclusion",
        "new": "New conclusion",
        "regions": "Regions",
        "detail": "Detail",
        "common": "Common conditions",
        "one_of": "And one of",
        "one_each": "And one of each group",
        "group": "Group {}",
        "example": "Example",
        "change": "Change {}",
        "total": "Total",
        "colon": ": ",
        "witness": "Witness applicant (decide_origin: decided by {} under the old "
        "ruleset, by {} under the new)",
    },
}


def render_diff(diff: RulesetDiff, *, lang: str = "zh", format: str = "md") -> str:
    """The changes for staff, those affecting the most regions first: a summary (one
    row per change of deciding rule, with its number of regions), then each change's
    cases factored into the conditions they share and the alternatives that differ,
    with an applicant decided both ways. Markdown, plain text, CSV (UTF-8 with a BOM, so
    spreadsheet programs read the Chinese; one row per change, the alternatives joined
    by " | ", the example as JSON in its cell) or JSON."""
    _check(lang, format, DIFF_FORMATS)
    if format == "json":
        return json.dumps(diff.as_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    words = _WORDS[lang]
    changes = diff.by_size()
    if format == "csv":
        return _diff_csv(changes, lang)
    zh = lang == "zh"
    title = (
        f"{diff.old_id} {diff.old_version} → {diff.new_id} {diff.new_version}："
        f"{len(changes)} 处判定变化，涉及 {diff.changed_regions} 个区域（{diff.seconds:.2f} 秒）"
        if zh
        else f"{diff.old_id} {diff.old_version} → {diff.new_id} {diff.new_version}: "
        f"{len(changes)} change(s) of decision in {diff.changed_regions} region(s) "
        f"({diff.seconds:.2f} s)"
    )
    if diff.unconfirmed:
        title += (
            f"；另有 {len(diff.unconfirmed)} 处只在找不到申请人的情形中出现，视为不可能，未列出"
            if zh
            else f"; {len(diff.unconfirmed)} more only where no applicant was found "
            "(taken as infeasible), not listed"
        )
    md = format == "md"
    lines = [f"# {title}" if md else title, ""]
    if not changes:
        return "\n".join(lines) + ("没有判定变化。\n" if zh else "No decision changes.\n")
    colon = words["colon"]
    if md:
        lines.append(
            f"| {words['number']} | {words['old']} | {words['new']} | {words['regions']} "
            f"| {words['detail']} |"
        )
        lines.append("|---|---|---|--:|---|")
        for number, change in enumerate(changes, start=1):
            name = words["change"].format(number)
            link = f"[{name}](#{_anchor(name)})"
            cells = [str(number), _cell(change.old.in_lang(lang)), _cell(change.new.in_lang(lang))]
            lines.append("| " + " | ".join([*cells, str(change.regions), link]) + " |")
        lines.append(f"| | **{words['total']}** | | **{diff.changed_regions}** | |")
    else:
        for number, change in enumerate(changes, start=1):
            size = f"（{change.regions} 个区域）" if zh else f" ({change.regions} region(s))"
            lines.append(f"{number}. {change.old.in_lang(lang)} → {change.new.in_lang(lang)}{size}")
    for number, change in enumerate(changes, start=1):
        assert change.witness is not None  # changes without one are kept apart
        head = words["change"].format(number)
        lines += ["", f"## {head}" if md else head, ""]
        for key, value in (
            ("old", change.old.in_lang(lang)),
            ("new", change.new.in_lang(lang)),
            ("regions", str(change.regions)),
            ("common", change.common.in_lang(lang)),
        ):
            lines.append(
                f"**{words[key]}**{colon}{value}  " if md else f"{words[key]}{colon}{value}"
            )
        if md:
            lines[-1] = lines[-1].rstrip()
        lines += _alternatives(change, lang, md)
        example = json.dumps(change.witness.as_json(), ensure_ascii=False, sort_keys=True)
        said = words["witness"].format(change.old_rule, change.new_rule) + colon.rstrip()
        lines += ["", said]
        lines += ["", "```json", example, "```"] if md else [example]
    return "\n".join(lines) + "\n"


def _alternatives(change: Change, lang: str, md: bool) -> list[str]:
    words = _WORDS[lang]
    if not change.groups:
        return []
    bullet = "- " if md else "  - "
    many = len(change.groups) > 1
    lines = ["", words["one_each" if many else "one_of"] + words["colon"].rstrip()]
    for number, group in enumerate(change.groups, start=1):
        if many:
            name = words["group"].format(number)
            lines += ["", f"*{name}*" if md else f" {name}"]
            if md:
                lines.append("")
        elif md:
            lines.append("")
        lines += [bullet + alternative.in_lang(lang) for alternative in group]
    return lines


# Spreadsheet programs hold at most 32,767 characters in a cell (Excel, LibreOffice) and
# cut the rest silently; a change whose cases do not factor can list far more.
CSV_CELL_LIMIT = 32_767


def _fit_cell(text: str, count: int, lang: str) -> str:
    """The alternatives as they are, or, past the cell limit, as many whole ones as fit
    and a note saying how many there are and where to read them all."""
    if len(text) <= CSV_CELL_LIMIT:
        return text
    note = (
        f" ……（共 {count} 项，超出单元格上限，全部见 --format md 或 json）"
        if lang == "zh"
        else f" ... ({count} in all, more than a cell holds: see --format md or json)"
    )
    cut = text[: CSV_CELL_LIMIT - len(note)]
    return cut[: cut.rfind(" | ")] + note if " | " in cut else cut + note


def _diff_csv(changes: list[Change], lang: str) -> str:
    words = _WORDS[lang]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    keys = ("number", "old", "new", "regions", "common", "one_of", "example")
    writer.writerow([words[k] for k in keys])
    for number, change in enumerate(changes, start=1):
        assert change.witness is not None  # changes without one are kept apart
        groups = [" | ".join(a.in_lang(lang) for a in group) for group in change.groups]
        if len(groups) > 1:
            # Several independent groups: one alternative of each holds.
            groups = [
                f"【{words['group'].format(i)}】{text}" for i, text in enumerate(groups, start=1)
            ]
        # Rule texts are the ruleset editor's: guarded like every CSV cell (csv_cells).
        writer.writerow(
            guarded_row(
                [
                    number,
                    change.old.in_lang(lang),
                    change.new.in_lang(lang),
                    change.regions,
                    change.common.in_lang(lang),
                    _fit_cell(" ".join(groups), sum(len(g) for g in change.groups), lang),
                    json.dumps(change.witness.as_json(), ensure_ascii=False, sort_keys=True),
                ]
            )
        )
    return "\ufeff" + out.getvalue()


def _anchor(heading: str) -> str:
    """The id GitHub-style renderers give a heading like '变化 3' or 'Change 3'."""
    return heading.lower().replace(" ", "-")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
