"""The command line for areas, aggregation and the sub-park assessment.

Spec (14, Command line): "zgc-plan evaluate FILE --area 海淀园, zgc-plan aggregate
FILE --to year (prints the aggregated observations; --format yaml|csv|json, the
output readable again by load_observations), zgc-plan assess FILE --year 2022,
every format, exit code 2 with a line per problem on bad input. In --format
json, each result of evaluate carries area (its id) beside target, status and
observed, and assess prints an object with year and parks, a list with each
park's area (id), name_zh, rank, score (null when not scored) and missing."
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zgc_plan

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "synthetic_parks.py"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=300, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The synthetic 16 parks × 60 months, as a CSV file."""
    spec = importlib.util.spec_from_file_location("synthetic_parks", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("cli") / "parks.csv"
    path.write_text(module.to_csv(), encoding="utf-8")
    return path


def test_evaluate_one_park_as_json(monthly: Path) -> None:
    """Each result carries `area` beside `target`, `status` and `observed`."""
    result = run("evaluate", monthly, "--area", "海淀园", "--year", "2022", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["area"] == "haidian"
    for item in data["results"]:
        assert {"area", "target", "status", "observed"} <= set(item)
        assert item["area"] == "haidian"


@pytest.mark.parametrize("output", ["yaml", "csv", "json"])
def test_aggregate_output_reads_back(monthly: Path, output: str, tmp_path: Path) -> None:
    """The aggregated observations, in each format, load again as the same figures."""
    result = run("aggregate", monthly, "--to", "year", "--format", output)
    assert result.returncode == 0, result.stderr
    path = tmp_path / f"years.{'yaml' if output == 'json' else output}"
    path.write_text(result.stdout, encoding="utf-8")
    back = zgc_plan.load_observations(path)
    direct = zgc_plan.aggregate(zgc_plan.load_observations(monthly))
    assert [(o.key, o.area, str(o.period)) for o in back] == [
        (o.key, o.area, str(o.period)) for o in direct
    ]
    assert len(back) == 16 * 5 * 10 + 5 * 10 + 16 + 1 + 16 * 5 + 5


def test_aggregate_and_assess_bom(monthly: Path, tmp_path: Path) -> None:
    """--bom starts the CSV of aggregate and of assess with a byte order mark (Excel), and
    an aggregated CSV with one still reads back as the same figures."""
    result = run("aggregate", monthly, "--format", "csv", "--bom")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    path = tmp_path / "years.csv"
    path.write_text(result.stdout, encoding="utf-8")
    back = zgc_plan.load_observations(path)
    direct = zgc_plan.aggregate(zgc_plan.load_observations(monthly))
    # Equal to 20 significant digits (the note says so where a value is rounded).
    assert [(o.key, o.area, o.period, float(o.magnitude)) for o in back] == [
        (o.key, o.area, o.period, float(o.magnitude)) for o in direct
    ]
    assessed = run("assess", monthly, "--year", "2022", "--format", "csv", "--bom")
    assert assessed.returncode == 0, assessed.stderr
    assert assessed.stdout.startswith("\ufeffyear,area,name_zh,")


def test_assess_refuses_a_plot_it_cannot_write_before_it_prints(
    monthly: Path, tmp_path: Path
) -> None:
    """As evaluate does: the --plot file is checked before anything is computed or printed
    (the assessment was printed, then the drawing failed)."""
    result = run("assess", monthly, "--year", "2022", "--plot", tmp_path / "no" / "map.png")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "the folder" in result.stderr
    assert "does not exist" in result.stderr


def test_aggregate_to_quarters(monthly: Path) -> None:
    """--to quarter makes quarters."""
    result = run("aggregate", monthly, "--to", "quarter", "--format", "csv", "--no-zone")
    assert result.returncode == 0, result.stderr
    assert ",2022Q4,haidian," in result.stdout
    assert ",2022Q4,," not in result.stdout  # no zone totals


@pytest.mark.parametrize("output", ["table", "json", "csv", "markdown"])
def test_assess_every_format(monthly: Path, output: str) -> None:
    """zgc-plan assess FILE --year 2022, in every format."""
    result = run("assess", monthly, "--year", "2022", "--format", output)
    assert result.returncode == 0, result.stderr
    assert "海淀园" in result.stdout


def test_assess_json_fields(monthly: Path) -> None:
    """'assess prints an object with year and parks ... area, name_zh, rank, score, missing'."""
    result = run("assess", monthly, "--year", "2022", "--format", "json", "--indicators", "7,13")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["year"] == 2022
    assert [i["id"] for i in data["indicators"]] == ["labour-productivity", "pct-applications"]
    park = data["parks"][0]
    assert list(park)[:6] == ["area", "name_zh", "name_en", "rank", "score", "missing"]


def test_assess_draws_the_heat_map(monthly: Path, tmp_path: Path) -> None:
    """--plot FILE.png draws the park × indicator heat map."""
    picture = tmp_path / "heat.png"
    result = run("assess", monthly, "--year", "2022", "--plot", picture)
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", "--area", "火星园"], "area: no area '火星园' in the plan"),
        (
            ["assess", HERE / "bad_observations" / "bad_periods.yaml", "--year", "2022"],
            "month 13 is not 1-12",
        ),
        (["aggregate", HERE / "bad_observations" / "bad_periods.csv"], "[1].area"),
        (
            ["assess", HERE / "data" / "observations.yaml"],
            "the following arguments are required: --year",
        ),
    ],
)
def test_bad_input_exits_2(args: list[str | Path], message: str) -> None:
    """Exit code 2, a line per problem, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_every_problem_has_its_line() -> None:
    """A bad file gives one line per problem, each with the file and its line."""
    path = HERE / "bad_observations" / "bad_periods.yaml"
    result = run("aggregate", path)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 11
    assert all(line.startswith(f"{path}: observations[") and "(line " in line for line in lines)


def test_evaluate_a_park_by_its_allocations(monthly: Path, tmp_path: Path) -> None:
    """--allocations judges the --area park by its own targets and checks their sum."""
    shares = tmp_path / "shares.yaml"
    shares.write_text(
        "allocations:\n  - {target: target-pct-applications, area: 海淀园, value: 20000}\n",
        encoding="utf-8",
    )
    args: list[str | Path] = ["evaluate", monthly, "--year", "2022", "--format", "json"]
    plain = json.loads(run(*args, "--area", "海淀园").stdout)
    result = run(*args, "--area", "海淀园", "--allocations", shares)
    assert result.returncode == 0, result.stderr
    judged = json.loads(result.stdout)

    def pct(data: dict[str, list[dict[str, str]]]) -> dict[str, str]:
        return next(r for r in data["results"] if r["target"] == "target-pct-applications")

    assert pct(plain)["status"] == "met"
    assert pct(judged)["status"] == "not_met"
    assert "allocations: 年度PCT专利申请量: 1 parks' shares make 20000 件" in result.stderr
    assert run("evaluate", monthly, "--allocations", shares).returncode == 2


def test_validate_an_allocation_file(tmp_path: Path) -> None:
    """validate reads an allocation file and says whether the shares add up."""
    shares = tmp_path / "shares.yaml"
    shares.write_text(
        "allocations:\n"
        "  - {target: target-pct-applications, area: 海淀园, value: 8000}\n"
        "  - {target: target-pct-applications, area: 昌平园, value: 3001}\n",
        encoding="utf-8",
    )
    result = run("validate", shares)
    assert result.returncode == 0, result.stderr
    assert f"{shares}: 2 valid allocations" in result.stdout
    assert "they add up to it" in result.stdout
    bad = run("validate", HERE / "bad_observations" / "bad_allocations.yaml")
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 6
