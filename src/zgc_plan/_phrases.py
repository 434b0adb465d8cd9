"""Reading quantitative targets from Chinese policy text.

A target is a quantity with a comparator: ``企业利润率提高到10%以上``,
``上市公司数量500家左右``, ``初步形成2-3个…``, or a growth:
``年均增长8%以上``, ``比2017年翻一番``.  Comparators follow the Chinese
legal convention (《中华人民共和国民法典》第一千二百五十九条): 以上、以下、以内
include the number; 不满、超过、以外 exclude it.

Reading works on the text with full-width forms folded (``６％`` is ``6%``);
the fold maps each character to one character, so every position found in the
folded text is also a position in the text as given.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from types import MappingProxyType
from typing import Final, TypeAlias

import attrs

from zgc_plan._arguments import instance
from zgc_plan._comparators import Comparator
from zgc_plan._numbers import read_number
from zgc_plan._numerals import DIGIT_CHARS, LEADING_CHARS, NUMERAL_CHARS, parse_chinese_number
from zgc_plan._registry import Q_, Quantity
from zgc_plan._unit_parsing import normalize_text, parse_unit
from zgc_plan.exceptions import PlanDataError, Problem, excerpt

__all__ = ["FoundTarget", "Growth", "ParsedTarget", "find_targets", "parse_target", "read_targets"]

_AT_LEAST: Final = Comparator.AT_LEAST
_MORE_THAN: Final = Comparator.MORE_THAN
_AT_MOST: Final = Comparator.AT_MOST
_LESS_THAN: Final = Comparator.LESS_THAN
_ABOUT: Final = Comparator.ABOUT
_BETWEEN: Final = Comparator.BETWEEN

#: Words standing before the number.  控制在 alone caps a value (控制在5%),
#: so it reads AT_MOST unless a word after the number says otherwise (…左右).
_PREFIXES: Final = MappingProxyType(
    {
        **dict.fromkeys(
            ("达到", "达", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至",
             "增长到", "增长至", "增至", "上升到", "上升至", "升至", "扩大到", "扩大至",
             "不低于", "不少于", "不小于", "至少", "覆盖"),
            _AT_LEAST,
        ),
        **dict.fromkeys(("超过", "超", "突破", "高于", "多于", "大于"), _MORE_THAN),
        **dict.fromkeys(
            ("降至", "降到", "降低到", "降低至", "下降到", "下降至", "减少到", "减少至",
             "减至", "压缩到", "压缩至", "控制在", "不超过", "不高于", "不多于", "不大于",
             "至多", "最多"),
            _AT_MOST,
        ),
        **dict.fromkeys(("不满", "未满", "不足", "不到", "低于", "少于", "小于"), _LESS_THAN),
    }
)  # fmt: skip
#: Words standing after the number.  以外 excludes the number (50公里以外:
#: beyond 50 km), except in 除…以外, "apart from", which states no target.
_POSTFIXES: Final = MappingProxyType(
    {
        "及以上": _AT_LEAST, "以上": _AT_LEAST,
        "及以下": _AT_MOST, "以下": _AT_MOST, "以内": _AT_MOST, "之内": _AT_MOST,
        "以外": _MORE_THAN, "左右": _ABOUT,
    }
)  # fmt: skip
_ABOUT_WORDS: Final = ("约为", "大约", "约")
#: Single-character words that end other words: 发达, 下达, 赶超, 节约, 签约 …
#: A guard lists the characters that may not stand before the word.
_GUARDS: Final = MappingProxyType(
    {"达": "发下传表送抵直通转", "超": "赶高", "约": "节制签预契邀特公条合履毁"}
)
_PERCENT_WORDS: Final = MappingProxyType({"百分之": "%", "千分之": "‰"})
#: Counters and units a target may be counted in.  Words outside the unit
#: registry (岁, 所, 次 …) are read too; their targets have no quantity.
_BASE_UNITS: Final = (
    "吨标准煤", "吨标煤", "千克标准煤", "千克标煤", "平方公里", "平方千米", "平方米", "公里",
    "千米", "千瓦时", "公顷", "小时", "分钟", "人次", "美元", "元", "人", "名", "家", "件",
    "项", "个", "园", "所", "座", "岁", "次", "亩", "吨", "台", "套", "户", "条", "篇", "种",
    "位", "天", "个百分点", "百分点",
)  # fmt: skip
_MULTIPLIERS: Final = ("万亿", "亿", "万")
_BIG_CHARS: Final = frozenset("万萬亿億")
# The full-width comma is kept unfolded (see _fold): it separates list items and
# clauses, never the thousands of a number.
_BOUNDARIES: Final = frozenset(",;:!?。;:!?\n\r—，")
_INDICATOR_MAX: Final = 60
_FAN_MAX: Final = 10


@functools.cache
def _compile(source: str) -> re.Pattern[str]:
    """Compile a phrase pattern on first use.

    The patterns below hold long alternations that take tens of milliseconds to
    compile; ``import zgc_plan`` should not pay that for a feature it may not use.
    """
    return re.compile(source)


def _alternation(words: Iterable[str]) -> str:
    # Longest first: an alternation takes its first fitting branch, not its longest.
    parts = []
    for word in sorted(words, key=lambda word: (-len(word), word)):
        guard = _GUARDS.get(word)
        parts.append(f"(?<![{guard}]){re.escape(word)}" if guard else re.escape(word))
    return "|".join(parts)


_SP: Final = r"[ \t]{0,3}"
# A number never starts right after "digit,", and a comma that cannot group
# thousands stays inside the number (41,5万元, 6.000,5): the number reader then
# refuses the decimal comma and says how to write it, at the number, instead of
# the phrase being read from the digits after the comma.
_ARABIC: Final = (
    r"(?<![\d.])(?<!\d,)"
    r"(?:\d{1,3}(?:,\d{3}){1,6}|\d{1,18}(?:\.\d{3}){0,6},\d{1,12}|\d{1,18})(?:\.\d{1,12})?(?!\d)"
)
_CHINESE: Final = (
    rf"[{LEADING_CHARS}][{NUMERAL_CHARS}]{{0,19}}"
    rf"(?:点[{DIGIT_CHARS.replace('两', '').replace('兩', '')}]{{1,12}})?"
)
_NUM: Final = rf"(?:{_ARABIC}|{_CHINESE})"
_PREFIX_ALT: Final = _alternation(_PREFIXES)
_POSTFIX_ALT: Final = _alternation(_POSTFIXES)
_ABOUT_ALT: Final = _alternation(_ABOUT_WORDS)
_PCT_ALT: Final = _alternation(_PERCENT_WORDS)
_PREFIXED_UNIT: Final = rf"(?:{'|'.join(_MULTIPLIERS)})?(?:{_alternation(_BASE_UNITS)})"
# A compound unit: 万元/人/年, 亿元每平方公里 (每 is "per"); 年 only after "per".
_UNIT: Final = rf"%|‰|{_PREFIXED_UNIT}(?:{_SP}(?:/|每){_SP}(?:{_PREFIXED_UNIT}|年)){{0,3}}"
# Dashes of every width and the wave dash; 至 and 到 as in 2至3个.
_SEP: Final = "[-~—–―〜至到]"
#: A number with its unit, or a range of two, then an optional word after it.
_QUANTITY: Final = (
    rf"(?:(?P<pw>{_PCT_ALT}){_SP}(?P<n1p>{_NUM})|(?P<n1>{_NUM})(?:{_SP}(?P<u1>{_UNIT}))?)"
    rf"(?:{_SP}(?P<sep>{_SEP}){_SP}"
    rf"(?:(?P<pw2>{_PCT_ALT}){_SP}(?P<n2p>{_NUM})|(?P<n2>{_NUM}){_SP}(?P<u2>{_UNIT})))?"
    rf"(?:{_SP}(?P<post>{_POSTFIX_ALT}))?"
)
_PLAIN: Final = (
    rf"(?P<cum1>累计{_SP})?(?:(?P<pre>{_PREFIX_ALT}){_SP})?(?P<cum2>累计{_SP})?"
    rf"(?:(?P<about>{_ABOUT_ALT}){_SP})?(?P<neg>(?<![\d.])[-−](?=\d))?{_QUANTITY}"
)
_ANNUAL: Final = (
    rf"(?:年均|年平均|平均每年|每年平均){_SP}(?:增长率|增长速度|增长|增速|增幅|递增){_SP}"
    rf"(?:(?P<pre>{_PREFIX_ALT}){_SP})?(?:(?P<about>{_ABOUT_ALT}){_SP})?{_QUANTITY}"
)
#: Words of a fall by a share (比2017年降低20%): the value is to be at most 80%.
_REDUCE_WORDS: Final = ("降低", "下降", "减少", "压缩", "减少了", "降低了", "下降了")
_REDUCE_ALT: Final = _alternation(_REDUCE_WORDS)
#: A number in a 分别 list: no thousands comma, which would join two items.
_LIST_NUM: Final = rf"(?:(?<![\d.])\d{{1,18}}(?:\.\d{{1,12}})?(?![\d,])|{_CHINESE})"
_LIST_ITEM: Final = rf"(?P<number>{_LIST_NUM})(?:{_SP}(?P<unit>{_UNIT}))?"
_LIST_ITEM_UNNAMED: Final = rf"{_LIST_NUM}(?:{_SP}(?:{_UNIT}))?"
_LIST_SEP: Final = r"[、,，和与及]"
#: 甲和乙分别达到300、500家: one target for each subject, in order.
_LIST: Final = (
    rf"分别{_SP}(?:(?P<pre>{_PREFIX_ALT}){_SP})?(?:(?P<about>{_ABOUT_ALT}){_SP})?"
    rf"(?P<items>{_LIST_ITEM_UNNAMED}(?:{_SP}{_LIST_SEP}{_SP}(?:(?:{_PREFIX_ALT}){_SP})?"
    rf"{_LIST_ITEM_UNNAMED}){{1,9}})(?:{_SP}(?P<post>{_POSTFIX_ALT}))?"
)
_MULTIPLE: Final = (
    rf"(?:(?:比|较){_SP}(?P<base>\d{{4}}){_SP}年(?:底|末)?{_SP})?"
    rf"(?:(?P<pre>{_PREFIX_ALT}){_SP})?"
    rf"(?:翻{_SP}(?P<fan>{_NUM}){_SP}番"
    rf"|(?P<way>增长|增加|提高|提升|{_REDUCE_ALT}){_SP}(?:(?P<pre2>{_PREFIX_ALT}){_SP})?"
    rf"(?:(?P<about>{_ABOUT_ALT}){_SP})?"
    rf"(?:(?P<bei>{_NUM}){_SP}倍|(?P<pct>{_NUM}){_SP}%|百分之{_SP}(?P<pctw>{_NUM})"
    rf"|(?P<pp>{_NUM}){_SP}个?百分点))"
    rf"(?:{_SP}(?P<post>{_POSTFIX_ALT}))?"
)
_TIMES: Final = (
    rf"(?:是|为|达到){_SP}(?P<base>\d{{4}}){_SP}年(?:底|末)?的{_SP}(?P<times>{_NUM}){_SP}倍"
    rf"(?:{_SP}(?P<post>{_POSTFIX_ALT}))?"
)
#: Words that promise a number; used only to explain why a phrase failed.
_EXPECTS_NUMBER: Final = rf"(?:{_PREFIX_ALT}|年均增长率|年均增长|增长|增加|提高|提升|百分之|千分之|翻)(?:{_SP}累计)?(?:{_SP}(?:{_ABOUT_ALT}))?{_SP}"
_YEAR: Final = re.compile(r"(?:到|至|截至|截止到|截止)[ \t]{0,3}(?P<year>\d{4})[ \t]{0,3}年")
_LEADING_YEAR: Final = re.compile(
    r"^(?:到|至|截至|截止到|截止)?[ \t]{0,3}\d{4}[ \t]{0,3}年(?:底|末)?(?:前)?[ \t]{0,3}"
)
_HEADING: Final = re.compile(
    r"^[ \t]{0,8}(?:(?P<l1>[一二三四五六七八九十]{1,3})、"
    r"|\((?P<l2>[一二三四五六七八九十]{1,3})\)"
    r"|(?P<l3>\d{1,3})[.、](?!\d)"
    r"|(?P<annex>附件)[ \t]{0,8}$)",
    re.MULTILINE,
)


@attrs.frozen
class Growth:
    """A growth target: a yearly rate, or a multiple of a base year's value.

    Attributes:
        kind: ``"annual_rate"`` for 年均增长8%以上, ``"multiple"`` for
            比2017年翻一番, 增长1倍 and 降低20%, or ``"change"`` for a change
            in percentage points (提高5个百分点).
        rate_or_factor: For ``"annual_rate"`` the rate in percent (8); for
            ``"multiple"`` the factor over the base value (翻一番 2, 翻两番 4,
            增长1倍 2, 比2017年增长20% 1.2, 降低20% 0.8); for ``"change"``
            the change in percentage points (5, or -2 for 降低2个百分点).
        base_year: The year the multiple is measured from (比2017年), else ``None``.
        comparator: How the growth is judged; :attr:`Comparator.AT_LEAST` when
            the text says no more than the figure.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(("annual_rate", "multiple", "change")))
    rate_or_factor: Decimal
    base_year: int | None
    comparator: Comparator


