"""A diagnosis for people (plain text, Markdown or an HTML report, in Chinese or
English) and for machines (JSON).

    from origin_rules.workflow.render import render_diagnosis
    render_diagnosis(d)                           # 中文, plain text
    render_diagnosis(d, lang="en", format="md")   # English Markdown
    render_diagnosis(d, format="html")            # a report to print
    render_diagnosis(d, format="json")            # the data, keys sorted

Both narratives say the same, in this order: the record and the symptom; the diagnosis
with the clause it quotes, what was found and the next steps; further diagnoses; the
record's status beside them; notes; the rules covered by another; the interpretations
relied on; and every next step in order, by who takes it. Staff read titles and words:
the ids (the rules', the clauses', the symptom's, the interpretations' and readings, the
rules' version and hash, the record state's hash, the engine) come last, in a technical
appendix (`origin_rules.workflow.appendix`, laid out as an origin decision's).
"""

from __future__ import annotations

from origin_rules.decision import InterpretationUse, LocalText
from origin_rules.errors import InvalidOptionError
from origin_rules.render.json import render_json
from origin_rules.render.markdown import appendix_blocks
from origin_rules.render.markdown import escape as md_escape
from origin_rules.render.narrative import check_lang
from origin_rules.render.text import appendix_lines
from origin_rules.workflow.appendix import diagnosis_appendix
from origin_rules.workflow.diagnosis import Diagnosis, Finding, NextStep
from origin_rules.workflow.load import bundled_workflow
from origin_rules.workflow.vocabulary import SYMPTOMS

FORMATS = ("text", "md", "json", "html")

_LABELS = {
    "zh": {
        "head": "生源记录诊断",
        "record": "记录",
        "no_record": "（未编号）",
        "symptom": "问题",
        "as_of": "判断日期",
        "basis": "依据",
        "diagnosis": "诊断",
        "clause": "条款",
        "found": "情况",
        "steps": "下一步",
        "also": "另需处理",
        "notes": "提示",
        "status": "记录状态",
        "replaced": "已被涵盖",
        "covered_by": "由“{rule}”涵盖",
        "interpretations": "所依据的解释",
        "default": "默认",
        "chosen": "非默认",
        "all_steps": "全部下一步（按先后）",
        "colon": "：",
    },
    "en": {
        "head": "Origin record diagnosis",
        "record": "Record",
        "no_record": "(no id)",
        "symptom": "Symptom",
        "as_of": "As of",
        "basis": "Rules",
        "diagnosis": "Diagnosis",
        "clause": "Clause",
        "found": "Found",
        "steps": "Next steps",
        "also": "Also to act on",
        "notes": "Notes",
        "status": "Record status",
        "replaced": "Covered by another rule",
        "covered_by": "covered by “{rule}”",
        "interpretations": "Interpretations relied on",
        "default": "default",
        "chosen": "chosen, not the default",
        "all_steps": "Every next step, in order",
        "colon": ": ",
    },
}


def render_diagnosis(diagnosis: Diagnosis, *, lang: str = "zh", format: str = "text") -> str:
    """`diagnosis` as `format` (text, md, json or html) in `lang` (zh or en). An unknown
    `lang` or `format` raises `InvalidOptionError` naming it."""
    check_lang(lang)
    if format == "json":
        return render_json(diagnosis)
    if format == "html":
        # Imported here: the HTML module builds on this one's labels.
        from origin_rules.workflow.html import render_diagnosis_html

        return render_diagnosis_html(diagnosis, lang)
    if format == "text":
        return _Text(diagnosis, lang).render()
    if format == "md":
        return _Markdown(diagnosis, lang).render()
    raise InvalidOptionError(f"format: {format!r} is not one of {list(FORMATS)}")


def _in(text: LocalText, lang: str) -> str:
    return text.zh if lang == "zh" else text.en


def basis(d: Diagnosis, lang: str) -> str | None:
    """The rules by the guide's title, when they are the bundled ones the diagnosis names
    (their id, version and hash are in the appendix); None for other rules."""
    rules = bundled_workflow()
    if (rules.id, rules.content_hash) != (d.ruleset.id, d.ruleset.content_hash):
        return None
    return f"《{rules.source_title}》" if lang == "zh" else rules.title.en


