"""Checks of the arguments given to the library's functions.

A function of the library given a value of the wrong type (a text where an
evaluation belongs, a number where observations belong) raises a
:class:`~zgc_plan.exceptions.PlanArgumentError` that names the argument and
what it takes, rather than failing somewhere inside with an error about an
attribute; items of the wrong type in a collection are each named by their
index in one :class:`~zgc_plan.exceptions.PlanDataError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from zgc_plan.exceptions import PlanArgumentError, PlanDataError, Problem, shown

__all__ = ["day", "describe", "instance", "instances", "mapping", "sequence_of_names"]

_T = TypeVar("_T")


def describe(value: object) -> str:
    """A value's type and the start of its repr, for messages."""
    return f"{type(value).__name__} {shown(value)}"


def instance(value: object, kind: type[_T], name: str) -> _T:
    """``value`` when it is of ``kind``.

    Raises:
        PlanArgumentError: naming the argument ``name`` and the type it takes.
    """
    # A bool is an int to Python, never a year or a count to a caller.
    if isinstance(value, kind) and not (isinstance(value, bool) and kind is not bool):
        return value
    raise PlanArgumentError(
        f"{name} must be {_article(kind.__name__)} {kind.__name__}, got {describe(value)}"
    )


def day(value: object, name: str) -> dt.date:
    """``value`` as a date; a datetime is taken as its day.

    A datetime is a date to Python, but one that cannot be compared with a
    date: its day is what a date argument means.

    Raises:
        PlanArgumentError: naming the argument ``name``, for anything else.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    return instance(value, dt.date, name)


def instances(values: object, kind: type[_T], name: str) -> tuple[_T, ...]:
    """The items of ``values``, each of ``kind``.

    Raises:
        PlanArgumentError: when ``values`` is not a collection (text is not one).
        PlanDataError: naming each item of another type by its index.
    """
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise PlanArgumentError(
            f"{name} must be {kind.__name__} objects (a list or any iterable), "
            f"got {describe(values)}"
        )
    items = tuple(values)
    problems = [
        Problem(
            f"[{i}]", f"expected {_article(kind.__name__)} {kind.__name__}, got {describe(item)}"
        )
        for i, item in enumerate(items)
        if not isinstance(item, kind)
    ]
    if problems:
        raise PlanDataError(problems, source=f"<{name}>")
    return items


def mapping(value: object, name: str, example: str) -> dict[Any, Any]:
    """``value`` as a dict when it is a mapping; ``example`` shows one in the message.

    Its keys and values are the caller's to check, where it can say which is wrong.

    Raises:
        PlanArgumentError: naming the argument ``name``, for anything else.
    """
    if not isinstance(value, Mapping):
        raise PlanArgumentError(
            f"{name} must be a mapping, such as {example}, got {describe(value)}"
        )
    return dict(value)


def sequence_of_names(value: object, name: str, example: str) -> tuple[str, ...]:
    """``value`` as a tuple when it is a collection of text; text itself is not one.

    Raises:
        PlanArgumentError: naming the argument ``name``; for a text, the
            ``example`` shows the tuple meant (``"area,year"`` is not
            ``("area", "year")``).
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise PlanArgumentError(
            f"{name} must be a sequence of names, such as {example}, got {describe(value)}"
        )
    items: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise PlanArgumentError(
                f"{name} must be a sequence of names (text), such as {example}, "
                f"got {describe(item)} in it"
            )
        items.append(item)
    return tuple(items)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
