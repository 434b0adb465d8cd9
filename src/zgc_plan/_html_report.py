"""The assessment report as one self-contained HTML file, or as Markdown.

The HTML has its styles and SVG charts inline and loads nothing; every text
taken from an input file is escaped (:mod:`zgc_plan._escape`).  The same
assessment and manifest give the same bytes: nothing but the as-of date
dates the report, and every list has a fixed order.  The sections are
described in ``specs/report.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from zgc_plan._escape import escape_html, markdown_cell, markdown_table
from zgc_plan._manifest import MANIFEST_ID, Manifest
from zgc_plan._midterm import MidtermStatus
from zgc_plan._progress import STATUS_KEYS, status_label

if TYPE_CHECKING:
    from zgc_plan._assessment import Assessment
    from zgc_plan._evaluate import TargetResult
    from zgc_plan._midterm import MidtermResult
    from zgc_plan._progress import TaskState

__all__ = ["render_html", "render_markdown", "summary_counts"]

_TASK_COLOURS = {
    "not_started": "#9aa5b1",
    "in_progress": "#3b82c4",
    "completed": "#2e9e5b",
    "delayed": "#d1495b",
    "not_applicable": "#c7ccd1",
    "no_report": "#efe3c2",
}
_MIDTERM_COLOURS = {
    MidtermStatus.ACHIEVED: "#2e9e5b",
    MidtermStatus.AHEAD: "#57b894",
    MidtermStatus.ON_SCHEDULE: "#3b82c4",
    MidtermStatus.BEHIND: "#d1495b",
    MidtermStatus.NOT_ASSESSED: "#c7ccd1",
}

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:68em;padding:0 1em;color:#1f2933;line-height:1.5}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #d9e2ec;padding-bottom:.2em;margin-top:2em}
.en{color:#52606d;font-size:.9em}.meta{color:#52606d}
table{border-collapse:collapse;width:100%;margin:.8em 0;font-size:.92em}
th,td{border:1px solid #d9e2ec;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.count{text-align:right;font-weight:bold}
.summary{display:flex;flex-wrap:wrap;gap:1.5em}.summary table{width:auto;min-width:16em}
.warning{color:#b42318;font-weight:bold}.watch{color:#b54708;font-weight:bold}
.override{background:#fff4e5}.quote{color:#334e68;font-size:.88em}
code{font-size:.85em;word-break:break-all}svg{max-width:100%;height:auto}
""".strip()


def summary_counts(assessment: Assessment) -> list[tuple[str, str, str, int]]:
    """The summary's counts: ``(key, Chinese label, English label, count)``.

    Keys are ``verdict.<status>``, ``midterm.<status>``, ``task.<status>`` and
    ``warning.<level>``; the report shows every one of them.
    """
    rows: list[tuple[str, str, str, int]] = []
    results = assessment.evaluation.results
    statuses = type(results[0].status) if results else ()
    for status in statuses:
        count = sum(1 for r in results if r.status is status)
        rows.append((f"verdict.{status.value}", status.label_zh, status.label_en, count))
    for mid in MidtermStatus:
        rows.append(
            (f"midterm.{mid.value}", mid.label_zh, mid.label_en, assessment.midterm.count(mid))
        )
    overall = assessment.progress.overall
    for key in STATUS_KEYS:
        zh, en = status_label(key)
        rows.append((f"task.{key}", zh, en, overall.count(key)))
    for level, zh, en in (("warning", "预警", "warning"), ("watch", "关注", "watch")):
        count = sum(1 for w in assessment.warnings if w.level.value == level)
        rows.append((f"warning.{level}", zh, en, count))
    return rows


def _quality(result: TargetResult) -> str:
    """The weakest status behind the figure, and the verdict's caveats in both languages."""
    if result.quality is None:
        return ""
    caveats = " / ".join(c for c in (result.caveat_zh, result.caveat_en) if c)
    return f"{result.quality.value} ({caveats})" if caveats else result.quality.value


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _midterm_text(item: MidtermResult) -> str:
    text = f"{item.status.label_zh} {item.status.label_en}"
    if item.override is not None:
        text += (
            f" [人工调整 override by {item.override.by}: {item.override.reason}; "
            f"计算 computed: {item.computed.label_zh} {item.computed.label_en}]"
        )
    return text


