"""The command line, run as a user runs it: in a subprocess.

Spec: "Exit codes: 0 on success; 2 on bad input, with a one-line message per
problem on stderr and no traceback."
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
DATA = HERE / "data"
PLAN = HERE.parent / "src" / "zgc_plan" / "data" / "plan.yaml"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command", [[], ["show"], ["evaluate"], ["validate"], ["extract"], ["tasks"], ["report"]]
)
def test_help(command: list[str]) -> None:
    """Every command has --help."""
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_show() -> None:
    """show prints goals, targets and indicators; --tasks adds the 23 tasks."""
    result = run("show")
    assert result.returncode == 0
    assert "劳动生产率超过40万元/人" in result.stdout
    assert "地均总收入" in result.stdout
    assert "深化科技成果转化改革" not in result.stdout
    with_tasks = run("show", "--tasks")
    assert "23. 加强国内重点区域合作" in with_tasks.stdout


@pytest.mark.parametrize("name", ["observations.yaml", "observations.csv"])
def test_evaluate_json(name: str) -> None:
    """--format json: results with target, indicator, status and observed."""
    result = run("evaluate", DATA / name, "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    rows = {row["target"]: row for row in data["results"]}
    assert len(rows) == 17
    labour = rows["target-labour-productivity"]
    assert labour["indicator"] == 7
    assert labour["status"] == "met"
    assert labour["observed"] == "41 万元/人"
    assert rows["target-energy-intensity"]["status"] == "not_met"
    assert rows["target-hard-tech-incubators"] == rows["target-hard-tech-incubators"] | {
        "indicator": None,
        "status": "no_data",
        "observed": None,
    }


@pytest.mark.parametrize("name", ["observations.yaml", "observations.csv"])
@pytest.mark.parametrize("output", ["table", "csv", "markdown"])
def test_evaluate_formats(name: str, output: str) -> None:
    """Every format, from YAML and from CSV."""
    result = run("evaluate", DATA / name, "--format", output)
    assert result.returncode == 0, result.stderr
    assert "劳动生产率" in result.stdout
    if output == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 17
        assert rows[9]["status"] == "met"


def test_evaluate_with_baseline_and_year() -> None:
    """--baseline FILE gives progress; --year picks the year."""
    result = run(
        "evaluate", DATA / "observations.yaml", "--baseline", DATA / "baseline.yaml",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = {row["target"]: row for row in json.loads(result.stdout)["results"]}
    assert rows["target-labour-productivity"]["progress"] == pytest.approx(1.1)
    early = run("evaluate", DATA / "observations.yaml", "--year", "2021", "--format", "json")
    rows = {row["target"]: row for row in json.loads(early.stdout)["results"]}
    assert rows["target-labour-productivity"]["status"] == "no_data"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evaluate", HERE / "bad_observations" / "bad_rows.yaml"], "no indicator 99 in the plan"),
        (["evaluate", HERE / "bad_observations" / "bad_rows.csv"], "no indicator 99 in the plan"),
        (["evaluate", HERE / "missing.yaml"], "cannot read the file"),
        (
            ["evaluate", DATA / "observations.yaml", "--baseline", HERE / "missing.yaml"],
            "cannot read",
        ),
        (["evaluate", "--year", "20x2"], "not a year"),
        (["evaluate", "--year", "3000"], "outside"),
        (["evaluate", "--format", "xml"], "invalid choice"),
        (["validate", HERE / "bad_observations" / "bad_rows.yaml"], "is negative"),
        (["validate", HERE / "missing.yaml"], "cannot read the file"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_bad_input_exits_2(args: list[str | Path], message: str) -> None:
    """Bad input: exit code 2, one line per problem on stderr, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_bad_file_lists_every_problem() -> None:
    """Every bad row gets its own line on stderr."""
    result = run("evaluate", HERE / "bad_observations" / "bad_rows.yaml")
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 7
    assert all("bad_rows.yaml" in line for line in lines)


def test_validate_plan_and_observations() -> None:
    """validate accepts a plan file and an observation file."""
    plan = run("validate", PLAN)
    assert plan.returncode == 0, plan.stderr
    assert "17 targets" in plan.stdout
    observations = run("validate", DATA / "observations.csv")
    assert observations.returncode == 0
    assert "3 valid observations" in observations.stdout


