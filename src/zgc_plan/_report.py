"""Rendering an evaluation: dict, JSON, CSV, Markdown and a plain-text table."""

from __future__ import annotations

import json
import math
import unicodedata
from typing import TYPE_CHECKING

from zgc_plan._display import format_magnitude
from zgc_plan._escape import csv_table, json_text, markdown_cell, terminal_text
from zgc_plan._outputs import FORMATS, Format, render_in
from zgc_plan._unit_parsing import unit_text

if TYPE_CHECKING:
    from zgc_plan._evaluate import CategoryScore, Evaluation, TargetResult
    from zgc_plan._observations import Observation

__all__ = ["FORMATS", "Format", "display_width", "render", "to_csv", "to_dict", "to_json"]


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (Chinese) characters take two."""
    return sum(
        2 if unicodedata.east_asian_width(char) in "WF" else 0 if unicodedata.combining(char) else 1
        for char in text
    )


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _round(value: float | None, digits: int = 6) -> float | None:
    # A non-finite figure is not JSON: it is written as null (see to_json).
    if value is None or not math.isfinite(value):
        return None
    return float(f"{value:.{digits}g}")


#: Why a number of the JSON output is null, by code (``specs/evaluation.md``, "JSON").
NULL_REASONS = {
    "no_figure": "no figure for the target",
    "not_judged": "the figure was not judged (see reason)",
    "no_baseline": "no baseline figure",
    "not_a_level": "a growth target: its figures are of the growth, not levels",
    "baseline_past_target": "the baseline is at or past the target: no way to go",
    "division_by_zero": "a division by zero (a value of 0)",
    "not_positive": "a compound rate of a value that is 0 or negative",
    "no_rate": "a growth rate it depends on is null",
    "no_growth_needed": "the growth required is 0",
    "same_year": "the figure is of the baseline's year or the target's year is not after it",
    "not_finite": "too large or too small for a JSON number (not finite)",
    "no_verdict": "no target of the group has a verdict",
}


def _why_null(result: TargetResult, row: dict[str, object]) -> dict[str, str]:
    """A reason code for every number of ``row`` that is null (NULL_REASONS)."""
    target = result.target
    reasons: dict[str, str] = {}
    numbers = ("observed_value", "gap", "attainment", "baseline", "progress", "trajectory")
    for field in numbers:
        if row[field] is not None:
            continue
        if result.observation is None:
            reasons[field] = "no_figure" if field != "baseline" else "no_baseline"
        elif target.is_growth and field in ("baseline", "trajectory"):
            reasons[field] = "not_a_level"
        elif result.reason and target.is_growth:
            reasons[field] = "not_judged"
        elif field in ("baseline", "progress", "trajectory") and result.baseline_year is None:
            reasons[field] = "no_baseline"
        elif field == "progress" and not target.is_growth:
            reasons[field] = "baseline_past_target"
        elif field == "trajectory":
            reasons[field] = "same_year"
        elif field in ("attainment", "progress") and 0 in (target.magnitude, result.observed_value):
            reasons[field] = "division_by_zero"
        else:
            reasons[field] = "not_finite"
    trajectory = row["trajectory"]
    if isinstance(trajectory, dict):
        for field, value in trajectory.items():
            if value is None:
                reasons[f"trajectory.{field}"] = _why_no_rate(result, field, trajectory)
    return reasons


def _why_no_rate(result: TargetResult, field: str, trajectory: dict[str, object]) -> str:
    """Why a number of a trajectory is null (it has a baseline and a figure)."""
    values = (result.baseline_value, result.observed_value, float(result.target.magnitude))
    positive = all(value is not None and value > 0 for value in values)
    if field == "growth_ratio" and trajectory["required_rate"] == 0:
        return "no_growth_needed"
    if field in ("growth_ratio", "projected") and (
        trajectory["actual_rate"] is None or trajectory["required_rate"] is None
    ):
        return "no_rate"
    if field == "actual_rate" and result.year == result.baseline_year:
        return "same_year"
    if field != "expected_linear" and not positive:
        return "not_positive"
    return "not_finite"


def _result_dict(result: TargetResult) -> dict[str, object]:
    row = _result_row(result)
    row["null_reasons"] = _why_null(result, row)
    return row


def _result_row(result: TargetResult) -> dict[str, object]:
    target = result.target
    observation = result.observation
    trajectory = result.trajectory
    return {
        "target": target.id,
        "number": target.number,
        "indicator": target.indicator.number if target.indicator else None,
        "indicator_id": target.indicator.id if target.indicator else None,
        "name_zh": result.name_zh,
        "name_en": result.name_en,
        "comparator": target.comparator.value,
        "target_value": target.value_text,
        "year": result.year,
        "status": result.status.value,
        "verdict_en": result.verdict_en,
        "verdict_zh": result.verdict_zh,
        "quality": result.quality.value if result.quality is not None else None,
        "relation": result.relation,
        "exceeded": result.exceeded,
        "reason": result.reason or None,
        "observed": result.observed_text,
        "observed_value": _round(result.observed_value, 12),
        "unit": unit_text(target.unit),
        "gap": _round(result.gap),
        "attainment": _round(result.attainment),
        "baseline": (
            format_magnitude(result.baseline_value, target.unit)
            if result.baseline_value is not None
            # A growth target's base figure is of its indicator, not of the growth.
            else result.base_observation.value_text
            if result.base_observation is not None
            else None
        ),
        "baseline_year": result.baseline_year,
        "progress": _round(result.progress),
        "trajectory": None
        if trajectory is None
        else {
            "expected_linear": _round(trajectory.expected_linear),
            "expected_cagr": _round(trajectory.expected_cagr),
            "actual_rate": _round(trajectory.actual_rate),
            "required_rate": _round(trajectory.required_rate),
            "growth_ratio": _round(trajectory.growth_ratio),
            "projected": _round(trajectory.projected),
        },
        "observation_status": observation.status.value if observation else None,
        "source": observation.source if observation else None,
        "note": observation.note if observation else None,
        "inputs": [
            {
                "key": o.key,
                "year": o.year,
                "period": str(o.period),
                "area": o.area,
                "value": o.value_text,
                "status": o.quality.value,
            }
            for o in (observation.inputs if observation else ())
        ],
        "conflict": None
        if result.conflict is None
        else {
            "value": result.conflict.value_text,
            "status": result.conflict.quality.value,
            "source": result.conflict.source,
            "note": result.conflict.note,
        },
        "explanation_zh": result.explanation_zh,
        "explanation_en": result.explanation_en,
    }


def _score_dict(score: CategoryScore) -> dict[str, object]:
    category = score.category
    return {
        "category": category.id if category else None,
        "name_zh": category.name_zh if category else "总体",
        "name_en": category.name_en if category else "Overall",
        "score": _round(score.score, 4),
        "null_reasons": {"score": "no_verdict"} if score.score is None else {},
        "counted": list(score.counted),
        "missing": list(score.missing),
        "not_judged": list(score.not_judged),
    }


def to_dict(evaluation: Evaluation) -> dict[str, object]:
    """A JSON-safe dictionary: ``results``, ``scores``, ``overall`` and metadata."""
    return {
        "plan": evaluation.plan.document.id,
        "year": evaluation.year,
        "normalisation": evaluation.normalisation,
        "min_status": evaluation.min_status.value if evaluation.min_status else None,
        "strict_ranges": evaluation.strict_ranges,
        "area": evaluation.area,
        "results": [
            _result_dict(result) | {"area": evaluation.area} for result in evaluation.results
        ],
        "scores": [_score_dict(score) for score in evaluation.categories],
        "overall": _score_dict(evaluation.overall),
        "skipped": [
            {
                "key": o.key,
                "year": o.year,
                "value": o.value_text,
                "scope": o.scope,
                "area": o.area,
                "period": str(o.period),
                "reason": _skipped_reason(o),
            }
            for o in evaluation.skipped
        ],
    }


def to_json(evaluation: Evaluation, *, indent: int | None = 2) -> str:
    """The evaluation as JSON text (UTF-8 characters kept)."""
    # Strict JSON: _round writes a non-finite figure as null, so none is left here.
    return json_text(
        json.dumps(to_dict(evaluation), ensure_ascii=False, indent=indent, allow_nan=False)
    )


_CSV_COLUMNS = (
    "number", "target", "indicator", "name_zh", "name_en", "target_value", "status",
    "verdict_en", "verdict_zh", "quality", "year", "observed", "gap", "attainment", "baseline",
    "baseline_year", "progress", "observation_status", "source",
)  # fmt: skip


def to_csv(evaluation: Evaluation, *, bom: bool = False) -> str:
    """One CSV row per target, with a header row, for a spreadsheet (see ``csv_table``)."""
    rows = (_result_dict(result) for result in evaluation.results)
    return csv_table(_CSV_COLUMNS, ([row.get(c) for c in _CSV_COLUMNS] for row in rows), bom=bom)


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


def _score_name(score: CategoryScore) -> str:
    category = score.category
    return f"{category.name_zh} {category.name_en}" if category else "总体 Overall"


def _score_text(score: CategoryScore) -> str:
    return "n/a" if score.score is None else f"{score.score:.1f}"


def _rows(evaluation: Evaluation) -> list[list[str]]:
    rows = []
    for result in evaluation.results:
        target = result.target
        rows.append(
            [
                str(target.number),
                result.name_zh,
                target.value_text,
                result.observed_text or "—",
                str(result.year or ""),
                result.quality.value if result.quality is not None else "",
                result.verdict_en,
                _percent(result.progress),
                (result.observation.source if result.observation else "")[:60],
            ]
        )
    return rows


_HEADER = [
    "#",
    "指标 indicator",
    "目标 target",
    "实际 observed",
    "year",
    "figure",
    "verdict",
    "progress",
    "source",
]


def _area_lines(evaluation: Evaluation) -> list[str]:
    """A heading naming the area judged, when it is not the zone."""
    area = evaluation.plan.area(evaluation.area)
    if area.id == evaluation.plan.zone.id:
        return []
    return [f"{area.name_zh} {area.name_en} ({area.id})", ""]


def to_markdown(evaluation: Evaluation) -> str:
    """A Markdown table of the results, then the scores."""
    lines = [markdown_cell(line) for line in _area_lines(evaluation)]
    lines += [
        "| " + " | ".join(_HEADER) + " |",
        "|" + "|".join("---" for _ in _HEADER) + "|",
    ]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in _rows(evaluation)]
    lines += [
        "",
        "| category | score | counted | not judged | no data |",
        "|---|---|---|---|---|",
    ]
    for score in (*evaluation.categories, evaluation.overall):
        name = _score_name(score)
        lines.append(
            f"| {markdown_cell(name)} | {_score_text(score)} | {len(score.counted)} | "
            f"{len(score.not_judged)} | {len(score.missing)} |"
        )
    return "\n".join(lines) + "\n"


def to_table(evaluation: Evaluation) -> str:
    """A plain-text table aligned by display width, then the scores."""
    rows = [_HEADER, *([terminal_text(cell) for cell in row] for row in _rows(evaluation))]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(_HEADER))]
    lines = [terminal_text(line) for line in _area_lines(evaluation)]
    for index, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    for score in (*evaluation.categories, evaluation.overall):
        name = _score_name(score)
        lines.append(
            f"{_pad(terminal_text(name), 28)} score {_score_text(score):>5}  "
            f"({len(score.counted)} judged, {len(score.not_judged)} not judged, "
            f"{len(score.missing)} without data)"
        )
    reasons = [_skipped_reason(o) for o in evaluation.skipped]
    if reasons.count("area"):
        lines.append(
            f"{reasons.count('area')} figures of another scope were left out (context only)."
        )
    if reasons.count("partial"):
        lines.append(
            f"{reasons.count('partial')} figures were left out as not of a whole year "
            "(a quarter, a month, or a year with months or parks missing)."
        )
    return "\n".join(lines) + "\n"


def _skipped_reason(observation: Observation) -> str:
    """Why a figure was left out: ``"partial"`` (not of a whole year) or ``"area"``."""
    return "area" if observation.annual else "partial"


def render(evaluation: Evaluation, format: Format) -> str:
    """Render an evaluation in one of :data:`FORMATS`."""
    return render_in(
        format, evaluation, table=to_table, json=to_json, csv=to_csv, markdown=to_markdown
    )
