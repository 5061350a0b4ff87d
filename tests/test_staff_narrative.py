"""What staff read names things by title and in words; the ids are in the appendix.

Over every example, its explanation rendered as text, Markdown and HTML, in Chinese and
English:

- the staff part (everything before the technical appendix) holds no rule id, clause
  id, interpretation id or reading, field path, reason code, outcome code, ruleset id
  or hash: none of the decision's own ids, and nothing shaped like one;
- every id the appendix lists is one the decision (or the explanation) holds;
- every hukou record a counterfactual names is listed, under its number, before the
  steps; and, rendered without the facts, each counterfactual still says which record
  it means in words.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from origin_rules.explain import explain
from origin_rules.explain.model import Explanation
from origin_rules.facts import Applicant, parse_applicant
from origin_rules.render import render
from origin_rules.render.appendix import appendix, appendix_label
from origin_rules.render.narrative import narrative

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.json"))
LANGS = ("zh", "en")
FORMATS = ("text", "md", "html")

# Shaped like an id: snake_case, dotted (origin.bachelor), a field path (hukou[...] or
# hukou.1.kind), a hash. English prose has none of these ("e.g." aside).
_ID_SHAPES = re.compile(
    r"[a-z]+_[a-z_]+|\b[a-z]+(?:\.[a-z_0-9]+)+\b|hukou\[|\bhukou\.\d|sha256:|guide-2022"
)


@functools.cache
def case(path: Path) -> tuple[Applicant, Explanation]:
    data = json.loads(path.read_text("utf-8"))
    return parse_applicant(data), explain(data, engine="python", budget_seconds=5.0)


def _strings(value: Any) -> set[str]:
    """Every string a model's JSON holds, keys included."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {s for v in value.values() for s in _strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return {value} if isinstance(value, str) else set()


def decision_ids(e: Explanation) -> set[str]:
    """The ids of a decision and its explanation that staff must not read."""
    d = e.decision
    ids = {s.rule for s in d.trace} | {s.clause.id for s in d.trace}
    ids |= {name for s in d.trace for name in s.facts if "_" in name}
    ids |= {w.rule for w in e.why_not} | {w.clause.id for w in e.why_not}
    ids |= {w.failed.fact for w in e.why_not}
    ids |= {c.decided_by for c in e.counterfactuals if c.decided_by}
    ids |= {ch.path for c in e.counterfactuals for ch in c.changes}
    ids |= {m.fact for m in d.missing_facts} | {r.code for r in d.reasons}
    if d.options is not None:
        ids |= set(d.options.interpretations)
        ids |= {r for r in d.options.interpretations.values() if "_" in r}
    if d.ruleset is not None:
        ids |= {d.ruleset.id, d.ruleset.content_hash}
    ids.add(d.input_hash)
    if d.decided_by:
        ids.add(d.decided_by)
    # A one-word id ("scope", "degree") is also an English word staff may read.
    return {i for i in ids if re.search(r"[_.\[:\-]", i)}


def id_shapes(text: str) -> set[str]:
    return {m.group(0) for m in _ID_SHAPES.finditer(text)} - {"e.g"}


class _VisibleText(HTMLParser):
    """The text a reader sees, split at the appendix section."""

    def __init__(self) -> None:
        super().__init__()
        self.staff: list[str] = []
        self.appendix: list[str] = []
        self.in_appendix = False
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "title"):
            self.skip += 1
        if tag == "section" and ("class", "appendix") in attrs:
            self.in_appendix = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self.skip -= 1
        if tag == "article":
            self.in_appendix = False

    def handle_data(self, data: str) -> None:
        if not self.skip:
            (self.appendix if self.in_appendix else self.staff).append(data)


def split(rendered: str, fmt: str, lang: str) -> tuple[str, str]:
    """(the staff part, the technical appendix) of a rendering."""
    if fmt == "html":
        parser = _VisibleText()
        parser.feed(rendered)
        # Each piece of text on its own line, as the page shows text of separate elements.
        return "\n".join(parser.staff), "\n".join(parser.appendix)
    heading = appendix_label("appendix", lang)
    marker = f"## {heading}" if fmt == "md" else f"\n{heading}"
    assert rendered.count(marker) == 1, f"no single appendix heading {marker!r}"
    staff, tail = rendered.split(marker)
    return staff, tail