@attrs.frozen
class ParsedTarget:
    """A target read from Chinese text.

    Attributes:
        indicator_zh: What is measured: the words before the target's verb in
            the same clause, full-width forms folded (``企业科技经费投入强度``);
            ``""`` when the clause starts with the target.
        comparator: How an observed value is judged against :attr:`value`;
            ``None`` for a growth target, whose comparator is in :attr:`growth`.
        value: The figure, exact; the lower end of a range; for a growth, the
            rate or factor.
        upper: The upper end of a range, else ``None``.
        unit_text: The unit as written, folded and without spaces (``%``,
            ``亿元``, ``万元/人``, ``件``); 万, 亿 and 万亿 belong to the unit
            (6万人 is 6 ``万人``); ``%`` for 百分之; ``""`` for a multiple.
        span: Where the target (from its verb or number to its last word)
            stands in the text that was read.
        text: The target as written, ``text[span[0]:span[1]]``.
        growth: The growth stated, or ``None`` for a level target.
        year: The year by which it is to be reached (到2022年), where known.
    """

    indicator_zh: str
    comparator: Comparator | None
    value: Decimal
    upper: Decimal | None
    unit_text: str
    span: tuple[int, int]
    text: str
    growth: Growth | None = None
    year: int | None = None

    @property
    def quantity(self) -> Quantity | None:
        """The value as a new quantity, or ``None`` if the unit is not in the registry (岁)."""
        try:
            unit = parse_unit(self.unit_text)
        except PlanDataError:
            return None
        return Q_(float(self.value), unit)


