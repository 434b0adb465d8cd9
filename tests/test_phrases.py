"""Reading targets from Chinese policy text: numerals, comparators, units, growth."""

from __future__ import annotations

from decimal import Decimal
from importlib.resources import files

import pytest

from zgc_plan._comparators import Comparator
from zgc_plan._load import load_plan
from zgc_plan._numerals import parse_chinese_number, to_chinese_number
from zgc_plan._phrases import FoundTarget, Growth, ParsedTarget, find_targets, parse_target
from zgc_plan._registry import Q_
from zgc_plan._unit_parsing import normalize_text, parse_unit
from zgc_plan.exceptions import PlanDataError

AT_LEAST = Comparator.AT_LEAST
MORE_THAN = Comparator.MORE_THAN
AT_MOST = Comparator.AT_MOST
LESS_THAN = Comparator.LESS_THAN
ABOUT = Comparator.ABOUT
BETWEEN = Comparator.BETWEEN


def _source_text() -> str:
    return (files("zgc_plan") / "data" / "source.txt").read_text("utf-8")


def _reads(
    phrase: str, comparator: Comparator | None, value: str, unit: str, upper: str | None = None
) -> ParsedTarget:
    target = parse_target(phrase)
    assert (target.comparator, target.value, target.upper, target.unit_text) == (
        comparator,
        Decimal(value),
        None if upper is None else Decimal(upper),
        unit,
    )
    assert phrase[target.span[0] : target.span[1]] == target.text
    return target


# -- numerals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("十六", 16),
        ("十", 10),
        ("两", 2),
        ("一百二十", 120),
        ("一百一十", 110),
        ("一百十", 110),
        ("三千五百", 3500),
        ("三千五", 3500),
        ("一千零五", 1005),
        ("一千零五十", 1050),
        ("二十万", 200000),
        ("一万二千", 12000),
        ("一万五", 15000),
        ("两万五", 25000),
        ("一万零五", 10005),
        ("十万零五百", 100500),
        ("二千零一万", 20010000),
        ("一亿五", 150000000),
        ("一亿零五", 100000005),
        ("一万亿", 10**12),
        ("零", 0),
        ("〇", 0),
        ("二〇一八", 2018),
        ("壹佰贰拾", 120),
        ("叁仟伍佰", 3500),
        ("拾陆", 16),
        ("零点零六五", Decimal("0.065")),
        ("三点五", Decimal("3.5")),
    ],
)
def test_chinese_numerals(numeral: str, value: int | Decimal) -> None:
    """“十六→16, 一百二十→120, 三千五百→3500, 两→2, 十→10, 二十万→200000, 一万二千→12000”."""
    parsed = parse_chinese_number(numeral)
    assert parsed == value
    assert type(parsed) is type(value)


@pytest.mark.parametrize(
    "text",
    ["", "abc", "6", "十十", "百", "千", "万", "一万万", "一二十", "点五", "五点两", "百分之六"],
)
def test_chinese_numeral_errors(text: str) -> None:
    """“Raise ValueError on non-numerals”; 百分之六 is a phrase, not a numeral."""
    with pytest.raises(ValueError, match="not a Chinese numeral"):
        parse_chinese_number(text)


