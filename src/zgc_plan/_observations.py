"""Observed figures: the model, reading them from YAML and CSV, and deriving ratios."""

from __future__ import annotations

import csv
import enum
import io
import os
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from importlib.resources import files

import attrs

from zgc_plan._document import YamlDocument, decode_text
from zgc_plan._fields import Fields, Problems
from zgc_plan._load import load_plan, read_text_file
from zgc_plan._model import Indicator, IndicatorKind, Plan, Statistic
from zgc_plan._record import Record
from zgc_plan._units import (
    Q_,
    PicklesUnits,
    Quantity,
    Unit,
    adopt,
    check_dimension,
    convert_exact,
    exact,
    parse_quantity,
    unit_text,
)
from zgc_plan.exceptions import PlanDataError, Problem

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

#: Years outside this range are rejected as typing mistakes.
MIN_YEAR = 1949
MAX_YEAR = 2100


class ObservationStatus(enum.Enum):
    """How an observed value came about (after SDMX's OBS_STATUS)."""

    #: The value appears verbatim in a public release.
    PUBLISHED = "published"
    #: Arithmetic on published inputs.
    DERIVED = "derived"
    #: An estimate.
    ESTIMATED = "estimated"
    #: A preliminary value that may be revised.
    PROVISIONAL = "provisional"
    #: Published, but its definition or scope differs from the indicator's.
    UNCERTAIN = "uncertain"


_STATUSES = [member.value for member in ObservationStatus]


@attrs.frozen(repr=False, eq=False)
class Observation(PicklesUnits, Record):
    """One observed value of an indicator or base statistic in one year.

    Attributes:
        key: The id of the indicator or base statistic observed.
        year: The year the value refers to.
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
        zone_wide: ``False`` for a figure of another scope (Beijing city-wide,
            one park, listed firms only): such figures are context and are not
            evaluated unless asked for.
    """

    key: str
    year: int
    magnitude: Fraction
    unit: Unit
    status: ObservationStatus = ObservationStatus.PUBLISHED
    source: str = ""
    url: str = ""
    quote: str = ""
    note: str = ""
    scope: str = ""
    as_published: str = ""
    formula: str = ""
    zone_wide: bool = True

    @property
    def value(self) -> Quantity:
        """The value as a new quantity."""
        return Q_(float(self.magnitude), self.unit)

    @property
    def value_text(self) -> str:
        """The value with its unit, e.g. ``41 万元/人``."""
        return format_magnitude(self.magnitude, self.unit)

    @classmethod
    def of(cls, key: str, year: int, value: Quantity | str, **fields: object) -> Observation:
        """Build an observation from a quantity or a quantity string.

        Example:
            >>> import zgc_plan
            >>> zgc_plan.Observation.of("labour-productivity", 2022, "41万元/人").value_text
            '41 万元/人'
        """
        quantity = parse_quantity(value) if isinstance(value, str) else value
        quantity = adopt(quantity, quantity.units, key)
        return cls(key, year, exact(quantity.magnitude), quantity.units, **fields)  # type: ignore[arg-type]


def format_magnitude(magnitude: Fraction | float, unit: Unit) -> str:
    """Write a value with its unit, without float noise (``41 万元/人``, ``6%``)."""
    number = float(magnitude)
    text = f"{number:.6g}"
    if "e" in text:
        # Large counts such as 1400000 件 read better written out than as 1.4e+06.
        text = f"{number:.10g}"
    unit_str = unit_text(unit)
    if unit_str == "%":
        return f"{text}%"
    return f"{text} {unit_str}" if unit_str else text


def _resolve_key(plan: Plan, key: object) -> str | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        try:
            return plan.indicator(key).id
        except KeyError:
            return None
    if isinstance(key, str):
        for indicator in plan.indicators:
            if key in (indicator.id, indicator.name_zh) or key == str(indicator.number):
                return indicator.id
        for statistic in plan.statistics:
            if key in (statistic.id, statistic.name_zh):
                return statistic.id
    return None