@attrs.frozen
class FoundTarget:
    """A target found in a longer text, with where it stands.

    Attributes:
        target: The target read.
        start: Where it starts in the text (``target.span[0]``).
        end: Where it ends (``target.span[1]``).
        section: The section path in the text's own numbering: ``一(三)`` for
            part 一, section (三); ``二(五)14`` for task 14 of action (五);
            ``附件`` for the annex; ``""`` before the first heading.
    """

    target: ParsedTarget
    start: int
    end: int
    section: str


@attrs.frozen
class _Reading:
    start: int
    end: int
    comparator: Comparator | None
    value: Decimal
    upper: Decimal | None
    unit: str
    growth: Growth | None = None
    #: The subject, where the reading knows it (an item of a 分别 list).
    indicator: str | None = None
    #: Where the phrase read ends, when it reaches past this reading (a 分别 list).
    phrase_end: int | None = None


@attrs.frozen
class _Failure:
    position: int
    reason: str
    #: The text had a comparator or growth word, so it was meant as a target.
    committed: bool


_Outcome: TypeAlias = _Reading | _Failure | tuple[_Reading, ...]


def parse_target(text: str, *, year: int | None = None) -> ParsedTarget:
    """Read the one target stated in a phrase.

    Words around the target are allowed (``初步形成2-3个…产业集群``); the
    phrase must hold exactly one target.

    Args:
        text: The phrase, e.g. ``企业利润率提高到10%以上``.
        year: The year of the target; by default the year named in the phrase
            before the target (``到2022年``), else ``None``.

    Returns:
        The target; its span points into ``text``.

    Raises:
        PlanDataError: if no target can be read, or more than one is stated;
            the message and the problem's column give the character where
            reading stopped.

    Example:
        >>> target = parse_target("企业利润率提高到10%以上")
        >>> target.indicator_zh, target.comparator.value, target.value, target.unit_text
        ('企业利润率', 'at_least', Decimal('10'), '%')
    """
    text = instance(text, str, "text")
    folded = _fold(text)
    readings, failures = _read(folded)
    if len(readings) > 1:
        raise _error(text, readings[1].start, "found a second target; give one phrase at a time")
    if readings:
        reading = readings[0]
        if year is None:
            year = _last_year(folded, reading.start)
        return _finish(reading, text, folded, 0, year)
    position, reason = _diagnose(folded, failures)
    raise _error(text, position, reason)