@pytest.mark.parametrize(
    ("n", "numeral"),
    [
        (0, "零"),
        (10, "十"),
        (16, "十六"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (10005, "一万零五"),
        (100000, "十万"),
        (12000, "一万二千"),
        (20010000, "二千零一万"),
        (99999999, "九千九百九十九万九千九百九十九"),
    ],
)
def test_writing_chinese_numerals(n: int, numeral: str) -> None:
    """The canonical form: 零 fills a gap, and 一十 is 十 only at the head of a number."""
    assert to_chinese_number(n) == numeral


def test_writing_negative_numbers_fails() -> None:
    """Chinese numerals here count things, which are never negative."""
    with pytest.raises(ValueError, match="negative"):
        to_chinese_number(-1)


# -- comparators ------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "comparator", "value", "unit"),
    [
        ("企业科技经费投入强度达到6%", AT_LEAST, "6", "%"),
        ("企业数量达500家", AT_LEAST, "500", "家"),
        ("企业利润率提高到10%", AT_LEAST, "10", "%"),
        ("企业数量增加到500家", AT_LEAST, "500", "家"),
        ("企业数量增至500家", AT_LEAST, "500", "家"),
        ("企业利润率提高到10%以上", AT_LEAST, "10", "%"),
        ("上市公司500家以上", AT_LEAST, "500", "家"),
        ("上市公司500家及以上", AT_LEAST, "500", "家"),
        ("研发投入强度不低于6%", AT_LEAST, "6", "%"),
        ("孵化器不少于30家", AT_LEAST, "30", "家"),
        ("硬科技孵化器覆盖十六园", AT_LEAST, "16", "园"),
    ],
)
def test_at_least(phrase: str, comparator: Comparator, value: str, unit: str) -> None:
    """民法典第一千二百五十九条: “以上……包括本数”; 达到/提高到/不低于 also include it."""
    _reads(phrase, comparator, value, unit)


@pytest.mark.parametrize(
    ("phrase", "comparator", "value", "unit"),
    [
        ("技术转移机构超过50家", MORE_THAN, "50", "家"),
        ("技术合同成交额突破6000亿元", MORE_THAN, "6000", "亿元"),
        ("利润率高于10%", MORE_THAN, "10", "%"),
        ("企业多于40家", MORE_THAN, "40", "家"),
        # The word before the number is the more precise: 超过 excludes 50.
        ("企业超过50家以上", MORE_THAN, "50", "家"),
    ],
)
def test_more_than(phrase: str, comparator: Comparator, value: str, unit: str) -> None:
    """民法典第一千二百五十九条: “不满、超过、以外，不包括本数”."""
    _reads(phrase, comparator, value, unit)


@pytest.mark.parametrize(
    ("phrase", "comparator", "value", "unit"),
    [
        ("万元增加值能耗降至0.065吨标煤", AT_MOST, "0.065", "吨标煤"),
        ("能耗降到0.5吨标煤", AT_MOST, "0.5", "吨标煤"),
        ("能耗下降到0.5吨标煤", AT_MOST, "0.5", "吨标煤"),
        ("重点支持一批30岁以下青年人才", AT_MOST, "30", "岁"),
        ("审批时间5天以内", AT_MOST, "5", "天"),
        ("负债率不超过60%", AT_MOST, "60", "%"),
        ("负债率不高于60%", AT_MOST, "60", "%"),
        ("能耗控制在0.5吨标煤以内", AT_MOST, "0.5", "吨标煤"),
        ("能耗控制在0.5吨标煤", AT_MOST, "0.5", "吨标煤"),
    ],
)
def test_at_most(phrase: str, comparator: Comparator, value: str, unit: str) -> None:
    """民法典第一千二百五十九条: “以下、以内……包括本数”; 降至/不超过/控制在…以内 also."""
    _reads(phrase, comparator, value, unit)


@pytest.mark.parametrize(
    ("phrase", "comparator", "value", "unit"),
    [
        ("不满18岁", LESS_THAN, "18", "岁"),
        ("失业率低于5%", LESS_THAN, "5", "%"),
        ("企业少于10家", LESS_THAN, "10", "家"),
    ],
)
def test_less_than(phrase: str, comparator: Comparator, value: str, unit: str) -> None:
    """民法典第一千二百五十九条: “不满……不包括本数”; 低于/少于 also exclude it."""
    _reads(phrase, comparator, value, unit)


@pytest.mark.parametrize(
    ("phrase", "comparator", "value", "unit"),
    [
        ("上市公司数量500家左右", ABOUT, "500", "家"),
        ("上市公司约500家", ABOUT, "500", "家"),
        ("上市公司数量达到500家左右", ABOUT, "500", "家"),
        ("通胀率控制在3%左右", ABOUT, "3", "%"),
    ],
)
def test_about(phrase: str, comparator: Comparator, value: str, unit: str) -> None:
    """“…左右/约 → ABOUT”, whatever verb stands before the number."""
    _reads(phrase, comparator, value, unit)


