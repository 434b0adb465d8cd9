"""The areas of the shipped plan: the zone and its sixteen parks, and the aggregation rules.

Spec (``specs/areas.md``): "The shipped plan has the zone, its sixteen parks
(一区十六园) and the areas outside it ... each with its id, its Chinese and
English names, its district and where it comes from: a source, a link and a
verbatim quote."
"""

from __future__ import annotations

import pytest

import zgc_plan
from zgc_plan import AreaKind, OverTime

SIXTEEN = (
    *("东城园", "西城园", "朝阳园", "海淀园", "丰台园", "石景山园", "门头沟园", "房山园"),
    *("通州园", "顺义园", "大兴-亦庄园", "昌平园", "平谷园", "怀柔园", "密云园", "延庆园"),
)


def test_the_zone_has_its_sixteen_parks() -> None:
    """'一区十六园': the parks are the sixteen of the 2012 approval, in that order."""
    plan = zgc_plan.load_plan()
    assert tuple(park.name_zh for park in plan.parks) == SIXTEEN
    assert plan.zone.id == "zone"
    assert plan.zone.kind is AreaKind.ZONE
    assert {park.kind for park in plan.parks} == {AreaKind.PARK}


def test_every_area_of_the_zone_has_a_source_and_quote() -> None:
    """Each park and the zone name a source, a link and a quote, and parks their district."""
    plan = zgc_plan.load_plan()
    for area in (plan.zone, *plan.parks):
        assert area.source, area.id
        assert area.url.startswith("http"), area.id
        assert area.quote, area.id
    assert all(park.district.endswith("区") for park in plan.parks)


@pytest.mark.parametrize(("key", "expected"), [("海淀园", "haidian"), ("haidian", "haidian")])
def test_an_area_is_found_by_id_or_chinese_name(key: str, expected: str) -> None:
    """'In files and in Python an area is named by its id or by its Chinese name.'"""
    assert zgc_plan.load_plan().area(key).id == expected


def test_an_unknown_area_is_a_key_error() -> None:
    """plan.area raises KeyError for a name that is no area."""
    with pytest.raises(KeyError, match="no area with id or Chinese name '火星园'"):
        zgc_plan.load_plan().area("火星园")


def test_context_areas_are_outside_the_zone() -> None:
    """Beijing city-wide and the other scope are areas outside the zone, not parks."""
    plan = zgc_plan.load_plan()
    assert plan.area("beijing").kind is AreaKind.OUTSIDE
    assert plan.area("other").kind is AreaKind.OUTSIDE


def test_a_plan_without_areas_has_the_zone_and_the_other_scope() -> None:
    """'Without it the plan has the zone (id zone) and the other scope (id other).'"""
    from pathlib import Path

    plan = zgc_plan.load_plan(Path(__file__).parent / "bad_plans" / "_valid_minimal.yaml")
    assert [area.id for area in plan.areas] == ["zone", "other"]
    assert plan.parks == ()


@pytest.mark.parametrize(
    ("key", "rule"),
    [
        ("total-revenue", OverTime.SUM),
        ("value-added", OverTime.SUM),
        ("profits", OverTime.SUM),
        ("energy-consumption", OverTime.SUM),
        ("invention-patents-held", OverTime.END),
        ("employees", OverTime.MEAN),
        ("hard-tech-incubators", OverTime.END),
    ],
)
def test_statistics_declare_how_they_aggregate(key: str, rule: OverTime) -> None:
    """'flows are summed ..., stocks are taken at the end of the period ..., 从业人员 is the
    average of the months.'"""
    assert zgc_plan.load_plan().statistic(key).over_time is rule


def test_indicators_aggregate_by_kind_and_ratios_by_formula() -> None:
    """Flows and stocks among the indicators declare a rule; ratio indicators have none."""
    plan = zgc_plan.load_plan()
    assert plan.indicator("pct-applications").over_time is OverTime.SUM
    assert plan.indicator("listed-companies").over_time is OverTime.END
    assert plan.indicator("labour-productivity").over_time is None


def test_only_profits_and_the_margin_may_be_negative() -> None:
    """'a minimum per statistic/indicator ... (which may be negative: profits, profit-margin)'."""
    plan = zgc_plan.load_plan()
    unbounded = {s.id for s in plan.statistics if s.minimum is None}
    unbounded |= {i.id for i in plan.indicators if i.minimum is None}
    assert unbounded == {"profits", "profit-margin"}
