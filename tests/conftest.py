from __future__ import annotations

from pathlib import Path

import pytest

import zgc_plan

#: The published web page the plan data was taken from, beside the repository.
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_859b62759b1c0103.txt"


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
