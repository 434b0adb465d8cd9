"""Mid-term status (序时进度) and early warnings (预警).

Spec (``specs/evaluation.md``, Mid-term status): "pace = progress ÷ elapsed,
where elapsed is the share of the plan period (2018-01-01 to 2022-12-31) gone
by at the end of the figure's year ... 提前实现 when met; 快于预期 when pace ≥
1.1; 基本符合预期 when pace ≥ 0.9; 相对滞后 below, or when the target year's
figure does not meet the target; 无法评估 without a figure or a baseline.
The thresholds are overridable."  (Early warnings): "预警 when progress trails
the time elapsed by more than 0.2 ...; 关注 when the projection misses the
target; 预警 for a delayed task; 关注 for each overdue milestone and for a
task without a recent report."
"""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path

import attrs
import pytest

import zgc_plan

AS_OF = dt.date(2021, 6, 30)
DATA = Path(__file__).parent / "data"
LABOUR = "target-labour-productivity"  # 劳动生产率超过40万元/人


def _labour(value: float, year: int = 2020, baseline: float | None = 20) -> zgc_plan.Evaluation:
    figures = [zgc_plan.Observation.of("labour-productivity", year, f"{value}万元/人")]
    if baseline is not None:
        figures.append(zgc_plan.Observation.of("labour-productivity", 2017, f"{baseline}万元/人"))
    return zgc_plan.evaluate(figures, baseline=2017, year=year)


def _status(value: float, **kwargs: object) -> zgc_plan.MidtermResult:
    thresholds = kwargs.pop("thresholds", None)
    evaluation = _labour(value, **kwargs)  # type: ignore[arg-type]
    midterm = zgc_plan.assess_midterm(evaluation, AS_OF, thresholds=thresholds)  # type: ignore[arg-type]
    return midterm.result(LABOUR)


def test_elapsed_share() -> None:
    """0 before the period, 1 at its last day and after; by days in between."""
    plan = zgc_plan.load_plan()
    assert zgc_plan.elapsed_share(plan, dt.date(2017, 12, 31)) == 0.0
    assert zgc_plan.elapsed_share(plan, dt.date(2018, 1, 1)) == pytest.approx(1 / 1826)
    assert zgc_plan.elapsed_share(plan, dt.date(2020, 12, 31)) == pytest.approx(1096 / 1826)
    assert zgc_plan.elapsed_share(plan, dt.date(2022, 12, 31)) == 1.0
    assert zgc_plan.elapsed_share(plan, dt.date(2030, 1, 1)) == 1.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (41, zgc_plan.MidtermStatus.ACHIEVED),  # met already
        (34, zgc_plan.MidtermStatus.AHEAD),  # progress 0.70, pace 1.17
        (31, zgc_plan.MidtermStatus.ON_SCHEDULE),  # progress 0.55, pace 0.92
        (28, zgc_plan.MidtermStatus.BEHIND),  # progress 0.40, pace 0.67
    ],
)
def test_labels(value: float, expected: zgc_plan.MidtermStatus) -> None:
    """The four labels, by the pace of progress against the time elapsed at the figure's year."""
    item = _status(value)
    assert item.status is expected
    assert item.elapsed == pytest.approx(1096 / 1826)
    if expected is not zgc_plan.MidtermStatus.ACHIEVED:
        assert item.pace == pytest.approx(((value - 20) / 20) / (1096 / 1826))


def test_labels_in_both_languages() -> None:
    """Chinese labels as plan assessments word them, English beside them."""
    words = {s.value: (s.label_zh, s.label_en) for s in zgc_plan.MidtermStatus}
    assert words == {
        "achieved": ("提前实现", "already met"),
        "ahead": ("快于预期", "ahead of schedule"),
        "on_schedule": ("基本符合预期", "roughly on schedule"),
        "behind": ("相对滞后", "behind schedule"),
        "not_assessed": ("无法评估", "not assessed"),
    }


