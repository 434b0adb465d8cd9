"""One description of a plan's shape: the model's attrs classes, structured and unstructured by cattrs.

A plan file's keys are the fields of the model's classes (``_model``), read and
written by one :class:`cattrs.Converter`.  This module says only where a file
differs from the model, each in one table:

- ``_KEYS``: a key named otherwise than its field (``value`` is
  :attr:`~zgc_plan.Target.magnitude`);
- ``_FROM_PARENT``: fields a file leaves to the element that holds them (a
  task's ``action_id``, a target's ``goal_id`` and ``source``);
- ``_FIELD_HOOKS``: fields read in a way of their own: references written as
  ids (a target's ``indicator``), ``minimum: unbounded``, the bounds of
  ordinals and years, the areas (a list, or a file beside the plan);
- ``_CHECKS``: the rules across the fields of one element (a ``between``
  target needs ``upper``), and :func:`_plan_checks` those across elements
  (unique ids, references that resolve, indicators named back by their target).

Structuring uses cattrs's detailed validation: every field of every element is
tried and its failure kept, and :func:`_problems` walks the resulting
:class:`cattrs.ClassValidationError` tree into YAML paths, so that every problem
of a file is reported at once with its path and line.  A key whose value is
null counts as absent, and an optional field without a default (a target's
``indicator``) is ``None`` when absent.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any, TypeVar, get_args

import attrs
import cattrs
import pint
from attrs import AttrsInstance
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import (
    make_dict_structure_fn_from_attrs,
    make_dict_unstructure_fn,
    override,
)

import zgc_plan._model as model
from zgc_plan._comparators import Comparator
from zgc_plan._document import InputDocument, Path
from zgc_plan._fields import (
    InvalidValueError,
    as_boolean,
    as_choice,
    as_date,
    as_integer,
    as_number,
    as_string,
    as_unit,
    type_name,
)
from zgc_plan._unit_parsing import parse_unit, unit_text
from zgc_plan.exceptions import EXCERPT_LENGTH, PlanDataError, shown

__all__ = [
    "FAILED",
    "SCHEMA_VERSION",
    "UNBOUNDED",
    "AreasProblem",
    "FileKey",
    "ProblemError",
    "converter",
    "file_keys",
    "made_by_parent",
    "problems_of",
    "structure_areas",
    "structure_plan",
    "unstructure_plan",
]

#: The version of the plan schema that files declare in ``schema_version``.
SCHEMA_VERSION = 1
#: The word that lifts the lower bound of a statistic (profits can be losses).
UNBOUNDED = "unbounded"
#: The unit each kind of growth is written in.
_GROWTH_UNITS = {
    model.GrowthKind.ANNUAL_RATE: "%",
    model.GrowthKind.MULTIPLE: "1",
    model.GrowthKind.CHANGE: "百分点",
}
#: The years a plan may name, to catch typing mistakes (20222).
_YEARS = (1900, 2200)

_T = TypeVar("_T")


class ProblemError(Exception):
    """A problem at ``key``, a path below the value being structured."""

    def __init__(self, message: str, key: Path = ()) -> None:
        super().__init__(message)
        self.message = message
        self.key = key


class _FailedError(Exception):
    """The value cannot be built for a reason reported elsewhere (a failed reference)."""


@attrs.frozen
class AreasProblem:
    """Why the areas file a plan names could not be read, reported at its ``areas`` key.

    Attributes:
        message: What went wrong.
    """

    message: str


@attrs.define
class _Context:
    """What the elements of one plan need of each other while it is structured."""

    declared: frozenset[str]
    categories: dict[str, model.IndicatorCategory] = attrs.Factory(dict)
    statistics: dict[str, model.Statistic] = attrs.Factory(dict)
    indicators: dict[str, model.Indicator] = attrs.Factory(dict)
    indexed_indicators: list[tuple[int, model.Indicator]] = attrs.Factory(list)
    goals: list[model.Goal] | None = None
    end_year: int | None = None
    parent: dict[str, object] = attrs.Factory(dict)


_CONTEXT: ContextVar[_Context] = ContextVar("zgc_plan_structuring")


def _context() -> _Context:
    return _CONTEXT.get()


# --- leaf values ---------------------------------------------------------------------


def made_by_parent(value: object, _: object) -> object:
    # A value its parent made (a target's goal_id and source), already a model value.
    if value is FAILED:
        raise _FailedError
    return value


#: The value of a field whose reading failed for a reason reported elsewhere:
#: structuring it raises nothing more, so that one mistake gives one problem.
FAILED = object()


def _bounded(minimum: int | None, maximum: int | None) -> Callable[[object, object], int]:
    def structure(value: object, _: object) -> int:
        return as_integer(value, minimum, maximum)

    return structure


def _minimum(value: object, _: object) -> Decimal | None:
    return None if value == UNBOUNDED else as_number(value)


@attrs.frozen
class _Reference:
    """A field written as the id of another element, resolved to that element.

    An id that names nothing in the file is reported by :func:`_plan_checks`;
    one whose element failed to load is not reported again.

    Attributes:
        table: The context's table of the elements referred to.
        required: Whether the field must hold an element (else ``None`` stands in).
    """

    table: str
    required: bool

    def __call__(self, value: object, _: object) -> object:
        if value is None:
            return None
        found = getattr(_context(), self.table).get(as_string(value))
        if found is None and self.required:
            raise _FailedError
        return found


# --- sequences -----------------------------------------------------------------------


def _sequence(
    value: object, type_: object, sink: Callable[[list[tuple[int, Any]], bool], None] | None = None
) -> tuple[Any, ...]:
    """A YAML list into a tuple, every element tried and every failure kept with its index."""
    if not isinstance(value, list):
        raise InvalidValueError(f"expected a list, got {type_name(value)}")
    (element,) = get_args(type_)[:1]
    handler = converter.get_structure_hook(element)
    items: list[tuple[int, Any]] = []
    errors: list[Exception] = []
    for index, item in enumerate(value):
        try:
            items.append((index, handler(item, element)))
        except Exception as error:
            note = IterableValidationNote(f"Structuring {type_} @ index {index}", index, element)
            error.__notes__ = [*getattr(error, "__notes__", []), note]
            errors.append(error)
    if sink is not None:
        sink(items, not errors)
    if errors:
        raise IterableValidationError(f"While structuring {type_}", errors, tuple)
    return tuple(item for _, item in items)


def _collect(
    name: str, store: Callable[[_Context, list[tuple[int, Any]], bool], None]
) -> Callable[[object, object], tuple[Any, ...]]:
    """A list of the plan whose elements others refer to: kept in the context as read."""

    def structure(value: object, _: object) -> tuple[Any, ...]:
        type_ = getattr(attrs.fields(attrs.resolve_types(model.Plan)), name).type
        return _sequence(value, type_, lambda items, ok: store(_context(), items, ok))

    return structure


def _store_categories(context: _Context, items: list[tuple[int, Any]], _: bool) -> None:
    context.categories = {item.id: item for _, item in items}


def _store_statistics(context: _Context, items: list[tuple[int, Any]], _: bool) -> None:
    context.statistics = {item.id: item for _, item in items}


def _store_indicators(context: _Context, items: list[tuple[int, Any]], _: bool) -> None:
    context.indicators = {item.id: item for _, item in items}
    context.indexed_indicators = items


def _store_goals(context: _Context, items: list[tuple[int, Any]], ok: bool) -> None:
    context.goals = [item for _, item in items] if ok else None


def _document(value: object, _: object) -> model.Document:
    document: model.Document = converter.structure(value, model.Document)
    _context().end_year = document.end_year
    return document


def _areas(value: object, _: object) -> tuple[model.Area, ...]:
    """The areas: a list in the plan, or those of the file it names (read by the loader)."""
    if isinstance(value, AreasProblem):
        raise ProblemError(value.message)
    if isinstance(value, tuple):
        return _with_other(value)
    if isinstance(value, str):
        raise ProblemError(f"names the file {value!r}, but the plan was not read from a file")
    if not isinstance(value, list):
        raise ProblemError("expected a list of areas or the name of an areas file")
    return _with_other(_area_list(value))


def _area_list(value: object, _: object = None) -> tuple[model.Area, ...]:
    problems = []
    seen: Counter[str] = Counter()
    for index, item in enumerate(value if isinstance(value, list) else ()):
        for key in ("id", "name_zh"):
            name = item.get(key) if isinstance(item, dict) else None
            if isinstance(name, str):
                seen[name] += 1
                if seen[name] == 2:
                    problems.append(
                        ProblemError(f"duplicate area id or name {name!r}", (index, key))
                    )
    try:
        areas = _sequence(value, tuple[model.Area, ...])
    except Exception as error:
        raise ExceptionGroup("areas", [error, *problems]) from None
    zones = [area for area in areas if area.kind is model.AreaKind.ZONE]
    if len(zones) != 1:
        problems.append(
            ProblemError(f"expected exactly one area of kind 'zone', found {len(zones)}")
        )
    if problems:
        raise ExceptionGroup("areas", problems)
    return areas


def _with_other(areas: tuple[model.Area, ...]) -> tuple[model.Area, ...]:
    """The areas, with the other scope added when the data names none."""
    if any(area.id == model.OTHER_ID for area in areas):
        return areas
    return (*areas, model.DEFAULT_AREAS[1])


@attrs.frozen
class _AreasFile:
    """An areas file: the areas a plan names by the file's name.

    Attributes:
        areas: The areas, in the file's order.
    """

    areas: tuple[model.Area, ...]


# --- the differences between a file and the model -------------------------------------

#: Keys named otherwise than their field.
_KEYS: dict[type, dict[str, str]] = {
    model.Target: {"magnitude": "value", "upper_magnitude": "upper"},
    model.Indicator: {"target_id": "target"},
    model.Plan: {"categories": "indicator_categories"},
}

#: Fields that a file leaves to the element holding them, made from the parent's values.
_FROM_PARENT: dict[type, dict[str, Callable[[Mapping[Any, Any]], object]]] = {
    model.Task: {"action_id": lambda data: _parent("action_id")},
    model.Target: {
        "goal_id": lambda data: _parent("goal_id"),
        "source": lambda data: _target_source(data),
    },
}

#: Values a parent hands to the elements it holds, from its own raw data.
_TO_CHILDREN: dict[type, Callable[[dict[Any, Any]], dict[str, object]]] = {
    model.Action: lambda data: {"action_id": data.get("id")},
    model.Goal: lambda data: {
        "goal_id": data.get("id"),
        "section": source.get("section")
        if isinstance(source := data.get("source"), dict)
        else None,
    },
}

#: Keys that may be left out though their field has no default, and what they mean then.
_WHEN_ABSENT: dict[type, dict[str, object]] = {model.Goal: {"targets": []}}

_ORDINAL = _bounded(1, None)
_YEAR = _bounded(*_YEARS)

#: Fields read in a way of their own.
_FIELD_HOOKS: dict[tuple[type, str], Callable[[object, object], object]] = {
    (model.Document, "start_year"): _YEAR,
    (model.Document, "end_year"): _YEAR,
    (model.Document, "baseline_year"): _YEAR,
    (model.Target, "year"): _YEAR,
    (model.Target, "base_year"): _YEAR,
    (model.Target, "indicator"): _Reference("indicators", required=False),
    (model.Target, "goal_id"): made_by_parent,
    (model.Target, "source"): made_by_parent,
    (model.Task, "action_id"): made_by_parent,
    (model.Indicator, "category"): _Reference("categories", required=True),
    (model.Indicator, "minimum"): _minimum,
    (model.Statistic, "minimum"): _minimum,
    (model.Plan, "document"): _document,
    (model.Plan, "categories"): _collect("categories", _store_categories),
    (model.Plan, "statistics"): _collect("statistics", _store_statistics),
    (model.Plan, "indicators"): _collect("indicators", _store_indicators),
    (model.Plan, "goals"): _collect("goals", _store_goals),
    (model.Plan, "areas"): _areas,
    (_AreasFile, "areas"): _area_list,
}

#: Fields read alike in every class: an ordinal counts from 1.
_BY_NAME = {"number": _ORDINAL}

#: The fields of a plan that others refer to are read first.
_FIRST: dict[type, tuple[str, ...]] = {
    model.Plan: ("document", "categories", "statistics", "indicators")
}


def _parent(key: str) -> object:
    value = _context().parent.get(key)
    return value if isinstance(value, str) else FAILED


def _target_source(data: Mapping[Any, Any]) -> object:
    # A target stands in its goal's section, and its quote is its own quote_zh.
    section, quote = _parent("section"), data.get("quote_zh")
    if isinstance(section, str) and isinstance(quote, str):
        return model.SourceRef(section, quote)
    return FAILED


# --- rules across the fields of one element --------------------------------------------


def _check_document(document: model.Document, data: Mapping[Any, Any]) -> model.Document:
    start, end = document.start_year, document.end_year
    if end < start:
        raise ProblemError(f"{end} is before start_year {start}", ("end_year",))
    if document.baseline_year > start:
        raise ProblemError(
            f"{document.baseline_year} is after start_year {start}", ("baseline_year",)
        )
    return document


def _check_target(target: model.Target, data: Mapping[Any, Any]) -> model.Target:
    problems = [*_bound_problems(target), *_growth_problems(target)]
    unit_problem = _unit_problem(target, data)
    if unit_problem is not None:
        problems.append(unit_problem)
    end_year = _context().end_year
    if end_year is not None and target.year > end_year + 50:
        problems.append(ProblemError(f"{target.year} is far beyond the plan period", ("year",)))
    if target.coverage is not None and target.coverage not in _context().statistics:
        problems.append(ProblemError(f"no statistic has the id {target.coverage!r}", ("coverage",)))
    if problems:
        raise ExceptionGroup("target", problems)
    return target


def _bound_problems(target: model.Target) -> Iterator[ProblemError]:
    """The keys that a comparator needs, and only it: ``upper`` and ``tolerance``."""
    value, upper, tolerance = target.magnitude, target.upper_magnitude, target.tolerance
    if target.comparator is Comparator.BETWEEN:
        if upper is None:
            yield ProblemError("a 'between' target needs an 'upper' value")
        elif upper < value:
            yield ProblemError(f"{upper} is below value {value}", ("upper",))
    elif upper is not None:
        yield ProblemError("only a 'between' target has an upper value", ("upper",))
    if target.comparator is Comparator.ABOUT and tolerance is None:
        yield ProblemError("an 'about' target needs a relative 'tolerance'")
    elif tolerance is not None and target.comparator is not Comparator.ABOUT:
        yield ProblemError("only an 'about' target has a tolerance", ("tolerance",))
    if tolerance is not None and not 0 <= tolerance < 1:
        yield ProblemError(f"{tolerance} is not between 0 and 1", ("tolerance",))


def _growth_problems(target: model.Target) -> Iterator[ProblemError]:
    if target.base_year is not None and target.growth is None:
        yield ProblemError("only a growth target has a base_year", ("base_year",))
    if target.base_year is not None and target.base_year >= target.year:
        yield ProblemError(f"{target.base_year} is not before {target.year}", ("base_year",))


def _unit_problem(target: model.Target, data: Mapping[Any, Any]) -> ProblemError | None:
    """A growth is in the unit of its kind; a level in one of its indicator's dimension."""
    written = shown(data.get("unit"))
    if target.growth is not None:
        expected = _GROWTH_UNITS[target.growth]
        if target.unit.dimensionality != parse_unit(expected).dimensionality:
            return ProblemError(
                f"a growth of kind {target.growth.value} is written in {expected}, not {written}",
                ("unit",),
            )
    elif (indicator := target.indicator) is not None and (
        target.unit.dimensionality != indicator.unit.dimensionality
    ):
        return ProblemError(
            f"unit {written} is in [{target.unit.dimensionality}], but indicator "
            f"{indicator.id} is measured in {indicator.unit_text} [{indicator.unit.dimensionality}]",
            ("unit",),
        )
    return None


