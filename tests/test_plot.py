"""The scorecard picture: the table's rows, readable alone, honest about missing glyphs.

Spec (``specs/scorecard.md``): "The table and the picture read the same rows,
so they agree on every one."
"""

from __future__ import annotations

import re
import warnings
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import zgc_plan
from zgc_plan import Status
from zgc_plan import _plot as plot
from zgc_plan._scorecard import rounded, scorecard_rows

EVALUATION = zgc_plan.evaluate(zgc_plan.load_observations(), baseline=2017)


def _texts(figure: Any) -> list[tuple[str, float]]:
    return [(text.get_text(), text.get_fontsize()) for text in figure.axes[0].texts]


def _drawn_texts() -> list[tuple[str, float]]:
    plt = plot._pyplot()
    figure = plot._figure(plt, EVALUATION, scorecard_rows(EVALUATION))
    try:
        return _texts(figure)
    finally:
        plt.close(figure)


def test_the_bars_show_the_measure_of_the_table_for_every_target(tmp_path: Path) -> None:
    """Spec: "Measure: progress from the baseline (`progress`) where the evaluation
    has it for the target; otherwise attainment (`attainment`), named as such"."""
    picture = plot.plot_progress(EVALUATION, tmp_path / "scorecard.png")
    assert len(picture.rows) == len(EVALUATION.results) == 17
    for row, result in zip(picture.rows, EVALUATION.results, strict=True):
        assert row.target is result.target
        assert row.status is result.status
        if result.progress is not None:
            assert (row.measure, row.share) == ("progress", result.progress)
        elif result.attainment is not None:
            assert (row.measure, row.share) == ("attainment", result.attainment)
        else:
            assert (row.measure, row.share, row.share_text) == (None, None, "—")
    # The published figures have targets of each kind: with and without a baseline.
    assert {row.measure for row in picture.rows} == {"progress", "attainment", None}


def test_every_row_is_drawn_with_its_labels_figure_and_status() -> None:
    """Spec: "Beside each bar stand the measure, the rounded figure with its year
    and the target; under it, the status in Chinese and in English"."""
    drawn = "\n".join(text for text, _ in _drawn_texts())
    for row in scorecard_rows(EVALUATION):
        result = row.result
        for text in (row.label_zh, row.label_en, result.verdict_zh, result.verdict_en):
            assert text in drawn
        figure = row.figure_text or "无数据 no data"
        year = f" ({result.year})" if result.year is not None else ""
        assert f"{figure}{year} · target {row.target.value_text}" in drawn
        if row.measure is not None:
            assert f"{row.measure} {row.share_text}" in drawn


def test_the_legend_is_inside_the_picture() -> None:
    """Spec: "The legend is inside the picture (the statuses and their colours, the
    two kinds of bar, the rounding), so that a picture file can be read alone"."""
    drawn = [text for text, _ in _drawn_texts()]
    for status in Status:
        assert f"{status.label_zh} {status.label_en}" in drawn
    assert any(text.startswith("进度 progress") for text in drawn)
    assert any(text.startswith("完成率 attainment") for text in drawn)
    assert any("rounded to the precision of the target" in text for text in drawn)


def test_labels_are_legible_at_a_page_column() -> None:
    """Spec: "9 inches wide with no text under 10 pt: 11 px or more on screen where
    it fills a 736 px column"."""
    smallest = min(size for _, size in _drawn_texts())
    # An SVG is 96 px per inch at full size; the page scales it to the column.
    on_screen = smallest / 72 * 96 * 736 / (plot._WIDTH * 96)
    assert on_screen >= 11


def test_figures_are_rounded_to_the_precision_of_the_target() -> None:
    """Spec: "rounded half up to as many decimals as the target value is written
    with (5.2575% against 6% is 5%)"."""
    for row in scorecard_rows(EVALUATION):
        if row.figure_text is None:
            continue
        number = re.match(r"-?\d+(?:\.(\d+))?", row.figure_text)
        assert number is not None
        places = len(number[1] or "")
        written = len(str(row.target.magnitude).partition(".")[2])
        assert places == written, row.figure_text
    assert rounded(Fraction(2103, 400), 0) == "5"
    assert rounded(Fraction(5, 2), 0) == "3"  # half up, not to even
    assert rounded(Fraction(-5, 2), 0) == "-3"


