"""The shape of a row of an observation file: an :class:`~zgc_plan.Observation`, structured by cattrs.

A row's keys are the fields of the model, read by the plan's converter
(``_converter``: its hooks for text, exact numbers, units and enums).  This
module says only where a row differs from the model, each in one table:

- ``_KEYS``: a key named otherwise than its field (``value`` is
  :attr:`~zgc_plan.Observation.magnitude`);
- ``_MADE_FROM``: fields that a row writes under keys of their own, read first
  by a reader of their own (``indicator`` or ``statistic``, ``period`` or
  ``year``, ``area`` or the older ``zone_wide``, ``missing``);
- ``_NOT_WRITTEN``: fields a file never writes (a derived figure's inputs);
- ``_HOOKS``: fields read in a way of their own (the unit, the exact value).

Structuring uses cattrs's detailed validation, and the converter's walk of its
failures (``problems_of``) gives each problem of a row its path, so that every
problem of every row is reported at once with its line.  A key whose value is
null counts as absent.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs
from cattrs.errors import ClassValidationError
from cattrs.gen import make_dict_structure_fn_from_attrs, override

from zgc_plan._converter import FAILED, ProblemError, converter, made_by_parent, problems_of
from zgc_plan._document import Path
from zgc_plan._fields import InvalidValueError, as_integer, as_number, as_unit, type_name
from zgc_plan._model import OTHER_ID, ZONE_ID, Plan
from zgc_plan._observation_checks import base_unit_problem, element, resolve_key, value_problem
from zgc_plan._observations import Observation
from zgc_plan._periods import MAX_YEAR, MIN_YEAR, Period, parse_period
from zgc_plan._registry import Q_, Unit
from zgc_plan.exceptions import shown

__all__ = ["file_keys", "row_problems", "structure_row"]


#: Keys named otherwise than their field.
_KEYS = {"magnitude": "value"}
#: Fields that a row writes under keys of their own (which exactly one of, or
#: read with the plan): read before the others, each by its reader below.
_MADE_FROM = {
    "key": ("indicator", "statistic"),
    "period": ("period", "year"),
    "area": ("area", "zone_wide"),
    "missing": ("missing",),
}
#: Fields a file never writes: a derived figure's inputs are made by ``derive``.
_NOT_WRITTEN = frozenset({"inputs"})


def file_keys() -> frozenset[str]:
    """The keys a row of an observation file may write.

    This is the shape that ``specs/observations.schema.json`` describes; a
    test holds the two to agreement, key by key.
    """
    own = {
        _KEYS.get(field.name, field.name)
        for field in attrs.fields(Observation)
        if field.name not in _MADE_FROM and field.name not in _NOT_WRITTEN
    }
    return frozenset(own.union(*_MADE_FROM.values()))


#: Units already read, by their text: a file repeats a few units on every row,
#: and one shared unit object makes the arithmetic on them cheaper as well.
_UNITS_READ: dict[str, Unit] = {}


def _unit(value: object, _: object) -> Unit:
    """A row's unit: its text, or the unit of what it observes (made for a row without one)."""
    if isinstance(value, str):
        unit = _UNITS_READ.get(value)
        if unit is None:
            unit = as_unit(value)
            if len(_UNITS_READ) < 1024:
                _UNITS_READ[value] = unit
        return unit
    if isinstance(value, _OwnUnit):
        return value.unit
    made_by_parent(value, None)  # a failed key: no unit to take
    return as_unit(value)  # not text: says so


@attrs.frozen
class _OwnUnit:
    """The unit of what a row observes, for a row that writes none.

    Attributes:
        unit: The indicator's or statistic's unit.
    """

    unit: Unit


#: Fields read in a way of their own; the others by their type (text, a status).
_HOOKS: dict[str, Callable[[object, object], object]] = {
    "magnitude": lambda value, _: as_number(value),
    "unit": _unit,
    **dict.fromkeys(_MADE_FROM, made_by_parent),
}