def _default_over_time(kind: model.IndicatorKind) -> model.OverTime:
    # What a flow, a stock and a level are: a stock or a level is read at the end.
    return model.OverTime.SUM if kind is model.IndicatorKind.FLOW else model.OverTime.END


def _check_statistic(statistic: model.Statistic, data: Mapping[Any, Any]) -> model.Statistic:
    if data.get("over_time") is None:
        return attrs.evolve(statistic, over_time=_default_over_time(statistic.kind))
    return statistic


def _check_indicator(indicator: model.Indicator, data: Mapping[Any, Any]) -> model.Indicator:
    formula = indicator.formula
    if formula is None:
        if indicator.over_time is None:
            return attrs.evolve(indicator, over_time=_default_over_time(indicator.kind))
        return indicator
    problems = []
    if indicator.over_time is not None:
        problems.append(
            ProblemError(
                "a ratio indicator has no over_time: it is computed from its aggregated "
                "numerator and denominator",
                ("over_time",),
            )
        )
    statistics = _context().statistics
    ratio = statistics[formula.numerator].unit / statistics[formula.denominator].unit
    if ratio.dimensionality != indicator.unit.dimensionality:
        problems.append(
            ProblemError(
                f"{formula.numerator} ÷ {formula.denominator} is in [{ratio.dimensionality}], "
                f"not in the indicator's [{indicator.unit.dimensionality}]",
                ("formula",),
            )
        )
    if problems:
        raise ExceptionGroup("indicator", problems)
    return indicator


