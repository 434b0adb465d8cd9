"""The pre-read snapshot of the shipped plan.

Spec (``_snapshot``): "``data/plan.snapshot.json`` holds exactly the data that
the YAML reader reads from ``data/plan.yaml`` ... The loader uses the snapshot
only while that hash matches, so an edited ``plan.yaml`` is never shadowed by a
stale snapshot."
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zgc_plan
from zgc_plan._load import parse_plan, read_plan_folder
from zgc_plan._snapshot import FORMAT, dumps, loads, write
from zgc_plan._yaml import read_yaml

DATA = files("zgc_plan").joinpath("data")
SOURCE = "zgc_plan/data/plan.yaml"


def _exactly(value: object) -> object:
    """``value`` with each Decimal spelled out, so that 5 and 5.0 differ."""
    if isinstance(value, Decimal):
        return ("Decimal", str(value))
    if isinstance(value, list):
        return [_exactly(item) for item in value]
    if isinstance(value, dict):
        return {key: _exactly(item) for key, item in value.items()}
    return (type(value).__name__, value)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("plan.yaml", "plan.snapshot.json", "areas.yaml", "areas.snapshot.json"):
        (tmp_path / name).write_bytes(DATA.joinpath(name).read_bytes())
    return tmp_path


def test_shipped_snapshot_is_current() -> None:
    """The shipped snapshot holds exactly what the YAML reader reads from plan.yaml.

    When this fails, ``plan.yaml`` was edited: run ``nox -s snapshot``.
    """
    yaml_bytes = DATA.joinpath("plan.yaml").read_bytes()
    data = loads(DATA.joinpath("plan.snapshot.json").read_bytes(), yaml_bytes)
    assert data is not None, "the snapshot is stale: run `nox -s snapshot`"
    assert _exactly(data) == _exactly(read_yaml(yaml_bytes).data)


def test_shipped_plan_equals_the_plan_read_from_yaml() -> None:
    """``load_plan()`` gives the plan that reading ``plan.yaml`` gives."""
    from_yaml = parse_plan(DATA.joinpath("plan.yaml").read_bytes(), source=SOURCE, folder=DATA)
    assert zgc_plan.load_plan() == from_yaml


def test_the_shipped_plan_is_loaded_without_pyyaml() -> None:
    """Loading and evaluating the shipped plan does not import PyYAML.

    pint imports Dask when it is installed (for Dask arrays of quantities), and
    Dask imports PyYAML: only an import that zgc_plan makes itself counts.
    """
    code = (
        "import sys, pint; before = 'yaml' in sys.modules; import zgc_plan; "
        "zgc_plan.evaluate({7: '41万元/人'}); sys.exit(not before and 'yaml' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)  # noqa: S603 (our own interpreter)
    assert result.returncode == 0


def test_a_stale_snapshot_is_passed_over(folder: Path) -> None:
    """After an edit to plan.yaml, the loader reads the YAML, not the old snapshot."""
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    edited = text.replace("value: 40\n", "value: 45\n", 1)
    assert edited != text
    (folder / "plan.yaml").write_text(edited, encoding="utf-8")
    plan = read_plan_folder(folder, "plan.yaml")
    assert plan == parse_plan(edited, folder=folder)
    assert plan != zgc_plan.load_plan()


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe",
        b"[1, 2]",
        b'{"format": 999, "yaml_sha256": "", "data": {}}',
        b'{"format": 1, "yaml_sha256": "0000", "data": {}}',
    ],
    ids=["empty", "not-utf8", "not-an-object", "other-format", "other-yaml"],
)
def test_a_malformed_snapshot_is_passed_over(folder: Path, content: bytes) -> None:
    """A snapshot that cannot be of this plan.yaml is not used."""
    (folder / "plan.snapshot.json").write_bytes(content)
    assert loads(content, (folder / "plan.yaml").read_bytes()) is None
    assert read_plan_folder(folder, "plan.yaml") == zgc_plan.load_plan()


def test_a_missing_snapshot_is_passed_over(folder: Path) -> None:
    (folder / "plan.snapshot.json").unlink()
    assert read_plan_folder(folder, "plan.yaml") == zgc_plan.load_plan()


def test_a_snapshot_that_does_not_structure_is_passed_over(folder: Path) -> None:
    """Problems in the plan are reported from the YAML, with their lines."""
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    broken = text.replace("schema_version: 1\n", "schema_version: 1\nunknown_key: 1\n", 1)
    (folder / "plan.yaml").write_text(broken, encoding="utf-8")
    # A snapshot made from the broken YAML is current, yet cannot be structured.
    write(folder)
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        read_plan_folder(folder, "plan.yaml")
    [problem] = caught.value.problems
    assert "unknown_key" in problem.path
    assert problem.line is not None


def test_write_makes_a_current_snapshot(folder: Path) -> None:
    (folder / "plan.snapshot.json").unlink()
    written = write(folder)
    assert written == folder / "plan.snapshot.json"
    assert written.read_bytes() == DATA.joinpath("plan.snapshot.json").read_bytes()


def test_snapshot_copied_elsewhere_still_loads(tmp_path: Path) -> None:
    """The snapshot does not depend on where the data folder is."""
    shutil.copytree(Path(str(DATA)), tmp_path / "data")
    assert read_plan_folder(tmp_path / "data", "plan.yaml") == zgc_plan.load_plan()


_plain = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text()
    | st.decimals(allow_nan=False, allow_infinity=False),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@given(_plain)
def test_plain_data_survives_the_round_trip(data: object) -> None:
    """Integers stay int, other numbers stay Decimal with their exponent, text stays text."""
    yaml_bytes = b"plan"
    snapshot = dumps(data, yaml_bytes).encode("utf-8")
    assert _exactly(loads(snapshot, yaml_bytes)) == _exactly(data)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        ({1: "a"}, TypeError, "keys are strings"),
        ([1.5], TypeError, "not float"),
        ({"a": Decimal("NaN")}, ValueError, "finite numbers only"),
        ((1, 2), TypeError, "not tuple"),
    ],
)
def test_dumps_refuses_what_it_cannot_keep(
    data: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        dumps(data, b"")


def test_format_is_recorded() -> None:
    assert dumps({}, b"").startswith(f'{{"format":{FORMAT},')


def test_shipped_areas_snapshot_is_current() -> None:
    """The areas file has its own snapshot, made and checked the same way as the plan's.

    When this fails, ``areas.yaml`` was edited: run ``nox -s snapshot``.
    """
    yaml_bytes = DATA.joinpath("areas.yaml").read_bytes()
    data = loads(DATA.joinpath("areas.snapshot.json").read_bytes(), yaml_bytes)
    assert data is not None, "the areas snapshot is stale: run `nox -s snapshot`"
    assert _exactly(data) == _exactly(read_yaml(yaml_bytes).data)


def test_a_stale_areas_snapshot_is_passed_over(folder: Path) -> None:
    """An edited areas.yaml is read, not its old snapshot."""
    text = (folder / "areas.yaml").read_text(encoding="utf-8")
    edited = text.replace('name_en: "Haidian Park"', 'name_en: "Haidian"', 1)
    assert edited != text
    (folder / "areas.yaml").write_text(edited, encoding="utf-8")
    plan = read_plan_folder(folder, "plan.yaml")
    assert plan.area("haidian").name_en == "Haidian"
