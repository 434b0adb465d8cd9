"""The shared ``__repr__``, ``__eq__`` and ``__hash__`` of the library's attrs classes.

Spec (``_record.Record``): "Each class is made with
``@attrs.frozen(repr=False, eq=False)`` and inherits these three methods, which
behave as attrs's own: ... two records are equal when they are of the same
class and their fields compare equal, leaving out fields made with
``eq=False``; equal records hash alike."
"""

from __future__ import annotations

import importlib
import inspect
from decimal import Decimal
from typing import Any

import attrs
import pytest

import zgc_plan
from zgc_plan._record import Record


def _as_attrs_would_write(record: Record) -> str:
    """The repr of a twin class whose ``__repr__`` attrs generates."""
    fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(type(record))  # type: ignore[arg-type]
    twin = attrs.make_class(
        type(record).__name__,
        {field.name: attrs.field(repr=field.repr) for field in fields},
        slots=False,
    )
    instance: object = object.__new__(twin)
    for field in fields:
        object.__setattr__(instance, field.name, getattr(record, field.name))
    return repr(instance)


def test_every_record_reads_as_attrs_would_write_it(every_record: list[Record]) -> None:
    records = every_record
    kinds = {type(record) for record in records}
    assert len(records) > 200
    assert len(kinds) >= 20
    for record in records:
        assert repr(record) == _as_attrs_would_write(record)


def test_fields_left_out_of_the_repr_stay_out() -> None:
    text = repr(zgc_plan.load_plan())
    assert text.startswith("Plan(document=Document(id=")
    assert "_indicator_index" not in text


def test_a_field_with_a_repr_function_uses_it() -> None:
    @attrs.frozen(repr=False)
    class Secret(Record):
        name: str
        token: str = attrs.field(repr=lambda value: "***")

    assert repr(Secret("a", "b")) == "Secret(name='a', token=***)"


@pytest.mark.parametrize(
    "module",
    ["_document", "_evaluate", "_model", "_observations", "_phrases", "exceptions"],
)
def test_every_frozen_class_of_the_library_is_a_record(module: str) -> None:
    """No class falls back to a compiled ``__repr__`` of its own."""
    namespace = importlib.import_module(f"zgc_plan.{module}")
    classes = [
        cls
        for _, cls in inspect.getmembers(namespace, inspect.isclass)
        if attrs.has(cls) and cls.__module__ == namespace.__name__
    ]
    assert classes
    for cls in classes:
        assert issubclass(cls, Record), cls
        assert cls.__repr__ is Record.__repr__, cls
        assert cls.__eq__ is Record.__eq__, cls
        assert cls.__hash__ is Record.__hash__, cls


def test_equal_copies_are_equal_and_hash_alike(every_record: list[Record]) -> None:
    for record in every_record:
        fields: tuple[attrs.Attribute[Any], ...] = attrs.fields(type(record))  # type: ignore[arg-type]
        copy = object.__new__(type(record))
        for field in fields:
            object.__setattr__(copy, field.name, getattr(record, field.name))
        assert copy == record
        assert not copy != record  # noqa: SIM202 (the operator under test)
        assert hash(copy) == hash(record)


def test_a_changed_field_makes_records_unequal() -> None:
    plan = zgc_plan.load_plan()
    target = plan.target("target-labour-productivity")
    changed = attrs.evolve(target, magnitude=Decimal(41))
    assert changed != target
    assert attrs.evolve(changed, magnitude=target.magnitude) == target


def test_records_of_other_classes_are_never_equal() -> None:
    """Principle and Safeguard have the same fields, and are still different things."""
    plan = zgc_plan.load_plan()
    principle = plan.principles[0]
    twin = zgc_plan.Safeguard(**attrs.asdict(principle, recurse=False))
    assert twin != principle
    assert principle != (principle.id,)
    assert principle.__eq__(object()) is NotImplemented


def test_fields_left_out_of_equality_stay_out() -> None:
    """A plan's private index is not compared, nor hashed."""
    plan = zgc_plan.load_plan()
    other = attrs.evolve(plan)
    object.__setattr__(other, "_indicator_index", {})
    assert other == plan
    assert hash(other) == hash(plan)
