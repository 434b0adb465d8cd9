"""One number reader for every input: CSV, YAML, mappings, quantity texts and phrases.

Spec (specs/semantics.md, "Numbers"): "digits are ASCII or full-width; ... a comma
separates thousands only where it cannot be a decimal comma: groups of exactly
three digits, and either two groups or more or a decimal point after them;
41,5, 6.000,5 and 1,020 are refused with a message that says how to write the
number, never read as another number."
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan._load import parse_plan
from zgc_plan._numbers import MAX_LENGTH, read_integer, read_number
from zgc_plan._phrases import read_targets

READS = [
    ("40", 40),
    ("４０", 40),
    ("-0.5", Decimal("-0.5")),
    ("−2", -2),
    ("+7", 7),
    ("1,020,000", 1020000),
    ("1,020.5", Decimal("1020.5")),
    ("８．７", Decimal("8.7")),
    ("1e3", Decimal("1E+3")),
    (".5", Decimal("0.5")),
]
REFUSED = [
    ("41,5", "decimal comma: write the decimal point, 41.5"),
    ("6.000,5", "write 6000.5"),
    ("1,020", "ambiguous: write 1020 for a thousands separator, or 1.020 for a decimal comma"),
    ("1 020", "not a number"),
    ("١٢", "not a number"),  # Arabic-Indic digits
    ("²", "not a number"),
    ("nan", "not a number"),
    ("1e-400", "out of range"),
    ("1" * 40, "out of range"),
    ("1" * (MAX_LENGTH + 1), "longer than"),
]


@pytest.mark.parametrize(("text", "value"), READS)
def test_reads(text: str, value: int | Decimal) -> None:
    """“ASCII and full-width digits, thousands separators only where unambiguous.”"""
    read = read_number(text)
    assert read == value
    assert type(read) is type(value)


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refuses_with_how_to_write_it(text: str, reason: str) -> None:
    """“refused with a message that says how to write the number”."""
    with pytest.raises(ValueError, match=re.escape(reason)) as caught:
        read_number(text)
    assert len(str(caught.value)) < 200


def test_integers() -> None:
    assert read_integer("２０２２") == 2022
    with pytest.raises(ValueError, match="whole number"):
        read_integer("2022.0")


def _csv(tmp_path: Path, value: str) -> object:
    path = tmp_path / "o.csv"
    path.write_text(f'indicator,year,value,unit\n7,2022,"{value}",万元/人\n', encoding="utf-8")
    return zgc_plan.load_observations(path)[0].magnitude


def _yaml(tmp_path: Path, value: str) -> object:
    path = tmp_path / "o.yaml"
    path.write_text(
        f"observations:\n  - indicator: 7\n    year: 2022\n    value: {value}\n", encoding="utf-8"
    )
    return zgc_plan.load_observations(path)[0].magnitude


def _mapping(value: str) -> object:
    (observation,) = zgc_plan.evaluate({7: f"{value}万元/人"}).results[9:10]
    return observation.observation.magnitude if observation.observation else None


def _phrase(value: str) -> object:
    (found,), _ = read_targets(f"劳动生产率超过{value}万元/人")
    return found.target.value


@pytest.mark.parametrize("text", ["４０", "1,020,000", "41.5"])
def test_every_input_reads_alike(tmp_path: Path, text: str) -> None:
    """“One number reader for every input (YAML, CSV, mappings, phrases)”: the same value."""
    expected = read_number(text)
    assert _csv(tmp_path, text) == expected
    assert _yaml(tmp_path, text) == expected
    assert _mapping(text) == expected
    assert _phrase(text) == expected


@pytest.mark.parametrize("text", ["41,5", "1,020", "6.000,5"])
def test_every_input_refuses_alike(tmp_path: Path, text: str) -> None:
    """A number one reader refuses, every reader refuses (the data readers with its reason)."""
    try:
        read_number(text)
    except ValueError as error:
        reason = str(error)
    with pytest.raises(zgc_plan.PlanDataError) as csv_error:
        _csv(tmp_path, text)
    assert reason in str(csv_error.value)
    with pytest.raises(zgc_plan.PlanDataError) as mapping_error:
        _mapping(text)
    assert reason in str(mapping_error.value)
    # In a phrase an ASCII comma may also end a clause (…40万元/人,5家…): the
    # phrase is reported unread, never read as another number.
    found, unread = read_targets(f"劳动生产率超过{text}万元/人")
    assert not found
    assert unread
    if "," in text:  # a plain YAML scalar with a comma is text, read by the same reader
        with pytest.raises(zgc_plan.PlanDataError) as yaml_error:
            _yaml(tmp_path, text)
        assert reason in str(yaml_error.value)


def test_full_width_number_in_a_plan() -> None:
    """A plain ４０ in a plan's YAML is the number 40, as in CSV."""
    text = (Path(__file__).parent / "bad_plans" / "_valid_minimal.yaml").read_text("utf-8")
    plan = parse_plan(text.replace("value: 40", "value: ４０"))
    assert plan.targets[0].magnitude == 40


def test_dumped_text_that_reads_as_a_number_stays_text() -> None:
    """A title that the reader would take for a number is quoted when a plan is written."""
    text = (Path(__file__).parent / "bad_plans" / "_valid_minimal.yaml").read_text("utf-8")
    plan = parse_plan(text.replace('title_en: "Firms"', 'title_en: "１,０００,０００"'))
    again = parse_plan(zgc_plan.dump_plan(plan))
    assert again.targets[0].title_en == "１,０００,０００"
