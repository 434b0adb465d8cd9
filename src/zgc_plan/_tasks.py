"""Progress reports on the plan's tasks: the model, and reading them from YAML and CSV.

A report says, as of a date, where one task stands (未启动, 推进中, 已完成,
滞后, 不适用), who leads it (牵头单位) and helps (配合单位), its milestones
and the evidence behind it.  The format is ``specs/tasks.md``; the roll-up
over reports is :mod:`zgc_plan._progress`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from importlib.resources import files

import attrs

from zgc_plan._document import InputDocument, decode_text
from zgc_plan._fields import Fields, Problems
from zgc_plan._files import read_text_file
from zgc_plan._labels import Labelled
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Plan, Task
from zgc_plan._periods import MAX_YEAR, MIN_YEAR
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = [
    "Evidence",
    "Milestone",
    "PublishedMilestone",
    "TaskReport",
    "TaskStatus",
    "load_published_milestones",
    "load_task_reports",
    "parse_task_reports",
    "read_date",
    "resolve_task",
]


class TaskStatus(Labelled):
    """Where a task stands, in the words of the report."""

    #: Work has not begun (未启动).
    NOT_STARTED = "not_started", "未启动", "not started"
    #: Work is under way (推进中).
    IN_PROGRESS = "in_progress", "推进中", "in progress"
    #: The task is done (已完成).
    COMPLETED = "completed", "已完成", "completed"
    #: The task is behind its own schedule (滞后).
    DELAYED = "delayed", "滞后", "delayed"
    #: The task does not apply, or no longer does (不适用).
    NOT_APPLICABLE = "not_applicable", "不适用", "not applicable"


#: Every word a file may use for a status: the English value or the Chinese word.
STATUS_WORDS = {
    **{status.value: status for status in TaskStatus},
    **{status.label_zh: status for status in TaskStatus},
}


@attrs.frozen
class Evidence:
    """A published source behind a report or a milestone.

    Attributes:
        source: Who published it and where (``北京日报 2018-10-10``).
        url: A link to it, or ``""``.
        quote: The passage that states the fact, verbatim, or ``""``.
    """

    source: str
    url: str = ""
    quote: str = ""


@attrs.frozen
class Milestone:
    """A step of a task with a due date.

    Attributes:
        what: What is to be done.
        due: The date it is due.
        done: Whether it was done by the report's date.
        done_on: The date it was done, where the report gives one, else ``None``.
    """

    what: str
    due: dt.date
    done: bool = False
    done_on: dt.date | None = None

    def overdue(self, as_of: dt.date) -> bool:
        """Whether it was due before ``as_of`` and is not done."""
        return not self.done and self.due < as_of


@attrs.frozen
class TaskReport:
    """One progress report on one task, as of a date.

    Attributes:
        task: The task reported on.
        as_of: The date the report describes.
        status: Where the task stands.
        lead: The lead unit (牵头单位), or ``""``.
        partners: The partner units (配合单位), in the report's order.
        milestones: The task's milestones, in the report's order.
        evidence: Published sources behind the report.
        note: Anything a reader should know, or ``""``.
        line: The line of the file where the report starts, where known.
    """

    task: Task
    as_of: dt.date
    status: TaskStatus
    lead: str = ""
    partners: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    note: str = ""
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class PublishedMilestone:
    """A step of a task that a public source documents.

    Attributes:
        task: The task it belongs to.
        what: What happened.
        date: When it happened, as the source dates it.
        evidence: The source, its link and the passage that states it.
        note: How the source bears on the task, or ``""``.
    """

    task: Task
    what: str
    date: dt.date
    evidence: Evidence
    note: str = ""


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_date(text: str) -> dt.date:
    """Read a date written ``YYYY-MM-DD``, in the years the library accepts.

    Raises:
        ValueError: with the reason, if ``text`` is not such a date.
    """
    if not _ISO_DATE.fullmatch(text):
        raise ValueError(f"not a date in the form YYYY-MM-DD: {text!r}")
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date of the calendar: {text!r}") from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValueError(f"{text} is outside the years {MIN_YEAR}..{MAX_YEAR}")
    return date


def resolve_task(plan: Plan, key: object) -> Task | None:
    """The task a file names by its number (1-23) or its id, or ``None``."""
    for task in plan.tasks:
        if isinstance(key, int) and not isinstance(key, bool) and key == task.number:
            return task
        if isinstance(key, str) and key.strip() in (task.id, str(task.number)):
            return task
    return None


class _Reader:
    """Reads the mappings of one file, recording every problem."""

    def __init__(self, plan: Plan, problems: Problems) -> None:
        self.plan = plan
        self.problems = problems

    def date(self, row: Fields, key: str, *, required: bool = True) -> dt.date | None:
        value = row.string(key, required=required)
        if value is None:
            return None
        try:
            return read_date(value.strip())
        except ValueError as error:
            self.problems.add((*row.path, key), str(error))
            return None

    def task(self, row: Fields) -> Task | None:
        key = row.data.get("task")
        row.used.add("task")
        if key is None:
            if row.ok:
                row.problems.add(row.path, "missing required key 'task'")
            return None
        task = resolve_task(self.plan, key)
        if task is None:
            # A number with a point (7.0) is read exactly, as a Decimal: show it as written.
            shown = str(key) if isinstance(key, Decimal) else repr(key)
            self.problems.add(
                (*row.path, "task"),
                f"no task {shown} in the plan (give its number 1-{len(self.plan.tasks)} or its id)",
            )
        return task

    def status(self, row: Fields) -> TaskStatus | None:
        value = row.string("status")
        if value is None:
            return None
        status = STATUS_WORDS.get(value.strip())
        if status is None:
            words = ", ".join(f"{s.value} ({s.label_zh})" for s in TaskStatus)
            self.problems.add((*row.path, "status"), f"expected one of {words}; got {value!r}")
        return status

    def partners(self, row: Fields) -> tuple[str, ...]:
        value = row.data.get("partners")
        row.used.add("partners")
        if value is None:
            return ()
        if isinstance(value, str):
            # In CSV cells (and as a shorthand in YAML) units are separated as
            # Chinese lists separate them, by 、 or ；, or by a semicolon.
            return tuple(p.strip() for p in re.split(r"[、;；]", value) if p.strip())
        if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
            self.problems.add((*row.path, "partners"), "expected a list of unit names")
            return ()
        return tuple(p.strip() for p in value)

    def evidence(self, row: Fields, *, quote_required: bool = False) -> Evidence | None:
        source = row.string("source")
        url = row.string("url", required=False) or ""
        quote = row.string("quote", required=quote_required) or ""
        if url and not url.startswith(("http://", "https://")):
            self.problems.add((*row.path, "url"), f"expected an http(s) address, got {url!r}")
            return None
        return Evidence(source, url, quote) if source is not None else None

    def milestone(self, row: Fields, as_of: dt.date | None) -> Milestone | None:
        what = row.string("what")
        due = self.date(row, "due")
        done_value = row.data.get("done", False)
        row.used.add("done")
        done, done_on = False, None
        if isinstance(done_value, bool):
            done = done_value
        elif isinstance(done_value, str):
            try:
                done, done_on = True, read_date(done_value.strip())
            except ValueError as error:
                self.problems.add((*row.path, "done"), f"expected true, false or a date: {error}")
        else:
            self.problems.add(
                (*row.path, "done"), f"expected true, false or a date, got {done_value!r}"
            )
        if done_on is not None and as_of is not None and done_on > as_of:
            self.problems.add(
                (*row.path, "done"),
                f"done on {done_on}, after the report's as_of date {as_of}",
            )
        row.finish()
        if what is None or due is None:
            return None
        return Milestone(what, due, done, done_on)

    def head(
        self, row: Fields
    ) -> tuple[Task | None, dt.date | None, TaskStatus | None, str, tuple[str, ...], str]:
        """The fields of a report other than its lists: task, as_of, status, lead, partners, note."""
        return (
            self.task(row), self.date(row, "as_of"), self.status(row),
            (row.string("lead", required=False) or "").strip(), self.partners(row),
            row.string("note", required=False) or "",
        )  # fmt: skip

    def report(self, row: Fields) -> TaskReport | None:
        task, as_of, status, lead, partners, note = self.head(row)
        milestones = [
            self.milestone(item, as_of) for item in row.items("milestones", required=False)
        ]
        evidence = []
        for item in row.items("evidence", required=False):
            evidence.append(self.evidence(item))
            item.finish()
        row.finish()
        if task is None or as_of is None or status is None:
            return None
        return TaskReport(
            task, as_of, status, lead, partners,
            tuple(m for m in milestones if m is not None),
            tuple(e for e in evidence if e is not None),
            note, self.problems.document.line(row.path),
        )  # fmt: skip


def _check_unique(reports: Iterable[TaskReport], problems: Problems, paths: list[str]) -> None:
    seen: dict[tuple[str, dt.date], int] = {}
    for index, report in enumerate(reports):
        key = (report.task.id, report.as_of)
        if key in seen:
            problems.items.append(
                Problem(
                    paths[index],
                    f"a second report on task {report.task.number} as of {report.as_of} "
                    f"(the first is {paths[seen[key]]})",
                    report.line,
                )
            )
        else:
            seen[key] = index


def parse_task_reports(
    data: bytes | str,
    plan: Plan | None = None,
    source: str | None = None,
    *,
    csv_format: bool = False,
) -> tuple[TaskReport, ...]:
    """Read task progress reports from YAML (``reports: [...]``) or CSV text.

    Raises:
        PlanDataError: listing every problem of the text, with its path and line.
    """
    plan = plan_or_shipped(plan)
    if csv_format:
        return _parse_csv(data, plan, source)
    from zgc_plan._yaml import read_yaml  # PyYAML is imported when YAML is read

    document = read_yaml(data, source)
    problems = Problems(document)
    reader = _Reader(plan, problems)
    root = Fields(document.data, (), problems)
    reports: list[TaskReport] = []
    paths: list[str] = []
    for row in root.items("reports"):
        report = reader.report(row)
        if report is not None:
            reports.append(report)
            paths.append(f"reports[{row.path[-1]}]")
    root.finish()
    _check_unique(reports, problems, paths)
    problems.raise_if_any()
    return tuple(reports)


#: The columns of the CSV form; ``what``, ``due`` and ``done`` describe one
#: milestone, ``source``, ``url`` and ``quote`` one piece of evidence.
CSV_COLUMNS = (
    "task", "as_of", "status", "lead", "partners", "note",
    "what", "due", "done", "source", "url", "quote",
)  # fmt: skip
_REPORT_COLUMNS = ("status", "lead", "partners", "note")
_MILESTONE_COLUMNS = ("what", "due", "done")
_EVIDENCE_COLUMNS = ("source", "url", "quote")


def _csv_rows(data: bytes | str, source: str | None) -> InputDocument:
    text = decode_text(data, source)
    reader = csv.DictReader(io.StringIO(text))
    rows: list[object] = []
    lines: dict[tuple[str | int, ...], int] = {}
    problems: list[Problem] = []
    try:
        unknown = [c for c in reader.fieldnames or () if c not in CSV_COLUMNS]
        if unknown:
            problems.append(
                Problem("", f"unknown columns {', '.join(map(repr, unknown))}; expected "
                        f"{', '.join(CSV_COLUMNS)}", 1)
            )  # fmt: skip
        for index, record in enumerate(reader):
            if None in record:
                problems.append(
                    Problem(f"[{index}]", "more cells than header columns", reader.line_num)
                )
                continue
            row: dict[str, object] = {
                key: value.strip() for key, value in record.items() if value and value.strip()
            }
            if isinstance(row.get("done"), str):
                row["done"] = {"true": True, "false": False}.get(
                    str(row["done"]).lower(), row["done"]
                )
            rows.append(row)
            lines[(index,)] = reader.line_num
    except csv.Error as error:
        problems.append(Problem("", f"malformed CSV: {error}", reader.line_num))
    if not rows and not problems:
        problems.append(Problem("", "no report rows"))
    if problems:
        raise PlanDataError(problems, source=source)
    return InputDocument(rows, lines, source)


def _parse_csv(data: bytes | str, plan: Plan, source: str | None) -> tuple[TaskReport, ...]:
    # A row is a report, or one more milestone or piece of evidence of the report
    # with the same task and as_of, so that a spreadsheet can hold nested lists.
    document = _csv_rows(data, source)
    problems = Problems(document)
    rows: list[dict[str, object]] = document.data  # type: ignore[assignment]
    groups: dict[tuple[str, str], list[int]] = {}
    for index, row in enumerate(rows):
        groups.setdefault((str(row.get("task", "")), str(row.get("as_of", ""))), []).append(index)
    reader = _Reader(plan, problems)
    reports: list[TaskReport] = []
    paths: list[str] = []
    for indexes in groups.values():
        first = indexes[0]
        merged = {
            k: v for k, v in rows[first].items() if k not in _MILESTONE_COLUMNS + _EVIDENCE_COLUMNS
        }
        for index in indexes[1:]:
            for key in _REPORT_COLUMNS:
                if key in rows[index] and key in merged and rows[index][key] != merged[key]:
                    problems.add(
                        (index, key),
                        f"{rows[index][key]!r} differs from {merged[key]!r} in [{first}], a row of "
                        "the same report (same task and as_of)",
                    )
                merged.setdefault(key, rows[index].get(key))
        milestones = [{k: rows[i][k] for k in _MILESTONE_COLUMNS if k in rows[i]} for i in indexes]
        evidence = [{k: rows[i][k] for k in _EVIDENCE_COLUMNS if k in rows[i]} for i in indexes]
        report_row = Fields({k: v for k, v in merged.items() if v is not None}, (first,), problems)
        report = _csv_report(reader, report_row, indexes, milestones, evidence)
        if report is not None:
            reports.append(report)
            paths.append(f"[{first}]")
    # Rows are grouped by their text: 1 and task-1 name one task, as in YAML.
    _check_unique(reports, problems, paths)
    problems.raise_if_any()
    return tuple(reports)


def _csv_report(
    reader: _Reader,
    row: Fields,
    indexes: list[int],
    milestones: list[dict[str, object]],
    evidence: list[dict[str, object]],
) -> TaskReport | None:
    task, as_of, status, lead, partners, note = reader.head(row)
    row.finish()
    steps = [
        reader.milestone(Fields(cells, (index,), reader.problems), as_of)
        for index, cells in zip(indexes, milestones, strict=True)
        if cells
    ]
    sources = []
    for index, cells in zip(indexes, evidence, strict=True):
        if cells:
            fields = Fields(cells, (index,), reader.problems)
            sources.append(reader.evidence(fields))
            fields.finish()
    if task is None or as_of is None or status is None:
        return None
    return TaskReport(
        task, as_of, status, lead, partners,
        tuple(m for m in steps if m is not None), tuple(e for e in sources if e is not None),
        note, reader.problems.document.line(row.path),
    )  # fmt: skip


def load_task_reports(
    path: str | os.PathLike[str], plan: Plan | None = None
) -> tuple[TaskReport, ...]:
    """Load task progress reports from a YAML or CSV file.

    Args:
        path: A ``.yaml``/``.yml`` or ``.csv`` file in the task progress
            format (``specs/tasks.md``).
        plan: The plan whose tasks are reported on; the shipped plan by default.

    Raises:
        PlanDataError: if the file cannot be read or has bad reports; every
            problem is listed, with its path and line.

    Example:
        >>> import zgc_plan
        >>> from importlib.resources import files
        >>> example = files("zgc_plan") / "data" / "examples" / "task-progress.example.yaml"
        >>> reports = zgc_plan.load_task_reports(example)
        >>> sorted({r.task.number for r in reports}) == list(range(1, 24))
        True
    """
    plan = plan_or_shipped(plan)
    is_csv = os.fspath(path).lower().endswith(".csv")
    return parse_task_reports(read_text_file(path), plan, str(path), csv_format=is_csv)


PUBLISHED_MILESTONES = "zgc_plan/data/tasks/published-milestones.yaml"


def load_published_milestones(
    path: str | os.PathLike[str] | None = None, plan: Plan | None = None
) -> tuple[PublishedMilestone, ...]:
    """Load milestones that public sources document (``milestones: [...]``).

    Args:
        path: A YAML file of published milestones; ``None`` loads the ones
            shipped with the library, each with its source and a verbatim quote.
        plan: The plan whose tasks they belong to; the shipped plan by default.

    Raises:
        PlanDataError: listing every bad entry with its path and line.

    Example:
        >>> import zgc_plan
        >>> [m.task.number for m in zgc_plan.load_published_milestones()][:1]
        [8]
    """
    plan = plan_or_shipped(plan)
    if path is None:
        data = files(__package__).joinpath("data", "tasks", "published-milestones.yaml")
        raw, source = data.read_bytes(), PUBLISHED_MILESTONES
    else:
        raw, source = read_text_file(path), str(path)
    from zgc_plan._yaml import read_yaml

    document = read_yaml(raw, source)
    problems = Problems(document)
    reader = _Reader(plan, problems)
    root = Fields(document.data, (), problems)
    found: list[PublishedMilestone] = []
    for row in root.items("milestones"):
        task = reader.task(row)
        what = row.string("what")
        date = reader.date(row, "date")
        evidence = reader.evidence(row, quote_required=True)
        note = row.string("note", required=False) or ""
        row.finish()
        if task is not None and what is not None and date is not None and evidence is not None:
            found.append(PublishedMilestone(task, what, date, evidence, note))
    root.finish()
    problems.raise_if_any()
    return tuple(found)
