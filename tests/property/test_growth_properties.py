"""Property tests: the exact verdict on a growth agrees with a high-precision check.

Spec (specs/evaluation.md, "Growth targets"): "an annual rate *r* is met when
observed ÷ base meets (1 + *r*)ⁿ ... decided on exact fractions with integer
powers: no root and no float enters the verdict"; values within the float-noise
band of ``specs/semantics.md`` (10⁻¹² relative) count as equal.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

import zgc_plan
from zgc_plan import Comparator, GrowthKind
from zgc_plan._growth import GrowthMeasure, measure_growth

TEMPLATE = zgc_plan.load_plan().target(7)
BOUNDS = [Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.AT_MOST, Comparator.LESS_THAN]
RATES = st.decimals(min_value=-60, max_value=150, places=2)
FIGURES = st.fractions(min_value=Fraction(1, 1000), max_value=10**9, max_denominator=10**4)


def _rate_target(comparator: Comparator, rate: Decimal) -> zgc_plan.Target:
    return attrs.evolve(
        TEMPLATE, growth=GrowthKind.ANNUAL_RATE, comparator=comparator, magnitude=rate,
        unit=zgc_plan.parse_unit("%"), year=2022, base_year=None,
    )  # fmt: skip


def _high_precision_rate(observed: Fraction, base: Fraction, years: int) -> Decimal:
    """The compound annual growth in percent by a root, to 60 digits (independent of the verdict)."""
    with decimal.localcontext(prec=60):
        ratio = (
            Decimal(observed.numerator)
            * base.denominator
            / (Decimal(observed.denominator) * base.numerator)
        )
        return (ratio ** (Decimal(1) / years) - 1) * 100


def _holds(comparator: Comparator, growth: Decimal, rate: Decimal) -> bool:
    return {
        Comparator.AT_LEAST: growth >= rate,
        Comparator.MORE_THAN: growth > rate,
        Comparator.AT_MOST: growth <= rate,
        Comparator.LESS_THAN: growth < rate,
    }[comparator]


def _measure(
    comparator: Comparator, rate: Decimal, observed: Fraction, base: Fraction, years: int
) -> GrowthMeasure:
    measure = measure_growth(
        _rate_target(comparator, rate), observed, base, 2022, 2022 - years,
        tolerance=Fraction(0),
    )  # fmt: skip
    assert isinstance(measure, GrowthMeasure)
    return measure


@given(
    comparator=st.sampled_from(BOUNDS),
    rate=RATES,
    base=FIGURES,
    observed=FIGURES,
    years=st.integers(min_value=1, max_value=30),
)
def test_annual_rate_verdict_agrees_with_a_high_precision_root(
    comparator: Comparator, rate: Decimal, base: Fraction, observed: Fraction, years: int
) -> None:
    measure = _measure(comparator, rate, observed, base, years)
    growth = _high_precision_rate(observed, base, years)
    # Outside the float-noise band the two readings must agree exactly; inside it
    # (a rate within 10⁻⁸ points of the target) both readings are "equal".
    if abs(growth - rate) > Decimal("1e-8"):
        assert measure.judgement.met is _holds(comparator, growth, rate)
        assert measure.judgement.relation == (">" if growth > rate else "<")
    assert measure.status == ("met" if measure.judgement.met else "not_met")


@given(
    rate=RATES,
    base=st.integers(min_value=1, max_value=10**6),
    years=st.integers(min_value=1, max_value=30),
    nudge=st.integers(min_value=1, max_value=10**6),
)
def test_annual_rate_boundary_is_exact(rate: Decimal, base: int, years: int, nudge: int) -> None:
    """以上 includes the boundary and 超过 excludes it; a hair below is not met, however small
    it is beyond the equality band (a float reading would blur it)."""
    boundary = Fraction(base) * (1 + Fraction(rate) / 100) ** years
    at = _measure(Comparator.AT_LEAST, rate, boundary, Fraction(base), years).judgement
    over = _measure(Comparator.MORE_THAN, rate, boundary, Fraction(base), years).judgement
    assert (at.met, at.relation, over.met) == (True, "=", False)
    below = boundary * (1 - Fraction(nudge, 10**11))  # 10⁻¹¹ to 10⁻⁵ short
    short = _measure(Comparator.AT_LEAST, rate, below, Fraction(base), years).judgement
    assert (short.met, short.relation) == (False, "<")


@given(
    multiple=st.decimals(min_value=Decimal("0.1"), max_value=10, places=2),
    base=FIGURES,
    observed=FIGURES,
    comparator=st.sampled_from(BOUNDS),
)
def test_multiple_verdict_agrees_with_a_high_precision_ratio(
    multiple: Decimal, base: Fraction, observed: Fraction, comparator: Comparator
) -> None:
    target = attrs.evolve(
        TEMPLATE, growth=GrowthKind.MULTIPLE, comparator=comparator, magnitude=multiple,
        unit=zgc_plan.parse_unit("1"), year=2022, base_year=2017,
    )  # fmt: skip
    measure = measure_growth(target, observed, base, 2022, 2017, tolerance=Fraction(0))
    assert isinstance(measure, GrowthMeasure)
    with decimal.localcontext(prec=60):
        ratio = (Decimal(observed.numerator) / observed.denominator) / (
            Decimal(base.numerator) / base.denominator
        )
    if abs(ratio - multiple) > Decimal("1e-10") * multiple:
        assert measure.judgement.met is _holds(comparator, ratio, multiple)