def _check_formula(formula: model.Formula, data: Mapping[Any, Any]) -> model.Formula:
    for key in ("numerator", "denominator"):
        ref = getattr(formula, key)
        if ref not in _context().statistics:
            raise ProblemError(f"no statistic has the id {shown(ref)}", (key,))
    return formula


def _check_area(area: model.Area, data: Mapping[Any, Any]) -> model.Area:
    if area.kind is model.AreaKind.ZONE and area.id != model.ZONE_ID:
        raise ProblemError(f"the zone's id must be {model.ZONE_ID!r}", ("id",))
    return area


#: The rules across the fields of one element, run once its fields are read.
_CHECKS: dict[type, Callable[[Any, Mapping[Any, Any]], Any]] = {
    model.Document: _check_document,
    model.Target: _check_target,
    model.Statistic: _check_statistic,
    model.Indicator: _check_indicator,
    model.Formula: _check_formula,
    model.Area: _check_area,
}


# --- rules across elements ---------------------------------------------------------------

#: The lists of a plan file in the order their ids are counted (the first one stays unique).
_ELEMENT_LISTS = (
    "document", "guiding_thought", "principles", "overall_goal", "indicator_categories",
    "statistics", "indicators", "goals", "actions", "safeguards",
)  # fmt: skip
#: The references written as ids, by list and depth: an indicator's category, a target's indicator.
_REFERENCES: dict[tuple[str | int, int], tuple[str, str]] = {
    ("indicators", 2): ("category", "indicator category"),
    ("goals", 4): ("indicator", "indicator"),
}
#: The lists that elements hold.
_CHILDREN = {"goals": "targets", "actions": "tasks"}


