"""Writing observations back in the observation format: YAML, CSV or JSON.

What is written is read again by :func:`zgc_plan.load_observations` (JSON
is read as the YAML it also is).  Values are written as decimals: exactly
when the fraction has a finite decimal expansion (every sum of decimal
figures does), else to :data:`DIGITS` significant digits (a mean of twelve
months can be a repeating decimal), and the note says so.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Context, Decimal
from fractions import Fraction
from typing import Literal, TypeAlias

from zgc_plan._load import plan_or_shipped
from zgc_plan._model import ZONE_ID, Plan
from zgc_plan._observations import Observation, ObservationStatus
from zgc_plan._unit_parsing import unit_text

__all__ = ["DIGITS", "ObservationFormat", "dump_observations", "exact_decimal"]

ObservationFormat: TypeAlias = Literal["yaml", "csv", "json"]
#: Significant digits of a value with no finite decimal expansion.
DIGITS = 20

_TEXTS = ("source", "url", "quote", "note", "scope", "as_published", "formula")
_COLUMNS = (
    "indicator", "statistic", "period", "area", "value", "unit", "status", "missing", *_TEXTS,
)  # fmt: skip


def exact_decimal(value: Fraction) -> tuple[Decimal, bool]:
    """``value`` as a decimal, and whether that is exact."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator == 1:
        places = max(twos, fives)
        scaled = value * 10**places
        return Decimal(scaled.numerator).scaleb(-places).normalize(Context(prec=10_000)), True
    return Context(prec=DIGITS).divide(Decimal(value.numerator), Decimal(value.denominator)), False


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    return text if "." not in text else text.rstrip("0").rstrip(".") or "0"


def _record(observation: Observation, plan: Plan) -> dict[str, object]:
    indicator_ids = {i.id for i in plan.indicators}
    key = "indicator" if observation.key in indicator_ids else "statistic"
    value, exact = exact_decimal(observation.magnitude)
    record: dict[str, object] = {key: observation.key, "period": str(observation.period)}
    if observation.area != ZONE_ID:
        record["area"] = observation.area
    record["value"] = value
    record["unit"] = unit_text(observation.unit)
    if observation.status is not ObservationStatus.PUBLISHED:
        record["status"] = observation.status.value
    if observation.missing:
        record["missing"] = list(observation.missing)
    for name in _TEXTS:
        text = getattr(observation, name)
        if name == "note" and not exact:
            text = f"{text}; value rounded to {DIGITS} significant digits".lstrip("; ")
        if text:
            record[name] = text
    return record


def _yaml_scalar(value: object) -> str:
    if isinstance(value, Decimal):
        return _decimal_text(value)
    text = str(value)
    # Quoted always: a period such as 2022 or a unit such as % stays a string.
    return json.dumps(text, ensure_ascii=False)


def dump_observations(
    observations: Iterable[Observation],
    format: ObservationFormat = "yaml",
    plan: Plan | None = None,
) -> str:
    """Write observations as YAML (``observations: [...]``), CSV or JSON.

    Example:
        >>> import zgc_plan
        >>> from zgc_plan._write_observations import dump_observations
        >>> rows = [zgc_plan.Observation.of("total-revenue", "2022Q3", "2.1万亿元", area="haidian")]
        >>> print(dump_observations(rows, "csv"), end="")
        indicator,statistic,period,area,value,unit,status,missing,source,url,quote,note,scope,as_published,formula
        ,total-revenue,2022Q3,haidian,2.1,万亿元,,,,,,,,,
    """
    plan = plan_or_shipped(plan)
    records = [_record(o, plan) for o in observations]
    if format == "json":
        items = [
            "    {" + ", ".join(f"{json.dumps(k)}: {_json_value(v)}" for k, v in r.items()) + "}"
            for r in records
        ]
        return '{"observations": [\n' + ",\n".join(items) + "\n]}\n"
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for record in records:
            row = {k: _csv_cell(v) for k, v in record.items()}
            writer.writerow(row)
        return buffer.getvalue()
    lines = ["observations:"]
    for record in records:
        prefix = "  - "
        for name, value in record.items():
            if isinstance(value, list):
                text = "[" + ", ".join(_yaml_scalar(v) for v in value) + "]"
            else:
                text = _yaml_scalar(value)
            lines.append(f"{prefix}{name}: {text}")
            prefix = "    "
    return "\n".join(lines) + "\n"


def _csv_cell(value: object) -> str:
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def _json_value(value: object) -> str:
    # Decimals are written as JSON numbers, digit for digit, never through a float.
    if isinstance(value, Decimal):
        return _decimal_text(value)
    return json.dumps(value, ensure_ascii=False)
