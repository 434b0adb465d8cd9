"""Enterprise microdata aggregated in the caller's engine, by the plan's rules.

Spec (specs/frames.md): "each statistic is summed over the firms of a park
and month, then combined over the months of the year by its over_time rule
in the plan data (sum, end, mean); each ratio indicator is the ratio of the
aggregates, never a mean of ratios; the zone is computed from all rows."
"""

from __future__ import annotations

import datetime as dt
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd
import pytest

import zgc_plan
from engines import ENGINES, to_engine, to_pandas
from zgc_plan._cli_frames import read_microdata
from zgc_plan._synthetic import SYNTHETIC_UNITS, synthetic_microdata
from zgc_plan.frames import aggregate, observations_from_frame

HERE = Path(__file__).parent
UNITS = {
    "total-revenue": "万元",
    "value-added": "万元",
    "employees": "人",
    "invention-patents-held": "件",
}


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, dask_client: object) -> str:
    name: str = request.param
    return name


def firms() -> pd.DataFrame:
    """Two firms in 海淀园 and one in 昌平园 over the twelve months of 2022."""
    rows = []
    for month in range(1, 13):
        period = dt.datetime(2022, month, 1)
        rows += [
            # firm 1: 10万元 a month, 100 people for six months then 200, m patents in month m
            ("f1", "haidian", period, 10, 5, 100 if month <= 6 else 200, month),
            ("f2", "海淀园", period, 20, 5, 50, 0),  # a park named by its Chinese name
            ("f3", "changping", period, 30, 10, 100, 1),
        ]
    columns = ["firm", "area", "period", "total-revenue", "value-added", "employees",
               "invention-patents-held"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def figures(result: Any) -> dict[tuple[str, int, str], Fraction]:
    frame = to_pandas(result)
    areas = frame["area"] if "area" in frame.columns else ["zone"] * len(frame)
    return {
        (area, year, key): Fraction(exact)
        for area, year, key, exact in zip(
            areas, frame["year"], frame["key"], frame["exact"], strict=True
        )
    }


def test_rules_of_the_plan(engine: str) -> None:
    """Flows summed, stocks at the year's end, employment averaged over the months."""
    got = figures(aggregate(to_engine(firms(), engine), units=UNITS))
    assert got["haidian", 2022, "total-revenue"] == Fraction(360, 10_000)  # 360万元 in 亿元
    assert got["haidian", 2022, "employees"] == Fraction(200, 10_000)  # mean 150 + 50 人, in 万人
    assert got["haidian", 2022, "invention-patents-held"] == 12  # December's 12 + 0
    assert got["changping", 2022, "invention-patents-held"] == 1
    assert got["zone", 2022, "total-revenue"] == Fraction(720, 10_000)
    assert got["zone", 2022, "employees"] == Fraction(300, 10_000)


def test_ratio_of_sums_not_mean_of_ratios(engine: str) -> None:
    """Spec: "each ratio indicator is the ratio of the aggregates, never a mean of ratios"."""
    got = figures(aggregate(to_engine(firms(), engine), units=UNITS))
    # 360万元 / 200人 = 1.8万元/人; the mean of the firms' ratios (0.8 and 4.8) would be 2.8.
    assert got["haidian", 2022, "revenue-per-employee"] == Fraction(9, 5)
    assert got["zone", 2022, "revenue-per-employee"] == Fraction(720, 300)
    assert got["haidian", 2022, "labour-productivity"] == Fraction(120, 200)


def test_units_are_exact_factors() -> None:
    """The same figures in 元 and in 万元 give the same exact results (万 as an integer)."""
    in_wan = firms()
    in_yuan = in_wan.assign(**{c: in_wan[c] * 10_000 for c in ("total-revenue", "value-added")})
    units = UNITS | {"total-revenue": "元", "value-added": "元"}
    assert figures(aggregate(in_yuan, units=units)) == figures(aggregate(in_wan, units=UNITS))


def test_caller_frame_type(engine: str) -> None:
    """Spec: "the result is a frame of the same library"."""
    native = to_engine(firms(), engine)
    assert (
        type(aggregate(native, units=UNITS)).__module__.split(".")[0]
        == (type(native).__module__.split(".")[0])
    )


def test_partial_figures_say_what_they_lack() -> None:
    """Spec: "a year with fewer than 12 months lacks the others; the zone lacks the parks
    without rows": such figures are partial and never judged as a whole."""
    frame = firms()
    frame = frame[frame["period"] < dt.datetime(2022, 12, 1)]
    result = aggregate(frame, units=UNITS)
    assert set(result["months"]) == {11}
    parks = set(result.loc[result["area"] != "zone", "missing"])
    assert parks == {"2022-12"}
    zone = result.loc[result["area"] == "zone", "missing"].iloc[0].split(";")
    plan = zgc_plan.load_plan()
    assert zone == ["2022-12", *(p.id for p in plan.parks if p.id not in ("haidian", "changping"))]
    assert not any(o.complete for o in observations_from_frame(result))


def test_aggregated_figures_evaluate() -> None:
    """A complete zone figure is judged; one that lacks parks is not."""
    complete = observations_from_frame(aggregate(firms(), by=("year",), units=UNITS))
    result = zgc_plan.evaluate(complete, year=2022).result("labour-productivity")
    assert result.observation is not None
    assert result.observation.magnitude == Fraction(240, 300)  # Σ增加值 ÷ mean Σ从业人员
    partial = observations_from_frame(aggregate(firms(), units=UNITS))
    lacking = zgc_plan.evaluate(partial, year=2022).result("labour-productivity")
    assert lacking.observation is None


BAD = [
    ("missing_firm.csv", "columns['firm']: missing required column 'firm'"),
    ("unknown_park.csv", "columns['area']: no park 'atlantis' in the plan's areas"),
    (
        "negative_revenue.csv",
        "columns['total-revenue']: figures negative in 1 park-months, but 总收入 (total-revenue) cannot be",
    ),
    ("empty_figure.csv", "columns['total-revenue']: 1 rows have no figure"),
    ("bad_month.csv", "columns['period']: cannot be read as months: '2022-13'"),
    ("numeric_period.csv", "columns['period']: expected dates or 'YYYY-MM' text, got Int64"),
    ("month_out_of_range.csv", "columns['period']: 1 rows without a month in 1949..2100"),
    ("no_statistics.csv", "columns: no column named by a statistic id"),
    ("zone_as_park.csv", "columns['area']: 'zone' is not a park; microdata are per park"),
    ("no_period.csv", "columns['period']: missing required column 'period'"),
    (
        "text_figures.csv",
        "columns['employees']: expected numbers, got a column of String: 'many' is not a number",
    ),
]


@pytest.mark.parametrize(("name", "message"), BAD)
def test_bad_microdata(name: str, message: str) -> None:
    """Each bad file is a PlanDataError with its reason, read by DuckDB from the file."""
    frame = read_microdata(HERE / "bad_microdata" / name, "duckdb")
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        aggregate(frame)
    assert message in str(caught.value)


def test_a_cell_that_is_not_a_number(engine: str) -> None:
    """A column of text (what an engine reads from a CSV file with one cell such as 1,5)
    names the first cell that is not a number, and its row where rows have an order."""
    frame = pd.DataFrame(
        {
            "firm": [1, 2, 3], "area": ["haidian"] * 3, "period": ["2022-01"] * 3,
            "employees": pd.Series(["5", None, "1,5"], dtype="string"),
        }
    )  # fmt: skip
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        aggregate(to_engine(frame, engine))
    where = "row 2 holds '1,5', not a number" if engine == "pandas" else "'1,5' is not a number"
    assert str(caught.value) == (
        f"<microdata>: columns['employees']: expected numbers, got a column of String: {where}"
    )


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ({"total-revenue": "人"}, "人 is not a unit of 总收入 (total-revenue)"),
        ({"total-revenue": "furlong"}, "not a known unit"),
        ({"colour": "元"}, "units['colour']: no statistic 'colour' in the plan"),
        ({"profits": "元"}, "units['profits']: no column 'profits' in the frame"),
    ],
)
def test_bad_units(units: dict[str, str], message: str) -> None:
    """Spec: "a unit per column, checked against the statistic's dimension"."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        aggregate(firms(), units=units)
    assert message in str(caught.value)


def test_month_texts_of_one_month_add_up(engine: str) -> None:
    """Spec: "several values naming one month (2022-03, 2022-03-01) add up"."""
    dated = firms()
    texts = dated.assign(period=dated["period"].dt.strftime("%Y-%m"))
    # Half the rows name their month with a day, half without.
    texts.loc[texts.index % 2 == 0, "period"] = dated["period"].dt.strftime("%Y-%m-%d")
    got = figures(aggregate(to_engine(texts, engine), units=UNITS))
    assert got == figures(aggregate(dated, units=UNITS))
    assert got["haidian", 2022, "total-revenue"] == Fraction(360, 10_000)  # 360万元 in 亿元


def test_grouping_needs_a_year() -> None:
    """``by`` without ``year`` is refused."""
    with pytest.raises(zgc_plan.PlanDataError, match="the grouping must include 'year'"):
        aggregate(firms(), by=("area",), units=UNITS)


def test_zone_only_grouping() -> None:
    """``by=("year",)`` gives the zone alone, equal to the zone of the park grouping."""
    zone = figures(aggregate(firms(), by=("year",), units=UNITS))
    parks = figures(aggregate(firms(), units=UNITS))
    assert {(y, k): v for (_, y, k), v in parks.items() if _ == "zone"} == {
        (y, k): v for (_a, y, k), v in zone.items()
    }


def test_million_rows_make_no_object_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spec: "the object path is never used on microdata": 1 M rows, a ceiling on objects made.

    Observations are made only for the aggregated figures (parks × years ×
    keys), and the whole run, reading included, stays within seconds.
    """
    import duckdb

    frame = synthetic_microdata(firms=16_667, months=60)  # 1,000,020 rows
    relation = duckdb.from_df(frame)
    made = 0
    original = zgc_plan.Observation.__init__

    def counting(self: zgc_plan.Observation, *args: Any, **kwargs: Any) -> None:
        nonlocal made
        made += 1
        original(self, *args, **kwargs)

    monkeypatch.setattr(zgc_plan.Observation, "__init__", counting)
    start = time.perf_counter()
    observations = observations_from_frame(aggregate(relation, units=SYNTHETIC_UNITS))
    elapsed = time.perf_counter() - start
    groups = 17 * 5  # the zone and 16 parks, 5 years
    assert len(observations) == groups * 13  # 7 statistics and 6 ratio indicators
    assert made <= 2 * len(observations)  # evolve() of an exact value makes a second one
    assert elapsed < 10


