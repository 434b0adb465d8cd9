"""The rows of a scorecard: what its table and its picture both show.

The table (the ``zgc-plan scorecard`` directive) and the picture
(``zgc-plan evaluate --plot``) read the same rows, so they cannot disagree:
one measure per target (progress from the baseline, or attainment where
there is no baseline to measure progress from), one status with its
caveat, and figures rounded to the precision the target is written with.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from typing import Literal

import attrs

from zgc_plan._comparators import Comparator
from zgc_plan._evaluate import Evaluation, Status, TargetResult
from zgc_plan._exact import convert_exact
from zgc_plan._model import Target
from zgc_plan._unit_parsing import unit_text

__all__ = ["Measure", "ScorecardRow", "baseline_year", "rounded", "scorecard_rows"]

#: What a row's bar measures: the share of the way from the baseline figure to
#: the target, or the figure as a share of the target.
Measure = Literal["progress", "attainment"]

#: More decimals than any statistic is published with.
_MAX_DECIMALS = 12


@attrs.frozen
class ScorecardRow:
    """One target as a scorecard shows it.

    Attributes:
        result: The evaluation of the target.
        label_zh: What the target measures, in Chinese.
        label_en: What it measures in English, or the target's id when the
            plan gives no English name.
        measure: ``"progress"`` (from the baseline) or ``"attainment"`` (no
            baseline), or ``None`` when there is neither.
        share: The measure as a fraction (1 is the target), or ``None``.
        share_text: The measure in percent, rounded (``42%``), or ``—``.
        figure_text: The latest figure rounded to the precision of the target,
            with its unit, or ``None`` without a figure.
    """

    result: TargetResult
    label_zh: str
    label_en: str
    measure: Measure | None
    share: float | None
    share_text: str
    figure_text: str | None

    @property
    def target(self) -> Target:
        """The target of the row."""
        return self.result.target

    @property
    def status(self) -> Status:
        """The verdict of the row."""
        return self.result.status

    @property
    def measure_text(self) -> str:
        """The measure named, ``progress 42%`` or ``attainment 88%``, or ``—``."""
        return self.share_text if self.measure is None else f"{self.measure} {self.share_text}"


def scorecard_rows(evaluation: Evaluation) -> tuple[ScorecardRow, ...]:
    """The rows of the scorecard of ``evaluation``, in plan order.

    Example:
        >>> import zgc_plan
        >>> evaluation = zgc_plan.evaluate({7: "25.2181万元/人"})
        >>> row = scorecard_rows(evaluation)[9]
        >>> row.figure_text, row.measure_text
        ('25 万元/人', 'attainment 63%')
    """
    return tuple(_row(result) for result in evaluation.results)


def baseline_year(evaluation: Evaluation) -> int | None:
    """The year most progress figures of ``evaluation`` are measured from, or ``None``."""
    years = Counter(r.baseline_year for r in evaluation.results if r.baseline_year is not None)
    return years.most_common(1)[0][0] if years else None


def _row(result: TargetResult) -> ScorecardRow:
    measure: Measure | None = None
    share = None
    if result.progress is not None:
        measure, share = "progress", result.progress
    elif result.attainment is not None:
        measure, share = "attainment", result.attainment
    share_text = "—"
    if share is not None:
        # Whole percents, unless that would put the share on the other side of
        # the baseline (0) or of the target (100%): 99.6% is not shown as 100%.
        share_text = f"{rounded(Fraction(share) * 100, 0, (Fraction(0), Fraction(100)))}%"
    target = result.target
    return ScorecardRow(
        result=result,
        label_zh=result.name_zh,
        label_en=result.name_en or target.id,
        measure=measure,
        share=share,
        share_text=share_text,
        figure_text=_figure_text(result),
    )


def _figure_text(result: TargetResult) -> str | None:
    observation = result.observation
    target = result.target
    if observation is None or target.is_growth:
        # A growth target's figure is of the indicator, not of the growth the
        # target is written in: its precision says nothing about the figure's.
        return result.observed_text
    exact = convert_exact(observation.magnitude, observation.unit, target.unit)
    number = rounded(exact, _decimals(target), _boundaries(target))
    unit = unit_text(target.unit)
    return f"{number}%" if unit == "%" else f"{number} {unit}".rstrip()


def _decimals(target: Target) -> int:
    ends = [target.magnitude, *([target.upper_magnitude] if target.upper_magnitude else [])]
    return max(max(0, -int(end.as_tuple().exponent)) for end in ends)


def _boundaries(target: Target) -> tuple[Fraction, ...]:
    """The values a figure is judged against: a rounded figure keeps its side of each."""
    value = Fraction(target.magnitude)
    ends = [value]
    if target.upper_magnitude is not None:
        ends.append(Fraction(target.upper_magnitude))
    if target.comparator is Comparator.ABOUT and target.tolerance is not None:
        band = Fraction(target.tolerance) * abs(value)
        ends += [value - band, value + band]
    return tuple(ends)


def _side(value: Fraction, boundary: Fraction) -> int:
    return (value > boundary) - (value < boundary)


def _half_up(value: Fraction, decimals: int) -> Fraction:
    scale = 10**decimals
    magnitude = (abs(value) * scale * 2 + 1) // 2
    return Fraction(magnitude if value >= 0 else -magnitude, scale)


def rounded(value: Fraction, decimals: int, boundaries: tuple[Fraction, ...] = ()) -> str:
    """Write ``value`` with ``decimals`` decimals, or more where a boundary needs them.

    A figure of 39.99 against a target of 40 is written ``39.99``, not ``40``:
    rounding never moves a figure onto or across a value it is judged against.

    Args:
        value: The exact value.
        decimals: The fewest decimals to write (those of the target).
        boundaries: Values whose side ``value`` must keep once rounded.

    Example:
        >>> rounded(Fraction(2103, 400), 0)
        '5'
        >>> rounded(Fraction(3999, 100), 0, (Fraction(40),))
        '39.99'
    """
    for places in range(decimals, _MAX_DECIMALS + 1):
        near = _half_up(value, places)
        if all(_side(near, b) == _side(value, b) for b in boundaries):
            break
    number = Decimal(near.numerator) / Decimal(near.denominator)
    return f"{number:.{places}f}"
