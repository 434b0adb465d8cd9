"""Rendering a task roll-up: dict, JSON, CSV, Markdown and a plain-text table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

from zgc_plan._arguments import instance
from zgc_plan._escape import csv_table, markdown_cell, markdown_table
from zgc_plan._outputs import render_in
from zgc_plan._progress import STATUS_KEYS, TaskProgress, status_label
from zgc_plan._report import display_width

if TYPE_CHECKING:
    from zgc_plan._progress import StatusCounts, TaskState

__all__ = ["render_progress", "to_csv", "to_dict", "to_json", "to_markdown", "to_table"]


def _counts_dict(counts: StatusCounts) -> dict[str, object]:
    return {
        "key": counts.key,
        "name_zh": counts.name_zh,
        "name_en": counts.name_en,
        "total": counts.total,
        "counts": dict(counts.counts),
        "shares": {key: round(counts.share(key), 4) for key in STATUS_KEYS},
    }


def _state_dict(state: TaskState) -> dict[str, object]:
    report = state.report
    override = state.override
    return {
        "task": state.task.id,
        "number": state.task.number,
        "action": state.action.id,
        "title_zh": state.task.title_zh,
        "title_en": state.task.title_en,
        "status": state.key,
        "reported_status": report.status.value if report else None,
        "as_of": report.as_of.isoformat() if report else None,
        "lead": state.lead,
        "partners": list(report.partners) if report else [],
        "overdue": [{"what": m.what, "due": m.due.isoformat()} for m in state.overdue],
        "stale": state.stale,
        "note": report.note if report else "",
        "override": None
        if override is None
        else {"status": override.status.value, "reason": override.reason, "by": override.by},
    }


def to_dict(progress: TaskProgress) -> dict[str, object]:
    """A JSON-safe dictionary: ``tasks``, ``actions``, ``overall``, ``leads``, ``overdue``."""
    return {
        "plan": progress.plan.document.id,
        "as_of": progress.as_of.isoformat(),
        "stale_months": progress.stale_months,
        "stale_since": progress.stale_since.isoformat(),
        "overall": _counts_dict(progress.overall),
        "actions": [_counts_dict(c) for c in progress.by_action],
        "leads": [_counts_dict(c) for c in progress.by_lead],
        "tasks": [_state_dict(s) for s in progress.tasks],
        "overdue": [
            {"task": s.task.number, "what": m.what, "due": m.due.isoformat()}
            for s, m in progress.overdue
        ],
        "stale": [s.task.number for s in progress.stale],
    }


def to_json(progress: TaskProgress) -> str:
    """The roll-up as JSON text (UTF-8 characters kept)."""
    return json.dumps(to_dict(progress), ensure_ascii=False, indent=2)


_CSV_COLUMNS = (
    "number", "task", "action", "title_zh", "status", "reported_status", "as_of", "lead",
    "overdue", "stale", "override_by", "override_reason",
)  # fmt: skip


def to_csv(progress: TaskProgress, *, bom: bool = False) -> str:
    """One CSV row per task, with a header row, for a spreadsheet."""
    rows = []
    for state in progress.tasks:
        row = _state_dict(state)
        override = state.override
        rows.append(
            [
                row["number"], row["task"], row["action"], row["title_zh"], row["status"],
                row["reported_status"] or "", row["as_of"] or "", row["lead"],
                "; ".join(f"{m.what} ({m.due})" for m in state.overdue),
                "true" if state.stale else "false",
                override.by if override else "", override.reason if override else "",
            ]
        )  # fmt: skip
    return csv_table(_CSV_COLUMNS, rows, bom=bom)


def _status_text(state: TaskState) -> str:
    zh, en = status_label(state.key)
    text = f"{zh} {en}"
    if state.override is not None:
        computed = state.computed.value if state.computed else "no report"
        text += f" (override by {state.override.by}; reported: {computed})"
    return text


def _summary_rows(progress: TaskProgress) -> list[list[str]]:
    header = ["", "tasks", *(f"{status_label(k)[0]} {status_label(k)[1]}" for k in STATUS_KEYS)]
    rows = [header]
    for counts in (*progress.by_action, progress.overall):
        rows.append(
            [
                counts.name_zh,
                str(counts.total),
                *(f"{counts.count(k)} ({counts.share(k):.0%})" for k in STATUS_KEYS),
            ]
        )
    return rows


def _lead_rows(progress: TaskProgress) -> list[list[str]]:
    rows = [["牵头单位 lead", "tasks", *(status_label(k)[0] for k in STATUS_KEYS)]]
    for counts in progress.by_lead:
        rows.append(
            [counts.name_zh, str(counts.total), *(str(counts.count(k)) for k in STATUS_KEYS)]
        )
    return rows


def _task_rows(progress: TaskProgress) -> list[list[str]]:
    rows = [["#", "任务 task", "状态 status", "as of", "牵头单位 lead"]]
    for state in progress.tasks:
        report = state.report
        rows.append(
            [
                str(state.task.number),
                state.task.title_zh,
                _status_text(state),
                report.as_of.isoformat() if report else "—",
                state.lead,
            ]
        )
    return rows


def _align(rows: list[list[str]]) -> list[str]:
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _lists(progress: TaskProgress, bullet: str, escape: bool) -> list[str]:
    def text(value: str) -> str:
        return markdown_cell(value) if escape else value

    lines = [f"逾期里程碑 overdue milestones ({len(progress.overdue)}):"]
    lines += [
        f"{bullet}{s.task.number}. {text(s.task.title_zh)}: {text(m.what)} (due {m.due})"
        for s, m in progress.overdue
    ]
    lines += ["", f"超过 {progress.stale_months} 个月未报告 no report since {progress.stale_since} "
              f"({len(progress.stale)}):"]  # fmt: skip
    lines += [f"{bullet}{s.task.number}. {text(s.task.title_zh)}" for s in progress.stale]
    return lines


def to_table(progress: TaskProgress) -> str:
    """Plain-text tables aligned by display width: by action, tasks, leads, overdue."""
    lines = [f"任务进展 task progress as of {progress.as_of}", ""]
    lines += _align(_summary_rows(progress))
    lines.append("")
    lines += _align(_task_rows(progress))
    lines.append("")
    lines += _align(_lead_rows(progress))
    lines.append("")
    lines += _lists(progress, "  ", escape=False)
    return "\n".join(lines) + "\n"


def to_markdown(progress: TaskProgress) -> str:
    """Markdown tables: by action, tasks, leads; then overdue and stale lists."""
    lines = [f"## 任务进展 task progress as of {progress.as_of}", ""]
    for rows in (_summary_rows(progress), _task_rows(progress), _lead_rows(progress)):
        lines += [*markdown_table(rows[0], rows[1:]), ""]
    lines += _lists(progress, "- ", escape=True)
    return "\n".join(lines) + "\n"


def render_progress(
    progress: TaskProgress, format: Literal["table", "json", "csv", "markdown"] = "table"
) -> str:
    """Write a task roll-up as ``table``, ``json``, ``csv`` or ``markdown``.

    Example:
        >>> import datetime, zgc_plan
        >>> progress = zgc_plan.roll_up_tasks([], datetime.date(2021, 6, 30))
        >>> print(zgc_plan.render_progress(progress, "csv").splitlines()[1])
        1,task-1,action-1,深化科技成果转化改革,no_report,,,,,true,,
    """
    progress = instance(progress, TaskProgress, "progress")
    return render_in(
        format, progress, table=to_table, json=to_json, csv=to_csv, markdown=to_markdown
    )
