"""A corpus of malformed plans, one file per kind of fault, and what the loader must say.

Spec (``load_plan``): "Raises PlanDataError: if the file cannot be read or is
malformed; the error lists every problem with its path and line."  Spec
(``_yaml``): "only plain data ...; no aliases, no tags, one document, at most
MAX_DEPTH levels; duplicate keys are errors ... Every problem is collected with
its path and line, and raised together as one PlanDataError."

Each file in ``tests/bad_plans/`` is a copy of ``_valid_minimal.yaml`` with one
fault (several for ``multiple_problems.yaml``), or a tiny file where the fault is
purely syntactic.  ``BAD_PLANS`` below holds, for each file, the rule it breaks
and every problem the loader must report: the path, a substring of the message
and the line.  A test checks that the folder and the table name the same files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from zgc_plan._load import load_plan, parse_plan
from zgc_plan.exceptions import PlanDataError, PlanError, Problem

BAD_PLANS_DIR = Path(__file__).parent / "bad_plans"
VALID_MINIMAL = BAD_PLANS_DIR / "_valid_minimal.yaml"
#: Files of the folder that are not bad plans.
NOT_BAD = frozenset({"_valid_minimal.yaml", "expected.yaml"})

TARGET = "goals[0].targets[0]"


class Expected(NamedTuple):
    """One problem the loader must report.

    ``path`` is ``None`` where any path is acceptable (a fault found while
    reading YAML, whose path convention is the enclosing container's); ``""``
    is the document as a whole.  ``message`` is a substring of the message
    (``""``: any message).  ``line`` is the exact line, or ``None`` where the
    file has no line to point at.
    """

    path: str | None
    message: str
    line: int | None


class Case(NamedTuple):
    """A bad plan: the rule it breaks and every problem it must produce."""

    rule: str
    problems: tuple[Expected, ...]


def _one(path: str | None, message: str, line: int | None) -> tuple[Expected, ...]:
    return (Expected(path, message, line),)


BAD_PLANS: dict[str, Case] = {
    "terminal_escape.yaml": Case(
        "Text holds no control character, from an escape either ('\\e[2J' clears a screen).",
        _one("document.title_en", "U+001B (a control character) is not allowed in text", 7),
    ),
    "bidi_control.yaml": Case(
        "Text holds no bidirectional control (U+202E makes a line read otherwise).",
        _one("goals[0].title_zh", "U+202E (a bidirectional or line control)", 43),
    ),
    "decimal_comma.yaml": Case(
        "A decimal comma is refused, with how to write the number.",
        _one(f"{TARGET}.value", "'40,5' has a decimal comma: write the decimal point, 40.5", 55),
    ),
    "base_year_without_growth.yaml": Case(
        "Only a growth target has a base_year.",
        _one(f"{TARGET}.base_year", "only a growth target has a base_year", 59),
    ),
    "growth_wrong_unit.yaml": Case(
        "A growth is written in the unit of its kind: an annual rate in %.",
        _one(f"{TARGET}.unit", "a growth of kind annual_rate is written in %, not '家'", 56),
    ),
    "unknown_key.yaml": Case(
        "Keys the schema does not define are errors, not ignored.",
        _one(f"{TARGET}.colour", "unknown key 'colour'", 59),
    ),
    "empty_key.yaml": Case(
        "Keys the schema does not define are errors, not ignored: the empty key too, "
        "quoted in the path.",
        _one("principles[0]['']", "unknown key ''", 27),
    ),
    "number_key.yaml": Case(
        "Keys the schema does not define are errors, not ignored: a number too (no schema "
        "key is one).",
        _one("principles[0][2018]", "unknown key 2018", 27),
    ),
    "duplicate_key.yaml": Case(
        "Duplicate keys are errors (PyYAML silently keeps the last one).",
        # The reader reports at the enclosing mapping, with line and column of the key.
        _one("document", "duplicate key 'title_en'", 8),
    ),
    "duplicate_id.yaml": Case(
        "Every id is unique across the whole plan.",
        _one("safeguards[0].id", "duplicate id 'principle-1'", 75),
    ),
    "dangling_indicator.yaml": Case(
        "A target's indicator must name an indicator of the plan.",
        (
            Expected(f"{TARGET}.indicator", "no indicator has the id 'nowhere'", 51),
            # Consequence, and true: the indicator's target no longer names it back.
            Expected("indicators[0].target", "does not name indicator 'firms' back", 98),
        ),
    ),
    "dangling_category.yaml": Case(
        "An indicator's category must name a category of the plan.",
        _one("indicators[0].category", "no indicator category has the id 'nowhere'", 91),
    ),
    "wrong_type_number.yaml": Case(
        'An integer field holds an integer: a quoted "2022" is a string.',
        _one(f"{TARGET}.year", "expected an integer, got a string '2022'", 57),
    ),
    "unparseable_unit.yaml": Case(
        "A unit is a unit of the library's registry.",
        _one(f"{TARGET}.unit", "not a known unit: 'furlong/fortnight'", 56),
    ),
    "wrong_dimension_unit.yaml": Case(
        "A target's unit has the dimension of its indicator's unit.",
        _one(f"{TARGET}.unit", "unit '人' is in [[person]], but indicator firms", 56),
    ),
    "missing_required_key.yaml": Case(
        "Required keys must be present; the problem points at the mapping that lacks one.",
        _one("goals[0]", "missing required key 'summary_en'", 41),
    ),
    "bad_comparator.yaml": Case(
        "A comparator is one of at_least, more_than, at_most, less_than, about, between.",
        _one(f"{TARGET}.comparator", "got 'greater_than'", 54),
    ),
    "between_without_upper.yaml": Case(
        "A 'between' target has an 'upper' value.",
        _one(TARGET, "a 'between' target needs an 'upper' value", 49),
    ),
    "about_without_tolerance.yaml": Case(
        "An 'about' target has a relative 'tolerance'.",
        _one(TARGET, "an 'about' target needs a relative 'tolerance'", 49),
    ),
    "nan_value.yaml": Case(
        "A target value is a finite number: .nan is refused.",
        _one(f"{TARGET}.value", "NaN is not a finite number", 55),
    ),
    "infinite_value.yaml": Case(
        "A target value is a finite number: .inf is refused.",
        _one(f"{TARGET}.value", "Infinity is not a finite number", 55),
    ),
    "bad_date.yaml": Case(
        "Dates are real calendar dates in the form YYYY-MM-DD.",
        _one("document.issued", "not a date in the form YYYY-MM-DD: '2018-12-32'", 11),
    ),
    "yaml_alias.yaml": Case(
        "No aliases (*name): write the value out.",
        _one("document", "aliases (*date) are not allowed", 12),
    ),
    "billion_laughs.yaml": Case(
        "No aliases, so nested aliases cannot expand exponentially: refused at the first one.",
        _one("b", "aliases (*a) are not allowed", 3),
    ),
    "python_tag.yaml": Case(
        "No tags: nothing is constructed from a tag, least of all a Python call.",
        _one("document", "tags (tag:yaml.org,2002:python/object/apply:os.system)", 7),
    ),
    "deeply_nested.yaml": Case(
        "At most MAX_DEPTH (32) levels of nesting; reading stops at the 33rd.",
        _one("[0]" * 31, "nested more than 32 levels deep", 1),
    ),
    "empty.yaml": Case(
        "An empty file is an error, not an empty plan.",
        _one("", "the file is empty", None),
    ),
    "two_documents.yaml": Case(
        "A plan file holds one YAML document.",
        _one("", "expected one YAML document, found more", 106),
    ),
    "not_a_mapping.yaml": Case(
        "The document is a mapping.",
        _one("", "expected a mapping, got a list", 2),
    ),
    "syntax_error.yaml": Case(
        "YAML syntax errors are reported with their line.",
        _one("", "YAML syntax error: mapping values are not allowed", 7),
    ),
    "baseline_after_start.yaml": Case(
        "baseline_year is not after start_year.",
        _one("document.baseline_year", "2019 is after start_year 2018", 18),
    ),
    "unknown_heading.yaml": Case(
        "document.headings holds only the headings the schema names.",
        _one("document.headings.goals_zh", "unknown key 'goals_zh'", 20),
    ),
    "bom.yaml": Case(
        "A UTF-8 BOM is dropped and does not shift line numbers.",
        _one("document.end_year", "2022 is before start_year 2023", 15),
    ),
    "latin1.yaml": Case(
        "A plan file is UTF-8; for other bytes the problem gives the line they stand on.",
        _one("", "not UTF-8 text", 2),
    ),
    "control_character.yaml": Case(
        "Control characters are refused, and the problem gives their line.",
        _one(None, "control characters are not allowed", 7),
    ),
    "multiple_problems.yaml": Case(
        "Every problem is collected and raised together as one PlanDataError.",
        (
            Expected("document.issued", "not a date in the form YYYY-MM-DD: '27/12/2018'", 11),
            Expected(f"{TARGET}.comparator", "got 'greater_than'", 54),
            Expected(f"{TARGET}.colour", "unknown key 'colour'", 59),
            Expected("actions[0].tasks[0].id", "duplicate id 'action-1'", 68),
        ),
    ),
    "schema_version.yaml": Case(
        "Only schema version 1 is read.",
        _one("schema_version", "schema version 2 is not supported (expected 1)", 3),
    ),
    "indicator_target_mismatch.yaml": Case(
        "An indicator's target names that indicator back.",
        _one("indicators[0].target", "target 'target-1' does not name indicator 'firms' back", 98),
    ),
    "reversed_range.yaml": Case(
        "A 'between' target's upper end is not below its value.",
        _one(f"{TARGET}.upper", "30 is below value 40", 56),
    ),
    "whole_not_boolean.yaml": Case(
        "An indicator's `whole` is true or false.",
        _one("indicators[0].whole", "expected true or false, got a string 'yes'", 95),
    ),
    "tolerance_out_of_range.yaml": Case(
        "A relative tolerance lies in [0, 1).",
        _one(f"{TARGET}.tolerance", "1.5 is not between 0 and 1", 56),
    ),
    "huge_exponent.yaml": Case(
        "Any number the reader accepts in the text is reported, never raised as a "
        "decimal.InvalidOperation.",
        _one(None, "", 55),
    ),
    "empty_categories.yaml": Case(
        "An indicator's category must name a category of the plan, even when there are none.",
        _one("indicators[0].category", "no indicator category has the id 'category-1'", 86),
    ),
    "empty_indicators.yaml": Case(
        "A target's indicator must name an indicator of the plan, even when there are none.",
        _one(f"{TARGET}.indicator", "no indicator has the id 'firms'", 51),
    ),
    "unit_division_by_zero.yaml": Case(
        "A malformed unit is a problem in the plan, never a ZeroDivisionError.",
        _one(f"{TARGET}.unit", "not a known unit", 56),
    ),
    "unit_bad_operator.yaml": Case(
        "A malformed unit is a problem in the plan, never an AssertionError.",
        _one(f"{TARGET}.unit", "not a known unit", 56),
    ),
    "unit_unbalanced_parenthesis.yaml": Case(
        "A malformed unit is a problem in the plan, never a tokenize.TokenError.",
        _one(f"{TARGET}.unit", "not a known unit", 56),
    ),
    "bad_over_time.yaml": Case(
        "A statistic's over_time is sum, end or mean.",
        _one("statistics[0].over_time", "expected one of sum, end, mean; got 'average'", 107),
    ),
    "bad_minimum.yaml": Case(
        "A minimum is a number, or 'unbounded' for none.",
        _one("statistics[0].minimum", "expected a number, got a string 'none'", 107),
    ),
    "areas_without_zone.yaml": Case(
        "The areas have exactly one zone.",
        _one("areas", "expected exactly one area of kind 'zone', found 0", 108),
    ),
    "area_duplicate_name.yaml": Case(
        "Area ids and Chinese names are unique, since observations name areas by either.",
        _one("areas[2].name_zh", "duplicate area id or name '甲园'", 117),
    ),
    "zone_id.yaml": Case(
        "The zone's id is 'zone', the area of observations that name none.",
        _one("areas[0].id", "the zone's id must be 'zone'", 108),
    ),
    "bad_area_kind.yaml": Case(
        "An area's kind is zone, park or outside.",
        _one("areas[1].kind", "expected one of zone, park, outside; got 'district'", 115),
    ),
    "areas_file_unread.yaml": Case(
        "An areas file named by the plan is read from beside it, and must be there.",
        _one("areas", "cannot read 'no-such-areas.yaml'", 107),
    ),
    "areas_file_path.yaml": Case(
        "An areas file named by the plan lies beside it: a path elsewhere is refused.",
        _one("areas", "'../secrets/areas.yaml' is not a file name beside the plan", 107),
    ),
    "dangling_coverage.yaml": Case(
        "A coverage target counts a statistic of the plan.",
        _one(f"{TARGET}.coverage", "no statistic has the id 'nowhere'", 60),
    ),
}

#: Files that look wrong but load, and why.
LOADS: dict[str, str] = {
    "unquoted_date.yaml": (
        "Dates stay strings: an unquoted 2018-12-27 is read as the string "
        "'2018-12-27' (not a datetime.date as PyYAML would), so it loads like a quoted one."
    ),
}


def _matches(problem: Problem, expected: Expected) -> bool:
    return (
        (expected.path is None or problem.path == expected.path)
        and expected.message in problem.message
        and problem.line == expected.line
    )


def _check_problems(error: PlanDataError, case: Case) -> None:
    listed = "\n".join(f"  {problem!r}" for problem in error.problems)
    for expected in case.problems:
        assert any(_matches(problem, expected) for problem in error.problems), (
            f"rule: {case.rule}\nmissing {expected}\nreported:\n{listed}"
        )
    assert len(error.problems) == len(case.problems), (
        f"rule: {case.rule}\nexpected exactly {len(case.problems)} problem(s), got:\n{listed}"
    )


def _load_error(path: Path) -> PlanDataError:
    try:
        load_plan(path)
    except PlanDataError as error:
        return error
    pytest.fail(f"{path.name} loaded, but it should raise PlanDataError")


def test_corpus_and_table_agree() -> None:
    """Every file of tests/bad_plans/ has an expectation, and every expectation a file."""
    on_disk = {path.name for path in BAD_PLANS_DIR.iterdir() if path.name not in NOT_BAD}
    described = set(BAD_PLANS) | set(LOADS)
    assert not set(BAD_PLANS) & set(LOADS)
    assert on_disk - described == set(), "files without an expectation"
    assert described - on_disk == set(), "expectations without a file"


def test_valid_minimal_plan_loads() -> None:
    """The minimal plan that every bad plan is copied from is itself valid."""
    plan = load_plan(VALID_MINIMAL)
    assert len(plan.principles) == len(plan.safeguards) == 1
    assert len(plan.goals) == len(plan.targets) == 1
    assert len(plan.actions) == len(plan.tasks) == 1
    assert len(plan.categories) == len(plan.indicators) == len(plan.statistics) == 1
    target = plan.target("target-1")
    assert target.indicator is plan.indicator("firms")
    assert plan.target_for("firms") is target
    assert plan.document.issued == dt.date(2018, 12, 27)


@pytest.mark.parametrize("name", sorted(BAD_PLANS))
def test_bad_plan_raises_plan_data_error(name: str) -> None:
    """A malformed plan raises one PlanDataError (a ValueError) naming the file.

    The error lists every problem with its path and line: BAD_PLANS[name].rule
    is the rule the file breaks.
    """
    path = BAD_PLANS_DIR / name
    error = _load_error(path)
    assert isinstance(error, ValueError)
    assert isinstance(error, PlanError)
    assert error.source == str(path)
    assert str(error).startswith(f"{path}: ")
    _check_problems(error, BAD_PLANS[name])


def _is_utf8(name: str) -> bool:
    try:
        (BAD_PLANS_DIR / name).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


@pytest.mark.parametrize("name", sorted(filter(_is_utf8, BAD_PLANS)))
def test_bad_plan_bytes_and_text_agree(name: str) -> None:
    """The same problems are reported whether the plan is given as bytes or as text."""
    data = (BAD_PLANS_DIR / name).read_bytes()
    text = data.decode("utf-8-sig")
    errors: list[PlanDataError] = []
    for given in (data, text):
        with pytest.raises(PlanDataError) as info:
            parse_plan(given, source="<given>")
        errors.append(info.value)
    assert errors[0].problems == errors[1].problems


def test_unquoted_date_loads() -> None:
    """Dates stay strings: ``issued: 2018-12-27`` unquoted is the string "2018-12-27".

    The strict reader never builds a datetime.date from YAML, so quoting dates
    (as the shipped plan does) is a convention, not a requirement: the plan
    loads and the date is read from the string.
    """
    plan = load_plan(BAD_PLANS_DIR / "unquoted_date.yaml")
    assert plan.document.issued == dt.date(2018, 12, 27)
    assert plan.document.issued == load_plan(VALID_MINIMAL).document.issued


def test_multiple_problems_are_one_error() -> None:
    """Every problem is collected and raised together: the message lists them all."""
    error = _load_error(BAD_PLANS_DIR / "multiple_problems.yaml")
    message = str(error)
    assert "4 problems:" in message
    for line in ("line 11", "line 54", "line 59", "line 68"):
        assert line in message


def test_bom_keeps_lines() -> None:
    """A UTF-8 BOM is dropped: the same fault without the BOM is on the same line."""
    data = (BAD_PLANS_DIR / "bom.yaml").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    with pytest.raises(PlanDataError) as with_bom:
        parse_plan(data)
    with pytest.raises(PlanDataError) as without_bom:
        parse_plan(data[3:])
    assert with_bom.value.problems == without_bom.value.problems


def test_missing_file_raises_plan_data_error(tmp_path: Path) -> None:
    """A file that cannot be read is a PlanDataError naming it, not an OSError."""
    path = tmp_path / "no_such_plan.yaml"
    with pytest.raises(PlanDataError, match="cannot read the file") as info:
        load_plan(path)
    assert isinstance(info.value, ValueError)
    assert info.value.source == str(path)
    assert str(path) in str(info.value)


def test_directory_raises_plan_data_error(tmp_path: Path) -> None:
    """A directory is not a plan file: PlanDataError naming it, not IsADirectoryError."""
    with pytest.raises(PlanDataError, match="cannot read the file") as info:
        load_plan(tmp_path)
    assert isinstance(info.value, ValueError)
    assert info.value.source == str(tmp_path)
    assert str(tmp_path) in str(info.value)


def test_unopenable_path_raises_plan_data_error(tmp_path: Path) -> None:
    """A path the OS cannot open (a NUL byte in it) is a PlanDataError, not a ValueError."""
    path = f"{tmp_path}/plan\x00.yaml"
    with pytest.raises(PlanDataError, match="cannot read the file") as info:
        load_plan(path)
    assert info.value.source == path


# Faults too large to store as files comfortably: built from the minimal plan.


def _replace(old: str, new: str) -> Callable[[], str]:
    def build() -> str:
        text = VALID_MINIMAL.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return build


GENERATED: dict[str, tuple[Callable[[], str], Case]] = {
    "huge_integer": (
        _replace("        year: 2022\n", "        year: " + "9" * 5000 + "\n"),
        Case(
            "An integer of any length is reported as a problem, never raised as the "
            "ValueError of Python's int-from-text digit limit.",
            _one(None, "", 57),
        ),
    ),
    "long_unit_expression": (
        _replace(
            'unit: "家"\n        year', 'unit: "' + "*".join(["家"] * 3000) + '"\n        year'
        ),
        Case(
            "A malformed unit is a problem in the plan, never a RecursionError.",
            _one(f"{TARGET}.unit", "", 56),
        ),
    ),
    "lone_surrogate": (
        _replace('title_en: "Plan"', 'title_en: "Pl\ud800an"'),
        Case(
            "Text that cannot be UTF-8 (a lone surrogate) is a PlanDataError with its line, "
            "never a UnicodeEncodeError.",
            _one(None, "", 7),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_bad_plan_raises_plan_data_error(name: str) -> None:
    """A malformed plan given as text raises PlanDataError with the source it was given."""
    build, case = GENERATED[name]
    with pytest.raises(PlanDataError) as info:
        parse_plan(build(), source=f"<{name}>")
    assert info.value.source == f"<{name}>"
    assert str(info.value).startswith(f"<{name}>: ")
    _check_problems(info.value, case)
