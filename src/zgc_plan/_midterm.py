"""Mid-term status of targets: progress against the time elapsed (序时进度).

Plan assessments in China judge a target by whether its progress keeps pace
with the share of the plan period that has gone by (时间过半、任务过半), and
word the verdict 提前实现, 快于预期, 基本符合预期 or 相对滞后.  The rules
and their thresholds are in ``specs/evaluation.md`` (Mid-term status).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from zgc_plan._arguments import day, instance, instances
from zgc_plan._evaluate import Evaluation, TargetResult
from zgc_plan._labels import Labelled
from zgc_plan._model import Plan
from zgc_plan.exceptions import PlanDataError, Problem

if TYPE_CHECKING:
    from zgc_plan._overrides import Override

__all__ = [
    "UNJUDGED",
    "MidtermAssessment",
    "MidtermResult",
    "MidtermStatus",
    "Thresholds",
    "assess_midterm",
    "elapsed_share",
    "plan_period",
]


class MidtermStatus(Labelled):
    """A target's mid-term status, in the words of plan assessments."""

    #: The target is met already (提前实现).
    ACHIEVED = "achieved", "提前实现", "already met"
    #: Progress is ahead of the time elapsed (快于预期).
    AHEAD = "ahead", "快于预期", "ahead of schedule"
    #: Progress keeps pace with the time elapsed (基本符合预期).
    ON_SCHEDULE = "on_schedule", "基本符合预期", "roughly on schedule"
    #: Progress lags the time elapsed, or the target year passed unmet (相对滞后).
    BEHIND = "behind", "相对滞后", "behind schedule"
    #: No figure, or no baseline to measure progress from (无法评估).
    NOT_ASSESSED = "not_assessed", "无法评估", "not assessed"


#: Verdicts that judge nothing: no figure, or a figure with nothing to judge it by.
#: Compared by value, so that verdicts added to :class:`Status` later read the same.
UNJUDGED = frozenset({"no_data", "not_judged"})


@attrs.frozen
class Thresholds:
    """The thresholds of the mid-term status and of early warnings.

    The pace of a target is its progress (the share of the way from baseline
    to target) divided by the share of the plan period elapsed.

    Attributes:
        ahead: A pace at least this is 快于预期 (ahead).
        on_schedule: A pace at least this, and below :attr:`ahead`, is
            基本符合预期 (roughly on schedule); below it, 相对滞后 (behind).
        warning_gap: A target whose progress trails the time elapsed by more
            than this share of the way (0.2 = 20 percentage points) gets a
            预警 (warning).
        stale_months: A task whose latest report is older than this many
            months (or that has none) gets a 关注 (watch).

    Raises:
        PlanDataError: unless 0 < on_schedule ≤ ahead, 0 ≤ warning_gap ≤ 1
            and stale_months ≥ 1.
    """

    ahead: float = 1.1
    on_schedule: float = 0.9
    warning_gap: float = 0.2
    stale_months: int = 6

    def __attrs_post_init__(self) -> None:
        problems = []
        if not 0 < self.on_schedule <= self.ahead:
            problems.append(
                Problem(
                    "on_schedule",
                    f"thresholds need 0 < on_schedule <= ahead, got {self.on_schedule} and "
                    f"{self.ahead}",
                )
            )
        if not 0 <= self.warning_gap <= 1:
            problems.append(Problem("warning_gap", f"must be within 0..1, got {self.warning_gap}"))
        if self.stale_months < 1:
            problems.append(Problem("stale_months", f"must be at least 1, got {self.stale_months}"))
        if problems:
            raise PlanDataError(problems, source="<thresholds>")


def plan_period(plan: Plan) -> tuple[dt.date, dt.date]:
    """The first and the last day of the plan period (2018-01-01, 2022-12-31)."""
    return dt.date(plan.document.start_year, 1, 1), dt.date(plan.document.end_year, 12, 31)


def elapsed_share(plan: Plan, date: dt.date) -> float:
    """The share of the plan period elapsed at the end of ``date``, from 0 to 1.

    Example:
        >>> import datetime, zgc_plan
        >>> round(zgc_plan.elapsed_share(zgc_plan.load_plan(), datetime.date(2020, 12, 31)), 4)
        0.6002
    """
    plan = instance(plan, Plan, "plan")
    date = day(date, "date")
    start, end = plan_period(plan)
    days = (date - start).days + 1
    return min(max(days / ((end - start).days + 1), 0.0), 1.0)


