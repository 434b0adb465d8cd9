"""``specs/observations.schema.json`` and the :class:`~zgc_plan.Observation` model agree, field by field.

Spec (``specs/observations.md``): an observation file holds "observed figures
of a plan's indicators or base statistics, one per indicator-year", each with
the fields of an :class:`~zgc_plan.Observation`.  A file writes most fields
under their own name; the few it writes otherwise are listed in ``WRITTEN_AS``
with the keys that hold them, and a test fails on a field of the model that
neither the schema nor that table knows, and on a key of the schema that no
field holds.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from zgc_plan import Observation, ObservationStatus
from zgc_plan._observation_rows import file_keys
from zgc_plan._write_observations import _COLUMNS

SCHEMA: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "specs" / "observations.schema.json").read_text(encoding="utf-8")
)
OBSERVATION = SCHEMA["$defs"]["observation"]

#: Fields written under other keys, and the keys that hold them.
WRITTEN_AS = {
    "key": {"indicator", "statistic"},  # exactly one: what is observed
    "period": {"year", "period"},  # exactly one: a year, or any period
    "magnitude": {"value"},
    "area": {"area", "zone_wide"},  # zone_wide: false, the older form of area: other
}
#: Fields a file never writes: a derived figure's inputs are made by ``derive``.
NOT_WRITTEN = {"inputs"}


def _keys_of(field: str) -> set[str]:
    return WRITTEN_AS.get(field, {field})


def test_every_field_has_its_keys() -> None:
    """'Every attrs field ↔ a schema property': each field is held by keys of the schema."""
    fields = [field.name for field in attrs.fields(Observation) if field.name not in NOT_WRITTEN]
    properties = set(OBSERVATION["properties"])
    for field in fields:
        assert _keys_of(field) <= properties, field
    assert set().union(*(_keys_of(field) for field in fields)) == properties
    assert OBSERVATION["additionalProperties"] is False


def test_required_keys_are_fields_without_default() -> None:
    """'Required-ness': what the schema requires is a field without a default.

    ``key`` and ``period`` are required too, as one of two keys each (the
    schema's ``oneOf``), and ``unit`` defaults to the indicator's own.
    """
    required = {f.name for f in attrs.fields(Observation) if f.default is attrs.NOTHING}
    assert required == {"key", "period", "magnitude", "unit"}
    assert set(OBSERVATION["required"]) == _keys_of("magnitude")
    one_of = [
        {tuple(branch["required"]) for branch in rule["oneOf"]}
        for rule in OBSERVATION["allOf"]
        if "oneOf" in rule
    ]
    assert one_of == [{("indicator",), ("statistic",)}, {("year",), ("period",)}]


def test_status_words_are_the_enums() -> None:
    """'Enums': the schema's status words are the values of ObservationStatus."""
    words = OBSERVATION["properties"]["status"]["enum"]
    assert words == [member.value for member in ObservationStatus]


def test_a_new_field_is_caught() -> None:
    """The agreement test can fail: a field that no key holds is not in the schema."""
    assert not _keys_of("weight") <= set(OBSERVATION["properties"])


def test_the_reader_reads_the_keys_of_the_schema() -> None:
    """'Every attrs field ↔ a schema property', for the reader: the keys it structures are the schema's.

    The reader structures a row with cattrs from the model's fields and its own
    table of keys written otherwise; what it accepts is what the schema allows.
    """
    assert file_keys() == set(OBSERVATION["properties"])
    written = {field.name for field in attrs.fields(Observation)} - NOT_WRITTEN
    assert file_keys() == set().union(*(_keys_of(field) for field in written))


def test_the_writer_writes_the_keys_the_reader_reads() -> None:
    """What is written "is read again by load_observations": the CSV header is the reader's keys.

    Less the two older or shorter forms a writer never uses: ``year`` (a
    period is written whole) and ``zone_wide`` (the area is written).
    """
    assert len(set(_COLUMNS)) == len(_COLUMNS)
    assert set(_COLUMNS) == file_keys() - {"year", "zone_wide"}
