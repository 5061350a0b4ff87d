"""What `decide_origin` returns: the outcome, the origin and the trace that justifies it.

Everything here is plain data (pydantic, JSON in and out), so a decision can be stored,
sent to another system, and replayed: it carries the hashes of the ruleset and of the
input facts, the options chosen, the engine that evaluated the rules, and the versions
of the library and of the division data that made it.

A decision made by `decide_origin` computes its explanation when first asked for it
(see `Decision`): what it holds, compares and serialises is the same either way.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, PrivateAttr

from origin_rules.ruleset.model import Outcome


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def built(cls: type[_M], **fields: Any) -> _M:
    """An output model the library builds from values it has already checked, every
    field given, without validating them again (as `model_construct`, at a third of its
    cost): equal to `cls(**fields)`, and serialised the same."""
    return built_from(cls, fields)


def built_from(cls: type[_M], fields: dict[str, Any]) -> _M:
    """`built(cls, **fields)`, from a dict of the fields the caller has made (and does
    not keep: the model holds it)."""
    model = _new(cls)
    _set_dict(model, fields)
    _set_fields_set(model, set(fields))
    _set_extra(model, None)
    _set_private(model, None)
    return model


def local_text(zh: str, en: str) -> LocalText:
    """`built(LocalText, zh=zh, en=en)`, without the keyword arguments' dict: a
    decision's texts are many of its models."""
    return built_from(LocalText, {"zh": zh, "en": en})


_M = TypeVar("_M", bound=_Out)
# The setters of the attributes every pydantic model has (BaseModel's slots and its
# instance dict), called directly: a third cheaper than `object.__setattr__` by name,
# and past the frozen models' guard alike.
_set_dict: Any = BaseModel.__dict__["__dict__"].__set__
_set_fields_set: Any = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra: Any = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private: Any = BaseModel.__dict__["__pydantic_private__"].__set__
_new = object.__new__  # pydantic models have no `__new__` of their own


class LocalText(_Out):
    zh: str
    en: str


class Origin(_Out):
    code: str
    level: str
    name: str | None = None  # as written on the record
    full_name: str | None = None  # from the division registry, where it knows the code
    # The code on the record, where the division has changed since (the origin is stated
    # as the division in force on the decision date).
    recorded_code: str | None = None


class ClauseRef(_Out):
    id: str
    section: str
    text: str


class TraceStep(_Out):
    rule: str
    role: Literal["decided", "noted", "overridden", "concurs", "outranked"]
    clause: ClauseRef
    title: LocalText
    facts: dict[str, str | bool]  # the prepared facts its condition tested, with their values
    interpretations: tuple[str, ...]  # interpretations its condition names
    text: LocalText


class InterpretationUse(_Out):
    id: str
    reading: str
    is_default: bool
    question: LocalText
    reading_text: LocalText


class MissingFactOut(_Out):
    fact: str
    text: LocalText


class Reason(_Out):
    code: str
    text: LocalText


class RulesetRef(_Out):
    id: str
    version: str
    content_hash: str


class Options(_Out):
    decision_date: date
    interpretations: dict[str, str]  # every interpretation with the reading used


class Versions(_Out):
    """What else a replay needs besides the ruleset: the library's version and the
    division data's, since both can change what a recorded place is taken to be."""

    library: str  # origin_rules.__version__
    # "sha256:" of the bundled division data files (origin_rules/divisions/data), or
    # None when the call passed its own `divisions`.
    division_data: str | None


class Deferred(Protocol):
    """Computes a decision's deferred fields (`DEFERRED_FIELDS`) when first asked for."""

    def compute(self, field: str) -> Any: ...  # one of them, read on its own

    def compute_all(self) -> dict[str, Any]: ...  # every one, by name


# The fields a decision may compute when first read: its explanation (trace texts,
# reasons, missing facts' texts, the interpretations relied on) and the input hash.
# Together they are most of a decision's cost, and a caller reading only the outcome
# and the origin never needs them.
DEFERRED_FIELDS = frozenset({"trace", "interpretations", "missing_facts", "reasons", "input_hash"})


