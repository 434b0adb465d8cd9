"""The assessment report: self-contained, escaped, reproducible byte for byte, verifiable.

Spec (``specs/report.md``): "one self-contained HTML file (no network:
styles and SVG charts inline)"; "All text taken from input files is escaped";
"A manifest at the end lists the SHA-256 of every input file and of the plan,
the library version, the options and the as-of date; the same inputs give a
byte-identical report, and zgc-plan report --verify recomputes it from the
inputs named in its manifest and says whether it matches."
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan._html_report import render_html, render_markdown, summary_counts
from zgc_plan._manifest import extract_manifest

DATA = Path(__file__).parent / "data"
AS_OF = dt.date(2021, 6, 30)
EXAMPLE = files("zgc_plan") / "data" / "examples" / "task-progress.example.yaml"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with a task file and an overrides file, the current directory of a run."""
    shutil.copy(str(EXAMPLE), tmp_path / "tasks.yaml")
    shutil.copy(DATA / "overrides.yaml", tmp_path / "overrides.yaml")
    return tmp_path


def _write(folder: Path, name: str, **kwargs: object) -> Path:
    output = folder / name
    zgc_plan.write_report(
        output, tasks=folder / "tasks.yaml", overrides=folder / "overrides.yaml", as_of=AS_OF,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    return output


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_byte_identical(inputs: Path, name: str) -> None:
    """The same inputs give the same bytes, written twice."""
    first = _write(inputs, name).read_bytes()
    again = _write(inputs, "again" + Path(name).suffix).read_bytes()
    assert first == again
    assert len(first) > 10_000


def test_self_contained(inputs: Path) -> None:
    """No stylesheet, script, image or font is loaded: styles and charts are inline."""
    text = _write(inputs, "report.html").read_text(encoding="utf-8")
    assert "<style>" in text
    assert text.count("<svg") == 2
    assert not re.search(r"<link\b|<img\b|<iframe\b|@import|url\(", text)
    assert not re.search(r"\bsrc=", text)
    scripts = re.findall(r"<script\b[^>]*>", text)
    assert scripts == ['<script type="application/json" id="zgc-plan-manifest">']


def test_sections_in_both_languages(inputs: Path) -> None:
    """Summary, warnings, targets, tasks by action, overrides, sources, manifest."""
    text = _write(inputs, "report.html").read_text(encoding="utf-8")
    for heading in ("概要", "Summary", "预警", "Early warnings", "目标", "Targets", "任务进展",
                    "Task progress", "人工调整", "Overrides", "数据来源", "Data sources", "清单",
                    "Manifest"):  # fmt: skip
        assert heading in text
    assert "(3) 创业服务升级行动 Entrepreneurship service upgrade action" in text
    assert "评估员乙" in text
    assert "2021年上半年新增上市企业较多" in text
    assert "相对滞后 behind schedule" in text  # the computed status beside the override
    # the published milestone with its quote, and a task-target link with its quote
    assert "中关村科技园区管理委员会共征选出27家中关村硬科技孵化平台" in text
    assert "“支持高校院所建立市场化专业化的技术转移机构”" in text
    sources = text.split('id="sources"')[1].split('id="manifest"')[0]
    assert "公开资料 published" in sources
    assert "http://zctpt.com/finance/44564.html" in sources
    assert "统计数据 figures" in sources


def test_summary_counts_match_the_parts(inputs: Path) -> None:
    """The summary's counts are the counts of verdicts, mid-term statuses, tasks and warnings."""
    reports = zgc_plan.load_task_reports(inputs / "tasks.yaml")
    overrides = zgc_plan.load_overrides(inputs / "overrides.yaml")
    assessment = zgc_plan.assess(zgc_plan.load_observations(), reports, AS_OF, overrides=overrides)
    counts = {key: n for key, _, _, n in summary_counts(assessment)}
    assert sum(n for k, n in counts.items() if k.startswith("verdict.")) == 17
    assert sum(n for k, n in counts.items() if k.startswith("midterm.")) == 17
    assert sum(n for k, n in counts.items() if k.startswith("task.")) == 23
    assert counts["midterm.on_schedule"] == 1  # the override
    assert counts["task.in_progress"] == assessment.progress.overall.count("in_progress")
    assert counts["warning.warning"] + counts["warning.watch"] == len(assessment.warnings)
    html = _write(inputs, "report.html").read_text(encoding="utf-8")
    for key, n in counts.items():
        assert f'<tr data-key="{key}">' in html
        assert re.search(rf'data-key="{re.escape(key)}">.*?<td class="count">{n}</td>', html)


def test_manifest(inputs: Path) -> None:
    """SHA-256 of every input and of the plan, the version, the options and the as-of date."""
    report = _write(inputs, "report.html")
    manifest = extract_manifest(report.read_text(encoding="utf-8"))
    assert (manifest.version, manifest.as_of, manifest.format) == (
        zgc_plan.__version__, "2021-06-30", "html",
    )  # fmt: skip
    hashes = {(i.role, i.path): i.sha256 for i in manifest.inputs}
    tasks = str(inputs / "tasks.yaml")
    assert hashes[("tasks", tasks)] == hashlib.sha256(Path(tasks).read_bytes()).hexdigest()
    plan_bytes = (files("zgc_plan") / "data" / "plan.yaml").read_bytes()
    assert hashes[("plan", "zgc_plan:data/plan.yaml")] == hashlib.sha256(plan_bytes).hexdigest()
    assert {role for role, _ in hashes} == {
        "plan", "areas", "observations", "tasks", "overrides", "links", "published_milestones",
    }  # fmt: skip
    assert dict(manifest.options) == {
        "ahead": "1.1", "on_schedule": "0.9", "warning_gap": "0.2", "stale_months": "6",
        "baseline_year": "", "min_status": "",
    }  # fmt: skip


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_verify_matches(inputs: Path, name: str) -> None:
    """A report verifies against the inputs its manifest names."""
    assert zgc_plan.verify_report(_write(inputs, name)) == ()


def test_verify_finds_a_tampered_report(inputs: Path) -> None:
    """A report whose text was edited does not verify."""
    report = _write(inputs, "report.html")
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("相对滞后", "快于预期", 1), encoding="utf-8")
    (difference,) = zgc_plan.verify_report(report)
    assert difference.startswith("the report differs from the one its inputs give, from line")


