"""Enterprise microdata aggregated inside the caller's engine, by the plan's rules.

The rows of a microdata frame (one per firm and month) never become Python
objects: one grouped pass of the engine reduces them to monthly totals per
group, which are few (16 parks × 60 months is 960 rows), and those are
combined exactly (fractions) by each statistic's rule over time, then divided
into the plan's ratio indicators.
"""

from __future__ import annotations

import datetime
import functools
import math
import operator
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import narwhals.stable.v2 as nw

from zgc_plan._arguments import instance, mapping, sequence_of_names
from zgc_plan._frame_io import NativeFrame, collect, frame_of, native_frame, plain
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import ZONE_ID, AreaKind, OverTime, Plan, Statistic
from zgc_plan._periods import MAX_YEAR, MIN_YEAR, Period
from zgc_plan._units import Unit, convert_exact, exact, parse_unit, unit_text
from zgc_plan.exceptions import PlanDataError, Problem, first_line, shown

__all__ = ["aggregate"]

_SOURCE = "<microdata>"

#: An exact number: a sum of integers, or a fraction.
Number: TypeAlias = int | Fraction

#: The totals of one group and month, one per statistic column.
Totals: TypeAlias = tuple[Number, ...]


#: The month a text names: "2022-03" and "2022-03-01" both name March 2022.
_MONTH_TEXT = re.compile(r"([0-9]{4})-([0-9]{2})")


def _check_period(schema: Mapping[str, Any], period: str) -> None:
    """Refuse a month column that is neither dates nor text."""
    dtype = schema[period]
    # pandas holds the dates of a Parquet date column as Python objects.
    if dtype not in (nw.String, nw.Object, nw.Date, nw.Datetime):
        raise PlanDataError(
            (Problem(f"columns[{period!r}]", f"expected dates or 'YYYY-MM' text, got {dtype}"),),
            source=_SOURCE,
        )


def _months(
    values: list[object], period: str, problems: list[Problem]
) -> tuple[list[int | None], list[int | None]]:
    """The year and month of each period of the grouped rows.

    The engine groups by the period itself, and the few distinct periods are
    read here: that is cheaper than the year and month of every row.
    """
    read: dict[object, tuple[int | None, int | None]] = {}
    unreadable: list[str] = []
    for value in values:
        if value in read:
            continue
        month: tuple[int | None, int | None] = (None, None)
        if isinstance(value, datetime.date):  # datetime and pandas's Timestamp too
            if value == value:  # pandas's NaT is a Timestamp that equals nothing
                month = (value.year, value.month)
        elif isinstance(value, str):
            found = _MONTH_TEXT.match(value.strip())
            if found and 1 <= int(found[2]) <= 12:
                month = (int(found[1]), int(found[2]))
            else:
                unreadable.append(value)
        elif plain(value) is not None:
            unreadable.append(repr(value))
        read[value] = month
    if unreadable:
        shown = ", ".join(repr(text) for text in sorted(unreadable)[:5])
        more = f" and {len(unreadable) - 5} more" if len(unreadable) > 5 else ""
        problems.append(Problem(f"columns[{period!r}]", f"cannot be read as months: {shown}{more}"))
    pairs = [read[value] for value in values]
    return [year for year, _ in pairs], [month for _, month in pairs]


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
    DuckDB, Dask …), an eager frame of more than 262,144 rows in up to four
    slices of rows; the result is a frame of the same library, with columns
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
    plan = plan_or_shipped(plan)
    by = sequence_of_names(by, "by", "('area', 'year')")
    column_units = mapping(units or {}, "units", "{'total-revenue': '千元'}")
    firm, period = instance(firm, str, "firm"), instance(period, str, "period")
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
    factors = _unit_factors(columns, column_units, statistics, problems)
    if problems:
        raise PlanDataError(problems, source=_SOURCE)

    schema = data.collect_schema()
    _check_period(schema, period)
    _check_numeric(data, schema, columns)
    keys = [*groups, period]
    chosen = [statistics[c] for c in columns]
    thresholds = _thresholds(chosen, factors)
    sums = [f"__sum_{c}" for c in columns]
    integers = [f"__sum_{c}" for c in columns if schema[c].is_integer()]
    parts = _slices(data)
    # One expression for the sums of all columns: Narwhals builds it once.
    summed = (nw.col(*columns).sum().name.prefix("__sum_"), "sum", sums)
    # One pass for the sums, and one question: has any row an empty or too
    # small figure?  Only when one has (or a month is unreadable) does a
    # further pass count the rows, and each column's figures and minimum, for
    # the message.  The grouping is by the period itself (its year and month
    # are read from the groups): each step is a query for a SQL engine to bind.
    if data.implementation.is_duckdb():
        # DuckDB sums 64-bit integers in 128 bits, and its grouped pass answers
        # the question for less than a pass of its own (7 ms against 15-20 ms
        # at 1.2 M rows).
        flag = _flag(columns, thresholds)
        fast = _grouped(parts, keys, [(flag.any().alias("__bad"), "any", ["__bad"]), summed])
        table = _collected(fast, period, integers)
        bad = any(table["__bad"])
    else:
        # The others sum 64-bit integers in 64 bits: a pass over the whole
        # frame bounds the sums, and answers the question too, for less than
        # a flag of every row costs pandas (some 20 ms against 80 ms).
        bad = _scan_whole(
            data, parts, keys, columns, [c for c in columns if schema[c].is_integer()], thresholds
        )
        table = _collected(_grouped(parts, keys, [summed]), period, integers)
    table["__year"], table["__month"] = _months(table[period], period, problems)
    unplaced = not all(map(_placed, table["__year"], table["__month"]))
    if bad or any(t not in (None, 0) for t in thresholds) or unplaced:
        detail = _collected(_grouped(parts, keys, [
            (nw.len().alias("__rows"), "sum", ["__rows"]),
            (nw.col(*columns).count().name.prefix("__count_"), "sum",
             [f"__count_{c}" for c in columns]),
            (nw.col(*columns).min().name.prefix("__min_"), "min", [f"__min_{c}" for c in columns]),
        ]), period)  # fmt: skip
        _check(detail, keys, columns, thresholds, chosen, problems)
        _check_months(detail, period, problems)
    areas = _areas(table, groups, plan, problems)
    if problems:
        raise PlanDataError(problems, source=_SOURCE)
    monthly = _monthly(table, groups, areas, sums, set(integers))
    return _result_frame(data, schema, plan, groups, columns, factors, monthly)