@pytest.mark.parametrize(
    "phrase",
    [
        "初步形成2-3个产业集群",
        "2至3个",
        "2到3个",
        "2~3个",
        "2—3个",
        "2–3个",
        "2个至3个",
        "2 - 3 个",
        "二至三个",
    ],
)
def test_ranges(phrase: str) -> None:
    """“ranges 2-3个, 2至3个, 2~3个, 2—3个 … a range → BETWEEN”."""
    target = _reads(phrase, BETWEEN, "2", "个", upper="3")
    assert target.quantity == Q_(2, "个")


def test_percent_range() -> None:
    """A range of percentages may write 百分之 twice, or % once."""
    _reads("百分之五至百分之八", BETWEEN, "5", "%", upper="8")
    _reads("5%-8%", BETWEEN, "5", "%", upper="8")
    _reads("5-8%", BETWEEN, "5", "%", upper="8")


@pytest.mark.parametrize(
    ("phrase", "comparator", "value", "unit"),
    [
        ("累计超过100家", MORE_THAN, "100", "家"),
        ("企业数量累计达到500家", AT_LEAST, "500", "家"),
        ("累计500家以上", AT_LEAST, "500", "家"),
        ("累计不超过50亿元", AT_MOST, "50", "亿元"),
        ("企业累计创制国际标准数量提高到450项", AT_LEAST, "450", "项"),
    ],
)
def test_cumulative(phrase: str, comparator: Comparator, value: str, unit: str) -> None:
    """“累计… (cumulative wording keeps its comparator)”."""
    _reads(phrase, comparator, value, unit)


def test_cumulative_alone_is_no_target() -> None:
    """累计 says what is counted, not how the count is judged."""
    with pytest.raises(PlanDataError, match="expected a comparator"):
        parse_target("累计500家")


# -- numbers and units ------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("突破6000亿元", "6000", "亿元"),
        ("突破6万人", "6", "万人"),
        ("突破2万亿元", "2", "万亿元"),
        ("突破11000件", "11000", "件"),
        ("突破11,000,000件", "11000000", "件"),
        ("突破1,234,567.5元", "1234567.5", "元"),
        ("降至0.065吨标煤", "0.065", "吨标煤"),
        ("超过40万元/人", "40", "万元/人"),
        ("达到183亿元/平方公里", "183", "亿元/平方公里"),
        ("达到 6 %", "6", "%"),
        ("超过40 万元 / 人", "40", "万元/人"),
        ("达到百分之六", "6", "%"),
        ("达到百分之6.5", "6.5", "%"),
        ("控制在千分之五以下", "5", "‰"),
        ("达到二十万人", "20", "万人"),
        ("达到一万二千人", "12000", "人"),
        ("达到三千五百家", "3500", "家"),
        ("达到两家", "2", "家"),
        ("达到零点五吨标煤", "0.5", "吨标煤"),
        ("超过二十万万元/人", "200000", "万元/人"),
    ],
)
def test_numbers_and_units(phrase: str, value: str, unit: str) -> None:
    """“万/亿/万亿 multipliers as part of the unit (6000亿元 → 6000 亿元; 6万人 → 6 万人)”."""
    target = parse_target(phrase)
    assert (target.value, target.unit_text) == (Decimal(value), unit)


def test_quantity() -> None:
    """The quantity is built from the unit as written, in the library's registry."""
    target = parse_target("劳动生产率超过40万元/人")
    assert target.quantity == Q_(40, "万元/人")
    assert parse_target("不满18所").quantity is None  # 所 is not a unit of the registry


def test_bare_figure_is_no_target() -> None:
    """“a bare "N单位" with no comparator at all is not a target”."""
    assert find_targets("编制一区十六园统筹发展规划,上市公司500家。") == ()


