"""Facts of a plan come from its data: the baseline year and the captions.

Spec (``Document``): "baseline_year: The year whose figures progress is
measured from: the year before ``start_year`` unless the plan data says
otherwise."  Spec (``Headings``): "Every heading is optional: a caption
without one is written in English alone."
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

import zgc_plan

HERE = Path(__file__).parent
PLAN = Path(zgc_plan.__file__).parent / "data" / "plan.yaml"
MINIMAL = HERE / "bad_plans" / "_valid_minimal.yaml"
SHIPPED_HEADINGS = '    indicators_zh: "中关村示范区高质量发展重点指标体系表"\n'


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
    )  # fmt: skip


def _plan_text(old: str, new: str) -> str:
    text = PLAN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


def test_the_baseline_is_the_year_before_the_start_by_default(plan: zgc_plan.Plan) -> None:
    assert plan.document.baseline_year == plan.document.start_year - 1 == 2017
    later = attrs.evolve(plan.document, start_year=2021, baseline_year=2020)
    derived = zgc_plan.Document(
        **{
            f.name: getattr(later, f.name)
            for f in attrs.fields(zgc_plan.Document)
            if f.name != "baseline_year"
        }
    )
    assert derived.baseline_year == 2020


def _with_baseline_2015(folder: Path) -> Path:
    path = folder / "plan.yaml"
    path.write_text(
        _plan_text("  start_year: 2018\n", "  start_year: 2018\n  baseline_year: 2015\n"),
        encoding="utf-8",
    )
    return path


def test_the_data_may_name_another_baseline_year(tmp_path: Path) -> None:
    path = _with_baseline_2015(tmp_path)
    plan = zgc_plan.load_plan(path)
    assert plan.document.baseline_year == 2015
    dumped = zgc_plan.dump_plan(plan)
    assert "  baseline_year: 2015\n" in dumped
    assert "baseline_year" not in zgc_plan.dump_plan(zgc_plan.load_plan())
    again = tmp_path / "again.yaml"
    again.write_text(dumped, encoding="utf-8")
    assert zgc_plan.load_plan(again) == plan


def test_a_plan_without_headings_dumps_none_and_captions_in_english(tmp_path: Path) -> None:
    plan = zgc_plan.load_plan(MINIMAL)
    assert plan.document.headings == zgc_plan.Headings()
    assert "headings" not in zgc_plan.dump_plan(plan)
    assert plan.document.headings.annex_title_zh is None
    assert plan.document.headings.caption("safeguards", "Safeguards") == "Safeguards"


def test_show_prints_the_headings_of_the_plan_it_is_given(tmp_path: Path) -> None:
    """``zgc-plan show --plan other.yaml`` prints the other plan's annex title, not the ZGC one."""
    shipped = run("show", "--tasks")
    assert "附件 中关村示范区高质量发展重点指标体系表" in shipped.stdout
    assert "\n主要任务\n" in shipped.stdout
    other = tmp_path / "other.yaml"
    other.write_text(_plan_text(SHIPPED_HEADINGS, '    indicators_zh: "指标表"\n'), "utf-8")
    result = run("show", "--plan", other)
    assert result.returncode == 0, result.stderr
    assert "\n附件 指标表\n" in result.stdout
    assert "中关村示范区高质量发展重点指标体系表" not in result.stdout
    minimal = run("show", "--tasks", "--plan", MINIMAL)
    assert minimal.returncode == 0, minimal.stderr
    assert "\nIndicators\n" in minimal.stdout
    assert "\nActions and tasks\n" in minimal.stdout
    assert "附件" not in minimal.stdout


def _baseline_years(*args: str | Path) -> set[int | None]:
    result = run("evaluate", "--format", "json", *args)
    assert result.returncode == 0, result.stderr
    return {row["baseline_year"] for row in json.loads(result.stdout)["results"]}


@pytest.mark.parametrize(
    ("old", "new", "year"),
    [
        ("  start_year: 2018\n", "  start_year: 2018\n  baseline_year: 2018\n", 2018),
        ("  start_year: 2018\n", "  start_year: 2019\n", 2018),
    ],
)
def test_evaluate_measures_from_the_baseline_year_of_the_plan(
    tmp_path: Path, old: str, new: str, year: int
) -> None:
    """Without FILE and --baseline, progress is measured from the plan's baseline year."""
    assert _baseline_years() - {None} == {2017}
    other = tmp_path / "other.yaml"
    other.write_text(_plan_text(old, new), encoding="utf-8")
    # The shipped figures name the plan's areas (beijing), which lie beside the plan.
    (tmp_path / "areas.yaml").write_bytes(PLAN.with_name("areas.yaml").read_bytes())
    assert _baseline_years("--plan", other) - {None} == {year}


def test_a_baseline_mapping_is_of_the_plans_baseline_year(tmp_path: Path) -> None:
    """``evaluate``: a baseline mapping is "of the plan's ``document.baseline_year``"."""
    other = zgc_plan.load_plan(_with_baseline_2015(tmp_path))
    for plan, year in ((zgc_plan.load_plan(), 2017), (other, 2015)):
        result = zgc_plan.evaluate({7: "41万元/人"}, plan, baseline={7: "32万元/人"})
        assert result.result("labour-productivity").baseline_year == year
