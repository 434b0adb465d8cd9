"""Observed figures: the model of one observed value and how it came about.

Reading them (``_observation_files``), checking them against a plan
(``_observation_checks``) and deriving ratios (``_derive``) are modules of
their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import attrs

from zgc_plan._display import format_magnitude
from zgc_plan._exact import adopt, exact
from zgc_plan._labels import Labelled
from zgc_plan._model import OTHER_ID, ZONE_ID
from zgc_plan._periods import Period, PeriodLike, to_period
from zgc_plan._pickling import PicklesUnits
from zgc_plan._registry import Q_, Quantity, Unit
from zgc_plan._unit_parsing import MAX_SCALE, bounded, parse_quantity
from zgc_plan.exceptions import PlanDataError

__all__ = [
    "Observation",
    "ObservationStatus",
    "identity",
    "made_status",
    "series_by_key",
]


class ObservationStatus(Labelled):
    """How an observed value came about (after SDMX's OBS_STATUS).

    Its labels are the caveat a verdict resting on such a figure carries
    (``"数据存疑"`` / ``"uncertain figure"``), ``""`` for a published figure.
    """

    #: The value appears verbatim in a public release.
    PUBLISHED = "published", 0, "", ""
    #: Arithmetic on published inputs.
    DERIVED = "derived", 1, "推算数据", "derived figure"
    #: An estimate.
    ESTIMATED = "estimated", 3, "估计数据", "estimated figure"
    #: A preliminary value that may be revised.
    PROVISIONAL = "provisional", 2, "初步数据", "provisional figure"
    #: Published, but its definition or scope differs from the indicator's.
    UNCERTAIN = "uncertain", 4, "数据存疑", "uncertain figure"

    #: How weak the status is as evidence, from 0 (published) to 4 (uncertain).
    rank: int

    # Optional as the labels are: ``ObservationStatus("derived")`` looks a member up.
    def __init__(self, value: str, rank: int = 0, *labels: str) -> None:
        self.rank = rank

    @classmethod
    def weakest(cls, statuses: Iterable[ObservationStatus]) -> ObservationStatus:
        """The weakest of some statuses (uncertain > estimated > provisional > derived > published)."""
        return max(statuses, key=lambda status: status.rank, default=cls.PUBLISHED)


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
    def annual(self) -> bool:
        """Whether it is a complete figure of a whole year, the kind annual targets are judged by."""
        return self.period.is_year and not self.missing

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


def identity(observation: Observation) -> tuple[object, ...]:
    """What one figure is of: its key, period, area and scope; two of one identity are rivals."""
    period = observation.period  # as a tuple: hashing a record field by field is slow
    return (
        observation.key, period.year, period.first, period.last, observation.area,
        observation.scope,
    )  # fmt: skip


def series_by_key(observations: Iterable[Observation]) -> dict[str, dict[int, Observation]]:
    """Index the figures of whole years by key, then year (a later one of the same year wins).

    Figures of a quarter, a month or a span of months, and partial figures
    (with :attr:`Observation.missing` parts), are not figures of a year and
    are left out: :func:`zgc_plan.aggregate` makes years of them.
    """
    series: dict[str, dict[int, Observation]] = {}
    for observation in observations:
        if observation.annual:
            series.setdefault(observation.key, {})[observation.year] = observation
    return series
