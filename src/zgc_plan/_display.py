"""Numbers with their units, written for people: ``41 万元/人``, ``6%``, ``1400000 件``.

One writer for every output, and for the model's own texts (an observation's
:attr:`~zgc_plan.Observation.value_text`, the messages about a value), so that a
figure reads the same wherever it is shown.
"""

from __future__ import annotations

from fractions import Fraction

from zgc_plan._exact import unit_key
from zgc_plan._registry import Unit
from zgc_plan._unit_parsing import unit_text

__all__ = ["format_magnitude"]

#: The text of each unit, kept by its (immutable, hashable) unit container:
#: pint takes tens of microseconds to write a unit, and outputs ask per figure.
_UNIT_TEXTS: dict[object, str] = {}


def _unit_str(unit: Unit) -> str:
    key = unit_key(unit)
    text = _UNIT_TEXTS.get(key)
    if text is None:
        text = _UNIT_TEXTS[key] = unit_text(unit)
    return text


def format_magnitude(magnitude: Fraction | float, unit: Unit) -> str:
    """Write a value with its unit, without float noise (``41 万元/人``, ``6%``)."""
    number = float(magnitude)
    text = f"{number:.6g}"
    if "e" in text:
        # Large counts such as 1400000 件 read better written out than as 1.4e+06.
        text = f"{number:.10g}"
    unit_str = _unit_str(unit)
    if unit_str == "%":
        return f"{text}%"
    return f"{text} {unit_str}" if unit_str else text