def _task_status_text(state: TaskState) -> str:
    zh, en = status_label(state.key)
    text = f"{zh} {en}"
    if state.override is not None:
        reported = status_label(state.computed.value if state.computed else "no_report")
        text += (
            f" [人工调整 override by {state.override.by}: {state.override.reason}; "
            f"报告 reported: {reported[0]} {reported[1]}]"
        )
    return text


# The report's tables, as rows of plain text; each format escapes and lays them out.
Table = tuple[list[str], list[list[str]]]


def _target_table(assessment: Assessment) -> Table:
    header = [
        "#", "指标 indicator", "目标 target", "实际 figure", "判定 verdict", "数据质量 quality",
        "序时进度 elapsed", "完成进度 progress", "中期状态 mid-term", "来源 source",
    ]  # fmt: skip
    rows = []
    for item in assessment.midterm.results:
        result = item.result
        observation = result.observation
        figure = result.observed_text or "—"
        if result.year is not None:
            figure += f" ({result.year})"
        source = ""
        if observation is not None:
            source = " — ".join(s for s in (observation.source, observation.quote) if s)
        rows.append(
            [
                str(result.target.number), f"{result.name_zh} {result.name_en}",
                f"{result.target.quote_zh} ({result.target.value_text})", figure,
                f"{result.status.label_zh} {result.status.label_en}", _quality(result),
                _percent(item.elapsed), _percent(result.progress), _midterm_text(item), source,
            ]
        )  # fmt: skip
    return header, rows


def _warning_table(assessment: Assessment) -> Table:
    header = ["级别 level", "对象 subject", "原因 reason"]
    rows = [
        [
            f"{w.level.label_zh} {w.level.value}",
            f"{'目标 target' if w.kind == 'target' else '任务 task'} {w.number} {w.name_zh}",
            f"{w.reason_zh} / {w.reason_en}",
        ]
        for w in assessment.warnings
    ]
    return header, rows


def _action_tables(assessment: Assessment) -> list[tuple[str, Table]]:
    links: dict[str, list[str]] = {}
    for link in assessment.links:
        basis = "原文 text" if link.basis.value == "text" else "研判 judgement"
        links.setdefault(link.task.id, []).append(
            f"→ 目标 {link.target.number} {link.target.quote_zh} ({basis}: “{link.task_quote}”)"
        )
    published: dict[str, list[str]] = {}
    for milestone in assessment.published:
        published.setdefault(milestone.task.id, []).append(
            f"{milestone.date} {milestone.what} — {milestone.evidence.source}: "
            f"“{milestone.evidence.quote}”"
        )
    header = [
        "#", "任务 task", "状态 status", "报告日期 as of", "牵头 lead / 配合 partners",
        "逾期里程碑 overdue", "依据 evidence", "服务目标 serves",
    ]  # fmt: skip
    tables = []
    for action in assessment.plan.actions:
        rows = []
        for state in assessment.progress.tasks:
            if state.action.id != action.id:
                continue
            report = state.report
            partners = "、".join(report.partners) if report else ""
            evidence = [f"备注 note: {report.note}"] if report and report.note else []
            if report:
                evidence += [
                    f"{e.source}: “{e.quote}”" if e.quote else e.source for e in report.evidence
                ]
            rows.append(
                [
                    str(state.task.number), f"{state.task.title_zh} {state.task.title_en}",
                    _task_status_text(state), report.as_of.isoformat() if report else "—",
                    f"{state.lead} / {partners}" if partners else state.lead,
                    "; ".join(f"{m.what} (due {m.due})" for m in state.overdue),
                    "; ".join(evidence + published.get(state.task.id, [])),
                    "; ".join(links.get(state.task.id, [])),
                ]
            )  # fmt: skip
        counts = next(c for c in assessment.progress.by_action if c.key == action.id)
        tally = ", ".join(
            f"{status_label(k)[0]} {counts.count(k)}" for k in STATUS_KEYS if counts.count(k)
        )
        tables.append(
            (f"({action.number}) {action.title_zh} {action.title_en} — {tally}", (header, rows))
        )
    return tables