def find_targets(text: str) -> tuple[FoundTarget, ...]:
    """Find every target stated in a text, with the section it stands in.

    A number with a unit is a target only when a comparator says how to judge
    it (达到, 超过, …以上, …左右, a range) or it is a growth (年均增长8%,
    翻一番); figures that merely describe (一区十六园) are skipped.  The work
    is linear in the length of the text.

    Args:
        text: A document such as the plan's ``source.txt``.  Headings at the
            start of a line (``一、``, ``(三)``, ``14.``, ``附件``) give sections.

    Returns:
        The targets in text order.  Each target's year is the last ``到YYYY年``
        before it within its section or an enclosing one.
    """
    return read_targets(text)[0]


def read_targets(text: str) -> tuple[tuple[FoundTarget, ...], tuple[Problem, ...]]:
    """Find every target of a text, and every phrase that states one but cannot be read.

    A phrase with a comparator or growth word that does not read as a target
    (``超过1,000家``: an ambiguous separator; ``达到30岁``: … ) is reported
    rather than dropped without a word.

    Returns:
        The targets, as :func:`find_targets` returns them, and one
        :class:`~zgc_plan.exceptions.Problem` for each phrase that could not be
        read, with its line and column and the reason.
    """
    text = instance(text, str, "text")
    folded = _fold(text)
    readings, failures = _read(folded)
    headings = _headings(folded)
    starts = [position for position, _ in headings]
    years = [
        (match.start(), int(match["year"]), _section_at(headings, starts, match.start()))
        for match in _YEAR.finditer(folded)
    ]
    found = []
    previous_end = 0
    # The latest year stated so far in each section; a reading takes the latest
    # among its own section and the sections enclosing it (at most 8 of them).
    latest: dict[_Section, tuple[int, int]] = {}
    next_year = 0
    for reading in readings:
        while next_year < len(years) and years[next_year][0] < reading.start:
            position, stated, where = years[next_year]
            latest[where] = (position, stated)
            next_year += 1
        section = _section_at(headings, starts, reading.start)
        best: tuple[int, int] | None = None
        for outer in _enclosing(section):
            candidate = latest.get(outer)
            if candidate is not None and (best is None or candidate > best):
                best = candidate
        year = best[1] if best is not None else None
        target = _finish(reading, text, folded, previous_end, year)
        found.append(FoundTarget(target, reading.start, reading.end, _section_text(section)))
        previous_end = reading.end
    # Several readers may fail at one place; the first reason there is reported.
    first_at: dict[int, _Failure] = {}
    for failure in failures:
        if failure.committed:
            first_at.setdefault(failure.position, failure)
    unread = tuple(_unread(text, first_at[position]) for position in sorted(first_at))
    return tuple(found), unread


