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


def test_what_stands_before_the_words_is_the_members_own() -> None:
    """ "An enumeration whose members carry more (a comparator's sign, a status's
    rank) writes it between the value and the words ... and takes it in its own
    ``__init__``"."""
    assert [c.symbol for c in Comparator] == ["≥", ">", "≤", "<", "≈", "∈"]
    assert (Comparator.AT_MOST.symbol, Comparator.AT_MOST.label_zh) == ("≤", "以下")
    assert Comparator("about").label_en == "about"
    ranks = {status: status.rank for status in ObservationStatus}
    assert sorted(ranks, key=ranks.__getitem__) == [
        ObservationStatus.PUBLISHED,
        ObservationStatus.DERIVED,
        ObservationStatus.PROVISIONAL,
        ObservationStatus.ESTIMATED,
        ObservationStatus.UNCERTAIN,
    ]
    assert ObservationStatus("estimated").label_en == "estimated figure"


def test_an_extra_before_the_words_does_not_take_a_label() -> None:
    """The labels are the last two words, whatever stands before them."""

    class Graded(Labelled):
        grade: int

        def __init__(self, value: str, grade: int = 0, *labels: str) -> None:
            self.grade = grade

        LOW = "low", 1, "低", "low"

    assert (Graded.LOW.grade, Graded.LOW.label_zh, Graded.LOW.label_en) == (1, "低", "low")
    assert Graded("low") is Graded.LOW
