"""A corpus of malformed observation files, one file per kind of fault, and what the reader says.

Spec (specs/observations.md, "Errors"): "A file with bad rows raises
PlanDataError listing every bad row at once, with the file, the row's path ...
and line, and the reason."  Spec (specs/semantics.md, "Numbers", "Text",
"Unit strings"): a decimal comma or an ambiguous thousands separator is
refused with how to write the number; control and bidirectional characters
are refused with their line; unit strings are checked before pint reads them.

Each file of ``tests/bad_observations/`` is listed in ``BAD_OBSERVATIONS`` with
the one problem it must produce; a test checks that folder and table agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

import zgc_plan

FOLDER = Path(__file__).parent / "bad_observations"
#: Files with several faults, checked in their own tests.
SEVERAL = frozenset(
    {
        "bad_rows.yaml",
        "bad_rows.csv",
        "bad_periods.yaml",
        "bad_periods.csv",
        "bad_allocations.yaml",
        "several_in_one_row.yaml",
    }
)


class Expected(NamedTuple):
    """The one problem a file must produce: path, a substring of the message, line."""

    path: str
    message: str
    line: int


BAD_OBSERVATIONS: dict[str, Expected] = {
    "decimal_comma.csv": Expected(
        "[0].value", "'41,5' has a decimal comma: write the decimal point, 41.5", 2
    ),
    "decimal_comma.yaml": Expected(
        "observations[0].value", "'41,5' has a decimal comma: write the decimal point, 41.5", 4
    ),
    "dotted_thousands.csv": Expected(
        "[0].value", "'6.000,5' has a decimal comma after a point: write 6000.5", 2
    ),
    "ambiguous_thousands.csv": Expected(
        "[0].value", "'1,020' is ambiguous: write 1020 for a thousands separator, or 1.020", 2
    ),
    "tiny_value.csv": Expected("[0].value", "'1e-400' is out of range", 2),
    "unit_in_value.csv": Expected(
        "[0].value", "expected a number, got a string '6.5%': write 6.5 here and % as its unit", 2
    ),
    "gbk_excel.csv": Expected(
        "", "not UTF-8 text: byte 0xba; it reads as GB18030/GBK text: save it as UTF-8", 2
    ),
    "quoted_number.yaml": Expected(
        "observations[0].value", "expected a number, got a string '41': write it without quotes", 4
    ),
    "header_with_spaces.csv": Expected(
        "",
        "no 'indicator' or 'statistic' column (names are exact: lower case, no spaces); "
        "its columns are ' indicator ', ' year', 'value', 'unit'",
        1,
    ),
    "escape_in_cell.csv": Expected(
        "[0].source", "U+001B (a control character) is not allowed in text", 2
    ),
    "terminal_escape.yaml": Expected(
        "observations[0].source", "U+001B (a control character) is not allowed in text", 5
    ),
    "bidi_override.yaml": Expected(
        "observations[0].note", "U+202E (a bidirectional or line control) is not allowed", 5
    ),
    "unit_too_long.csv": Expected("[0].unit", "a unit of 300 characters is longer than 200", 2),
    "unit_percent_twice.csv": Expected("[0].unit", "'%%' (% or ‰ written twice)", 2),
    "unit_division_slash.csv": Expected(
        "[0].unit", "'∕' (U+2215) has no meaning in a unit; write * or /", 2
    ),
    "unit_power_tower.yaml": Expected(
        "observations[0].unit", "a power must be a whole number from -6 to 6", 5
    ),
    "unit_stacked_prefix.yaml": Expected("observations[0].unit", "not a known unit: '万万元'", 5),
    "unit_scale.yaml": Expected("observations[0].unit", "its scale is beyond 10**±60", 5),
    # A field of the model that a file writes under another key, or never.
    "field_name_as_key.yaml": Expected("observations[0].key", "unknown key 'key'", 5),
    "inputs_written.yaml": Expected("observations[0].inputs", "unknown key 'inputs'", 5),
}


def test_corpus_and_table_agree() -> None:
    """Every file of the folder is in the table, and every entry has its file."""
    files = {path.name for path in FOLDER.iterdir()} - SEVERAL
    assert files == set(BAD_OBSERVATIONS)


@pytest.mark.parametrize("name", sorted(BAD_OBSERVATIONS))
def test_bad_observation_file_names_its_problem(name: str) -> None:
    """“A file with bad rows raises PlanDataError ... with the file, the row's path ... and line,
    and the reason.”"""
    path = FOLDER / name
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(path)
    error = caught.value
    assert error.source == str(path)
    expected = BAD_OBSERVATIONS[name]
    (problem,) = error.problems
    assert problem.path == expected.path
    assert expected.message in problem.message
    assert problem.line == expected.line
    # "never more than a few hundred characters of the input"
    assert len(problem.message) < 300


def test_messages_quote_little_of_the_input(tmp_path: Path) -> None:
    """“Messages ... never more than a few hundred characters of the input.”"""
    path = tmp_path / "long.yaml"
    long_text = "x" * 100_000
    path.write_text(
        "observations:\n"
        f"  - indicator: {long_text}\n    year: 2022\n    value: 41\n    status: {long_text}\n"
        f"    {long_text[:1000]}: 1\n",  # YAML's longest plain key
        encoding="utf-8",
    )
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(path)
    assert len(caught.value.problems) == 3
    for problem in caught.value.problems:
        assert len(str(problem)) < 300


def test_every_problem_of_one_row_at_once() -> None:
    """“listing every bad row at once”: and every problem of a row, each at its key and line.

    The value is checked against the indicator's own unit when the row's unit
    cannot be read, so that a negative count is reported beside the unit.
    """
    path = FOLDER / "several_in_one_row.yaml"
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_observations(path)
    found = {
        (p.path, p.message.split(" (")[0].split(";")[0], p.line) for p in caught.value.problems
    }
    assert found == {
        ("observations[0].unit", "not a known unit: 'furlongs'", 5),
        (
            "observations[0].status",
            "expected one of published, derived, estimated, provisional, uncertain",
            6,
        ),
        ("observations[0].source", "must not be empty", 7),
        ("observations[0].value", "-3 is negative, but 上市企业数量 cannot be", 4),
    }
