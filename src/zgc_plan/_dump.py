"""Writing a plan back to YAML in the plan schema."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import yaml

from zgc_plan._arguments import instance
from zgc_plan._converter import unstructure_plan
from zgc_plan._files import writing
from zgc_plan._model import Plan
from zgc_plan._numbers import read_number

__all__ = ["PlanDumper", "dump_plan", "plan_to_data"]


class PlanDumper(yaml.SafeDumper):
    """A dumper of its own, so that no global PyYAML state is changed."""

    def ignore_aliases(self, data: object) -> bool:
        # The loader refuses aliases: a value met twice (a shared Decimal) is written twice.
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    # Written as typed, so that 0.065 stays 0.065 and never passes through a float.
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # The loader reads a plain scalar such as ４０ or 1,000,000 as a number
    # (``_numbers``); text that would read so is written quoted.
    if value[:1].isdigit() or value[:1] in "+-−－":
        try:
            read_number(value)
        except ValueError:
            pass
        else:
            return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'")
    return dumper.represent_str(value)


PlanDumper.add_representer(Decimal, _represent_decimal)
PlanDumper.add_representer(str, _represent_str)


def plan_to_data(plan: Plan) -> dict[str, object]:
    """Return the plan as plain data in the plan schema (dates as ISO strings)."""
    return unstructure_plan(plan)


def dump_plan(plan: Plan, path: str | os.PathLike[str] | None = None) -> str:
    """Write a plan as YAML in the plan schema; it loads back to an equal plan.

    Args:
        plan: The plan to write.
        path: If given, the file to write (UTF-8) as well.

    Returns:
        The YAML text.

    Raises:
        PlanDataError: if ``path`` cannot be written.

    Example:
        >>> import zgc_plan
        >>> text = zgc_plan.dump_plan(zgc_plan.load_plan())
        >>> text.splitlines()[0]
        'schema_version: 1'
    """
    plan = instance(plan, Plan, "plan")
    text = yaml.dump(
        plan_to_data(plan), Dumper=PlanDumper, allow_unicode=True, sort_keys=False, width=1_000_000
    )
    if path is not None:
        with writing(path, "write the plan"):
            Path(path).write_text(text, encoding="utf-8")
    return text
