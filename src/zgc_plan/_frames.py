"""Data frames in and out, through Narwhals: one code path for every engine.

A frame of any library Narwhals supports (pandas, polars, PyArrow, DuckDB,
Dask, …) is read into observations with the same checks as a CSV file, and
observations and evaluations are written out as tidy frames of the caller's
chosen library.  Nothing here imports pandas or polars itself: Narwhals
works on the frame it is given, and builds new frames with the library
named by ``backend``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs
import narwhals.stable.v2 as nw

from zgc_plan._document import YamlDocument
from zgc_plan._fields import Fields, Problems
from zgc_plan._load import load_plan
from zgc_plan._model import Plan
from zgc_plan._observations import Observation, _read_row
from zgc_plan._units import unit_text
from zgc_plan.exceptions import PlanDataError, Problem

if TYPE_CHECKING:
    from zgc_plan._assess import ParkAssessment
    from zgc_plan._evaluate import Evaluation

__all__ = [
    "FRAME_COLUMNS",
    "Backend",
    "NativeFrame",
    "assessment_frame",
    "evaluation_frame",
    "exact_text",
    "frame_of",
    "native_frame",
    "observations_frame",
    "observations_from_frame",
    "read_exact",
]

#: A frame of whichever library the caller uses or names: pandas, polars,
#: PyArrow, DuckDB, Dask … (the library's own type, not a wrapper).
NativeFrame: TypeAlias = Any

#: A frame library Narwhals can build frames with (``"pandas"``, ``"polars"``,
#: ``"pyarrow"``; ``"duckdb"`` and ``"dask"`` give lazy frames).
Backend: TypeAlias = str

#: Columns an observation frame may have: the keys of the CSV format, plus
#: ``key`` (an indicator's or a statistic's id), ``exact`` (the value as an
#: exact fraction written ``n/d``, which wins over ``value``) and ``months``
#: (how many months an aggregated figure covers, for information).
FRAME_COLUMNS = (
    "indicator", "statistic", "key", "area", "period", "year", "value", "exact", "unit",
    "status", "missing", "months", "source", "url", "quote", "note", "scope", "as_published",
    "formula", "zone_wide",
)  # fmt: skip

_EAGER = ("pandas", "polars", "pyarrow", "modin", "cudf")
_EXACT = re.compile(r"[-+]?[0-9]+(?:/[0-9]+)?")
#: Two figures that should be the same number agree this closely as floats.
_REL_TOLERANCE = 1e-9


def frame_of(frame: object, source: str) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    """Wrap a native frame in Narwhals, or report that it is not one.

    Raises:
        PlanDataError: if ``frame`` is not a frame of a library Narwhals supports.
    """
    try:
        return nw.from_native(frame)
    except TypeError:
        raise PlanDataError(
            (Problem("", f"not a data frame Narwhals can read: {type(frame).__name__}"),),
            source=source,
        ) from None


def _collect(frame: nw.DataFrame[Any] | nw.LazyFrame[Any]) -> nw.DataFrame[Any]:
    return frame.collect() if isinstance(frame, nw.LazyFrame) else frame


def _plain(value: object) -> object:
    """A cell as plain Python data: numpy scalars unwrapped, NaN/NaT/None as None."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bytes | Decimal):
        value = item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value


def _cell(column: str, value: object) -> object:
    """A frame cell as the observation reader expects it (the CSV reader's types)."""
    value = _plain(value)
    if value is None:
        return None
    if column == "value" and isinstance(value, float):
        # A float is read as the decimal a person wrote (its shortest repr), and a
        # whole one as an integer; infinity stays a number, for the reader to report.
        if not math.isfinite(value):
            return Decimal(str(value))
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if column in ("year", "indicator") and isinstance(value, float) and value.is_integer():
        # Integer columns with a missing cell become float in pandas.
        return int(value)
    return value


def read_exact(text: object) -> Fraction | None:
    """Read ``"n/d"`` or ``"n"`` as an exact fraction; ``None`` if it is not one."""
    if not isinstance(text, str) or not _EXACT.fullmatch(text.strip()):
        return None
    numerator, _, denominator = text.strip().partition("/")
    if denominator and int(denominator) == 0:
        return None
    return Fraction(int(numerator), int(denominator or 1))


def exact_text(magnitude: Fraction) -> str:
    """Write an exact fraction as ``n/d``, or ``n`` for an integer."""
    if magnitude.denominator == 1:
        return str(magnitude.numerator)
    return f"{magnitude.numerator}/{magnitude.denominator}"