def _elements(data: Mapping[Any, Any]) -> Iterator[tuple[Path, Mapping[Any, Any]]]:
    """Each element of a plan file with its path, in the order ids are counted."""
    for key in _ELEMENT_LISTS:
        value = data.get(key)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            if not isinstance(item, dict):
                continue
            path: Path = (key,) if index is None else (key, index)
            yield path, item
            child_key = _CHILDREN.get(key)
            if child_key is None:
                continue
            children = item.get(child_key)
            for child_index, child in enumerate(children if isinstance(children, list) else ()):
                if isinstance(child, dict):
                    yield (*path, child_key, child_index), child


def _declared_ids(data: object) -> frozenset[str]:
    """Every id the file writes, of elements that load or not."""
    if isinstance(data, dict):
        own = {data["id"]} if isinstance(data.get("id"), str) else set()
        return frozenset(own).union(*(_declared_ids(value) for value in data.values()))
    if isinstance(data, list):
        return frozenset().union(*(_declared_ids(item) for item in data))
    return frozenset()


def _plan_checks(data: Mapping[Any, Any], context: _Context) -> Iterator[ProblemError]:
    """Unique ids, references that name an element, and indicators named back."""
    seen: Counter[str] = Counter()
    for path, element in _elements(data):
        value = element.get("id")
        if isinstance(value, str) and value.strip():
            seen[value] += 1
            if seen[value] == 2:
                yield ProblemError(f"duplicate id {shown(value)}", (*path, "id"))
        # A reference to an element that failed to load is not reported again.
        key, what = _REFERENCES.get((path[0], len(path)), ("", ""))
        ref = element.get(key)
        if isinstance(ref, str) and ref.strip() and ref not in context.declared:
            yield ProblemError(f"no {what} has the id {shown(ref)}", (*path, key))
    if context.goals is None:
        return
    targets = {target.id: target for goal in context.goals for target in goal.targets}
    for index, indicator in context.indexed_indicators:
        if indicator.target_id is None:
            continue
        target = targets.get(indicator.target_id)
        path = ("indicators", index, "target")
        if target is None:
            yield ProblemError(f"no target has the id {shown(indicator.target_id)}", path)
        elif target.indicator is None or target.indicator.id != indicator.id:
            yield ProblemError(
                f"target {target.id!r} does not name indicator {indicator.id!r} back", path
            )


