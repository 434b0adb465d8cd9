"""extract -> validate -> load_plan on real passages of the plan, and the phrase classes of 12.

Spec (``zgc_plan._extract``): "The output is a complete plan that zgc-plan
validate and load_plan accept ... A phrase that states a target but cannot be
written as one ... is reported, not dropped without a word."  Spec
(``_phrases``): growth and reduction targets are typed growths; 分别 lists give
one target per subject; signed values, 每 and compound units read as written;
percentage points are a unit of their own.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan._comparators import Comparator
from zgc_plan._extract import extract_plan
from zgc_plan._load import parse_plan
from zgc_plan._model import GrowthKind
from zgc_plan._phrases import Growth, find_targets, read_targets

SOURCE = zgc_plan.read_source_text()


def _passage(start: str, end: str) -> str:
    begin = SOURCE.index(start)
    return SOURCE[begin : SOURCE.index(end, begin)]


PASSAGES = {
    "goals": _passage("(三)发展目标", "二、主要任务"),
    "task 14": _passage("14.", "15."),
    "whole text": SOURCE,
    "results goal area": _passage("——实现高质量的发展效益", "——形成高质量的开放协同"),
}


@pytest.mark.parametrize("name", sorted(PASSAGES))
def test_extract_validate_load(tmp_path: Path, name: str) -> None:
    """The skeleton extract writes for a passage validates and loads, one target per phrase."""
    text = PASSAGES[name]
    skeleton, dropped = extract_plan(text)
    assert dropped == ()
    path = tmp_path / "plan.yaml"
    path.write_text(skeleton, encoding="utf-8")
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    plan = zgc_plan.load_plan(path)
    assert len(plan.targets) == len(find_targets(text))
    for target in plan.targets:
        assert target.quote_zh in text  # verbatim
    assert "&" not in skeleton
    assert "*" not in skeleton.replace("**", "")
    zgc_plan.evaluate({}, plan)  # a skeleton evaluates, with no data


def test_growth_targets_load_and_evaluate_without_a_verdict() -> None:
    """A plan with growth targets loads, dumps back, and evaluate reports them without one."""
    text = "到2022年,收入年均增长8%以上,能耗比2017年降低20%以上,占比提高5个百分点。"
    skeleton, dropped = extract_plan(text)
    assert dropped == ()
    plan = parse_plan(skeleton)
    kinds = [(t.growth, t.base_year, t.comparator, t.magnitude) for t in plan.targets]
    assert kinds == [
        (GrowthKind.ANNUAL_RATE, None, Comparator.AT_LEAST, Decimal(8)),
        (GrowthKind.MULTIPLE, 2017, Comparator.AT_MOST, Decimal("0.8")),
        (GrowthKind.CHANGE, None, Comparator.AT_LEAST, Decimal(5)),
    ]
    assert parse_plan(zgc_plan.dump_plan(plan)).targets[1].base_year == 2017
    evaluation = zgc_plan.evaluate({}, plan)
    assert all(r.status is zgc_plan.Status.NO_DATA for r in evaluation.results)
    assert [t.value_text for t in plan.targets] == [
        "≥ 8% a year",
        "≤ 0.8 × 2017",
        "≥ 5 百分点 since baseline",
    ]


def _only(text: str) -> list[tuple[str, Comparator | None, Decimal, str, Growth | None]]:
    found, unread = read_targets(text)
    assert unread == ()
    return [
        (
            f.target.indicator_zh,
            f.target.comparator,
            f.target.value,
            f.target.unit_text,
            f.target.growth,
        )
        for f in found
    ]


AT_LEAST, MORE_THAN, AT_MOST = Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.AT_MOST


def test_growth_is_not_a_level() -> None:
    """增长20%以上 is a growth of 20 %, not a level of at least 20 %."""
    ((_, comparator, value, unit, growth),) = _only("收入增长20%以上")
    assert (comparator, value, unit) == (None, Decimal("1.2"), "")
    assert growth == Growth("multiple", Decimal("1.2"), None, AT_LEAST)


def test_signed_values_keep_their_sign() -> None:
    assert _only("增速降至-5%以下") == [("增速", AT_MOST, Decimal(-5), "%", None)]


def test_fenbie_lists_give_one_target_each() -> None:
    """分别达到300，500家 is 300 家 and 500 家, never 300500 家."""
    assert _only("甲和乙分别达到300，500家") == [
        ("甲", AT_LEAST, Decimal(300), "家", None),
        ("乙", AT_LEAST, Decimal(500), "家", None),
    ]
    assert _only("劳动生产率和人均总收入分别超过40万元/人和260万元/人") == [
        ("劳动生产率", MORE_THAN, Decimal(40), "万元/人", None),
        ("人均总收入", MORE_THAN, Decimal(260), "万元/人", None),
    ]


def test_per_word_and_compound_units() -> None:
    assert _only("地均达到183亿元每平方公里") == [
        ("地均", AT_LEAST, Decimal(183), "亿元/平方公里", None)
    ]
    assert _only("人均达到10万元/人/年") == [("人均", AT_LEAST, Decimal(10), "万元/人/年", None)]


def test_percentage_points_are_a_unit() -> None:
    """5个百分点 is 5 百分点, not 5 个."""
    ((_, _, value, unit, growth),) = _only("占比提高5个百分点")
    assert (value, unit) == (Decimal(5), "百分点")
    assert growth is not None
    assert growth.kind == "change"


def test_unreadable_phrases_are_reported_with_their_place() -> None:
    found, unread = read_targets("第一行\n企业超过1,000家。")
    assert found == ()
    (problem,) = unread
    assert (problem.line, problem.column) == (2, 5)
    assert "'1,000' is ambiguous" in problem.message


@pytest.mark.parametrize(
    ("text", "column", "written"),
    [("劳动生产率超过41,5万元/人。", 8, "41.5"), ("总收入年均增长8,5%以上。", 8, "8.5")],
)
def test_decimal_comma_in_a_phrase_says_how_to_write_it(
    text: str, column: int, written: str
) -> None:
    """“a decimal comma refused with a message that says how to write it”, with its position;
    never read from the digits after the comma (8,5% is not 5%)."""
    found, unread = read_targets("第一行\n" + text)
    assert found == ()
    (problem,) = unread
    assert (problem.line, problem.column) == (2, column)
    assert f"has a decimal comma: write the decimal point, {written}" in problem.message


def test_long_phrase_is_not_echoed() -> None:
    """parse_target quotes at most a few hundred characters of its input."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.parse_target("达到" + "很" * 1_000_000)
    assert len(str(caught.value)) < 400


