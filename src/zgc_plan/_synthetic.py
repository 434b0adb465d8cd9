"""Synthetic enterprise microdata, for examples, tests and benchmarks.

The figures are random (a fixed seed makes them the same on every run) and
describe no real firm: they only have the shape of the statistics bureau's
monthly enterprise data — one row per firm and month, firms spread over the
plan's parks, whole numbers in 元, 人, 件 and 千克标煤.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zgc_plan._load import plan_or_shipped
from zgc_plan._model import Plan

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SYNTHETIC_UNITS", "synthetic_microdata"]

#: The unit of each column of :func:`synthetic_microdata`.
SYNTHETIC_UNITS = {
    "total-revenue": "元",
    "value-added": "元",
    "profits": "元",
    "st-expenditure": "元",
    "employees": "人",
    "invention-patents-held": "件",
    "energy-consumption": "千克标煤",
}


def synthetic_microdata(
    firms: int = 20_000,
    months: int = 60,
    *,
    start_year: int | None = None,
    seed: int = 2018,
    plan: Plan | None = None,
) -> pd.DataFrame:
    """A pandas frame of made-up monthly figures of ``firms`` firms over ``months`` months.

    Columns: ``firm``, ``area`` (a park's id), ``period`` (the first day of the
    month) and one integer column per statistic of :data:`SYNTHETIC_UNITS`.
    The months start in January of ``start_year`` (the plan's first year by
    default).  Needs numpy and pandas (``zgc_plan[frames]``).
    """
    import numpy as np
    import pandas as pd

    plan = plan_or_shipped(plan)
    start = plan.document.start_year if start_year is None else start_year
    parks = np.array([area.id for area in plan.parks] or ["zone"], dtype=object)
    random = np.random.default_rng(seed)
    rows = firms * months
    firm = np.repeat(np.arange(firms, dtype=np.int64), months)
    month = np.tile(np.arange(months, dtype=np.int64), firms)
    size = np.repeat(random.lognormal(0.0, 1.0, firms), months)
    revenue = (size * random.uniform(0.5, 1.5, rows) * 2_000_000).astype(np.int64)
    employees = np.maximum(1, (size * 40 * random.uniform(0.9, 1.1, rows)).astype(np.int64))
    patents = np.repeat(random.poisson(3, firms), months) + month // 6
    periods = pd.date_range(f"{start}-01-01", periods=months, freq="MS")
    return pd.DataFrame(
        {
            "firm": firm,
            "area": pd.Categorical(np.repeat(parks[np.arange(firms) % len(parks)], months)),
            "period": periods.values[month],
            "total-revenue": revenue,
            "value-added": (revenue * random.uniform(0.2, 0.4, rows)).astype(np.int64),
            "profits": (revenue * random.uniform(-0.05, 0.15, rows)).astype(np.int64),
            "st-expenditure": (revenue * random.uniform(0.02, 0.1, rows)).astype(np.int64),
            "employees": employees,
            "invention-patents-held": patents.astype(np.int64),
            "energy-consumption": (revenue * random.uniform(1e-3, 3e-3, rows)).astype(np.int64),
        }
    )
