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
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import narwhals.stable.v2 as nw

from zgc_plan._frame_io import NativeFrame, collect, exact_text, frame_of, native_frame
from zgc_plan._load import load_plan
from zgc_plan._model import ZONE_ID, AreaKind, OverTime, Plan, Statistic
from zgc_plan._observations import MAX_YEAR, MIN_YEAR
from zgc_plan._periods import Period
from zgc_plan._units import Unit, convert_exact, exact, parse_unit, unit_text
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["aggregate"]

_SOURCE = "<microdata>"

#: An exact number: a sum of integers, or a fraction.
Number: TypeAlias = int | Fraction


def _month_columns(schema: Mapping[str, Any], period: str) -> tuple[nw.Expr, nw.Expr]:
    dtype = schema[period]
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
    frame: NativeFrame,
    plan: Plan | None = None,
    *,
    by: Sequence[str] = ("area", "year"),
    units: Mapping[str, str] | None = None,
    firm: str = "firm",
    period: str = "period",
) -> NativeFrame:
    """Aggregate enterprise microdata to parks and the zone, by the plan's rules.

    ``frame`` has one row per firm and month: a ``firm`` column, an ``area``
    column, a ``period`` column (dates, or text ``2022-03``) and one column per
    base statistic named by its id (``total-revenue``, ``employees`` …).  Each
    statistic is summed over firms and then combined over the months of each
    year by its rule (flows summed, stocks at the period's last month,
    employment averaged over the months); each ratio indicator whose inputs
    are columns is the ratio of those aggregates.  With ``area`` in ``by``,
    the zone (``area`` ``"zone"``) is computed from all rows as well; parks
    are named by id or Chinese name (``海淀园``) and come out as ids.

    The work on the rows runs in the frame's own engine (pandas, polars,
    DuckDB, Dask …); the result is a frame of the same library, with columns
    ``area``, ``year``, ``key``, ``value`` (a float), ``exact`` (the same value
    as an exact fraction, ``n/d``, when the inputs are integers or decimals),
    ``unit``, ``status``, ``months`` (the months behind the figure) and
    ``missing`` (what a partial figure lacks: months of its year, and for the
    zone the parks without rows, ``2022-12;yanqing``; empty when complete).
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

    schema = data.collect_schema()
    year, month = _month_columns(schema, period)
    keys = [*groups, "__year", "__month"]
    chosen = [statistics[c] for c in columns]
    thresholds = _thresholds(chosen, factors)
    # One pass: the sums, and a count of rows with an empty or too small
    # figure, which costs the engine next to nothing; only when there are
    # such rows does a second pass count them column by column for the message.
    flags = [nw.col(c).is_null() for c in columns] + [
        nw.col(c) < float(t) for c, t in zip(columns, thresholds, strict=True) if t is not None
    ]
    # One projection for the keys and the flag: each step is a query to bind
    # for a SQL engine, a few milliseconds each.
    fast = data.with_columns(
        year.alias("__year"), month.alias("__month"),
        nw.any_horizontal(*flags, ignore_nulls=True).cast(nw.Int64()).alias("__bad"),
    ).group_by(keys).agg(
        nw.len().alias("__rows"),
        nw.col("__bad").sum(),
        *(nw.col(c).sum().alias(f"__sum_{i}") for i, c in enumerate(columns)),
    ).with_columns(
        # SQL engines widen a sum of 64-bit integers to 128 bits, which reaches
        # Python as decimals, slowly; a park-month's sum past 9.2 × 10¹⁸ is then
        # an error of the engine's (DuckDB's cast checks), not a wrong figure.
        nw.col(f"__sum_{i}").cast(nw.Int64())
        for i, c in enumerate(columns) if schema[c].is_integer()
    )  # fmt: skip
    rows = _rows(fast, period)
    if any(row["__bad"] for row in rows) or any(t not in (None, 0) for t in thresholds):
        keyed = data.with_columns(year.alias("__year"), month.alias("__month"))
        detail = keyed.group_by(keys).agg(
            nw.len().alias("__rows"),
            *(nw.col(c).count().alias(f"__count_{i}") for i, c in enumerate(columns)),
            *(nw.col(c).min().alias(f"__min_{i}") for i, c in enumerate(columns)),
        )
        _check(_rows(detail, period), columns, thresholds, chosen, problems)
    _check_months(rows, period, problems)
    areas = _areas(rows, groups, plan, problems)
    if problems:
        raise PlanDataError(problems, source=_SOURCE)

    # Monthly totals per group in the columns' units, exactly; sums of integer
    # columns stay Python integers, the fastest exact numbers there are.
    monthly: dict[tuple[object, ...], dict[int, list[Number]]] = defaultdict(dict)
    sums = [f"__sum_{i}" for i in range(len(columns))]
    for row in rows:
        group = tuple(areas.get(row[g], row[g]) if g == "area" else row[g] for g in groups)
        totals = [_number(row[name]) for name in sums]
        # A park named by its id in some rows and by its name in others, and
        # the zone, are more than one group of the engine's: add them up.
        _add(monthly[(*group, row["__year"])], row["__month"], totals)
        if groups:
            _add(monthly[(*(_whole(g) for g in groups), row["__year"])], row["__month"], totals)
    return _result_frame(data, schema, plan, groups, columns, factors, monthly)


def _add(months: dict[int, list[Number]], month: int, totals: list[Number]) -> None:
    previous = months.get(month)
    months[month] = (
        totals if previous is None else [a + b for a, b in zip(previous, totals, strict=True)]
    )


def _number(value: object) -> Number:
    """An engine's sum as an exact number: ``int`` when it is whole."""
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return exact(value)


