"""Links from tasks to the targets they serve, each with its two quotes as proof.

The links of the shipped plan are data, ``data/task_links.yaml``: a link quotes
the task's text and the target's, verbatim, and says whether the plan's own
words tie them (``text``) or a reader judged so (``judgement``).  The format is
in ``specs/report.md``.
"""

from __future__ import annotations

import enum
import os
from importlib.resources import files

import attrs

from zgc_plan._fields import Fields, Problems
from zgc_plan._files import read_text_file
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Plan, Target, Task

__all__ = ["LinkBasis", "TaskLink", "load_task_links"]

SHIPPED_LINKS = "zgc_plan/data/task_links.yaml"


class LinkBasis(enum.Enum):
    """What a link rests on."""

    #: The plan's own words tie them, both quotes naming the same thing.
    TEXT = "text"
    #: A reader's judgement that the task serves the target.
    JUDGEMENT = "judgement"


@attrs.frozen
class TaskLink:
    """A task serving a target.

    Attributes:
        task: The task.
        target: The target it serves.
        basis: Whether the text ties them or a reader judged so.
        task_quote: A passage of the task's text, verbatim.
        target_quote: A passage of the target's text, verbatim.
        shared: For a link of the text, the words both quotes contain, else ``""``.
        note: Why, for a link of judgement, or ``""``.
    """

    task: Task
    target: Target
    basis: LinkBasis
    task_quote: str
    target_quote: str
    shared: str = ""
    note: str = ""


def _read_link(fields: Fields, plan: Plan, problems: Problems) -> TaskLink | None:
    task_id, target_id = fields.string("task"), fields.string("target")
    task = next((t for t in plan.tasks if t.id == task_id), None)
    if task_id is not None and task is None:
        problems.add((*fields.path, "task"), f"no task with the id {task_id!r}")
    target = next((t for t in plan.targets if t.id == target_id), None)
    if target_id is not None and target is None:
        problems.add((*fields.path, "target"), f"no target with the id {target_id!r}")
    basis = fields.choice("basis", LinkBasis, [b.value for b in LinkBasis])
    task_quote, target_quote = fields.string("task_quote"), fields.string("target_quote")
    shared = fields.string("shared", required=basis is LinkBasis.TEXT) or ""
    note = fields.string("note", required=basis is LinkBasis.JUDGEMENT) or ""
    fields.finish()
    if task is None or target is None or basis is None or not task_quote or not target_quote:
        return None
    ok = True
    if task_quote not in task.title_zh + task.text_zh:
        problems.add((*fields.path, "task_quote"), f"not a passage of the text of {task.id}")
        ok = False
    goal = next(g for g in plan.goals if g.id == target.goal_id)
    if target_quote not in target.quote_zh and target_quote not in goal.text_zh:
        problems.add((*fields.path, "target_quote"), f"not a passage of the text of {target.id}")
        ok = False
    if shared and not (shared in task_quote and shared in target_quote):
        problems.add((*fields.path, "shared"), f"{shared!r} is not in both quotes")
        ok = False
    return TaskLink(task, target, basis, task_quote, target_quote, shared, note) if ok else None


def load_task_links(
    path: str | os.PathLike[str] | None = None, plan: Plan | None = None
) -> tuple[TaskLink, ...]:
    """Load the links from tasks to targets.

    Args:
        path: A YAML file of links (``links: [...]``); ``None`` loads the links
            of the shipped plan.
        plan: The plan linked; the shipped plan by default.

    Raises:
        PlanDataError: listing every bad link: an unknown task or target, a
            quote that is not in their text, a missing note or shared words.

    Example:
        >>> import zgc_plan
        >>> link = zgc_plan.load_task_links()[0]
        >>> link.task.number, link.target.quote_zh, link.basis.value
        (7, '支持高校院所建立市场化专业化技术转移机构超过50家', 'text')
    """
    from zgc_plan._yaml import read_yaml

    plan = plan_or_shipped(plan)
    if path is None:
        data = files(__package__).joinpath("data", "task_links.yaml").read_bytes()
        source = SHIPPED_LINKS
    else:
        data, source = read_text_file(path), str(path)
    document = read_yaml(data, source)
    problems = Problems(document)
    root = Fields(document.data, (), problems)
    links = [_read_link(item, plan, problems) for item in root.items("links")]
    root.finish()
    problems.raise_if_any()
    return tuple(link for link in links if link is not None)