# -- growth -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "growth", "value", "unit"),
    [
        ("地区生产总值年均增长8%以上", Growth("annual_rate", Decimal(8), None, AT_LEAST), "8", "%"),
        ("年均增长8%", Growth("annual_rate", Decimal(8), None, AT_LEAST), "8", "%"),
        ("年均增长8%左右", Growth("annual_rate", Decimal(8), None, ABOUT), "8", "%"),
        ("年均增长超过8%", Growth("annual_rate", Decimal(8), None, MORE_THAN), "8", "%"),
        ("年均增长率达到百分之八", Growth("annual_rate", Decimal(8), None, AT_LEAST), "8", "%"),
        ("收入比2017年翻一番", Growth("multiple", Decimal(2), 2017, AT_LEAST), "2", ""),
        ("比2017年翻两番", Growth("multiple", Decimal(4), 2017, AT_LEAST), "4", ""),
        ("增长1倍", Growth("multiple", Decimal(2), None, AT_LEAST), "2", ""),
        ("比2017年增长1倍以上", Growth("multiple", Decimal(2), 2017, AT_LEAST), "2", ""),
        ("比2017年增长20%", Growth("multiple", Decimal("1.2"), 2017, AT_LEAST), "1.2", ""),
        ("是2017年的2倍", Growth("multiple", Decimal(2), 2017, AT_LEAST), "2", ""),
        ("增长20%以上", Growth("multiple", Decimal("1.2"), None, AT_LEAST), "1.2", ""),
        ("比2017年降低20%以上", Growth("multiple", Decimal("0.8"), 2017, AT_MOST), "0.8", ""),
        ("能耗下降20%", Growth("multiple", Decimal("0.8"), None, AT_MOST), "0.8", ""),
        ("占比提高5个百分点", Growth("change", Decimal(5), None, AT_LEAST), "5", "百分点"),
        ("比2017年降低2个百分点", Growth("change", Decimal(-2), 2017, AT_MOST), "-2", "百分点"),
    ],
)
def test_growth(phrase: str, growth: Growth, value: str, unit: str) -> None:
    """“年均增长8%以上 → annual_rate 8 AT_LEAST; 比2017年翻一番 → multiple 2 base_year 2017”."""
    target = parse_target(phrase)
    assert target.comparator is None
    assert target.growth == growth
    assert (target.value, target.unit_text) == (Decimal(value), unit)


def test_growth_range() -> None:
    """A range of yearly rates is a growth BETWEEN its ends."""
    target = parse_target("年均增长6%-8%")
    assert target.growth == Growth("annual_rate", Decimal(6), None, BETWEEN)
    assert (target.value, target.upper) == (Decimal(6), Decimal(8))


def test_growth_is_not_also_a_level() -> None:
    """年均增长8%以上 is one growth target, not also a level target “8%以上”."""
    (found,) = find_targets("地区生产总值年均增长8%以上。")
    assert found.target.growth is not None
    assert found.target.indicator_zh == "地区生产总值"


# -- full-width forms and spans -----------------------------------------------


@pytest.mark.parametrize(
    ("full", "half"),
    [
        ("企业科技经费投入强度达到６％", "企业科技经费投入强度达到6%"),
        ("初步形成２－３个产业集群", "初步形成2-3个产业集群"),
        ("初步形成２～３个产业集群", "初步形成2~3个产业集群"),
        ("年度ＰＣＴ专利申请量突破１１０００件", "年度PCT专利申请量突破11000件"),
        ("劳动生产率超过４０万元／人", "劳动生产率超过40万元/人"),
        ("达到　６　％", "达到 6 %"),
    ],
)
def test_full_width_is_half_width(full: str, half: str) -> None:
    """“full-width characters (％, ０-９, （）, ～) are equivalent to half-width”."""
    assert len(normalize_text(full)) == len(full)  # one character for one: spans stay valid
    wide, narrow = parse_target(full), parse_target(half)
    assert (wide.comparator, wide.value, wide.upper, wide.unit_text, wide.span) == (
        narrow.comparator,
        narrow.value,
        narrow.upper,
        narrow.unit_text,
        narrow.span,
    )
    assert wide.indicator_zh == narrow.indicator_zh
    assert full[wide.span[0] : wide.span[1]] == wide.text