#: The rows of an eager frame are grouped a slice at a time: a grouping on two
#: keys costs pandas about 50 bytes a row (factorising the keys, then the
#: group of each row), more than half the frame it groups.  By slices of at
#: least this many rows, and at most :data:`SLICES` of them, that memory is a
#: slice's (a quarter of the whole, or about 17 MiB for a smaller frame),
#: while the fixed cost of a grouping (tens of milliseconds in pandas) is paid
#: a few times only; sums, counts and minima combine exactly across slices.
#: A lazy frame is planned by its engine as a whole.
SLICE_ROWS = 1 << 18
SLICES = 4


def _slices(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any],
) -> list[nw.DataFrame[Any] | nw.LazyFrame[Any]]:
    """The frame in slices if it is eager and large, else whole."""
    if not isinstance(data, nw.DataFrame) or len(data) <= SLICE_ROWS:
        return [data]
    size = max(SLICE_ROWS, -(-len(data) // SLICES))
    return [data[start : start + size] for start in range(0, len(data), size)]


def _grouped(
    parts: Sequence[nw.DataFrame[Any] | nw.LazyFrame[Any]], keys: list[str],
    aggregations: Sequence[tuple[nw.Expr, str, Sequence[str]]],
) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:  # fmt: skip
    """Each slice grouped by ``keys``, and the groups of the slices combined.

    ``aggregations`` are each an aggregating expression, how the slices'
    results combine (``"sum"`` of sums and counts, ``"any"``, ``"min"`` of
    minima, ``"max"`` of maxima) and the names of its columns; the groups of
    the slices are few, so combining them is a small grouping.
    """
    grouped = [
        part.group_by(keys).agg(expression for expression, _, _ in aggregations) for part in parts
    ]
    if len(grouped) == 1:
        return grouped[0]
    # All eager or all lazy, as the frame is: the one type concat asks for.
    same: list[Any] = grouped
    combined: nw.DataFrame[Any] | nw.LazyFrame[Any] = (
        nw.concat(same)
        .group_by(keys)
        .agg(getattr(nw.col(*names), how)() for _, how, names in aggregations)
    )
    return combined


def _monthly(
    table: Mapping[str, list[Any]], groups: list[str], areas: Mapping[object, str],
    names: list[str], integers: set[str],
) -> dict[tuple[object, ...], dict[int, Totals]]:  # fmt: skip
    """Monthly totals per group and year in the columns' units, exactly.

    Sums of integer columns stay Python integers, the fastest exact numbers
    there are. Column by column and through ``zip``: a row at a time in
    Python would cost more than the engine's grouped pass.
    """
    sums = [
        table[name] if name in integers else [_number(v) for v in table[name]] for name in names
    ]
    cells = [[areas.get(v, v) for v in table[g]] if g == "area" else table[g] for g in groups]
    monthly: dict[tuple[object, ...], dict[int, Totals]] = defaultdict(dict)
    whole: dict[tuple[object, int], list[Totals]] = defaultdict(list)  # (year, month): parts
    for key, month, totals in zip(
        zip(*cells, table["__year"], strict=True),
        table["__month"],
        zip(*sums, strict=True),
        strict=True,
    ):
        months = monthly[key]
        previous = months.get(month)
        # A park named by its id in some rows and by its name in others is
        # more than one group of the engine's: add them up.
        months[month] = totals if previous is None else tuple(map(operator.add, previous, totals))
        whole[key[-1], month].append(totals)
    if groups:
        zone = tuple(_whole(g) for g in groups)
        for (year, month), parts in whole.items():
            monthly[(*zone, year)][month] = tuple(map(sum, zip(*parts, strict=True)))
    return monthly


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
    table: Mapping[str, list[Any]], groups: list[str], plan: Plan, problems: list[Problem]
) -> dict[object, str]:
    """The id of each park named in the ``area`` column (by id or Chinese name)."""
    if "area" not in groups:
        return {}
    ids: dict[object, str] = {}
    for name in sorted({str(cell) for cell in table["area"]}):
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


def _collected(
    frame: nw.DataFrame[Any] | nw.LazyFrame[Any], period: str, integers: Sequence[str] = ()
) -> dict[str, list[Any]]:
    """The grouped totals, collected: columns of a few hundred values.

    The sums of integer columns come back as 64-bit integers.
    """
    try:
        table = collect(frame, to_python=True)
        schema = table.schema  # built anew on each access
        wide = [name for name in integers if schema[name] != nw.Int64]
    except Exception as error:  # the engine's own error: unreadable months, an overflow
        message = first_line(error)
        overflow = any(word in message.lower() for word in ("overflow", "out of range", "bounds"))
        where, what = (
            ("", "the engine could not aggregate the frame")
            if overflow
            else (f"columns[{period!r}]", "cannot be read as months")
        )
        raise PlanDataError((Problem(where, f"{what}: {message}"),), source=_SOURCE) from None
    if not wide:
        return table.to_dict(as_series=False)
    # SQL engines widen a sum of 64-bit integers to 128 bits, which reaches
    # Python as decimals, slowly. Cast on the few collected rows (one step less
    # for a SQL engine to bind than a cast in the query), in one expression,
    # which Narwhals builds once; a sum past 64 bits is read as decimals.
    try:
        return table.with_columns(nw.col(*wide).cast(nw.Int64())).to_dict(as_series=False)
    except Exception:  # a sum past 64 bits: its decimals are read as exact integers
        columns = table.to_dict(as_series=False)
        for name in wide:
            columns[name] = [None if v is None else int(v) for v in columns[name]]
        return columns


def _check_numeric(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any], schema: Mapping[str, Any], columns: Sequence[str]
) -> None:
    """Every statistic column holds numbers; a column of text names a cell that is not one."""
    problems = [
        Problem(f"columns[{name!r}]", f"expected numbers, got a column of {schema[name]}"
                + _not_a_number(data, name, schema[name]))
        for name in columns
        if not schema[name].is_numeric()
    ]  # fmt: skip
    if problems:
        raise PlanDataError(problems, source=_SOURCE)


