"""The shared ``__repr__`` of the library's attrs classes.

Spec (``_record.Record``): "Each class is made with
``@attrs.frozen(repr=False)`` and inherits this ``__repr__``, which writes what
attrs would write."
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import zgc_plan
from zgc_plan._record import Record


def _records(value: object, seen: set[int]) -> Iterator[Record]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, tuple):
        for item in value:
            yield from _records(item, seen)
    elif isinstance(value, Record):
        yield value
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _records(getattr(value, field.name), seen)


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


def _everything() -> list[Record]:
    plan = zgc_plan.load_plan()
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    parsed = zgc_plan.find_targets("到2022年,劳动生产率超过40万元/人,年均增长8%以上。")
    error = zgc_plan.PlanDataError((zgc_plan.Problem("a.b", "a message", 3, 4),))
    return list(_records((plan, evaluation, parsed, error.problems), set()))


def test_every_record_reads_as_attrs_would_write_it() -> None:
    records = _everything()
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
