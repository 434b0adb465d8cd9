"""The unit registry.

Spec: "one registry, built from a definitions file shipped in the package ...
It must parse the plan's own notation with or without spaces ... 元 is its own
[currency] dimension; 万 = 10⁴ and 亿 = 10⁸ (and 万亿 = 10¹²) work on any unit;
吨标煤 ... is energy ... Counters are distinct dimensions."
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pint
import pytest

import zgc_plan
from zgc_plan._exact import convert_exact, exact_in
from zgc_plan._unit_parsing import normalize_text, parse_unit, unit_text


@pytest.mark.parametrize(
    ("text", "magnitude", "unit"),
    [
        ("40万元/人", 40, "万元/人"),
        ("40 万元 / 人", 40, "万元/人"),
        ("6000亿元", 6000, "亿元"),
        ("183亿元/平方公里", 183, "亿元/平方公里"),
        ("0.065吨标煤/万元", 0.065, "吨标煤/万元"),
        ("700件/万人", 700, "件/万人"),
        ("6万人", 6, "万人"),
        ("6%", 6, "percent"),
        ("11,000,000件", 11000000, "件"),
        ("11,000.5件", 11000.5, "件"),
        ("８．７万亿元", 8.7, "万亿元"),
        ("6％", 6, "percent"),
        ("400000 CNY/person", 400000, "元/人"),
        ("1 yuan", 1, "元"),
        ("488 km**2", 488, "km**2"),
        ("2 tce", 2, "吨标煤"),
        ("0.5", 0.5, ""),
    ],
)
def test_parse_quantity(text: str, magnitude: float, unit: str) -> None:
    """The plan's notation parses with or without spaces, full-width or half-width."""
    quantity = zgc_plan.parse_quantity(text)
    assert quantity.magnitude == magnitude
    assert quantity.units == zgc_plan.parse_unit(unit)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1 万元", "10000 元"),
        ("1 亿元", "10000 万元"),
        ("1 万亿元", "10000 亿元"),
        ("1 万人", "10000 人"),
        ("1 平方公里", "1 km**2"),
        ("1 吨标煤", "29.307 GJ"),
        ("1 吨标准煤", "1 tce"),
        ("1 kgce", "29307 kJ"),
        ("10 %", "0.1"),
        ("8.7 万亿元 / (488 平方公里)", "178.27868852459017 亿元/平方公里"),
    ],
)
def test_conversions_are_exact(a: str, b: str) -> None:
    """万 = 10⁴, 亿 = 10⁸, 万亿 = 10¹²; 1 kgce = 29 307 kJ = 7 000 kcal (GB/T 2589)."""
    left = zgc_plan.Q_(a)
    right = zgc_plan.parse_quantity(b)
    assert exact_in(left, right.units) == pytest.approx(Fraction(repr(right.magnitude)), rel=1e-15)


@pytest.mark.parametrize(
    ("magnitude", "unit", "to", "expected"),
    [
        (Fraction(1), "万元", "元", Fraction(10_000)),
        (Fraction(1), "亿元", "元", Fraction(10**8)),
        (Fraction(1), "万亿元", "元", Fraction(10**12)),
        (Fraction(1, 10), "亿元", "万元", Fraction(1000)),
        (Fraction(1), "万亿元*万亿元", "元**2", Fraction(10**24)),
        (Fraction(1), "‰", "%", Fraction(1, 10)),
        (Fraction(1), "kgce", "cal", Fraction(29_307_000) / Fraction("4.1868")),
        # One unit whose factor has more digits than a float holds.
        (Fraction(1), "吨标煤/cal", "", Fraction(29_307_000_000) / Fraction("4.1868")),
        (Fraction(7, 3), "万元/人", "元/万人", Fraction(7, 3) * 10**8),
    ],
)
def test_conversion_factors_are_fractions(
    magnitude: Fraction, unit: str, to: str, expected: Fraction
) -> None:
    """``convert_exact``: "The factors are fractions read from the unit definitions, never
    floats": 万 = 1e4, 亿 = 1e8, 1 kgce = 29307 kJ, 1 cal = 4.1868 J (units.txt)."""
    result = convert_exact(magnitude, parse_unit(unit), parse_unit(to))
    assert type(result) is Fraction
    assert result == expected


def test_a_tenth_of_a_hundred_million_yuan_is_exactly_a_thousand_ten_thousands() -> None:
    """0.1 亿元 is 1000 万元 exactly, from a float magnitude as well as from text."""
    assert exact_in(zgc_plan.Q_(0.1, "亿元"), parse_unit("万元")) == 1000
    assert exact_in(zgc_plan.parse_quantity("0.1亿元"), parse_unit("万元")) == 1000
    assert exact_in(zgc_plan.Q_(0.07, "吨标煤/万元"), parse_unit("千克标煤/元")) == Fraction(
        7, 1000
    )