#: A cell of text that an engine would read as a number.
_NUMBER_TEXT = r"^\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$"


def _not_a_number(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any], name: str, dtype: nw.dtypes.DType
) -> str:
    """The first cell of a text column that is not a number, for the message.

    With its row where rows have an order (an eager frame); ``""`` for a
    column of another type.

    A CSV file read by an engine gives a column of text for one cell such as
    ``x`` or ``1,5``: the user needs that cell, not the column's type.
    """
    if dtype != nw.String:
        return ""
    cell = nw.col(name)
    bad = ~cell.is_null() & ~cell.str.contains(_NUMBER_TEXT)
    try:
        if isinstance(data, nw.DataFrame):
            rows = data.with_row_index("__row").filter(bad).select("__row", name).head(1).rows()
            return f": row {rows[0][0]} holds {shown(rows[0][1])}, not a number" if rows else ""
        values = collect(data.filter(bad).select(name).head(1)).get_column(name).to_list()
    except Exception:  # an engine without regular expressions: the type is said all the same
        return ""
    return f": {shown(values[0])} is not a number" if values else ""


#: The largest sum of 64-bit integers, about 9.2 × 10¹⁸.
_INT64_MAX = 2**63 - 1


def _flag(columns: list[str], thresholds: list[Fraction | None]) -> nw.Expr:
    """Whether a row has an empty figure, or one below its statistic's least value.

    Without ignore_nulls: a comparison is empty only where is_null is true.
    Columns of one least value are compared in one expression, which Narwhals
    builds once; a whole least value is compared as an integer, which spares
    the engine a conversion of every figure of an integer column.
    """
    least: dict[Fraction, list[str]] = defaultdict(list)
    for name, threshold in zip(columns, thresholds, strict=True):
        if threshold is not None:
            least[threshold].append(name)
    return nw.any_horizontal(
        nw.col(*columns).is_null(),
        *(
            nw.col(*names) < (int(value) if value.denominator == 1 else float(value))
            for value, names in least.items()
        ),
        ignore_nulls=False,
    )


