"""Evaluation: observed figures in; verdicts, progress, trajectories and scores out.

The formulas are those of ``specs/evaluation.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from numbers import Real
from typing import Any, Literal, NamedTuple, Protocol, TypeAlias, cast, get_args

import attrs

from zgc_plan._arguments import describe
from zgc_plan._comparators import Comparator, Direction, Judgement, Tolerance
from zgc_plan._derive import derive
from zgc_plan._display import format_magnitude
from zgc_plan._exact import convert_exact, exact, finite_float
from zgc_plan._growth import GROWTH_REASONS, measure_growth
from zgc_plan._labels import Labelled
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import ZONE_ID, GrowthKind, IndicatorCategory, Plan, Target
from zgc_plan._observation_checks import duplicate_problems, value_problem
from zgc_plan._observation_files import observations_from_mapping
from zgc_plan._observations import Observation, ObservationStatus, identity, series_by_key
from zgc_plan._outputs import Format, Writer, output_module
from zgc_plan._periods import MAX_YEAR, MIN_YEAR
from zgc_plan._registry import Q_, Quantity
from zgc_plan._unit_parsing import parse_unit
from zgc_plan.exceptions import PlanArgumentError, PlanDataError, Problem, shown

#: A frame of the library :meth:`Evaluation.to_frame` is asked for (pandas, polars …).
NativeFrame: TypeAlias = Any

__all__ = [
    "NOT_MET_SCORE_CAP",
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

#: The highest score of a target that is not met: only a met target scores 100.
NOT_MET_SCORE_CAP = 99.0

QuantityLike: TypeAlias = Quantity | str | int | float | Decimal | Fraction
ObservationsLike: TypeAlias = (
    Mapping[int, QuantityLike]
    | Mapping[str, QuantityLike]
    | Mapping[int | str, QuantityLike]
    | Iterable[Observation]
)
Normalisation: TypeAlias = Literal["attainment", "progress"]
NORMALISATIONS: tuple[Normalisation, ...] = get_args(Normalisation)

_SOURCE = "<evaluate>"


class Status(Labelled):
    """The verdict on one target."""

    #: The target is reached.
    MET = "met", "已达成", "met"
    #: The target year's figure (or a later one) does not reach the target.
    NOT_MET = "not_met", "未达成", "not met"
    #: An earlier year's figure is on the path to the target.
    ON_TRACK = "on_track", "进度正常", "on track"
    #: An earlier year's figure is behind the path to the target, or moved away from it.
    OFF_TRACK = "off_track", "进度滞后", "off track"
    #: There is a figure, but nothing to judge it by (an earlier year's figure
    #: that does not meet the target, with no baseline before it) or it is of
    #: lower quality than the evaluation's ``min_status``. It is still shown.
    NOT_JUDGED = "not_judged", "未评判", "not judged"
    #: No figure at all.
    NO_DATA = "no_data", "无数据", "no data"


#: Why a figure was not judged, in English and Chinese.
_REASONS = {
    "no_baseline": ("an earlier year's figure and no baseline", "早于目标年份且无基期数据"),
    "quality": ("figure below the required quality", "数据质量低于要求"),
}


@attrs.frozen
class Trajectory:
    """Where a target's indicator should be, and where its own trend leads.

    All values are in the target's unit.

    Attributes:
        year: The year of the observed figure.
        expected_linear: Expected value in ``year`` on the straight line from
            the baseline to the target.
        expected_cagr: Expected value in ``year`` at the constant growth rate
            that leads from the baseline to the target, or ``None`` when the
            baseline or the target is not positive.
        actual_rate: Observed compound annual growth rate since the baseline.
        required_rate: Compound annual growth rate needed from the baseline.
        growth_ratio: ``actual_rate / required_rate``; on track when at least
            :data:`ON_TRACK_RATIO`. ``None`` when a rate is undefined (a
            value that is not positive, or no growth needed).
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


