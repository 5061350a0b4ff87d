"""Reading a request's JSON body and writing a result in the format asked for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel

from origin_rules.errors import InvalidOptionError
from origin_rules.input_limits import JsonTextError, load_json_text
from origin_rules.serve.errors import ApiError, json_error
from origin_rules.serve.limits import MAX_BODY_BYTES, read_limited

MEDIA_TYPES = {
    "json": "application/json",
    "text": "text/plain; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


async def json_body(request: Request, what: str) -> Any:
    """The body parsed as JSON (400 if it is not JSON, 413 if it is too large). What it
    holds is the library's to check: it names every problem with its field path."""
    raw = await read_limited(request, MAX_BODY_BYTES, what)
    try:
        return load_json_text(raw)
    except JsonTextError as exc:
        raise json_error(exc) from None


def rendered(
    result: BaseModel, fmt: str, lang: str, render: Callable[..., str], what: str
) -> Response:
    """`result` as JSON (the model's own dump), or rendered for people by `render`."""
    if fmt == "json":
        return Response(result.model_dump_json(), media_type=MEDIA_TYPES["json"])
    try:
        text = render(result, lang=lang, format=fmt)
    except InvalidOptionError as exc:
        # The renderer says which formats it knows: an installation without the HTML
        # report answers 406, naming what it can give instead.
        raise ApiError(
            406,
            "format_unavailable",
            f"format={fmt}: this installation cannot render {what} as {fmt} ({exc}); "
            "ask for json, text or md",
        ) from None
    return Response(text, media_type=MEDIA_TYPES[fmt])
