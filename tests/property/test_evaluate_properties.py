"""Property tests of evaluate.

Spec: "unit invariance of every verdict, monotonicity (moving an observation in
the desired direction never lowers progress or attainment), progress = 1
exactly at the target and 0 at the baseline."
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

import zgc_plan
from zgc_plan import Direction

PLAN = zgc_plan.load_plan()
MEASURED = [t for t in PLAN.targets if t.indicator is not None]

targets = st.sampled_from(MEASURED)
magnitudes = st.decimals(
    min_value=Decimal("0.001"),
    max_value=Decimal(10**6),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)


def _fit(target: zgc_plan.Target, value: Decimal) -> Decimal:
    """A value the indicator can take: a count marked whole is a whole number."""
    assert target.indicator is not None
    return value.to_integral_value(ROUND_CEILING) if target.indicator.whole else value


def _observation(target: zgc_plan.Target, value: Decimal, year: int = 2022) -> zgc_plan.Observation:
    assert target.indicator is not None
    return zgc_plan.Observation.of(
        target.indicator.id, year, zgc_plan.Q_(float(_fit(target, value)), target.unit)
    )


@given(targets, magnitudes)
def test_verdict_is_unit_invariant(target: zgc_plan.Target, value: Decimal) -> None:
    """The same figure in the target's unit and in base units gets the same status."""
    assert target.indicator is not None
    quantity = zgc_plan.Q_(float(_fit(target, value)), target.unit)
    plain = zgc_plan.evaluate({target.indicator.id: quantity}).result(target.id)
    based = zgc_plan.evaluate({target.indicator.id: quantity.to_base_units()}).result(target.id)
    assert plain.status is based.status


@given(targets, magnitudes)
def test_progress_is_one_at_target_and_zero_at_baseline(
    target: zgc_plan.Target, baseline: Decimal
) -> None:
    """progress is exactly 1 at the target and 0 at the baseline.

    Spec: "progress … is defined while the baseline falls short of the target".
    """
    lower = target.direction is Direction.LOWER_IS_BETTER
    baseline = _fit(target, baseline)
    assume(baseline > target.magnitude if lower else baseline < target.magnitude)
    assert target.indicator is not None
    base = {target.indicator.id: zgc_plan.Q_(float(_fit(target, baseline)), target.unit)}
    at_target = zgc_plan.evaluate([_observation(target, target.magnitude)], baseline=base)
    at_base = zgc_plan.evaluate([_observation(target, baseline)], baseline=base)
    assert at_target.result(target.id).progress == 1
    assert at_base.result(target.id).progress == 0


@given(targets, magnitudes, magnitudes, magnitudes)
def test_moving_the_right_way_never_lowers_progress_or_attainment(
    target: zgc_plan.Target, baseline: Decimal, first: Decimal, second: Decimal
) -> None:
    """A figure further in the desired direction never has lower progress or attainment.

    The baseline starts short of the target, as a plan's baseline does: past it,
    (observed − baseline) ÷ (target − baseline) has a negative denominator.
    """
    assert target.indicator is not None
    baseline = _fit(target, baseline)
    worse, better = sorted((first, second))
    if target.direction is Direction.LOWER_IS_BETTER:
        worse, better = better, worse
        assume(baseline > target.magnitude)
    else:
        assume(baseline < target.magnitude)
    base = {target.indicator.id: zgc_plan.Q_(float(_fit(target, baseline)), target.unit)}
    a = zgc_plan.evaluate([_observation(target, worse)], baseline=base).result(target.id)
    b = zgc_plan.evaluate([_observation(target, better)], baseline=base).result(target.id)
    assert a.attainment is not None
    assert b.attainment is not None
    assert b.attainment >= a.attainment
    if a.progress is not None and b.progress is not None:
        assert b.progress >= a.progress - 1e-12
