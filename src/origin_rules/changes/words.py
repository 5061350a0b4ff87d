"""The fixed sentences and labels of a change decision and its rendering, (zh, en).

Policy wording (fields, reasons, evidence, rejections) lives in the policy files; these
are only the connecting words the code adds around it."""

from __future__ import annotations

from collections.abc import Mapping

from origin_rules.decision import LocalText
from origin_rules.ruleset.files import TextFile
from origin_rules.ruleset.model import Text

WORDS: dict[str, tuple[str, str]] = {
    # summaries of a field's result
    "accepted_student": (
        "无须申请，由学生自行修改即可",
        "no request is needed; the student makes the correction",
    ),
    "accepted_form": (
        "材料齐全，填写附表 1 连同证明材料提交培养单位",
        "the evidence is complete; form 1 goes to the department with it",
    ),
    "accepted_form_no_evidence": (
        "无须证明材料，填写附表 1 提交培养单位",
        "no evidence is needed; form 1 goes to the department",
    ),
    "needs_evidence": ("须补充：{missing}", "to supply: {missing}"),
    "needs_facts": (
        "须补充或核实事实后重新判定生源地",
        "the origin must be decided again once the facts are supplied or verified",
    ),
    "rejected": ("{why}", "{why}"),
    # re-decision notes
    "supports": (
        "按更正后的事实重新判定，生源地为{decided}，与申请一致。",
        "Re-decided from the corrected facts, the origin is {decided}, as requested.",
    ),
    "unsettled": (
        "按更正后的事实重新判定，未能确定生源地（{outcome}），须补充或核实后再定。",
        "Re-decided from the corrected facts, the origin is not settled ({outcome}); "
        "it needs facts supplied or verified first.",
    ),
    "record_differs": (
        "注意：按更正前的事实判定的生源地为{before}，与已校对的记录{recorded}不一致。",
        "Note: the facts before the change give {before}, not the verified {recorded}.",
    ),
    # what a re-decision shows as the cause of the new origin (flag reason_disagrees)
    "cause_named": (
        "生源地的变化源于“{reasons}”（规则 {rules}）",
        "the change of origin comes from {reasons} (rule {rules})",
    ),
    "cause_none": (
        "生源地由规则 {rules} 得出，不涉及所列任何原因",
        "the origin follows from rule {rules}, which involves none of the reasons listed",
    ),
    "record_not_county": (
        "注意：已校对的记录{recorded}只到{level}，生源地须具体到市（区）、县。",
        "Note: the verified {recorded} is stated only at {level}; the origin is stated to the county "
        "or district.",
    ),
    "one_of": ("以下材料之一：{items}", "one of: {items}"),
    "list_sep": ("；", "; "),
}


def word(key: str, lang: str, **values: str) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**values)


def local(key: str, **values: tuple[str, str] | str) -> LocalText:
    """Both languages of a sentence; a value is one string for both or a (zh, en) pair."""

    def pick(lang: int) -> dict[str, str]:
        return {k: v if isinstance(v, str) else v[lang] for k, v in values.items()}

    zh, en = WORDS[key]
    return LocalText(zh=zh.format(**pick(0)), en=en.format(**pick(1)))


# Policy wording filled in, and places named, for the change decision's texts.


def local_text(t: TextFile | Text) -> LocalText:
    return LocalText(zh=t.zh, en=t.en)


def place_words(code: str, full_name: str | None) -> tuple[str, str]:
    if full_name is None:
        return code, code
    return f"{full_name}（{code}）", f"{full_name} ({code})"


def fill(text: TextFile, values: Mapping[str, tuple[str, str] | str]) -> LocalText:
    def in_lang(i: int) -> dict[str, str]:
        return {k: v if isinstance(v, str) else v[i] for k, v in values.items()}

    return LocalText(zh=text.zh.format_map(in_lang(0)), en=text.en.format_map(in_lang(1)))
