"""How much a request may carry, and reading a body within that bound.

One applicant, change request or record state is at most the library's own limit
(`input_limits.MAX_JSON_CHARACTERS` characters); a character is at most 4 bytes of
UTF-8, so a body of `MAX_BODY_BYTES` holds anything the library accepts, and a larger
one is refused with 413 before it is read. What lies between (more characters than the
library takes, in fewer bytes) reaches the library, which names the limit in a 422.
A batch is read whole before its first decision is written (a client that sends the
whole body before reading the answer, as most do, would otherwise stall both sides on
a full socket), so it has its own, larger bound.
"""

from __future__ import annotations

from fastapi import Request

from origin_rules.input_limits import MAX_JSON_CHARACTERS
from origin_rules.serve.errors import ApiError

MAX_BODY_BYTES = 4 * MAX_JSON_CHARACTERS  # 1 MiB: one applicant, request or state
DEFAULT_MAX_BATCH_BYTES = 64 * 1024 * 1024  # a JSON Lines batch (~30,000 applicants)


def too_large(limit: int, what: str) -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"the body of {what} is at most {limit:,} bytes",
    )


async def read_limited(request: Request, limit: int, what: str) -> bytes:
    """The request's body, refused with 413 as soon as it is known to exceed `limit`:
    from its Content-Length before reading, or while reading a chunked body."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large(limit, what)
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit, what)
        parts.append(chunk)
    return b"".join(parts)
