"""Evaluation: observed figures in; verdicts, progress, trajectories and scores out.

The formulas are those of ``specs/evaluation.md``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from zgc_plan._areas import for_evaluation, resolve_area
from zgc_plan._load import load_plan
from zgc_plan._model import ZONE_ID, Comparator, Direction, IndicatorCategory, Plan, Target
from zgc_plan._observations import (
    MAX_YEAR,
    MIN_YEAR,
    Observation,
    derive,
    format_magnitude,
    observations_from_mapping,
    series_by_key,
)
from zgc_plan._record import Record
from zgc_plan._units import Q_, Quantity, convert_exact, exact
from zgc_plan.exceptions import PlanDataError, Problem

if TYPE_CHECKING:
    from zgc_plan._report import Format

#: A frame of the library :meth:`Evaluation.to_frame` is asked for (pandas, polars …).
NativeFrame: TypeAlias = Any

__all__ = [
    "ON_TRACK_RATIO",
    "CategoryScore",
    "Evaluation",
    "Status",
    "TargetResult",
    "Trajectory",
    "evaluate",
]

#: A series is on track when its growth is at least this share of the growth
#: required (the ratio used by Open SDG and Statistics Canada).
ON_TRACK_RATIO = 0.95

QuantityLike: TypeAlias = Quantity | str
ObservationsLike: TypeAlias = (
    Mapping[int, QuantityLike]
    | Mapping[str, QuantityLike]
    | Mapping[int | str, QuantityLike]
    | Iterable[Observation]
)
Normalisation: TypeAlias = Literal["attainment", "progress"]


class Status(enum.Enum):
    """The verdict on one target."""

    #: The target is reached.
    MET = "met"
    #: The target year's figure (or a later one) does not reach the target.
    NOT_MET = "not_met"
    #: An earlier year's figure is on the path to the target.
    ON_TRACK = "on_track"
    #: An earlier year's figure is behind the path to the target.
    OFF_TRACK = "off_track"
    #: No zone-wide figure to judge by; none at all, or only one from before the
    #: target year that does not meet it and has no earlier baseline to show a trend.
    NO_DATA = "no_data"

    @property
    def label_en(self) -> str:
        """The verdict in English words (``not met``)."""
        return self.value.replace("_", " ")

    @property
    def label_zh(self) -> str:
        """The verdict in Chinese (``未达成``)."""
        return _LABELS_ZH[self]


_LABELS_ZH = {
    Status.MET: "已达成",
    Status.NOT_MET: "未达成",
    Status.ON_TRACK: "进度正常",
    Status.OFF_TRACK: "进度滞后",
    Status.NO_DATA: "无数据",
}


@attrs.frozen(repr=False, eq=False)
class Trajectory(Record):
    """Where a target's indicator should be, and where its own trend leads.

    All values are in the target's unit.

    Attributes:
        year: The year of the observed figure.
        expected_linear: Expected value in ``year`` on the straight line from
            the baseline to the target.
        expected_cagr: Expected value in ``year`` at the constant growth rate
            that leads from the baseline to the target.
        actual_rate: Observed compound annual growth rate since the baseline.
        required_rate: Compound annual growth rate needed from the baseline.
        growth_ratio: ``actual_rate / required_rate``; on track when at least
            :data:`ON_TRACK_RATIO`.
        projected: The observed series projected to the target year at its
            own growth rate.
    """

    year: int
    expected_linear: float
    expected_cagr: float | None
    actual_rate: float | None
    required_rate: float | None
    growth_ratio: float | None
    projected: float | None


@attrs.frozen(repr=False, eq=False)
class TargetResult(Record):
    """The evaluation of one target.

    Attributes:
        target: The target judged.
        status: The verdict.
        year: The year of the observed figure, or ``None``.
        observed_value: The observed figure in the target's unit, or ``None``.
        observation: The observation used, or ``None``.
        gap: Target minus observed, in the target's unit, signed so that a
            positive gap is still to go (observed minus target for a
            lower-is-better target).
        attainment: observed ÷ target (target ÷ observed when lower is better).
        baseline_value: The baseline figure in the target's unit, or ``None``.
        baseline_year: The baseline's year, or ``None``.
        progress: Share of the way from baseline to target, uncapped, or ``None``.
        trajectory: Expected path and projection, when a baseline is given.
    """

    target: Target
    status: Status
    year: int | None = None
    observed_value: float | None = None
    observation: Observation | None = None
    gap: float | None = None
    attainment: float | None = None
    baseline_value: float | None = None
    baseline_year: int | None = None
    progress: float | None = None
    trajectory: Trajectory | None = None

    @property
    def observed(self) -> Quantity | None:
        """The observed figure as a new quantity in the target's unit, or ``None``."""
        if self.observed_value is None:
            return None
        return Q_(self.observed_value, self.target.unit)

    @property
    def observed_text(self) -> str | None:
        """The observed figure with its unit, e.g. ``41 万元/人``."""
        if self.observed_value is None:
            return None
        return format_magnitude(self.observed_value, self.target.unit)

    @property
    def name_zh(self) -> str:
        """What the target measures, the indicator's name or else the target's title."""
        indicator = self.target.indicator
        return indicator.name_zh if indicator is not None else self.target.title_zh

    @property
    def name_en(self) -> str:
        """What the target measures, in English."""
        indicator = self.target.indicator
        return indicator.name_en if indicator is not None else self.target.title_en

    @property
    def explanation_en(self) -> str:
        """The verdict in one English line.

        Example:
            ``Labour productivity 41 万元/人 > 40 万元/人: met``
        """
        return self._explain(self.name_en, self.status.label_en, "no figure", " (figure of {})")

    @property
    def explanation_zh(self) -> str:
        """The verdict in one Chinese line.

        Example:
            ``劳动生产率 41 万元/人 > 40 万元/人: 已达成``
        """
        return self._explain(self.name_zh, self.status.label_zh, "无数据", " ({}年数据)")

    def _explain(self, name: str, verdict: str, no_figure: str, of_year: str) -> str:
        # of_year is a format with one field, the year of a figure that is not of the
        # target's year.
        target = self.target.value_text
        if self.observed_text is None:
            return f"{name} {no_figure}; {target}: {verdict}"
        year = ""
        if self.year is not None and self.year != self.target.year:
            year = of_year.format(self.year)
        sign = "" if self.status is Status.NO_DATA else f" {self.relation} "
        return f"{name} {self.observed_text}{year}{sign}{target.lstrip('≥>≤<≈∈ ')}: {verdict}"

    @property
    def relation(self) -> str:
        """How the observed figure stands to the target, as ``>``, ``=``, ``<`` or ``∈``/``∉``."""
        if self.observed_value is None:
            return "?"
        observed = exact(self.observed_value)
        if self.target.comparator is Comparator.BETWEEN:
            return "∈" if self.target.is_met_by(observed) else "∉"
        if self.target.comparator is Comparator.ABOUT:
            return "≈" if self.target.is_met_by(observed) else "≉"
        value = Fraction(self.target.magnitude)
        return ">" if observed > value else ("=" if observed == value else "<")


