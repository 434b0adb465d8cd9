"""Microdata aggregation through zgc_plan.frames against hand-written DuckDB SQL and pandas.

Every ratio is measured side by side in one run on the same generated frame
(synthetic firms: 20,000 firms x 60 months = 1.2 M rows by default):

- park x year aggregation of every ratio indicator, zgc_plan on DuckDB over
  the same query written by hand in DuckDB SQL (target <= 1.3);
- the same on pandas over hand-written pandas (target <= 1.3);
- polars (lazy) over hand-written polars, for information;
- the peak memory of the pandas run over the input frame (target <= 1.5),
  sampled from the resident set size while it runs;
- ``--national`` adds 12 M rows with DuckDB (and the slope of time in rows).

``nox -s bench-frames`` or ``python benchmarks/bench_frames.py [--firms N] [--national]``; exit code 1
when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import threading
import time
from collections.abc import Callable
from importlib.metadata import version

import duckdb
import pandas as pd
import polars as pl

from zgc_plan._synthetic import SYNTHETIC_UNITS, synthetic_microdata
from zgc_plan.frames import aggregate

FLOWS = ["total-revenue", "value-added", "profits", "st-expenditure", "energy-consumption"]
# Factors from the columns' units to the statistics' (元 -> 亿元, 人 -> 万人, kgce -> 万吨标煤).
TO_STAT = {"元": 1e-8, "人": 1e-4, "件": 1.0, "千克标煤": 1e-7}
RATIOS = {  # indicator: (numerator, denominator, factor from statistic units to the indicator's)
    "rd-intensity": ("st-expenditure", "total-revenue", 100.0),
    "invention-patents-per-10k-employees": ("invention-patents-held", "employees", 1.0),
    "profit-margin": ("profits", "total-revenue", 100.0),
    "labour-productivity": ("value-added", "employees", 1.0),
    "revenue-per-employee": ("total-revenue", "employees", 1.0),
    "energy-intensity": ("energy-consumption", "value-added", 1.0),
}


def _factor(column: str) -> float:
    return TO_STAT[SYNTHETIC_UNITS[column]]


def _time(function: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _pair(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Best times of two functions run in turns, so that the load of the machine hits both."""
    mine, base = float("inf"), float("inf")
    for _ in range(repeat):
        mine = min(mine, _time(ours))
        base = min(base, _time(theirs))
    return mine, base


def _q(name: str) -> str:
    return '"' + name + '"'


def hand_sql(con: duckdb.DuckDBPyConnection) -> object:
    """The aggregation as a statistician writes it in DuckDB SQL (floats)."""
    columns = [*FLOWS, "employees", "invention-patents-held"]
    sums = ", ".join(f"sum({_q(c)}) * {_factor(c)} AS {_q(c)}" for c in columns)
    yearly = ", ".join(f"sum({_q(c)}) AS {_q(c)}" for c in FLOWS)
    ratios = ", ".join(
        f"{_q(n)} / {_q(d)} * {f} AS {_q(name)}" for name, (n, d, f) in RATIOS.items()
    )
    query = f"""
        WITH m AS (
            SELECT area, year(period) AS y, month(period) AS mo, {sums}
            FROM firms GROUP BY GROUPING SETS ((area, y, mo), (y, mo))
        ), p AS (
            SELECT coalesce(area, 'zone') AS area, y, {yearly},
                   avg(employees) AS employees,
                   arg_max("invention-patents-held", mo) AS "invention-patents-held"
            FROM m GROUP BY ALL
        )
        SELECT area, y, {ratios} FROM p ORDER BY area, y
    """
    return con.sql(query).fetchall()


def hand_pandas(frame: pd.DataFrame) -> object:
    """The same in pandas (floats)."""
    columns = [*FLOWS, "employees", "invention-patents-held"]
    keyed = frame[["area", *columns]].assign(y=frame["period"].dt.year, mo=frame["period"].dt.month)
    monthly = keyed.groupby(["area", "y", "mo"], observed=True)[columns].sum()
    zone = monthly.groupby(level=["y", "mo"]).sum()
    zone["area"] = "zone"
    both = pd.concat([monthly.reset_index(), zone.reset_index()])
    rules = dict.fromkeys(FLOWS, "sum") | {"employees": "mean", "invention-patents-held": "last"}
    yearly = both.sort_values("mo").groupby(["area", "y"], observed=True).agg(rules)
    for column in columns:
        yearly[column] *= _factor(column)
    return pd.DataFrame(
        {name: yearly[n] / yearly[d] * f for name, (n, d, f) in RATIOS.items()}
    ).sort_index()


