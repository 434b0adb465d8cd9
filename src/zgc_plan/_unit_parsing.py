"""Reading and writing unit strings: ``万元/人``, ``40万元/人``, ``百分之六``."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import cast

import pint

from zgc_plan._registry import Q_, Quantity, Unit, ureg
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["normalize_text", "parse_quantity", "parse_unit", "unit_text"]

_NUMBER = re.compile(
    r"""\s*(?P<number>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*"""
)


def normalize_text(text: str) -> str:
    """Return ``text`` with full-width forms folded to their ASCII twins.

    ``６％`` becomes ``6%``, ``（`` becomes ``(``; Chinese characters are kept.
    NFKC would also fold some CJK compatibility ideographs, so only the
    full-width ASCII block and the ideographic space are folded.
    """
    return "".join(
        unicodedata.normalize("NFKC", char)
        if "\uff01" <= char <= "\uff5e" or char == "\u3000"
        else char
        for char in text
    )


_SIMPLE_UNIT = re.compile(r"[^\W\d]+(?:\*\*[0-9])?(?:[*/][^\W\d]+(?:\*\*[0-9])?)*")
_SIMPLE_FACTOR = re.compile(r"([*/]?)([^\W\d]+)(?:\*\*([0-9]))?")
_DIMENSIONLESS = cast("Unit", ureg.Unit(ureg.UnitsContainer()))
_PERCENT = cast("Unit", ureg.Unit(ureg.UnitsContainer({"percent": 1})))


def _simple_unit(text: str) -> Unit | None:
    """The unit of ``text`` if it is a plain product of names (``万元/人``), else ``None``.

    pint reads every unit string with Python's tokenizer (some 25 µs a call,
    and the tokenizer's patterns compile on first use); a product of unit
    names is read here with the registry's own name lookup, to the same unit
    (a test compares the two on every name of the registry).  Anything else,
    or a name the registry does not know, is left to pint's parser.
    """
    if text == "%":
        return _PERCENT
    if not _SIMPLE_UNIT.fullmatch(text):
        return None
    exponents: dict[str, int] = {}
    for operator, name, power in _SIMPLE_FACTOR.findall(text):
        try:
            canonical = ureg.get_name(name)
        except pint.UndefinedUnitError:
            return None
        if not canonical:  # "dimensionless", as pint reads it
            continue
        if not ureg._units[canonical].is_multiplicative:
            return None  # an offset unit, which pint may read as its delta
        exponent = int(power or 1) * (-1 if operator == "/" else 1)
        exponents[canonical] = exponents.get(canonical, 0) + exponent
    return cast("Unit", ureg.Unit(ureg.UnitsContainer({n: e for n, e in exponents.items() if e})))


def parse_unit(text: str, *, source: str | None = None, path: str = "") -> Unit:
    """Parse a unit written as in the plan (``万元/人``) or in English (``CNY/person``).

    Raises:
        PlanDataError: if the text is not a unit of the library's registry.
    """
    cleaned = normalize_text(text).strip().replace(" ", "")
    if cleaned in {"", "1"}:
        return _DIMENSIONLESS
    simple = _simple_unit(cleaned)
    if simple is not None:
        return simple
    try:
        return cast("Unit", ureg.parse_units(cleaned))
    # pint's parser lets tokenizer, arithmetic and assertion errors out on malformed
    # text ("元/(人", "元/0", "元**"); every one of them means "not a unit".
    except Exception as error:
        reason = str(error) or type(error).__name__
        raise PlanDataError(
            (Problem(path, f"not a known unit: {text!r} ({reason})"),), source=source
        ) from None


def parse_quantity(text: str, *, source: str | None = None, path: str = "") -> Quantity:
    """Parse a quantity such as ``40万元/人``, ``0.065 吨标煤/万元`` or ``6%``.

    A number comes first (thousands separators and full-width digits allowed,
    or Chinese numerals: ``十六园``, ``两家``, ``百分之六``), then a unit; spaces
    between them are optional.  The magnitude is an
    :class:`int` when the number is written without a point or exponent.

    Raises:
        PlanDataError: if the text is not a number followed by a known unit.
    """
    cleaned = normalize_text(text)
    match = _NUMBER.match(cleaned)
    if match is None:
        return _parse_chinese_quantity(cleaned, text, source=source, path=path)
    number = match["number"].replace(",", "")
    magnitude: int | float = int(number) if not any(c in number for c in ".eE") else float(number)
    if not math.isfinite(magnitude):
        raise PlanDataError((Problem(path, f"not a finite number: {text!r}"),), source=source)
    unit = parse_unit(cleaned[match.end() :], source=source, path=path)
    return Q_(magnitude, unit)


_LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")


def _parse_chinese_quantity(cleaned: str, text: str, *, source: str | None, path: str) -> Quantity:
    """Read a quantity written with Chinese numerals: ``十六园``, ``百分之六``."""
    # Imported here: quantities written in Chinese numerals are rare in input,
    # and the module's patterns need not be compiled at import.
    from zgc_plan._numerals import CHINESE_QUANTITY, parse_chinese_number

    match = CHINESE_QUANTITY.match(cleaned)
    rest = cleaned[match.end() :] if match else ""
    try:
        if match is None:
            raise ValueError(cleaned)
        digits = match["number"]
        prefix = ""
        # A trailing 万 or 亿 belongs to the unit (六万人 is 6 万人), as with Arabic digits.
        for multiplier in ("万亿", "万", "亿"):
            if (
                digits.endswith(multiplier)
                and len(digits) > len(multiplier)
                and not match["percent"]
            ):
                digits, prefix = digits[: -len(multiplier)], multiplier
                break
        magnitude = parse_chinese_number(digits)
    except ValueError:
        raise PlanDataError(
            (Problem(path, f"expected a number followed by a unit, got {text!r}"),),
            source=source,
        ) from None
    if match["percent"]:
        if rest.strip():
            raise PlanDataError(
                (Problem(path, f"nothing may follow a percentage, got {text!r}"),), source=source
            )
        return Q_(magnitude, _PERCENT)
    unit = parse_unit(prefix + rest, source=source, path=path)
    return Q_(magnitude, unit)


def unit_text(unit: Unit) -> str:
    """Write a unit the way the plan writes it: ``万元/人``, ``亿元/平方公里``, ``%``."""
    if getattr(unit, "_REGISTRY", None) is ureg and unit == _PERCENT:
        return "%"
    return _LONE_STAR.sub("·", f"{unit:~C}")
