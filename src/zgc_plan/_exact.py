"""Quantities of the library's registry and their exact magnitudes.

Foreign quantities are adopted into the registry, dimensions are checked, and
magnitudes are compared as :class:`~fractions.Fraction`, so that a target of
exactly 40 is met by exactly 40 whatever the unit it was written in.
"""

from __future__ import annotations

import contextlib
import functools
import math
import threading
from decimal import Decimal
from fractions import Fraction
from operator import index
from typing import Any, SupportsFloat

import pint
from pint.util import UnitsContainer, to_units_container

from zgc_plan._registry import Q_, Quantity, Unit, build_registry, unit_definitions, ureg
from zgc_plan._unit_parsing import parse_unit, unit_text
from zgc_plan.exceptions import PlanDataError, UnitMismatchError, shown

__all__ = [
    "adopt",
    "check_dimension",
    "convert_exact",
    "exact",
    "exact_in",
    "finite_float",
    "unit_factor",
    "unit_key",
]


def adopt(quantity: object, unit: Unit, context: str = "") -> Quantity:
    """Return ``quantity`` as a quantity of the library's registry.

    pint refuses to compare quantities of two registries, so a quantity of an
    application's own registry is rebuilt here from its magnitude and the name
    of its unit, which must also be a unit of this registry.

    Raises:
        UnitMismatchError: if ``quantity`` is not a quantity, or its unit is
            unknown to the library.
    """
    if isinstance(quantity, ureg.Quantity):
        return quantity
    if not isinstance(quantity, pint.Quantity):
        raise UnitMismatchError(unit_text(unit), f"{shown(quantity)} (not a quantity)", context)
    try:
        own_unit = parse_unit(f"{quantity.units:D}")
    except PlanDataError:
        raise UnitMismatchError(
            unit_text(unit), f"{quantity} (a unit this library does not define)", context
        ) from None
    return Q_(quantity.magnitude, own_unit)


def check_dimension(quantity: object, unit: Unit, context: str = "") -> Quantity:
    """Return ``quantity`` in the library's registry if it converts to ``unit``.

    Raises:
        UnitMismatchError: if it does not.
    """
    quantity = adopt(quantity, unit, context)
    if quantity.dimensionality != unit.dimensionality:
        raise UnitMismatchError(
            f"{unit_text(unit)} {_dimension_text(unit)}",
            f"{quantity} {_dimension_text(quantity.units)}",
            context,
        )
    return quantity


def _dimension_text(unit: Unit) -> str:
    dimensionality = unit.dimensionality
    return f"[{dimensionality}]" if dimensionality else "[dimensionless]"


def exact(number: object) -> Fraction:
    """Return ``number`` as an exact fraction, reading a float as its shortest repr.

    The shortest repr of a float is the decimal a person wrote (``12.3456``),
    so comparisons made on these fractions agree with decimal arithmetic.

    Raises:
        PlanDataError: for NaN, infinity, booleans and non-numbers.
    """
    if isinstance(number, Fraction):
        return number
    if isinstance(number, bool):
        raise PlanDataError("a boolean is not a magnitude")
    if isinstance(number, int):
        return Fraction(number)
    if isinstance(number, Decimal):
        if not number.is_finite():
            raise PlanDataError(f"not a finite number: {number}")
        return Fraction(number)
    if hasattr(number, "__index__"):
        with contextlib.suppress(TypeError):  # an integer of another type (numpy's)
            return Fraction(index(number))
    if not isinstance(number, float | SupportsFloat):
        raise PlanDataError(f"not a number: {type(number).__name__}")
    try:
        value = float(number)
    except (TypeError, ValueError, OverflowError):  # an array, a huge integer type
        raise PlanDataError(f"not a single finite number: {type(number).__name__}") from None
    if not math.isfinite(value):
        raise PlanDataError(f"not a finite number: {value}")
    return Fraction(repr(value))