def observations_from_frame(
    frame: object,
    *,
    columns: Mapping[str, str] | None = None,
    plan: Plan | None = None,
    source: str = "<frame>",
) -> tuple[Observation, ...]:
    """Read observations from a tidy data frame of any engine Narwhals supports.

    The columns are the keys of the CSV observation format (``indicator`` or
    ``statistic``, ``year``, ``value``, ``unit``, ``status``, ``source`` …,
    see ``specs/frames.md``); ``key`` may stand for either of ``indicator`` and
    ``statistic``, and an ``exact`` column (``"41/3"``) gives the value as an
    exact fraction.  Every row is checked as a row of a file is, and every bad
    row is reported at once by its position in the frame, counted from 0.

    Args:
        frame: A pandas, polars (eager or lazy), PyArrow, DuckDB, Dask … frame.
        columns: Other column names mapped to these, ``{"指标": "indicator"}``.
        plan: The plan observed; the shipped plan by default.
        source: The name problems are reported under.

    Raises:
        PlanDataError: listing every unknown column and every bad row.

    Example:
        >>> import pandas as pd
        >>> from zgc_plan.frames import observations_from_frame
        >>> frame = pd.DataFrame({"indicator": [7], "year": [2022], "value": [41.3]})
        >>> [o.value_text for o in observations_from_frame(frame)]
        ['41.3 万元/人']
    """
    plan = plan or load_plan()
    table = _collect(frame_of(frame, source))
    renames = dict(columns or {})
    problems: list[Problem] = []
    for old in renames:
        if old not in table.columns:
            problems.append(Problem(f"columns[{old!r}]", f"no column {old!r} to rename"))
    names = [renames.get(name, name) for name in table.columns]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(f"columns[{name!r}]", f"more than one column named {name!r}"))
    unknown = [name for name in names if name not in FRAME_COLUMNS]
    for name in unknown:
        problems.append(
            Problem(
                f"columns[{name!r}]",
                f"unknown column {name!r}; expected some of {', '.join(FRAME_COLUMNS)}",
            )
        )
    if "year" not in names and "period" not in names:
        problems.append(Problem("columns", "missing required column 'year' (or 'period')"))
    if "value" not in names and "exact" not in names:
        problems.append(Problem("columns", "missing required column 'value' (or 'exact')"))
    if problems:
        raise PlanDataError(problems, source=source)
    if len(table) == 0:
        raise PlanDataError((Problem("", "no observation rows"),), source=source)
    rows = [
        {
            name: cell
            for name, raw in zip(names, record, strict=True)
            if (cell := _cell(name, raw)) is not None and cell != ""
        }
        for record in table.iter_rows(named=False)
    ]
    return _read_rows(rows, plan, source)


def _read_rows(rows: list[dict[str, object]], plan: Plan, source: str) -> tuple[Observation, ...]:
    document = YamlDocument(rows, {}, source)
    problems = Problems(document)
    observations: list[Observation] = []
    for index, row in enumerate(rows):
        key = row.pop("key", None)
        if key is not None:
            if "indicator" in row or "statistic" in row:
                problems.add((index, "key"), "give 'key' or one of 'indicator' and 'statistic'")
                continue
            is_indicator = any(i.id == key for i in plan.indicators)
            row["indicator" if is_indicator else "statistic"] = key
        row.pop("months", None)
        exact_cell = row.pop("exact", None)
        exact = read_exact(exact_cell) if exact_cell is not None else None
        if exact_cell is not None and exact is None:
            problems.add((index, "exact"), f"not an exact fraction n/d: {exact_cell!r}")
            continue
        if exact is not None:
            given = row.get("value")
            if isinstance(given, Decimal) and given.is_finite() and not _close(given, exact):
                problems.add((index, "value"), f"{given} disagrees with exact {exact_cell}")
                continue
            row["value"] = Decimal(exact.numerator)  # checked by the reader; replaced below
        observation = _read_row(Fields(row, (index,), problems), plan, problems)
        if observation is not None and exact is not None:
            observation = attrs.evolve(observation, magnitude=exact)
        if observation is not None:
            observations.append(observation)
    problems.raise_if_any()
    return tuple(observations)


def _close(value: Decimal, exact: Fraction) -> bool:
    return math.isclose(float(value), float(exact), rel_tol=_REL_TOLERANCE, abs_tol=1e-12)


def native_frame(
    data: Mapping[str, Sequence[object]], schema: Mapping[str, Any], backend: Backend,
    *, lazy: bool = False,
) -> NativeFrame:  # fmt: skip
    """Build a native frame of ``backend`` from columns of plain Python values.

    ``lazy`` asks for polars's lazy frame; DuckDB and Dask frames are lazy anyway.

    Raises:
        ValueError: for a backend Narwhals cannot build frames with.
    """
    if backend == "pandas":
        return _pandas_frame(data, schema)
    named: Any = backend  # Narwhals checks the name; its annotation lists the known ones
    if backend in _EAGER:
        built = nw.from_dict(dict(data), schema=dict(schema), backend=named)
        return built.lazy().to_native() if lazy else built.to_native()
    # A lazy engine (DuckDB, Dask, …) is given the data through an eager
    # frame; polars is the leanest when it is there, else PyArrow.
    eager: Literal["polars", "pyarrow"] = "polars" if _importable("polars") else "pyarrow"
    built = nw.from_dict(dict(data), schema=dict(schema), backend=eager)
    try:
        return built.lazy(backend=named).to_native()
    except (ValueError, TypeError) as error:
        raise ValueError(f"cannot build a frame with {backend!r}: {error}") from None


def _pandas_frame(data: Mapping[str, Sequence[object]], schema: Mapping[str, Any]) -> NativeFrame:
    """A pandas frame whose integer and boolean columns keep their nulls.

    pandas's own integers have no null (a missing year would turn the column
    into floats): the nullable ``Int64`` and ``boolean`` types are used instead.
    """
    import pandas as pd

    table = nw.from_dict(dict(data), schema=dict(schema), backend="pyarrow").to_native()
    nullable = {"int64": pd.Int64Dtype(), "bool": pd.BooleanDtype()}
    return table.to_pandas(types_mapper=lambda dtype: nullable.get(str(dtype)))


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


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
    items = tuple(observations)
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