def covering_title(d: Diagnosis, f: Finding, lang: str) -> str:
    """The title of the rule that covers `f` (a finding of the same diagnosis, or else a
    bundled rule); its id where neither knows it."""
    rule = f.replaced_by or ""
    for other in d.findings:
        if other.rule == rule:
            return _in(other.title, lang)
    rules = bundled_workflow()
    if rules.id == d.ruleset.id and rule in rules.rules_by_id:
        return rules.rules_by_id[rule].title.in_lang(lang)
    return rule


def replaced_line(d: Diagnosis, f: Finding, lang: str) -> str:
    """A rule covered by another, by titles: the second after a dash, since a title may
    hold brackets of its own."""
    covered = _LABELS[lang]["covered_by"].format(rule=covering_title(d, f, lang))
    return f"{_in(f.title, lang)}——{covered}" if lang == "zh" else f"{f.title.en} — {covered}"


def interp_reading(i: InterpretationUse, lang: str) -> str:
    """The reading taken, in words, and whether it is the default."""
    lab = _LABELS[lang]
    mark = lab["default"] if i.is_default else lab["chosen"]
    paren = f"（{mark}）" if lang == "zh" else f" ({mark})"
    return f"{_in(i.reading_text, lang)}{paren}"


def _step_line(step: NextStep, lang: str) -> str:
    return (
        f"【{_in(step.actor_label, lang)}】{_in(step.text, lang)}"
        if lang == "zh"
        else (f"[{step.actor_label.en}] {step.text.en}")
    )


class _Text:
    def __init__(self, d: Diagnosis, lang: str) -> None:
        self.d, self.lang, self.labels = d, lang, _LABELS[lang]
        self.lines: list[str] = []

    def render(self) -> str:
        d, lab, c = self.d, self.labels, self.labels["colon"]
        symptom = SYMPTOMS[d.symptom]
        when = f"{lab['as_of']}{c}{d.options.as_of}"
        title = basis(d, self.lang)
        if title is not None:
            when += ("；" if self.lang == "zh" else "; ") + f"{lab['basis']}{c}{title}"
        self.lines += [
            f"{lab['head']}{c}{d.record_id or lab['no_record']}",
            f"{lab['symptom']}{c}{symptom.in_lang(self.lang)}",
            when,
            "",
        ]
        main = d.findings[0]
        self.lines.append(f"{lab['diagnosis']}{c}{_in(main.title, self.lang)}")
        self._finding_body(main, "  ")
        also = [f for f in d.findings if f.role == "also"]
        if also:
            self.lines += ["", f"{lab['also']}{c.rstrip()}"]
            for n, f in enumerate(also, start=1):
                self.lines.append(f"  {n}. {_in(f.title, self.lang)}")
                self._finding_body(f, "     ")
        statuses = [f for f in d.findings if f.role == "status"]
        if statuses:
            self.lines += ["", f"{lab['status']}{c.rstrip()}"]
            for f in statuses:
                self.lines.append(f"  - {_in(f.title, self.lang)}")
                self._finding_body(f, "    ", steps=False)
        notes = [f for f in d.findings if f.role == "note"]
        if notes:
            self.lines += ["", f"{lab['notes']}{c.rstrip()}"]
            for f in notes:
                self.lines.append(f"  - {_in(f.title, self.lang)}")
                self._finding_body(f, "    ")
        replaced = [f for f in d.findings if f.role == "replaced"]
        if replaced:
            self.lines += ["", f"{lab['replaced']}{c.rstrip()}"]
            for f in replaced:
                self.lines.append(f"  - {replaced_line(d, f, self.lang)}")
        if d.interpretations:
            self.lines += ["", f"{lab['interpretations']}{c.rstrip()}"]
            for i in d.interpretations:
                self.lines.append(f"  - {_in(i.question, self.lang)}")
                self.lines.append(f"    {interp_reading(i, self.lang)}")
        self.lines += ["", f"{lab['all_steps']}{c.rstrip()}"]
        for n, step in enumerate(d.next_steps, start=1):
            self.lines.append(f"  {n}. {_step_line(step, self.lang)}")
        self.lines.append("")
        self.lines += appendix_lines(diagnosis_appendix(d, self.lang), self.lang, "intro_diagnosis")
        return "\n".join(self.lines) + "\n"

    def _finding_body(self, f: Finding, pad: str, *, steps: bool = True) -> None:
        lab, c = self.labels, self.labels["colon"]
        self.lines.append(f"{pad}{lab['clause']}{c}{f.clause.section}")
        self.lines.append(
            f"{pad}  「{f.clause.text}」" if self.lang == "zh" else f"{pad}  “{f.clause.text}”"
        )
        self.lines.append(f"{pad}{lab['found']}{c}{_in(f.text, self.lang)}")
        if steps and f.next_steps:
            self.lines.append(f"{pad}{lab['steps']}{c.rstrip()}")
            for step in f.next_steps:
                self.lines.append(f"{pad}  - {_step_line(step, self.lang)}")


