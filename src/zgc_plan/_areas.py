"""Areas in evaluation: the figures of one area, and targets judged park by park.

:func:`zgc_plan.evaluate` judges the figures of one area (the zone unless
asked for another).  Before that, figures of months, quarters or parks are
aggregated into years (:func:`zgc_plan.aggregate`), so that a file of monthly
per-park figures is judged by its park and zone years; and a target that
counts parks (硬科技孵化器覆盖十六园: ``coverage`` in the plan data) gets its
figure from the per-park counts of its statistic.  The rules are those of
``specs/areas.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import attrs

from zgc_plan._arguments import instance, instances
from zgc_plan._model import ZONE_ID, Area, AreaKind, Plan, Target
from zgc_plan._observations import Observation, made_status
from zgc_plan._periods import Period
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["Coverage", "for_evaluation", "park_coverage", "resolve_area"]


def resolve_area(plan: Plan, area: str | Area | None) -> str:
    """The id of an area given by id, Chinese name or :class:`Area`; the zone for ``None``.

    Raises:
        PlanDataError: if the plan has no such area.
    """
    if area is None:
        return ZONE_ID
    if isinstance(area, Area):
        area = area.id
    try:
        return plan.area(area).id
    except KeyError:
        known = ", ".join(f"{a.id} ({a.name_zh})" for a in plan.areas)
        raise PlanDataError(
            (Problem("area", f"no area {area!r} in the plan; its areas: {known}"),), source=None
        ) from None


@attrs.frozen
class Coverage:
    """How many parks a coverage target's statistic reaches in one year.

    Attributes:
        target: The target (硬科技孵化器覆盖十六园).
        year: The year.
        covered: Ids of the parks whose figure is above zero.
        uncovered: Ids of the parks whose figure is zero.
        no_data: Ids of the parks without a complete figure for the year.
    """

    target: Target
    year: int
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]
    no_data: tuple[str, ...]

    @property
    def parks(self) -> int:
        """How many parks there are."""
        return len(self.covered) + len(self.uncovered) + len(self.no_data)

    def text(self, plan: Plan) -> str:
        """``15 of 16 parks covered; missing: 延庆园`` (and the parks without a figure)."""
        names = {area.id: area.name_zh for area in plan.areas}
        text = f"{len(self.covered)} of {self.parks} parks covered"
        if self.uncovered:
            text += f"; missing: {'、'.join(names[i] for i in self.uncovered)}"
        if self.no_data:
            text += f"; no figure: {'、'.join(names[i] for i in self.no_data)}"
        return text


def park_coverage(
    observations: Iterable[Observation], plan: Plan, year: int, target: Target
) -> Coverage | None:
    """The parks a coverage target's statistic reaches in ``year``, or ``None`` without figures.

    ``observations`` are figures of whole years (aggregate months first); a
    park is covered when its complete figure of the year is above zero.

    Example:
        >>> import zgc_plan
        >>> from zgc_plan._areas import park_coverage
        >>> plan = zgc_plan.load_plan()
        >>> counts = [
        ...     zgc_plan.Observation.of("hard-tech-incubators", 2022, "2家", area=park.id)
        ...     for park in plan.parks
        ... ]
        >>> counts[-1] = zgc_plan.Observation.of("hard-tech-incubators", 2022, "0家", area="yanqing")
        >>> target = plan.target("target-hard-tech-incubators")
        >>> park_coverage(counts, plan, 2022, target).text(plan)
        '15 of 16 parks covered; missing: 延庆园'
    """
    observations = instances(observations, Observation, "observations")
    plan = instance(plan, Plan, "plan")
    target = instance(target, Target, "target")
    year = instance(year, int, "year")
    if target.coverage is None:
        raise PlanDataError(f"target {target.id} counts no parks", source="<coverage>")
    figures: dict[str, Fraction] = {}
    for observation in observations:
        period = observation.period
        if (
            observation.key == target.coverage and period.year == year and period.is_year
            and not observation.missing
        ):  # fmt: skip
            figures[observation.area] = observation.magnitude
    parks = [park.id for park in plan.parks]
    if not any(park in figures for park in parks):
        return None
    return Coverage(
        target,
        year,
        tuple(p for p in parks if figures.get(p, 0) > 0),
        tuple(p for p in parks if p in figures and figures[p] <= 0),
        tuple(p for p in parks if p not in figures),
    )


def _coverage_observations(observations: tuple[Observation, ...], plan: Plan) -> list[Observation]:
    """One observation per coverage target and year: the number of parks covered."""
    made: list[Observation] = []
    for target in plan.targets:
        if target.coverage is None:
            continue
        years = sorted({o.year for o in observations if o.key == target.coverage})
        for year in years:
            coverage = park_coverage(observations, plan, year, target)
            if coverage is None:
                continue
            # Parks without a figure may yet be covered: the count is then not
            # the whole zone's, unless it reaches the target all the same.
            count = Fraction(len(coverage.covered))
            reached = target.is_met_by(count)
            made.append(
                Observation(
                    target.id, Period(year), count, target.unit,
                    status=made_status(
                        o for o in observations if o.key == target.coverage and o.year == year
                    ),
                    source=coverage.text(plan),
                    note=coverage.text(plan),
                    formula=f"parks with {target.coverage} > 0",
                    missing=() if reached else coverage.no_data,
                )
            )  # fmt: skip
    return made


def for_evaluation(
    observations: tuple[Observation, ...],
    plan: Plan,
    area: str | Area | None,
    include_context: bool,
) -> tuple[tuple[Observation, ...], tuple[Observation, ...]]:
    """The figures to judge for ``area``, and those left out (other areas).

    Areas named by their Chinese name are read as their id.  Figures of
    months, quarters or parks are aggregated into years first; the counts
    behind coverage targets become the zone's figures of those targets.
    With ``include_context``, the figures of areas outside the zone are used
    as well (never those of parks: a park's figure is not the zone's).

    Returns:
        ``(usable, skipped)``.

    Raises:
        PlanDataError: if ``area``, or the area of a figure, is not the plan's.
    """
    wanted = resolve_area(plan, area)
    kinds = {a.id: a.kind for a in plan.areas}
    if any(o.area not in kinds for o in observations):
        observations = tuple(_named(o, plan) for o in observations)
    if any(not o.period.is_year or kinds[o.area] is AreaKind.PARK for o in observations):
        from zgc_plan._aggregate import aggregate

        aggregated = aggregate(observations, plan, to="year")
        observations = aggregated.observations + aggregated.skipped
    observations += tuple(_coverage_observations(observations, plan))
    context = include_context and wanted == ZONE_ID

    def used(o: Observation) -> bool:
        return o.area == wanted or (context and kinds[o.area] is AreaKind.OUTSIDE)

    return tuple(o for o in observations if used(o)), tuple(o for o in observations if not used(o))


def _named(observation: Observation, plan: Plan) -> Observation:
    """The observation with its area as an id (given as a Chinese name)."""
    try:
        area = plan.area(observation.area).id
    except KeyError:
        raise PlanDataError(
            f"no area {observation.area!r} in the plan ({observation.key} {observation.period})",
            source="<observations>",
        ) from None
    return observation if area == observation.area else attrs.evolve(observation, area=area)
