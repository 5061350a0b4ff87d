"""Origin decisions: one applicant (`/v1/decisions`, `/v1/verdicts`,
`/v1/explanations`) or many as JSON Lines (`/v1/decisions:batch`)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from origin_rules.batch.parse import to_applicant
from origin_rules.batch.readers import read_jsonl
from origin_rules.batch.records import RecordError, SourceRecord
from origin_rules.batch.run import BatchOptions, check_options, decide_chunk, keep_result
from origin_rules.decide import decide_origin, facts_hash
from origin_rules.decision import Decision
from origin_rules.errors import InvalidFactsError
from origin_rules.explain import explain
from origin_rules.facts import Applicant, parse_applicant
from origin_rules.render import render
from origin_rules.serve.body import json_body, rendered
from origin_rules.serve.errors import facts_error
from origin_rules.serve.limits import read_limited
from origin_rules.serve.log import DecisionLog
from origin_rules.serve.options import (
    DecisionDate,
    DecisionOptions,
    Engine,
    FormatQuery,
    Interpretations,
    LangQuery,
    RulesetId,
    decision_options,
)
from origin_rules.verdict import Verdict, decide_verdict

router = APIRouter(prefix="/v1", tags=["decisions"])

MAX_BUDGET_SECONDS = 10.0
BATCH_MEDIA_TYPE = "application/x-ndjson"
_LINES_PER_WRITE = 50  # decisions sent together: fewer thread hops, still streamed


def _log(request: Request) -> DecisionLog | None:
    log: DecisionLog | None = request.app.state.decision_log
    return log


async def _applicant(request: Request) -> Applicant:
    data = await json_body(request, "one applicant")
    try:
        return parse_applicant(data)
    except InvalidFactsError as exc:
        raise facts_error(exc.errors, "the applicant's facts") from None


def _decide(applicant: Applicant, options: DecisionOptions) -> Decision:
    return decide_origin(applicant, **options.arguments())


@router.post("/decisions", summary="Decide one applicant's origin, explained clause by clause")
async def post_decision(
    request: Request,
    decision_date: DecisionDate = None,
    interpretation: Interpretations = None,
    engine: Annotated[Engine, Query(description="rules engine")] = "durable",
    ruleset: RulesetId = None,
    format: FormatQuery = "json",
    lang: LangQuery = "zh",
) -> Response:
    options = decision_options(decision_date, interpretation, engine, ruleset)
    applicant = await _applicant(request)
    decision = await run_in_threadpool(_decide, applicant, options)
    if (log := _log(request)) is not None:
        log.write("decisions", decision, decision.input_hash)
    # The facts go with it, so that an HTML report draws the records and the timeline.
    return rendered(decision, format, lang, partial(render, applicant=applicant), "a decision")


@router.post("/verdicts", summary="The outcome of a decision without its explanation")
async def post_verdict(
    request: Request,
    decision_date: DecisionDate = None,
    interpretation: Interpretations = None,
    engine: Annotated[Engine, Query(description="rules engine")] = "durable",
    ruleset: RulesetId = None,
) -> Response:
    options = decision_options(decision_date, interpretation, engine, ruleset)
    applicant = await _applicant(request)

    def run() -> Verdict:
        return decide_verdict(applicant, **options.arguments())

    verdict = await run_in_threadpool(run)
    if (log := _log(request)) is not None:
        log.write("verdicts", verdict, facts_hash(applicant))
    return Response(verdict.model_dump_json(), media_type="application/json")


@router.post(
    "/explanations",
    summary="The decision with why the higher rules did not decide and what would change it",
)
async def post_explanation(
    request: Request,
    decision_date: DecisionDate = None,
    interpretation: Interpretations = None,
    engine: Annotated[
        Engine, Query(description="rules engine (python by default, as `explain`)")
    ] = "python",
    ruleset: RulesetId = None,
    budget: Annotated[
        float,
        Query(
            gt=0,
            le=MAX_BUDGET_SECONDS,
            description="seconds for the search for what would change the outcome",
        ),
    ] = 1.0,
    format: FormatQuery = "json",
    lang: LangQuery = "zh",
) -> Response:
    options = decision_options(decision_date, interpretation, engine, ruleset)
    applicant = await _applicant(request)

    def run() -> Response:
        explanation = explain(applicant, budget_seconds=budget, **options.arguments())
        if (log := _log(request)) is not None:
            log.write("explanations", explanation.decision, explanation.decision.input_hash)
        return rendered(
            explanation, format, lang, partial(render, applicant=applicant), "an explanation"
        )

    response: Response = await run_in_threadpool(run)
    return response


@router.post(
    "/decisions:batch",
    summary="Decide many applicants: JSON Lines in, one JSON line out per record, in order",
)
async def post_batch(
    request: Request,
    decision_date: DecisionDate = None,
    interpretation: Interpretations = None,
    engine: Annotated[Engine, Query(description="rules engine")] = "durable",
    verdict_only: Annotated[
        bool, Query(description="each line a verdict (no explanation): several times faster")
    ] = False,
) -> StreamingResponse:
    options = decision_options(decision_date, interpretation, engine, None)
    batch = BatchOptions(
        options.engine,
        options.decision_date,
        tuple(sorted(options.interpretations.items())),
        verdict_only,
    )
    check_options(batch)
    limit: int = request.app.state.max_batch_bytes
    body = await read_limited(request, limit, "a batch")
    lines = batch_lines(body, batch, _log(request))
    return StreamingResponse(_grouped(lines), media_type=BATCH_MEDIA_TYPE)


def batch_lines(body: bytes, options: BatchOptions, log: DecisionLog | None) -> Iterator[str]:
    """One line per record of `body` (blank lines are not records), in order: the
    decision (or verdict), or the error that takes the record's place, naming its line
    and each problem, as `origin-rules decide --batch` writes them."""
    endpoint = "decisions:batch"
    for position, record in enumerate(read_jsonl(io.BytesIO(body))):
        applicant = to_applicant(position, record)
        if isinstance(applicant, RecordError):
            yield _error_line(applicant)
            continue
        as_given = SourceRecord(record.line, "applicant", applicant)
        [result] = decide_chunk(position, [as_given], options, keep_result)
        if isinstance(result, RecordError):
            yield _error_line(result)
            continue
        # Batch options here never ask for CSV rows (`row_only`): a whole decision or verdict.
        assert isinstance(result, Decision | Verdict)
        if log is not None:
            digest = result.input_hash if isinstance(result, Decision) else facts_hash(applicant)
            log.write(endpoint, result, digest)
        yield result.model_dump_json() + "\n"


def _error_line(error: RecordError) -> str:
    return (
        json.dumps(error.as_record(), ensure_ascii=False, separators=(",", ":"), default=str) + "\n"
    )


def _grouped(lines: Iterator[str]) -> Iterator[str]:
    # Run by Starlette in a worker thread, one item at a time: a few lines per item.
    group: list[str] = []
    for line in lines:
        group.append(line)
        if len(group) >= _LINES_PER_WRITE:
            yield "".join(group)
            group = []
    if group:
        yield "".join(group)