def test_fold_is_one_char_for_one() -> None:
    """Spans index the original text because normalize_text maps one char to one char."""
    wide = "".join(chr(code) for code in range(0xFF01, 0xFF5F)) + "\u3000"
    assert len(normalize_text(wide)) == len(wide)


def test_span_and_indicator() -> None:
    """The span covers verb, number, unit and trailing word; the indicator is before the verb."""
    phrase = "到2022年,企业利润率提高到10%以上。"
    target = parse_target(phrase)
    assert target.span == (phrase.index("提高到"), phrase.index("。"))
    assert target.text == "提高到10%以上"
    assert target.indicator_zh == "企业利润率"
    assert target.year == 2022
    assert parse_target(phrase, year=2025).year == 2025


# -- errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "column", "reason"),
    [
        ("企业利润率提高到", 9, "expected a number after '提高到'"),
        ("提高到abc", 4, "expected a number after '提高到'"),
        ("提高到1,00件", 4, "'1,00' has a decimal comma: write the decimal point, 1.00"),
        ("超过41,5万元", 3, "'41,5' has a decimal comma: write the decimal point, 41.5"),
        ("年均增长8,5%以上", 5, "'8,5' has a decimal comma: write the decimal point, 8.5"),
        ("比2017年降低20,5%以上", 9, "'20,5' has a decimal comma: write the decimal point"),
        ("达到6.000,5万元", 3, "'6.000,5' has a decimal comma after a point: write 6000.5"),
        ("达到6 foo", 5, "expected a unit"),
        ("6%", 3, "expected a comparator"),
        ("企业数量很多", 7, "found no number"),
        ("", 1, "found no number"),
        ("不低于十十家", 4, "cannot read the numeral '十十'"),
        ("3-2个", 3, "the range falls"),
        ("2个-3件", 5, "the range has two units"),
        ("不低于5家以下", 6, "'以下' contradicts '不低于'"),
        ("年均增长8", 6, "expected % after a yearly growth rate"),
        ("年均增长8家", 6, "expected % after a yearly growth rate"),
        ("翻十一番", 2, "cannot double"),
        ("达到6%,超过50家", 6, "found a second target"),
    ],
)
def test_errors_point_at_the_column(phrase: str, column: int, reason: str) -> None:
    """“A phrase that cannot be read raises PlanDataError … whose message points at the
    character where reading stopped”."""
    with pytest.raises(PlanDataError) as caught:
        parse_target(phrase)
    (problem,) = caught.value.problems
    assert problem.column == column
    assert f"at column {column}:" in problem.message
    assert reason in problem.message
    assert caught.value.source == "<phrase>"
    assert isinstance(caught.value, ValueError)


def test_error_shows_the_rest_of_the_phrase() -> None:
    """The message quotes the text from where reading stopped."""
    with pytest.raises(PlanDataError, match=r"column 4: .*found 'abc'"):
        parse_target("提高到abc")


# -- the shipped plan ---------------------------------------------------------

#: The plan states two targets per unit of a subject named in the indicator,
#: and the quote writes only the numerator: 万名从业人员发明专利拥有量 700件 is
#: 700 件 per 万人 (the 万名从业人员), 万元增加值能耗 0.065吨标煤 is 0.065 吨标煤
#: per 万元 (of 万元增加值).  The text after the verb cannot tell, so the test
#: supplies the denominator its subject implies.
IMPLIED_DENOMINATORS = {"万名从业人员": "万人", "万元增加值": "万元"}


def _in_goals(found: tuple[FoundTarget, ...]) -> list[FoundTarget]:
    return [item for item in found if item.section == "一(三)"]


