"""Targets found in a text, written as a plan skeleton in the plan schema, ready to edit.

The output is a complete plan that ``zgc-plan validate`` and ``load_plan``
accept: the targets as read, grouped into one goal per section of the text,
and every part the text cannot give (titles in English, dates, principles,
actions, an indicator) filled with a placeholder: the text ``TODO``, or a
value with a ``# TODO`` comment.  A phrase that states a target but cannot be
written as one (an unknown unit such as 岁, no year) is reported, not dropped
without a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

import yaml

from zgc_plan._characters import describe, first_unsafe
from zgc_plan._comparators import Comparator
from zgc_plan._converter import SCHEMA_VERSION
from zgc_plan._dump import PlanDumper
from zgc_plan._phrases import FoundTarget, read_targets
from zgc_plan._unit_parsing import parse_unit
from zgc_plan.exceptions import PlanDataError, Problem

__all__ = ["PLACEHOLDER", "extract_plan", "extract_yaml"]

#: The text that marks a placeholder to replace.
PLACEHOLDER = "TODO"
#: The tolerance written for …左右, which the text does not state (see specs/semantics.md).
ABOUT_TOLERANCE = Decimal("0.05")
_PLACEHOLDER_DATE = "1900-01-01"
_COMMENTED = re.compile(r"^(\s*(?:- )?(?:issued|effective|published|tolerance|unit): .*)$", re.M)


def _source(section: str, quote: str) -> dict[str, object]:
    return {"section": section or PLACEHOLDER, "quote": quote or PLACEHOLDER}


def _text_part(element_id: str, number: int | None = None) -> dict[str, object]:
    part: dict[str, object] = {"id": element_id}
    if number is not None:
        part["number"] = number
    part |= {
        "title_zh": PLACEHOLDER,
        "title_en": PLACEHOLDER,
        "text_zh": PLACEHOLDER,
        "summary_en": PLACEHOLDER,
        "source": _source("", ""),
    }
    return part


def _target(number: int, found: FoundTarget, text: str, year: int) -> dict[str, object]:
    parsed = found.target
    growth = parsed.growth
    comparator = growth.comparator if growth else parsed.comparator
    assert comparator is not None  # noqa: S101 (a level reading has one, a growth has its own)
    entry: dict[str, object] = {
        "id": f"target-{number}",
        "number": number,
        "indicator": None,
        "title_zh": parsed.indicator_zh or parsed.text,
        "title_en": PLACEHOLDER,
        "comparator": comparator.value,
        "value": parsed.value,
    }
    if parsed.upper is not None:
        entry["upper"] = parsed.upper
    if comparator is Comparator.ABOUT:
        entry["tolerance"] = ABOUT_TOLERANCE
    entry |= {"unit": parsed.unit_text or "1", "year": parsed.year or year}
    entry["quote_zh"] = _clause(text, found.start, found.end)
    if growth is not None:
        entry["growth"] = growth.kind
        if growth.base_year is not None:
            entry["base_year"] = growth.base_year
    return entry


_CLAUSE_ENDS = frozenset(",;:!?。;:!?\n\r，")
_CLAUSE_MAX = 120


def _clause(text: str, start: int, end: int) -> str:
    """The clause a target stands in, verbatim: 甲和乙分别超过40万元/人和260万元/人."""
    begin = start
    while begin > max(0, start - _CLAUSE_MAX) and text[begin - 1] not in _CLAUSE_ENDS:
        begin -= 1
    stop = end
    while stop < min(len(text), end + _CLAUSE_MAX) and text[stop] not in _CLAUSE_ENDS:
        stop += 1
    return text[begin:stop].strip()


def _writable(found: FoundTarget, text: str) -> Problem | None:
    """Why a target read from the text cannot stand in a plan, or ``None``."""
    parsed = found.target
    try:
        parse_unit(parsed.unit_text or "1")
    except PlanDataError:
        reason = f"{parsed.unit_text!r} is not a unit of the library's registry"
    else:
        growth = parsed.growth
        if growth is None or growth.base_year is None or parsed.year is None:
            return None
        if growth.base_year < parsed.year:
            return None
        reason = f"the base year {growth.base_year} is not before {parsed.year}"
    line = text.count("\n", 0, found.start) + 1
    column = found.start - (text.rfind("\n", 0, found.start) + 1) + 1
    return Problem("", f"cannot write {parsed.text!r} as a target: {reason}", line, column)


def _goals(kept: Iterable[FoundTarget], text: str, year: int) -> list[dict[str, object]]:
    goals: list[dict[str, object]] = []
    by_section: dict[str, dict[str, object]] = {}
    for number, found in enumerate(kept, start=1):
        goal = by_section.get(found.section)
        if goal is None:
            goal = _text_part(f"goal-{len(goals) + 1}", len(goals) + 1)
            goal["source"] = _source(found.section, "")
            goal["targets"] = []
            by_section[found.section] = goal
            goals.append(goal)
        target = _target(number, found, text, year)
        targets = goal["targets"]
        assert isinstance(targets, list)  # noqa: S101 (made just above)
        targets.append(target)
        if goal["source"] == _source(found.section, ""):
            goal["source"] = _source(found.section, str(target["quote_zh"]))
    return goals


def extract_plan(text: str) -> tuple[str, tuple[Problem, ...]]:
    """Read the targets of ``text`` into a plan skeleton.

    Returns:
        The YAML of the skeleton, and a problem for every phrase that states
        a target but was left out (unreadable, or not writable as a target).

    Raises:
        PlanDataError: if the text holds a control or bidirectional character
            (``specs/semantics.md``, "Text"), or no target at all.
    """
    index = first_unsafe(text)
    if index is not None:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        raise PlanDataError(
            (Problem("", f"{describe(text[index])} is not allowed in text", line, column),)
        )
    found, unread = read_targets(text)
    problems = list(unread)
    kept = []
    for item in found:
        problem = _writable(item, text)
        if problem is None:
            kept.append(item)
        else:
            problems.append(problem)
    years = [item.target.year for item in kept if item.target.year is not None]
    if not kept:
        raise PlanDataError((*problems, Problem("", "found no target to write")))
    end_year = max(years) if years else 2000
    start_year = min([*years, end_year])
    first_unit = kept[0].target.unit_text or "1"
    document = {
        "id": "document",
        "title_zh": PLACEHOLDER,
        "title_en": PLACEHOLDER,
        "doc_number": PLACEHOLDER,
        "issuer_zh": PLACEHOLDER,
        "issuer_en": PLACEHOLDER,
        "issued": _PLACEHOLDER_DATE,
        "effective": _PLACEHOLDER_DATE,
        "published": _PLACEHOLDER_DATE,
        "start_year": start_year,
        "end_year": end_year,
        "source_url": PLACEHOLDER,
        "source": _source("", ""),
    }
    action = {k: v for k, v in _text_part("action-1", 1).items() if k != "text_zh"}
    data = {
        "schema_version": SCHEMA_VERSION,
        "document": document,
        "guiding_thought": _text_part("guiding-thought"),
        "principles": [_text_part("principle-1", 1)],
        "overall_goal": _text_part("overall-goal"),
        "goals": _goals(kept, text, end_year),
        "actions": [action | {"tasks": [_text_part("task-1", 1)]}],
        "safeguards": [_text_part("safeguard-1", 1)],
        "indicator_categories": [
            {
                "id": "category-1",
                "number": 1,
                "name_zh": PLACEHOLDER,
                "name_en": PLACEHOLDER,
                "source": _source("", ""),
            }
        ],
        "indicators": [
            {
                "id": "indicator-1",
                "number": 1,
                "category": "category-1",
                "name_zh": PLACEHOLDER,
                "name_en": PLACEHOLDER,
                "unit": first_unit,
                "direction": "higher",
                "kind": "level",
                "definition_en": PLACEHOLDER,
                "source": _source("", ""),
            }
        ],
    }
    body = yaml.dump(data, Dumper=PlanDumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    body = _mark_placeholders(body)
    header = (
        "# A plan skeleton written by zgc-plan extract: the targets as read from the text.\n"
        f"# Each {PLACEHOLDER} is a placeholder to fill in, and so is each value marked "
        f"'# {PLACEHOLDER}'.\n"
    )
    ordered = sorted(problems, key=lambda problem: (problem.line or 0, problem.column or 0))
    return header + body, tuple(ordered)


def _mark_placeholders(body: str) -> str:
    """Add a ``# TODO`` comment to the placeholder dates, tolerances and the indicator's unit."""
    lines = body.split("\n")
    in_indicators = False
    for index, line in enumerate(lines):
        if line.startswith("indicators:"):
            in_indicators = True
        elif line and not line.startswith((" ", "-")):
            in_indicators = False
        if not _COMMENTED.match(line):
            continue
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        if key == "unit" and not in_indicators:
            continue
        if key in {"issued", "effective", "published"} or key == "unit":
            lines[index] = f"{line}  # {PLACEHOLDER}"
        elif key == "tolerance":
            lines[index] = f"{line}  # {PLACEHOLDER}: the text gives no tolerance for 左右"
    return "\n".join(lines)


def extract_yaml(text: str) -> str:
    r"""Return the targets of ``text`` as a plan skeleton in YAML (see :func:`extract_plan`).

    Phrases that cannot be written as targets are left out; use
    :func:`extract_plan` to have them reported.

    Example:
        >>> text = extract_yaml("(三)发展目标\n到2022年,劳动生产率超过40万元/人。")
        >>> print(text[text.index("  targets:") :].split("\nactions:")[0])
          targets:
          - id: target-1
            number: 1
            indicator: null
            title_zh: 劳动生产率
            title_en: TODO
            comparator: more_than
            value: 40
            unit: 万元/人
            year: 2022
            quote_zh: 劳动生产率超过40万元/人
    """
    return extract_plan(text)[0]
