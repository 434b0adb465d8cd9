"""Comparators: what a target's words mean, and the one judgement made with them.

Every verdict and every relation sign shown beside it comes from :func:`judge`,
on the same exact value and the same float-noise band, so that an explanation
can never contradict its verdict (``specs/semantics.md``).
"""

from __future__ import annotations

import enum
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias

import attrs

from zgc_plan._labels import Labelled

__all__ = [
    "EQUALITY_TOLERANCE",
    "Comparator",
    "Direction",
    "Judgement",
    "Tolerance",
    "judge",
    "snap",
]


class Comparator(Labelled):
    """How an observed value is compared with a target value.

    The reading follows the plan's words and the Chinese legal convention
    (《中华人民共和国民法典》第一千二百五十九条): 以上、以下、以内 include the
    number; 不满、超过、以外 exclude it.
    """

    #: Observed ≥ target (达到, 提高到, …以上).
    AT_LEAST = "at_least", "≥", "以上", "at least"
    #: Observed > target (超过, 突破).
    MORE_THAN = "more_than", ">", "超过", "more than"
    #: Observed ≤ target (降至, …以下, …以内).
    AT_MOST = "at_most", "≤", "以下", "at most"
    #: Observed < target (不满, 低于).
    LESS_THAN = "less_than", "<", "不满", "less than"
    #: Within a relative tolerance, abs(observed − target) ≤ tolerance × target (…左右).
    ABOUT = "about", "≈", "左右", "about"
    #: Low ≤ observed ≤ high (2-3个).
    BETWEEN = "between", "∈", "之间", "between"

    #: The mathematical sign of the comparator (``≥``, ``>``, ``≈`` …).
    symbol: str

    # Optional as the labels are: ``Comparator("at_least")`` looks a member up.
    def __init__(self, value: str, symbol: str = "", *labels: str) -> None:
        self.symbol = symbol

    @property
    def word_zh(self) -> str:
        """The Chinese word that states the comparator by the legal convention (以上, 超过 …).

        The plan may phrase a target otherwise (达到6% reads as 6%以上); this is the
        word of the reading, shown beside the sign so that a Chinese reader sees it.
        """
        return self.label_zh

    @property
    def is_band(self) -> bool:
        """Whether the target is a band (左右, a range) rather than one bound."""
        return self in (Comparator.ABOUT, Comparator.BETWEEN)


class Direction(enum.Enum):
    """Which way an indicator improves."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"


#: A relative tolerance for 左右 as callers give it (0.05 = 5 %), or ``None``
#: for the target's own.
Tolerance: TypeAlias = float | Decimal | Fraction | None

#: Values this close, relatively, count as equal; far below the precision of any
#: statistic, far above the noise that float conversions leave (about 1e-16).
EQUALITY_TOLERANCE = Fraction(1, 10**12)


def snap(observed: Fraction, boundary: Fraction) -> Fraction:
    """Return ``boundary`` when ``observed`` differs from it only by float noise.

    That is, when abs(observed − boundary) ≤ :data:`EQUALITY_TOLERANCE` ×
    max(abs(observed), abs(boundary)).
    """
    # The same inequality multiplied out over the two denominators (both > 0):
    # whole numbers only, a fraction of the cost of five operations on fractions.
    ours = observed.numerator * boundary.denominator
    theirs = boundary.numerator * observed.denominator
    if abs(ours - theirs) * _TOLERANCE_DENOMINATOR <= _TOLERANCE_NUMERATOR * max(
        abs(ours), abs(theirs)
    ):
        return boundary
    return observed


_TOLERANCE_NUMERATOR = EQUALITY_TOLERANCE.numerator
_TOLERANCE_DENOMINATOR = EQUALITY_TOLERANCE.denominator


@attrs.frozen
class Judgement:
    """The verdict on one exact value, and the sign that explains it.

    Attributes:
        met: Whether the value meets the target.
        relation: How the value stands to the target: ``>``, ``=``, ``<`` for
            a bound; ``≈``/``≉`` for 左右 and ``∈``/``∉`` for a range, or ``>``
            and ``<`` for a value past the band on the better side.
        exceeded: Whether the value lies past a band on the better side (超额完成):
            met by the default reading, not met by the strict one.
    """

    met: bool
    relation: str
    exceeded: bool = False


def _sign(observed: Fraction, value: Fraction) -> str:
    # Compared multiplied out over the denominators (both > 0), as in snap.
    difference = observed.numerator * value.denominator - value.numerator * observed.denominator
    return ">" if difference > 0 else ("=" if difference == 0 else "<")


#: The relations that meet a target of one bound.
_MEETS = {
    Comparator.AT_LEAST: (">", "="),
    Comparator.MORE_THAN: (">",),
    Comparator.AT_MOST: ("<", "="),
    Comparator.LESS_THAN: ("<",),
}


def judge(
    comparator: Comparator,
    observed: Fraction,
    value: Fraction,
    *,
    upper: Fraction | None = None,
    tolerance: Fraction = Fraction(0),
    direction: Direction = Direction.HIGHER_IS_BETTER,
    strict_ranges: bool = False,
) -> Judgement:
    """Judge an exact observed value against a target, in the target's unit.

    Args:
        comparator: The target's comparator.
        observed: The observed value, exact.
        value: The target value (the lower end of a range).
        upper: The upper end of a :attr:`Comparator.BETWEEN` range.
        tolerance: The relative tolerance of a :attr:`Comparator.ABOUT` target.
        direction: Which way is better; decides which side of a band is
            "exceeded" rather than "missed".
        strict_ranges: Read a band as two-sided: a value past it on the better
            side is not met.

    Example:
        >>> from fractions import Fraction
        >>> judge(Comparator.MORE_THAN, Fraction(40), Fraction(40)).met
        False
        >>> judge(Comparator.BETWEEN, Fraction(4), Fraction(2), upper=Fraction(3)).relation
        '>'
    """
    observed = snap(observed, value)
    if comparator is Comparator.BETWEEN:
        if upper is None:
            raise ValueError("a between target needs an upper end")
        observed = snap(observed, upper)
        low, high = value, upper
        inside = low <= observed <= high
        inside_sign = "∈"
    elif comparator is Comparator.ABOUT:
        low, high = value - tolerance * abs(value), value + tolerance * abs(value)
        observed = snap(snap(observed, low), high)
        inside = low <= observed <= high
        inside_sign = "≈"
    else:
        relation = _sign(observed, value)
        return Judgement(relation in _MEETS[comparator], relation)
    if inside:
        return Judgement(True, inside_sign)
    better_side = observed > high if direction is Direction.HIGHER_IS_BETTER else observed < low
    if better_side:
        return Judgement(not strict_ranges, ">" if observed > high else "<", exceeded=True)
    return Judgement(False, "∉" if comparator is Comparator.BETWEEN else "≉")
