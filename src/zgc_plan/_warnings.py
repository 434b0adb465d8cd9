"""Early warnings (预警): targets and tasks that need attention, with a level and a reason.

Rules (``specs/evaluation.md``, Early warnings): a target whose progress
trails the time elapsed by more than :attr:`Thresholds.warning_gap` gets a
预警 (warning), one whose own trend misses the target in the target year a
关注 (watch); a delayed task gets a 预警, each overdue milestone and a task
without a recent report a 关注.
"""

from __future__ import annotations

import attrs

from zgc_plan._arguments import instance
from zgc_plan._display import format_magnitude
from zgc_plan._labels import Labelled
from zgc_plan._midterm import UNJUDGED, MidtermAssessment, MidtermResult
from zgc_plan._model import Task
from zgc_plan._progress import TaskProgress
from zgc_plan._tasks import TaskStatus
from zgc_plan._units import exact

__all__ = ["EarlyWarning", "WarningLevel", "early_warnings"]


class WarningLevel(Labelled):
    """How urgent a warning is."""

    #: 预警, act.
    WARNING = "warning", "预警", "warning"
    #: 关注, watch.
    WATCH = "watch", "关注", "watch"


@attrs.frozen
class EarlyWarning:
    """One warning about one target or task.

    Attributes:
        level: 预警 (warning) or 关注 (watch).
        kind: ``"target"`` or ``"task"``.
        key: The id of the target or task.
        number: Its number in the plan.
        name_zh: What it is, in Chinese.
        reason_zh: Why, in one Chinese line.
        reason_en: Why, in one English line.
    """

    level: WarningLevel
    kind: str
    key: str
    number: int
    name_zh: str
    reason_zh: str
    reason_en: str


def _target_warnings(item: MidtermResult, gap_limit: float) -> list[EarlyWarning]:
    result = item.result
    target = result.target
    if result.status.value == "met" or result.status.value in UNJUDGED:
        # Met, or no figure, or one the evaluation declines to judge: nothing to warn of.
        return []
    found = []

    def warn(level: WarningLevel, zh: str, en: str) -> None:
        found.append(
            EarlyWarning(level, "target", target.id, target.number, result.name_zh, zh, en)
        )

    if result.progress is not None and item.elapsed is not None:
        gap = item.elapsed - result.progress
        if gap > gap_limit:
            warn(
                WarningLevel.WARNING,
                f"完成进度 {result.progress:.1%} 落后序时进度 {item.elapsed:.1%} "
                f"{100 * gap:.1f} 个百分点 (超过 {100 * gap_limit:.0f} 个百分点)",
                f"progress {result.progress:.1%} trails the time elapsed, {item.elapsed:.1%}, "
                f"by {100 * gap:.1f} points (more than {100 * gap_limit:.0f})",
            )
    projected = result.trajectory.projected if result.trajectory is not None else None
    if projected is not None and not target.is_met_by(exact(projected)):
        text = format_magnitude(projected, target.unit)
        warn(
            WarningLevel.WATCH,
            f"按{result.baseline_year}—{result.year}年的年均增速, {target.year}年预计 {text}, "
            f"达不到目标 {target.value_text}",
            f"at its annual growth {result.baseline_year}-{result.year}, {target.year} is "
            f"projected at {text}, short of {target.value_text}",
        )
    return found


def _task_warnings(progress: TaskProgress) -> list[EarlyWarning]:
    found = []
    # Without any report at all (no task file) every task is unreported: that says
    # nothing of a task, so no task is singled out.
    reported = any(state.report is not None for state in progress.tasks)
    for state in progress.tasks:
        task = state.task

        def warn(level: WarningLevel, zh: str, en: str, task: Task = task) -> None:
            found.append(EarlyWarning(level, "task", task.id, task.number, task.title_zh, zh, en))

        if state.status is TaskStatus.DELAYED:
            warn(WarningLevel.WARNING, "任务状态为滞后", "the task is reported delayed")
        for milestone in state.overdue:
            warn(
                WarningLevel.WATCH,
                f"里程碑“{milestone.what}”应于 {milestone.due} 完成, 尚未完成",
                f"milestone '{milestone.what}' was due on {milestone.due} and is not done",
            )
        done = state.status in (TaskStatus.COMPLETED, TaskStatus.NOT_APPLICABLE)
        if reported and state.stale and not done:
            since = progress.stale_since
            warn(
                WarningLevel.WATCH,
                f"{since} 以来未报告进展",
                f"no progress report since {since}",
            )
    return found


def early_warnings(
    midterm: MidtermAssessment | None = None, progress: TaskProgress | None = None
) -> tuple[EarlyWarning, ...]:
    """The warnings of a mid-term assessment and of a task roll-up.

    Returns:
        预警 before 关注; targets before tasks; then in plan order.

    Example:
        >>> import datetime, zgc_plan
        >>> evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017, year=2020)
        >>> midterm = zgc_plan.assess_midterm(evaluation, datetime.date(2021, 6, 30))
        >>> [w.level.label_zh for w in zgc_plan.early_warnings(midterm)]
        ['关注']
    """
    if midterm is not None:
        instance(midterm, MidtermAssessment, "midterm")
    if progress is not None:
        instance(progress, TaskProgress, "progress")
    found: list[EarlyWarning] = []
    if midterm is not None:
        for item in midterm.results:
            found += _target_warnings(item, midterm.thresholds.warning_gap)
    if progress is not None:
        found += _task_warnings(progress)
    order = {WarningLevel.WARNING: 0, WarningLevel.WATCH: 1}
    return tuple(sorted(found, key=lambda w: (order[w.level], w.kind != "target", w.number)))
