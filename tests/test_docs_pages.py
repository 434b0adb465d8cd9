"""The command output the documentation pages show is what the command prints.

The pages' Python examples are doctests (``nox -s docs``); a ``console`` block
cannot be, so the landing page's ``zgc-plan evaluate`` output is checked here:
every line shown (rows left out are marked "…") is a line of the real output,
in the same order.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).parents[1] / "docs"


def shown_output(page: Path, command: str) -> list[str]:
    """The lines a ``console`` block of ``page`` shows after ``$ command``."""
    text = page.read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"```console\n(.*?)```", text, re.DOTALL)
    for block in blocks:
        lines = block.splitlines()
        if lines and lines[0] == f"$ {command}":
            return lines[1:]
    raise AssertionError(f"{page.name} shows no output of {command!r}")


def test_landing_page_shows_the_output_of_evaluate() -> None:
    """CHANGELOG.md: the landing page shows "the `zgc-plan evaluate` command with its output
    (a test checks the lines shown)"."""
    shown = shown_output(DOCS / "index.md", "zgc-plan evaluate")
    result = subprocess.run(
        [sys.executable, "-m", "zgc_plan", "evaluate"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )  # fmt: skip
    printed = [line.rstrip() for line in result.stdout.splitlines()]
    position = 0
    for line in shown:
        if line == "…":
            continue
        assert line in printed[position:], (line, printed)
        position = printed.index(line, position) + 1
    assert len([line for line in shown if line != "…"]) >= 8