def test_extract_prints_the_plan_targets() -> None:
    """extract FILE prints the target phrases of a text as a plan skeleton in the plan schema,
    one goal per section of the text."""
    import yaml

    source = HERE.parent / "src" / "zgc_plan" / "data" / "source.txt"
    result = run("extract", source)
    assert result.returncode == 0, result.stderr
    goals = {goal["source"]["section"]: goal for goal in yaml.safe_load(result.stdout)["goals"]}
    in_goals = goals["一(三)"]["targets"]
    assert len(in_goals) == 17
    assert in_goals[9]["quote_zh"] == "劳动生产率超过40万元/人"
    assert in_goals[9]["comparator"] == "more_than"
    assert sorted(goals) == ["一(三)", "二(五)14"]


def test_plot_writes_a_png(tmp_path: Path) -> None:
    """evaluate --plot FILE.png draws the progress picture."""
    picture = tmp_path / "progress.png"
    result = run("evaluate", "--plot", picture)
    assert result.returncode == 0, result.stderr
    assert picture.read_bytes().startswith(b"\x89PNG")
    from matplotlib import font_manager

    from zgc_plan._plot import _CJK_FONTS

    installed = {font.name for font in font_manager.fontManager.ttflist}
    if installed & set(_CJK_FONTS):
        # With a Chinese font installed, every label renders: no glyph is missing.
        assert "missing from font" not in result.stderr


def _plot_after(setup: str, picture: Path) -> subprocess.CompletedProcess[str]:
    """Run ``evaluate --plot picture`` in a fresh interpreter, after the statement ``setup``."""
    code = (
        f"import sys; {setup}; from zgc_plan.__main__ import main; "
        f"sys.exit(main(['evaluate', '--plot', {str(picture)!r}]))"
    )
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )


def test_plot_without_a_chinese_font_warns_in_one_line(tmp_path: Path) -> None:
    """Spec (``specs/scorecard.md``): "``zgc-plan evaluate --plot`` prints one warning
    line on standard error naming the font to install (``apt-get install
    fonts-noto-cjk``)"."""
    picture = tmp_path / "p.svg"
    result = _plot_after("import zgc_plan._plot as plot; plot._CJK_FONTS = ()", picture)
    assert result.returncode == 0, result.stderr
    assert "<svg" in picture.read_text(encoding="utf-8")
    warnings = [line for line in result.stderr.splitlines() if "warning" in line.lower()]
    assert len(warnings) == 1, result.stderr
    (line,) = warnings
    assert line.startswith(f"zgc-plan: warning: {picture}: ")
    assert "missing from" in line
    assert "apt-get install fonts-noto-cjk" in line
    assert "Glyph" not in result.stderr  # not matplotlib's one warning per character


def test_plot_without_matplotlib_says_what_to_install(tmp_path: Path) -> None:
    """Without matplotlib, --plot exits 2 and names the extra to install."""
    result = _plot_after("sys.modules['matplotlib'] = None", tmp_path / "p.png")
    assert result.returncode == 2
    assert "pip install 'zgc_plan[plot]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_plot_refuses_other_suffixes(tmp_path: Path) -> None:
    """--plot takes .png or .svg."""
    result = run("evaluate", "--plot", tmp_path / "p.pdf")
    assert result.returncode == 2
    assert ".png or .svg" in result.stderr


TASKS = DATA / "tasks.yaml"


@pytest.mark.parametrize("output", ["table", "json", "csv", "markdown"])
def test_tasks(output: str) -> None:
    """tasks FILE --as-of DATE: the roll-up in every format, with overdue milestones."""
    result = run("tasks", TASKS, "--as-of", "2021-06-30", "--format", output)
    assert result.returncode == 0, result.stderr
    assert "第二批技术转移机构" in result.stdout
    if output == "json":
        data = json.loads(result.stdout)
        assert data["as_of"] == "2021-06-30"
        assert data["overall"]["counts"]["delayed"] == 1
        assert data["overdue"] == [{"task": 7, "what": "第二批技术转移机构", "due": "2020-12-01"}]
    if output == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert len(rows) == 23
        assert rows[7]["status"] == "delayed"


