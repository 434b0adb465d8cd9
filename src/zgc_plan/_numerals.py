"""Chinese numerals: reading ``三千五百`` as 3500 and writing 3500 as ``三千五百``.

Both the everyday digits (一二三 … 十百千万亿, 两, 〇) and the financial
capitals (壹贰叁 … 拾佰仟) are read.  Writing uses the everyday digits only.
"""

from __future__ import annotations

import re
from decimal import Decimal
from types import MappingProxyType
from typing import Final

__all__ = [
    "CHINESE_QUANTITY",
    "DIGIT_CHARS",
    "LEADING_CHARS",
    "NUMERAL_CHARS",
    "parse_chinese_number",
    "to_chinese_number",
]

_DIGITS: Final = MappingProxyType(
    {
        "零": 0, "〇": 0,
        "一": 1, "壹": 1,
        "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
        "三": 3, "叁": 3, "參": 3,
        "四": 4, "肆": 4,
        "五": 5, "伍": 5,
        "六": 6, "陆": 6, "陸": 6,
        "七": 7, "柒": 7,
        "八": 8, "捌": 8,
        "九": 9, "玖": 9,
    }
)  # fmt: skip
_SMALL_UNITS: Final = MappingProxyType(
    {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
)
_ZEROS: Final = frozenset("零〇")
_TEN: Final = frozenset("十拾")
_WAN: Final = frozenset("万萬")
_YI: Final = frozenset("亿億")

#: The digit characters (零〇一二两三 … 玖), in no particular order.
DIGIT_CHARS: Final = "".join(_DIGITS)
#: The characters a numeral may start with: a digit, or 十 for 十六 (16).
LEADING_CHARS: Final = DIGIT_CHARS + "".join(_TEN)
#: Every character a numeral may hold, except the decimal point 点.
NUMERAL_CHARS: Final = DIGIT_CHARS + "".join(_SMALL_UNITS) + "".join(_WAN) + "".join(_YI)

_RENDER_DIGITS: Final = "零一二三四五六七八九"
_RENDER_UNITS: Final = ("千", "百", "十", "")


def parse_chinese_number(text: str) -> int | Decimal:
    """Read a number written in Chinese numerals.

    Canonical forms (``一万零五``), the abbreviated forms of speech
    (``三千五`` for 3500, ``一万五`` for 15000), digit-by-digit forms
    (``二〇一八``) and decimals with 点 (``零点零六五``) are read.

    Args:
        text: The numeral, without a unit; surrounding spaces are ignored.

    Returns:
        An :class:`int`, or a :class:`~decimal.Decimal` when the numeral has a
        fractional part.

    Raises:
        ValueError: if ``text`` is not a well-formed Chinese numeral.

    Example:
        >>> parse_chinese_number("一百二十"), parse_chinese_number("两")
        (120, 2)
        >>> parse_chinese_number("零点零六五")
        Decimal('0.065')
    """
    numeral = text.strip()
    whole, point, fraction = numeral.partition("点")
    try:
        value = _integer(whole)
        if not point:
            return value
        # 两 counts things ("两个"); a digit after the point is read, not counted.
        if not fraction or any(char not in _DIGITS or char in "两兩" for char in fraction):
            raise ValueError("bad fractional part")
        return Decimal(f"{value}." + "".join(str(_DIGITS[char]) for char in fraction))
    except ValueError:
        raise ValueError(f"not a Chinese numeral: {text!r}") from None


def _integer(text: str) -> int:
    if not text or any(
        char not in _DIGITS and char not in _SMALL_UNITS and char not in _WAN | _YI for char in text
    ):
        raise ValueError(text)
    if len(text) > 1 and all(char in _DIGITS for char in text):
        # Digit by digit, as years are written: 二〇一八.
        return int("".join(str(_DIGITS[char]) for char in text))
    for index in range(len(text) - 1, -1, -1):
        if text[index] in _YI:
            # The last 亿 splits the number, so 一万亿 is (一万) × 亿.
            high, low = text[:index], text[index + 1 :]
            return _integer(high) * 10**8 + _lower_part(low, 10**8)
    return _below_1e8(text)


def _lower_part(text: str, scale: int) -> int:
    """Read what follows 万 or 亿; a lone digit there is abbreviated (一万五 = 15000)."""
    if not text:
        return 0
    if len(text) == 1 and text in _DIGITS and text not in _ZEROS:
        return _DIGITS[text] * scale // 10
    return _below_1e8(text) if scale > 10**4 else _below_1e4(text)


def _below_1e8(text: str) -> int:
    wan = [index for index, char in enumerate(text) if char in _WAN]
    if len(wan) > 1:
        raise ValueError(text)
    if not wan:
        return _below_1e4(text)
    high, low = text[: wan[0]], text[wan[0] + 1 :]
    if not high:
        raise ValueError(text)
    return _below_1e4(high) * 10**4 + _lower_part(low, 10**4)


def _below_1e4(text: str) -> int:
    if not text:
        raise ValueError(text)
    total = 0
    last_unit = 10**4  # units must fall: 千 before 百 before 十
    pending: int | None = None
    zero_after_unit = False
    for char in text:
        if char in _ZEROS:
            if pending is not None:
                raise ValueError(text)
            zero_after_unit = True
        elif char in _DIGITS:
            if pending is not None:
                raise ValueError(text)
            pending = _DIGITS[char]
        elif char in _SMALL_UNITS:
            unit = _SMALL_UNITS[char]
            if unit >= last_unit:
                raise ValueError(text)
            if pending is None:
                # Only 十 may stand without its digit: 十六, 一百十.
                if char not in _TEN:
                    raise ValueError(text)
                pending = 1
            total += pending * unit
            last_unit, pending, zero_after_unit = unit, None, False
        else:
            raise ValueError(text)
    if pending is not None:
        if last_unit in (100, 1000) and not zero_after_unit:
            # Speech drops the last unit: 三千五 is 3500, 一百五 is 150.
            total += pending * last_unit // 10
        else:
            total += pending
    elif zero_after_unit and total == 0 and text not in _ZEROS:
        raise ValueError(text)
    return total


def to_chinese_number(n: int) -> str:
    """Write a non-negative integer in everyday Chinese numerals.

    The output is the canonical written form (``一万零五``, ``十六``,
    ``一百一十``), which :func:`parse_chinese_number` reads back.

    Raises:
        TypeError: if ``n`` is not an :class:`int`.
        ValueError: if ``n`` is negative.

    Example:
        >>> to_chinese_number(12000), to_chinese_number(16)
        ('一万二千', '十六')
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {n!r}")
    if n < 0:
        raise ValueError(f"cannot write a negative number in Chinese numerals: {n}")
    if n == 0:
        return "零"
    text = _render(n)
    # 一十 is written 十 only at the head of a number (十六, 十万), not inside (一百一十).
    return text[1:] if text.startswith("一十") else text


def _render(n: int) -> str:
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        text = _render(high) + "亿"
        if low:
            text += ("零" if low < 10**7 else "") + _render_below_1e8(low)
        return text
    return _render_below_1e8(n)


def _render_below_1e8(n: int) -> str:
    high, low = divmod(n, 10**4)
    if not high:
        return _render_section(low)
    text = _render_section(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _render_section(low)
    return text


def _render_section(n: int) -> str:
    digits = (n // 1000, n // 100 % 10, n // 10 % 10, n % 10)
    parts: list[str] = []
    gap = False
    for digit, unit in zip(digits, _RENDER_UNITS, strict=True):
        if digit == 0:
            gap = bool(parts)
            continue
        if gap:
            parts.append("零")
            gap = False
        parts.append(_RENDER_DIGITS[digit] + unit)
    return "".join(parts)


#: The number at the start of a quantity written in Chinese numerals
#: (``十六园``, ``百分之六``), as read by :func:`zgc_plan.parse_quantity`.
CHINESE_QUANTITY: Final = re.compile(
    r"\s*(?P<percent>百分之)?(?P<number>[零〇一二两三四五六七八九十百千万亿]+)\s*"
)
