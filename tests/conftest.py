from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import settings

import zgc_plan

# Timings on shared two-core machines (and CI) vary tenfold with the load:
# a per-example deadline would fail tests for the machine's business, not ours.
settings.register_profile("shared-machine", deadline=None)
settings.load_profile("shared-machine")

#: The published web page the plan data was taken from, beside the repository.
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_859b62759b1c0103.txt"


def target_numbered(plan: zgc_plan.Plan, number: int) -> zgc_plan.Target:
    """The target with ordinal ``number`` in the text (integers in lookups are annex numbers)."""
    return next(target for target in plan.targets if target.number == number)


@pytest.fixture(scope="session")
def plan() -> zgc_plan.Plan:
    return zgc_plan.load_plan()


@pytest.fixture(scope="session")
def published_page() -> str:
    """The published web page, which lies beside the repository in development and CI."""
    if not SEED.exists():
        pytest.skip("the published page is not beside this checkout")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def source_text() -> str:
    return zgc_plan.read_source_text()


def _records(value: object, seen: set[int]) -> Iterator[object]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, tuple):
        for item in value:
            yield from _records(item, seen)
    elif attrs.has(type(value)):
        yield value
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            yield from _records(getattr(value, field.name), seen)


@pytest.fixture(scope="session")
def every_record() -> list[object]:
    """Every attrs object reachable from a plan, an evaluation, found targets and problems."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    found = zgc_plan.find_targets("到2022年,劳动生产率超过40万元/人,年均增长8%以上。")
    error = zgc_plan.PlanDataError((zgc_plan.Problem("a.b", "a message", 3, 4),))
    assessment = zgc_plan.assess(
        zgc_plan.load_observations(),
        zgc_plan.load_task_reports(Path(__file__).parent / "data" / "tasks.yaml"),
        dt.date(2021, 6, 30),
        overrides=zgc_plan.load_overrides(Path(__file__).parent / "data" / "overrides.yaml"),
        published=zgc_plan.load_published_milestones(),
    )
    parts = (zgc_plan.load_plan(), evaluation, found, error.problems, assessment)
    return list(_records(parts, set()))


@pytest.fixture(scope="session")
def dask_client() -> Iterator[object]:
    """A local dask.distributed cluster: the same scheduler a cluster of machines runs.

    Threads in this process (no worker processes), so that it starts in about a
    second on a CI machine of two cores.
    """
    import warnings

    from distributed import Client, LocalCluster

    with warnings.catch_warnings():
        # distributed warns that the dashboard's optional dependency is missing.
        warnings.simplefilter("ignore")
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=":0"
        )
        client = Client(cluster)  # type: ignore[no-untyped-call]
    yield client
    client.close()  # type: ignore[no-untyped-call]
    cluster.close()