def test_thresholds_are_overridable() -> None:
    """A stricter 'ahead' threshold turns pace 1.17 into on schedule, a laxer one 0.67 too."""
    assert _status(34, thresholds=zgc_plan.Thresholds(ahead=1.2)).status is (
        zgc_plan.MidtermStatus.ON_SCHEDULE
    )
    assert _status(28, thresholds=zgc_plan.Thresholds(on_schedule=0.6)).status is (
        zgc_plan.MidtermStatus.ON_SCHEDULE
    )
    with pytest.raises(zgc_plan.PlanDataError, match="on_schedule <= ahead"):
        zgc_plan.Thresholds(ahead=0.8, on_schedule=0.9)
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.Thresholds(warning_gap=1.5, stale_months=0)
    assert [p.path for p in caught.value.problems] == ["warning_gap", "stale_months"]


def test_target_year_unmet_is_behind() -> None:
    """At the target year a figure that does not meet the target is behind, whatever its pace."""
    item = _status(39, year=2022)
    assert item.result.status is zgc_plan.Status.NOT_MET
    assert item.status is zgc_plan.MidtermStatus.BEHIND


def test_without_baseline_not_assessed() -> None:
    """No baseline, no progress: not assessed (unless met)."""
    assert _status(30, baseline=None).status is zgc_plan.MidtermStatus.NOT_ASSESSED
    assert _status(41, baseline=None).status is zgc_plan.MidtermStatus.ACHIEVED
    midterm = zgc_plan.assess_midterm(zgc_plan.evaluate([]), AS_OF)
    assert midterm.count(zgc_plan.MidtermStatus.NOT_ASSESSED) == 17


class _LaterStatus(enum.Enum):
    """A verdict a later version of the evaluation may give."""

    NOT_JUDGED = "not_judged"


def test_verdicts_that_judge_nothing_are_not_assessed() -> None:
    """A figure the evaluation declines to judge (not_judged) gets no mid-term label."""
    evaluation = _labour(34)
    results = tuple(
        attrs.evolve(r, status=_LaterStatus.NOT_JUDGED)  # type: ignore[arg-type]
        if r.target.id == LABOUR
        else r
        for r in evaluation.results
    )
    changed = attrs.evolve(evaluation, results=results)
    assert zgc_plan.assess_midterm(changed, AS_OF).result(LABOUR).status is (
        zgc_plan.MidtermStatus.NOT_ASSESSED
    )


def test_target_override() -> None:
    """An override sets the status shown; the computed one is kept beside it."""
    overrides = zgc_plan.load_overrides(DATA / "overrides.yaml")
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017, year=2020)
    midterm = zgc_plan.assess_midterm(evaluation, AS_OF, overrides=overrides)
    item = midterm.result("target-listed-companies")
    assert item.status is zgc_plan.MidtermStatus.ON_SCHEDULE
    assert item.computed is zgc_plan.MidtermStatus.BEHIND
    assert item.override is not None
    assert item.override.by == "评估员乙"


def test_bad_overrides(tmp_path: Path) -> None:
    """Every bad override is reported: unknown subject, a status of the wrong kind, no reason."""
    path = tmp_path / "overrides.yaml"
    path.write_text(
        "overrides:\n"
        "  - target: 99\n    status: behind\n    reason: r\n    by: a\n"
        "  - task: 3\n    status: 快于预期\n    reason: r\n    by: a\n"
        "  - target: 8\n    status: ahead\n    by: a\n"
        "  - task: 3\n    target: 8\n    status: ahead\n    reason: r\n    by: a\n"
        "  - task: 4\n    status: delayed\n    reason: r\n    by: a\n    date: tomorrow\n"
        "  - task: 5\n    status: delayed\n    reason: r\n    by: a\n"
        "  - task: task-5\n    status: completed\n    reason: r\n    by: b\n",
        encoding="utf-8",
    )
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_overrides(path)
    found = [(p.path, p.message.split(";")[0], p.line) for p in caught.value.problems]
    assert found == [
        ("overrides[0].target", "no target 99 in the plan", 2),
        ("overrides[1].status", "expected one of completed, delayed, in_progress, not_applicable, "
         "not_started (or the Chinese word) for a task", 7),
        ("overrides[2]", "missing required key 'reason'", 10),
        ("overrides[3]", "give exactly one of 'target' and 'task'", 13),
        ("overrides[4].date", "not a date in the form YYYY-MM-DD: 'tomorrow'", 22),
        ("overrides[6]", "a second override of task task-5 (the first is overrides[5])", 27),
    ]  # fmt: skip


