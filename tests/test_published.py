"""The published figures shipped with the package, and the scorecard made from them.

Spec: "Every shipped observation's quote contains its value as published;
every derived value is recomputed by the library's formulas in a test; no
context figure reaches a verdict."
"""

from __future__ import annotations

import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

import zgc_plan
from zgc_plan import ObservationStatus, Status

HERE = Path(__file__).parent
PUBLISHED = zgc_plan.load_observations()
CHECKS = yaml.safe_load((HERE / "data" / "derived_checks.yaml").read_text(encoding="utf-8"))


def _written_forms(value: Fraction) -> set[str]:
    number = Decimal(value.numerator) / Decimal(value.denominator)
    plain = format(number.normalize(), "f")
    grouped = f"{number.normalize():,f}"
    return {plain, grouped}


@pytest.mark.parametrize("observation", PUBLISHED, ids=lambda o: f"{o.key}-{o.year}")
def test_quote_holds_the_value(observation: zgc_plan.Observation) -> None:
    """Each quote contains the value as published, or the figure names its formula."""
    assert observation.quote
    assert observation.source
    if observation.formula:
        assert observation.status in (ObservationStatus.DERIVED, ObservationStatus.UNCERTAIN)
        return
    forms = (
        {observation.as_published}
        if observation.as_published
        else _written_forms(observation.magnitude)
    )
    assert any(form in observation.quote for form in forms), (forms, observation.quote)


def test_one_figure_per_key_and_year() -> None:
    """One observation per indicator-year."""
    keys = [(o.key, o.year) for o in PUBLISHED]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: f"{c['indicator']}-{c['year']}")
def test_derived_figures_are_reproduced(check: dict[str, object]) -> None:
    """The library's formulas reproduce each derived figure to its published precision."""
    derived = {(d.key, d.year): d for d in zgc_plan.derive(PUBLISHED)}
    observation = derived[(str(check["indicator"]), int(str(check["year"])))]
    value = Decimal(observation.magnitude.numerator) / Decimal(observation.magnitude.denominator)
    places = Decimal(1).scaleb(-int(str(check["precision"])))
    assert value.quantize(places, rounding=ROUND_HALF_UP) == Decimal(str(check["value"]))
    assert observation.status is ObservationStatus.DERIVED


def test_revenue_per_area_2022() -> None:
    """地均总收入 2022 = 8.7万亿元 ÷ 488 km² = 178.3 亿元/平方公里."""
    derived = {(d.key, d.year): d for d in zgc_plan.derive(PUBLISHED)}
    value = derived[("revenue-per-area", 2022)]
    assert round(float(value.magnitude), 1) == 178.3
    assert "488" in value.note


def test_no_context_figure_reaches_a_verdict() -> None:
    """Figures of another scope are skipped by default, and reported as skipped."""
    context = [o for o in PUBLISHED if not o.zone_wide]
    assert context
    evaluation = zgc_plan.evaluate(PUBLISHED, baseline=2017)
    assert set(evaluation.skipped) == set(context)
    for result in evaluation.results:
        if result.observation is not None:
            assert result.observation.zone_wide


def test_scorecard_rows() -> None:
    """Known rows: 上市企业数量 2021 is 456 家; 万元增加值能耗 has no zone-wide figure."""
    evaluation = zgc_plan.evaluate(PUBLISHED, baseline=2017)
    listed = evaluation.result("listed-companies")
    assert (listed.year, listed.observed_text) == (2021, "456 家")
    assert listed.baseline_value == 312
    assert listed.status is Status.ON_TRACK
    assert evaluation.result("energy-intensity").status is Status.NO_DATA
    assert evaluation.result("energy-intensity").observation is None


def test_main_job_prints_the_scorecard() -> None:
    """python -m zgc_plan evaluate: the 2022 scorecard of the shipped figures, with sources."""
    result = subprocess.run(
        [sys.executable, "-m", "zgc_plan", "evaluate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = {
        line.split()[0]: line for line in result.stdout.splitlines() if line[:2].strip().isdigit()
    }
    assert "456 家" in lines["8"]
    assert "2021" in lines["8"]
    assert "178.279 亿元/平方公里" in lines["13"]
    assert "2022" in lines["13"]
    assert "no data" in lines["14"]
    assert "left out" in result.stdout