def _scan_whole(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any],
    parts: Sequence[nw.DataFrame[Any] | nw.LazyFrame[Any]],
    keys: list[str],
    columns: list[str],
    integers: list[str],
    thresholds: list[Fraction | None],
) -> bool:
    """One pass over the whole frame: whether any figure is empty or too small.

    It also refuses the ``integers`` columns whose sums in 64 bits could pass
    them and wrap around: pandas, polars, PyArrow and Dask sum 64-bit integers
    in 64 bits, and a sum past 9.2 × 10¹⁸ wraps around without a word, a
    wrong figure.  The bound is the largest magnitude of a column (its
    maximum and, where figures may be negative, its minimum) times its rows:
    first over the whole frame; only a column past it is bounded again group
    by group, and refused only there.  In a group of a thousand firm-months a
    firm's figure would have to pass 9.2 × 10¹⁵ (元: some ten thousand times
    the month of the largest firm), so a refusal points to a unit error.

    Raises:
        PlanDataError: for a column whose sums could pass 64 bits.
    """
    # A column with a least value has its figures below it refused anyway:
    # its minimum is asked for that, and bounds its sums only where it may be negative.
    lows = [c for c, least in zip(columns, thresholds, strict=True) if least is not None]
    signed = [c for c, least in zip(columns, thresholds, strict=True) if least is None or least < 0]
    asked = [nw.col(*columns).null_count().name.prefix("__nulls_"), nw.len().alias("__rows")]
    if integers:
        asked.append(nw.col(*integers).max().name.prefix("__max_"))
    if lows or signed:
        asked.append(nw.col(*dict.fromkeys([*lows, *signed])).min().name.prefix("__min_"))
    whole = collect(data.select(*asked)).to_dict(as_series=False)
    below = any(
        (low := plain(whole[f"__min_{name}"][0])) is not None and exact(low) < least
        for name, least in zip(columns, thresholds, strict=True)
        if least is not None
    )
    bad = below or any(whole[f"__nulls_{name}"][0] for name in columns)
    bounded = {f"__max_{c}": whole[f"__max_{c}"] for c in integers}
    bounded |= {f"__min_{c}": whole[f"__min_{c}"] for c in signed if c in integers}
    risky = _past_bound(bounded | {"__rows": whole["__rows"]}, integers)
    if not risky:
        return bad
    aggregations = _extremes(risky, [name for name in signed if name in risky])
    aggregations.append((nw.len().alias("__rows"), "sum", ["__rows"]))
    grouped = collect(_grouped(parts, keys, aggregations)).to_dict(as_series=False)
    problems = [
        Problem(
            f"columns[{name!r}]",
            "figures so large that a sum could pass the 64-bit integers the engine sums in "
            "(about 9.2 × 10¹⁸): give them in a larger unit (万元 for 元), named in units=",
        )
        for name in _past_bound(grouped, risky)
    ]
    if problems:
        raise PlanDataError(problems, source=_SOURCE)
    return bad


