"""Targets allocated to parks (目标分解): reading them, applying them, checking their sum.

An allocation file gives a park its own value of a zone target::

    allocations:
      - target: target-pct-applications   # a target id, or its indicator's annex number
        area: 海淀园                       # a park, by id or Chinese name
        value: 6000
        unit: 件                          # default: the target's unit

:func:`allocated_plan` gives the plan as one park sees it, with that park's
values in place of the zone's, to judge the park by
(``evaluate(observations, allocated_plan(plan, allocations, "海淀园"), area="海淀园")``).
:func:`check_allocations` checks that the parks' values of a summed target
(a flow or a stock: PCT applications, listed companies) add up to the zone's
target under the target's own comparator: if every park meets its share, the
zone meets its target.  The rules are those of ``specs/areas.md``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

import attrs

from zgc_plan._arguments import instance, instances
from zgc_plan._comparators import Comparator
from zgc_plan._document import InputDocument
from zgc_plan._exact import convert_exact
from zgc_plan._fields import Fields, Problems
from zgc_plan._files import read_text_file
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Plan, Target
from zgc_plan._pickling import PicklesUnits
from zgc_plan._registry import Unit
from zgc_plan._unit_parsing import unit_text
from zgc_plan.exceptions import PlanDataError

__all__ = [
    "Allocation",
    "AllocationCheck",
    "allocated_plan",
    "check_allocations",
    "load_allocations",
    "parse_allocations",
]


@attrs.frozen
class Allocation(PicklesUnits):
    """A park's share of a zone target.

    Attributes:
        target_id: The id of the zone's target.
        area: The id of the park.
        magnitude: The park's value, exact, in :attr:`unit`.
        unit: The unit of the value.
    """

    target_id: str
    area: str
    magnitude: Decimal
    unit: Unit


@attrs.frozen
class AllocationCheck:
    """Whether the parks' shares of a summed target add up to the zone's target.

    Attributes:
        target: The zone's target.
        total: The sum of the parks' values, in the target's unit.
        parks: Ids of the parks with a share.
        missing: Ids of the parks without one.
        adds_up: Whether the total meets the zone's target under its comparator.
    """

    target: Target
    total: Fraction
    parks: tuple[str, ...]
    missing: tuple[str, ...]
    adds_up: bool

    @property
    def message(self) -> str:
        """The check in one line."""
        from zgc_plan._display import format_magnitude

        total = format_magnitude(self.total, self.target.unit)
        verdict = "they add up to it" if self.adds_up else "they fall short of it"
        lacking = f" (no share: {', '.join(self.missing)})" if self.missing else ""
        return (
            f"{self.target.title_zh}: {len(self.parks)} parks' shares make {total}{lacking}; "
            f"the zone's target is {self.target.value_text}: {verdict}"
        )


def _summed(target: Target) -> bool:
    """Whether parks' figures of the target's indicator add up to the zone's."""
    indicator = target.indicator
    return indicator is not None and indicator.formula is None and indicator.over_time is not None


