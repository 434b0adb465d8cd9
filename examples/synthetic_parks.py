"""SYNTHETIC monthly figures of the zone's sixteen parks, 2018-2022: for the docs, tests and benchmarks.

Every figure this script writes is MADE UP by a random generator with a fixed
seed; none is a published figure, and none may be read as one.  The rows say
so themselves: status ``estimated``, source ``SYNTHETIC``.  Published figures
are in ``src/zgc_plan/data/observations/`` and are never mixed with these.

What it makes: for each of the 16 parks and each of the 60 months of
2018-2022, ten statistics (总收入, 增加值, 利润总额, 科技活动经费支出,
综合能源消费量 and PCT applications as monthly flows, 技术合同成交额 too;
从业人员 as a monthly head count; 有效发明专利 and 上市企业 as end-of-month
stocks), plus each park's area (for 地均总收入) and its yearly count of
hard-tech incubators, which leaves 延庆园 without one in 2022.  A few parks
report their money in 万元 rather than 亿元, as real returns do.

Usage::

    python examples/synthetic_parks.py synthetic-parks.csv   # write a CSV file
    python examples/synthetic_parks.py                       # print the CSV
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Iterator

#: The seed: the same rows on every run and every machine.
SEED = 2018
YEARS = range(2018, 2023)
PARKS = (
    "dongcheng", "xicheng", "chaoyang", "haidian", "fengtai", "shijingshan", "mentougou",
    "fangshan", "tongzhou", "shunyi", "daxing-yizhuang", "changping", "pinggu", "huairou",
    "miyun", "yanqing",
)  # fmt: skip
#: Parks whose money is reported in 万元 (the others in 亿元).
IN_WAN = frozenset({"pinggu", "miyun", "yanqing"})
COLUMNS = ("statistic", "indicator", "period", "area", "value", "unit", "status", "source", "note")
SOURCE = "SYNTHETIC (examples/synthetic_parks.py, seed 2018)"
NOTE = "synthetic: not a published figure"

# (key, statistic or indicator, unit, monthly amount per unit of park size, kind)
_SERIES = (
    ("total-revenue", "statistic", "亿元", 60.0, "flow"),
    ("value-added", "statistic", "亿元", 15.0, "flow"),
    ("profits", "statistic", "亿元", 5.0, "flow"),
    ("st-expenditure", "statistic", "亿元", 3.5, "flow"),
    ("energy-consumption", "statistic", "万吨标煤", 1.0, "flow"),
    ("tech-contract-value", "indicator", "亿元", 4.0, "flow"),
    ("pct-applications", "indicator", "件", 60.0, "flow"),
    ("employees", "statistic", "万人", 16.0, "count"),
    ("invention-patents-held", "statistic", "件", 9000.0, "stock"),
    ("listed-companies", "indicator", "家", 30.0, "stock"),
)


def _row(key: str, kind: str, period: str, area: str, value: str, unit: str) -> dict[str, str]:
    return {
        "statistic": key if kind == "statistic" else "",
        "indicator": key if kind == "indicator" else "",
        "period": period, "area": area, "value": value, "unit": unit,
        "status": "estimated", "source": SOURCE, "note": NOTE,
    }  # fmt: skip


def rows(seed: int = SEED) -> Iterator[dict[str, str]]:
    """The synthetic rows, as CSV cells of the observation format."""
    rng = random.Random(seed)  # noqa: S311 (made-up figures, not secrets)
    for park in PARKS:
        # Haidian is by far the largest park, as it is in fact; the rest vary.
        size = 12.0 if park == "haidian" else rng.lognormvariate(0.0, 0.8)
        growth = rng.uniform(0.04, 0.14)
        efficiency = rng.uniform(0.7, 1.3)
        yield _row(
            "zone-area",
            "statistic",
            "2012",
            park,
            f"{rng.uniform(5, 60) * size**0.3:.2f}",
            "平方公里",
        )
        for year in YEARS:
            incubators = rng.randint(1, 4) if park != "haidian" else rng.randint(8, 15)
            if park == "yanqing" and year == 2022:
                incubators = 0
            yield _row("hard-tech-incubators", "statistic", str(year), park, str(incubators), "家")
        for key, kind, unit, amount, nature in _SERIES:
            level = amount * size * (efficiency if key in ("value-added", "profits") else 1.0)
            for index in range(60):
                year, month = 2018 + index // 12, index % 12 + 1
                trend = (1 + growth) ** (index / 12)
                season = 1.0 + (0.25 if month == 12 else 0.0) - (0.15 if month in (1, 2) else 0.0)
                noise = rng.uniform(0.9, 1.1)
                if nature == "flow":
                    value = level * trend * season * noise
                    if key == "profits":
                        value -= amount * size * rng.uniform(0.0, 0.6)  # some months are losses
                elif nature == "count":
                    value = level * trend * rng.uniform(0.98, 1.02)
                else:
                    value = level * trend
                text_unit = unit
                if unit == "亿元" and park in IN_WAN:
                    value, text_unit = value * 10000, "万元"
                text = f"{round(value)}" if unit in ("件", "家") else f"{value:.2f}"
                yield _row(key, kind, f"{year}-{month:02d}", park, text, text_unit)


def to_csv(seed: int = SEED) -> str:
    """The synthetic rows as CSV text, readable by ``zgc_plan.load_observations``."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(seed))
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    """Write the CSV to the file named, or print it."""
    text = to_csv()
    if len(argv) > 1:
        with open(argv[1], "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
