"""Frictionless Data Packages: valid by frictionless, units on the fields, read back the same.

Spec (specs/exchange.md): "each series (one key in one unit) is a CSV
resource in the observation CSV format, whose value field carries the pint
unit, the power of ten of its 万/亿 prefix and the unit as the plan writes
it; an evaluation adds a results resource."
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from frictionless import validate

import zgc_plan


def test_valid_and_read_back(tmp_path: Path) -> None:
    """Spec: "validated by frictionless; read back" (the published figures)."""
    observations = zgc_plan.load_observations()
    descriptor = zgc_plan.write_datapackage(observations, tmp_path / "package")
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    back = zgc_plan.read_datapackage(tmp_path / "package")

    def order(o: zgc_plan.Observation) -> tuple[object, ...]:
        return (o.key, o.period.year, o.period.first, o.area, o.note)

    assert sorted(back, key=order) == sorted(observations, key=order)


def test_units_on_the_fields(tmp_path: Path) -> None:
    """Spec: "fields carry the unit (pint string), the 万/亿 multiplier and the Chinese unit"."""
    observations = [zgc_plan.Observation.of("labour-productivity", 2022, "41万元/人"),
                    zgc_plan.Observation.of("total-revenue", 2022, "8000亿元")]  # fmt: skip
    descriptor = json.loads(zgc_plan.write_datapackage(observations, tmp_path).read_text("utf-8"))
    fields = {
        resource["name"]: next(f for f in resource["schema"]["fields"] if f["name"] == "value")
        for resource in descriptor["resources"]
    }
    assert {
        k: (f["unit"], f["unitZh"], f["unitMeasure"], f["unitMultiplier"])
        for k, f in fields.items()
    } == {
        "labour-productivity": ("万元 / 人", "万元/人", "元/人", 4),
        "total-revenue": ("亿元", "亿元", "元", 8),
    }
    pint_unit = zgc_plan.parse_unit(fields["labour-productivity"]["unit"])
    assert pint_unit == observations[0].unit


def test_each_resource_is_an_observation_file(tmp_path: Path) -> None:
    """Each CSV resource loads alone with load_observations."""
    observations = [zgc_plan.Observation.of("total-revenue", "2022Q3", "2.1万亿元", area="haidian")]
    zgc_plan.write_datapackage(observations, tmp_path)
    assert zgc_plan.load_observations(tmp_path / "total-revenue.csv") == tuple(observations)


def test_series_in_two_units(tmp_path: Path) -> None:
    """One key given in two units makes two resources, each with its own field unit."""
    observations = [zgc_plan.Observation.of("total-revenue", 2021, "8.7万亿元"),
                    zgc_plan.Observation.of("total-revenue", 2022, "90000亿元")]  # fmt: skip
    descriptor = json.loads(zgc_plan.write_datapackage(observations, tmp_path).read_text("utf-8"))
    assert [(r["name"], r["title"]) for r in descriptor["resources"]] == [
        ("total-revenue", "total-revenue (万亿元)"), ("total-revenue-2", "total-revenue (亿元)"),
    ]  # fmt: skip
    assert validate(str(tmp_path / "datapackage.json")).valid
    assert set(zgc_plan.read_datapackage(tmp_path)) == set(observations)


def test_evaluation_with_bom(tmp_path: Path) -> None:
    """An evaluation adds a results resource; a BOM is declared, and frictionless reads it."""
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)
    descriptor = zgc_plan.write_datapackage(evaluation, tmp_path, bom=True)
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    assert (tmp_path / "results.csv").read_bytes().startswith(b"\xef\xbb\xbfnumber,target")
    names = [r["name"] for r in json.loads(descriptor.read_text("utf-8"))["resources"]]
    assert names[-1] == "results"


@pytest.mark.parametrize(
    ("descriptor", "message"),
    [
        ("{", "not JSON"),
        ('{"resources": 3}', "expected a list of resources"),
        (
            '{"resources": [{"path": "../outside.csv", "schema": {"fields": [{"name": "value"}]}}]}',
            "must name a file inside the package",
        ),
        (
            '{"resources": [{"path": "a.csv", "schema": "table.json"}]}',
            r"resources\[0\]\.schema: expected a Table Schema with a list of fields",
        ),
        (
            '{"resources": [{"path": "a.csv", "schema": {"fields": 3}}]}',
            r"resources\[0\]\.schema: expected a Table Schema with a list of fields",
        ),
        (
            '{"resources": [{"path": "a.csv", "schema": {"fields": [{"name": "value"}]}}]}',
            r"datapackage.json: a.csv: cannot read the file: No such file",
        ),
    ],
)
def test_bad_descriptors(tmp_path: Path, descriptor: str, message: str) -> None:
    """A bad descriptor, a resource outside the package's folder, a schema that is not one
    (an AttributeError and a TypeError before) or a missing file is a PlanDataError."""
    (tmp_path / "datapackage.json").write_text(descriptor, encoding="utf-8")
    with pytest.raises(zgc_plan.PlanDataError, match=message):
        zgc_plan.read_datapackage(tmp_path)


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    """A package written where a file stands is a PlanDataError naming it (it was a
    FileExistsError, and a traceback from zgc-plan evaluate --format datapackage)."""
    path = tmp_path / "results"
    path.write_text("", encoding="utf-8")
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.write_datapackage(zgc_plan.load_observations(), path)
    assert (
        str(caught.value)
        == f"{path}: <document>: cannot write the package: it is a file; give a folder"
    )


def test_unit_disagreeing_with_its_field(tmp_path: Path) -> None:
    """A row whose unit is not the field's declared unit is reported with its row."""
    zgc_plan.write_datapackage(
        [zgc_plan.Observation.of("total-revenue", 2022, "8.7万亿元")], tmp_path
    )
    path = tmp_path / "total-revenue.csv"
    path.write_text(path.read_text("utf-8").replace(",万亿元,", ",亿元,"), encoding="utf-8")
    with pytest.raises(
        zgc_plan.PlanDataError,
        match=r"\[0\]\.unit: 亿元 is not the unit the field declares, 万亿元",
    ):
        zgc_plan.read_datapackage(tmp_path)