@attrs.frozen
class TargetResult:
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
        progress: Share of the way from baseline to target, uncapped, or
            ``None`` (no baseline, or a baseline already at or past the target).
        trajectory: Expected path and projection, when a baseline is given.
        relation: How the figure stands to the target (``>``, ``=``, ``<``,
            ``≈``/``≉``, ``∈``/``∉``), from the same judgement as the verdict;
            ``"?"`` without a figure.
        exceeded: The figure lies past a 左右 or range band on the better side
            (超额完成).
        reason: Why a figure was not judged (``"no_baseline"``, ``"quality"``;
            for a growth target also ``"base_not_positive"``, ``"not_percent"``),
            else ``""``.
        conflict: A figure derived from base statistics for the same year and
            scope that disagrees with the given figure beyond rounding; the
            given figure is the one judged.
        base_observation: For a growth target, the figure its growth is
            measured from (of its ``base_year``, or the baseline), else ``None``.
            The growth target's ``observed_value``, ``gap`` and ``attainment``
            are then of the growth, in the target's unit (a rate in %, a
            multiple, a change in 百分点).
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
    relation: str = "?"
    exceeded: bool = False
    reason: str = ""
    conflict: Observation | None = None
    base_observation: Observation | None = None

    @property
    def observed(self) -> Quantity | None:
        """The observed figure as a new quantity in the target's unit, or ``None``."""
        if self.observed_value is None:
            return None
        return Q_(self.observed_value, self.target.unit)

    @property
    def observed_text(self) -> str | None:
        """The observed figure with its unit, e.g. ``41 万元/人``."""
        if self.observation is None:
            return None
        if self.target.is_growth:
            return self._growth_text()
        return format_magnitude(
            convert_exact(self.observation.magnitude, self.observation.unit, self.target.unit),
            self.target.unit,
        )

    def _growth_text(self) -> str:
        """The figure of a growth target: the base figure, the figure, and the growth between."""
        assert self.observation is not None  # noqa: S101 (only called with a figure)
        base = self.base_observation
        if base is None:
            return self.observation.value_text
        shown = f"{base.value_text} ({base.year}) → {self.observation.value_text} ({self.year})"
        if self.observed_value is None:
            return shown
        growth = attrs.evolve(
            self.target, comparator=Comparator.AT_LEAST, magnitude=Decimal(f"{self.observed_value:.6g}"),
            base_year=base.year,
        )  # fmt: skip
        return f"{shown}, {growth.value_text.removeprefix('≥ ')}"

    @property
    def quality(self) -> ObservationStatus | None:
        """The weakest status behind the figure judged (see :attr:`Observation.quality`)."""
        return self.observation.quality if self.observation is not None else None

    def _caveat(self, language: int, separator: str) -> str:
        # language: 0 for English, 1 for Chinese, as in the tables of labels.
        parts = (
            [self.quality.label_en if language == 0 else self.quality.label_zh]
            if self.quality
            else []
        )
        if self.exceeded and self.status is Status.MET:
            parts.append(("exceeded", "超额完成")[language])
        if self.reason:
            growth = self.target.is_growth and self.reason in GROWTH_REASONS
            parts.append((GROWTH_REASONS if growth else _REASONS)[self.reason][language])
        return separator.join(p for p in parts if p)

    @property
    def caveat_en(self) -> str:
        """What the verdict rests on when that is not a published figure, or ``""``."""
        return self._caveat(0, ", ")

    @property
    def caveat_zh(self) -> str:
        """What the verdict rests on, in Chinese, or ``""``."""
        return self._caveat(1, "，")

    @property
    def verdict_en(self) -> str:
        """The status with its caveat, such as ``met (uncertain figure)``."""
        caveat = self.caveat_en
        return f"{self.status.label_en} ({caveat})" if caveat else self.status.label_en

    @property
    def verdict_zh(self) -> str:
        """The status with its caveat, such as ``已达成(数据存疑)``."""
        caveat = self.caveat_zh
        return f"{self.status.label_zh}({caveat})" if caveat else self.status.label_zh

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
        return self._explain(
            self.name_en, self.verdict_en, "no figure", " (figure of {})", "; derived: {}"
        )

    @property
    def explanation_zh(self) -> str:
        """The verdict in one Chinese line.

        Example:
            ``劳动生产率 41 万元/人 > 40 万元/人: 已达成``
        """
        return self._explain(self.name_zh, self.verdict_zh, "无数据", " ({}年数据)", "；推算值 {}")

    def _explain(self, name: str, verdict: str, no_figure: str, of_year: str, derived: str) -> str:
        # of_year and derived are formats with one field: the year of a figure that
        # is not of the target's year, and a disagreeing derived figure.
        target = self.target.value_text
        if self.observed_text is None:
            return f"{name} {no_figure}; {target}: {verdict}"
        year = ""
        if self.year is not None and self.year != self.target.year and not self.target.is_growth:
            year = of_year.format(self.year)
        bare = target.lstrip("≥>≤<≈∈ ")
        line = f"{name} {self.observed_text}{year} {self.relation} {bare}: {verdict}"
        if self.conflict is not None:
            line += derived.format(self.conflict.value_text)
        return line


