"""Aggregation of months and parks by the plan's declared rules.

Spec (``specs/aggregation.md``): "over time — flows are summed, stocks are
taken at the end of the period, 从业人员 is the average of the months; over
areas — sums of flows and stocks, never of ratios. Ratio indicators are always
computed as a ratio of aggregated sums ... Completeness is explicit ... Where
a reported zone figure and the sum of the parks both exist, the disagreement
is reported, and the reported figure is used."
"""

from __future__ import annotations

from fractions import Fraction

import pytest

import zgc_plan
from zgc_plan import Observation, Period

PLAN = zgc_plan.load_plan()
PARKS = [park.id for park in PLAN.parks]


def _months(key: str, area: str, values: dict[int, str], year: int = 2022) -> list[Observation]:
    return [Observation.of(key, f"{year}-{m:02d}", v, area=area) for m, v in values.items()]


def _one(aggregation: zgc_plan.Aggregation, area: str, period: str) -> Observation:
    found = [o for o in aggregation if o.area == area and str(o.period) == period]
    assert len(found) == 1, found
    return found[0]


def test_a_flow_of_twelve_months_is_their_sum() -> None:
    """'flows are summed': twelve months of 总收入 make the year, complete."""
    rows = _months("total-revenue", "haidian", {m: f"{m}亿元" for m in range(1, 13)})
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.magnitude == 78
    assert year.missing == ()
    assert year.status is zgc_plan.ObservationStatus.DERIVED


def test_a_year_lacking_months_is_partial_with_the_months_it_lacks() -> None:
    """'a year of a flow needs its 12 months or a 1-12月 figure, otherwise ... partial'."""
    rows = _months("total-revenue", "haidian", {m: "1亿元" for m in range(1, 12) if m != 5})
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.magnitude == 10
    assert year.missing == ("2022-05", "2022-12")


def test_a_year_to_date_total_is_not_a_year() -> None:
    """'treating a January–November total as a year' is the classic mistake: it is partial."""
    rows = [Observation.of("total-revenue", "2022-01..2022-11", "11亿元", area="haidian")]
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.magnitude == 11
    assert year.missing == ("2022-12",)


def test_a_1_to_12_total_is_the_year() -> None:
    """'or a 1-12月 figure': 2022-01..2022-12 is the year itself."""
    rows = [Observation.of("total-revenue", "2022-01..2022-12", "12亿元", area="haidian")]
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.missing == ()
    assert year is rows[0]


def test_year_to_date_totals_make_quarters_by_difference() -> None:
    """1-N月 totals, as monthly releases report them, give each quarter as a difference."""
    rows = [
        Observation.of("total-revenue", f"2022-01..2022-{m:02d}", f"{10 * m}亿元", area="haidian")
        for m in (3, 6, 9, 12)
    ]
    quarters = zgc_plan.aggregate(rows, to="quarter", zone=False)
    assert [(str(o.period), o.magnitude) for o in quarters] == [
        ("2022Q1", Fraction(30)),
        ("2022Q2", Fraction(30)),
        ("2022Q3", Fraction(30)),
        ("2022Q4", Fraction(30)),
    ]


def test_employees_are_the_mean_of_the_months() -> None:
    """'从业人员 is the average of the months', not their sum and not the last month."""
    rows = _months("employees", "haidian", {m: f"{m}万人" for m in range(1, 13)})
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.magnitude == Fraction(13, 2)


def test_a_stock_is_taken_at_the_end_of_the_period() -> None:
    """'stocks are taken at the end of the period': December's 有效发明专利, never the sum."""
    rows = _months("invention-patents-held", "haidian", {m: f"{100 + m}件" for m in range(1, 13)})
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.magnitude == 112
    assert year.missing == ()


def test_a_stock_without_its_last_month_is_partial() -> None:
    """A stock known only at end-November is the latest figure, marked as lacking December."""
    rows = _months("invention-patents-held", "haidian", {11: "111件"})
    year = _one(zgc_plan.aggregate(rows, zone=False), "haidian", "2022")
    assert year.magnitude == 111
    assert year.missing == ("2022-12",)