@attrs.frozen
class MidtermResult:
    """The mid-term status of one target.

    Attributes:
        result: The target's evaluation.
        status: The status shown: :attr:`override`'s where there is one,
            else :attr:`computed`.
        computed: The status the rules give.
        elapsed: The share of the plan period elapsed at the end of the
            figure's year, or ``None`` without a figure.
        pace: Progress divided by :attr:`elapsed`, or ``None``.
        override: The assessor's override, or ``None``.
    """

    result: TargetResult
    status: MidtermStatus
    computed: MidtermStatus
    elapsed: float | None
    pace: float | None
    override: Override | None = None


@attrs.frozen
class MidtermAssessment:
    """The mid-term status of every target, as of a date.

    Attributes:
        evaluation: The evaluation the statuses rest on.
        as_of: The date of the assessment.
        elapsed: The share of the plan period elapsed at :attr:`as_of`.
        thresholds: The thresholds used.
        results: One result per target, in plan order.
    """

    evaluation: Evaluation
    as_of: dt.date
    elapsed: float
    thresholds: Thresholds
    results: tuple[MidtermResult, ...]

    def result(self, key: int | str) -> MidtermResult:
        """The result of a target, by its number or id.

        Raises:
            KeyError: if no target matches.
        """
        wanted = self.evaluation.result(key).target.id
        return next(r for r in self.results if r.result.target.id == wanted)

    def count(self, status: MidtermStatus) -> int:
        """How many targets have ``status`` (overrides included)."""
        return sum(1 for r in self.results if r.status is status)


def _computed(
    result: TargetResult, elapsed: float | None, thresholds: Thresholds
) -> tuple[MidtermStatus, float | None]:
    status = result.status.value
    if status == "met":
        return MidtermStatus.ACHIEVED, None
    if status in UNJUDGED or result.year is None or elapsed is None:
        return MidtermStatus.NOT_ASSESSED, None
    if result.year >= result.target.year:
        # The target year has come and the figure does not meet the target.
        # (No pace at no time elapsed: an as_of before the plan period.)
        return MidtermStatus.BEHIND, (
            result.progress / elapsed if result.progress is not None and elapsed > 0 else None
        )
    if result.progress is None or elapsed <= 0:
        return MidtermStatus.NOT_ASSESSED, None
    pace = result.progress / elapsed
    if pace >= thresholds.ahead:
        return MidtermStatus.AHEAD, pace
    if pace >= thresholds.on_schedule:
        return MidtermStatus.ON_SCHEDULE, pace
    return MidtermStatus.BEHIND, pace


def assess_midterm(
    evaluation: Evaluation,
    as_of: dt.date,
    *,
    thresholds: Thresholds | None = None,
    overrides: Iterable[Override] = (),
) -> MidtermAssessment:
    """Label each target 提前实现, 快于预期, 基本符合预期 or 相对滞后.

    Progress is compared with the share of the plan period elapsed at the end
    of the year of the figure judged (a year's figure describes that year, and
    is published months later), not at ``as_of``.

    Args:
        evaluation: An evaluation with a baseline (without one, only met
            targets can be labelled).
        as_of: The date of the assessment.
        thresholds: The thresholds; :class:`Thresholds` defaults otherwise.
        overrides: Overrides; those of targets set the status shown.

    Example:
        >>> import datetime, zgc_plan
        >>> evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017, year=2020)
        >>> midterm = zgc_plan.assess_midterm(evaluation, datetime.date(2021, 6, 30))
        >>> midterm.result("target-listed-companies").status.label_zh
        '相对滞后'
    """
    evaluation = instance(evaluation, Evaluation, "evaluation")
    as_of = day(as_of, "as_of")
    thresholds = (
        Thresholds() if thresholds is None else instance(thresholds, Thresholds, "thresholds")
    )
    plan = evaluation.plan
    # Imported here: the overrides module reads MidtermStatus from this one.
    from zgc_plan._overrides import Override

    given = instances(overrides, Override, "overrides")
    by_target = {o.key: o for o in given if o.kind.value == "target"}
    results = []
    for result in evaluation.results:
        elapsed = (
            elapsed_share(plan, min(dt.date(result.year, 12, 31), as_of))
            if result.year is not None
            else None
        )
        computed, pace = _computed(result, elapsed, thresholds)
        override = by_target.get(result.target.id)
        shown = override.status if override is not None else computed
        assert isinstance(shown, MidtermStatus)  # noqa: S101 (the override reader guarantees it)
        results.append(MidtermResult(result, shown, computed, elapsed, pace, override))
    return MidtermAssessment(
        evaluation, as_of, elapsed_share(plan, as_of), thresholds, tuple(results)
    )
