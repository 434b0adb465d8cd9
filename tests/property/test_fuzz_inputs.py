"""Fuzzing every reader of outside input: only PlanError subclasses come out.

Spec: "Every entry point that reads data (plan files, observation files,
quantity strings, CLI arguments) either succeeds or raises a PlanError
subclass with a clear message."
"""

from __future__ import annotations

import contextlib

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._observation_files import parse_observations

PLAN = zgc_plan.load_plan()

quantity_text = st.one_of(
    st.text(max_size=40),
    st.builds(
        "{}{}{}".format,
        st.sampled_from(
            ["", "-", "1e400", "0.065", "40", "11,000", "十六", "百分之", "nan", "inf"]
        ),
        st.sampled_from(["", " ", "　"]),
        st.text(alphabet="万亿元人家件项个园%/*()^平方公里吨标煤abc0 ", max_size=12),
    ),
)


@settings(max_examples=300, deadline=None)
@given(quantity_text)
@example("元/(人")
@example("1 元**1e400")
@example("1 " + "家*" * 3000 + "家")
def test_parse_quantity(text: str) -> None:
    """parse_quantity succeeds or raises PlanDataError."""
    with contextlib.suppress(zgc_plan.PlanError):
        zgc_plan.parse_quantity(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
@example("达到")
@example("2-个")
def test_parse_target(text: str) -> None:
    """parse_target succeeds or raises PlanDataError."""
    with contextlib.suppress(zgc_plan.PlanError):
        zgc_plan.parse_target(text)


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from([7, "labour-productivity", "万元/人", "published", 2022, "context"]),
)  # fmt: skip
rows = st.dictionaries(
    st.sampled_from(
        ["indicator", "statistic", "year", "value", "unit", "status", "zone_wide", "x"]
    ),
    scalars,
    max_size=7,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=5))
def test_observation_yaml(records: list[dict[str, object]]) -> None:
    """Arbitrary observation rows load or raise PlanDataError."""
    text = yaml.safe_dump({"observations": records}, allow_unicode=True)
    with contextlib.suppress(zgc_plan.PlanError):
        parse_observations(text, PLAN, "<fuzz>")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
@example("indicator,year,value\n7,2022,41,extra\n")
@example('indicator,year,value\n"7,2022\n')
@example("²")
def test_observation_csv(text: str) -> None:
    """Arbitrary CSV text loads or raises PlanDataError."""
    with contextlib.suppress(zgc_plan.PlanError):
        parse_observations("indicator,year,value,unit\n" + text, PLAN, "<fuzz>", csv_format=True)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.one_of(st.integers(-3, 20), st.text(max_size=8)), quantity_text, max_size=4)
)
def test_evaluate_mapping(values: dict[int | str, str]) -> None:
    """evaluate on an arbitrary mapping succeeds or raises a PlanError."""
    with contextlib.suppress(zgc_plan.PlanError):
        zgc_plan.evaluate(values)
