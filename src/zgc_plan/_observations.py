"""Observed figures: the model, reading them from YAML and CSV, and deriving ratios."""

from __future__ import annotations

import csv
import io
import os
import re
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files
from typing import cast

import attrs

from zgc_plan._characters import describe, first_unsafe
from zgc_plan._document import InputDocument, decode_text, format_path
from zgc_plan._exact import adopt, check_dimension, convert_exact, exact
from zgc_plan._fields import Fields, Problems
from zgc_plan._files import check_path, read_text_file
from zgc_plan._labels import Labelled
from zgc_plan._load import load_plan
from zgc_plan._model import OTHER_ID, ZONE_ID, Indicator, IndicatorKind, Plan, Statistic
from zgc_plan._numbers import MAX_EXPONENT, read_number
from zgc_plan._periods import MAX_YEAR, MIN_YEAR, Period, PeriodLike, parse_period, to_period
from zgc_plan._pickling import PicklesUnits
from zgc_plan._registry import Q_, Quantity, Unit
from zgc_plan._unit_parsing import MAX_SCALE, bounded, normalize_text, parse_quantity, unit_text
from zgc_plan.exceptions import PlanDataError, Problem, excerpt, shown

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Observation",
    "ObservationStatus",
    "derive",
    "load_observations",
    "observations_from_mapping",
    "parse_observations",
    "series_by_key",
]


class ObservationStatus(Labelled):
    """How an observed value came about (after SDMX's OBS_STATUS).

    Its labels are the caveat a verdict resting on such a figure carries
    (``"数据存疑"`` / ``"uncertain figure"``), ``""`` for a published figure.
    """

    #: The value appears verbatim in a public release.
    PUBLISHED = "published", "", ""
    #: Arithmetic on published inputs.
    DERIVED = "derived", "推算数据", "derived figure"
    #: An estimate.
    ESTIMATED = "estimated", "估计数据", "estimated figure"
    #: A preliminary value that may be revised.
    PROVISIONAL = "provisional", "初步数据", "provisional figure"
    #: Published, but its definition or scope differs from the indicator's.
    UNCERTAIN = "uncertain", "数据存疑", "uncertain figure"

    @property
    def rank(self) -> int:
        """How weak the status is as evidence, from 0 (published) to 4 (uncertain)."""
        return _RANKS[self]

    @classmethod
    def weakest(cls, statuses: Iterable[ObservationStatus]) -> ObservationStatus:
        """The weakest of some statuses (uncertain > estimated > provisional > derived > published)."""
        return max(statuses, key=_RANKS.__getitem__, default=cls.PUBLISHED)


# Weakest last: what a verdict resting on the figure must warn about.
_RANKS = {
    ObservationStatus.PUBLISHED: 0,
    ObservationStatus.DERIVED: 1,
    ObservationStatus.PROVISIONAL: 2,
    ObservationStatus.ESTIMATED: 3,
    ObservationStatus.UNCERTAIN: 4,
}
_STATUSES = [member.value for member in ObservationStatus]


_MAGNITUDE_LIMIT = Fraction(10) ** MAX_SCALE


def _exact_magnitude(value: object) -> Fraction:
    """A magnitude as an exact Fraction; NaN, a boolean or 10**100000 is refused.

    Refused here, before any arithmetic or ``repr`` meets a value no figure has.
    """
    magnitude = exact(value)
    if magnitude and not 1 / _MAGNITUDE_LIMIT <= abs(magnitude) <= _MAGNITUDE_LIMIT:
        raise PlanDataError(f"a magnitude beyond 10**±{MAX_SCALE} is out of range")
    return magnitude


