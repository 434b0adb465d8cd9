"""Aggregation: figures of months and parks made into quarters, years and the zone.

Each statistic (and each indicator that is a flow or a stock) declares in the
plan data how it aggregates over time (``over_time``: ``sum``, ``end`` or
``mean``); over areas, the parks' figures are added up to the zone's.  Ratio
indicators are never aggregated: :func:`zgc_plan.derive` computes them from the
aggregated numerator and denominator, so that a ratio of the zone is a ratio of
sums and never an average of the parks' ratios.

Arithmetic is exact (fractions) in each key's canonical unit, so a park
reporting in 亿元 and another in 万元 add up exactly.  Completeness is
explicit: a period that lacks months, or a zone total that lacks parks, is
returned with what it lacks in :attr:`~zgc_plan.Observation.missing`, and is
never judged as a whole.  Where a figure is reported for a period (or for the
zone) and can also be computed from its parts, the reported figure is used and
any difference is reported as a :class:`Disagreement`.  The rules are those of
``specs/aggregation.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

from zgc_plan._arguments import instances
from zgc_plan._display import format_magnitude
from zgc_plan._exact import unit_factor
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import ZONE_ID, AreaKind, OverTime, Plan
from zgc_plan._observation_checks import duplicate_problems
from zgc_plan._observations import Observation, made_status
from zgc_plan._periods import Period
from zgc_plan._periods import period as shared_period
from zgc_plan._registry import Unit
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["Aggregation", "Disagreement", "To", "aggregate"]

#: The periods :func:`aggregate` makes.
To: TypeAlias = Literal["quarter", "year"]
_BUCKETS: dict[str, tuple[tuple[int, int], ...]] = {
    "year": ((1, 12),),
    "quarter": ((1, 3), (4, 6), (7, 9), (10, 12)),
}

# One input figure: first month, last month, value in the key's canonical unit
# (for a mean, the value times the months: person-months), and the observation.
_Piece: TypeAlias = tuple[int, int, Fraction, Observation]


@attrs.frozen
class Disagreement:
    """A reported figure that differs from the figure computed from its parts.

    Attributes:
        key: The indicator or statistic.
        area: The area's id.
        period: The period.
        reported: The reported figure, in :attr:`unit`; this is the one used.
        computed: The figure computed from the parts, in :attr:`unit`.
        unit: The key's canonical unit.
        basis: What the parts are: ``"months"`` (shorter periods) or
            ``"parks"`` (the zone's parks).
    """

    key: str
    area: str
    period: Period
    reported: Fraction
    computed: Fraction
    unit: Unit
    basis: Literal["months", "parks"]

    @property
    def message(self) -> str:
        """The disagreement in one line."""
        parts = "its months" if self.basis == "months" else "its parks"
        return (
            f"{self.key} {self.area} {self.period}: reported {format_magnitude(self.reported, self.unit)}"
            f", but {parts} make {format_magnitude(self.computed, self.unit)}; the reported figure"
            " is used"
        )


@attrs.frozen
class Aggregation:
    """The result of :func:`aggregate`: observations of whole quarters or years.

    Iterating over it, or indexing it, gives :attr:`observations`.

    Attributes:
        to: The periods made, ``"quarter"`` or ``"year"``.
        observations: One observation per key, area and period, partial ones
            included (with what they lack in ``missing``), in plan order.
        disagreements: Reported figures that differ from the sum (or end, or
            mean) of their parts.
        skipped: Inputs not used: figures of ratio indicators that are not of
            a whole period of :attr:`to` (ratios are computed, not aggregated).
    """

    to: To
    observations: tuple[Observation, ...]
    disagreements: tuple[Disagreement, ...] = ()
    skipped: tuple[Observation, ...] = ()

    def __iter__(self) -> Iterator[Observation]:
        return iter(self.observations)

    def __len__(self) -> int:
        return len(self.observations)

    def __getitem__(self, index: int) -> Observation:
        return self.observations[index]

    @property
    def partial(self) -> tuple[Observation, ...]:
        """The observations that lack months or parks."""
        return tuple(o for o in self.observations if o.missing)

    @property
    def complete(self) -> tuple[Observation, ...]:
        """The observations that lack nothing."""
        return tuple(o for o in self.observations if not o.missing)


@attrs.frozen
class _Rule:
    rule: OverTime | None  # None: a ratio, computed and never aggregated
    unit: Unit
    order: int


def _rules(plan: Plan) -> dict[str, _Rule]:
    rules: dict[str, _Rule] = {}
    for statistic in plan.statistics:
        rules[statistic.id] = _Rule(statistic.over_time, statistic.unit, len(rules))
    for indicator in plan.indicators:
        rule = None if indicator.formula is not None else indicator.over_time
        rules[indicator.id] = _Rule(rule, indicator.unit, len(rules))
    return rules


def aggregate(
    observations: Iterable[Observation],
    plan: Plan | None = None,
    *,
    to: To = "year",
    zone: bool = True,
) -> Aggregation:
    """Aggregate figures of months, quarters and spans into quarters or years, and parks into the zone.

    Args:
        observations: Figures of any periods and areas; figures already of
            whole quarters or years are used as reported.
        plan: The plan whose rules apply; the shipped plan by default.
        to: ``"year"`` or ``"quarter"``.
        zone: Also add up the parks into the zone (for every key and period
            that some park has).

    Returns:
        The aggregated observations, their disagreements and what was skipped.

    Raises:
        PlanDataError: for an unknown ``to`` or a key the plan does not know.

    Example:
        >>> import zgc_plan
        >>> months = [
        ...     zgc_plan.Observation.of("total-revenue", f"2022-{m:02d}", "100亿元", area="海淀园")
        ...     for m in range(1, 13)
        ... ]
        >>> [(o.area, str(o.period), o.value_text, o.missing[:2]) for o in zgc_plan.aggregate(months)]
        [('zone', '2022', '1200 亿元', ('dongcheng', 'xicheng')), ('haidian', '2022', '1200 亿元', ())]
    """
    observations = instances(observations, Observation, "observations")
    plan = plan_or_shipped(plan)
    if to not in _BUCKETS:
        raise PlanDataError(f"to must be 'quarter' or 'year', not {to!r}", source="<aggregate>")
    rules = _rules(plan)
    areas = {name: area.id for area in plan.areas for name in (area.id, area.name_zh)}
    _check_known(observations, rules, areas)
    # Parks named by their Chinese names are the parks of their ids, for the
    # check of rival figures as for the grouping.
    observations = tuple(
        o if areas[o.area] == o.area else attrs.evolve(o, area=areas[o.area]) for o in observations
    )
    # Two values of one figure are a conflict in the data, not a disagreement of
    # a figure with its parts: refused, as in a file; the same figure twice is one.
    observations, rivals = duplicate_problems(observations, plan, lambda i: (f"[{i}]", None))
    if rivals:
        raise PlanDataError(rivals, source="<aggregate>")
    groups, passed, skipped = _group(observations, rules, to)
    out: dict[tuple[str, str, int, int, int], Observation] = {}
    disagreements: list[Disagreement] = []
    for (key, area, year), pieces in groups.items():
        group = _Group(key, area, year, pieces, rules[key], _BUCKETS[to], disagreements)
        for first, last in _BUCKETS[to]:
            made = group.make(shared_period(year, first, last))
            if made is not None:
                out[(key, area, year, first, last)] = made
    if zone:
        _zone_totals(plan, rules, out, disagreements)
    for observation in passed:
        period = observation.period
        out.setdefault(
            (observation.key, observation.area, period.year, period.first, period.last), observation
        )
    area_order = {area.id: index for index, area in enumerate(plan.areas)}
    ordered = sorted(
        out.items(),
        key=lambda item: (rules[item[0][0]].order, area_order.get(item[0][1], 0), item[0][2:]),
    )
    return Aggregation(to, tuple(o for _, o in ordered), tuple(disagreements), tuple(skipped))


def _group(
    observations: Iterable[Observation], rules: dict[str, _Rule], to: To
) -> tuple[dict[tuple[str, str, int], list[_Piece]], list[Observation], list[Observation]]:
    """Group the inputs by key, area and year, in canonical units; ratios apart."""
    groups: dict[tuple[str, str, int], list[_Piece]] = {}
    passed: list[Observation] = []
    skipped: list[Observation] = []
    # By the unit object: the inputs, alive for the whole call, share a few.
    factors: dict[tuple[str, int], Fraction | None] = {}
    buckets = _BUCKETS[to]
    for observation in observations:
        key = observation.key
        rule = rules[key]
        area = observation.area
        period = observation.period
        if rule.rule is None:
            bucket = (period.first, period.last)
            (passed if bucket in buckets else skipped).append(observation)
            continue
        unit_id = (key, id(observation.unit))
        if unit_id not in factors:
            exact = unit_factor(observation.unit, rule.unit)
            factors[unit_id] = None if exact == 1 else exact
        factor = factors[unit_id]
        value = observation.magnitude if factor is None else observation.magnitude * factor
        if rule.rule is OverTime.MEAN and period.last != period.first:
            value *= period.last - period.first + 1
        groups.setdefault((key, area, period.year), []).append(
            (period.first, period.last, value, observation)
        )
    return groups, passed, skipped


def _check_known(
    observations: Iterable[Observation], rules: dict[str, _Rule], areas: dict[str, str]
) -> None:
    """Every figure is of a key and an area of the plan."""
    unknown: list[Problem] = []
    for index, observation in enumerate(observations):
        if observation.key not in rules:
            unknown.append(
                Problem(f"[{index}]", f"no indicator or statistic {observation.key!r} in the plan")
            )
        elif observation.area not in areas:
            unknown.append(Problem(f"[{index}]", f"no area {observation.area!r} in the plan"))
    if unknown:
        raise PlanDataError(unknown, source="<aggregate>")


class _Group:
    """The pieces of one key, area and year, and the periods made of them."""

    def __init__(
        self,
        key: str,
        area: str,
        year: int,
        pieces: list[_Piece],
        rule: _Rule,
        buckets: tuple[tuple[int, int], ...],
        disagreements: list[Disagreement],
    ) -> None:
        self.key, self.area, self.year, self.rule = key, area, year, rule
        self.pieces = pieces
        self.disagreements = disagreements
        # Totals from the pieces that are not themselves a period to make: a
        # reported quarter or year is compared with them, not mixed into them.
        others = [p for p in pieces if (p[0], p[1]) not in buckets]
        if rule.rule is OverTime.END:
            self.known: dict[int, Fraction] = {}
        elif all(p[0] == p[1] for p in others) and len({p[0] for p in others}) == len(others):
            self.known = _running(others)
        else:
            self.known = _cumulative(others, self._disagree)
        self._all: dict[int, Fraction] | None = None

    def _disagree(self, period: Period, reported: Fraction, computed: Fraction) -> None:
        per = period.months if self.rule.rule is OverTime.MEAN else 1
        self.disagreements.append(
            Disagreement(
                self.key, self.area, period, reported / per, computed / per, self.rule.unit,
                "months",
            )
        )  # fmt: skip

    def make(self, bucket: Period) -> Observation | None:
        """The figure of ``bucket``, or ``None`` when nothing is known of it."""
        a, b = bucket.first, bucket.last
        inside = [p for p in self.pieces if a <= p[0] and p[1] <= b]
        if self.rule.rule is OverTime.END:
            # A stock is a figure at a date, the end of its period, whatever its start:
            # the figure of a year is the figure at the end of its fourth quarter.
            ending = [p for p in self.pieces if a <= p[1] <= b]
            return self._end(bucket, ending) if ending else None
        reported = [p for p in inside if p[0] == a and p[1] == b]
        computed = _between(a, b, self.known)
        if reported:
            chosen = reported[0]
            for duplicate in reported[1:]:
                if duplicate[2] != chosen[2]:
                    self._disagree(bucket, chosen[2], duplicate[2])
            if computed is not None and computed != chosen[2]:
                self._disagree(bucket, chosen[2], computed)
            return chosen[3]
        known = self.known
        if computed is None:
            # Reported periods may close a gap: a year less three reported quarters.
            if self._all is None:
                self._all = _cumulative(self.pieces, _ignore)
            known = self._all
            computed = _between(a, b, known)
        if computed is None:
            return self._partial(bucket, inside, known)
        used = [p for p in self.pieces if p[0] <= b]
        value = computed / bucket.months if self.rule.rule is OverTime.MEAN else computed
        return _made(self.key, self.area, bucket, value, self.rule, used, ())

    def _partial(
        self, bucket: Period, inside: list[_Piece], known: dict[int, Fraction]
    ) -> Observation | None:
        """A flow or mean with months missing: what is known of it, and what it lacks.

        From the start of the bucket as far as the known totals reach (1-11月
        less 1-9月 is October and November), then the pieces after that which
        do not overlap.
        """
        a, b = bucket.first, bucket.last
        total, end, used = Fraction(0), a - 1, []
        reach = [m for m in known if a <= m <= b] if (a - 1) in known else []
        if reach:
            end = max(reach)
            total = known[end] - known[a - 1]
            used = [p for p in self.pieces if p[1] <= end]
        covered = set(range(a, end + 1))
        for piece in sorted(inside, key=lambda p: (p[0], p[0] - p[1])):
            if piece[0] > end:
                used.append(piece)
                total += piece[2]
                covered.update(range(piece[0], piece[1] + 1))
                end = piece[1]
        if not covered:
            return None
        if self.rule.rule is OverTime.MEAN:
            total /= len(covered)
        missing = tuple(str(m) for m in bucket.month_periods() if m.first not in covered)
        return _made(self.key, self.area, bucket, total, self.rule, used, missing)

    def _end(self, bucket: Period, inside: list[_Piece]) -> Observation:
        """A stock: the figure at the end of the bucket, else the latest before it (partial)."""
        last = max(p[1] for p in inside)
        at_end = [p for p in inside if p[1] == last]
        # The figure reported for the bucket itself first, then the shortest period.
        at_end.sort(key=lambda p: (not (p[0] == bucket.first and p[1] == bucket.last), p[1] - p[0]))
        chosen = at_end[0]
        for other in at_end[1:]:
            if other[2] != chosen[2]:
                self._disagree(other[3].period, chosen[2], other[2])
        if chosen[0] == bucket.first and chosen[1] == bucket.last:
            return chosen[3]
        missing = tuple(str(m) for m in Period(bucket.year, last, bucket.last).month_periods()[1:])
        return _made(self.key, self.area, bucket, chosen[2], self.rule, [chosen], missing)


def _ignore(period: Period, reported: Fraction, computed: Fraction) -> None:
    """Disagreements found a second time are reported once, by the first pass."""


def _between(first: int, last: int, known: dict[int, Fraction]) -> Fraction | None:
    before, end = known.get(first - 1), known.get(last)
    return end - before if before is not None and end is not None else None


def _running(months: list[_Piece]) -> dict[int, Fraction]:
    """The totals from January of distinct single months: known up to the first gap."""
    known = {0: Fraction(0)}
    total = Fraction(0)
    for month, _, value, _ in sorted(months, key=lambda p: p[0]):
        if month - 1 not in known:
            break
        total += value
        known[month] = total
    return known


def _cumulative(
    pieces: list[_Piece], disagree: Callable[[Period, Fraction, Fraction], None]
) -> dict[int, Fraction]:
    """Known totals from January to the end of each month (0: nothing yet).

    A piece of months a..b links the totals of months a-1 and b: from one, it
    gives the other.  Longer pieces (the reported year-to-date totals) go
    first, so that where months and a total disagree the total is kept.
    """
    known: dict[int, Fraction] = {0: Fraction(0)}
    waiting = sorted(pieces, key=lambda p: (p[0] - p[1], p[0]))
    progress = True
    while waiting and progress:
        progress = False
        later: list[_Piece] = []
        for piece in waiting:
            first, last, value, observation = piece
            before, end = known.get(first - 1), known.get(last)
            if before is not None and end is None:
                known[last] = before + value
            elif before is None and end is not None:
                known[first - 1] = end - value
            elif before is not None and end is not None:
                if end - before != value:
                    disagree(observation.period, end - before, value)
                continue
            else:
                later.append(piece)
                continue
            progress = True
        waiting = later
    return known


def _sources(inputs: Iterable[Observation]) -> str:
    return "; ".join(dict.fromkeys(o.source for o in inputs if o.source))


def _made(
    key: str,
    area: str,
    period: Period,
    value: Fraction,
    rule: _Rule,
    used: list[_Piece],
    missing: tuple[str, ...],
) -> Observation:
    inputs = [p[3] for p in used]
    carried = tuple(m for o in inputs for m in o.missing)
    rule_name = rule.rule.value if rule.rule is not None else "ratio"
    note = f"{rule_name} of {len(inputs)} figures ({_periods_text(inputs)})"
    missing = tuple(dict.fromkeys((*missing, *carried)))
    return _made_of(inputs, key, area, period, value, rule.unit, note, missing)


def _made_of(
    inputs: list[Observation],
    key: str,
    area: str,
    period: Period,
    value: Fraction,
    unit: Unit,
    note: str,
    missing: tuple[str, ...],
) -> Observation:
    """A figure made from ``inputs``: their weakest status and their sources."""
    return Observation(
        key, period, value, unit, status=made_status(inputs), source=_sources(inputs),
        note=note, area=area, inputs=tuple(inputs), missing=missing,
    )  # fmt: skip


def _periods_text(inputs: list[Observation]) -> str:
    spans = sorted({(o.period.year, o.period.first, o.period.last) for o in inputs})
    periods = [
        str(shared_period(*span)) for span in (spans if len(spans) <= 3 else (spans[0], spans[-1]))
    ]
    return ", ".join(periods) if len(spans) <= 3 else " … ".join(periods)


def _zone_totals(
    plan: Plan,
    rules: dict[str, _Rule],
    out: dict[tuple[str, str, int, int, int], Observation],
    disagreements: list[Disagreement],
) -> None:
    """Add the parks up into the zone, for every key and period some park has.

    A reported zone figure is kept; it is compared with the parks' sum when
    that sum lacks nothing.  A partial reported figure gives way to a
    complete sum of the parks.
    """
    parks = [area.id for area in plan.areas if area.kind is AreaKind.PARK]
    park_set = set(parks)
    by_cell: dict[tuple[str, int, int, int], dict[str, Observation]] = {}
    for (key, area, year, first, last), observation in out.items():
        if area in park_set:
            by_cell.setdefault((key, year, first, last), {})[area] = observation
    for (key, year, first, last), found in by_cell.items():
        rule = rules[key]
        total = Fraction(0)
        for observation in found.values():
            total += observation.magnitude * unit_factor(observation.unit, rule.unit)
        lacking = [park for park in parks if park not in found]
        months = tuple(dict.fromkeys(m for o in found.values() for m in o.missing))
        complete = not lacking and not months
        made_period = shared_period(year, first, last)
        reported = out.get((key, ZONE_ID, year, first, last))
        if reported is not None:
            value = reported.magnitude * unit_factor(reported.unit, rule.unit)
            if complete and not reported.missing and value != total:
                disagreements.append(
                    Disagreement(key, ZONE_ID, made_period, value, total, rule.unit, "parks")
                )
            if not reported.missing or not complete:
                continue
        out[(key, ZONE_ID, year, first, last)] = _made_of(
            list(found.values()), key, ZONE_ID, made_period, total, rule.unit,
            f"sum of {len(found)} of {len(parks)} parks", (*months, *lacking),
        )  # fmt: skip