def parse_allocations(
    data: bytes | str, plan: Plan | None = None, source: str | None = None
) -> tuple[Allocation, ...]:
    """Read allocations from YAML text (``allocations: [...]``).

    Raises:
        PlanDataError: listing every bad row with its path and line: an
            unknown target or park, a unit of the wrong dimension, a range
            target (which has no single value to share), a park given twice.
    """
    from zgc_plan._yaml import read_yaml

    plan = plan_or_shipped(plan)
    document: InputDocument = read_yaml(data, source)
    problems = Problems(document)
    root = Fields(document.data, (), problems)
    allocations: list[Allocation] = []
    seen: set[tuple[str, str]] = set()
    parks = {park.id for park in plan.parks}
    for row in root.items("allocations"):
        raw_target = row.data.get("target")
        row.used.add("target")
        target = _target(plan, raw_target)
        if target is None:
            problems.add((*row.path, "target"), f"no target {raw_target!r} in the plan")
        area_name = row.string("area")
        value = row.number("value")
        unit = row.unit("unit", required=False)
        row.finish()
        area = None
        if area_name is not None:
            try:
                area = plan.area(area_name).id
            except KeyError:
                problems.add((*row.path, "area"), f"no area {area_name!r} in the plan")
            if area is not None and area not in parks:
                problems.add((*row.path, "area"), f"{area_name!r} is not a park of the zone")
                area = None
        if target is None or area is None or value is None:
            continue
        if target.comparator is Comparator.BETWEEN:
            problems.add(
                row.path,
                f"{target.id} is a range ({target.value_text}): it has no single value to share",
            )
            continue
        unit = unit or target.unit
        if unit.dimensionality != target.unit.dimensionality:
            problems.add(
                (*row.path, "unit"),
                f"{unit_text(unit)} is not a unit of {target.title_zh} ({unit_text(target.unit)})",
            )
            continue
        if (target.id, area) in seen:
            problems.add(row.path, f"{target.id} is allocated to {area} twice")
            continue
        seen.add((target.id, area))
        allocations.append(Allocation(target.id, area, value, unit))
    root.finish()
    problems.raise_if_any()
    return tuple(allocations)


def _target(plan: Plan, key: object) -> Target | None:
    if isinstance(key, bool) or not isinstance(key, int | str):
        return None
    try:
        return plan.target(key)
    except KeyError:
        return None


def load_allocations(
    path: str | os.PathLike[str], plan: Plan | None = None
) -> tuple[Allocation, ...]:
    """Load an allocation file (YAML).

    Raises:
        PlanDataError: if the file cannot be read or has bad rows; every one is listed.
    """
    return parse_allocations(read_text_file(path), plan, str(path))


def allocated_plan(plan: Plan, allocations: Iterable[Allocation], area: str) -> Plan:
    """The plan with one park's allocated values in place of the zone's targets.

    Targets the park has no share of keep the zone's value: ratios such as
    劳动生产率 apply to a park as they stand.

    Raises:
        PlanDataError: if ``area`` is not a park of the plan.
    """
    plan = instance(plan, Plan, "plan")
    allocations = instances(allocations, Allocation, "allocations")
    try:
        park = plan.area(area).id
    except KeyError:
        raise PlanDataError(f"no area {area!r} in the plan", source="<allocations>") from None
    own = {a.target_id: a for a in allocations if a.area == park}
    if not own:
        return plan
    goals = tuple(
        attrs.evolve(
            goal,
            targets=tuple(
                attrs.evolve(t, magnitude=own[t.id].magnitude, unit=own[t.id].unit)
                if t.id in own
                else t
                for t in goal.targets
            ),
        )
        for goal in plan.goals
    )
    return attrs.evolve(plan, goals=goals)


def check_allocations(
    allocations: Iterable[Allocation], plan: Plan | None = None
) -> tuple[AllocationCheck, ...]:
    """For each summed target with shares, whether the parks' shares add up to it.

    Targets that are ratios (劳动生产率) are not summed and not checked.
    """
    allocations = instances(allocations, Allocation, "allocations")
    plan = plan_or_shipped(plan)
    by_target: dict[str, list[Allocation]] = {}
    for allocation in allocations:
        by_target.setdefault(allocation.target_id, []).append(allocation)
    checks: list[AllocationCheck] = []
    parks = [park.id for park in plan.parks]
    for target in plan.targets:
        shares = by_target.get(target.id)
        if not shares or not _summed(target):
            continue
        total = sum(
            (convert_exact(Fraction(a.magnitude), a.unit, target.unit) for a in shares), Fraction(0)
        )
        given = {a.area for a in shares}
        checks.append(
            AllocationCheck(
                target,
                total,
                tuple(p for p in parks if p in given),
                tuple(p for p in parks if p not in given),
                target.is_met_by(total),
            )
        )
    return tuple(checks)
