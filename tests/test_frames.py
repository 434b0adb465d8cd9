"""Frames in and out on every engine: observations_from_frame, observation and evaluation frames.

Spec (specs/frames.md): "A frame is read with the same checks as a CSV file
of the same columns, and every bad row is reported at once, by its position
in the frame, counted from 0."
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import zgc_plan
from engines import ENGINES, to_engine, to_pandas
from zgc_plan.frames import evaluation_frame, observations_frame, observations_from_frame

HERE = Path(__file__).parent


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, dask_client: object) -> str:
    name: str = request.param
    return name


def test_import_stays_light() -> None:
    """Spec: "import zgc_plan imports neither Narwhals nor pandas"."""
    code = (
        "import sys, zgc_plan; print(sorted({'narwhals', 'pandas', 'polars'} & set(sys.modules)))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_same_as_the_csv_file(engine: str) -> None:
    """Spec: "the same names as the CSV format": a frame of the CSV file's rows reads the same."""
    path = HERE / "data" / "observations.csv"
    frame = pd.read_csv(path, dtype={"indicator": str}, keep_default_na=False)
    frame["value"] = frame["value"].astype(float)
    from_frame = observations_from_frame(to_engine(frame, engine))
    assert from_frame == zgc_plan.load_observations(path)


def test_columns_mapping_and_exact_values(engine: str) -> None:
    """Spec: "columns maps other names"; an exact column ``n/d`` wins over a float value."""
    frame = pd.DataFrame(
        {
            "指标": ["labour-productivity", "total-revenue"],
            "年份": [2022, 2022],
            "value": [41.333333333333336, 8.7],
            "exact": ["124/3", "87/10"],
            "unit": ["万元/人", "万亿元"],
        }
    )
    columns = {"指标": "key", "年份": "year"}
    observations = observations_from_frame(to_engine(frame, engine), columns=columns)
    assert [o.magnitude for o in observations] == [Fraction(124, 3), Fraction(87, 10)]
    assert [o.key for o in observations] == ["labour-productivity", "total-revenue"]


BAD_ROWS = pd.DataFrame(
    {
        "indicator": ["labour-productivity", "no-such-thing", "energy-intensity", "上市企业数量"],
        "year": [2022, 2022, 1800, 2021],
        "value": [41.0, 1.0, 0.07, -3.0],
        "unit": ["万元/人", "件", "吨标煤/万元", "家"],
    }
)


def test_every_bad_row_by_position(engine: str) -> None:
    """Spec: "every bad row is reported at once, by its position in the frame"."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        observations_from_frame(to_engine(BAD_ROWS, engine), source="figures")
    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert caught.value.source == "figures"
    assert problems == {
        "[1].indicator": "no indicator 'no-such-thing' in the plan",
        "[2].year": "1800 is outside the range 1949..2100",
        "[3].value": "-3 is negative, but 上市企业数量 cannot be",
    }


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        (
            pd.DataFrame({"indicator": [7], "year": [2022], "value": [1.0], "colour": ["red"]}),
            "unknown column 'colour'",
        ),
        (pd.DataFrame({"indicator": [7], "value": [1.0]}), "missing required column 'year'"),
        (pd.DataFrame({"indicator": [7], "year": [2022]}), "missing required column 'value'"),
        (pd.DataFrame({"indicator": [], "year": [], "value": []}), "no observation rows"),
        (
            pd.DataFrame({"indicator": [7], "year": [2022], "value": [math.nan]}),
            "missing required key 'value'",
        ),
        (
            pd.DataFrame({"indicator": [7], "year": [2022], "value": [math.inf]}),
            "Infinity is not a finite number",
        ),
        (
            pd.DataFrame({"key": [7], "year": [2022], "value": [1.0], "exact": ["1/0"]}),
            "not an exact fraction n/d: '1/0'",
        ),
        (
            pd.DataFrame(
                {"key": ["labour-productivity"], "year": [2022], "value": [2.0], "exact": ["1/3"]}
            ),
            "2 disagrees with exact 1/3",
        ),
    ],
)
def test_bad_frames(frame: pd.DataFrame, expected: str) -> None:
    """Each kind of bad frame is a PlanDataError with its reason."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        observations_from_frame(frame)
    assert expected in str(caught.value)


def test_text_cells_read_as_the_csv_file_reads_them() -> None:
    """Spec: "A cell of text is read exactly as the same text in a CSV file"; "A date or a
    timestamp in period stands for its month". Text was refused ("expected an integer, got a
    string '2022'"), and so was a date."""
    as_text = pd.DataFrame({"indicator": ["7"], "year": ["2022"], "value": ["41.5"]})
    (observation,) = observations_from_frame(as_text)
    assert (observation.key, observation.period.year, observation.magnitude) == (
        "labour-productivity", 2022, Fraction(83, 2),
    )  # fmt: skip
    dated = pl.DataFrame(
        {"indicator": [7, 7], "period": [dt.datetime(2022, 3, 1), dt.datetime(2022, 4, 30, 12)],
         "value": [41.0, 42.0]}
    )  # fmt: skip
    assert [str(o.period) for o in observations_from_frame(dated)] == ["2022-03", "2022-04"]
    days = pl.DataFrame({"indicator": [7], "period": [dt.date(2022, 12, 31)], "value": [41.0]})
    assert [str(o.period) for o in observations_from_frame(days)] == ["2022-12"]
    comma = pd.DataFrame({"indicator": [7], "year": [2022], "value": ["41,5"]})
    with pytest.raises(zgc_plan.PlanDataError, match="has a decimal comma"):
        observations_from_frame(comma)


