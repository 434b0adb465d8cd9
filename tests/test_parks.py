"""Per-area evaluation, park coverage, allocations and the annual sub-park assessment.

Spec (``specs/areas.md``, ``specs/assessment.md``): "evaluate(..., area=...)
judges one park against the zone's targets or against park targets given in
a file (目标分解) ... 硬科技孵化器覆盖十六园 is judged from per-park counts ...
assess_parks: for each park and indicator, the figure, its rank among the
parks and its distance to target; a composite score per park ...; ties ranked
equally; no composite when more than 20% of the indicators lack data ...;
disparity per indicator (top and bottom quintile ratio)."
"""

from __future__ import annotations

import importlib.util
import json
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import pytest

import zgc_plan
from zgc_plan import Observation, Status
from zgc_plan._assess import competition_ranks
from zgc_plan._report import display_width

HERE = Path(__file__).parent
EXAMPLE = HERE.parent / "examples" / "synthetic_parks.py"
PLAN = zgc_plan.load_plan()
PARKS = [park.id for park in PLAN.parks]


def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synthetic_parks", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Observation, ...]:
    path = tmp_path_factory.mktemp("synthetic") / "synthetic-parks.csv"
    path.write_text(_example().to_csv(), encoding="utf-8")
    return zgc_plan.load_observations(path)


def test_the_synthetic_example_is_fixed_and_labelled() -> None:
    """'a clearly labelled synthetic example (a generator with a fixed seed) of 16 parks × 60 months'."""
    example = _example()
    rows = list(example.rows())
    assert rows == list(example.rows())
    monthly = [r for r in rows if len(r["period"]) == 7]
    assert len(monthly) == 16 * 60 * 10
    assert {r["area"] for r in rows} == set(PARKS)
    assert all(r["source"].startswith("SYNTHETIC") and r["status"] == "estimated" for r in rows)


def test_evaluate_one_park(synthetic: tuple[Observation, ...]) -> None:
    """evaluate(area='海淀园') judges Haidian's own aggregated and derived figures."""
    evaluation = zgc_plan.evaluate(synthetic, year=2022, area="海淀园")
    assert evaluation.area == "haidian"
    result = evaluation.result("labour-productivity")
    assert result.observation is not None
    assert result.observation.area == "haidian"
    assert result.status in (Status.MET, Status.NOT_MET)
    assert all(r["area"] == "haidian" for r in evaluation.to_dict()["results"])  # type: ignore[attr-defined]


def test_a_park_and_the_zone_differ(synthetic: tuple[Observation, ...]) -> None:
    """The zone's figure is the ratio of the parks' sums, not Haidian's."""
    zone = zgc_plan.evaluate(synthetic, year=2022).result("labour-productivity")
    park = zgc_plan.evaluate(synthetic, year=2022, area="haidian").result("labour-productivity")
    assert zone.observed_value != park.observed_value
    assert zone.observation is not None
    assert zone.observation.area == "zone"


def test_an_unknown_area_is_a_plan_data_error() -> None:
    """An area the plan lacks is refused, naming the areas it has."""
    with pytest.raises(
        zgc_plan.PlanDataError, match="no area '火星园' in the plan; its areas: zone"
    ):
        zgc_plan.evaluate({7: "41万元/人"}, area="火星园")


def _incubators(counts: dict[str, int], year: int = 2022) -> list[Observation]:
    return [
        Observation.of("hard-tech-incubators", year, f"{n}家", area=p) for p, n in counts.items()
    ]


def test_coverage_of_sixteen_parks_from_park_counts() -> None:
    """'硬科技孵化器覆盖十六园 is judged from per-park counts: "15 of 16 parks covered; missing: 延庆园"'."""
    counts = dict.fromkeys(PARKS, 2) | {"yanqing": 0}
    result = zgc_plan.evaluate(_incubators(counts), year=2022).result("target-hard-tech-incubators")
    assert result.status is Status.NOT_MET
    assert result.observed_value == 15
    assert result.observation is not None
    assert result.observation.note == "15 of 16 parks covered; missing: 延庆园"
    every = zgc_plan.evaluate(_incubators(dict.fromkeys(PARKS, 1)), year=2022)
    assert every.result("target-hard-tech-incubators").status is Status.MET


