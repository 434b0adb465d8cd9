"""Observation files: YAML and CSV in, every bad row reported at once.

Spec: "Bad rows (unknown indicator, unparseable or wrong-dimension unit,
missing value, NaN/inf, negative count, a year outside any sane range) raise
PlanDataError naming file, row/path and reason — every bad row at once."
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import zgc_plan
from zgc_plan._observation_files import parse_observations

HERE = Path(__file__).parent


def test_yaml_file() -> None:
    """Indicators by number or id, base statistics, units as written."""
    observations = zgc_plan.load_observations(HERE / "data" / "observations.yaml")
    assert [o.key for o in observations] == [
        "labour-productivity",
        "energy-intensity",
        "total-revenue",
        "zone-area",
    ]
    assert observations[0].magnitude == 41
    assert observations[1].magnitude == Fraction("0.07")
    assert observations[1].status is zgc_plan.ObservationStatus.ESTIMATED
    assert observations[0].source == "example"


def test_csv_file() -> None:
    """CSV rows: indicator by number, id or Chinese name."""
    observations = zgc_plan.load_observations(HERE / "data" / "observations.csv")
    assert [o.key for o in observations] == [
        "labour-productivity",
        "energy-intensity",
        "listed-companies",
    ]
    assert observations[2].note == "a name works too"


def test_every_bad_yaml_row_at_once() -> None:
    """Every bad row is reported, with its path and line, in one error."""
    path = HERE / "bad_observations" / "bad_rows.yaml"
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(path)
    error = caught.value
    assert error.source == str(path)
    found = {(p.path, p.message.split(" (")[0]) for p in error.problems}
    assert found == {
        ("observations[0].indicator", "no indicator 99 in the plan"),
        ("observations[1].unit", "家 is not a unit of 劳动生产率"),
        ("observations[2]", "missing required key 'value'"),
        ("observations[3].value", "NaN is not a finite number"),
        ("observations[4].value", "-3 is negative, but 上市企业数量 cannot be"),
        ("observations[5].year", "3022 is outside the range 1949..2100"),
        ("observations[6].unit", "not a known unit: 'furlongs'"),
    }
    lines = {p.path: p.line for p in error.problems}
    assert lines["observations[0].indicator"] == 2
    assert lines["observations[6].unit"] == 25
    assert str(path) in str(error)


def test_every_bad_csv_row_at_once() -> None:
    """CSV rows are numbered from 0 after the header; lines are the file's lines."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(HERE / "bad_observations" / "bad_rows.csv")
    problems = {(p.path, p.line) for p in caught.value.problems}
    assert problems == {("[1].indicator", 3), ("[2].year", 4)}


def test_derive_reproduces_a_published_ratio() -> None:
    """地均总收入 2022 = 8.7万亿元 ÷ 488 km² = 178.3 亿元/平方公里 (to its published precision)."""
    observations = zgc_plan.load_observations(HERE / "data" / "observations.yaml")
    derived = zgc_plan.derive(observations)
    assert [d.key for d in derived] == ["revenue-per-area"]
    assert round(float(derived[0].magnitude), 1) == 178.3
    assert derived[0].status is zgc_plan.ObservationStatus.DERIVED
    assert "488" in derived[0].note


def test_observation_of_adopts_another_registry() -> None:
    """A quantity of another registry is read by its unit's name; unknown units are refused."""
    import pint

    other: pint.UnitRegistry[Any] = pint.UnitRegistry()
    area = zgc_plan.Observation.of("zone-area", 2012, other.Quantity(488, "km**2"))
    assert area.unit._REGISTRY is zgc_plan.ureg
    assert area.magnitude == 488
    with pytest.raises(zgc_plan.UnitMismatchError):
        zgc_plan.Observation.of("zone-area", 2012, other.Quantity(488, "acre"))


def test_missing_file() -> None:
    """A missing file is a PlanDataError naming the file."""
    with pytest.raises(zgc_plan.PlanDataError, match="cannot read the file"):
        zgc_plan.load_observations(HERE / "no-such-file.yaml")


def test_a_null_value_is_an_absent_key() -> None:
    """specs/observations.md: "A key whose value is null (`status: null`, `note: ~`) counts as absent"."""
    text = "observations:\n  - {indicator: 7, year: 2022, value: 41, status: null, note: ~}\n"
    (observation,) = parse_observations(text)
    assert observation.status is zgc_plan.ObservationStatus.PUBLISHED
    assert observation.note == ""