def _warnings(evaluation: zgc_plan.Evaluation) -> list[tuple[str, str, str]]:
    midterm = zgc_plan.assess_midterm(evaluation, AS_OF)
    return [(w.level.value, w.key, w.reason_en) for w in zgc_plan.early_warnings(midterm)]


def test_target_warning_when_far_behind() -> None:
    """预警 when progress trails the time elapsed by more than 20 points; not at 15."""
    far = _warnings(_labour(28))  # progress 0.40, elapsed 0.60: 20.02 points
    assert ("warning", LABOUR) in [(level, key) for level, key, _ in far]
    assert "trails the time elapsed, 60.0%, by 20.0 points (more than 20)" in far[0][2]
    near = _warnings(_labour(29))  # progress 0.45: 15 points
    assert "warning" not in [level for level, _, _ in near]


def test_no_warning_on_a_figure_not_judged() -> None:
    """A figure below the evaluation's min_status is not judged, and not warned of."""
    figures = [
        zgc_plan.Observation.of("labour-productivity", 2017, "20万元/人"),
        zgc_plan.Observation.of(
            "labour-productivity", 2020, "28万元/人", status=zgc_plan.ObservationStatus.ESTIMATED
        ),
    ]
    judged = zgc_plan.evaluate(figures, baseline=2017, year=2020)
    assert _warnings(judged)
    strict = zgc_plan.evaluate(figures, baseline=2017, year=2020, min_status="published")
    assert strict.result(LABOUR).status is zgc_plan.Status.NOT_JUDGED
    assert _warnings(strict) == []
    midterm = zgc_plan.assess_midterm(strict, AS_OF)
    assert midterm.result(LABOUR).status is zgc_plan.MidtermStatus.NOT_ASSESSED


def test_target_watch_when_projection_misses() -> None:
    """关注 when the series' own growth misses the target in the target year."""
    # 20 -> 29 in 3 years projects to about 37.5 in 2022, short of 40.
    watch = _warnings(_labour(29))
    assert [(level, key) for level, key, _ in watch] == [("watch", LABOUR)]
    assert "2022 is projected at" in watch[0][2]
    assert _warnings(_labour(34)) == []  # projects past 40
    assert _warnings(_labour(41)) == []  # met


def test_task_warnings() -> None:
    """预警 for a delayed task, 关注 for an overdue milestone and a stale task; 预警 first."""
    reports = zgc_plan.load_task_reports(DATA / "tasks.yaml")
    progress = zgc_plan.roll_up_tasks(reports, AS_OF, stale_months=6)
    warnings = zgc_plan.early_warnings(progress=progress)
    first = warnings[0]
    assert (first.level, first.key, first.reason_zh) == (
        zgc_plan.WarningLevel.WARNING, "task-8", "任务状态为滞后",
    )  # fmt: skip
    watched = [(w.number, w.reason_en) for w in warnings if w.level.value == "watch"]
    assert (7, "milestone '第二批技术转移机构' was due on 2020-12-01 and is not done") in watched
    assert (1, "no progress report since 2020-12-30") in watched
    # Task 13 does not apply and task 11 is completed: no report since is no cause for a watch.
    assert 11 not in [number for number, _ in watched]
    assert 13 not in [number for number, _ in watched]
    assert [w.level.label_zh for w in warnings].count("预警") == 1
    nothing = zgc_plan.roll_up_tasks((), AS_OF)
    assert zgc_plan.early_warnings(progress=nothing) == ()


def test_no_pace_before_the_plan_period() -> None:
    """An as_of before the plan's start: no time has elapsed, so a target whose year has
    come is behind with no pace (a ZeroDivisionError before)."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    midterm = zgc_plan.assess_midterm(evaluation, dt.date(2010, 1, 1))
    assert midterm.elapsed == 0.0
    behind = [r for r in midterm.results if r.status is zgc_plan.MidtermStatus.BEHIND]
    assert behind
    assert all(r.pace is None for r in behind)