def _whole(group: str) -> str | None:
    """The value of a grouping column in the rows of the whole zone."""
    return ZONE_ID if group == "area" else None


def _areas(
    rows: list[dict[str, Any]], groups: list[str], plan: Plan, problems: list[Problem]
) -> dict[object, str]:
    """The id of each park named in the ``area`` column (by id or Chinese name)."""
    if "area" not in groups:
        return {}
    ids: dict[object, str] = {}
    for name in sorted({str(row["area"]) for row in rows}):
        try:
            area = plan.area(name)
        except KeyError:
            problems.append(Problem("columns['area']", f"no park {name!r} in the plan's areas"))
            continue
        if area.kind is not AreaKind.PARK:
            problems.append(
                Problem("columns['area']", f"{name!r} is not a park; microdata are per park")
            )
        ids[name] = area.id
    if problems:
        raise PlanDataError(problems, source=_SOURCE)
    return ids


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


def _rows(frame: nw.DataFrame[Any] | nw.LazyFrame[Any], period: str) -> list[dict[str, Any]]:
    """The grouped totals, collected: a few hundred rows."""
    try:
        table = collect(frame).to_dict(as_series=False)
    except Exception as error:  # the engine's own error: unreadable months, an overflow
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        overflow = any(word in message.lower() for word in ("overflow", "out of range"))
        where, what = (
            ("", "the engine could not aggregate the frame")
            if overflow
            else (f"columns[{period!r}]", "cannot be read as months")
        )
        raise PlanDataError((Problem(where, f"{what}: {message}"),), source=_SOURCE) from None
    return [dict(zip(table, values, strict=True)) for values in zip(*table.values(), strict=True)]


def _thresholds(statistics: list[Statistic], factors: list[Fraction]) -> list[Fraction | None]:
    """The least value of each statistic in its column's unit (factors are positive)."""
    return [
        None if s.minimum is None else Fraction(s.minimum) / factor
        for s, factor in zip(statistics, factors, strict=True)
    ]


def _check_months(rows: list[dict[str, Any]], period: str, problems: list[Problem]) -> None:
    bad = sum(
        row["__rows"]
        for row in rows
        if row["__year"] is None or row["__month"] is None
        or not MIN_YEAR <= row["__year"] <= MAX_YEAR
    )  # fmt: skip
    if bad:
        problems.append(
            Problem(f"columns[{period!r}]", f"{bad} rows without a month in {MIN_YEAR}..{MAX_YEAR}")
        )


def _check(
    rows: list[dict[str, Any]], columns: list[str], thresholds: list[Fraction | None],
    statistics: list[Statistic], problems: list[Problem],
) -> None:  # fmt: skip
    empty = [0] * len(columns)
    below = [0] * len(columns)
    for row in rows:
        for i, least in enumerate(thresholds):
            empty[i] += row["__rows"] - row[f"__count_{i}"]
            low = row[f"__min_{i}"]
            if low is not None and least is not None and exact(low) < least:
                below[i] += 1
    for i, statistic in enumerate(statistics):
        name = columns[i]
        if empty[i]:
            problems.append(Problem(f"columns[{name!r}]", f"{empty[i]} rows have no figure"))
        if below[i]:
            what = "negative" if statistic.minimum == 0 else f"below {statistic.minimum}"
            problems.append(
                Problem(
                    f"columns[{name!r}]",
                    f"figures {what} in {below[i]} park-months, but {statistic.name_zh} "
                    f"({name}) cannot be",
                )
            )