@attrs.frozen(repr=False, eq=False)
class CategoryScore(Record):
    """The 0-100 score of one indicator category, or of the whole plan.

    Attributes:
        category: The category, or ``None`` for the overall score.
        score: Weighted mean of the scores of the targets with data, or
            ``None`` when none has data.
        counted: Ids of the targets that entered the score.
        missing: Ids of the targets without data, reported and not counted.
    """

    category: IndicatorCategory | None
    score: float | None
    counted: tuple[str, ...]
    missing: tuple[str, ...]


@attrs.frozen(repr=False, eq=False)
class Evaluation(Record):
    """The result of :func:`evaluate`: one result per target, in plan order.

    Attributes:
        plan: The plan evaluated.
        year: The year evaluated, or ``None`` for each target's own year.
        results: One result per target of the plan, in plan order.
        categories: The score of each indicator category, in annex order.
        overall: The overall score over every target with data.
        normalisation: How target scores were computed: ``"progress"`` or
            ``"attainment"``.
        skipped: Observations left out because they are not zone-wide.
        area: The id of the area judged (the zone by default).
    """

    plan: Plan
    year: int | None
    results: tuple[TargetResult, ...]
    categories: tuple[CategoryScore, ...]
    overall: CategoryScore
    normalisation: Normalisation
    skipped: tuple[Observation, ...] = ()
    area: str = ZONE_ID

    def result(self, key: int | str) -> TargetResult:
        """The result of a target, by target number (1-17) or id, or by indicator id.

        An integer is a target's number, not an indicator's annex number: use
        ``result(plan.target_for(7).id)`` or the indicator's id for those.

        Raises:
            KeyError: if no target matches.
        """
        for result in self.results:
            target = result.target
            indicator = target.indicator
            if key in (target.id, target.number) and not isinstance(key, bool):
                return result
            if isinstance(key, str) and indicator is not None and key == indicator.id:
                return result
        raise KeyError(f"no target with number or id {key!r}")

    def by_status(self, status: Status) -> tuple[TargetResult, ...]:
        """The results with a given status, in plan order."""
        return tuple(result for result in self.results if result.status is status)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dictionary of the evaluation."""
        from zgc_plan._report import to_dict

        return to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The evaluation as JSON text."""
        from zgc_plan._report import to_json

        return to_json(self, indent=indent)

    def to_csv(self, *, bom: bool = False) -> str:
        """One CSV row per target; ``bom`` starts it with a UTF-8 byte order mark (Excel)."""
        from zgc_plan._report import to_csv

        return to_csv(self, bom=bom)

    def to_markdown(self) -> str:
        """A Markdown table, one row per target, and the scores."""
        from zgc_plan._report import to_markdown

        return to_markdown(self)

    def to_table(self) -> str:
        """A plain-text table aligned by display width (Chinese is two columns wide)."""
        from zgc_plan._report import to_table

        return to_table(self)

    def to_frame(self, backend: str = "pandas") -> NativeFrame:
        """One row per target as a data frame of ``backend`` (needs ``zgc_plan[frames]``).

        Numeric columns ``observed``, ``target_value``, ``gap``, ``attainment``,
        ``progress`` and ``baseline`` in the target's ``unit``, with the
        ``comparator`` and the ``status``: see :func:`zgc_plan.frames.evaluation_frame`.
        """
        from zgc_plan._frames import evaluation_frame

        return evaluation_frame(self, backend)

    def render(self, format: Format) -> str:
        """Render in one of ``table``, ``json``, ``csv`` or ``markdown``."""
        from zgc_plan._report import render

        return render(self, format)