def _plan(fn: Callable[[Mapping[str, Any], Any], object]) -> Callable[[object, object], object]:
    """The plan: its schema version, its fields, then the rules across elements."""

    def structure(value: object, _: object) -> object:
        errors: list[Exception] = []
        data = _string_keyed(_mapping(value), errors)
        try:
            version = as_integer(data.pop("schema_version"))
        except KeyError:
            errors.append(ProblemError("missing required key 'schema_version'"))
        except InvalidValueError as problem:
            errors.append(ProblemError(problem.message, ("schema_version",)))
        else:
            if version != SCHEMA_VERSION:
                message = f"schema version {version} is not supported (expected {SCHEMA_VERSION})"
                errors.append(ProblemError(message, ("schema_version",)))
        plan = None
        try:
            plan = fn(data, model.Plan)
        except ClassValidationError as error:
            errors.append(error)
        errors.extend(_plan_checks(data, _context()))
        if errors or plan is None:
            raise ExceptionGroup("plan", errors or [_FailedError()])
        return plan

    return structure


# --- the converter -------------------------------------------------------------------------


def _mapping(value: object) -> dict[Any, Any]:
    """A mapping's keys and values, a null value counting as an absent key."""
    if not isinstance(value, dict):
        raise InvalidValueError(f"expected a mapping, got {type_name(value)}")
    return {key: item for key, item in value.items() if item is not None}