def _park_table(assessment: Assessment) -> Table:
    ranking = assessment.parks
    if ranking is None:
        return ["分园 park"], []
    header = [
        "名次 rank", "分园 park", "综合得分 score",
        *(f"{i.number}. {i.name_zh}" for i in ranking.indicators), "缺项 missing",
    ]  # fmt: skip
    rows = []
    for park in ranking.parks:
        cells = [
            f"{cell.value_text} (#{cell.rank})" if cell.rank is not None else cell.value_text
            for cell in park.cells
        ]
        rows.append(
            [
                "—" if park.rank is None else str(park.rank),
                f"{park.area.name_zh} {park.area.name_en}",
                "—" if park.score is None else f"{park.score:.1f}",
                *cells,
                str(len(park.missing)),
            ]
        )
    return header, rows


def _override_table(assessment: Assessment) -> Table:
    header = [
        "对象 subject",
        "调整为 set to",
        "计算 computed",
        "原因 reason",
        "评估人 by",
        "日期 date",
    ]
    computed: dict[str, str] = {}
    for item in assessment.midterm.results:
        computed[item.result.target.id] = f"{item.computed.label_zh} {item.computed.label_en}"
    for state in assessment.progress.tasks:
        zh, en = status_label(state.computed.value if state.computed else "no_report")
        computed[state.task.id] = f"{zh} {en}"
    rows = []
    for o in assessment.overrides:
        zh, en = (o.status.label_zh, o.status.label_en)
        rows.append(
            [f"{o.kind.value} {o.key}", f"{zh} {en}", computed.get(o.key, ""), o.reason, o.by,
             o.date.isoformat() if o.date else ""]
        )  # fmt: skip
    return header, rows


def _source_table(assessment: Assessment) -> Table:
    """Every source of figures, of task evidence and of published milestones, with counts."""
    judged = Counter(
        (r.observation.source, r.observation.url)
        for r in assessment.evaluation.results
        if r.observation is not None
    )
    figures = Counter((o.source, o.url) for o in assessment.observations if o.source or o.url)
    evidence = Counter(
        (e.source, e.url)
        for state in assessment.progress.tasks
        if state.report is not None
        for e in state.report.evidence
    )
    published = Counter((m.evidence.source, m.evidence.url) for m in assessment.published)
    rows = [
        ["统计数据 figures", source, url, str(n), str(judged[source, url])]
        for (source, url), n in sorted(figures.items())
    ]
    for kind, counts in (("任务依据 task evidence", evidence), ("公开资料 published", published)):
        rows += [[kind, source, url, str(n), ""] for (source, url), n in sorted(counts.items())]
    return ["类别 kind", "来源 source", "网址 url", "条数 items", "判定所用 judged"], rows


def _manifest_table(manifest: Manifest) -> Table:
    rows = [["version", manifest.version], ["as_of", manifest.as_of], ["format", manifest.format]]
    rows += [[f"option {k}", v] for k, v in manifest.options]
    rows += [[f"{i.role}: {i.path}", f"sha256 {i.sha256}"] for i in manifest.inputs]
    return ["项目 item", "值 value"], rows


# ---------------------------------------------------------------- HTML


#: Cells that are a warning's level, and the class that colours them.
_LEVEL_CLASSES = {"预警 warning": "warning", "关注 watch": "watch"}


def _html_table(table: Table) -> str:
    header, rows = table
    if not rows:
        return '<p class="meta">无 none</p>'
    out = ["<table><thead><tr>"]
    out += [f"<th>{escape_html(h)}</th>" for h in header]
    out.append("</tr></thead><tbody>")
    for row in rows:
        marked = any("override by" in cell for cell in row)
        out.append('<tr class="override">' if marked else "<tr>")
        out += [
            f'<td class="{_LEVEL_CLASSES[cell]}">{cell}</td>'
            if cell in _LEVEL_CLASSES
            else f"<td>{escape_html(cell)}</td>"
            for cell in row
        ]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _svg_text(x: float, y: float, text: str, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}">'
        f"{escape_html(text)}</text>"
    )


