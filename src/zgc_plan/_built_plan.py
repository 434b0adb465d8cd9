"""The shipped plan built once: its model objects, pickled beside its data.

Building a :class:`~zgc_plan.Plan` from plain data means importing cattrs and
having it generate and compile a structuring function for each model class:
two thirds of a first ``load_plan()`` (the figures are in
``docs/performance.md``).  ``data/plan.pickle`` holds the shipped plan as
built from ``data/plan.yaml``, behind a header with the SHA-256 of every file
it was built from and of the model's layout (each class's fields, each
enumeration's values).  The loader unpickles it only while both match, so an
edited ``plan.yaml``, ``areas.yaml`` or ``units.txt``, or a changed model
class, is never shadowed by a stale pickle: the YAML stays the one source of
the plan, and the pickle a cache of building it.

Only the package's own file is ever unpickled, never a user's: a plan from a
user's file is read from its YAML.

After editing the plan's data or its model, write the pickle again with
``nox -s snapshot`` (which calls :func:`write_shipped`); a test fails while it is stale.
"""

from __future__ import annotations

import enum
import hashlib
import os
import pickle
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

import attrs

import zgc_plan._model as _model
from zgc_plan._model import Plan

__all__ = ["FILE", "INPUTS", "loads", "write", "write_shipped"]

#: The name of the pickle in a data folder.
FILE = "plan.pickle"
#: The files of the data folder that the built plan depends on.
INPUTS = ("plan.yaml", "areas.yaml", "units.txt")
#: The first line of the file: what it is and the version of its layout.
_MAGIC = b"zgc_plan built plan 1\n"


def _layout() -> bytes:
    """What unpickling relies on: every model class's fields, every enumeration's values."""
    lines = []
    for name, value in sorted(vars(_model).items()):
        if isinstance(value, type) and attrs.has(value):
            lines.append(f"{name}: {' '.join(field.name for field in attrs.fields(value))}")
        elif isinstance(value, type) and issubclass(value, enum.Enum):
            lines.append(f"{name}: {' '.join(str(member.value) for member in value)}")
    return "\n".join(lines).encode()


def _header(inputs: Iterable[bytes]) -> bytes:
    digest = hashlib.sha256(_layout())
    for content in inputs:
        digest.update(hashlib.sha256(content).digest())
    return _MAGIC + digest.hexdigest().encode() + b"\n"


def _inputs(folder: Traversable | Path) -> list[bytes]:
    # A missing input counts as empty: the plan built without it stays valid
    # only while it stays missing.
    contents = []
    for name in INPUTS:
        path = folder.joinpath(name)
        contents.append(path.read_bytes() if path.is_file() else b"")
    return contents


def loads(folder: Traversable | Path) -> Plan | None:
    """The plan pickled in ``folder``, or ``None`` when there is no current one.

    ``None`` when the pickle is missing, when its header is not that of the
    folder's files and of this model, and when it does not unpickle into a
    plan: the caller then builds the plan from its data.
    """
    try:
        content = folder.joinpath(FILE).read_bytes()
        header = _header(_inputs(folder))
    except OSError:
        return None
    if not content.startswith(header):
        return None
    try:
        plan = pickle.loads(content[len(header) :])  # noqa: S301 (the package's own file)
    except Exception:
        return None
    return plan if isinstance(plan, Plan) else None


def write(folder: str | os.PathLike[str], plan: Plan) -> Path:
    """Write ``plan``, built from the data of ``folder``, as its ``plan.pickle``.

    Returns:
        The path written.
    """
    target = Path(folder, FILE)
    header = _header(_inputs(Path(folder)))
    target.write_bytes(header + pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
    return target


def write_shipped() -> None:
    """Write the JSON snapshots and the pickle of the package's data folder."""
    from zgc_plan._load import SHIPPED_SOURCE, read_plan_folder
    from zgc_plan._snapshot import write as write_snapshot

    folder = Path(__file__).with_name("data")
    print(write_snapshot(folder))
    # Built from the data, never from the pickle being replaced.
    (folder / FILE).unlink(missing_ok=True)
    print(write(folder, read_plan_folder(folder, SHIPPED_SOURCE)))
