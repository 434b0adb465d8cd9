"""Sphinx configuration of the zgc_plan documentation.

Build with ``nox -s docs``, or by hand from the repository root::

    PYTHONPATH=src sphinx-build -W -n --keep-going -b html docs docs/_build/html
    PYTHONPATH=src sphinx-build -W -n -b doctest docs docs/_build/doctest
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from sphinx.ext.intersphinx import missing_reference as intersphinx_missing_reference
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
    "sphinx_copybutton",
    "zgc_plan.sphinxext",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_inventories", ".DS_Store"]
templates_path: list[str] = []

# MyST: ::: fences, and heading anchors so that the included specs can link to
# their own sections ([Derived indicators](#derived-indicators)).
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- Autodoc and napoleon ------------------------------------------------------

autodoc_typehints = "description"
autodoc_member_order = "bysource"
# Off: attrs generates ``__init__``, so the preserved source of a default reads
# ``year=attr_dict['year'].default``; the default's own repr is what a reader needs.
autodoc_preserve_defaults = False
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_include_init_with_doc = False

# -- Intersphinx ---------------------------------------------------------------
#
# The build machines have no internet access (only package registries), and a
# failed inventory download is a warning, which -W turns into a failed build.
# So the inventories are committed in ``_inventories/``: Python's and attrs's
# are the ``objects.inv`` of Debian's python3.11-doc and python-attr-doc
# packages; pint's is written by ``_inventories/pint_inventory.py`` from the
# installed pint, for the pages of pint's current API reference (Debian's
# python-pint-doc is of pint 0.19, whose pages have moved).
_INVENTORIES = DOCS / "_inventories"
intersphinx_mapping = {
    "python": ("https://docs.python.org/3.11/", str(_INVENTORIES / "python.inv")),
    "attrs": ("https://www.attrs.org/en/stable/", str(_INVENTORIES / "attrs.inv")),
    "pint": ("https://pint.readthedocs.io/en/stable/", str(_INVENTORIES / "pint.inv")),
}

# Types by the name a user imports: ``Document``, ``Quantity``, ``date`` (each a
# link), not ``zgc_plan._model.Document``.
python_use_unqualified_type_names = True

# -- Nitpicky mode (-n) --------------------------------------------------------
#
# Only names that have no page to link to: docutils and Sphinx (the extension's
# base classes), aliases imported only for type checking, and the classes of the
# optional exchange libraries.
nitpick_ignore_regex = [
    (r"py:(class|obj|exc)", r"(docutils|sphinx)(\..*)?"),
    # zgc_plan._report.Format, a Literal alias imported only for type checking.
    (r"py:(class|obj)", r"Format"),
    # Aliases of the frames and exchange modules (a frame of the caller's library, a
    # backend's name, an SDMX format's name), and pysdmx classes.
    (r"py:(class|obj)", r"(NativeFrame|Backend|SdmxFormat|DataStructureDefinition)"),
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

# -- Search --------------------------------------------------------------------
#
# The prose is English (``language``), but the plan's names and quotes are
# Chinese: with the English splitter a whole clause is one search term, so 创新
# or 专利 find nothing. The Chinese search language splits with jieba (a docs
# dependency) and indexes Latin words with the English stemmer as well.
html_search_language = "zh"

# Sphinx 9.0's Chinese search language ships the English JavaScript stemmer but
# names it after its own language (``window.Stemmer = ChineseStemmer``), a class
# that does not exist, so every search in the browser fails (sphinx-doc/sphinx
# #14229). Naming the stemmer's language points the page at ``EnglishStemmer``;
# later releases take the name from the stemmer's file, which gives the same.
from sphinx.search.zh import SearchChinese  # noqa: E402

try:
    import jieba
except ImportError as error:
    # Without jieba Sphinx indexes no Chinese at all, silently: refuse to build.
    raise ImportError(
        "the Chinese search index needs jieba: install the docs dependency group"
    ) from error
jieba.setLogLevel("WARNING")  # not its dictionary-loading chatter on every build


class ChineseSearchWithEnglishStemmer(SearchChinese):
    """Sphinx's Chinese search language, with the JavaScript stemmer it ships named rightly."""

    language_name = "English"


copybutton_prompt_text = r"\$ |>>> |\.\.\. "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

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


#: Names that annotations leave unevaluated (imported only for type checking)
#: and the object of another project's documentation they stand for.
_EXTERNAL_SHORT_NAMES = {"Path": "pathlib.Path", "Quantity": "pint.Quantity"}


def _resolve_external_short_names(app, env, node, contnode):
    """Link ``Path`` and ``Quantity`` left as text in an annotation through intersphinx."""
    full = _EXTERNAL_SHORT_NAMES.get(node.get("reftarget", ""))
    if node.get("refdomain") != "py" or full is None:
        return None
    node["reftarget"] = full
    return intersphinx_missing_reference(app, env, node, contnode)


def _check_api_page(app, env):
    """Warn (an error under -W) about any name of ``zgc_plan.__all__`` the API page lacks."""
    documented = set(env.domains["py"].objects)
    missing = [name for name in zgc_plan.__all__ if f"zgc_plan.{name}" not in documented]
    if missing:
        logger.warning("api.md documents no %s from zgc_plan.__all__", ", ".join(missing))


def _page_language(app, pagename, templatename, context, doctree):
    """Tag a page written in another language (``language:`` in its front matter) as such.

    The site is English (``<html lang="en">``); the 中文 overview is Chinese,
    which browsers need to know to choose a Chinese font and screen readers a
    Chinese voice.
    """
    language = app.env.metadata.get(pagename, {}).get("language")
    if language:
        context["language"] = language


def setup(app):
    app.connect("html-page-context", _page_language)
    app.add_search_language(ChineseSearchWithEnglishStemmer)
    app.connect("missing-reference", _resolve_private_module_names)
    app.connect("missing-reference", _resolve_external_short_names)
    app.connect("env-check-consistency", _check_api_page)
