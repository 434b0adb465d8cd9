"""Observations, evaluations and assessments as tidy frames of the caller's library."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

import narwhals.stable.v2 as nw

from zgc_plan._arguments import instances
from zgc_plan._frame_io import Backend, NativeFrame, exact_text, native_frame
from zgc_plan._observations import Observation
from zgc_plan._units import unit_text

if TYPE_CHECKING:
    from zgc_plan._assess import ParkAssessment
    from zgc_plan._evaluate import Evaluation

__all__ = ["assessment_frame", "evaluation_frame", "observations_frame"]


_OBSERVATION_SCHEMA = {
    "key": nw.String(), "area": nw.String(), "period": nw.String(), "value": nw.Float64(),
    "exact": nw.String(),
    "unit": nw.String(), "status": nw.String(), "source": nw.String(), "url": nw.String(),
    "quote": nw.String(), "note": nw.String(), "scope": nw.String(),
    "as_published": nw.String(), "formula": nw.String(), "missing": nw.String(),
}  # fmt: skip


def observations_frame(
    observations: Iterable[Observation], backend: Backend = "pandas"
) -> NativeFrame:
    """Observations as a tidy frame that :func:`observations_from_frame` reads back.

    ``value`` is a float for arithmetic and plots; ``exact`` is the same value
    as an exact fraction (``"413/10"``), which the reader prefers.

    Example:
        >>> import zgc_plan
        >>> from zgc_plan.frames import observations_frame
        >>> frame = observations_frame([zgc_plan.Observation.of("labour-productivity", 2022, "41.3万元/人")])
        >>> frame[["key", "area", "period", "value", "exact", "unit"]].to_dict("records")
        [{'key': 'labour-productivity', 'area': 'zone', 'period': '2022', 'value': 41.3, 'exact': '413/10', 'unit': '万元/人'}]
    """
    items = instances(observations, Observation, "observations")
    data: dict[str, list[object]] = {
        "key": [o.key for o in items],
        "area": [o.area for o in items],
        "period": [str(o.period) for o in items],
        "value": [float(o.magnitude) for o in items],
        "exact": [exact_text(o.magnitude) for o in items],
        "unit": [unit_text(o.unit) for o in items],
        "status": [o.status.value for o in items],
    }
    for name in ("source", "url", "quote", "note", "scope", "as_published", "formula"):
        data[name] = [getattr(o, name) for o in items]
    data["missing"] = [";".join(o.missing) for o in items]
    return native_frame(data, _OBSERVATION_SCHEMA, backend)


_EVALUATION_SCHEMA = {
    "number": nw.Int64(), "target": nw.String(), "indicator": nw.String(),
    "name_zh": nw.String(), "name_en": nw.String(), "year": nw.Int64(),
    "status": nw.String(), "observed": nw.Float64(), "target_value": nw.Float64(),
    "target_upper": nw.Float64(), "comparator": nw.String(), "unit": nw.String(),
    "gap": nw.Float64(), "attainment": nw.Float64(), "progress": nw.Float64(),
    "baseline": nw.Float64(), "baseline_year": nw.Int64(),
    "observation_status": nw.String(), "quality": nw.String(), "source": nw.String(),
}  # fmt: skip


def evaluation_frame(evaluation: Evaluation, backend: Backend = "pandas") -> NativeFrame:
    """An evaluation as a tidy frame, one row per target, with numeric columns.

    ``observed``, ``target_value`` (the lower end of a range, whose upper end
    is ``target_upper``), ``gap``, ``attainment``, ``progress`` and
    ``baseline`` are numbers in the target's ``unit``; missing ones are null.
    """
    data: dict[str, list[object]] = {name: [] for name in _EVALUATION_SCHEMA}
    for result in evaluation.results:
        target = result.target
        observation = result.observation
        upper = target.upper_magnitude
        row: dict[str, object] = {
            "number": target.number,
            "target": target.id,
            "indicator": target.indicator.id if target.indicator else None,
            "name_zh": result.name_zh,
            "name_en": result.name_en,
            "year": result.year,
            "status": result.status.value,
            "observed": result.observed_value,
            "target_value": float(target.magnitude),
            "target_upper": float(upper) if upper is not None else None,
            "comparator": target.comparator.value,
            "unit": unit_text(target.unit),
            "gap": result.gap,
            "attainment": result.attainment,
            "progress": result.progress,
            "baseline": result.baseline_value,
            "baseline_year": result.baseline_year,
            "observation_status": observation.status.value if observation else None,
            "quality": result.quality.value if result.quality is not None else None,
            "source": observation.source if observation else None,
        }
        for name, value in row.items():
            data[name].append(value)
    return native_frame(data, _EVALUATION_SCHEMA, backend)


_ASSESSMENT_SCHEMA = {
    "area": nw.String(), "name_zh": nw.String(), "rank": nw.Int64(), "score": nw.Float64(),
    "indicator": nw.String(), "value": nw.Float64(), "exact": nw.String(), "unit": nw.String(),
    "indicator_rank": nw.Int64(), "indicator_score": nw.Float64(), "target_value": nw.Float64(),
    "gap": nw.Float64(), "attainment": nw.Float64(),
}  # fmt: skip


def assessment_frame(assessment: ParkAssessment, backend: Backend = "pandas") -> NativeFrame:
    """A sub-park assessment as a tidy frame: one row per park and indicator.

    ``rank`` and ``score`` are the park's composite (null when not scored);
    ``indicator_rank``, ``indicator_score``, ``value`` (with ``exact``),
    ``target_value``, ``gap`` and ``attainment`` are of the park's figure of
    the indicator, in its ``unit``.
    """
    data: dict[str, list[object]] = {name: [] for name in _ASSESSMENT_SCHEMA}

    def number(value: Fraction | float | None) -> float | None:
        return None if value is None else float(value)

    for park in assessment.parks:
        for cell in park.cells:
            row: dict[str, object] = {
                "area": park.area.id, "name_zh": park.area.name_zh, "rank": park.rank,
                "score": park.score, "indicator": cell.indicator.id,
                "value": number(cell.value),
                "exact": None if cell.value is None else exact_text(cell.value),
                "unit": unit_text(cell.indicator.unit), "indicator_rank": cell.rank,
                "indicator_score": cell.score, "target_value": number(cell.target),
                "gap": number(cell.gap), "attainment": cell.attainment,
            }  # fmt: skip
            for name, value in row.items():
                data[name].append(value)
    return native_frame(data, _ASSESSMENT_SCHEMA, backend)
