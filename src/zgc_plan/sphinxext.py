"""A Sphinx extension that renders the plan as tables in any documentation.

Add it to a project's ``conf.py``::

    extensions = ["zgc_plan.sphinxext"]

and write, in reStructuredText::

    .. zgc-plan:: targets

or in MyST Markdown::

    ```{zgc-plan} targets
    ```

The argument is the part of the plan to render: ``document``,
``guiding-thought``, ``principles``, ``overall-goal``, ``goals``, ``targets``,
``actions``, ``safeguards``, ``indicators`` or ``scorecard`` (the evaluation of
observed figures against the plan's targets).  Every element shows its
stable id and its place in the source document (``source.section``, and the
verbatim quote for targets), with the Chinese original beside the English.

Options: ``:plan: path`` renders another plan file in the same schema;
for ``scorecard``, ``:observations: path`` evaluates another observation
file, ``:baseline: year`` measures progress from another year, and
``:picture:`` also draws the scorecard as an SVG picture of the table's rows
(a missing Chinese glyph is then a warning of the build).  The documentation's
reference describes the directive and each option in full.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import ClassVar, TypeAlias, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.util.typing import ExtensionMetadata, OptionSpec
from sphinx.writers.html5 import HTML5Translator

import zgc_plan
from zgc_plan._escape import safe_url
from zgc_plan._evaluate import Evaluation, evaluate
from zgc_plan._load import load_plan
from zgc_plan._model import (
    Action,
    GuidingThought,
    Indicator,
    OverallGoal,
    Plan,
    Principle,
    Safeguard,
    SourceRef,
    Target,
    Task,
)
from zgc_plan._observation_files import load_observations
from zgc_plan._observations import ObservationStatus
from zgc_plan._scorecard import ScorecardRow, scorecard_rows
from zgc_plan.exceptions import PlanError

__all__ = ["PARTS", "ZgcPlanDirective", "published_figures_available", "setup"]

#: The parts of the plan the ``zgc-plan`` directive can render, in plan order.
PARTS = (
    "document",
    "guiding-thought",
    "principles",
    "overall-goal",
    "goals",
    "targets",
    "actions",
    "safeguards",
    "indicators",
    "scorecard",
)

#: What a table cell may hold, as text, one node, or several nodes.
Cell: TypeAlias = str | nodes.Node | Sequence[nodes.Node]

_E = TypeVar("_E", bound=nodes.Element)

_ZH = "language-zh-CN"
_DASH = "—"
#: Where the anchors of plan elements are, by anchor: the document that has it.
_ANCHORS = "zgc_plan_anchors"
#: Runs of Chinese text (with the digits and signs between their characters),
#: the only parts of a mixed heading tagged as Chinese.
_CJK_RUN = re.compile(
    r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”]+"
    r"(?:[0-9A-Za-z.%()\-·、]*[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”]+)*"
)

logger = logging.getLogger(__name__)


def _shipped(*parts: str) -> Traversable:
    return files("zgc_plan").joinpath("data", *parts)


def published_figures_available() -> bool:
    """Whether this installation ships the published figures (``published.yaml``).

    Returns:
        ``True`` when ``zgc_plan/data/observations/published.yaml`` is present,
        so that :func:`zgc_plan.load_observations` without a path can read it.
    """
    return _shipped("observations", "published.yaml").is_file()


# ---------------------------------------------------------------------------
# Small node builders
# ---------------------------------------------------------------------------


def _text(text: str, *, zh: bool = False) -> nodes.inline:
    return nodes.inline(text, text, classes=[_ZH] if zh else [])


def _para(*children: nodes.Node | str, zh: bool = False) -> nodes.paragraph:
    paragraph = nodes.paragraph(classes=[_ZH] if zh else [])
    for child in children:
        paragraph += nodes.Text(child) if isinstance(child, str) else child
    return paragraph


def _strong(text: str, *, zh: bool = False) -> nodes.strong:
    return nodes.strong(text, text, classes=[_ZH] if zh else [])


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _id(element_id: str, prefix: str = "") -> nodes.reference:
    """An element id, linked to the element's anchor once the build knows where it is.

    The link is resolved after every page is read (:func:`_resolve_ids`): to the
    row on this page, on another page, or, when no page renders the element, it
    stays plain text.
    """
    literal = _literal(element_id)
    literal["classes"] += ["zgc-plan-id"]
    return _ref(literal, _prefixed(prefix, element_id))


def _ref(content: nodes.Node, anchor: str) -> nodes.reference:
    """``content`` linked to the element anchored ``anchor``, as :func:`_id` links."""
    reference = nodes.reference("", "", content, internal=True, classes=["zgc-plan-ref"])
    reference["zgc_anchor"] = nodes.make_id(anchor)
    return reference


def _value(text: str) -> nodes.inline:
    """A value with its unit (``≥ 183 亿元/平方公里``), kept on one line by the style sheet."""
    return nodes.inline(text, text, classes=["zgc-plan-value"])


def _mixed(text: str) -> list[nodes.Node]:
    """Text of both languages, with only its Chinese runs tagged as Chinese."""
    out: list[nodes.Node] = []
    position = 0
    for match in _CJK_RUN.finditer(text):
        if match.start() > position:
            out.append(nodes.Text(text[position : match.start()]))
        out.append(_text(match.group(), zh=True))
        position = match.end()
    if position < len(text):
        out.append(nodes.Text(text[position:]))
    return out


def _link(text: str, url: str) -> nodes.Node:
    # A plan file is input: only http(s) and mailto addresses become links
    # (a "javascript:" address would run in the reader's browser).
    safe = safe_url(url)
    return nodes.reference(text, text, refuri=safe) if safe else _text(text)


def _title(element: GuidingThought | OverallGoal) -> str:
    return f"{element.title_zh} {element.title_en}"


def _zh_en(zh: str, en: str) -> list[nodes.Node]:
    """A Chinese line above its English counterpart, for one cell."""
    return [_para(_text(zh, zh=True), zh=True), _para(en)]


def _source_cell(source: SourceRef, *, quote: bool = False) -> list[nodes.Node]:
    cell: list[nodes.Node] = [_para(_text(source.section, zh=True))]
    if quote:
        cell.append(_para(_text(f"「{_one_line(source.quote)}」", zh=True), zh=True))
    return cell


def _one_line(text: str) -> str:
    """Join the lines of a quote that the web page broke across (``全球`` / ``影响力``)."""
    return "".join(line.strip() for line in text.splitlines())


def _blocks(content: Cell) -> list[nodes.Node]:
    """The body elements of a cell: text and inline nodes go in paragraphs."""
    if isinstance(content, str):
        return [_para(content)]
    items = [content] if isinstance(content, nodes.Node) else list(content)
    return [_para(item) if isinstance(item, nodes.Inline | nodes.Text) else item for item in items]


def _entry(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    entry.extend(_blocks(content))
    return entry


def _row(cells: Iterable[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += _entry(cell)
    return row


def _table(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[nodes.row],
    widths: Sequence[int],
    *,
    classes: Sequence[str] = (),
) -> nodes.table:
    table = nodes.table(classes=["zgc-plan-table", *classes])
    table += nodes.title(caption, "", *_mixed(caption))
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(_para(*_mixed(header)) for header in headers)
    group += head
    body = nodes.tbody()
    for row in rows:
        body += row
    group += body
    return table


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def _field_list(fields: Iterable[tuple[str, Cell]]) -> nodes.field_list:
    field_list = nodes.field_list(classes=["zgc-plan-fields"])
    for name, body in fields:
        field = nodes.field()
        field += nodes.field_name(name, "", *_mixed(name))
        value = nodes.field_body()
        value.extend(_blocks(body))
        field += value
        field_list += field
    return field_list


def _percent(value: float | None) -> str:
    return _DASH if value is None else f"{100 * value:.1f}%"


# ---------------------------------------------------------------------------
# The directive
# ---------------------------------------------------------------------------


class ZgcPlanDirective(SphinxDirective):
    """Render one part of a plan (``.. zgc-plan:: targets``) as docutils nodes."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = False
    has_content = False
    option_spec: ClassVar[OptionSpec] = {
        "plan": directives.path,
        "observations": directives.path,
        "baseline": directives.nonnegative_int,
        "picture": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        """Build the nodes of the requested part.

        Returns:
            The nodes to insert in the document.

        Raises:
            docutils.parsers.rst.DirectiveError: for an unknown part, or a plan
                file that cannot be read.
        """
        part = self.arguments[0].strip()
        if part not in PARTS:
            raise self.error(f"unknown part {part!r}; expected one of: {', '.join(PARTS)}")
        plan = self._plan()
        headings = plan.document.headings
        match part:
            case "document":
                return self._document(plan)
            case "guiding-thought":
                return self._single(plan.guiding_thought, _title(plan.guiding_thought))
            case "overall-goal":
                return self._single(plan.overall_goal, _title(plan.overall_goal))
            case "principles":
                caption = headings.caption("principles", "Principles")
                return [self._numbered(plan.principles, caption, "principle-", "table-principles")]
            case "safeguards":
                caption = headings.caption("safeguards", "Safeguards")
                return [self._numbered(plan.safeguards, caption, "safeguard-", "table-safeguards")]
            case "goals":
                return self._goals(plan)
            case "targets":
                caption = (
                    f"The {len(plan.targets)} quantitative targets ({plan.overall_goal.title_zh})"
                )
                return [self._targets(plan.targets, caption, "table-targets", anchors=True)]
            case "actions":
                return self._actions(plan)
            case "indicators":
                return [self._indicators(plan)]
            case _:  # "scorecard"
                return self._scorecard(plan)

    # -- loading ----------------------------------------------------------

    def _plan(self) -> Plan:
        path = self.options.get("plan")
        if path is None:
            resource = _shipped("plan.yaml")
            if isinstance(resource, Path):
                self.env.note_dependency(resource)
            return load_plan()
        relative, absolute = self._inside_source("plan", path)
        self.env.note_dependency(relative)
        try:
            return load_plan(absolute)
        except PlanError as error:
            raise self.error(f"zgc-plan: cannot load the plan {path}: {error}") from None

    def _inside_source(self, option: str, path: str) -> tuple[str, str]:
        """The relative and absolute path of an option's file, inside the source folder."""
        relative, absolute = self.env.relfn2path(path, self.env.docname)
        if not Path(absolute).resolve().is_relative_to(Path(self.env.srcdir).resolve()):
            # A build log is often public: a path out of the documentation's
            # folder could print another file's first characters into it.
            raise self.error(
                f"zgc-plan: the :{option}: file {path} is outside the documentation's source folder"
            )
        return relative, absolute

    def _anchor(self, node: _E, name: str) -> _E:
        """Give ``node`` the HTML id ``name``, unless the page already has that id.

        The first rendering of an element on a page keeps the anchor; a second
        one (the same part rendered twice) goes without, so ids stay unique.
        """
        anchor = nodes.make_id(name)
        document = self.state.document
        if anchor and anchor not in document.ids:
            node["ids"].append(anchor)
            document.ids[anchor] = node
        if anchor:
            # A heading of the page may have the id already (## Guiding thought):
            # an id of the element still leads to the element there.
            _anchors(self.env).setdefault(anchor, self.env.docname)
        return node

    # -- parts ------------------------------------------------------------

    def _document(self, plan: Plan) -> list[nodes.Node]:
        doc = plan.document
        fields: list[tuple[str, Cell]] = [
            ("ID", _id(doc.id, "document-")),
            ("标题 Title", _zh_en(doc.title_zh, doc.title_en)),
            ("文号 Document number", _text(doc.doc_number, zh=True)),
            ("颁布部门 Issued by", _zh_en(doc.issuer_zh, doc.issuer_en)),
            ("颁布时间 Issued", doc.issued.isoformat()),
            ("实施时间 Effective", doc.effective.isoformat()),
            ("发布日期 Published", doc.published.isoformat()),
            ("Plan period", f"{doc.start_year}–{doc.end_year}"),
            ("Source text", _link(doc.source_url, doc.source_url)),
            ("Source reference", _source_cell(doc.source, quote=True)),
        ]
        return [self._anchor(_field_list(fields), _prefixed("document-", doc.id))]

    def _single(self, element: GuidingThought | OverallGoal, caption: str) -> list[nodes.Node]:
        row = _row(
            [
                _id(element.id, element.id),
                [_para(_strong(element.title_zh, zh=True)), _para(_text(element.text_zh, zh=True))],
                [_para(_strong(element.title_en)), _para(element.summary_en)],
                _source_cell(element.source),
            ]
        )
        self._anchor(row, element.id)
        headers = ["ID", "中文原文 Chinese original", "English summary", "Source"]
        table = _table(caption, headers, [row], [12, 44, 34, 10])
        return [self._anchor(table, f"table-{element.id}")]

    def _numbered(
        self,
        elements: Sequence[Principle | Safeguard | Task],
        caption: str,
        prefix: str,
        table_id: str,
    ) -> nodes.table:
        rows = [
            self._anchor(
                _row(
                    [
                        str(element.number),
                        _id(element.id, prefix),
                        [
                            _para(_strong(element.title_zh, zh=True)),
                            _para(_text(element.text_zh, zh=True)),
                        ],
                        [_para(_strong(element.title_en)), _para(element.summary_en)],
                        _source_cell(element.source),
                    ]
                ),
                _prefixed(prefix, element.id),
            )
            for element in elements
        ]
        headers = ["No.", "ID", "中文原文 Chinese original", "English", "Source"]
        return self._anchor(_table(caption, headers, rows, [5, 11, 46, 30, 8]), table_id)

    def _goals(self, plan: Plan) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for goal in plan.goals:
            title = f"{goal.number}. {goal.title_zh} — {goal.title_en}"
            rubric = nodes.rubric(title, "", *_mixed(title))
            anchor = _prefixed("goal-", goal.id)
            out.append(self._anchor(rubric, anchor))
            out.append(
                _para(
                    "ID ",
                    _id(goal.id, "goal-"),
                    " · source ",
                    _text(goal.source.section, zh=True),
                )
            )
            row = _row(
                [
                    [_para(_strong(goal.title_zh, zh=True)), _para(_text(goal.text_zh, zh=True))],
                    [_para(_strong(goal.title_en)), _para(goal.summary_en)],
                ]
            )
            headers = ["中文原文 Chinese original", "English summary"]
            table = _table(f"Goal {goal.number}: {goal.title_en}", headers, [row], [60, 40])
            out.append(self._anchor(table, f"table-{anchor}"))
            if goal.targets:
                caption = f"Targets of goal {goal.number}"
                table_id = f"table-{anchor}-targets"
                out.append(self._targets(goal.targets, caption, table_id, anchors=False))
            else:
                out.append(_para(f"Goal {goal.number} states no quantitative target."))
        return out

    def _targets(
        self, targets: Sequence[Target], caption: str, table_id: str, *, anchors: bool
    ) -> nodes.table:
        rows = []
        for target in targets:
            indicator = target.indicator
            measured: Cell = (
                # The annex number, linked to the indicator's row: its id would
                # widen the table past a page's column.
                _para(_ref(nodes.Text(str(indicator.number)), f"indicator-{indicator.id}"))
                if indicator is not None
                else _DASH
            )
            comparator = target.comparator
            # The number and id head the target's cell, not columns of their own:
            # a column as wide as the longest id leaves too little to the quote.
            row = _row(
                [
                    [
                        _para(f"{target.number}. ", _id(target.id, "target-")),
                        _para(target.title_en),
                        _para(_text(target.title_zh, zh=True), zh=True),
                    ],
                    _para(_text(target.quote_zh, zh=True), zh=True),
                    [
                        _para(_value(f"{comparator.symbol} "), _text(comparator.word_zh, zh=True)),
                        _para(comparator.label_en),
                    ],
                    [_para(_value(target.value_text)), _para(f"by {target.year}")],
                    measured,
                    _source_cell(target.source),
                ]
            )
            rows.append(self._anchor(row, _prefixed("target-", target.id)) if anchors else row)
        headers = ["Target", "原文 Quote", "Comparator", "Target value", "Indicator", "Source"]
        table = _table(caption, headers, rows, [30, 24, 12, 14, 10, 10])
        return self._anchor(table, table_id)

    def _actions(self, plan: Plan) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for action in plan.actions:
            out += self._action(action)
        return out

    def _action(self, action: Action) -> list[nodes.Node]:
        title = f"{action.number}. {action.title_zh} — {action.title_en}"
        anchor = _prefixed("action-", action.id)
        rubric = self._anchor(nodes.rubric(title, "", *_mixed(title)), anchor)
        first, last = action.tasks[0].number, action.tasks[-1].number
        tasks = f"task {first}" if first == last else f"tasks {first}–{last}"
        info = _para(
            "ID ",
            _id(action.id, "action-"),
            " · source ",
            _text(action.source.section, zh=True),
            f" · {tasks}. ",
            action.summary_en,
        )
        caption = f"Tasks of action {action.number}: {action.title_en}"
        return [
            rubric,
            info,
            self._numbered(action.tasks, caption, "task-", f"table-{anchor}-tasks"),
        ]

    def _indicators(self, plan: Plan) -> nodes.table:
        years = sorted({target.year for target in plan.targets})
        year = str(years[-1]) if len(years) == 1 else "Target"
        rows = [self._indicator_row(plan, indicator) for indicator in plan.indicators]
        headers = [
            "二级指标 Indicator",
            "一级指标 Category",
            "Unit, direction, kind",
            "Definition",
            f"{year} target",
            "Source",
        ]
        annex = plan.document.headings.annex_title_zh
        caption = f"{annex} — the indicators of the annex" if annex else "The indicators"
        table = _table(caption, headers, rows, [30, 12, 14, 22, 12, 10])
        return self._anchor(table, "table-indicators")

    def _indicator_row(self, plan: Plan, indicator: Indicator) -> nodes.row:
        target = plan.target_for(indicator)
        goal: Cell = (
            _para(_ref(_value(target.value_text), _prefixed("target-", target.id)))
            if target is not None
            else _DASH
        )
        category = indicator.category
        # The number and id head the indicator's cell, as in the targets' table.
        row = _row(
            [
                [
                    _para(f"{indicator.number}. ", _id(indicator.id, "indicator-")),
                    *_zh_en(indicator.name_zh, indicator.name_en),
                ],
                _zh_en(category.name_zh, category.name_en),
                [
                    _para(_value(indicator.unit_text)),
                    _para(f"{indicator.direction.value} is better"),
                    _para(indicator.kind.value),
                ],
                indicator.definition_en,
                goal,
                _source_cell(indicator.source),
            ]
        )
        return self._anchor(row, _prefixed("indicator-", indicator.id))

    def _scorecard(self, plan: Plan) -> list[nodes.Node]:
        path = self.options.get("observations")
        if path is None and "plan" in self.options:
            raise self.error(
                "zgc-plan: the scorecard of another plan needs the figures to evaluate: "
                "add ':observations: FILE'"
            )
        if path is None:
            resource = _shipped("observations", "published.yaml")
            if isinstance(resource, Path):
                # A missing file counts as changed, so the page is rebuilt once it appears.
                self.env.note_dependency(resource)
            if not published_figures_available():
                return [
                    _para(
                        "The scorecard is not available yet: this copy of zgc_plan ships no "
                        "published figures (",
                        _literal("zgc_plan/data/observations/published.yaml"),
                        ").",
                    )
                ]
            figures, described = None, "the published figures"
        else:
            relative, figures = self._inside_source("observations", path)
            self.env.note_dependency(relative)
            described = f"the figures of {path}"
        baseline: int = self.options.get("baseline", plan.document.baseline_year)
        try:
            evaluation = evaluate(load_observations(figures, plan), plan, baseline=baseline)
        except PlanError as error:
            raise self.error(f"zgc-plan: cannot evaluate {described}: {error}") from None
        out: list[nodes.Node] = [
            self._anchor(_scorecard_table(evaluation, baseline, described), "table-scorecard")
        ]
        if "picture" in self.options:
            out.append(self._picture(evaluation, baseline))
        return [
            *out,
            self._anchor(_scores_table(evaluation), "table-scores"),
            _para(
                f"{len(evaluation.skipped)} figures of another area (such as Beijing city-wide) "
                "are context only and were left out of the evaluation."
            ),
        ]

    def _picture(self, evaluation: Evaluation, baseline: int) -> nodes.Node:
        """The scorecard as an SVG picture of the same rows, linked to its full size."""
        try:
            from zgc_plan._plot import progress_svg

            svg, picture = progress_svg(evaluation)
        except ImportError as error:  # MissingExtraError: matplotlib is not installed
            self._warn("picture", f"no scorecard picture: {error}")
            return _para(f"(No scorecard picture in this build: {error}.)")
        if picture.missing_glyphs:
            # matplotlib's own warnings about them are not Sphinx's: -W would pass them.
            self._warn("glyph", f"the scorecard picture: {picture.missing_font_message}")
        digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()[:16]
        alt = (
            f"The scorecard as a picture: for each of the {len(picture.rows)} targets, its "
            "progress or attainment as a bar, its latest figure, its target and its status, "
            "as in the table above"
        )
        node = scorecard_picture("", svg=svg, filename=f"scorecard-{digest}.svg", alt=alt)
        node += nodes.caption(
            "",
            "The table above as a picture (open it to see it at full size). Each bar is the "
            f"row's progress from the {baseline} figure (solid line) to the target (dashed "
            "line) or, hatched, its attainment (the figure as a share of the target) where "
            "there is no baseline figure; its colour is the status.",
        )
        return self._anchor(node, "scorecard-picture")

    def _warn(self, subtype: str, message: str) -> None:
        """A warning of the build (an error under ``-W``) at this directive."""
        logger.warning(
            "zgc-plan: %s", message, location=self.get_location(), type="zgc-plan", subtype=subtype
        )


def _prefixed(prefix: str, element_id: str) -> str:
    return element_id if element_id.startswith(prefix) else f"{prefix}{element_id}"


def _scorecard_table(evaluation: Evaluation, baseline: int, described: str) -> nodes.table:
    rows = [_scorecard_row(row) for row in scorecard_rows(evaluation)]
    headers = [
        "Target",
        "Latest figure, target",
        "Status",
        f"Progress since {baseline} (or attainment)",
        "Source of the figure",
    ]
    caption = f"Scorecard: {described} against the targets (baseline {baseline})"
    return _table(caption, headers, rows, [30, 16, 20, 10, 24], classes=["zgc-scorecard"])


def _scorecard_row(row: ScorecardRow) -> nodes.row:
    result = row.result
    target = row.target
    observation = result.observation
    figure: list[nodes.Node] = [_para(_DASH)]
    source: Cell = _DASH
    if observation is not None and row.figure_text is not None:
        figure = [_para(_value(row.figure_text), f" ({result.year})")]
        label = nodes.inline("", "", *_mixed(observation.source or "(no source given)"))
        source_cell: list[nodes.Node] = [
            _para(_link(observation.source or observation.url, observation.url))
            if observation.url
            else _para(label)
        ]
        if observation.quality is not ObservationStatus.PUBLISHED:
            source_cell.append(_para(nodes.emphasis("", observation.quality.value)))
        source = source_cell
    status_cell: list[nodes.Node] = [
        _para(_strong(result.verdict_en)),
        _para(nodes.inline("", "", _text(result.verdict_zh, zh=True), classes=["zgc-plan-status"])),
    ]
    measure: Cell = _DASH
    if row.measure is not None:
        measure = [_para(_value(row.share_text)), _para(nodes.emphasis("", row.measure))]
    return _row(
        [
            [
                _para(f"{target.number}. ", _id(target.id, "target-")),
                _para(_text(row.label_zh, zh=True), zh=True),
                _para(row.label_en),
                _para("source ", _text(target.source.section, zh=True)),
            ],
            [*figure, _para("target ", _value(target.value_text))],
            status_cell,
            measure,
            source,
        ]
    )


def _scores_table(evaluation: Evaluation) -> nodes.table:
    rows = [
        _row(
            [
                _zh_en(score.category.name_zh, score.category.name_en)
                if score.category is not None
                else _zh_en("总体", "Overall"),
                _DASH if score.score is None else f"{score.score:.1f}",
                str(len(score.counted)),
                ", ".join(score.missing) or _DASH,
            ]
        )
        for score in (*evaluation.categories, evaluation.overall)
    ]
    headers = ["Category", "Score (0-100)", "Targets with data", "Targets without data"]
    caption = f"Scores by indicator category ({evaluation.normalisation})"
    return _table(caption, headers, rows, [25, 15, 15, 45])


# ---------------------------------------------------------------------------
# The picture, the links between ids, and the build's events
# ---------------------------------------------------------------------------


class scorecard_picture(nodes.figure):  # noqa: N801 (docutils names nodes in lower case)
    """The scorecard's SVG picture: written next to the page's images when it is written."""


def _visit_picture_html(translator: HTML5Translator, node: scorecard_picture) -> None:
    builder = translator.builder
    folder = Path(builder.outdir, builder.imagedir)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / node["filename"]).write_text(node["svg"], encoding="utf-8")
    uri = html.escape(posixpath.join(builder.imgpath, node["filename"]))
    body = translator.body
    body.append(translator.starttag(node, "figure", CLASS="zgc-scorecard-picture"))
    body.append(
        f'<a class="reference image-reference" href="{uri}">'
        f'<img src="{uri}" alt="{html.escape(node["alt"])}" /></a>\n'
    )