def test_rival_figures_of_two_files_name_both_files(tmp_path: Path) -> None:
    """Two files with different figures of one indicator and year: exit 2, naming both files
    (they were "[1] ... at [0]", positions in the files' figures put together)."""
    first, second, again = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    first.write_text("indicator,year,value,unit\n7,2022,41,万元/人\n", encoding="utf-8")
    second.write_text("indicator,year,value,unit\n7,2022,42,万元/人\n", encoding="utf-8")
    again.write_text("indicator,year,value,unit\n7,2022,410000,元/人\n", encoding="utf-8")
    result = run("evaluate", first, second)
    assert result.returncode == 2
    assert result.stderr == (
        f"{second}: labour-productivity of 2022 is given twice with different values: "
        f"41 万元/人 at {first} and 42 万元/人 here; keep one, or give the other a distinct "
        "scope\n"
    )
    same = run("evaluate", first, again, "--format", "json")  # the same figure: merged
    assert same.returncode == 0, same.stderr
    assert json.loads(same.stdout)["results"][9]["status"] == "met"
    # aggregate kept the first value without a word; assess and report named positions.
    commands: list[list[str | Path]] = [
        ["aggregate", first, second],
        ["assess", first, second, "--year", "2022"],
        ["report", "--observations", first, "--observations", second, "-o", tmp_path / "r.md"],
    ]
    for command in commands:
        refused = run(*command)
        assert refused.returncode == 2, command
        assert f"41 万元/人 at {first} and 42 万元/人 here" in refused.stderr, command


def test_tasks_bom_and_plan() -> None:
    """tasks --format csv --bom starts the CSV with a byte order mark, for Excel; --bom with
    another format is refused, not ignored; --plan names the plan reported on."""
    plain = run("tasks", TASKS, "--as-of", "2021-06-30", "--format", "csv", "--plan", PLAN)
    marked = run("tasks", TASKS, "--as-of", "2021-06-30", "--format", "csv", "--bom")
    assert plain.returncode == marked.returncode == 0, plain.stderr + marked.stderr
    assert marked.stdout == "\ufeff" + plain.stdout
    refused = run("tasks", TASKS, "--as-of", "2021-06-30", "--bom")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        "zgc-plan: --bom goes with CSV output (--format csv), not --format table\n"
    )


def test_tasks_csv_file_and_overrides() -> None:
    """A CSV task file, and --overrides showing who set a status and why."""
    result = run(
        "tasks", DATA / "tasks.csv", "--as-of", "2021-06-30", "--overrides", DATA / "overrides.yaml"
    )
    assert result.returncode == 0, result.stderr
    assert "推进中 in progress (override by 评估员甲; reported: delayed)" in result.stdout


def test_tasks_bad_file() -> None:
    """Bad task files: exit 2, one line per problem with file, path and line, no traceback."""
    bad = HERE / "bad_tasks" / "multiple_problems.yaml"
    result = run("tasks", bad, "--as-of", "2021-06-30")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 4
    assert (
        lines[0]
        == f"{bad}: reports[0].task (line 2): no task 0 in the plan (give its number 1-23 or its id)"
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("date", ["2021-13-01", "yesterday", "1800-01-01"])
def test_tasks_bad_date(date: str) -> None:
    """A bad --as-of is a usage error, exit 2, one line."""
    result = run("tasks", TASKS, "--as-of", date)
    assert result.returncode == 2
    assert "argument --as-of" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("name", ["report.html", "report.md"])
def test_report_and_verify(tmp_path: Path, name: str) -> None:
    """report writes the file; --verify says it matches (exit 0), then not once tampered (exit 1)."""
    output = tmp_path / name
    result = run(
        "report", "--tasks", TASKS, "--overrides", DATA / "overrides.yaml",
        "--as-of", "2021-06-30", "-o", output,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"report written to {output} (as of 2021-06-30, 7 inputs)" in result.stdout
    checked = run("report", "--verify", output)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == f"{output}: matches its inputs byte for byte\n"
    output.write_bytes(output.read_bytes().replace("任务".encode(), "工作".encode(), 1))
    tampered = run("report", "--verify", output)
    assert tampered.returncode == 1
    assert tampered.stderr.splitlines()[-1] == f"{output}: does NOT match its inputs"


def test_report_defaults_and_thresholds(tmp_path: Path) -> None:
    """Without --observations the shipped figures; thresholds go into the manifest."""
    output = tmp_path / "r.html"
    result = run("report", "--as-of", "2021-06-30", "--ahead", "1.5", "-o", output)
    assert result.returncode == 0, result.stderr
    text = output.read_text(encoding="utf-8")
    assert '"ahead": "1.5"' in text
    assert '"path": "zgc_plan:data/observations/published.yaml"' in text
    assert run("report", "--verify", output).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2021-06-30"], "give -o/--output FILE (.html or .md), or --verify REPORT"),
        (["-o", "r.pdf"], "cannot tell the report format from '.pdf'"),
        (["--ahead", "0.5", "-o", "r.html"], "thresholds need 0 < on_schedule <= ahead"),
        (["--tasks", "nowhere.yaml", "-o", "r.html"], "nowhere.yaml: "),
        (["-o", "missing/r.html"], "cannot write the report"),
    ],
)
def test_report_bad_input(tmp_path: Path, args: list[str], message: str) -> None:
    """Bad options and inputs: exit 2 with a one-line message, no traceback, no file."""
    result = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", "report", *args],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=120, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_verify_not_a_report(tmp_path: Path) -> None:
    """--verify of a file without a manifest: exit 2."""
    page = tmp_path / "page.html"
    page.write_text("<p>hello</p>", encoding="utf-8")
    result = run("report", "--verify", page)
    assert result.returncode == 2
    assert result.stderr == f"{page}: <document>: not a zgc-plan report: no manifest found\n"


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("tasks.yaml", "5 valid task reports on 4 tasks"),
        ("overrides.yaml", "2 valid overrides"),
    ],
)
def test_validate_task_and_override_files(name: str, said: str) -> None:
    """validate recognises task progress and overrides files by their top-level key."""
    result = run("validate", DATA / name)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{DATA / name}: {said}\n"
    bad = run("validate", HERE / "bad_tasks" / "duplicate_report.yaml")
    assert bad.returncode == 2
    assert "a second report on task 1 as of 2021-06-30" in bad.stderr