def _unread(text: str, failure: _Failure) -> Problem:
    line = text.count("\n", 0, failure.position) + 1
    column = failure.position - (text.rfind("\n", 0, failure.position) + 1) + 1
    rest = text[failure.position : failure.position + 20].split("\n", 1)[0]
    return Problem(
        "", f"cannot read a target: {failure.reason}; found {excerpt(rest, 20)}", line, column
    )


@functools.lru_cache(maxsize=1024)
def _enclosing(section: _Section) -> tuple[_Section, ...]:
    """The section and every section that encloses it (levels left empty)."""
    part, action, item = section
    return tuple({(p, a, i): None for p in (part, "") for a in (action, "") for i in (item, "")})


def _fold(text: str) -> str:
    folded = normalize_text(text)
    if len(folded) == len(text):
        # The full-width comma stays: 300，500家 is two numbers, never 300,500.
        return (
            folded
            if "，" not in text
            else "".join(
                char if char == "，" else fold for char, fold in zip(text, folded, strict=True)
            )
        )
    # Positions must stay valid in the original text, so fold char by char
    # and keep any character whose fold is not a single character.
    return "".join(
        fold if len(fold := normalize_text(char)) == 1 and char != "，" else char for char in text
    )


def _read(folded: str) -> tuple[list[_Reading], list[_Failure]]:
    readings: list[_Reading] = []
    failures: list[_Failure] = []
    for pattern, reader in _READERS:
        for match in _compile(pattern).finditer(folded):
            outcome = reader(match)
            if isinstance(outcome, _Reading):
                readings.append(outcome)
            elif isinstance(outcome, tuple):
                readings.extend(outcome)
            else:
                failures.append(outcome)
    # Growths are read before plain figures; the earliest, then longest,
    # reading wins an overlap, so 年均增长8%以上 is not also "8%以上".
    readings.sort(key=lambda reading: (reading.start, reading.start - reading.end))
    kept: list[_Reading] = []
    for reading in readings:
        if not kept or reading.start >= kept[-1].end:
            kept.append(reading)
    # A failure inside a reading is a part of the text read another way.
    starts = [reading.start for reading in kept]
    ends = list(itertools.accumulate((r.phrase_end or r.end for r in kept), max))
    failures = [
        failure
        for failure in failures
        if (index := bisect.bisect_right(starts, failure.position) - 1) < 0
        or failure.position >= ends[index]
    ]
    return kept, failures


def _finish(
    reading: _Reading, text: str, folded: str, floor: int, year: int | None
) -> ParsedTarget:
    return ParsedTarget(
        indicator_zh=(
            reading.indicator
            if reading.indicator is not None
            else _indicator(folded, reading.start, floor)
        ),
        comparator=reading.comparator,
        value=reading.value,
        upper=reading.upper,
        unit_text=reading.unit,
        span=(reading.start, reading.end),
        text=text[reading.start : reading.end],
        growth=reading.growth,
        year=year,
    )


def _indicator(folded: str, end: int, floor: int) -> str:
    start = end
    limit = max(floor, end - _INDICATOR_MAX)
    while start > limit and not _is_boundary(folded, start - 1):
        start -= 1
    words = folded[start:end].strip().lstrip("、")
    return _LEADING_YEAR.sub("", words).strip()


def _is_boundary(folded: str, index: int) -> bool:
    char = folded[index]
    if char == ".":
        # A point between digits is a decimal point; elsewhere it ends a heading (14.).
        return not (
            0 < index < len(folded) - 1
            and folded[index - 1].isdigit()
            and folded[index + 1].isdigit()
        )
    return char in _BOUNDARIES


def _last_year(folded: str, before: int) -> int | None:
    year = None
    for match in _YEAR.finditer(folded, 0, before):
        year = int(match["year"])
    return year


# -- reading one match --------------------------------------------------------


def _number(match: re.Match[str], group: str, committed: bool) -> Decimal | _Failure:
    return _read_written(match[group], match.start(group), committed)


