"""Evaluation: verdicts, gaps, attainment, progress, trajectories and scores.

Spec: "The result holds one TargetResult per target of the plan, in plan
order ... a missing observation is NO_DATA, never an exception."
"""

from __future__ import annotations

import json
import math
import re

import pytest

import zgc_plan
from zgc_plan import Status


def test_done_when_example() -> None:
    """evaluate({7: "41万元/人", 10: "0.07吨标煤/万元"}): MET, NOT_MET, NO_DATA for the rest."""
    evaluation = zgc_plan.evaluate({7: "41万元/人", 10: "0.07吨标煤/万元"})
    assert evaluation.result("labour-productivity").status is Status.MET
    assert evaluation.result("energy-intensity").status is Status.NOT_MET
    others = [
        r
        for r in evaluation.results
        if r.target.id not in ("target-labour-productivity", "target-energy-intensity")
    ]
    assert len(others) == 15
    assert all(r.status is Status.NO_DATA for r in others)
    assert [r.target.number for r in evaluation.results] == list(range(1, 18))


def test_result_fields_for_a_met_target() -> None:
    """observed in the target's unit; gap positive = still to go; attainment observed/target."""
    result = zgc_plan.evaluate({7: "410000 元/人"}).result("labour-productivity")
    assert result.observed_value == pytest.approx(41)
    assert result.observed is not None
    assert str(result.observed.units) == str(zgc_plan.parse_unit("万元/人"))
    assert result.gap == pytest.approx(-1)
    assert result.attainment == pytest.approx(41 / 40)
    assert result.year == 2022
    assert result.explanation_en == "Labour productivity 41 万元/人 > 40 万元/人: met"
    assert result.explanation_zh == "劳动生产率 41 万元/人 > 40 万元/人: 已达成"


def test_lower_is_better_gap_and_attainment() -> None:
    """For 降至 targets: gap = observed − target, attainment = target ÷ observed."""
    result = zgc_plan.evaluate({10: "0.07吨标煤/万元"}).result("energy-intensity")
    assert result.status is Status.NOT_MET
    assert result.gap == pytest.approx(0.005)
    assert result.attainment == pytest.approx(0.065 / 0.07)


@pytest.mark.parametrize(
    ("indicator", "value", "status"),
    [
        (7, "40万元/人", Status.NOT_MET),  # 超过 excludes the number
        (7, "40.0001万元/人", Status.MET),
        (6, "10%", Status.MET),  # 以上 includes it
        (6, "0.1", Status.NOT_MET),  # a bare number is in the indicator's unit: 0.1%
        (6, "9.99%", Status.NOT_MET),
        (10, "0.065吨标煤/万元", Status.MET),  # 降至: at most
        (10, "0.0651吨标煤/万元", Status.NOT_MET),
        (11, "475家", Status.MET),  # 左右, 5%
        (11, "474家", Status.NOT_MET),
        (12, "3个", Status.MET),  # 2-3个, both ends
        (12, "4个", Status.MET),  # past the range on the better side: 超额完成
        (13, "11000件", Status.NOT_MET),  # 突破: more than
        (13, "11001件", Status.MET),
    ],
)
def test_boundaries_through_evaluate(indicator: int, value: str, status: Status) -> None:
    """Each comparator's boundary holds through evaluate, not only through is_met."""
    evaluation = zgc_plan.evaluate({indicator: value})
    target = zgc_plan.load_plan().target_for(indicator)
    assert target is not None
    assert evaluation.result(target.id).status is status


def test_progress_from_a_baseline() -> None:
    """Progress: (observed − baseline) ÷ (target − baseline); 1 at the target, 0 at the baseline."""
    at_target = zgc_plan.evaluate({8: "260万元/人"}, baseline={8: "200万元/人"})
    assert at_target.result("revenue-per-employee").progress == 1
    at_base = zgc_plan.evaluate({8: "200万元/人"}, baseline={8: "200万元/人"})
    assert at_base.result("revenue-per-employee").progress == 0
    half = zgc_plan.evaluate({8: "230万元/人"}, baseline={8: "200万元/人"})
    assert half.result("revenue-per-employee").progress == pytest.approx(0.5)
    beyond = zgc_plan.evaluate({8: "290万元/人"}, baseline={8: "200万元/人"})
    assert beyond.result("revenue-per-employee").progress == pytest.approx(1.5)  # uncapped


