"""The examples in docstrings and in the README run and print what they show."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import zgc_plan

MODULES = sorted(
    info.name
    for info in pkgutil.iter_modules(zgc_plan.__path__, "zgc_plan.")
    # The Sphinx extension needs Sphinx; the picture needs matplotlib.
    if info.name not in {"zgc_plan.sphinxext", "zgc_plan._plot", "zgc_plan.__main__"}
)
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    """Every docstring example of every module holds."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_docstring_examples_exist() -> None:
    """The main functions carry examples."""
    finder = doctest.DocTestFinder()
    for function in (
        zgc_plan.load_plan,
        zgc_plan.evaluate,
        zgc_plan.derive,
        zgc_plan.load_observations,
    ):
        tests = finder.find(function)
        assert any(test.examples for test in tests), function


def test_readme_examples() -> None:
    """The README's Python example runs as shown."""
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 5
    assert result.failed == 0