def _as_observations(
    observations: ObservationsLike, plan: Plan, year: int
) -> tuple[Observation, ...]:
    if isinstance(observations, Mapping):
        return observations_from_mapping(observations, year, plan)
    items: tuple[object, ...] = tuple(observations)
    bad = [i for i, item in enumerate(items) if not isinstance(item, Observation)]
    if bad:
        raise PlanDataError(
            [
                Problem(f"[{i}]", f"expected an Observation, got {type(items[i]).__name__}")
                for i in bad
            ],
            source="<observations>",
        )
    return tuple(item for item in items if isinstance(item, Observation))


def _pick(series: Mapping[int, Observation], year: int | None) -> Observation | None:
    """The figure of ``year``, else the latest before it (the latest of all without year)."""
    if not series:
        return None
    if year is None:
        return series[max(series)]
    earlier = [y for y in series if y <= year]
    return series[max(earlier)] if earlier else None


def _value_in(observation: Observation, target: Target) -> Fraction:
    # Observations are checked against the indicator's dimension when made, and a
    # target has its indicator's dimension, so the exact magnitudes convert directly.
    return convert_exact(observation.magnitude, observation.unit, target.unit)


def _ratio(numerator: Fraction, denominator: Fraction) -> float | None:
    return float(numerator / denominator) if denominator != 0 else None


def _growth(start: float, end: float, years: int) -> float | None:
    if years <= 0 or start <= 0 or end <= 0:
        return None
    return float((end / start) ** (1 / years) - 1)


