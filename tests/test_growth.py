"""Growth targets judged against their base figure, exactly.

Spec (specs/evaluation.md, "Growth targets"): "the base figure is the
indicator's figure in the target's ``base_year``, else the evaluation's
baseline"; "an annual rate *r* is met when observed ÷ base meets (1 + *r*)ⁿ, *n*
the whole years from the base figure to the figure, decided on exact fractions";
"a multiple *m* when observed ÷ base meets *m*; a change of *c* points when
observed − base (in %) meets *c*"; "no base figure: ``NOT_JUDGED``, reason
``no_baseline``; a base figure that is not positive for a rate or a multiple:
``NOT_JUDGED``, reason ``base_not_positive``".
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan import Observation, ObservationStatus, Status
from zgc_plan._extract import extract_plan
from zgc_plan._load import parse_plan
from zgc_plan._model import Plan
from zgc_plan._unit_parsing import unit_text

#: The three growths of 12.md, as the phrase reader and extract write them.
TEXT = "到2022年,收入年均增长8%以上,能耗比2017年降低20%以上,资金占比提高5个百分点,产值翻一番。"
#: One indicator for each target of TEXT: id, unit, direction.
INDICATORS = [
    ("revenue", "万元", "higher"),
    ("energy", "吨标煤", "lower"),
    ("funding-share", "%", "higher"),
    ("output", "亿元", "higher"),
]

NAMES = {"revenue": "收入", "energy": "能耗", "funding-share": "资金占比", "output": "产值"}


def _skeleton_plan(indicators: list[tuple[str, str, str]] = INDICATORS) -> tuple[Plan, str]:
    """The plan extract writes for TEXT, with an indicator measuring each target."""
    skeleton, dropped = extract_plan(TEXT)
    assert dropped == ()
    template = skeleton[skeleton.index("- id: indicator-1") :]
    blocks = []
    for number, (key, unit, direction) in enumerate(indicators, start=1):
        blocks.append(
            template.replace("id: indicator-1", f"id: {key}\n  target: target-{number}")
            .replace("number: 1", f"number: {number}")
            .replace("unit: '%'", f"unit: '{unit}'")
            .replace("direction: higher", f"direction: {direction}")
            .replace("name_zh: TODO", f"name_zh: {NAMES[key]}")
            .replace("name_en: TODO", f"name_en: {key}")
        )
    skeleton = skeleton[: skeleton.index("- id: indicator-1")] + "".join(blocks)
    for key, _, _ in indicators:
        skeleton = skeleton.replace("indicator: null", f"indicator: {key}", 1)
    return parse_plan(skeleton), skeleton


PLAN, SKELETON = _skeleton_plan()


def _figures(key: str, unit: str, values: dict[int, str]) -> list[Observation]:
    return [
        Observation(key, year, Fraction(value), zgc_plan.parse_unit(unit))
        for year, value in values.items()
    ]


def _result(key: str, values: dict[int, str], **options: object) -> zgc_plan.TargetResult:
    unit = next(u for k, u, _ in INDICATORS if k == key)
    evaluation = zgc_plan.evaluate(_figures(key, unit, values), PLAN, **options)  # type: ignore[arg-type]
    return evaluation.result(key)


def test_extract_writes_the_three_growths() -> None:
    """年均增长8%以上, 比2017年降低20%以上, 提高5个百分点, 翻一番 are typed growths."""
    kinds = [(t.growth, t.comparator.value, str(t.magnitude), t.base_year) for t in PLAN.targets]
    assert kinds == [
        (zgc_plan.GrowthKind.ANNUAL_RATE, "at_least", "8", None),
        (zgc_plan.GrowthKind.MULTIPLE, "at_most", "0.8", 2017),
        (zgc_plan.GrowthKind.CHANGE, "at_least", "5", None),
        (zgc_plan.GrowthKind.MULTIPLE, "at_least", "2", None),
    ]


@pytest.mark.parametrize(
    ("value", "status", "relation"),
    [
        ("146.93280768", Status.MET, "="),  # 以上 includes the number
        ("146.93280767", Status.NOT_MET, "<"),  # 1e-8 short: exact, not floats
        ("150", Status.MET, ">"),
        ("140", Status.NOT_MET, "<"),
    ],
)
def test_annual_rate_is_compound_and_exact(value: str, status: Status, relation: str) -> None:
    result = _result("revenue", {2017: "100", 2022: value}, baseline=2017)
    assert (result.status, result.relation) == (status, relation)
    assert result.base_observation is not None
    assert result.base_observation.year == 2017
    assert result.baseline_year == 2017


def test_annual_rate_figures() -> None:
    """observed_value, gap and attainment are of the rate, in %; progress to the target year."""
    result = _result("revenue", {2017: "100", 2022: "140"}, baseline=2017)
    rate = 100 * (1.4 ** (1 / 5) - 1)
    assert result.observed_value == pytest.approx(rate)
    assert result.gap == pytest.approx(8 - rate)
    assert result.attainment == pytest.approx(rate / 8)
    assert result.progress == pytest.approx(0.4 / (1.08**5 - 1))
    assert result.trajectory is None
    assert result.explanation_en == (
        "revenue 100 万元 (2017) → 140 万元 (2022), 6.96104% a year < 8% a year: not met"
    )
    assert result.explanation_zh == (
        "收入 100 万元 (2017) → 140 万元 (2022), 6.96104% a year < 8% a year: 未达成"
    )


@pytest.mark.parametrize(
    ("value", "status"), [("126", Status.ON_TRACK), ("125.9", Status.OFF_TRACK)]
)
def test_annual_rate_before_the_target_year_is_judged_by_its_pace(
    value: str, status: Status
) -> None:
    """An earlier figure: on track while its rate so far meets the rate (1.08³ = 1.259712)."""
    result = _result("revenue", {2017: "100", 2020: value}, baseline=2017)
    assert result.status is status


@pytest.mark.parametrize(
    ("value", "status", "relation"),
    [
        ("80", Status.MET, "="),  # 降低20%以上: at most 0.8 × the 2017 figure
        ("79", Status.MET, "<"),
        ("80.001", Status.NOT_MET, ">"),
    ],
)
def test_reduction_from_the_base_year(value: str, status: Status, relation: str) -> None:
    """比2017年降低20%以上 is measured from 2017 without any baseline given."""
    result = _result("energy", {2017: "100", 2022: value})
    assert (result.status, result.relation) == (status, relation)
    assert result.gap == pytest.approx(float(Fraction(value) / 100) - 0.8)


def test_base_year_figure_may_come_from_the_baseline() -> None:
    figures = _figures("energy", "吨标煤", {2022: "79"})
    base = _figures("energy", "吨标煤", {2017: "100"})
    result = zgc_plan.evaluate(figures, PLAN, baseline=base).result("energy")
    assert result.status is Status.MET


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ({2017: "100", 2020: "87"}, Status.ON_TRACK),  # 0.87⁵ ≤ 0.8³
        ({2017: "100", 2020: "88"}, Status.OFF_TRACK),
        ({2017: "100", 2019: "80"}, Status.MET),  # reached early, as a level is
    ],
)
def test_reduction_before_the_target_year(values: dict[int, str], status: Status) -> None:
    assert _result("energy", values).status is status


@pytest.mark.parametrize(
    ("values", "status", "observed"),
    [
        ({2017: "10", 2022: "15"}, Status.MET, 5.0),
        ({2017: "10", 2022: "14.99"}, Status.NOT_MET, 4.99),
        ({2017: "0", 2022: "5"}, Status.MET, 5.0),  # points need no positive base
        ({2017: "10", 2020: "13"}, Status.ON_TRACK, 3.0),  # 3 × 5 ≥ 5 × 3
        ({2017: "10", 2020: "12.9"}, Status.OFF_TRACK, 2.9),
    ],
)
def test_change_in_percentage_points(
    values: dict[int, str], status: Status, observed: float
) -> None:
    result = _result("funding-share", values, baseline=2017)
    assert result.status is status
    assert result.observed_value == pytest.approx(observed)
    assert unit_text(result.target.unit) == "百分点"


def test_doubling() -> None:
    assert _result("output", {2017: "3", 2022: "6"}, baseline=2017).status is Status.MET
    assert _result("output", {2017: "3", 2022: "5.99"}, baseline=2017).status is Status.NOT_MET


@pytest.mark.parametrize(
    ("key", "values", "reason", "caveat"),
    [
        ("revenue", {2022: "150"}, "no_baseline", "no figure of its base year"),
        ("energy", {2018: "100", 2022: "70"}, "no_baseline", "no figure of its base year"),
        ("revenue", {2017: "0", 2022: "150"}, "base_not_positive", "not positive"),
    ],
)
def test_growth_that_cannot_be_measured_is_not_judged(
    key: str, values: dict[int, str], reason: str, caveat: str
) -> None:
    result = _result(key, values, baseline=2017)
    assert (result.status, result.reason) == (Status.NOT_JUDGED, reason)
    assert caveat in result.caveat_en
    assert result.caveat_zh
    assert result.gap is None
    assert result.attainment is None


def test_change_of_an_indicator_that_is_not_a_percentage() -> None:
    counted = [(k, "家" if k == "funding-share" else u, d) for k, u, d in INDICATORS]
    plan, _ = _skeleton_plan(counted)
    figures = _figures("funding-share", "家", {2017: "10", 2022: "15"})
    result = zgc_plan.evaluate(figures, plan, baseline=2017).result("funding-share")
    assert (result.status, result.reason) == (Status.NOT_JUDGED, "not_percent")


def test_no_figure_is_no_data() -> None:
    assert _result("output", {}).status is Status.NO_DATA


def test_growth_scores_agree_with_verdicts() -> None:
    """“a target scores 100 only when it is met”: a growth too, by its progress otherwise."""
    figures = _figures("revenue", "万元", {2017: "100", 2022: "150"}) + _figures(
        "output", "亿元", {2017: "3", 2022: "4.5"}
    )
    evaluation = zgc_plan.evaluate(figures, PLAN, baseline=2017)
    assert evaluation.overall.counted == ("target-1", "target-4")
    assert evaluation.overall.score == pytest.approx((100 + 50) / 2)


def test_quality_of_the_base_figure_counts() -> None:
    figures = [
        Observation(
            "revenue",
            2017,
            Fraction(100),
            zgc_plan.parse_unit("万元"),
            status=ObservationStatus.ESTIMATED,
        ),
        *_figures("revenue", "万元", {2022: "150"}),
    ]
    result = zgc_plan.evaluate(figures, PLAN, baseline=2017, min_status="published").result(
        "revenue"
    )
    assert (result.status, result.reason) == (Status.NOT_JUDGED, "quality")


def test_json_shows_the_base_figure() -> None:
    import json

    figures = _figures("energy", "吨标煤", {2017: "100", 2022: "75"})
    data = json.loads(zgc_plan.evaluate(figures, PLAN).to_json())
    (energy,) = [r for r in data["results"] if r["indicator_id"] == "energy"]
    assert (energy["baseline"], energy["baseline_year"]) == ("100 吨标煤", 2017)
    assert (energy["observed_value"], energy["unit"], energy["status"]) == (0.75, "", "met")


def test_cli_shows_the_growth_verdict(tmp_path: Path) -> None:
    """“CLI output shows it”: zgc-plan evaluate on the plan and a file of figures."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(SKELETON, encoding="utf-8")
    figures = tmp_path / "figures.csv"
    figures.write_text(
        "indicator,year,value,unit\nrevenue,2017,100,万元\nrevenue,2022,150,万元\n"
        "energy,2017,100,吨标煤\nenergy,2022,85,吨标煤\n",
        encoding="utf-8",
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", "evaluate", str(figures), "--plan", str(plan),
         "--baseline-year", "2017", "--format", "markdown"],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert re.search(
        r"100 万元 \(2017\) → 150 万元 \(2022\), 8\.44\d*% a year .*met", result.stdout
    )
    assert re.search(r"0\.85 × 2017 .*not met", result.stdout)


