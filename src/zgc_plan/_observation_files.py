"""Reading observations: YAML and CSV files, and mappings of one year's figures."""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files
from typing import Any, cast

import attrs
from cattrs.errors import ClassValidationError
from cattrs.gen import make_dict_structure_fn_from_attrs, override

from zgc_plan._characters import describe, first_unsafe
from zgc_plan._converter import _FAILED, _given, _ProblemError, converter, problems_of
from zgc_plan._document import InputDocument, Path, decode_text, format_path
from zgc_plan._exact import check_dimension, exact
from zgc_plan._fields import (
    Fields,
    InvalidValueError,
    Problems,
    as_integer,
    as_number,
    as_unit,
    type_name,
)
from zgc_plan._files import check_path, read_text_file
from zgc_plan._load import load_plan
from zgc_plan._model import OTHER_ID, ZONE_ID, Plan
from zgc_plan._numbers import read_number
from zgc_plan._observation_checks import (
    base_unit_problem,
    duplicate_problems,
    element,
    resolve_key,
    value_problem,
)
from zgc_plan._observations import Observation
from zgc_plan._periods import MAX_YEAR, MIN_YEAR, Period, parse_period
from zgc_plan._registry import Q_, Quantity, Unit
from zgc_plan._unit_parsing import normalize_text, parse_quantity
from zgc_plan.exceptions import PlanDataError, Problem, excerpt, shown

__all__ = [
    "file_keys",
    "load_observations",
    "observations_from_mapping",
    "parse_observations",
    "read_row",
    "row_problems",
    "structure_row",
]


