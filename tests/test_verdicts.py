"""Verdicts that can be trusted: one regression test per silently wrong answer.

Spec: specs/evaluation.md ("Which figure is judged", "Duplicates", "Status",
"Trends", "Scores", "Data quality", "Options") and specs/semantics.md
("Above a band", "Keys").
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan import Observation, ObservationStatus, Status

DATA = Path(__file__).parent / "data" / "verdicts"


def obs(key: str, year: int, value: str, **fields: object) -> Observation:
    return Observation.of(key, year, value, **fields)


# 1. A figure the user gives is never replaced by a derived one.


def test_a_given_figure_wins_over_a_derived_one() -> None:
    """Spec: "a figure given for an indicator always wins over one derived from base
    statistics; derivation only fills gaps. When both exist and disagree beyond
    rounding, the result says so (both values, both sources)"."""
    figures = zgc_plan.load_observations(DATA / "given_and_derived.yaml")
    result = zgc_plan.evaluate(figures).result("labour-productivity")
    assert result.status is Status.MET
    assert result.observed_text == "41 万元/人"
    assert result.observation is not None
    assert result.observation.source == "given figure"
    assert result.conflict is not None
    assert result.conflict.value_text == "30 万元/人"
    assert "base statistics" in result.conflict.source
    assert result.explanation_en.endswith("met; derived: 30 万元/人")
    assert result.explanation_zh.endswith("已达成；推算值 30 万元/人")
    record = zgc_plan.evaluate(figures).to_dict()["results"]
    assert isinstance(record, list)
    (row,) = [r for r in record if r["target"] == "target-labour-productivity"]
    assert row["conflict"]["value"] == "30 万元/人"


def test_a_derived_figure_that_rounds_to_the_given_one_is_no_conflict() -> None:
    """Spec: "disagree beyond rounding": half a unit of the given figure's last decimal."""
    given = obs("labour-productivity", 2022, "30万元/人")
    inputs = [obs("value-added", 2022, "0.9012万亿元"), obs("employees", 2022, "300万人")]
    result = zgc_plan.evaluate([given, *inputs]).result("labour-productivity")
    assert result.observation is given
    assert result.conflict is None  # 30.04 rounds to 30


def test_derivation_still_fills_gaps() -> None:
    """Without a given figure, the derived one is judged and says what it came from."""
    inputs = [obs("value-added", 2022, "1.3万亿元"), obs("employees", 2022, "300万人")]
    result = zgc_plan.evaluate(inputs).result("labour-productivity")
    assert result.status is Status.MET
    assert result.observation is not None
    assert {o.key for o in result.observation.inputs} == {"value-added", "employees"}
    assert result.quality is ObservationStatus.DERIVED


# 2. Duplicates are refused, never resolved by order.


@pytest.mark.parametrize("name", ["duplicates.yaml", "duplicates_swapped.yaml"])
def test_duplicate_rows_in_a_file_are_refused_with_both_lines(name: str) -> None:
    """Spec: "two observations of the same indicator or statistic, period and scope with
    different values are a PlanDataError naming both rows and lines"."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(DATA / name)
    (problem,) = caught.value.problems
    assert problem.path == "observations[1]"
    assert problem.line == 5
    assert "observations[0] (line 2)" in problem.message
    assert "given twice with different values" in problem.message
    assert caught.value.source is not None
    assert caught.value.source.endswith(name)


def test_duplicate_rows_in_a_csv_are_refused() -> None:
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(DATA / "duplicates.csv")
    (problem,) = caught.value.problems
    assert problem.line == 3
    assert "6% at [0] (line 2) and 6.5% here" in problem.message


def test_identical_repeats_are_merged() -> None:
    """Spec: "identical repeats may be merged" (the same value in another unit too)."""
    (figure,) = zgc_plan.load_observations(DATA / "repeats.yaml")
    assert figure.value_text == "41 万元/人"


def test_duplicate_observation_objects_are_refused() -> None:
    """The same rule for Observation lists passed to evaluate."""
    first = obs("labour-productivity", 2022, "41万元/人", source="A")
    second = obs("labour-productivity", 2022, "39万元/人", source="B")
    for order in ([first, second], [second, first]):
        with pytest.raises(zgc_plan.PlanDataError, match="given twice") as caught:
            zgc_plan.evaluate(order)
        assert caught.value.problems[0].path.startswith("[1]")
    same = obs("labour-productivity", 2022, "410000元/人")
    assert zgc_plan.evaluate([first, same]).result(7).status is Status.MET


def test_figures_of_different_scopes_are_not_duplicates() -> None:
    zone = obs("listed-companies", 2021, "456家")
    beijing = obs("listed-companies", 2021, "600家", zone_wide=False, scope="北京市")
    assert zgc_plan.evaluate([zone, beijing]).result(11).observed_text == "456 家"


# 3. A score of 100 only for a met target.


def test_a_target_that_is_not_met_never_scores_100() -> None:
    """Spec: "a target scores 100 only when it is met"."""
    evaluation = zgc_plan.evaluate(
        {7: "40万元/人", 13: "11000件"}, baseline={7: "30万元/人", 13: "3652件"}
    )
    for key in (7, 13):
        result = evaluation.result(key)
        assert result.status is Status.NOT_MET
        assert result.progress == 1.0
    assert evaluation.overall.score is not None
    assert evaluation.overall.score < 100
    assert evaluation.overall.score == zgc_plan.NOT_MET_SCORE_CAP
    assert all(c.score is None or c.score < 100 for c in evaluation.categories)


# 4. Data quality in every verdict.


def test_the_default_scorecard_marks_uncertain_verdicts() -> None:
    """Spec: "a verdict that rests on a figure that is not published says so in every output"."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    firms = evaluation.result("target-global-list-firms")
    assert firms.status is Status.MET
    assert firms.quality is ObservationStatus.UNCERTAIN
    assert firms.verdict_en == "met (uncertain figure)"
    assert firms.verdict_zh == "已达成(数据存疑)"
    assert firms.explanation_zh.endswith("已达成(数据存疑)")
    assert "met (uncertain figure)" in evaluation.to_table()
    assert "met (uncertain figure)" in evaluation.to_markdown()
    assert "met (uncertain figure)" in evaluation.to_csv()
    data = json.loads(evaluation.to_json())
    (row,) = [r for r in data["results"] if r["target"] == "target-global-list-firms"]
    assert (row["quality"], row["verdict_zh"]) == ("uncertain", "已达成(数据存疑)")


