"""Loading a plan from YAML: the shipped plan, or another in the same schema."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path as FsPath
from typing import TypeVar

import attrs

from zgc_plan._document import InputDocument
from zgc_plan._fields import Fields, Problems
from zgc_plan._files import read_text_file
from zgc_plan._model import (
    DEFAULT_AREAS,
    OTHER_ID,
    ZONE_ID,
    Action,
    Area,
    AreaKind,
    Comparator,
    Direction,
    Document,
    Formula,
    Goal,
    GuidingThought,
    Headings,
    Indicator,
    IndicatorCategory,
    IndicatorKind,
    OverallGoal,
    OverTime,
    Plan,
    Principle,
    Safeguard,
    SourceRef,
    Statistic,
    Target,
    Task,
)
from zgc_plan._snapshot import loads
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["load_plan", "parse_plan", "read_source_text", "read_text_file"]

SCHEMA_VERSION = 1
_COMPARATORS = [member.value for member in Comparator]
_DIRECTIONS = [member.value for member in Direction]
_KINDS = [member.value for member in IndicatorKind]
_OVER_TIME = [member.value for member in OverTime]
_AREA_KINDS = [member.value for member in AreaKind]
#: The areas file read beside a plan that names none (the shipped data has one).
AREAS_FILE = "areas.yaml"
#: The word that lifts the lower bound of a statistic (profits can be losses).
UNBOUNDED = "unbounded"
_AREA_TEXTS = ("district", "source", "url", "quote", "note")

#: Where a plan's data lives: a folder of the package, or a directory on disk.
Folder = Traversable | FsPath


def load_plan(path: str | os.PathLike[str] | None = None) -> Plan:
    """Load a plan.

    Args:
        path: A YAML file in the plan schema (``specs/plan.schema.json``).
            ``None`` loads the plan shipped with the library.

    Returns:
        The plan.  Without ``path`` the same immutable object is returned on
        every call.

    Raises:
        PlanDataError: if the file cannot be read or is malformed; the error
            lists every problem with its path and line.

    Example:
        >>> import zgc_plan
        >>> plan = zgc_plan.load_plan()
        >>> len(plan.tasks), len(plan.indicators), len(plan.targets)
        (23, 16, 17)
        >>> plan.document.doc_number
        '中示区组发〔2018〕4号'
    """
    if path is None:
        return _shipped_plan()
    return parse_plan(read_text_file(path), source=str(path), folder=FsPath(path).parent)


_SHIPPED_LOCK = threading.Lock()
_shipped: list[Plan] = []


def _shipped_plan() -> Plan:
    # The plan is immutable, so every caller may share one object, parsed once.
    # Threads that ask at the same time wait on the lock for that one parse, so
    # that all of them receive the same object.
    if not _shipped:
        with _SHIPPED_LOCK:
            if not _shipped:
                _shipped.append(_parse_shipped_plan())
    return _shipped[0]


def _parse_shipped_plan() -> Plan:
    return read_plan_folder(files(__package__).joinpath("data"), "zgc_plan/data/plan.yaml")


def read_plan_folder(folder: Traversable, source: str) -> Plan:
    """Read the ``plan.yaml`` of ``folder``, from its snapshot while that is current.

    The snapshot (``_snapshot``) spares importing PyYAML and reading the YAML.
    A snapshot that is missing, stale or malformed is passed over, and so is
    one whose data does not structure: reading the YAML then reports the
    problems with their lines.
    """
    data = folder.joinpath("plan.yaml").read_bytes()
    try:
        snapshot = loads(folder.joinpath("plan.snapshot.json").read_bytes(), data)
    except OSError:
        snapshot = None
    if snapshot is not None:
        try:
            return _structure(InputDocument(snapshot, {}, source), folder)
        except PlanDataError:
            pass
    return parse_plan(data, source=source, folder=folder)


def read_source_text() -> str:
    """Return the text of the plan as published, shipped with the library."""
    return files(__package__).joinpath("data", "source.txt").read_text(encoding="utf-8")


def parse_plan(
    data: bytes | str, source: str | None = None, *, folder: Folder | None = None
) -> Plan:
    """Build a :class:`Plan` from YAML text or bytes in the plan schema.

    Args:
        data: The YAML.
        source: The file name, for messages.
        folder: The plan's folder: a file the plan names (``areas: areas.yaml``)
            is read from it, and so is ``areas.yaml`` when the plan names no
            areas.  Without it, a named file is a problem.

    Raises:
        PlanDataError: listing every problem found.
    """
    from zgc_plan._yaml import read_yaml  # PyYAML is imported when YAML is read

    return _structure(read_yaml(data, source), folder)


def _structure(document: InputDocument, folder: Folder | None = None) -> Plan:
    problems = Problems(document)
    plan = _PlanReader(document, problems, folder).read()
    problems.raise_if_any()
    if plan is None:  # every missing part records a problem; this is a safety net
        raise PlanDataError((Problem("", "the plan is incomplete"),), source=document.source)
    return plan


def _default_over_time(kind: IndicatorKind) -> OverTime:
    # What a flow, a stock and a level are: a stock or a level is read at the end.
    return OverTime.SUM if kind is IndicatorKind.FLOW else OverTime.END


def _with_other(areas: list[Area | None]) -> tuple[Area, ...]:
    """The areas, with the other scope added when the data names none."""
    found = tuple(area for area in areas if area is not None)
    if any(area.id == OTHER_ID for area in found):
        return found
    return (*found, DEFAULT_AREAS[1])


def _source(fields: Fields) -> SourceRef | None:
    sub = fields.mapping("source")
    if sub is None:
        return None
    section, quote = sub.string("section"), sub.string("quote")
    sub.finish()
    if section is None or quote is None:
        return None
    return SourceRef(section, quote)


_TEXTS = ("title_zh", "title_en", "text_zh", "summary_en")
_E = TypeVar("_E")
_Text = TypeVar("_Text", GuidingThought, OverallGoal)
_Numbered = TypeVar("_Numbered", Principle, Safeguard)


def _build(
    cls: Callable[..., _E], fields: Fields, values: dict[str, object], **extra: object
) -> _E | None:
    """Finish reading ``fields`` and build the element, or ``None`` if a value is missing.

    Each missing or bad value has already been recorded as a problem.
    """
    fields.finish()
    if any(value is None for value in values.values()):
        return None
    return cls(**values, **extra)


def _declared_ids(data: object) -> set[str]:
    ids: set[str] = set()
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            ids.add(data["id"])
        for value in data.values():
            ids |= _declared_ids(value)
    elif isinstance(data, list):
        for item in data:
            ids |= _declared_ids(item)
    return ids


def _areas_document(folder: Folder, name: str, source: str) -> InputDocument:
    """The areas file ``name`` of ``folder``, from its snapshot while that is current."""
    data = folder.joinpath(name).read_bytes()
    try:
        snapshot = loads(folder.joinpath(_snapshot_name(name)).read_bytes(), data)
    except OSError:
        snapshot = None
    if snapshot is not None:
        return InputDocument(snapshot, {}, source)
    from zgc_plan._yaml import read_yaml

    return read_yaml(data, source)


def _snapshot_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0] if name.lower().endswith((".yaml", ".yml")) else name
    return f"{stem}.snapshot.json"


def _read_areas(fields: Fields, path: tuple[str | int, ...]) -> list[Area | None]:
    """Read a list of areas; every problem is recorded on ``fields``' problems."""
    problems = fields.problems
    areas: list[Area | None] = []
    seen: Counter[str] = Counter()
    for item in fields.items(str(path[-1])):
        values: dict[str, object] = {
            "id": item.string("id"),
            "name_zh": item.string("name_zh"),
            "name_en": item.string("name_en"),
            "kind": item.choice("kind", AreaKind, _AREA_KINDS),
        }
        texts = {key: item.string(key, required=False) or "" for key in _AREA_TEXTS}
        item.finish()
        for key in ("id", "name_zh"):
            value = values[key]
            if isinstance(value, str):
                seen[value] += 1
                if seen[value] == 2:
                    problems.add((*item.path, key), f"duplicate area id or name {value!r}")
        if values["kind"] is AreaKind.ZONE and values["id"] not in (None, ZONE_ID):
            problems.add((*item.path, "id"), f"the zone's id must be {ZONE_ID!r}")
        if any(value is None for value in values.values()):
            areas.append(None)
            continue
        areas.append(Area(**values, **texts))  # type: ignore[arg-type]
    zones = [a for a in areas if a is not None and a.kind is AreaKind.ZONE]
    if len(zones) != 1 and None not in areas:
        problems.add(path, f"expected exactly one area of kind 'zone', found {len(zones)}")
    return areas