def test_a_reported_year_is_used_and_its_disagreement_with_the_months_reported() -> None:
    """'the disagreement is reported ..., and the reported figure is used.'"""
    rows = _months("total-revenue", "haidian", dict.fromkeys(range(1, 13), "1亿元"))
    rows.append(Observation.of("total-revenue", 2022, "13亿元", area="haidian"))
    aggregation = zgc_plan.aggregate(rows, zone=False)
    assert _one(aggregation, "haidian", "2022").magnitude == 13
    (disagreement,) = aggregation.disagreements
    assert disagreement.basis == "months"
    assert (disagreement.reported, disagreement.computed) == (Fraction(13), Fraction(12))
    assert "reported 13 亿元, but its months make 12 亿元" in disagreement.message


@pytest.mark.parametrize("key", ["total-revenue", "labour-productivity"])
def test_two_values_of_one_figure_are_refused(key: str) -> None:
    """Two values of one figure (key, period, area, scope) conflict: refused as in a file.

    A second value of a ratio used to be dropped without a word, and of a
    statistic reported as "its months make" the other value.
    """
    unit = "亿元" if key == "total-revenue" else "万元/人"
    rows = [
        Observation.of(key, "2022-01", f"41{unit}", area="haidian"),
        Observation.of(key, "2022-01", f"42{unit}", area="haidian"),
    ]
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.aggregate(rows)
    assert str(caught.value) == (
        f"<aggregate>: [1]: {key} of 2022-01 in haidian is given twice with different values: "
        f"41 {unit} at [0] and 42 {unit} here; keep one, or give the other a distinct scope"
    )
    same = zgc_plan.aggregate([rows[0], rows[0]], to="quarter", zone=False)
    assert not same.disagreements
    # A park named by its Chinese name is the same park.
    named = [rows[0], Observation.of(key, "2022-01", f"42{unit}", area="海淀园")]
    with pytest.raises(zgc_plan.PlanDataError, match="is given twice with different values"):
        zgc_plan.aggregate(named)


def test_the_zone_is_the_sum_of_its_sixteen_parks() -> None:
    """'a zone total from parks needs all 16 parks'."""
    rows = [
        Observation.of("total-revenue", 2022, f"{i + 1}亿元", area=p) for i, p in enumerate(PARKS)
    ]
    zone = _one(zgc_plan.aggregate(rows), "zone", "2022")
    assert zone.magnitude == sum(range(1, 17))
    assert zone.missing == ()


def test_a_zone_total_lacking_parks_is_partial_and_names_them() -> None:
    """'... or is marked partial with the missing ones.'"""
    rows = [Observation.of("total-revenue", 2022, "1亿元", area=p) for p in PARKS[:-1]]
    zone = _one(zgc_plan.aggregate(rows), "zone", "2022")
    assert zone.magnitude == 15
    assert zone.missing == ("yanqing",)


def test_a_reported_zone_figure_is_used_and_compared_with_the_parks() -> None:
    """A reported zone total wins over the parks' sum; the difference is reported."""
    rows = [Observation.of("total-revenue", 2022, "1亿元", area=p) for p in PARKS]
    rows.append(Observation.of("total-revenue", 2022, "17亿元"))
    aggregation = zgc_plan.aggregate(rows)
    assert _one(aggregation, "zone", "2022").magnitude == 17
    (disagreement,) = aggregation.disagreements
    assert disagreement.basis == "parks"
    assert (disagreement.reported, disagreement.computed) == (Fraction(17), Fraction(16))


def test_parks_in_different_units_add_up_exactly() -> None:
    """'a park reported in 亿元 and another in 万元 aggregate correctly'."""
    rows = [Observation.of("total-revenue", 2022, "1.5亿元", area="haidian")]
    rows.append(Observation.of("total-revenue", 2022, "5000万元", area="chaoyang"))
    zone = _one(zgc_plan.aggregate(rows), "zone", "2022")
    assert zone.magnitude == 2
    assert str(zone.unit) == str(PLAN.statistic("total-revenue").unit)


