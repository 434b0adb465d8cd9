"""The base class of the library's frozen attrs classes."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Record"]


class Record:
    """``__repr__``, ``__eq__`` and ``__hash__`` for every attrs class of the library.

    Each class is made with ``@attrs.frozen(repr=False, eq=False)`` and
    inherits these three methods, which behave as attrs's own: the repr reads
    ``SourceRef(section='一(三)', quote='...')``; two records are equal when
    they are of the same class and their fields compare equal, leaving out
    fields made with ``eq=False``; equal records hash alike.

    attrs writes and compiles these methods anew for each class, about half
    of the time it takes to make one, and the library makes some twenty
    classes when it is imported; import time is paid by every command and
    by every tool that depends on the library.
    """

    __slots__ = ()

    def _record_fields(self) -> tuple[attrs.Attribute[Any], ...]:
        fields: tuple[attrs.Attribute[Any], ...] = getattr(type(self), "__attrs_attrs__", ())
        return fields

    def _record_values(self) -> tuple[object, ...]:
        return tuple(getattr(self, field.name) for field in self._record_fields() if field.eq)

    def __repr__(self) -> str:
        values = ", ".join(
            f"{field.name}={field.repr(value) if callable(field.repr) else repr(value)}"
            for field in self._record_fields()
            if field.repr
            for value in (getattr(self, field.name),)
        )
        return f"{type(self).__qualname__.rsplit('>.', 1)[-1]}({values})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__ or not isinstance(other, Record):
            return NotImplemented
        return self._record_values() == other._record_values()

    def __hash__(self) -> int:
        return hash((type(self).__qualname__, *self._record_values()))
