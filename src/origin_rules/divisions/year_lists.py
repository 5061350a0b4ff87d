"""Which year-end lists describe a date, and what a code is in them.

The lists are year-end snapshots (1980-2024 in the shipped data), so a date is only
placed between two of them. For a date D:

- **in force** on D means: in the list of the end of D's year — the latest list if D is
  later — or, when D is 31 December, exactly that year's list. So 2021-12-31 is the 2021
  list, 2022-06-30 the 2022 list, and any date after 2024 the 2024 list. `county_codes`,
  `name`, `full_name` and the `in_force` of `resolve` use this year (`end_year`).
- **exists** on D also admits the list of the end of the year before, unless D is 31
  December: a change during D's year may come after D, so a code abolished that year may
  still have been valid on D. This keeps a record written early in a year of change from
  being called an unknown code (`resolve` says `unknown_code` only if the code is in
  neither list).
- A code that exists on the decision date only through the earlier list (abolished in
  that year) is not in force: `resolve` follows it to its successors and answers
  `uncertain`, since the lists cannot tell whether the change came before the date.
  The change year on each `Successor` is the first list without the old code.

Hong Kong 810000, Macau 820000 and Taiwan 710000 exist at province level on every date
(the lists carry 810000 from 1997 and 820000 from 1999). 830000 is not a division (it is
the prefix of residence-permit numbers of their residents): `exists` is False and
`resolve` answers `unknown_code`.
"""

from __future__ import annotations

from datetime import date

from origin_rules.divisions import DivisionLevel, level_from_code
from origin_rules.divisions.shipped_data import DivisionData, Run


class YearLists:
    """The year-end lists of the data, looked up by date and by year."""

    def __init__(self, data: DivisionData) -> None:
        self.data = data
        # Asked several times per recorded place: the lists of a date only depend on its
        # year and whether it is 31 December. Both caches hold at most one entry a year.
        self._years_by_key: dict[tuple[int, bool], tuple[int, ...]] = {}
        self._county_codes: dict[int, frozenset[str]] = {}

    def end_year(self, on: date) -> int:
        """The list in force on `on` (see the module's docstring)."""
        return min(max(on.year, self.data.first_year), self.data.last_year)

    def years(self, on: date) -> tuple[int, ...]:
        """The lists that may describe `on`: its year's end first, then the year before."""
        key = (on.year, on.month == 12 and on.day == 31)
        years = self._years_by_key.get(key)
        if years is None:
            years = self._years_uncached(on)
            self._years_by_key[key] = years
        return years

    def _years_uncached(self, on: date) -> tuple[int, ...]:
        end = self.end_year(on)
        if on.month == 12 and on.day == 31:
            return (end,)
        start = min(max(on.year - 1, self.data.first_year), self.data.last_year)
        return (end,) if start == end else (end, start)

    def run(self, code: str, year: int) -> Run | None:
        """The code's entry in the list of `year`, if it is in it."""
        for run in self.data.runs.get(code, ()):
            if run.first <= year <= run.last:
                return run
        return None

    def runs_on(self, code: str, on: date) -> list[Run]:
        """The code's entries in the lists that may describe `on`, the in-force one first."""
        found: list[Run] = []
        for year in self.years(on):
            run = self.run(code, year)
            if run is not None and run not in found:
                found.append(run)
        return found

    def year_of(self, run: Run, on: date) -> int:
        """The list, of those that may describe `on`, that the run is in."""
        for year in self.years(on):
            if run.first <= year <= run.last:
                return year
        return run.last

    def present_until(self, code: str, year: int) -> int:
        """The last year of the lists the code is in without a gap from `year` (year - 1
        if it is not in that year's)."""
        until = year - 1
        for run in self.data.runs.get(code, ()):
            if run.first <= until + 1 <= run.last:
                until = run.last
            elif run.first > until + 1:
                break
        return until

    def county_codes(self, on: date) -> frozenset[str]:
        """County-level codes in the list in force on `on`."""
        year = self.end_year(on)
        codes = self._county_codes.get(year)
        if codes is None:
            codes = frozenset(
                code
                for code, runs in self.data.runs.items()
                if level_from_code(code) is DivisionLevel.COUNTY
                and any(run.first <= year <= run.last for run in runs)
            )
            self._county_codes[year] = codes
        return codes
