"""Benchmark of aggregation and the sub-park assessment, as ratios measured side by side.

The workload is the synthetic example of ``examples/synthetic_parks.py``
(made-up figures, fixed seed): 16 parks × 60 months × 10 statistics, some
10,000 observations.  Two ratios, each printed with its target; the exit code
is 1 when a target is missed:

* time: ``assess_parks(observations, 2022)``, which aggregates every month of
  every park into park and zone years, derives the ratios and assesses the
  parks, over a hand-written loop that adds the same magnitudes, as Python
  fractions, into a dictionary by park and year and one by zone and year
  (target ≤ 3);
* memory: the peak of the memory allocated during that call (tracemalloc)
  over the memory the observations themselves take (target ≤ 2).

Run with ``nox -s bench`` (or ``python benchmarks/bench_parks.py``).
"""

from __future__ import annotations

import gc
import importlib.util
import sys
import time
import tracemalloc
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import zgc_plan
from zgc_plan import Observation

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "synthetic_parks.py"


def _example_rows() -> list[dict[str, str]]:
    spec = importlib.util.spec_from_file_location("synthetic_parks", EXAMPLE)
    assert spec is not None  # the example ships beside the benchmarks
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.rows())


def _observations(rows: list[dict[str, str]]) -> list[Observation]:
    plan = zgc_plan.load_plan()
    units = {text: zgc_plan.parse_unit(text) for text in {row["unit"] for row in rows}}
    made = []
    for row in rows:
        key = row["statistic"] or row["indicator"]
        made.append(
            Observation(
                key, row["period"], Fraction(row["value"]), units[row["unit"]],
                status=zgc_plan.ObservationStatus.ESTIMATED, area=plan.area(row["area"]).id,
            )
        )  # fmt: skip
    return made


def _hand_loop(observations: list[Observation]) -> object:
    """What one would write by hand: add the magnitudes by park and year, and by zone and year."""
    parks: dict[tuple[str, str, int], Fraction] = {}
    zone: dict[tuple[str, int], Fraction] = {}
    for o in observations:
        year = o.period.year
        parks[(o.key, o.area, year)] = parks.get((o.key, o.area, year), Fraction(0)) + o.magnitude
        zone[(o.key, year)] = zone.get((o.key, year), Fraction(0)) + o.magnitude
    return parks, zone


def _best(function: Callable[[], object], repeat: int = 7) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def _allocated(function: Callable[[], object]) -> int:
    """Bytes allocated by ``function`` and still alive at its end, or at its peak."""
    gc.collect()
    tracemalloc.start()
    result = function()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return max(current, peak)


def main() -> int:
    """Measure and print both ratios; 1 when a target is missed."""
    rows = _example_rows()
    kept: list[list[Observation]] = []
    own = _allocated(lambda: kept.append(_observations(rows)))
    observations = kept[0]
    zgc_plan.assess_parks(observations, 2022)  # warm: the plan, the units, the imports
    times_lib, times_base = [], []
    for _ in range(9):  # interleaved, so that drifts in load hit both alike
        times_lib.append(_best(lambda: zgc_plan.assess_parks(observations, 2022), 1))
        times_base.append(_best(lambda: _hand_loop(observations), 1))
    lib, base = min(times_lib), min(times_base)
    peak = _allocated(lambda: zgc_plan.assess_parks(observations, 2022))
    results = [
        (
            f"aggregate+assess {len(observations)} observations / hand-written Fraction loop",
            lib / base, 3.0, f"{lib * 1e3:.1f} ms vs {base * 1e3:.1f} ms",
        ),
        (
            "memory of aggregate+assess / memory of the observations",
            peak / own, 2.0, f"{peak / 2**20:.2f} MiB vs {own / 2**20:.2f} MiB",
        ),
    ]  # fmt: skip
    failed = 0
    for name, value, target, detail in results:
        ok = value <= target
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value:.2f} (target ≤ {target})  [{detail}]")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
