"""Periods that figures refer to: a year, a quarter, a month, or a span of months.

A period is a run of whole months inside one calendar year, so every form is
one value with a year, a first and a last month: the year ``2022`` is
January to December, the quarter ``2022Q3`` July to September, the month
``2022-11`` November alone, and the span ``2022-01..2022-11`` January to
November (what 1-11月 means in a monthly release).  A period is written in
the shortest of these forms that says it, so a span of a whole quarter is
the quarter, and ``2022-01..2022-12`` is the year.  The rules are those of
``specs/periods.md``.
"""

from __future__ import annotations

import functools
import re

import attrs

from zgc_plan.exceptions import PlanDataError

__all__ = ["MAX_YEAR", "MIN_YEAR", "Period", "PeriodLike", "parse_period", "period", "to_period"]

#: Years outside this range are rejected as typing mistakes.
MIN_YEAR = 1949
MAX_YEAR = 2100

_YEAR = r"([0-9]{4})"
_MONTH = r"([0-9]{1,2})"


@functools.cache
def _forms() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Compiled on first use: importing the library reads no period.
    return (
        ("year", re.compile(rf"{_YEAR}")),
        ("quarter", re.compile(rf"{_YEAR}[Qq]([0-9]+)")),
        ("month", re.compile(rf"{_YEAR}-{_MONTH}")),
        ("span", re.compile(rf"{_YEAR}-{_MONTH}\s*\.\.\s*{_YEAR}-{_MONTH}")),
    )