def made_status(inputs: Iterable[Observation]) -> ObservationStatus:
    """The status of a figure made from ``inputs``: derived, or the weakest input's if weaker."""
    # A set first: a year is made of many months of one or two statuses.  Only a
    # derived figure can rest on weaker inputs than its own status says.
    derived = ObservationStatus.DERIVED
    weakest = ObservationStatus.weakest(
        {o.quality if o.inputs and o.status is derived else o.status for o in inputs}
    )
    return weakest if weakest.rank > ObservationStatus.DERIVED.rank else ObservationStatus.DERIVED


@attrs.frozen
class Observation(PicklesUnits):
    """One observed value of an indicator or base statistic, in one area and period.

    Attributes:
        key: The id of the indicator or base statistic observed.
        period: The period the value refers to: a year, a quarter, a month or
            a span of months (:class:`~zgc_plan.Period`); a year (``2022``) or
            a period's text (``"2022-01..2022-11"``) is read as one.
        magnitude: The value, exact, in :attr:`unit`.
        unit: The unit the value was given in.
        status: How the value came about.
        source: Where it was published, or ``""``.
        url: A link to the source, or ``""``.
        quote: The passage of the source that states it, or ``""``.
        note: Anything a reader should know, or ``""``.
        scope: What the figure covers when that is not the whole zone, or ``""``.
        as_published: The value as the source writes it when that differs from
            :attr:`magnitude` and :attr:`unit` (``"197.24 billion yuan"``), or ``""``.
        formula: For a figure computed from published inputs, the arithmetic,
            or ``""``.
        area: The id of the area the figure covers: the zone (the default), a
            park, or an area outside the zone (``beijing``, ``other``).  Only
            the zone's figures are judged against the zone's targets unless
            asked for.
        missing: What a partial figure lacks: the months of its period
            (``"2022-12"``) or the parks of the zone (``"yanqing"``) that it
            does not cover.  A partial figure is never judged as a whole.
        inputs: For a figure derived by :func:`derive`, the observations it
            was computed from; else empty.
    """

    key: str
    period: Period = attrs.field(converter=to_period)
    magnitude: Fraction = attrs.field(converter=_exact_magnitude)
    unit: Unit
    status: ObservationStatus = ObservationStatus.PUBLISHED
    source: str = ""
    url: str = ""
    quote: str = ""
    note: str = ""
    scope: str = ""
    as_published: str = ""
    formula: str = ""
    area: str = ZONE_ID
    missing: tuple[str, ...] = ()
    inputs: tuple[Observation, ...] = ()

    @property
    def quality(self) -> ObservationStatus:
        """The weakest status behind the figure, its own or the weakest of its inputs.

        A figure derived from an uncertain input is uncertain.
        """
        return ObservationStatus.weakest((self.status, *(o.quality for o in self.inputs)))

    @property
    def year(self) -> int:
        """The year of the period."""
        return self.period.year

    @property
    def zone_wide(self) -> bool:
        """Whether the figure covers the zone (its :attr:`area` is the zone)."""
        return self.area == ZONE_ID

    @property
    def complete(self) -> bool:
        """Whether the figure covers all of its period and area (nothing :attr:`missing`)."""
        return not self.missing

    @property
    def value(self) -> Quantity:
        """The value as a new quantity."""
        return Q_(float(self.magnitude), self.unit)

    @property
    def value_text(self) -> str:
        """The value with its unit, e.g. ``41 万元/人``."""
        return format_magnitude(self.magnitude, self.unit)

    @classmethod
    def of(
        cls, key: str, period: PeriodLike, value: Quantity | str, **fields: object
    ) -> Observation:
        """Build an observation from a quantity or a quantity string.

        ``zone_wide=False``, the older way to mark a figure of another scope,
        is read as ``area="other"``.

        Example:
            >>> import zgc_plan
            >>> zgc_plan.Observation.of("labour-productivity", 2022, "41万元/人").value_text
            '41 万元/人'
            >>> zgc_plan.Observation.of("total-revenue", "2022-01..2022-11", "7万亿元").year
            2022
        """
        quantity = parse_quantity(value) if isinstance(value, str) else value
        quantity = bounded(adopt(quantity, quantity.units, key))
        if fields.pop("zone_wide", True) is False:
            fields.setdefault("area", OTHER_ID)
        return cls(key, period, exact(quantity.magnitude), quantity.units, **fields)  # type: ignore[arg-type]


