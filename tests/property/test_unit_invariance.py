"""Property tests: verdicts do not depend on the unit a value is written in.

Spec: "a property test: the same value written in 元/人 and in 万元/人 gives
the same verdict."
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

import zgc_plan
from conftest import target_numbered

PLAN = zgc_plan.load_plan()
TARGET = PLAN.target("target-labour-productivity")

# Values in 元/人 with up to 2 decimals, around the 40万元/人 boundary and beyond.
yuan_values = st.one_of(
    st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([Decimal(400000), Decimal("399999.99"), Decimal("400000.01")]),
)


@given(yuan_values)
def test_same_verdict_in_yuan_and_wan_yuan(value: Decimal) -> None:
    """V 元/人 and V/10⁴ 万元/人 get the same verdict."""
    in_yuan = zgc_plan.Q_(float(value), "元/人")
    in_wan = zgc_plan.Q_(float(value / 10**4), "万元/人")
    assert TARGET.is_met(in_yuan) == TARGET.is_met(in_wan) == (value > 400000)


def _near_boundary(number: int) -> st.SearchStrategy[Decimal]:
    magnitude = target_numbered(PLAN, number).magnitude
    return st.one_of(
        st.decimals(min_value=0, max_value=magnitude * 3, places=4, allow_nan=False),
        st.sampled_from([magnitude, magnitude * Decimal("0.95"), magnitude * Decimal("1.05")]),
    )


@given(
    st.integers(min_value=1, max_value=17).flatmap(
        lambda n: st.tuples(st.just(n), _near_boundary(n))
    )
)
def test_every_target_is_unit_invariant(case: tuple[int, Decimal]) -> None:
    """For every target, a value converted by pint to base units keeps its verdict."""
    number, value = case
    target = target_numbered(PLAN, number)
    plain = zgc_plan.Q_(float(value), target.unit)
    assert target.is_met(plain) == target.is_met(plain.to_base_units())


@given(st.decimals(min_value=0, max_value=1, places=6, allow_nan=False, allow_infinity=False))
def test_fraction_and_percent_agree(value: Decimal) -> None:
    """0.1 is exactly 10%: a fraction and its percentage get the same verdict."""
    target = PLAN.target("target-profit-margin")
    assert target.is_met(zgc_plan.Q_(float(value), "")) == target.is_met(
        zgc_plan.Q_(float(value * 100), "%")
    )
    assert target.is_met(zgc_plan.Q_(float(value), "")) == (value >= Decimal("0.1"))
