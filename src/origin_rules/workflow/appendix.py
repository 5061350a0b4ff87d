"""The technical appendix of a diagnosis: the ids behind what staff read.

Staff read the diagnosis and the other findings by title, the clauses by section and
text, the interpretations in words; the workflow rules and systems use ids for the same
things. As for an origin decision (`origin_rules.render.appendix`, whose parts and
layout this reuses), the appendix lists them per thing the narrative names, in its
order: the diagnosis (its rule, the symptom's code, the rules' id, version and hash, the
record state's hash, the engine), each finding (rule, clause, the prepared facts its
condition tested, the interpretations it names with the reading taken, the rule that
covers it), and the interpretations relied on.

Every id listed is one the diagnosis holds (tests/test_staff_narrative_changes.py).
"""

from __future__ import annotations

from origin_rules.render.appendix import (
    AppendixEntry,
    AppendixGroup,
    IdLine,
    appendix_label,
    id_line,
    interpretation_line,
    relied_group,
)
from origin_rules.workflow.diagnosis import Diagnosis, Finding

__all__ = ["diagnosis_appendix"]


def diagnosis_appendix(d: Diagnosis, lang: str) -> tuple[AppendixGroup, ...]:
    """The appendix of `d`'s narrative in `lang`."""
    whole = AppendixEntry(
        None,
        (
            id_line("diagnosed_by", lang, d.diagnosis),
            id_line("symptom", lang, d.symptom),
            id_line("ruleset", lang, d.ruleset.id, d.ruleset.version, joiner=" "),
            id_line("ruleset_hash", lang, d.ruleset.content_hash),
            id_line("state_hash", lang, d.state_hash),
            id_line("engine", lang, d.engine),
        ),
    )
    groups = [
        AppendixGroup(appendix_label("diagnosis", lang), (whole,)),
        AppendixGroup(
            appendix_label("findings", lang),
            tuple(
                AppendixEntry(
                    f.title.zh if lang == "zh" else f.title.en, _finding_lines(d, f, lang)
                )
                for f in d.findings
            ),
        ),
    ]
    if d.interpretations:
        groups.append(relied_group(d.interpretations, lang, "relied_plain"))
    return tuple(groups)


def _finding_lines(d: Diagnosis, f: Finding, lang: str) -> tuple[IdLine, ...]:
    lines = [id_line("rule", lang, f.rule), id_line("clause", lang, f.clause.id)]
    if f.facts:
        lines.append(id_line("facts", lang, *f.facts))
    chosen = d.options.interpretations
    lines.extend(interpretation_line(i, chosen.get(i), lang) for i in f.interpretations)
    if f.replaced_by:
        lines.append(id_line("covered_by", lang, f.replaced_by))
    return tuple(lines)
