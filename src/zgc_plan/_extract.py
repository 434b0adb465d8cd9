"""Targets found in a text, written as YAML in the plan schema, ready to edit."""

from __future__ import annotations

import yaml

from zgc_plan._dump import PlanDumper
from zgc_plan._phrases import FoundTarget, find_targets

__all__ = ["extract_yaml"]


def _comparator(found: FoundTarget) -> str | None:
    parsed = found.target
    comparator = parsed.growth.comparator if parsed.growth else parsed.comparator
    return comparator.value if comparator is not None else None


def _target(number: int, found: FoundTarget, text: str) -> dict[str, object]:
    parsed = found.target
    # Folding full-width characters keeps positions, so the original text can be sliced.
    start = max(found.end - len(parsed.indicator_zh) - len(parsed.text), 0)
    entry: dict[str, object] = {
        "id": f"target-{number}",
        "number": number,
        "indicator": None,
        "title_zh": parsed.indicator_zh or parsed.text,
        "title_en": "",
        "comparator": _comparator(found),
        "value": parsed.value,
    }
    if parsed.upper is not None:
        entry["upper"] = parsed.upper
    if parsed.growth is not None:
        growth = parsed.growth
        entry["growth"] = {
            "kind": growth.kind,
            "rate_or_factor": growth.rate_or_factor,
            "base_year": growth.base_year,
        }
    entry |= {
        "unit": parsed.unit_text,
        "year": parsed.year,
        "quote_zh": text[start : found.end],
        "section": found.section,
    }
    return entry


def extract_yaml(text: str) -> str:
    r"""Return every target phrase of ``text`` as YAML in the plan schema.

    Each entry carries the section it was found in (``section``), so that
    phrases outside the goals (an age limit in a task, say) can be told apart
    and removed; ``title_en``, ``indicator`` and ``id`` are left to fill in.

    Example:
        >>> print(extract_yaml("(三)发展目标\n到2022年,劳动生产率超过40万元/人。"), end="")
        targets:
        - id: target-1
          number: 1
          indicator: null
          title_zh: 劳动生产率
          title_en: ''
          comparator: more_than
          value: 40
          unit: 万元/人
          year: 2022
          quote_zh: 劳动生产率超过40万元/人
          section: (三)
    """
    found = find_targets(text)
    data = {"targets": [_target(index, item, text) for index, item in enumerate(found, start=1)]}
    return yaml.dump(data, Dumper=PlanDumper, allow_unicode=True, sort_keys=False, width=1_000_000)
