"""Safe to share: immutability, threads, pickling, foreign registries, the public API.

Spec: "The loaded plan and all results are deeply immutable ... first use from
8 threads at once gives correct results ... plan, targets, observations and
evaluation results pickle and unpickle to equal objects in a fresh process."
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
import threading
from typing import Any

import attrs
import pint
import pytest

import zgc_plan


def test_everything_is_frozen(every_record: list[object]) -> None:
    """Assigning to any field of the plan or of a result raises."""
    assert len(every_record) > 100
    for obj in every_record:
        for field in attrs.fields(type(obj)):  # type: ignore[arg-type]
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(obj, field.name, None)
            value = getattr(obj, field.name)
            assert not isinstance(value, list | dict | set | pint.Quantity), (type(obj), field.name)


def test_load_plan_returns_one_object() -> None:
    """load_plan() is cached: the same immutable object each time."""
    assert zgc_plan.load_plan() is zgc_plan.load_plan()


def test_first_use_from_eight_threads() -> None:
    """First use of a fresh interpreter from 8 threads at once gives correct results."""
    code = textwrap.dedent(
        """
        import sys, threading
        sys.setswitchinterval(1e-6)
        import zgc_plan
        results, plans, errors = [], [], []
        barrier = threading.Barrier(8)
        def work():
            try:
                barrier.wait()
                plan = zgc_plan.load_plan()
                plans.append(plan)
                evaluation = zgc_plan.evaluate({7: "41万元/人", 10: "0.07吨标煤/万元"})
                results.append(tuple(r.status.value for r in evaluation.results))
            except Exception as error:
                errors.append(repr(error))
        threads = [threading.Thread(target=work) for _ in range(8)]
        for t in threads: t.start()
        for t in threads: t.join()
        assert not errors, errors
        assert len(set(map(id, plans))) == 1, "several plan objects"
        assert len(set(results)) == 1 and len(results) == 8
        print(results[0][9], results[0][13])
        """
    )
    for _ in range(3):
        result = subprocess.run(  # noqa: S603 (our own interpreter)
            [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["met", "not_met"]


def test_evaluate_from_threads_sharing_the_plan() -> None:
    """Evaluations in 8 threads sharing one plan agree with a single-threaded one."""
    expected = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    outcomes: list[zgc_plan.Evaluation] = []
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [
            threading.Thread(
                target=lambda: outcomes.append(
                    zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
                )
            )
            for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old)
    assert outcomes == [expected] * 8


def test_pickle_in_a_fresh_process() -> None:
    """Plan, targets, observations and results unpickle to equal objects elsewhere."""
    plan = zgc_plan.load_plan()
    observations = zgc_plan.load_observations()
    evaluation = zgc_plan.evaluate(observations, baseline=2017)
    payload = pickle.dumps((plan, plan.targets, observations, evaluation))
    code = textwrap.dedent(
        """
        import pickle, sys, zgc_plan
        plan, targets, observations, evaluation = pickle.loads(sys.stdin.buffer.read())
        fresh = zgc_plan.load_observations()
        assert plan == zgc_plan.load_plan()
        assert targets == zgc_plan.load_plan().targets
        assert observations == fresh
        assert evaluation == zgc_plan.evaluate(fresh, baseline=2017)
        assert plan.target("target-labour-productivity").unit._REGISTRY is zgc_plan.ureg
        print(plan.target("target-labour-productivity").is_met(zgc_plan.Q_(41, "万元/人")))
        """
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], input=payload, capture_output=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.strip() == b"True"


def test_errors_pickle() -> None:
    """Exceptions pickle too, with their problems."""
    error = zgc_plan.PlanDataError([zgc_plan.Problem("a.b", "bad", 3)], source="f.yaml")
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own data)
    assert again.problems == error.problems
    assert str(again) == str(error)
    mismatch = pickle.loads(pickle.dumps(zgc_plan.UnitMismatchError("元", "人", "x")))  # noqa: S301
    assert str(mismatch) == str(zgc_plan.UnitMismatchError("元", "人", "x"))


def test_an_application_registry() -> None:
    """An application's own registry, with the library's definitions, works with evaluate."""
    app: pint.UnitRegistry[Any] = pint.UnitRegistry(on_redefinition="ignore")
    app.load_definitions(zgc_plan.unit_definitions().splitlines())
    target = zgc_plan.load_plan().target("target-labour-productivity")
    assert target.is_met(app.Quantity(41, "万元/人"))
    assert not target.is_met(app.Quantity(400000, "yuan/person"))
    evaluation = zgc_plan.evaluate({7: app.Quantity(41, "万元/人")})
    assert evaluation.result("labour-productivity").status is zgc_plan.Status.MET
    with pytest.raises(zgc_plan.UnitMismatchError, match="does not define"):
        target.is_met(app.Quantity(1, "furlong / fortnight"))


PUBLIC_API = [
    "NOT_MET_SCORE_CAP", "ON_TRACK_RATIO", "Action", "CategoryScore", "Comparator", "Direction",
    "Document", "Evaluation", "Formula",
    "FoundTarget", "Goal", "Growth", "GrowthKind", "GuidingThought", "Headings", "Indicator",
    "IndicatorCategory", "IndicatorKind", "Judgement", "Observation", "ObservationStatus",
    "OverallGoal", "ParsedTarget", "Passage", "Plan",
    "PlanArgumentError", "PlanDataError", "PlanError", "PlanKeyError", "Principle", "Problem", "Q_", "Safeguard", "SourceRef",
    "Statistic", "Status", "Target", "TargetResult", "Task", "Trajectory", "UnitMismatchError",
    "__version__", "derive", "dump_plan", "evaluate", "find_targets", "load_observations",
    "load_plan", "parse_quantity", "parse_target", "parse_unit", "read_source_text", "read_targets",
    "unit_definitions", "ureg",
]  # fmt: skip
# Areas, periods, aggregation and the sub-park assessment.
PUBLIC_API += [
    "Aggregation", "Allocation", "AllocationCheck", "Area", "AreaKind", "AssessmentCell",
    "Coverage", "Disagreement", "Disparity",
    "OverTime", "ParkAssessment", "ParkResult", "Period", "aggregate", "allocated_plan",
    "assess_parks", "check_allocations", "load_allocations", "park_coverage",
]  # fmt: skip
# Exchange formats: SDMX and Frictionless Data Packages.
PUBLIC_API += ["read_datapackage", "read_sdmx", "to_sdmx", "write_datapackage"]
# Task tracking, mid-term status, early warnings and the assessment report.
PUBLIC_API += [
    "Assessment", "EarlyWarning", "Evidence", "LinkBasis", "Manifest", "ManifestInput",
    "MidtermAssessment", "MidtermResult", "MidtermStatus", "Milestone", "Override",
    "OverrideKind", "PublishedMilestone", "StatusCounts", "TaskLink", "TaskProgress",
    "TaskReport", "TaskState", "TaskStatus", "Thresholds", "WarningLevel", "assess",
    "assess_midterm", "early_warnings", "elapsed_share", "figure_year", "load_overrides",
    "load_published_milestones", "load_task_links", "load_task_reports", "render_progress",
    "roll_up_tasks",
    "verify_report", "write_report",
]  # fmt: skip


def test_public_api_is_pinned() -> None:
    """Removing or renaming a public name is a visible, deliberate change (see CHANGELOG)."""
    assert sorted(zgc_plan.__all__) == sorted(PUBLIC_API)
    assert len(set(zgc_plan.__all__)) == len(zgc_plan.__all__)
    for name in zgc_plan.__all__:
        assert hasattr(zgc_plan, name), name
