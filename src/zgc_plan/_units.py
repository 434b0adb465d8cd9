"""The library's single unit registry and exact unit arithmetic.

The registry is built once, at import, from ``data/units.txt``: module import
runs under Python's import lock, so the first use from many threads at once
sees a complete registry.  Nothing else in the library builds a registry.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files
from typing import TYPE_CHECKING, Any, SupportsFloat, TypeAlias, TypeVar, cast

import attrs
import pint

from zgc_plan.exceptions import PlanDataError, Problem, UnitMismatchError

__all__ = [
    "Q_",
    "PicklesUnits",
    "Quantity",
    "Unit",
    "adopt",
    "check_dimension",
    "convert_exact",
    "exact",
    "exact_in",
    "normalize_text",
    "parse_quantity",
    "parse_unit",
    "unit_definitions",
    "unit_text",
    "ureg",
]

_T = TypeVar("_T")

if TYPE_CHECKING:
    from pint.facets.plain import PlainQuantity, PlainUnit

    #: A quantity of the library's registry (for annotations).
    Quantity: TypeAlias = PlainQuantity[Any]
    #: A unit of the library's registry (for annotations).
    Unit: TypeAlias = PlainUnit
else:
    Quantity = pint.Quantity
    Unit = pint.Unit


def unit_definitions() -> str:
    """The library's unit definitions, in pint's definitions syntax.

    An application with a pint registry of its own can load them into it, and
    then pass its own quantities to the library:

    >>> import pint, zgc_plan
    >>> app = pint.UnitRegistry(on_redefinition="ignore")
    >>> _ = app.load_definitions(zgc_plan.unit_definitions().splitlines())
    >>> zgc_plan.load_plan().target(7).is_met(app.Quantity(41, "万元/人"))
    True

    (``on_redefinition="ignore"`` keeps pint's own definitions of the few
    units both files define, such as ``meter`` and ``percent``.)
    """
    return files(__package__).joinpath("data", "units.txt").read_text(encoding="utf-8")


_NUMBER_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")
_NAME_TOKEN = re.compile(r"[^\W\d]\w*")
_DIMENSION_TOKEN = re.compile(r"\[[^\W\d]\w*\]")


def _number(token: str) -> int | float:
    return int(token) if token.isdigit() else float(token)


def _definition_parts(line: str) -> list[str] | None:
    parts = [part.strip() for part in line.split("=")]
    return parts if len(parts) >= 2 and all(parts) else None


def _symbol_and_aliases(names: list[str]) -> tuple[str | None, tuple[str, ...]]:
    # "name = value = symbol = alias ...", where "_" stands for "no symbol".
    if not names:
        return None, ()
    return (None if names[0] == "_" else names[0]), tuple(names[1:])


def _prefix_definition(parts: list[str]) -> object | None:
    from pint.facets.plain.definitions import PrefixDefinition

    name, value, *names = parts
    if not _NUMBER_TOKEN.fullmatch(value) or not all(n.endswith("-") for n in names):
        return None
    symbol, aliases = _symbol_and_aliases([n[:-1] for n in names])
    return PrefixDefinition(
        name=name[:-1],
        value=_number(value),  # type: ignore[arg-type]  # pint annotates numbers.Number
        defined_symbol=symbol,
        aliases=aliases,
    )


def _unit_definition(parts: list[str]) -> object | None:
    from pint.facets.plain.definitions import ScaleConverter, UnitDefinition
    from pint.util import UnitsContainer

    name, expression, *names = parts
    tokens = expression.split()
    scale: int | float = 1
    reference: dict[str, int] = {}
    if len(tokens) == 1 and _DIMENSION_TOKEN.fullmatch(tokens[0]):
        reference[tokens[0]] = 1
        tokens = []
    # What is left must read "operand (op operand)*", an operand being a
    # number or a unit name with an optional "** n": pint's meaning of the
    # same text, evaluated left to right.
    sign, position = 1, 0
    while position < len(tokens):
        token = tokens[position]
        exponent = 1
        if tokens[position + 1 : position + 2] == ["**"]:
            power = tokens[position + 2 : position + 3]
            if not power or not power[0].isdigit():
                return None
            exponent = int(power[0])
            position += 2
        if _NUMBER_TOKEN.fullmatch(token) and exponent == 1:
            scale = scale * _number(token) if sign > 0 else scale / _number(token)
        elif _NAME_TOKEN.fullmatch(token):
            reference[token] = reference.get(token, 0) + sign * exponent
        else:
            return None
        position += 1
        if position < len(tokens):
            operator = tokens[position]
            if operator not in {"*", "/"} or position + 1 == len(tokens):
                return None
            sign = 1 if operator == "*" else -1
            position += 1
    symbol, aliases = _symbol_and_aliases(names)
    return UnitDefinition(
        name=name,
        defined_symbol=symbol,
        aliases=aliases,
        converter=ScaleConverter(scale),
        reference=UnitsContainer({k: v for k, v in reference.items() if v}),
    )


def read_definitions(text: str) -> list[object] | None:
    """Read definitions written in the plain subset of pint's syntax that units.txt uses.

    pint's own reader of definitions files takes about ten times as long to
    build the library's registry (it compiles Python's tokenizer and a parser
    for every directive pint knows), which is most of the library's start-up
    time.  The subset: comment lines, prefixes (``万- = 1e4``, ``kilo- = 1e3
    = k-``), base units (``元 = [currency] = _ = yuan``) and units defined as
    a product of numbers and units (``平方公里 = kilometer ** 2 = _ = km2``),
    with spaces around every operator.

    Returns:
        pint's definition objects, or ``None`` if a line is outside the subset,
        or if this version of pint builds its definitions differently: the
        caller then lets pint read the text.
    """
    definitions: list[object] = []
    try:
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = _definition_parts(line)
            if parts is None or "#" in line or "@" in line or "[" in parts[0]:
                return None
            definition = (
                _prefix_definition(parts) if parts[0].endswith("-") else _unit_definition(parts)
            )
            if definition is None:
                return None
            definitions.append(definition)
    except (ImportError, TypeError, ValueError, AttributeError):
        return None
    return definitions


def build_registry(definitions: str) -> pint.UnitRegistry[Any]:
    """A registry of ``definitions`` alone, in pint's definitions syntax."""
    registry: pint.UnitRegistry[Any] = pint.UnitRegistry(None, cache_folder=None)
    parsed = read_definitions(definitions)
    if parsed is None:
        registry.load_definitions(definitions.splitlines())
    else:
        for definition in parsed:
            registry.define(definition)  # type: ignore[arg-type]
    registry.formatter.default_format = "~"
    return registry


