"""Typed access to the plain data of a YAML document, collecting problems.

A :class:`Fields` wraps one mapping of a document.  Each accessor returns a
typed value, or records a :class:`~zgc_plan.exceptions.Problem` with the path
and line and returns ``None``; :meth:`Fields.finish` records the keys that no
accessor asked for.  Structuring code reads a whole document this way and
raises every problem at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TypeVar

from zgc_plan._document import InputDocument, Path
from zgc_plan._registry import Unit
from zgc_plan._unit_parsing import parse_unit
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["Fields", "Problems"]

#: Numbers beyond 10**±MAX_EXPONENT are typing mistakes, and would make exact
#: arithmetic on them slow.
MAX_EXPONENT = 30

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

E = TypeVar("E")


class Problems:
    """The problems found so far in one document."""

    def __init__(self, document: InputDocument) -> None:
        self.document = document
        self.items: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        """Record a problem at ``path``."""
        self.items.append(self.document.problem(path, message))

    def raise_if_any(self) -> None:
        """Raise all recorded problems as one :class:`PlanDataError`."""
        if self.items:
            raise PlanDataError(self.items, source=self.document.source)


def _type_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}
    if isinstance(value, int) and not isinstance(value, bool):
        return f"the integer {value}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    return f"{names.get(type(value), type(value).__name__)} {value!r}"[:120]


class Fields:
    """Typed reader over one mapping of a document."""

    def __init__(self, data: object, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.ok = isinstance(data, dict)
        self.data: dict[object, object] = data if isinstance(data, dict) else {}
        self.used: set[object] = set()
        if not self.ok:
            problems.add(path, f"expected a mapping, got {_type_name(data)}")

    def _get(self, key: str, required: bool) -> object:
        self.used.add(key)
        if key not in self.data or self.data[key] is None:
            if required and self.ok:
                self.problems.add(self.path, f"missing required key {key!r}")
            return None
        return self.data[key]

    def _wrong(self, key: str, expected: str, value: object) -> None:
        self.problems.add((*self.path, key), f"expected {expected}, got {_type_name(value)}")

    def string(self, key: str, *, required: bool = True, nonempty: bool = True) -> str | None:
        """A string value."""
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str):
            self._wrong(key, "a string", value)
            return None
        if nonempty and not value.strip():
            self.problems.add((*self.path, key), "must not be empty")
            return None
        return value

    def integer(
        self, key: str, *, required: bool = True, minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:  # fmt: skip
        """An integer value, optionally within bounds."""
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self._wrong(key, "an integer", value)
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            if maximum is None:
                message = f"{value} is less than {minimum}"
            elif minimum is None:
                message = f"{value} is more than {maximum}"
            else:
                message = f"{value} is outside the range {minimum}..{maximum}"
            self.problems.add((*self.path, key), message)
            return None
        return value

    def number(self, key: str, *, required: bool = True) -> Decimal | None:
        """A finite number, kept exact as a :class:`~decimal.Decimal`."""
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self._wrong(key, "a number", value)
            return None
        number = Decimal(value)
        if not number.is_finite():
            self.problems.add((*self.path, key), f"{value} is not a finite number")
            return None
        if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
            self.problems.add(
                (*self.path, key), f"{value} is out of range (|exponent| > {MAX_EXPONENT})"
            )
            return None
        return number

    def boolean(self, key: str, *, default: bool = False) -> bool:
        """A ``true``/``false`` value, or ``default`` when absent."""
        value = self._get(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            self._wrong(key, "true or false", value)
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        """A date written as a quoted ISO string, ``"2018-12-27"``."""
        value = self.string(key)
        if value is None:
            return None
        try:
            if not _ISO_DATE.fullmatch(value):
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problems.add((*self.path, key), f"not a date in the form YYYY-MM-DD: {value!r}")
            return None

    def unit(self, key: str, *, required: bool = True) -> Unit | None:
        """A unit written as text, parsed once with the library's registry."""
        value = self.string(key, required=required)
        if value is None:
            return None
        try:
            return parse_unit(value)
        except PlanDataError as error:
            self.problems.add((*self.path, key), error.problems[0].message)
            return None

    def choice(self, key: str, enum: Callable[[str], E], names: list[str]) -> E | None:
        """One of a fixed set of words, converted by ``enum``."""
        value = self.string(key)
        if value is None:
            return None
        if value not in names:
            self.problems.add(
                (*self.path, key), f"expected one of {', '.join(names)}; got {value!r}"
            )
            return None
        return enum(value)

    def mapping(self, key: str, *, required: bool = True) -> Fields | None:
        """A nested mapping, as its own :class:`Fields`."""
        value = self._get(key, required)
        if value is None:
            return None
        return Fields(value, (*self.path, key), self.problems)

    def items(self, key: str, *, required: bool = True) -> Iterator[Fields]:
        """The mappings of a list, each as its own :class:`Fields`."""
        value = self._get(key, required)
        if value is None:
            return
        if not isinstance(value, list):
            self._wrong(key, "a list", value)
            return
        for index, item in enumerate(value):
            yield Fields(item, (*self.path, key, index), self.problems)

    def finish(self) -> None:
        """Record every key of the mapping that was not read."""
        for key in self.data:
            if key not in self.used:
                self.problems.add((*self.path, str(key)), f"unknown key {key!r}")
