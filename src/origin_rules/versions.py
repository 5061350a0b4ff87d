"""The versions a decision records besides its ruleset's, so that it can be replayed
years later: the library's, and the division data's (what a recorded place code is
taken to be on the decision date depends on it)."""

from __future__ import annotations

import hashlib
import threading
from importlib.resources import files

from origin_rules.decision import Versions
from origin_rules.divisions import Divisions
from origin_rules.divisions.registry import default_registry
from origin_rules.divisions.shipped_data import (
    CHANGES_FILE,
    DIVISIONS_FILE,
    EXTRA_DIVISIONS_FILE,
    TOWNSHIPS_FILE,
)

# The files the bundled registry reads (origin_rules.divisions.shipped_data).
DIVISION_DATA_FILES = (CHANGES_FILE, DIVISIONS_FILE, EXTRA_DIVISIONS_FILE, TOWNSHIPS_FILE)

_lock = threading.Lock()
_bundled: Versions | None = None
_own: Versions | None = None


def decision_versions(divisions: Divisions | None) -> Versions:
    """The versions of a decision made with `divisions` (None: the bundled registry).
    Division data the caller passes is the caller's to identify: None is recorded."""
    global _bundled, _own
    if divisions is not None and divisions is not default_registry():
        if _own is None:
            _own = Versions(library=library_version(), division_data=None)
        return _own
    found = _bundled
    if found is None:
        with _lock:
            found = _bundled
            if found is None:
                found = Versions(library=library_version(), division_data=division_data_hash())
                _bundled = found
    return found


def library_version() -> str:
    # Read when first needed: the package imports this module while it is initialised.
    from origin_rules import __version__

    return __version__


def division_data_hash() -> str:
    """ "sha256:" of the bundled division data: the files the registry reads, in name
    order, each as its name, a NUL, its size in bytes, a NUL and its bytes. Their header
    lines name their sources and pinned versions (scripts/build_divisions.py), so the
    hash stands for all of those."""
    digest = hashlib.sha256()
    data = files("origin_rules.divisions") / "data"
    for name in sorted(DIVISION_DATA_FILES):
        content = (data / name).read_bytes()
        digest.update(f"{name}\0{len(content)}\0".encode())
        digest.update(content)
    return "sha256:" + digest.hexdigest()
