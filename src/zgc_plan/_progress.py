"""The roll-up of task reports as of a date: statuses, overdue milestones, stale tasks.

For each task the latest report on or before the date counts (跟踪实施进度);
counts and shares by status are given per action, for the plan and per lead
unit, with the milestones due before the date and not done and the tasks
without a recent report (督办).  The rules are in ``specs/tasks.md``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from zgc_plan._arguments import day, instances
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Action, Plan, Task
from zgc_plan._tasks import Milestone, TaskReport, TaskStatus
from zgc_plan.exceptions import PlanDataError, PlanKeyError

if TYPE_CHECKING:
    from zgc_plan._overrides import Override

__all__ = [
    "NO_REPORT",
    "StatusCounts",
    "TaskProgress",
    "TaskState",
    "months_before",
    "roll_up_tasks",
]

#: The key of tasks without a report as of the date, beside the statuses' values.
NO_REPORT = "no_report"
#: The order of statuses in counts and tables.
STATUS_KEYS: tuple[str, ...] = (*(s.value for s in TaskStatus), NO_REPORT)


def status_label(key: str) -> tuple[str, str]:
    """The Chinese and the English label of a status value or :data:`NO_REPORT`."""
    if key == NO_REPORT:
        return "未报告", "no report"
    status = TaskStatus(key)
    return status.label_zh, status.label_en


def months_before(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it is shorter)."""
    month_index = date.year * 12 + date.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


@attrs.frozen
class TaskState:
    """Where one task stands as of a date.

    Attributes:
        task: The task.
        action: The action that holds it.
        report: Its latest report on or before the date, or ``None``.
        status: The status shown: the override's where there is one, else the
            report's; ``None`` without either.
        overdue: The report's milestones due before the date and not done.
        stale: Whether it has no report since :attr:`TaskProgress.stale_since`.
        override: The assessor's override, or ``None``.
    """

    task: Task
    action: Action
    report: TaskReport | None
    status: TaskStatus | None
    overdue: tuple[Milestone, ...]
    stale: bool
    override: Override | None = None

    @property
    def key(self) -> str:
        """The status's value, or ``"no_report"`` without a status."""
        return self.status.value if self.status is not None else NO_REPORT

    @property
    def computed(self) -> TaskStatus | None:
        """The report's own status, whatever an override says."""
        return self.report.status if self.report is not None else None

    @property
    def lead(self) -> str:
        """The lead unit of the latest report, or ``""``."""
        return self.report.lead if self.report is not None else ""


@attrs.frozen
class StatusCounts:
    """How many tasks of a group have each status.

    Attributes:
        key: The group: an action's id, a lead unit's name, or ``"plan"``.
        name_zh: The group's name in Chinese.
        name_en: The group's name in English.
        total: The number of tasks in the group.
        counts: The number of tasks of each status, by value, and of tasks
            without a report (``"no_report"``), in the order of
            :class:`TaskStatus` then ``"no_report"``.
    """

    key: str
    name_zh: str
    name_en: str
    total: int
    counts: tuple[tuple[str, int], ...]

    def count(self, status: TaskStatus | str) -> int:
        """The number of tasks with ``status`` (a :class:`TaskStatus` or its value)."""
        key = status.value if isinstance(status, TaskStatus) else status
        return dict(self.counts).get(key, 0)

    def share(self, status: TaskStatus | str) -> float:
        """The share of the group's tasks with ``status``, from 0 to 1."""
        return self.count(status) / self.total if self.total else 0.0


def _counts(key: str, name_zh: str, name_en: str, states: Iterable[TaskState]) -> StatusCounts:
    states = tuple(states)
    tally = dict.fromkeys(STATUS_KEYS, 0)
    for state in states:
        tally[state.key] += 1
    return StatusCounts(key, name_zh, name_en, len(states), tuple(tally.items()))


