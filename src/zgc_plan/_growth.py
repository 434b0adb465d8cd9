"""Judging a growth target: the change of its indicator from a base figure, decided exactly.

A growth target (:class:`~zgc_plan._model.GrowthKind`) sets a yearly rate, a
multiple of the base figure or a change in percentage points.  Its verdict is
decided on exact fractions with integer powers only (``specs/evaluation.md``,
"Growth targets"): a compound annual growth *g* over *n* years meets a rate *r*
exactly when ``observed / base`` meets ``(1 + r)**n``, since ``x → x**n`` keeps
the order of positive numbers; no root and no float enters the verdict.

Before the target year, the figure is judged by its pace: the growth so far
against the share of the growth due by then, compared in the same exact way
(``ratio**N`` against ``multiple**n`` for a multiple, ``change * N`` against
``points * n`` for a change, where *n* years of the *N* from the base year to
the target year have passed).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from typing import NamedTuple

from zgc_plan._comparators import Comparator, Direction, Judgement, judge
from zgc_plan._exact import finite_float
from zgc_plan._model import GrowthKind, Target

__all__ = ["GrowthMeasure", "measure_growth"]

#: Why a growth could not be measured, in English and Chinese.
GROWTH_REASONS = {
    "no_baseline": (
        "a growth target with no figure of its base year before the figure",
        "增长目标缺少此前的基期数据",
    ),
    "base_not_positive": (
        "a base figure that is not positive: no rate or multiple of it",
        "基期数据不为正，无法计算增速或倍数",
    ),
    "not_percent": (
        "a change in percentage points of an indicator that is not a percentage",
        "百分点变化仅适用于百分比指标",
    ),
}


class GrowthMeasure(NamedTuple):
    """The exact judgement of a growth, and the figures shown beside it.

    Attributes:
        judgement: The growth so far against the whole growth the target sets
            (for a yearly rate, the rate so far against the rate), with its
            relation sign.
        status: ``"met"``, ``"not_met"`` (a figure of the target year or
            later), ``"on_track"`` or ``"off_track"`` (an earlier figure by its
            pace); a multiple or a change reached early is met, as a level is,
            while a yearly rate before the target year is only ever on pace.
        growth: The observed growth in the target's unit (a rate in %, a
            multiple, a change in points), or ``None`` when it is not a finite float.
        gap: What is still to go, in the target's unit, signed as for a level.
        attainment: Observed growth ÷ target growth (a multiple: as a level).
        progress: Share of the way from the base figure to the figure the
            target asks for in the target year, uncapped.
    """

    judgement: Judgement
    status: str
    growth: float | None
    gap: float | None
    attainment: float | None
    progress: float | None


def _divide(numerator: Fraction, denominator: Fraction) -> float | None:
    return finite_float(numerator / denominator) if denominator != 0 else None


def _rate_percent(ratio: Fraction, years: int) -> float | None:
    """The compound annual growth in percent, for display only (a root, in floats)."""
    try:
        return finite_float((float(ratio) ** (1 / years) - 1) * 100)
    except (OverflowError, ZeroDivisionError):
        return None


def _banded(target: Target, tolerance: Fraction) -> tuple[Comparator, Fraction, Fraction | None]:
    """The target's comparator and value(s); 左右 becomes the band it stands for."""
    value = Fraction(target.magnitude)
    if target.comparator is Comparator.ABOUT:
        spread = tolerance * abs(value)
        return Comparator.BETWEEN, value - spread, value + spread
    upper = Fraction(target.upper_magnitude) if target.upper_magnitude is not None else None
    return target.comparator, value, upper


def _compare(
    target: Target,
    space: Fraction,
    scale: Callable[[Fraction], Fraction],
    tolerance: Fraction,
    strict_ranges: bool,
) -> Judgement:
    """Judge ``space`` against the target's bounds carried by the order-keeping ``scale``."""
    comparator, low, high = _banded(target, tolerance)
    judgement = judge(
        comparator, space, scale(low), upper=scale(high) if high is not None else None,
        direction=target.direction, strict_ranges=strict_ranges,
    )  # fmt: skip
    if target.comparator is Comparator.ABOUT:
        # The band of 左右 keeps its own signs: ≈ inside, ≉ outside.
        relation = {"∈": "≈", "∉": "≉"}.get(judgement.relation, judgement.relation)
        return Judgement(judgement.met, relation, judgement.exceeded)
    return judgement


def _power(base: Fraction, exponent: int) -> Fraction:
    # A growth below -100 % (or a multiple below 0) leads to no positive value:
    # its bound is 0, below every ratio of positive figures.
    return max(base, Fraction(0)) ** exponent