# Units are value objects: their text and their exact factors to one another are
# kept by their (immutable, hashable) unit containers, since pint takes tens of
# microseconds to work either out and aggregation asks for them per figure.
_UNIT_TEXTS: dict[object, str] = {}
_FACTORS: dict[tuple[object, object], Fraction] = {}
_RATIO_FACTORS: dict[tuple[object, object, object], Fraction] = {}


def _unit_key(unit: Unit) -> object:
    return getattr(unit, "_units", unit)


def conversion_factor(unit: Unit, to: Unit) -> Fraction:
    """The exact factor from ``unit`` to ``to`` (of the same dimension), remembered."""
    key = (_unit_key(unit), _unit_key(to))
    factor = _FACTORS.get(key)
    if factor is None:
        factor = _FACTORS[key] = convert_exact(Fraction(1), unit, to)
    return factor


def _unit_str(unit: Unit) -> str:
    key = _unit_key(unit)
    text = _UNIT_TEXTS.get(key)
    if text is None:
        text = _UNIT_TEXTS[key] = unit_text(unit)
    return text


def _base_unit_problem(quantity: Quantity) -> str | None:
    """Why a value is out of range once in base units (through its unit's scale), or ``None``."""
    try:
        bounded(quantity)
    except PlanDataError as error:
        return error.problems[0].message
    return None


def format_magnitude(magnitude: Fraction | float, unit: Unit) -> str:
    """Write a value with its unit, without float noise (``41 万元/人``, ``6%``)."""
    number = float(magnitude)
    text = f"{number:.6g}"
    if "e" in text:
        # Large counts such as 1400000 件 read better written out than as 1.4e+06.
        text = f"{number:.10g}"
    unit_str = _unit_str(unit)
    if unit_str == "%":
        return f"{text}%"
    return f"{text} {unit_str}" if unit_str else text


_KEY_INDEXES: dict[int, dict[object, Indicator | Statistic]] = {}
_KEY_INDEX_LOCK = threading.Lock()


def _key_index(plan: Plan) -> dict[object, Indicator | Statistic]:
    """Every way of naming an indicator or statistic of ``plan``, for lookups by dict.

    Built once per plan (held while the plan lives), so that reading rows
    costs one lookup each, not a pass over the plan's indicators.
    """
    known = _KEY_INDEXES.get(id(plan))
    if known is not None:
        return known
    index: dict[object, Indicator | Statistic] = {}
    # Statistics first, so that an indicator's names win a clash, as before.
    for statistic in plan.statistics:
        for name in (statistic.name_zh, statistic.id):
            index[name] = statistic
    for indicator in reversed(plan.indicators):
        for name in (indicator.name_zh, str(indicator.number), indicator.id):
            index[name] = indicator
        index[indicator.number] = indicator
    with _KEY_INDEX_LOCK:
        _KEY_INDEXES[id(plan)] = index
        weakref.finalize(plan, _KEY_INDEXES.pop, id(plan), None)
    return index


def _resolve_key(plan: Plan, key: object) -> str | None:
    if isinstance(key, bool) or not isinstance(key, int | str):
        return None
    entry = _key_index(plan).get(key)
    return entry.id if entry is not None else None


def _expected_unit(plan: Plan, key: str) -> tuple[Unit, IndicatorKind, str]:
    element = _element(plan, key)
    return element.unit, element.kind, element.name_zh


def _element(plan: Plan, key: str) -> Indicator | Statistic:
    element = _key_index(plan).get(key)
    if element is None or element.id != key:
        return plan.statistic(key)  # by id only, as before; raises the KeyError naming it
    return element


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


