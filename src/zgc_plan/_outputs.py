"""Where results find the code that writes them: a table of output modules by role.

Data flows one way (reading → model → evaluation → output), so
:meth:`Evaluation.to_json <zgc_plan.Evaluation.to_json>` cannot import the
output module that writes an evaluation.  It asks this table instead, for the
module of its role (``"evaluation"``, ``"frames"`` …), and the public facade
(``zgc_plan/__init__.py``) wires the shipped output modules in.  A module is
named here, not imported, until a result is first written, so the output code
costs nothing at start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Literal, Protocol, TypeAlias, TypeVar

from zgc_plan.exceptions import PlanDataError

__all__ = ["FORMATS", "Format", "Writer", "output_module", "render_in", "wire"]

_Result = TypeVar("_Result")
_Written = TypeVar("_Written", contravariant=True)

#: The formats an evaluation and an assessment render in.
Format: TypeAlias = Literal["table", "json", "csv", "markdown"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "markdown")

#: The dotted name of the module of each role, filled by the facade.
_MODULES: dict[str, str] = {}


class Writer(Protocol[_Written]):
    """What the output module of a result's role provides: ``Writer[Evaluation]``.

    The result's own ``to_json``, ``to_csv`` … call these.
    """

    def to_dict(self, result: _Written, /) -> dict[str, object]: ...
    def to_json(self, result: _Written, /, *, indent: int | None) -> str: ...
    def to_csv(self, result: _Written, /, *, bom: bool) -> str: ...
    def to_markdown(self, result: _Written, /) -> str: ...
    def to_table(self, result: _Written, /) -> str: ...
    def render(self, result: _Written, format: Format, /) -> str: ...


def wire(role: str, module: str) -> None:
    """Make ``module`` (a dotted name, imported on first use) the output code of ``role``."""
    _MODULES[role] = module


def output_module(role: str) -> ModuleType:
    """The output module wired for ``role``, imported now if it was not yet.

    Raises:
        LookupError: if no module is wired for ``role``.
    """
    try:
        name = _MODULES[role]
    except KeyError:
        raise LookupError(f"no output module is wired for {role!r}") from None
    return importlib.import_module(name)


def render_in(
    format: Format,
    result: _Result,
    *,
    table: Callable[[_Result], str],
    json: Callable[[_Result], str],
    csv: Callable[[_Result], str],
    markdown: Callable[[_Result], str],
) -> str:
    """``result`` written by the writer of ``format``; JSON text ends in a newline.

    Raises:
        PlanDataError: (a ValueError) if ``format`` is none of :data:`FORMATS`.
    """
    writers = {"table": table, "json": json, "csv": csv, "markdown": markdown}
    writer = writers.get(format)
    if writer is None:
        raise PlanDataError(
            f"unknown format {format!r}; expected one of {', '.join(FORMATS)}", source="<format>"
        )
    text = writer(result)
    return text + "\n" if format == "json" else text
