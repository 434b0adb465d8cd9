"""Task progress reports and their roll-up.

Spec (``specs/tasks.md``): "Several reports per task over time; the latest
on or before the date counts", "counts and shares by status, per action and
for the plan, and per lead unit", "a milestone is overdue when it was due
before the date and is not done", "a task is stale without a report in the
last N months".
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan._progress import months_before

DATA = Path(__file__).parent / "data"
EXAMPLE = files("zgc_plan") / "data" / "examples" / "task-progress.example.yaml"


@pytest.fixture(scope="module")
def reports() -> tuple[zgc_plan.TaskReport, ...]:
    return zgc_plan.load_task_reports(DATA / "tasks.yaml")


def test_yaml_reports(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """Task by number or id; status in English or Chinese; partners as a list or 、-separated."""
    assert [(r.task.number, r.as_of.isoformat(), r.status.value) for r in reports] == [
        (7, "2019-06-30", "not_started"),
        (7, "2020-12-31", "in_progress"),
        (8, "2021-03-31", "delayed"),
        (11, "2021-06-30", "completed"),
        (13, "2019-01-31", "not_applicable"),
    ]
    second = reports[1]
    assert second.partners == ("单位乙", "单位丙")
    assert reports[2].partners == ("单位甲", "单位丙")
    assert [(m.what, m.done, m.done_on) for m in second.milestones] == [
        ("第一批技术转移机构", True, dt.date(2020, 5, 1)),
        ("第二批技术转移机构", False, None),
        ("第三批技术转移机构", False, None),
    ]
    assert second.evidence == (
        zgc_plan.Evidence("示例来源", "https://example.org/report", "一句引文"),
    )
    assert second.line == 7


def test_csv_reports_match_yaml(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """CSV rows with the same task and as_of are one report with several milestones."""
    from_csv = zgc_plan.load_task_reports(DATA / "tasks.csv")
    assert len(from_csv) == 2
    assert from_csv[0].milestones == reports[1].milestones[:2]
    assert from_csv[0].evidence == reports[1].evidence
    assert from_csv[0].partners == reports[1].partners
    assert from_csv[1].milestones == reports[2].milestones
    assert from_csv[1].status is zgc_plan.TaskStatus.DELAYED


def test_example_covers_every_task() -> None:
    """The shipped example reports on all 23 tasks and says it is an example."""
    reports = zgc_plan.load_task_reports(EXAMPLE)  # type: ignore[arg-type]
    assert sorted({r.task.number for r in reports}) == list(range(1, 24))
    assert "EXAMPLE ONLY" in EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert all("示例" in r.note for r in reports)


def test_latest_report_as_of(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """The latest report on or before the date counts; later ones do not."""
    early = zgc_plan.roll_up_tasks(reports, dt.date(2020, 6, 30))
    assert early.state(7).status is zgc_plan.TaskStatus.NOT_STARTED
    assert early.state(8).status is None
    late = zgc_plan.roll_up_tasks(reports, dt.date(2020, 12, 31))
    assert late.state("task-7").status is zgc_plan.TaskStatus.IN_PROGRESS
    assert late.state(7).report is reports[1]


def test_counts_and_shares(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """Counts by status per action and for the plan; shares of the group's tasks."""
    progress = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30))
    overall = progress.overall
    assert overall.total == 23
    assert dict(overall.counts) == {
        "not_started": 0, "in_progress": 1, "completed": 1, "delayed": 1,
        "not_applicable": 1, "no_report": 19,
    }  # fmt: skip
    assert overall.share("no_report") == pytest.approx(19 / 23)
    action_3 = progress.by_action[2]  # tasks 7, 8, 9
    assert (action_3.key, action_3.total) == ("action-3", 3)
    assert (action_3.count("in_progress"), action_3.count(zgc_plan.TaskStatus.DELAYED)) == (1, 1)
    assert action_3.share("no_report") == pytest.approx(1 / 3)
    assert sum(c.total for c in progress.by_action) == 23


def test_by_lead(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """Counts per lead unit of the latest reports; tasks without one under ''."""
    progress = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30))
    leads = {c.key: (c.total, c.count("delayed"), c.count("completed")) for c in progress.by_lead}
    assert leads == {"": (20, 0, 0), "单位甲": (1, 0, 0), "单位乙": (2, 1, 1)}


