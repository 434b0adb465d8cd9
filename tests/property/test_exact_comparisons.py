"""Property tests: the whole-number forms of the exact comparisons agree with fractions.

Spec (specs/semantics.md): "A value whose relative difference from a target's
boundary is at most 10⁻¹² counts as equal to it."  The judgement, the bounds
on a figure's size and the unit conversions are computed on numerators and
denominators (and a factor remembered per pair of units) for speed; these
tests hold them to the formulas written with fractions.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from pint.util import to_units_container

import zgc_plan
from zgc_plan._comparators import EQUALITY_TOLERANCE, _sign, snap
from zgc_plan._exact import _factor, convert_exact
from zgc_plan._numbers import MAX_EXPONENT
from zgc_plan._observation_checks import value_problem
from zgc_plan._registry import Unit
from zgc_plan._unit_parsing import parse_unit

PLAN = zgc_plan.load_plan()

fractions = st.fractions(max_denominator=10**20)


@st.composite
def near(draw: st.DrawFn) -> tuple[Fraction, Fraction]:
    """A boundary, and a value at it, within float noise of it, on the band's edge, or clear."""
    boundary = draw(fractions)
    if draw(st.booleans()):
        # On the edge of the band: |o - b| = 10⁻¹² × max(|o|, |b|) exactly (in), or past it.
        edge = draw(st.sampled_from([1 + EQUALITY_TOLERANCE, 1 / (1 - EQUALITY_TOLERANCE)]))
        past = draw(st.sampled_from([Fraction(1), 1 + EQUALITY_TOLERANCE / 10**6]))
        edge = 1 + (edge - 1) * past
        return (boundary * edge if draw(st.booleans()) else boundary / edge), boundary
    scale = draw(st.sampled_from([0, 10**-16, 10**-12, 10**-11, 10**-6, 1]))
    offset = draw(st.fractions(-1, 1, max_denominator=10**6)) * Fraction(scale)
    side = draw(st.sampled_from([boundary, Fraction(1)]))
    return boundary + offset * side, boundary


@given(near())
def test_snap_is_the_relative_band(case: tuple[Fraction, Fraction]) -> None:
    """Snapped to the boundary exactly when the relative difference is at most 10⁻¹²."""
    observed, boundary = case
    inside = abs(observed - boundary) <= EQUALITY_TOLERANCE * max(abs(observed), abs(boundary))
    assert snap(observed, boundary) == (boundary if inside else observed)


@given(near())
def test_the_sign_is_the_fractions_order(case: tuple[Fraction, Fraction]) -> None:
    """The relation sign is that of comparing the two fractions."""
    observed, value = case
    expected = ">" if observed > value else ("=" if observed == value else "<")
    assert _sign(observed, value) == expected


LIMIT = Fraction(10**MAX_EXPONENT)


@given(
    st.sampled_from([LIMIT, 1 / LIMIT]),
    st.fractions(Fraction(-1, 10**6), Fraction(1, 10**6), max_denominator=10**9),
    st.booleans(),
)
def test_a_figure_is_refused_for_its_size_exactly_beyond_the_limits(
    limit: Fraction, offset: Fraction, negative: bool
) -> None:
    """A value is too large or too small exactly when its absolute value lies outside 10**±MAX."""
    magnitude = limit * (1 + offset) * (-1 if negative else 1)
    indicator = PLAN.indicator("rd-intensity")
    problem = value_problem(PLAN, indicator.id, magnitude, indicator.unit) or ""
    inside = 1 / LIMIT <= abs(magnitude) <= LIMIT
    assert ("too large" in problem or "too small" in problem) is not inside


_NAMES = sorted(
    {str(indicator.unit) for indicator in PLAN.indicators}
    | {str(statistic.unit) for statistic in PLAN.statistics}
    | {"元/人", "元", "亿元", "万人", "人", "平方公里", "吨标煤/元", "件/人"}
)
#: Every pair of these units of one dimension, both ways round.
PAIRS = [
    (parse_unit(a), parse_unit(b))
    for a in _NAMES
    for b in _NAMES
    if parse_unit(a).dimensionality == parse_unit(b).dimensionality
]


@given(st.sampled_from(PAIRS), fractions)
def test_a_conversion_is_the_quotient_of_the_exact_factors(
    pair: tuple[Unit, Unit], magnitude: Fraction
) -> None:
    """Converted exactly: magnitude × factor(unit) ÷ factor(target unit), however often asked."""
    unit, to = pair
    expected = magnitude * _factor(to_units_container(unit)) / _factor(to_units_container(to))
    assert convert_exact(magnitude, unit, to) == expected
    assert convert_exact(magnitude, unit, to) == expected  # the remembered factor too