_RESULT_SCHEMA = {
    "year": nw.Int64(), "key": nw.String(), "value": nw.Float64(), "exact": nw.String(),
    "unit": nw.String(), "status": nw.String(), "months": nw.Int64(), "missing": nw.String(),
}  # fmt: skip


def _combine(rule: OverTime, months: Mapping[int, list[Number]], index: int) -> Number:
    """A statistic over the months of a period, by its rule in the plan data."""
    if rule is OverTime.END:
        return months[max(months)][index]
    total = sum(values[index] for values in months.values())
    return Fraction(total, len(months)) if rule is OverTime.MEAN else total


def _result_frame(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any], given: Mapping[str, Any], plan: Plan,
    groups: list[str],
    columns: list[str], factors: list[Fraction],
    monthly: Mapping[tuple[object, ...], Mapping[int, list[Number]]],
) -> NativeFrame:  # fmt: skip
    statistics = {s.id: s for s in plan.statistics}
    # The zone's "zone" is not among a categorical column's categories: text.
    schema: dict[str, Any] = {
        g: nw.String() if g == "area" or given[g] in (nw.Categorical, nw.Enum) else given[g]
        for g in groups
    }
    schema.update(_RESULT_SCHEMA)
    out: dict[str, list[object]] = {name: [] for name in schema}

    texts: dict[Unit, str] = {}

    def emit(group: tuple[object, ...], key: str, value: Fraction, unit: Unit, months: int) -> None:
        out["missing"].append(missing)
        for name, cell in zip(groups, group[:-1], strict=True):
            out[name].append(cell)
        out["year"].append(group[-1])
        out["key"].append(key)
        out["value"].append(float(value))
        out["exact"].append(exact_text(value))
        out["unit"].append(texts.get(unit) or texts.setdefault(unit, unit_text(unit)))
        out["status"].append("derived")
        out["months"].append(months)

    # The ratio indicators whose inputs are columns, with the exact factor from
    # their inputs' units to their own.
    ratios = [
        (indicator, formula.numerator, formula.denominator, convert_exact(
            Fraction(1),
            statistics[formula.numerator].unit / statistics[formula.denominator].unit,
            indicator.unit,
        ))
        for indicator in plan.indicators
        if (formula := indicator.formula) is not None
        and formula.numerator in columns and formula.denominator in columns
    ]  # fmt: skip
    parks = [area.id for area in plan.parks]
    present: dict[object, set[str]] = defaultdict(set)  # year: the parks with figures
    if "area" in groups:
        for group in monthly:
            present[group[-1]].add(str(group[groups.index("area")]))
    for group in sorted(monthly, key=_sort_key):
        months = monthly[group]
        # What a partial figure lacks: months of its year, and for the zone, parks.
        lacking = [str(Period(group[-1], m, m)) for m in range(1, 13) if m not in months]  # type: ignore[arg-type]
        if "area" in groups and group[groups.index("area")] == ZONE_ID:
            lacking += [park for park in parks if park not in present[group[-1]]]
        missing = ";".join(lacking)
        totals: dict[str, Fraction] = {}
        for index, name in enumerate(columns):
            # Every rule is linear, so the unit factor applies once, after it.
            totals[name] = factors[index] * _combine(statistics[name].over_time, months, index)
            emit(group, name, totals[name], statistics[name].unit, len(months))
        for indicator, top, bottom, factor in ratios:
            if totals[bottom]:
                ratio = totals[top] / totals[bottom] * factor
                emit(group, indicator.id, ratio, indicator.unit, len(months))
    lazy = isinstance(data, nw.LazyFrame)
    return native_frame(out, schema, str(data.implementation.value), lazy=lazy)


def _sort_key(group: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
    # The zone first, then the groups in order, then the year.
    return tuple((cell not in (None, ZONE_ID), str(cell)) for cell in group)