def _string_keyed(data: dict[Any, Any], errors: list[Exception]) -> dict[str, Any]:
    """``data`` without its keys that are not text, each noted in ``errors``.

    No key of the schema is a number or a date, so such a key is unknown; it is
    reported here because cattrs's own message for extra keys expects text.
    """
    for key in data:
        if not isinstance(key, str):
            errors.append(ProblemError(f"unknown key {shown(key)}", (key,)))
    return {key: item for key, item in data.items() if isinstance(key, str)}


def _optional_without_default(cl: type) -> tuple[str, ...]:
    return tuple(
        _KEYS.get(cl, {}).get(field.name, field.name)
        for field in attrs.fields(cl)
        if field.default is attrs.NOTHING and type(None) in get_args(field.type)
    )


def _structure_hook(cl: type[AttrsInstance]) -> Callable[[object, object], object]:
    """The structuring of one model class, from its fields and this module's tables."""
    attrs.resolve_types(cl)
    fields = attrs.fields(cl)
    first = _FIRST.get(cl, ())
    ordered = sorted(fields, key=lambda f: first.index(f.name) if f.name in first else len(first))
    overrides: dict[str, Any] = {
        field.name: override(
            rename=_KEYS.get(cl, {}).get(field.name),
            struct_hook=_FIELD_HOOKS.get((cl, field.name), _BY_NAME.get(field.name)),
        )
        for field in fields
    }
    fn = make_dict_structure_fn_from_attrs(ordered, cl, converter, **overrides)
    if cl is model.Plan:
        return _plan(fn)
    absent = dict.fromkeys(_optional_without_default(cl)) | _WHEN_ABSENT.get(cl, {})
    from_parent, to_children, check = _FROM_PARENT.get(cl), _TO_CHILDREN.get(cl), _CHECKS.get(cl)

    def structure(value: object, _: object) -> object:
        errors: list[Exception] = []
        data = absent | _string_keyed(_mapping(value), errors)
        if from_parent is not None:
            errors += [
                ProblemError(f"unknown key {shown(key)}", (key,))
                for key in from_parent
                if key in data
            ]
            data |= {key: make(data) for key, make in from_parent.items()}
        context = _context()
        saved = context.parent
        if to_children is not None:
            context.parent = to_children(data)
        try:
            result = fn(data, cl)
        except ClassValidationError as error:
            errors.append(error)
        finally:
            context.parent = saved
        if errors:
            raise ExceptionGroup(cl.__name__, errors)
        return result if check is None else check(result, data)

    return structure