def test_a_derived_figure_inherits_the_weakest_status_of_its_inputs() -> None:
    """Spec: "a derived figure inherits the weakest status of its inputs (uncertain >
    estimated > provisional > published) and records which inputs it used"."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    margin = evaluation.result("target-profit-margin")
    assert margin.observation is not None
    assert margin.observation.status is ObservationStatus.DERIVED
    assert margin.quality is ObservationStatus.UNCERTAIN
    assert "uncertain figure" in margin.verdict_en
    inputs = [obs("profits", 2022, "0.1万亿元", status=ObservationStatus.ESTIMATED)]
    inputs.append(obs("total-revenue", 2022, "1万亿元", status=ObservationStatus.PROVISIONAL))
    (derived,) = zgc_plan.derive(inputs)
    assert derived.quality is ObservationStatus.ESTIMATED
    assert derived.inputs == tuple(inputs)


def test_min_status_shows_weaker_figures_without_judging_them() -> None:
    """Spec: "Let a caller require a minimum quality ... uncertain figures are shown but not
    judged"."""
    evaluation = zgc_plan.evaluate(
        zgc_plan.load_observations(), baseline=2017, min_status="provisional"
    )
    firms = evaluation.result("target-global-list-firms")
    assert firms.status is Status.NOT_JUDGED
    assert firms.reason == "quality"
    assert firms.observed_text == "69 家"
    assert "target-global-list-firms" in evaluation.overall.not_judged
    listed = evaluation.result("target-listed-companies")
    assert listed.status is Status.ON_TRACK  # published: still judged


# 5. "no data" only without a figure; the sign is always kept.


def test_no_row_with_a_figure_says_no_data() -> None:
    """Spec: "distinguish 'no figure at all' from 'a figure, but nothing to judge it by'"."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    for result in evaluation.results:
        assert (result.status is Status.NO_DATA) == (result.observation is None)
    rd = evaluation.result("target-rd-intensity")
    assert rd.status is Status.NOT_JUDGED
    assert rd.reason == "no_baseline"
    assert rd.explanation_en.startswith(
        "Enterprise S&T expenditure intensity 5.2575% (figure of 2020) < 6%: not judged"
    )


# 6. The explanation cannot contradict the verdict.


def test_float_noise_at_the_boundary_is_equal_in_both_verdict_and_relation() -> None:
    result = zgc_plan.evaluate({7: "40.00000000000001万元/人"}).result(7)
    assert result.status is Status.NOT_MET
    assert result.relation == "="
    assert "40 万元/人 = 40 万元/人: not met" in result.explanation_en


# 7. Options are checked.


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"tolerance": 5}, zgc_plan.PlanDataError, r"tolerance 5 is outside \(0, 1\)"),
        ({"tolerance": 0}, zgc_plan.PlanDataError, "outside"),
        ({"tolerance": "0.1"}, TypeError, "tolerance must be a number"),
        ({"normalisation": "banana"}, zgc_plan.PlanDataError, "attainment, progress"),
        ({"year": "2022"}, TypeError, "year must be an integer year"),
        ({"year": 3000}, zgc_plan.PlanDataError, "year 3000 is outside"),
        ({"baseline": "2017"}, TypeError, "baseline must be a mapping"),
        ({"weights": {"target-rd-intensity": -1}}, zgc_plan.PlanDataError, "≥ 0"),
        ({"weights": {"target-rd-intensity": float("nan")}}, zgc_plan.PlanDataError, "finite"),
        ({"weights": {"target-rd-intensity": "x"}}, zgc_plan.PlanDataError, "finite number"),
        ({"weights": [1]}, TypeError, "weights must be a mapping"),
        ({"min_status": "good"}, zgc_plan.PlanDataError, "published, derived"),
    ],
)
def test_options_are_checked(
    options: dict[str, object], error: type[Exception], message: str
) -> None:
    """Spec: "anything else a PlanDataError (or TypeError for a wrong type) that names the
    argument and the valid choices"."""
    with pytest.raises(error, match=message):
        zgc_plan.evaluate({7: "41万元/人"}, **options)  # type: ignore[arg-type]


