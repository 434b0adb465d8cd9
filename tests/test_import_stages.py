"""Data flows one way: no module imports a module of a later stage.

Spec (docs/contributing.md, "Layout"): "Data flows one way: reading → model
→ evaluation → output. No module imports a module of a later stage, not even
under ``TYPE_CHECKING`` or inside a function; the public facade (``__init__``),
the command line (``__main__``) and the Sphinx extension (``sphinxext``) are
the wiring and may import anything."

Every module of ``src/zgc_plan`` has a stage in ``STAGES``; a new module
without one fails here until it is given one.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan._outputs import output_module

PACKAGE = Path(zgc_plan.__file__).parent

READING, MODEL, EVALUATION, OUTPUT, WIRING = range(5)
STAGE_NAMES = ("reading", "model", "evaluation", "output", "wiring")

#: The stage of each module.  Reading: bytes, text, numbers and units into
#: checked plain data.  Model: the typed plan and observations, and building
#: them from plain data.  Evaluation: judging observations against targets.
#: Output: tables, JSON, YAML, pictures.  Wiring may import anything.
STAGES = {
    "exceptions": READING,
    "_arguments": READING,
    "_document": READING,
    "_files": READING,
    "_yaml": READING,
    "_fields": READING,
    "_numerals": READING,
    "_numbers": READING,
    "_characters": READING,
    "_registry": READING,
    "_unit_parsing": READING,
    "_exact": READING,
    # A number with its unit, written for people: the model's own texts need it too.
    "_display": READING,
    "_pickling": READING,
    "_units": READING,
    "_snapshot": READING,
    "_frame_io": READING,
    "_version": READING,
    "_model": MODEL,
    "_labels": MODEL,
    "_comparators": MODEL,
    "_built_plan": MODEL,
    "_load": MODEL,
    "_converter": MODEL,
    "_observations": MODEL,
    "_observation_checks": MODEL,
    "_observation_files": MODEL,
    "_observation_rows": MODEL,
    "_derive": MODEL,
    "_phrases": MODEL,
    "_tasks": MODEL,
    "_links": MODEL,
    "_periods": MODEL,
    "_aggregate": MODEL,
    "_allocations": MODEL,
    "_frames": MODEL,
    "_microdata": MODEL,
    "_synthetic": MODEL,
    "_evaluate": EVALUATION,
    "_growth": EVALUATION,
    "_areas": EVALUATION,
    "_assess": EVALUATION,
    # An override sets an assessment's status: it is read with the statuses it sets.
    "_overrides": EVALUATION,
    "_midterm": EVALUATION,
    "_progress": EVALUATION,
    "_warnings": EVALUATION,
    "_assessment": EVALUATION,
    "_outputs": EVALUATION,
    "_report": OUTPUT,
    "_assess_report": OUTPUT,
    "_assess_plot": OUTPUT,
    "_write_observations": OUTPUT,
    "_manifest": OUTPUT,
    "_progress_report": OUTPUT,
    "_html_report": OUTPUT,
    "_report_file": OUTPUT,
    "_dump": OUTPUT,
    "_plot": OUTPUT,
    "_scorecard": OUTPUT,
    "_extract": OUTPUT,
    "_escape": OUTPUT,
    "_frames_out": OUTPUT,
    "_sdmx": OUTPUT,
    "_datapackage": OUTPUT,
    "_exchange": OUTPUT,
    "__init__": WIRING,
    "__main__": WIRING,
    "sphinxext": WIRING,
    "frames": WIRING,
    "_cli_frames": WIRING,
}


def _module_name(path: Path) -> str:
    return path.stem


def _imported(tree: ast.Module) -> set[str]:
    """Modules of the package imported anywhere in ``tree``: top level, functions, TYPE_CHECKING."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from ._x import y
                base = node.module or ""
                names = [f"zgc_plan.{base}".rstrip(".")] if base else []
                names += [f"zgc_plan.{alias.name}" for alias in node.names if not base]
            else:
                base = node.module or ""
                names = [base]
                if base == "zgc_plan":  # from zgc_plan import _x (a module) or a name
                    names += [
                        f"zgc_plan.{alias.name}"
                        for alias in node.names
                        if (PACKAGE / f"{alias.name}.py").exists()
                    ]
        else:
            continue
        for name in names:
            if name == "zgc_plan":
                found.add("__init__")
            elif name.startswith("zgc_plan."):
                found.add(name.split(".")[1])
    return found


