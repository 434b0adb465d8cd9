"""Exceptions raised by :mod:`zgc_plan`.

Every exception the library raises on purpose is a :class:`PlanError`, and each
also derives from the builtin that a caller would catch without knowing this
library: bad data is a :class:`ValueError`, a quantity of the wrong kind is a
:class:`TypeError` as in pint, a name that is not in the plan a :class:`KeyError`.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "PlanArgumentError",
    "PlanDataError",
    "PlanError",
    "PlanKeyError",
    "Problem",
    "UnitMismatchError",
    "excerpt",
    "first_line",
    "shown",
]

#: Most characters of the input that a message quotes.
EXCERPT_LENGTH = 60


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """``repr`` of the start of ``text``, so that a message never echoes a whole input."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


def first_line(error: BaseException) -> str:
    """Another library's error in one line for a message, or its type when it says nothing."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def shown(value: object, limit: int = EXCERPT_LENGTH) -> str:
    """``repr`` of any value, cut to ``limit`` characters, for messages."""
    if isinstance(value, str):
        return excerpt(value, limit)
    try:
        text = repr(value)
    except ValueError:  # an integer past Python's limit for int-to-text conversion
        return f"<a {type(value).__name__} too long to show>"
    return text if len(text) <= limit else text[:limit] + "…"


class PlanError(Exception):
    """Base class of every error raised by :mod:`zgc_plan`."""


@attrs.frozen
class Problem:
    """One problem found in a data file or a piece of input.

    Attributes:
        path: Where the problem stands inside the document, in the notation
            ``goals[3].targets[0].unit``; ``""`` for the document as a whole.
        message: What is wrong, in one sentence.
        line: The 1-based line of the file where known, else ``None``.
        column: The 1-based column (character) where known, else ``None``.
    """

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.path or "<document>"
        if self.line is not None:
            where += f" (line {self.line}"
            where += f", column {self.column})" if self.column is not None else ")"
        return f"{where}: {self.message}"


class PlanDataError(PlanError, ValueError):
    """A plan file, an observation file or a piece of input is malformed.

    The error collects every problem found, not only the first, so that one
    run shows everything to fix.

    Attributes:
        source: The file name (or another label such as ``"<string>"``) of the
            input, or ``None`` when the input had no name.
        problems: Every problem found, in document order.
    """

    source: str | None
    problems: tuple[Problem, ...]

    def __init__(self, problems: Iterable[Problem] | str, *, source: str | None = None) -> None:
        if isinstance(problems, str):
            problems = (Problem("", problems),)
        self.problems = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{prefix}{self.problems[0]}"
        lines = [f"{prefix}{len(self.problems)} problems:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_plan_data_error, (self.problems, self.source))


def _rebuild_plan_data_error(problems: tuple[Problem, ...], source: str | None) -> PlanDataError:
    return PlanDataError(problems, source=source)


class PlanArgumentError(PlanError, TypeError):
    """An argument of a library function has the wrong type (``year="2022"``).

    The message names the argument and what it accepts.
    """


class PlanKeyError(PlanError, KeyError):
    """A name, id or number looked up is not there (``plan.indicator("nope")``).

    The message says what can be given instead.
    """

    def __str__(self) -> str:
        # KeyError quotes its argument as a repr; the message is a sentence.
        return str(self.args[0]) if self.args else ""


class UnitMismatchError(PlanError, TypeError):
    """A quantity's unit has the wrong dimension for where it is used.

    Attributes:
        expected: The unit (or dimension) that was expected, as text.
        given: The unit that was given, as text.
        context: What the quantity was for (an indicator or target), or ``""``.
    """

    expected: str
    given: str
    context: str

    def __init__(self, expected: str, given: str, context: str = "") -> None:
        self.expected = expected
        self.given = given
        self.context = context
        about = f" for {context}" if context else ""
        super().__init__(
            f"expected a quantity in {expected} (or a compatible unit){about}, got {given}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.expected, self.given, self.context))