class Decision(_Out):
    """A decision, as plain data.

    One made by `decide_origin` computes the fields in `DEFERRED_FIELDS` the first time
    any of them is read, or when the decision is serialised, compared, copied, pickled
    or printed: from then on it is an ordinary frozen model, equal to one validated
    from its own JSON. Nothing it computes depends on when it is asked.
    """

    applicant_id: str | None
    outcome: Outcome
    origin: Origin | None
    decided_by: str | None
    trace: tuple[TraceStep, ...]
    interpretations: tuple[InterpretationUse, ...]  # those the decision relied on
    missing_facts: tuple[MissingFactOut, ...]
    reasons: tuple[Reason, ...]
    candidate_origins: tuple[Origin, ...]
    ruleset: RulesetRef | None
    input_hash: str
    options: Options | None
    engine: str
    # None in decisions stored by 0.1.0, which did not record it.
    versions: Versions | None = None

    # What computes the deferred fields not yet in `__dict__`; None once all are there.
    _deferred: Deferred | None = PrivateAttr(default=None)

    @classmethod
    def deferring(cls, deferred: Deferred, fields: dict[str, Any]) -> Decision:
        """A decision whose `DEFERRED_FIELDS` `deferred` computes when first asked for;
        every other field is given in `fields` (which the decision holds: the caller
        does not keep it), already built from checked values (not validated again: the
        library builds them itself)."""
        decision = cls.__new__(cls)
        _set_dict(decision, fields)
        _set_fields_set(decision, _ALL_FIELDS_SET.copy())  # its own, copied (no hashing)
        _set_extra(decision, None)
        _set_private(decision, {"_deferred": deferred})
        return decision

    # Everything that reads a model's fields as a whole reads `__dict__`: pydantic's
    # serialisation (model_dump, model_dump_json, a decision inside another model or a
    # TypeAdapter), ==, hash, copy, repr, iteration, pickling. Reading it through this
    # property first computes the deferred fields, so all of those see a complete
    # decision. (Reading one field, `decision.outcome`, does not come here.)
    def _filled_fields(self) -> dict[str, Any]:
        self._fill()
        fields: dict[str, Any] = _RAW_DICT.__get__(self)
        return fields

    def _set_fields(self, fields: dict[str, Any]) -> None:
        _RAW_DICT.__set__(self, fields)

    __dict__ = property(_filled_fields, _set_fields)

    def _fill(self) -> bool:
        """Compute every deferred field still missing; True if this completed a decision
        the library made (`deferring`), which then holds only models the library built."""
        private = self.__pydantic_private__
        deferred = private.get("_deferred") if private else None
        if deferred is None:
            return False
        fields = _RAW_DICT.__get__(self)
        if fields.keys().isdisjoint(DEFERRED_FIELDS):  # none read on its own: the usual
            # A field another thread computed meanwhile is kept (`fields` last); one it
            # computes later is equal to the one kept.
            fields = deferred.compute_all() | fields
        else:
            for name in DEFERRED_FIELDS:
                if name not in fields:
                    fields.setdefault(name, deferred.compute(name))
        self._complete(fields)
        return True

    def _complete(self, fields: dict[str, Any]) -> None:
        """With every field in `fields`: make them the decision's, in declaration order
        (the order pydantic serialises them in, so the JSON is the same whichever was
        computed first), and drop what computed them. The new dict replaces the old one
        whole, so a reader in another thread sees one or the other, each with every
        field it read."""
        # Each field's value put in its place in a copy of the keys in order (a copy keeps
        # the order, and `update` keeps a key where it is).
        complete = _FIELDS_IN_ORDER.copy()
        complete.update(fields)
        if len(fields) != len(complete) or len(complete) != len(_DECISION_FIELDS):
            raise RuntimeError(
                f"a decision's fields are {sorted(_DECISION_FIELDS)}, not {sorted(fields)}"
            )
        _RAW_DICT.__set__(self, complete)
        self.__pydantic_private__["_deferred"] = None  # type: ignore[index]

    if not TYPE_CHECKING:
        # Only a field not in `__dict__` gets here (one already computed is found first);
        # kept from type checkers, so that a misspelt attribute is still an error.
        def __getattr__(self, name: str) -> Any:
            if name in DEFERRED_FIELDS:
                fields = _RAW_DICT.__get__(self)
                if name in fields:
                    return fields[name]
                private = self.__pydantic_private__
                deferred = private.get("_deferred") if private else None
                if deferred is None:
                    # Completed by another thread since: its new dict has every field.
                    fields = _RAW_DICT.__get__(self)
                    if name in fields:
                        return fields[name]
                    raise AttributeError(name)
                value = fields.setdefault(name, deferred.compute(name))
                if DEFERRED_FIELDS.issubset(fields):
                    self._complete(fields)
                return value
            return super().__getattr__(name)

    # These compare or copy the private attributes before reading `__dict__`: complete
    # the decision first, so that what computed it is not compared or pickled.
    def __eq__(self, other: object) -> bool:
        self._fill()
        if isinstance(other, Decision):
            other._fill()
        return super().__eq__(other)

    def __getstate__(self) -> dict[Any, Any]:
        self._fill()
        return super().__getstate__()

    def model_dump_json(self, **options: Any) -> str:
        """As pydantic's, the same text; without options, a decision of this class is
        written by orjson from its fields (about half the cost: what a system storing
        decisions pays for on every one). tests/test_decision_json.py compares the two."""
        if options or type(self) is not Decision:
            return super().model_dump_json(**options)
        try:
            # A decision the library has just completed holds only the output models it
            # built (its fields are frozen): their fields are read without a Python call
            # (`_model_fields`); any other decision's are checked as they are read.
            fields_of = _model_fields if self._fill() else _output_fields
            return orjson.dumps(_RAW_DICT.__get__(self), default=fields_of).decode()
        except orjson.JSONEncodeError:  # what orjson refuses, pydantic says why
            return super().model_dump_json()


