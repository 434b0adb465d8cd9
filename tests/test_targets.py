"""Targets and their comparators, at and around their boundaries.

Spec: "以上、以下、以内 include the number; 不满、超过、以外 exclude it ...
400000 元/人 is exactly 40 万元/人 (so not 超过), 0.1 is exactly 10% (so 以上
holds) — binary floating point must not flip a verdict at the boundary."
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import zgc_plan
from conftest import target_numbered
from zgc_plan._registry import Quantity


def q(text: str) -> Quantity:
    return zgc_plan.parse_quantity(text)


@pytest.mark.parametrize(
    ("target", "observed", "met"),
    [
        # 超过 / 突破: strictly more than.
        ("target-labour-productivity", "40万元/人", False),
        ("target-labour-productivity", "400000 元/人", False),
        ("target-labour-productivity", "400001 元/人", True),
        ("target-labour-productivity", "39.9999万元/人", False),
        ("target-tech-contracts", "6000亿元", False),
        ("target-tech-contracts", "0.6万亿元", False),
        ("target-tech-contracts", "6000.01亿元", True),
        ("target-foreign-returnee-talent", "60000人", False),
        ("target-foreign-returnee-talent", "60001人", True),
        ("target-pct-applications", "11000件", False),
        ("target-pct-applications", "11001件", True),
        # 达到 / 提高到 / 以上: at least, the number included.
        ("target-profit-margin", "10%", True),
        ("target-profit-margin", "0.1", True),
        ("target-profit-margin", "0.0999", False),
        ("target-rd-intensity", "6%", True),
        ("target-rd-intensity", "0.06", True),
        ("target-rd-intensity", "5.99%", False),
        ("target-revenue-per-employee", "2600000 元/人", True),
        ("target-revenue-per-employee", "259.99万元/人", False),
        ("target-revenue-per-area", "183亿元/平方公里", True),
        ("target-revenue-per-area", "1.83亿元/公顷", True),
        ("target-revenue-per-area", "182.9亿元/平方公里", False),
        ("target-invention-patents", "0.07件/人", True),
        ("target-invention-patents", "699件/万人", False),
        ("target-hard-tech-incubators", "16园", True),
        ("target-hard-tech-incubators", "15园", False),
        # 降至: at most, the number included.
        ("target-energy-intensity", "0.065吨标煤/万元", True),
        ("target-energy-intensity", "65 千克标煤/万元", True),
        ("target-energy-intensity", "0.0651吨标煤/万元", False),
        ("target-energy-intensity", "0.07吨标煤/万元", False),
        # 左右: within the stated 5%.
        ("target-listed-companies", "500家", True),
        ("target-listed-companies", "475家", True),
        ("target-listed-companies", "525家", True),
        ("target-listed-companies", "474家", False),
        ("target-listed-companies", "526家", True),  # above 左右: exceeded, met
        # 2-3个: both ends included.
        ("target-pillar-clusters", "2个", True),
        ("target-pillar-clusters", "3个", True),
        ("target-pillar-clusters", "1个", False),
        ("target-pillar-clusters", "4个", True),  # above 2-3个: exceeded, met
    ],
)
def test_is_met_at_the_boundary(plan: zgc_plan.Plan, target: str, observed: str, met: bool) -> None:
    """Each comparator at and around its boundary, in several compatible units."""
    assert plan.target(target).is_met(q(observed)) is met


def test_binary_floating_point_does_not_flip_a_verdict(plan: zgc_plan.Plan) -> None:
    """123456 元/人 and 12.3456 万元/人 are the same value, whatever floats say."""
    target = plan.target("target-labour-productivity")
    assert 123456 / 10**4 != 12.3456 or 12.3456 * 10**4 != 123456  # the float trap exists
    assert target.exact_value_of(q("123456 元/人")) == target.exact_value_of(q("12.3456万元/人"))


def test_about_tolerance_can_be_overridden(plan: zgc_plan.Plan) -> None:
    """左右: the data states a tolerance, overridable by the caller."""
    target = plan.target("target-listed-companies")
    assert target.tolerance == Decimal("0.05")
    assert not target.is_met(q("456家"))
    assert target.is_met(q("456家"), tolerance=0.1)
    assert target.is_met(q("450家"), tolerance=Decimal("0.1"))


@pytest.mark.parametrize("number", range(1, 18))
def test_wrong_dimension_raises(plan: zgc_plan.Plan, number: int) -> None:
    """Every target raises UnitMismatchError for a quantity of another dimension."""
    target = target_numbered(plan, number)
    wrong = (
        "1 kgce"
        if target.unit.dimensionality != zgc_plan.parse_unit("kgce").dimensionality
        else "1 元"
    )
    with pytest.raises(zgc_plan.UnitMismatchError) as caught:
        target.is_met(q(wrong))
    assert target.id in str(caught.value)


def test_value_is_a_fresh_quantity(plan: zgc_plan.Plan) -> None:
    """A target's value cannot be changed in place through the quantity it hands out."""
    target = plan.target("target-labour-productivity")
    value = target.value
    value.ito("元/人")
    assert target.value.magnitude == 40
    assert str(target.value.units) == str(zgc_plan.parse_unit("万元/人"))


