"""The assessment as of a date: verdicts, mid-term status, task progress and warnings together.

This is what the assessment report (``zgc-plan report``) shows; the rules of
its parts are in ``specs/evaluation.md`` and ``specs/tasks.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from zgc_plan._arguments import day, instance, instances
from zgc_plan._assess import ParkAssessment, assess_parks
from zgc_plan._evaluate import Evaluation, evaluate
from zgc_plan._links import TaskLink, load_task_links
from zgc_plan._load import load_plan, plan_or_shipped
from zgc_plan._midterm import MidtermAssessment, Thresholds, assess_midterm
from zgc_plan._model import Plan
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._overrides import Override
from zgc_plan._progress import TaskProgress, roll_up_tasks
from zgc_plan._tasks import PublishedMilestone, TaskReport
from zgc_plan._warnings import EarlyWarning, early_warnings

__all__ = ["Assessment", "assess", "figure_year"]


def figure_year(as_of: dt.date) -> int:
    """The latest year whose annual figures describe a year ended by ``as_of``.

    Example:
        >>> import datetime, zgc_plan
        >>> zgc_plan.figure_year(datetime.date(2021, 6, 30)), zgc_plan.figure_year(datetime.date(2021, 12, 31))
        (2020, 2021)
    """
    as_of = day(as_of, "as_of")
    return as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1


@attrs.frozen
class Assessment:
    """Everything an assessment report shows, as of one date.

    Attributes:
        plan: The plan assessed.
        as_of: The date of the assessment.
        observations: The observed figures given.
        evaluation: The verdicts on the targets, with figures of years up to
            :func:`figure_year` of :attr:`as_of`.
        midterm: The mid-term status of each target.
        progress: The roll-up of the task reports.
        warnings: The early warnings, 预警 first.
        links: The links from tasks to targets.
        published: Milestones that public sources document, up to :attr:`as_of`.
        overrides: The overrides applied.
        parks: The annual sub-park assessment of the figure year, where
            figures of parks are given, else ``None``.
    """

    plan: Plan
    as_of: dt.date
    observations: tuple[Observation, ...]
    evaluation: Evaluation
    midterm: MidtermAssessment
    progress: TaskProgress
    warnings: tuple[EarlyWarning, ...]
    links: tuple[TaskLink, ...]
    published: tuple[PublishedMilestone, ...]
    overrides: tuple[Override, ...]
    parks: ParkAssessment | None = None


def assess(
    observations: Iterable[Observation],
    reports: Iterable[TaskReport] = (),
    as_of: dt.date | None = None,
    plan: Plan | None = None,
    *,
    baseline_year: int | None = None,
    thresholds: Thresholds | None = None,
    overrides: Iterable[Override] = (),
    links: Iterable[TaskLink] | None = None,
    published: Iterable[PublishedMilestone] = (),
    min_status: ObservationStatus | None = None,
) -> Assessment:
    """Assess the plan as of a date.

    Args:
        observations: Observed figures of any years; those of years after
            :func:`figure_year` of ``as_of`` are not used.
        reports: Task progress reports of any dates.
        as_of: The date; today by default.
        plan: The plan; the shipped plan by default.
        baseline_year: The year of the baseline figures; by default the plan's
            baseline year (``Document.baseline_year``).
        thresholds: The thresholds of mid-term status and warnings.
        overrides: Statuses set by hand.
        links: Task-target links; by default those of the shipped plan, for it.
        published: Published milestones to show beside the reports.
        min_status: The weakest figure quality judged (see :func:`evaluate`),
            or ``None`` for all.

    Example:
        >>> import datetime, zgc_plan
        >>> assessment = zgc_plan.assess(zgc_plan.load_observations(), as_of=datetime.date(2021, 6, 30))
        >>> assessment.evaluation.year, round(assessment.midterm.elapsed, 3)
        (2020, 0.699)
    """
    observations = instances(observations, Observation, "observations")
    reports = instances(reports, TaskReport, "reports")
    if as_of is not None:
        as_of = day(as_of, "as_of")
    shipped = load_plan()
    plan = plan_or_shipped(plan)
    as_of = as_of or dt.date.today()
    if links is None:
        # The shipped links quote the shipped plan; another plan has none unless given.
        links = load_task_links(plan=plan) if plan is shipped else ()
    links = instances(links, TaskLink, "links")
    published = instances(published, PublishedMilestone, "published")
    thresholds = (
        Thresholds() if thresholds is None else instance(thresholds, Thresholds, "thresholds")
    )
    overrides = instances(overrides, Override, "overrides")
    base = baseline_year if baseline_year is not None else plan.document.baseline_year
    evaluation = evaluate(
        observations, plan, baseline=base, year=figure_year(as_of), min_status=min_status
    )
    midterm = assess_midterm(evaluation, as_of, thresholds=thresholds, overrides=overrides)
    progress = roll_up_tasks(
        reports, as_of, plan, stale_months=thresholds.stale_months, overrides=overrides
    )
    park_ids = {park.id for park in plan.parks}
    per_park = tuple(o for o in observations if o.area in park_ids)
    parks = assess_parks(per_park, figure_year(as_of), plan) if per_park else None
    return Assessment(
        plan, as_of, observations, evaluation, midterm, progress,
        early_warnings(midterm, progress),
        tuple(links),
        tuple(m for m in published if m.date <= as_of),
        overrides,
        parks,
    )  # fmt: skip