#: The unit registry of the library.  Quantities made elsewhere must be made
#: with it (``zgc_plan.Q_``) or converted from text.
ureg: pint.UnitRegistry[Any] = build_registry(unit_definitions())
#: Shorthand for ``ureg.Quantity``, as in ``Q_(40, "万元/人")`` or ``Q_("40 万元/人")``.
Q_: Callable[..., Quantity] = ureg.Quantity


def _unpickle_quantity(magnitude: object, unit: str) -> Quantity:
    return Q_(magnitude, parse_unit(unit))


def _unpickle_unit(unit: str) -> Unit:
    return parse_unit(unit)


def _reduce_quantity(quantity: Quantity) -> tuple[object, ...]:
    return (_unpickle_quantity, (quantity.magnitude, f"{quantity.units:D}"))


def _reduce_unit(unit: Unit) -> tuple[object, ...]:
    return (_unpickle_unit, (f"{unit:D}",))


# pint unpickles quantities and units into its *application* registry, which
# does not know 万元; the library's own classes (built by pint for this registry
# alone, so a caller's registry is untouched) pickle by unit name instead and
# come back into this registry in any process that imports zgc_plan.
ureg.Quantity.__reduce__ = _reduce_quantity  # type: ignore[assignment, method-assign]
ureg.Unit.__reduce__ = _reduce_unit  # type: ignore[method-assign]

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