def _unstructure_hook(cl: type[AttrsInstance]) -> Callable[[AttrsInstance], dict[str, object]]:
    """The unstructuring of one model class: what a file writes, defaults left out."""
    attrs.resolve_types(cl)
    keep = {(model.Statistic, "over_time")}  # its default is the kind's, not the field's
    overrides: dict[str, Any] = {
        field.name: override(
            rename=_KEYS.get(cl, {}).get(field.name),
            omit=not field.init or field.name in _FROM_PARENT.get(cl, {}),
            omit_if_default=False if (cl, field.name) in keep else None,
            unstruct_hook=_UNSTRUCTURE_FIELDS.get((cl, field.name)),
        )
        for field in attrs.fields(cl)
    }
    fn = make_dict_unstructure_fn(cl, converter, _cattrs_omit_if_default=True, **overrides)
    version = {"schema_version": SCHEMA_VERSION} if cl is model.Plan else {}

    def unstructure(value: AttrsInstance) -> dict[str, object]:
        # A null is an absent key: fields without a value are not written.  A
        # file names a thing before it describes it: a passage's number comes
        # right after its id, though the class inherits the passage's fields first.
        data = {key: item for key, item in fn(value).items() if item is not None}
        return version | {key: data[key] for key in _NAMES_FIRST if key in data} | data

    return unstructure


_NAMES_FIRST = ("id", "number")


def _id_of(element: object) -> object:
    return getattr(element, "id", None)


_UNSTRUCTURE_FIELDS: dict[tuple[type, str], Callable[[Any], object]] = {
    (model.Target, "indicator"): _id_of,
    (model.Indicator, "category"): _id_of,
    (model.Indicator, "minimum"): lambda value: UNBOUNDED if value is None else value,
    (model.Statistic, "minimum"): lambda value: UNBOUNDED if value is None else value,
}


def _classes(type_: object) -> frozenset[type]:
    """The attrs classes of ``type_``'s fields, and theirs, ``type_`` included."""
    if not (isinstance(type_, type) and attrs.has(type_)):
        return frozenset().union(*(_classes(arg) for arg in get_args(type_)))
    fields = attrs.fields(attrs.resolve_types(type_))
    return frozenset({type_}).union(*(_classes(field.type) for field in fields if field.init))


#: The classes this converter makes and writes: those of a plan, and an areas file.
_MODEL_CLASSES = _classes(model.Plan) | {_AreasFile}


def _is_tuple(type_: object) -> bool:
    return getattr(type_, "__origin__", None) is tuple


def _enum(value: object, type_: type[enum.Enum]) -> enum.Enum:
    return as_choice(value, type_, [member.value for member in type_])


def _make_converter() -> cattrs.Converter:
    made = cattrs.Converter(forbid_extra_keys=True)
    made.register_structure_hook(str, lambda value, _: as_string(value))
    made.register_structure_hook(int, lambda value, _: as_integer(value))
    made.register_structure_hook(bool, lambda value, _: as_boolean(value))
    made.register_structure_hook(Decimal, lambda value, _: as_number(value))
    made.register_structure_hook(dt.date, lambda value, _: as_date(value))
    made.register_structure_hook(pint.Unit, lambda value, _: as_unit(value))
    # On the base class, so that it replaces cattrs's own enum hook in every release.
    made.register_structure_hook(enum.Enum, _enum)
    made.register_structure_hook_func(_is_tuple, _sequence)
    # Once per class: cattrs asks again for each field that holds one (SourceRef).
    made.register_structure_hook_factory(
        lambda t: t in _MODEL_CLASSES, functools.cache(_structure_hook)
    )
    made.register_unstructure_hook_func(
        _is_tuple, lambda value: [made.unstructure(item) for item in value]
    )
    made.register_unstructure_hook(Decimal, lambda value: value)
    made.register_unstructure_hook(dt.date, lambda value: value.isoformat())
    # A multiple has no unit: written "1", which the loader reads as dimensionless.
    made.register_unstructure_hook(pint.Unit, lambda value: unit_text(value) or "1")
    made.register_unstructure_hook_factory(
        lambda t: t in _MODEL_CLASSES, functools.cache(_unstructure_hook)
    )
    return made


#: The converter between plain data (as YAML and JSON hold it) and the model.
converter = _make_converter()


# --- problems --------------------------------------------------------------------------------


