"""What the exchange formats share: units split into SDMX's measure and multiplier.

SDMX writes 41.3 万元/人 as ``OBS_VALUE`` 41.3 with ``UNIT_MEASURE`` 元/人
and ``UNIT_MULT`` 4 (the value is in units of 10⁴ 元/人); Table Schema fields
of a Data Package carry the same split.  Both come from the unit registry's
prefixes (``units.txt``), not from a list of Chinese words here.
"""

from __future__ import annotations

import math
from fractions import Fraction

from zgc_plan._units import Unit, parse_unit, unit_text, ureg

__all__ = ["decimal_text", "join_multiplier", "split_multiplier"]


def split_multiplier(unit: Unit) -> tuple[Unit, int]:
    """The unit without a power-of-ten prefix on its leading unit, and that power.

    ``万元/人`` gives ``(元/人, 4)``, ``亿元`` gives ``(元, 8)``; a unit whose
    leading unit has no such prefix, or a prefix on a unit below the line
    (``吨标煤/万元``), is returned whole with 0.
    """
    items = list(unit._units.items())
    if not items or items[0][1] != 1:
        return unit, 0
    name = items[0][0]
    parsed = ureg.parse_unit_name(name)
    if not parsed:
        return unit, 0
    # 万亿元 reads as 万 + 亿元 and as 万亿 + 元: the whole prefix is the one meant.
    prefix, base, suffix = max(parsed, key=lambda parts: len(parts[0]))
    if not prefix or suffix:
        return unit, 0
    scale = Fraction(str(ureg._prefixes[prefix].converter.scale))
    power = round(math.log10(scale)) if scale > 0 else 0
    if Fraction(10) ** power != scale:
        return unit, 0
    return unit / ureg.Unit(name) * ureg.Unit(base), power


def join_multiplier(measure: Unit, power: int) -> Unit | None:
    """The inverse of :func:`split_multiplier`; ``None`` when no prefix gives the power."""
    if power == 0:
        return measure
    text = unit_text(measure)
    for prefix, definition in ureg._prefixes.items():
        scale = Fraction(str(definition.converter.scale)) if prefix else Fraction(1)
        if prefix and scale == Fraction(10) ** power:
            try:
                joined = parse_unit(prefix + text)
            except ValueError:
                continue
            if split_multiplier(joined) == (measure, power):
                return joined
    return None


def decimal_text(magnitude: Fraction) -> str:
    """A fraction in decimal notation: exact when it has a finite decimal form.

    Others (1/3) are rounded as observation files round them (their ``DIGITS``
    significant digits).
    """
    from zgc_plan._write_observations import exact_decimal

    text = format(exact_decimal(magnitude)[0], "f")
    return text if "." not in text else text.rstrip("0").rstrip(".") or "0"
