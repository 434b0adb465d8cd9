"""Units, in one import: the registry, unit strings, exact magnitudes, pickling.

Each job has a module of its own (``_registry``, ``_unit_parsing``,
``_exact``, ``_pickling``); this module gathers their names for code that
wants all of them, so ``from zgc_plan._units import ureg, parse_unit`` keeps
working.  The library's own modules import from the module of the job.
"""

from __future__ import annotations

from zgc_plan._exact import (
    adopt,
    check_dimension,
    convert_exact,
    exact,
    exact_in,
    finite_float,
    unit_factor,
    unit_key,
)
from zgc_plan._pickling import PicklesUnits
from zgc_plan._registry import (
    Q_,
    Quantity,
    Unit,
    build_registry,
    freeze,
    read_definitions,
    unit_definitions,
    ureg,
)
from zgc_plan._unit_parsing import (
    MAX_POWER,
    MAX_SCALE,
    MAX_TEXT,
    bounded,
    normalize_text,
    parse_quantity,
    parse_unit,
    unit_text,
)

__all__ = [
    "MAX_POWER",
    "MAX_SCALE",
    "MAX_TEXT",
    "Q_",
    "PicklesUnits",
    "Quantity",
    "Unit",
    "adopt",
    "bounded",
    "build_registry",
    "check_dimension",
    "convert_exact",
    "exact",
    "exact_in",
    "finite_float",
    "freeze",
    "normalize_text",
    "parse_quantity",
    "parse_unit",
    "read_definitions",
    "unit_definitions",
    "unit_factor",
    "unit_key",
    "unit_text",
    "ureg",
]
