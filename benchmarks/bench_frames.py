"""Microdata aggregation through zgc_plan.frames against hand-written DuckDB SQL and pandas.

Every ratio is measured side by side in one run on the same generated frame
(synthetic firms: 20,000 firms x 60 months = 1.2 M rows by default):

- park x year aggregation of every ratio indicator, zgc_plan on DuckDB over
  the same query written by hand in DuckDB SQL (target <= 1.3);
- the same on pandas over hand-written pandas (target <= 1.3);
- polars (lazy) over hand-written polars, for information;
- the peak memory of the pandas run over the input frame (target <= 1.5),
  traced by tracemalloc;
- ``--national`` adds 12 M rows with DuckDB, timed in the same rounds as
  1.2 M rows, and the slope of time in rows of both sides.

The hand-written code computes what zgc_plan does: every base statistic and
ratio indicator of each park and of the zone per year, exactly (integer sums
in the engine, the unit factors and ratios as fractions); the script checks
that both give the same fractions before it times them.  It does not check
the rows for empty or negative figures, which zgc_plan does.  Each side runs
``--repeat`` times, in turns; the ratio is that of the medians, with the
spread of the ratios round by round.

``nox -s bench-frames`` or ``python benchmarks/bench_frames.py [--firms N] [--national]``; exit code 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import time
import tracemalloc
from collections.abc import Callable, Iterable
from fractions import Fraction
from importlib.metadata import version
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import pandas as pd
import polars as pl

from zgc_plan._synthetic import SYNTHETIC_UNITS, synthetic_microdata
from zgc_plan.frames import aggregate

FLOWS = ["total-revenue", "value-added", "profits", "st-expenditure", "energy-consumption"]
STOCKS = ["invention-patents-held"]  # at the year's last month
COLUMNS = [*FLOWS, "employees", *STOCKS]  # employees: the mean over the months
# Exact factors from the columns' units to the statistics' (元 -> 亿元, 人 -> 万人, kgce -> 万吨标煤).
TO_STAT = {
    "元": Fraction(1, 10**8),
    "人": Fraction(1, 10**4),
    "件": Fraction(1),
    "千克标煤": Fraction(1, 10**7),
}
RATIOS = {  # indicator: (numerator, denominator, factor from statistic units to the indicator's)
    "rd-intensity": ("st-expenditure", "total-revenue", Fraction(100)),
    "invention-patents-per-10k-employees": ("invention-patents-held", "employees", Fraction(1)),
    "profit-margin": ("profits", "total-revenue", Fraction(100)),
    "labour-productivity": ("value-added", "employees", Fraction(1)),
    "revenue-per-employee": ("total-revenue", "employees", Fraction(1)),
    "energy-intensity": ("energy-consumption", "value-added", Fraction(1)),
}

#: One exact figure: (area, year, key) -> value.
Figures = dict[tuple[str, int, str], Fraction]


def _factor(column: str) -> Fraction:
    return TO_STAT[SYNTHETIC_UNITS[column]]


def _time(function: Callable[[], object]) -> tuple[float, float]:
    """Wall time and CPU time (of every thread of the process) of one call."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - cpu


#: Times of several runs: (wall, CPU) seconds each.
Times = list[tuple[float, float]]


def _rounds(functions: list[Callable[[], object]], repeat: int) -> list[Times]:
    """Times of several functions run in turns, so that the load of the machine hits all.

    Which goes first rotates from round to round.
    """
    times: list[Times] = [[] for _ in functions]
    for round_ in range(repeat):
        for i in range(len(functions)):
            which = (i + round_) % len(functions)
            times[which].append(_time(functions[which]))
    return times