_LARGEST = 10**MAX_EXPONENT


def value_problem(plan: Plan, key: str, magnitude: Fraction, unit: Unit) -> str | None:
    """What is wrong with a value of ``key``, or ``None``: its dimension, size or lower bound.

    The one check behind files, mappings and :class:`Observation` objects given
    to :func:`~zgc_plan.evaluate`.  The lower bound is the plan's ``minimum``
    of the indicator or statistic (0 unless the data says otherwise).
    """
    element = _element(plan, key)
    expected, name = element.unit, element.name_zh
    found, wanted = unit.dimensionality, expected.dimensionality
    # pint's registry keeps one dimensionality object per unit: `is` settles the check
    # for a figure in the element's own unit.
    if found is not wanted and found != wanted:
        return (
            f"{unit_text(unit)} is not a unit of {name} ({key}), which is measured in "
            f"{unit_text(expected)}"
        )
    # |n/d| against 10**±MAX_EXPONENT in whole numbers: exact, and far cheaper than
    # comparing fractions, for every figure read.
    size, denominator = abs(magnitude.numerator), magnitude.denominator
    if size and not (denominator <= size * _LARGEST and size <= _LARGEST * denominator):
        side = "large" if size > _LARGEST * denominator else "small"
        return (
            f"the value is too {side} for a statistic (its absolute value must lie "
            f"between 10**-{MAX_EXPONENT} and 10**{MAX_EXPONENT})"
        )
    if element.minimum is not None and _below(magnitude, unit, element.minimum, expected):
        return _below_message(magnitude, element, name)
    if element.whole and convert_exact(magnitude, unit, expected).denominator != 1:
        return (
            f"{format_magnitude(convert_exact(magnitude, unit, expected), expected)} is not a "
            f"whole number: {name} is a count of {unit_text(expected)}"
        )
    return None


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
        resolved = _resolve_key(plan, key)
        if resolved is None:
            problems.append(
                Problem(f"[{shown(key)}]", f"no indicator or statistic {shown(key)} in the plan")
            )
            continue
        unit, _, name = _expected_unit(plan, resolved)
        try:
            quantity = _mapping_quantity(value, unit)
        except PlanDataError as error:
            problems.append(Problem(f"[{shown(key)}]", error.problems[0].message))
            continue
        quantity = check_dimension(quantity, unit, f"{resolved} ({name})")
        magnitude = exact(quantity.magnitude)
        problem = value_problem(plan, resolved, magnitude, quantity.units)
        if problem is None:
            problem = _base_unit_problem(quantity)
        if problem is not None:
            problems.append(Problem(f"[{shown(key)}]", problem))
            continue
        observations.append(Observation(resolved, year, magnitude, quantity.units))
    if problems:
        raise PlanDataError(problems, source=source)
    return tuple(observations)


def identity(observation: Observation) -> tuple[object, ...]:
    """What one figure is of: its key, period, area and scope; two of one identity are rivals."""
    period = observation.period  # as a tuple: hashing a record field by field is slow
    return (
        observation.key, period.year, period.first, period.last, observation.area,
        observation.scope,
    )  # fmt: skip


def _where(observation: Observation) -> str:
    """The period, and the area when it is not the zone, of a figure."""
    area = "" if observation.area == ZONE_ID else f" in {observation.area}"
    return f"{observation.period}{area}"


