"""Statuses set by hand: an assessor's override of a target's or a task's status.

An override names what it overrides, the status it sets, the reason and the
assessor; the computed status is kept beside it (after Open SDG's
``progress_status``, which a reviewer may set against the computed one).  The
format is described in ``specs/report.md``.
"""

from __future__ import annotations

import datetime as dt
import enum
import os

import attrs

from zgc_plan._fields import Fields, Problems
from zgc_plan._files import read_text_file
from zgc_plan._load import plan_or_shipped
from zgc_plan._midterm import MidtermStatus
from zgc_plan._model import Plan
from zgc_plan._tasks import STATUS_WORDS, TaskStatus, read_date, resolve_task
from zgc_plan.exceptions import Problem

__all__ = ["Override", "OverrideKind", "load_overrides", "parse_overrides"]


class OverrideKind(enum.Enum):
    """What an override sets the status of."""

    #: A target's mid-term status (:class:`MidtermStatus`).
    TARGET = "target"
    #: A task's status (:class:`TaskStatus`).
    TASK = "task"


@attrs.frozen
class Override:
    """A status set by hand, with the reason and the assessor's name.

    Attributes:
        kind: Whether a target or a task is overridden.
        key: The id of the target or the task.
        status: The status set: a :class:`MidtermStatus` for a target, a
            :class:`TaskStatus` for a task.
        reason: Why, in one sentence.
        by: Who set it.
        date: When it was set, or ``None``.
    """

    kind: OverrideKind
    key: str
    status: MidtermStatus | TaskStatus
    reason: str
    by: str
    date: dt.date | None = None


_MIDTERM_WORDS = {
    **{status.value: status for status in MidtermStatus},
    **{status.label_zh: status for status in MidtermStatus},
}


def _status(
    fields: Fields, kind: OverrideKind, problems: Problems
) -> MidtermStatus | TaskStatus | None:
    value = fields.string("status")
    if value is None:
        return None
    words: dict[str, MidtermStatus] | dict[str, TaskStatus] = (
        _MIDTERM_WORDS if kind is OverrideKind.TARGET else STATUS_WORDS
    )
    status = words.get(value.strip())
    if status is None:
        allowed = ", ".join(sorted({s.value for s in words.values()}))
        problems.add(
            (*fields.path, "status"),
            f"expected one of {allowed} (or the Chinese word) for a {kind.value}; got {value!r}",
        )
    return status


def _key(fields: Fields, plan: Plan, problems: Problems) -> tuple[OverrideKind, str] | None:
    target, task = fields.data.get("target"), fields.data.get("task")
    fields.used.update({"target", "task"})
    if (target is None) == (task is None):
        if fields.ok:
            problems.add(fields.path, "give exactly one of 'target' and 'task'")
        return None
    if task is not None:
        found = resolve_task(plan, task)
        if found is None:
            problems.add((*fields.path, "task"), f"no task {task!r} in the plan")
            return None
        return OverrideKind.TASK, found.id
    try:
        key = target if isinstance(target, int | str) and not isinstance(target, bool) else None
        if isinstance(key, str) and key.isascii() and key.isdigit():
            key = int(key)  # a number written as text, as in a spreadsheet
        if key is None:
            raise KeyError(target)
        return OverrideKind.TARGET, plan.target(key).id
    except KeyError:
        problems.add((*fields.path, "target"), f"no target {target!r} in the plan")
        return None


def parse_overrides(
    data: bytes | str, plan: Plan | None = None, source: str | None = None
) -> tuple[Override, ...]:
    """Read overrides from YAML text (``overrides: [...]``).

    Raises:
        PlanDataError: listing every bad entry with its path and line; a
            second override of the same target or task is one of them.
    """
    from zgc_plan._yaml import read_yaml

    plan = plan_or_shipped(plan)
    document = read_yaml(data, source)
    problems = Problems(document)
    root = Fields(document.data, (), problems)
    found: list[Override] = []
    first: dict[tuple[OverrideKind, str], str] = {}
    for fields in root.items("overrides"):
        subject = _key(fields, plan, problems)
        status = _status(fields, subject[0], problems) if subject else None
        if subject is None:
            fields.used.add("status")
        reason = fields.string("reason")
        by = fields.string("by")
        date = None
        if fields.data.get("date") is not None:
            text = fields.string("date")
            try:
                date = read_date(text.strip()) if text is not None else None
            except ValueError as error:
                problems.add((*fields.path, "date"), str(error))
        fields.finish()
        if subject is None or status is None or reason is None or by is None:
            continue
        here = f"overrides[{fields.path[-1]}]"
        if subject in first:
            problems.items.append(
                Problem(
                    here,
                    f"a second override of {subject[0].value} {subject[1]} (the first is "
                    f"{first[subject]})",
                    document.line(fields.path),
                )
            )
            continue
        first[subject] = here
        found.append(Override(subject[0], subject[1], status, reason.strip(), by.strip(), date))
    root.finish()
    problems.raise_if_any()
    return tuple(found)


def load_overrides(path: str | os.PathLike[str], plan: Plan | None = None) -> tuple[Override, ...]:
    """Load overrides from a YAML file (``overrides: [...]``, see ``specs/report.md``).

    Raises:
        PlanDataError: if the file cannot be read or has bad entries.
    """
    return parse_overrides(read_text_file(path), plan, str(path))
