"""Read the CC0 dataset yescallop/areacodes: its year-end code tables and `area-diff` files.

Used by scripts/build_division_changes.py (the committed successor table) and by the
tests that re-derive it. Nothing here is imported by the library.

The dataset's `diff-spec.md` defines the format; in short, `diff/Y-(Y+1).diff` holds,
for each record (code and name) of the table `data/Y.txt` that is not in
`data/(Y+1).txt`, a deletion line `-CODE NAME>SELECTORS`: the selectors pick every record
of the next table whose territory (not covered by its own children) intersects the old
record's. Addition lines `+CODE NAME<SELECTORS` do the same the other way, transfer lines
`=CODE NAME>…`/`<…` describe records that lost or gained territory but stayed. A run of
comment lines (`#`) describes the change lines right after it; its `文号：` metadata lines
give the approval documents.

Selectors: a name (`崇川区`, or a name prefixed by its parent's, `长春市朝阳区`), `_` (the
line's own name), `.` (the line's own code), `..` (the code of the line's parent);
followed by `?` the selector is disabled (doubtful), by `!` it is valid though the change
was not announced.

Only facts are read: codes, names, years, the selected records and document numbers.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

# The snapshot the committed table was derived from (`git rev-parse HEAD` of the copy).
PINNED_COMMIT: Final = "eed219a0678d36bacaa717f62443b10e869f0291"
DEFAULT_COPY: Final = Path("/work/.mirror/yescallop+areacodes/repo")
FIRST_YEAR: Final = 1981
# The spec's root record, the parent of every province, in every table.
ROOT: Final = "000000"
ROOT_NAME: Final = "中华人民共和国"

_CHANGE_LINE: Final = re.compile(r"^([-+=])(\d{6}) ([^<>\s]+)(?:([<>])(.*))?$")
_DOCUMENT_LINE: Final = re.compile(r"^#\s*文号[：:]\s*(\S.*?)\s*$")
# A State Council approval cited in a description (the provincial notice that carries the
# 文号 often rests on it): a document number, kept with the others.
_STATE_COUNCIL: Final = re.compile(r"国函〔\d{4}〕\d+号")


class AreacodesError(Exception):
    """The copy cannot be read, or a line does not follow the area-diff rules."""


class Copy:
    """A local copy of the repository: a bare git directory or a plain checkout."""

    def __init__(self, path: Path, commit: str = PINNED_COMMIT) -> None:
        self.path = path
        self.commit = commit
        if (path / "data").is_dir() and (path / "diff").is_dir():
            self.git = False
        elif (path / "HEAD").exists() or (path / ".git").exists():
            self.git = True
        else:
            raise AreacodesError(f"{path}: not a copy of yescallop/areacodes (no data/, diff/)")

    def describe(self) -> str:
        return f"yescallop/areacodes@{self.commit[:12]}" if self.git else str(self.path)

    def read(self, name: str) -> str:
        if not self.git:
            file = self.path / name
            if not file.exists():
                raise AreacodesError(f"{file}: missing")
            return file.read_text(encoding="utf-8")
        result = subprocess.run(
            ["git", "-C", str(self.path), "show", f"{self.commit}:{name}"],
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise AreacodesError(
                f"{self.path}: cannot read {name} at {self.commit}: "
                f"{result.stderr.decode('utf-8', 'replace').strip()}"
            )
        return result.stdout.decode("utf-8")

    def last_year(self) -> int:
        year = FIRST_YEAR
        while self.exists(f"data/{year + 1}.txt"):
            year += 1
        return year

    def exists(self, name: str) -> bool:
        if not self.git:
            return (self.path / name).exists()
        result = subprocess.run(
            ["git", "-C", str(self.path), "cat-file", "-e", f"{self.commit}:{name}"],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0


Table = dict[str, str]  # code -> name


def parse_table(text: str, where: str) -> Table:
    table: Table = {ROOT: ROOT_NAME}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 2 or len(parts[0]) != 6 or not parts[0].isdigit():
            raise AreacodesError(f"{where}:{number}: not a record: {line!r}")
        if parts[0] in table:
            raise AreacodesError(f"{where}:{number}: {parts[0]} twice")
        table[parts[0]] = parts[1]
    return table


def level(code: str) -> int:
    """1 province, 2 prefecture, 3 county (the spec's 一级, 二级, 三级); 0 the root."""
    if code == ROOT:
        return 0
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def parent(code: str, table: Mapping[str, str]) -> str | None:
    """The spec's parent record: the prefecture with the code's first four digits, else
    the province; the root for a province; None for the root."""
    if code == ROOT:
        return None
    if level(code) == 1:
        return ROOT
    if level(code) == 3 and code[:4] + "00" in table:
        return code[:4] + "00"
    return code[:2] + "0000"


@dataclass(frozen=True)
class Selected:
    code: str
    flag: str  # "" plain, "!" valid though unannounced, "?" disabled (doubtful)


@dataclass(frozen=True)
class ChangeLine:
    sign: str  # "-", "+", "="
    code: str
    name: str
    direction: str  # ">" towards the target table, "<" from the source table, "" none
    selected: tuple[Selected, ...]  # resolved; "?" ones keep the code they would name, if any
    documents: tuple[str, ...]
    number: int


def _select_name(value: str, own_code: str, own: Table, other: Table, where: str) -> str | None:
    """The spec's name selector: `value` in `other`, seen from the record `own_code` of
    `own`. None if nothing fits (a disabled selector may name nothing)."""
    matches = [code for code, name in other.items() if name == value]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        up = parent(own_code, own)
        if up is None or up not in own:
            raise AreacodesError(f"{where}: {value} is ambiguous and {own_code} has no parent")
        value = own[up] + value
    marked = {
        code for code, name in other.items() if value.startswith(name) and len(name) < len(value)
    }
    if not marked:
        return None
    if len(marked) != 1:
        raise AreacodesError(f"{where}: the parent in {value} is ambiguous: {sorted(marked)}")
    (mark,) = marked
    rest = value[len(other[mark]) :]
    found = [code for code, name in other.items() if name == rest and parent(code, other) == mark]
    if len(found) > 1:
        raise AreacodesError(f"{where}: {value} selects several records: {found}")
    return found[0] if found else None


def _select(
    selector: str, code: str, name: str, own: Table, other: Table, where: str
) -> Selected | None:
    flag = ""
    if selector.endswith(("?", "!")):
        selector, flag = selector[:-1], selector[-1]
    if selector == ".":
        found: str | None = code if code in other else None
    elif selector == "..":
        up = parent(code, own)
        found = up if up is not None and up in other else None
    else:
        found = _select_name(name if selector == "_" else selector, code, own, other, where)
    if found is None:
        if flag == "?":
            return Selected("", "?")
        raise AreacodesError(f"{where}: the selector {selector!r} selects nothing")
    return Selected(found, flag)


def parse_diff(text: str, source: Table, target: Table, where: str) -> list[ChangeLine]:
    """The change lines of one diff file, selectors resolved, with their documents."""
    lines: list[ChangeLine] = []
    comments: list[str] = []
    documents: tuple[str, ...] = ()
    previous_was_change = False
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line:
            continue
        at = f"{where}:{number}"
        if line.startswith("#"):
            if previous_was_change:
                comments = []
            comments.append(line)
            previous_was_change = False
            continue
        if not previous_was_change:
            documents = _documents(comments)
            comments = []
        previous_was_change = True
        match = _CHANGE_LINE.match(line)
        if match is None:
            raise AreacodesError(f"{at}: not a change line: {line!r}")
        sign, code, name, direction, attribute = match.groups()
        direction = direction or ""
        own = target if sign == "+" else source
        if sign == "=" and direction == "":
            raise AreacodesError(f"{at}: a transfer line without selectors")
        if sign == "=" or sign == "-":
            own = source
        if own.get(code) != name:
            table = "target" if own is target else "source"
            raise AreacodesError(f"{at}: {code} {name} is not in the {table} table")
        other = target if direction == ">" else source
        selected: list[Selected] = []
        if direction:
            for selector in (attribute or "").split(","):
                if not selector:
                    raise AreacodesError(f"{at}: an empty selector")
                found = _select(selector, code, name, own, other, at)
                if found is not None:
                    selected.append(found)
        lines.append(ChangeLine(sign, code, name, direction, tuple(selected), documents, number))
    return lines


def _documents(comments: list[str]) -> tuple[str, ...]:
    """The document numbers of a description: its `文号` lines, and the State Council
    approvals it cites, in the order they appear, each once."""
    found: list[str] = []
    for line in comments:
        match = _DOCUMENT_LINE.match(line)
        numbers = (
            [n.strip() for n in re.split(r"[；;、]", match.group(1))]
            if match
            else _STATE_COUNCIL.findall(line)
        )
        for number in numbers:
            if number and number not in found:
                found.append(number)
    # The State Council's approval first: it is what the provincial notices rest on.
    return tuple(sorted(found, key=lambda n: 0 if n.startswith("国函") else 1))


@dataclass(frozen=True)
class Snapshot:
    tables: dict[int, Table]
    diffs: dict[int, list[ChangeLine]]  # keyed by the source table's year


def read(copy: Copy) -> Snapshot:
    last = copy.last_year()
    tables = {
        year: parse_table(copy.read(f"data/{year}.txt"), f"data/{year}.txt")
        for year in range(FIRST_YEAR, last + 1)
    }
    diffs = {}
    for year in range(FIRST_YEAR, last):
        name = f"diff/{year}-{year + 1}.diff"
        diffs[year] = parse_diff(copy.read(name), tables[year], tables[year + 1], name)
    return Snapshot(tables, diffs)


def deletions(snapshot: Snapshot, year: int) -> Iterator[ChangeLine]:
    for line in snapshot.diffs[year]:
        if line.sign == "-":
            yield line