def duplicate_problems(
    observations: Iterable[Observation],
    plan: Plan,
    where: Callable[[int], tuple[str, int | None]],
) -> tuple[list[Observation], list[Problem]]:
    """Merge identical repeats; report figures of one identity with different values.

    Args:
        observations: The figures, in order.
        plan: The plan whose units the values are compared in.
        where: The path and line of the figure at a position, for messages.

    Returns:
        The figures without repeats, and one problem per rival figure.
    """
    seen: dict[tuple[object, ...], tuple[int, Observation]] = {}
    kept: list[Observation] = []
    problems: list[Problem] = []
    for index, observation in enumerate(observations):
        key = identity(observation)
        first = seen.get(key)
        if first is None:
            seen[key] = (index, observation)
            kept.append(observation)
            continue
        # Values are compared in the plan's unit, and only for rivals: most figures have none.
        unit = _expected_unit(plan, observation.key)[0]
        earlier = first[1]
        if convert_exact(earlier.magnitude, earlier.unit, unit) == convert_exact(
            observation.magnitude, observation.unit, unit
        ):
            continue  # the same figure twice: merged
        path, line = where(index)
        first_path, first_line = where(first[0])
        at = f" (line {first_line})" if first_line is not None else ""
        problems.append(
            Problem(
                path,
                f"{observation.key} of {_where(observation)} is given twice with different values: "
                f"{earlier.value_text} at {first_path}{at} and {observation.value_text} here; "
                "keep one, or give the other a distinct scope",
                line,
            )
        )
    return kept, problems


_TEXT_KEYS = ("source", "url", "quote", "note", "scope", "as_published", "formula")


def _read_row(row: Fields, plan: Plan, problems: Problems) -> Observation | None:
    indicator = row.data.get("indicator")
    statistic = row.data.get("statistic")
    row.used.update({"indicator", "statistic"})
    if (indicator is None) == (statistic is None):
        problems.add(row.path, "give exactly one of 'indicator' and 'statistic'")
        return None
    field = "indicator" if indicator is not None else "statistic"
    raw_key = indicator if indicator is not None else statistic
    key = _resolve_key(plan, raw_key)
    if key is None:
        problems.add((*row.path, field), f"no {field} {shown(raw_key)} in the plan")
    period = _read_period(row, problems)
    magnitude = row.number("value")
    unit = _read_unit(row)
    status = row.choice("status", ObservationStatus, _STATUSES) if "status" in row.data else None
    texts: dict[str, str] = {name: row.string(name, required=False) or "" for name in _TEXT_KEYS}
    area = _read_area(row, plan, problems)
    missing = _read_missing(row, plan, problems, period)
    row.finish()
    if key is None or period is None or magnitude is None or area is None or missing is None:
        return None
    expected = _element(plan, key).unit
    unit = unit if unit is not None else expected
    problem = value_problem(plan, key, Fraction(magnitude), unit)
    wrong_unit = problem is not None and unit.dimensionality != expected.dimensionality
    if problem is None:
        problem = _base_unit_problem(Q_(magnitude, unit))
    if problem is not None:
        problems.add((*row.path, "unit" if wrong_unit else "value"), problem)
        return None
    return Observation(
        key, period, Fraction(magnitude), unit,
        status=status or ObservationStatus.PUBLISHED, area=area, missing=missing,
        source=texts["source"], url=texts["url"], quote=texts["quote"], note=texts["note"],
        scope=texts["scope"], as_published=texts["as_published"], formula=texts["formula"],
    )  # fmt: skip


#: Units already read, by their text: a file repeats a few units on every row,
#: and one shared unit object makes the arithmetic on them cheaper as well.
_UNITS_READ: dict[str, Unit] = {}


def _read_unit(row: Fields) -> Unit | None:
    text = row.data.get("unit")
    row.used.add("unit")
    if text in (None, ""):
        return None
    if isinstance(text, str) and text in _UNITS_READ:
        return _UNITS_READ[text]
    unit = row.unit("unit", required=False)
    if unit is not None and isinstance(text, str) and len(_UNITS_READ) < 1024:
        _UNITS_READ[text] = unit
    return unit