# Wide enough for the number reader to say what is wrong (a decimal comma).
_BARE_NUMBER = re.compile(r"[-+−]?(?:[0-9][0-9,.]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _mapping_quantity(value: object, unit: Unit) -> Quantity:
    """A mapping's value as a quantity: a bare number is in the indicator's own unit."""
    if isinstance(value, bool):
        raise PlanDataError(f"expected a quantity or a number, got {shown(value)}")
    if isinstance(value, int | float | Decimal | Fraction):
        return Q_(value, unit)  # exact() below reads the magnitude as written
    if isinstance(value, str):
        text = normalize_text(value).strip()
        if _BARE_NUMBER.fullmatch(text):
            # The number reader of every input: "1,020" is refused, not read as 1020.
            try:
                return Q_(read_number(text), unit)
            except ValueError as error:
                raise PlanDataError(str(error)) from None
        return parse_quantity(value)
    if hasattr(value, "units") and hasattr(value, "magnitude"):
        return cast("Quantity", value)  # a pint quantity: check_dimension reads it
    raise PlanDataError(
        f"expected a quantity ('41万元/人', zgc_plan.Q_(41, '万元/人')) or a number, "
        f"got {type(value).__name__}"
    )


def observations_from_mapping(
    values: Mapping[int, Quantity | str]
    | Mapping[str, Quantity | str]
    | Mapping[int | str, Quantity | str],
    year: int,
    plan: Plan,
    *,
    source: str = "<observations>",
) -> tuple[Observation, ...]:
    """Build observations of one year from ``{indicator number or id: quantity}``.

    A bare number (``6``, ``"6"``) is in the indicator's own unit, as in a
    file's row without ``unit``; values are checked as a file's are.

    Raises:
        PlanDataError: listing every unknown key and unreadable or impossible value.
        UnitMismatchError: if a quantity has the wrong dimension.
    """
    problems: list[Problem] = []
    observations: list[Observation] = []
    for key, value in values.items():
        resolved = resolve_key(plan, key)
        if resolved is None:
            problems.append(
                Problem(f"[{shown(key)}]", f"no indicator or statistic {shown(key)} in the plan")
            )
            continue
        known = element(plan, resolved)
        unit, name = known.unit, known.name_zh
        try:
            quantity = _mapping_quantity(value, unit)
        except PlanDataError as error:
            problems.append(Problem(f"[{shown(key)}]", error.problems[0].message))
            continue
        quantity = check_dimension(quantity, unit, f"{resolved} ({name})")
        magnitude = exact(quantity.magnitude)
        problem = value_problem(plan, resolved, magnitude, quantity.units)
        if problem is None:
            problem = base_unit_problem(quantity)
        if problem is not None:
            problems.append(Problem(f"[{shown(key)}]", problem))
            continue
        observations.append(Observation(resolved, year, magnitude, quantity.units))
    if problems:
        raise PlanDataError(problems, source=source)
    return tuple(observations)


# --- the shape of a row: an Observation, and where a file writes it otherwise ---------

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
    _given(value, None)  # a failed key: no unit to take
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
    **dict.fromkeys(_MADE_FROM, _given),
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


#: Field names that are not keys of a file: a row writing one has an unknown key.
_NOT_KEYS = frozenset(field.name for field in attrs.fields(Observation)) - file_keys()
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
    errors: list[Exception] = [
        _ProblemError(f"unknown key {shown(name)}", (name,)) for name in _NOT_KEYS if name in data
    ]
    data = {name: item for name, item in data.items() if name not in _NOT_KEYS}
    period = _period(data, errors)
    late: list[Exception] = []
    area = _area(data, plan, late)
    missing = _missing(data.pop("missing", None), plan, late, period)
    if key is None:
        key_name = "indicator" if "indicator" in data else "statistic"
        raw = data[key_name]
        errors.append(_ProblemError(f"no {key_name} {shown(raw)} in the plan", (key_name,)))
    for name in _MADE_FROM["key"]:
        data.pop(name, None)
    if data.get("unit") in (None, ""):
        data["unit"] = _FAILED if key is None else _OwnUnit(element(plan, key).unit)
    made = {"key": key, "period": period, "area": area, "missing": missing}
    data |= {name: _FAILED if item is None else item for name, item in made.items()}
    observation = None
    try:
        observation = _structure_fields()(data, Observation)
    except ClassValidationError as error:
        errors.append(error)
    errors += late
    if key is not None and None not in made.values():
        errors += _value_problems(key, data, plan, observation)
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
        return [_ProblemError(problem, ("unit" if wrong_unit else "value",))]
    problem = base_unit_problem(Q_(written, unit))
    return [] if problem is None else [_ProblemError(problem, ("value",))]


def row_problems(error: BaseException) -> Iterator[tuple[Path, str]]:
    """The problems of a row that failed to structure, each with its path in the row."""
    return problems_of(error, keys={Observation: _KEYS})


def read_row(row: Fields, plan: Plan, problems: Problems) -> Observation | None:
    """The observation of one row, or ``None`` with its problems recorded in ``problems``."""
    if not row.ok:
        return None  # Fields has said that it is not a mapping
    try:
        return structure_row(row.data, plan)
    except Exception as error:  # every failure is walked into problems, or raised again
        for path, message in row_problems(error):
            problems.add((*row.path, *path), message)
        return None


def _key(data: dict[object, object], plan: Plan) -> str | None:
    """The id of what the row observes: its ``indicator`` or ``statistic``, exactly one."""
    indicator, statistic = data.get("indicator"), data.get("statistic")
    if (indicator is None) == (statistic is None):
        raise _ProblemError("give exactly one of 'indicator' and 'statistic'")
    return resolve_key(plan, indicator if indicator is not None else statistic)


def _period(data: dict[object, object], errors: list[Exception]) -> Period | None:
    """The row's ``period``, or its ``year`` (a whole year); exactly one of them."""
    raw, year = data.pop("period", None), data.pop("year", None)
    if (raw is None) == (year is None):
        errors.append(_ProblemError("give exactly one of 'period' and 'year'"))
        return None
    if year is not None:
        try:
            return Period(as_integer(year, MIN_YEAR, MAX_YEAR))
        except InvalidValueError as problem:
            errors.append(_ProblemError(problem.message, ("year",)))
            return None
    period, message = parse_period(raw)
    if period is None:
        errors.append(_ProblemError(message, ("period",)))
    return period


def _area(data: dict[object, object], plan: Plan, errors: list[Exception]) -> str | None:
    """The row's area id, from ``area`` (an id or a Chinese name) or the older ``zone_wide``."""
    raw, zone_wide = data.pop("area", None), data.pop("zone_wide", None)
    if zone_wide is not None and not isinstance(zone_wide, bool):
        errors.append(_ProblemError(f"expected true or false, got {zone_wide!r}", ("zone_wide",)))
        return None
    if raw is None:
        # zone_wide: false, the older form, meant "another scope than the zone".
        return OTHER_ID if zone_wide is False else ZONE_ID
    if zone_wide is not None:
        errors.append(
            _ProblemError("give 'area', or the older 'zone_wide', not both", ("zone_wide",))
        )
        return None
    if not isinstance(raw, str):
        errors.append(
            _ProblemError(f"expected an area's id or Chinese name, got {raw!r}", ("area",))
        )
        return None
    try:
        return plan.area(raw.strip()).id
    except KeyError:
        errors.append(_ProblemError(f"no area {raw!r} in the plan; {_area_hint(plan)}", ("area",)))
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
            _ProblemError(f"expected a list of months or areas, got {raw!r}", ("missing",))
        )
        return None
    parts: list[str] = []
    for index, item in enumerate(items):
        problem = _missing_problem(item, plan, period, parts)
        if problem is not None:
            errors.append(_ProblemError(problem, ("missing", index)))
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


