"""Change requests after verification (`/v1/changes`) and the verification workflow's
diagnoses (`/v1/diagnoses`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from origin_rules.changes import (
    ChangeDecision,
    InvalidRequestError,
    bundled_changes_policy,
    decide_change,
    render_change,
)
from origin_rules.errors import InvalidFactsError
from origin_rules.ruleset.bundled import bundled_readings
from origin_rules.serve.body import json_body, rendered
from origin_rules.serve.errors import facts_error
from origin_rules.serve.options import (
    ISO_DAY,
    Engine,
    FormatQuery,
    Interpretations,
    LangQuery,
    day,
    readings,
)
from origin_rules.workflow import Diagnosis, Symptom, diagnose
from origin_rules.workflow.load import bundled_workflow
from origin_rules.workflow.render import render_diagnosis

router = APIRouter(prefix="/v1", tags=["requests"])


@router.post("/changes", summary="Decide a change request after verification, field by field")
async def post_change(
    request: Request,
    interpretation: Annotated[
        list[str] | None,
        Query(
            description="ID=READING (repeatable): the change policy's open points or the "
            "origin rules' (for a change of origin decided again)"
        ),
    ] = None,
    engine: Annotated[Engine, Query(description="rules engine")] = "durable",
    format: FormatQuery = "json",
    lang: LangQuery = "zh",
) -> Response:
    policy = bundled_changes_policy()
    declared = {i.id: i.readings.keys() for i in policy.interpretations.values()}
    chosen = readings(interpretation, {**bundled_readings(), **declared}, "the bundled rules")
    changes, origin = policy.split_readings(chosen)
    data = await json_body(request, "one change request")

    def run() -> ChangeDecision:
        try:
            return decide_change(
                data, interpretations=changes, origin_interpretations=origin, engine=engine
            )
        except InvalidRequestError as exc:
            raise facts_error(exc.errors, "the change request") from None

    decision = await run_in_threadpool(run)
    return rendered(decision, format, lang, render_change, "a change decision")


@router.post(
    "/diagnoses",
    summary="Why an origin record is stuck in the verification workflow, and who acts next",
)
async def post_diagnosis(
    request: Request,
    symptom: Annotated[
        Symptom | None, Query(description="the problem reported (overrides the state's own)")
    ] = None,
    as_of: Annotated[
        str | None,
        Query(
            description="judge the state as of this day (default: its as_of, else today)",
            pattern=ISO_DAY,
        ),
    ] = None,
    interpretation: Interpretations = None,
    engine: Annotated[Engine, Query(description="rules engine")] = "durable",
    format: FormatQuery = "json",
    lang: LangQuery = "zh",
) -> Response:
    workflow = bundled_workflow()
    declared = {i.id: i.readings.keys() for i in workflow.interpretations.values()}
    chosen = readings(interpretation, declared, workflow.id)
    as_of_day = day(as_of, "as_of")
    data = await json_body(request, "one record state")

    def run() -> Diagnosis:
        try:
            return diagnose(
                data, symptom=symptom, as_of=as_of_day, interpretations=chosen, engine=engine
            )
        except InvalidFactsError as exc:
            raise facts_error(exc.errors, "the record's state") from None

    diagnosis = await run_in_threadpool(run)
    return rendered(diagnosis, format, lang, render_diagnosis, "a diagnosis")
