"""The assessment report as a browser renders it, in headless Chromium (Debian's ``chromium``).

Not part of the default test run, which needs no browser: ``nox -s browser``
runs it (and ``.ci/run`` runs that session), with Chromium installed.

Spec (``specs/report.md``): "Each count is a table row with
data-key="verdict.met" ..., which tests read from the rendered page"; "The
HTML loads nothing".  Set ``ZGC_REPORT_SCREENSHOT=docs/_static/report-screenshot.png``
to refresh the documentation's screenshot.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest

import zgc_plan
from zgc_plan._html_report import summary_counts

DATA = Path(__file__).parents[1] / "data"
EXAMPLE = files("zgc_plan") / "data" / "examples" / "task-progress.example.yaml"
AS_OF = dt.date(2021, 6, 30)
#: Headless, without a profile of its own, a sandbox (the CI runs as root),
#: the GPU or any network access: the page must render from itself alone.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-extensions", "--disable-background-networking", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars",
)  # fmt: skip


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("no chromium on PATH: apt-get install chromium (the browser session needs it)")


def _run(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (a browser found on PATH, our own file)
        [_chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, encoding="utf-8", check=False, timeout=180,
    )  # fmt: skip


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, zgc_plan.Assessment]:
    folder = tmp_path_factory.mktemp("report")
    tasks = folder / "tasks.yaml"
    shutil.copy(str(EXAMPLE), tasks)
    output = folder / "report.html"
    overrides = DATA / "overrides.yaml"
    zgc_plan.write_report(output, tasks=tasks, overrides=overrides, as_of=AS_OF)
    assessment = zgc_plan.assess(
        zgc_plan.load_observations(), zgc_plan.load_task_reports(tasks), AS_OF,
        overrides=zgc_plan.load_overrides(overrides), published=zgc_plan.load_published_milestones(),
    )  # fmt: skip
    return output, assessment


class _Summary(HTMLParser):
    """The text of each row with a data-key, and all text, of a rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self.text: list[str] = []
        self._key: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self._key = dict(attrs).get("data-key")
            if self._key:
                self.rows[self._key] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._key = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._key:
            self.rows[self._key] += data + " "  # cells apart


def test_rendered_summary_counts(report: tuple[Path, zgc_plan.Assessment], tmp_path: Path) -> None:
    """The page Chromium renders shows every summary count the assessment has."""
    output, assessment = report
    result = _run("--dump-dom", output.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    page = _Summary()
    page.feed(result.stdout)
    expected = summary_counts(assessment)
    assert len(page.rows) == len(expected)
    for key, zh, _en, count in expected:
        cells = page.rows[key].split()
        assert cells[0] == zh, (key, page.rows[key])
        assert cells[-1] == str(count), (key, page.rows[key])
    assert page.rows["task.in_progress"].split()[-1] == str(
        assessment.progress.overall.count("in_progress")
    )
    text = " ".join(page.text)
    assert "概要" in text
    assert "Summary" in text
    assert "评估日期" in text
    assert "2021-06-30" in text


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot(report: tuple[Path, zgc_plan.Assessment], tmp_path: Path) -> None:
    """Chromium draws the page; the picture is of the asked size and not blank."""
    output, _ = report
    picture = Path(os.environ.get("ZGC_REPORT_SCREENSHOT") or tmp_path / "report.png")
    picture.parent.mkdir(parents=True, exist_ok=True)
    result = _run(
        # Draw only once everything is laid out, fonts included.
        "--run-all-compositor-stages-before-draw", "--virtual-time-budget=5000",
        "--window-size=1200,1500", f"--screenshot={picture.resolve()}", output.as_uri(),
        profile=tmp_path / "profile",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert _png_size(picture) == (1200, 1500)
    # A blank page compresses to a few kilobytes; text, tables and charts do not.
    assert picture.stat().st_size > 50_000
