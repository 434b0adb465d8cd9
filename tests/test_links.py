"""Links from tasks to targets carry their proof.

Spec (``specs/report.md``, Links): "Each link carries the two verbatim
quotes ... both are substrings of the published text"; "basis: text — both
quotes name the same thing, written in shared; judgement — a reader's
judgement, with a note saying why".
"""

from __future__ import annotations

from pathlib import Path

import pytest

import zgc_plan

BAD = Path(__file__).parent / "bad_links" / "bad_links.yaml"


@pytest.fixture(scope="module")
def links() -> tuple[zgc_plan.TaskLink, ...]:
    return zgc_plan.load_task_links()


def test_quotes_are_in_the_published_page(
    links: tuple[zgc_plan.TaskLink, ...], published_page: str, source_text: str
) -> None:
    """Both quotes of every link are verbatim substrings of the published plan."""
    assert links
    for link in links:
        assert link.task_quote in published_page, link
        assert link.target_quote in published_page, link
        assert link.task_quote in source_text
        assert link.target_quote in source_text


def test_quotes_are_the_task_and_target_text(links: tuple[zgc_plan.TaskLink, ...]) -> None:
    """The task quote is of the task's own paragraph, the target quote of the target's goal."""
    plan = zgc_plan.load_plan()
    for link in links:
        assert link.task_quote in link.task.text_zh
        goal = next(g for g in plan.goals if g.id == link.target.goal_id)
        assert link.target_quote in link.target.quote_zh or link.target_quote in goal.text_zh


def test_the_links_the_text_makes(links: tuple[zgc_plan.TaskLink, ...]) -> None:
    """The plan's own ties: tasks 7, 8 (twice), 11 and 17, each sharing its words."""
    text = [(k.task.number, k.target.id) for k in links if k.basis is zgc_plan.LinkBasis.TEXT]
    assert text == [
        (7, "target-tech-transfer-offices"),
        (8, "target-hard-tech-incubators"),
        (8, "target-open-innovation-platforms"),
        (11, "target-international-standards"),
        (17, "target-listed-companies"),
    ]
    for link in links:
        if link.basis is zgc_plan.LinkBasis.TEXT:
            assert link.shared in link.task_quote
            assert link.shared in link.target_quote
        else:
            assert link.note
            assert not link.shared


def test_bad_links() -> None:
    """Every bad link is reported: unknown task, a quote not in the text, missing words or note."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_task_links(BAD)
    found = [(p.path, p.message, p.line) for p in caught.value.problems]
    assert found == [
        ("links[0].task", "no task with the id 'task-99'", 2),
        ("links[1].task_quote", "not a passage of the text of task-17", 12),
        ("links[2]", "missing required key 'shared'", 14),
        ("links[3]", "missing required key 'note'", 19),
        ("links[4].shared", "'培育' is not in both quotes", 27),
        ("links[5].basis", "expected one of text, judgement; got 'guess'", 32),
    ]
