"""Property tests of trustworthy verdicts.

Spec (specs/evaluation.md): "the relation shown is computed from the same exact
value and float-noise band as the verdict"; "reordering observations never
changes a result"; "a figure given for an indicator always wins over one
derived from base statistics"; "a target scores 100 only when it is met".
"""

from __future__ import annotations

import random
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import zgc_plan
from zgc_plan import Comparator, Observation, Status

PLAN = zgc_plan.load_plan()
MEASURED = [t for t in PLAN.targets if t.indicator is not None]

#: The relations that mean "met", comparator by comparator (bands add a relation
#: past the better side, met unless read strictly).
MET_RELATIONS = {
    Comparator.AT_LEAST: {">", "="},
    Comparator.MORE_THAN: {">"},
    Comparator.AT_MOST: {"<", "="},
    Comparator.LESS_THAN: {"<"},
    Comparator.ABOUT: {"≈"},
    Comparator.BETWEEN: {"∈"},
}


@st.composite
def near_boundary(draw: st.DrawFn) -> tuple[zgc_plan.Target, Fraction]:
    target = draw(st.sampled_from(PLAN.targets))
    ends = [Fraction(target.magnitude)]
    if target.upper_magnitude is not None:
        ends.append(Fraction(target.upper_magnitude))
    if target.tolerance is not None:
        ends += [e * (1 + s * Fraction(target.tolerance)) for e in ends for s in (-1, 1)]
    end = draw(st.sampled_from(ends))
    # Offsets from exact, through float noise, to well clear of the boundary.
    scale = draw(st.sampled_from([0, 10**-16, 10**-13, 10**-11, 10**-6, 10**-2]))
    offset = Fraction(draw(st.floats(-1, 1, allow_nan=False))) * Fraction(scale)
    return target, end * (1 + offset)


@given(near_boundary(), st.booleans())
def test_the_relation_always_agrees_with_the_verdict(
    case: tuple[zgc_plan.Target, Fraction], strict: bool
) -> None:
    target, value = case
    judgement = target.judge(value, strict_ranges=strict)
    relations = MET_RELATIONS[target.comparator]
    if judgement.exceeded:
        assert judgement.met is not strict
    else:
        assert judgement.met == (judgement.relation in relations)
    assert judgement.met == target.is_met_by(value, strict_ranges=strict)


@given(near_boundary())
def test_the_explanation_shows_the_verdicts_relation(
    case: tuple[zgc_plan.Target, Fraction],
) -> None:
    target, value = case
    assert target.indicator is not None or target.id == "target-hard-tech-incubators"
    if target.indicator is None or value < 0:
        return
    if target.indicator.whole and value.denominator != 1:
        value = Fraction(round(value))
    figure = Observation(target.indicator.id, target.year, value, target.unit)
    result = zgc_plan.evaluate([figure]).result(target.id)
    assert f" {result.relation} " in result.explanation_en
    met = result.status is Status.MET
    assert met == target.judge(value).met


figures = st.lists(
    st.tuples(
        st.sampled_from(MEASURED),
        st.integers(2016, 2022),
        st.decimals(Decimal("0.01"), Decimal(5000), places=2),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda t: (t[0].id, t[1]),
)


def _observations(rows: list[tuple[zgc_plan.Target, int, Decimal]]) -> list[Observation]:
    return [
        Observation.of(
            target.indicator.id,
            year,
            zgc_plan.Q_(
                value.to_integral_value(ROUND_CEILING) if target.indicator.whole else value,
                target.unit,
            ),
        )
        for target, year, value in rows
        if target.indicator is not None
    ]


def _summary(evaluation: zgc_plan.Evaluation) -> list[tuple[object, ...]]:
    return [(r.status, r.observed_value, r.progress, r.relation) for r in evaluation.results] + [
        (evaluation.overall.score,)
    ]


@given(figures, st.randoms(use_true_random=False))
def test_reordering_observations_never_changes_a_result(
    rows: list[tuple[zgc_plan.Target, int, Decimal]], shuffle: random.Random
) -> None:
    observations = _observations(rows)
    reordered = list(observations)
    shuffle.shuffle(reordered)
    assert _summary(zgc_plan.evaluate(observations, baseline=2016)) == _summary(
        zgc_plan.evaluate(reordered, baseline=2016)
    )


@given(
    st.decimals(Decimal("0.01"), Decimal(100), places=2),
    st.decimals(Decimal("0.01"), Decimal(10), places=2),
    st.decimals(Decimal(1), Decimal(1000), places=1),
)
def test_a_derived_route_never_changes_the_verdict_on_a_given_figure(
    given_value: Decimal, value_added: Decimal, employees: Decimal
) -> None:
    given_figure = Observation.of("labour-productivity", 2022, f"{given_value}万元/人")
    route = [
        Observation.of("value-added", 2022, f"{value_added}万亿元"),
        Observation.of("employees", 2022, f"{employees}万人"),
    ]
    alone = zgc_plan.evaluate([given_figure]).result(7)
    with_route = zgc_plan.evaluate([given_figure, *route]).result(7)
    assert (alone.status, alone.observed_value) == (with_route.status, with_route.observed_value)
    assert with_route.observation is given_figure


@given(figures, st.sampled_from(["progress", "attainment"]))
def test_a_target_that_is_not_met_never_scores_100(
    rows: list[tuple[zgc_plan.Target, int, Decimal]], normalisation: str
) -> None:
    evaluation = zgc_plan.evaluate(
        _observations(rows),
        baseline=2016,
        normalisation=normalisation,  # type: ignore[arg-type]
    )
    for category in (*evaluation.categories, evaluation.overall):
        if category.score == 100:
            assert all(evaluation.result(t).status is Status.MET for t in category.counted)