@attrs.frozen(order=False)
class Period:
    """A run of whole months inside one year.

    Build one with :meth:`parse` (``"2022Q3"``), :meth:`of` (``2022``, a
    string or a period) or the constructors :meth:`whole_year`,
    :meth:`quarter`, :meth:`month` and :meth:`span`.  Periods sort by year,
    then first month, then last month.

    Attributes:
        year: The calendar year.
        first: The first month, 1-12.
        last: The last month, from :attr:`first` to 12.

    Example:
        >>> from zgc_plan import Period
        >>> str(Period.parse("2022-07..2022-09")), Period.parse("2022").months
        ('2022Q3', 12)
    """

    year: int
    first: int = 1
    last: int = 12

    def __attrs_post_init__(self) -> None:
        problem = _check(self.year, self.first, self.last)
        if problem is not None:
            raise PlanDataError(problem, source="<period>")

    @classmethod
    def whole_year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(year, 1, 12)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """A quarter, 1-4."""
        if not 1 <= quarter <= 4:
            raise PlanDataError(f"quarter {quarter} is not 1-4", source="<period>")
        return cls(year, 3 * quarter - 2, 3 * quarter)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """One month, 1-12."""
        return cls(year, month, month)

    @classmethod
    def span(cls, year: int, first: int, last: int) -> Period:
        """The months ``first`` to ``last`` of ``year``; ``span(y, 1, n)`` is 1-n月."""
        return cls(year, first, last)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2022``, ``2022Q3``, ``2022-11`` or ``2022-01..2022-11``.

        Raises:
            PlanDataError: naming what is wrong: a month 13, a quarter 5, a
                span that runs backwards or across years, or another form.
        """
        value, problem = _parse(text)
        if value is None:
            raise PlanDataError(problem, source="<period>")
        return value

    @classmethod
    def of(cls, value: PeriodLike) -> Period:
        """A period from a year (``2022``), a string, or a period (returned as is).

        Raises:
            PlanDataError: if ``value`` is no period.
        """
        if isinstance(value, Period):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value, 1, 12)
        if isinstance(value, str):
            return cls.parse(value)
        raise PlanDataError(f"not a period: {value!r}", source="<period>")

    @property
    def months(self) -> int:
        """How many months the period has."""
        return self.last - self.first + 1

    @property
    def kind(self) -> str:
        """``year``, ``quarter``, ``month`` or ``span``."""
        if self.first == 1 and self.last == 12:
            return "year"
        if self.first == self.last:
            return "month"
        if self.months == 3 and self.first % 3 == 1:
            return "quarter"
        return "span"

    @property
    def is_year(self) -> bool:
        """Whether the period is the whole calendar year."""
        return self.first == 1 and self.last == 12

    @property
    def is_year_to_date(self) -> bool:
        """Whether the period runs from January (1-N月), the whole year included."""
        return self.first == 1

    def contains(self, other: Period) -> bool:
        """Whether every month of ``other`` is a month of this period."""
        return self.year == other.year and self.first <= other.first and other.last <= self.last

    def month_periods(self) -> tuple[Period, ...]:
        """The months of the period, in order."""
        return tuple(Period(self.year, m, m) for m in range(self.first, self.last + 1))

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.first, self.last)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()

    def __str__(self) -> str:
        kind = self.kind
        if kind == "year":
            return str(self.year)
        if kind == "quarter":
            return f"{self.year}Q{self.last // 3}"
        if kind == "month":
            return f"{self.year}-{self.first:02d}"
        return f"{self.year}-{self.first:02d}..{self.year}-{self.last:02d}"


#: What :meth:`Period.of` accepts.
PeriodLike = Period | int | str


@functools.lru_cache(maxsize=8192)
def period(year: int, first: int = 1, last: int = 12) -> Period:
    """``Period(year, first, last)``, one shared object per period (periods are immutable)."""
    return Period(year, first, last)


def to_period(value: PeriodLike) -> Period:
    """:meth:`Period.of`, as a function (an attrs converter)."""
    return Period.of(value)


def _check(year: object, first: object, last: object) -> str | None:
    if (
        not isinstance(year, int) or not isinstance(first, int) or not isinstance(last, int)
        or any(isinstance(value, bool) for value in (year, first, last))
    ):  # fmt: skip
        return f"a period is made of integers, not {(year, first, last)!r}"
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"year {year} is outside {MIN_YEAR}..{MAX_YEAR}"
    for month in (first, last):
        if not 1 <= month <= 12:
            return f"month {month} is not 1-12"
    if last < first:
        return f"the span runs backwards: month {last} is before month {first}"
    return None


def _parse(text: str) -> tuple[Period | None, str]:
    """The period written in ``text``, or ``None`` and what is wrong with it."""
    text = text.strip()
    for kind, pattern in _forms():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        numbers = [int(group) for group in match.groups()]
        if kind == "year":
            year, first, last = numbers[0], 1, 12
        elif kind == "quarter":
            if not 1 <= numbers[1] <= 4:
                return None, f"quarter {numbers[1]} is not 1-4 in {text!r}"
            year, first, last = numbers[0], 3 * numbers[1] - 2, 3 * numbers[1]
        elif kind == "month":
            year, first, last = numbers[0], numbers[1], numbers[1]
        else:
            year, first, end_year, last = numbers
            if end_year != year:
                return None, f"the span {text!r} runs across years; a span lies inside one year"
        problem = _check(year, first, last)
        if problem is not None:
            return None, f"{problem} in {text!r}"
        return Period(year, first, last), ""
    return None, (
        f"not a period: {text!r}; write a year (2022), a quarter (2022Q3), a month (2022-11) "
        "or a span of months (2022-01..2022-11)"
    )


def parse_period(value: object) -> tuple[Period | None, str]:
    """Read a period from file data: an integer year or a string.

    Returns:
        The period, or ``None`` and a message saying what is wrong.
    """
    if isinstance(value, bool):
        return None, f"expected a period, got {value!r}"
    if isinstance(value, int):
        problem = _check(value, 1, 12)
        return (None, problem) if problem else (Period(value, 1, 12), "")
    if isinstance(value, str):
        return _parse(value)
    return (
        None,
        f"expected a period such as 2022, 2022Q3, 2022-11 or 2022-01..2022-11, got {value!r}",
    )
