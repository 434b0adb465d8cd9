"""Enterprise microdata aggregated inside the caller's engine, by the plan's rules.

The rows of a microdata frame (one per firm and month) never become Python
objects: one grouped pass of the engine reduces them to monthly totals per
group, which are few (16 parks × 60 months is 960 rows), and those are
combined exactly (fractions) by each statistic's rule over time, then divided
into the plan's ratio indicators.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import narwhals.stable.v2 as nw

from zgc_plan._frames import _collect, exact_text, frame_of, native_frame
from zgc_plan._load import load_plan
from zgc_plan._model import IndicatorKind, Plan, Statistic
from zgc_plan._observations import MAX_YEAR, MIN_YEAR
from zgc_plan._units import Unit, convert_exact, exact, parse_unit, unit_text
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["OverTime", "aggregate", "over_time"]

#: How a statistic's monthly figures make the figure of a longer period.
OverTime: TypeAlias = Literal["sum", "end", "mean"]

_BY_KIND: dict[IndicatorKind, OverTime] = {
    IndicatorKind.FLOW: "sum",
    IndicatorKind.STOCK: "end",
    IndicatorKind.LEVEL: "end",
}

#: Statistics that may be negative (a firm's loss); the others may not.
_MAY_BE_NEGATIVE = frozenset({"profits"})

_SOURCE = "<microdata>"
_MONTHS_IN_YEAR = 12


def over_time(statistic: Statistic) -> OverTime:
    """A statistic's rule over time, from the plan data.

    A plan that declares ``over_time`` for the statistic is followed; else
    flows are summed and stocks and levels taken at the end of the period.
    """
    declared = getattr(statistic, "over_time", None)
    if declared is not None:
        return getattr(declared, "value", declared)  # type: ignore[no-any-return]
    return _BY_KIND[statistic.kind]


def _month_columns(
    frame: nw.DataFrame[Any] | nw.LazyFrame[Any], period: str
) -> tuple[nw.Expr, nw.Expr]:
    dtype = frame.collect_schema()[period]
    column = nw.col(period)
    if dtype == nw.String:
        # "2022-03" and "2022-03-01" both name March 2022.
        column = column.str.slice(0, 7).str.to_datetime(format="%Y-%m")
    elif dtype == nw.Object:
        # pandas holds the dates of a Parquet date column as Python objects.
        column = column.cast(nw.Datetime())
    elif dtype != nw.Date and dtype != nw.Datetime:
        raise PlanDataError(
            (Problem(f"columns[{period!r}]", f"expected dates or 'YYYY-MM' text, got {dtype}"),),
            source=_SOURCE,
        )
    return column.dt.year().cast(nw.Int64()), column.dt.month().cast(nw.Int64())


def aggregate(
    frame: object,
    plan: Plan | None = None,
    *,
    by: Sequence[str] = ("area", "year"),
    units: Mapping[str, str] | None = None,
    firm: str = "firm",
    period: str = "period",
) -> Any:
    """Aggregate enterprise microdata to parks and the zone, by the plan's rules.

    ``frame`` has one row per firm and month: a ``firm`` column, an ``area``
    column, a ``period`` column (dates, or text ``2022-03``) and one column per
    base statistic named by its id (``total-revenue``, ``employees`` …).  Each
    statistic is summed over firms and then combined over the months of each
    year by its rule (flows summed, stocks at the period's last month,
    employment averaged over the months); each ratio indicator whose inputs
    are columns is the ratio of those aggregates.  With ``area`` in ``by``,
    the zone (``area`` null) is computed from all rows as well.

    The work on the rows runs in the frame's own engine (pandas, polars,
    DuckDB, Dask …); the result is a frame of the same library, with columns
    ``area``, ``year``, ``key``, ``value`` (a float), ``exact`` (the same value
    as an exact fraction, ``n/d``, when the inputs are integers or decimals),
    ``unit``, ``status`` and ``months`` (the months behind the figure).
    :func:`zgc_plan.frames.observations_from_frame` reads it into observations.

    Args:
        frame: Microdata in a frame of any library Narwhals supports.
        plan: The plan whose statistics and indicators are computed.
        by: The grouping: ``"year"`` and any other columns (``"area"``).
        units: The unit of each statistic column (``{"total-revenue": "千元"}``);
            a column not named is in its statistic's own unit.
        firm: The name of the firm column.
        period: The name of the month column.

    Raises:
        PlanDataError: for missing columns, units of the wrong dimension,
            empty or negative figures, and months that cannot be read.
    """
    plan = plan or load_plan()
    data = frame_of(frame, _SOURCE)
    names = list(data.columns)
    statistics = {s.id: s for s in plan.statistics}
    problems: list[Problem] = []
    groups = [name for name in by if name != "year"]
    if "year" not in by:
        problems.append(Problem("by", "the grouping must include 'year'"))
    for name in (firm, period, *groups):
        if name not in names:
            problems.append(Problem(f"columns[{name!r}]", f"missing required column {name!r}"))
    columns = [name for name in names if name in statistics]
    if not columns:
        problems.append(
            Problem("columns", f"no column named by a statistic id ({', '.join(statistics)})")
        )
    factors = _unit_factors(columns, units or {}, statistics, problems)
    if problems:
        raise PlanDataError(problems, source=_SOURCE)

    year, month = _month_columns(data, period)
    keys = [*groups, "__year", "__month"]
    reduced = (
        data.with_columns(year.alias("__year"), month.alias("__month"))
        .group_by(keys)
        .agg(
            nw.len().alias("__rows"),
            *(nw.col(c).sum().alias(f"__sum_{i}") for i, c in enumerate(columns)),
            *(nw.col(c).count().alias(f"__count_{i}") for i, c in enumerate(columns)),
            *(nw.col(c).min().alias(f"__min_{i}") for i, c in enumerate(columns)),
        )
    )
    try:
        rows = _collect(reduced).rows(named=True)
    except PlanDataError:
        raise
    except Exception as error:  # the engine's own error for unreadable months
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise PlanDataError(
            (Problem(f"columns[{period!r}]", f"cannot be read as months: {message}"),),
            source=_SOURCE,
        ) from None
    _check(rows, columns, period, problems)
    if problems:
        raise PlanDataError(problems, source=_SOURCE)

    # Monthly totals per group, in each statistic's own unit, exactly.
    monthly: dict[tuple[object, ...], dict[int, list[Fraction]]] = defaultdict(dict)
    for row in rows:
        group = tuple(row[g] for g in groups)
        totals = [exact(row[f"__sum_{i}"]) * factors[i] for i in range(len(columns))]
        monthly[(*group, row["__year"])][row["__month"]] = totals
        if groups:
            zone = monthly[(*(None for _ in groups), row["__year"])]
            previous = zone.get(row["__month"])
            zone[row["__month"]] = (
                totals if previous is None else [a + b for a, b in zip(previous, totals, strict=True)]
            )
    return _result_frame(data, plan, groups, columns, monthly)


def _unit_factors(
    columns: list[str], units: Mapping[str, str], statistics: Mapping[str, Statistic],
    problems: list[Problem],
) -> list[Fraction]:  # fmt: skip
    for name in units:
        if name not in statistics:
            problems.append(Problem(f"units[{name!r}]", f"no statistic {name!r} in the plan"))
        elif name not in columns:
            problems.append(Problem(f"units[{name!r}]", f"no column {name!r} in the frame"))
    factors: list[Fraction] = []
    for name in columns:
        statistic = statistics[name]
        unit: Unit = statistic.unit
        if name in units:
            try:
                unit = parse_unit(units[name], source=_SOURCE, path=f"units[{name!r}]")
            except PlanDataError as error:
                problems.extend(error.problems)
                factors.append(Fraction(1))
                continue
        if unit.dimensionality != statistic.unit.dimensionality:
            problems.append(
                Problem(
                    f"units[{name!r}]",
                    f"{unit_text(unit)} is not a unit of {statistic.name_zh} ({name}), "
                    f"which is measured in {unit_text(statistic.unit)}",
                )
            )
        # 万/亿 and every other factor are exact fractions: no float rounding.
        factors.append(convert_exact(Fraction(1), unit, statistic.unit))
    return factors


def _check(
    rows: list[dict[str, Any]], columns: list[str], period: str, problems: list[Problem]
) -> None:
    empty = [0] * len(columns)
    negative = [0] * len(columns)
    bad_months = 0
    for row in rows:
        year, month = row["__year"], row["__month"]
        if year is None or month is None or not MIN_YEAR <= year <= MAX_YEAR:
            bad_months += row["__rows"]
        for i in range(len(columns)):
            empty[i] += row["__rows"] - row[f"__count_{i}"]
            low = row[f"__min_{i}"]
            if low is not None and low < 0:
                negative[i] += 1
    if bad_months:
        problems.append(
            Problem(f"columns[{period!r}]", f"{bad_months} rows without a month in {MIN_YEAR}..{MAX_YEAR}")
        )
    for i, name in enumerate(columns):
        if empty[i]:
            problems.append(Problem(f"columns[{name!r}]", f"{empty[i]} rows have no figure"))
        if negative[i] and name not in _MAY_BE_NEGATIVE:
            problems.append(
                Problem(
                    f"columns[{name!r}]",
                    f"negative figures in {negative[i]} group-months, but {name} cannot be negative",
                )
            )


_RESULT_SCHEMA = {
    "year": nw.Int64(), "key": nw.String(), "value": nw.Float64(), "exact": nw.String(),
    "unit": nw.String(), "status": nw.String(), "months": nw.Int64(),
}  # fmt: skip


def _combine(rule: OverTime, months: Mapping[int, list[Fraction]], index: int) -> Fraction:
    if rule == "sum":
        return sum((values[index] for values in months.values()), Fraction(0))
    if rule == "mean":
        return sum((values[index] for values in months.values()), Fraction(0)) / len(months)
    return months[max(months)][index]


def _result_frame(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any], plan: Plan, groups: list[str],
    columns: list[str], monthly: Mapping[tuple[object, ...], Mapping[int, list[Fraction]]],
) -> Any:  # fmt: skip
    statistics = {s.id: s for s in plan.statistics}
    schema: dict[str, Any] = {g: data.collect_schema()[g] for g in groups}
    schema.update(_RESULT_SCHEMA)
    out: dict[str, list[object]] = {name: [] for name in schema}

    def emit(group: tuple[object, ...], key: str, value: Fraction, unit: Unit, months: int) -> None:
        for name, cell in zip(groups, group[:-1], strict=True):
            out[name].append(cell)
        out["year"].append(group[-1])
        out["key"].append(key)
        out["value"].append(float(value))
        out["exact"].append(exact_text(value))
        out["unit"].append(unit_text(unit))
        out["status"].append("derived")
        out["months"].append(months)

    for group in sorted(monthly, key=_sort_key):
        months = monthly[group]
        totals: dict[str, Fraction] = {}
        for index, name in enumerate(columns):
            totals[name] = _combine(over_time(statistics[name]), months, index)
            emit(group, name, totals[name], statistics[name].unit, len(months))
        for indicator in plan.indicators:
            formula = indicator.formula
            if formula is None or formula.numerator not in totals:
                continue
            bottom = totals.get(formula.denominator)
            if not bottom:
                continue
            unit = statistics[formula.numerator].unit / statistics[formula.denominator].unit
            ratio = convert_exact(totals[formula.numerator] / bottom, unit, indicator.unit)
            emit(group, indicator.id, ratio, indicator.unit, len(months))
    lazy = isinstance(data, nw.LazyFrame)
    return native_frame(out, schema, str(data.implementation.value), lazy=lazy)


def _sort_key(group: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
    # The zone (null area) first, then the groups in order, then the year.
    return tuple((cell is not None, str(cell)) for cell in group)
