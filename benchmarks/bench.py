"""Benchmarks of zgc_plan, each a ratio against a baseline measured in the same run.

Run with ``nox -s bench`` (or ``python benchmarks/bench.py`` with zgc_plan
installed). Each ratio is printed with its target; the exit code is 1 when a
target is missed, so that a regression shows.
"""

from __future__ import annotations

import contextlib
import gc
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from importlib.resources import files

import yaml

import zgc_plan

COLD_RUNS = int(os.environ.get("ZGC_BENCH_COLD_RUNS", "25"))

FIGURES = {
    1: "5.2%", 2: "650件/万人", 3: "5800亿元", 4: "52家", 5: "31家", 6: "9.5%",
    7: "41万元/人", 8: "250万元/人", 9: "180亿元/平方公里", 10: "0.07吨标煤/万元",
    11: "480家", 12: "2个", 13: "11500件", 14: "460项", 15: "6.2万人", 16: "45家",
}  # fmt: skip

LIBRARY = f"import zgc_plan; zgc_plan.load_plan(); zgc_plan.evaluate({FIGURES!r})"
PINT = "import pint"


def _cold(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def cold_start_ratio() -> tuple[float, float, float]:
    """Median cold run of the library's main use over a cold ``import pint``."""
    for code in (LIBRARY, PINT):  # warm the disk cache, not the interpreter
        _cold(code)
    library, pint_times = [], []
    for _ in range(COLD_RUNS):  # interleaved, so drifts in load hit both alike
        library.append(_cold(LIBRARY))
        pint_times.append(_cold(PINT))
    lib, base = statistics.median(library), statistics.median(pint_times)
    return lib / base, lib, base


def _best(function: Callable[[], object], number: int, repeat: int = 7) -> float:
    """Best time per call over ``repeat`` rounds of ``number`` calls."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - start) / number)
    return best


def load_ratio() -> tuple[float, float, float]:
    """``load_plan(path)`` of the shipped YAML over a bare C-loader ``yaml.load``."""
    resource = files("zgc_plan").joinpath("data", "plan.yaml")
    data = resource.read_bytes()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = str(resource)
    lib = _best(lambda: zgc_plan.load_plan(path), 20)
    base = _best(lambda: yaml.load(data, Loader=loader), 20)
    return lib / base, lib, base


SUB_UNITS = 16  # as many as the zone's sub-parks
YEARS = range(2018, 2023)  # the plan period


def _judged_figures(plan: zgc_plan.Plan) -> list[list[zgc_plan.Observation]]:
    """For each sub-unit, a figure of every indicator in every year of the period.

    Figures are written in the base unit of the money (元/人 for a target in
    万元/人), so that every judgement converts units; counts (件, 家) are
    whole, as the plan requires of them.
    """
    units = []
    for unit in range(SUB_UNITS):
        figures = []
        for indicator in plan.indicators:
            target = plan.target_for(indicator)
            assert target is not None
            base = zgc_plan.Q_(float(target.magnitude), target.unit).to_base_units()
            for year in YEARS:
                share = 0.5 + ((unit * 7 + year) % 11) / 10  # below and above the target
                value = base * share
                if indicator.whole:
                    value = zgc_plan.Q_(round(value.magnitude), value.units)
                figures.append(zgc_plan.Observation.of(indicator.id, year, value))
        units.append(figures)
    return units


def judgement_ratios() -> dict[str, float]:
    """Per judgement: ``evaluate`` and ``Target.is_met``, beside two single comparisons.

    16 sub-units x 17 targets x 5 years: each sub-unit's figures are evaluated
    once for each year of the period, and each call judges all 17 targets.
    The baselines, measured in the same run: one exact ``Fraction``
    comparison, and one pint comparison of two quantities in different units.
    """
    plan = zgc_plan.load_plan()
    units = _judged_figures(plan)
    judgements = SUB_UNITS * len(YEARS) * len(plan.targets)

    def run_evaluate() -> None:
        for figures in units:
            for year in YEARS:
                zgc_plan.evaluate(figures, plan, year=year)

    pairs = [
        (target, observation.value)
        for figures in units
        for observation in figures
        for target in (plan.target_for(plan.indicator(observation.key)),)
        if target is not None
    ]
    # The one target without an indicator is judged by evaluate (as no data)
    # and has no figure for is_met: is_met judges the other 16.

    def run_is_met() -> None:
        for target, quantity in pairs:
            target.is_met(quantity)

    evaluate_all = _best(run_evaluate, 1, repeat=5)
    is_met_all = _best(run_is_met, 1, repeat=5)
    a, b = Fraction(410_000, 10_000), Fraction(40)
    fraction = _best(lambda: a > b, 20_000)
    pa, pb = zgc_plan.Q_(410_000, "元/人"), zgc_plan.Q_(40, "万元/人")
    pint_cross_unit = _best(lambda: pa > pb, 2_000)
    return {
        "judgements": judgements,
        "evaluate_total": evaluate_all,
        "evaluate": evaluate_all / judgements,
        "is_met_pairs": len(pairs),
        "is_met": is_met_all / len(pairs),
        "fraction": fraction,
        "pint": pint_cross_unit,
    }


def _regex_pass(text: str) -> None:
    """One pass of every regular expression ``find_targets`` uses, over the folded text."""
    from zgc_plan import _phrases

    folded = _phrases._fold(text)
    for pattern, _ in _phrases._READERS:
        for _match in _phrases._compile(pattern).finditer(folded):
            pass
    for _match in _phrases._YEAR.finditer(folded):
        pass
    for _match in _phrases._HEADING.finditer(folded):
        pass


def _megabyte(text: str, size: int = 1_000_000) -> str:
    return (text * (size // len(text) + 1))[:size]


def find_targets_ratios() -> tuple[float, float, float, float, float]:
    """``find_targets`` on 1 MB of policy text over one pass of its regular expressions.

    The text is the plan's own, repeated to 1 MB (2,000 targets).  A second,
    dense text (a target every 20 characters, each after 到2022年) checks that
    the time stays linear: 1 MB of it over 0.5 MB.
    """
    plan_text = _megabyte(zgc_plan.read_source_text())
    _regex_pass(plan_text)  # compile the patterns outside the timing
    found = _best(lambda: zgc_plan.find_targets(plan_text), 1, repeat=3)
    regex = _best(lambda: _regex_pass(plan_text), 1, repeat=3)
    dense_unit = "到2022年,企业超过40家,人均达到260万元/人,年均增长8%以上。\n"
    dense, half = _megabyte(dense_unit), _megabyte(dense_unit, 500_000)
    dense_time = _best(lambda: zgc_plan.find_targets(dense), 1, repeat=3)
    half_time = _best(lambda: zgc_plan.find_targets(half), 1, repeat=3)
    dense_regex = _best(lambda: _regex_pass(dense), 1, repeat=3)
    return found / regex, found, regex, dense_time / half_time, dense_time / dense_regex


def hostile_csv_ratio() -> tuple[float, float, float]:
    """Reading 1 MB of CSV whose every row is refused, over ``csv.DictReader`` of it.

    Each row has a decimal comma and a unit with U+2215 (both refused with a
    message): the time per input size of a reader on hostile input is bounded.
    """
    import csv
    import io

    from zgc_plan._observation_files import parse_observations

    plan = zgc_plan.load_plan()
    row = '7,{year},"4{digit},5",万元\u2215人\n'
    body = "".join(row.format(year=1950 + i % 150, digit=i % 10) for i in range(34_000))
    text = "indicator,year,value,unit\n" + body

    def read() -> None:
        with contextlib.suppress(zgc_plan.PlanError):
            parse_observations(text, plan, csv_format=True)

    lib = _best(read, 1, repeat=3)
    base = _best(lambda: list(csv.DictReader(io.StringIO(text))), 1, repeat=3)
    return lib / base, lib, base


def _observation_texts(plan: zgc_plan.Plan, rows: int = 10_000) -> tuple[str, str]:
    """``rows`` observations of the plan's statistics, by month and area, as YAML and as CSV."""
    from zgc_plan._unit_parsing import unit_text

    areas = [area.id for area in plan.areas]
    yaml_rows, csv_rows = [], ["statistic,period,area,value,unit,status,source"]
    statistics = plan.statistics
    for n in range(rows):
        # Every statistic in every area, month after month: no figure is given twice.
        statistic = statistics[n % len(statistics)]
        area = areas[n // len(statistics) % len(areas)]
        month = n // (len(statistics) * len(areas))
        period = f"{1950 + month // 12}-{month % 12 + 1:02d}"
        value, unit = str(n % 997 + 1), unit_text(statistic.unit) or "1"
        yaml_rows.append(
            f'  - statistic: {statistic.id}\n    period: "{period}"\n    area: {area}\n'
            f'    value: {value}\n    unit: "{unit}"\n    status: estimated\n    source: 统计\n'
        )
        csv_rows.append(f"{statistic.id},{period},{area},{value},{unit},estimated,统计")
    return "observations:\n" + "".join(yaml_rows), "\n".join(csv_rows) + "\n"


def read_observations_ratios() -> tuple[float, float, float, float]:
    """Reading 10,000 observations, YAML over ``yaml.load`` and CSV over ``csv.DictReader`` of them."""
    import csv
    import io

    from zgc_plan._observation_files import parse_observations

    plan = zgc_plan.load_plan()
    yaml_text, csv_text = _observation_texts(plan)
    assert len(parse_observations(yaml_text, plan)) == len(
        parse_observations(csv_text, plan, csv_format=True)
    )
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    yaml_lib = _best(lambda: parse_observations(yaml_text, plan), 1, repeat=5)
    yaml_base = _best(lambda: yaml.load(yaml_text, Loader=loader), 1, repeat=5)
    csv_lib = _best(lambda: parse_observations(csv_text, plan, csv_format=True), 1, repeat=5)
    csv_base = _best(lambda: list(csv.DictReader(io.StringIO(csv_text))), 1, repeat=5)
    return yaml_lib, yaml_base, csv_lib, csv_base


def import_builds_nothing() -> bool:
    """``import zgc_plan`` alone parses no plan and imports no YAML parser."""
    code = (
        "import sys, zgc_plan, zgc_plan._load as l; "
        "sys.exit(1 if l._shipped or 'yaml' in sys.modules else 0)"
    )
    return subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def main() -> int:
    """Run every benchmark and print the ratios against their targets."""
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    # pint imports numpy when it is installed, which makes the baseline of the
    # cold-start ratio much slower: say which case this run measures.
    numpy = importlib.util.find_spec("numpy") is not None
    print(f"numpy installed (imported by pint): {'yes' if numpy else 'no'}")
    results = []
    ratio, lib, base = cold_start_ratio()
    results.append(
        (
            "cold import+load+evaluate / cold import pint",
            ratio,
            1.3,
            f"{lib * 1e3:.0f} ms vs {base * 1e3:.0f} ms",
        )
    )
    ratio, lib, base = load_ratio()
    results.append(
        (
            "load_plan(path) / yaml.load(CSafeLoader)",
            ratio,
            3.0,
            f"{lib * 1e3:.2f} ms vs {base * 1e3:.2f} ms",
        )
    )
    j = judgement_ratios()
    print(
        f"judgements: {SUB_UNITS} sub-units x {len(YEARS)} years x 17 targets = "
        f"{j['judgements']:.0f} by evaluate, {j['is_met_pairs']:.0f} by Target.is_met"
    )
    side_by_side = (
        f"evaluate {j['evaluate'] * 1e6:.1f} µs, is_met {j['is_met'] * 1e6:.1f} µs, "
        f"Fraction {j['fraction'] * 1e6:.3f} µs, pint {j['pint'] * 1e6:.1f} µs"
    )
    print(f"per judgement: {side_by_side}")
    print(
        f"judgements per second: evaluate {1 / j['evaluate']:,.0f}, "
        f"is_met {1 / j['is_met']:,.0f} "
        f"(one Fraction comparison {1 / j['fraction']:,.0f}, "
        f"one cross-unit pint comparison {1 / j['pint']:,.0f})"
    )
    results += [
        (
            "evaluate per judgement / one cross-unit pint comparison",
            j["evaluate"] / j["pint"],
            2.0,
            side_by_side,
        ),
        (
            "Target.is_met per judgement / one cross-unit pint comparison",
            j["is_met"] / j["pint"],
            1.5,
            side_by_side,
        ),
        (
            "evaluate per judgement / one Fraction comparison",
            j["evaluate"] / j["fraction"],
            100.0,
            side_by_side,
        ),
        (
            f"evaluate {j['judgements']:.0f} judgements (s)",
            j["evaluate_total"],
            0.5,
            f"{j['evaluate_total']:.3f} s",
        ),
    ]
    ratio, found, regex, linear, dense = find_targets_ratios()
    results.append(
        (
            "find_targets on 1 MB of policy text / one pass of its regexes",
            ratio,
            2.0,
            f"{found:.2f} s vs {regex:.2f} s",
        )
    )
    results.append(
        (
            "find_targets on 1 MB of dense targets / on 0.5 MB (linear: 2)",
            linear,
            2.5,
            f"{dense:.1f}x one pass of its regexes on the dense text",
        )
    )
    ratio, lib, base = hostile_csv_ratio()
    results.append(
        (
            "1 MB of refused CSV rows / csv.DictReader of them",
            ratio,
            50.0,
            f"{lib:.2f} s vs {base:.2f} s",
        )
    )
    yaml_lib, yaml_base, csv_lib, csv_base = read_observations_ratios()
    results += [
        (
            "read 10,000 observations from YAML / yaml.load(CSafeLoader) of them",
            yaml_lib / yaml_base,
            3.0,
            f"{yaml_lib:.2f} s vs {yaml_base:.2f} s",
        ),
        (
            "read 10,000 observations from CSV / csv.DictReader of them",
            csv_lib / csv_base,
            60.0,
            f"{csv_lib:.2f} s vs {csv_base:.3f} s",
        ),
    ]
    failed = 0
    for name, value, target, detail in results:
        ok = value <= target
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value:.2f} (target ≤ {target})  [{detail}]")
    lazy = import_builds_nothing()
    failed += not lazy
    print(f"{'PASS' if lazy else 'FAIL'}  import zgc_plan parses no plan, imports no PyYAML")
    if os.environ.get("ZGC_BENCH_JSON"):
        payload = [{"name": n, "value": v, "target": t, "detail": d} for n, v, t, d in results]
        print(json.dumps(payload, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
