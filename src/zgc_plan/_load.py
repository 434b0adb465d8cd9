"""Loading a plan from YAML: the shipped plan, or another in the same schema.

Reading files is this module's job; the plan's shape, and building the model
from plain data, are the converter's (``_converter``).  The converter, and
cattrs with it, is imported when a plan is built from data: the shipped plan
comes built (``_built_plan``) while its pickle is current.
"""

from __future__ import annotations

import os
import threading
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path as FsPath
from typing import TYPE_CHECKING

from zgc_plan._arguments import describe
from zgc_plan._built_plan import loads as load_built_plan
from zgc_plan._document import InputDocument
from zgc_plan._files import read_text_file
from zgc_plan._model import Area, Plan
from zgc_plan._snapshot import loads
from zgc_plan.exceptions import PlanArgumentError, PlanDataError

if TYPE_CHECKING:
    from zgc_plan._converter import AreasProblem

__all__ = [
    "AREAS_FILE",
    "load_plan",
    "parse_plan",
    "plan_or_shipped",
    "read_source_text",
    "read_text_file",
]

#: The areas file read beside a plan that names none (the shipped data has one).
AREAS_FILE = "areas.yaml"

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


def plan_or_shipped(plan: object) -> Plan:
    """The plan a function is given, or the shipped plan for ``None``.

    Raises:
        PlanArgumentError: for anything else, such as the path of a plan file,
            naming :func:`load_plan`, which reads one.
    """
    if plan is None:
        return _shipped_plan()
    if isinstance(plan, Plan):
        return plan
    hint = (
        " (read a plan file with zgc_plan.load_plan(path))"
        if isinstance(plan, str | os.PathLike)
        else ""
    )
    raise PlanArgumentError(f"plan must be a Plan{hint}, got {describe(plan)}")


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


#: The shipped plan's name in messages.
SHIPPED_SOURCE = "zgc_plan/data/plan.yaml"


def _parse_shipped_plan() -> Plan:
    folder = files(__package__).joinpath("data")
    built = load_built_plan(folder)
    return built if built is not None else read_plan_folder(folder, SHIPPED_SOURCE)


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
    from zgc_plan._converter import structure_plan

    return structure_plan(document, _areas_file(document, folder))


def _areas_file(
    document: InputDocument, folder: Folder | None
) -> tuple[Area, ...] | AreasProblem | None:
    """The areas of the file the plan names, or of ``areas.yaml`` beside a plan that names none.

    ``None`` when the plan's data holds its areas, names none and has no file
    beside it, or names a file while not read from a folder (the converter
    reports that).  The problems of the areas file itself are raised at once.
    """
    from zgc_plan._converter import AreasProblem, structure_areas

    name = document.data.get("areas") if isinstance(document.data, dict) else None
    if name is None and folder is not None and folder.joinpath(AREAS_FILE).is_file():
        name = AREAS_FILE
    if not isinstance(name, str) or folder is None:
        return None
    if "/" in name or "\\" in name or name.startswith("."):
        return AreasProblem(f"{name!r} is not a file name beside the plan")
    source = f"{document.source or '<plan>'} → {name}"
    try:
        areas = _areas_document(folder, name, source)
    except OSError as error:
        reason = getattr(error, "strerror", None) or str(error)
        return AreasProblem(f"cannot read {name!r}: {reason}")
    return structure_areas(areas)


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