def _extremes(
    columns: Sequence[str], signed: Sequence[str]
) -> list[tuple[nw.Expr, str, list[str]]]:
    """The maxima of ``columns`` and the minima of ``signed``.

    Each is an expression, how the slices' results combine, and its columns.
    """
    made = [(nw.col(*columns).max().name.prefix("__max_"), "max", [f"__max_{c}" for c in columns])]
    if signed:
        made.append(
            (nw.col(*signed).min().name.prefix("__min_"), "min", [f"__min_{c}" for c in signed])
        )
    return made


def _past_bound(table: Mapping[str, list[Any]], columns: Sequence[str]) -> list[str]:
    """The columns of which some row of ``table`` has its largest magnitude × rows past 64 bits."""

    def magnitude(name: str, row: int) -> int:
        # None where a group has no figure at all, and no minimum where not asked.
        cells = (
            plain(table[key][row]) for key in (f"__max_{name}", f"__min_{name}") if key in table
        )
        return max((abs(cell) for cell in cells if isinstance(cell, int)), default=0)

    rows = table["__rows"]
    return [
        name
        for name in columns
        if any(magnitude(name, row) * int(count) > _INT64_MAX for row, count in enumerate(rows))
    ]


def _thresholds(statistics: list[Statistic], factors: list[Fraction]) -> list[Fraction | None]:
    """The least value of each statistic in its column's unit (factors are positive)."""
    return [
        None if s.minimum is None else Fraction(s.minimum) / factor
        for s, factor in zip(statistics, factors, strict=True)
    ]


def _placed(year: int | None, month: int | None) -> bool:
    """Whether a month was read, in the years the library accepts."""
    return year is not None and month is not None and MIN_YEAR <= year <= MAX_YEAR


def _check_months(table: Mapping[str, list[Any]], period: str, problems: list[Problem]) -> None:
    years, months = _months(table[period], period, [])
    bad = sum(
        rows
        for rows, year, month in zip(table["__rows"], years, months, strict=True)
        if not _placed(year, month)
    )
    if bad:
        problems.append(
            Problem(f"columns[{period!r}]", f"{bad} rows without a month in {MIN_YEAR}..{MAX_YEAR}")
        )


def _check(
    table: Mapping[str, list[Any]], keys: list[str], columns: list[str],
    thresholds: list[Fraction | None], statistics: list[Statistic], problems: list[Problem],
) -> None:  # fmt: skip
    rows = sum(table["__rows"])
    empty = [rows - sum(table[f"__count_{name}"]) for name in columns]
    groups = list(zip(*(table[key] for key in keys), strict=True))
    # A park-month counts once, whichever slices of the frame its rows were in;
    # the minimum of a park-month without figures is empty (NaN in pandas).
    below = [
        0 if least is None
        else len({g for g, low in zip(groups, map(plain, table[f"__min_{name}"]), strict=True)
                  if low is not None and exact(low) < least})
        for name, least in zip(columns, thresholds, strict=True)
    ]  # fmt: skip
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


#: A unit as text, remembered: pint writes one in 10–20 µs, and each result
#: names the units of its statistics and indicators again.
_unit_text = functools.cache(unit_text)

_RESULT_SCHEMA = {
    "year": nw.Int64(), "key": nw.String(), "value": nw.Float64(), "exact": nw.String(),
    "unit": nw.String(), "status": nw.String(), "months": nw.Int64(), "missing": nw.String(),
}  # fmt: skip


def _ratios(
    plan: Plan, columns: Sequence[str]
) -> list[tuple[str, str, str, tuple[int, int], Unit]]:
    """The ratio indicators whose inputs are columns: id, inputs, exact unit factor, unit."""
    statistics = {s.id: s for s in plan.statistics}
    return [
        (indicator.id, formula.numerator, formula.denominator, _ratio_factor(
            statistics[formula.numerator].unit, statistics[formula.denominator].unit,
            indicator.unit,
        ), indicator.unit)
        for indicator in plan.indicators
        if (formula := indicator.formula) is not None
        and formula.numerator in columns and formula.denominator in columns
    ]  # fmt: skip


