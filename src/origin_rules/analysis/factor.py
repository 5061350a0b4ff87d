"""A union of regions written the way staff read a case: the conditions every region
shares, then the parts that differ, split into independent groups.

The merged regions of one change often repeat the same ten conditions and differ in two
or three facts; and where they differ in two unrelated respects (the workplace's level
and the family's move, say) they are every combination of the two. Said region by
region that is hundreds of characters of repetition, so the union is factored exactly:

    union = common × (one alternative of group 1) × (one alternative of group 2) × …

Exact means the regions are precisely the products – no combination is added or lost –
so the factored words say the same as the list of regions did.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from origin_rules.analysis.space import Region
from origin_rules.ruleset.model import FactValue

Facts = Mapping[str, frozenset[FactValue]]

# Above this many differing facts the search for independent groups (over subsets of
# them) is not tried; the alternatives then stay one group, which is still exact.
MAX_SPLIT_FACTS = 14


@dataclass(frozen=True)
class Factored:
    """`common`: facts confined alike in every region. `groups`: each a tuple of
    alternatives over its own facts (a fact missing from an alternative is unconfined
    there); a region is `common` plus one alternative of every group."""

    common: Facts
    groups: tuple[tuple[Facts, ...], ...]

    def regions(
        self, domains: Mapping[str, Sequence[FactValue]]
    ) -> list[dict[str, frozenset[FactValue]]]:
        """The regions this stands for, every fact of `domains` spelled out (an
        unconfined one with its whole domain), for comparison with the originals."""
        found: list[dict[str, frozenset[FactValue]]] = [dict(self.common)]
        for group in self.groups:
            found = [{**r, **alt} for r in found for alt in group]
        return [{f: r.get(f, frozenset(values)) for f, values in domains.items()} for r in found]


def factor_regions(
    regions: Sequence[Region], domains: Mapping[str, Sequence[FactValue]]
) -> Factored:
    names = sorted({f for r in regions for f in r.facts})

    def value(region: Region, fact: str) -> frozenset[FactValue]:
        return region.facts.get(fact, frozenset(domains[fact]))

    full = {f: frozenset(domains[f]) for f in names}
    common = {
        f: value(regions[0], f)
        for f in names
        if all(value(r, f) == value(regions[0], f) for r in regions)
        and value(regions[0], f) != full[f]
    }
    shared = {f for f in names if all(value(r, f) == value(regions[0], f) for r in regions)}
    differing = [f for f in names if f not in shared]
    rows = list(dict.fromkeys(tuple(value(r, f) for f in differing) for r in regions))
    groups = []
    for block, alternatives in _blocks(differing, rows):
        groups.append(
            tuple(
                {f: v for f, v in zip(block, alt, strict=True) if v != full[f]}
                for alt in alternatives
            )
        )
    return Factored(common, tuple(groups))


Row = tuple[frozenset[FactValue], ...]


def _blocks(facts: list[str], rows: list[Row]) -> list[tuple[list[str], list[Row]]]:
    """The finest split of `facts` into blocks whose alternatives combine freely: the
    rows are exactly the product of their projections on the blocks."""
    if len(facts) <= 1 or len(facts) > MAX_SPLIT_FACTS:
        return [(facts, rows)] if facts else []
    rest = list(range(1, len(facts)))
    # The smallest block holding the first fact that splits off; the remainder is split
    # the same way. Rows are distinct, so |rows| = |left| × |right| means every pairing
    # of a left part with a right part occurs: the rows are their product.
    for size in range(0, len(rest)):
        for others in combinations(rest, size):
            inside = [0, *others]
            outside = [i for i in range(len(facts)) if i not in inside]
            left = list(dict.fromkeys(tuple(row[i] for i in inside) for row in rows))
            right = list(dict.fromkeys(tuple(row[i] for i in outside) for row in rows))
            if len(left) * len(right) == len(rows):
                block = [facts[i] for i in inside]
                return [(block, left), *_blocks([facts[i] for i in outside], right)]
    return [(facts, rows)]