def _expected_unit(plan: Plan, key: str) -> tuple[Unit, IndicatorKind, str]:
    element = _element(plan, key)
    return element.unit, element.kind, element.name_zh


def _element(plan: Plan, key: str) -> Indicator | Statistic:
    for indicator in plan.indicators:
        if indicator.id == key:
            return indicator
    return plan.statistic(key)


def observations_from_mapping(
    values: Mapping[int, Quantity | str]
    | Mapping[str, Quantity | str]
    | Mapping[int | str, Quantity | str],
    year: int,
    plan: Plan,
) -> tuple[Observation, ...]:
    """Build observations of one year from ``{indicator number or id: quantity}``.

    Raises:
        PlanDataError: listing every unknown key and unreadable value.
        UnitMismatchError: if a quantity has the wrong dimension.
    """
    problems: list[Problem] = []
    observations: list[Observation] = []
    for key, value in values.items():
        resolved = _resolve_key(plan, key)
        if resolved is None:
            problems.append(Problem(f"[{key!r}]", f"no indicator or statistic {key!r} in the plan"))
            continue
        try:
            quantity = parse_quantity(value) if isinstance(value, str) else value
        except PlanDataError as error:
            problems.append(Problem(f"[{key!r}]", error.problems[0].message))
            continue
        unit, _, name = _expected_unit(plan, resolved)
        quantity = check_dimension(quantity, unit, f"{resolved} ({name})")
        observations.append(Observation(resolved, year, exact(quantity.magnitude), quantity.units))
    if problems:
        raise PlanDataError(problems, source="<observations>")
    return tuple(observations)


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
        problems.add((*row.path, field), f"no {field} {raw_key!r} in the plan")
    year = row.integer("year", minimum=MIN_YEAR, maximum=MAX_YEAR)
    magnitude = row.number("value")
    unit = row.unit("unit", required=False) if row.data.get("unit") not in (None, "") else None
    row.used.add("unit")
    status = row.choice("status", ObservationStatus, _STATUSES) if "status" in row.data else None
    texts = {name: row.string(name, required=False) or "" for name in _TEXT_KEYS}
    zone_wide = row.data.get("zone_wide", True)
    row.used.add("zone_wide")
    if not isinstance(zone_wide, bool):
        problems.add((*row.path, "zone_wide"), f"expected true or false, got {zone_wide!r}")
        return None
    row.finish()
    if key is None or year is None or magnitude is None:
        return None
    element = _element(plan, key)
    expected, name = element.unit, element.name_zh
    unit = unit if unit is not None else expected
    if unit.dimensionality != expected.dimensionality:
        problems.add(
            (*row.path, "unit"),
            f"{unit_text(unit)} is not a unit of {name} ({key}), which is measured in "
            f"{unit_text(expected)}",
        )
        return None
    if element.minimum is not None and _below(magnitude, unit, element.minimum, expected):
        problems.add((*row.path, "value"), _below_message(magnitude, element, name))
        return None
    return Observation(
        key, year, Fraction(magnitude), unit,
        status=status or ObservationStatus.PUBLISHED, zone_wide=zone_wide, **texts,
    )  # fmt: skip


def _below(magnitude: Decimal, unit: Unit, minimum: Decimal, expected: Unit) -> bool:
    """Whether a value is below the plan's least value for it, compared exactly."""
    if minimum == 0:
        return magnitude < 0  # the common case needs no conversion
    return convert_exact(Fraction(magnitude), unit, expected) < Fraction(minimum)


def _below_message(magnitude: Decimal, element: Indicator | Statistic, name: str) -> str:
    if element.minimum == 0:
        return f"{magnitude} is negative, but {name} cannot be"
    return f"{magnitude} is below the least value of {name}, {element.minimum} {unit_text(element.unit)}"


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
    for row in rows:
        observation = _read_row(row, plan, problems)
        if observation is not None:
            observations.append(observation)
    problems.raise_if_any()
    return tuple(observations)