@functools.cache
def _ratio_factor(numerator: Unit, denominator: Unit, unit: Unit) -> tuple[int, int]:
    # Remembered: pint takes tens of microseconds to divide two units, and each
    # call of aggregate asks again for the same few.
    return convert_exact(Fraction(1), numerator / denominator, unit).as_integer_ratio()


def _result_frame(
    data: nw.DataFrame[Any] | nw.LazyFrame[Any], given: Mapping[str, Any], plan: Plan,
    groups: list[str],
    columns: list[str], factors: list[Fraction],
    monthly: Mapping[tuple[object, ...], Mapping[int, Totals]],
) -> NativeFrame:  # fmt: skip
    statistics = {s.id: s for s in plan.statistics}
    # The zone's "zone" is not among a categorical column's categories: text.
    schema: dict[str, Any] = {
        g: nw.String() if g == "area" or given[g] in (nw.Categorical, nw.Enum) else given[g]
        for g in groups
    }
    schema.update(_RESULT_SCHEMA)
    out: dict[str, list[object]] = {name: [] for name in schema}

    # What is the same in every group: each column's rule, factor and unit, and
    # each ratio's inputs, factor and unit; then the keys and units of a group.
    rules = [
        (statistics[name].over_time, factor.as_integer_ratio())
        for name, factor in zip(columns, factors, strict=True)
    ]
    ratios = [
        (name, columns.index(top), columns.index(bottom), factor, _unit_text(unit))
        for name, top, bottom, factor, unit in _ratios(plan, columns)
    ]
    units = [_unit_text(statistics[name].unit) for name in columns]
    gcd = math.gcd
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
        values: list[tuple[int, int]] = []
        # Each column's monthly totals in the months' order, in one transposition.
        series = zip(*(months[month] for month in sorted(months)), strict=True)
        for (rule, (up, down)), column in zip(rules, series, strict=True):
            # Every rule is linear, so the unit factor applies once, after it;
            # the denominators are positive, so the common divisor is all the
            # reduction needed. Plain integers, not Fractions, inline and with
            # whole sums apart: this runs for every figure of the result, and
            # Fraction's methods would cost more than the engine's pass.
            total = column[-1] if rule is OverTime.END else sum(column)
            numerator, denominator = (total, 1) if type(total) is int else total.as_integer_ratio()
            if rule is OverTime.MEAN:
                denominator *= len(column)
            numerator, denominator = numerator * up, denominator * down
            common = gcd(numerator, denominator)
            values.append((numerator // common, denominator // common))
        keys = list(columns)
        texts = list(units)
        for name, top, bottom, (up, down), text in ratios:
            (tn, td), (bn, bd) = values[top], values[bottom]
            if bn:
                numerator, denominator = tn * bd * up, td * bn * down
                if denominator < 0:  # a negative denominator (profits)
                    numerator, denominator = -numerator, -denominator
                common = gcd(numerator, denominator)
                values.append((numerator // common, denominator // common))
                keys.append(name)
                texts.append(text)
        count = len(keys)
        for name, cell in zip(groups, group[:-1], strict=True):
            out[name] += [cell] * count
        out["year"] += [group[-1]] * count
        out["key"] += keys
        out["value"] += [n / d for n, d in values]
        out["exact"] += [str(n) if d == 1 else f"{n}/{d}" for n, d in values]
        out["unit"] += texts
        out["status"] += ["derived"] * count
        out["months"] += [len(months)] * count
        out["missing"] += [";".join(lacking)] * count
    lazy = isinstance(data, nw.LazyFrame)
    # A Spark frame of results is made in the session of the caller's frame.
    spark = data.implementation.is_spark_like()
    session = data.to_native().sparkSession if spark else None
    return native_frame(out, schema, str(data.implementation.value), lazy=lazy, session=session)


def _sort_key(group: tuple[object, ...]) -> tuple[tuple[bool, str], ...]:
    # The zone first, then the groups in order, then the year.
    return tuple((cell not in (None, ZONE_ID), str(cell)) for cell in group)