def test_frozen(plan: zgc_plan.Plan) -> None:
    """The loaded plan is immutable."""
    target = plan.target("target-rd-intensity")
    with pytest.raises(AttributeError):
        target.magnitude = Decimal(7)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        plan.goals = ()  # type: ignore[misc]


def test_lookup(plan: zgc_plan.Plan) -> None:
    """Indicators by annex number or id; unknown keys raise KeyError."""
    assert plan.indicator(7) is plan.indicator("labour-productivity")
    assert plan.indicator(7).name_zh == "劳动生产率"
    with pytest.raises(KeyError):
        plan.indicator(17)
    with pytest.raises(KeyError):
        plan.target("nope")
    assert plan.target_for(plan.indicator(10)) is plan.target("target-energy-intensity")


def test_value_text(plan: zgc_plan.Plan) -> None:
    """Targets write themselves out with their sign and unit."""
    assert plan.target("target-labour-productivity").value_text == "> 40 万元/人"
    assert plan.target("target-pillar-clusters").value_text == "2-3 个"
    assert plan.target("target-listed-companies").value_text == "≈ 500 家 (±5%)"
    assert plan.target("target-rd-intensity").value_text == "≥ 6%"


@pytest.mark.parametrize(
    ("target", "observed", "default", "strict"),
    [
        ("target-listed-companies", "526家", True, False),
        ("target-listed-companies", "600家", True, False),
        ("target-listed-companies", "474家", False, False),
        ("target-listed-companies", "500家", True, True),
        ("target-pillar-clusters", "4个", True, False),
        ("target-pillar-clusters", "1个", False, False),
        ("target-pillar-clusters", "3个", True, True),
    ],
)
def test_bands_past_the_better_side(
    plan: zgc_plan.Plan, target: str, observed: str, default: bool, strict: bool
) -> None:
    """Spec (semantics, "Above a band"): a figure past 左右 or a range on the better side is
    met by default (超额完成) and not met by the strict reading."""
    found = plan.target(target)
    assert found.is_met(q(observed)) is default
    assert found.is_met(q(observed), strict_ranges=True) is strict


def test_integer_keys_are_annex_numbers(plan: zgc_plan.Plan) -> None:
    """Spec: "an integer is an indicator's annex number (序号), everywhere"."""
    assert plan.target(7) is plan.target("target-labour-productivity")
    assert plan.indicator(7).name_zh == "劳动生产率"
    assert plan.target("劳动生产率") is plan.target(7)
    assert plan.indicator("劳动生产率") is plan.indicator(7)
    evaluation = zgc_plan.evaluate({7: "41万元/人"})
    assert evaluation.result(7).target.id == "target-labour-productivity"
    assert evaluation.result("劳动生产率").status is zgc_plan.Status.MET


@pytest.mark.parametrize("key", [99, "nope", True])
def test_lookup_errors_list_the_valid_keys(plan: zgc_plan.Plan, key: int | str) -> None:
    """KeyError messages list what would have matched."""
    with pytest.raises(KeyError, match="annex number"):
        plan.target(key)
    with pytest.raises(KeyError, match=r"annex number 1-16"):
        plan.indicator(key)
    with pytest.raises(KeyError, match="target-hard-tech-incubators"):
        plan.target(key)


@pytest.mark.parametrize(
    ("value", "met", "relation"),
    [(40, False, "="), (41.5, True, ">"), (39.99, False, "<"), (40.0000000000001, False, "=")],
)
def test_judge_reads_an_int_or_a_float_as_its_exact_value(
    value: float, met: bool, relation: str
) -> None:
    """A float is read at its shortest repr, so 40.0000000000001 is within the noise band of 40."""
    target = zgc_plan.load_plan().target("target-labour-productivity")
    judgement = target.judge(value)  # type: ignore[arg-type]
    assert (judgement.met, judgement.relation) == (met, relation)
    assert target.is_met_by(value) is met  # type: ignore[arg-type]
