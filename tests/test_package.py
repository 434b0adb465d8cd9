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


def test_version() -> None:
    """The version has one source: the package."""
    from importlib.metadata import version

    assert version("zgc_plan") == zgc_plan.__version__
