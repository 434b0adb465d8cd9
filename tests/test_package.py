"""What the package ships.

Spec: "a data file missing from the wheel fails CI"; "data read with
importlib.resources.files(__package__)".
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.resources import files

import pytest

import zgc_plan


@pytest.mark.parametrize(
    "name",
    [
        "py.typed",
        "data/plan.yaml",
        "data/plan.snapshot.json",
        "data/plan.pickle",
        "data/units.txt",
        "data/source.txt",
        "data/observations/published.yaml",
        "data/task_links.yaml",
        "data/tasks/published-milestones.yaml",
        "data/examples/task-progress.example.yaml",
    ],
)
def test_data_files_are_shipped(name: str) -> None:
    """Every data file the library reads is inside the package."""
    resource = files("zgc_plan").joinpath(*name.split("/"))
    assert resource.is_file()
    assert name == "py.typed" or resource.read_bytes()


def test_installed_copy_is_tested() -> None:
    """Against a built wheel, the tests import the installed package, not src/."""
    if os.environ.get("ZGC_EXPECT_INSTALLED") != "1":
        assert zgc_plan.__file__ is not None
        return
    assert zgc_plan.__file__ is not None
    assert "site-packages" in zgc_plan.__file__


def test_import_parses_nothing() -> None:
    """import zgc_plan alone does not parse the plan or compile the phrase patterns."""
    code = (
        "import sys, zgc_plan, zgc_plan._load as load; "
        "assert not load._shipped, 'plan parsed at import'; "
        "assert 'zgc_plan._phrases' not in sys.modules, 'phrase module imported'; "
        "assert 'matplotlib' not in sys.modules"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr


def _modules_after(code: str) -> set[str]:
    listing = f"{code}; import sys; print(' '.join(sys.modules))"
    result = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", listing], capture_output=True, text=True, check=True, timeout=60
    )
    return set(result.stdout.split())


def test_loading_and_evaluating_import_nothing_beyond_pint_and_attrs() -> None:
    """docs/performance.md: the cold start is measured against ``import pint``.

    Loading the plan and judging figures (in another unit, so that exact
    conversion runs) imports no package beyond pint's but attrs and its own
    modules, and none of its optional parts: no PyYAML, frames, pictures or
    output code, and no cattrs (the shipped plan comes built, ``_built_plan``).
    """
    pint_modules = _modules_after("import pint")
    used = _modules_after(
        "import zgc_plan; zgc_plan.load_plan(); zgc_plan.evaluate({7: '41万元/人', 15: '6.2万人'})"
    )
    extra = {
        name.partition(".")[0]
        for name in used - pint_modules
        if name.partition(".")[0] not in sys.stdlib_module_names
    }
    assert extra == {"zgc_plan", "attr", "attrs"}
    optional = {"zgc_plan._report", "zgc_plan._frames_out", "zgc_plan._dump", "zgc_plan._phrases"}
    assert not used & optional


def test_version() -> None:
    """The version has one source: the package."""
    from importlib.metadata import version

    assert version("zgc_plan") == zgc_plan.__version__
