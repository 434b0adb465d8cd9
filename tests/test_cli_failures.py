"""Every failure of the command line exits 2 with one line per problem, and no traceback.

Spec (``zgc_plan.__main__``): "Exit codes: 0 on success, 2 on bad input (one
line per problem on stderr, no traceback)" — output failures included: a
missing folder, a directory, an unwritable file, a full disk, a closed standard
output; and options are checked before any output is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SOURCE = HERE.parent / "src" / "zgc_plan" / "data" / "source.txt"


def run(
    *args: str | Path, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "zgc_plan", *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def _one_clean_line(result: subprocess.CompletedProcess[str], message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/progress.png", "the folder"),
        ("", "it is a directory"),
        ("out.txt", "must end in .png or .svg"),
    ],
)
def test_bad_plot_file_is_refused_before_any_output(
    tmp_path: Path, name: str, message: str
) -> None:
    target = tmp_path / name if name else tmp_path / "folder.png"
    if not name:
        target.mkdir()
    result = run("evaluate", "--plot", target)
    _one_clean_line(result, message)
    assert result.stdout == ""


@pytest.mark.parametrize("command", [["evaluate"], ["show"], ["extract", SOURCE]])
def test_full_disk(command: list[str | Path]) -> None:
    with open("/dev/full", "w") as full:
        result = run(*command, stdout=full.fileno())
    _one_clean_line(result, "No space left on device")


@pytest.mark.parametrize("command", [["evaluate"], ["show"], ["validate", SOURCE]])
def test_closed_stdout(command: list[str | Path]) -> None:
    _one_clean_line(_run_with_stdout_closed(command), "standard output is closed")


def _run_with_stdout_closed(
    command: list[str | Path], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``zgc-plan`` with its standard output closed before it starts."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "zgc_plan", *map(str, command)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
        preexec_fn=lambda: os.close(1),
    )


def test_fifo_is_refused(tmp_path: Path) -> None:
    """“refuse anything that is not a regular file before opening it (FIFO ...)”."""
    pipe = tmp_path / "plan.yaml"
    os.mkfifo(pipe)
    result = run("validate", pipe)
    _one_clean_line(result, "a FIFO (named pipe), not a regular file")


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/null"])
def test_device_is_refused(path: str) -> None:
    _one_clean_line(run("show", "--plan", path), "a character device, not a regular file")


def test_control_characters_in_a_file_name_are_escaped(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b[2Jb.yaml"
    result = run("validate", name)
    assert result.returncode == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[2J" in result.stderr


def test_extract_exits_2_when_it_dropped_a_phrase(tmp_path: Path) -> None:
    """“extract exits non-zero when it dropped a phrase (--keep-going to print what it could)”."""
    text = tmp_path / "policy.txt"
    text.write_text("到2022年,企业超过40家,企业超过1,000家。\n", encoding="utf-8")
    result = run("extract", text)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "(line 1, column 20): cannot read a target: '1,000' is ambiguous" in result.stderr
    kept = run("extract", "--keep-going", text)
    assert kept.returncode == 2
    assert "value: 40" in kept.stdout
    assert kept.stderr.count("\n") == 1


def test_extract_refuses_control_characters(tmp_path: Path) -> None:
    text = tmp_path / "policy.txt"
    text.write_text("企业超过40家\u202e。\n", encoding="utf-8")
    _one_clean_line(run("extract", text), "U+202E")


def test_tolerance_is_read_by_the_number_reader() -> None:
    """A decimal comma in --tolerance is refused with how to write it, as in a file."""
    result = run("evaluate", "--tolerance", "0,05")
    assert result.returncode == 2
    assert "'0,05' has a decimal comma: write the decimal point, 0.05" in result.stderr
    assert result.stdout == ""


TASKS = HERE / "data" / "tasks.yaml"
TASKS_COMMAND: list[str | Path] = ["tasks", TASKS, "--as-of", "2021-06-30"]


@pytest.mark.parametrize(
    "command",
    [TASKS_COMMAND, ["report", "--verify", "REPORT"], ["report", "-o", "OUT"]],
)
def test_full_disk_of_tasks_and_report(tmp_path: Path, command: list[str | Path]) -> None:
    """“including every output failure (... full disk ...)”: ``tasks`` and ``report`` too."""
    report = tmp_path / "report.md"
    assert run("report", "--tasks", TASKS, "--as-of", "2021-06-30", "-o", report).returncode == 0
    swapped = [
        report if part == "REPORT" else tmp_path / "new.md" if part == "OUT" else part
        for part in command
    ]
    with open("/dev/full", "w") as full:
        result = run(*swapped, stdout=full.fileno())
    _one_clean_line(result, "cannot write to standard output: No space left on device")


@pytest.mark.parametrize("command", [TASKS_COMMAND, ["report", "-o", "r.html"]])
def test_closed_stdout_of_tasks_and_report(tmp_path: Path, command: list[str | Path]) -> None:
    """“including every output failure (... closed stdout)”: nothing is written, exit 2."""
    result = _run_with_stdout_closed(command, cwd=tmp_path)
    _one_clean_line(result, "standard output is closed")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing/report.html", "the folder"),
        ("folder.html", "it is a directory"),
        ("report.txt", "name the file .html or .md"),
    ],
)
def test_bad_report_file_is_refused_before_any_output(
    tmp_path: Path, name: str, message: str
) -> None:
    """“options checked before any output is written”: a report file that cannot be written."""
    (tmp_path / "folder.html").mkdir()
    result = run("report", "-o", tmp_path / name)
    _one_clean_line(result, message)
    assert result.stdout == ""


def test_unwritable_report_file_is_refused() -> None:
    """“unwritable ... → exit 2, one line”: a folder no one may write in (even root)."""
    folder = Path("/proc/1")
    assert not os.access(folder, os.W_OK)
    result = run("report", "-o", folder / "report.html")
    _one_clean_line(result, "cannot write the report to /proc/1/report.html: no permission")
    assert result.stdout == ""


def test_tasks_options_are_checked_before_any_output() -> None:
    """“options checked before any output”: a bad option of ``tasks`` writes nothing."""
    result = run(*TASKS_COMMAND, "--stale-months", "0")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