def test_overdue_milestones(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """Due before the date and not done; done ones and later ones are not overdue."""
    progress = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30))
    assert [(s.task.number, m.what) for s, m in progress.overdue] == [(7, "第二批技术转移机构")]
    # Due on the date itself is not yet overdue.
    on_the_day = zgc_plan.roll_up_tasks(reports, dt.date(2020, 12, 1))
    assert on_the_day.overdue == ()
    assert zgc_plan.roll_up_tasks(reports, dt.date(2022, 1, 1)).state(7).overdue == tuple(
        reports[1].milestones[1:]
    )


def test_stale_tasks(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """No report in the last N months (or none at all) is stale."""
    progress = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30), stale_months=6)
    assert progress.stale_since == dt.date(2020, 12, 30)
    stale = [s.task.number for s in progress.stale]
    assert 7 not in stale
    assert 8 not in stale
    assert 11 not in stale
    assert 13 in stale
    assert 1 in stale
    assert len(stale) == 20
    strict = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30), stale_months=1)
    assert [s.task.number for s in strict.tasks if not s.stale] == [11]
    with pytest.raises(zgc_plan.PlanDataError, match="at least 1"):
        zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30), stale_months=0)


@pytest.mark.parametrize(
    ("date", "months", "expected"),
    [
        (dt.date(2021, 6, 30), 6, dt.date(2020, 12, 30)),
        (dt.date(2021, 3, 31), 1, dt.date(2021, 2, 28)),
        (dt.date(2020, 3, 31), 1, dt.date(2020, 2, 29)),
        (dt.date(2021, 1, 15), 13, dt.date(2019, 12, 15)),
    ],
)
def test_months_before(date: dt.date, months: int, expected: dt.date) -> None:
    """The same day N months earlier, the month's last day where it is shorter."""
    assert months_before(date, months) == expected


def test_task_override(reports: tuple[zgc_plan.TaskReport, ...]) -> None:
    """An override sets the status shown and keeps the reported one beside it."""
    overrides = zgc_plan.load_overrides(DATA / "overrides.yaml")
    progress = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30), overrides=overrides)
    state = progress.state(8)
    assert state.status is zgc_plan.TaskStatus.IN_PROGRESS
    assert state.computed is zgc_plan.TaskStatus.DELAYED
    assert state.override is not None
    assert (state.override.by, state.override.reason) == ("评估员甲", "政策已出台, 进度按计划推进")
    assert progress.overall.count("delayed") == 0


@pytest.mark.parametrize("output", ["table", "json", "csv", "markdown"])
def test_render(reports: tuple[zgc_plan.TaskReport, ...], output: str) -> None:
    """Every format lists the tasks, the overdue milestone and the override."""
    overrides = zgc_plan.load_overrides(DATA / "overrides.yaml")
    progress = zgc_plan.roll_up_tasks(reports, dt.date(2021, 6, 30), overrides=overrides)
    text = zgc_plan.render_progress(progress, output)  # type: ignore[arg-type]
    assert "第二批技术转移机构" in text
    assert "扩大科技成果源头供给" in text
    assert "评估员甲" in text
    with pytest.raises(ValueError, match="unknown format"):
        zgc_plan.render_progress(progress, "xml")  # type: ignore[arg-type]


def test_published_milestones() -> None:
    """Spec: "a list milestones: of task, what, date, source, url and quote (all required)"."""
    milestones = zgc_plan.load_published_milestones()
    assert len(milestones) >= 3
    for milestone in milestones:
        assert milestone.evidence.source
        assert milestone.evidence.quote
        assert milestone.evidence.url.startswith(("http://", "https://"))
        assert milestone.date <= dt.date.today()
    assert {m.task.number for m in milestones} == {7, 8}


def test_published_milestones_need_a_quote(tmp_path: Path) -> None:
    """A published milestone without its quote, date or source is refused, every problem at once."""
    path = tmp_path / "milestones.yaml"
    path.write_text(
        "milestones:\n"
        "  - task: 8\n    what: 政策出台\n    date: '2019-01-01'\n    source: 某网站\n"
        "  - task: 30\n    what: 某事\n    date: '2019-02-30'\n    source: 某网站\n    quote: 原文\n",
        encoding="utf-8",
    )
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_published_milestones(path)
    found = [(p.path, p.message.split(" (")[0], p.line) for p in caught.value.problems]
    assert found == [
        ("milestones[0]", "missing required key 'quote'", 2),
        ("milestones[1].task", "no task 30 in the plan", 6),
        ("milestones[1].date", "not a date of the calendar: '2019-02-30'", 8),
    ]