class _Markdown:
    def __init__(self, d: Diagnosis, lang: str) -> None:
        self.d, self.lang, self.labels = d, lang, _LABELS[lang]
        self.out: list[str] = []

    def render(self) -> str:
        d, lab, c = self.d, self.labels, self.labels["colon"]
        record = md_escape(d.record_id) if d.record_id else lab["no_record"]
        self.out += [
            f"# {lab['head']}{c}{record}",
            "",
            f"- **{lab['symptom']}**{c}{md_escape(SYMPTOMS[d.symptom].in_lang(self.lang))}",
            f"- **{lab['as_of']}**{c}{d.options.as_of}",
        ]
        title = basis(d, self.lang)
        if title is not None:
            self.out.append(f"- **{lab['basis']}**{c}{md_escape(title)}")
        self.out += [
            "",
        ]
        main = d.findings[0]
        self.out += [f"## {lab['diagnosis']}{c}{md_escape(_in(main.title, self.lang))}", ""]
        self._body(main)
        also = [f for f in d.findings if f.role == "also"]
        if also:
            self.out += [f"## {lab['also']}", ""]
            for n, f in enumerate(also, start=1):
                self.out += [f"### {n}. {md_escape(_in(f.title, self.lang))}", ""]
                self._body(f)
        statuses = [f for f in d.findings if f.role == "status"]
        if statuses:
            self.out += [f"## {lab['status']}", ""]
            for f in statuses:
                self.out += [f"### {md_escape(_in(f.title, self.lang))}", ""]
                self._body(f, steps=False)
        notes = [f for f in d.findings if f.role == "note"]
        if notes:
            self.out += [f"## {lab['notes']}", ""]
            for f in notes:
                self.out += [f"### {md_escape(_in(f.title, self.lang))}", ""]
                self._body(f)
        replaced = [f for f in d.findings if f.role == "replaced"]
        if replaced:
            self.out += [f"## {lab['replaced']}", ""]
            for f in replaced:
                self.out.append(f"- {md_escape(replaced_line(d, f, self.lang))}")
            self.out.append("")
        if d.interpretations:
            self.out += [f"## {lab['interpretations']}", ""]
            for i in d.interpretations:
                self.out.append(
                    f"- {md_escape(_in(i.question, self.lang))}"
                    f"{'——' if self.lang == 'zh' else ' — '}{md_escape(interp_reading(i, self.lang))}"
                )
            self.out.append("")
        self.out += [f"## {lab['all_steps']}", ""]
        for n, step in enumerate(d.next_steps, start=1):
            self.out.append(
                f"{n}. **{md_escape(_in(step.actor_label, self.lang))}**{c}{md_escape(_in(step.text, self.lang))}"
            )
        self.out.append("")
        blocks = appendix_blocks(diagnosis_appendix(d, self.lang), self.lang, "intro_diagnosis")
        return "\n".join(self.out) + "\n" + "\n\n".join(blocks) + "\n"

    def _body(self, f: Finding, *, steps: bool = True) -> None:
        lab, c = self.labels, self.labels["colon"]
        self.out += [
            f"**{lab['clause']}**{c}{md_escape(f.clause.section)}",
            "",
            f"> {md_escape(f.clause.text).replace(chr(10), chr(10) + '> ')}",
            "",
            f"**{lab['found']}**{c}{md_escape(_in(f.text, self.lang))}",
            "",
        ]
        if steps and f.next_steps:
            self.out += [f"**{lab['steps']}**{c.rstrip()}", ""]
            for step in f.next_steps:
                self.out.append(
                    f"- **{md_escape(_in(step.actor_label, self.lang))}**{c}{md_escape(_in(step.text, self.lang))}"
                )
            self.out.append("")