def _csv_document(data: bytes | str, source: str | None) -> YamlDocument:
    text = decode_text(data, source)
    reader = csv.DictReader(io.StringIO(text))
    rows: list[dict[str, object]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    try:
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
            rows.append({k: _csv_cell(k, v) for k, v in record.items() if v not in (None, "")})
            lines[(index,)] = reader.line_num
    except csv.Error as error:
        raise PlanDataError(
            (Problem("", f"malformed CSV: {error}", reader.line_num),), source=source
        ) from None
    if not rows:
        raise PlanDataError((Problem("", "no observation rows"),), source=source)
    return YamlDocument(rows, lines, source)


_CSV_INTEGER = re.compile(r"[-+]?[0-9]{1,9}")


def _csv_cell(column: str | None, text: str) -> object:
    text = text.strip()
    if column in ("year", "indicator"):
        # str.isdigit() also accepts "²" and other digits int() refuses.
        return int(text) if _CSV_INTEGER.fullmatch(text) else text
    if column == "value":
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
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
    is_csv = os.fspath(path).lower().endswith(".csv")
    return parse_observations(read_text_file(path), plan, str(path), csv_format=is_csv)


def series_by_key(observations: Iterable[Observation]) -> dict[str, dict[int, Observation]]:
    """Index observations by key, then year (a later one of the same year wins)."""
    series: dict[str, dict[int, Observation]] = {}
    for observation in observations:
        series.setdefault(observation.key, {})[observation.year] = observation
    return series


def derive(
    observations: Iterable[Observation], plan: Plan | None = None
) -> tuple[Observation, ...]:
    """Derive ratio indicators from base statistics, by the plan's formulas.

    For each indicator with a formula and each year where its numerator is
    observed, the denominator of the same year is used; a denominator that is
    a level (the zone's area) is carried forward from its latest earlier year.
    Only zone-wide figures are combined.  Derived observations are marked
    :attr:`ObservationStatus.DERIVED` and name their inputs in ``note``.

    Example:
        >>> import zgc_plan
        >>> revenue = zgc_plan.Observation.of("total-revenue", 2022, "8.7万亿元")
        >>> area = zgc_plan.Observation.of("zone-area", 2012, "488平方公里")
        >>> [d.value_text for d in zgc_plan.derive([revenue, area])]
        ['178.279 亿元/平方公里']
    """
    plan = plan or load_plan()
    by_key = series_by_key(o for o in observations if o.zone_wide)
    derived: list[Observation] = []
    for indicator in plan.indicators:
        formula = indicator.formula
        if formula is None:
            continue
        numerators = by_key.get(formula.numerator, {})
        denominators = by_key.get(formula.denominator, {})
        carry = plan.statistic(formula.denominator).kind is IndicatorKind.LEVEL
        for year in sorted(numerators):
            top = numerators[year]
            bottom = denominators.get(year)
            if bottom is None and carry:
                earlier = [y for y in denominators if y <= year]
                bottom = denominators[max(earlier)] if earlier else None
            if bottom is None or bottom.magnitude == 0:
                continue
            ratio = _exact_ratio(top, bottom, indicator.unit)
            derived.append(
                Observation(
                    indicator.id, year, ratio, indicator.unit,
                    status=ObservationStatus.DERIVED,
                    source="; ".join(dict.fromkeys(s for s in (top.source, bottom.source) if s)),
                    note=(
                        f"{indicator.name_zh} = {top.value_text} ({formula.numerator}, {top.year})"
                        f" ÷ {bottom.value_text} ({formula.denominator}, {bottom.year})"
                    ),
                )
            )  # fmt: skip
    return tuple(derived)


def _exact_ratio(top: Observation, bottom: Observation, unit: Unit) -> Fraction:
    """The ratio computed on exact magnitudes and exact unit factors."""
    return convert_exact(top.magnitude / bottom.magnitude, top.unit / bottom.unit, unit)