def test_progress_for_lower_is_better() -> None:
    """For at-most targets: (baseline − observed) ÷ (baseline − target)."""
    evaluation = zgc_plan.evaluate({10: "0.075吨标煤/万元"}, baseline={10: "0.085吨标煤/万元"})
    assert evaluation.result("energy-intensity").progress == pytest.approx(0.5)


def test_on_track_and_off_track() -> None:
    """An earlier year with a baseline: ON_TRACK when growth ≥ 0.95 of the growth required."""
    required = (260 / 200) ** (1 / 5) - 1
    on = 200 * (1 + required) ** 3
    evaluation = zgc_plan.evaluate(
        [zgc_plan.Observation.of("revenue-per-employee", 2020, f"{on}万元/人")],
        baseline={8: "200万元/人"},
    )
    result = evaluation.result("revenue-per-employee")
    assert result.status is Status.ON_TRACK
    assert result.trajectory is not None
    assert result.trajectory.growth_ratio == pytest.approx(1.0)
    assert result.trajectory.projected == pytest.approx(260)
    assert result.trajectory.expected_linear == pytest.approx(236)
    assert result.trajectory.expected_cagr == pytest.approx(on)
    slow = zgc_plan.evaluate(
        [zgc_plan.Observation.of("revenue-per-employee", 2020, "210万元/人")],
        baseline={8: "200万元/人"},
    )
    assert slow.result("revenue-per-employee").status is Status.OFF_TRACK


def test_baseline_year_from_the_observations() -> None:
    """baseline=2017 takes the baseline figures from the observations of 2017."""
    observations = [
        zgc_plan.Observation.of("listed-companies", 2017, "312家"),
        zgc_plan.Observation.of("listed-companies", 2021, "456家"),
    ]
    result = zgc_plan.evaluate(observations, baseline=2017).result("listed-companies")
    assert result.year == 2021
    assert result.baseline_year == 2017
    assert result.progress == pytest.approx((456 - 312) / (500 - 312))


def test_derived_indicator_from_base_statistics() -> None:
    """地均总收入 = 总收入 ÷ 面积: 8.7万亿元 over 488 km² is 178.3 亿元/平方公里, marked derived."""
    observations = [
        zgc_plan.Observation.of("total-revenue", 2022, "8.7万亿元"),
        zgc_plan.Observation.of("zone-area", 2012, "488平方公里"),
    ]
    result = zgc_plan.evaluate(observations).result("revenue-per-area")
    assert result.observed_value == pytest.approx(178.28, abs=0.005)
    assert result.observation is not None
    assert result.observation.status is zgc_plan.ObservationStatus.DERIVED
    assert result.status is Status.NOT_MET


def test_scores() -> None:
    """Scores per category and overall; targets without data are reported, not counted."""
    evaluation = zgc_plan.evaluate({7: "41万元/人", 10: "0.07吨标煤/万元"})
    returns = evaluation.categories[1]
    assert returns.category is not None
    assert returns.category.name_zh == "创新效益"
    assert returns.score == pytest.approx((100 + 100 * 0.065 / 0.07) / 2)
    assert set(returns.counted) == {"target-labour-productivity", "target-energy-intensity"}
    assert len(returns.missing) == 5
    assert evaluation.categories[0].score is None
    assert evaluation.overall.score == returns.score
    assert len(evaluation.overall.missing) == 15


def test_weights_change_the_score() -> None:
    """Weights are overridable by target id; unknown ids are an error."""
    evaluation = zgc_plan.evaluate(
        {7: "41万元/人", 10: "0.07吨标煤/万元"}, weights={"target-energy-intensity": 3}
    )
    assert evaluation.overall.score == pytest.approx((100 + 3 * 100 * 0.065 / 0.07) / 4)
    with pytest.raises(zgc_plan.PlanDataError, match="no target has this id"):
        zgc_plan.evaluate({7: "41万元/人"}, weights={"nope": 1})


def test_context_figures_are_skipped() -> None:
    """Figures of another scope are left out unless asked for, and reported."""
    beijing = zgc_plan.Observation.of(
        "pct-applications", 2022, "11463件", zone_wide=False, scope="Beijing city-wide"
    )
    evaluation = zgc_plan.evaluate([beijing])
    assert evaluation.result("pct-applications").status is Status.NO_DATA
    assert evaluation.skipped == (beijing,)
    included = zgc_plan.evaluate([beijing], include_context=True)
    assert included.result("pct-applications").status is Status.MET


