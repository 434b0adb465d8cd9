"""The registry's own reading of units.txt, and of plain unit strings.

Spec (``_registry.read_definitions``): "The subset: comment lines, prefixes,
base units and units defined as a product of numbers and units ... pint's
definition objects, or ``None`` if a line is outside the subset ...: the
caller then lets pint read the text."  And (``_unit_parsing._simple_unit``): "a
product of unit names is read here with the registry's own name lookup, to the
same unit ... Anything else ... is left to pint's parser."
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from operator import attrgetter
from typing import Any

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pint.util import to_units_container

import zgc_plan
from zgc_plan._exact import _exact_factor
from zgc_plan._registry import build_registry, read_definitions, unit_definitions, ureg
from zgc_plan._unit_parsing import _simple_unit, parse_unit


def _read_by_pint(text: str) -> pint.UnitRegistry[Any]:
    registry: pint.UnitRegistry[Any] = pint.UnitRegistry(None, cache_folder=None)
    registry.load_definitions(text.splitlines())
    registry.formatter.default_format = "~"
    return registry


BY_PINT = _read_by_pint(unit_definitions())
#: Every name, symbol and alias of the library's units that pint's parser
#: reads as a name (not % and ‰, which it reads only as whole strings).
NAMES = sorted(
    {
        name
        for definition in BY_PINT._units.values()
        for name in (definition.name, definition.symbol, *definition.aliases)
        if name and name.isidentifier()
    }
)
PREFIXES = ["", "万", "亿", "万亿", "k", "kilo", "M", "mega"]


def test_the_shipped_definitions_are_read_without_pints_parser() -> None:
    """Every line of units.txt is inside the subset, so the fast path is taken."""
    definitions = read_definitions(unit_definitions())
    assert definitions is not None
    lines = [line for line in unit_definitions().splitlines() if line and line[0] != "#"]
    assert len(definitions) == len(lines)


def test_the_registry_holds_what_pint_would_read() -> None:
    """Same units, prefixes, dimensions and base units, with the same definitions."""
    # Fresh registries: pint adds each prefixed unit it meets to ``_units``.
    ours_registry = build_registry(unit_definitions())
    by_pint = _read_by_pint(unit_definitions())
    assert ours_registry._units.keys() == by_pint._units.keys()
    assert ours_registry._prefixes.keys() == by_pint._prefixes.keys()
    assert ours_registry._dimensions.keys() == by_pint._dimensions.keys()
    assert ours_registry._base_units == by_pint._base_units
    unit = attrgetter("name", "symbol", "aliases", "reference", "converter.scale")
    for name, theirs in by_pint._units.items():
        assert unit(ours_registry._units[name]) == unit(theirs), name
    prefix = attrgetter("name", "symbol", "aliases", "value")
    for name, theirs_prefix in by_pint._prefixes.items():
        assert prefix(ours_registry._prefixes[name]) == prefix(theirs_prefix), name


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("name", NAMES)
def test_every_unit_converts_as_pint_reads_it(prefix: str, name: str) -> None:
    ours = ureg.get_base_units(prefix + name)
    theirs = BY_PINT.get_base_units(prefix + name)
    assert ours[0] == pytest.approx(theirs[0], rel=1e-15)
    assert f"{ours[1]:D}" == f"{theirs[1]:D}"


@pytest.mark.parametrize(
    "line",
    [
        "square_meter = meter**2",
        "foot = 0.3048 * meter  # with a comment after it",
        "[area] = [length] ** 2",
        "per_meter = meter ** -1",
        "dozen = 12 ** 2",
        "twelve = 12 *",
        "@defaults",
        "万万- = 1e8 = 万万",
        "broken",
    ],
)
def test_lines_outside_the_subset_are_left_to_pint(line: str) -> None:
    assert read_definitions(f"{unit_definitions()}\n{line}\n") is None


def test_a_file_outside_the_subset_still_builds_a_registry() -> None:
    registry = build_registry(unit_definitions() + "\nsquare_meter = meter**2\n")
    assert registry.Quantity(2, "square_meter").to("meter ** 2").magnitude == 2
    assert registry.Quantity(1, "万元/人").to("元/人").magnitude == 10_000


def test_an_invalid_name_in_the_subset_is_left_to_pint() -> None:
    """pint rejects the name; reading it through pint reports pint's own error."""
    text = "#### header\n1x = [weird]\n"
    assert read_definitions(text) is None
    with pytest.raises(pint.DefinitionSyntaxError):
        build_registry(text)


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("name", NAMES)
def test_simple_units_read_as_pint_reads_them(prefix: str, name: str) -> None:
    text = prefix + name
    simple = _simple_unit(text)
    theirs = ureg.parse_units(text)
    if simple is None:  # a name with a digit (km2) or a symbol (%): pint reads it
        assert parse_unit(text) == theirs
        return
    assert simple == theirs
    assert f"{simple:D}" == f"{theirs:D}"