def _svg_open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f"<title>{title}</title>",
    ]


def _progress_chart(assessment: Assessment) -> str:
    items = [i for i in assessment.midterm.results if i.result.progress is not None]
    if not items:
        return '<p class="meta">无可比较的进度 no progress to compare</p>'
    left, width, row = 230, 440, 24
    height = 30 + row * len(items)
    parts = _svg_open(left + width + 90, height, "完成进度与序时进度 progress against time elapsed")
    scale = width / 1.5  # the axis runs to 150 %: progress beyond the target shows
    for value in (0.0, 0.5, 1.0, 1.5):
        x = left + value * scale
        parts.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height}" stroke="#d9e2ec"/>')
        parts.append(_svg_text(x, 13, f"{value:.0%}", "middle", 10))
    for index, item in enumerate(items):
        y = 22 + index * row
        progress = item.result.progress or 0.0
        bar = min(max(progress, 0.0), 1.5) * scale
        colour = _MIDTERM_COLOURS[item.status]
        label = f"{item.result.target.number}. {item.result.name_zh}"
        parts.append(_svg_text(left - 6, y + 14, label, "end"))
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{bar:.1f}" height="{row - 8}" fill="{colour}"/>'
        )
        if item.elapsed is not None:
            x = left + item.elapsed * scale
            parts.append(
                f'<line x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + row - 2}" stroke="#1f2933" '
                'stroke-width="2"/>'
            )
        parts.append(_svg_text(left + bar + 4, y + 14, f"{progress:.0%} {item.status.label_zh}"))
    parts.append("</svg>")
    return "".join(parts)


def _task_chart(assessment: Assessment) -> str:
    counts = assessment.progress.by_action
    left, width, row = 190, 460, 24
    height = 40 + row * len(counts)
    parts = _svg_open(left + width + 20, height, "各行动任务状态 task status by action")
    for index, group in enumerate(counts):
        y = 4 + index * row
        parts.append(_svg_text(left - 6, y + 14, group.name_zh, "end"))
        x = float(left)
        for key in STATUS_KEYS:
            share = group.share(key)
            if share:
                w = share * width
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" '
                    f'fill="{_TASK_COLOURS[key]}"/>'
                )
                x += w
    legend_y = 14 + row * len(counts)
    x = float(left)
    for key in STATUS_KEYS:
        parts.append(
            f'<rect x="{x:.1f}" y="{legend_y}" width="10" height="10" fill="{_TASK_COLOURS[key]}"/>'
        )
        parts.append(_svg_text(x + 13, legend_y + 9, status_label(key)[0], size=11))
        x += 72
    parts.append("</svg>")
    return "".join(parts)


def _html_summary(assessment: Assessment) -> str:
    groups = {
        "verdict": "判定 verdicts",
        "midterm": "中期状态 mid-term status",
        "task": "任务 tasks",
        "warning": "预警 warnings",
    }
    rows = summary_counts(assessment)
    out = ['<div class="summary">']
    for prefix, title in groups.items():
        out.append(f'<table><thead><tr><th colspan="2">{title}</th></tr></thead><tbody>')
        for key, zh, en, count in rows:
            if key.startswith(prefix + "."):
                out.append(
                    f'<tr data-key="{key}"><th>{zh} <span class="en">{en}</span></th>'
                    f'<td class="count">{count}</td></tr>'
                )
        out.append("</tbody></table>")
    out.append("</div>")
    return "".join(out)


def _park_meta(assessment: Assessment) -> str:
    if assessment.parks is None:
        return '<p class="meta">未给出分园数据 no figures of the sub-parks given</p>'
    return (
        f'<p class="meta">{assessment.parks.year}年, 按各指标排名与综合得分 '
        "(ranks per indicator and the composite score, see the sub-park assessment)</p>"
    )


def _heading(level: int, zh: str, en: str, anchor: str) -> str:
    return f'<h{level} id="{anchor}">{zh} <span class="en">{en}</span></h{level}>'


