"""Data frames in and out, on the caller's own engine (``pip install 'zgc_plan[frames]'``).

Built on `Narwhals <https://narwhals-dev.github.io/narwhals/>`_: one code
path serves pandas, polars (eager and lazy), PyArrow, DuckDB and Dask, and
the caller gets frames of their own library back.

- :func:`observations_from_frame` reads observations from a tidy frame,
  checked like a file (every bad row, by its position);
- :func:`observations_frame`, :func:`evaluation_frame` (also
  :meth:`zgc_plan.Evaluation.to_frame`) and :func:`assessment_frame` (also
  ``ParkAssessment.to_frame``) write tidy frames with numeric columns;
- :func:`aggregate` turns enterprise microdata (one row per firm and month)
  into each park's and the zone's statistics and indicators by the plan's
  rules, inside the caller's engine.

The columns are described in ``specs/frames.md``.
"""

from __future__ import annotations

from zgc_plan._frames import FRAME_COLUMNS, observations_from_frame
from zgc_plan._frames_out import assessment_frame, evaluation_frame, observations_frame
from zgc_plan._microdata import aggregate

__all__ = [
    "FRAME_COLUMNS",
    "aggregate",
    "assessment_frame",
    "evaluation_frame",
    "observations_frame",
    "observations_from_frame",
]