def test_coverage_with_parks_unknown_is_not_a_verdict() -> None:
    """Parks without a count may yet be covered: 15 known is no verdict on the sixteen."""
    counts = dict.fromkeys(PARKS[:-1], 1)
    result = zgc_plan.evaluate(_incubators(counts), year=2022).result("target-hard-tech-incubators")
    assert result.observation is None
    coverage = zgc_plan.park_coverage(
        _incubators(counts), PLAN, 2022, PLAN.target("target-hard-tech-incubators")
    )
    assert coverage is not None
    assert coverage.text(PLAN) == "15 of 16 parks covered; no figure: 延庆园"


ALLOCATIONS = """allocations:
  - {target: target-pct-applications, area: 海淀园, value: 6000}
  - {target: 13, area: 昌平园, value: 2000}  # an annex number: 企业PCT专利申请量
  - {target: target-labour-productivity, area: 海淀园, value: 45}
"""


def test_allocations_are_read_and_checked(tmp_path: Path) -> None:
    """'a check that park allocations of a summed target add up to the zone's target'."""
    path = tmp_path / "allocations.yaml"
    path.write_text(ALLOCATIONS, encoding="utf-8")
    allocations = zgc_plan.load_allocations(path)
    assert [(a.target_id, a.area) for a in allocations][:2] == [
        ("target-pct-applications", "haidian"),
        ("target-pct-applications", "changping"),
    ]
    (check,) = zgc_plan.check_allocations(allocations)  # the ratio target is not summed
    assert check.total == 8000
    assert not check.adds_up  # 8000 is not more than 11000
    assert len(check.missing) == 14
    assert "fall short" in check.message


def test_a_park_is_judged_by_its_allocated_target(tmp_path: Path) -> None:
    """evaluate with allocated_plan judges 海淀园 against its own 6000 件, not the zone's 11000."""
    path = tmp_path / "allocations.yaml"
    path.write_text(ALLOCATIONS, encoding="utf-8")
    park_plan = zgc_plan.allocated_plan(PLAN, zgc_plan.load_allocations(path), "海淀园")
    rows = [Observation.of("pct-applications", 2022, "7000件", area="haidian")]
    assert (
        zgc_plan.evaluate(rows, PLAN, area="haidian").result("pct-applications").status
        is Status.NOT_MET
    )
    judged = zgc_plan.evaluate(rows, park_plan, area="haidian")
    assert judged.result("pct-applications").status is Status.MET
    assert judged.result("target-labour-productivity").target.magnitude == 45


def test_every_bad_allocation_at_once() -> None:
    """Every bad allocation row is reported with its path and line."""
    with pytest.raises(zgc_plan.PlanDataError) as caught:
        zgc_plan.load_allocations(HERE / "bad_observations" / "bad_allocations.yaml")
    found = {(p.path, p.line, p.message.split(" (")[0]) for p in caught.value.problems}
    assert found == {
        ("allocations[0].target", 3, "no target 'target-nowhere' in the plan"),
        ("allocations[1].area", 7, "no area '火星园' in the plan"),
        ("allocations[2].area", 10, "'北京市' is not a park of the zone"),
        ("allocations[3]", 12, "target-pillar-clusters is a range"),
        ("allocations[4].unit", 18, "亿元 is not a unit of 年度PCT专利申请量"),
        ("allocations[6]", 22, "target-pct-applications is allocated to haidian twice"),
    }


