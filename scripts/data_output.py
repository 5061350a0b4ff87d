"""Writing the generated data files, or checking the committed ones against a rebuild:
shared by the division builds (scripts/build_divisions.py, build_division_changes.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path


def write_or_check(
    files: Mapping[str, bytes], stats: Mapping[str, int], output: Path, *, check: bool
) -> int:
    """With `check`, compare each rebuilt file with the committed one by sha256 and return
    1 if any differs (0 if none); otherwise write them and print the build's figures."""
    if check:
        differs = False
        for name, content in sorted(files.items()):
            path = output / name
            built = hashlib.sha256(content).hexdigest()
            committed = (
                hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "(missing)"
            )
            status = "ok" if committed == built else "DIFFERS"
            differs = differs or committed != built
            print(f"{status}: {path}\n  committed sha256 {committed}\n  rebuilt   sha256 {built}")
        return 1 if differs else 0
    output.mkdir(parents=True, exist_ok=True)
    for name, content in sorted(files.items()):
        (output / name).write_bytes(content)
        print(f"wrote {output / name} ({len(content):,} bytes)")
    for key, value in sorted(stats.items()):
        print(f"  {key}: {value:,}")
    return 0
