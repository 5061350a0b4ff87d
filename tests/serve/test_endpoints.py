"""Every endpoint of the running service, called over HTTP, against what the library
itself gives for the same input: the service is a door onto the core, not a copy."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from origin_rules import decide_origin, decide_verdict, parse_applicant
from origin_rules.changes import decide_change, render_change
from origin_rules.explain import explain
from origin_rules.facts import Applicant
from origin_rules.render import render
from origin_rules.ruleset.bundled import bundled_rulesets
from origin_rules.workflow import diagnose, render_diagnosis

ROOT = Path(__file__).resolve().parents[2]
PANYU = (ROOT / "examples" / "bachelor-panyu.json").read_bytes()
CHANGE = ROOT / "examples" / "changes" / "origin-parents-moved.json"
STATE = ROOT / "examples" / "workflow" / "department-cannot-see.json"


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_healthz_names_the_rulesets_by_content_hash(client: httpx.Client) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    guide = bundled_rulesets()["guide-2022"]
    assert body["rulesets"]["guide-2022"] == guide.content_hash


def test_a_decision_is_the_library_s_decision(client: httpx.Client) -> None:
    r = client.post("/v1/decisions", content=PANYU)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == decide_origin(json.loads(PANYU)).model_dump(mode="json")


@pytest.mark.parametrize(("fmt", "media"), [("text", "text/plain"), ("md", "text/markdown")])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_decision_rendered_for_people(
    client: httpx.Client, fmt: str, media: str, lang: str
) -> None:
    r = client.post("/v1/decisions", params={"format": fmt, "lang": lang}, content=PANYU)
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media}; charset=utf-8"
    # with the hukou records listed, as the CLI renders them (the service has the facts)
    facts = parse_applicant(json.loads(PANYU))
    assert r.text == render(decide_origin(facts), lang=lang, format=fmt, applicant=facts)


def test_html_is_the_report_with_the_records_and_timeline_of_the_facts_sent(
    client: httpx.Client,
) -> None:
    facts = parse_applicant(PANYU)
    r = client.post("/v1/decisions", params={"format": "html", "lang": "en"}, content=PANYU)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert r.text == render(decide_origin(facts), lang="en", format="html", applicant=facts)
    assert r.text.count('class="hukou-bar') == len(facts.hukou) > 0
    explained = client.post("/v1/explanations", params={"format": "html"}, content=PANYU)
    assert explained.status_code == 200
    assert explained.text.count('class="hukou-bar') == len(facts.hukou)


def test_options_reach_the_library(client: httpx.Client) -> None:
    params: dict[str, Any] = {
        "decision_date": "2022-06-30",
        "interpretation": ["workplace_precision=prefecture_accepted"],
        "engine": "python",
        "ruleset": "guide-2022",
    }
    r = client.post("/v1/decisions", params=params, content=PANYU)
    assert r.status_code == 200
    expected = decide_origin(
        json.loads(PANYU),
        decision_date=date(2022, 6, 30),
        interpretations={"workplace_precision": "prefecture_accepted"},
        engine="python",
        ruleset="guide-2022",
    )
    assert r.json() == expected.model_dump(mode="json")
    assert r.json()["options"]["interpretations"]["workplace_precision"] == "prefecture_accepted"


def test_a_verdict(client: httpx.Client) -> None:
    r = client.post("/v1/verdicts", params={"engine": "python"}, content=PANYU)
    assert r.status_code == 200
    assert r.json() == decide_verdict(json.loads(PANYU), engine="python").model_dump(mode="json")


def test_an_explanation(client: httpx.Client) -> None:
    r = client.post("/v1/explanations", params={"budget": 0.5}, content=PANYU)
    assert r.status_code == 200
    body = r.json()
    expected = explain(json.loads(PANYU), budget_seconds=0.5).model_dump(mode="json")
    # The search for counterfactuals is bounded by time, so what it found may differ in
    # length between two runs; the decision and why-not may not.
    assert body["decision"] == expected["decision"]
    assert body["why_not"] == expected["why_not"]
    assert body["search"]["seconds_budget"] == 0.5
    text = client.post("/v1/explanations", params={"format": "md"}, content=PANYU)
    assert text.status_code == 200 and text.text.startswith("#")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_change_request(client: httpx.Client, fmt: str) -> None:
    r = client.post("/v1/changes", params={"format": fmt}, content=CHANGE.read_bytes())
    assert r.status_code == 200
    decision = decide_change(_json(CHANGE))
    if fmt == "json":
        assert r.json() == decision.model_dump(mode="json")
    else:
        assert r.text == render_change(decision, lang="zh", format="text")


def test_a_change_request_with_a_reading_of_each_rule_set(client: httpx.Client) -> None:
    params = {
        "interpretation": [
            "missing_reason=assume_record_error",
            "workplace_precision=prefecture_accepted",
        ]
    }
    r = client.post("/v1/changes", params=params, content=CHANGE.read_bytes())
    assert r.status_code == 200
    expected = decide_change(
        _json(CHANGE),
        interpretations={"missing_reason": "assume_record_error"},
        origin_interpretations={"workplace_precision": "prefecture_accepted"},
    )
    assert r.json() == expected.model_dump(mode="json")


@pytest.mark.parametrize("fmt", ["json", "md"])
def test_a_diagnosis(client: httpx.Client, fmt: str) -> None:
    params = {"format": fmt, "lang": "en", "as_of": "2021-10-20"}
    r = client.post("/v1/diagnoses", params=params, content=STATE.read_bytes())
    assert r.status_code == 200
    diagnosis = diagnose(_json(STATE), as_of=date(2021, 10, 20))
    if fmt == "json":
        assert r.json() == diagnosis.model_dump(mode="json")
    else:
        assert r.text == render_diagnosis(diagnosis, lang="en", format="md")


def test_the_schema_is_the_applicant_s(client: httpx.Client) -> None:
    r = client.get("/v1/schema")
    assert r.status_code == 200
    assert r.json() == Applicant.model_json_schema()


def test_the_rulesets_and_one_in_full(client: httpx.Client) -> None:
    listed = client.get("/v1/rulesets").json()
    assert {r["id"]: r["kind"] for r in listed} == {
        "guide-2022": "origin",
        "changes-2022": "changes",
        "workflow-2022": "workflow",
    }
    guide = bundled_rulesets()["guide-2022"]
    r = client.get("/v1/rulesets/guide-2022")
    assert r.status_code == 200
    body = r.json()
    assert body["content_hash"] == guide.content_hash
    assert [rule["id"] for rule in body["rules"]] == [rule.id for rule in guide.rules]
    assert {c["id"]: c["text"] for c in body["clauses"]} == {
        c.id: c.text for c in guide.clauses.values()
    }
    interps = {i["id"]: i for i in body["interpretations"]}
    assert interps.keys() == guide.interpretations.keys()
    assert all(i["default"] in i["readings"] for i in interps.values())
    for other in ("changes-2022", "workflow-2022"):
        assert client.get(f"/v1/rulesets/{other}").json()["clauses"]


def test_openapi_and_the_offline_docs_page(client: httpx.Client) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    paths = set(doc["paths"])
    assert {"/v1/decisions", "/v1/decisions:batch", "/v1/rulesets/{ruleset_id}"} <= paths
    body = doc["paths"]["/v1/decisions"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("/Applicant")
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for path in paths:
        assert path in page.text
    # Nothing loaded from elsewhere: no script, no link to another host.
    assert "<script" not in page.text
    assert "//" not in page.text.replace("</", "")
