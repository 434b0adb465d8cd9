"""The annual sub-park assessment (分园年度创新发展考核评价): figures, ranks, scores.

For one year, each park's figure of each indicator (aggregated from months
and derived by the plan's formulas as need be), its rank among the parks and
its distance to target; a composite score per park; the disparity between
the parks on each indicator.  The formulas are those of
``specs/assessment.md``:

* rank: among the parks with a figure, best first by the indicator's
  direction; ties share a rank and the next rank skips (1, 2, 2, 4);
* indicator score, 0-100, by one of two normalisations:
  ``"minmax"`` (the default): 100 × (x − worst) ÷ (best − worst) across the
  parks with a figure (100 for all when they are equal);
  ``"attainment"``: 100 × min(x ÷ target, 1), or min(target ÷ x, 1) when lower
  is better, against the park's allocated target or else the zone's;
* composite: the weighted mean of the indicator scores (weights by indicator
  id, 1 by default); none when more than 20 % of the indicators lack a figure
  (the rule of the SDSN's SDG Index), and the missing indicators are listed;
* disparity: the mean of the top quintile of the parks' figures over the mean
  of the bottom quintile (a quintile is ⌊n/5⌋ parks, at least one).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal, Protocol, TypeAlias, cast

import attrs

from zgc_plan._aggregate import Disagreement, aggregate
from zgc_plan._allocations import Allocation
from zgc_plan._arguments import describe, instance, instances
from zgc_plan._comparators import Direction
from zgc_plan._derive import derive
from zgc_plan._display import format_magnitude
from zgc_plan._exact import convert_exact
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Area, Indicator, Plan, Target
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._outputs import Format, Writer, output_module
from zgc_plan._periods import MAX_YEAR, MIN_YEAR
from zgc_plan.exceptions import PlanArgumentError, PlanDataError, PlanKeyError, Problem, shown

__all__ = [
    "MAX_MISSING",
    "AssessmentCell",
    "AssessmentNormalisation",
    "Disparity",
    "ParkAssessment",
    "ParkResult",
    "assess_parks",
    "competition_ranks",
]

#: A park gets no composite score when more than this share of the indicators
#: lacks a figure (the SDSN SDG Index rule).
MAX_MISSING = Fraction(1, 5)

AssessmentNormalisation: TypeAlias = Literal["minmax", "attainment"]


@attrs.frozen
class AssessmentCell:
    """One park's figure of one indicator, and how it stands.

    Attributes:
        indicator: The indicator.
        area: The park's id.
        observation: The figure used (a complete figure of the year), or ``None``.
        value: The figure in the indicator's unit, exact, or ``None``.
        rank: Its rank among the parks with a figure (1 is best), or ``None``.
        score: Its normalised score, 0-100, or ``None``.
        target: The value it is measured against, in the indicator's unit
            (the park's allocation, else the zone's target), or ``None``.
        gap: Target minus figure, signed so that a positive gap is still to
            go (figure minus target when lower is better), or ``None``.
        attainment: Figure ÷ target (target ÷ figure when lower is better), or ``None``.
    """

    indicator: Indicator
    area: str
    observation: Observation | None
    value: Fraction | None
    rank: int | None
    score: float | None
    target: Fraction | None
    gap: Fraction | None
    attainment: float | None

    @property
    def value_text(self) -> str:
        """The figure with its unit, or ``"—"``."""
        if self.value is None:
            return "—"
        return format_magnitude(self.value, self.indicator.unit)


@attrs.frozen
class ParkResult:
    """One park in the assessment.

    Attributes:
        area: The park.
        rank: Its rank by composite score among the scored parks, or ``None``.
        score: Its composite score, 0-100, or ``None`` when too many
            indicators lack a figure.
        missing: Ids of the indicators without a figure.
        cells: One cell per assessed indicator, in the assessment's order.
    """

    area: Area
    rank: int | None
    score: float | None
    missing: tuple[str, ...]
    cells: tuple[AssessmentCell, ...]

    def cell(self, indicator: str) -> AssessmentCell:
        """The cell of an indicator, by id.

        Raises:
            PlanKeyError: (a KeyError) if the indicator is not assessed.
        """
        for cell in self.cells:
            if cell.indicator.id == indicator:
                return cell
        raise PlanKeyError(f"indicator {indicator!r} is not assessed")


@attrs.frozen
class Disparity:
    """How far apart the parks are on one indicator.

    Attributes:
        indicator: The indicator.
        parks: How many parks have a figure.
        top: The mean of the top quintile of the figures, or ``None``.
        bottom: The mean of the bottom quintile, or ``None``.
        ratio: ``top ÷ bottom``, or ``None`` (fewer than two figures, or a
            bottom of zero or less).
    """

    indicator: Indicator
    parks: int
    top: Fraction | None
    bottom: Fraction | None
    ratio: float | None


@attrs.frozen
class ParkAssessment:
    """The result of :func:`assess_parks`.

    Attributes:
        plan: The plan.
        year: The year assessed.
        indicators: The indicators assessed, in annex order.
        parks: One result per park, best composite rank first, unscored last.
        disparities: One per indicator, in :attr:`indicators` order.
        normalisation: ``"minmax"`` or ``"attainment"``.
        weights: The weight of each indicator, by id.
        disagreements: Reported figures that differ from their parts,
            found while aggregating.
    """

    plan: Plan
    year: int
    indicators: tuple[Indicator, ...]
    parks: tuple[ParkResult, ...]
    disparities: tuple[Disparity, ...]
    normalisation: AssessmentNormalisation
    weights: Mapping[str, Fraction]
    disagreements: tuple[Disagreement, ...] = ()

    def park(self, key: str) -> ParkResult:
        """The result of a park, by id or Chinese name.

        Raises:
            PlanKeyError: (a KeyError) if no park matches.
        """
        for park in self.parks:
            if key in (park.area.id, park.area.name_zh):
                return park
        raise PlanKeyError(f"no park {key!r} in the assessment")

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dictionary (``year``, ``parks`` with ``area``, ``rank``, ``score``, ``missing`` …)."""
        return _writer().to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The assessment as JSON text."""
        return _writer().to_json(self, indent=indent)

    def to_csv(self, *, bom: bool = False) -> str:
        """One CSV row per park and indicator, for a spreadsheet.

        No text cell starts a spreadsheet formula; ``bom`` starts the text
        with a UTF-8 byte order mark, which Excel needs to read UTF-8.
        """
        return _writer().to_csv(self, bom=bom)

    def to_markdown(self) -> str:
        """A Markdown table, one row per park, and the disparities."""
        return _writer().to_markdown(self)

    def to_table(self) -> str:
        """A plain-text table aligned by display width (Chinese is two columns wide)."""
        return _writer().to_table(self)

    def to_frame(self, backend: str = "pandas") -> Any:  # noqa: ANN401 (the caller's library)
        """One row per park and indicator as a data frame of ``backend`` (``zgc_plan[frames]``).

        See :func:`zgc_plan.frames.assessment_frame`.
        """
        frames = cast(_AssessmentFrames, output_module("frames"))
        return frames.assessment_frame(self, backend)

    def render(self, format: Format) -> str:
        """Render in one of ``table``, ``json``, ``csv`` or ``markdown``."""
        return _writer().render(self, format)

    def plot(self, path: str | os.PathLike[str], *, note: str = "") -> None:
        """Draw the park × indicator heat map of scores, with the ranks, to a PNG or SVG file.

        ``note`` goes under the title ("synthetic data" for made-up figures).

        Raises:
            PlanError: if matplotlib is not installed (a MissingExtraError, also an ImportError).
        """
        plotter = cast(_AssessmentPlotter, output_module("assessment plot"))
        plotter.plot_assessment(self, path, note=note)


class _AssessmentFrames(Protocol):
    """What the output module of the ``"frames"`` role provides for an assessment."""

    def assessment_frame(self, assessment: ParkAssessment, backend: str, /) -> Any: ...  # noqa: ANN401


class _AssessmentPlotter(Protocol):
    """What the output module of the ``"assessment plot"`` role provides."""

    def plot_assessment(
        self, assessment: ParkAssessment, path: str | os.PathLike[str], /, *, note: str
    ) -> None: ...


def _writer() -> Writer[ParkAssessment]:
    return cast("Writer[ParkAssessment]", output_module("assessment"))


def competition_ranks(
    values: Sequence[Fraction | None], *, higher_is_better: bool
) -> list[int | None]:
    """Ranks with ties shared and the next rank skipped (1, 2, 2, 4); ``None`` stays unranked.

    Example:
        >>> from fractions import Fraction
        >>> competition_ranks([Fraction(3), None, Fraction(5), Fraction(3)], higher_is_better=True)
        [2, None, 1, 2]
    """
    ranks: list[int | None] = []
    for value in values:
        if value is None:
            ranks.append(None)
            continue
        better = sum(
            1
            for other in values
            if other is not None and (other > value if higher_is_better else other < value)
        )
        ranks.append(better + 1)
    return ranks


def _target_value(target: Target | None, indicator: Indicator) -> Fraction | None:
    if target is None:
        return None
    return convert_exact(Fraction(target.magnitude), target.unit, indicator.unit)


def _figures(
    observations: Iterable[Observation], year: int, plan: Plan
) -> dict[tuple[str, str], Observation]:
    """The complete figure of each indicator and park in ``year``; a reported one before a derived one."""
    figures: dict[tuple[str, str], Observation] = {}
    parks = {park.id for park in plan.parks}
    for observation in observations:
        period = observation.period
        if (
            period.year != year
            or not period.is_year
            or observation.missing
            or observation.area not in parks
        ):
            continue
        cell = (observation.key, observation.area)
        known = figures.get(cell)
        if known is None or (
            known.status is ObservationStatus.DERIVED
            and observation.status is not ObservationStatus.DERIVED
        ):
            figures[cell] = observation
    return figures


def _indicators(
    plan: Plan, chosen: Iterable[int | str] | None, figures: Mapping[tuple[str, str], Observation]
) -> tuple[Indicator, ...]:
    if chosen is None:
        with_data = {key for key, _ in figures}
        return tuple(i for i in plan.indicators if i.id in with_data)
    if isinstance(chosen, str | bytes) or not isinstance(chosen, Iterable):
        raise PlanArgumentError(
            f"indicators must be indicator numbers or ids, such as [7, 13], got {describe(chosen)}"
        )
    problems: list[Problem] = []
    picked: list[Indicator] = []
    for key in chosen:
        try:
            picked.append(plan.indicator(key))
        except KeyError:
            problems.append(Problem(f"indicators[{key!r}]", "no indicator with this number or id"))
    if problems:
        raise PlanDataError(problems, source="<assess_parks>")
    return tuple(i for i in plan.indicators if i in picked)


def _score(
    value: Fraction,
    values: list[Fraction],
    target: Fraction | None,
    lower: bool,
    normalisation: AssessmentNormalisation,
) -> float | None:
    if normalisation == "minmax":
        best, worst = (min(values), max(values)) if lower else (max(values), min(values))
        if best == worst:
            return 100.0
        return float(100 * (value - worst) / (best - worst))
    share = _attainment(value, target, lower)
    return None if share is None else float(100 * min(share, Fraction(1)))


def _attainment(value: Fraction, target: Fraction | None, lower: bool) -> Fraction | None:
    if target is None:
        return None
    if lower:
        return Fraction(1) if value == 0 else max(target / value, Fraction(0))
    return None if target == 0 else max(value / target, Fraction(0))


def _disparity(indicator: Indicator, values: list[Fraction]) -> Disparity:
    if len(values) < 2:
        return Disparity(indicator, len(values), None, None, None)
    ordered = sorted(values)
    size = max(1, len(values) // 5)
    bottom = sum(ordered[:size], Fraction(0)) / size
    top = sum(ordered[-size:], Fraction(0)) / size
    ratio = float(top / bottom) if bottom > 0 else None
    return Disparity(indicator, len(values), top, bottom, ratio)


def assess_parks(
    observations: Iterable[Observation],
    year: int,
    plan: Plan | None = None,
    *,
    indicators: Iterable[int | str] | None = None,
    weights: Mapping[str, float | int | Fraction] | None = None,
    normalisation: AssessmentNormalisation = "minmax",
    allocations: Iterable[Allocation] = (),
) -> ParkAssessment:
    """Assess the parks in one year: figures, ranks, distance to target, composite, disparity.

    Args:
        observations: Figures of any periods and areas: months are aggregated
            into the year and ratios derived from their base statistics, per park.
        year: The year assessed.
        plan: The plan; the shipped plan by default.
        indicators: The indicators to assess, by annex number or id; by
            default every indicator that some park has a figure of.
        weights: Weights of the indicators in the composite, by id (default 1).
        normalisation: ``"minmax"`` (across the parks, the default) or
            ``"attainment"`` (against the park's allocated or the zone's target).
        allocations: Park targets (:func:`zgc_plan.load_allocations`), used
            for the distance to target and the attainment.

    Raises:
        PlanDataError: for a year out of range, an unknown indicator or
            weight, a negative weight, or an unknown normalisation.

    Example:
        >>> import zgc_plan
        >>> plan = zgc_plan.load_plan()
        >>> rows = [
        ...     zgc_plan.Observation.of("pct-applications", 2022, f"{100 * (i + 1)}件", area=park.id)
        ...     for i, park in enumerate(plan.parks)
        ... ]
        >>> assessment = zgc_plan.assess_parks(rows, 2022)
        >>> best = assessment.parks[0]
        >>> best.area.name_zh, best.rank, best.score, best.cell("pct-applications").rank
        ('延庆园', 1, 100.0, 1)
    """
    observations = instances(observations, Observation, "observations")
    year = instance(year, int, "year")
    plan = plan_or_shipped(plan)
    problems: list[Problem] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(Problem("year", f"{shown(year)} is outside {MIN_YEAR}..{MAX_YEAR}"))
    if normalisation not in ("minmax", "attainment"):
        problems.append(
            Problem("normalisation", f"expected 'minmax' or 'attainment', got {normalisation!r}")
        )
    if problems:
        raise PlanDataError(problems, source="<assess_parks>")
    aggregated = aggregate(observations, plan, to="year")
    pool = aggregated.observations + derive(aggregated.observations, plan)
    figures = _figures(pool, year, plan)
    chosen = _indicators(plan, indicators, figures)
    weight_of = _weights(chosen, weights)
    allocated = {(a.target_id, a.area): a for a in allocations}
    parks = plan.parks
    columns: list[list[AssessmentCell]] = []
    disparities: list[Disparity] = []
    for indicator in chosen:
        target = plan.target_for(indicator)
        lower = indicator.direction is Direction.LOWER_IS_BETTER
        values = [_value(figures.get((indicator.id, park.id)), indicator) for park in parks]
        known = [v for v in values if v is not None]
        ranks = competition_ranks(values, higher_is_better=not lower)
        cells: list[AssessmentCell] = []
        for park, value, rank in zip(parks, values, ranks, strict=True):
            goal = _goal(target, indicator, allocated.get((target.id, park.id)) if target else None)
            gap = attainment = score = None
            if value is not None:
                score = _score(value, known, goal, lower, normalisation)
                if goal is not None:
                    gap = value - goal if lower else goal - value
                    share = _attainment(value, goal, lower)
                    attainment = None if share is None else float(share)
            cells.append(
                AssessmentCell(
                    indicator,
                    park.id,
                    figures.get((indicator.id, park.id)),
                    value,
                    rank,
                    score,
                    goal,
                    gap,
                    attainment,
                )
            )
        columns.append(cells)
        disparities.append(_disparity(indicator, known))
    results = _composite(parks, chosen, columns, weight_of)
    return ParkAssessment(
        plan,
        year,
        chosen,
        results,
        tuple(disparities),
        normalisation,
        weight_of,
        aggregated.disagreements,
    )


def _value(observation: Observation | None, indicator: Indicator) -> Fraction | None:
    if observation is None:
        return None
    return convert_exact(observation.magnitude, observation.unit, indicator.unit)


def _goal(
    target: Target | None, indicator: Indicator, allocation: Allocation | None
) -> Fraction | None:
    """The park's allocation, else the zone's target (the lower end of a range)."""
    if allocation is not None:
        return convert_exact(Fraction(allocation.magnitude), allocation.unit, indicator.unit)
    return _target_value(target, indicator)


def _weights(
    chosen: tuple[Indicator, ...], weights: Mapping[str, float | int | Fraction] | None
) -> dict[str, Fraction]:
    given = dict(weights or {})
    ids = {i.id for i in chosen}
    problems = [
        Problem(f"weights[{k!r}]", "not an assessed indicator") for k in given if k not in ids
    ]
    result: dict[str, Fraction] = {}
    for indicator in chosen:
        raw = given.get(indicator.id, 1)
        weight = Fraction(raw) if not isinstance(raw, float) else Fraction(str(raw))
        if weight < 0:
            problems.append(Problem(f"weights[{indicator.id!r}]", f"{raw} is negative"))
        result[indicator.id] = weight
    if problems:
        raise PlanDataError(problems, source="<assess_parks>")
    return result


def _composite(
    parks: tuple[Area, ...],
    chosen: tuple[Indicator, ...],
    columns: list[list[AssessmentCell]],
    weights: Mapping[str, Fraction],
) -> tuple[ParkResult, ...]:
    rows: list[tuple[Area, float | None, tuple[str, ...], tuple[AssessmentCell, ...]]] = []
    for index, park in enumerate(parks):
        cells = tuple(column[index] for column in columns)
        missing = tuple(cell.indicator.id for cell in cells if cell.value is None)
        score = None
        scored = [cell for cell in cells if cell.score is not None]
        total_weight = sum((weights[cell.indicator.id] for cell in scored), Fraction(0))
        if chosen and Fraction(len(missing), len(chosen)) <= MAX_MISSING and total_weight > 0:
            total = sum(weights[c.indicator.id] * Fraction(str(c.score)) for c in scored)
            score = float(total / total_weight)
        rows.append((park, score, missing, cells))
    ranks = competition_ranks(
        [None if s is None else Fraction(str(s)) for _, s, _, _ in rows], higher_is_better=True
    )
    results = [
        ParkResult(park, rank, score, missing, cells)
        for (park, score, missing, cells), rank in zip(rows, ranks, strict=True)
    ]
    order = {park.id: i for i, park in enumerate(parks)}
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, order[r.area.id]))
    return tuple(results)
