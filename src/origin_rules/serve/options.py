"""The query options, as `origin-rules decide` and its siblings take them:
`decision_date`, `interpretation` (ID=READING, repeatable), `engine`, `ruleset`, and for
what is written for people `format` and `lang`. Each is checked before the body is read:
an unknown interpretation, reading, engine or ruleset is 400, naming it."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query

from origin_rules.ruleset.bundled import bundled_readings, bundled_rulesets
from origin_rules.serve.errors import ApiError

Engine = Literal["durable", "python"]
Lang = Literal["zh", "en"]
Format = Literal["json", "text", "md", "html"]

DATE_HELP = "decide as of this day (default: the applicant's decision_date, else the ruleset's)"
INTERPRETATION_HELP = (
    "ID=READING: a reading other than the default for an open point of the guide "
    "(repeatable); GET /v1/rulesets/{id} lists them"
)
RULESET_HELP = "a bundled ruleset's id (default: the one that governs the applicant's cohort)"
FORMAT_HELP = (
    "json (the default, both languages), text or md (Markdown) in `lang`, html (a "
    "self-contained report, where this installation renders it; else 406)"
)
LANG_HELP = "language of text, md and html: zh (the default) or en"

# A day as YYYY-MM-DD only (FastAPI's own parsing would take "0" as 1970-01-01).
# The years a fact's date may have (input_limits.EARLIEST_DATE to LATEST_DATE).
ISO_DAY = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
DecisionDate = Annotated[str | None, Query(description=DATE_HELP, pattern=ISO_DAY)]
Interpretations = Annotated[list[str] | None, Query(description=INTERPRETATION_HELP)]
RulesetId = Annotated[str | None, Query(description=RULESET_HELP)]
FormatQuery = Annotated[Format, Query(description=FORMAT_HELP)]
LangQuery = Annotated[Lang, Query(description=LANG_HELP)]


@dataclass(frozen=True)
class DecisionOptions:
    decision_date: date | None
    interpretations: dict[str, str]
    engine: str
    ruleset: str | None

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments `decide_origin`, `decide_verdict` and `explain` share."""
        return {
            "decision_date": self.decision_date,
            "interpretations": self.interpretations,
            "engine": self.engine,
            "ruleset": self.ruleset,
        }


def readings(
    given: list[str] | None, declared: Mapping[str, Collection[str]], of: str
) -> dict[str, str]:
    """`ID=READING` strings as a mapping, each one declared by `of`; else 400."""
    chosen: dict[str, str] = {}
    for text in given or ():
        interp_id, sep, reading = (part.strip() for part in text.partition("="))
        if not sep or not interp_id or not reading:
            raise ApiError(
                400, "invalid_option", f"interpretation: expected ID=READING, got {text!r}"
            )
        if interp_id not in declared:
            raise ApiError(
                400,
                "invalid_option",
                f"interpretation {interp_id!r} is not declared by {of}; known: "
                f"{', '.join(sorted(declared))}",
            )
        if reading not in declared[interp_id]:
            raise ApiError(
                400,
                "invalid_option",
                f"interpretation {interp_id}: {reading!r} is not one of "
                f"{', '.join(sorted(declared[interp_id]))}",
            )
        chosen[interp_id] = reading
    return chosen


def day(text: str | None, name: str) -> date | None:
    """A query's day (YYYY-MM-DD, as the pattern has it), or 400 if there is no such day."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ApiError(
            400,
            "invalid_option",
            f"{name}: expected a day as YYYY-MM-DD, got {text!r}",
            fields=[{"path": f"query.{name}", "message": "no such day", "value": text}],
        ) from None


def decision_options(
    decision_date: str | None, interpretation: list[str] | None, engine: str, ruleset: str | None
) -> DecisionOptions:
    if ruleset is not None and ruleset not in bundled_rulesets():
        raise ApiError(
            400,
            "invalid_option",
            f"ruleset: {ruleset!r} is not one of {sorted(bundled_rulesets())}",
        )
    chosen = readings(interpretation, bundled_readings(), "the bundled rulesets")
    return DecisionOptions(day(decision_date, "decision_date"), chosen, engine, ruleset)