def test_a_valid_tolerance_explains_itself_with_that_tolerance() -> None:
    result = zgc_plan.evaluate({11: "470家"}, tolerance=0.1).result(11)
    assert result.status is Status.MET
    assert result.relation == "≈"


def test_a_wrong_type_is_both_a_plan_error_and_a_type_error() -> None:
    """Spec: "a TypeError for a wrong type", catchable as PlanError too."""
    with pytest.raises(zgc_plan.PlanArgumentError) as caught:
        zgc_plan.evaluate({7: "41万元/人"}, year="2022")  # type: ignore[arg-type]
    assert isinstance(caught.value, zgc_plan.PlanError)
    assert isinstance(caught.value, TypeError)


def test_observations_must_be_a_mapping_or_observations() -> None:
    with pytest.raises(TypeError, match="observations must be a mapping"):
        zgc_plan.evaluate("41万元/人")  # type: ignore[arg-type]


# 8. One meaning for each key: the annex number.


def test_integers_are_annex_numbers_everywhere(plan: zgc_plan.Plan) -> None:
    """Spec: "an integer is an indicator's annex number (序号) in evaluate, Evaluation.result,
    Plan.target and Plan.indicator"."""
    evaluation = zgc_plan.evaluate({7: "41万元/人"})
    assert evaluation.result(7).target is plan.target(7)
    assert plan.target(7).indicator is plan.indicator(7)
    assert plan.indicator(7).name_zh == "劳动生产率"
    assert plan.indicator("劳动生产率") is plan.indicator(7)
    with pytest.raises(KeyError, match="target-hard-tech-incubators"):
        evaluation.result(17)


# 9. CLI help that tells the truth: see tests/test_cli.py.

# 10. Trends that respect direction.


@pytest.mark.parametrize(
    ("key", "base", "figure", "status"),
    [
        # A fall from past the target is not on track, with no progress.
        (7, "41万元/人", "1万元/人", Status.OFF_TRACK),
        # Energy intensity rising from below its ceiling.
        (10, "0.05吨标煤/万元", "0.0699吨标煤/万元", Status.OFF_TRACK),
        # Clusters going from 5 to 1 (a range of 2-3).
        (12, "5个", "1个", Status.OFF_TRACK),
        # Moving the right way, fast enough.
        (7, "20万元/人", "35万元/人", Status.ON_TRACK),
        (10, "0.09吨标煤/万元", "0.07吨标煤/万元", Status.ON_TRACK),
        # Moving the wrong way from short of the target.
        (7, "20万元/人", "18万元/人", Status.OFF_TRACK),
        (10, "0.09吨标煤/万元", "0.1吨标煤/万元", Status.OFF_TRACK),
        # A profit margin ahead of its straight-line path from a negative baseline.
        (6, "-2%", "8%", Status.ON_TRACK),
        (6, "-2%", "-1%", Status.OFF_TRACK),
        # From zero.
        (6, "0%", "7%", Status.ON_TRACK),
    ],
)
def test_trends_respect_direction(key: int, base: str, figure: str, status: Status) -> None:
    """Spec: "moving the figure the wrong way can never read as on track"."""
    evaluation = zgc_plan.evaluate(
        [
            obs(zgc_plan.load_plan().indicator(key).id, 2017, base),
            obs(zgc_plan.load_plan().indicator(key).id, 2020, figure),
        ],
        baseline=2017,
    )
    result = evaluation.result(key)
    assert result.status is status
    score = zgc_plan.evaluate(
        [obs(result.target.indicator.id, 2020, figure)] if result.target.indicator else [],
        baseline={key: base},
    ).categories
    assert all(s.score is None or s.score < 100 for s in score)


def test_progress_is_undefined_from_a_baseline_past_the_target() -> None:
    result = zgc_plan.evaluate({7: "1万元/人"}, baseline={7: "41万元/人"}, year=2020).result(7)
    assert result.progress is None
    assert result.status is Status.OFF_TRACK
    assert result.attainment == pytest.approx(1 / 40)


