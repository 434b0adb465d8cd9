"""Rendering a sub-park assessment: dict, JSON, CSV, Markdown and a plain-text table."""

from __future__ import annotations

import json
import math
from fractions import Fraction

from zgc_plan._assess import AssessmentCell, ParkAssessment, ParkResult
from zgc_plan._display import format_magnitude
from zgc_plan._escape import csv_table, markdown_cell, terminal_text
from zgc_plan._outputs import Format, render_in
from zgc_plan._report import display_width
from zgc_plan._unit_parsing import unit_text

__all__ = ["render", "to_csv", "to_dict", "to_json", "to_markdown", "to_table"]


def _number(value: Fraction | float | None, digits: int = 12) -> float | None:
    # A number that is not finite is not JSON: it is written as null.
    if value is None or not math.isfinite(number := float(value)):
        return None
    return float(f"{number:.{digits}g}")


def _cell_dict(cell: AssessmentCell) -> dict[str, object]:
    return {
        "value": _number(cell.value),
        "value_text": cell.value_text if cell.value is not None else None,
        "rank": cell.rank,
        "score": _number(cell.score, 6),
        "target": _number(cell.target),
        "gap": _number(cell.gap),
        "attainment": _number(cell.attainment, 6),
        "status": cell.observation.status.value if cell.observation else None,
    }


def _park_dict(park: ParkResult) -> dict[str, object]:
    return {
        "area": park.area.id,
        "name_zh": park.area.name_zh,
        "name_en": park.area.name_en,
        "rank": park.rank,
        "score": _number(park.score, 6),
        "missing": list(park.missing),
        "indicators": {cell.indicator.id: _cell_dict(cell) for cell in park.cells},
    }


def to_dict(assessment: ParkAssessment) -> dict[str, object]:
    """A JSON-safe dictionary: ``year``, ``parks``, ``indicators``, ``disparity`` and metadata."""
    return {
        "plan": assessment.plan.document.id,
        "year": assessment.year,
        "normalisation": assessment.normalisation,
        "indicators": [
            {
                "id": i.id,
                "number": i.number,
                "name_zh": i.name_zh,
                "name_en": i.name_en,
                "unit": unit_text(i.unit),
                "direction": i.direction.value,
                "weight": _number(assessment.weights[i.id]),
            }
            for i in assessment.indicators
        ],
        "parks": [_park_dict(park) for park in assessment.parks],
        "disparity": [
            {
                "indicator": d.indicator.id,
                "parks": d.parks,
                "top_quintile_mean": _number(d.top),
                "bottom_quintile_mean": _number(d.bottom),
                "ratio": _number(d.ratio, 6),
            }
            for d in assessment.disparities
        ],
        "disagreements": [d.message for d in assessment.disagreements],
    }


def to_json(assessment: ParkAssessment, *, indent: int | None = 2) -> str:
    """The assessment as JSON text (UTF-8 characters kept)."""
    return json.dumps(to_dict(assessment), ensure_ascii=False, indent=indent, allow_nan=False)


_CSV_COLUMNS = (
    "year", "area", "name_zh", "park_rank", "park_score", "indicator", "indicator_name_zh",
    "value", "unit", "rank", "score", "target", "gap", "attainment",
)  # fmt: skip


def to_csv(assessment: ParkAssessment, *, bom: bool = False) -> str:
    """One row per park and indicator (long form), with a header row, for a spreadsheet."""
    rows = []
    for park in assessment.parks:
        for cell in park.cells:
            values = _cell_dict(cell)
            rows.append(
                [
                    assessment.year, park.area.id, park.area.name_zh, park.rank,
                    _number(park.score, 6), cell.indicator.id, cell.indicator.name_zh,
                    values["value"], unit_text(cell.indicator.unit), cell.rank, values["score"],
                    values["target"], values["gap"], values["attainment"],
                ]
            )  # fmt: skip
    return csv_table(_CSV_COLUMNS, rows, bom=bom)


def _score_text(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def _header(assessment: ParkAssessment) -> list[str]:
    return ["名次", "分园 park", "综合 score", *(i.name_zh for i in assessment.indicators)]


def _rows(assessment: ParkAssessment) -> list[list[str]]:
    rows = []
    for park in assessment.parks:
        cells = [
            "—" if cell.value is None else f"{cell.value_text} #{cell.rank}" for cell in park.cells
        ]
        rows.append([str(park.rank or "—"), park.area.name_zh, _score_text(park.score), *cells])
    return rows


def _disparity_lines(assessment: ParkAssessment) -> list[str]:
    lines = []
    for d in assessment.disparities:
        unit = d.indicator.unit
        if d.top is None or d.bottom is None:
            lines.append(f"{d.indicator.name_zh}: {d.parks} parks with a figure, no disparity")
            continue
        ratio = "n/a" if d.ratio is None else f"{d.ratio:.2f}"
        lines.append(
            f"{d.indicator.name_zh}: top quintile {format_magnitude(d.top, unit)} ÷ bottom "
            f"{format_magnitude(d.bottom, unit)} = {ratio} ({d.parks} parks)"
        )
    return lines


def _notes(assessment: ParkAssessment) -> list[str]:
    lines = [f"{len(assessment.indicators)} indicators, normalisation: {assessment.normalisation}."]
    unscored = [p.area.name_zh for p in assessment.parks if p.score is None]
    if unscored:
        lines.append(
            f"No composite (more than 20% of the indicators without a figure): {'、'.join(unscored)}."
        )
    lines += [f"Disagreement: {d.message}" for d in assessment.disagreements]
    return lines


def to_markdown(assessment: ParkAssessment) -> str:
    """A Markdown table, one row per park, then the disparities."""
    header = _header(assessment)
    lines = [f"**{assessment.year}** 分园年度考核评价", ""]
    lines += ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in _rows(assessment)]
    lines += ["", "| 指标 indicator | disparity (top ÷ bottom quintile) |", "|---|---|"]
    for d in assessment.disparities:
        lines.append(
            f"| {markdown_cell(d.indicator.name_zh)} | {'n/a' if d.ratio is None else f'{d.ratio:.2f}'} |"
        )
    lines += ["", *(markdown_cell(line) for line in _notes(assessment))]
    return "\n".join(lines) + "\n"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def to_table(assessment: ParkAssessment) -> str:
    """A plain-text table aligned by display width, then the disparities."""
    rows = [
        [terminal_text(cell) for cell in row] for row in (_header(assessment), *_rows(assessment))
    ]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"{assessment.year} 分园年度考核评价 — sub-park assessment", ""]
    for index, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines += ["", "Disparity (mean of the top quintile ÷ mean of the bottom quintile):"]
    lines += [f"  {terminal_text(line)}" for line in _disparity_lines(assessment)]
    lines += ["", *(terminal_text(line) for line in _notes(assessment))]
    return "\n".join(lines) + "\n"


def render(assessment: ParkAssessment, format: Format) -> str:
    """Render an assessment in ``table``, ``json``, ``csv`` or ``markdown``."""
    return render_in(
        format, assessment, table=to_table, json=to_json, csv=to_csv, markdown=to_markdown
    )