def test_percent_reads_as_pint_reads_it() -> None:
    assert _simple_unit("%") == ureg.parse_units("%") == ureg.percent


@pytest.mark.parametrize("text", ["dimensionless", "元/dimensionless", "dimensionless*人"])
def test_dimensionless_reads_as_pint_reads_it(text: str) -> None:
    simple = _simple_unit(text)
    assert simple == ureg.parse_units(text)
    assert f"{simple:D}" == f"{ureg.parse_units(text):D}"


def test_an_offset_unit_is_left_to_pint() -> None:
    """pint reads an offset unit in a product as its delta; the name lookup does not try."""
    registry = build_registry(unit_definitions() + "\nkelvin = [temperature]\n")
    registry.define("degC = kelvin; offset: 273.15")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("zgc_plan._unit_parsing.ureg", registry)
        assert _simple_unit("degC/元") is None
        assert _simple_unit("kelvin/元") == registry.parse_units("kelvin/元")


@pytest.mark.parametrize("text", ["元/(人)", "m²", "km2", "km^2", "元/人/", "2元", "元**12"])
def test_other_unit_strings_are_left_to_pint(text: str) -> None:
    assert _simple_unit(text) is None


def test_an_unknown_name_is_left_to_pint() -> None:
    assert _simple_unit("万美元/人") is None
    with pytest.raises(zgc_plan.PlanDataError, match="not a known unit"):
        parse_unit("万美元/人")


_WORDS = st.sampled_from([n for n in NAMES if n.isidentifier() and not any(c.isdigit() for c in n)])


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["*", "/"]),
            st.sampled_from(PREFIXES),
            _WORDS,
            st.sampled_from(["", "**2", "**3"]),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_products_of_units_read_as_pint_reads_them(
    factors: list[tuple[str, str, str, str]],
) -> None:
    text = "".join(f"{op}{prefix}{name}{power}" for op, prefix, name, power in factors)[1:]
    simple = _simple_unit(text)
    assert simple is not None, text
    theirs = ureg.parse_units(text)
    assert simple == theirs, text
    assert f"{simple:D}" == f"{theirs:D}", text