def hand_polars(frame: pl.LazyFrame) -> object:
    """The same in polars, lazily (floats)."""
    columns = [*FLOWS, "employees", "invention-patents-held"]
    keyed = frame.with_columns(y=pl.col("period").dt.year(), mo=pl.col("period").dt.month())
    monthly = keyed.group_by("area", "y", "mo").agg(
        *(pl.col(c).sum() * _factor(c) for c in columns)
    )
    zone = monthly.group_by("y", "mo").agg(pl.col(c).sum() for c in columns)
    both = pl.concat(
        [monthly.with_columns(pl.col("area").cast(pl.String)),
         zone.with_columns(area=pl.lit("zone"))],
        how="diagonal",
    )  # fmt: skip
    yearly = both.group_by("area", "y").agg(
        *(pl.col(c).sum() for c in FLOWS),
        pl.col("employees").mean(),
        pl.col("invention-patents-held").sort_by("mo").last(),
    )
    return yearly.select(
        "area", "y", *(pl.col(n) / pl.col(d) * f for _name, (n, d, f) in RATIOS.items())
    ).collect()


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def peak_memory(function: Callable[[], object]) -> int:
    """The highest resident set size, above the one at the start, while ``function`` runs."""
    gc.collect()
    start = _rss()
    peak = start
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _rss())
            time.sleep(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        function()
    finally:
        done.set()
        sampler.join()
    return max(peak, _rss()) - start


def _report(name: str, ratio: float, target: float | None, detail: str) -> bool:
    ok = target is None or ratio <= target
    goal = f"(target <= {target})" if target is not None else "(information)"
    print(f"{name:<44} {ratio:6.2f}x {goal:<18} {'ok' if ok else 'MISSED':<7} {detail}")
    return ok


def run(firms: int, repeat: int) -> tuple[bool, float]:
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

    def ours_polars() -> object:
        return aggregate(lazy, units=SYNTHETIC_UNITS).collect()

    ok = True
    lib, base = _pair(ours_duckdb, lambda: hand_sql(con), repeat)
    ok &= _report("DuckDB: zgc_plan / hand-written SQL", lib / base, 1.3,
                  f"{lib * 1e3:.0f} ms vs {base * 1e3:.0f} ms")  # fmt: skip
    lib_pd, base_pd = _pair(
        lambda: aggregate(frame, units=SYNTHETIC_UNITS), lambda: hand_pandas(frame), repeat
    )
    ok &= _report("pandas: zgc_plan / hand-written pandas", lib_pd / base_pd, 1.3,
                  f"{lib_pd * 1e3:.0f} ms vs {base_pd * 1e3:.0f} ms")  # fmt: skip
    lib_pl, base_pl = _pair(ours_polars, lambda: hand_polars(lazy), repeat)
    _report("polars lazy: zgc_plan / hand-written polars", lib_pl / base_pl, None,
            f"{lib_pl * 1e3:.0f} ms vs {base_pl * 1e3:.0f} ms")  # fmt: skip
    extra = peak_memory(lambda: aggregate(frame, units=SYNTHETIC_UNITS))
    ok &= _report("pandas: peak memory / input frame", (size + extra) / size, 1.5,
                  f"input {size / 2**20:.0f} MiB + {extra / 2**20:.0f} MiB at the peak")  # fmt: skip
    return ok, lib


def national(repeat: int, small: float) -> bool:
    """12 M rows in DuckDB, generated inside DuckDB from the 1.2 M-row frame."""
    con = duckdb.connect()
    con.register("small", synthetic_microdata(20_000, 60))
    con.execute(
        "CREATE TABLE firms AS SELECT f.* REPLACE (f.firm + 20000 * c.copy AS firm), "
        "FROM small f, range(10) c(copy)"
    )
    relation = con.table("firms")
    rows = con.sql("SELECT count(*) FROM firms").fetchall()[0][0]
    lib, base = _pair(
        lambda: aggregate(relation, units=SYNTHETIC_UNITS).fetchall(), lambda: hand_sql(con), repeat
    )
    ok = _report("DuckDB 12 M: zgc_plan / hand-written SQL", lib / base, 1.3,
                 f"{lib * 1e3:.0f} ms vs {base * 1e3:.0f} ms, {rows:,} rows")  # fmt: skip
    slope = (lib - small) / (rows - 1_200_000) * 1e6
    print(
        f"{'DuckDB: time per million more rows':<44} {slope * 1e3:6.0f} ms (10x rows: {lib / small:.1f}x time)"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--national", action="store_true", help="also 12 M rows in DuckDB")
    args = parser.parse_args()
    print(
        f"{platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
        f"{os.cpu_count()} cores; narwhals {version('narwhals')}, duckdb {version('duckdb')}, "
        f"pandas {version('pandas')}, polars {version('polars')}"
    )
    ok, small = run(args.firms, args.repeat)
    if args.national:
        ok &= national(max(2, args.repeat // 2), small)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
