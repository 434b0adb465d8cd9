"""The typed, immutable model of a plan.

Every class is a frozen, slotted attrs class and every collection a tuple, so
a loaded plan can be shared between threads and callers without copying.
Quantities are not stored: pint quantities are mutable (``q.ito(...)`` changes
them in place), so a target keeps its exact magnitude and its unit and builds a
fresh :class:`Quantity` each time one is asked for.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import attrs

from zgc_plan._comparators import Comparator, Direction, Judgement, Tolerance, judge
from zgc_plan._exact import exact, exact_in
from zgc_plan._pickling import PicklesUnits
from zgc_plan._registry import Q_, Quantity, Unit
from zgc_plan._unit_parsing import unit_text
from zgc_plan.exceptions import PlanKeyError


class GrowthKind(enum.Enum):
    """What a growth target sets: a change of its indicator, not a level.

    A growth target is judged against the indicator's value in a base year
    (:attr:`Target.base_year`, or the evaluation's baseline), not against the
    figure alone.
    """

    #: A yearly growth rate in percent (年均增长8%以上 is value 8, unit %).
    ANNUAL_RATE = "annual_rate"
    #: A multiple of the base year's value, unit 1 (翻一番 is 2, 降低20% is 0.8).
    MULTIPLE = "multiple"
    #: A change in percentage points, unit 百分点 (提高5个百分点 is 5, 降低2个百分点 is -2).
    CHANGE = "change"


class IndicatorKind(enum.Enum):
    """What an indicator's value measures over time."""

    #: A flow over one year (年度技术合同成交额, 年度PCT专利申请量).
    FLOW = "flow"
    #: A stock or cumulative count at a date (上市企业数量, 累计创制国际标准数量).
    STOCK = "stock"
    #: A ratio or level (企业利润率, 劳动生产率, 地均总收入).
    LEVEL = "level"


class OverTime(enum.Enum):
    """How a statistic of months or quarters makes the figure of a longer period."""

    #: The figures of the parts are added, as for a flow (总收入, 利润, PCT专利申请量).
    SUM = "sum"
    #: The figure at the end of the period, as for a stock (有效发明专利, 上市企业).
    END = "end"
    #: An average over the months of the period (从业人员).
    MEAN = "mean"


class AreaKind(enum.Enum):
    """What an area is to the plan."""

    #: The whole territory the plan is about; the sum of its parks.
    ZONE = "zone"
    #: A sub-park (分园); the zone is the sum of its parks.
    PARK = "park"
    #: Outside the zone or another scope, such as Beijing city-wide; context only.
    OUTSIDE = "outside"


#: The id of the zone: an observation without an area refers to it.
ZONE_ID = "zone"
#: The id of the area of figures of another scope, which ``zone_wide: false`` meant.
OTHER_ID = "other"


@attrs.frozen
class Area:
    """A place figures refer to: the zone, one of its parks, or an area outside.

    Attributes:
        id: Stable identifier (``haidian``); observations name areas by it.
        name_zh: Its name in Chinese (``海淀园``); observations may use it too.
        name_en: Its name in English.
        kind: Zone, park or outside.
        district: The district it lies in, or ``""``.
        source: Where its existence and name are published, or ``""``.
        url: A link to the source, or ``""``.
        quote: The passage of the source that states it, verbatim, or ``""``.
        note: Anything a reader should know, or ``""``.
    """

    id: str
    name_zh: str
    name_en: str
    kind: AreaKind
    district: str = ""
    source: str = ""
    url: str = ""
    quote: str = ""
    note: str = ""


#: The areas of a plan whose data names none: the zone and the other scope.
DEFAULT_AREAS = (
    Area(ZONE_ID, "示范区", "the zone", AreaKind.ZONE),
    Area(OTHER_ID, "其他范围", "another scope", AreaKind.OUTSIDE),
)


@attrs.frozen
class SourceRef:
    """Where an element stands in the source document.

    Attributes:
        section: The section path in the source's own numbering, such as
            ``二(三)8`` (part 二, action (三), task 8) or ``附件`` for the annex.
        quote: A verbatim passage of the source that the element rests on.
    """

    section: str
    quote: str


@attrs.frozen
class Headings:
    """Headings of the parts of the published text, verbatim, for captions.

    Every heading is optional: a caption without one is written in English
    alone.  The guiding thought and the overall goal are captioned with their
    own titles.

    Attributes:
        principles_zh: The heading of the principles, e.g. ``主要原则``.
        actions_zh: The heading of the actions and tasks, e.g. ``主要任务``.
        safeguards_zh: The heading of the safeguards, e.g. ``保障措施``.
        annex_zh: The label of the annex holding the indicators, e.g. ``附件``.
        indicators_zh: The title of the table of indicators in the annex.
    """

    principles_zh: str | None = None
    actions_zh: str | None = None
    safeguards_zh: str | None = None
    annex_zh: str | None = None
    indicators_zh: str | None = None

    def caption(self, key: str, english: str) -> str:
        """``english`` after the Chinese heading ``key`` (``"principles"``) if there is one.

        >>> Headings(principles_zh="主要原则").caption("principles", "Principles")
        '主要原则 Principles'
        >>> Headings().caption("principles", "Principles")
        'Principles'
        """
        chinese = getattr(self, f"{key}_zh")
        return f"{chinese} {english}" if chinese else english

    @property
    def annex_title_zh(self) -> str | None:
        """The annex's label and title (``附件 中关村示范区……指标体系表``), or ``None``."""
        parts = [part for part in (self.annex_zh, self.indicators_zh) if part]
        return " ".join(parts) or None


def _year_before_start(document: Document) -> int:
    return document.start_year - 1


@attrs.frozen
class Document:
    """The metadata of the plan document.

    Attributes:
        id: Stable identifier of the document.
        title_zh: The title in Chinese, verbatim.
        title_en: The title in English.
        doc_number: The document number (文号), e.g. ``中示区组发〔2018〕4号``.
        issuer_zh: The issuing body (颁布部门), verbatim.
        issuer_en: The issuing body in English.
        issued: Date of issue (颁布时间).
        effective: Date it took effect (实施时间).
        published: Date it was published on the web (发布日期).
        start_year: First year of the plan period.
        end_year: Last year of the plan period, the year of its targets.
        source_url: Where the text was published.
        source: Reference to the passage stating the title.
        headings: The headings of the plan's parts, for captions.
        baseline_year: The year whose figures progress is measured from: the
            year before ``start_year`` unless the plan data says otherwise.
    """

    id: str
    title_zh: str
    title_en: str
    doc_number: str
    issuer_zh: str
    issuer_en: str
    issued: dt.date
    effective: dt.date
    published: dt.date
    start_year: int
    end_year: int
    source_url: str
    source: SourceRef
    headings: Headings = Headings()
    baseline_year: int = attrs.field(
        default=attrs.Factory(_year_before_start, takes_self=True), kw_only=True
    )


@attrs.frozen(kw_only=True)
class Passage:
    """A passage of the plan's text: its heading and the paragraph after it.

    The guiding thought, the overall goal, the goal areas, the principles, the
    tasks and the safeguards are passages; each adds what is its own (a number,
    the targets a goal states, the action a task belongs to).  Passages are
    made with keywords only (``Principle(id=..., number=..., ...)``): their
    fields are the passage's first, then their own, an order no caller should
    have to remember.

    Attributes:
        id: Stable identifier.
        title_zh: The heading words (or the section title), verbatim.
        title_en: The heading in English.
        text_zh: The paragraph after the heading, verbatim.
        summary_en: A short English summary.
        source: Where it stands in the source.
    """

    id: str
    title_zh: str
    title_en: str
    text_zh: str
    summary_en: str
    source: SourceRef


@attrs.frozen(kw_only=True)
class GuidingThought(Passage):
    """The guiding thought (指导思想), a :class:`Passage`."""


@attrs.frozen(kw_only=True)
class Principle(Passage):
    """One of the main principles (主要原则), a :class:`Passage`.

    Attributes:
        number: Its ordinal in the source (1-4).
    """

    number: int


@attrs.frozen(kw_only=True)
class Safeguard(Passage):
    """One of the safeguard measures (保障措施), a :class:`Passage`.

    Attributes:
        number: Its ordinal in the source (1-4).
    """

    number: int


class TitledByName:
    """An element the annex names rather than heads: its name is its title.

    Tables and links show every element by ``title_zh`` and ``title_en``;
    an indicator or a category answers with its name.
    """

    __slots__ = ()

    name_zh: str
    name_en: str

    @property
    def title_zh(self) -> str:
        """Same as :attr:`name_zh`, for uniformity with other elements."""
        return self.name_zh

    @property
    def title_en(self) -> str:
        """Same as :attr:`name_en`, for uniformity with other elements."""
        return self.name_en


@attrs.frozen
class IndicatorCategory(TitledByName):
    """A first-level indicator (一级指标) of the annex table.

    Attributes:
        id: Stable identifier.
        number: Its ordinal in the annex (1-3).
        name_zh: Its name in Chinese, verbatim.
        name_en: Its name in English.
        source: Where it stands in the source.
    """

    id: str
    number: int
    name_zh: str
    name_en: str
    source: SourceRef


@attrs.frozen
class Statistic(PicklesUnits):
    """A base statistic that indicators are derived from (总收入, 从业人员 …).

    Attributes:
        id: Stable identifier, used in formulas.
        name_zh: Its name in Chinese.
        name_en: Its name in English.
        unit: Its canonical unit.
        kind: Flow, stock or level.
        over_time: How figures of months or quarters make a longer period's.
        minimum: The least value a figure may have, in :attr:`unit`, or
            ``None`` when it may be any number (profits can be losses).
        whole: Whether a figure, in :attr:`unit`, is a whole count (件).
    """

    id: str
    name_zh: str
    name_en: str
    unit: Unit
    kind: IndicatorKind
    over_time: OverTime = OverTime.SUM
    minimum: Decimal | None = Decimal(0)
    whole: bool = False


@attrs.frozen
class Formula:
    """How an indicator is derived from base statistics: a ratio.

    Attributes:
        numerator: The id of the statistic on top.
        denominator: The id of the statistic below.
    """

    numerator: str
    denominator: str


@attrs.frozen
class Indicator(TitledByName, PicklesUnits):
    """A second-level indicator (二级指标) of the annex table.

    Attributes:
        id: Stable identifier.
        number: Its 序号 in the annex (1-16).
        name_zh: Its name in Chinese, as in the annex.
        name_en: Its name in English.
        category: The first-level indicator it belongs to.
        unit: Its canonical unit.
        direction: Whether higher or lower values are better.
        kind: Whether it is an annual flow, a stock or a level.
        definition_en: A one-line definition.
        formula: How it is derived from base statistics, or ``None``.
        target_id: The id of the target that measures it, or ``None``.
        source: Where it stands in the source.
        over_time: How figures of months or quarters make a longer period's;
            ``None`` for a ratio, which is computed from aggregated inputs.
        minimum: The least value a figure may have, in :attr:`unit`, or
            ``None`` when it may be any number.
        whole: Whether a figure, in :attr:`unit`, is a whole count (上市公司 in
            家, clusters in 个): 2-3个 is then met by 2 and 3, and 2.5 is refused.
    """

    id: str
    number: int
    name_zh: str
    name_en: str
    category: IndicatorCategory
    unit: Unit
    direction: Direction
    kind: IndicatorKind
    definition_en: str
    formula: Formula | None
    target_id: str | None
    source: SourceRef
    over_time: OverTime | None = None
    minimum: Decimal | None = Decimal(0)
    whole: bool = False

    @property
    def unit_text(self) -> str:
        """The canonical unit written as the plan writes it (``万元/人``)."""
        return unit_text(self.unit)


_ZERO = Decimal(0)


@functools.lru_cache(maxsize=4096)
def _fraction(value: Decimal) -> Fraction:
    # A target's numbers, as fractions: made once, not on every judgement.
    return Fraction(value)


@attrs.frozen
class Target(PicklesUnits):
    """A quantitative target of the plan.

    Attributes:
        id: Stable identifier.
        number: Its ordinal among the plan's targets, in text order (1-17).
        goal_id: The id of the goal area that states it.
        indicator: The annex indicator that measures it, or ``None``.
        comparator: How an observed value is judged against it.
        magnitude: The target value, exact, in :attr:`unit`; the lower end for
            :attr:`Comparator.BETWEEN`.
        upper_magnitude: The upper end for :attr:`Comparator.BETWEEN`, else ``None``.
        unit: The unit the target is stated in.
        tolerance: For :attr:`Comparator.ABOUT`, the relative tolerance, else ``None``.
        year: The year by which the target is to be reached.
        title_zh: What is measured, in Chinese.
        title_en: What is measured, in English.
        quote_zh: The phrase of the plan that states the target, verbatim.
        source: Where it stands in the source.
        growth: For a growth target, what it sets (a yearly rate, a multiple
            or a change in percentage points), else ``None``: the value is
            then of that growth, not of the indicator.
        base_year: For a growth target, the year it is measured from
            (比2017年), or ``None`` for the evaluation's baseline.
        coverage: For a target on how many parks have something (硬科技孵化器覆盖十六园),
            the id of the statistic counted per park; a park is covered when its
            figure is above zero.  Else ``None``.
    """

    id: str
    number: int
    goal_id: str
    indicator: Indicator | None
    comparator: Comparator
    magnitude: Decimal
    upper_magnitude: Decimal | None
    unit: Unit
    tolerance: Decimal | None
    year: int
    title_zh: str
    title_en: str
    quote_zh: str
    source: SourceRef
    growth: GrowthKind | None = None
    base_year: int | None = None
    coverage: str | None = None

    @property
    def is_growth(self) -> bool:
        """Whether the target sets a growth, judged against a base year, not a level."""
        return self.growth is not None

    @property
    def value(self) -> Quantity:
        """The target value as a new quantity (the lower end for a range)."""
        return Q_(float(self.magnitude), self.unit)

    @property
    def upper(self) -> Quantity | None:
        """The upper end of a range target as a new quantity, else ``None``."""
        if self.upper_magnitude is None:
            return None
        return Q_(float(self.upper_magnitude), self.unit)

    @property
    def direction(self) -> Direction:
        """Which way is better, by the indicator, or else implied by the comparator."""
        if self.indicator is not None:
            return self.indicator.direction
        if self.comparator in (Comparator.AT_MOST, Comparator.LESS_THAN):
            return Direction.LOWER_IS_BETTER
        return Direction.HIGHER_IS_BETTER

    @property
    def value_text(self) -> str:
        """The target written out, e.g. ``> 40 万元/人`` or ``2-3 个``."""
        unit = unit_text(self.unit)
        sep = "" if unit == "%" else " "
        if self.growth is not None:
            return self._growth_text(unit, sep)
        if self.comparator is Comparator.BETWEEN:
            return f"{self.magnitude}-{self.upper_magnitude}{sep}{unit}"
        if self.comparator is Comparator.ABOUT:
            return f"≈ {self.magnitude}{sep}{unit} (±{self.tolerance_percent}%)"
        return f"{self.comparator.symbol} {self.magnitude}{sep}{unit}"

    def _growth_text(self, unit: str, sep: str) -> str:
        base = f"{self.base_year}" if self.base_year is not None else "baseline"
        if self.comparator is Comparator.BETWEEN:
            amount = f"{self.magnitude}-{self.upper_magnitude}"
        else:
            amount = f"{self.comparator.symbol} {self.magnitude}"
        match self.growth:
            case GrowthKind.ANNUAL_RATE:
                return f"{amount}{sep}{unit} a year"
            case GrowthKind.MULTIPLE:
                return f"{amount} × {base}"
            case _:
                return f"{amount}{sep}{unit} since {base}"

    @property
    def tolerance_percent(self) -> Decimal:
        """The relative tolerance of an :attr:`Comparator.ABOUT` target, in percent."""
        return ((self.tolerance or Decimal(0)) * 100).normalize()

    def exact_value_of(self, quantity: Quantity) -> Fraction:
        """Return ``quantity`` in this target's unit, as an exact fraction.

        Raises:
            UnitMismatchError: if ``quantity`` has another dimension.
        """
        return exact_in(quantity, self.unit, f"target {self.id} ({self.title_zh})")

    def is_met(
        self, quantity: Quantity, *, tolerance: Tolerance = None, strict_ranges: bool = False
    ) -> bool:
        """Whether an observed ``quantity`` meets the target.

        Units are converted and the comparison is exact: 400000 元/人 equals
        40 万元/人, so it is not 超过 40 万元/人.

        Args:
            quantity: The observed value, in any unit of the same dimension.
            tolerance: For an :attr:`Comparator.ABOUT` target, a relative
                tolerance that replaces the one stated in the data.
            strict_ranges: Read 左右 and ranges as two-sided: a value past the
                band on the better side is not met (by default it is, 超额完成).

        Raises:
            UnitMismatchError: if ``quantity`` has another dimension.

        Example:
            >>> import zgc_plan
            >>> target = zgc_plan.load_plan().target("target-labour-productivity")
            >>> target.is_met(zgc_plan.Q_(41, "万元/人"))
            True
            >>> target.is_met(zgc_plan.Q_(400000, "元/人"))
            False
        """
        value = self.exact_value_of(quantity)
        return self.judge(value, tolerance=tolerance, strict_ranges=strict_ranges).met

    def is_met_by(
        self, value: Fraction, *, tolerance: Tolerance = None, strict_ranges: bool = False
    ) -> bool:
        """Whether an exact value, in this target's unit, meets the target.

        The comparison behind :meth:`is_met`, for callers that hold exact
        magnitudes already (as :func:`zgc_plan.evaluate` does).

        Example:
            >>> from fractions import Fraction
            >>> import zgc_plan
            >>> zgc_plan.load_plan().target("target-profit-margin").is_met_by(Fraction(10))
            True
        """
        return self.judge(value, tolerance=tolerance, strict_ranges=strict_ranges).met

    def judge(
        self, value: Fraction, *, tolerance: Tolerance = None, strict_ranges: bool = False
    ) -> Judgement:
        """The verdict on an exact value in this target's unit, with its relation sign.

        Example:
            >>> from fractions import Fraction
            >>> import zgc_plan
            >>> target = zgc_plan.load_plan().target("target-listed-companies")
            >>> target.judge(Fraction(600)).relation, target.judge(Fraction(600)).met
            ('>', True)
            >>> target.judge(Fraction(600), strict_ranges=True).met
            False
        """
        tol = exact(tolerance) if tolerance is not None else _fraction(self.tolerance or _ZERO)
        upper = _fraction(self.upper_magnitude) if self.upper_magnitude is not None else None
        # exact() returns a Fraction as it is, and reads an int or a float as
        # judge's whole-number arithmetic needs.
        return judge(
            self.comparator, exact(value), _fraction(self.magnitude), upper=upper, tolerance=tol,
            direction=self.direction, strict_ranges=strict_ranges,
        )  # fmt: skip


@attrs.frozen(kw_only=True)
class Task(Passage):
    """One of the 23 numbered tasks (主要任务), a :class:`Passage`.

    Attributes:
        number: Its number in the source (1-23, continuous across actions).
        action_id: The id of the action that holds it.
    """

    number: int
    action_id: str


@attrs.frozen
class Action:
    """One of the eight actions (行动) of the main tasks.

    Attributes:
        id: Stable identifier.
        number: Its ordinal in the source (1-8).
        title_zh: Its title, verbatim.
        title_en: Its title in English.
        summary_en: A short English summary.
        tasks: The tasks it holds, in order.
        source: Where it stands in the source.
    """

    id: str
    number: int
    title_zh: str
    title_en: str
    summary_en: str
    tasks: tuple[Task, ...]
    source: SourceRef


@attrs.frozen(kw_only=True)
class Goal(Passage):
    """One of the five goal areas (发展目标, the ——bullets), a :class:`Passage`.

    Attributes:
        number: Its ordinal in the source (1-5).
        targets: The quantitative targets it states, in text order.
    """

    number: int
    targets: tuple[Target, ...]


@attrs.frozen(kw_only=True)
class OverallGoal(Passage):
    """The overall goal that introduces the goal areas, a :class:`Passage`."""


def _index(elements: tuple[Indicator, ...]) -> dict[str | int, Indicator]:
    index: dict[str | int, Indicator] = {}
    for element in elements:
        index[element.id] = element
        index[element.number] = element
        index.setdefault(element.name_zh, element)
    return index


@attrs.frozen
class Plan:
    """A whole plan: document, goals, targets, actions, safeguards, indicators.

    Attributes:
        document: The document's metadata.
        guiding_thought: The guiding thought.
        principles: The main principles, in order.
        overall_goal: The overall goal.
        goals: The goal areas, in order, each with its targets.
        actions: The actions, in order, each with its tasks.
        safeguards: The safeguard measures, in order.
        categories: The indicator categories of the annex, in order.
        indicators: The indicators of the annex, in annex order.
        statistics: The base statistics that indicators derive from.
        areas: The zone, its parks and the areas outside that figures refer to.
    """

    document: Document
    guiding_thought: GuidingThought
    principles: tuple[Principle, ...]
    overall_goal: OverallGoal
    goals: tuple[Goal, ...]
    actions: tuple[Action, ...]
    safeguards: tuple[Safeguard, ...]
    categories: tuple[IndicatorCategory, ...]
    indicators: tuple[Indicator, ...]
    statistics: tuple[Statistic, ...] = ()
    areas: tuple[Area, ...] = DEFAULT_AREAS
    _indicator_index: Mapping[str | int, Indicator] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        # A private read-only lookup; frozen classes set it through object.__setattr__.
        object.__setattr__(self, "_indicator_index", MappingProxyType(_index(self.indicators)))

    def __getstate__(self) -> dict[str, object]:
        return {field.name: getattr(self, field.name) for field in attrs.fields(Plan) if field.init}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__attrs_post_init__()

    @property
    def tasks(self) -> tuple[Task, ...]:
        """All tasks of all actions, in order."""
        return tuple(task for action in self.actions for task in action.tasks)

    @property
    def targets(self) -> tuple[Target, ...]:
        """All targets of all goals, in order."""
        return tuple(target for goal in self.goals for target in goal.targets)

    def indicator(self, key: int | str) -> Indicator:
        """Return an indicator by its annex number (序号, ``7``), its id or its Chinese name.

        Raises:
            PlanKeyError: (a KeyError) if no indicator matches; the message lists the valid keys.
        """
        found = None if isinstance(key, bool) else self._indicator_index.get(key)
        if found is None:
            raise PlanKeyError(
                f"no indicator {key!r}: give an annex number "
                f"{self.indicators[0].number}-{self.indicators[-1].number}, an id "
                f"({', '.join(i.id for i in self.indicators)}) or a Chinese name"
                if self.indicators
                else f"no indicator {key!r}: the plan has no indicators"
            )
        return found

    def target(self, key: int | str) -> Target:
        """Return a target by its id, or by the indicator that measures it.

        An integer is an indicator's annex number (序号), as everywhere in the
        library: ``plan.target(7)`` is the target of indicator 7 (劳动生产率).
        A target that no indicator measures (硬科技孵化器覆盖十六园) is found by
        its id; :attr:`Target.number` is its ordinal in the text, for display.

        Raises:
            PlanKeyError: (a KeyError) if no target matches; the message lists the valid keys.
        """
        if isinstance(key, str):
            for target in self.targets:
                if target.id == key:
                    return target
        indicator = None if isinstance(key, bool) else self._indicator_index.get(key)
        if indicator is not None and indicator.target_id is not None:
            return self.target(indicator.target_id)
        unmeasured = [t.id for t in self.targets if t.indicator is None]
        raise PlanKeyError(
            f"no target {key!r}: give a target id, or an indicator's annex number, id or "
            f"Chinese name; targets measured by no indicator: {', '.join(unmeasured) or 'none'}"
        )

    def target_for(self, indicator: Indicator | int | str) -> Target | None:
        """Return the target measured by an indicator, or ``None``."""
        if not isinstance(indicator, Indicator):
            indicator = self.indicator(indicator)
        if indicator.target_id is None:
            return None
        return self.target(indicator.target_id)

    @property
    def zone(self) -> Area:
        """The zone, the area of observations that name none."""
        return self.area(ZONE_ID)

    @property
    def parks(self) -> tuple[Area, ...]:
        """The parks whose sum is the zone, in the data's order."""
        return tuple(area for area in self.areas if area.kind is AreaKind.PARK)

    def area(self, key: str) -> Area:
        """Return an area by its id (``haidian``) or its Chinese name (``海淀园``).

        Raises:
            PlanKeyError: (a KeyError) if no area has that id or name.

        Example:
            >>> import zgc_plan
            >>> plan = zgc_plan.load_plan()
            >>> plan.area("海淀园").id, len(plan.parks)
            ('haidian', 16)
        """
        for area in self.areas:
            if key in (area.id, area.name_zh):
                return area
        raise PlanKeyError(f"no area with id or Chinese name {key!r}")

    def statistic(self, key: str) -> Statistic:
        """Return a base statistic by its id.

        Raises:
            PlanKeyError: (a KeyError) if no statistic has that id.
        """
        for statistic in self.statistics:
            if statistic.id == key:
                return statistic
        raise PlanKeyError(f"no statistic with id {key!r}")