def _read_period(row: Fields, problems: Problems) -> Period | None:
    """The row's ``period``, or its ``year`` (a whole year); exactly one of them."""
    has_period = row.data.get("period") is not None
    has_year = row.data.get("year") is not None
    row.used.update({"period", "year"})
    if has_period == has_year:
        problems.add(row.path, "give exactly one of 'period' and 'year'")
        return None
    if has_year:
        year = row.integer("year", minimum=MIN_YEAR, maximum=MAX_YEAR)
        return None if year is None else Period(year)
    period, message = parse_period(row.data["period"])
    if period is None:
        problems.add((*row.path, "period"), message)
    return period


def _read_area(row: Fields, plan: Plan, problems: Problems) -> str | None:
    """The row's area id, from ``area`` (an id or a Chinese name) or the older ``zone_wide``."""
    raw = row.data.get("area")
    zone_wide = row.data.get("zone_wide")
    row.used.update({"area", "zone_wide"})
    if zone_wide is not None and not isinstance(zone_wide, bool):
        problems.add((*row.path, "zone_wide"), f"expected true or false, got {zone_wide!r}")
        return None
    if raw is None:
        # zone_wide: false, the older form, meant "another scope than the zone".
        return OTHER_ID if zone_wide is False else ZONE_ID
    if zone_wide is not None:
        problems.add((*row.path, "zone_wide"), "give 'area', or the older 'zone_wide', not both")
        return None
    if not isinstance(raw, str):
        problems.add((*row.path, "area"), f"expected an area's id or Chinese name, got {raw!r}")
        return None
    try:
        return plan.area(raw.strip()).id
    except KeyError:
        problems.add((*row.path, "area"), f"no area {raw!r} in the plan; {_area_hint(plan)}")
        return None


def _area_hint(plan: Plan) -> str:
    names = ", ".join(f"{a.id} ({a.name_zh})" for a in plan.areas[:4])
    more = f" and {len(plan.areas) - 4} more" if len(plan.areas) > 4 else ""
    return f"its areas are {names}{more}"


def _read_missing(
    row: Fields, plan: Plan, problems: Problems, period: Period | None
) -> tuple[str, ...] | None:
    """The parts a partial figure lacks: months of its period, or areas."""
    raw = row.data.get("missing")
    row.used.add("missing")
    if raw is None:
        return ()
    items = raw.split(";") if isinstance(raw, str) else raw
    if not isinstance(items, list):
        problems.add((*row.path, "missing"), f"expected a list of months or areas, got {raw!r}")
        return None
    parts: list[str] = []
    for index, item in enumerate(items):
        path = (*row.path, "missing", index)
        text = str(item).strip() if isinstance(item, str | int) else None
        if not text:
            problems.add(path, f"expected a month or an area, got {item!r}")
            return None
        if text[0].isdigit():
            month, message = parse_period(text)
            if month is None or month.months != 1:
                problems.add(path, message or f"{text!r} is not one month")
                return None
            if period is not None and not period.contains(month):
                problems.add(path, f"{month} is not a month of the period {period}")
                return None
            parts.append(str(month))
            continue
        try:
            parts.append(plan.area(text).id)
        except KeyError:
            problems.add(path, f"no area {text!r} in the plan")
            return None
    return tuple(parts)


def _below(magnitude: Fraction, unit: Unit, minimum: Decimal, expected: Unit) -> bool:
    """Whether a value is below the plan's least value for it, compared exactly."""
    if minimum == 0:
        return magnitude.numerator < 0  # the common case needs no conversion
    return convert_exact(magnitude, unit, expected) < Fraction(minimum)


def _below_message(magnitude: Fraction, element: Indicator | Statistic, name: str) -> str:
    if element.minimum == 0:
        return f"{float(magnitude):g} is negative, but {name} cannot be"
    return (
        f"{float(magnitude):g} is below the least value of {name}, "
        f"{element.minimum} {unit_text(element.unit)}"
    )


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
        observation = _read_row(row, plan, problems)
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


