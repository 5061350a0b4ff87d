"""The literate page of a ruleset, top to bottom, from the guide's text it quotes."""

from __future__ import annotations

import yaml

from origin_rules.literate.page import COMMAND, Page
from origin_rules.literate.sections import (
    clause_index,
    guide,
    how_to_read,
    interpretation_index,
    not_encoded,
    overview,
    precedence,
)
from origin_rules.ruleset.bundled import bundled_rulesets, rulesets_folder
from origin_rules.ruleset.model import Ruleset


def bundled_source(ruleset: Ruleset) -> tuple[str, str]:
    """The guide's text of a bundled ruleset, and its path as shown on the page."""
    bundled = bundled_rulesets().get(ruleset.id)
    if bundled is None or bundled.content_hash != ruleset.content_hash:
        raise ValueError(
            f"ruleset {ruleset.id!r} is not a bundled ruleset (or differs from it); "
            "pass its source document's text as source="
        )
    for sub in sorted(rulesets_folder().iterdir()):
        head = sub / "ruleset.yaml"
        if not head.is_file():
            continue
        data = yaml.safe_load(head.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("id") == ruleset.id:
            document = str(data["source"]["document"])
            text = (sub / document).read_text(encoding="utf-8")
            return text, f"rulesets/{sub.name}/{document}"
    raise ValueError(f"no folder of the bundled rulesets holds {ruleset.id!r}")


def render_literate(
    ruleset: Ruleset, source: str | None = None, source_name: str | None = None
) -> str:
    """The ruleset's literate page (Markdown): the guide's text with each clause's rules.

    `source` is the text of the guide the ruleset quotes; by default that of the bundled
    ruleset with the same id and content. `source_name` is how the page names it."""
    if source is None:
        source, shown = bundled_source(ruleset)
        source_name = source_name or shown
    return _write_page(Page(ruleset, source, source_name or "source.md"))


def _write_page(page: Page) -> str:
    rs = page.ruleset
    page.add(
        f"# {rs.id}：指引原文与规则逐条对照 / The guide beside its rules",
        "",
        f"<!-- Generated from rulesets/{rs.id} by `{COMMAND}`; do not edit by hand. "
        f"`{COMMAND} --check` fails when this page is out of date. -->",
        "",
        f"**{rs.title.zh}**",
        "",
        f"*{rs.title.en}*",
    )
    how_to_read(page)
    overview(page)
    not_encoded(page)
    clause_index(page)
    guide(page)
    precedence(page)
    interpretation_index(page)
    return "\n".join(page.out).rstrip("\n") + "\n"
