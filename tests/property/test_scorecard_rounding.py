"""Property tests of the scorecard's rounding.

Spec (``specs/scorecard.md``): "rounded half up to as many decimals as the
target value is written with ..., and to more where fewer would move it onto
or across a value it is judged against".
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from zgc_plan._scorecard import rounded

figures = st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**6)
decimals = st.integers(min_value=0, max_value=4)


def _side(value: Fraction, boundary: Fraction) -> int:
    return (value > boundary) - (value < boundary)


@given(figures, decimals, st.lists(figures, max_size=3))
def test_a_rounded_figure_keeps_its_side_of_every_boundary(
    value: Fraction, places: int, boundaries: list[Fraction]
) -> None:
    """A figure rounded for the scorecard is never on another side of a value it is judged against."""
    written = Fraction(rounded(value, places, tuple(boundaries)))
    for boundary in boundaries:
        # Up to twelve decimals: a boundary closer than that is equal for every statistic.
        if abs(value - boundary) >= Fraction(1, 10**12):
            assert _side(written, boundary) == _side(value, boundary)


@given(figures, decimals)
def test_without_boundaries_a_figure_has_the_decimals_asked_for(
    value: Fraction, places: int
) -> None:
    """The figure is written with exactly the target's decimals, within half a unit of its last."""
    text = rounded(value, places)
    assert len(text.partition(".")[2]) == places
    assert abs(Fraction(text) - value) <= Fraction(1, 2 * 10**places)


@given(figures, decimals, st.lists(figures, max_size=3))
def test_more_decimals_only_where_needed(
    value: Fraction, places: int, boundaries: list[Fraction]
) -> None:
    """Never fewer decimals than the target's; as close to the figure as its decimals allow."""
    text = rounded(value, places, tuple(boundaries))
    written = len(text.partition(".")[2])
    assert written >= places
    assert abs(Fraction(text) - value) <= Fraction(1, 2 * 10**written)
