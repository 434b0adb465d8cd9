"""Writing a plan back to YAML in the plan schema."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import yaml

from zgc_plan._load import SCHEMA_VERSION, UNBOUNDED
from zgc_plan._model import (
    DEFAULT_AREAS,
    Area,
    Document,
    Indicator,
    Plan,
    SourceRef,
    Statistic,
    Target,
)
from zgc_plan._unit_parsing import unit_text

__all__ = ["PlanDumper", "dump_plan", "plan_to_data"]


class PlanDumper(yaml.SafeDumper):
    """A dumper of its own, so that no global PyYAML state is changed."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    # Written as typed, so that 0.065 stays 0.065 and never passes through a float.
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


PlanDumper.add_representer(Decimal, _represent_decimal)


def _source(ref: SourceRef) -> dict[str, object]:
    return {"section": ref.section, "quote": ref.quote}


def _element(element: object, keys: tuple[str, ...]) -> dict[str, object]:
    data: dict[str, object] = {}
    for key in keys:
        value = getattr(element, key)
        data[key] = _source(value) if isinstance(value, SourceRef) else value
    return data


#: Document fields written apart: only when they hold something.
_OPTIONAL_DOCUMENT = ("headings", "baseline_year")
_TEXT = ("id", "title_zh", "title_en", "text_zh", "summary_en", "source")
_NUMBERED = ("id", "number", "title_zh", "title_en", "text_zh", "summary_en", "source")


def _target(target: Target) -> dict[str, object]:
    data: dict[str, object] = {
        "id": target.id,
        "number": target.number,
        "indicator": target.indicator.id if target.indicator else None,
        "title_zh": target.title_zh,
        "title_en": target.title_en,
        "comparator": target.comparator.value,
        "value": target.magnitude,
    }
    if target.upper_magnitude is not None:
        data["upper"] = target.upper_magnitude
    if target.tolerance is not None:
        data["tolerance"] = target.tolerance
    data |= {"unit": unit_text(target.unit), "year": target.year, "quote_zh": target.quote_zh}
    if target.coverage is not None:
        data["coverage"] = target.coverage
    return data


def _rules(element: Indicator | Statistic, data: dict[str, object]) -> dict[str, object]:
    """The aggregation rule and the lower bound, written when they say something."""
    if element.over_time is not None:
        data["over_time"] = element.over_time.value
    if element.minimum is None:
        data["minimum"] = UNBOUNDED
    elif element.minimum != 0:
        data["minimum"] = element.minimum
    if element.whole:
        data["whole"] = True
    return data


def _area(area: Area) -> dict[str, object]:
    data: dict[str, object] = {
        "id": area.id, "name_zh": area.name_zh, "name_en": area.name_en, "kind": area.kind.value,
    }  # fmt: skip
    for key in ("district", "source", "url", "quote", "note"):
        if getattr(area, key):
            data[key] = getattr(area, key)
    return data


def _indicator(indicator: Indicator) -> dict[str, object]:
    data: dict[str, object] = {
        "id": indicator.id,
        "number": indicator.number,
        "category": indicator.category.id,
        "name_zh": indicator.name_zh,
        "name_en": indicator.name_en,
        "unit": indicator.unit_text,
        "direction": indicator.direction.value,
        "kind": indicator.kind.value,
        "definition_en": indicator.definition_en,
    }
    _rules(indicator, data)
    if indicator.formula is not None:
        data["formula"] = attrs.asdict(indicator.formula)
    if indicator.target_id is not None:
        data["target"] = indicator.target_id
    data["source"] = _source(indicator.source)
    return data


def plan_to_data(plan: Plan) -> dict[str, object]:
    """Return the plan as plain data in the plan schema (dates as ISO strings)."""
    names = [f.name for f in attrs.fields(Document)]
    document = _element(plan.document, tuple(n for n in names if n not in _OPTIONAL_DOCUMENT))
    for key, value in document.items():
        if isinstance(value, dt.date):
            document[key] = value.isoformat()
    headings = attrs.asdict(plan.document.headings, filter=lambda _, value: value is not None)
    if headings:
        document["headings"] = headings
    # Written only when it is not what the model derives (the year before the start).
    default: Any = attrs.fields(Document).baseline_year.default  # an attrs.Factory
    derived = default.factory(plan.document)
    if plan.document.baseline_year != derived:
        document["baseline_year"] = plan.document.baseline_year
    return {
        "schema_version": SCHEMA_VERSION,
        "document": document,
        "guiding_thought": _element(plan.guiding_thought, _TEXT),
        "principles": [_element(p, _NUMBERED) for p in plan.principles],
        "overall_goal": _element(plan.overall_goal, _TEXT),
        "goals": [
            _element(goal, _NUMBERED) | {"targets": [_target(t) for t in goal.targets]}
            for goal in plan.goals
        ],
        "actions": [
            _element(action, ("id", "number", "title_zh", "title_en", "summary_en", "source"))
            | {"tasks": [_element(task, _NUMBERED) for task in action.tasks]}
            for action in plan.actions
        ],
        "safeguards": [_element(s, _NUMBERED) for s in plan.safeguards],
        "indicator_categories": [
            _element(c, ("id", "number", "name_zh", "name_en", "source")) for c in plan.categories
        ],
        "indicators": [_indicator(i) for i in plan.indicators],
        "statistics": [
            _rules(
                s,
                {
                    "id": s.id,
                    "name_zh": s.name_zh,
                    "name_en": s.name_en,
                    "unit": unit_text(s.unit),
                    "kind": s.kind.value,
                },
            )
            for s in plan.statistics
        ],
    } | ({} if plan.areas == DEFAULT_AREAS else {"areas": [_area(a) for a in plan.areas]})


def dump_plan(plan: Plan, path: str | os.PathLike[str] | None = None) -> str:
    """Write a plan as YAML in the plan schema; it loads back to an equal plan.

    Args:
        plan: The plan to write.
        path: If given, the file to write (UTF-8) as well.

    Returns:
        The YAML text.

    Example:
        >>> import zgc_plan
        >>> text = zgc_plan.dump_plan(zgc_plan.load_plan())
        >>> text.splitlines()[0]
        'schema_version: 1'
    """
    text = yaml.dump(
        plan_to_data(plan), Dumper=PlanDumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