@functools.cache
def _structure_fields() -> Callable[[Mapping[str, object], object], Observation]:
    """The structuring of a row's fields by cattrs, every field tried and its failure kept."""
    fields = attrs.fields(attrs.resolve_types(Observation))
    overrides: dict[str, Any] = {
        field.name: override(
            rename=_KEYS.get(field.name),
            struct_hook=_HOOKS.get(field.name),
            omit=field.name in _NOT_WRITTEN,
        )
        for field in fields
    }
    return make_dict_structure_fn_from_attrs(list(fields), Observation, converter, **overrides)


#: Field names that are not keys of a file, in the model's order: a row writing one
#: has an unknown key.
_NOT_KEYS = tuple(f.name for f in attrs.fields(Observation) if f.name not in file_keys())
#: The keys of a row whose null value means absent (an unknown key is reported).
_NULLABLE = file_keys()


def structure_row(value: object, plan: Plan) -> Observation:
    """An observation from a row of a file (a mapping).

    Raises:
        Exception: the failures of the row, as :func:`row_problems` walks them.
    """
    if not isinstance(value, dict):
        raise InvalidValueError(f"expected a mapping, got {type_name(value)}")
    data = {key: item for key, item in value.items() if item is not None or key not in _NULLABLE}
    key = _key(data, plan)  # a row that says neither or both is not read further
    # Reported last, after the unknown keys that cattrs reports with the fields.
    not_keys: list[Exception] = [
        ProblemError(f"unknown key {shown(name)}", (name,)) for name in _NOT_KEYS if name in data
    ]
    data = {name: item for name, item in data.items() if name not in _NOT_KEYS}
    errors: list[Exception] = []
    late: list[Exception] = []
    period = _period(data, errors)
    area = _area(data, plan, late)
    missing = _missing(data.pop("missing", None), plan, late, period)
    if key is None:
        key_name = "indicator" if "indicator" in data else "statistic"
        raw = data[key_name]
        errors.append(ProblemError(f"no {key_name} {shown(raw)} in the plan", (key_name,)))
    for name in _MADE_FROM["key"]:
        data.pop(name, None)
    if data.get("unit") in (None, ""):
        data["unit"] = FAILED if key is None else _OwnUnit(element(plan, key).unit)
    made = {"key": key, "period": period, "area": area, "missing": missing}
    data |= {name: FAILED if item is None else item for name, item in made.items()}
    observation = None
    try:
        observation = _structure_fields()(data, Observation)
    except ClassValidationError as error:
        errors.append(error)
    errors += late
    if key is not None and None not in made.values():
        errors += _value_problems(key, data, plan, observation)
    errors += not_keys
    if errors:
        raise ExceptionGroup("observation", errors)
    assert observation is not None  # noqa: S101 (no error: it was made)
    return observation


def _value_problems(
    key: str, data: Mapping[object, object], plan: Plan, observation: Observation | None
) -> list[Exception]:
    """The rules across a row's fields: a value of its key's dimension, size and bounds.

    Checked also when another field failed (a text, the status, the unit's
    text, read as the indicator's own unit then), so that every problem of the
    row is reported at once.
    """
    try:
        written = as_number(data["value"])
    except (KeyError, InvalidValueError):
        return []  # the structuring has said why
    if observation is not None:
        unit = observation.unit
    else:
        try:
            unit = _unit(data["unit"], None)
        except InvalidValueError:
            unit = element(plan, key).unit
    magnitude = Fraction(written) if observation is None else observation.magnitude
    problem = value_problem(plan, key, magnitude, unit)
    if problem is not None:
        wrong_unit = unit.dimensionality != element(plan, key).unit.dimensionality
        return [ProblemError(problem, ("unit" if wrong_unit else "value",))]
    problem = base_unit_problem(Q_(written, unit))
    return [] if problem is None else [ProblemError(problem, ("value",))]


def row_problems(error: BaseException) -> Iterator[tuple[Path, str]]:
    """The problems of a row that failed to structure, each with its path in the row."""
    return problems_of(error, keys={Observation: _KEYS})


