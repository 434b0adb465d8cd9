"""The shipped plan against its source text.

Spec: "Every element has a stable string id, its number (its ordinal in the
source), its Chinese title and body text verbatim from the source ... every
quote in the YAML is a verbatim substring of [the source] and every number in
the targets appears in its quote."
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import attrs
import pytest

import zgc_plan
from conftest import target_numbered
from zgc_plan._numerals import parse_chinese_number


def test_counts(plan: zgc_plan.Plan) -> None:
    """4 principles, 5 goal areas, 17 targets, 8 actions, 23 tasks, 4 safeguards, 3 + 16."""
    assert len(plan.principles) == 4
    assert len(plan.goals) == 5
    assert len(plan.targets) == 17
    assert len(plan.actions) == 8
    assert len(plan.tasks) == 23
    assert len(plan.safeguards) == 4
    assert len(plan.categories) == 3
    assert len(plan.indicators) == 16


def test_document_metadata(plan: zgc_plan.Plan) -> None:
    """Issued and effective 2018-12-27, published 2019-02-18, period 2018-2022."""
    document = plan.document
    assert document.doc_number == "中示区组发〔2018〕4号"
    assert document.issuer_zh == "中关村国家自主创新示范区领导小组"
    assert document.title_zh == "中关村国家自主创新示范区创新引领高质量发展行动计划(2018-2022年)"
    assert str(document.issued) == "2018-12-27"
    assert str(document.effective) == "2018-12-27"
    assert str(document.published) == "2019-02-18"
    assert (document.start_year, document.end_year) == (2018, 2022)
    assert document.source_url.endswith("/182684/index.html")


def test_numbers_are_ordinals(plan: zgc_plan.Plan) -> None:
    """Each element's number is its ordinal in the source, tasks numbered across actions."""
    for group in (plan.principles, plan.goals, plan.actions, plan.tasks, plan.safeguards):
        assert [element.number for element in group] == list(range(1, len(group) + 1))
    assert [i.number for i in plan.indicators] == list(range(1, 17))
    assert [t.number for t in plan.targets] == list(range(1, 18))
    assert [len(action.tasks) for action in plan.actions] == [3, 3, 3, 3, 3, 3, 2, 3]


def test_ids_are_unique(plan: zgc_plan.Plan) -> None:
    """Every element has a stable, unique string id."""
    elements: list[object] = [plan.document, plan.guiding_thought, plan.overall_goal]
    for group in (plan.principles, plan.goals, plan.targets, plan.actions, plan.tasks):
        elements += group
    elements += [*plan.safeguards, *plan.categories, *plan.indicators, *plan.statistics]
    ids = [getattr(element, "id") for element in elements]  # noqa: B009 (elements of many types)
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def _strings(value: object, path: str = "plan") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            if field.init:
                yield from _strings(getattr(value, field.name), f"{path}.{field.name}")


def _chinese_strings(plan: zgc_plan.Plan) -> list[tuple[str, str]]:
    keys = ("_zh", ".quote", ".doc_number")
    # Shared objects are checked where they are defined; base statistics are named
    # by the library, not by the plan; areas quote their own sources (areas.yaml).
    skip = (".category.", ".indicator.", "plan.statistics", "plan.areas")
    return [
        (path, text)
        for path, text in _strings(plan)
        if path.endswith(keys) and not any(s in path for s in skip)
    ]


def test_every_chinese_string_is_verbatim(plan: zgc_plan.Plan, source_text: str) -> None:
    """Every Chinese title, text and quote is a verbatim substring of the source."""
    strings = _chinese_strings(plan)
    assert len(strings) > 150
    missing = [path for path, text in strings if text not in source_text]
    # The annex breaks this name across two lines; it is checked through its quote.
    assert missing == ["plan.indicators[15].name_zh"]
    for path in missing:
        element = eval(path, {"plan": plan})  # noqa: S307 (paths built above from attribute names)
        assert isinstance(element, str)
        owner = eval(path.rsplit(".", 1)[0], {"plan": plan})  # noqa: S307
        assert element == owner.source.quote.replace("\n", "")


def test_paragraphs_are_whole(plan: zgc_plan.Plan, source_text: str) -> None:
    """Titles and texts of principles, goals and tasks rebuild whole source lines."""
    lines = set(source_text.splitlines())
    for principle in plan.principles:
        assert f"{principle.number}.{principle.title_zh}。{principle.text_zh}" in lines
    for task in plan.tasks:
        assert f"{task.number}.{task.title_zh}。{task.text_zh}" in lines
    for goal in plan.goals:
        assert f"——{goal.title_zh}。{goal.text_zh}" in lines
    for safeguard in plan.safeguards:
        assert safeguard.text_zh in lines
    assert plan.guiding_thought.text_zh in lines
    assert plan.overall_goal.text_zh in lines


