"""A corpus of malformed task progress files, one file per kind of fault, and what the loader says.

Spec (``specs/tasks.md``, Errors): "A file with bad reports raises
PlanDataError listing every problem at once, with the file, the path inside
it (``reports[3].milestones[0].due``, or ``[3].due`` for the fourth data row
of a CSV file) and the line ... either the whole file loads, or nothing does."
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

import zgc_plan

BAD = Path(__file__).parent / "bad_tasks"
STATUSES = "expected one of not_started (未启动), in_progress (推进中), completed (已完成)"


class Expected(NamedTuple):
    """One problem: its path, a substring of its message, its line (None: no line)."""

    path: str
    message: str
    line: int | None


CASES: dict[str, tuple[Expected, ...]] = {
    "unknown_task.yaml": (Expected("reports[0].task", "no task 24 in the plan", 2),),
    "unknown_task_id.yaml": (Expected("reports[0].task", "no task 'task-99' in the plan", 2),),
    "bad_status.yaml": (Expected("reports[0].status", f"{STATUSES}", 4),),
    "bad_date.yaml": (Expected("reports[0].as_of", "not a date of the calendar: '2021-02-30'", 3),),
    "date_not_iso.yaml": (
        Expected("reports[0].as_of", "not a date in the form YYYY-MM-DD: '30/06/2021'", 3),
    ),
    "year_out_of_range.yaml": (
        Expected("reports[0].as_of", "1900-06-30 is outside the years 1949..2100", 3),
    ),
    "missing_status.yaml": (Expected("reports[0]", "missing required key 'status'", 2),),
    "missing_task.yaml": (Expected("reports[0]", "missing required key 'task'", 2),),
    "unknown_key.yaml": (Expected("reports[0].owner", "unknown key 'owner'", 5),),
    "milestone_without_due.yaml": (
        Expected("reports[0].milestones[0]", "missing required key 'due'", 6),
    ),
    "milestone_bad_done.yaml": (
        Expected("reports[0].milestones[0].done", "expected true, false or a date", 8),
    ),
    "milestone_done_after_report.yaml": (
        Expected(
            "reports[0].milestones[0].done",
            "done on 2021-09-01, after the report's as_of date 2021-06-30",
            8,
        ),
    ),
    "evidence_without_source.yaml": (
        Expected("reports[0].evidence[0]", "missing required key 'source'", 6),
    ),
    "evidence_bad_url.yaml": (
        Expected("reports[0].evidence[0].url", "expected an http(s) address", 7),
    ),
    "partners_not_list.yaml": (
        Expected("reports[0].partners", "expected a list of unit names", 5),
    ),
    "duplicate_report.yaml": (
        Expected(
            "reports[1]", "a second report on task 1 as of 2021-06-30 (the first is reports[0])", 5
        ),
    ),
    "no_reports_key.yaml": (
        Expected("", "missing required key 'reports'", 1),
        Expected("observations", "unknown key 'observations'", 2),
    ),
    "reports_not_list.yaml": (Expected("reports", "expected a list, got a string", 1),),
    "duplicate_key.yaml": (Expected("reports[0]", "duplicate key 'status'", 5),),
    "not_utf8.yaml": (Expected("", "not UTF-8 text: byte 0xff", 1),),
    "multiple_problems.yaml": (
        Expected("reports[0].task", "no task 0 in the plan", 2),
        Expected("reports[1].as_of", "not a date of the calendar: '2021-13-01'", 6),
        Expected("reports[1].status", "got '进行中'", 7),
        Expected(
            "reports[2].milestones[0].due", "not a date in the form YYYY-MM-DD: 'someday'", 13
        ),
    ),
    "bad_status.csv": (Expected("[1].status", f"{STATUSES}", 3),),
    "unknown_column.csv": (Expected("", "unknown columns 'colour'", 1),),
    "extra_cell.csv": (Expected("[0]", "more cells than header columns", 2),),
    "no_rows.csv": (Expected("", "no report rows", None),),
    "duplicate_report.csv": (
        Expected("[1]", "a second report on task 1 as of 2021-06-30 (the first is [0])", 3),
    ),
    "conflicting_rows.csv": (
        Expected(
            "[1].status", "'delayed' differs from 'in_progress' in [0], a row of the same report", 3
        ),
    ),
}


def test_every_bad_file_has_a_case() -> None:
    """The folder and the table name the same files."""
    assert sorted(p.name for p in BAD.iterdir()) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_task_file(name: str) -> None:
    """Each bad file raises PlanDataError naming the file, with every problem, path and line."""
    path = BAD / name
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_task_reports(path)
    error = caught.value
    assert error.source == str(path)
    expected = CASES[name]
    assert len(error.problems) == len(expected), error.problems
    for problem, wanted in zip(error.problems, expected, strict=True):
        assert problem.path == wanted.path
        assert wanted.message in problem.message
        assert problem.line == wanted.line


def test_missing_file() -> None:
    """A file that cannot be read is a PlanDataError naming it."""
    with pytest.raises(zgc_plan.PlanDataError, match="cannot read the file"):
        zgc_plan.load_task_reports(BAD / "nowhere.yaml")