@attrs.frozen
class TaskProgress:
    """The roll-up of task reports as of a date.

    Attributes:
        plan: The plan.
        as_of: The date.
        stale_months: A task is stale without a report in this many months.
        tasks: Every task's state, in plan order.
        by_action: Counts per action, in plan order.
        overall: Counts over the plan.
        by_lead: Counts per lead unit of the latest reports, by name
            (tasks without a lead under ``""``).
    """

    plan: Plan
    as_of: dt.date
    stale_months: int
    tasks: tuple[TaskState, ...]
    by_action: tuple[StatusCounts, ...]
    overall: StatusCounts
    by_lead: tuple[StatusCounts, ...]

    @property
    def stale_since(self) -> dt.date:
        """Reports before this date are not recent."""
        return months_before(self.as_of, self.stale_months)

    @property
    def overdue(self) -> tuple[tuple[TaskState, Milestone], ...]:
        """Every overdue milestone with its task, by due date, then task number."""
        pairs = [(state, m) for state in self.tasks for m in state.overdue]
        return tuple(sorted(pairs, key=lambda p: (p[1].due, p[0].task.number)))

    @property
    def stale(self) -> tuple[TaskState, ...]:
        """The tasks without a report since :attr:`stale_since`, in plan order."""
        return tuple(state for state in self.tasks if state.stale)

    def state(self, key: int | str) -> TaskState:
        """A task's state, by its number or id.

        Raises:
            PlanKeyError: (a KeyError) if no task matches.
        """
        for state in self.tasks:
            if key in (state.task.number, state.task.id) and not isinstance(key, bool):
                return state
        raise PlanKeyError(f"no task with number or id {key!r}")


def roll_up_tasks(
    reports: Iterable[TaskReport],
    as_of: dt.date,
    plan: Plan | None = None,
    *,
    stale_months: int = 6,
    overrides: Iterable[Override] = (),
) -> TaskProgress:
    """Where every task stands as of ``as_of``, from the reports up to that date.

    Args:
        reports: Task reports of any dates; later ones than ``as_of`` are left out.
        as_of: The date of the roll-up.
        plan: The plan; the shipped plan by default.
        stale_months: A task without a report in this many months before
            ``as_of`` is listed as stale.
        overrides: Overrides; those of tasks set the status shown.

    Raises:
        PlanDataError: if ``stale_months`` is less than 1.

    Example:
        >>> import datetime, zgc_plan
        >>> from importlib.resources import files
        >>> example = files("zgc_plan") / "data" / "examples" / "task-progress.example.yaml"
        >>> reports = zgc_plan.load_task_reports(example)
        >>> progress = zgc_plan.roll_up_tasks(reports, datetime.date(2018, 1, 31))
        >>> progress.overall.count("no_report")
        23
    """
    reports = instances(reports, TaskReport, "reports")
    as_of = day(as_of, "as_of")
    plan = plan_or_shipped(plan)
    if stale_months < 1:
        raise PlanDataError(
            f"stale_months must be at least 1, got {stale_months}", source="<roll_up_tasks>"
        )
    latest: dict[str, TaskReport] = {}
    for given in reports:
        if given.as_of > as_of:
            continue
        held = latest.get(given.task.id)
        if held is None or given.as_of > held.as_of:
            latest[given.task.id] = given
    by_task = {o.key: o for o in overrides if o.kind.value == "task"}
    since = months_before(as_of, stale_months)
    states: list[TaskState] = []
    for action in plan.actions:
        for task in action.tasks:
            report = latest.get(task.id)
            override = by_task.get(task.id)
            status = report.status if report is not None else None
            if override is not None:
                assert isinstance(override.status, TaskStatus)  # noqa: S101 (reader guarantees)
                status = override.status
            overdue = tuple(m for m in report.milestones if m.overdue(as_of)) if report else ()
            stale = report is None or report.as_of < since
            states.append(TaskState(task, action, report, status, overdue, stale, override))
    by_action = tuple(
        _counts(
            action.id, action.title_zh, action.title_en,
            (s for s in states if s.action.id == action.id),
        )
        for action in plan.actions
    )  # fmt: skip
    leads = sorted({s.lead for s in states})
    by_lead = tuple(
        _counts(lead, lead or "未注明", lead or "not given", (s for s in states if s.lead == lead))
        for lead in leads
    )
    overall = _counts("plan", "全部任务", "all tasks", states)
    return TaskProgress(plan, as_of, stale_months, tuple(states), by_action, overall, by_lead)