def finite_float(value: Fraction | float) -> float | None:
    """``value`` as a float for display, or ``None`` when it overflows or is not finite."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


_EXACT_LOCK = threading.Lock()
_exact_registry: list[pint.UnitRegistry[Any]] = []


def _exact_units() -> pint.UnitRegistry[Any]:
    # A twin of the library's registry whose numbers are fractions, built on
    # the first conversion between two units (a couple of milliseconds), not
    # at import: loading and judging in the plan's own units never needs it.
    with _EXACT_LOCK:
        if not _exact_registry:
            _exact_registry.append(build_registry(unit_definitions(), exact=True))
        return _exact_registry[0]


@functools.cache
def _factor(units: UnitsContainer) -> Fraction:
    try:
        return _multiplied_out(units)
    except (AttributeError, IndexError, KeyError, TypeError):
        # A pint whose definition objects differ from those read below: take
        # pint's own factor, exact for every unit without a division by an
        # integer scale (1/minute comes back as a float, read at its repr).
        factor, _ = _exact_units().get_base_units(units)
        return exact(factor)


def _multiplied_out(units: UnitsContainer) -> Fraction:
    # Multiplied out here rather than by pint's get_base_units: pint raises its
    # scales to negative powers as they are, and an int to a negative power
    # is a float (60 ** -1), which would undo the fractions.
    registry = _exact_units()
    factor = Fraction(1)
    for name, power in units.items():
        # A name is read as prefix and unit here, not by pint's get_name: once
        # 亿元 has been seen, get_name finds 万亿元 both as 万亿·元 and as 万·亿元
        # and logs a warning. Both name one factor (万亿 = 万 × 亿 in units.txt),
        # so the first reading pint offers is taken, quietly.
        prefix, unit_name, _ = registry.parse_unit_name(name)[0]
        definition: Any = registry._units[unit_name]
        scale = exact(registry._prefixes[prefix].converter.scale) if prefix else Fraction(1)
        if not definition.is_base:
            scale *= exact(definition.converter.scale) * _multiplied_out(definition.reference)
        if scale == 1:
            continue
        exponent = exact(power)
        if exponent.denominator == 1:
            factor *= scale**exponent.numerator
        else:  # a root (meter ** 0.5) has no exact value in general
            factor *= exact(float(scale) ** float(exponent))
    return factor


def _exact_factor(unit: Unit) -> Fraction:
    """The factor from ``unit`` to the base units, exactly as units.txt defines it."""
    return _factor(to_units_container(unit))


def exact_in(quantity: Quantity, unit: Unit, context: str = "") -> Fraction:
    """Return the magnitude of ``quantity`` in ``unit`` as an exact fraction.

    Raises:
        UnitMismatchError: if the dimensions differ.
    """
    quantity = check_dimension(quantity, unit, context)
    return convert_exact(exact(quantity.magnitude), quantity.units, unit)


def convert_exact(magnitude: Fraction, unit: Unit, to: Unit) -> Fraction:
    """Convert an exact magnitude from ``unit`` to ``to`` (of the same dimension), exactly.

    The factors are fractions read from the unit definitions, never floats:

    >>> from fractions import Fraction
    >>> from zgc_plan._unit_parsing import parse_unit
    >>> convert_exact(Fraction(1, 10), parse_unit("亿元"), parse_unit("万元"))
    Fraction(1000, 1)
    """
    ratio = _ratio(to_units_container(unit), to_units_container(to))
    return magnitude if ratio is _ONE else magnitude * ratio


_ONE = Fraction(1)


@functools.cache
def _ratio(units: UnitsContainer, to: UnitsContainer) -> Fraction:
    # One factor per pair of units, remembered: a judgement converts the same few
    # pairs over and over, and comparing the two units costs more than the lookup.
    if units == to:
        return _ONE  # needs no factor, so no exact registry: judging in the plan's units
    ratio = _factor(units) / _factor(to)
    return _ONE if ratio == 1 else ratio


# Units are value objects: their exact factors to one another are kept by their
# (immutable, hashable) unit containers, since pint takes tens of microseconds to
# work one out and aggregation asks for them per figure.
_FACTORS: dict[tuple[object, object], Fraction] = {}


def unit_key(unit: Unit) -> object:
    """What identifies a unit in a cache: its unit container (the unit itself for another kind)."""
    return getattr(unit, "_units", unit)


def unit_factor(unit: Unit, to: Unit) -> Fraction:
    """The exact factor from ``unit`` to ``to`` (of the same dimension), remembered."""
    key = (unit_key(unit), unit_key(to))
    factor = _FACTORS.get(key)
    if factor is None:
        factor = _FACTORS[key] = convert_exact(_ONE, unit, to)
    return factor
