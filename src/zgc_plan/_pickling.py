"""Pickling quantities, units and attrs classes of the library's registry by unit name."""

from __future__ import annotations

from typing import TypeVar

import attrs
import pint

from zgc_plan._registry import Q_, Quantity, Unit, ureg
from zgc_plan._unit_parsing import parse_unit

__all__ = ["PicklesUnits"]

_T = TypeVar("_T")


def _unpickle_quantity(magnitude: object, unit: str) -> Quantity:
    return Q_(magnitude, parse_unit(unit))


def _unpickle_unit(unit: str) -> Unit:
    return parse_unit(unit)


def _reduce_quantity(quantity: Quantity) -> tuple[object, ...]:
    return (_unpickle_quantity, (quantity.magnitude, f"{quantity.units:D}"))


def _reduce_unit(unit: Unit) -> tuple[object, ...]:
    return (_unpickle_unit, (f"{unit:D}",))


# pint unpickles quantities and units into its *application* registry, which
# does not know 万元; the library's own classes (built by pint for this registry
# alone, so a caller's registry is untouched) pickle by unit name instead and
# come back into this registry in any process that imports zgc_plan.
ureg.Quantity.__reduce__ = _reduce_quantity  # type: ignore[assignment, method-assign]
ureg.Unit.__reduce__ = _reduce_unit  # type: ignore[method-assign]


class _UnitName(str):
    """A unit written out by name inside a pickle."""

    __slots__ = ()


def _rebuild(cls: type[_T], values: tuple[object, ...]) -> _T:
    return cls(*(parse_unit(v) if isinstance(v, _UnitName) else v for v in values))


class PicklesUnits:
    """Mixin for attrs classes with unit fields: pickle units by name.

    pint unpickles a unit into its *application* registry, which is not the
    library's; written by name, a unit is parsed back into :data:`ureg`, so a
    plan or a result sent to another process (multiprocessing, Dask, Spark)
    compares equal to the original there.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[object, ...]:
        values = tuple(
            _UnitName(f"{value:D}") if isinstance(value, pint.Unit) else value
            for value in (getattr(self, f.name) for f in attrs.fields(type(self)))  # type: ignore[arg-type]
        )
        return (_rebuild, (type(self), values))