def _key(data: dict[object, object], plan: Plan) -> str | None:
    """The id of what the row observes: its ``indicator`` or ``statistic``, exactly one."""
    indicator, statistic = data.get("indicator"), data.get("statistic")
    if (indicator is None) == (statistic is None):
        raise ProblemError("give exactly one of 'indicator' and 'statistic'")
    return resolve_key(plan, indicator if indicator is not None else statistic)


def _period(data: dict[object, object], errors: list[Exception]) -> Period | None:
    """The row's ``period``, or its ``year`` (a whole year); exactly one of them."""
    raw, year = data.pop("period", None), data.pop("year", None)
    if (raw is None) == (year is None):
        errors.append(ProblemError("give exactly one of 'period' and 'year'"))
        return None
    if year is not None:
        try:
            return Period(as_integer(year, MIN_YEAR, MAX_YEAR))
        except InvalidValueError as problem:
            errors.append(ProblemError(problem.message, ("year",)))
            return None
    period, message = parse_period(raw)
    if period is None:
        errors.append(ProblemError(message, ("period",)))
    return period


def _area(data: dict[object, object], plan: Plan, errors: list[Exception]) -> str | None:
    """The row's area id, from ``area`` (an id or a Chinese name) or the older ``zone_wide``."""
    raw, zone_wide = data.pop("area", None), data.pop("zone_wide", None)
    if zone_wide is not None and not isinstance(zone_wide, bool):
        errors.append(ProblemError(f"expected true or false, got {zone_wide!r}", ("zone_wide",)))
        return None
    if raw is None:
        # zone_wide: false, the older form, meant "another scope than the zone".
        return OTHER_ID if zone_wide is False else ZONE_ID
    if zone_wide is not None:
        errors.append(
            ProblemError("give 'area', or the older 'zone_wide', not both", ("zone_wide",))
        )
        return None
    if not isinstance(raw, str):
        errors.append(
            ProblemError(f"expected an area's id or Chinese name, got {raw!r}", ("area",))
        )
        return None
    try:
        return plan.area(raw.strip()).id
    except KeyError:
        errors.append(ProblemError(f"no area {raw!r} in the plan; {_area_hint(plan)}", ("area",)))
        return None


def _area_hint(plan: Plan) -> str:
    names = ", ".join(f"{a.id} ({a.name_zh})" for a in plan.areas[:4])
    more = f" and {len(plan.areas) - 4} more" if len(plan.areas) > 4 else ""
    return f"its areas are {names}{more}"


def _missing(
    raw: object, plan: Plan, errors: list[Exception], period: Period | None
) -> tuple[str, ...] | None:
    """The parts a partial figure lacks: months of its period, or areas."""
    if raw is None:
        return ()
    items = raw.split(";") if isinstance(raw, str) else raw
    if not isinstance(items, list):
        errors.append(
            ProblemError(f"expected a list of months or areas, got {raw!r}", ("missing",))
        )
        return None
    parts: list[str] = []
    for index, item in enumerate(items):
        problem = _missing_problem(item, plan, period, parts)
        if problem is not None:
            errors.append(ProblemError(problem, ("missing", index)))
            return None
    return tuple(parts)


def _missing_problem(
    item: object, plan: Plan, period: Period | None, parts: list[str]
) -> str | None:
    """What is wrong with one part a figure lacks, or ``None`` with the part added to ``parts``."""
    text = str(item).strip() if isinstance(item, str | int) else None
    if not text:
        return f"expected a month or an area, got {item!r}"
    if text[0].isdigit():
        month, message = parse_period(text)
        if month is None or month.months != 1:
            return message or f"{text!r} is not one month"
        if period is not None and not period.contains(month):
            return f"{month} is not a month of the period {period}"
        parts.append(str(month))
        return None
    try:
        parts.append(plan.area(text).id)
    except KeyError:
        return f"no area {text!r} in the plan"
    return None
