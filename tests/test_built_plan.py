"""The shipped plan built once and pickled beside its data (``_built_plan``).

Spec (``_built_plan``): "The loader unpickles it only while both match, so an
edited ``plan.yaml``, ``areas.yaml`` or ``units.txt``, or a changed model
class, is never shadowed by a stale pickle."
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan import _built_plan
from zgc_plan._converter import unstructure_plan
from zgc_plan._load import SHIPPED_SOURCE, parse_plan, read_plan_folder

DATA = files("zgc_plan").joinpath("data")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    names = ("plan.yaml", "plan.snapshot.json", "areas.yaml", "areas.snapshot.json", "units.txt")
    for name in (*names, _built_plan.FILE):
        (tmp_path / name).write_bytes(DATA.joinpath(name).read_bytes())
    return tmp_path


def _built_from_yaml() -> zgc_plan.Plan:
    return parse_plan(DATA.joinpath("plan.yaml").read_bytes(), source=SHIPPED_SOURCE, folder=DATA)


def test_shipped_pickle_is_current() -> None:
    """The shipped pickle holds the plan that building ``plan.yaml`` gives, field for field.

    When this fails, the plan's data or the model changed: run ``nox -s snapshot``.
    """
    built = _built_plan.loads(DATA)
    assert built is not None, "the pickle is stale: run `nox -s snapshot`"
    from_yaml = _built_from_yaml()
    assert built == from_yaml
    # Equality leaves out private fields; what a file would write leaves out nothing.
    assert unstructure_plan(built) == unstructure_plan(from_yaml)
    assert built.indicator(7) == from_yaml.indicator(7)


def test_load_plan_gives_the_pickled_plan() -> None:
    """``load_plan()`` returns the plan the pickle holds while it is current."""
    assert zgc_plan.load_plan() == _built_plan.loads(DATA)


@pytest.mark.parametrize("name", _built_plan.INPUTS)
def test_an_edited_input_makes_the_pickle_stale(folder: Path, name: str) -> None:
    """ "an edited ``plan.yaml``, ``areas.yaml`` or ``units.txt`` ... is never shadowed"."""
    assert _built_plan.loads(folder) is not None
    with (folder / name).open("ab") as file:
        file.write(b"\n# edited\n")
    assert _built_plan.loads(folder) is None


def test_a_changed_model_makes_the_pickle_stale(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "or a changed model class": the header covers every class's fields."""
    layout = _built_plan._layout()
    assert b"Target: id number goal_id" in layout
    monkeypatch.setattr(_built_plan, "_layout", lambda: layout + b" renamed")
    assert _built_plan.loads(folder) is None


@pytest.mark.parametrize(
    "body",
    [b"", b"not a pickle", pickle.dumps(["not", "a", "plan"])],
    ids=["empty", "garbage", "other-object"],
)
def test_a_broken_pickle_is_passed_over(folder: Path, body: bytes) -> None:
    """A pickle whose body is not a plan gives ``None``: the plan is built from its data."""
    content = (folder / _built_plan.FILE).read_bytes()
    header = content[: content.index(b"\n", len(b"zgc_plan built plan 1\n")) + 1]
    (folder / _built_plan.FILE).write_bytes(header + body)
    assert _built_plan.loads(folder) is None


def test_a_missing_pickle_is_passed_over(folder: Path) -> None:
    (folder / _built_plan.FILE).unlink()
    assert _built_plan.loads(folder) is None


def test_write_makes_a_current_pickle(folder: Path) -> None:
    """:func:`write` pickles the plan built from the folder's data, with its header."""
    (folder / _built_plan.FILE).unlink()
    plan = read_plan_folder(folder, SHIPPED_SOURCE)
    _built_plan.write(folder, plan)
    assert _built_plan.loads(folder) == plan


def test_the_shipped_plan_is_loaded_without_cattrs() -> None:
    """Loading and evaluating the shipped plan imports neither cattrs nor the converter."""
    code = (
        "import sys, zgc_plan; zgc_plan.evaluate({7: '41万元/人'}); "
        "sys.exit(bool({'cattrs', 'zgc_plan._converter'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603 (our own interpreter)
    assert result.returncode == 0
