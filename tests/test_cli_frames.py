"""The command line's microdata and exchange formats, run as a user runs them.

Spec (specs/frames.md, specs/exchange.md): "zgc-plan aggregate FILE --engine
E --by area,year reads Parquet or CSV in the engine and prints the parks' and
the zone's figures as CSV; zgc-plan evaluate --format sdmx-csv|sdmx-ml|
datapackage writes the exchange formats; exit code 2 on bad input."
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import zgc_plan
from engines import ENGINES
from test_microdata import UNITS, firms

HERE = Path(__file__).parent


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", *map(str, args)],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=300,
    )  # fmt: skip


@pytest.fixture(scope="module")
def parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test firms as Parquet, each statistic column with its unit in the field metadata."""
    table = pa.Table.from_pandas(firms(), preserve_index=False)
    schema = table.schema
    for name, unit in UNITS.items():
        index = schema.get_field_index(name)
        schema = schema.set(index, schema.field(index).with_metadata({"unit": unit}))
    path = tmp_path_factory.mktemp("firms") / "firms.parquet"
    pq.write_table(table.cast(schema), path)
    return path


@pytest.mark.parametrize("engine", ENGINES)
def test_aggregate_parquet(parquet: Path, engine: str) -> None:
    """Every engine prints the same figures; units come from the Parquet metadata."""
    result = run("aggregate", parquet, "--engine", engine, "--by", "area,year", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = {
        (r["area"] or "zone", r["indicator"] or r["statistic"]): r
        for r in csv.DictReader(io.StringIO(result.stdout))
    }
    assert rows["haidian", "total-revenue"]["value"] == "0.036"  # 360万元 in 亿元
    assert rows["zone", "revenue-per-employee"]["value"] == "2.4"
    reference = run("aggregate", parquet, "--format", "csv")  # DuckDB, the default engine
    assert result.stdout == reference.stdout


def test_aggregate_output_reads_back(parquet: Path, tmp_path: Path) -> None:
    """Spec: "the output readable again by load_observations"."""
    result = run("aggregate", parquet)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "aggregated.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    observations = zgc_plan.load_observations(path)
    assert {o.area for o in observations} == {"zone", "haidian", "changping"}


def test_aggregate_csv_with_units(tmp_path: Path) -> None:
    """CSV input with --units, and a BOM for Excel."""
    path = tmp_path / "firms.csv"
    firms().to_csv(path, index=False)
    units = ",".join(f"{k}={v}" for k, v in UNITS.items())
    result = run(
        "aggregate", path, "--engine", "polars", "--units", units, "--bom", "--format", "csv"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeffindicator,statistic,period,area,value")
    # A CSV file with a firm column is microdata without --engine too.
    assert run("aggregate", path, "--units", units, "--format", "csv").stdout == result.stdout[1:]


def test_evaluate_microdata(parquet: Path) -> None:
    """A Parquet file evaluates as microdata: the zone's aggregated figures are judged."""
    result = run("evaluate", parquet, "--by", "year", "--year", "2022", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"observed_value": 0.8' in result.stdout  # labour productivity, 0.8万元/人


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["aggregate", HERE / "bad_microdata" / "unknown_park.csv", "--engine", "duckdb"],
         "unknown_park.csv: columns['area']: no park 'atlantis' in the plan's areas"),
        (["aggregate", HERE / "no-such-file.parquet"], "no-such-file.parquet: <document>: no such file"),
        (["aggregate", HERE / "data" / "observations.yaml", "--engine", "pandas"],
         "expected a .parquet or .csv file"),
        (["aggregate", HERE / "bad_microdata" / "bad_month.csv", "--units", "total-revenue"],
         "expected COLUMN=UNIT"),
        (["aggregate", HERE / "bad_microdata" / "bad_month.csv", "--to", "quarter"],
         "--to: microdata are aggregated into years"),
        (["evaluate", "--format", "datapackage"], "give it with --output DIR"),
        (["evaluate", "--allocations", HERE / "data" / "observations.yaml"],
         "zgc-plan: --allocations needs --area: the park they allocate to"),
        (["aggregate", HERE / "bad_microdata" / "not_parquet.parquet"],
         "not_parquet.parquet: <document>: cannot be read: "),
        (["evaluate", HERE / "bad_microdata" / "not_parquet.parquet", "--engine", "polars"],
         "not_parquet.parquet: <document>: cannot be read: "),
        (["aggregate", HERE / "bad_microdata" / "unit_not_utf8.parquet"],
         "unit_not_utf8.parquet: columns['employees']: its 'unit' metadata is not UTF-8 text"),
    ],
)  # fmt: skip
def test_bad_input(args: list[str | Path], message: str) -> None:
    """Exit code 2 and one line per problem."""
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["sdmx-csv", "sdmx-ml"])
def test_evaluate_sdmx(fmt: str) -> None:
    """``evaluate --format sdmx-*`` prints a results message."""
    result = run("evaluate", "--format", fmt)
    assert result.returncode == 0, result.stderr
    assert ("ZGC_PLAN:RESULTS(1.0)" if fmt == "sdmx-csv" else "<mes:GenericData") in result.stdout


def test_evaluate_datapackage(tmp_path: Path) -> None:
    """``evaluate --format datapackage --output DIR`` writes a package that reads back."""
    result = run("evaluate", "--format", "datapackage", "--output", tmp_path / "pkg", "--bom")
    assert result.returncode == 0, result.stderr
    observations = zgc_plan.read_datapackage(tmp_path / "pkg")
    assert observations
    assert (tmp_path / "pkg" / "results.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_csv_cells_never_run_as_formulas(tmp_path: Path) -> None:
    """Spec: "no cell that a spreadsheet would run as a formula"; and --bom for Excel."""
    path = tmp_path / "figures.csv"
    path.write_text(
        'indicator,year,value,unit,source\n7,2022,41,万元/人,=HYPERLINK("http://x")\n',
        encoding="utf-8",
    )
    result = run("evaluate", path, "--format", "csv", "--bom")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[9]["source"] == '\'=HYPERLINK("http://x")'
    assert not any(v.startswith(("=", "+", "@")) for row in rows for v in row.values() if v)
