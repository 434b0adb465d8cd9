"""The frame engines the frames tests run on, from one pandas frame each.

"Engines that are tested, not promised": pandas, polars (lazy), DuckDB,
Dask on a local dask.distributed cluster, and Ibis (its DuckDB backend, an
in-memory table).
"""

from __future__ import annotations

from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import pandas as pd
import polars as pl

ENGINES = ("pandas", "polars", "duckdb", "dask", "ibis")


def to_engine(frame: pd.DataFrame, engine: str) -> Any:
    """The same data as a native frame of ``engine`` (lazy for polars, DuckDB and Dask)."""
    if engine == "pandas":
        return frame
    if engine == "polars":
        return pl.from_pandas(frame).lazy()
    if engine == "duckdb":
        return duckdb.from_arrow(pl.from_pandas(frame).to_arrow())
    if engine == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=3)  # type: ignore[no-untyped-call]
    if engine == "ibis":
        import ibis
        import pyarrow as pa

        # Through Arrow: Ibis's reading of a pandas frame asks pandas for an
        # option that pandas 3 deprecates (a warning, an error in the tests).
        return ibis.memtable(pa.Table.from_pandas(frame, preserve_index=False))
    raise ValueError(engine)


def to_pandas(native: Any) -> pd.DataFrame:
    """Any engine's frame, collected into pandas, rows in a fixed order."""
    frame = nw.from_native(native)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    result: pd.DataFrame = frame.to_pandas()
    if "key" not in result.columns:
        return result
    keys = [c for c in ("area", "year", "key") if c in result.columns]
    return result.sort_values(keys).reset_index(drop=True)