def test_no_aliases_when_a_value_repeats() -> None:
    """Two 左右 targets share their placeholder tolerance: it is written out twice, no alias."""
    skeleton, _ = extract_plan("到2022年,甲500家左右,乙600家左右。")
    assert "&id" not in skeleton
    assert "*id" not in skeleton
    assert [t.tolerance for t in parse_plan(skeleton).targets] == [Decimal("0.05")] * 2


def test_skeleton_validates_against_the_schema() -> None:
    """“only schema keys”: the skeleton validates against specs/plan.schema.json."""
    import json

    import yaml
    from jsonschema import Draft202012Validator

    schema = json.loads(
        (Path(__file__).parents[1] / "specs" / "plan.schema.json").read_text(encoding="utf-8")
    )
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    growth = "\n到2022年,收入年均增长8%以上,能耗比2017年降低20%以上,占比提高5个百分点。"
    skeleton, _ = extract_plan(SOURCE + growth)
    errors = [error.message for error in validator.iter_errors(yaml.safe_load(skeleton))]
    assert errors == []


def test_growth_target_with_figures_renders_in_every_format() -> None:
    """A growth target with figures is judged against its base year, in every output."""
    text = (Path(__file__).parent / "bad_plans" / "_valid_minimal.yaml").read_text("utf-8")
    text = text.replace(
        '        unit: "家"\n        year: 2022',
        '        unit: "%"\n        year: 2022\n        growth: annual_rate\n        base_year: 2017',
    )
    plan = parse_plan(text)
    unit = zgc_plan.parse_unit("家")
    figures = [
        zgc_plan.Observation("firms", 2017, Fraction(30), unit),
        zgc_plan.Observation("firms", 2022, Fraction(50), unit),
    ]
    evaluation = zgc_plan.evaluate(figures, plan, baseline=2017)
    (result,) = evaluation.results
    # 30 → 50 家 in five years is 10.76 % a year: not more than 40 % a year.
    assert (result.status, result.relation) == (zgc_plan.Status.NOT_MET, "<")
    assert result.explanation_en == (
        "Firms 30 家 (2017) → 50 家 (2022), 10.7566% a year < 40% a year: not met"
    )
    for output in ("table", "json", "csv", "markdown"):
        assert "10.7566% a year" in evaluation.render(output)
