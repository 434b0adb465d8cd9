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
from zgc_plan._numbers import MAX_EXPONENT, number_reason
from zgc_plan._registry import Unit
from zgc_plan._unit_parsing import parse_unit
from zgc_plan.exceptions import EXCERPT_LENGTH, PlanDataError, Problem, excerpt, shown

__all__ = [
    "Fields",
    "InvalidValueError",
    "Problems",
    "as_boolean",
    "as_choice",
    "as_date",
    "as_integer",
    "as_number",
    "as_string",
    "as_unit",
    "type_name",
]


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


def type_name(value: object) -> str:
    """How a wrong value is named in a message: ``the integer 5``, ``a string 'x'``."""
    if value is None:
        return "nothing (null)"
    names = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}
    if isinstance(value, int) and not isinstance(value, bool):
        return f"the integer {value}"
    if isinstance(value, Decimal):
        return f"the number {value}"
    return f"{names.get(type(value), type(value).__name__)} {shown(value)}"


class InvalidValueError(Exception):
    """A value that is not what its key needs; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _wrong(expected: str, value: object) -> InvalidValueError:
    return InvalidValueError(f"expected {expected}, got {type_name(value)}")


def as_string(value: object, *, nonempty: bool = True) -> str:
    """A string value (not blank, unless ``nonempty`` is false)."""
    if not isinstance(value, str):
        raise _wrong("a string", value)
    if nonempty and not value.strip():
        raise InvalidValueError("must not be empty")
    return value


def as_integer(value: object, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer value, optionally within bounds."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise _wrong("an integer", value)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            raise InvalidValueError(f"{value} is less than {minimum}")
        if minimum is None:
            raise InvalidValueError(f"{value} is more than {maximum}")
        raise InvalidValueError(f"{value} is outside the range {minimum}..{maximum}")
    return value


_LEADING_NUMBER = re.compile(r"\s*([-+]?[0-9]+(?:\.[0-9]+)?)\s*(\S.*?)\s*")


def _number_and_unit(text: str) -> tuple[str, str] | None:
    """A number followed by a unit the registry knows, as two texts; else ``None``."""
    match = _LEADING_NUMBER.fullmatch(text)
    if match is None or len(text) > EXCERPT_LENGTH:
        return None
    try:
        parse_unit(match.group(2))
    except PlanDataError:  # not a unit: no advice beyond "expected a number"
        return None
    return match.group(1), match.group(2)


def as_number(value: object) -> Decimal:
    """A finite number, kept exact as a :class:`~decimal.Decimal`."""
    if isinstance(value, str):
        reason = number_reason(value)
        # A number the reader reads was quoted in YAML; a near-number says why not.
        if reason is None:
            reason = f"expected a number, got a string {excerpt(value)}: write it without quotes"
        elif reason.startswith("not a number"):
            reason = f"expected a number, got a string {excerpt(value)}"
            split = _number_and_unit(value)
            if split is not None:  # 6.5% or 41.3万元/人 in one cell, as a spreadsheet shows it
                reason += f": write {split[0]} here and {split[1]} as its unit"
        raise InvalidValueError(reason)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise _wrong("a number", value)
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidValueError(f"{value} is not a finite number")
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise InvalidValueError(f"{value} is out of range (|exponent| > {MAX_EXPONENT})")
    return number


def as_boolean(value: object) -> bool:
    """A ``true``/``false`` value."""
    if not isinstance(value, bool):
        raise _wrong("true or false", value)
    return value


def as_date(value: object) -> dt.date:
    """A date written as a quoted ISO string, ``"2018-12-27"``."""
    text = as_string(value)
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidValueError(f"not a date in the form YYYY-MM-DD: {shown(text)}") from None


def as_unit(value: object) -> Unit:
    """A unit written as text, parsed once with the library's registry."""
    text = as_string(value)
    try:
        return parse_unit(text)
    except PlanDataError as error:
        raise InvalidValueError(error.problems[0].message) from None


def as_choice(value: object, enum: Callable[[str], E], names: list[str]) -> E:
    """One of a fixed set of words, converted by ``enum``."""
    text = as_string(value)
    if text not in names:
        raise InvalidValueError(f"expected one of {', '.join(names)}; got {shown(text)}")
    return enum(text)


class Fields:
    """Typed reader over one mapping of a document."""

    def __init__(self, data: object, path: Path, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.ok = isinstance(data, dict)
        self.data: dict[object, object] = data if isinstance(data, dict) else {}
        self.used: set[object] = set()
        if not self.ok:
            problems.add(path, f"expected a mapping, got {type_name(data)}")

    def _get(self, key: str, required: bool) -> object:
        self.used.add(key)
        if key not in self.data or self.data[key] is None:
            if required and self.ok:
                self.problems.add(self.path, f"missing required key {key!r}")
            return None
        return self.data[key]

    def _read(self, key: str, required: bool, read: Callable[[object], E]) -> E | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return read(value)
        except InvalidValueError as problem:
            self.problems.add((*self.path, key), problem.message)
            return None

    def string(self, key: str, *, required: bool = True, nonempty: bool = True) -> str | None:
        """A string value."""
        return self._read(key, required, lambda value: as_string(value, nonempty=nonempty))

    def integer(
        self, key: str, *, required: bool = True, minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:  # fmt: skip
        """An integer value, optionally within bounds."""
        return self._read(key, required, lambda value: as_integer(value, minimum, maximum))

    def number(self, key: str, *, required: bool = True) -> Decimal | None:
        """A finite number, kept exact as a :class:`~decimal.Decimal`."""
        return self._read(key, required, as_number)

    def boolean(self, key: str, *, default: bool = False) -> bool:
        """A ``true``/``false`` value, or ``default`` when absent."""
        value = self._read(key, False, as_boolean)
        return default if value is None else value

    def date(self, key: str) -> dt.date | None:
        """A date written as a quoted ISO string, ``"2018-12-27"``."""
        return self._read(key, True, as_date)

    def unit(self, key: str, *, required: bool = True) -> Unit | None:
        """A unit written as text, parsed once with the library's registry."""
        return self._read(key, required, as_unit)

    def choice(self, key: str, enum: Callable[[str], E], names: list[str]) -> E | None:
        """One of a fixed set of words, converted by ``enum``."""
        return self._read(key, True, lambda value: as_choice(value, enum, names))

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
            self.problems.add((*self.path, key), _wrong("a list", value).message)
            return
        for index, item in enumerate(value):
            yield Fields(item, (*self.path, key, index), self.problems)

    def finish(self) -> None:
        """Record every key of the mapping that was not read."""
        for key in self.data:
            if key not in self.used:
                self.problems.add(
                    (*self.path, str(key)[:EXCERPT_LENGTH]), f"unknown key {shown(key)}"
                )
