"""The Sphinx extension: every part renders from the data, without warnings.

Spec (the ``zgc-plan`` directive, ``docs/api.md``): "Captions take the headings of the plan they
render ... Without it the scorecard of the shipped plan evaluates the
published figures shipped with the library; another plan needs this option."
"""

from __future__ import annotations

import io
import os
import re
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.docutils import docutils_namespace

import zgc_plan
from zgc_plan import _plot, sphinxext
from zgc_plan._comparators import Comparator
from zgc_plan._plot import plot_progress

PLAN = Path(zgc_plan.__file__).parent / "data" / "plan.yaml"
HERE = Path(__file__).parent


def build(tmp_path: Path, body: str) -> tuple[str, str]:
    """Build a one-page project with the extension; return the page's HTML and the warnings."""
    pages, warnings = build_pages(tmp_path, {"index": body})
    return pages["index"], warnings


def build_pages(
    tmp_path: Path, bodies: dict[str, str], *, conf: str = "", warningiserror: bool = False
) -> tuple[dict[str, str], str]:
    """Build a project of several pages (``index`` first); return their HTML and the warnings."""
    src = tmp_path / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(f'extensions = ["zgc_plan.sphinxext"]\n{conf}', encoding="utf-8")
    toctree = "".join(f"   {name}\n" for name in bodies if name != "index")
    for name, body in bodies.items():
        extra = f"\n.. toctree::\n\n{toctree}" if name == "index" and toctree else ""
        (src / f"{name}.rst").write_text(f"{name}\n=====\n\n{body}\n{extra}", encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():  # several Sphinx applications in one process
        app = Sphinx(
            src, src, tmp_path / "out", tmp_path / "doctrees", "html",
            status=None, warning=warnings, freshenv=True, warningiserror=warningiserror,
        )  # fmt: skip
        try:
            app.build()
        except SphinxError as error:  # Sphinx before 8.1 raises at the first warning under -W
            warnings.write(f"(build failed: {error})\n")
        if app.statuscode:
            warnings.write(f"(build failed with status {app.statuscode})\n")
    out = tmp_path / "out"
    return {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in bodies}, (
        warnings.getvalue()
    )


def _text_of(html: str) -> str:
    """The page's text, without its tags."""
    return re.sub(r"<[^>]+>", "", html)


def test_every_part_renders_without_warnings(tmp_path: Path) -> None:
    body = "\n".join(f".. zgc-plan:: {part}\n" for part in sphinxext.PARTS)
    html, warnings = build(tmp_path, body)
    assert warnings == ""
    plan = zgc_plan.load_plan()
    for target in plan.targets:
        assert f'id="{target.id}"' in html
        assert target.quote_zh in html
    for task in plan.tasks:
        assert f'id="{task.id}"' in html
    for indicator in plan.indicators:
        assert f'id="indicator-{indicator.id}"' in html
    assert 'lang="zh-CN"' in html


def test_a_part_twice_keeps_ids_unique(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, ".. zgc-plan:: targets\n\n.. zgc-plan:: targets\n")
    assert warnings == ""
    assert html.count('id="target-labour-productivity"') == 1


def test_plan_option_renders_another_plan(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    text = PLAN.read_text(encoding="utf-8")
    (src / "other.yaml").write_text(
        text.replace('value: 40\n        unit: "万元/人"', 'value: 45\n        unit: "万元/人"'),
        encoding="utf-8",
    )
    # The plan names its areas file, which is read from beside it.
    (src / "areas.yaml").write_bytes(PLAN.with_name("areas.yaml").read_bytes())
    html, warnings = build(tmp_path, ".. zgc-plan:: targets\n   :plan: other.yaml\n")
    assert warnings == ""
    assert "&gt; 45 万元/人" in html


def test_bad_part_and_missing_plan_are_reported(tmp_path: Path) -> None:
    _, warnings = build(
        tmp_path, ".. zgc-plan:: nonsense\n\n.. zgc-plan:: goals\n   :plan: missing.yaml\n"
    )
    assert "unknown part 'nonsense'" in warnings
    assert "cannot load the plan missing.yaml" in warnings


def test_scorecard_placeholder_without_published_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sphinxext, "published_figures_available", lambda: False)
    html, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n")
    assert warnings == ""
    assert "The scorecard is not available yet" in html


def test_scorecard_baseline_option(tmp_path: Path) -> None:
    html, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n   :baseline: 2016\n")
    assert warnings == ""
    assert "Progress since 2016" in html


SHIPPED_HEADINGS = '    indicators_zh: "中关村示范区高质量发展重点指标体系表"\n'


def _plan_text(old: str, new: str) -> str:
    text = PLAN.read_text(encoding="utf-8")
    assert text.count(old) == 1
    return text.replace(old, new)


def test_captions_come_from_the_plan_rendered(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    text = _plan_text(SHIPPED_HEADINGS, '    indicators_zh: "指标表"\n')
    (src / "other.yaml").write_text(text.replace('"保障措施"', '"保障"'), encoding="utf-8")
    body = "".join(
        f".. zgc-plan:: {part}\n   :plan: other.yaml\n\n"
        for part in ("indicators", "safeguards", "guiding-thought", "overall-goal")
    )
    html, warnings = build(tmp_path, body)
    assert warnings == ""
    text = _text_of(html)
    assert "附件 指标表 — the indicators of the annex" in text
    assert "保障 Safeguards" in text
    assert "指导思想 Guiding thought" in text
    assert "发展目标 Development goals" in text
    assert "中关村示范区高质量发展重点指标体系表" not in text


def test_the_scorecard_evaluates_the_observations_it_is_given(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    figures = (HERE / "data" / "observations.yaml").read_text(encoding="utf-8")
    (src / "figures.yaml").write_text(figures, encoding="utf-8")
    (src / "other.yaml").write_text(_plan_text("  start_year: 2018\n", "  start_year: 2019\n"))
    html, warnings = build(
        tmp_path, ".. zgc-plan:: scorecard\n   :plan: other.yaml\n   :observations: figures.yaml\n"
    )
    assert warnings == ""
    assert "Scorecard: the figures of figures.yaml against the targets (baseline 2018)" in html
    assert "Progress since 2018" in html
    shipped, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n")
    assert warnings == ""
    assert "Scorecard: the published figures against the targets (baseline 2017)" in shipped


def test_the_scorecard_of_another_plan_needs_its_observations(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "other.yaml").write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    _, warnings = build(
        tmp_path,
        ".. zgc-plan:: scorecard\n   :plan: other.yaml\n\n"
        ".. zgc-plan:: scorecard\n   :observations: missing.yaml\n",
    )
    assert "the scorecard of another plan needs the figures to evaluate" in warnings
    assert "cannot evaluate the figures of missing.yaml" in warnings


def test_setup_metadata() -> None:
    class App:
        def __init__(self) -> None:
            self.events: list[str] = []

        def add_directive(self, name: str, directive: object) -> None:
            self.added = (name, directive)

        def add_node(self, node: object, **visitors: object) -> None:
            self.node = node

        def add_post_transform(self, transform: object) -> None:
            self.transform = transform

        def connect(self, event: str, handler: object) -> None:
            self.events.append(event)

    app = App()
    metadata = sphinxext.setup(app)  # type: ignore[arg-type]
    assert app.added == ("zgc-plan", sphinxext.ZgcPlanDirective)
    assert app.node is sphinxext.scorecard_picture
    assert sorted(app.events) == ["doctree-resolved", "env-merge-info", "env-purge-doc"]
    assert metadata == {
        "version": zgc_plan.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }


def test_only_http_and_mailto_become_links(tmp_path: Path) -> None:
    """“Sphinx links restricted to http(s) and mailto”: a javascript: source_url is text."""
    src = tmp_path / "src"
    src.mkdir()
    text = PLAN.read_text(encoding="utf-8")
    url = next(line for line in text.splitlines() if "source_url:" in line)
    (src / "bad.yaml").write_text(
        text.replace(url, '  source_url: "javascript:alert(1)"'), encoding="utf-8"
    )
    html, warnings = build(tmp_path, ".. zgc-plan:: document\n   :plan: bad.yaml\n")
    assert warnings == ""
    assert "javascript:alert(1)" in html
    assert 'href="javascript:' not in html


def test_plan_outside_the_source_folder_is_refused(tmp_path: Path) -> None:
    """A :plan: path out of the documentation folder prints nothing of that file."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n", encoding="utf-8")
    html, warnings = build(tmp_path, ".. zgc-plan:: document\n   :plan: ../secret.yaml\n")
    assert "outside the documentation's source folder" in warnings
    assert "hunter2" not in warnings + html


def test_plan_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    """A FIFO as :plan: is refused before it is opened, instead of blocking the build."""
    src = tmp_path / "src"
    src.mkdir()
    os.mkfifo(src / "pipe.yaml")
    _, warnings = build(tmp_path, ".. zgc-plan:: document\n   :plan: pipe.yaml\n")
    assert "a FIFO (named pipe), not a regular file" in warnings


def test_scorecard_marks_verdicts_on_uncertain_figures(tmp_path: Path) -> None:
    """Spec: "a verdict that rests on a figure that is not published says so in every output"."""
    html, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n")
    assert warnings == ""
    assert "met (uncertain figure)" in html
    assert "已达成(数据存疑)" in html


def test_observations_outside_the_source_folder_are_refused(tmp_path: Path) -> None:
    """The scorecard's :observations: file must lie inside the documentation folder too."""
    secret = tmp_path / "secret.csv"
    secret.write_text("password,hunter2\n", encoding="utf-8")
    html, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n   :observations: ../secret.csv\n")
    assert "outside the documentation's source folder" in warnings
    assert "hunter2" not in warnings + html


class _Cells(HTMLParser):
    """The text of each body cell of one table of a page, row by row."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.depth = 0  # inside the table: how many tables deep
        self.rows: list[list[str]] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and (self.depth or dict(attrs).get("id") == self.table_id):
            self.depth += 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.rows.append([])
        elif self.in_body and tag == "td":
            self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "table":
            self.depth -= 1
        elif tag == "tbody":
            self.in_body = False

    def handle_data(self, data: str) -> None:
        if self.in_body and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def _cells(html: str, table_id: str) -> list[list[str]]:
    parser = _Cells(table_id)
    parser.feed(html)
    # Sphinx's smart quotes turn the apostrophe of "year's" into a typographic one.
    return [[" ".join(cell.replace("’", "'").split()) for cell in row] for row in parser.rows]


def test_the_table_and_the_picture_agree_on_every_row(tmp_path: Path) -> None:
    """Spec (``specs/scorecard.md``): "The table and the picture read the same rows,
    so they agree on every one."""
    html, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n   :picture:\n")
    assert warnings == ""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    picture = plot_progress(evaluation, tmp_path / "picture.png")
    table = _cells(html, "table-scorecard")
    assert len(table) == len(picture.rows) == 17
    for cells, row in zip(table, picture.rows, strict=True):
        target, figure, status, measure, _ = cells
        result = row.result
        assert target.startswith(f"Target {row.target.number}. {row.target.id}")
        assert row.label_zh in target
        assert row.label_en in target
        assert figure.endswith(f"target {row.target.value_text}")
        if row.figure_text is not None:
            assert f"{row.figure_text} ({result.year})" in figure
        assert status == f"Status {result.verdict_en} {result.verdict_zh}"
        heading = "Progress since 2017 (or attainment)"
        expected = (
            f"{heading} —" if row.measure is None else f"{heading} {row.share_text} {row.measure}"
        )
        assert measure == expected
    # The picture: an SVG beside the page's images, shown and linked to its full size.
    (svg,) = (tmp_path / "out" / "_images").glob("scorecard-*.svg")
    uri = f"_images/{svg.name}"
    assert f'<a class="reference image-reference" href="{uri}"><img src="{uri}"' in html
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_missing_chinese_glyph_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spec: "the directive emits a warning of the build, an error under
    ``sphinx-build -W``"."""
    monkeypatch.setattr(_plot, "_CJK_FONTS", ())
    body = {"index": ".. zgc-plan:: scorecard\n   :picture:\n"}
    _, warnings = build_pages(tmp_path, body)
    (line,) = warnings.splitlines()
    assert "index.rst" in line
    assert "zgc-plan: the scorecard picture:" in line
    assert "apt-get install fonts-noto-cjk" in line
    _, strict = build_pages(tmp_path / "strict", body, warningiserror=True)
    assert "(build failed" in strict


def test_a_picture_without_matplotlib_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asking for a picture that cannot be drawn is reported, not silently left out."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    html, warnings = build(tmp_path, ".. zgc-plan:: scorecard\n   :picture:\n")
    assert "no scorecard picture: drawing a picture needs matplotlib" in warnings
    assert "(No scorecard picture in this build:" in html


def test_ids_link_to_their_anchors_on_any_page(tmp_path: Path) -> None:
    """Spec: "Each element id links to the element's row, on the same page or on
    another page ...; an id whose element no page renders stays plain text"."""
    pages, warnings = build_pages(
        tmp_path,
        {
            "index": ".. zgc-plan:: targets\n\n.. zgc-plan:: indicators\n",
            "score": ".. zgc-plan:: scorecard\n",
            "alone": ".. zgc-plan:: principles\n",
        },
    )
    assert warnings == ""
    index, score = pages["index"], pages["score"]
    assert 'href="#indicator-labour-productivity"' in index
    assert 'href="#target-labour-productivity"' in index
    assert 'href="index.html#target-labour-productivity"' in score
    assert 'href="#principle-1"' in pages["alone"]
    only_targets, warnings = build(tmp_path / "only", ".. zgc-plan:: targets\n")
    assert warnings == ""
    assert 'href="#target-labour-productivity"' in only_targets
    assert 'href="#indicator-' not in only_targets


def test_the_comparator_is_the_plans_word() -> None:
    """Spec: "The comparator column shows the sign, the Chinese word of the legal
    reading (以上, 超过, 以下, 不满, 左右, 之间) and its English words"."""
    assert [c.word_zh for c in Comparator] == ["以上", "超过", "以下", "不满", "左右", "之间"]


def test_targets_show_the_comparators_word(tmp_path: Path) -> None:
    """Spec: "never the data file's ``at_least``"."""
    html, warnings = build(tmp_path, ".. zgc-plan:: targets\n")
    assert warnings == ""
    for target in zgc_plan.load_plan().targets:
        comparator = target.comparator
        sign = escape(comparator.symbol)
        assert f'{sign} </span><span lang="zh-CN">{comparator.word_zh}</span>' in html
    assert "at_least" not in html
    assert "more_than" not in html


def test_only_chinese_text_is_tagged_chinese(tmp_path: Path) -> None:
    """Spec: "Only the Chinese runs of a caption, heading, rubric or field name are
    tagged ``lang="zh-CN"``"."""
    body = "\n".join(f".. zgc-plan:: {part}\n" for part in sphinxext.PARTS)
    html, warnings = build(tmp_path, body)
    assert warnings == ""
    headings = re.findall(r"<(caption|th|p class=\"rubric\"|dt)[^>]*>(.*?)</\1", html, re.S)
    headings += re.findall(r"<(p) class=\"rubric\"[^>]*>(.*?)</p>", html, re.S)
    assert len(headings) > 40
    for _, heading in headings:
        for tagged in re.findall(r'<span lang="zh-CN">([^<]*)</span>', heading):
            assert not re.search(r"[A-Za-z]{3,}", tagged), heading
    assert '<span lang="zh-CN">指导思想</span> Guiding thought' in html


def test_tables_have_stable_unique_ids(tmp_path: Path) -> None:
    """Spec: "Each table has an id named after what it shows ..., so that its
    permalink is stable"."""
    body = "\n".join(f".. zgc-plan:: {part}\n" for part in sphinxext.PARTS)
    html, warnings = build(tmp_path, body)
    assert warnings == ""
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert not [i for i in ids if re.fullmatch(r"id\d+", i)]
    tables = re.findall(r'<table [^>]*id="([^"]+)"', html)
    plan = zgc_plan.load_plan()
    assert len(tables) == 8 + len(plan.goals) + sum(1 for g in plan.goals if g.targets) + len(
        plan.actions
    )
    for table_id in ("table-targets", "table-goal-2-targets", "table-action-3-tasks"):
        assert table_id in tables
    assert {"table-indicators", "table-scorecard", "table-scores"} <= set(tables)


WRAPPER = '''
from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform


class Wrap(SphinxPostTransform):
    """As the furo theme does: each table in a container that takes its attributes."""

    default_priority = 500
    formats = ("html",)

    def run(self, **kwargs):
        for table in list(self.document.findall(nodes.table)):
            wrapper = nodes.container(classes=["table-wrapper"])
            wrapper.update_all_atts(table)
            table.parent.replace(table, wrapper)
            wrapper.append(table)


def setup(app):
    app.add_post_transform(Wrap)
'''


def test_wrapped_tables_keep_one_id_and_label_their_cells(tmp_path: Path) -> None:
    """Spec: "in HTML each cell also holds its column's heading (``zgc-plan-label``)"."""
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "wrapper.py").write_text(WRAPPER, encoding="utf-8")
    conf = "import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\nextensions.append('wrapper')\n"
    pages, warnings = build_pages(tmp_path, {"index": ".. zgc-plan:: targets\n"}, conf=conf)
    assert warnings == ""
    html = pages["index"]
    assert 'class="table-wrapper zgc-plan-wrapper' in html
    assert html.count('id="table-targets"') == 1
    labels = re.findall(r'<p class="zgc-plan-label">(.*?)</p>', html)
    assert labels.count("Target") == len(zgc_plan.load_plan().targets)


def test_ids_and_values_are_marked_to_stay_whole(tmp_path: Path) -> None:
    """Spec: "Ids, and values with their units, are marked (``zgc-plan-id``,
    ``zgc-plan-value``) so that the style sheet keeps each on one line"."""
    html, warnings = build(tmp_path, ".. zgc-plan:: indicators\n\n.. zgc-plan:: scorecard\n")
    assert warnings == ""
    assert '<span class="zgc-plan-value">≥ 183 亿元/平方公里</span>' in html
    assert '<span class="zgc-plan-value">亿元/平方公里</span>' in html
    assert re.search(
        r'<code class="zgc-plan-id[^"]*"><span class="pre">target-revenue-per-area', html
    )
    assert '<span class="zgc-plan-status"><span lang="zh-CN">进度正常</span>' in html
