"""Reading and writing unit strings: ``万元/人``, ``40万元/人``, ``百分之六``."""

from __future__ import annotations

import math
import re
import unicodedata
from fractions import Fraction
from typing import cast

import pint

from zgc_plan._numbers import read_number
from zgc_plan._registry import Q_, Quantity, Unit, ureg
from zgc_plan.exceptions import EXCERPT_LENGTH, PlanDataError, Problem, excerpt

__all__ = [
    "MAX_POWER",
    "MAX_SCALE",
    "MAX_TEXT",
    "bounded",
    "normalize_text",
    "parse_quantity",
    "parse_unit",
    "unit_text",
]

# The number at the start of a quantity text, as wide as the number reader may
# need to see to say what is wrong with it (``41,5万元``); it reads the number.
_NUMBER = re.compile(r"\s*(?P<number>[+\-−]?[0-9][0-9,.]*(?:[eE][+-]?[0-9]+)?)\s*")


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


#: Longest unit string or quantity text read: pint's preprocessing of a unit
#: string takes time quadratic in its length.
MAX_TEXT = 200
#: Largest power of a unit (``平方公里`` is km**2, a unit string may say ``km**3``).
MAX_POWER = 6
#: What a unit string may hold: names, digits, spaces, ``* / ** ^ ( ) . %``, ‰ and
#: the middle dot ``·`` that :func:`unit_text` writes for a product (人·元).
_UNIT_CHARS = re.compile(r"[\w\s*/^().%‰·+-]*")
_POWER = re.compile(r"(?:\*\*|\^)\s*\(?\s*([-+]?)\s*([0-9.eE]*)")


def _unit_text_problem(text: str) -> str | None:
    """Why ``text`` is refused before pint sees it, or ``None``."""
    if len(text) > MAX_TEXT:
        return f"a unit of {len(text)} characters is longer than {MAX_TEXT}"
    if not _UNIT_CHARS.fullmatch(text):
        char = next(c for c in text if not _UNIT_CHARS.fullmatch(c))
        return f"{char!r} (U+{ord(char):04X}) has no meaning in a unit; write * or /"
    if "%%" in text or "‰‰" in text:
        return "% or ‰ written twice"
    for match in _POWER.finditer(text):
        power = match[2]
        if not power.isdigit() or int(power) > MAX_POWER:
            return f"a power must be a whole number from -{MAX_POWER} to {MAX_POWER}"
        rest = text[match.end() :].lstrip(" )")
        if rest.startswith(("**", "^")):
            return "a power of a power; write one power"
    return None


def parse_unit(text: str, *, source: str | None = None, path: str = "") -> Unit:
    """Parse a unit written as in the plan (``万元/人``) or in English (``CNY/person``).

    The text is checked before pint reads it: at most 200 characters
    (``MAX_TEXT``), no character outside names, digits and
    ``* / ** ^ ( ) . %`` and ``‰``, powers whole numbers from -6 to 6
    (``MAX_POWER``).  A prefix applies
    to a unit of the definitions only: ``万元`` is a unit, ``万万元`` is not.

    Raises:
        PlanDataError: if the text is not a unit of the library's registry.
    """
    if not isinstance(text, str):
        raise PlanDataError(
            (Problem(path, f"expected a unit as text, got {type(text).__name__}"),), source=source
        )
    problem = _unit_text_problem(normalize_text(text))
    if problem is not None:
        raise PlanDataError(
            (Problem(path, f"not a known unit: {excerpt(text)} ({problem})"),), source=source
        )
    cleaned = normalize_text(text).strip().replace(" ", "")
    if cleaned in {"", "1"}:
        return _DIMENSIONLESS
    simple = _simple_unit(cleaned)
    try:
        unit = simple if simple is not None else cast("Unit", ureg.parse_units(cleaned))
        _check_scale(unit)
        return unit
    # pint's parser lets tokenizer, arithmetic and assertion errors out on malformed
    # text ("元/(人", "元/0", "元**"); every one of them means "not a unit".
    except Exception as error:
        reason = str(error)[:EXCERPT_LENGTH] or type(error).__name__
        raise PlanDataError(
            (Problem(path, f"not a known unit: {excerpt(text)} ({reason})"),), source=source
        ) from None


