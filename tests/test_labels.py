"""Enumerations whose members carry their Chinese and English words (``_labels``)."""

from __future__ import annotations

import pickle

import pytest

from zgc_plan import Comparator, ObservationStatus, Status, TaskStatus
from zgc_plan._labels import Labelled
from zgc_plan._midterm import MidtermStatus
from zgc_plan._warnings import WarningLevel

LABELLED: list[type[Labelled]] = [
    Comparator,
    MidtermStatus,
    ObservationStatus,
    Status,
    TaskStatus,
    WarningLevel,
]


@pytest.mark.parametrize("kind", LABELLED, ids=lambda kind: kind.__name__)
def test_value_is_the_first_string_alone(kind: type[Labelled]) -> None:
    """ "Its value is the first string alone, so files, JSON, ``Enum("value")``
    and pickles see only that."""
    for member in kind:
        assert isinstance(member.value, str)
        assert kind(member.value) is member
        assert pickle.loads(pickle.dumps(member)) is member  # noqa: S301 (our own bytes)
        assert repr(member) == f"<{kind.__name__}.{member.name}: {member.value!r}>"


@pytest.mark.parametrize("kind", LABELLED, ids=lambda kind: kind.__name__)
def test_every_member_has_both_labels(kind: type[Labelled]) -> None:
    """ "the words are label_zh and label_en": a published figure carries no
    caveat, every other member has words in both languages."""
    for member in kind:
        if member is ObservationStatus.PUBLISHED:
            assert (member.label_zh, member.label_en) == ("", "")
            continue
        assert member.label_zh
        assert member.label_en
        assert not member.label_zh.isascii()
        assert member.label_en.isascii()


def test_known_words() -> None:
    """The words shown to readers stay those of earlier releases."""
    assert (Status.NOT_MET.label_zh, Status.NOT_MET.label_en) == ("未达成", "not met")
    assert (TaskStatus.IN_PROGRESS.label_zh, TaskStatus.IN_PROGRESS.label_en) == (
        "推进中",
        "in progress",
    )
    assert Comparator.MORE_THAN.word_zh == "超过"
    assert ObservationStatus.UNCERTAIN.label_zh == "数据存疑"


def test_a_member_lacking_a_label_is_refused_when_the_class_is_made() -> None:
    """Writing the three together keeps a new member from lacking a translation."""
    with pytest.raises(ValueError, match="not enough values to unpack"):

        class Broken(Labelled):
            ONLY = "only", "仅"
