"""Frames of any engine, through Narwhals: wrapping, collecting, reading cells, building.

What the frame readers and writers share.  Nothing here imports pandas or
polars itself: Narwhals works on the frame it is given, and builds new
frames with the library named by ``backend``.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import narwhals.stable.v2 as nw

from zgc_plan._arguments import instance
from zgc_plan.exceptions import PlanDataError, Problem, first_line

__all__ = [
    "Backend",
    "NativeFrame",
    "collect",
    "exact_text",
    "frame_of",
    "native_frame",
    "plain",
    "read_exact",
]

#: A frame of whichever library the caller uses or names: pandas, polars,
#: PyArrow, DuckDB, Dask … (the library's own type, not a wrapper).
NativeFrame: TypeAlias = Any

#: A frame library Narwhals can build frames with (``"pandas"``, ``"polars"``,
#: ``"pyarrow"``; ``"duckdb"`` and ``"dask"`` give lazy frames).
Backend: TypeAlias = str

_EAGER = ("pandas", "polars", "pyarrow", "modin", "cudf")
_EXACT = re.compile(r"[-+]?[0-9]+(?:/[0-9]+)?")


def frame_of(frame: object, source: str) -> nw.DataFrame[Any] | nw.LazyFrame[Any]:
    """Wrap a native frame in Narwhals, or report that it is not one.

    Raises:
        PlanDataError: if ``frame`` is not a frame of a library Narwhals
            supports, or has two columns of one name (pandas and PyArrow allow it).
    """
    try:
        return nw.from_native(frame)
    except TypeError:
        raise PlanDataError(
            (Problem("", f"not a data frame Narwhals can read: {type(frame).__name__}"),),
            source=source,
        ) from None
    except nw.exceptions.DuplicateError:
        # pandas and PyArrow allow two columns of one name; which of them holds a
        # field is unknowable.  (A PyArrow table's ``columns`` are its arrays.)
        where = "column_names" if hasattr(frame, "column_names") else "columns"
        counts = Counter(str(name) for name in getattr(frame, where, ()))
        raise PlanDataError(
            [
                Problem(f"columns[{name!r}]", f"{count} columns are named {name!r}; keep one")
                for name, count in counts.items()
                if count > 1
            ]
            or [Problem("columns", "two columns have the same name; keep one of each")],
            source=source,
        ) from None


def collect(
    frame: nw.DataFrame[Any] | nw.LazyFrame[Any], *, to_python: bool = False
) -> nw.DataFrame[Any]:
    """A lazy frame computed; an eager one as it is.

    With ``to_python`` (for results read into Python lists), the rows are
    collected into polars where it is installed: its columns become Python
    lists several times faster than PyArrow's.
    """
    if not isinstance(frame, nw.LazyFrame):
        return frame
    if to_python and _polars_installed():
        return frame.collect(backend="polars")
    return frame.collect()


@functools.cache
def _polars_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("polars") is not None


def plain(value: object) -> object:
    """A cell as plain Python data: numpy scalars unwrapped, NaN/NaT/None as None."""
    item = getattr(value, "item", None)
    if callable(item) and not isinstance(value, str | bytes | Decimal):
        value = item()
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return value


def read_exact(text: object) -> Fraction | None:
    """Read ``"n/d"`` or ``"n"`` as an exact fraction; ``None`` if it is not one."""
    if not isinstance(text, str) or not _EXACT.fullmatch(text.strip()):
        return None
    numerator, _, denominator = text.strip().partition("/")
    if denominator and int(denominator) == 0:
        return None
    return Fraction(int(numerator), int(denominator or 1))


def exact_text(magnitude: Fraction) -> str:
    """Write an exact fraction as ``n/d``, or ``n`` for an integer."""
    if magnitude.denominator == 1:
        return str(magnitude.numerator)
    return f"{magnitude.numerator}/{magnitude.denominator}"


def native_frame(
    data: Mapping[str, Sequence[object]], schema: Mapping[str, Any], backend: Backend,
    *, lazy: bool = False, session: object = None,
) -> NativeFrame:  # fmt: skip
    """Build a native frame of ``backend`` from columns of plain Python values.

    ``lazy`` asks for polars's lazy frame; DuckDB and Dask frames are lazy anyway.
    ``session`` is the session a frame of a Spark-like engine is made in.

    Raises:
        PlanArgumentError: if ``backend`` is not text.
        PlanDataError: for a backend Narwhals cannot build frames with.
    """
    instance(backend, str, "backend")
    if backend == "pandas":
        return _pandas_frame(data, schema)
    named: Any = backend  # Narwhals checks the name; its annotation lists the known ones
    if backend in _EAGER:
        built = nw.from_dict(dict(data), schema=dict(schema), backend=named)
        return built.lazy().to_native() if lazy else built.to_native()
    # A lazy engine (DuckDB, Dask, …) is given the data through a PyArrow
    # table, which it reads as it is (a polars frame is converted to one first).
    built = nw.from_dict(dict(data), schema=dict(schema), backend="pyarrow")
    try:
        return built.lazy(backend=named, session=session).to_native()
    except (ValueError, TypeError) as error:
        message = (
            f"cannot build a frame with {backend!r}: {first_line(error)} Give a library that "
            "Narwhals builds frames with and that is installed: pandas, polars, pyarrow, "
            "duckdb, dask …"
        )
        raise PlanDataError((Problem("backend", message),), source="<frames>") from None


def _pandas_frame(data: Mapping[str, Sequence[object]], schema: Mapping[str, Any]) -> NativeFrame:
    """A pandas frame whose integer and boolean columns keep their nulls.

    pandas's own integers have no null (a missing year would turn the column
    into floats): the nullable ``Int64`` and ``boolean`` types are used instead.
    """
    import pandas as pd

    table = nw.from_dict(dict(data), schema=dict(schema), backend="pyarrow").to_native()
    nullable = {"int64": pd.Int64Dtype(), "bool": pd.BooleanDtype()}
    return table.to_pandas(types_mapper=lambda dtype: nullable.get(str(dtype)))