@pytest.mark.parametrize(
    ("values", "higher", "expected"),
    [
        ([3, 5, 3, 1], True, [2, 1, 2, 4]),
        ([3, 5, 3, 1], False, [2, 4, 2, 1]),
        ([2, 2, 2], True, [1, 1, 1]),
        ([None, 1, None], True, [None, 1, None]),
    ],
)
def test_ties_share_a_rank(
    values: list[int | None], higher: bool, expected: list[int | None]
) -> None:
    """'ties ranked equally': competition ranking, 1, 2, 2, 4."""
    fractions = [None if v is None else Fraction(v) for v in values]
    assert competition_ranks(fractions, higher_is_better=higher) == expected


def _two_indicators(pct: dict[str, int], listed: dict[str, int]) -> list[Observation]:
    rows = [Observation.of("pct-applications", 2022, f"{v}件", area=p) for p, v in pct.items()]
    rows += [Observation.of("listed-companies", 2022, f"{v}家", area=p) for p, v in listed.items()]
    return rows


def test_min_max_scores_and_the_composite() -> None:
    """min–max: the best park scores 100 and the worst 0; the composite is the mean."""
    pct = {p: 100 * (i + 1) for i, p in enumerate(PARKS)}
    listed = {p: 16 - i for i, p in enumerate(PARKS)}
    assessment = zgc_plan.assess_parks(_two_indicators(pct, listed), 2022)
    yanqing, dongcheng = assessment.park("延庆园"), assessment.park("dongcheng")
    assert yanqing.cell("pct-applications").score == 100.0
    assert yanqing.cell("listed-companies").score == 0.0
    assert yanqing.score == dongcheng.score == 50.0
    assert yanqing.rank == dongcheng.rank == 1  # every park ties at 50


def test_no_composite_when_more_than_a_fifth_lacks_data() -> None:
    """'no composite when more than 20% of the indicators lack data ..., listing what is missing'."""
    pct = dict.fromkeys(PARKS, 100)
    listed = dict.fromkeys(PARKS[1:], 10)
    assessment = zgc_plan.assess_parks(_two_indicators(pct, listed), 2022)
    first = assessment.park("dongcheng")
    assert first.score is None
    assert first.rank is None
    assert first.missing == ("listed-companies",)
    assert assessment.parks[-1].area.id == "dongcheng"  # unscored parks come last


def test_attainment_against_the_zone_target() -> None:
    """'attainment against the zone's target': 5500 件 of a > 11000 件 target is 50."""
    pct = dict.fromkeys(PARKS, 5500)
    assessment = zgc_plan.assess_parks(_two_indicators(pct, {}), 2022, normalisation="attainment")
    cell = assessment.park("haidian").cell("pct-applications")
    assert cell.score == 50.0
    assert cell.gap == 5500
    assert cell.target == 11000


def test_disparity_is_the_top_over_the_bottom_quintile() -> None:
    """'disparity per indicator (top and bottom quintile ratio)': ⌊16/5⌋ = 3 parks each end."""
    pct = {p: i + 1 for i, p in enumerate(PARKS)}
    (disparity,) = zgc_plan.assess_parks(_two_indicators(pct, {}), 2022).disparities
    assert disparity.top == 15  # (14 + 15 + 16) / 3
    assert disparity.bottom == 2  # (1 + 2 + 3) / 3
    assert disparity.ratio == 7.5


def test_weights_must_name_assessed_indicators() -> None:
    """A weight of an indicator not assessed, or a negative one, is refused."""
    rows = _two_indicators(dict.fromkeys(PARKS, 1), {})
    with pytest.raises(zgc_plan.PlanDataError, match="not an assessed indicator"):
        zgc_plan.assess_parks(rows, 2022, weights={"labour-productivity": 2})
    with pytest.raises(zgc_plan.PlanDataError, match="is negative"):
        zgc_plan.assess_parks(rows, 2022, weights={"pct-applications": -1})


def test_the_assessment_json_has_the_documented_fields(synthetic: tuple[Observation, ...]) -> None:
    """'assess prints an object with year and parks, ... area (id), name_zh, rank, score ... missing'."""
    data = json.loads(zgc_plan.assess_parks(synthetic, 2022).to_json())
    assert data["year"] == 2022
    assert len(data["parks"]) == 16
    for park in data["parks"]:
        assert {"area", "name_zh", "rank", "score", "missing"} <= set(park)
        assert park["area"] in PARKS