def test_rounding_never_moves_a_figure_onto_its_target() -> None:
    """Spec: "39.99 against 超过 40 is written 39.99, never 40"."""
    evaluation = zgc_plan.evaluate({7: "39.99万元/人"})
    row = scorecard_rows(evaluation)[9]
    assert row.target.id == "target-labour-productivity"
    assert row.figure_text == "39.99 万元/人"
    assert row.measure_text == "attainment 99.98%"


def test_the_same_evaluation_draws_the_same_svg() -> None:
    """Spec: "the same evaluation draws the same SVG, byte for byte"."""
    first, picture = plot.progress_svg(EVALUATION)
    second, _ = plot.progress_svg(EVALUATION)
    assert first == second
    assert first.lstrip().startswith("<?xml")
    assert "<svg" in first
    assert picture.rows == scorecard_rows(EVALUATION)


def test_plot_to_an_svg_file(tmp_path: Path) -> None:
    """The file type follows the suffix: ``.svg``."""
    path = tmp_path / "deeper" / "scorecard.svg"
    plot.plot_progress(EVALUATION, path)
    assert "<svg" in path.read_text(encoding="utf-8")


def test_missing_glyphs_are_collected_with_the_font_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Spec: "Characters that no installed font can draw are collected, not left to
    matplotlib's warnings"."""
    monkeypatch.setattr(plot, "_CJK_FONTS", ())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _, picture = plot.progress_svg(EVALUATION)
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert "中" in picture.missing_glyphs
    assert len(set(picture.missing_glyphs)) == len(picture.missing_glyphs)
    message = picture.missing_font_message
    assert "apt-get install fonts-noto-cjk" in message
    assert f"{len(picture.missing_glyphs)} characters" in message


def test_no_glyph_is_missing_with_a_chinese_font() -> None:
    """With the font the documentation's build installs, every character is drawn."""
    _, picture = plot.progress_svg(EVALUATION)
    assert picture.missing_glyphs == ""
    assert picture.missing_font_message == ""


def test_a_file_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    """Bad input of any kind is a PlanError with its file: a picture, a heat map, a plan and
    a report whose folder is a file were each an OSError (FileExistsError, NotADirectoryError)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    evaluation = zgc_plan.evaluate(zgc_plan.load_observations())
    observations = [
        zgc_plan.Observation.of("pct-applications", 2022, f"{100 + i}件", area=park.id)
        for i, park in enumerate(zgc_plan.load_plan().parks)
    ]
    assessment = zgc_plan.assess_parks(observations, 2022)
    writes: list[tuple[str, Any]] = [
        ("draw the picture", lambda path: plot.plot_progress(evaluation, path)),
        ("draw the heat map", assessment.plot),
        ("write the plan", lambda path: zgc_plan.dump_plan(zgc_plan.load_plan(), path)),
        ("write the report", zgc_plan.write_report),
    ]
    for what, write in writes:
        path = blocker / "out.png"
        with pytest.raises(zgc_plan.PlanDataError) as caught:
            write(path.with_suffix(".md") if what == "write the report" else path)
        assert str(caught.value).startswith(f"{blocker}/out."), what
        assert f": <document>: cannot {what}: " in str(caught.value), what


def test_an_assessment_without_indicators_draws_no_empty_heat_map(tmp_path: Path) -> None:
    """No park with a figure: a PlanError saying so, not an empty picture and a warning."""
    assessment = zgc_plan.assess_parks(zgc_plan.load_observations(), 2022)
    assert assessment.indicators == ()
    with pytest.raises(zgc_plan.PlanError, match="no park has a figure of any indicator in 2022"):
        assessment.plot(tmp_path / "map.png")
    assert not (tmp_path / "map.png").exists()
