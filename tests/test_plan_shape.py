"""The plan's shape is described once, by the model and its converter; the schema agrees.

Spec (``docs/contributing.md``, *Adding a plan field*): "The field is declared
once in the model; the reader, the writer and the schema follow it, and tests
catch any of them that does not."  ``specs/plan.schema.json`` is written by
hand for readers and editors; these tests walk it beside the converter's
description (``_converter.file_keys``), from the plan down to every element,
and fail on a key that one has and the other has not, on a key required by
one and not the other, and on an enum whose words differ.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import attrs
import pytest

from zgc_plan._converter import FileKey, file_keys
from zgc_plan._model import Area, Headings, Plan, Target

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "specs" / "plan.schema.json").read_text(encoding="utf-8")
)


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """The node a ``$ref`` points at, the description beside it dropped."""
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].removeprefix("#/$defs/")]
    return node


def _branches(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every alternative a node allows (``anyOf``, ``oneOf``), each resolved."""
    node = _resolve(node)
    alternatives = node.get("anyOf") or node.get("oneOf")
    if alternatives is None:
        yield node
        return
    for alternative in alternatives:
        yield from _branches(alternative)


def _object(node: dict[str, Any]) -> dict[str, Any]:
    """The object schema of a node that holds one element, or a list of them."""
    for branch in _branches(node):
        if "items" in branch:
            return _object(branch["items"])
        if "properties" in branch:
            return branch
    raise LookupError(f"no object schema in {node}")


def _element_class(type_: Any) -> type | None:
    """The model class that a field of ``type_`` holds (one, or a tuple of them)."""
    if isinstance(type_, type) and attrs.has(type_):
        return type_
    for arg in get_args(type_):
        found = _element_class(arg)
        if found is not None:
            return found
    return None


def _enum_class(type_: Any) -> type[enum.Enum] | None:
    if isinstance(type_, type) and issubclass(type_, enum.Enum):
        return type_
    return next((arg for arg in get_args(type_) if _enum_class(arg)), None)


def _walk(cl: type, node: dict[str, Any], where: str) -> Iterator[tuple[str, type, dict[str, Any]]]:
    """Every model class with the schema object that describes it, from ``cl`` down."""
    yield where, cl, node
    for key, shape in file_keys(cl).items():
        element = _element_class(shape.type)
        if element is not None and not shape.reference and key in node["properties"]:
            yield from _walk(element, _object(node["properties"][key]), f"{where}.{key}")


def _pairs() -> list[tuple[str, type, dict[str, Any]]]:
    return list(_walk(Plan, SCHEMA, "plan"))


def test_every_class_of_a_plan_has_its_schema() -> None:
    """'Every attrs class of the plan has an object schema, reached along the same keys.'"""
    classes = {cl for _, cl, _ in _pairs()}
    assert {Plan, Target, Area, Headings} <= classes
    assert len(classes) == 17


@pytest.mark.parametrize(("where", "cl", "node"), _pairs(), ids=lambda value: str(value)[:40])
def test_schema_has_exactly_the_files_keys(where: str, cl: type, node: dict[str, Any]) -> None:
    """'Every attrs field ↔ a schema property': the keys a file writes are the schema's."""
    assert set(node["properties"]) == set(file_keys(cl)), where
    assert node.get("additionalProperties") is False, where


@pytest.mark.parametrize(("where", "cl", "node"), _pairs(), ids=lambda value: str(value)[:40])
def test_schema_requires_exactly_the_required_keys(
    where: str, cl: type, node: dict[str, Any]
) -> None:
    """'Required-ness': a key is required by the schema iff its field has no default."""
    required = {key for key, shape in file_keys(cl).items() if shape.required}
    assert set(node.get("required", [])) == required, where


def _schema_words(node: dict[str, Any]) -> set[object]:
    words: set[object] = set()
    for branch in _branches(node):
        words |= set(branch.get("enum", []))
    return words - {None}


def _enums() -> Iterator[tuple[str, FileKey, dict[str, Any]]]:
    for where, cl, node in _pairs():
        for key, shape in file_keys(cl).items():
            if _enum_class(shape.type) is not None:
                yield f"{where}.{key}", shape, node["properties"][key]


@pytest.mark.parametrize(("where", "shape", "node"), list(_enums()), ids=lambda v: str(v)[:40])
def test_schema_enums_are_the_models(where: str, shape: FileKey, node: dict[str, Any]) -> None:
    """'Enums': the words the schema allows are the values of the field's enum, in order."""
    members = _enum_class(shape.type)
    assert members is not None
    assert _schema_words(node) == {member.value for member in members}, where


def test_references_are_identifiers() -> None:
    """A field written as another element's id is an identifier in the schema, not an object."""
    references = [
        (where, node["properties"][key])
        for where, cl, node in _pairs()
        for key, shape in file_keys(cl).items()
        if shape.reference
    ]
    assert {where for where, _ in references} == {"plan.indicators", "plan.goals.targets"}
    for _, node in references:
        assert "#/$defs/identifier" in json.dumps(node)


def test_a_field_missing_from_the_schema_is_caught() -> None:
    """The agreement test can fail: a key the converter reads and the schema lacks differs."""
    cl, node = Target, _object(SCHEMA["$defs"]["target"])
    without = {key: value for key, value in node["properties"].items() if key != "coverage"}
    assert set(without) != set(file_keys(cl))
