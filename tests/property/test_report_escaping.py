"""Property tests: no text of an input file becomes markup in the report.

Spec (``specs/report.md``): "Every text taken from an input file ... is
escaped: in HTML, & < > " ' become entities; in Markdown, line breaks become
spaces, & < > entities, and ... are backslash-escaped, so that no cell can end
a table row or start raw HTML."
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._html_report import render_html, render_markdown

PLAN = zgc_plan.load_plan()
AS_OF = dt.date(2021, 6, 30)
MANIFEST = zgc_plan.Manifest("0", "2021-06-30", "html", (), ())
TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"]) | st.sampled_from("<>&\"'|`*_[]\n#!~\\"),
    min_size=1,
    max_size=40,
)
#: The tags the report itself writes.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "br", "span", "p", "b",
    "div", "table", "thead", "tbody", "tr", "th", "td", "svg", "line", "rect", "text", "script",
}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.scripts = 0
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def _assessment(lead: str, note: str, what: str) -> zgc_plan.Assessment:
    task = PLAN.tasks[0]
    report = zgc_plan.TaskReport(
        task, AS_OF, zgc_plan.TaskStatus.DELAYED, lead, (lead,),
        (zgc_plan.Milestone(what, dt.date(2020, 1, 1)),),
        (zgc_plan.Evidence(note, "https://example.org/", note),), note,
    )  # fmt: skip
    return zgc_plan.assess([], [report], AS_OF, links=())


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, TEXT, TEXT)
def test_html_has_only_its_own_tags(lead: str, note: str, what: str) -> None:
    """Whatever the text, the page has the report's own tags only, and shows the text."""
    page = _Page()
    page.feed(render_html(_assessment(lead, note, what), MANIFEST))
    assert page.tags <= TAGS
    assert page.scripts == 1
    shown = "".join(page.data)
    assert what in shown


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, TEXT, TEXT)
def test_markdown_rows_stay_rows(lead: str, note: str, what: str) -> None:
    """Whatever the text, the task table keeps one line per task and its cells."""
    text = render_markdown(_assessment(lead, note, what), MANIFEST)
    plain = render_markdown(_assessment("a", "b", "c"), MANIFEST)
    assert text.count("\n") == plain.count("\n")
    assert "<" not in text.split("<!-- zgc-plan-manifest -->")[0]
