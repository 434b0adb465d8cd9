"""The built documentation as a browser renders it, at desktop and phone widths.

Not part of the default test run, which needs no browser and builds no
documentation: ``nox -s browser`` builds the site (``ZGC_DOCS_HTML``, by
default ``docs/_build/html``) and runs this file with Debian's headless
``chromium``.

contributing.md, ``browser``: "renders its main pages (index, plan, scorecard,
api, tutorial) at 1280 and 390 px wide: no table may be wider than its
container unless the container scrolls by design, no image may be missing, and
the search page must find Chinese words". Each page is copied with a measuring script added at its
end and shown in a frame of the width to test (headless Chromium's window is
never narrower than 500 px, a frame is: the page's own viewport is the
frame's). The script waits until the page, its fonts and its images have
loaded, then posts what it measured to the framing page, which writes it into
itself for Chromium to print (``--dump-dom``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

ROOT = Path(__file__).parents[2]
#: The main pages: the landing page, the plan, the scorecard, the API and the tutorial.
PAGES = ("index", "plan", "scorecard", "api", "tutorial")
#: A desktop and a phone (the 390 CSS px of a current phone in portrait).
WIDTHS = (1280, 390)
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-extensions", "--disable-background-networking", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
    "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000",
)  # fmt: skip

#: Containers that scroll sideways by design: code blocks, whose lines are never
#: wrapped, and a table wrapper marked ``zgc-scrolls`` (a table meant to be
#: scrolled on a phone). Any other table must fit the element that holds it: the
#: theme's wrapper scrolls too, but a table that needs it hides columns off-screen.
MEASURE = """
<script>
window.addEventListener("load", () => document.fonts.ready.then(() => {
  const scrollsByDesign = (element) => element.matches("pre, div.highlight, .zgc-scrolls");
  const describe = (element) => element.tagName.toLowerCase()
    + (element.id ? "#" + element.id : "")
    + (element.className ? "." + String(element.className).trim().split(/\\s+/).join(".") : "");
  const tables = [...document.querySelectorAll("article table")].map((table) => {
    const container = table.parentElement;
    return {
      table: describe(table),
      caption: (table.caption ? table.caption.textContent : "").trim().slice(0, 80),
      container: describe(container),
      scrolls_by_design: scrollsByDesign(container),
      scroll_width: container.scrollWidth,
      client_width: container.clientWidth,
    };
  });
  const images = [...document.querySelectorAll("img")].map((image) => ({
    src: image.getAttribute("src"),
    complete: image.complete,
    natural_width: image.naturalWidth,
  }));
  const report = {
    inner_width: window.innerWidth,
    page_scroll_width: document.documentElement.scrollWidth,
    page_client_width: document.documentElement.clientWidth,
    tables: tables,
    images: images,
  };
  parent.postMessage(JSON.stringify(report), "*");
}));
</script>
"""

#: The framing page: the page under test in a frame of the asked width.
FRAME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe src="{page}.html" style="width:{width}px;height:900px;border:0"></iframe>
<script>
window.addEventListener("message", (event) => {{
  const out = document.createElement("script");
  out.type = "application/json";
  out.id = "zgc-layout-report";
  out.textContent = event.data;
  document.body.appendChild(out);
}});
</script>
</body></html>
"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("no chromium on PATH: apt-get install chromium (the browser session needs it)")


def _dump_dom(url: str, width: int, profile: Path) -> str:
    result = subprocess.run(  # noqa: S603 (a browser found on PATH, our own files)
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},1000",
         "--dump-dom", url],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site whose main pages carry the measuring script."""
    html = Path(os.environ.get("ZGC_DOCS_HTML") or ROOT / "docs" / "_build" / "html")
    if not (html / "index.html").is_file():
        pytest.fail(f"no built documentation in {html}: run nox -s browser (it builds it)")
    copy = tmp_path_factory.mktemp("site") / "html"
    shutil.copytree(html, copy)
    for page in PAGES:
        path = copy / f"{page}.html"
        text = path.read_text(encoding="utf-8")
        assert "</body>" in text, path
        path.write_text(text.replace("</body>", MEASURE + "</body>", 1), encoding="utf-8")
    return copy


def _report(site: Path, page: str, width: int, profile: Path) -> dict[str, Any]:
    frame = site / f"frame-{page}-{width}.html"
    frame.write_text(FRAME.format(page=page, width=width), encoding="utf-8")
    dom = _dump_dom(frame.as_uri(), max(width, 500) + 100, profile)
    found = re.search(r'<script type="application/json" id="zgc-layout-report">(.*?)</script>', dom)
    assert found, f"{page}.html at {width} px: the measuring script did not report"
    report: dict[str, Any] = json.loads(found.group(1))
    return report


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_page_fits_and_shows_its_images(site: Path, page: str, width: int, tmp_path: Path) -> None:
    """At each width no table overflows its container (unless the container scrolls by
    design), the page itself does not scroll sideways, and every image has loaded."""
    report = _report(site, page, width, tmp_path / "profile")
    assert report["inner_width"] == width, "the window is not of the asked width"
    overflowing = [
        table
        for table in report["tables"]
        if table["scroll_width"] > table["client_width"] and not table["scrolls_by_design"]
    ]
    assert not overflowing, f"{page}.html at {width} px: tables wider than their container: " + (
        "; ".join(
            f"{t['table']} {t['caption']!r} in {t['container']} "
            f"({t['scroll_width']} > {t['client_width']} px)"
            for t in overflowing
        )
    )
    assert report["page_scroll_width"] <= report["page_client_width"], (
        f"{page}.html at {width} px scrolls sideways: "
        f"{report['page_scroll_width']} > {report['page_client_width']} px"
    )
    missing = [image["src"] for image in report["images"] if not image["natural_width"]]
    assert not missing, f"{page}.html at {width} px: images missing: {missing}"


def test_measures_what_it_should(site: Path, tmp_path: Path) -> None:
    """The check sees the plan's tables and the scorecard's picture (a check that found no
    table or no image would pass whatever the layout)."""
    plan = _report(site, "plan", WIDTHS[0], tmp_path / "profile")
    assert len(plan["tables"]) >= 10
    scorecard = _report(site, "scorecard", WIDTHS[0], tmp_path / "profile")
    assert any(
        image["src"].endswith(".png") or image["src"].endswith(".svg")
        for image in scorecard["images"]
    )


@pytest.mark.parametrize(("query", "page"), [("创新", "plan.html"), ("劳动生产率", "plan.html")])
def test_search_page_finds_chinese_words(site: Path, query: str, page: str, tmp_path: Path) -> None:
    """The search page's script runs and lists the page (sphinx-doc/sphinx#14229: with
    Sphinx 9.0's Chinese search every search failed in the browser)."""
    url = (site / "search.html").as_uri() + "?q=" + quote(query)
    dom = _dump_dom(url, WIDTHS[0], tmp_path / "profile")
    results = re.search(r'<ul[^>]*class="search"[^>]*>(.*?)</ul>', dom, re.DOTALL)
    assert results, "the search page listed no results"
    assert f'href="{page}' in results.group(1) or f"/{page}" in results.group(1), results.group(1)[
        :2000
    ]
