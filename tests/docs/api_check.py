"""The built API reference reads as the public API: values, public names, links.

Not part of the default test run, which builds no documentation: ``nox -s
docs`` builds the site and then runs this file against it (``ZGC_DOCS_HTML``,
by default ``docs/_build/html``).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def api_page() -> str:
    built = Path(os.environ.get("ZGC_DOCS_HTML") or ROOT / "docs" / "_build" / "html")
    page = built / "api.html"
    if not page.is_file():
        pytest.fail(f"no built documentation in {built}: run nox -s docs first")
    return page.read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_defaults_are_values(api_page: str) -> None:
    """CHANGELOG.md: "defaults shown as values (no more ``attr_dict['year'].default``)"."""
    text = visible_text(api_page)
    assert "attr_dict" not in text
    # A default of an attrs class, as its value.
    assert "headings=Headings(principles_zh=None" in text


def test_types_by_public_names(api_page: str) -> None:
    """CHANGELOG.md: "types by their public names (``Document``, not
    ``zgc_plan._model.Document``)"."""
    text = visible_text(api_page)
    private = sorted(set(re.findall(r"zgc_plan\._\w+\.\w+", text)))
    assert not private
    # ... and they are links to the public object.
    assert re.search(r'<a class="reference internal" href="#zgc_plan.Document"[^>]*>', api_page)


@pytest.mark.parametrize(
    "target",
    [
        "https://docs.python.org/3.11/library/stdtypes.html#str",
        "https://docs.python.org/3.11/library/datetime.html#datetime.date",
        "https://pint.readthedocs.io/en/stable/api/base.html#pint.Quantity",
        "https://pint.readthedocs.io/en/stable/api/base.html#pint.Unit",
        "https://www.attrs.org/en/stable/api.html#attrs.evolve",
    ],
)
def test_external_types_are_links(api_page: str, target: str) -> None:
    """CHANGELOG.md: "``str``, ``datetime.date`` and pint's types linked to their documentation
    through intersphinx, offline"."""
    assert f'href="{target}"' in api_page