def test_finds_every_target_of_the_plan() -> None:
    """All 17 targets of 一(三)发展目标 are found, each as the plan data states it."""
    source = _source_text()
    plan = load_plan()
    found = _in_goals(find_targets(source))
    assert len(plan.targets) == 17
    assert len(found) == len(plan.targets)
    for target in plan.targets:
        begin = source.index(target.quote_zh)
        end = begin + len(target.quote_zh)
        inside = [item for item in found if begin <= item.start and item.end <= end]
        assert len(inside) == 1, target.quote_zh
        parsed = inside[0].target
        assert parsed.comparator is target.comparator, target.id
        assert parsed.value == target.magnitude, target.id
        assert parsed.upper == target.upper_magnitude, target.id
        assert parsed.year == target.year, target.id
        unit = parse_unit(parsed.unit_text)
        if unit != target.unit:
            implied = [
                denominator
                for subject, denominator in IMPLIED_DENOMINATORS.items()
                if parsed.indicator_zh.startswith(subject)
            ]
            assert implied, f"{target.id}: {parsed.unit_text} is not {target.unit}"
            assert unit / parse_unit(implied[0]) == target.unit, target.id


@pytest.mark.parametrize(
    ("quote", "comparator", "value", "upper", "unit"),
    [
        ("硬科技孵化器覆盖十六园", AT_LEAST, "16", None, "园"),
        ("上市公司数量500家左右", ABOUT, "500", None, "家"),
        ("初步形成2-3个具有技术主导权的支柱性产业集群", BETWEEN, "2", "3", "个"),
    ],
)
def test_unusual_targets_of_the_plan(
    quote: str, comparator: Comparator, value: str, upper: str | None, unit: str
) -> None:
    """“硬科技孵化器覆盖十六园 → at_least 16 园; 上市公司数量500家左右 → about 500 家;
    初步形成2-3个… → between 2..3 个”."""
    _reads(quote, comparator, value, unit, upper)


def test_targets_elsewhere_carry_their_section() -> None:
    """“matches found elsewhere (e.g. 30岁以下 in task 14) are reported with their section”."""
    source = _source_text()
    others = [item for item in find_targets(source) if item.section != "一(三)"]
    by_text = {item.target.text: item for item in others}
    assert "30岁以下" in by_text
    age = by_text["30岁以下"]
    assert age.section == "二(五)14"
    assert (age.target.comparator, age.target.value, age.target.unit_text) == (
        AT_MOST,
        Decimal(30),
        "岁",
    )
    assert source[age.start : age.end] == "30岁以下"


def test_sections_follow_headings() -> None:
    """Sections come from 一、 (三) 14. and 附件 at the start of a line."""
    text = (
        "一、总体要求\n(三)发展目标\n到2022年,利润率达到10%。\n"
        "二、主要任务\n(五)人才培养集聚行动\n14.大力培养优秀青年人才。支持30岁以下人才。\n"
        "附件\n能耗不超过1吨标煤\n"
    )
    found = find_targets(text)
    assert [(item.section, item.target.text, item.target.year) for item in found] == [
        ("一(三)", "达到10%", 2022),
        ("二(五)14", "30岁以下", None),
        ("附件", "不超过1吨标煤", None),
    ]
    assert [item.target.indicator_zh for item in found] == ["利润率", "支持", "能耗"]


def test_yiwai_excludes_the_number() -> None:
    """《民法典》第一千二百五十九条: 以外 does not include the number — 50公里以外 is > 50 公里."""
    parsed = parse_target("半径50公里以外")
    assert parsed.comparator is Comparator.MORE_THAN
    assert parsed.value == 50
    assert parsed.unit_text == "公里"


def test_chu_yiwai_is_not_a_target() -> None:
    """除…以外 means "apart from": it states no target, and the next figure is still read."""
    with pytest.raises(PlanDataError, match="apart from"):
        parse_target("除50家以外")
    found = find_targets("除50家以外,其他企业超过30家。")
    assert [f.target.text for f in found] == ["超过30家"]
