"""The command line's frame and exchange-format parts, imported only when used.

Microdata files are read by the chosen engine itself (through Narwhals), so
the rows of a Parquet file go from disk into DuckDB, polars, pandas or Dask
without passing through Python.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zgc_plan._frame_io import NativeFrame
from zgc_plan._model import Plan
from zgc_plan._observations import Observation
from zgc_plan.exceptions import PlanDataError, PlanError, Problem, first_line

if TYPE_CHECKING:
    from zgc_plan._evaluate import Evaluation

__all__ = ["aggregate_microdata", "microdata_observations", "read_microdata", "write_exchange"]

_PREFERRED = ("duckdb", "polars", "pandas")


def _engine(name: str | None) -> str:
    if name is None:
        name = next((e for e in _PREFERRED if importlib.util.find_spec(e)), "pandas")
    module = "dask.dataframe" if name == "dask" else name
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    if not found or importlib.util.find_spec("narwhals") is None:
        raise PlanError(
            f"the {name} engine is not installed: pip install 'zgc_plan[frames]' {name}"
        )
    return name


def _parquet_units(path: Path) -> dict[str, str]:
    """The ``unit`` metadata of a Parquet file's columns (Arrow field metadata)."""
    if importlib.util.find_spec("pyarrow") is None:
        return {}
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except Exception as error:  # pyarrow's own error for a file that is not Parquet
        raise PlanDataError(
            (Problem("", f"cannot be read: {first_line(error)}"),), source=str(path)
        ) from None
    units = {}
    for field in schema:
        unit = (field.metadata or {}).get(b"unit")
        if unit:
            try:
                units[field.name] = unit.decode("utf-8")
            except UnicodeDecodeError:
                raise PlanDataError(
                    (Problem(f"columns[{field.name!r}]", "its 'unit' metadata is not UTF-8 text"),),
                    source=str(path),
                ) from None
    return units


def _check_file(path: Path) -> str:
    if not path.is_file():
        raise PlanDataError((Problem("", "no such file"),), source=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise PlanDataError(
            (Problem("", f"expected a .parquet or .csv file, got {suffix or 'no suffix'}"),),
            source=str(path),
        )
    return suffix


def read_microdata(path: Path, engine: str) -> NativeFrame:
    """A microdata file as a frame of ``engine``, lazy where the engine is."""
    import narwhals.stable.v2 as nw

    suffix = _check_file(path)
    try:
        backend: Any = engine  # one of ENGINES, which Narwhals knows
        if engine == "pandas":
            reader = nw.read_parquet if suffix == ".parquet" else nw.read_csv
            return reader(str(path), backend=backend).to_native()
        scan = nw.scan_parquet if suffix == ".parquet" else nw.scan_csv
        return scan(str(path), backend=backend).to_native()
    except Exception as error:  # each engine has its own error for an unreadable file
        raise PlanDataError(
            (Problem("", f"cannot be read: {first_line(error)}"),), source=str(path)
        ) from None


def _aggregated(path: Path, plan: Plan, args: argparse.Namespace) -> NativeFrame:
    from zgc_plan._microdata import aggregate

    engine = _engine(args.engine)
    units = _parquet_units(path) if _check_file(path) == ".parquet" else {}
    units.update(args.units or {})
    frame = read_microdata(path, engine)
    try:
        return aggregate(frame, plan, by=args.by, units=units or None)
    except PlanDataError as error:
        raise PlanDataError(error.problems, source=str(path)) from None


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with warnings.catch_warnings():
        # Narwhals announces that its Dask support moves to a package of its own:
        # news for developers, not for the user of a command.
        warnings.filterwarnings("ignore", "Dask support is moving", FutureWarning)
        yield


def microdata_observations(
    path: Path, plan: Plan, args: argparse.Namespace
) -> tuple[Observation, ...]:
    """The parks' and the zone's figures of a microdata file, as observations."""
    from zgc_plan._frames import observations_from_frame

    with _quiet():
        return observations_from_frame(_aggregated(path, plan, args), plan=plan, source=str(path))


def aggregate_microdata(paths: list[Path], plan: Plan, args: argparse.Namespace) -> str:
    """The ``aggregate`` command on microdata: the figures in the observation format.

    The output reads again with :func:`zgc_plan.load_observations`; every
    file must be microdata, and the periods made are years.
    """
    from zgc_plan._write_observations import dump_observations

    problems: list[Problem] = []
    if args.to != "year":
        problems.append(Problem("--to", "microdata are aggregated into years"))
    if args.no_zone:
        problems.append(Problem("--no-zone", "give --by year for the zone alone, or leave it"))
    if problems:
        raise PlanDataError(problems, source="zgc-plan aggregate")
    observations: list[Observation] = []
    for path in paths:
        observations += microdata_observations(path, plan, args)
    return dump_observations(observations, args.format, plan)


def write_exchange(evaluation: Evaluation, args: argparse.Namespace) -> None:
    """Write an evaluation as SDMX-CSV, SDMX-ML or a Data Package."""
    if args.format == "datapackage":
        from zgc_plan._datapackage import write_datapackage

        target = write_datapackage(evaluation, args.output, bom=args.bom)
        print(f"data package written to {target}", file=sys.stderr)
        return
    from zgc_plan._sdmx import to_sdmx

    text = to_sdmx(evaluation, args.format)
    sys.stdout.write(("\ufeff" if args.bom else "") + text)
