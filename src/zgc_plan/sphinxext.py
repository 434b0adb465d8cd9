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

Options:

``:plan: path``
    Render another plan file in the same schema instead of the shipped plan.
    The path is relative to the document, or to the source directory when it
    starts with ``/``.
``:observations: path``
    For ``scorecard``: the observation file (YAML, or CSV by its ``.csv``
    suffix) to evaluate, relative as ``:plan:`` is.  Without it the
    scorecard of the shipped plan evaluates the published figures shipped
    with the library; another plan needs this option.
``:baseline: year``
    For ``scorecard``: the year whose figures progress is measured from
    (default: the plan's ``baseline_year``, the year before its period
    unless the plan data names another).

Captions take the headings of the plan they render
(``document.headings``), so a plan of another zone is captioned with its
own words.  The page depends on the plan file (and, for ``scorecard``, on
the observation file), so editing them rebuilds it.  Rows carry HTML anchors named after
the element ids (``#target-labour-productivity``, ``#task-12``,
``#indicator-labour-productivity``), so readers can link to each one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import ClassVar, TypeAlias, TypeVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata, OptionSpec

import zgc_plan
from zgc_plan._evaluate import Evaluation, TargetResult, evaluate
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
from zgc_plan._observations import ObservationStatus, load_observations
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


def _id(element_id: str) -> nodes.literal:
    """An element id; short ones (``task-12``) carry a class that may keep them on one line."""
    literal = _literal(element_id)
    literal["classes"] += ["zgc-plan-id", *(["zgc-plan-id-short"] if len(element_id) <= 12 else [])]
    return literal


def _link(text: str, url: str) -> nodes.reference:
    return nodes.reference(text, text, refuri=url)


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
    table += nodes.title(caption, "", _text(caption, zh=_has_cjk(caption)))
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row(headers)
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
        field += nodes.field_name(name, "", _text(name, zh=_has_cjk(name)))
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
                return [self._numbered(plan.principles, caption, "principle-")]
            case "safeguards":
                caption = headings.caption("safeguards", "Safeguards")
                return [self._numbered(plan.safeguards, caption, "safeguard-")]
            case "goals":
                return self._goals(plan)
            case "targets":
                caption = (
                    f"The {len(plan.targets)} quantitative targets ({plan.overall_goal.title_zh})"
                )
                return [self._targets(plan.targets, caption, anchors=True)]
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
        relative, absolute = self.env.relfn2path(path, self.env.docname)
        self.env.note_dependency(relative)
        try:
            return load_plan(absolute)
        except PlanError as error:
            raise self.error(f"zgc-plan: cannot load the plan {path}: {error}") from None

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
        return node

    # -- parts ------------------------------------------------------------

    def _document(self, plan: Plan) -> list[nodes.Node]:
        doc = plan.document
        fields: list[tuple[str, Cell]] = [
            ("ID", _id(doc.id)),
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
                _id(element.id),
                [_para(_strong(element.title_zh, zh=True)), _para(_text(element.text_zh, zh=True))],
                [_para(_strong(element.title_en)), _para(element.summary_en)],
                _source_cell(element.source),
            ]
        )
        self._anchor(row, element.id)
        headers = ["ID", "中文原文 Chinese original", "English summary", "Source"]
        return [_table(caption, headers, [row], [12, 44, 34, 10])]

    def _numbered(
        self, elements: Sequence[Principle | Safeguard | Task], caption: str, prefix: str
    ) -> nodes.table:
        rows = [
            self._anchor(
                _row(
                    [
                        str(element.number),
                        _id(element.id),
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
        return _table(caption, headers, rows, [5, 11, 46, 30, 8])

    def _goals(self, plan: Plan) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for goal in plan.goals:
            title = f"{goal.number}. {goal.title_zh} — {goal.title_en}"
            rubric = nodes.rubric(title, "", _text(title, zh=True))
            out.append(self._anchor(rubric, _prefixed("goal-", goal.id)))
            out.append(
                _para(
                    "ID ",
                    _id(goal.id),
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
            out.append(_table(f"Goal {goal.number}: {goal.title_en}", headers, [row], [60, 40]))
            if goal.targets:
                caption = f"Targets of goal {goal.number}"
                out.append(self._targets(goal.targets, caption, anchors=False))
            else:
                out.append(_para(f"Goal {goal.number} states no quantitative target."))
        return out

    def _targets(self, targets: Sequence[Target], caption: str, *, anchors: bool) -> nodes.table:
        rows = []
        for target in targets:
            indicator = target.indicator
            measured: Cell = (
                [_para(str(indicator.number)), _para(_id(indicator.id))]
                if indicator is not None
                else _DASH
            )
            row = _row(
                [
                    str(target.number),
                    _id(target.id),
                    _para(_text(target.quote_zh, zh=True), zh=True),
                    [_para(target.title_en), _para(_text(target.title_zh, zh=True), zh=True)],
                    [_para(_literal(target.comparator.value)), _para(target.comparator.symbol)],
                    [_para(target.value_text), _para(f"by {target.year}")],
                    measured,
                    _source_cell(target.source),
                ]
            )
            rows.append(self._anchor(row, _prefixed("target-", target.id)) if anchors else row)
        headers = [
            "No.",
            "ID",
            "原文 Quote",
            "English title",
            "Comparator",
            "Target value",
            "Indicator",
            "Source",
        ]
        return _table(caption, headers, rows, [4, 14, 22, 20, 10, 12, 10, 8])

    def _actions(self, plan: Plan) -> list[nodes.Node]:
        out: list[nodes.Node] = []
        for action in plan.actions:
            out += self._action(action)
        return out

    def _action(self, action: Action) -> list[nodes.Node]:
        title = f"{action.number}. {action.title_zh} — {action.title_en}"
        rubric = self._anchor(
            nodes.rubric(title, "", _text(title, zh=True)), _prefixed("action-", action.id)
        )
        first, last = action.tasks[0].number, action.tasks[-1].number
        tasks = f"task {first}" if first == last else f"tasks {first}–{last}"
        info = _para(
            "ID ",
            _id(action.id),
            " · source ",
            _text(action.source.section, zh=True),
            f" · {tasks}. ",
            action.summary_en,
        )
        caption = f"Tasks of action {action.number}: {action.title_en}"
        return [rubric, info, self._numbered(action.tasks, caption, "task-")]

    def _indicators(self, plan: Plan) -> nodes.table:
        years = sorted({target.year for target in plan.targets})
        year = str(years[-1]) if len(years) == 1 else "Target"
        rows = [self._indicator_row(plan, indicator) for indicator in plan.indicators]
        headers = [
            "No.",
            "ID",
            "一级指标 Category",
            "二级指标 Indicator",
            "Unit",
            "Direction / kind",
            "Definition",
            f"{year} target",
            "Source",
        ]
        annex = plan.document.headings.annex_title_zh
        caption = f"{annex} — the indicators of the annex" if annex else "The indicators"
        return _table(caption, headers, rows, [4, 14, 11, 18, 8, 9, 18, 11, 7])

    def _indicator_row(self, plan: Plan, indicator: Indicator) -> nodes.row:
        target = plan.target_for(indicator)
        goal: Cell = (
            [_para(target.value_text), _para(_id(target.id))] if target is not None else _DASH
        )
        category = indicator.category
        row = _row(
            [
                str(indicator.number),
                _id(indicator.id),
                _zh_en(category.name_zh, category.name_en),
                _zh_en(indicator.name_zh, indicator.name_en),
                _text(indicator.unit_text, zh=_has_cjk(indicator.unit_text)),
                [_para(f"{indicator.direction.value} is better"), _para(indicator.kind.value)],
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
            relative, figures = self.env.relfn2path(path, self.env.docname)
            self.env.note_dependency(relative)
            described = f"the figures of {path}"
        baseline: int = self.options.get("baseline", plan.document.baseline_year)
        try:
            evaluation = evaluate(load_observations(figures, plan), plan, baseline=baseline)
        except PlanError as error:
            raise self.error(f"zgc-plan: cannot evaluate {described}: {error}") from None
        return [
            _scorecard_table(evaluation, baseline, described),
            _scores_table(evaluation),
            _para(
                f"{len(evaluation.skipped)} figures of another area (such as Beijing city-wide) "
                "are context only and were left out of the evaluation."
            ),
        ]


def _prefixed(prefix: str, element_id: str) -> str:
    return element_id if element_id.startswith(prefix) else f"{prefix}{element_id}"


def _scorecard_table(evaluation: Evaluation, baseline: int, described: str) -> nodes.table:
    rows = [_scorecard_row(result) for result in evaluation.results]
    headers = [
        "No.",
        "Target",
        "Target value",
        "Latest figure",
        "Status",
        f"Progress since {baseline}",
        "Source of the figure",
    ]
    caption = f"Scorecard: {described} against the targets (baseline {baseline})"
    return _table(caption, headers, rows, [4, 24, 12, 13, 10, 9, 28], classes=["zgc-scorecard"])


def _scorecard_row(result: TargetResult) -> nodes.row:
    target = result.target
    observation = result.observation
    figure: Cell = _DASH
    source: Cell = _DASH
    if observation is not None and result.observed_text is not None:
        figure = [_para(result.observed_text), _para(f"({result.year})")]
        label = _text(observation.source or "(no source given)", zh=_has_cjk(observation.source))
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
        _para(_text(result.verdict_zh, zh=True), zh=True),
    ]
    return _row(
        [
            str(target.number),
            [
                _para(_id(target.id)),
                _para(_text(result.name_zh, zh=True), zh=True),
                _para(result.name_en),
                _para("source ", _text(target.source.section, zh=True)),
            ],
            target.value_text,
            figure,
            status_cell,
            _percent(result.progress),
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


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``zgc-plan`` directive with Sphinx.

    Args:
        app: The Sphinx application.

    Returns:
        The extension's metadata (its version, and that it is safe for
        parallel reading and writing).
    """
    app.add_directive("zgc-plan", ZgcPlanDirective)
    return {
        "version": zgc_plan.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
