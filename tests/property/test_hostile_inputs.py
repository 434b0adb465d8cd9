"""Hostile and careless input: readers raise only PlanError, outputs carry nothing from it.

Spec (specs/semantics.md, "Text", "Output"): every reader either succeeds or
raises a PlanError; "the table, CSV, Markdown and JSON never contain a control
character, a formula prefix or raw HTML that came from input"; "parse_unit gives
the same answer in a fresh process and after any sequence of other calls".
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._characters import UNSAFE
from zgc_plan._extract import extract_plan
from zgc_plan._numbers import read_number
from zgc_plan._observation_files import parse_observations
from zgc_plan._phrases import read_targets

FAST = settings(max_examples=150, deadline=None)
PLAN = zgc_plan.load_plan()
#: Characters that make trouble: controls, bidi, separators, digits of several widths.
_TOKENS = [
    *"0123456789０１２３４５６７８９,.，、+-−eE%‰万亿元人/*^()=@|<>&\\\t\r\n\x1b\x07\x00",
    *("\u202e", "\u2066", "\u2215", "\u00a0", "达到", "超过", "分别", "增长", "降低", "以上"),
]
NASTY = st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=60), NASTY)


@FAST
@given(ANY_TEXT)
def test_number_reader_raises_only_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        read_number(text)


@FAST
@given(ANY_TEXT)
def test_quantity_and_unit_readers_raise_only_plan_errors(text: str) -> None:
    for reader in (zgc_plan.parse_quantity, zgc_plan.parse_unit):
        with contextlib.suppress(zgc_plan.PlanError):
            reader(text)


@FAST
@given(ANY_TEXT)
def test_phrase_readers_raise_only_plan_errors(text: str) -> None:
    with contextlib.suppress(zgc_plan.PlanError):
        zgc_plan.parse_target(text)
    read_targets(text)
    with contextlib.suppress(zgc_plan.PlanError):
        extract_plan(text)


@FAST
@given(st.binary(max_size=200) | ANY_TEXT.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_observation_readers_raise_only_plan_errors(data: bytes) -> None:
    for csv_format in (True, False):
        with contextlib.suppress(zgc_plan.PlanError):
            parse_observations(b"indicator,year,value,unit\n" + data, PLAN, csv_format=csv_format)


@FAST
@given(NASTY, NASTY)
def test_csv_cells_from_arbitrary_cells(value: str, unit: str) -> None:
    row = f'7,2022,"{value.replace(chr(34), "")}","{unit.replace(chr(34), "")}"\n'
    with contextlib.suppress(zgc_plan.PlanError):
        parse_observations("indicator,year,value,unit\n" + row, PLAN, csv_format=True)


def _outputs(text: str) -> dict[str, str]:
    observation = zgc_plan.Observation(
        "labour-productivity", 2022, Fraction(41), zgc_plan.parse_unit("万元/人"),
        source=text, note=text,
    )  # fmt: skip
    evaluation = zgc_plan.evaluate([observation])
    return {
        "table": evaluation.to_table(),
        "csv": evaluation.to_csv(),
        "markdown": evaluation.to_markdown(),
        "json": evaluation.to_json(),
    }


@FAST
@given(ANY_TEXT)
def test_outputs_carry_no_control_formula_or_html(text: str) -> None:
    outputs = _outputs(text)
    for name, output in outputs.items():
        assert not UNSAFE.search(output), name
    assert "\t" not in outputs["table"] + outputs["markdown"]
    assert "<" not in outputs["markdown"]
    for row in csv.reader(io.StringIO(outputs["csv"])):
        for cell in row:
            assert "\n" not in cell
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                read_number(cell)  # only a number may start so
    loaded = json.loads(outputs["json"], parse_constant=lambda constant: 1 / 0)
    assert loaded["results"][9]["source"] == text


_PROBE = (
    "import sys, json, zgc_plan\n"
    "answers = []\n"
    "for text in json.loads(sys.argv[1]):\n"
    "    try:\n"
    "        answers.append(str(zgc_plan.parse_unit(text)))\n"
    "    except zgc_plan.PlanError:\n"
    "        answers.append(None)\n"
    "print(json.dumps(answers))\n"
)
_UNIT_TOKENS = [*"万亿元人家件/*kmM%", "平方公里", "kilo", "meter"]
UNIT_WORDS = st.lists(
    st.lists(st.sampled_from(_UNIT_TOKENS), min_size=1, max_size=6).map("".join),
    min_size=1,
    max_size=12,
)


@settings(max_examples=5, deadline=None)
@given(UNIT_WORDS, UNIT_WORDS)
def test_parse_unit_is_the_same_in_a_fresh_process(before: list[str], texts: list[str]) -> None:
    """The answers do not depend on what the process parsed before."""
    for text in before:
        with contextlib.suppress(zgc_plan.PlanError):
            zgc_plan.parse_unit(text)
    here: list[str | None] = []
    for text in texts:
        try:
            here.append(str(zgc_plan.parse_unit(text)))
        except zgc_plan.PlanError:
            here.append(None)
    fresh = subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-c", _PROBE, json.dumps(texts)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(fresh.stdout) == here
