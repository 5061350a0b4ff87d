"""A decision's input hash: "sha256:" of the facts as given, in RFC 8785 canonical JSON.

RFC 8785 sorts object keys by UTF-16 code units, writes numbers as ECMAScript does and
escapes only `"`, `\\` and control characters (as \\b \\t \\n \\f \\r, else \\u00xx),
leaving every other character as it is, in UTF-8. For what an applicant's JSON can hold
(fixed ASCII field names, strings, booleans, null, integers far below 2**53, no floats:
tests/test_input_hash.py checks the schema) that is exactly orjson's sorted compact
encoding: it sorts keys by UTF-8 bytes (the same order as UTF-16 code units for ASCII
keys), escapes `"`, `\\` and control characters as RFC 8785 does, and writes every other
character (DEL, U+2028/2029, beyond the BMP) as it is. The same test compares the bytes
with the `rfc8785` package's on generated applicants, hostile strings and every
character below U+0080.
"""

from __future__ import annotations

import hashlib

import orjson

from origin_rules.facts import Applicant


def facts_hash(applicant: Applicant) -> str:
    """ "sha256:" of the facts as given, in RFC 8785 canonical JSON, with every field
    that holds its default value left out: independent of key order and formatting, of
    whether a default was stated or omitted, and unchanged when a later version adds an
    optional field (its default is left out too). docs/integrators.md says more."""
    return "sha256:" + hashlib.sha256(canonical_json(applicant)).hexdigest()


def canonical_json(applicant: Applicant) -> bytes:
    """The applicant's facts as RFC 8785 canonical JSON (UTF-8), defaults left out.

    The facts are dumped by the applicant's own pydantic-core serializer (the model's
    class: a caller's subclass has fields of its own), as `model_dump(mode="json",
    exclude_defaults=True)` does, without its Python wrapper. An `Applicant` itself is
    dumped as Python values, a third cheaper: its fields hold only strings, integers,
    booleans, None, dates (in the plausible range, four-digit years) and string
    enumerations, which orjson writes as the JSON mode does (YYYY-MM-DD, the value)."""
    cls = type(applicant)
    if cls is Applicant:
        # Without pydantic's serialisation warnings, which check each value's type against
        # its field's (a tenth of the dump): an `Applicant` the library is given has been
        # validated (or is the caller's `model_construct`, written as pydantic writes it).
        given = _APPLICANT_SERIALIZER.to_python(applicant, exclude_defaults=True, warnings=False)
    else:
        given = cls.__pydantic_serializer__.to_python(applicant, mode="json", exclude_defaults=True)
    return orjson.dumps(given, option=orjson.OPT_SORT_KEYS)


_APPLICANT_SERIALIZER = Applicant.__pydantic_serializer__
