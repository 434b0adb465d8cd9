"""The Zhongguancun 2018-2022 action plan as typed, unit-aware data.

《中关村国家自主创新示范区创新引领高质量发展行动计划(2018-2022年)》
(中示区组发〔2018〕4号), shipped as immutable data, with evaluation of
observed figures against its targets.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from zgc_plan._comparators import Comparator, Direction, Judgement
from zgc_plan._derive import derive
from zgc_plan._evaluate import (
    NOT_MET_SCORE_CAP,
    ON_TRACK_RATIO,
    CategoryScore,
    Evaluation,
    Status,
    TargetResult,
    Trajectory,
    evaluate,
)
from zgc_plan._load import load_plan, read_source_text
from zgc_plan._model import (
    Action,
    Area,
    AreaKind,
    Document,
    Formula,
    Goal,
    GrowthKind,
    GuidingThought,
    Headings,
    Indicator,
    IndicatorCategory,
    IndicatorKind,
    OverallGoal,
    OverTime,
    Passage,
    Plan,
    Principle,
    Safeguard,
    SourceRef,
    Statistic,
    Target,
    Task,
)
from zgc_plan._observation_files import load_observations
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._outputs import wire as _wire
from zgc_plan._periods import Period
from zgc_plan._registry import Q_, unit_definitions, ureg
from zgc_plan._unit_parsing import parse_quantity, parse_unit
from zgc_plan._version import __version__
from zgc_plan.exceptions import (
    PlanArgumentError,
    PlanDataError,
    PlanError,
    PlanKeyError,
    Problem,
    UnitMismatchError,
)

if TYPE_CHECKING:
    from zgc_plan._aggregate import Aggregation, Disagreement, aggregate
    from zgc_plan._allocations import (
        Allocation,
        AllocationCheck,
        allocated_plan,
        check_allocations,
        load_allocations,
    )
    from zgc_plan._areas import Coverage, park_coverage
    from zgc_plan._assess import (
        AssessmentCell,
        Disparity,
        ParkAssessment,
        ParkResult,
        assess_parks,
    )
    from zgc_plan._assessment import Assessment, assess, figure_year
    from zgc_plan._datapackage import read_datapackage, write_datapackage
    from zgc_plan._dump import dump_plan
    from zgc_plan._links import LinkBasis, TaskLink, load_task_links
    from zgc_plan._manifest import Manifest, ManifestInput
    from zgc_plan._midterm import (
        MidtermAssessment,
        MidtermResult,
        MidtermStatus,
        Thresholds,
        assess_midterm,
        elapsed_share,
    )
    from zgc_plan._overrides import Override, OverrideKind, load_overrides
    from zgc_plan._phrases import (
        FoundTarget,
        Growth,
        ParsedTarget,
        find_targets,
        parse_target,
        read_targets,
    )
    from zgc_plan._progress import StatusCounts, TaskProgress, TaskState, roll_up_tasks
    from zgc_plan._progress_report import render_progress
    from zgc_plan._report_file import verify_report, write_report
    from zgc_plan._sdmx import read_sdmx, to_sdmx
    from zgc_plan._tasks import (
        Evidence,
        Milestone,
        PublishedMilestone,
        TaskReport,
        TaskStatus,
        load_published_milestones,
        load_task_reports,
    )
    from zgc_plan._warnings import EarlyWarning, WarningLevel, early_warnings

# The results of evaluation write themselves through the output code, which comes later in
# the flow of data: the facade names it here, and it is imported when first used.
_wire("evaluation", "zgc_plan._report")
_wire("assessment", "zgc_plan._assess_report")
_wire("assessment plot", "zgc_plan._assess_plot")
_wire("frames", "zgc_plan._frames_out")

#: Public names imported on first use: reading target phrases, writing YAML,
#: assessing tasks and the exchange formats are not needed to load and evaluate the plan, and their
#: modules cost a noticeable share of the import time (see the performance page).
_LAZY = {
    "Aggregation": "zgc_plan._aggregate",
    "Disagreement": "zgc_plan._aggregate",
    "aggregate": "zgc_plan._aggregate",
    "Allocation": "zgc_plan._allocations",
    "AllocationCheck": "zgc_plan._allocations",
    "allocated_plan": "zgc_plan._allocations",
    "check_allocations": "zgc_plan._allocations",
    "load_allocations": "zgc_plan._allocations",
    "Coverage": "zgc_plan._areas",
    "park_coverage": "zgc_plan._areas",
    "AssessmentCell": "zgc_plan._assess",
    "Disparity": "zgc_plan._assess",
    "ParkAssessment": "zgc_plan._assess",
    "ParkResult": "zgc_plan._assess",
    "assess_parks": "zgc_plan._assess",
    "FoundTarget": "zgc_plan._phrases",
    "Growth": "zgc_plan._phrases",
    "ParsedTarget": "zgc_plan._phrases",
    "find_targets": "zgc_plan._phrases",
    "parse_target": "zgc_plan._phrases",
    "read_targets": "zgc_plan._phrases",
    "dump_plan": "zgc_plan._dump",
    # Task tracking, mid-term status, warnings and the assessment report.
    "Evidence": "zgc_plan._tasks",
    "Milestone": "zgc_plan._tasks",
    "PublishedMilestone": "zgc_plan._tasks",
    "TaskReport": "zgc_plan._tasks",
    "TaskStatus": "zgc_plan._tasks",
    "load_published_milestones": "zgc_plan._tasks",
    "load_task_reports": "zgc_plan._tasks",
    "StatusCounts": "zgc_plan._progress",
    "TaskProgress": "zgc_plan._progress",
    "TaskState": "zgc_plan._progress",
    "roll_up_tasks": "zgc_plan._progress",
    "render_progress": "zgc_plan._progress_report",
    "LinkBasis": "zgc_plan._links",
    "TaskLink": "zgc_plan._links",
    "load_task_links": "zgc_plan._links",
    "MidtermAssessment": "zgc_plan._midterm",
    "MidtermResult": "zgc_plan._midterm",
    "MidtermStatus": "zgc_plan._midterm",
    "Thresholds": "zgc_plan._midterm",
    "assess_midterm": "zgc_plan._midterm",
    "elapsed_share": "zgc_plan._midterm",
    "EarlyWarning": "zgc_plan._warnings",
    "WarningLevel": "zgc_plan._warnings",
    "early_warnings": "zgc_plan._warnings",
    "Override": "zgc_plan._overrides",
    "OverrideKind": "zgc_plan._overrides",
    "load_overrides": "zgc_plan._overrides",
    "Assessment": "zgc_plan._assessment",
    "assess": "zgc_plan._assessment",
    "figure_year": "zgc_plan._assessment",
    "Manifest": "zgc_plan._manifest",
    "ManifestInput": "zgc_plan._manifest",
    "verify_report": "zgc_plan._report_file",
    "write_report": "zgc_plan._report_file",
    # SDMX and Frictionless Data Packages.
    "read_datapackage": "zgc_plan._datapackage",
    "read_sdmx": "zgc_plan._sdmx",
    "to_sdmx": "zgc_plan._sdmx",
    "write_datapackage": "zgc_plan._datapackage",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'zgc_plan' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "NOT_MET_SCORE_CAP",
    "ON_TRACK_RATIO",
    "Q_",
    "Action",
    "Aggregation",
    "Allocation",
    "AllocationCheck",
    "Area",
    "AreaKind",
    "Assessment",
    "AssessmentCell",
    "CategoryScore",
    "Comparator",
    "Coverage",
    "Direction",
    "Disagreement",
    "Disparity",
    "Document",
    "EarlyWarning",
    "Evaluation",
    "Evidence",
    "Formula",
    "FoundTarget",
    "Goal",
    "Growth",
    "GrowthKind",
    "GuidingThought",
    "Headings",
    "Indicator",
    "IndicatorCategory",
    "IndicatorKind",
    "Judgement",
    "LinkBasis",
    "Manifest",
    "ManifestInput",
    "MidtermAssessment",
    "MidtermResult",
    "MidtermStatus",
    "Milestone",
    "Observation",
    "ObservationStatus",
    "OverTime",
    "OverallGoal",
    "Override",
    "OverrideKind",
    "ParkAssessment",
    "ParkResult",
    "ParsedTarget",
    "Passage",
    "Period",
    "Plan",
    "PlanArgumentError",
    "PlanDataError",
    "PlanError",
    "PlanKeyError",
    "Principle",
    "Problem",
    "PublishedMilestone",
    "Safeguard",
    "SourceRef",
    "Statistic",
    "Status",
    "StatusCounts",
    "Target",
    "TargetResult",
    "Task",
    "TaskLink",
    "TaskProgress",
    "TaskReport",
    "TaskState",
    "TaskStatus",
    "Thresholds",
    "Trajectory",
    "UnitMismatchError",
    "WarningLevel",
    "__version__",
    "aggregate",
    "allocated_plan",
    "assess",
    "assess_midterm",
    "assess_parks",
    "check_allocations",
    "derive",
    "dump_plan",
    "early_warnings",
    "elapsed_share",
    "evaluate",
    "figure_year",
    "find_targets",
    "load_allocations",
    "load_observations",
    "load_overrides",
    "load_plan",
    "load_published_milestones",
    "load_task_links",
    "load_task_reports",
    "park_coverage",
    "parse_quantity",
    "parse_target",
    "parse_unit",
    "read_datapackage",
    "read_sdmx",
    "read_source_text",
    "read_targets",
    "render_progress",
    "roll_up_tasks",
    "to_sdmx",
    "unit_definitions",
    "ureg",
    "verify_report",
    "write_datapackage",
    "write_report",
]
