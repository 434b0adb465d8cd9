"""Writing a plan back to YAML.

Spec: "dump_plan(plan) writes YAML that loads back to an equal plan."
"""

from __future__ import annotations

from pathlib import Path

import zgc_plan
from zgc_plan._load import parse_plan


def test_load_dump_load_is_equal(tmp_path: Path) -> None:
    """load → dump → load gives an equal plan, through text and through a file."""
    plan = zgc_plan.load_plan()
    text = zgc_plan.dump_plan(plan)
    assert parse_plan(text) == plan
    path = tmp_path / "plan.yaml"
    assert zgc_plan.dump_plan(plan, path) == text
    assert zgc_plan.load_plan(path) == plan


def test_dump_keeps_numbers_exact() -> None:
    """0.065 is written as 0.065, and dates as quoted ISO strings, never retyped."""
    text = zgc_plan.dump_plan(zgc_plan.load_plan())
    assert "value: 0.065\n" in text
    assert "issued: '2018-12-27'\n" in text
    assert "tolerance: 0.05\n" in text


def test_a_changed_plan_round_trips(tmp_path: Path) -> None:
    """Another plan in the same schema (here the shipped one, edited) loads and dumps alike."""
    text = zgc_plan.dump_plan(zgc_plan.load_plan()).replace("value: 40\n", "value: 45\n", 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    edited = zgc_plan.load_plan(path)
    assert edited.target("target-labour-productivity").value_text == "> 45 万元/人"
    assert zgc_plan.dump_plan(edited) == text
