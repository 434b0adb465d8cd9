"""Pickling attrs classes whose fields hold units of the library's registry."""

from __future__ import annotations

from typing import TypeVar

import attrs
import pint

from zgc_plan._unit_parsing import parse_unit

__all__ = ["PicklesUnits"]

_T = TypeVar("_T")


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