def adopt(quantity: object, unit: Unit, context: str = "") -> Quantity:
    """Return ``quantity`` as a quantity of the library's registry.

    pint refuses to compare quantities of two registries, so a quantity of an
    application's own registry is rebuilt here from its magnitude and the name
    of its unit, which must also be a unit of this registry.

    Raises:
        UnitMismatchError: if ``quantity`` is not a quantity, or its unit is
            unknown to the library.
    """
    if isinstance(quantity, ureg.Quantity):
        return quantity
    if not isinstance(quantity, pint.Quantity):
        raise UnitMismatchError(unit_text(unit), f"{quantity!r} (not a quantity)", context)
    try:
        own_unit = parse_unit(f"{quantity.units:D}")
    except PlanDataError:
        raise UnitMismatchError(
            unit_text(unit), f"{quantity} (a unit this library does not define)", context
        ) from None
    return Q_(quantity.magnitude, own_unit)


def check_dimension(quantity: object, unit: Unit, context: str = "") -> Quantity:
    """Return ``quantity`` in the library's registry if it converts to ``unit``.

    Raises:
        UnitMismatchError: if it does not.
    """
    quantity = adopt(quantity, unit, context)
    if quantity.dimensionality != unit.dimensionality:
        raise UnitMismatchError(
            f"{unit_text(unit)} {_dimension_text(unit)}",
            f"{quantity} {_dimension_text(quantity.units)}",
            context,
        )
    return quantity


def _dimension_text(unit: Unit) -> str:
    dimensionality = unit.dimensionality
    return f"[{dimensionality}]" if dimensionality else "[dimensionless]"


def exact(number: object) -> Fraction:
    """Return ``number`` as an exact fraction, reading a float as its shortest repr.

    The shortest repr of a float is the decimal a person wrote (``12.3456``),
    so comparisons made on these fractions agree with decimal arithmetic.

    Raises:
        PlanDataError: for NaN, infinity, booleans and non-numbers.
    """
    if isinstance(number, Fraction):
        return number
    if isinstance(number, bool):
        raise PlanDataError("a boolean is not a magnitude")
    if isinstance(number, int):
        return Fraction(number)
    if isinstance(number, Decimal):
        if not number.is_finite():
            raise PlanDataError(f"not a finite number: {number}")
        return Fraction(number)
    if not isinstance(number, float | SupportsFloat):
        raise PlanDataError(f"not a number: {number!r}")
    value = float(number)
    if not math.isfinite(value):
        raise PlanDataError(f"not a finite number: {value}")
    return Fraction(repr(value))


def _exact_factor(unit: Unit) -> Fraction:
    factor, _ = ureg.get_base_units(unit)
    # The factors of units.txt are short decimals; 15 significant digits strip
    # the binary noise that multiplying them as floats adds (29.307000000000002).
    return Fraction(format(float(factor), ".15g"))  # type: ignore[arg-type]


def exact_in(quantity: Quantity, unit: Unit, context: str = "") -> Fraction:
    """Return the magnitude of ``quantity`` in ``unit`` as an exact fraction.

    Raises:
        UnitMismatchError: if the dimensions differ.
    """
    quantity = check_dimension(quantity, unit, context)
    return convert_exact(exact(quantity.magnitude), quantity.units, unit)


def convert_exact(magnitude: Fraction, unit: Unit, to: Unit) -> Fraction:
    """Convert an exact magnitude from ``unit`` to ``to`` (of the same dimension), exactly."""
    if unit == to:
        return magnitude
    return magnitude * _exact_factor(unit) / _exact_factor(to)


class _UnitName(str):
    """A unit written out by name inside a pickle."""

    __slots__ = ()


def _rebuild(cls: type[_T], values: tuple[object, ...]) -> _T:
    return cls(*(parse_unit(v) if isinstance(v, _UnitName) else v for v in values))


class PicklesUnits:
    """Mixin for attrs classes with unit fields: pickle units by name.

    pint unpickles a unit into its *application* registry, which is not the
    library's; written by name, a unit is parsed back into :data:`ureg`, so a
    plan or a result sent to another process (multiprocessing, Dask, Spark)
    compares equal to the original there.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[object, ...]:
        values = tuple(
            _UnitName(f"{value:D}") if isinstance(value, pint.Unit) else value
            for value in (getattr(self, f.name) for f in attrs.fields(type(self)))  # type: ignore[arg-type]
        )
        return (_rebuild, (type(self), values))
