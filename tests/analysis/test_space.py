"""The split remembers the size of each subtree and lists only subtrees that hold
regions; it must give exactly the regions of the plain case split it stands for."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping

import pytest

from origin_rules.analysis.logic import truth
from origin_rules.analysis.space import Region, Requirement, Splitter, domains
from origin_rules.ruleset import bundled_ruleset
from origin_rules.ruleset.model import FactValue, atoms_of

BUNDLED = bundled_ruleset("guide-2022")
DECIDING = [r for r in BUNDLED.rules if not r.is_note]
# Above this many regions a split is left to the analysis tests (listing every region
# of the plain split costs seconds apiece).
LISTED_UP_TO = 500

Assigned = dict[str, frozenset[FactValue]]
Facts = Mapping[str, frozenset[FactValue]]


@functools.cache
def splitter() -> Splitter:
    fact_domains = domains({i.id: tuple(i.readings) for i in BUNDLED.interpretations.values()})
    return Splitter([c for _, c in BUNDLED.conditions], fact_domains)


def plain_regions(requirements: list[Requirement]) -> Iterator[Region]:
    """The definition: split the first undecided requirement's first unconfined fact
    into its classes until every requirement is decided; drop a region a constraint
    excludes, or whose open constraints no choice of the other facts satisfies."""
    split = splitter()

    def excluded(assigned: Assigned) -> bool:
        return any(
            truth(c.when, assigned) is True and truth(c.then, assigned) is False
            for c in split.constraints
        )

    def extension(assigned: Assigned) -> Assigned | None:
        for c in split.constraints:
            when, then = truth(c.when, assigned), truth(c.then, assigned)
            if when is False or then is True:
                continue
            if when is True and then is False:
                return None
            fact = next(
                a.fact for a in atoms_of(c.when) + atoms_of(c.then) if a.fact not in assigned
            )
            for values in split.classes[fact]:
                found = extension({**assigned, fact: values})
                if found is not None:
                    return found
            return None
        return assigned

    def regions(assigned: Assigned) -> Iterator[Region]:
        if excluded(assigned):
            return
        pending = None
        for condition, required in requirements:
            value = truth(condition, assigned)
            if value is None:
                pending = pending or condition
            elif value is not required:
                return
        if pending is None:
            found = extension(assigned)
            if found is not None:
                extra = {k: v for k, v in found.items() if k not in assigned}
                yield Region(facts=assigned, extra=extra)
            return
        fact = next(a.fact for a in atoms_of(pending) if a.fact not in assigned)
        for values in split.classes[fact]:
            yield from regions({**assigned, fact: values})

    return regions({})


def winning(index: int) -> list[Requirement]:
    higher = [(BUNDLED.full_condition(r), False) for r in DECIDING[:index]]
    return [*higher, (BUNDLED.full_condition(DECIDING[index]), True)]


def listed_cases() -> list[tuple[str, list[Requirement]]]:
    cases = [(rule.id, winning(i)) for i, rule in enumerate(DECIDING)]
    cases += [(f"applies:{r.id}", [(BUNDLED.full_condition(r), True)]) for r in BUNDLED.rules]
    cases.append(("nothing decides", [(BUNDLED.full_condition(r), False) for r in DECIDING]))
    return [(name, reqs) for name, reqs in cases if splitter().count(reqs) <= LISTED_UP_TO]


def test_enough_splits_are_small_enough_to_compare() -> None:
    # Most rules of the bundled ruleset: the comparison below is not vacuous.
    assert len(listed_cases()) > len(DECIDING)


@pytest.mark.parametrize(("name", "requirements"), listed_cases(), ids=lambda x: str(x)[:40])
def test_the_split_lists_and_counts_the_plain_split(
    name: str, requirements: list[Requirement]
) -> None:
    split = splitter().split(requirements)
    expected = [(r.facts, r.extra) for r in plain_regions(requirements)]
    assert [(r.facts, r.extra) for r in split.regions()] == expected
    assert split.count() == len(expected)
    assert split.first(3) == list(split.regions())[:3]


def test_regions_containing_a_point_are_those_of_the_full_list_that_hold_it() -> None:
    requirements = winning(len(DECIDING) - 2)
    split = splitter().split(requirements)
    regions = list(split.regions())
    assert len(regions) > 10
    for region in regions[:: max(1, len(regions) // 25)]:
        # One value of every fact: the region's where it confines it, else any.
        point = {
            f: sorted(region.facts.get(f, classes[0]), key=str)[0]
            for f, classes in splitter().classes.items()
        }
        holding = [r for r in regions if all(point[f] in v for f, v in r.facts.items())]
        assert list(split.regions(containing=point)) == holding == [region]


def test_a_condition_required_both_ways_has_no_region() -> None:
    condition = BUNDLED.full_condition(DECIDING[3])
    assert splitter().count([(condition, True), (condition, False)]) == 0
    assert list(splitter().regions([(condition, False), (condition, True)])) == []


def test_merged_regions_cover_exactly_the_regions_merged() -> None:
    from fractions import Fraction

    from origin_rules.analysis.space import merge_regions

    fact_domains = domains({i.id: tuple(i.readings) for i in BUNDLED.interpretations.values()})
    name, requirements = max(listed_cases(), key=lambda case: splitter().count(case[1]))
    regions = list(splitter().regions(requirements))
    merged = merge_regions(regions, fact_domains)
    assert 1 < len(merged) < len(regions), name

    def share(facts: Facts) -> Fraction:
        """The part of the whole space a region is (its combinations over all)."""
        part = Fraction(1)
        for f, values in facts.items():
            part *= Fraction(len(values), len(fact_domains[f]))
        return part

    def inside(small: Facts, large: Facts) -> bool:
        return all(small.get(f, frozenset(fact_domains[f])) <= v for f, v in large.items())

    # Each region lies in exactly one merged region, and the merged ones are no larger
    # together than the regions: they cover the same combinations, no more.
    for region in regions:
        assert sum(inside(region.facts, m.facts) for m in merged) == 1
    assert sum(map(share, (m.facts for m in merged))) == sum(share(r.facts) for r in regions)