def test_a_zone_ratio_is_the_ratio_of_sums() -> None:
    """'Σ增加值 ÷ average Σ从业人员, never ... an average of the parks' ratios.'"""
    rows = [
        Observation.of("value-added", 2022, "100亿元", area="haidian"),
        Observation.of("employees", 2022, "1万人", area="haidian"),
        Observation.of("value-added", 2022, "1亿元", area="yanqing"),
        Observation.of("employees", 2022, "3万人", area="yanqing"),
    ]
    derived = zgc_plan.derive(zgc_plan.aggregate(rows))
    zone = next(d for d in derived if d.area == "zone" and d.key == "labour-productivity")
    # 101亿元 / 4万人 = 25.25万元/人, the ratio of the sums; the mean of the
    # parks' ratios (100 and 1/3) would be about 50.17.
    assert zone.magnitude == Fraction(101, 4)
    assert len(zone.missing) == 14  # the other parks are missing, so the zone ratio is partial


def test_ratio_figures_are_not_aggregated() -> None:
    """Monthly figures of a ratio indicator are skipped, never averaged into a year."""
    rows = [Observation.of("labour-productivity", f"2022-{m:02d}", "3万元/人") for m in (1, 2)]
    aggregation = zgc_plan.aggregate(rows)
    assert len(aggregation) == 0
    assert aggregation.skipped == tuple(rows)


def test_areas_are_named_by_chinese_name_too() -> None:
    """Observations built with area='海淀园' aggregate as haidian."""
    rows = [Observation.of("total-revenue", 2022, "1亿元", area="海淀园")]
    assert {o.area for o in zgc_plan.aggregate(rows)} == {"haidian", "zone"}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([Observation.of("total-revenue", 2022, "1亿元", area="火星园")], "no area '火星园'"),
        (
            [Observation("no-such-key", Period(2022), Fraction(1), PLAN.statistics[0].unit)],
            "no indicator or statistic 'no-such-key'",
        ),
    ],
)
def test_bad_inputs_are_plan_data_errors(rows: list[Observation], message: str) -> None:
    """An unknown area or key is a PlanDataError naming the row."""
    with pytest.raises(zgc_plan.PlanDataError, match=message):
        zgc_plan.aggregate(rows)


def test_an_unknown_period_kind_is_refused() -> None:
    """to is 'quarter' or 'year'."""
    with pytest.raises(zgc_plan.PlanDataError, match="to must be 'quarter' or 'year'"):
        zgc_plan.aggregate([], to="month")  # type: ignore[arg-type]


def test_a_partial_year_is_never_judged_as_a_year() -> None:
    """'... and is never judged as a full year unless asked'."""
    rows = _months("pct-applications", "zone", dict.fromkeys(range(1, 12), "2000件"))
    evaluation = zgc_plan.evaluate(zgc_plan.aggregate(rows), year=2022)
    result = evaluation.result("pct-applications")
    assert result.observation is None


def test_a_year_end_stock_is_the_fourth_quarter_end() -> None:
    """A stock at the end of 2022 is the stock at the end of 2022Q4."""
    rows = [Observation.of("invention-patents-held", 2022, "500件", area="haidian")]
    quarters = zgc_plan.aggregate(rows, to="quarter", zone=False)
    assert [(str(o.period), o.magnitude, o.missing) for o in quarters] == [
        ("2022Q4", Fraction(500), ())
    ]


def test_months_that_disagree_with_their_total_are_reported() -> None:
    """Where 1-12月 and the sum of the months differ, the total is kept and the difference said."""
    rows = _months("total-revenue", "haidian", dict.fromkeys(range(1, 13), "1亿元"))
    rows.append(Observation.of("total-revenue", "2022-01..2022-06", "7亿元", area="haidian"))
    aggregation = zgc_plan.aggregate(rows, to="quarter", zone=False)
    assert aggregation.disagreements
    assert {d.basis for d in aggregation.disagreements} == {"months"}
    assert sum(o.magnitude for o in aggregation) == 13  # the 1-6月 total stands for its months


def test_a_reported_year_less_reported_quarters_gives_the_last() -> None:
    """Reported periods close a gap: 2022 less 2022Q1-Q3 is 2022Q4."""
    rows = [
        Observation.of("total-revenue", period, value, area="haidian")
        for period, value in (("2022Q1", "1亿元"), ("2022Q2", "2亿元"), ("2022Q3", "3亿元"))
    ]
    rows.append(Observation.of("total-revenue", 2022, "10亿元", area="haidian"))
    quarters = zgc_plan.aggregate(rows, to="quarter", zone=False)
    assert [o.magnitude for o in quarters] == [Fraction(1), Fraction(2), Fraction(3), Fraction(4)]
    assert quarters[3].missing == ()