class _PlanReader:
    def __init__(
        self, document: InputDocument, problems: Problems, folder: Folder | None = None
    ) -> None:
        self.document = document
        self.problems = problems
        self.folder = folder
        self.ids: Counter[str] = Counter()
        # Ids of every element written in the file, loaded or not: a reference to
        # an element that failed to load is not reported again as dangling.
        self.declared = _declared_ids(document.data)

    def _id(self, fields: Fields) -> str | None:
        value = fields.string("id")
        if value is not None:
            self.ids[value] += 1
            if self.ids[value] == 2:
                self.problems.add((*fields.path, "id"), f"duplicate id {value!r}")
        return value

    def read(self) -> Plan | None:
        root = Fields(self.document.data, (), self.problems)
        version = root.integer("schema_version")
        if version is not None and version != SCHEMA_VERSION:
            self.problems.add(
                ("schema_version",),
                f"schema version {version} is not supported (expected {SCHEMA_VERSION})",
            )
        document = self._document(root.mapping("document"))
        guiding = self._text_element(root.mapping("guiding_thought"), GuidingThought)
        principles = [self._numbered(f, Principle) for f in root.items("principles")]
        overall = self._text_element(root.mapping("overall_goal"), OverallGoal)
        categories = [self._category(f) for f in root.items("indicator_categories")]
        statistics = [self._statistic(f) for f in root.items("statistics", required=False)]
        indicators = self._indicators(root, categories, statistics)
        goals = self._goals(root, indicators, document)
        actions = [self._action(f) for f in root.items("actions")]
        safeguards = [self._numbered(f, Safeguard) for f in root.items("safeguards")]
        areas = self._areas(root)
        root.finish()
        self._check_target_links(indicators, goals)
        self._check_coverage(goals, statistics)
        parts: list[object] = [document, guiding, overall, *principles, *categories]
        parts += [*statistics, *indicators, *goals, *actions, *safeguards, *areas]
        if self.problems.items or any(part is None for part in parts):
            return None
        return Plan(
            document=document,  # type: ignore[arg-type]
            guiding_thought=guiding,  # type: ignore[arg-type]
            principles=tuple(principles),  # type: ignore[arg-type]
            overall_goal=overall,  # type: ignore[arg-type]
            goals=tuple(goals),  # type: ignore[arg-type]
            actions=tuple(actions),  # type: ignore[arg-type]
            safeguards=tuple(safeguards),  # type: ignore[arg-type]
            categories=tuple(categories),  # type: ignore[arg-type]
            indicators=tuple(indicators),  # type: ignore[arg-type]
            statistics=tuple(statistics),  # type: ignore[arg-type]
            areas=_with_other(areas),
        )

    def _areas(self, root: Fields) -> list[Area | None]:
        """The areas: a list in the plan, or a file beside it named by the plan."""
        value = root.data.get("areas")
        root.used.add("areas")
        if value is None:
            # No areas named: those of an areas file beside the plan, else the defaults.
            if self.folder is None or not self.folder.joinpath(AREAS_FILE).is_file():
                return list(DEFAULT_AREAS)
            value = AREAS_FILE
        if isinstance(value, list):
            return _read_areas(root, ("areas",))
        if not isinstance(value, str):
            self.problems.add(("areas",), "expected a list of areas or the name of an areas file")
            return [None]
        if self.folder is None:
            self.problems.add(
                ("areas",), f"names the file {value!r}, but the plan was not read from a file"
            )
            return [None]
        if "/" in value or "\\" in value or value.startswith("."):
            self.problems.add(("areas",), f"{value!r} is not a file name beside the plan")
            return [None]
        source = f"{self.document.source or '<plan>'} → {value}"
        try:
            document = _areas_document(self.folder, value, source)
        except OSError as error:
            reason = getattr(error, "strerror", None) or str(error)
            self.problems.add(("areas",), f"cannot read {value!r}: {reason}")
            return [None]
        problems = Problems(document)
        root_fields = Fields(document.data, (), problems)
        areas = _read_areas(root_fields, ("areas",))
        root_fields.finish()
        problems.raise_if_any()
        return areas

    def _check_coverage(self, goals: list[Goal | None], statistics: list[Statistic | None]) -> None:
        known = {s.id for s in statistics if s is not None}
        for g, goal in enumerate(goals):
            for t, target in enumerate(goal.targets if goal is not None else ()):
                if target.coverage is not None and target.coverage not in known:
                    self.problems.add(
                        ("goals", g, "targets", t, "coverage"),
                        f"no statistic has the id {target.coverage!r}",
                    )

    def _document(self, fields: Fields | None) -> Document | None:
        if fields is None:
            return None
        values = {
            "id": self._id(fields),
            "title_zh": fields.string("title_zh"),
            "title_en": fields.string("title_en"),
            "doc_number": fields.string("doc_number"),
            "issuer_zh": fields.string("issuer_zh"),
            "issuer_en": fields.string("issuer_en"),
            "issued": fields.date("issued"),
            "effective": fields.date("effective"),
            "published": fields.date("published"),
            "start_year": fields.integer("start_year", minimum=1900, maximum=2200),
            "end_year": fields.integer("end_year", minimum=1900, maximum=2200),
            "source_url": fields.string("source_url"),
            "source": _source(fields),
        }
        headings = self._headings(fields.mapping("headings", required=False))
        baseline = fields.integer("baseline_year", required=False, minimum=1900, maximum=2200)
        fields.finish()
        start, end = values["start_year"], values["end_year"]
        if isinstance(start, int) and isinstance(end, int) and end < start:
            self.problems.add((*fields.path, "end_year"), f"{end} is before start_year {start}")
            return None
        if isinstance(start, int) and baseline is not None and baseline > start:
            self.problems.add(
                (*fields.path, "baseline_year"), f"{baseline} is after start_year {start}"
            )
            return None
        if any(value is None for value in values.values()) or headings is None:
            return None
        if baseline is not None:
            values["baseline_year"] = baseline
        return Document(**values, headings=headings)  # type: ignore[arg-type]

    def _headings(self, fields: Fields | None) -> Headings | None:
        if fields is None:
            return Headings()
        names = [field.name for field in attrs.fields(Headings)]
        values = {name: fields.string(name, required=False) for name in names}
        fields.finish()
        return Headings(**values) if fields.ok else None

    def _common(
        self, fields: Fields, *texts: str, numbered: bool = True, sourced: bool = True
    ) -> dict[str, object]:
        """Read the keys most elements share: id, number, texts and source."""
        values: dict[str, object] = {"id": self._id(fields)}
        if numbered:
            values["number"] = fields.integer("number", minimum=1)
        values |= {key: fields.string(key) for key in texts}
        if sourced:
            values["source"] = _source(fields)
        return values

    def _text_element(self, fields: Fields | None, cls: type[_Text]) -> _Text | None:
        if fields is None:
            return None
        values = self._common(fields, *_TEXTS, numbered=False)
        return _build(cls, fields, values)

    def _numbered(self, fields: Fields, cls: type[_Numbered]) -> _Numbered | None:
        return _build(cls, fields, self._common(fields, *_TEXTS))

    def _category(self, fields: Fields) -> IndicatorCategory | None:
        return _build(IndicatorCategory, fields, self._common(fields, "name_zh", "name_en"))

    def _statistic(self, fields: Fields) -> Statistic | None:
        values = self._common(fields, "name_zh", "name_en", numbered=False, sourced=False)
        values["unit"] = fields.unit("unit")
        kind = values["kind"] = fields.choice("kind", IndicatorKind, _KINDS)
        over_time = self._over_time(fields)
        minimum = self._minimum(fields)
        whole = fields.boolean("whole")
        if not isinstance(kind, IndicatorKind):
            fields.finish()
            return None
        return _build(
            Statistic, fields, values, over_time=over_time or _default_over_time(kind),
            minimum=minimum, whole=whole,
        )  # fmt: skip

    def _over_time(self, fields: Fields) -> OverTime | None:
        if "over_time" not in fields.data or fields.data["over_time"] is None:
            fields.used.add("over_time")
            return None
        return fields.choice("over_time", OverTime, _OVER_TIME)

    def _minimum(self, fields: Fields) -> Decimal | None:
        """The ``minimum`` of a statistic or indicator: a number, or ``unbounded``."""
        if fields.data.get("minimum") == UNBOUNDED:
            fields.used.add("minimum")
            return None
        number = fields.number("minimum", required=False)
        return Decimal(0) if number is None else number

    def _indicators(
        self,
        root: Fields,
        categories: list[IndicatorCategory | None],
        statistics: list[Statistic | None],
    ) -> list[Indicator | None]:
        by_category = {c.id: c for c in categories if c is not None}
        by_statistic = {s.id: s for s in statistics if s is not None}
        indicators: list[Indicator | None] = []
        for fields in root.items("indicators"):
            category_id = fields.string("category")
            category = by_category.get(category_id) if category_id else None
            if category_id is not None and category is None and category_id not in self.declared:
                self.problems.add(
                    (*fields.path, "category"), f"no indicator category has the id {category_id!r}"
                )
            unit = fields.unit("unit")
            values = self._common(fields, "name_zh", "name_en", "definition_en")
            values |= {
                "category": category,
                "unit": unit,
                "direction": fields.choice("direction", Direction, _DIRECTIONS),
                "kind": fields.choice("kind", IndicatorKind, _KINDS),
            }
            formula = self._formula(fields.mapping("formula", required=False), by_statistic, unit)
            target_id = fields.string("target", required=False)
            over_time = self._over_time(fields)
            minimum = self._minimum(fields)
            whole = fields.boolean("whole")
            fields.finish()
            if over_time is not None and "formula" in fields.data:
                self.problems.add(
                    (*fields.path, "over_time"),
                    "a ratio indicator has no over_time: it is computed from its aggregated "
                    "numerator and denominator",
                )
            if any(value is None for value in values.values()):
                indicators.append(None)
                continue
            if over_time is None and "formula" not in fields.data:
                over_time = _default_over_time(values["kind"])  # type: ignore[arg-type]
            indicators.append(
                Indicator(
                    **values,  # type: ignore[arg-type]
                    formula=formula, target_id=target_id, over_time=over_time, minimum=minimum,
                    whole=whole,
                )
            )  # fmt: skip
        return indicators

    def _formula(
        self, fields: Fields | None, statistics: dict[str, Statistic], unit: object
    ) -> Formula | None:
        if fields is None:
            return None
        numerator, denominator = fields.string("numerator"), fields.string("denominator")
        fields.finish()
        for key, ref in (("numerator", numerator), ("denominator", denominator)):
            if ref is not None and ref not in statistics:
                self.problems.add((*fields.path, key), f"no statistic has the id {ref!r}")
                return None
        if numerator is None or denominator is None:
            return None
        ratio = statistics[numerator].unit / statistics[denominator].unit
        if unit is not None and ratio.dimensionality != unit.dimensionality:  # type: ignore[attr-defined]
            self.problems.add(
                fields.path,
                f"{numerator} ÷ {denominator} is in [{ratio.dimensionality}], "
                f"not in the indicator's [{unit.dimensionality}]",  # type: ignore[attr-defined]
            )
            return None
        return Formula(numerator, denominator)

    def _goals(
        self,
        root: Fields,
        indicators: list[Indicator | None],
        document: Document | None,
    ) -> list[Goal | None]:
        by_indicator = {i.id: i for i in indicators if i is not None}
        goals: list[Goal | None] = []
        for fields in root.items("goals"):
            goal_id = self._id(fields)
            source = _source(fields)
            targets = [
                self._target(target_fields, goal_id, source, by_indicator, document)
                for target_fields in fields.items("targets", required=False)
            ]
            values = {
                "id": goal_id,
                "number": fields.integer("number", minimum=1),
                "title_zh": fields.string("title_zh"),
                "title_en": fields.string("title_en"),
                "text_zh": fields.string("text_zh"),
                "summary_en": fields.string("summary_en"),
                "source": source,
            }
            fields.finish()
            if any(value is None for value in values.values()) or None in targets:
                goals.append(None)
                continue
            goals.append(Goal(**values, targets=tuple(targets)))  # type: ignore[arg-type]
        return goals

    def _target(
        self,
        fields: Fields,
        goal_id: str | None,
        goal_source: SourceRef | None,
        indicators: dict[str, Indicator],
        document: Document | None,
    ) -> Target | None:
        indicator_id = fields.string("indicator", required=False)
        indicator = indicators.get(indicator_id) if indicator_id else None
        if indicator_id is not None and indicator is None and indicator_id not in self.declared:
            self.problems.add(
                (*fields.path, "indicator"), f"no indicator has the id {indicator_id!r}"
            )
        comparator = fields.choice("comparator", Comparator, _COMPARATORS)
        unit = fields.unit("unit")
        magnitude = fields.number("value")
        upper = fields.number("upper", required=False)
        tolerance = fields.number("tolerance", required=False)
        end_year = document.end_year if document else None
        year = fields.integer("year", minimum=1900, maximum=2200)
        quote = fields.string("quote_zh")
        coverage = fields.string("coverage", required=False)
        values = {
            "id": self._id(fields),
            "number": fields.integer("number", minimum=1),
            "title_zh": fields.string("title_zh"),
            "title_en": fields.string("title_en"),
        }
        fields.finish()
        if comparator is Comparator.BETWEEN and magnitude is not None:
            if upper is None:
                self.problems.add(fields.path, "a 'between' target needs an 'upper' value")
            elif upper < magnitude:
                self.problems.add((*fields.path, "upper"), f"{upper} is below value {magnitude}")
        elif upper is not None and comparator is not None:
            self.problems.add((*fields.path, "upper"), "only a 'between' target has an upper value")
        if comparator is Comparator.ABOUT and tolerance is None:
            self.problems.add(fields.path, "an 'about' target needs a relative 'tolerance'")
        elif tolerance is not None and comparator is not Comparator.ABOUT:
            self.problems.add((*fields.path, "tolerance"), "only an 'about' target has a tolerance")
        if tolerance is not None and not 0 <= tolerance < 1:
            self.problems.add((*fields.path, "tolerance"), f"{tolerance} is not between 0 and 1")
        if (
            indicator is not None
            and unit is not None
            and unit.dimensionality != indicator.unit.dimensionality
        ):
            self.problems.add(
                (*fields.path, "unit"),
                f"unit {fields.data.get('unit')!r} is in [{unit.dimensionality}], but indicator "
                f"{indicator.id} is measured in {indicator.unit_text} [{indicator.unit.dimensionality}]",
            )
            return None
        if year is not None and end_year is not None and year > end_year + 50:
            self.problems.add((*fields.path, "year"), f"{year} is far beyond the plan period")
        if (
            comparator is None or unit is None or magnitude is None or year is None
            or quote is None or goal_id is None or goal_source is None
            or any(value is None for value in values.values())
        ):  # fmt: skip
            return None
        return Target(
            **values,  # type: ignore[arg-type]
            goal_id=goal_id,
            indicator=indicator,
            comparator=comparator,
            magnitude=magnitude,
            upper_magnitude=upper,
            unit=unit,
            tolerance=tolerance,
            year=year,
            quote_zh=quote,
            source=SourceRef(goal_source.section, quote),
            coverage=coverage,
        )

    def _action(self, fields: Fields) -> Action | None:
        values = self._common(fields, "title_zh", "title_en", "summary_en")
        action_id = values["id"] if isinstance(values["id"], str) else None
        tasks = [self._task(task_fields, action_id) for task_fields in fields.items("tasks")]
        if None in tasks:
            fields.finish()
            return None
        return _build(Action, fields, values, tasks=tuple(tasks))

    def _task(self, fields: Fields, action_id: str | None) -> Task | None:
        values = self._common(fields, *_TEXTS)
        values["action_id"] = action_id
        return _build(Task, fields, values)

    def _check_target_links(
        self, indicators: list[Indicator | None], goals: list[Goal | None]
    ) -> None:
        targets = {t.id: t for g in goals if g is not None for t in g.targets}
        if not all(goal is not None for goal in goals):
            return
        for index, indicator in enumerate(indicators):
            if indicator is None or indicator.target_id is None:
                continue
            target = targets.get(indicator.target_id)
            path = ("indicators", index, "target")
            if target is None:
                self.problems.add(path, f"no target has the id {indicator.target_id!r}")
            elif target.indicator is None or target.indicator.id != indicator.id:
                self.problems.add(
                    path, f"target {target.id!r} does not name indicator {indicator.id!r} back"
                )
