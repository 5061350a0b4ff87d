"""The staff page at `/`: a form for one graduate's facts (or their pasted JSON, or a
file of many), and the decision beside it as the HTML report of `render`.

Server-rendered HTML; its CSS and its little script (add and remove rows, reading an
uploaded file) are inline, so the page needs nothing from outside the machine. Every
decision is the library's: the facts go to `parse_applicant` (its errors, with their
field paths and ID numbers masked, are shown on the page), then to `explain` and
`render`; a file goes through the batch package (`page_batch`). Nothing here reads
the facts or the rules.

    GET  /?lang=zh|en        the empty form
    POST /page/decide        the form (fields) or pasted JSON (field `applicant_json`)
    POST /page/file          a file, sent by the page's script as `file_name` and
                             `file_base64` (no multipart parser needed)

The page's routes are not in the OpenAPI document: they answer HTML for people.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool

from origin_rules.errors import FactError, InvalidFactsError
from origin_rules.explain import explain
from origin_rules.facts import Applicant, parse_applicant
from origin_rules.render import render
from origin_rules.serve.errors import ApiError, facts_error
from origin_rules.serve.limits import MAX_BODY_BYTES, read_limited
from origin_rules.serve.log import DecisionLog
from origin_rules.serve.page_batch import BatchResult, UploadError, decide_file
from origin_rules.serve.page_form import (
    HUKOU_COLUMNS,
    WORK_COLUMNS,
    applicant_data,
    applicant_values,
    beyond_form,
    choices,
    form_values,
)
from origin_rules.serve.page_words import field_label, word

router = APIRouter(include_in_schema=False)

_EMPTY_FORM: dict[str, Any] = {"hukou": [{}], "work": []}
LangParam = Annotated[str, Query(pattern="^(zh|en)$", description="the page's language")]


@functools.cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("origin_rules.serve", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(word=word, choices=choices)
    return env


def _page(lang: str, **shown: Any) -> HTMLResponse:
    context: dict[str, Any] = {
        "lang": lang,
        "values": _EMPTY_FORM,
        "not_in_form": [],
        "hukou_columns": [name for name, _ in HUKOU_COLUMNS],
        "work_columns": [name for name, _ in WORK_COLUMNS],
        "pasted": "",
        "errors": [],
        "bad_paths": set(),
        "report": None,
        "downloads": [],
        "file_error": None,
        "batch": None,
    }
    context.update(shown)
    status = 422 if shown.get("errors") or shown.get("file_error") else 200
    html = _environment().get_template("page.html.j2").render(**context)
    return HTMLResponse(html, status_code=status)


def _data_url(media_type: str, content: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def _error_list(errors: list[FactError], lang: str) -> list[dict[str, Any]]:
    # The service's own 422 list (masked), with where each field is on the form.
    fields: list[dict[str, Any]] = facts_error(errors, "the facts").body["fields"]
    return [{**f, "label": field_label(f["path"], lang)} for f in fields]


async def _form(request: Request, limit: int) -> dict[str, list[str]]:
    try:
        body = await read_limited(request, limit, "the page's form")
    except ApiError as exc:
        raise _PageError(exc.body["message"]) from None
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


class _PageError(Exception):
    """The request as a whole cannot be read (too large): shown on the page."""


@router.get("/", response_class=HTMLResponse)
def page(lang: LangParam = "zh") -> HTMLResponse:
    return _page(lang)


@router.post("/page/decide", response_class=HTMLResponse)
async def page_decide(request: Request, lang: LangParam = "zh") -> HTMLResponse:
    try:
        form = await _form(request, 2 * MAX_BODY_BYTES)
    except _PageError as exc:
        return _page(lang, file_error=str(exc))
    pasted = (form.get("applicant_json") or [""])[0].strip()
    data: Any
    if pasted:
        data, values = pasted, None
    else:
        data = applicant_data(form)
        values = form_values(form)
    try:
        applicant = parse_applicant(data)
    except InvalidFactsError as exc:
        errors = _error_list(exc.errors, lang)
        return _page(
            lang,
            values=values or _pasted_values(pasted),
            pasted=pasted,
            errors=errors,
            bad_paths={e["path"] for e in errors},
        )
    report, decision_json = await run_in_threadpool(_decide, applicant, lang, request)
    facts_json = applicant.model_dump_json(indent=2, exclude_defaults=True)
    name = applicant.applicant_id or "decision"
    downloads = [
        ("download_report", f"{name}.html", _data_url("text/html", report.encode("utf-8"))),
        (
            "download_json",
            f"{name}.json",
            _data_url("application/json", decision_json.encode("utf-8")),
        ),
    ]
    facts = json.loads(facts_json)
    not_in_form = beyond_form(facts)
    return _page(
        lang,
        # Facts the form cannot hold are not laid out in it: deciding the form again
        # would drop them. The pasted JSON keeps them, and the page says which they are.
        values=applicant_values(facts) if not not_in_form else _EMPTY_FORM,
        not_in_form=not_in_form,
        pasted=pasted or facts_json,
        report=report,
        downloads=downloads,
    )


def _pasted_values(pasted: str) -> dict[str, Any]:
    try:
        data = json.loads(pasted)
    except ValueError:
        data = None
    if isinstance(data, dict) and not beyond_form(data):
        return applicant_values(data)
    return _EMPTY_FORM


def _decide(applicant: Applicant, lang: str, request: Request) -> tuple[str, str]:
    explanation = explain(applicant)
    log: DecisionLog | None = request.app.state.decision_log
    if log is not None:
        log.write("page", explanation.decision, explanation.decision.input_hash)
    report = render(explanation, lang=lang, format="html", applicant=applicant)
    return report, explanation.decision.model_dump_json(indent=2)


@router.post("/page/file", response_class=HTMLResponse)
async def page_file(request: Request, lang: LangParam = "zh") -> HTMLResponse:
    limit: int = request.app.state.max_batch_bytes
    try:
        # base64 is 4 bytes for 3: the file's own limit is the batch endpoint's.
        form = await _form(request, limit * 4 // 3 + 4096)
    except _PageError as exc:
        return _page(lang, file_error=str(exc))
    name = (form.get("file_name") or [""])[0] or "upload.jsonl"
    try:
        content = base64.b64decode((form.get("file_base64") or [""])[0], validate=True)
    except (binascii.Error, ValueError):
        return _page(lang, file_error=f"{name}: the upload did not arrive whole; try again")
    if not content.strip():
        return _page(lang, file_error=f"{name}: the file is empty")
    try:
        result: BatchResult = await run_in_threadpool(decide_file, name, content)
    except UploadError as exc:
        return _page(lang, file_error=str(exc))
    stem = name.rsplit(".", 1)[0] or "decisions"
    downloads = [("download_csv", f"{stem}-decisions.csv", _data_url("text/csv", result.csv()))]
    xlsx = result.xlsx()
    if xlsx is not None:
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        downloads.append(("download_xlsx", f"{stem}-decisions.xlsx", _data_url(media, xlsx)))
    return _page(lang, batch=result, file_name=name, downloads=downloads)