def _read_written(written: str, position: int, committed: bool) -> Decimal | _Failure:
    if written.isascii() and written.isdigit():
        return Decimal(written)  # the common case, which the number reader would read alike
    if written[0].isascii():
        # The number reader of every input: 1,020 is ambiguous, 1,020,000 is not.
        try:
            return Decimal(read_number(written))
        except ValueError as error:
            return _Failure(position, str(error), committed)
    try:
        return Decimal(parse_chinese_number(written))
    except ValueError:
        return _Failure(position, f"cannot read the numeral {written!r}", committed)


def _quantity(
    match: re.Match[str], number: str, unit: str, percent: str, percent_number: str, committed: bool
) -> tuple[Decimal, str | None] | _Failure:
    """Read one number with its unit, from a 百分之 form or a number-unit form."""
    if match[percent]:
        value = _number(match, percent_number, committed)
        if isinstance(value, _Failure):
            return value
        return value, _PERCENT_WORDS[match[percent]]
    written_unit = _unit_text(match[unit])
    written = match[number]
    if written_unit is not None and not written[0].isascii():
        # 二十万人 is 20 万人 as 20万人 is: move a trailing multiplier to the unit.
        split = _split_multiplier(written, written_unit)
        if split is not None:
            return split
    value = _number(match, number, committed)
    if isinstance(value, _Failure):
        return value
    return value, written_unit


def _split_multiplier(numeral: str, unit: str) -> tuple[Decimal, str] | None:
    if unit in {"%", "‰"} or unit.startswith(_MULTIPLIERS):
        return None
    heads = [
        (numeral[: -len(multiplier)], multiplier + unit)
        for multiplier in _MULTIPLIERS
        if numeral.endswith(multiplier) and len(numeral) > len(multiplier)
    ]
    # A head without 万 or 亿 splits as the Arabic form does (二十|万人 like
    # 20|万人); otherwise the numeral stays whole if it reads (一亿二千万|元),
    # and a numeral that only reads split is split (十万|万元/人).
    for head, with_multiplier in heads:
        if not any(char in _BIG_CHARS for char in head):
            return _split(head, with_multiplier)
    try:
        parse_chinese_number(numeral)
    except ValueError:
        for head, with_multiplier in heads:
            split = _split(head, with_multiplier)
            if split is not None:
                return split
    return None


def _split(head: str, unit: str) -> tuple[Decimal, str] | None:
    try:
        return Decimal(parse_chinese_number(head)), unit
    except ValueError:
        return None


def _unit_text(written: str | None) -> str | None:
    """The unit as the registry reads it: 每 is "/", 个百分点 is 百分点."""
    if written is None:
        return None
    return "".join(written.split()).replace("每", "/").replace("个百分点", "百分点")


def _resolve(
    match: re.Match[str], pre: str | None, default: Comparator | None, committed: bool
) -> Comparator | _Failure | None:
    """Combine the words before and after a number into one comparator.

    约 or 左右 make any target ABOUT (达到500家左右).  Otherwise the word
    before the number is the more precise one (超过50家以上 excludes 50, as
    超过 does), but a word after it may not point the other way (不低于5%以下).
    """
    post = match["post"]
    before = _PREFIXES[pre] if pre else None
    after = _POSTFIXES[post] if post else None
    if match["about"] or after is _ABOUT:
        return _ABOUT
    if before is not None and after is not None and _sense(before) != _sense(after):
        return _Failure(
            match.start("post"),
            f"{post!r} contradicts {pre!r} before the number",
            committed,
        )
    return before or after or default


def _sense(comparator: Comparator) -> int:
    if comparator in (_AT_LEAST, _MORE_THAN):
        return 1
    if comparator in (_AT_MOST, _LESS_THAN):
        return -1
    return 0


def _range_or_single(
    match: re.Match[str], committed: bool
) -> tuple[Decimal, Decimal | None, str | None] | _Failure:
    first = _quantity(match, "n1", "u1", "pw", "n1p", committed)
    if isinstance(first, _Failure):
        return first
    low, unit = first
    if not match["sep"]:
        return low, None, unit
    second = _quantity(match, "n2", "u2", "pw2", "n2p", committed)
    if isinstance(second, _Failure):
        return second
    high, upper_unit = second
    upper_at = match.start("n2p") if match["pw2"] else match.start("u2")
    if unit is not None and unit != upper_unit:
        return _Failure(upper_at, f"the range has two units, {unit!r} and {upper_unit!r}", True)
    if high < low:
        where = match.start("n2p") if match["pw2"] else match.start("n2")
        return _Failure(where, f"the range falls: {high} is below {low}", True)
    return low, high, upper_unit