def test_verify_finds_a_changed_input(inputs: Path) -> None:
    """An input changed after the report was written does not verify, naming the input."""
    report = _write(inputs, "report.md")
    tasks = inputs / "tasks.yaml"
    tasks.write_text(
        tasks.read_text(encoding="utf-8").replace("delayed", "completed"), encoding="utf-8"
    )
    (difference,) = zgc_plan.verify_report(report)
    assert difference.startswith(f"tasks {tasks}: SHA-256 is ")
    tasks.unlink()
    assert "cannot read the file" in zgc_plan.verify_report(report)[0]


def test_verify_needs_a_manifest(tmp_path: Path) -> None:
    """A file without a manifest is bad input, not a mismatch."""
    page = tmp_path / "page.html"
    page.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(zgc_plan.PlanDataError, match="not a zgc-plan report: no manifest found"):
        zgc_plan.verify_report(page)


def test_input_text_is_escaped(tmp_path: Path) -> None:
    """Markup in input files shows as text in HTML and in Markdown."""
    shutil.copy(DATA / "hostile" / "tasks.yaml", tmp_path / "tasks.yaml")
    html = tmp_path / "r.html"
    zgc_plan.write_report(html, tasks=tmp_path / "tasks.yaml", as_of=AS_OF)
    text = html.read_text(encoding="utf-8")
    body = text.split('<script type="application/json"')[0]
    for raw in ("<script>alert", "<b>bold</b>", "<img src=x", "<h1>injected", "<i>ampersand"):
        assert raw not in body
    assert "&lt;script&gt;alert(&#x27;lead&#x27;)&lt;/script&gt;" in body
    assert "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;h1&gt;injected&lt;/h1&gt;" in body
    md = tmp_path / "r.md"
    zgc_plan.write_report(md, tasks=tmp_path / "tasks.yaml", as_of=AS_OF)
    rows = [line for line in md.read_text(encoding="utf-8").splitlines() if "示例" not in line]
    task_row = next(line for line in rows if line.startswith("| 1 | 深化科技成果转化改革"))
    # One row, the right number of cells: pipes inside cells are escaped.
    cells = re.split(r"(?<!\\)\|", task_row)[1:-1]
    assert len(cells) == 8
    assert "line one line two \\| \\*star\\* \\[link\\](http://example.org) &lt;img" in task_row
    assert "A \\| B" in task_row
    assert "&lt;script&gt;" in task_row
    assert "<" not in task_row
    assert zgc_plan.verify_report(md) == ()


def test_report_format_from_the_name(tmp_path: Path) -> None:
    """The suffix chooses the format; another suffix is bad input."""
    with pytest.raises(zgc_plan.PlanDataError, match=r"name the file \.html or \.md"):
        zgc_plan.write_report(tmp_path / "report.pdf", as_of=AS_OF)


def test_bad_inputs_all_at_once(tmp_path: Path) -> None:
    """Problems of every input file are reported together."""
    bad_tasks = Path(__file__).parent / "bad_tasks" / "unknown_task.yaml"
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.write_report(
            tmp_path / "r.html", observations=[DATA / "missing.yaml"], tasks=bad_tasks, as_of=AS_OF
        )
    paths = [p.path for p in caught.value.problems]
    assert paths == [f"{DATA / 'missing.yaml'}: ", f"{bad_tasks}: reports[0].task"]


