"""Property tests: targets written out in Chinese are read back as written.

Spec: "render random targets (random comparator phrasing, random value incl.
decimals, random unit from a list, optional full-width conversion) to Chinese
text and parse them back to the same target; full-width/half-width
equivalence; random Chinese numerals 0..99999999 round-trip".
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from zgc_plan._comparators import Comparator
from zgc_plan._exact import exact_in
from zgc_plan._numerals import parse_chinese_number, to_chinese_number
from zgc_plan._phrases import ParsedTarget, parse_target
from zgc_plan._unit_parsing import parse_unit

#: (template, comparator): {q} stands for the number with its unit.
PHRASINGS = [
    ("达到{q}", Comparator.AT_LEAST),
    ("提高到{q}", Comparator.AT_LEAST),
    ("增加到{q}", Comparator.AT_LEAST),
    ("不低于{q}", Comparator.AT_LEAST),
    ("不少于{q}", Comparator.AT_LEAST),
    ("{q}以上", Comparator.AT_LEAST),
    ("提高到{q}以上", Comparator.AT_LEAST),
    ("累计达到{q}", Comparator.AT_LEAST),
    ("超过{q}", Comparator.MORE_THAN),
    ("突破{q}", Comparator.MORE_THAN),
    ("高于{q}", Comparator.MORE_THAN),
    ("累计超过{q}", Comparator.MORE_THAN),
    ("降至{q}", Comparator.AT_MOST),
    ("下降到{q}", Comparator.AT_MOST),
    ("不超过{q}", Comparator.AT_MOST),
    ("不高于{q}", Comparator.AT_MOST),
    ("控制在{q}以内", Comparator.AT_MOST),
    ("{q}以下", Comparator.AT_MOST),
    ("不满{q}", Comparator.LESS_THAN),
    ("低于{q}", Comparator.LESS_THAN),
    ("少于{q}", Comparator.LESS_THAN),
    ("{q}左右", Comparator.ABOUT),
    ("约{q}", Comparator.ABOUT),
]
UNITS = ["%", "亿元", "万元/人", "吨标煤", "家", "件", "万人", "园", "个", "项", "亿元/平方公里"]
INDICATORS = ["", "企业科技经费投入强度", "劳动生产率", "年度PCT专利申请量", "上市公司数量"]
RANGE_SEPARATORS = ["-", "至", "到", "~", "—", "–"]

values = st.one_of(
    st.integers(min_value=0, max_value=10**9).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False),
)


def full_width(text: str) -> str:
    """Write every ASCII character full-width, and spaces as ideographic spaces."""
    return "".join(
        # The full-width comma separates list items, never thousands: keep the ASCII one.
        "\u3000"
        if char == " "
        else chr(ord(char) + 0xFEE0)
        if "!" <= char <= "~" and char != ","
        else char
        for char in text
    )


@st.composite
def numbers(draw: st.DrawFn, value: Decimal) -> str:
    """Write a value in Arabic digits, with thousands separators, or in Chinese numerals."""
    if value == value.to_integral_value():
        style = draw(st.sampled_from(["plain", "grouped", "chinese"]))
        # specs/semantics.md: a comma separates thousands only where it cannot be a
        # decimal comma, so with two groups or more (1,000 alone is ambiguous).
        if style == "grouped" and value >= 10**6:
            return f"{int(value):,}"
        if style == "chinese":
            return to_chinese_number(int(value))
        return str(int(value))
    return str(value)


def assert_reads_as(target: ParsedTarget, value: Decimal, unit: str) -> None:
    """Compare exactly; 十万人 may come back as 10 万人, the same quantity as 100000 人."""
    if target.unit_text == unit:
        assert target.value == value
    else:
        quantity = target.quantity
        assert quantity is not None
        assert exact_in(quantity, parse_unit(unit)) == Fraction(value)


@given(
    phrasing=st.sampled_from(PHRASINGS),
    value=values,
    unit=st.sampled_from(UNITS),
    indicator=st.sampled_from(INDICATORS),
    spaced=st.booleans(),
    wide=st.booleans(),
    data=st.data(),
)
def test_rendered_targets_read_back(
    phrasing: tuple[str, Comparator],
    value: Decimal,
    unit: str,
    indicator: str,
    spaced: bool,
    wide: bool,
    data: st.DataObject,
) -> None:
    """A target written with any phrasing, numeral style and width reads back the same."""
    template, comparator = phrasing
    number = data.draw(numbers(value))
    quantity = f"{number} {unit}" if spaced else f"{number}{unit}"
    phrase = indicator + template.format(q=quantity)
    if wide:
        phrase = full_width(phrase)
    target = parse_target(phrase)
    assert target.comparator is comparator
    assert target.upper is None
    assert_reads_as(target, value, unit)
    assert target.indicator_zh == indicator
    assert target.span == (len(indicator), len(phrase))
    assert target.text == phrase[len(indicator) :]


@given(
    low=values,
    extra=values,
    unit=st.sampled_from(UNITS),
    separator=st.sampled_from(RANGE_SEPARATORS),
    wide=st.booleans(),
)
def test_rendered_ranges_read_back(
    low: Decimal, extra: Decimal, unit: str, separator: str, wide: bool
) -> None:
    """“2-3个” with any separator reads as BETWEEN its ends."""
    high = low + extra
    phrase = f"初步形成{low}{separator}{high}{unit}"
    if wide:
        phrase = full_width(phrase)
    target = parse_target(phrase)
    assert (target.comparator, target.value, target.upper, target.unit_text) == (
        Comparator.BETWEEN,
        low,
        high,
        unit,
    )
    assert target.indicator_zh == "初步形成"


@given(
    phrasing=st.sampled_from(PHRASINGS),
    value=values,
    unit=st.sampled_from(UNITS),
    indicator=st.sampled_from(INDICATORS),
)
def test_full_width_reads_as_half_width(
    phrasing: tuple[str, Comparator], value: Decimal, unit: str, indicator: str
) -> None:
    """A phrase and its full-width form give the same target at the same span."""
    phrase = indicator + phrasing[0].format(q=f"{value}{unit}")
    narrow, wide = parse_target(phrase), parse_target(full_width(phrase))
    assert (wide.comparator, wide.value, wide.unit_text, wide.span, wide.indicator_zh) == (
        narrow.comparator,
        narrow.value,
        narrow.unit_text,
        narrow.span,
        narrow.indicator_zh,
    )


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numerals_round_trip(n: int) -> None:
    """to_chinese_number writes what parse_chinese_number reads, 0..99999999."""
    assert parse_chinese_number(to_chinese_number(n)) == n


@given(st.integers(min_value=0, max_value=10**16))
def test_large_chinese_numerals_round_trip(n: int) -> None:
    """Beyond 亿 too: 一万亿零五."""
    assert parse_chinese_number(to_chinese_number(n)) == n
