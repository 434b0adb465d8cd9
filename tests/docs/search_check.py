"""The built documentation's search index finds Chinese and English words on the right pages.

Not part of the default test run, which builds no documentation: ``nox -s
docs`` builds the site and then runs this file against it
(``ZGC_DOCS_HTML``, by default ``docs/_build/html``).

The queries go through the index as the search page's JavaScript does
(``searchtools.js``): the query is split at anything but letters, digits and
``_``, each word lower-cased and stemmed with the English stemmer, and a page is
found when every word is among its terms or its title's terms.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from sphinx.search.en import SearchEnglish

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def site() -> Path:
    html = Path(os.environ.get("ZGC_DOCS_HTML") or ROOT / "docs" / "_build" / "html")
    if not (html / "searchindex.js").is_file():
        pytest.fail(f"no built documentation in {html}: run nox -s docs first")
    return html


@pytest.fixture(scope="module")
def index(site: Path) -> dict[str, Any]:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    # Search.setIndex({...}): the argument is JSON.
    data: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return data


def search(index: dict[str, Any], query: str) -> set[str]:
    """The pages on which every word of ``query`` is a term, as ``searchtools.js`` finds them."""
    # The English search language's stemmer: the same Snowball stemmer the page's script runs.
    english = SearchEnglish({})
    found: set[str] | None = None
    for word in filter(None, re.split(r"\W+", query.strip())):
        stem = english.stem(word)
        pages: set[str] = set()
        for table in (index["terms"], index["titleterms"]):
            hits = table.get(stem, [])
            pages.update(
                index["docnames"][hit] for hit in ([hits] if isinstance(hits, int) else hits)
            )
        found = pages if found is None else found & pages
    return found or set()


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        # The plan's title word; the plan page renders the plan, the 中文 page sums it up.
        ("创新", {"plan", "zh"}),
        # 发明专利, 每万人发明专利拥有量: an indicator of the plan and its scorecard row.
        ("专利", {"plan", "scorecard", "zh"}),
        ("劳动生产率", {"plan", "scorecard", "zh", "tutorial"}),
        # An English word of the prose, stemmed on both sides (baselines -> baselin).
        ("baselines", {"scorecard", "evaluation"}),
        ("units", {"units", "semantics"}),
    ],
)
def test_search_finds_the_pages(index: dict[str, Any], query: str, pages: set[str]) -> None:
    """contributing.md, ``docs``: "the search index of the built site finds 创新, 专利,
    劳动生产率 and English words on the pages that have them"."""
    found = search(index, query)
    assert pages <= found, (query, sorted(pages - found))


def test_chinese_is_split_into_words(index: dict[str, Any]) -> None:
    """Chinese is indexed as words, not as whole clauses (as the English splitter leaves it):
    a clause of the plan is no term, its words are."""
    # (A term without pages is what an incremental build leaves of an earlier index.)
    assert not index["terms"].get("劳动生产率超过40万元")
    assert search(index, "劳动生产率 超过") >= {"plan"}


def test_the_page_script_names_a_stemmer_it_defines(site: Path) -> None:
    """sphinx-doc/sphinx#14229: ``window.Stemmer = ChineseStemmer`` names no class, and every
    search in the browser fails; the stemmer named must be the one the script defines."""
    script = (site / "_static" / "language_data.js").read_text(encoding="utf-8")
    named = re.findall(r"window\.Stemmer\s*=\s*(\w+)", script)
    assert len(named) == 1
    assert re.search(rf"\b(var|let|const|class|function)\s+{named[0]}\b", script), named
