"""Property tests of aggregation.

Spec (14, Tests): "aggregation is order-independent and associative (months →
quarters → year equals months → year; parks → zone then year equals year then
zone); a ratio of sums differs from the mean of ratios on data where they
should differ, and the library gives the former; unit invariance (a park
reported in 亿元 and another in 万元 aggregate correctly); partial periods and
missing parks never produce a full-year or whole-zone verdict."
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import zgc_plan
from zgc_plan import Observation, Status

PLAN = zgc_plan.load_plan()
PARKS = [park.id for park in PLAN.parks]
KEYS = ["total-revenue", "employees", "invention-patents-held", "pct-applications"]

values = st.integers(min_value=0, max_value=10**6)
# A few parks with twelve months each of one key.
month_data = st.fixed_dictionaries(
    {
        "key": st.sampled_from(KEYS),
        "parks": st.lists(st.sampled_from(PARKS), min_size=1, max_size=4, unique=True),
        "values": st.lists(values, min_size=12 * 4, max_size=12 * 4),
    }
)


def _rows(data: dict[str, object]) -> list[Observation]:
    key, parks, numbers = data["key"], data["parks"], data["values"]
    assert isinstance(key, str)
    assert isinstance(parks, list)
    assert isinstance(numbers, list)
    unit = PLAN.statistic(key).unit if key != "pct-applications" else PLAN.indicator(key).unit
    return [
        Observation(key, f"2022-{m:02d}", Fraction(numbers[12 * i + m - 1]), unit, area=park)
        for i, park in enumerate(parks)
        for m in range(1, 13)
    ]


def _facts(
    observations: zgc_plan.Aggregation,
) -> set[tuple[str, str, str, Fraction, tuple[str, ...]]]:
    return {(o.key, o.area, str(o.period), o.magnitude, o.missing) for o in observations}


@given(month_data, st.randoms(use_true_random=False))
def test_order_does_not_matter(data: dict[str, object], random: object) -> None:
    """The same figures in any order aggregate to the same result."""
    rows = _rows(data)
    shuffled = list(rows)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    assert _facts(zgc_plan.aggregate(rows)) == _facts(zgc_plan.aggregate(shuffled))


@given(month_data)
def test_months_to_quarters_to_year_is_months_to_year(data: dict[str, object]) -> None:
    """months → quarters → year equals months → year, for sums, ends and means alike."""
    rows = _rows(data)
    direct = zgc_plan.aggregate(rows, zone=False)
    quarters = zgc_plan.aggregate(rows, to="quarter", zone=False)
    assert _facts(zgc_plan.aggregate(quarters, zone=False)) == _facts(direct)


@given(month_data)
def test_parks_to_zone_then_year_is_year_then_zone(data: dict[str, object]) -> None:
    """Zone quarters made into a year equal the parks' years added into the zone."""
    rows = _rows(data)
    zone_quarters = [o for o in zgc_plan.aggregate(rows, to="quarter") if o.area == "zone"]
    zone_then_year = zgc_plan.aggregate(zone_quarters, zone=False)
    park_years = zgc_plan.aggregate(rows, zone=False)
    year_then_zone = [o for o in zgc_plan.aggregate(park_years) if o.area == "zone"]
    assert [(o.magnitude, o.missing) for o in zone_then_year] == [
        (o.magnitude, o.missing) for o in year_then_zone
    ]


@given(
    st.lists(st.integers(1, 10**4), min_size=2, max_size=2),
    st.lists(st.integers(1, 10**4), min_size=2, max_size=2),
)
def test_a_ratio_of_sums_not_a_mean_of_ratios(tops: list[int], bottoms: list[int]) -> None:
    """The zone's 劳动生产率 is Σ增加值 ÷ Σ从业人员, which differs from the parks' mean ratio."""
    rows: list[Observation] = []
    for park in PARKS:
        # Two kinds of park, eight of each: so the mean of ratios is that of two.
        top, bottom = (tops[0], bottoms[0]) if PARKS.index(park) % 2 else (tops[1], bottoms[1])
        rows.append(Observation.of("value-added", 2022, f"{top}亿元", area=park))
        rows.append(Observation.of("employees", 2022, f"{bottom}万人", area=park))
    derived = zgc_plan.derive(zgc_plan.aggregate(rows))
    zone = next(d for d in derived if d.area == "zone" and d.key == "labour-productivity")
    ratio_of_sums = Fraction(sum(tops) * 8, sum(bottoms) * 8)
    mean_of_ratios = (Fraction(tops[0], bottoms[0]) + Fraction(tops[1], bottoms[1])) / 2
    assert zone.magnitude == ratio_of_sums  # 亿元/万人 is 万元/人
    if tops[0] * bottoms[1] != tops[1] * bottoms[0] and bottoms[0] != bottoms[1]:
        assert zone.magnitude != mean_of_ratios


@given(
    st.lists(st.integers(0, 10**8), min_size=16, max_size=16),
    st.lists(st.booleans(), min_size=16, max_size=16),
)
def test_units_do_not_change_the_sum(amounts: list[int], in_wan: list[bool]) -> None:
    """A park reported in 亿元 and another in 万元 (×10000) add up to the same zone total."""
    rows = [
        Observation.of("total-revenue", 2022, f"{a * 10000}万元" if wan else f"{a}亿元", area=park)
        for park, a, wan in zip(PARKS, amounts, in_wan, strict=True)
    ]
    zone = next(o for o in zgc_plan.aggregate(rows) if o.area == "zone")
    assert zone.magnitude == sum(amounts)


@settings(max_examples=50)
@given(st.integers(1, 12), st.integers(0, 15), st.booleans())
def test_partial_never_makes_a_full_year_or_whole_zone(
    month: int, park: int, drop_park: bool
) -> None:
    """A year lacking a month, or a zone lacking a park, is never judged as a whole."""
    rows = [
        Observation.of("pct-applications", f"2022-{m:02d}", "100件", area=p)
        for p in PARKS
        for m in range(1, 13)
        if not (drop_park and p == PARKS[park])
        and not (not drop_park and m == month and p == PARKS[park])
    ]
    aggregation = zgc_plan.aggregate(rows)
    zone = next(o for o in aggregation if o.area == "zone")
    assert zone.missing
    result = zgc_plan.evaluate(aggregation, year=2022).result("pct-applications")
    assert result.observation is None
    assert result.status is not Status.MET
    assert result.status is not Status.NOT_MET


@given(st.integers(1949, 2100), st.integers(1, 12), st.integers(0, 11))
def test_every_period_reads_back_from_its_text(year: int, first: int, length: int) -> None:
    """'written exactly so': str(period) parses back to the same months, for every run of months."""
    last = min(12, first + length)
    period = zgc_plan.Period(year, first, last)
    again = zgc_plan.Period.parse(str(period))
    assert (again.year, again.first, again.last) == (year, first, last)
    assert again.months == last - first + 1