@pytest.mark.parametrize(
    ("rate", "strict", "status", "relation"),
    [
        ("1.08", False, Status.MET, "≈"),  # 8 % a year: inside 8% ± 10 %
        ("1.072", False, Status.MET, "≈"),  # 7.2 %: the band's lower end, included
        ("1.07", False, Status.NOT_MET, "≉"),
        ("1.10", False, Status.MET, ">"),  # past the band on the better side: 超额完成
        ("1.10", True, Status.NOT_MET, ">"),  # ... not met when read strictly
    ],
)
def test_annual_rate_about(rate: str, strict: bool, status: Status, relation: str) -> None:
    """年均增长8%左右: the band of rates 8 % ± the tolerance, read as any band."""
    about = SKELETON.replace(
        "comparator: at_least\n    value: 8\n",
        "comparator: about\n    value: 8\n    tolerance: 0.1\n",
        1,
    )
    assert about != SKELETON
    plan = parse_plan(about)
    figures = _figures("revenue", "万元", {2017: "100", 2022: str(100 * Fraction(rate) ** 5)})
    result = zgc_plan.evaluate(figures, plan, baseline=2017, strict_ranges=strict).results[0]
    assert (result.status, result.relation) == (status, relation)
    assert result.exceeded is (relation == ">")


def test_report_shows_growth_targets(tmp_path: Path) -> None:
    """The assessment report of a plan with growth targets builds, each figure shown once."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(SKELETON, encoding="utf-8")
    figures = tmp_path / "figures.csv"
    figures.write_text(
        "indicator,year,value,unit\nrevenue,2017,100,万元\nrevenue,2022,150,万元\n",
        encoding="utf-8",
    )
    output = tmp_path / "report.md"
    zgc_plan.write_report(
        output, observations=[figures], plan=plan, as_of=dt.date(2022, 12, 31), baseline_year=2017
    )
    text = output.read_text(encoding="utf-8")
    assert "100 万元 (2017) → 150 万元 (2022), 8.44718% a year" in text
    assert "(2017) (2017)" not in text
