"""The Sphinx extension: every part renders from the data, without warnings.

Spec (``zgc_plan.sphinxext``): "Captions take the headings of the plan they
render ... Without it the scorecard of the shipped plan evaluates the
published figures shipped with the library; another plan needs this option."
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

import zgc_plan
from zgc_plan import sphinxext

PLAN = Path(zgc_plan.__file__).parent / "data" / "plan.yaml"
HERE = Path(__file__).parent


def build(tmp_path: Path, body: str) -> tuple[str, str]:
    """Build a one-page project with the extension; return the page's HTML and the warnings."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text('extensions = ["zgc_plan.sphinxext"]\n', encoding="utf-8")
    (src / "index.rst").write_text(f"Test\n====\n\n{body}\n", encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():  # several Sphinx applications in one process
        app = Sphinx(
            src, src, tmp_path / "out", tmp_path / "doctrees", "html",
            status=None, warning=warnings, freshenv=True,
        )  # fmt: skip
        app.build()
    return (tmp_path / "out" / "index.html").read_text(encoding="utf-8"), warnings.getvalue()


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
