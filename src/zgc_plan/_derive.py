"""Ratio indicators derived from base statistics, by the plan's formulas."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from zgc_plan._arguments import instances
from zgc_plan._exact import convert_exact, unit_key
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Indicator, IndicatorKind, Plan
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._registry import Unit

__all__ = ["derive"]

#: The exact factor of each (numerator unit, denominator unit, ratio unit): the
#: same three units come back for every period and area.
_RATIO_FACTORS: dict[tuple[object, object, object], Fraction] = {}


def derive(
    observations: Iterable[Observation], plan: Plan | None = None
) -> tuple[Observation, ...]:
    """Derive ratio indicators from base statistics, by the plan's formulas.

    For each area, indicator with a formula and period where its numerator is
    observed, the denominator of the same area and period is used; a
    denominator that is a level (the zone's area) is carried forward from its
    latest earlier period.  Figures of different areas are never combined.
    Derived observations are marked :attr:`ObservationStatus.DERIVED`, name
    their inputs in ``note``, and are partial when an input is (the union of
    what the inputs miss).

    Example:
        >>> import zgc_plan
        >>> revenue = zgc_plan.Observation.of("total-revenue", 2022, "8.7万亿元")
        >>> area = zgc_plan.Observation.of("zone-area", 2012, "488平方公里")
        >>> [d.value_text for d in zgc_plan.derive([revenue, area])]
        ['178.279 亿元/平方公里']
    """
    observations = instances(observations, Observation, "observations")
    plan = plan_or_shipped(plan)
    by_area: dict[str, dict[str, dict[tuple[int, int, int], Observation]]] = {}
    for observation in observations:
        area = by_area.setdefault(observation.area, {})
        period = observation.period
        area.setdefault(observation.key, {})[(period.year, period.first, period.last)] = observation
    derived: list[Observation] = []
    for by_key in by_area.values():
        for indicator in plan.indicators:
            if indicator.formula is not None:
                derived += _derive_one(plan, indicator, by_key)
    return tuple(derived)


def _derive_one(
    plan: Plan,
    indicator: Indicator,
    by_key: Mapping[str, Mapping[tuple[int, int, int], Observation]],
) -> list[Observation]:
    formula = indicator.formula
    assert formula is not None  # noqa: S101 (the caller checks)
    numerators = by_key.get(formula.numerator, {})
    denominators = by_key.get(formula.denominator, {})
    carry = plan.statistic(formula.denominator).kind is IndicatorKind.LEVEL
    derived: list[Observation] = []
    for period in sorted(numerators):
        top = numerators[period]
        bottom = denominators.get(period)
        if bottom is None and carry:
            end = (period[0], period[2])
            earlier = [p for p in denominators if (p[0], p[2]) <= end]
            bottom = denominators[max(earlier, key=lambda p: (p[0], p[2]))] if earlier else None
        if bottom is None or bottom.magnitude == 0:
            continue
        derived.append(
            Observation(
                indicator.id, top.period, _exact_ratio(top, bottom, indicator.unit), indicator.unit,
                status=ObservationStatus.DERIVED,
                inputs=(top, bottom),
                source="; ".join(dict.fromkeys(s for s in (top.source, bottom.source) if s)),
                note=(
                    f"{indicator.name_zh} = {top.value_text} ({formula.numerator}, {top.period})"
                    f" ÷ {bottom.value_text} ({formula.denominator}, {bottom.period})"
                ),
                area=top.area,
                missing=tuple(dict.fromkeys((*top.missing, *bottom.missing))),
            )
        )  # fmt: skip
    return derived


def _exact_ratio(top: Observation, bottom: Observation, unit: Unit) -> Fraction:
    """The ratio computed on exact magnitudes and exact unit factors."""
    key = (unit_key(top.unit), unit_key(bottom.unit), unit_key(unit))
    factor = _RATIO_FACTORS.get(key)
    if factor is None:
        factor = _RATIO_FACTORS[key] = convert_exact(Fraction(1), top.unit / bottom.unit, unit)
    return top.magnitude / bottom.magnitude * factor