def _depart_picture_html(translator: HTML5Translator, node: scorecard_picture) -> None:
    translator.body.append("</figure>\n")


def _skip(translator: SphinxTranslator, node: nodes.Element) -> None:
    """Other formats show the table, which holds the same figures."""
    raise nodes.SkipNode


def _anchors(env: BuildEnvironment) -> dict[str, str]:
    anchors: dict[str, str] | None = getattr(env, _ANCHORS, None)
    if anchors is None:
        anchors = {}
        setattr(env, _ANCHORS, anchors)
    return anchors


def _purge_anchors(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    anchors = _anchors(env)
    for anchor in [a for a, where in anchors.items() if where == docname]:
        del anchors[anchor]


def _merge_anchors(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    for anchor, where in _anchors(other).items():
        if where in docnames:
            _anchors(env).setdefault(anchor, where)


def _resolve_ids(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Link each element id to its anchor, on this page or another; else leave it text."""
    anchors = _anchors(app.env)
    for reference in list(doctree.findall(nodes.reference)):
        anchor = reference.get("zgc_anchor")
        if anchor is None:
            continue
        del reference["zgc_anchor"]
        where = anchors.get(anchor)
        if where is None:
            reference["classes"] = []
            reference.replace_self(reference.children)
        elif where == docname:
            reference["refid"] = anchor
        else:
            reference["refuri"] = f"{app.builder.get_relative_uri(docname, where)}#{anchor}"


class _HtmlTables(SphinxPostTransform):
    """Fit the tables to HTML pages: one id each, and a label in each cell for narrow screens.

    Some themes (furo) wrap tables in a scrolling container and copy the table's
    attributes, ids too, onto it: the page would have each id twice.  On a phone
    the style sheet stacks each row's cells, which then show the column's
    heading from a label that wide screens hide.
    """

    default_priority = 600  # after furo's wrapping (500)
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        for table in self.document.findall(nodes.table):
            if "zgc-plan-table" not in table["classes"]:
                continue
            container = table.parent
            if isinstance(container, nodes.container) and "table-wrapper" in container["classes"]:
                container["ids"] = []
                container["classes"] = ["table-wrapper", "zgc-plan-wrapper"]
            _label_cells(table)


def _label_cells(table: nodes.table) -> None:
    heads = [
        entry.astext() for head in table.findall(nodes.thead) for entry in head.findall(nodes.entry)
    ]
    for body in table.findall(nodes.tbody):
        for row in body.findall(nodes.row):
            entries = [child for child in row.children if isinstance(child, nodes.entry)]
            for heading, entry in zip(heads, entries, strict=False):
                label = nodes.paragraph("", "", *_mixed(heading), classes=["zgc-plan-label"])
                entry.insert(0, label)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``zgc-plan`` directive with Sphinx.

    Args:
        app: The Sphinx application.

    Returns:
        The extension's metadata (its version, and that it is safe for
        parallel reading and writing).
    """
    app.add_directive("zgc-plan", ZgcPlanDirective)
    others = dict.fromkeys(("latex", "text", "man", "texinfo"), (_skip, None))
    app.add_node(scorecard_picture, html=(_visit_picture_html, _depart_picture_html), **others)  # type: ignore[arg-type]
    app.add_post_transform(_HtmlTables)
    app.connect("env-purge-doc", _purge_anchors)
    app.connect("env-merge-info", _merge_anchors)
    app.connect("doctree-resolved", _resolve_ids)
    return {
        "version": zgc_plan.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