def _help_text(*command: str) -> str:
    return " ".join(run(*command, "--help").stdout.split())


def test_evaluate_help_tells_the_truth_about_baselines_and_scores() -> None:
    """Spec: "CLI help that tells the truth about baselines and scoring defaults, checked by a
    test that compares the help text with the behaviour"."""
    text = _help_text("evaluate")
    assert "measured from the plan's baseline year (the year before the plan period" in text
    assert "With FILE there is no baseline unless --baseline or --baseline-year" in text
    assert "Scores use progress from the baseline when there is one, else attainment" in text
    shipped = json.loads(run("evaluate", "--format", "json").stdout)
    assert shipped["normalisation"] == "progress"
    assert {r["baseline_year"] for r in shipped["results"]} - {None} == {2017}
    files = json.loads(run("evaluate", DATA / "observations.yaml", "--format", "json").stdout)
    assert files["normalisation"] == "attainment"
    assert {r["baseline_year"] for r in files["results"]} == {None}
    based = run(
        "evaluate", DATA / "observations.yaml", "--baseline-year", "2017", "--format", "json"
    )
    assert json.loads(based.stdout)["normalisation"] == "progress"


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--tolerance", "5"], "outside (0, 1)"),
        (["--tolerance", "x"], "not a number"),
        (["--min-status", "good"], "invalid choice"),
        (["--normalisation", "banana"], "invalid choice"),
    ],
)
def test_evaluate_options_are_checked(option: list[str], message: str) -> None:
    result = run("evaluate", *option)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_min_status_on_the_command_line() -> None:
    result = run("evaluate", "--min-status", "provisional", "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["min_status"] == "provisional"
    (firms,) = [r for r in data["results"] if r["target"] == "target-global-list-firms"]
    assert (firms["status"], firms["quality"]) == ("not_judged", "uncertain")


def test_strict_ranges_on_the_command_line(tmp_path: Path) -> None:
    figures = tmp_path / "clusters.yaml"
    figures.write_text(
        "observations:\n  - indicator: 12\n    year: 2022\n    value: 4\n", encoding="utf-8"
    )
    default = json.loads(run("evaluate", figures, "--format", "json").stdout)
    strict = json.loads(run("evaluate", figures, "--strict-ranges", "--format", "json").stdout)
    pick = next(r for r in default["results"] if r["target"] == "target-pillar-clusters")
    assert (pick["status"], pick["exceeded"]) == ("met", True)
    pick = next(r for r in strict["results"] if r["target"] == "target-pillar-clusters")
    assert pick["status"] == "not_met"


def test_duplicate_rows_exit_2_with_both_lines() -> None:
    result = run("evaluate", DATA / "verdicts" / "duplicates.yaml")
    assert result.returncode == 2
    assert "duplicates.yaml: observations[1] (line 5)" in result.stderr
    assert "observations[0] (line 2)" in result.stderr