def _imports() -> dict[str, set[str]]:
    return {
        _module_name(path): _imported(ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(PACKAGE.glob("*.py"))
    }


def test_every_module_has_a_stage() -> None:
    modules = {_module_name(path) for path in PACKAGE.glob("*.py")}
    assert modules - STAGES.keys() == set(), "give each new module a stage in STAGES"
    assert STAGES.keys() - modules == set(), "remove modules that are gone from STAGES"


def test_no_module_imports_a_later_stage() -> None:
    violations = set()
    for module, imported in _imports().items():
        stage = STAGES[module]
        if stage == WIRING:
            continue
        for other in imported - {module}:
            if STAGES.get(other, WIRING) > stage:
                violations.add((module, other))
    described = [
        f"{a} ({STAGE_NAMES[STAGES[a]]}) imports {b} ({STAGE_NAMES[STAGES.get(b, WIRING)]})"
        for a, b in sorted(violations)
    ]
    assert not described, described


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from zgc_plan._report import render", {"_report"}),
        ("import zgc_plan._report as r", {"_report"}),
        ("from zgc_plan import _report", {"__init__", "_report"}),
        ("from zgc_plan import load_plan", {"__init__"}),
        ("from ._report import render", {"_report"}),
        ("from . import _report", {"_report"}),
        ("def f():\n    from zgc_plan._report import render", {"_report"}),
        (
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from zgc_plan._plot import x",
            {"_plot"},
        ),
        ("import os\nfrom pint import Unit", set()),
    ],
)
def test_imports_are_found_wherever_they_stand(source: str, expected: set[str]) -> None:
    """The walk sees imports at the top, inside functions and under TYPE_CHECKING."""
    assert _imported(ast.parse(source)) == expected


#: The output code each result of evaluation looks up: role, and the module and
#: protocol class that say what the result calls of it.
_WIRED = [
    ("evaluation", "_outputs", "Writer"),
    ("frames", "_evaluate", "_EvaluationFrames"),
    ("assessment", "_outputs", "Writer"),
    ("frames", "_assess", "_AssessmentFrames"),
    ("assessment plot", "_assess", "_AssessmentPlotter"),
]


@pytest.mark.parametrize(("role", "module_name", "class_name"), _WIRED)
def test_the_facade_wires_every_output_a_result_looks_up(
    role: str, module_name: str, class_name: str
) -> None:
    """The results reach the output code through the facade: "the public facade wires defaults".

    The module wired for each role has every function the result calls.
    """
    wanted = vars(importlib.import_module(f"zgc_plan.{module_name}"))[class_name]
    module = output_module(role)
    names = {name for name in vars(wanted) if not name.startswith("_")}
    assert names
    assert {name for name in names if callable(getattr(module, name, None))} == names


def test_an_unwired_role_is_named() -> None:
    """A role the facade did not wire fails with its name, not with an import error."""
    with pytest.raises(LookupError, match="'sdmx'"):
        output_module("sdmx")


def test_the_layout_table_of_the_contributing_guide_lists_every_module_by_stage() -> None:
    """docs/contributing.md, "Layout": the table gives the stage of every module, as here."""
    guide = Path(__file__).parents[1] / "docs" / "contributing.md"
    listed: dict[str, int] = {}
    for line in guide.read_text(encoding="utf-8").splitlines():
        stage = next(
            (i for i, name in enumerate(STAGE_NAMES) if line.startswith(f"| {name}")), None
        )
        if stage is not None:
            cells = line.split("|")[2]
            for module in re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", cells)):
                listed[module] = stage
    assert listed == STAGES