def _trajectory(
    target: Target, baseline: Fraction, baseline_year: int, observed: Fraction, year: int
) -> Trajectory | None:
    span = target.year - baseline_year
    if span <= 0 or year < baseline_year:
        return None
    goal = Fraction(target.magnitude)
    share = Fraction(year - baseline_year, span)
    linear = float(baseline + (goal - baseline) * share)
    cagr = None
    if baseline > 0 and goal > 0:
        cagr = float(baseline) * (float(goal) / float(baseline)) ** float(share)
    required = _growth(float(baseline), float(goal), span)
    actual = _growth(float(baseline), float(observed), year - baseline_year)
    ratio = actual / required if actual is not None and required else None
    projected = None
    if actual is not None:
        projected = float(observed) * (1 + actual) ** (target.year - year)
    return Trajectory(year, linear, cagr, actual, required, ratio, projected)


def _on_track(trajectory: Trajectory | None) -> Status:
    """ON_TRACK when the growth since the baseline is enough, else OFF_TRACK."""
    if trajectory is None or trajectory.growth_ratio is None:
        # No growth rate (a zero or negative value, or no growth needed): judged as
        # not on the path, since the figure does not meet the target yet.
        return Status.OFF_TRACK
    return Status.ON_TRACK if trajectory.growth_ratio >= ON_TRACK_RATIO else Status.OFF_TRACK


def _judge(
    target: Target,
    observation: Observation | None,
    baseline: Observation | None,
    tolerance: float | Decimal | None,
) -> TargetResult:
    if observation is None:
        return TargetResult(target, Status.NO_DATA)
    observed = _value_in(observation, target)
    goal = Fraction(target.magnitude)
    lower_better = target.direction is Direction.LOWER_IS_BETTER
    met = target.is_met_by(observed, tolerance=tolerance)
    gap = float(observed - goal) if lower_better else float(goal - observed)
    attainment = _ratio(goal, observed) if lower_better else _ratio(observed, goal)
    base_value = progress = None
    trajectory = None
    if baseline is not None:
        base = _value_in(baseline, target)
        base_value = float(base)
        progress = (
            _ratio(base - observed, base - goal)
            if lower_better
            else _ratio(observed - base, goal - base)
        )
        trajectory = _trajectory(target, base, baseline.year, observed, observation.year)
    if observation.year >= target.year or met:
        status = Status.MET if met else Status.NOT_MET
    elif baseline is not None and baseline.year < observation.year:
        status = _on_track(trajectory)
    else:
        # An earlier figure with no baseline before it says nothing of the target
        # year: it is shown, but not judged.
        status = Status.NO_DATA
    return TargetResult(
        target, status, observation.year, float(observed), observation, gap, attainment,
        base_value, baseline.year if baseline else None, progress, trajectory,
    )  # fmt: skip


def _target_score(result: TargetResult, normalisation: Normalisation) -> float | None:
    if result.status is Status.NO_DATA:
        return None
    if result.status is Status.MET:
        return 100.0
    share = result.progress if normalisation == "progress" else result.attainment
    if share is None:
        share = result.attainment
    if share is None:
        return None
    return 100.0 * min(max(share, 0.0), 1.0)


def _score(
    category: IndicatorCategory | None,
    results: Iterable[TargetResult],
    normalisation: Normalisation,
    weights: Mapping[str, float],
) -> CategoryScore:
    total = weight_sum = 0.0
    counted: list[str] = []
    missing: list[str] = []
    for result in results:
        score = _target_score(result, normalisation)
        if score is None:
            missing.append(result.target.id)
            continue
        weight = float(weights.get(result.target.id, 1.0))
        total += weight * score
        weight_sum += weight
        counted.append(result.target.id)
    value = total / weight_sum if weight_sum > 0 else None
    return CategoryScore(category, value, tuple(counted), tuple(missing))


