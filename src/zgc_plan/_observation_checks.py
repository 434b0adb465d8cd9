"""What a figure of a plan must be: of a key the plan knows, in range, one value per identity.

The checks behind every way observations come in (files, mappings, data
frames, :class:`~zgc_plan.Observation` objects given to
:func:`~zgc_plan.evaluate`), so that each is refused with the same words.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from zgc_plan._display import format_magnitude
from zgc_plan._exact import convert_exact
from zgc_plan._model import ZONE_ID, Indicator, Plan, Statistic
from zgc_plan._numbers import MAX_EXPONENT
from zgc_plan._observations import Observation, identity
from zgc_plan._registry import Quantity, Unit
from zgc_plan._unit_parsing import bounded, unit_text
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = [
    "base_unit_problem",
    "combine_files",
    "duplicate_problems",
    "element",
    "resolve_key",
    "value_problem",
]


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


def resolve_key(plan: Plan, key: object) -> str | None:
    """The id of the indicator or statistic ``key`` names (id, number or Chinese name), or ``None``."""
    if isinstance(key, bool) or not isinstance(key, int | str):
        return None
    entry = _key_index(plan).get(key)
    return entry.id if entry is not None else None


def element(plan: Plan, key: str) -> Indicator | Statistic:
    """The indicator or statistic of id ``key``.

    Raises:
        KeyError: naming ``key``, if the plan has none of that id.
    """
    found = _key_index(plan).get(key)
    if found is None or found.id != key:
        return plan.statistic(key)  # by id only, as before; raises the KeyError naming it
    return found


def base_unit_problem(quantity: Quantity) -> str | None:
    """Why a value is out of range once in base units (through its unit's scale), or ``None``."""
    try:
        bounded(quantity)
    except PlanDataError as error:
        return error.problems[0].message
    return None


_LARGEST = 10**MAX_EXPONENT


def value_problem(plan: Plan, key: str, magnitude: Fraction, unit: Unit) -> str | None:
    """What is wrong with a value of ``key``, or ``None``: its dimension, size or lower bound.

    The one check behind files, mappings and :class:`Observation` objects given
    to :func:`~zgc_plan.evaluate`.  The lower bound is the plan's ``minimum``
    of the indicator or statistic (0 unless the data says otherwise).
    """
    known = element(plan, key)
    expected, name = known.unit, known.name_zh
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
    if known.minimum is not None and _below(magnitude, unit, known.minimum, expected):
        return _below_message(magnitude, known, name)
    if known.whole and convert_exact(magnitude, unit, expected).denominator != 1:
        return (
            f"{format_magnitude(convert_exact(magnitude, unit, expected), expected)} is not a "
            f"whole number: {name} is a count of {unit_text(expected)}"
        )
    return None


def _below(magnitude: Fraction, unit: Unit, minimum: Decimal, expected: Unit) -> bool:
    """Whether a value is below the plan's least value for it, compared exactly."""
    if minimum == 0:
        return magnitude.numerator < 0  # the common case needs no conversion
    return convert_exact(magnitude, unit, expected) < Fraction(minimum)


def _below_message(magnitude: Fraction, known: Indicator | Statistic, name: str) -> str:
    if known.minimum == 0:
        return f"{float(magnitude):g} is negative, but {name} cannot be"
    return (
        f"{float(magnitude):g} is below the least value of {name}, "
        f"{known.minimum} {unit_text(known.unit)}"
    )


def _where(observation: Observation) -> str:
    """The period, and the area when it is not the zone, of a figure."""
    area = "" if observation.area == ZONE_ID else f" in {observation.area}"
    return f"{observation.period}{area}"


def combine_files(
    files: Iterable[tuple[str, Sequence[Observation]]], plan: Plan
) -> list[Observation]:
    """The figures of several files, each checked on its own as it was read, as one list.

    The same figure in two files is kept once; two values of one figure are
    refused, naming both files.

    Raises:
        PlanDataError: one problem per rival figure, at the file of the later one.
    """
    observations: list[Observation] = []
    origins: list[str] = []
    for origin, read in files:
        observations += read
        origins += [origin] * len(read)
    kept, rivals = duplicate_problems(observations, plan, lambda i: (origins[i], None))
    if rivals:
        raise PlanDataError(rivals, source=None)
    return kept


def duplicate_problems(
    observations: Iterable[Observation],
    plan: Plan,
    where: Callable[[int], tuple[str, int | None]],
    *,
    scoped: bool = True,
) -> tuple[list[Observation], list[Problem]]:
    """Merge identical repeats; report figures of one identity with different values.

    Args:
        observations: The figures, in order.
        plan: The plan whose units the values are compared in.
        where: The path and line of the figure at a position, for messages.
        scoped: Whether the figures can carry a scope, so that the message may
            suggest one (a mapping's figures cannot).

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
        unit = element(plan, observation.key).unit
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
                + ("keep one, or give the other a distinct scope" if scoped else "keep one"),
                line,
            )
        )
    return kept, problems
