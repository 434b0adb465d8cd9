"""The base class of the library's frozen attrs classes."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Record"]


class Record:
    """One ``__repr__`` for every attrs class of the library.

    Each class is made with ``@attrs.frozen(repr=False)`` and inherits this
    ``__repr__``, which writes what attrs would write:
    ``SourceRef(section='一(三)', quote='...')``.  attrs compiles a
    ``__repr__`` of its own for each class, a third of the time it takes to
    make one, and the library makes some twenty classes when it is imported;
    import time is paid by every command and every tool that depends on it.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        cls = type(self)
        fields: tuple[attrs.Attribute[Any], ...] = getattr(cls, "__attrs_attrs__", ())
        values = ", ".join(
            f"{field.name}={field.repr(value) if callable(field.repr) else repr(value)}"
            for field in fields
            if field.repr
            for value in (getattr(self, field.name),)
        )
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({values})"
