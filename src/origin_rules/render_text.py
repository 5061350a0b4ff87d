"""Kept for existing imports: the renderers now live in `origin_rules.render`.

from origin_rules.render_text import render_text   # as before
from origin_rules.render import render             # text, Markdown or JSON
"""

from origin_rules.render.narrative import LANGS, origin_label, outcome_label
from origin_rules.render.text import render_text

__all__ = ["LANGS", "origin_label", "outcome_label", "render_text"]
