"""The library's single unit registry, read from ``data/units.txt``.

The registry is built once, at import, from ``data/units.txt``: module import
runs under Python's import lock, so the first use from many threads at once
sees a complete registry.  Nothing else in the library builds a registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction
from importlib.resources import files
from typing import TYPE_CHECKING, Any, TypeAlias

import pint

__all__ = [
    "Q_",
    "Quantity",
    "Unit",
    "build_registry",
    "read_definitions",
    "unit_definitions",
    "ureg",
]

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


def _number(token: str, exact: bool) -> int | float | Fraction:
    if token.isdigit():
        return int(token)
    return Fraction(token) if exact else float(token)


def _definition_parts(line: str) -> list[str] | None:
    parts = [part.strip() for part in line.split("=")]
    return parts if len(parts) >= 2 and all(parts) else None


def _symbol_and_aliases(names: list[str]) -> tuple[str | None, tuple[str, ...]]:
    # "name = value = symbol = alias ...", where "_" stands for "no symbol".
    if not names:
        return None, ()
    return (None if names[0] == "_" else names[0]), tuple(names[1:])


def _prefix_definition(parts: list[str], exact: bool) -> object | None:
    from pint.facets.plain.definitions import PrefixDefinition

    name, value, *names = parts
    if not _NUMBER_TOKEN.fullmatch(value) or not all(n.endswith("-") for n in names):
        return None
    symbol, aliases = _symbol_and_aliases([n[:-1] for n in names])
    return PrefixDefinition(
        name=name[:-1],
        value=_number(value, exact),  # type: ignore[arg-type]  # pint annotates numbers.Number
        defined_symbol=symbol,
        aliases=aliases,
    )


def _unit_definition(parts: list[str], exact: bool) -> object | None:
    from pint.facets.plain.definitions import ScaleConverter, UnitDefinition
    from pint.util import UnitsContainer

    name, expression, *names = parts
    tokens = expression.split()
    # A fraction from the start when exact, so that a division stays one.
    scale: int | float | Fraction = Fraction(1) if exact else 1
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
            number = _number(token, exact)
            scale = scale * number if sign > 0 else scale / number
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
        converter=ScaleConverter(scale),  # type: ignore[arg-type]  # pint annotates float
        reference=UnitsContainer({k: v for k, v in reference.items() if v}),
    )


def read_definitions(text: str, *, exact: bool = False) -> list[object] | None:
    """Read definitions written in the plain subset of pint's syntax that units.txt uses.

    pint's own reader of definitions files takes about ten times as long to
    build the library's registry (it compiles Python's tokenizer and a parser
    for every directive pint knows), which is most of the library's start-up
    time.  The subset: comment lines, prefixes (``万- = 1e4``, ``kilo- = 1e3
    = k-``), base units (``元 = [currency] = _ = yuan``) and units defined as
    a product of numbers and units (``平方公里 = kilometer ** 2 = _ = km2``),
    with spaces around every operator.

    Args:
        text: The definitions.
        exact: Read numbers with a point or an exponent as
            :class:`~fractions.Fraction` (``0.001`` is exactly 1/1000), not
            as :class:`float`.

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
                _prefix_definition(parts, exact)
                if parts[0].endswith("-")
                else _unit_definition(parts, exact)
            )
            if definition is None:
                return None
            definitions.append(definition)
    except (ImportError, TypeError, ValueError, AttributeError):
        return None
    return definitions


def build_registry(definitions: str, *, exact: bool = False) -> pint.UnitRegistry[Any]:
    """A registry of ``definitions`` alone, in pint's definitions syntax.

    With ``exact``, every number of the definitions is a
    :class:`~fractions.Fraction` (pint's ``non_int_type``), so conversion
    factors come out exact: ``万元`` is exactly 10⁴ ``元``, ``‰`` exactly 1/1000.
    """
    registry: pint.UnitRegistry[Any] = (
        pint.UnitRegistry(None, cache_folder=None, non_int_type=Fraction)
        if exact
        else pint.UnitRegistry(None, cache_folder=None)
    )
    parsed = read_definitions(definitions, exact=exact)
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
