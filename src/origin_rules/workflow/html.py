"""A diagnosis as an HTML report for staff (see `origin_rules.render.html`).

The same content as the text and Markdown of `origin_rules.workflow.render`, with its
labels: the diagnosis first, in a box, with every next step in order as a checklist
(who takes it, what to do); then each finding with the clause it quotes, what was found
and its own next steps; the record's status, notes, the rules covered by another, and
the interpretations relied on; last, the technical appendix
(`origin_rules.workflow.appendix`).
"""

from __future__ import annotations

from markupsafe import Markup

from origin_rules.render.appendix import appendix_label
from origin_rules.render.html import environment, html_document
from origin_rules.workflow.appendix import diagnosis_appendix
from origin_rules.workflow.diagnosis import Diagnosis
from origin_rules.workflow.render import _LABELS, _in, basis, interp_reading, replaced_line
from origin_rules.workflow.vocabulary import SYMPTOMS

__all__ = ["diagnosis_article", "render_diagnosis_html"]


def render_diagnosis_html(diagnosis: Diagnosis, lang: str = "zh") -> str:
    """The diagnosis as one self-contained HTML document in `zh` or `en`."""
    labels = _LABELS[lang]
    title = f"{labels['head']}{labels['colon']}{diagnosis.record_id or labels['no_record']}"
    return html_document([diagnosis_article(diagnosis, lang)], lang, title)


def diagnosis_article(diagnosis: Diagnosis, lang: str = "zh") -> Markup:
    """The diagnosis as an `<article>` (see `report_article`)."""
    template = environment().get_template("diagnosis.html.j2")
    return Markup(
        template.render(
            d=diagnosis,
            lang=lang,
            lab=_LABELS[lang],
            symptom=SYMPTOMS[diagnosis.symptom].in_lang(lang),
            t=lambda text: _in(text, lang),
            basis=basis(diagnosis, lang),
            replaced_line=lambda f: replaced_line(diagnosis, f, lang),
            interp_reading=lambda i: interp_reading(i, lang),
            appendix=diagnosis_appendix(diagnosis, lang),
            appendix_label=appendix_label,
            roles={
                role: [f for f in diagnosis.findings if f.role == role]
                for role in ("also", "status", "note", "replaced")
            },
        )
    )