def rendering(path: Path, lang: str, fmt: str) -> str:
    facts, e = case(path)
    return render(e, lang=lang, format=fmt, applicant=facts)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_staff_part_names_no_id(path: Path, lang: str, fmt: str) -> None:
    _, e = case(path)
    staff, _ = split(rendering(path, lang, fmt), fmt, lang)
    found = sorted(i for i in decision_ids(e) if i in staff)
    assert not found, f"ids in what staff read: {found}"
    shapes = sorted(id_shapes(staff))
    assert not shapes, f"id-shaped text in what staff read: {shapes}"
    code = e.decision.outcome.value
    assert f"（{code}）" not in staff and f"({code})" not in staff


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_id_the_appendix_lists_is_one_the_decision_has(path: Path, lang: str) -> None:
    _, e = case(path)
    held = _strings(e.model_dump(mode="json"))
    groups = appendix(e, narrative(e, lang))
    listed = [i for g in groups for entry in g.entries for line in entry.lines for i in line.ids]
    assert listed
    assert sorted(set(listed) - held) == []
    # and the renderings show each of them in the appendix, not only in the data
    for fmt in FORMATS:
        _, tail = split(rendering(path, lang, fmt), fmt, lang)
        missing = sorted({i for i in listed if i not in tail})
        assert not missing, f"{fmt}: {missing}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_the_appendix_lists_the_ids_of_each_thing_the_narrative_names(
    path: Path, lang: str
) -> None:
    _, e = case(path)
    d = e.decision
    groups = appendix(e, narrative(e, lang))
    listed = {i for g in groups for entry in g.entries for line in entry.lines for i in line.ids}
    expected = {d.outcome.value, d.input_hash, d.engine}
    expected |= {s.rule for s in d.trace} | {s.clause.id for s in d.trace}
    expected |= {w.rule for w in e.why_not} | {w.clause.id for w in e.why_not}
    expected |= {m.fact for m in d.missing_facts} | {r.code for r in d.reasons}
    expected |= {u.id for u in d.interpretations} | {u.reading for u in d.interpretations}
    expected |= {ch.path for c in e.counterfactuals for ch in c.changes}
    if d.ruleset is not None:
        expected |= {d.ruleset.id, d.ruleset.version, d.ruleset.content_hash}
    if d.versions is not None:
        expected.add(d.versions.library)
    assert sorted(expected - listed) == []


_RECORD_ZH = re.compile(r"第(\d+)条户籍记录")
_RECORD_EN = re.compile(r"hukou record (\d+)")


@pytest.mark.parametrize("fmt", ["text", "md"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_record_a_counterfactual_names_is_listed(path: Path, lang: str, fmt: str) -> None:
    facts, e = case(path)
    rendered = rendering(path, lang, fmt)
    pattern = _RECORD_ZH if lang == "zh" else _RECORD_EN
    named = {
        int(n)
        for c in e.counterfactuals
        for n in pattern.findall(c.text.zh if lang == "zh" else c.text.en)
    }
    steps = rendered.index("判定过程" if lang == "zh" else "Trace")
    listed_part = rendered[:steps]
    heading = "户籍记录（下文按此编号）" if lang == "zh" else "Hukou records (numbered"
    assert heading in listed_part
    listed = {int(n) for n in re.findall(r"^\s*(\d+)\. ", listed_part, flags=re.MULTILINE)}
    assert listed == set(range(1, len(facts.hukou) + 1))
    assert named <= listed


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_without_the_facts_a_counterfactual_says_which_record_in_words(path: Path) -> None:
    facts, e = case(path)
    zh = render(e, lang="zh")
    en = render(e, lang="en")
    assert "户籍记录（下文按此编号）" not in zh and "Hukou records (numbered" not in en
    for c in e.counterfactuals:
        for n in _RECORD_ZH.findall(c.text.zh):
            record = facts.hukou[int(n) - 1]
            place = record.place.name or record.place.code
            # the number, then whose registration, where and since when
            assert f"第{n}条户籍记录（" in c.text.zh
            assert f"{place}，自{record.start}起）" in c.text.zh
        for n in _RECORD_EN.findall(c.text.en):
            record = facts.hukou[int(n) - 1]
            assert f"hukou record {n} (" in c.text.en
            assert f"from {record.start})" in c.text.en


def test_the_checks_catch_what_they_look_for() -> None:
    """The checks above would have caught the narrative of before (issue 15)."""
    old = "判定结果：已确定生源地（determined）\n     规则：origin.family_hukou_before_gaokao\n"
    assert id_shapes(old) == {"origin.family_hukou_before_gaokao"}
    assert id_shapes("(hukou[holder=student,kind=individual_independent].place.code)")
    assert id_shapes("workplace_precision = county_required")
    assert not id_shapes("If hukou record 2 (the student's own registration, e.g. 武昌区)")