#: Values (in base units) and unit scales beyond 10**±MAX_SCALE are refused, so
#: that no conversion, float or exact, overflows or underflows to zero.
MAX_SCALE = 60
_LIMIT = Fraction(10) ** MAX_SCALE


class _OutOfRangeError(ValueError):
    pass


def _check_scale(unit: Unit) -> None:
    factor, _ = ureg.get_base_units(unit)
    scale = float(factor)  # type: ignore[arg-type]
    if not (math.isfinite(scale) and 10.0**-MAX_SCALE <= abs(scale) <= 10.0**MAX_SCALE):
        raise _OutOfRangeError(f"its scale is beyond 10**±{MAX_SCALE}")


def bounded(quantity: Quantity, *, source: str | None = None, path: str = "") -> Quantity:
    """Return ``quantity`` if its value in base units is within 10**±60 (``MAX_SCALE``).

    Raises:
        PlanDataError: if it is not (too large, or so small that it would
            become exactly 0 on conversion), or its magnitude is not one
            finite number.
    """
    try:
        magnitude = Fraction(quantity.magnitude)
        factor, _ = ureg.get_base_units(quantity.units)
        value = abs(magnitude) * Fraction(float(factor))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # an array, NaN, a huge integer type
        raise PlanDataError(
            (Problem(path, f"not a single finite number: {type(quantity.magnitude).__name__}"),),
            source=source,
        ) from None
    if value and not 1 / _LIMIT <= value <= _LIMIT:
        raise PlanDataError(
            (Problem(path, f"{excerpt(str(quantity))} is out of range (beyond 10**±{MAX_SCALE})"),),
            source=source,
        )
    return quantity


def parse_quantity(text: str, *, source: str | None = None, path: str = "") -> Quantity:
    """Parse a quantity such as ``40万元/人``, ``0.065 吨标煤/万元`` or ``6%``.

    A number comes first (thousands separators and full-width digits allowed,
    or Chinese numerals: ``十六园``, ``两家``, ``百分之六``), then a unit; spaces
    between them are optional.  The magnitude is an
    :class:`int` when the number is written without a point or exponent.

    Raises:
        PlanDataError: if the text is not a number followed by a known unit.
    """
    if not isinstance(text, str):
        raise PlanDataError(
            (Problem(path, f"expected a quantity as text, got {type(text).__name__}"),),
            source=source,
        )
    if len(text) > MAX_TEXT:
        raise PlanDataError(
            (Problem(path, f"a quantity of {len(text)} characters is longer than {MAX_TEXT}"),),
            source=source,
        )
    cleaned = normalize_text(text)
    match = _NUMBER.match(cleaned)
    if match is None:
        return _parse_chinese_quantity(cleaned, text, source=source, path=path)
    try:
        number = read_number(match["number"])
    except ValueError as error:
        raise PlanDataError((Problem(path, str(error)),), source=source) from None
    magnitude = number if isinstance(number, int) else float(number)
    unit = parse_unit(cleaned[match.end() :], source=source, path=path)
    return bounded(Q_(magnitude, unit), source=source, path=path)


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
            (Problem(path, f"expected a number followed by a unit, got {excerpt(text)}"),),
            source=source,
        ) from None
    if match["percent"]:
        if rest.strip():
            raise PlanDataError(
                (Problem(path, f"nothing may follow a percentage, got {excerpt(text)}"),),
                source=source,
            )
        return Q_(magnitude, _PERCENT)
    unit = parse_unit(prefix + rest, source=source, path=path)
    return Q_(magnitude, unit)


def unit_text(unit: Unit) -> str:
    """Write a unit the way the plan writes it: ``万元/人``, ``亿元/平方公里``, ``%``."""
    if getattr(unit, "_REGISTRY", None) is ureg and unit == _PERCENT:
        return "%"
    return _LONE_STAR.sub("·", f"{unit:~C}")
