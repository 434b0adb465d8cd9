"""Observations from a data frame of any engine, with the checks of a file.

A frame of any library Narwhals supports (pandas, polars, PyArrow, DuckDB,
Dask, …) is read into observations with the same checks as a CSV file;
``_frames_out`` writes frames.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from zgc_plan._arguments import mapping
from zgc_plan._document import YamlDocument
from zgc_plan._fields import Fields, Problems
from zgc_plan._frame_io import collect, frame_of, plain, read_exact
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Plan
from zgc_plan._observation_files import read_row, text_cell
from zgc_plan._observations import Observation
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["FRAME_COLUMNS", "observations_from_frame", "read_rows"]

#: Two figures that should be the same number agree this closely as floats.
_REL_TOLERANCE = 1e-9

#: Columns an observation frame may have: the keys of the CSV format, plus
#: ``key`` (an indicator's or a statistic's id), ``exact`` (the value as an
#: exact fraction written ``n/d``, which wins over ``value``) and ``months``
#: (how many months an aggregated figure covers, for information).
FRAME_COLUMNS = (
    "indicator", "statistic", "key", "area", "period", "year", "value", "exact", "unit",
    "status", "missing", "months", "source", "url", "quote", "note", "scope", "as_published",
    "formula", "zone_wide",
)  # fmt: skip


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
    plan = plan_or_shipped(plan)
    table = collect(frame_of(frame, source))
    renames = mapping(columns or {}, "columns", "{'指标': 'indicator'}")
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
    return read_rows(rows, plan, source)


def _cell(column: str, value: object) -> object:
    """A frame cell as the observation reader expects it (the CSV reader's types)."""
    value = plain(value)
    if value is None:
        return None
    if isinstance(value, str):
        # A column of text (a CSV read as text) is read as the CSV file would be.
        return text_cell(column, value)
    if column == "period" and isinstance(value, dt.date):
        # A date or a timestamp stands for its month, as in microdata.
        return f"{value.year:04d}-{value.month:02d}"
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


def read_rows(rows: list[dict[str, object]], plan: Plan, source: str) -> tuple[Observation, ...]:
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
        observation = read_row(Fields(row, (index,), problems), plan, problems)
        if observation is not None and exact is not None:
            observation = attrs.evolve(observation, magnitude=exact)
        if observation is not None:
            observations.append(observation)
    problems.raise_if_any()
    return tuple(observations)


def _close(value: Decimal, exact: Fraction) -> bool:
    return math.isclose(float(value), float(exact), rel_tol=_REL_TOLERANCE, abs_tol=1e-12)
