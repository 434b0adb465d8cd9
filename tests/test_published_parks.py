"""The published figures of the parks, and of the zone for periods shorter than a year.

Spec (14, Demo data): "find what is published (per-park revenue or enterprise
counts ...) and ship it with sources and quotes, status as for the zone
figures. Separately, ship a clearly labelled synthetic example ... never mixed
with the published figures."
"""

from __future__ import annotations

from importlib.resources import files

import pytest

import zgc_plan
from zgc_plan import ObservationStatus
from zgc_plan._write_observations import exact_decimal

PATH = files("zgc_plan").joinpath("data", "observations", "published-parks.yaml")
ROWS = zgc_plan.load_observations(str(PATH))


def test_it_loads_and_has_park_and_monthly_figures() -> None:
    """The file holds figures of parks and of periods shorter than a year."""
    assert {o.area for o in ROWS} >= {"fengtai", "xicheng", "haidian", "zone"}
    assert any(not o.period.is_year for o in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda o: f"{o.key}-{o.area}-{o.period}")
def test_every_row_quotes_its_value_and_names_its_source(row: zgc_plan.Observation) -> None:
    """Each row has a source, a link and a quote that contains the value as published."""
    assert row.source
    assert row.url.startswith("http")
    value, exact = exact_decimal(row.magnitude)
    assert exact
    assert format(value, "f") in row.quote
    assert row.status in (
        ObservationStatus.PUBLISHED,
        ObservationStatus.ESTIMATED,
        ObservationStatus.UNCERTAIN,
    )
    assert "SYNTHETIC" not in row.source.upper()
    if row.status is not ObservationStatus.PUBLISHED:
        assert row.note, "a row that is not plainly published says why in its note"


def test_a_partial_year_of_the_zone_is_not_a_year() -> None:
    """The zone's 1-10月 2015 revenue aggregates to a partial 2015, lacking two months."""
    zone = [
        o
        for o in zgc_plan.aggregate(ROWS)
        if o.key == "total-revenue" and o.area == "zone" and o.year == 2015
    ]
    assert [o.missing for o in zone] == [("2015-11", "2015-12")]