def _pair(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[Times, Times]:
    """Times of two functions run in turns (which goes first alternates)."""
    mine, base = _rounds([ours, theirs], repeat)
    return mine, base


def _exact(area: str, year: int, months: int, totals: dict[str, int]) -> Figures:
    """The statistics and ratios of one park-year from its integer totals, as fractions.

    ``totals`` holds the yearly sums of the flows and of employees (over
    ``months`` months) and the stocks at the last month, in the columns' units.
    """
    stats = {c: totals[c] * _factor(c) for c in COLUMNS}
    stats["employees"] /= months
    figures = {(area, year, key): value for key, value in stats.items()}
    for name, (top, bottom, factor) in RATIOS.items():
        if stats[bottom]:
            figures[area, year, name] = stats[top] / stats[bottom] * factor
    return figures


def _figures(rows: Iterable[tuple[Any, ...]]) -> Figures:
    """Rows (area, year, months, *COLUMNS totals) as exact figures."""
    figures: Figures = {}
    for area, year, months, *totals in rows:
        figures.update(
            _exact(
                str(area), int(year), int(months), dict(zip(COLUMNS, map(int, totals), strict=True))
            )
        )
    return figures


def _q(name: str) -> str:
    return '"' + name + '"'


def hand_sql(con: duckdb.DuckDBPyConnection, table: str = "firms") -> Figures:
    """The aggregation as a statistician writes it in DuckDB SQL, exactly.

    Integer sums in the engine (64-bit, as zgc_plan collects them), the
    factors and ratios as fractions in Python on the 85 park- and zone-years.
    """
    sums = ", ".join(f"sum({_q(c)})::BIGINT AS {_q(c)}" for c in COLUMNS)
    yearly = ", ".join(f"sum({_q(c)})::BIGINT" for c in [*FLOWS, "employees"])
    stocks = ", ".join(f"arg_max({_q(c)}, mo)" for c in STOCKS)
    query = f"""
        WITH m AS (
            SELECT area, year(period) AS y, month(period) AS mo, {sums}
            FROM {table} GROUP BY GROUPING SETS ((area, y, mo), (y, mo))
        )
        SELECT coalesce(area, 'zone') AS area, y, count(*), {yearly}, {stocks}
        FROM m GROUP BY ALL ORDER BY area, y
    """
    return _figures(con.sql(query).fetchall())


def hand_pandas(frame: pd.DataFrame) -> Figures:
    """The same in pandas: integer sums, fractions for the factors and ratios."""
    keyed = frame[["area", *COLUMNS]].assign(y=frame["period"].dt.year, mo=frame["period"].dt.month)
    monthly = keyed.groupby(["area", "y", "mo"], observed=True)[COLUMNS].sum()
    zone = monthly.groupby(level=["y", "mo"]).sum()
    zone["area"] = "zone"
    both = pd.concat([monthly.reset_index(), zone.reset_index()])
    rules = dict.fromkeys([*FLOWS, "employees"], "sum") | dict.fromkeys(STOCKS, "last")
    yearly = (
        both.sort_values("mo")
        .groupby(["area", "y"], observed=True)
        .agg(months=("mo", "size"), **{c: (c, rule) for c, rule in rules.items()})
    )
    table = yearly.reset_index()[["area", "y", "months", *COLUMNS]]
    return _figures(table.itertuples(index=False))


def hand_polars(frame: pl.LazyFrame) -> Figures:
    """The same in polars, lazily."""
    keyed = frame.with_columns(y=pl.col("period").dt.year(), mo=pl.col("period").dt.month())
    monthly = keyed.group_by("area", "y", "mo").agg(pl.col(c).sum() for c in COLUMNS)
    zone = monthly.group_by("y", "mo").agg(pl.col(c).sum() for c in COLUMNS)
    both = pl.concat(
        [monthly.with_columns(pl.col("area").cast(pl.String)),
         zone.with_columns(area=pl.lit("zone"))],
        how="diagonal",
    )  # fmt: skip
    yearly = both.group_by("area", "y").agg(
        pl.len().alias("months"),
        *(pl.col(c).sum() for c in [*FLOWS, "employees"]),
        *(pl.col(c).sort_by("mo").last() for c in STOCKS),
    )
    return _figures(yearly.select("area", "y", "months", *COLUMNS).collect().iter_rows())


def ours_figures(native: object) -> Figures:
    """zgc_plan's result as exact figures, to check that both sides compute the same."""
    table = nw.from_native(native)
    if isinstance(table, nw.LazyFrame):
        table = table.collect()
    return {
        (str(area), int(year), str(key)): Fraction(exact)
        for area, year, key, exact in table.select("area", "year", "key", "exact").iter_rows()
    }


def check_same(ours: object, theirs: Figures, what: str) -> None:
    """Fail loudly unless zgc_plan and the hand-written code give the same exact figures."""
    mine = ours_figures(ours)
    if mine != theirs:
        differ = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
        raise SystemExit(f"{what}: zgc_plan and the hand-written code differ at {differ[:5]}")


def peak_memory(function: Callable[[], object]) -> int:
    """The most memory allocated at once while ``function`` runs, above what it started with.

    Traced by ``tracemalloc``, which sees numpy's and so pandas's arrays as
    well as Python's objects: unlike the resident set size, it does not hide
    an allocation in memory freed earlier and kept by the allocator.
    """
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _report(name: str, ratio: float, target: float | None, detail: str) -> bool:
    ok = target is None or ratio <= target
    goal = f"(target <= {target})" if target is not None else "(information)"
    print(f"{name:<44} {ratio:6.2f}x {goal:<18} {'ok' if ok else 'MISSED':<7} {detail}")
    return ok


def _compare(name: str, times: tuple[Times, Times], target: float | None) -> tuple[bool, float]:
    """Report the ratio of the median wall times, with the spread of the ratios round by round.

    The ratio of the median CPU times is printed beside it: on a machine loaded
    by other work, it is disturbed less than the wall time.
    """
    mine = [wall for wall, _ in times[0]]
    base = [wall for wall, _ in times[1]]
    rounds = sorted(a / b for a, b in zip(mine, base, strict=True))
    ratio = _median(mine) / _median(base)
    cpu = _median([c for _, c in times[0]]) / _median([c for _, c in times[1]])
    detail = (
        f"{_median(mine) * 1e3:.0f} ms vs {_median(base) * 1e3:.0f} ms (medians of {len(mine)}); "
        f"ratio per round {rounds[0]:.2f}-{rounds[-1]:.2f}, middle half "
        f"{rounds[len(rounds) // 4]:.2f}-{rounds[(3 * len(rounds)) // 4]:.2f}; CPU time {cpu:.2f}x"
    )
    return _report(name, ratio, target, detail), _median(mine)


def run(firms: int, repeat: int) -> bool:
    frame = synthetic_microdata(firms, 60)
    rows = len(frame)
    size = int(frame.memory_usage(deep=True).sum())
    print(f"{rows:,} rows ({firms:,} firms x 60 months), {size / 2**20:.0f} MiB in pandas")
    con = duckdb.connect()
    con.register("frame", frame)
    con.execute("CREATE TABLE firms AS SELECT * FROM frame")
    relation = con.table("firms")
    lazy = pl.from_pandas(frame).lazy()

    def ours_duckdb() -> object:
        return aggregate(relation, units=SYNTHETIC_UNITS).fetchall()

    def ours_pandas() -> object:
        return aggregate(frame, units=SYNTHETIC_UNITS)

    def ours_polars() -> object:
        return aggregate(lazy, units=SYNTHETIC_UNITS).collect()

    # Both sides compute the same exact figures, or there is nothing to compare.
    check_same(aggregate(relation, units=SYNTHETIC_UNITS), hand_sql(con), "DuckDB")
    check_same(ours_pandas(), hand_pandas(frame), "pandas")
    check_same(ours_polars(), hand_polars(lazy), "polars")

    ok, _ = _compare("DuckDB: zgc_plan / hand-written SQL",
                       _pair(ours_duckdb, lambda: hand_sql(con), repeat), 1.3)  # fmt: skip
    done, _ = _compare("pandas: zgc_plan / hand-written pandas",
                       _pair(ours_pandas, lambda: hand_pandas(frame), repeat), 1.3)  # fmt: skip
    ok &= done
    _compare("polars lazy: zgc_plan / hand-written polars",
             _pair(ours_polars, lambda: hand_polars(lazy), repeat), None)  # fmt: skip
    extra = max(peak_memory(ours_pandas) for _ in range(3))
    theirs = max(peak_memory(lambda: hand_pandas(frame)) for _ in range(3))
    ok &= _report("pandas: peak memory / input frame", (size + extra) / size, 1.5,
                  f"input {size / 2**20:.0f} MiB + {extra / 2**20:.0f} MiB at the peak, highest of 3; "
                  f"hand-written pandas: + {theirs / 2**20:.0f} MiB, {(size + theirs) / size:.2f}x")  # fmt: skip
    return ok


def national(repeat: int) -> bool:
    """12 M rows in DuckDB, generated inside DuckDB from the 1.2 M-row frame.

    Both sizes are timed in the same rounds, so that the slope of time in
    rows (and the fixed part it leaves) is read from one stretch of the
    machine's load.
    """
    con = duckdb.connect()
    con.register("small", synthetic_microdata(20_000, 60))
    con.execute("CREATE TABLE firms_small AS SELECT * FROM small")
    con.execute(
        "CREATE TABLE firms AS SELECT f.* REPLACE (f.firm + 20000 * c.copy AS firm), "
        "FROM small f, range(10) c(copy)"
    )
    big, small = con.table("firms"), con.table("firms_small")
    rows = con.sql("SELECT count(*) FROM firms").fetchall()[0][0]
    few = con.sql("SELECT count(*) FROM firms_small").fetchall()[0][0]
    check_same(aggregate(big, units=SYNTHETIC_UNITS), hand_sql(con), "DuckDB 12 M")
    times = _rounds(
        [lambda: aggregate(big, units=SYNTHETIC_UNITS).fetchall(), lambda: hand_sql(con),
         lambda: aggregate(small, units=SYNTHETIC_UNITS).fetchall(),
         lambda: hand_sql(con, "firms_small")],
        repeat,
    )  # fmt: skip
    ok, _ = _compare(f"DuckDB {rows / 1e6:.0f} M: zgc_plan / hand-written SQL",
                     (times[0], times[1]), 1.3)  # fmt: skip
    medians = [_median([wall for wall, _ in run]) for run in times]
    for name, at_big, at_small in (("zgc_plan", medians[0], medians[2]),
                                   ("hand-written SQL", medians[1], medians[3])):  # fmt: skip
        slope = (at_big - at_small) / (rows - few) * 1e6
        print(
            f"{'DuckDB, ' + name + ': time per million rows':<44} {slope * 1e3:6.0f} ms "
            f"(fixed part {(at_small - slope * few / 1e6) * 1e3:.0f} ms; "
            f"{rows / few:.0f}x rows: {at_big / at_small:.1f}x time, medians of {repeat})"
        )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--national", action="store_true", help="also 12 M rows in DuckDB")
    args = parser.parse_args()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores, {_machine()}; narwhals {version('narwhals')}, "
        f"duckdb {version('duckdb')}, pandas {version('pandas')}, polars {version('polars')}, "
        f"numpy {version('numpy')}"
    )
    ok = run(args.firms, args.repeat)
    if args.national:
        ok &= national(max(5, args.repeat // 2))
    return 0 if ok else 1


def _machine() -> str:
    """The CPU model and memory, from /proc on Linux."""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(
                line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")
            )
        with open("/proc/meminfo") as meminfo:
            memory = int(meminfo.readline().split()[1]) / 2**20
    except (OSError, StopIteration):
        return "machine unknown"
    return f"{model}, {memory:.0f} GiB"


if __name__ == "__main__":
    raise SystemExit(main())
