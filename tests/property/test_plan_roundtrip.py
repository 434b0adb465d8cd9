"""Round trips through the one description of a plan's shape.

Spec (``dump_plan``): "Write a plan as YAML in the plan schema; it loads back
to an equal plan."  Spec (``_converter``): "A plan file's keys are the fields
of the model's classes, read and written by one cattrs Converter."  So
unstructuring a plan and structuring the data again gives an equal plan, for
the shipped plan and for plans generated from it with other values in every
field a file may set, and so does writing the YAML and reading it back.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._comparators import Comparator
from zgc_plan._converter import structure_plan, unstructure_plan
from zgc_plan._document import InputDocument
from zgc_plan._load import parse_plan
from zgc_plan._model import (
    DEFAULT_AREAS,
    GrowthKind,
    Headings,
    Indicator,
    OverTime,
    Plan,
    SourceRef,
    Statistic,
    Target,
)

SHIPPED = zgc_plan.load_plan()

#: Text as a plan writes it: letters and digits of any script, never blank.
TEXT = st.text(
    st.characters(categories=("L", "N"), exclude_characters="\u2028\u2029"), min_size=1, max_size=12
).filter(lambda text: not text[:1].isdigit())
MAGNITUDE = st.decimals(min_value=-(10**6), max_value=10**6, places=3, allow_nan=False)
SHARE = st.decimals(min_value=0, max_value=Decimal("0.999"), places=3)


@st.composite
def _targets(draw: st.DrawFn, target: Target) -> Target:
    """Another value, comparator, year and texts for ``target`` (its growth and unit kept)."""
    comparator = draw(st.sampled_from(Comparator))
    magnitude = draw(MAGNITUDE)
    upper = magnitude + draw(SHARE) * 10 if comparator is Comparator.BETWEEN else None
    tolerance = draw(SHARE) if comparator is Comparator.ABOUT else None
    quote = draw(TEXT)
    base_year = None
    if target.growth is not None and target.growth is not GrowthKind.ANNUAL_RATE:
        base_year = draw(st.none() | st.integers(1990, target.year - 1))
    return attrs.evolve(
        target,
        comparator=comparator, magnitude=magnitude, upper_magnitude=upper, tolerance=tolerance,
        year=draw(st.integers(2000, 2060)), title_en=draw(TEXT), quote_zh=quote,
        source=SourceRef(target.source.section, quote), base_year=base_year,
    )  # fmt: skip


_E = TypeVar("_E", Statistic, Indicator)


@st.composite
def _rules(draw: st.DrawFn, element: _E) -> _E:
    """Another lower bound, whole flag and aggregation rule (a ratio keeps none)."""
    over_time = None if element.over_time is None else draw(st.sampled_from(OverTime))
    return attrs.evolve(
        element,
        minimum=draw(st.none() | MAGNITUDE), whole=draw(st.booleans()), over_time=over_time,
    )  # fmt: skip


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """The shipped plan with other values in the fields a plan file sets."""
    document = SHIPPED.document
    headings = Headings(**{
        field.name: draw(st.none() | TEXT) for field in attrs.fields(Headings)
    })  # fmt: skip
    document = attrs.evolve(
        document,
        headings=headings,
        baseline_year=draw(st.integers(1990, document.start_year)),
        title_en=draw(TEXT),
    )
    statistics = tuple(draw(_rules(statistic)) for statistic in SHIPPED.statistics)
    indicators = tuple(draw(_rules(indicator)) for indicator in SHIPPED.indicators)
    by_id = {indicator.id: indicator for indicator in indicators}
    goals = tuple(
        attrs.evolve(
            goal,
            targets=tuple(
                attrs.evolve(
                    draw(_targets(target)),
                    indicator=by_id[target.indicator.id] if target.indicator else None,
                )
                for target in goal.targets
            ),
        )
        for goal in SHIPPED.goals
    )
    areas = draw(st.sampled_from([DEFAULT_AREAS, SHIPPED.areas]))
    return attrs.evolve(
        SHIPPED, document=document, statistics=statistics, indicators=indicators,
        goals=goals, areas=areas,
    )  # fmt: skip


def _again(plan: Plan) -> Plan:
    return structure_plan(InputDocument(unstructure_plan(plan), {}, "<round trip>"))


def test_shipped_plan_round_trips() -> None:
    """Unstructure → structure gives an equal plan for the shipped plan."""
    assert _again(SHIPPED) == SHIPPED


@settings(max_examples=25)
@given(plans())
def test_generated_plans_round_trip(plan: Plan) -> None:
    """Unstructure → structure, and dump → parse, give an equal plan for generated plans."""
    assert _again(plan) == plan
    assert parse_plan(zgc_plan.dump_plan(plan)) == plan


@settings(max_examples=25)
@given(plans())
def test_unstructured_data_has_no_nulls(plan: Plan) -> None:
    """A null is an absent key: the writer leaves out what is not set."""

    def nulls(value: object) -> int:
        if isinstance(value, dict):
            return sum(item is None or nulls(item) for item in value.values())
        if isinstance(value, list):
            return sum(nulls(item) for item in value)
        return 0

    assert nulls(unstructure_plan(plan)) == 0