def parse_observations(
    data: bytes | str,
    plan: Plan | None = None,
    source: str | None = None,
    *,
    csv_format: bool = False,
) -> tuple[Observation, ...]:
    """Read observations from YAML (``observations: [...]``) or CSV text.

    Raises:
        PlanDataError: listing every bad row with its path or row number.
    """
    plan = plan or load_plan()
    if csv_format:
        document = _csv_document(data, source)
    else:
        from zgc_plan._yaml import read_yaml  # PyYAML is imported when YAML is read

        document = read_yaml(data, source)
    problems = Problems(document)
    observations: list[Observation] = []
    if csv_format:
        records: list[object] = document.data  # type: ignore[assignment]
        rows: Iterable[Fields] = (
            Fields(item, (index,), problems) for index, item in enumerate(records)
        )
    else:
        root = Fields(document.data, (), problems)
        root.used.add("observations")
        rows = root.items("observations")
        root.finish()
    paths: list[tuple[str | int, ...]] = []
    for row in rows:
        observation = read_row(row, plan, problems)
        if observation is not None:
            observations.append(observation)
            paths.append(row.path)
    kept, duplicates = duplicate_problems(
        observations, plan, lambda i: (format_path(paths[i]), document.line(paths[i]))
    )
    problems.items += duplicates
    problems.raise_if_any()
    return tuple(kept)


def _csv_document(data: bytes | str, source: str | None) -> InputDocument:
    text = decode_text(data, source)
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, object]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    problems: list[Problem] = []
    try:
        _check_header(reader.fieldnames, source)
        for index, record in enumerate(reader):
            if None in record:
                raise PlanDataError(
                    (
                        Problem(
                            f"row {index + 1}", "more cells than header columns", reader.line_num
                        ),
                    ),
                    source=source,
                )
            for column, cell in record.items():
                if cell and (at := first_unsafe(cell)) is not None:
                    problems.append(
                        Problem(
                            f"[{index}].{column}",
                            f"{describe(cell[at])} is not allowed in text",
                            reader.line_num,
                        )
                    )
            rows.append({k: _csv_cell(k, v) for k, v in record.items() if v not in (None, "")})
            lines[(index,)] = reader.line_num
    except csv.Error as error:
        raise PlanDataError(
            (Problem("", f"malformed CSV: {error}", reader.line_num),), source=source
        ) from None
    if problems:
        raise PlanDataError(problems, source=source)
    if not rows:
        raise PlanDataError((Problem("", "no observation rows"),), source=source)
    return InputDocument(rows, lines, source)


def _check_header(columns: Sequence[str] | None, source: str | None) -> None:
    """Refuse a header without an ``indicator`` or ``statistic`` column, naming its columns."""
    if columns is None:
        raise PlanDataError((Problem("", "the file is empty: no header row"),), source=source)
    if "indicator" in columns or "statistic" in columns:
        return
    shown = ", ".join(excerpt(column, 40) for column in columns[:20])
    more = f" and {len(columns) - 20} more" if len(columns) > 20 else ""
    raise PlanDataError(
        (
            Problem(
                "",
                "the header row has no 'indicator' or 'statistic' column (names are exact: "
                f"lower case, no spaces); its columns are {shown}{more}",
                1,
            ),
        ),
        source=source,
    )


_CSV_INTEGER = re.compile(r"[-+]?[0-9]{1,9}")


def _csv_cell(column: str | None, text: str) -> object:
    text = text.strip()
    if column in ("indicator", "period"):
        # str.isdigit() also accepts "²" and other digits int() refuses.
        return int(text) if _CSV_INTEGER.fullmatch(text) else text
    if column in ("year", "value"):
        # The number reader of every input; a text it refuses stays text, and
        # the row reader reports why (a decimal comma, an ambiguous separator).
        try:
            return read_number(text)
        except ValueError:
            return text
    if column == "zone_wide":
        return {"true": True, "false": False}.get(text.lower(), text)
    return text


def load_observations(
    path: str | os.PathLike[str] | None = None, plan: Plan | None = None
) -> tuple[Observation, ...]:
    """Load observations from a YAML or CSV file, or the shipped published figures.

    Args:
        path: A ``.yaml``/``.yml`` or ``.csv`` file in the observation format
            (``specs/observations.md``). ``None`` loads the published figures
            shipped with the library.
        plan: The plan whose indicators are observed; the shipped plan by default.

    Raises:
        PlanDataError: if the file cannot be read or has bad rows; every bad
            row is listed.

    Example:
        >>> import zgc_plan
        >>> figures = zgc_plan.load_observations()
        >>> any(o.key == "listed-companies" and o.year == 2021 for o in figures)
        True
    """
    plan = plan or load_plan()
    if path is None:
        data = files(__package__).joinpath("data", "observations", "published.yaml").read_bytes()
        return parse_observations(data, plan, "zgc_plan/data/observations/published.yaml")
    is_csv = str(check_path(path, source=str(path))).lower().endswith(".csv")
    return parse_observations(read_text_file(path), plan, str(path), csv_format=is_csv)