def test_target_quotes_stand_in_their_goal(plan: zgc_plan.Plan) -> None:
    """A target's quote is part of the text of the goal area that states it."""
    for goal in plan.goals:
        for target in goal.targets:
            assert target.goal_id == goal.id
            assert target.quote_zh in goal.text_zh
            assert target.source.section == goal.source.section


def _numbers_in(text: str) -> set[Decimal]:
    numbers = {Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", text)}
    numbers |= {
        Decimal(parse_chinese_number(n))
        for n in re.findall(r"[一二三四五六七八九十][一二三四五六七八九十百千]*", text)
    }
    return numbers


@pytest.mark.parametrize("number", range(1, 18))
def test_target_numbers_appear_in_their_quote(plan: zgc_plan.Plan, number: int) -> None:
    """Every number of a target appears in its quote, in Arabic or Chinese numerals."""
    target = target_numbered(plan, number)
    assert target.magnitude in _numbers_in(target.quote_zh)
    if target.upper_magnitude is not None:
        assert target.upper_magnitude in _numbers_in(target.quote_zh)


def test_targets_and_indicators_link_both_ways(plan: zgc_plan.Plan) -> None:
    """16 targets are measured by an annex indicator; 硬科技孵化器覆盖十六园 by none."""
    unmeasured = [t for t in plan.targets if t.indicator is None]
    assert [t.quote_zh for t in unmeasured] == ["硬科技孵化器覆盖十六园"]
    measured = {t.indicator.number for t in plan.targets if t.indicator is not None}
    assert measured == set(range(1, 17))
    for indicator in plan.indicators:
        target = plan.target_for(indicator)
        assert target is not None
        assert target.indicator is indicator


def test_annex_categories(plan: zgc_plan.Plan) -> None:
    """Indicators 1-5 are 创新能力, 6-12 创新效益, 13-16 全球影响力."""
    names = [indicator.category.name_zh for indicator in plan.indicators]
    assert names == ["创新能力"] * 5 + ["创新效益"] * 7 + ["全球影响力"] * 4


def test_annex_names(plan: zgc_plan.Plan) -> None:
    """The 16 indicator names, as in the annex table."""
    assert [i.name_zh for i in plan.indicators] == [
        "企业科技经费投入强度",
        "每万名从业人员发明专利拥有量",
        "企业技术合同成交额",
        "高校院所市场化专业化技术转移机构",
        "高水平大企业开放式创新平台",
        "企业利润率",
        "劳动生产率",
        "人均总收入",
        "地均总收入",
        "万元增加值能耗",
        "上市企业数量",
        "具有技术主导权的支柱性产业集群",
        "企业PCT专利申请量",
        "企业累计创制国际标准数量",
        "企业外籍人才和留学归国人才",
        "“世界500强”“全球创新千强”企业",
    ]


def test_only_energy_intensity_is_lower_is_better(plan: zgc_plan.Plan) -> None:
    """万元增加值能耗 降至: lower is better; every other indicator, higher."""
    lower = [
        i.name_zh for i in plan.indicators if i.direction is zgc_plan.Direction.LOWER_IS_BETTER
    ]
    assert lower == ["万元增加值能耗"]


@pytest.mark.parametrize(
    ("number", "comparator", "value", "unit"),
    [
        (1, "AT_LEAST", "6", "%"),
        (2, "AT_LEAST", "700", "件/万人"),
        (3, "AT_LEAST", "450", "项"),
        (4, "MORE_THAN", "6000", "亿元"),
        (5, "MORE_THAN", "50", "家"),
        (6, "MORE_THAN", "30", "家"),
        (7, "AT_LEAST", "16", "园"),
        (8, "ABOUT", "500", "家"),
        (9, "BETWEEN", "2", "个"),
        (10, "MORE_THAN", "40", "万元/人"),
        (11, "AT_LEAST", "10", "%"),
        (12, "AT_LEAST", "260", "万元/人"),
        (13, "AT_LEAST", "183", "亿元/平方公里"),
        (14, "AT_MOST", "0.065", "吨标煤/万元"),
        (15, "MORE_THAN", "6", "万人"),
        (16, "MORE_THAN", "11000", "件"),
        (17, "MORE_THAN", "40", "家"),
    ],
)
def test_targets(plan: zgc_plan.Plan, number: int, comparator: str, value: str, unit: str) -> None:
    """Each target's comparator follows the plan's words, with its exact value and unit."""
    target = target_numbered(plan, number)
    assert target.comparator is zgc_plan.Comparator[comparator]
    assert target.magnitude == Decimal(value)
    assert target.unit == zgc_plan.parse_unit(unit)
    assert target.year == 2022


def test_shipped_source_is_the_published_text(source_text: str, published_page: str) -> None:
    """The shipped text is the published page without its navigation lines."""
    assert source_text.rstrip("\n") in published_page
    assert "您当前所在位置" not in source_text
    assert "转载链接地址" not in source_text
    assert source_text.startswith("关于印发《")
    assert source_text.rstrip().endswith("“全球创新千强”企业")
