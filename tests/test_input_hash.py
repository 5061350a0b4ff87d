"""The input hash: RFC 8785 canonical JSON of the facts as given, defaults left out.

A stored decision's `input_hash` must still match its facts after the library grows:
adding an optional field (with a default) must not change any hash, and neither may key
order, formatting, or stating a default rather than omitting it. The canonical form is
written with orjson's sorted encoder (see `origin_rules.decide.canonical_json`); these
tests hold it to the `rfc8785` package's, byte for byte, and check that the applicant's JSON cannot
hold what would make the two differ (floats, large integers, free-form keys).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import orjson
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field

from origin_rules import Applicant, HukouRecord, decide_origin, facts_hash, parse_applicant
from origin_rules.decide import canonical_json
from origin_rules.facts import DegreeLevel, ProgrammeKind, StudentCategory
from origin_rules.input_limits import EARLIEST_DATE, LATEST_DATE
from origin_rules.testing import applicants

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ENGINE = "python"


def reference_hash(applicant: Applicant) -> str:
    given_facts = applicant.model_dump(mode="json", exclude_defaults=True)
    return "sha256:" + hashlib.sha256(rfc8785.dumps(given_facts)).hexdigest()


def panyu() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (EXAMPLES / "bachelor-panyu.json").read_text(encoding="utf-8")
    )
    return data


# --- the canonical form ------------------------------------------------------------------


# The canonical form depends on the shape of the facts, not on their policy meaning: a
# few hundred applicants cover every field; the hostile strings below, every escape.
@settings(max_examples=300)
@given(applicants())
def test_canonical_json_is_the_rfc8785_packages_on_generated_applicants(
    applicant: Applicant,
) -> None:
    given_facts = applicant.model_dump(mode="json", exclude_defaults=True)
    assert canonical_json(applicant) == rfc8785.dumps(given_facts)
    assert facts_hash(applicant) == reference_hash(applicant)


# Strings RFC 8785 and a careless canonicaliser write differently: quotes, backslashes,
# control characters (short escapes and \u00xx), DEL, line and paragraph separators
# (not escaped), characters beyond the BMP, and CJK.
HOSTILE_NAMES = st.sampled_from(
    ['"番禺"', "a\\b", "\b\t\n\f\r", "\x00\x01\x1f", "\x7f", "\u2028\u2029", "𠀋𝄞", "番禺区"]
) | st.text(min_size=1, max_size=12).filter(lambda s: not any(0xD800 <= ord(c) < 0xE000 for c in s))


@settings(max_examples=500)
@given(HOSTILE_NAMES)
def test_canonical_json_is_the_rfc8785_packages_for_any_name_on_a_record(name: str) -> None:
    data = panyu()
    data["hukou"][0]["place"]["name"] = name
    data["applicant_id"] = name[:64]
    applicant = parse_applicant(data)
    given_facts = applicant.model_dump(mode="json", exclude_defaults=True)
    assert canonical_json(applicant) == rfc8785.dumps(given_facts)


def test_canonical_json_is_the_rfc8785_packages_for_every_ascii_character_and_beyond() -> None:
    # Each character below U+0080 alone (every control character's escape, `"`, `\\`,
    # DEL), then the separators and characters beyond the BMP, on a record's name.
    data = panyu()
    for name in [chr(c) for c in range(0x80)] + ["\u2028", "\u2029", "\U0002000b", "\U0010ffff"]:
        data["hukou"][0]["place"]["name"] = name
        applicant = parse_applicant(data)
        given_facts = applicant.model_dump(mode="json", exclude_defaults=True)
        assert canonical_json(applicant) == rfc8785.dumps(given_facts), hex(ord(name))


def test_an_applicant_dumped_as_python_values_is_written_as_its_json_mode_dump() -> None:
    # `canonical_json` dumps an `Applicant` as Python values (dates, enumerations) for
    # orjson to write: the same bytes as the JSON-mode dump, at the ends of the plausible
    # date range too, and with every field the model has, each enumeration's every value.
    data = panyu()
    data["hukou"][0]["start"] = EARLIEST_DATE.isoformat()
    data["decision_date"] = LATEST_DATE.isoformat()
    for field, values in [
        ("degree", DegreeLevel),
        ("category", StudentCategory),
        ("programme", ProgrammeKind),
    ]:
        for value in values:
            applicant = parse_applicant({**data, field: value.value})
            given_facts = applicant.model_dump(mode="json", exclude_defaults=True)
            assert canonical_json(applicant) == orjson.dumps(
                given_facts, option=orjson.OPT_SORT_KEYS
            )
            assert canonical_json(applicant) == rfc8785.dumps(given_facts)


def _schema_nodes(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    todo = [node]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            found.append(item)
            todo.extend(item.values())
        elif isinstance(item, list):
            todo.extend(item)
    return found


def test_an_applicants_json_holds_nothing_python_writes_differently_from_rfc8785() -> None:
    # What `canonical_json` relies on: no floats (RFC 8785 writes them as ECMAScript
    # does), integers well inside 2**53, and objects with fixed ASCII keys (RFC 8785
    # sorts keys by UTF-16 code units, Python by code points). A new field that breaks
    # this fails here: then hash with the rfc8785 package itself.
    nodes = _schema_nodes(Applicant.model_json_schema())
    assert not [n for n in nodes if n.get("type") == "number"]
    for n in nodes:
        if n.get("type") == "integer":
            assert n["minimum"] > -(2**53) and n["maximum"] < 2**53, n
        if n.get("type") == "object" and "properties" in n:
            assert n.get("additionalProperties") is False, n.get("title")
            assert all(key.isascii() for key in n["properties"]), n.get("title")
    assert not [n for n in nodes if n.get("type") == "object" and "properties" not in n]


def test_the_hash_of_an_example_is_pinned() -> None:
    # Changing the canonical form changes every stored hash: this value says when.
    # (Changed on purpose once, when defaults were left out and RFC 8785 adopted.)
    applicant = parse_applicant(panyu())
    assert facts_hash(applicant) == reference_hash(applicant)
    assert facts_hash(applicant) == (
        "sha256:cd4f144cdd606dd8ee4bf6db8e5b719101955bfb3804c949b14cde0cefa9d3bf"
    )


# --- what the hash does not depend on ---------------------------------------------------


def test_adding_an_optional_field_with_its_default_keeps_the_hash() -> None:
    # A later version of the fact model with one more optional field at the top and one
    # on each hukou record: facts that do not state them hash as before.
    class LaterHukouRecord(HukouRecord):
        verified_by: str | None = Field(default=None)

    class LaterApplicant(Applicant):
        hukou: tuple[LaterHukouRecord, ...] = ()
        scholarship: bool = False

    data = panyu()
    today = parse_applicant(data)
    later = LaterApplicant.model_validate(data)
    assert later.model_dump(mode="json") != today.model_dump(mode="json")  # it has more
    assert facts_hash(later) == facts_hash(today)
    stated = LaterApplicant.model_validate(
        {
            **data,
            "scholarship": False,
            "hukou": [{**r, "verified_by": None} for r in data["hukou"]],
        }
    )
    assert facts_hash(stated) == facts_hash(today)
    # A value other than the default is a different fact, and a different hash.
    assert facts_hash(LaterApplicant.model_validate({**data, "scholarship": True})) != (
        facts_hash(today)
    )


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reversed_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reversed_keys(v) for v in value]
    return value


def test_the_hash_ignores_key_order_at_every_level_and_formatting() -> None:
    data = panyu()
    texts = [
        json.dumps(data, ensure_ascii=False),
        json.dumps(_reversed_keys(data), indent=4),  # ASCII escapes, newlines, reordered
        "\ufeff" + json.dumps(data, separators=(",", ":"), ensure_ascii=False),
    ]
    hashes = {decide_origin(text, engine=ENGINE).input_hash for text in texts}
    hashes.add(decide_origin(_reversed_keys(data), engine=ENGINE).input_hash)
    assert hashes == {facts_hash(parse_applicant(data))}


def test_a_subclass_of_the_fact_model_is_hashed_with_its_own_fields() -> None:
    # `canonical_json` dumps with the instance's class's serializer: a caller's subclass
    # with a field of its own (not at its default) hashes that field too, as rfc8785 does.
    class Annotated(Applicant):
        note: str = ""

    data = panyu()
    annotated = Annotated.model_validate({**data, "note": "番禺\u2028\x01"})
    given_facts = annotated.model_dump(mode="json", exclude_defaults=True)
    assert "note" in given_facts
    assert canonical_json(annotated) == rfc8785.dumps(given_facts)