def render_html(assessment: Assessment, manifest: Manifest) -> str:
    """The report as one self-contained HTML page."""
    doc = assessment.plan.document
    midterm = assessment.midterm
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape_html(doc.title_zh)} 评估报告 assessment as of {assessment.as_of}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{escape_html(doc.title_zh)}<br>评估报告 "
        f'<span class="en">assessment report</span></h1>',
        f'<p class="en">{escape_html(doc.title_en)} ({escape_html(doc.doc_number)})</p>',
        f'<p class="meta">评估日期 as of <b id="as-of">{assessment.as_of}</b>; 判定所用数据年份 '
        f"figures up to {assessment.evaluation.year}; 序时进度 time elapsed "
        f"{_percent(midterm.elapsed)} of {doc.start_year}-01-01 — {doc.end_year}-12-31</p>",
        _heading(2, "概要", "Summary", "summary"),
        _html_summary(assessment),
        _heading(2, "预警", "Early warnings", "warnings"),
        _html_table(_warning_table(assessment)),
        _heading(2, "目标", "Targets", "targets"),
        _progress_chart(assessment),
        '<p class="meta">条: 完成进度; 竖线: 序时进度 (bar: progress from the baseline; line: '
        "share of the plan period elapsed at the end of the figure's year)</p>",
        _html_table(_target_table(assessment)),
        _heading(2, "分园排名", "Sub-park ranking", "parks"),
        _park_meta(assessment),
        _html_table(_park_table(assessment)),
        _heading(2, "任务进展", "Task progress", "tasks"),
        _task_chart(assessment),
    ]
    for title, table in _action_tables(assessment):
        out += [f"<h3>{escape_html(title)}</h3>", _html_table(table)]
    out += [
        _heading(2, "人工调整", "Overrides", "overrides"),
        _html_table(_override_table(assessment)),
        _heading(2, "数据来源", "Data sources", "sources"),
        _html_table(_source_table(assessment)),
        _heading(2, "清单", "Manifest", "manifest"),
        '<p class="meta">zgc-plan report --verify FILE recomputes this report from these inputs.</p>',
        _html_table(_manifest_table(manifest)),
        f'<script type="application/json" id="{MANIFEST_ID}">\n{manifest.to_json()}\n</script>',
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- Markdown


def _md_table(table: Table) -> list[str]:
    header, rows = table
    if not rows:
        return ["无 none", ""]
    return [*markdown_table(header, rows), ""]


def _md_section(zh: str, en: str, body: Iterable[str]) -> list[str]:
    return [f"## {zh} {en}", "", *body]


def render_markdown(assessment: Assessment, manifest: Manifest) -> str:
    """The report as Markdown (GitHub-flavoured tables)."""
    doc = assessment.plan.document
    text: Callable[[str], str] = markdown_cell
    summary = ["| key | 项目 item | count |", "|---|---|---|"]
    summary += [f"| {k} | {zh} {en} | {n} |" for k, zh, en, n in summary_counts(assessment)]
    lines = [
        f"# {text(doc.title_zh)} 评估报告 assessment report",
        "",
        f"{text(doc.title_en)} ({text(doc.doc_number)})",
        "",
        f"评估日期 as of **{assessment.as_of}**; figures up to {assessment.evaluation.year}; "
        f"序时进度 time elapsed {_percent(assessment.midterm.elapsed)}",
        "",
        *_md_section("概要", "Summary", [*summary, ""]),
        *_md_section("预警", "Early warnings", _md_table(_warning_table(assessment))),
        *_md_section("目标", "Targets", _md_table(_target_table(assessment))),
        *_md_section("分园排名", "Sub-park ranking", _md_table(_park_table(assessment))),
        "## 任务进展 Task progress",
        "",
    ]
    for title, table in _action_tables(assessment):
        lines += [f"### {text(title)}", "", *_md_table(table)]
    lines += [
        *_md_section("人工调整", "Overrides", _md_table(_override_table(assessment))),
        *_md_section("数据来源", "Data sources", _md_table(_source_table(assessment))),
        *_md_section("清单", "Manifest", _md_table(_manifest_table(manifest))),
        f"<!-- {MANIFEST_ID} -->",
        "```json",
        manifest.to_json(),
        "```",
    ]
    return "\n".join(lines) + "\n"