def problems_of(
    error: BaseException, path: Path = (), keys: Mapping[type, Mapping[str, str]] = _KEYS
) -> Iterator[tuple[Path, str]]:
    """The problems of a failed structuring, each with its path in the file.

    ``keys`` are the keys named otherwise than their field, by class: the plan's
    by default, or those of another shape read with this converter (an
    observation's).
    """
    if isinstance(error, ClassValidationError):
        noted, other = error.group_exceptions()
        renamed = keys.get(error.cl, {})
        for sub, note in noted:
            key = renamed.get(note.name, note.name)
            if isinstance(sub, KeyError):
                yield path, f"missing required key {key!r}"
            else:
                yield from problems_of(sub, (*path, key), keys)
        for sub in other:
            yield from problems_of(sub, path, keys)
    elif isinstance(error, IterableValidationError):
        noted_items, other = error.group_exceptions()
        for sub, item_note in noted_items:
            yield from problems_of(sub, (*path, item_note.index), keys)
        for sub in other:
            yield from problems_of(sub, path, keys)
    elif isinstance(error, ForbiddenExtraKeysError):
        for key in sorted(error.extra_fields, key=str):
            yield (*path, str(key)[:EXCERPT_LENGTH]), f"unknown key {shown(key)}"
    elif isinstance(error, BaseExceptionGroup):
        for member in error.exceptions:
            yield from problems_of(member, path, keys)
    elif isinstance(error, InvalidValueError):
        yield path, error.message
    elif isinstance(error, ProblemError):
        yield (*path, *error.key), error.message
    elif not isinstance(error, _FailedError):
        raise error


def _structure(document: InputDocument, type_: type[_T]) -> _T:
    token = _CONTEXT.set(_Context(_declared_ids(document.data)))
    try:
        return converter.structure(document.data, type_)
    except Exception as error:
        problems = [document.problem(path, message) for path, message in problems_of(error)]
        if not problems:  # every failure records a problem; this is a safety net
            problems = [document.problem((), "the plan is incomplete")]
        raise PlanDataError(problems, source=document.source) from None
    finally:
        _CONTEXT.reset(token)


def structure_plan(
    document: InputDocument, areas: tuple[model.Area, ...] | AreasProblem | None = None
) -> model.Plan:
    """Build a :class:`Plan` from a document's plain data.

    Args:
        document: The plain data of a plan file, with its lines.
        areas: The areas of the file the plan names (or of ``areas.yaml``
            beside a plan that names none), or why that file could not be
            read; ``None`` when the plan's own data holds its areas.

    Raises:
        PlanDataError: listing every problem, with its path and line.
    """
    if areas is not None and isinstance(document.data, dict):
        document = attrs.evolve(document, data={**document.data, "areas": areas})
    return _structure(document, model.Plan)


def structure_areas(document: InputDocument) -> tuple[model.Area, ...]:
    """The areas of an areas file (a mapping with one key, ``areas``).

    Raises:
        PlanDataError: listing every problem, with its path and line.
    """
    return _structure(document, _AreasFile).areas


def unstructure_plan(plan: model.Plan) -> dict[str, object]:
    """The plan as plain data in the plan schema (dates as ISO strings, numbers as Decimal)."""
    data: dict[str, object] = converter.unstructure(plan)
    return data


@attrs.frozen
class FileKey:
    """One key of an element in a plan file, as the converter reads and writes it.

    Attributes:
        field: The model field it holds.
        required: Whether a file must write it.
        type: The field's type in the model.
        reference: Whether the file writes the id of another element, not the element.
    """

    field: str
    required: bool
    type: Any
    reference: bool


@functools.cache
def file_keys(cl: type) -> dict[str, FileKey]:
    """The keys a file writes for an element of class ``cl``.

    This is the shape that ``specs/plan.schema.json`` describes; a test holds
    the two to agreement, key by key.
    """
    attrs.resolve_types(cl)
    made = _FROM_PARENT.get(cl, {})
    keys = {"schema_version": FileKey("", True, int, False)} if cl is model.Plan else {}
    for field in attrs.fields(cl):
        if not field.init or field.name in made:
            continue
        optional = (
            field.default is not attrs.NOTHING
            or type(None) in get_args(field.type)
            or field.name in _WHEN_ABSENT.get(cl, {})
        )
        reference = isinstance(_FIELD_HOOKS.get((cl, field.name)), _Reference)
        key = _KEYS.get(cl, {}).get(field.name, field.name)
        keys[key] = FileKey(field.name, not optional, field.type, reference)
    return keys
