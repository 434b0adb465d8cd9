"""Periods: every form, its canonical text, and every error.

Spec (``specs/periods.md``): "An observation refers to a period: a year
(2022), a quarter (2022Q3), a month (2022-11), or a year-to-date span
(2022-01..2022-11) ... Validation: a month 13, a span that runs backwards or
across years, a quarter 5 are errors with their line."
"""

from __future__ import annotations

from pathlib import Path

import pytest

import zgc_plan
from zgc_plan import Period

HERE = Path(__file__).parent


@pytest.mark.parametrize(
    ("text", "year", "first", "last", "kind", "canonical"),
    [
        ("2022", 2022, 1, 12, "year", "2022"),
        ("2022Q1", 2022, 1, 3, "quarter", "2022Q1"),
        ("2022q3", 2022, 7, 9, "quarter", "2022Q3"),
        ("2022Q4", 2022, 10, 12, "quarter", "2022Q4"),
        ("2022-11", 2022, 11, 11, "month", "2022-11"),
        ("2022-1", 2022, 1, 1, "month", "2022-01"),
        ("2022-01..2022-11", 2022, 1, 11, "span", "2022-01..2022-11"),
        ("2022-01 .. 2022-11", 2022, 1, 11, "span", "2022-01..2022-11"),
        ("2022-07..2022-09", 2022, 7, 9, "quarter", "2022Q3"),
        ("2022-01..2022-12", 2022, 1, 12, "year", "2022"),
        ("2022-05..2022-05", 2022, 5, 5, "month", "2022-05"),
        ("2022-02..2022-04", 2022, 2, 4, "span", "2022-02..2022-04"),
    ],
)
def test_every_period_form(
    text: str, year: int, first: int, last: int, kind: str, canonical: str
) -> None:
    """Each form reads to its months and is written in the shortest form that says it."""
    period = Period.parse(text)
    assert (period.year, period.first, period.last) == (year, first, last)
    assert period.kind == kind
    assert str(period) == canonical
    assert Period.parse(str(period)) == period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-13", "month 13 is not 1-12"),
        ("2022-00", "month 0 is not 1-12"),
        ("2022Q5", "quarter 5 is not 1-4"),
        ("2022Q0", "quarter 0 is not 1-4"),
        ("2022-11..2022-03", "the span runs backwards"),
        ("2021-11..2022-02", "runs across years"),
        ("1800", "year 1800 is outside 1949..2100"),
        ("22-11", "not a period: '22-11'"),
        ("2022H1", "not a period"),
        ("", "not a period"),
    ],
)
def test_every_period_error(text: str, message: str) -> None:
    """Bad periods are PlanDataErrors saying what is wrong."""
    with pytest.raises(zgc_plan.PlanDataError, match=message):
        Period.parse(text)


def test_constructors_check_their_months() -> None:
    """Period.quarter(2022, 5) and Period.month(2022, 13) are refused like their text."""
    with pytest.raises(zgc_plan.PlanDataError, match="quarter 5 is not 1-4"):
        Period.quarter(2022, 5)
    with pytest.raises(zgc_plan.PlanDataError, match="month 13 is not 1-12"):
        Period.month(2022, 13)
    with pytest.raises(zgc_plan.PlanDataError, match="runs backwards"):
        Period.span(2022, 5, 2)


def test_periods_sort_and_contain() -> None:
    """Periods sort by year, first and last month; a year contains its quarters and months."""
    periods = [Period.parse(t) for t in ("2022", "2021-12", "2022Q1", "2022-01")]
    assert [str(p) for p in sorted(periods)] == ["2021-12", "2022-01", "2022Q1", "2022"]
    assert Period(2022).contains(Period.quarter(2022, 3))
    assert not Period.quarter(2022, 3).contains(Period.month(2022, 10))
    assert len(Period(2022).month_periods()) == 12
    assert Period.of(2022) == Period.of("2022") == Period(2022)


def test_observation_year_is_its_period_year() -> None:
    """'keep Observation.year working (the period's year)'."""
    observation = zgc_plan.Observation.of("total-revenue", "2022-01..2022-11", "7万亿元")
    assert observation.year == 2022
    assert observation.period == Period.span(2022, 1, 11)


def test_period_area_and_missing_keys_are_read(tmp_path: Path) -> None:
    """YAML keys `period`, `area` (id or Chinese name) and `missing`; `year` stays valid."""
    path = tmp_path / "figures.yaml"
    path.write_text(
        "observations:\n"
        "  - {statistic: total-revenue, period: 2022Q3, area: 海淀园, value: 1}\n"
        "  - {statistic: total-revenue, year: 2022, area: haidian, value: 2}\n"
        "  - {statistic: total-revenue, period: '2022-01..2022-11', value: 3}\n"
        "  - {statistic: total-revenue, period: 2022, missing: [2022-12, 延庆园], value: 4}\n",
        encoding="utf-8",
    )
    rows = zgc_plan.load_observations(path)
    assert [(str(o.period), o.area) for o in rows] == [
        ("2022Q3", "haidian"),
        ("2022", "haidian"),
        ("2022-01..2022-11", "zone"),
        ("2022", "zone"),
    ]
    assert rows[3].missing == ("2022-12", "yanqing")
    assert not rows[3].complete


def test_old_zone_wide_false_reads_as_the_other_scope(tmp_path: Path) -> None:
    """'old files with `zone_wide` still load, mapped to an area.'"""
    path = tmp_path / "old.yaml"
    path.write_text(
        "observations:\n"
        "  - {indicator: pct-applications, year: 2022, value: 11463, zone_wide: false}\n"
        "  - {indicator: pct-applications, year: 2021, value: 10000, zone_wide: true}\n",
        encoding="utf-8",
    )
    rows = zgc_plan.load_observations(path)
    assert [o.area for o in rows] == ["other", "zone"]
    assert [o.zone_wide for o in rows] == [False, True]


def test_every_bad_period_row_at_once() -> None:
    """Every bad period and area of a file is reported at once, with its path and line."""
    path = HERE / "bad_observations" / "bad_periods.yaml"
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(path)
    found = {
        (p.path, p.line, p.message.split(" in '")[0].split(";")[0]) for p in caught.value.problems
    }
    assert found == {
        ("observations[0].period", 4, "month 13 is not 1-12"),
        ("observations[1].period", 7, "quarter 5 is not 1-4"),
        ("observations[2].period", 10, "the span runs backwards: month 3 is before month 11"),
        ("observations[3].period", 13, "the span '2021-11..2022-02' runs across years"),
        ("observations[4].period", 16, "not a period: '22-11'"),
        ("observations[5]", 18, "give exactly one of 'period' and 'year'"),
        ("observations[6]", 22, "give exactly one of 'period' and 'year'"),
        ("observations[7].area", 26, "no area '火星园' in the plan"),
        ("observations[8].zone_wide", 31, "give 'area', or the older 'zone_wide', not both"),
        ("observations[9].missing[0]", 35, "2022-05 is not a month of the period 2022Q1"),
        ("observations[10].period", 38, "year 3022 is outside 1949..2100"),
    }


def test_every_bad_csv_period_at_once() -> None:
    """CSV cells of `period` and `area` are checked like YAML keys, with the file's lines."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(HERE / "bad_observations" / "bad_periods.csv")
    found = {(p.path, p.line) for p in caught.value.problems}
    assert found == {("[0].period", 2), ("[1].area", 3)}