def series_by_key(observations: Iterable[Observation]) -> dict[str, dict[int, Observation]]:
    """Index the figures of whole years by key, then year (a later one of the same year wins).

    Figures of a quarter, a month or a span of months, and partial figures
    (with :attr:`Observation.missing` parts), are not figures of a year and
    are left out: :func:`zgc_plan.aggregate` makes years of them.
    """
    series: dict[str, dict[int, Observation]] = {}
    for observation in observations:
        if observation.period.is_year and not observation.missing:
            series.setdefault(observation.key, {})[observation.year] = observation
    return series


def derive(
    observations: Iterable[Observation], plan: Plan | None = None
) -> tuple[Observation, ...]:
    """Derive ratio indicators from base statistics, by the plan's formulas.

    For each area, indicator with a formula and period where its numerator is
    observed, the denominator of the same area and period is used; a
    denominator that is a level (the zone's area) is carried forward from its
    latest earlier period.  Figures of different areas are never combined.
    Derived observations are marked :attr:`ObservationStatus.DERIVED`, name
    their inputs in ``note``, and are partial when an input is (the union of
    what the inputs miss).

    Example:
        >>> import zgc_plan
        >>> revenue = zgc_plan.Observation.of("total-revenue", 2022, "8.7万亿元")
        >>> area = zgc_plan.Observation.of("zone-area", 2012, "488平方公里")
        >>> [d.value_text for d in zgc_plan.derive([revenue, area])]
        ['178.279 亿元/平方公里']
    """
    plan = plan or load_plan()
    by_area: dict[str, dict[str, dict[tuple[int, int, int], Observation]]] = {}
    for observation in observations:
        area = by_area.setdefault(observation.area, {})
        period = observation.period
        area.setdefault(observation.key, {})[(period.year, period.first, period.last)] = observation
    derived: list[Observation] = []
    for by_key in by_area.values():
        for indicator in plan.indicators:
            if indicator.formula is not None:
                derived += _derive_one(plan, indicator, by_key)
    return tuple(derived)


def _derive_one(
    plan: Plan,
    indicator: Indicator,
    by_key: Mapping[str, Mapping[tuple[int, int, int], Observation]],
) -> list[Observation]:
    formula = indicator.formula
    assert formula is not None  # noqa: S101 (the caller checks)
    numerators = by_key.get(formula.numerator, {})
    denominators = by_key.get(formula.denominator, {})
    carry = plan.statistic(formula.denominator).kind is IndicatorKind.LEVEL
    derived: list[Observation] = []
    for period in sorted(numerators):
        top = numerators[period]
        bottom = denominators.get(period)
        if bottom is None and carry:
            end = (period[0], period[2])
            earlier = [p for p in denominators if (p[0], p[2]) <= end]
            bottom = denominators[max(earlier, key=lambda p: (p[0], p[2]))] if earlier else None
        if bottom is None or bottom.magnitude == 0:
            continue
        derived.append(
            Observation(
                indicator.id, top.period, _exact_ratio(top, bottom, indicator.unit), indicator.unit,
                status=ObservationStatus.DERIVED,
                inputs=(top, bottom),
                source="; ".join(dict.fromkeys(s for s in (top.source, bottom.source) if s)),
                note=(
                    f"{indicator.name_zh} = {top.value_text} ({formula.numerator}, {top.period})"
                    f" ÷ {bottom.value_text} ({formula.denominator}, {bottom.period})"
                ),
                area=top.area,
                missing=tuple(dict.fromkeys((*top.missing, *bottom.missing))),
            )
        )  # fmt: skip
    return derived


def _exact_ratio(top: Observation, bottom: Observation, unit: Unit) -> Fraction:
    """The ratio computed on exact magnitudes and exact unit factors."""
    key = (_unit_key(top.unit), _unit_key(bottom.unit), _unit_key(unit))
    factor = _RATIO_FACTORS.get(key)
    if factor is None:
        factor = _RATIO_FACTORS[key] = convert_exact(Fraction(1), top.unit / bottom.unit, unit)
    return top.magnitude / bottom.magnitude * factor