def test_bad_inputs() -> None:
    """Unknown indicators, unreadable values and wrong dimensions raise PlanErrors."""
    with pytest.raises(zgc_plan.PlanDataError, match="no indicator or statistic 99"):
        zgc_plan.evaluate({99: "1家"})
    with pytest.raises(zgc_plan.PlanDataError, match="not a known unit"):
        zgc_plan.evaluate({7: "41 furlongs"})
    with pytest.raises(zgc_plan.UnitMismatchError):
        zgc_plan.evaluate({7: "41家"})
    with pytest.raises(zgc_plan.PlanDataError, match="expected an Observation"):
        zgc_plan.evaluate([("labour-productivity", 41)])  # type: ignore[list-item]
    with pytest.raises(zgc_plan.PlanDataError, match="outside"):
        zgc_plan.evaluate({7: "41万元/人"}, year=3000)


def test_outputs() -> None:
    """to_dict is JSON-safe; JSON, CSV, Markdown and the table hold every target."""
    evaluation = zgc_plan.evaluate({7: "41万元/人", 10: "0.07吨标煤/万元"})
    data = json.loads(evaluation.to_json())
    assert data == json.loads(json.dumps(evaluation.to_dict()))
    rows = data["results"]
    assert len(rows) == 17
    labour = next(r for r in rows if r["target"] == "target-labour-productivity")
    assert labour["status"] == "met"
    assert labour["indicator"] == 7
    assert labour["observed"] == "41 万元/人"
    incubators = next(r for r in rows if r["target"] == "target-hard-tech-incubators")
    assert incubators["indicator"] is None
    assert incubators["observed"] is None
    csv_lines = evaluation.to_csv().splitlines()
    assert len(csv_lines) == 18
    assert csv_lines[0].startswith("number,target,indicator")
    assert evaluation.to_markdown().count("\n| ") >= 17
    table = evaluation.to_table()
    assert "劳动生产率" in table
    assert "met" in table


def test_table_aligns_by_display_width() -> None:
    """The plain-text table aligns Chinese text by display width, not by characters."""
    from zgc_plan._report import display_width

    table = zgc_plan.evaluate({7: "41万元/人"}).to_table()
    header, _, *rows = table.splitlines()[:19]
    start = display_width(header[: header.index("目标")])
    for row in rows:
        # The third cell (the target) starts at the same display column on every row.
        third = [m.end() for m in re.finditer(r"\s{2,}", row)][1]
        assert display_width(row[:third]) == start
    assert display_width("劳动生产率") == 10


def test_nan_is_refused() -> None:
    """NaN and infinity are not observations."""
    with pytest.raises(zgc_plan.PlanDataError):
        zgc_plan.evaluate({7: "nan 万元/人"})
    with pytest.raises(zgc_plan.PlanDataError, match="finite"):
        zgc_plan.evaluate({7: zgc_plan.Q_(math.inf, "万元/人")})


def test_figures_of_less_than_a_year_are_listed_as_skipped() -> None:
    """Spec: figures that are not of a whole year "are left out and listed in
    Evaluation.skipped" with those of other areas, never dropped in silence."""
    quarter = zgc_plan.Observation.of("labour-productivity", "2022Q3", "50万元/人")
    month = zgc_plan.Observation.of("total-revenue", "2022-03", "5亿元")
    evaluation = zgc_plan.evaluate([quarter, month])
    assert evaluation.result("labour-productivity").status is zgc_plan.Status.NO_DATA
    assert quarter in evaluation.skipped
    assert not quarter.annual
    # The month is aggregated into a year that lacks eleven months: that is what is skipped.
    [year] = [o for o in evaluation.skipped if o.key == "total-revenue"]
    assert str(year.period) == "2022"
    assert len(year.missing) >= 11
    skipped = json.loads(evaluation.to_json())["skipped"]
    assert {(s["key"], s["period"], s["reason"]) for s in skipped} == {
        ("labour-productivity", "2022Q3", "partial"),
        ("total-revenue", "2022", "partial"),
    }
    assert "2 figures were left out as not of a whole year" in evaluation.to_table()
