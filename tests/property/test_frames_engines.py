"""Property test: every engine gives the same aggregation, down to the exact fraction.

Spec (specs/frames.md): "results are identical across pandas, polars, DuckDB
and Dask, to the exact fraction, for integer and decimal columns."
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines import ENGINES, to_engine, to_pandas
from zgc_plan.frames import aggregate

PARKS = ["haidian", "changping", "昌平园", "yanqing"]  # 昌平园 is changping by its name
UNITS = {
    "total-revenue": "万元",
    "employees": "人",
    "invention-patents-held": "件",
    "profits": "元",
}

row = st.tuples(
    st.integers(0, 5),  # firm
    st.sampled_from(PARKS),
    st.sampled_from([2021, 2022]),
    st.integers(1, 12),
    st.integers(0, 10**9),  # total-revenue
    st.integers(0, 10**4),  # employees
    st.integers(0, 500),  # invention-patents-held
    st.integers(-(10**6), 10**6),  # profits may be losses
)


def frame_of(rows: list[tuple[int, str, int, int, int, int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(f, a, dt.datetime(y, m, 1), r, e, p, pr) for f, a, y, m, r, e, p, pr in rows],
        columns=["firm", "area", "period", "total-revenue", "employees",
                 "invention-patents-held", "profits"],
    )  # fmt: skip


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(row, min_size=1, max_size=40))
def test_engines_agree_exactly(
    dask_client: object, rows: list[tuple[int, str, int, int, int, int, int, int]]
) -> None:
    """The same microdata on pandas, polars (lazy), DuckDB and Dask: the same exact figures."""
    frame = frame_of(rows)
    results = []
    for engine in ENGINES:
        got = to_pandas(aggregate(to_engine(frame, engine), units=UNITS))
        results.append(
            [(r.area, r.year, r.key, Fraction(str(r.exact)), r.missing) for r in got.itertuples()]
        )
    assert all(result == results[0] for result in results[1:])


@settings(max_examples=50, deadline=None)
@given(st.lists(row, min_size=1, max_size=40))
def test_zone_follows_the_rules(rows: list[tuple[int, str, int, int, int, int, int, int]]) -> None:
    """The zone's figures equal sums, ends and means computed with fractions by hand."""
    got = {
        (r.area, r.year, r.key): Fraction(str(r.exact))
        for r in to_pandas(aggregate(frame_of(rows), units=UNITS)).itertuples()
    }
    for year in {y for _f, _a, y, *_rest in rows}:
        mine = [r for r in rows if r[2] == year]
        months = sorted({r[3] for r in mine})
        revenue = Fraction(sum(r[4] for r in mine), 10**4)  # 万元 in 亿元
        employees = Fraction(sum(r[5] for r in mine), len(months) * 10**4)  # mean, in 万人
        patents = sum(r[6] for r in mine if r[3] == months[-1])  # at the last month
        assert got["zone", year, "total-revenue"] == revenue
        assert got["zone", year, "employees"] == employees
        assert got["zone", year, "invention-patents-held"] == patents


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(row, min_size=1, max_size=40), st.integers(1, 12))
def test_slices_agree_exactly(
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[int, str, int, int, int, int, int, int]],
    slices: int,
) -> None:
    """Spec: an eager frame grouped in slices gives "the results ... of one grouping of the
    whole frame", to the exact fraction."""
    from zgc_plan import _microdata

    frame = frame_of(rows)
    whole = to_pandas(aggregate(frame, units=UNITS))
    with monkeypatch.context() as patch:
        patch.setattr(_microdata, "SLICE_ROWS", 1)
        patch.setattr(_microdata, "SLICES", slices)
        sliced = to_pandas(aggregate(frame, units=UNITS))
    assert sliced.equals(whole)
