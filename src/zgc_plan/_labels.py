"""Enumerations whose members carry their words in Chinese and English.

A member is written ``NAME = "value", "中文", "English words"``.  Its value is
the first string alone, so files, JSON, ``Enum("value")`` and pickles see only
that; the words are :attr:`~Labelled.label_zh` and :attr:`~Labelled.label_en`.
Writing the three together keeps a new member from lacking a translation.

An enumeration whose members carry more (a comparator's sign, a status's rank)
writes it between the value and the words, ``AT_LEAST = "at_least", "≥", "以上",
"at least"``, and takes it in its own ``__init__``: whatever a member is, it is
declared on one line.
"""

from __future__ import annotations

import enum
from typing import Self

__all__ = ["Labelled"]


class Labelled(enum.Enum):
    """An enumeration of words with a Chinese and an English label each.

    Attributes:
        label_zh: The member in Chinese.
        label_en: The member in English words.
    """

    _value_: str
    label_zh: str
    label_en: str

    # The words are optional in the signature only so that ``Status("met")``,
    # which looks a member up by its value, type-checks: every member has both
    # labels, last; a subclass's ``__init__`` takes what stands before them.
    def __new__(cls, value: str, *words: object) -> Self:
        member = object.__new__(cls)
        member._value_ = value
        *_, chinese, english = words
        member.label_zh, member.label_en = str(chinese), str(english)
        return member

    @property
    def value(self) -> str:
        """The member as files and JSON write it (``"not_met"``)."""
        return self._value_
