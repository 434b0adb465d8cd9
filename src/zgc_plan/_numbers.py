"""The one reader of numbers written as text, for every input of the library.

CSV cells, plain YAML scalars, the values of a mapping given to ``evaluate``,
quantity texts (``41万元/人``) and the figures of policy phrases are all read
here, by the rules of ``specs/semantics.md`` ("Numbers"):

* digits are ASCII or full-width (``４０`` is 40); no other script's digits;
* an optional sign, ``+``, ``-`` or the minus sign ``−``;
* the point is the decimal separator; a comma separates thousands only where
  it cannot be a decimal comma: groups of exactly three digits, and either
  two groups or more (``1,020,000``) or a decimal point after them
  (``1,020.5``);
* ``41,5``, ``6.000,5`` and ``1,020`` are refused with a message that says
  how to write the number, never read as another number;
* an optional exponent (``1e3``), and a value within 10^±MAX_EXPONENT;
* at most MAX_LENGTH characters.

A number the reader refuses raises :class:`ValueError` whose message says
why; callers turn it into a :class:`~zgc_plan.exceptions.Problem` with
their path and line.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

from zgc_plan.exceptions import excerpt

__all__ = ["MAX_EXPONENT", "MAX_LENGTH", "number_reason", "read_integer", "read_number"]

#: Numbers beyond 10**±MAX_EXPONENT are typing mistakes, and would make exact
#: arithmetic on them slow (and float conversion overflow).
MAX_EXPONENT: Final = 30
#: Longest number text read; a longer one is refused before any conversion.
MAX_LENGTH: Final = 64

_FULL_WIDTH: Final = str.maketrans(
    "０１２３４５６７８９．＋－，ｅＥ", "0123456789.+-,eE"
) | {0x2212: "-"}  # fmt: skip
_PLAIN: Final = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_GROUPED: Final = re.compile(r"[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_DECIMAL_COMMA: Final = re.compile(r"[-+]?[0-9]+,[0-9]+")
_DOTTED_THOUSANDS: Final = re.compile(r"[-+]?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+")


def read_number(text: str) -> int | Decimal:
    """Read a number written as text.

    Returns:
        An :class:`int` when the number is written without a point or an
        exponent, else an exact :class:`~decimal.Decimal`.

    Raises:
        ValueError: if the text is not a number by the rules above; the
            message says why and, where it can, how to write it.

    Example:
        >>> read_number("1,020,000"), read_number("４０"), read_number("-0.5")
        (1020000, 40, Decimal('-0.5'))
        >>> read_number("41,5")
        Traceback (most recent call last):
        ...
        ValueError: '41,5' has a decimal comma: write the decimal point, 41.5
    """
    if not isinstance(text, str):
        raise ValueError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ValueError(f"a number of {len(text)} characters is longer than {MAX_LENGTH}")
    cleaned = text.strip().translate(_FULL_WIDTH)
    if _PLAIN.fullmatch(cleaned):
        digits = cleaned
    elif _GROUPED.fullmatch(cleaned):
        if cleaned.count(",") == 1 and "." not in cleaned:
            plain = cleaned.replace(",", "")
            raise ValueError(
                f"{excerpt(text)} is ambiguous: write {plain} for a thousands separator, "
                f"or {cleaned.replace(',', '.')} for a decimal comma"
            )
        digits = cleaned.replace(",", "")
    elif _DOTTED_THOUSANDS.fullmatch(cleaned):
        plain = cleaned.replace(".", "").replace(",", ".")
        raise ValueError(
            f"{excerpt(text)} has a decimal comma after a point: write {plain} "
            "(a point is the decimal separator, no thousands separator)"
        )
    elif _DECIMAL_COMMA.fullmatch(cleaned):
        raise ValueError(
            f"{excerpt(text)} has a decimal comma: write the decimal point, "
            f"{cleaned.replace(',', '.')}"
        )
    else:
        raise ValueError(f"not a number: {excerpt(text)}")
    if not any(char in digits for char in ".eE"):
        value = int(digits)
        if value and len(str(abs(value))) - 1 > MAX_EXPONENT:
            raise ValueError(f"{excerpt(text)} is out of range (more than 10**{MAX_EXPONENT})")
        return value
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the patterns admit only Decimal syntax
        raise ValueError(f"not a number: {excerpt(text)}") from None
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise ValueError(f"{excerpt(text)} is out of range (|exponent| > {MAX_EXPONENT})")
    return number


def read_integer(text: str) -> int:
    """Read a whole number written without a point or an exponent (a year, a count).

    Raises:
        ValueError: if the text is not such a number.
    """
    value = read_number(text)
    if not isinstance(value, int):
        raise ValueError(f"expected a whole number, got {excerpt(text)}")
    return value


def number_reason(text: str) -> str | None:
    """Why ``text`` is not a number, or ``None`` if :func:`read_number` reads it."""
    try:
        read_number(text)
    except ValueError as error:
        return str(error)
    return None
