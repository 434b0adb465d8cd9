"""specs/tasks.schema.json describes the task progress files that ``load_task_reports`` reads.

Spec (``specs/tasks.md``): "The YAML form is described by tasks.schema.json."
Good files validate; files with a fault of form fail the schema and the
loader alike.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import zgc_plan
from zgc_plan._yaml import read_yaml

HERE = Path(__file__).parent
SCHEMA = HERE.parent / "specs" / "tasks.schema.json"
EXAMPLE = files("zgc_plan") / "data" / "examples" / "task-progress.example.yaml"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _data(path: Path) -> object:
    # The library's reader keeps dates as text, as the schema describes them.
    return read_yaml(path.read_bytes(), str(path)).data


@pytest.mark.parametrize("path", [HERE / "data" / "tasks.yaml", Path(str(EXAMPLE))])
def test_good_files_validate(validator: Draft202012Validator, path: Path) -> None:
    """The example and the test file validate, and load."""
    assert list(validator.iter_errors(_data(path))) == []
    assert zgc_plan.load_task_reports(path)


@pytest.mark.parametrize(
    "name",
    [
        "unknown_key.yaml",
        "bad_status.yaml",
        "date_not_iso.yaml",
        "missing_status.yaml",
        "missing_task.yaml",
        "milestone_without_due.yaml",
        "milestone_bad_done.yaml",
        "evidence_without_source.yaml",
        "evidence_bad_url.yaml",
        "partners_not_list.yaml",
        "no_reports_key.yaml",
        "reports_not_list.yaml",
        "bad_date.yaml",
    ],
)
def test_faults_of_form_fail_both(validator: Draft202012Validator, name: str) -> None:
    """A fault the schema can see is refused by the schema and by the loader."""
    path = HERE / "bad_tasks" / name
    assert list(validator.iter_errors(_data(path)))
    with pytest.raises(zgc_plan.PlanDataError):
        zgc_plan.load_task_reports(path)
