"""A change request (生源信息修改申请): the verified record, the corrections asked for,
and for a change of origin the graduate's facts before and after, so that both can be
decided by `decide_origin`.

`parse_request` checks the shape (pydantic) and then the request against the change
policy: fields, reasons and evidence it declares, values of the right form for their
field, no field corrected twice, the facts a change of origin needs. Every problem is
reported at once with its path (`corrections.0.reason`) and the value found; an ID
number is masked in an error as everywhere else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from origin_rules.changes.policy import ChangesPolicy
from origin_rules.changes.record import GraduateRecord
from origin_rules.errors import FactError, InvalidFactsError, OriginRulesError
from origin_rules.facts import Applicant, Day, parse_applicant
from origin_rules.identity import mask_number

__all__ = ["ChangeRequest", "Correction", "InvalidRequestError", "parse_request"]

_APPLICANTS = ("applicant_before", "applicant_after")


class InvalidRequestError(OriginRulesError, ValueError):
    """The change request is malformed. `errors` lists every problem, not just the first."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"{len(errors)} problem(s) in the change request:\n{lines}")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Correction(_In):
    """One field to correct: the value on record (`old`, optional: the record says it),
    the corrected value, the reason (a reason id of the policy) and the evidence
    supplied (evidence ids)."""

    field: str = Field(description="a field id of the change policy, e.g. origin, name")
    old: str | None = Field(default=None, min_length=1, repr=False)
    new: str = Field(min_length=1, repr=False)
    reason: str | None = Field(default=None, description="a reason id, e.g. name_change")
    evidence: tuple[str, ...] = Field(default=(), description="evidence ids supplied")


class ChangeRequest(_In):
    request_id: str | None = None
    verified: StrictBool = Field(description="生源校对 is complete (the record is verified)")
    record: GraduateRecord
    corrections: tuple[Correction, ...] = Field(min_length=1)
    applicant_before: Applicant | None = Field(
        default=None, description="the facts the verified origin was decided from"
    )
    applicant_after: Applicant | None = Field(
        default=None, description="the facts as corrected, for a change of origin"
    )
    request_date: Day | None = Field(
        default=None,
        description="the day of the request: the corrected facts are decided as of this day",
    )


def parse_request(data: Any, policy: ChangesPolicy) -> ChangeRequest:
    """A `ChangeRequest` from JSON-like data, or `InvalidRequestError` listing every
    problem with its path."""
    request = data if isinstance(data, ChangeRequest) else _shape(data)
    errors = _against_policy(request, policy)
    if errors:
        raise InvalidRequestError(errors)
    return request


def _shape(data: Any) -> ChangeRequest:
    if not isinstance(data, Mapping):
        raise InvalidRequestError(
            [FactError("(root)", "a change request is a JSON object", type(data).__name__)]
        )
    errors: list[FactError] = []
    rest = dict(data)
    for key in _APPLICANTS:
        if rest.get(key) is None:
            continue
        try:
            rest[key] = parse_applicant(rest[key])
        except InvalidFactsError as exc:
            errors.extend(FactError(f"{key}.{e.path}", e.message, e.value) for e in exc.errors)
            rest[key] = None
    try:
        request = ChangeRequest.model_validate(rest)
    except ValidationError as exc:
        errors = [*(_error(err, data) for err in exc.errors(include_url=False)), *errors]
        raise InvalidRequestError(errors) from None
    if errors:
        raise InvalidRequestError(errors)
    return request


def _error(err: Any, data: Mapping[str, Any]) -> FactError:
    loc = tuple(err["loc"])
    path = ".".join(str(p) for p in loc) or "(root)"
    value = err.get("input")
    if err["msg"] == "Field required":
        value = None
    elif _is_id_number(loc, data) and isinstance(value, str | int):
        value = mask_number(str(value))
    elif isinstance(value, Mapping | list):
        value = None  # the enclosing object: its path says where; do not copy it out
    return FactError(path, err["msg"], value)


def _is_id_number(loc: tuple[Any, ...], data: Mapping[str, Any]) -> bool:
    if loc[:2] == ("record", "id_number"):
        return True
    if len(loc) >= 3 and loc[0] == "corrections" and loc[2] in ("old", "new"):
        try:
            return bool(data["corrections"][loc[1]]["field"] == "id_number")
        except (KeyError, IndexError, TypeError):
            return True  # cannot tell: mask
    return False


# What a value must look like, by the field's value kind (an ID number is checked by
# `decide_change`, which says in words what is wrong with it).
_FORMS: Mapping[str, tuple[re.Pattern[str], str]] = {
    "division_code": (re.compile(r"[0-9]{6}"), "a six-digit division code, e.g. 440113"),
    "gender": (re.compile(r"男|女"), "男 or 女"),
    "month": (re.compile(r"[1-9]|1[0-2]"), "a month, 1 to 12"),
    "year": (re.compile(r"(19|20|21)[0-9]{2}"), "a year, e.g. 2022"),
}


def _against_policy(request: ChangeRequest, policy: ChangesPolicy) -> list[FactError]:
    errors: list[FactError] = []
    seen: dict[str, int] = {}
    for i, c in enumerate(request.corrections):
        at = f"corrections.{i}"
        field = policy.fields.get(c.field)
        if field is None:
            errors.append(
                FactError(f"{at}.field", f"unknown field; one of {sorted(policy.fields)}", c.field)
            )
            continue
        if c.field in seen:
            errors.append(
                FactError(
                    f"{at}.field", f"corrected twice (also corrections.{seen[c.field]})", c.field
                )
            )
        seen.setdefault(c.field, i)
        if c.reason is not None and c.reason not in policy.reasons:
            errors.append(
                FactError(
                    f"{at}.reason", f"unknown reason; one of {sorted(policy.reasons)}", c.reason
                )
            )
        for j, evidence in enumerate(c.evidence):
            if evidence not in policy.evidence:
                errors.append(
                    FactError(
                        f"{at}.evidence.{j}",
                        f"unknown evidence; one of {sorted(policy.evidence)}",
                        evidence,
                    )
                )
        form = _FORMS.get(field.value)
        for key in ("old", "new"):
            value = getattr(c, key)
            if form is not None and value is not None and not form[0].fullmatch(value):
                errors.append(FactError(f"{at}.{key}", f"must be {form[1]}", value))
        if field.value == "division_code":
            for key in _APPLICANTS:
                if getattr(request, key) is None:
                    errors.append(
                        FactError(
                            key,
                            "a change of origin needs the graduate's facts before and after "
                            "the change (an applicant, as for decide_origin)",
                        )
                    )
    return errors