def test_the_table_is_aligned_by_display_width(synthetic: tuple[Observation, ...]) -> None:
    """The table's rows line up in a terminal, Chinese characters taking two columns."""
    table = zgc_plan.assess_parks(synthetic, 2022).to_table().splitlines()
    header = table.index(next(line for line in table if line.startswith("名次")))
    ruler = table[header + 1]
    starts = [i for i, c in enumerate(ruler) if c == "-" and (i == 0 or ruler[i - 1] == " ")]
    for line in table[header : header + 18]:
        at: dict[int, str] = {}  # display column -> the character there
        column = 0
        for char in line:
            at[column] = char
            column += display_width(char)
        for start in starts:
            if start == 0 or line.startswith("-"):
                continue
            assert at.get(start, " ") != " ", (line, start)
            assert at.get(start - 1) == " ", (line, start)


def test_csv_and_markdown(synthetic: tuple[Observation, ...]) -> None:
    """CSV: one row per park and indicator; Markdown: one row per park."""
    assessment = zgc_plan.assess_parks(synthetic, 2022)
    lines = assessment.to_csv().splitlines()
    assert len(lines) == 1 + 16 * len(assessment.indicators)
    assert lines[0].startswith("year,area,name_zh,park_rank,park_score,indicator")
    markdown = assessment.to_markdown()
    assert markdown.count("\n| ") >= 16
    assert "海淀园" in markdown


def test_the_heat_map_is_a_png(synthetic: tuple[Observation, ...], tmp_path: Path) -> None:
    """A park × indicator heat map with the ranks, drawn to PNG."""
    import warnings

    picture = tmp_path / "parks.png"
    with warnings.catch_warnings():
        # Without a Chinese font matplotlib warns of each missing glyph.
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        zgc_plan.assess_parks(synthetic, 2022).plot(picture)
    assert picture.read_bytes().startswith(b"\x89PNG")
    with pytest.raises(zgc_plan.PlanError, match=r"must end in \.png or \.svg"):
        zgc_plan.assess_parks(synthetic, 2022).plot(tmp_path / "parks.gif")


def test_the_walkthrough_runs_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sub-park assessment page (docs/parks.md) prints what it shows, on the synthetic example."""
    import doctest
    import warnings

    (tmp_path / "parks.csv").write_text(_example().to_csv(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from")
        result = doctest.testfile(
            str(HERE.parent / "docs" / "parks.md"),
            module_relative=False,
            optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        )
    assert result.attempted > 20
    assert result.failed == 0
    assert (tmp_path / "parks-2022.png").exists()


def test_attainment_against_a_park_allocation(tmp_path: Path) -> None:
    """With allocations, a park's distance to target is to its own share (目标分解)."""
    path = tmp_path / "allocations.yaml"
    path.write_text(ALLOCATIONS, encoding="utf-8")
    rows = _two_indicators(dict.fromkeys(PARKS, 3000), {})
    assessment = zgc_plan.assess_parks(
        rows, 2022, normalisation="attainment", allocations=zgc_plan.load_allocations(path)
    )
    haidian = assessment.park("haidian").cell("pct-applications")
    assert (haidian.target, haidian.gap, haidian.score) == (Fraction(6000), Fraction(3000), 50.0)
    changping = assessment.park("changping").cell("pct-applications")
    assert (changping.target, changping.score) == (Fraction(2000), 100.0)


def test_the_table_and_markdown_name_the_park(synthetic: tuple[Observation, ...]) -> None:
    """An evaluation of one park says which park it is; one of the zone is as before."""
    park = zgc_plan.evaluate(synthetic, year=2022, area="海淀园")
    assert park.to_table().startswith("海淀园 Haidian Park (haidian)\n")
    assert park.to_markdown().startswith("海淀园 Haidian Park (haidian)\n")
    assert not zgc_plan.evaluate(synthetic, year=2022).to_table().startswith("中关村")
