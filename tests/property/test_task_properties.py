"""Property tests of the task roll-up, the mid-term status and the report's escaping.

Spec (``specs/tasks.md``): "the report with the latest as_of on or before D
counts ... the shares of a group add up to 1"; (``specs/evaluation.md``):
"pace ≥ ahead is 快于预期 ...; the rows are tried in this order";
(``specs/report.md``): "no cell can end a table row or start raw HTML".
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._escape import escape_html, escape_markdown

PLAN = zgc_plan.load_plan()
dates = st.dates(min_value=dt.date(2017, 1, 1), max_value=dt.date(2023, 12, 31))
reports = st.lists(
    st.builds(
        zgc_plan.TaskReport,
        st.sampled_from(PLAN.tasks),
        dates,
        st.sampled_from(list(zgc_plan.TaskStatus)),
        st.sampled_from(["", "单位甲", "单位乙"]),
        milestones=st.lists(
            st.builds(zgc_plan.Milestone, st.just("步骤"), dates, st.booleans()), max_size=3
        ).map(tuple),
    ),
    max_size=40,
)


@given(reports, dates)
def test_roll_up_counts_every_task_once(
    given_reports: list[zgc_plan.TaskReport], as_of: dt.date
) -> None:
    """Counts add up to the group's tasks, shares to 1, in every group."""
    progress = zgc_plan.roll_up_tasks(given_reports, as_of, PLAN)
    for group in (progress.overall, *progress.by_action, *progress.by_lead):
        assert sum(n for _, n in group.counts) == group.total
        assert abs(sum(group.share(k) for k, _ in group.counts) - 1) < 1e-9
    assert sum(g.total for g in progress.by_lead) == len(PLAN.tasks)


@given(reports, dates)
def test_the_latest_report_as_of_counts(
    given_reports: list[zgc_plan.TaskReport], as_of: dt.date
) -> None:
    """Each task's report is its latest on or before the date; overdue milestones are its own."""
    progress = zgc_plan.roll_up_tasks(given_reports, as_of, PLAN)
    for state in progress.tasks:
        dates_before = [
            r.as_of for r in given_reports if r.task.id == state.task.id and r.as_of <= as_of
        ]
        if not dates_before:
            assert state.report is None
            assert state.stale
            continue
        assert state.report is not None
        assert state.report.as_of == max(dates_before)
        for milestone in state.overdue:
            assert milestone in state.report.milestones
            assert milestone.due < as_of
            assert not milestone.done


@given(
    st.floats(min_value=-1, max_value=3),
    st.floats(min_value=0.5, max_value=1),
    st.floats(min_value=1, max_value=2),
)
def test_labels_follow_the_pace(value: float, on_schedule: float, ahead: float) -> None:
    """A figure further along never gets a worse label, whatever the thresholds."""
    order = [zgc_plan.MidtermStatus.BEHIND, zgc_plan.MidtermStatus.ON_SCHEDULE,
             zgc_plan.MidtermStatus.AHEAD, zgc_plan.MidtermStatus.ACHIEVED]  # fmt: skip
    thresholds = zgc_plan.Thresholds(ahead=ahead, on_schedule=on_schedule)
    labels = []
    for step in (0.0, 0.05):
        magnitude = 20 + 20 * (value + step)  # progress = value + step from a baseline of 20
        if magnitude <= 0:
            return
        figures = [
            zgc_plan.Observation.of("labour-productivity", 2017, "20万元/人"),
            zgc_plan.Observation.of("labour-productivity", 2020, zgc_plan.Q_(magnitude, "万元/人")),
        ]
        evaluation = zgc_plan.evaluate(figures, baseline=2017, year=2020)
        midterm = zgc_plan.assess_midterm(evaluation, dt.date(2021, 6, 30), thresholds=thresholds)
        labels.append(order.index(midterm.result("target-labour-productivity").status))
    assert labels[0] <= labels[1]


@given(st.text())
def test_escaped_text_is_no_markup(text: str) -> None:
    """Escaped text has no raw tag, no unescaped pipe and no line break."""
    assert "<" not in escape_html(text)
    assert ">" not in escape_html(text)
    markdown = escape_markdown(text)
    assert "<" not in markdown
    assert "\n" not in markdown
    assert "\r" not in markdown
    assert not re.search(r"(?<!\\)(\\\\)*\|", markdown)