def _after_number(match: re.Match[str]) -> int:
    end = match.end("n1p") if match["pw"] else match.end("n1")
    # Point past the spaces, at the word that is not a unit.
    while end < len(match.string) and match.string[end] in " \t":
        end += 1
    return end


def _apart_from(match: re.Match[str]) -> bool:
    """Whether a figure ending in 以外 stands in 除…以外 ("apart from")."""
    if match["post"] != "以外":
        return False
    clause = match.string[max(0, match.start() - _INDICATOR_MAX) : match.start()]
    for index in range(len(clause) - 1, -1, -1):
        if clause[index] in _BOUNDARIES:
            clause = clause[index + 1 :]
            break
    return match["post"] == "以外" and "除" in clause


def _read_plain(match: re.Match[str]) -> _Outcome:
    if _apart_from(match):
        return _Failure(match.start(), "除…以外 means 'apart from': no target", committed=False)
    pre = match["pre"]
    committed = any(match[name] for name in ("pre", "about", "post", "sep", "cum1", "cum2"))
    quantity = _range_or_single(match, committed)
    if isinstance(quantity, _Failure):
        return quantity
    low, high, unit = quantity
    if match["neg"]:
        if not pre:
            return _Failure(match.start("neg"), "a signed figure needs a comparator", committed)
        low = -low
    if unit is None:
        return _Failure(_after_number(match), "expected a unit after the number", committed)
    if high is not None:
        return _Reading(match.start(), match.end(), _BETWEEN, low, high, unit)
    comparator = _resolve(match, pre, None, committed)
    if isinstance(comparator, _Failure):
        return comparator
    if comparator is None:
        return _Failure(
            match.end(),
            "expected a comparator (达到, 超过, 不超过, …以上, …左右) for the figure",
            committed,
        )
    return _Reading(match.start(), match.end(), comparator, low, None, unit)


def _read_annual(match: re.Match[str]) -> _Outcome:
    quantity = _range_or_single(match, True)
    if isinstance(quantity, _Failure):
        return quantity
    low, high, unit = quantity
    if unit != "%":
        where = match.start("u1") if match["u1"] else _after_number(match)
        return _Failure(where, "expected % after a yearly growth rate", True)
    comparator = _BETWEEN if high is not None else _resolve(match, match["pre"], _AT_LEAST, True)
    if isinstance(comparator, _Failure):
        return comparator
    growth = Growth("annual_rate", low, None, comparator or _AT_LEAST)
    return _Reading(match.start(), match.end(), None, low, high, "%", growth)


_FLIPPED: Final = MappingProxyType(
    {_AT_LEAST: _AT_MOST, _AT_MOST: _AT_LEAST, _MORE_THAN: _LESS_THAN, _LESS_THAN: _MORE_THAN}
)


def _read_multiple(match: re.Match[str]) -> _Outcome:
    base = int(match["base"]) if match["base"] else None
    reduce = match["way"] in _REDUCE_WORDS
    if reduce and (match["bei"] or match["fan"]):  # 降低1倍 says nothing measurable
        return _Failure(match.start("way"), f"{match['way']} a multiple is not a target", True)
    if match["pp"]:
        points = _number(match, "pp", True)
        if isinstance(points, _Failure):
            return points
        comparator = _resolve(match, match["pre2"] or match["pre"], _AT_LEAST, True)
        if isinstance(comparator, _Failure):
            return comparator
        comparator = comparator or _AT_LEAST
        if reduce:
            points, comparator = -points, _FLIPPED.get(comparator, comparator)
        change = Growth("change", points, base, comparator)
        return _Reading(match.start(), match.end(), None, points, None, "百分点", change)
    if match["fan"]:
        doublings = _number(match, "fan", True)
        if isinstance(doublings, _Failure):
            return doublings
        if doublings != doublings.to_integral_value() or not 1 <= doublings <= _FAN_MAX:
            return _Failure(match.start("fan"), f"cannot double {doublings} times (翻N番)", True)
        factor = Decimal(2) ** int(doublings)
    elif match["bei"]:
        increase = _number(match, "bei", True)
        if isinstance(increase, _Failure):
            return increase
        factor = increase + 1
    else:
        group = "pct" if match["pct"] else "pctw"
        percent = _number(match, group, True)
        if isinstance(percent, _Failure):
            return percent
        factor = 1 - percent / 100 if reduce else 1 + percent / 100
        if factor <= 0:
            return _Failure(match.start(group), f"cannot fall by {percent}%", True)
    comparator = _resolve(match, match["pre2"] or match["pre"], _AT_LEAST, True)
    if isinstance(comparator, _Failure):
        return comparator
    comparator = comparator or _AT_LEAST
    if reduce:
        # 降低20%以上: a fall of at least 20%, so a value of at most 0.8 times the base.
        comparator = _FLIPPED.get(comparator, comparator)
    growth = Growth("multiple", factor, base, comparator)
    return _Reading(match.start(), match.end(), None, factor, None, "", growth)


