"""specs/plan.schema.json describes the plan files that ``load_plan`` reads.

The shipped plan and the output of ``dump_plan`` validate against the schema;
copies broken in ways the loader rejects fail it, and the loader rejects them
too, so the schema and the loader agree on each rule checked here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

import zgc_plan

SCHEMA_PATH = Path(__file__).parents[1] / "specs" / "plan.schema.json"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def shipped() -> Any:
    """A fresh copy of the shipped plan as plain data, free to mutate.

    Its areas, which the shipped plan keeps in the file ``areas.yaml`` beside
    it, are written into the copy, so that the copy stands alone.
    """
    data = files("zgc_plan") / "data"
    plan = yaml.safe_load((data / "plan.yaml").read_text(encoding="utf-8"))
    plan["areas"] = yaml.safe_load((data / "areas.yaml").read_text(encoding="utf-8"))["areas"]
    return plan


def _all_errors(errors: Iterable[ValidationError]) -> Iterator[ValidationError]:
    # Errors under anyOf/oneOf are nested in `context`; walk them too.
    for error in errors:
        yield error
        yield from _all_errors(error.context)


def _failures(validator: Draft202012Validator, data: Any) -> set[tuple[str, tuple[object, ...]]]:
    """Each failure as (keyword that failed, path of the instance that failed it)."""
    return {
        (str(e.validator), tuple(e.absolute_path)) for e in _all_errors(validator.iter_errors(data))
    }


def _target(data: Any, target_id: str) -> tuple[tuple[object, ...], dict[str, Any]]:
    """The path and mapping of the target with ``target_id``."""
    for g, goal in enumerate(data["goals"]):
        for t, target in enumerate(goal.get("targets") or []):
            if target["id"] == target_id:
                return ("goals", g, "targets", t), target
    raise LookupError(target_id)


def _loader_problems(data: Any, tmp_path: Path) -> list[zgc_plan.Problem]:
    """The problems ``load_plan`` reports for ``data`` written out as YAML."""
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(zgc_plan.PlanDataError) as info:
        zgc_plan.load_plan(path)
    return list(info.value.problems)


def test_schema_is_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    """'The schema is itself valid under the JSON Schema draft 2020-12 metaschema.'"""
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "https://zgc-plan.readthedocs.io/specs/plan.schema.json"


def test_shipped_plan_validates(validator: Draft202012Validator, shipped: Any) -> None:
    """'The shipped data/plan.yaml is a valid plan file.'"""
    assert _failures(validator, shipped) == set()


def test_dumped_plan_validates(validator: Draft202012Validator) -> None:
    """'dump_plan writes YAML in the plan schema.'"""
    data = yaml.safe_load(zgc_plan.dump_plan(zgc_plan.load_plan()))
    assert _failures(validator, data) == set()


def test_round_trip_through_safe_dump_loads(shipped: Any, tmp_path: Path) -> None:
    """'Plain data written back with yaml.safe_dump is a plan the loader reads.'

    The mutation tests below rely on this: the loader rejects their files
    because of the mutation, not because of how they were written out.
    """
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(shipped, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert zgc_plan.load_plan(path) == zgc_plan.load_plan()


def test_optional_keys_may_be_absent_or_null(validator: Draft202012Validator, shipped: Any) -> None:
    """'A key whose value is null counts as absent, so an optional key may be null.'"""
    del shipped["statistics"]
    shipped["goals"][0]["targets"] = None
    shipped["indicators"][0]["formula"] = None
    del shipped["indicators"][0]["target"]
    _, target = _target(shipped, "target-rd-intensity")
    target["indicator"] = None
    target["upper"] = None
    assert _failures(validator, shipped) == set()


def test_unknown_key_fails(validator: Draft202012Validator, shipped: Any, tmp_path: Path) -> None:
    """'additionalProperties: false' everywhere: the loader reports "unknown key" for any key.

    A key the loader does not read is an error in every mapping, nested ones too.
    """
    shipped["document"]["subtitle_zh"] = "副标题"
    shipped["indicators"][2]["formula"] = {
        "numerator": "total-revenue",
        "denominator": "employees",
        "scale": 1,
    }
    assert _failures(validator, shipped) == {
        ("additionalProperties", ("document",)),
        ("additionalProperties", ("indicators", 2, "formula")),
        ("anyOf", ("indicators", 2, "formula")),
        ("type", ("indicators", 2, "formula")),  # the null branch of the anyOf
    }
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("document.subtitle_zh", "unknown key 'subtitle_zh'") in messages
    assert ("indicators[2].formula.scale", "unknown key 'scale'") in messages


def test_unknown_top_level_key_fails(validator: Draft202012Validator, shipped: Any) -> None:
    """'additionalProperties: false' holds at the top level too."""
    shipped["version"] = 1
    assert _failures(validator, shipped) == {("additionalProperties", ())}


def test_missing_id_fails(validator: Draft202012Validator, shipped: Any, tmp_path: Path) -> None:
    """'required: [id, ...]' — every element has an id (the loader: "missing required key 'id'")."""
    path, target = _target(shipped, "target-listed-companies")
    del target["id"]
    del shipped["safeguards"][3]["id"]
    assert _failures(validator, shipped) == {("required", path), ("required", ("safeguards", 3))}
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("goals[2].targets[3]", "missing required key 'id'") in messages
    assert ("safeguards[3]", "missing required key 'id'") in messages


def test_null_id_fails(validator: Draft202012Validator, shipped: Any) -> None:
    """'A required key may not be null': id: null is a missing id."""
    shipped["principles"][0]["id"] = None
    assert ("type", ("principles", 0, "id")) in _failures(validator, shipped)


def test_bad_comparator_fails(
    validator: Draft202012Validator, shipped: Any, tmp_path: Path
) -> None:
    """'comparator: enum [at_least, more_than, at_most, less_than, about, between]'."""
    path, target = _target(shipped, "target-rd-intensity")
    target["comparator"] = "approximately"
    assert _failures(validator, shipped) == {("enum", (*path, "comparator"))}
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert (
        "goals[1].targets[0].comparator",
        "expected one of at_least, more_than, at_most, less_than, about, between; "
        "got 'approximately'",
    ) in messages


def test_between_without_upper_fails(
    validator: Draft202012Validator, shipped: Any, tmp_path: Path
) -> None:
    """'if comparator == between then required: [upper]'."""
    path, target = _target(shipped, "target-pillar-clusters")
    assert target["comparator"] == "between"
    del target["upper"]
    assert _failures(validator, shipped) == {("required", path)}
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("goals[2].targets[4]", "a 'between' target needs an 'upper' value") in messages


def test_upper_without_between_fails(
    validator: Draft202012Validator, shipped: Any, tmp_path: Path
) -> None:
    """'upper only with between': any other comparator has no upper value."""
    path, target = _target(shipped, "target-rd-intensity")
    target["upper"] = 8
    assert _failures(validator, shipped) == {("type", (*path, "upper"))}
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("goals[1].targets[0].upper", "only a 'between' target has an upper value") in messages


def test_about_without_tolerance_fails(
    validator: Draft202012Validator, shipped: Any, tmp_path: Path
) -> None:
    """'if comparator == about then required: [tolerance]'."""
    path, target = _target(shipped, "target-listed-companies")
    assert target["comparator"] == "about"
    del target["tolerance"]
    assert _failures(validator, shipped) == {("required", path)}
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("goals[2].targets[3]", "an 'about' target needs a relative 'tolerance'") in messages


def test_tolerance_out_of_range_fails(validator: Draft202012Validator, shipped: Any) -> None:
    """'tolerance: minimum 0, exclusiveMaximum 1' — a relative tolerance below 100%."""
    path, target = _target(shipped, "target-listed-companies")
    target["tolerance"] = 1
    assert _failures(validator, shipped) == {("exclusiveMaximum", (*path, "tolerance"))}


def test_malformed_date_fails(validator: Draft202012Validator, shipped: Any) -> None:
    """'Dates are quoted strings in the form YYYY-MM-DD' (and real dates, under format: date)."""
    shipped["document"]["issued"] = "27/12/2018"
    shipped["document"]["published"] = "2019-02-30"
    assert _failures(validator, shipped) == {
        ("pattern", ("document", "issued")),
        ("format", ("document", "issued")),
        ("format", ("document", "published")),
    }


def test_bad_schema_version_fails(validator: Draft202012Validator, shipped: Any) -> None:
    """'schema_version: const 1'."""
    shipped["schema_version"] = 2
    assert _failures(validator, shipped) == {("const", ("schema_version",))}


def test_blank_string_fails(validator: Draft202012Validator, shipped: Any) -> None:
    """'Strings are not empty' — the loader reports "must not be empty" for blank text."""
    shipped["document"]["source"]["quote"] = "  "
    assert _failures(validator, shipped) == {("pattern", ("document", "source", "quote"))}


def test_schema_describes_every_property(schema: dict[str, Any]) -> None:
    """'Every property of the schema has a description.'"""

    def undescribed(node: Any, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if "description" not in sub and not where.endswith(("/if", "/then", "/else")):
                    yield f"{where}/properties/{name}"
            for key, value in node.items():
                yield from undescribed(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from undescribed(value, f"{where}/{index}")

    assert list(undescribed(schema, "#")) == []


def test_bad_over_time_fails(validator: Draft202012Validator, shipped: Any, tmp_path: Path) -> None:
    """'over_time: sum | end | mean': another word fails the schema and the loader alike."""
    shipped["statistics"][1]["over_time"] = "average"
    assert ("enum", ("statistics", 1, "over_time")) in _failures(validator, shipped)
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("statistics[1].over_time", "expected one of sum, end, mean; got 'average'") in messages


def test_minimum_is_a_number_or_unbounded(
    validator: Draft202012Validator, shipped: Any, tmp_path: Path
) -> None:
    """'minimum: a number ... or unbounded': any other word fails both."""
    shipped["statistics"][0]["minimum"] = -5
    assert _failures(validator, shipped) == set()
    shipped["statistics"][0]["minimum"] = "none"
    assert ("anyOf", ("statistics", 0, "minimum")) in _failures(validator, shipped)
    messages = {(p.path, p.message) for p in _loader_problems(shipped, tmp_path)}
    assert ("statistics[0].minimum", "expected a number, got a string 'none'") in messages


def test_areas_are_a_list_or_a_file_name(validator: Draft202012Validator, shipped: Any) -> None:
    """'areas: a list of areas, or the name of a YAML file beside the plan'."""
    assert _failures(validator, shipped) == set()  # the fixture gives them as a list
    shipped["areas"] = "areas.yaml"
    assert _failures(validator, shipped) == set()
    shipped["areas"] = "../elsewhere/areas.yaml"
    assert _failures(validator, shipped) != set()
    shipped["areas"] = [{"id": "zone", "name_zh": "示范区", "name_en": "Zone", "kind": "district"}]
    assert _failures(validator, shipped) != set()