def evaluate(
    observations: ObservationsLike,
    plan: Plan | None = None,
    *,
    baseline: ObservationsLike | int | None = None,
    year: int | None = None,
    tolerance: float | Decimal | None = None,
    weights: Mapping[str, float] | None = None,
    normalisation: Normalisation | None = None,
    include_context: bool = False,
    area: str | None = None,
) -> Evaluation:
    """Judge observed figures against the plan's targets.

    Args:
        observations: Either a mapping ``{indicator number or id: quantity}``
            (a :class:`Quantity` of :data:`zgc_plan.ureg`, or text such as
            ``"41万元/人"``) of the evaluation year, or :class:`Observation`
            objects of any years.  Base statistics among them (总收入,
            从业人员 …) are turned into the indicators they define.
        plan: The plan; the shipped plan by default.
        baseline: The figures to measure progress from: a mapping (of the
            year before the plan, ``start_year - 1``), observations, or a year
            whose figures among ``observations`` are the baseline.
        year: The year to evaluate.  By default each target's own year, with
            the latest figure up to it; with a mapping, the plan's end year.
        tolerance: A relative tolerance for 左右 targets, instead of the data's.
        weights: Weights of targets in the scores, by target id (default 1).
        normalisation: ``"progress"`` (the default with a baseline) or
            ``"attainment"`` (the default without).
        include_context: Also use figures of areas outside the zone.
        area: The area to judge, by id or Chinese name (``"海淀园"``): its
            figures are judged against the plan's targets (a plan with the
            park's allocated targets: :func:`zgc_plan.allocated_plan`).  The
            zone by default.  Figures of months, quarters and parks are
            aggregated into years first (:func:`zgc_plan.aggregate`).

    Returns:
        One :class:`TargetResult` per target, in plan order, and the scores.

    Raises:
        PlanDataError: if an indicator key or a quantity string is unreadable.
        UnitMismatchError: if a quantity has the wrong dimension.

    Example:
        >>> import zgc_plan
        >>> evaluation = zgc_plan.evaluate({7: "41万元/人", 10: "0.07吨标煤/万元"})
        >>> evaluation.result("labour-productivity").status
        <Status.MET: 'met'>
        >>> evaluation.result("energy-intensity").explanation_en
        'Energy consumption per 10,000 yuan of value added 0.07 吨标煤/万元 > 0.065 吨标煤/万元: not met'
        >>> len(evaluation.by_status(zgc_plan.Status.NO_DATA))
        15
    """
    plan = plan or load_plan()
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        raise PlanDataError(f"year {year} is outside {MIN_YEAR}..{MAX_YEAR}", source="<evaluate>")
    default_year = year if year is not None else plan.document.end_year
    given = _as_observations(observations, plan, default_year)
    base_year = baseline if isinstance(baseline, int) and not isinstance(baseline, bool) else None
    baseline_given: tuple[Observation, ...] = ()
    if baseline is not None and base_year is None:
        assert not isinstance(baseline, int)  # noqa: S101 (narrowed above)
        baseline_given = _as_observations(baseline, plan, plan.document.start_year - 1)
    usable, skipped = for_evaluation(given, plan, area, include_context)
    usable += derive(usable, plan)
    base_usable = baseline_given + derive(baseline_given, plan)

    series = series_by_key(usable)
    base_series = series_by_key(base_usable)

    results: list[TargetResult] = []
    for target in plan.targets:
        indicator = target.indicator
        # A target without an indicator may have figures of its own (parks covered).
        own = series.get(indicator.id if indicator else target.id, {})
        observation = _pick(own, year if year is not None else target.year)
        base: Observation | None = None
        if base_year is not None:
            base = own.get(base_year)
        elif indicator is not None and indicator.id in base_series:
            base = _pick(base_series[indicator.id], None)
        if base is not None and observation is not None and base.year > observation.year:
            base = None
        results.append(_judge(target, observation, base, tolerance))

    chosen: Normalisation = normalisation or ("progress" if baseline is not None else "attainment")
    weights = weights or {}
    unknown = sorted(set(weights) - {t.id for t in plan.targets})
    if unknown:
        raise PlanDataError(
            [Problem(f"weights[{k!r}]", "no target has this id") for k in unknown],
            source="<evaluate>",
        )
    categories = tuple(
        _score(
            category,
            (
                r
                for r in results
                if r.target.indicator and r.target.indicator.category.id == category.id
            ),
            chosen,
            weights,
        )
        for category in plan.categories
    )
    overall = _score(None, results, chosen, weights)
    return Evaluation(
        plan, year, tuple(results), categories, overall, chosen, skipped, resolve_area(plan, area)
    )