@attrs.frozen
class CategoryScore:
    """The 0-100 score of one indicator category, or of the whole plan.

    Attributes:
        category: The category, or ``None`` for the overall score.
        score: Weighted mean of the scores of the targets with a verdict, or
            ``None`` when none has one.
        counted: Ids of the targets that entered the score.
        missing: Ids of the targets without a figure, reported and not counted.
        not_judged: Ids of the targets with a figure but no verdict, reported
            and not counted.
    """

    category: IndicatorCategory | None
    score: float | None
    counted: tuple[str, ...]
    missing: tuple[str, ...]
    not_judged: tuple[str, ...] = ()


@attrs.frozen
class Evaluation:
    """The result of :func:`evaluate`: one result per target, in plan order.

    Attributes:
        plan: The plan evaluated.
        year: The year evaluated, or ``None`` for each target's own year.
        results: One result per target of the plan, in plan order.
        categories: The score of each indicator category, in annex order.
        overall: The overall score over every target with a verdict.
        normalisation: How target scores were computed: ``"progress"`` or
            ``"attainment"``.
        skipped: Observations left out: those of another area than the one
            judged, and those that are not figures of a whole year (a
            quarter, a month, or a year whose months or parks are partly
            missing after aggregation), which no annual target is judged by.
        min_status: The weakest figure quality judged, or ``None`` for all.
        strict_ranges: Whether 左右 and ranges were read as two-sided.
        area: The id of the area judged (the zone by default).
    """

    plan: Plan
    year: int | None
    results: tuple[TargetResult, ...]
    categories: tuple[CategoryScore, ...]
    overall: CategoryScore
    normalisation: Normalisation
    skipped: tuple[Observation, ...] = ()
    min_status: ObservationStatus | None = None
    strict_ranges: bool = False
    area: str = ZONE_ID

    def result(self, key: int | str) -> TargetResult:
        """The result of a target, as :meth:`Plan.target` finds it.

        An integer is an indicator's annex number (序号), as in :func:`evaluate`'s
        mappings; a string is a target id, an indicator id or an indicator's
        Chinese name.

        Raises:
            KeyError: if no target matches; the message lists the valid keys.
        """
        target = self.plan.target(key)
        for result in self.results:
            if result.target.id == target.id:
                return result
        raise KeyError(f"no result for target {target.id!r}")  # pragma: no cover

    def by_status(self, status: Status) -> tuple[TargetResult, ...]:
        """The results with a given status, in plan order."""
        return tuple(result for result in self.results if result.status is status)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dictionary of the evaluation."""
        return _writer().to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The evaluation as JSON text."""
        return _writer().to_json(self, indent=indent)

    def to_csv(self, *, bom: bool = False) -> str:
        """One CSV row per target; ``bom`` starts it with a UTF-8 byte order mark (Excel)."""
        return _writer().to_csv(self, bom=bom)

    def to_markdown(self) -> str:
        """A Markdown table, one row per target, and the scores."""
        return _writer().to_markdown(self)

    def to_table(self) -> str:
        """A plain-text table aligned by display width (Chinese is two columns wide)."""
        return _writer().to_table(self)

    def to_frame(self, backend: str = "pandas") -> NativeFrame:
        """One row per target as a data frame of ``backend`` (needs ``zgc_plan[frames]``).

        Numeric columns ``observed``, ``target_value``, ``gap``, ``attainment``,
        ``progress`` and ``baseline`` in the target's ``unit``, with the
        ``comparator`` and the ``status``: see :func:`zgc_plan.frames.evaluation_frame`.
        """
        frames = cast(_EvaluationFrames, output_module("frames"))
        return frames.evaluation_frame(self, backend)

    def render(self, format: Format) -> str:
        """Render in one of ``table``, ``json``, ``csv`` or ``markdown``."""
        return _writer().render(self, format)