def test_renaming_a_missing_column() -> None:
    """A ``columns`` entry that names no column is reported, not ignored."""
    frame = pd.DataFrame({"indicator": [7], "year": [2022], "value": [41.0]})
    with pytest.raises(zgc_plan.PlanDataError, match="no column 'jahr' to rename"):
        observations_from_frame(frame, columns={"jahr": "year"})


def test_not_a_frame() -> None:
    """Bad input of any kind is a PlanDataError, here a list instead of a frame."""
    with pytest.raises(zgc_plan.PlanDataError, match="not a data frame Narwhals can read: list"):
        observations_from_frame([1, 2, 3])


def test_unknown_backend_message() -> None:
    """A backend no library builds frames for is a PlanDataError naming some that do
    (a ValueError before)."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.evaluate([]).to_frame(backend="excel")
    assert str(caught.value).startswith(
        "<frames>: backend: cannot build a frame with 'excel': Not-supported backend. "
        "Give a library that Narwhals builds frames with and that is installed: pandas, polars"
    )


def test_two_columns_of_one_name() -> None:
    """pandas and PyArrow allow two columns of one name; which holds the figure is unknowable, so it
    is a PlanDataError naming the column, not Narwhals's DuplicateError."""
    frame = pd.DataFrame([[7, 2022, 41.0, 42.0]], columns=["indicator", "year", "value", "value"])
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        observations_from_frame(frame)
    assert str(caught.value) == "<frame>: columns['value']: 2 columns are named 'value'; keep one"
    firms = pd.DataFrame(
        [[1, "haidian", "2022-01", 5, 6]],
        columns=["firm", "area", "period", "employees", "employees"],
    )
    with pytest.raises(zgc_plan.PlanDataError, match="2 columns are named 'employees'"):
        zgc_plan.frames.aggregate(firms)
    table = pa.table([[7], [2022], [41.0], [42.0]], names=["indicator", "year", "value", "value"])
    with pytest.raises(zgc_plan.PlanDataError, match="2 columns are named 'value'; keep one"):
        observations_from_frame(table)


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "duckdb"])
def test_observations_frame_round_trip(backend: str) -> None:
    """Spec: "observations_frame writes what observations_from_frame reads back"."""
    observations = zgc_plan.load_observations()
    frame = observations_frame(observations, backend)
    assert observations_from_frame(frame) == observations


def test_areas_periods_and_missing_parts() -> None:
    """A park's row is not the zone's; a period and the parts a figure lacks are read too."""
    frame = pd.DataFrame(
        {
            "key": ["total-revenue", "total-revenue"],
            "area": ["海淀园", "zone"],
            "period": ["2022-01..2022-11", "2022"],
            "value": [1.5, 8.7],
            "unit": ["万亿元", "万亿元"],
            "missing": ["", "yanqing"],
        }
    )
    park, zone = observations_from_frame(frame)
    assert (park.area, park.zone_wide, str(park.period)) == ("haidian", False, "2022-01..2022-11")
    assert park.complete
    assert (zone.area, zone.missing, zone.complete) == ("zone", ("yanqing",), False)


def test_evaluation_frame_has_numbers() -> None:
    """Spec: "numeric columns for the figure, the target value, gap, attainment and progress"."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    frame = evaluation.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(evaluation.results)
    for column in ("observed", "target_value", "gap", "attainment", "progress", "baseline"):
        assert frame[column].dtype == "float64", column
    assert str(frame["year"].dtype) == "Int64"  # integers with nulls stay integers
    row = frame.set_index("target").loc["target-labour-productivity"]
    result = evaluation.result("target-labour-productivity")
    assert row["observed"] == result.observed_value
    assert row["target_value"] == 40
    assert (row["comparator"], row["unit"], row["status"]) == (
        "more_than", "万元/人", result.status.value,
    )  # fmt: skip
    between = frame.set_index("target").loc["target-pillar-clusters"]
    assert (between["target_value"], between["target_upper"]) == (2, 3)


@pytest.mark.parametrize("backend", ["pandas", "polars", "pyarrow", "duckdb"])
def test_evaluation_frame_backends(backend: str) -> None:
    """The frame comes in the library asked for, with the same numbers."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    native: Any = evaluation_frame(evaluation, backend)
    frame = to_pandas(native)
    expected = evaluation.to_frame()
    assert list(frame.columns) == list(expected.columns)
    for column in ("observed", "gap", "attainment", "progress"):
        assert frame[column].fillna(-1).tolist() == expected[column].fillna(-1).tolist()
    if backend == "polars":
        assert isinstance(native, pl.DataFrame)


def test_unknown_backend() -> None:
    """A backend Narwhals cannot build frames with is a ValueError naming it."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations())
    with pytest.raises(ValueError, match="no-such-engine"):
        evaluation.to_frame("no-such-engine")


@pytest.mark.parametrize("backend", ["pandas", "polars"])
def test_assessment_frame(backend: str) -> None:
    """Spec: "the same for the sub-park assessment": one row per park and indicator, numbers."""
    plan = zgc_plan.load_plan()
    rows = [
        zgc_plan.Observation.of("pct-applications", 2022, f"{100 * (i + 1)}件", area=park.id)
        for i, park in enumerate(plan.parks)
    ]
    assessment = zgc_plan.assess_parks(rows, 2022)
    frame = to_pandas(assessment.to_frame(backend))
    assert len(frame) == len(plan.parks)
    best = frame.set_index("area").loc["yanqing"]
    assert (best["rank"], best["score"], best["value"], best["exact"]) == (1, 100.0, 1600.0, "1600")
    assert best["indicator"] == "pct-applications"
    assert best["unit"] == "件"