def measure_growth(
    target: Target,
    observed: Fraction,
    base: Fraction,
    year: int,
    base_year: int,
    *,
    tolerance: Fraction,
    strict_ranges: bool = False,
) -> GrowthMeasure | str:
    """Judge the growth from ``base`` in ``base_year`` to ``observed`` in ``year``.

    Args:
        target: A growth target (:attr:`Target.growth` set).
        observed: The figure judged, exact, in the indicator's unit (in % for
            a change in points).
        base: The base figure, exact, in the same unit.
        year: The figure's year, after ``base_year``.
        base_year: The base figure's year.
        tolerance: The relative tolerance of a 左右 target.
        strict_ranges: Read a band as two-sided.

    Returns:
        The measure, or why it cannot be made (``"base_not_positive"``).

    Example:
        >>> from decimal import Decimal
        >>> import attrs, zgc_plan
        >>> rate = attrs.evolve(
        ...     zgc_plan.load_plan().target(7), growth=zgc_plan.GrowthKind.ANNUAL_RATE,
        ...     comparator=Comparator.AT_LEAST, magnitude=Decimal(8),
        ...     unit=zgc_plan.parse_unit("%"))
        >>> exactly = Fraction(146_932_807_68, 10**8)  # 100 × 1.08**5
        >>> measure_growth(rate, exactly, Fraction(100), 2022, 2017, tolerance=Fraction(0))[0]
        Judgement(met=True, relation='=', exceeded=False)
        >>> measure_growth(rate, exactly - Fraction(1, 10**8), Fraction(100), 2022, 2017,
        ...                tolerance=Fraction(0))[0].met
        False
    """
    if year <= base_year:
        raise ValueError("a growth is measured from an earlier year")
    if target.growth is GrowthKind.CHANGE:
        return _change(target, observed - base, year, base_year, tolerance, strict_ranges)
    if base <= 0:
        return "base_not_positive"
    ratio = observed / base
    if target.growth is GrowthKind.ANNUAL_RATE:
        return _annual(target, ratio, year, base_year, tolerance, strict_ranges)
    return _multiple(target, ratio, year, base_year, tolerance, strict_ranges)


def _status(whole: Judgement, final: bool, early: bool, on_pace: Callable[[], bool]) -> str:
    """The verdict: ``whole`` from the target year on, else (not reached ``early``) the pace."""
    if final or (early and whole.met):
        return "met" if whole.met else "not_met"
    return "on_track" if on_pace() else "off_track"


def _lower_better(target: Target) -> bool:
    return target.direction is Direction.LOWER_IS_BETTER


def _gap(target: Target, observed: Fraction | float | None) -> float | None:
    if observed is None:
        return None
    goal = Fraction(target.magnitude)
    return finite_float(observed - goal if _lower_better(target) else goal - observed)


def _annual(
    target: Target, ratio: Fraction, year: int, base_year: int, tolerance: Fraction,
    strict_ranges: bool,
) -> GrowthMeasure:  # fmt: skip
    # A yearly rate is judged over the years from the base to the figure, before
    # the target year (its pace so far) as from it on.
    years = year - base_year
    judgement = _compare(
        target, ratio, lambda rate: _power(1 + rate / 100, years), tolerance, strict_ranges
    )
    status = _status(judgement, year >= target.year, False, lambda: judgement.met)
    growth = _rate_percent(ratio, years)
    goal = Fraction(target.magnitude)
    span = target.year - base_year
    progress = _divide(ratio - 1, _power(1 + goal / 100, span) - 1) if span > 0 else None
    attainment = growth / float(goal) if growth is not None and goal != 0 else None
    return GrowthMeasure(judgement, status, growth, _gap(target, growth), attainment, progress)


def _judged_and_paced(
    target: Target, measured: Fraction, year: int, base_year: int, tolerance: Fraction,
    strict_ranges: bool, scale_measured: Callable[[Fraction, int], Fraction],
    scale_goal: Callable[[Fraction, int], Fraction],
) -> tuple[Judgement, str]:  # fmt: skip
    """The judgement of the whole change since the base, and the verdict.

    Before the target year, a change not yet reached is judged by its pace so
    far: the measured change over ``years`` against the goal over ``span``,
    both scaled to ``years × span`` to stay exact (powers for a multiple,
    products for a change in points).
    """
    whole = _compare(target, measured, lambda goal: goal, tolerance, strict_ranges)
    span, years = target.year - base_year, year - base_year
    status = _status(
        whole, year >= target.year or span <= 0, True,
        lambda: _compare(
            target, scale_measured(measured, span), lambda goal: scale_goal(goal, years),
            tolerance, strict_ranges,
        ).met,
    )  # fmt: skip
    return whole, status


def _multiple(
    target: Target, ratio: Fraction, year: int, base_year: int, tolerance: Fraction,
    strict_ranges: bool,
) -> GrowthMeasure:  # fmt: skip
    # The pace so far: ratio ** (1 / years) against factor ** (1 / span).
    whole, status = _judged_and_paced(
        target, ratio, year, base_year, tolerance, strict_ranges, operator.pow, _power
    )
    goal = Fraction(target.magnitude)
    attainment = _divide(goal, ratio) if _lower_better(target) else _divide(ratio, goal)
    progress = _divide(ratio - 1, goal - 1)
    return GrowthMeasure(
        whole, status, finite_float(ratio), _gap(target, ratio), attainment, progress
    )


def _change(
    target: Target, change: Fraction, year: int, base_year: int, tolerance: Fraction,
    strict_ranges: bool,
) -> GrowthMeasure:  # fmt: skip
    # The pace so far, on the straight line: change / years against points / span.
    whole, status = _judged_and_paced(
        target, change, year, base_year, tolerance, strict_ranges, operator.mul, operator.mul
    )
    goal = Fraction(target.magnitude)
    share = _divide(change, goal)
    return GrowthMeasure(whole, status, finite_float(change), _gap(target, change), share, share)
