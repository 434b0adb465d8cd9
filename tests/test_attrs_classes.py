"""The library's frozen classes use the ``__repr__``, ``__eq__`` and ``__hash__`` attrs writes.

Spec (docs/contributing.md): "Every class of the model is ``@attrs.frozen``,
with the methods attrs generates: ... two objects are equal when they are of
the same class and their fields compare equal, leaving out fields made with
``eq=False``; equal objects hash alike."
"""

from __future__ import annotations

import importlib
import inspect
from decimal import Decimal
from typing import Any

import attrs
import pytest

import zgc_plan

MODULES = [
    "_comparators",
    "_document",
    "_evaluate",
    "_model",
    "_observation_rows",
    "_observations",
    "_phrases",
    "exceptions",
]


def _written_by_attrs(method: Any) -> bool:
    # attrs compiles its methods from source it writes ("<attrs generated ...>");
    # some versions build __repr__ as a closure inside attrs instead.
    filename: str = method.__code__.co_filename
    return filename.startswith("<attrs generated") or "/attr/" in filename.replace("\\", "/")


@pytest.mark.parametrize("module", MODULES)
def test_every_frozen_class_has_the_methods_attrs_generates(module: str) -> None:
    """No class inherits a ``__repr__``, ``__eq__`` or ``__hash__`` written by hand."""
    namespace = importlib.import_module(f"zgc_plan.{module}")
    classes = [
        cls
        for _, cls in inspect.getmembers(namespace, inspect.isclass)
        if attrs.has(cls) and cls.__module__ == namespace.__name__
    ]
    assert classes
    for cls in classes:
        for name in ("__repr__", "__eq__", "__hash__"):
            assert name in vars(cls), (cls, name)
            assert _written_by_attrs(vars(cls)[name]), (cls, name)


def test_fields_left_out_of_the_repr_stay_out() -> None:
    text = repr(zgc_plan.load_plan())
    assert text.startswith("Plan(document=Document(id=")
    assert "_indicator_index" not in text


def test_equal_copies_are_equal_and_hash_alike(every_record: list[object]) -> None:
    assert len(every_record) > 200
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
    twin: object = zgc_plan.Safeguard(**attrs.asdict(principle, recurse=False))
    other: object = (principle.id,)
    assert twin != principle
    assert principle != other
    assert principle.__eq__(object()) is NotImplemented


def test_fields_left_out_of_equality_stay_out() -> None:
    """A plan's private index is not compared, nor hashed."""
    plan = zgc_plan.load_plan()
    other = attrs.evolve(plan)
    object.__setattr__(other, "_indicator_index", {})
    assert other == plan
    assert hash(other) == hash(plan)


PASSAGES = [
    zgc_plan.GuidingThought,
    zgc_plan.OverallGoal,
    zgc_plan.Goal,
    zgc_plan.Principle,
    zgc_plan.Task,
    zgc_plan.Safeguard,
]


@pytest.mark.parametrize("kind", PASSAGES, ids=lambda kind: kind.__name__)
def test_passages_are_made_with_keywords_only(kind: type[zgc_plan.Passage]) -> None:
    """Spec (``Passage``): "Passages are made with keywords only ... their fields
    are the passage's first, then their own, an order no caller should have to
    remember": a positional call fails loudly instead of filling the wrong field."""
    names = [field.name for field in attrs.fields(kind)]
    assert names[:6] == ["id", "title_zh", "title_en", "text_zh", "summary_en", "source"]
    maker: Any = kind  # as an untyped caller would: mypy refuses the call already
    with pytest.raises(TypeError, match="positional"):
        maker(*names)
