"""The guide beside its rules: a literate page generated from a ruleset (Markdown).

Like Catala's literate law files, the page gives the guide's own text, whole and in its
own order, section by section; right under each clause that rules encode come a box for
the clause, a box per rule (its condition and conclusion in words, in Chinese and then
English, its place in the precedence and the exceptions it makes, its explanation
templates) and a box per interpretation the ruleset names for that clause. Sections no
rule encodes are shown plainly and listed at the top, so policy staff see what the
ruleset does not decide.

    from origin_rules.literate import render_literate
    page = render_literate(bundled_ruleset("guide-2022"))

    python -m origin_rules.literate            # writes docs/rulesets/<id>.md for each bundled ruleset
    python -m origin_rules.literate --check    # exit 1, with a unified diff, when a page is stale
"""

from __future__ import annotations

# The page is written in parts (the guide's text, its words, the boxes, the sections);
# this package's public names are those the single module had, so imports and
# `python -m origin_rules.literate` keep working.
from origin_rules.literate.command import (
    DEFAULT_FOLDER,
    EXIT_OK,
    EXIT_STALE,
    EXIT_USAGE,
    build_parser,
    main,
)
from origin_rules.literate.page import COMMAND
from origin_rules.literate.render import bundled_source, render_literate

__all__ = [
    "COMMAND",
    "DEFAULT_FOLDER",
    "EXIT_OK",
    "EXIT_STALE",
    "EXIT_USAGE",
    "build_parser",
    "bundled_source",
    "main",
    "render_literate",
]
