"""Frictionless Data Packages of observations and results.

A package is a folder: ``datapackage.json`` and CSV resources.  Each figure
series (one key in one unit) is a resource in the library's own CSV
observation format, so each CSV file also loads alone with
:func:`zgc_plan.load_observations`; its ``value`` field carries the unit in
Table Schema: the pint unit, the power of ten of a 万/亿 prefix and the unit
as the plan writes it.  An evaluation adds a ``results`` resource.  The
mapping is in ``specs/exchange.md``; nothing here needs ``frictionless``.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from zgc_plan._arguments import instances
from zgc_plan._document import decode_text
from zgc_plan._exchange import decimal_text, split_multiplier
from zgc_plan._files import writing
from zgc_plan._load import plan_or_shipped, read_text_file
from zgc_plan._model import Plan
from zgc_plan._observation_files import parse_observations
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._units import Unit, unit_text
from zgc_plan.exceptions import PlanDataError, Problem

if TYPE_CHECKING:
    from zgc_plan._evaluate import Evaluation

__all__ = ["read_datapackage", "write_datapackage"]

DESCRIPTOR = "datapackage.json"
_TEXT = ("source", "url", "quote", "note", "scope", "as_published", "formula")
_NAME = re.compile(r"[^a-z0-9._-]+")


def _unit_properties(unit: Unit) -> dict[str, object]:
    measure, power = split_multiplier(unit)
    return {
        # Readable by pint with zgc_plan.unit_definitions() loaded.
        "unit": f"{unit}",
        "unitZh": unit_text(unit),
        "unitMeasure": unit_text(measure),
        "unitMultiplier": power,
    }


def _observation_fields(column: str, unit: Unit) -> list[dict[str, object]]:
    fields: list[dict[str, object]] = [
        {"name": column, "type": "string", "constraints": {"required": True}},
        {"name": "area", "type": "string", "constraints": {"required": True}},
        {
            "name": "period",
            "type": "string",
            "constraints": {"required": True},
            "description": "2022, 2022Q3, 2022-11 or 2022-01..2022-11",
        },
        {
            "name": "value",
            "type": "number",
            "constraints": {"required": True},
            "description": f"in {unit_text(unit)}",
            **_unit_properties(unit),
        },
        {"name": "unit", "type": "string", "constraints": {"enum": [unit_text(unit)]}},
        {
            "name": "status",
            "type": "string",
            "constraints": {"enum": [s.value for s in ObservationStatus]},
        },
    ]
    fields += [{"name": name, "type": "string"} for name in _TEXT]
    fields.append(
        {"name": "missing", "type": "string", "description": "parts a partial figure lacks"}
    )
    return fields


def _csv_text(header: list[str], rows: Iterable[list[object]], bom: bool) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def _series(
    observations: Iterable[Observation], plan: Plan
) -> dict[tuple[str, str], list[Observation]]:
    series: dict[tuple[str, str], list[Observation]] = {}
    for observation in observations:
        series.setdefault((observation.key, unit_text(observation.unit)), []).append(observation)
    return series


def write_datapackage(
    items: Evaluation | Iterable[Observation],
    directory: str | os.PathLike[str],
    *,
    plan: Plan | None = None,
    bom: bool = False,
) -> Path:
    """Write observations, or an evaluation with its figures, as a Data Package.

    Args:
        items: Observations, or an :class:`~zgc_plan.Evaluation` (its results,
            and the figures behind them).
        directory: The folder to write; made if missing.
        plan: The plan observed; the evaluation's, else the shipped plan.
        bom: Start each CSV file with a UTF-8 byte order mark, for Excel.

    Returns:
        The path of ``datapackage.json``.

    Raises:
        PlanDataError: if the folder or a file in it cannot be written (the
            path is a file, no permission, the disk is full).
    """
    from zgc_plan._evaluate import Evaluation

    evaluation = items if isinstance(items, Evaluation) else None
    if evaluation is not None:
        plan = evaluation.plan
        observations: list[Observation] = [
            r.observation for r in evaluation.results if r.observation is not None
        ]
    else:
        observations = list(instances(items, Observation, "items"))
    plan = plan_or_shipped(plan)
    folder = Path(directory)
    with writing(directory, "write the package"):
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "it is a file; give a folder")
        return _write_package(observations, evaluation, plan, folder, bom)


def _write_package(
    observations: list[Observation], evaluation: Evaluation | None, plan: Plan, folder: Path,
    bom: bool,
) -> Path:  # fmt: skip
    indicators = {i.id for i in plan.indicators}
    folder.mkdir(parents=True, exist_ok=True)
    resources: list[dict[str, object]] = []
    names: set[str] = set()
    for (key, unit_name), members in _series(observations, plan).items():
        unit = members[0].unit
        # Resource names are lower-case ASCII: a second unit of a key is numbered.
        base = name = _NAME.sub("-", key.lower())
        suffix = 2
        while name in names:
            name, suffix = f"{base}-{suffix}", suffix + 1
        names.add(name)
        column = "indicator" if key in indicators else "statistic"
        header = [column, "area", "period", "value", "unit", "status", *_TEXT, "missing"]
        rows = (
            [key, o.area, str(o.period), decimal_text(o.magnitude), unit_name, o.status.value,
             *(getattr(o, t) for t in _TEXT), ";".join(o.missing)]
            for o in sorted(members, key=lambda o: (o.period.year, o.period.first, o.area))
        )  # fmt: skip
        path = f"{name}.csv"
        (folder / path).write_bytes(_csv_text(header, rows, bom))
        resources.append(
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig" if bom else "utf-8",
                "title": f"{key} ({unit_name})",
                "schema": {"fields": _observation_fields(column, unit)},
            }
        )
    if evaluation is not None:
        resources.append(_results_resource(evaluation, folder, bom))
    descriptor = {
        "name": _NAME.sub("-", plan.document.id.lower()),
        "title": plan.document.title_zh,
        "profile": "tabular-data-package",
        "resources": resources,
    }
    target = folder / DESCRIPTOR
    target.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return target


_RESULT_FIELDS: tuple[tuple[str, str], ...] = (
    ("number", "integer"), ("target", "string"), ("indicator", "string"),
    ("name_zh", "string"), ("year", "integer"), ("status", "string"),
    ("observed", "number"), ("target_value", "number"), ("target_upper", "number"),
    ("comparator", "string"), ("unit", "string"), ("unitMultiplier", "integer"),
    ("gap", "number"), ("attainment", "number"), ("progress", "number"),
    ("baseline", "number"), ("baseline_year", "integer"), ("observation_status", "string"),
)  # fmt: skip


def _results_resource(evaluation: Evaluation, folder: Path, bom: bool) -> dict[str, object]:
    def number(value: object) -> object:
        return "" if value is None else repr(value) if isinstance(value, float) else value

    rows = []
    for result in evaluation.results:
        target = result.target
        observation = result.observation
        rows.append(
            [
                target.number, target.id, target.indicator.id if target.indicator else "",
                result.name_zh, result.year or "", result.status.value,
                number(result.observed_value), target.magnitude,
                "" if target.upper_magnitude is None else target.upper_magnitude,
                target.comparator.value, unit_text(target.unit), split_multiplier(target.unit)[1],
                number(result.gap), number(result.attainment), number(result.progress),
                number(result.baseline_value), result.baseline_year or "",
                observation.status.value if observation else "",
            ]
        )  # fmt: skip
    (folder / "results.csv").write_bytes(_csv_text([n for n, _ in _RESULT_FIELDS], rows, bom))
    return {
        "name": "results",
        "path": "results.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig" if bom else "utf-8",
        "title": "evaluation: one row per target",
        "schema": {
            "fields": [{"name": n, "type": t} for n, t in _RESULT_FIELDS],
            "primaryKey": ["target"],
        },
    }


def read_datapackage(
    path: str | os.PathLike[str], plan: Plan | None = None
) -> tuple[Observation, ...]:
    """Read the observations of a Data Package written by :func:`write_datapackage`.

    ``path`` is the package's folder or its ``datapackage.json``.  Each
    observation resource is read as a CSV observation file; its rows' unit
    must be the unit its ``value`` field declares.

    Raises:
        PlanDataError: for an unreadable descriptor, a resource outside the
            package's folder, or bad rows (every one listed).
    """
    plan = plan_or_shipped(plan)
    descriptor_path = Path(path)
    if descriptor_path.is_dir():
        descriptor_path = descriptor_path / DESCRIPTOR
    source = str(descriptor_path)
    text = decode_text(read_text_file(descriptor_path), source)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanDataError(
            (Problem("", f"not JSON: {error.msg}", error.lineno, error.colno),), source=source
        ) from None
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        raise PlanDataError((Problem("resources", "expected a list of resources"),), source=source)
    problems: list[Problem] = []
    observations: list[Observation] = []
    root = descriptor_path.parent.resolve()
    for index, resource in enumerate(resources):
        where = f"resources[{index}]"
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            problems.append(Problem(where, "expected a resource with a 'path'"))
            continue
        schema = resource.get("schema", {})
        fields = schema.get("fields", []) if isinstance(schema, dict) else None
        if not isinstance(fields, list):
            problems.append(
                Problem(f"{where}.schema", "expected a Table Schema with a list of fields")
            )
            continue
        value_field = next(
            (f for f in fields if isinstance(f, dict) and f.get("name") == "value"), None
        )
        if value_field is None:
            continue  # not a resource of observations (the results)
        file = (root / resource["path"]).resolve()
        if not file.is_relative_to(root) or "://" in resource["path"]:
            problems.append(Problem(f"{where}.path", "must name a file inside the package"))
            continue
        try:
            read = parse_observations(read_text_file(file), plan, str(file), csv_format=True)
        except PlanDataError as error:
            problems += [
                Problem(
                    f"{resource['path']}: {p.path}" if p.path else resource["path"],
                    p.message,
                    p.line,
                )
                for p in error.problems
            ]
            continue
        declared = value_field.get("unitZh")
        for row, observation in enumerate(read):
            if declared is not None and unit_text(observation.unit) != declared:
                problems.append(
                    Problem(
                        f"{resource['path']}: [{row}].unit",
                        f"{unit_text(observation.unit)} is not the unit the field declares, "
                        f"{declared}",
                    )
                )
        observations += read
    if problems:
        raise PlanDataError(problems, source=source)
    return tuple(observations)