def _read_times(match: re.Match[str]) -> _Outcome:
    factor = _number(match, "times", True)
    if isinstance(factor, _Failure):
        return factor
    post = match["post"]
    comparator = _POSTFIXES[post] if post else _AT_LEAST
    growth = Growth("multiple", factor, int(match["base"]), comparator)
    return _Reading(match.start(), match.end(), None, factor, None, "", growth)


def _read_list(match: re.Match[str]) -> _Outcome:
    """Read 甲和乙分别达到300、500家 as one target for each subject."""
    comparator = _resolve(match, match["pre"], None, True)
    if isinstance(comparator, _Failure):
        return comparator
    if comparator is None:
        return _Failure(match.end(), "expected a comparator (达到, 超过, …以上) for the list", True)
    item_pattern = _compile(_LIST_ITEM)
    offset = match.start("items")
    items: list[tuple[int, int, Decimal, str | None]] = []
    for item in item_pattern.finditer(match["items"]):
        value = _read_written(item["number"], offset + item.start("number"), True)
        if isinstance(value, _Failure):
            return value
        items.append((offset + item.start(), offset + item.end(), value, _unit_text(item["unit"])))
    # 300、500家: an item without a unit takes the unit of the next one that has one.
    units: list[str] = []
    following: str | None = None
    for _, end, _, unit in reversed(items):
        following = unit or following
        if following is None:
            return _Failure(end, "expected a unit after the last number of the list", True)
        units.append(following)
    units.reverse()
    subjects = _list_subjects(match)
    readings = []
    for index, ((start, end, value, _), unit) in enumerate(zip(items, units, strict=True)):
        first, last = index == 0, index == len(items) - 1
        readings.append(
            _Reading(
                match.start() if first else start,
                match.end() if last else end,
                comparator,
                value,
                None,
                unit,
                indicator=subjects[index] if len(subjects) == len(items) else None,
                phrase_end=match.end(),
            )
        )
    return tuple(readings)


def _list_subjects(match: re.Match[str]) -> list[str]:
    """The subjects before 分别 (甲和乙, 甲、乙), or ``[]`` if there is no clause before it."""
    clause = match.string[max(0, match.start() - _INDICATOR_MAX) : match.start()]
    for index in range(len(clause) - 1, -1, -1):
        if clause[index] in _BOUNDARIES:
            clause = clause[index + 1 :]
            break
    clause = _LEADING_YEAR.sub("", clause.strip())
    return [part.strip() for part in re.split(_LIST_SEP, clause) if part.strip()]


_READERS: Final[tuple[tuple[str, Callable[[re.Match[str]], _Outcome]], ...]] = (
    (_LIST, _read_list),
    (_ANNUAL, _read_annual),
    (_MULTIPLE, _read_multiple),
    (_TIMES, _read_times),
    (_PLAIN, _read_plain),
)


# -- errors -------------------------------------------------------------------


def _diagnose(folded: str, failures: list[_Failure]) -> tuple[int, str]:
    committed = [failure for failure in failures if failure.committed]
    if committed:
        failure = max(committed, key=lambda failure: failure.position)
        return failure.position, failure.reason
    promise = _compile(_EXPECTS_NUMBER).search(folded)
    if promise is not None:
        return promise.end(), f"expected a number after {promise[0].strip()!r}"
    if failures:
        failure = max(failures, key=lambda failure: failure.position)
        return failure.position, failure.reason
    return len(folded), "found no number"


def _error(text: str, position: int, reason: str) -> PlanDataError:
    column = position + 1
    rest = text[position : position + 12]
    found = f"found {rest + ('…' if len(text) > position + 12 else '')!r}" if rest else "at the end"
    message = f"cannot read a target at column {column}: {reason}; {found} in {excerpt(text, 200)}"
    return PlanDataError(
        (Problem(path="", message=message, line=None, column=column),), source="<phrase>"
    )


# -- sections -----------------------------------------------------------------

_Section: TypeAlias = tuple[str, str, str]


def _headings(folded: str) -> list[tuple[int, _Section]]:
    headings: list[tuple[int, _Section]] = []
    part = action = item = ""
    for match in _HEADING.finditer(folded):
        if match["annex"]:
            part, action, item = "附件", "", ""
        elif match["l1"]:
            part, action, item = match["l1"], "", ""
        elif match["l2"]:
            action, item = match["l2"], ""
        else:
            item = match["l3"]
        headings.append((match.start(), (part, action, item)))
    return headings


def _section_at(headings: list[tuple[int, _Section]], starts: list[int], position: int) -> _Section:
    index = bisect.bisect_right(starts, position) - 1
    return headings[index][1] if index >= 0 else ("", "", "")


def _section_text(section: _Section) -> str:
    part, action, item = section
    return part + (f"({action})" if action else "") + item