def test_verify_from_another_folder(inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths are recorded as given, and found beside the report when verified elsewhere."""
    monkeypatch.chdir(inputs)
    zgc_plan.write_report("report.html", tasks="tasks.yaml", as_of=AS_OF)
    manifest = extract_manifest((inputs / "report.html").read_text(encoding="utf-8"))
    assert ("tasks", "tasks.yaml") in [(i.role, i.path) for i in manifest.inputs]
    monkeypatch.chdir(inputs.parent)
    assert zgc_plan.verify_report(inputs / "report.html") == ()


def test_verify_another_version(inputs: Path) -> None:
    """A report made by another version of the library does not verify, and says why."""
    report = _write(inputs, "report.html")
    text = report.read_text(encoding="utf-8")
    version = f'"version": "{zgc_plan.__version__}"'
    assert text.count(version) == 1
    report.write_text(text.replace(version, '"version": "0.0.1"'), encoding="utf-8")
    assert zgc_plan.verify_report(report) == (
        f"made by zgc_plan 0.0.1; this is {zgc_plan.__version__}",
    )


def test_report_of_another_plan(inputs: Path) -> None:
    """A plan file is an input like the others; the shipped links are of the shipped plan only."""
    plan = inputs / "plan.yaml"
    plan.write_bytes((files("zgc_plan") / "data" / "plan.yaml").read_bytes())
    areas = inputs / "areas.yaml"
    areas.write_bytes((files("zgc_plan") / "data" / "areas.yaml").read_bytes())
    report = _write(inputs, "report.md", plan=plan)
    manifest = extract_manifest(report.read_text(encoding="utf-8"))
    roles = [(i.role, i.path) for i in manifest.inputs]
    assert ("plan", str(plan)) in roles
    assert ("areas", str(areas)) in roles
    assert "links" not in [role for role, _ in roles]
    assert "服务目标 serves" in report.read_text(encoding="utf-8")
    assert "(原文 text:" not in report.read_text(encoding="utf-8")
    assert zgc_plan.verify_report(report) == ()


def test_min_status(inputs: Path) -> None:
    """Only figures of at least the given quality are judged; the option is in the manifest."""
    report = _write(inputs, "report.md", min_status="published")
    manifest = extract_manifest(report.read_text(encoding="utf-8"))
    assert manifest.option("min_status") == "published"
    assert zgc_plan.verify_report(report) == ()
    reports = zgc_plan.load_task_reports(inputs / "tasks.yaml")
    every = zgc_plan.assess(zgc_plan.load_observations(), reports, AS_OF)
    strict = zgc_plan.assess(
        zgc_plan.load_observations(),
        reports,
        AS_OF,
        min_status=zgc_plan.ObservationStatus.PUBLISHED,
    )
    judged = [
        r for r in every.evaluation.results if r.status.value not in ("no_data", "not_judged")
    ]
    assert any(r.quality is not zgc_plan.ObservationStatus.PUBLISHED for r in judged)
    for result in strict.evaluation.results:
        if result.status.value not in ("no_data", "not_judged"):
            assert result.quality is zgc_plan.ObservationStatus.PUBLISHED
    with pytest.raises(zgc_plan.PlanDataError, match="expected one of published"):
        _write(inputs, "bad.md", min_status="rumour")


def test_sub_park_ranking() -> None:
    """Spec: "where figures of the sub-parks are given, the annual sub-park assessment of the
    figure year ... each park's rank, composite score, figure and rank per indicator"."""
    plan = zgc_plan.load_plan()
    figures = [
        zgc_plan.Observation.of("pct-applications", 2020, f"{100 * (i + 1)}件", area=park.id)
        for i, park in enumerate(plan.parks)
    ]
    assessment = zgc_plan.assess([*zgc_plan.load_observations(), *figures], (), AS_OF)
    assert assessment.parks is not None
    assert assessment.parks.year == 2020
    best = assessment.parks.parks[0]
    manifest = zgc_plan.Manifest("0", "2021-06-30", "html", (), ())
    html = render_html(assessment, manifest)
    section = html.split('id="parks"')[1].split('id="tasks"')[0]
    assert f"{best.area.name_zh} {best.area.name_en}" in section
    assert "1600 件 (#1)" in section
    markdown = render_markdown(assessment, manifest)
    assert (
        f"| 1 | {best.area.name_zh} {best.area.name_en} | 100.0 | 1600 件 (\\#1) | 0 |" in markdown
    )
    without = zgc_plan.assess(zgc_plan.load_observations(), (), AS_OF)
    assert without.parks is None
    assert "未给出分园数据 no figures of the sub-parks given" in render_html(without, manifest)
