"""Reading observations: YAML and CSV files, and mappings of one year's figures."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files
from typing import cast

from zgc_plan._characters import describe, first_unsafe
from zgc_plan._document import InputDocument, decode_text, format_path
from zgc_plan._exact import check_dimension, exact
from zgc_plan._fields import Fields, Problems
from zgc_plan._files import check_path, read_text_file
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Plan
from zgc_plan._numbers import read_number
from zgc_plan._observation_checks import (
    base_unit_problem,
    duplicate_problems,
    element,
    resolve_key,
    value_problem,
)
from zgc_plan._observations import Observation
from zgc_plan._registry import Q_, Quantity, Unit
from zgc_plan._unit_parsing import normalize_text, parse_quantity
from zgc_plan.exceptions import PlanDataError, Problem, excerpt, shown

__all__ = [
    "load_observations",
    "observations_from_mapping",
    "parse_observations",
    "read_row",
    "text_cell",
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
    paths: list[str] = []
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
        try:
            magnitude = exact(quantity.magnitude)  # refuses NaN and infinity
        except PlanDataError as error:
            problems.append(Problem(f"[{shown(key)}]", error.problems[0].message))
            continue
        problem = value_problem(plan, resolved, magnitude, quantity.units)
        if problem is None:
            problem = base_unit_problem(quantity)
        if problem is not None:
            problems.append(Problem(f"[{shown(key)}]", problem))
            continue
        observations.append(Observation(resolved, year, magnitude, quantity.units))
        paths.append(f"[{shown(key)}]")
    # One indicator under two keys (its number and its name): the same figure
    # twice is merged, two values are refused rather than one silently kept.
    kept, duplicates = duplicate_problems(
        observations, plan, lambda i: (paths[i], None), scoped=False
    )
    problems += duplicates
    if problems:
        raise PlanDataError(problems, source=source)
    return tuple(kept)


def read_row(row: Fields, plan: Plan, problems: Problems) -> Observation | None:
    """The observation of one row, or ``None`` with its problems recorded in ``problems``."""
    # cattrs and the converter are imported with the first row read, not with the
    # package: loading the shipped plan and judging a mapping of figures need neither.
    from zgc_plan._observation_rows import row_problems, structure_row

    if not row.ok:
        return None  # Fields has said that it is not a mapping
    try:
        return structure_row(row.data, plan)
    except Exception as error:  # every failure is walked into problems, or raised again
        for path, message in row_problems(error):
            problems.add((*row.path, *path), message)
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
    plan = plan_or_shipped(plan)
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
            rows.append({k: text_cell(k, v) for k, v in record.items() if v not in (None, "")})
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


def text_cell(column: str | None, text: str) -> object:
    """A cell written as text, as the row reader takes it.

    In a CSV file or a frame's column of text, numbers are read where a
    column holds numbers.
    """
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
    plan = plan_or_shipped(plan)
    if path is None:
        data = files(__package__).joinpath("data", "observations", "published.yaml").read_bytes()
        return parse_observations(data, plan, "zgc_plan/data/observations/published.yaml")
    is_csv = str(check_path(path, source=str(path))).lower().endswith(".csv")
    return parse_observations(read_text_file(path), plan, str(path), csv_format=is_csv)