def test_the_main_use_does_not_run_pints_unit_string_parser() -> None:
    """Loading and evaluating the shipped plan never reaches Python's tokenizer.

    pint reads unit strings with it, and its patterns take milliseconds to
    compile on first use; the library's start-up depends on not needing it.
    """
    code = (
        "import tokenize, sys\n"
        "def refuse(*args, **kwargs): raise SystemExit('the tokenizer was used')\n"
        "tokenize._compile = refuse\n"
        "import zgc_plan\n"
        "zgc_plan.evaluate({1: '5.2%', 7: '41万元/人', 9: '180亿元/平方公里',"
        " 10: '0.07吨标煤/万元', 2: '650件/万人', 15: '6.2万人'})\n"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


EXACT_BY_PINT: pint.UnitRegistry[Any] = pint.UnitRegistry(
    None, cache_folder=None, non_int_type=Fraction
)
EXACT_BY_PINT.load_definitions(unit_definitions().splitlines())


def test_the_exact_registry_holds_what_pint_would_read_with_fractions() -> None:
    """``build_registry(exact=True)``: "every number of the definitions is a Fraction"."""
    ours = build_registry(unit_definitions(), exact=True)
    scale_of = attrgetter("converter.scale")
    for name, theirs in EXACT_BY_PINT._units.items():
        scale = scale_of(ours._units[name])
        assert scale == scale_of(theirs), name
        assert isinstance(scale, int | Fraction), name
    for name, theirs_prefix in EXACT_BY_PINT._prefixes.items():
        assert ours._prefixes[name].value == theirs_prefix.value, name
        assert isinstance(ours._prefixes[name].value, int | Fraction), name


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("name", NAMES)
def test_every_unit_converts_exactly_as_pint_reads_it_with_fractions(
    prefix: str, name: str
) -> None:
    """The exact factor of every unit is the one pint computes with ``non_int_type=Fraction``."""
    ours = _exact_factor(parse_unit(prefix + name))
    theirs = EXACT_BY_PINT.get_base_units(prefix + name)[0]
    assert ours == theirs
    assert ours == pytest.approx(ureg.get_base_units(prefix + name)[0], rel=1e-15)


def test_a_file_outside_the_subset_still_builds_an_exact_registry() -> None:
    """pint reads the numbers as fractions when the library's reader declines the file."""
    registry = build_registry(unit_definitions() + "\nfoot = 0.3048*meter\n", exact=True)
    factor, _ = registry.get_base_units("foot")
    assert factor == Fraction(3048, 10_000)
    assert registry.get_base_units("permille")[0] == Fraction(1, 1000)


def test_a_pint_with_other_definition_classes_reads_units_txt_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The fallback for pint's internals: "or if this version of pint builds its definitions
    differently: the caller then lets pint read the text"."""
    import pint.facets.plain.definitions as definitions

    def changed(*args: object, **kwargs: object) -> None:
        raise TypeError("PrefixDefinition() got an unexpected keyword argument 'value'")

    monkeypatch.setattr(definitions, "PrefixDefinition", changed)
    assert read_definitions(unit_definitions()) is None
    registry = build_registry(unit_definitions())
    assert registry.Quantity(1, "万元/人").to("元/人").magnitude == 10_000


@pytest.mark.parametrize(
    ("unit", "factor"),
    [
        ("万元/人", Fraction(10_000)),
        ("‰", Fraction(1, 1000)),
        ("吨标煤", Fraction(29_307_000_000_000)),
    ],
)
def test_exact_factors_fall_back_to_pints_own(
    monkeypatch: pytest.MonkeyPatch, unit: str, factor: Fraction
) -> None:
    """Where pint's definition objects differ, the factor is pint's, read exactly."""
    import zgc_plan._exact as exact_module

    def changed(units: object) -> Fraction:
        raise AttributeError("'UnitDefinition' object has no attribute 'converter'")

    monkeypatch.setattr(exact_module, "_multiplied_out", changed)
    container = to_units_container(parse_unit(unit))
    assert exact_module._factor.__wrapped__(container) == factor


def test_a_division_by_a_number_stays_exact() -> None:
    """``read_definitions(exact=True)`` reads ``1 / 3 * a`` as exactly a third of ``a``."""
    registry = build_registry("a = [length]\nb = 1 / 3 * a\nc = 0.1 * b\n", exact=True)
    assert registry.get_base_units("b")[0] == Fraction(1, 3)
    float_registry = build_registry("a = [length]\nb = 1 / 3 * a\n")
    assert float_registry.get_base_units("b")[0] == pytest.approx(1 / 3)
    definitions = read_definitions("a = [length]\nc = 0.1 * a\n", exact=True)
    assert definitions is not None
    assert attrgetter("converter.scale")(definitions[1]) == Fraction(1, 10)
