"""Every null number of the JSON output says why it is null.

Spec (specs/evaluation.md, "JSON"): "a number that is missing or not finite is
written as null, and the result's ``null_reasons`` names why, field by field:
``no_figure``, ``no_baseline``, ``not_finite`` ... ; a score without a verdict
has ``null_reasons`` ``{"score": "no_verdict"}``".
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import zgc_plan
from zgc_plan._load import parse_plan
from zgc_plan._report import NULL_REASONS

MINIMAL = (Path(__file__).parent / "bad_plans" / "_valid_minimal.yaml").read_text("utf-8")


def _strict(text: str) -> dict[str, Any]:
    def refuse(constant: str) -> None:
        raise AssertionError(f"not JSON: {constant}")

    data: dict[str, Any] = json.loads(text, parse_constant=refuse)
    return data


def _nulls(row: dict[str, Any]) -> set[str]:
    """The dotted names of the null numbers of a result row."""
    fields = ("observed_value", "gap", "attainment", "baseline", "progress", "trajectory")
    names = {field for field in fields if row[field] is None}
    if row["trajectory"] is not None:
        names |= {f"trajectory.{k}" for k, v in row["trajectory"].items() if v is None}
    return names


def _figures(values: dict[int, str]) -> list[zgc_plan.Observation]:
    unit = zgc_plan.parse_unit("家")
    return [zgc_plan.Observation("firms", y, Fraction(v), unit) for y, v in values.items()]


def test_every_null_of_the_scorecard_has_a_known_reason() -> None:
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    data = _strict(evaluation.to_json())
    for row in data["results"]:
        assert set(row["null_reasons"]) == _nulls(row), row["target"]
        assert set(row["null_reasons"].values()) <= NULL_REASONS.keys()
    for score in [*data["scores"], data["overall"]]:
        assert (score["score"] is None) is (score["null_reasons"] == {"score": "no_verdict"})


def test_reasons_of_a_missing_figure_and_baseline() -> None:
    data = _strict(zgc_plan.evaluate({7: "41万元/人"}).to_json())
    rows = {row["target"]: row for row in data["results"]}
    assert rows["target-labour-productivity"]["null_reasons"] == {
        "baseline": "no_baseline", "progress": "no_baseline", "trajectory": "no_baseline",
    }  # fmt: skip
    assert rows["target-rd-intensity"]["null_reasons"]["observed_value"] == "no_figure"


def test_a_projection_past_the_float_range_is_null_and_says_so() -> None:
    """“1e-30 in 2017 to 30 in 2100” (here 2018, with a target of 2030): the projection overflows; JSON stays strict."""
    plan = parse_plan(MINIMAL.replace("        year: 2022", "        year: 2030"))
    evaluation = zgc_plan.evaluate(_figures({2017: "1e-30", 2018: "30"}), plan, baseline=2017)
    (row,) = _strict(evaluation.to_json())["results"]
    assert row["trajectory"]["projected"] is None
    assert row["null_reasons"]["trajectory.projected"] == "not_finite"
    assert set(row["null_reasons"]) == _nulls(row)


def test_reasons_of_a_baseline_of_the_figure_year() -> None:
    plan = parse_plan(MINIMAL)
    evaluation = zgc_plan.evaluate(_figures({2017: "30"}), plan, baseline=2017)
    (row,) = _strict(evaluation.to_json())["results"]
    assert row["null_reasons"]["trajectory.actual_rate"] == "same_year"
    assert row["null_reasons"]["trajectory.projected"] == "no_rate"


def test_reasons_of_a_zero_baseline() -> None:
    plan = parse_plan(MINIMAL)
    evaluation = zgc_plan.evaluate(_figures({2017: "0", 2020: "30"}), plan, baseline=2017)
    (row,) = _strict(evaluation.to_json())["results"]
    assert row["null_reasons"]["trajectory.expected_cagr"] == "not_positive"
    assert row["null_reasons"]["trajectory.actual_rate"] == "not_positive"


def test_reasons_of_a_growth_target() -> None:
    text = MINIMAL.replace(
        '        unit: "家"\n        year: 2022',
        '        unit: "%"\n        year: 2022\n        growth: annual_rate\n        base_year: 2017',
    )
    plan = parse_plan(text)
    judged = _strict(zgc_plan.evaluate(_figures({2017: "30", 2022: "50"}), plan).to_json())
    assert judged["results"][0]["null_reasons"] == {"trajectory": "not_a_level"}
    unjudged = _strict(zgc_plan.evaluate(_figures({2022: "50"}), plan).to_json())
    assert unjudged["results"][0]["null_reasons"]["gap"] == "not_judged"
