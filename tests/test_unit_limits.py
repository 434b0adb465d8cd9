"""Unit strings read the same in every process, within limits, and values within bounds.

Spec (specs/semantics.md, "Unit strings"): "The registry is fixed after import:
parsing adds no name to it.  A prefix applies to a unit of the definitions only
(万元 is a unit, 万万元 is not) ... at most 200 characters; no character outside
names, digits, spaces and * / ** ^ ( ) . % ‰; powers whole numbers from -6 to 6;
% and ‰ not twice."  ("Values"): "a value whose magnitude in base units is beyond
10**±60 is refused"; a number beyond 10**±30 as written is refused.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from fractions import Fraction

import pytest

import zgc_plan
from zgc_plan._registry import ureg
from zgc_plan._unit_parsing import MAX_TEXT

REFUSED = [
    ("万万元", "is not defined"),
    ("亿万元", "is not defined"),
    ("kkm", "is not defined"),
    ("%%", "written twice"),
    ("元∕人", "U+2215"),
    ("元\u202e人", "U+202E"),
    ("万亿元**20/元**19/人", "a power must be"),
    ("园**1e400", "a power must be"),
    ("万元/人**9**9**9", "a power must be"),
    ("元**2**2", "a power of a power"),
    ("万亿元**6/元**5/人", "scale is beyond"),
    ("a" * 100_000, f"longer than {MAX_TEXT}"),
]


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refused_before_pint_reads_it(text: str, reason: str) -> None:
    """Each is a PlanDataError naming why, quoting at most a short part of the text."""
    with pytest.raises(zgc_plan.PlanDataError, match="not a known unit") as caught:
        zgc_plan.parse_unit(text)
    assert reason in str(caught.value)
    assert len(str(caught.value)) < 300


def test_parsing_adds_no_name() -> None:
    """“The registry is fixed after import: parsing adds no name to it.”"""
    before = set(ureg._units)
    zgc_plan.load_plan()
    zgc_plan.evaluate(zgc_plan.load_observations())
    for prefix in ("", "万", "亿", "万亿", "k", "M", "万万", "kilo"):
        for name in ("元", "人", "家", "平方公里", "吨标煤", "meter", "万元", "kilometer"):
            with contextlib.suppress(zgc_plan.PlanDataError):
                zgc_plan.parse_unit(f"{prefix}{name}/人")
    assert set(ureg._units) == before


_PROBE = (
    "import sys, zgc_plan\n"
    "{before}\n"
    "for text in ['万万元', '万元', '亿元/平方公里', 'kkm', '万亿元']:\n"
    "    try:\n"
    "        print(text, zgc_plan.parse_unit(text))\n"
    "    except zgc_plan.PlanDataError:\n"
    "        print(text, 'refused')\n"
)


def _answers(before: str) -> str:
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", _PROBE.format(before=before)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_same_answer_in_a_fresh_process_and_after_other_calls() -> None:
    """“parse_unit gives the same answer in a fresh process and after any other calls.”"""
    fresh = _answers("")
    after = _answers(
        "zgc_plan.load_plan(); zgc_plan.evaluate(zgc_plan.load_observations())\n"
        "[zgc_plan.parse_unit(u) for u in ('万元/人', 'k元', '万亿元', 'km')]"
    )
    assert fresh == after
    assert "万万元 refused" in fresh


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1e-400 万元/人", "out of range"),
        ("1" * 5000 + "万元/人", "longer than"),
        ("1e30 万亿元**6/人", "scale is beyond"),
        ("1e29 万亿元**4/人", "out of range (beyond 10**±60)"),
    ],
)
def test_values_are_bounded_through_units(text: str, reason: str) -> None:
    """Values cannot escape their limits through a unit's scale, or underflow to 0."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.parse_quantity(text)
    assert reason in str(caught.value)


@pytest.mark.parametrize("value", ["40万元".encode(), 40, None])
def test_wrong_argument_types_are_plan_errors(value: object) -> None:
    with pytest.raises(zgc_plan.PlanDataError, match="as text"):
        zgc_plan.parse_quantity(value)  # type: ignore[arg-type]
    with pytest.raises(zgc_plan.PlanDataError, match="as text"):
        zgc_plan.parse_unit(value)  # type: ignore[arg-type]


def test_percentage_points_are_not_percent() -> None:
    """“percentage points are their own unit”: 5 百分点 never converts to 5 %."""
    assert zgc_plan.parse_unit("百分点").dimensionality != zgc_plan.parse_unit("%").dimensionality
    assert zgc_plan.parse_quantity("5百分点").to("pp").magnitude == 5


def test_compound_units() -> None:
    assert zgc_plan.parse_quantity("10万元/人/年").to("元/人/天").magnitude == pytest.approx(
        100000 / 365.25
    )


@pytest.mark.parametrize(
    ("baseline", "observed", "year"),
    [
        (Fraction(1, 10**30), Fraction(10**30), 2018),
        (Fraction(10**30), Fraction(1, 10**30), 2018),
        (Fraction(1, 10**30), Fraction(30), 2100),
    ],
)
def test_extreme_trajectories_do_not_overflow(
    baseline: Fraction, observed: Fraction, year: int
) -> None:
    """Huge or tiny figures give a result (without a trajectory where it has no value)."""
    unit = zgc_plan.parse_unit("万元/人")
    evaluation = zgc_plan.evaluate(
        [
            zgc_plan.Observation("labour-productivity", 2017, baseline, unit),
            zgc_plan.Observation("labour-productivity", year, observed, unit),
        ],
        year=year,
        baseline=2017,
    )
    json.loads(evaluation.to_json(), parse_constant=lambda constant: 1 / 0)
    evaluation.to_table()


@pytest.mark.parametrize(
    "text", ["元*人", "万元/人", "吨标煤/万元", "km**2*元/人**2", "%", "百分点"]
)
def test_unit_text_reads_back(text: str) -> None:
    """What unit_text writes (人·元 for a product) is a unit string parse_unit reads."""
    from zgc_plan._unit_parsing import unit_text

    unit = zgc_plan.parse_unit(text)
    assert zgc_plan.parse_unit(unit_text(unit)) == unit