def _eager(frame: pd.DataFrame, engine: str) -> Any:
    """The frame in an eager frame of ``engine``."""
    import polars as pl
    import pyarrow as pa

    if engine == "pandas":
        return frame
    if engine == "pyarrow":
        return pa.Table.from_pandas(frame, preserve_index=False)
    return pl.from_pandas(frame)


@pytest.mark.parametrize("engine", ["pandas", "polars-eager", "pyarrow"])
def test_slices_give_the_figures_of_the_whole(engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spec: "an eager frame ... is grouped in slices of rows ... the results are those of one
    grouping of the whole frame"; park-months split between slices count once."""
    from zgc_plan import _microdata

    frame = firms()
    native = _eager(frame, engine)
    whole = aggregate(native, units=UNITS)
    bad = frame.copy()
    bad.loc[1, "area"] = "haidian"  # f2's January by the park's id, as f1's
    bad.loc[[0, 1], "total-revenue"] = -1  # haidian's January, rows of two firms
    bad.loc[[3, 4], "value-added"] = None
    native_bad = _eager(bad, engine)
    with pytest.raises(zgc_plan.PlanDataError) as unsliced:
        aggregate(native_bad, units=UNITS)
    monkeypatch.setattr(_microdata, "SLICE_ROWS", 1)  # one row per slice …
    monkeypatch.setattr(_microdata, "SLICES", len(frame))  # … as many slices as rows
    assert len(_microdata._slices(nw.from_native(native))) == len(frame)
    sliced = aggregate(native, units=UNITS)
    assert figures(sliced) == figures(whole)
    assert type(sliced) is type(whole)
    assert to_pandas(sliced).equals(to_pandas(whole))
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        aggregate(native_bad, units=UNITS)
    assert str(caught.value) == str(unsliced.value)
    assert "figures negative in 1 park-months" in str(caught.value)
    assert "columns['value-added']: 2 rows have no figure" in str(caught.value)


def _huge(
    rows_per_month: int, value: int, parks: tuple[str, ...] = ("haidian",),
    column: str = "total-revenue",
) -> pd.DataFrame:  # fmt: skip
    """Integer figures of one firm-month each, ``rows_per_month`` rows in each park-month."""
    return pd.DataFrame(
        [
            {"firm": firm, "area": park, "period": pd.Timestamp(2022, month, 1),
             column: value, "employees": 1}
            for park in parks
            for month in (1, 2)
            for firm in range(rows_per_month)
        ]
    )  # fmt: skip


def test_integer_sums_past_64_bits_are_refused_or_exact(engine: str) -> None:
    """Spec: "an integer column whose largest magnitude times its rows passes that
    bound ... is refused with a PlanDataError naming the column ... never summed
    into a wrong figure. DuckDB sums them in 128 bits: a sum past 64 bits is read
    exactly."  Four rows of 2⁶² make 2⁶⁴, which a 64-bit sum wraps to 0."""
    frame = to_engine(_huge(4, 2**62), engine)
    if engine == "duckdb":
        result = to_pandas(aggregate(frame))
        revenue = result[(result.area == "haidian") & (result.key == "total-revenue")]
        # Two months of four rows, in the statistic's own unit (亿元).
        assert Fraction(revenue.exact.iloc[0]) == 2 * 4 * 2**62
        return
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        aggregate(frame)
    assert "columns['total-revenue']: figures so large that a sum could pass the 64-bit" in str(
        caught.value
    )
    assert "employees" not in str(caught.value)


def test_large_figures_in_small_groups_are_summed(engine: str) -> None:
    """Past the bound over the whole frame but not in any group, the figures are
    summed exactly: one row of 2⁶¹ per park-month, in two parks."""
    result = to_pandas(aggregate(to_engine(_huge(1, 2**61, ("haidian", "chaoyang")), engine)))
    revenue = result[(result.area == "zone") & (result.key == "total-revenue")]
    assert Fraction(revenue.exact.iloc[0]) == 2 * 2 * 2**61  # two parks, two months


def test_negative_sums_past_64_bits_are_refused(engine: str) -> None:
    """Profits may be negative: their minimum bounds their sums as well."""
    frame = to_engine(_huge(4, -(2**62), column="profits"), engine)
    if engine == "duckdb":
        result = to_pandas(aggregate(frame))
        profits = result[(result.area == "haidian") & (result.key == "profits")]
        assert int(profits.exact.iloc[0]) == -(2 * 4 * 2**62)
        return
    with pytest.raises(zgc_plan.PlanDataError, match=r"columns\['profits'\]: figures so large"):
        aggregate(frame)