class _EvaluationFrames(Protocol):
    """What the output module of the ``"frames"`` role provides for an evaluation."""

    def evaluation_frame(self, evaluation: Evaluation, backend: str, /) -> NativeFrame: ...


def _writer() -> Writer[Evaluation]:
    return cast("Writer[Evaluation]", output_module("evaluation"))


# -- reading the arguments ---------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, Real | Decimal) and not isinstance(value, bool)


def _check_year(year: object, name: str) -> int | None:
    if year is None:
        return None
    if not isinstance(year, int) or isinstance(year, bool):
        raise PlanArgumentError(
            f"{name} must be an integer year such as 2022, got {describe(year)}"
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PlanDataError(
            f"{name} {shown(year)} is outside {MIN_YEAR}..{MAX_YEAR}", source=_SOURCE
        )
    return year


def _check_tolerance(tolerance: object) -> Fraction | None:
    if tolerance is None:
        return None
    if not _is_number(tolerance):
        raise PlanArgumentError(
            f"tolerance must be a number such as 0.05, got {describe(tolerance)}"
        )
    value = exact(tolerance)
    if not 0 < value < 1:
        raise PlanDataError(
            f"tolerance {tolerance} is outside (0, 1): give a share of the target, 0.05 for ±5%",
            source=_SOURCE,
        )
    return value


def _check_normalisation(normalisation: object) -> Normalisation | None:
    if normalisation is None:
        return None
    for name in NORMALISATIONS:
        if normalisation == name:
            return name
    raise PlanDataError(
        f"normalisation {normalisation!r} is not one of {', '.join(NORMALISATIONS)}",
        source=_SOURCE,
    )


def _check_min_status(min_status: object) -> ObservationStatus | None:
    if min_status is None or isinstance(min_status, ObservationStatus):
        return min_status
    for member in ObservationStatus:
        if min_status == member.value:
            return member
    raise PlanDataError(
        f"min_status {min_status!r} is not one of {', '.join(m.value for m in ObservationStatus)}",
        source=_SOURCE,
    )


def _check_weights(weights: object, plan: Plan) -> Mapping[str, float]:
    if weights is None:
        return {}
    if not isinstance(weights, Mapping):
        raise PlanArgumentError(
            f"weights must be a mapping {{target id: weight}}, got {describe(weights)}"
        )
    problems: list[Problem] = []
    ids = {t.id for t in plan.targets}
    checked: dict[str, float] = {}
    for key, weight in weights.items():
        if key not in ids:
            problems.append(Problem(f"weights[{key!r}]", "no target has this id"))
        elif not _is_number(weight) or not math.isfinite(float(weight)) or float(weight) < 0:
            problems.append(
                Problem(f"weights[{key!r}]", f"expected a finite number ≥ 0, got {weight!r}")
            )
        else:
            checked[key] = float(weight)
    if problems:
        raise PlanDataError(problems, source=_SOURCE)
    return checked


def _as_observations(
    observations: object, plan: Plan, year: int, name: str
) -> tuple[Observation, ...]:
    if isinstance(observations, Mapping):
        return observations_from_mapping(observations, year, plan, source=f"<{name}>")
    if isinstance(observations, str | bytes) or not isinstance(observations, Iterable):
        raise PlanArgumentError(
            f"{name} must be a mapping {{indicator: quantity}} or Observation objects"
            + (", or a year" if name == "baseline" else "")
            + f"; got {describe(observations)}"
        )
    items: tuple[object, ...] = tuple(observations)
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if not isinstance(item, Observation):
            problems.append(Problem(f"[{i}]", f"expected an Observation, got {describe(item)}"))
            continue
        try:
            problem = value_problem(plan, item.key, item.magnitude, item.unit)
        except KeyError:
            problem = f"no indicator or statistic {item.key!r} in the plan"
        if problem is not None:
            problems.append(Problem(f"[{i}]", problem))
    if problems:
        raise PlanDataError(problems, source=f"<{name}>")
    given = tuple(item for item in items if isinstance(item, Observation))
    kept, duplicates = duplicate_problems(
        given,
        plan,
        lambda i: (f"[{i}]" + (f" ({given[i].source})" if given[i].source else ""), None),
    )
    if duplicates:
        raise PlanDataError(duplicates, source=f"<{name}>")
    return tuple(kept)


# -- which figures -------------------------------------------------------------------


def _decimals(value: Fraction) -> int | None:
    """How many decimals a figure was written with, or ``None`` if it is no decimal."""
    for places in range(13):
        if (value * 10**places).denominator == 1:
            return places
    return None


def _agrees(given: Observation, derived: Observation) -> bool:
    """Whether a derived figure rounds to the given one, at the given one's precision."""
    value = given.magnitude
    other = convert_exact(derived.magnitude, derived.unit, given.unit)
    places = _decimals(value)
    if places is None:
        return abs(other - value) <= Fraction(1, 10**12) * max(abs(value), abs(other))
    return abs(other - value) <= Fraction(1, 2 * 10**places)


def _with_derived(
    given: tuple[Observation, ...], plan: Plan
) -> tuple[tuple[Observation, ...], dict[tuple[object, ...], Observation]]:
    """Given figures, then derived ones that fill gaps; derived rivals that disagree.

    A figure given for an indicator always wins over one derived from base
    statistics: derivation only fills gaps.
    """
    by_identity = {identity(o): o for o in given}
    filled: list[Observation] = []
    conflicts: dict[tuple[object, ...], Observation] = {}
    for derived in derive(given, plan):
        rival = by_identity.get(identity(derived))
        if rival is None:
            filled.append(derived)
        elif not _agrees(rival, derived):
            conflicts[identity(rival)] = derived
    return given + tuple(filled), conflicts


def _pick(series: Mapping[int, Observation], year: int | None) -> Observation | None:
    """The figure of ``year``, else the latest before it (the latest of all without year)."""
    if not series:
        return None
    if year is None:
        return series[max(series)]
    earlier = [y for y in series if y <= year]
    return series[max(earlier)] if earlier else None


# -- judging one target --------------------------------------------------------------


def _value_in(observation: Observation, target: Target) -> Fraction:
    # Observations are checked against the indicator's dimension when made, and a
    # target has its indicator's dimension, so the exact magnitudes convert directly.
    return convert_exact(observation.magnitude, observation.unit, target.unit)


def _ratio(numerator: Fraction, denominator: Fraction) -> float | None:
    return float(numerator / denominator) if denominator != 0 else None


def _growth(start: Fraction, end: Fraction, years: int) -> float | None:
    if years <= 0 or start <= 0 or end <= 0:
        return None
    try:
        rate = float(end / start) ** (1 / years) - 1
    except (OverflowError, ZeroDivisionError):
        return None
    return rate if math.isfinite(rate) else None


def _aim(target: Target, base: Fraction, strict_ranges: bool) -> tuple[Fraction, int]:
    """The value progress is measured to, and +1 when higher values are better from ``base``.

    For a band read strictly, better is towards the band from wherever the
    baseline is; otherwise it is the target's direction.
    """
    better = 1 if target.direction is Direction.HIGHER_IS_BETTER else -1
    low = Fraction(target.magnitude)
    if target.comparator is not Comparator.BETWEEN:
        if strict_ranges and target.comparator is Comparator.ABOUT and base != low:
            return low, 1 if base < low else -1
        return low, better
    assert target.upper_magnitude is not None  # noqa: S101 (the loader guarantees it)
    high = Fraction(target.upper_magnitude)
    if strict_ranges and base > high:
        return high, -1
    if strict_ranges and base < low:
        return low, 1
    return (low if better > 0 else high), better


def _trajectory(
    aim: Fraction, target_year: int, base: Fraction, base_year: int, observed: Fraction, year: int
) -> Trajectory | None:
    span = target_year - base_year
    if span <= 0 or year < base_year:
        return None
    share = Fraction(year - base_year, span)
    linear = finite_float(base + (aim - base) * share)
    if linear is None:
        return None
    cagr = None
    if base > 0 and aim > 0:
        try:
            cagr = finite_float(float(base) * (float(aim) / float(base)) ** float(share))
        except (OverflowError, ZeroDivisionError):
            cagr = None
    required = _growth(base, aim, span)
    actual = _growth(base, observed, year - base_year)
    ratio = actual / required if actual is not None and required else None
    projected = None
    if actual is not None:
        try:
            projected = finite_float(float(observed) * (1 + actual) ** (target_year - year))
        except OverflowError:
            projected = None
    return Trajectory(year, linear, cagr, actual, required, ratio, projected)


def _trend_status(
    target: Target,
    aim: Fraction,
    better: int,
    base: Fraction,
    observed: Fraction,
    progress: Fraction | None,
    elapsed: Fraction,
    trajectory: Trajectory | None,
) -> Status:
    """ON_TRACK or OFF_TRACK for an earlier year's figure that does not meet the target."""
    if progress is None:
        # The baseline was at or past the target, and the figure no longer meets it.
        return Status.OFF_TRACK
    if target.comparator.is_band and better * observed > better * aim:
        # Past the band on the far side (a strict reading): not on the way to it.
        return Status.OFF_TRACK
    positive = base > 0 and aim > 0 and observed > 0
    if positive and trajectory is not None and trajectory.growth_ratio is not None:
        return Status.ON_TRACK if trajectory.growth_ratio >= ON_TRACK_RATIO else Status.OFF_TRACK
    # No compound growth through zero or negative values: the straight-line path.
    on_path = progress >= Fraction(ON_TRACK_RATIO) * elapsed
    return Status.ON_TRACK if on_path else Status.OFF_TRACK


class _Options(NamedTuple):
    tolerance: Fraction | None
    strict_ranges: bool
    min_status: ObservationStatus | None


def _judge(
    target: Target, observation: Observation, baseline: Observation | None, options: _Options
) -> TargetResult:
    """Judge a target of a level against its figure (``specs/evaluation.md``)."""
    observed = _value_in(observation, target)
    goal = Fraction(target.magnitude)
    lower_better = target.direction is Direction.LOWER_IS_BETTER
    judgement: Judgement = target.judge(
        observed, tolerance=options.tolerance, strict_ranges=options.strict_ranges
    )
    gap = finite_float(observed - goal if lower_better else goal - observed)
    attainment = _ratio(goal, observed) if lower_better else _ratio(observed, goal)
    base_value: float | None = None
    progress: Fraction | None = None
    trajectory = None
    aim, better = goal, (-1 if lower_better else 1)
    if baseline is not None:
        base = _value_in(baseline, target)
        base_value = finite_float(base)
        aim, better = _aim(target, base, options.strict_ranges)
        if better * aim > better * base:
            progress = (better * (observed - base)) / (better * (aim - base))
        trajectory = _trajectory(aim, target.year, base, baseline.year, observed, observation.year)
    reason = ""
    if options.min_status is not None and observation.quality.rank > options.min_status.rank:
        status, reason = Status.NOT_JUDGED, "quality"
    elif observation.year >= target.year or judgement.met:
        status = Status.MET if judgement.met else Status.NOT_MET
    elif baseline is not None and baseline.year < observation.year:
        elapsed = Fraction(observation.year - baseline.year, max(target.year - baseline.year, 1))
        base = _value_in(baseline, target)
        status = _trend_status(target, aim, better, base, observed, progress, elapsed, trajectory)
    else:
        # An earlier figure with no baseline before it says nothing of the target
        # year: it is shown, but not judged.
        status, reason = Status.NOT_JUDGED, "no_baseline"
    return TargetResult(
        target, status, observation.year, finite_float(observed), observation, gap, attainment,
        base_value, baseline.year if baseline else None,
        finite_float(progress) if progress is not None else None, trajectory,
        judgement.relation, judgement.exceeded, reason,
    )  # fmt: skip


def _growth_base(
    target: Target,
    own: Mapping[int, Observation],
    base_series: Mapping[str, Mapping[int, Observation]],
    baseline: Observation | None,
) -> Observation | None:
    """The figure a growth is measured from: of the target's base year, else the baseline."""
    if target.base_year is None:
        return baseline
    key = target.indicator.id if target.indicator is not None else target.id
    return own.get(target.base_year) or base_series.get(key, {}).get(target.base_year)


def _judge_growth(
    target: Target, observation: Observation, base: Observation | None, options: _Options
) -> TargetResult:
    """Judge a growth target against its base figure (``specs/evaluation.md``)."""

    def unjudged(reason: str, start: Observation | None = None) -> TargetResult:
        return TargetResult(
            target, Status.NOT_JUDGED, observation.year, observation=observation,
            baseline_year=start.year if start else None, reason=reason, base_observation=start,
        )  # fmt: skip

    if base is None or base.year >= observation.year:
        return unjudged("no_baseline")
    observed = observation.magnitude
    start = convert_exact(base.magnitude, base.unit, observation.unit)
    if target.growth is GrowthKind.CHANGE:
        if not observation.unit.dimensionless:
            return unjudged("not_percent", base)
        # Points are differences of percentages: both figures in %.
        percent = parse_unit("%")
        observed = convert_exact(observed, observation.unit, percent)
        start = convert_exact(start, observation.unit, percent)
    tolerance = options.tolerance
    if tolerance is None:
        tolerance = Fraction(target.tolerance or 0)
    measure = measure_growth(
        target, observed, start, observation.year, base.year,
        tolerance=tolerance, strict_ranges=options.strict_ranges,
    )  # fmt: skip
    if isinstance(measure, str):
        return unjudged(measure, base)
    judgement = measure.judgement
    reason = ""
    weakest = max(observation.quality.rank, base.quality.rank)
    if options.min_status is not None and weakest > options.min_status.rank:
        status, reason = Status.NOT_JUDGED, "quality"
    else:
        status = Status(measure.status)
    return TargetResult(
        target, status, observation.year, measure.growth, observation, measure.gap,
        measure.attainment, None, base.year, measure.progress, None, judgement.relation,
        judgement.exceeded, reason, base_observation=base,
    )  # fmt: skip


# -- scores --------------------------------------------------------------------------


def _target_score(result: TargetResult, normalisation: Normalisation) -> float | None:
    if result.status in (Status.NO_DATA, Status.NOT_JUDGED):
        return None
    if result.status is Status.MET:
        return 100.0
    share = result.progress if normalisation == "progress" else result.attainment
    if share is None:
        share = result.attainment
    if share is None:
        return None
    # Only a met target scores 100, whatever its progress (超过 40 is not met at 40).
    return min(100.0 * min(max(share, 0.0), 1.0), NOT_MET_SCORE_CAP)


def _score(
    category: IndicatorCategory | None,
    results: Iterable[TargetResult],
    normalisation: Normalisation,
    weights: Mapping[str, float],
) -> CategoryScore:
    total = weight_sum = 0.0
    counted: list[str] = []
    missing: list[str] = []
    not_judged: list[str] = []
    for result in results:
        score = _target_score(result, normalisation)
        if score is None:
            (missing if result.observation is None else not_judged).append(result.target.id)
            continue
        weight = weights.get(result.target.id, 1.0)
        total += weight * score
        weight_sum += weight
        counted.append(result.target.id)
    value = total / weight_sum if weight_sum > 0 else None
    return CategoryScore(category, value, tuple(counted), tuple(missing), tuple(not_judged))


# -- the entry point -----------------------------------------------------------------


def evaluate(
    observations: ObservationsLike,
    plan: Plan | None = None,
    *,
    baseline: ObservationsLike | int | None = None,
    year: int | None = None,
    tolerance: Tolerance = None,
    weights: Mapping[str, float] | None = None,
    normalisation: Normalisation | None = None,
    include_context: bool = False,
    min_status: ObservationStatus | str | None = None,
    strict_ranges: bool = False,
    area: str | None = None,
) -> Evaluation:
    """Judge observed figures against the plan's targets.

    Args:
        observations: Either a mapping ``{indicator number, id or Chinese name:
            value}`` of the evaluation year, where a value is a
            :class:`Quantity` of :data:`zgc_plan.ureg`, text such as
            ``"41万元/人"``, or a bare number in the indicator's own unit; or
            :class:`Observation` objects of any years. Base statistics among
            them (总收入, 从业人员 …) are turned into the indicators they
            define, where no figure is given for the indicator itself.
        plan: The plan; the shipped plan by default.
        baseline: The figures to measure progress from: a mapping (of the
            plan's ``document.baseline_year``, by default the year before the
            plan, ``start_year - 1``), observations, or a year
            whose figures among ``observations`` are the baseline.
        year: The year to evaluate.  By default each target's own year, with
            the latest figure up to it; with a mapping, the plan's end year.
        tolerance: A relative tolerance in (0, 1) for 左右 targets, instead of the data's.
        weights: Weights of targets in the scores, by target id (default 1).
        normalisation: ``"progress"`` (the default with a baseline) or
            ``"attainment"`` (the default without).
        include_context: Also use figures of areas outside the zone.
        min_status: The weakest figure quality to judge (an
            :class:`ObservationStatus` or its value, e.g. ``"provisional"``):
            weaker figures are shown with status ``NOT_JUDGED``.
        strict_ranges: Read 左右 and ranges as two-sided: a figure past the band
            on the better side is not met (by default it is met, 超额完成).
        area: The area to judge, by id or Chinese name (``"海淀园"``): its
            figures are judged against the plan's targets (a plan with the
            park's allocated targets: :func:`zgc_plan.allocated_plan`).  The
            zone by default.  Figures of months, quarters and parks are
            aggregated into years first (:func:`zgc_plan.aggregate`).

    Returns:
        One :class:`TargetResult` per target, in plan order, and the scores.

    Raises:
        PlanDataError: if a key, a value or an option is unreadable or
            impossible, or if two figures of one indicator, year and scope
            have different values.
        TypeError: if an argument has the wrong type.
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
    plan = plan_or_shipped(plan)
    year = _check_year(year, "year")
    options = _Options(
        _check_tolerance(tolerance), bool(strict_ranges), _check_min_status(min_status)
    )
    chosen_normalisation = _check_normalisation(normalisation)
    checked_weights = _check_weights(weights, plan)
    default_year = year if year is not None else plan.document.end_year
    given = _as_observations(observations, plan, default_year, "observations")
    base_year: int | None = None
    baseline_given: tuple[Observation, ...] = ()
    if isinstance(baseline, int) and not isinstance(baseline, bool):
        base_year = _check_year(baseline, "baseline")
    elif baseline is not None:
        baseline_given = _as_observations(baseline, plan, plan.document.baseline_year, "baseline")
    from zgc_plan._areas import for_evaluation, resolve_area  # imported when evaluating

    usable, skipped = for_evaluation(given, plan, area, include_context)
    # Figures of less than a whole year judge no annual target: they are left
    # out in the open, listed with those of other areas.
    skipped += tuple(o for o in usable if not o.annual)
    usable, conflicts = _with_derived(usable, plan)
    base_usable, _ = _with_derived(baseline_given, plan)

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
        if observation is None:
            results.append(TargetResult(target, Status.NO_DATA))
            continue
        if target.is_growth:
            # A growth target sets a change of its indicator, judged against a base figure.
            start = _growth_base(target, own, base_series, base)
            result = _judge_growth(target, observation, start, options)
        else:
            result = _judge(target, observation, base, options)
        conflict = conflicts.get(identity(observation))
        # Rare: a derived figure that disagrees with the given one it gave way to.
        results.append(result if conflict is None else attrs.evolve(result, conflict=conflict))

    chosen: Normalisation = chosen_normalisation or (
        "progress" if baseline is not None else "attainment"
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
            checked_weights,
        )
        for category in plan.categories
    )
    overall = _score(None, results, chosen, checked_weights)
    return Evaluation(
        plan, year, tuple(results), categories, overall, chosen, skipped,
        options.min_status, options.strict_ranges, resolve_area(plan, area),
    )  # fmt: skip