def test_energy_converts_to_kwh_and_kcal() -> None:
    """吨标煤 is energy: it converts to kWh, and 1 kgce is 7 000 kcal to 1 part in 10⁴."""
    assert zgc_plan.Q_(1, "吨标煤").to("kWh").magnitude == pytest.approx(8140.833333, rel=1e-9)
    # GB/T 2589 rounds 7 000 kcal (29 307.6 kJ) down to 29 307 kJ.
    assert zgc_plan.Q_(1, "千克标煤").to("kcal").magnitude == pytest.approx(7000, rel=1e-4)


@pytest.mark.parametrize(
    ("a", "b"),
    [("人", "家"), ("件", "项"), ("个", "园"), ("元", "人"), ("件/万人", "件"), ("%", "元")],
)
def test_counters_do_not_mix(a: str, b: str) -> None:
    """Counters are distinct dimensions so that they cannot be mixed silently."""
    with pytest.raises(zgc_plan.UnitMismatchError) as caught:
        exact_in(zgc_plan.Q_(1, a), zgc_plan.parse_unit(b))
    assert isinstance(caught.value, zgc_plan.PlanError)
    assert isinstance(caught.value, TypeError)
    assert unit_text(zgc_plan.parse_unit(b)) in str(caught.value)


@pytest.mark.parametrize("text", ["", "万元", "40 furlongs", "abc", "nan 元", "inf 元", "4O万元"])
def test_bad_quantities(text: str) -> None:
    """A string that is not a number followed by a known unit raises PlanDataError."""
    with pytest.raises(zgc_plan.PlanDataError):
        zgc_plan.parse_quantity(text)


def test_one_registry() -> None:
    """One registry for the whole library, not pint's application registry."""
    assert zgc_plan.Q_ is zgc_plan.ureg.Quantity
    assert zgc_plan.ureg is not pint.get_application_registry()  # type: ignore[no-untyped-call]
    assert zgc_plan.parse_quantity("1 元").units._REGISTRY is zgc_plan.ureg


def test_unit_text_writes_the_plan_notation() -> None:
    """Units print as the plan writes them."""
    assert unit_text(zgc_plan.parse_unit("CNY/person")) == "元/人"
    assert unit_text(zgc_plan.parse_unit("%")) == "%"
    assert unit_text(zgc_plan.parse_unit("tce/万元")) == "吨标煤/万元"
    assert unit_text(zgc_plan.parse_unit("km**2")) == "km**2"


def test_normalize_text_keeps_positions() -> None:
    """Full-width forms fold one character to one, Chinese is kept."""
    text = "企业利润率提高到１０％以上（２０２２）"
    folded = normalize_text(text)
    assert folded == "企业利润率提高到10%以上(2022)"
    assert len(folded) == len(text)


def test_foreign_registry_quantities_are_adopted() -> None:
    """A quantity of another pint registry is read by its unit's name, and checked."""
    other: pint.UnitRegistry[Any] = pint.UnitRegistry()
    assert exact_in(other.Quantity(3, "km**2"), zgc_plan.parse_unit("平方公里")) == 3
    with pytest.raises(zgc_plan.UnitMismatchError, match=r"km\*\*2 \[\[length\] \*\* 2\]"):
        exact_in(other.Quantity(1, "m"), zgc_plan.parse_unit("km**2"))
    with pytest.raises(zgc_plan.UnitMismatchError, match="not a quantity"):
        exact_in(3, zgc_plan.parse_unit("km**2"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "module",
    ["zgc_plan._exact", "zgc_plan._pickling", "zgc_plan._registry", "zgc_plan._unit_parsing"],
)
def test_units_module_gathers_the_names_of_its_parts(module: str) -> None:
    """``_units``: "this module gathers their names for code that wants all of them"."""
    import importlib

    import zgc_plan._units as units

    part = importlib.import_module(module)
    for name in part.__all__:
        assert getattr(units, name) is getattr(part, name), name
        assert name in units.__all__, name


def test_stacked_prefixes_convert_exactly_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """docs/units.md: "万 (10⁴), 亿 (10⁸) and 万亿 (10¹²) are prefixes".

    Once 亿元 has been converted, 万亿元 reads both as 万亿·元 and as 万·亿元;
    both name one factor, so the conversion is exact and nothing is logged.
    """
    with caplog.at_level("WARNING"):
        assert convert_exact(Fraction(3), parse_unit("亿元"), parse_unit("万元")) == 30000
        assert convert_exact(Fraction(87, 10), parse_unit("万亿元"), parse_unit("亿元")) == 87000
        assert (
            convert_exact(Fraction(1), parse_unit("万亿元/平方公里"), parse_unit("亿元/平方公里"))
            == 10000
        )
    assert [record.getMessage() for record in caplog.records] == []