# The instance dict as Python stores it, bypassing `Decision.__dict__`.
_RAW_DICT: Any = BaseModel.__dict__["__dict__"]
# Any pydantic model's instance dict, read in C (a TypeError for anything else, which
# orjson reports and `model_dump_json` hands to pydantic).
_model_fields: Any = _RAW_DICT.__get__
_DECISION_FIELDS = tuple(Decision.model_fields)
# Copied into each decision as its fields set (a set: pydantic's `model_copy` adds to it).
_ALL_FIELDS_SET = set(_DECISION_FIELDS)
# Every field's name in declaration order (the values are replaced, `_complete`).
_FIELDS_IN_ORDER: dict[str, Any] = dict.fromkeys(_DECISION_FIELDS)


def _output_fields(model: object) -> dict[str, Any]:
    """An output model inside a decision, for orjson: its fields as pydantic writes
    them, in the order of its `__dict__` (declaration order, unless `built` was given
    another: pydantic keeps that order too). orjson calls it for every model a decision
    holds (a dozen or more), so it does no more than that: a decision's `__dict__` is
    its complete fields (`_filled_fields`), any other model's its instance dict."""
    if type(model) not in _OUTPUT_MODELS:
        raise TypeError(f"not an output model: {type(model).__name__}")
    fields: dict[str, Any] = model.__dict__
    return fields


# The models a decision holds (exactly these classes: a subclass may serialise otherwise).
_OUTPUT_MODELS = frozenset(
    (
        LocalText,
        Origin,
        ClauseRef,
        TraceStep,
        InterpretationUse,
        MissingFactOut,
        Reason,
        RulesetRef,
        Options,
        Versions,
        Decision,
    )
)
