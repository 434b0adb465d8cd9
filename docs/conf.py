"""Sphinx configuration of the zgc_plan documentation.

Build with ``nox -s docs``, or by hand from the repository root::

    PYTHONPATH=src sphinx-build -W -n --keep-going -b html docs docs/_build/html
    PYTHONPATH=src sphinx-build -W -n -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from sphinx.util import logging

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# Document the checkout, not whatever copy of the package happens to be installed.
sys.path.insert(0, str(ROOT / "src"))

import zgc_plan  # noqa: E402

logger = logging.getLogger("zgc_plan.docs")

# -- Project -----------------------------------------------------------------

project = "zgc_plan"
author = "zgc_plan developers"
copyright = f"2018–{dt.date.today().year}, {author}"
version = release = zgc_plan.__version__
language = "en"

# -- General -----------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "zgc_plan.sphinxext",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", ".DS_Store"]
templates_path: list[str] = []

# MyST: ::: fences, and heading anchors so that the included specs can link to
# their own sections ([Derived indicators](#derived-indicators)).
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Autodoc and napoleon ------------------------------------------------------

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_include_init_with_doc = False

# -- Intersphinx ---------------------------------------------------------------
#
# The build machines have no internet access (only package registries), and a
# failed inventory download is a warning, which -W turns into a failed build.
# So no inventory is fetched by default: ``intersphinx_mapping`` is empty and
# the external types that cannot resolve offline are listed in
# ``nitpick_ignore_regex`` below.  With network access, set
# ZGC_DOCS_INTERSPHINX=1 to link to the Python, attrs and pint documentation.
_INVENTORIES = {
    "python": ("https://docs.python.org/3", None),
    "attrs": ("https://www.attrs.org/en/stable/", None),
    "pint": ("https://pint.readthedocs.io/en/stable/", None),
}
intersphinx_mapping = _INVENTORIES if os.environ.get("ZGC_DOCS_INTERSPHINX") else {}

# -- Nitpicky mode (-n) --------------------------------------------------------
#
# Only types of other projects, which resolve through intersphinx when it is
# enabled: the standard library, pint (the units), attrs, docutils and Sphinx
# (the extension's base classes).
nitpick_ignore_regex = [
    # The standard library.
    (
        r"py:(class|obj|exc|data)",
        r"(fractions|decimal|datetime|dt|os|enum|collections\.abc|importlib\..*)\..*",
    ),
    (r"py:(class|obj)", r"(Fraction|Decimal|Iterable|Mapping|Sequence|Traversable|PathLike)"),
    # pint, attrs, and the docutils and Sphinx classes of zgc_plan.sphinxext.
    (r"py:(class|obj|exc)", r"(pint|attrs|docutils|sphinx)(\..*)?"),
    (r"py:(class|obj)", r"(Quantity|Unit|PlainUnit|PlainQuantity|UnitRegistry)"),
    # zgc_plan._report.Format, a Literal alias imported only for type checking.
    (r"py:(class|obj)", r"Format"),
    # Aliases of the frames and exchange modules (a frame of the caller's library, a
    # backend's name, an SDMX format's name), and pathlib and pysdmx classes.
    (r"py:(class|obj)", r"(NativeFrame|Backend|SdmxFormat|Path|DataStructureDefinition)"),
]

# -- Doctest -------------------------------------------------------------------

doctest_global_setup = "import zgc_plan"
# Only the pages' {doctest} blocks are tested: the docstrings' examples (plain >>> blocks
# shown by autodoc) assume their module's globals, so pytest tests those.
doctest_test_doctest_blocks = ""

# -- HTML ----------------------------------------------------------------------

html_theme = "furo"
html_title = f"zgc_plan {release}"
html_static_path = ["_static"]
html_css_files = ["zgc.css"]
html_show_sourcelink = False

# -- The scorecard picture -----------------------------------------------------
#
# Drawn by the ``:picture:`` option of the scorecard (zgc_plan.sphinxext), as an
# SVG beside the page's images; a missing Chinese glyph or a missing matplotlib
# is a warning of the build, so -W fails on it.

# -- Cross-references and the completeness of the API page ----------------------


def _resolve_private_module_names(app, env, node, contnode):
    """Resolve ``ON_TRACK_RATIO`` and the like to the object documented in a zgc_plan module.

    Docstrings refer to names of their own module; the API page documents them
    under ``zgc_plan`` or, for a few constants, under their private module.
    """
    if node.get("refdomain") != "py":
        return None
    domain = env.domains["py"]
    short = node["reftarget"].rsplit(".", 1)[-1]
    for candidate in (f"zgc_plan.{short}", *sorted(domain.objects)):
        if candidate in domain.objects and candidate.rsplit(".", 1)[-1] == short:
            if not candidate.startswith("zgc_plan"):
                continue
            return domain.resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode
            )
    return None


def _check_api_page(app, env):
    """Warn (an error under -W) about any name of ``zgc_plan.__all__`` the API page lacks."""
    documented = set(env.domains["py"].objects)
    missing = [name for name in zgc_plan.__all__ if f"zgc_plan.{name}" not in documented]
    if missing:
        logger.warning("api.md documents no %s from zgc_plan.__all__", ", ".join(missing))


def setup(app):
    app.connect("missing-reference", _resolve_private_module_names)
    app.connect("env-check-consistency", _check_api_page)
