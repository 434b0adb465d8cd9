"""Arguments of the wrong type to the library's functions (``_arguments``).

Spec (``specs/evaluation.md``, "Errors"): a function given a value of the wrong
type raises a ``PlanArgumentError`` that names the argument and what it takes;
items of the wrong type in a collection are each named by their index in one
``PlanDataError``; a name that is not in the plan is a ``PlanKeyError``.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import zgc_plan
from zgc_plan import PlanArgumentError, PlanDataError, PlanKeyError, frames

DAY = dt.date(2022, 12, 31)
PLAN = zgc_plan.load_plan()
#: The functions' signatures say what they take; these calls break them on purpose.
call: Any = zgc_plan
call_frames: Any = frames

WRONG_TYPE: list[tuple[str, Callable[[], object], str]] = [
    ("derive", lambda: call.derive(5), "observations must be Observation objects"),
    (
        "aggregate",
        lambda: call.aggregate("figures.yaml"),
        "observations must be Observation objects",
    ),
    ("assess", lambda: call.assess("x"), "observations must be Observation objects"),
    ("assess as_of", lambda: call.assess([], as_of="2022-12-31"), "as_of must be a date, got str"),
    (
        "assess_parks",
        lambda: call.assess_parks([], year="2022"),
        "year must be an int, got str '2022'",
    ),
    (
        "roll_up_tasks",
        lambda: call.roll_up_tasks([], "2022"),
        "as_of must be a date, got str '2022'",
    ),
    ("assess_midterm", lambda: call.assess_midterm("x", DAY), "evaluation must be an Evaluation"),
    ("early_warnings", lambda: call.early_warnings("x"), "midterm must be a MidtermAssessment"),
    ("render_progress", lambda: call.render_progress("x"), "progress must be a TaskProgress"),
    ("figure_year", lambda: call.figure_year("2022"), "as_of must be a date, got str '2022'"),
    ("parse_target", lambda: call.parse_target(6), "text must be a str, got int 6"),
    ("find_targets", lambda: call.find_targets(None), "text must be a str, got NoneType None"),
    (
        "allocated_plan",
        lambda: call.allocated_plan("plan.yaml", [], "haidian"),
        "plan must be a Plan",
    ),
    ("dump_plan", lambda: call.dump_plan({}), "plan must be a Plan, got dict {}"),
    (
        "write_datapackage",
        lambda: call.write_datapackage(3, "out"),
        "items must be Observation objects",
    ),
    (
        "frames.aggregate by",
        lambda: call_frames.aggregate(pd.DataFrame(), by="area,year"),
        "by must be a sequence of names, such as ('area', 'year'), got str 'area,year'",
    ),
    (
        "frames.aggregate by items",
        lambda: call_frames.aggregate(pd.DataFrame(), by=("area", 2022)),
        "by must be a sequence of names (text), such as ('area', 'year'), got int 2022 in it",
    ),
    (
        "frames.aggregate units",
        lambda: call_frames.aggregate(pd.DataFrame(), units="万元"),
        "units must be a mapping, such as {'total-revenue': '千元'}, got str '万元'",
    ),
    (
        "frames.aggregate firm",
        lambda: call_frames.aggregate(pd.DataFrame(), firm=0),
        "firm must be a str, got int 0",
    ),
    (
        "elapsed_share",
        lambda: call.elapsed_share(PLAN, "2021-01-01"),
        "date must be a date, got str '2021-01-01'",
    ),
    (
        "assess thresholds",
        lambda: call.assess([], thresholds="x"),
        "thresholds must be a Thresholds",
    ),
    ("assess links", lambda: call.assess([], links="x"), "links must be TaskLink objects"),
    (
        "assess overrides",
        lambda: call.assess([], overrides="x"),
        "overrides must be Override objects",
    ),
    (
        "assess_midterm overrides",
        lambda: call.assess_midterm(call.evaluate([]), DAY, overrides="x"),
        "overrides must be Override objects",
    ),
    (
        "assess_parks indicators",
        lambda: call.assess_parks([], 2022, indicators="7,13"),
        "indicators must be indicator numbers or ids, such as [7, 13], got str '7,13'",
    ),
    (
        "frames.observations_frame",
        lambda: call_frames.observations_frame("figures.csv"),
        "observations must be Observation objects",
    ),
    (
        "Evaluation.to_frame backend",
        lambda: call.evaluate([]).to_frame(backend=3),
        "backend must be a str, got int 3",
    ),
    (
        "frames.observations_from_frame columns",
        lambda: call_frames.observations_from_frame(pd.DataFrame(), columns=["指标"]),
        "columns must be a mapping, such as {'指标': 'indicator'}, got list ['指标']",
    ),
]


@pytest.mark.parametrize(
    ("name", "function", "message"), WRONG_TYPE, ids=[w[0] for w in WRONG_TYPE]
)
def test_wrong_type_names_the_argument(
    name: str, function: Callable[[], object], message: str
) -> None:
    """ "a PlanArgumentError that names the argument and what it takes" — a TypeError too."""
    with pytest.raises(PlanArgumentError) as caught:
        function()
    assert message in str(caught.value)
    assert isinstance(caught.value, TypeError)


def test_a_datetime_is_taken_as_its_day() -> None:
    """A datetime is a date to Python, but one a date cannot be compared with: its day is
    what a date argument means (it failed inside with a TypeError)."""
    moment = dt.datetime(2021, 6, 30, 9, 30)
    assert zgc_plan.roll_up_tasks([], moment).as_of == dt.date(2021, 6, 30)
    midterm = zgc_plan.assess_midterm(zgc_plan.evaluate(zgc_plan.load_observations()), moment)
    assert midterm.as_of == dt.date(2021, 6, 30)
    assert zgc_plan.assess([], as_of=moment).as_of == dt.date(2021, 6, 30)
    assert zgc_plan.elapsed_share(PLAN, moment) == zgc_plan.elapsed_share(PLAN, moment.date())


DATA = Path(__file__).parent / "data"
A_PATH = "plan.yaml"
#: Every function whose plan defaults to the shipped one, given a path in its place.
PLAN_AS_PATH: list[tuple[str, Callable[[], object]]] = [
    ("aggregate", lambda: call.aggregate([], plan=A_PATH)),
    ("assess", lambda: call.assess([], plan=A_PATH)),
    ("assess_parks", lambda: call.assess_parks([], 2022, plan=A_PATH)),
    ("derive", lambda: call.derive([], plan=A_PATH)),
    ("evaluate", lambda: call.evaluate([], plan=A_PATH)),
    ("roll_up_tasks", lambda: call.roll_up_tasks([], DAY, plan=A_PATH)),
    ("load_observations", lambda: call.load_observations(DATA / "observations.yaml", A_PATH)),
    ("load_task_reports", lambda: call.load_task_reports(DATA / "tasks.yaml", A_PATH)),
    ("load_overrides", lambda: call.load_overrides(DATA / "overrides.yaml", A_PATH)),
    ("load_published_milestones", lambda: call.load_published_milestones(plan=A_PATH)),
    ("load_task_links", lambda: call.load_task_links(plan=A_PATH)),
    ("frames.aggregate", lambda: call_frames.aggregate(pd.DataFrame(), plan=A_PATH)),
    (
        "frames.observations_from_frame",
        lambda: call_frames.observations_from_frame(pd.DataFrame(), plan=A_PATH),
    ),
]


@pytest.mark.parametrize(("name", "function"), PLAN_AS_PATH, ids=[p[0] for p in PLAN_AS_PATH])
def test_a_plan_file_in_place_of_a_plan(name: str, function: Callable[[], object]) -> None:
    """A path where a plan belongs names load_plan, which reads one; it used to fail inside
    with an AttributeError ('str' object has no attribute 'statistics')."""
    with pytest.raises(PlanArgumentError) as caught:
        function()
    assert str(caught.value) == (
        "plan must be a Plan (read a plan file with zgc_plan.load_plan(path)), got str 'plan.yaml'"
    )


WRONG_ITEMS: list[tuple[str, Callable[[], object], str]] = [
    ("derive", lambda: call.derive([zgc_plan.Observation.of("rd-intensity", 2022, "6%"), "x"]),
     "<observations>: [1]: expected an Observation, got str 'x'"),
    ("roll_up_tasks", lambda: call.roll_up_tasks([{"task": 1}], DAY),
     "<reports>: [0]: expected a TaskReport, got dict {'task': 1}"),
    ("check_allocations", lambda: call.check_allocations([1]),
     "<allocations>: [0]: expected an Allocation, got int 1"),
    ("to_sdmx", lambda: call.to_sdmx([None]), "<items>: [0]: expected an Observation, got NoneType None"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "function", "message"), WRONG_ITEMS, ids=[w[0] for w in WRONG_ITEMS]
)
def test_wrong_items_are_named_by_index(
    name: str, function: Callable[[], object], message: str
) -> None:
    """ "items of the wrong type in a collection are each named by their index"."""
    with pytest.raises(PlanDataError) as caught:
        function()
    assert message in str(caught.value)


def test_every_wrong_item_is_named_at_once() -> None:
    """One error lists every bad item, not the first."""
    with pytest.raises(PlanDataError) as caught:
        call.aggregate([1, "two"])
    assert [p.path for p in caught.value.problems] == ["[0]", "[1]"]


def test_a_bool_is_not_a_year() -> None:
    """A bool is an int to Python, never a year to a caller."""
    with pytest.raises(PlanArgumentError, match="year must be an int, got bool True"):
        call.assess_parks([], year=True)


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda: PLAN.indicator("nope"), "no indicator 'nope': give an annex number 1-16"),
        (lambda: PLAN.target("nope"), "no target 'nope'"),
        (lambda: PLAN.area("atlantis"), "no area with id or Chinese name 'atlantis'"),
        (lambda: PLAN.statistic("nope"), "no statistic with id 'nope'"),
    ],
)
def test_a_name_not_in_the_plan_is_a_plan_key_error(
    lookup: Callable[[], object], message: str
) -> None:
    """ "a name that is not in the plan is a PlanKeyError": a KeyError whose text
    is the sentence, not its repr."""
    with pytest.raises(PlanKeyError) as caught:
        lookup()
    assert isinstance(caught.value, KeyError)
    assert str(caught.value).startswith(message)
    copy = pickle.loads(pickle.dumps(caught.value))  # noqa: S301 (our own bytes)
    assert str(copy) == str(caught.value)


def test_unknown_output_format_is_a_plan_data_error() -> None:
    """A format that is not one of the formats is refused as input, with the list."""
    progress = zgc_plan.roll_up_tasks([], DAY)
    with pytest.raises(PlanDataError, match="unknown format 'xml'; expected one of table, json"):
        zgc_plan.render_progress(progress, "xml")  # type: ignore[arg-type]
    with pytest.raises(PlanDataError, match="unknown SDMX format 'xml'"):
        zgc_plan.to_sdmx([], "xml")  # type: ignore[arg-type]


def test_a_year_too_long_to_write_is_still_a_plan_error() -> None:
    """An integer past Python's limit for writing it as text (4300 digits) is
    refused as out of range, not with the ValueError that writing it raises."""
    huge = 10**5000
    with pytest.raises(PlanDataError, match=r"too long to show> is outside 1949\.\.2100"):
        call.assess_parks([], year=huge)
    with pytest.raises(PlanDataError, match=r"too long to show> is outside 1949\.\.2100"):
        zgc_plan.evaluate({}, year=huge)