def test_strict_ranges_measure_towards_the_band() -> None:
    """A strict reading of 2-3个 from 5: moving to 3 is progress 1; overshooting to 1 is off
    track."""
    towards = zgc_plan.evaluate(
        [obs("pillar-industry-clusters", 2019, "4个")], baseline={12: "5个"}, strict_ranges=True
    ).result(12)
    assert towards.status is Status.ON_TRACK
    assert towards.progress == pytest.approx(0.5)
    past = zgc_plan.evaluate(
        [obs("pillar-industry-clusters", 2020, "1个")], baseline={12: "5个"}, strict_ranges=True
    ).result(12)
    assert past.status is Status.OFF_TRACK


# 11. Mappings are checked like files.


def test_a_mapping_value_is_checked_like_a_file_row() -> None:
    with pytest.raises(zgc_plan.PlanDataError, match="negative, but 万元增加值能耗 cannot be"):
        zgc_plan.evaluate({10: "-1吨标煤/万元"})
    with pytest.raises(zgc_plan.PlanDataError, match="negative"):
        zgc_plan.evaluate([obs("energy-intensity", 2022, "-1吨标煤/万元")])


def test_one_indicator_under_two_keys_of_a_mapping() -> None:
    """Checked like a file's rows: the same figure under its number and its name is merged;
    two values are refused, where the last one used to be kept without a word."""
    equal: dict[int | str, str] = {7: "41万元/人", "劳动生产率": "410000元/人"}
    assert zgc_plan.evaluate(equal).result(7).status is Status.MET
    rival: dict[int | str, str] = {7: "41万元/人", "劳动生产率": "42万元/人"}
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.evaluate(rival)
    assert str(caught.value) == (
        "<observations>: ['劳动生产率']: labour-productivity of 2022 is given twice with "
        "different values: 41 万元/人 at [7] and 42 万元/人 here; keep one"
    )


def test_a_mapping_value_that_is_not_finite_names_its_key() -> None:
    """NaN in a mapping is reported at its key, as every other bad value is."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.evaluate({7: float("nan")})
    assert str(caught.value) == "<observations>: [7]: not a finite number: nan"


@pytest.mark.parametrize("value", ["6", 6, Decimal(6), Fraction(6), 6.0, "６"])
def test_a_bare_number_is_in_the_indicators_own_unit(value: object) -> None:
    """Spec: "a bare number meaning the indicator's own unit", as a CSV row without unit."""
    values: dict[str, object] = {"rd-intensity": value}
    result = zgc_plan.evaluate(values).result("rd-intensity")  # type: ignore[arg-type]
    assert result.observed_text == "6%"
    assert result.status is Status.MET


def test_an_observation_of_an_unknown_key_is_refused() -> None:
    stray = Observation("nope", 2022, Fraction(1), zgc_plan.parse_unit("家"))
    with pytest.raises(zgc_plan.PlanDataError, match="no indicator or statistic 'nope'"):
        zgc_plan.evaluate([stray])


# 12. Quantities that pickle.


def test_a_bare_quantity_unpickles_in_a_fresh_process() -> None:
    """Spec (semantics, Units): "a quantity made by zgc_plan.Q_ or parse_quantity unpickles in
    a fresh process"."""
    data = pickle.dumps((zgc_plan.Q_(40, "万元/人"), zgc_plan.parse_quantity("6000亿元")))
    code = (
        "import pickle, sys, zgc_plan\n"
        "q, r = pickle.loads(sys.stdin.buffer.read())\n"
        "assert q.units._REGISTRY is zgc_plan.ureg\n"
        "print(q.to('元/人').magnitude, r)\n"
    )
    out = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], input=data, capture_output=True, check=True
    )
    assert out.stdout.decode().split()[0] == "400000.0"


# 2-3个 is a range of whole counts.


def test_a_fractional_count_is_refused_with_its_line() -> None:
    """Spec (semantics, "Whole counts"): "a figure of an indicator marked whole must be a whole
    number in its unit"."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(DATA / "fractional_count.yaml")
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("observations[0].value", 5)
    assert problem.message == (
        "2.5 个 is not a whole number: 具有技术主导权的支柱性产业集群 is a count of 个"
    )
    with pytest.raises(zgc_plan.PlanDataError, match="not a whole number"):
        zgc_plan.evaluate({12: "2.5个"})


@pytest.mark.parametrize(("count", "met"), [(1, False), (2, True), (3, True), (4, True)])
def test_two_to_three_clusters_are_the_counts_two_and_three(count: int, met: bool) -> None:
    result = zgc_plan.evaluate({12: count}).result(12)
    assert (result.status is Status.MET) is met
    assert result.exceeded is (count == 4)
