"""A picture of the scorecard: one bar per target, the same rows as its table.

Each bar shows the row's measure (:mod:`zgc_plan._scorecard`): progress from
the baseline figure (0) to the target (1, the dashed line), or, hatched,
attainment (the figure as a share of the target) where there is no baseline.
Beside it stand the rounded figure, the target, and the status with its
caveat in Chinese and English; a legend inside the picture says all this, so
that the file can be read alone.

matplotlib is an optional dependency (``pip install zgc_plan[plot]``); it is
imported only when a picture is asked for.
"""

from __future__ import annotations

import functools
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from zgc_plan._evaluate import Evaluation, Status
from zgc_plan._files import writing
from zgc_plan._scorecard import ScorecardRow, baseline_year, scorecard_rows
from zgc_plan.exceptions import PlanError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MissingExtraError", "Picture", "plot_progress", "progress_svg"]

# Fonts that carry Chinese glyphs, in order of preference; the first one
# installed is used so that labels do not render as empty boxes.  The Japanese
# face of Noto comes last: older matplotlib releases read only the first face
# of Debian's NotoSansCJK .ttc file, which is that one.
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "AR PL UMing CN",
    "Noto Sans CJK JP",
)
#: Font file names of those families, looked for when matplotlib's font list
#: (a cache, built once) predates their installation.
_CJK_FILES = re.compile(r"(NotoSansCJK|NotoSansSC|SourceHanSans|wqy-|simhei|msyh|uming)", re.I)

#: The font to install, named in the warning when no Chinese font is found.
FONT_ADVICE = "a CJK font such as Noto Sans CJK SC (Debian: apt-get install fonts-noto-cjk)"

_COLOURS = {
    Status.MET: "#2e7d32",
    Status.ON_TRACK: "#1565c0",
    Status.OFF_TRACK: "#ef6c00",
    Status.NOT_MET: "#c62828",
    Status.NOT_JUDGED: "#616161",
    Status.NO_DATA: "#9e9e9e",
}
#: The colour of the legend's two kinds of bar, which take a status colour in the rows.
_MEASURE = "#455a64"

# Layout, in inches and points.  At 9 inches the picture fills a documentation
# page's column (about 740 px) with 10 pt text at about 11 px on screen.
_WIDTH = 9.0
_LINE = 0.21  # inches per line of text
_SIZE = 10.0  # points, the smallest text
_MARGIN = 0.015  # of the width
_TRACK = (0.035, 0.36)  # where the bars run, as shares of the width
_SCALE = (-0.25, 1.5)  # the measures the track shows; beyond, the bar ends in an arrow
_TEXT = 0.38  # where the text beside a bar starts
_GLYPH = re.compile(r"Glyph (\d+) .*missing from (?:current font|font\(s\) (.+?))\.?$")


class MissingExtraError(PlanError, ImportError):
    """An optional dependency is not installed."""


@attrs.frozen
class Picture:
    """What :func:`plot_progress` drew.

    Attributes:
        rows: The rows drawn, one per target in plan order: the same rows
            as the scorecard's table (:func:`zgc_plan._scorecard.scorecard_rows`).
        missing_glyphs: The characters that no installed font could draw
            (shown as empty boxes), in order of first use; empty when every
            label rendered.
        fonts: The fonts that lacked them, as matplotlib names them.
    """

    rows: tuple[ScorecardRow, ...]
    missing_glyphs: str = ""
    fonts: tuple[str, ...] = ()

    @property
    def missing_font_message(self) -> str:
        """One line on the missing glyphs and the font to install, or ``""``."""
        if not self.missing_glyphs:
            return ""
        fonts = ", ".join(self.fonts) or "the installed fonts"
        shown = self.missing_glyphs[:6] + ("…" if len(self.missing_glyphs) > 6 else "")
        return (
            f"{len(self.missing_glyphs)} characters of the picture ({shown}) are missing from "
            f"{fonts} and drawn as empty boxes: install {FONT_ADVICE}"
        )


def _pyplot() -> Any:  # noqa: ANN401 (matplotlib's pyplot module)
    try:
        import matplotlib as mpl
    except ImportError:
        raise MissingExtraError(
            "drawing a picture needs matplotlib: pip install 'zgc_plan[plot]'"
        ) from None
    mpl.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    chinese = _chinese_fonts(font_manager)
    mpl.rcParams["font.sans-serif"] = [*chinese, "DejaVu Sans"]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    # The same figures make the same SVG file, byte for byte (no random ids).
    mpl.rcParams["svg.hashsalt"] = "zgc_plan"
    return plt


def _chinese_fonts(font_manager: Any) -> list[str]:  # noqa: ANN401 (a module)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if not installed & set(_CJK_FONTS):
        # matplotlib lists fonts once, in a cache: a font installed after that
        # is not in it.  Add the Chinese ones found on the system now.
        for path in font_manager.findSystemFonts():
            if _CJK_FILES.search(Path(path).name):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # an unreadable font file is no font
        installed = {font.name for font in font_manager.fontManager.ttflist}
    return [name for name in _CJK_FONTS if name in installed]


def plot_progress(evaluation: Evaluation, path: str | os.PathLike[str]) -> Picture:
    """Draw the scorecard of ``evaluation`` as one bar per target, grouped by category.

    The file type follows the suffix: ``.png`` or ``.svg``.

    Returns:
        The rows drawn and the characters no installed font could draw
        (:attr:`Picture.missing_font_message` says which font to install).

    Raises:
        MissingExtraError: if matplotlib is not installed.
        PlanError: if the suffix is neither ``.png`` nor ``.svg``.
        PlanDataError: if the file cannot be written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in {".png", ".svg"}:
        raise PlanError(f"cannot draw to {target.name}: the file must end in .png or .svg")
    _pyplot()  # fails before the file is opened when matplotlib is missing
    with writing(target, "draw the picture"):
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as file:
            return _render(evaluation, lambda figure: _save(figure, file, suffix[1:]))


def progress_svg(evaluation: Evaluation) -> tuple[str, Picture]:
    """The picture of :func:`plot_progress` as SVG text, with what was drawn.

    Raises:
        MissingExtraError: if matplotlib is not installed.
    """
    buffer = io.BytesIO()
    picture = _render(evaluation, lambda figure: _save(figure, buffer, "svg"))
    return buffer.getvalue().decode("utf-8"), picture


def _save(figure: Any, file: Any, kind: str) -> None:  # noqa: ANN401 (matplotlib objects)
    # No date in the file: the same figures make the same picture.
    metadata = {"Date": None} if kind == "svg" else {"Software": "zgc_plan"}
    figure.savefig(file, format=kind, dpi=150, metadata=metadata)


def _render(evaluation: Evaluation, save: Callable[[Any], None]) -> Picture:
    plt = _pyplot()
    rows = scorecard_rows(evaluation)
    with _glyphs_recorded() as missing:
        figure = _figure(plt, evaluation, rows)
        try:
            save(figure)
        finally:
            plt.close(figure)
    glyphs = "".join(dict.fromkeys(char for char, _ in missing))
    fonts = tuple(dict.fromkeys(font for _, font in missing if font))
    return Picture(rows=rows, missing_glyphs=glyphs, fonts=fonts)


@contextmanager
def _glyphs_recorded() -> Iterator[list[tuple[str, str]]]:
    """Collect matplotlib's "Glyph … missing" warnings as (character, font); pass on others."""
    missing: list[tuple[str, str]] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield missing
    for warning in caught:
        match = _GLYPH.search(str(warning.message))
        if match:
            missing.append((chr(int(match[1])), match[2] or ""))
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )


# -- drawing -----------------------------------------------------------------------


def _width(text: str) -> float:
    """The width of ``text`` in ems, near enough: wide (Chinese) characters are one em."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _fits(text: str, start: float, size: float = _SIZE) -> bool:
    return _width(text) * size / 72 <= (1 - _MARGIN - start) * _WIDTH


def _x(share: float) -> float:
    low, high = _SCALE
    clipped = min(max(share, low), high)
    return _TRACK[0] + (clipped - low) / (high - low) * (_TRACK[1] - _TRACK[0])


class _Page:
    """Text and shapes placed line by line, top to bottom, on one full-figure axes."""

    def __init__(self) -> None:
        self.items: list[Callable[[Axes], object]] = []
        self.line = 0.0

    def text(self, x: float, text: str, **style: Any) -> None:  # noqa: ANN401 (matplotlib's)
        y = self.line
        style = {"fontsize": _SIZE, "va": "center", **style}
        self.items.append(lambda axes: axes.text(x, y, text, **style))

    def shape(self, draw: Callable[[Axes, float], object]) -> None:
        y = self.line
        self.items.append(lambda axes: draw(axes, y))

    def skip(self, lines: float = 1.0) -> None:
        self.line += lines


def _figure(plt: Any, evaluation: Evaluation, rows: tuple[ScorecardRow, ...]) -> Any:  # noqa: ANN401
    page = _Page()
    _header(page, evaluation)
    by_category: dict[str | None, list[ScorecardRow]] = {}
    for row in rows:
        indicator = row.target.indicator
        by_category.setdefault(indicator.category.id if indicator else None, []).append(row)
    groups = [
        (f"{category.name_zh} {category.name_en}", by_category.get(category.id, []))
        for category in evaluation.plan.categories
    ]
    if None in by_category:
        groups.append(("其他 Other targets", by_category[None]))
    for title, members in groups:
        if not members:
            continue
        page.skip(0.6)
        page.text(_MARGIN, title, fontsize=_SIZE + 1.5, fontweight="bold")
        page.skip(1.3)
        for row in members:
            _row(page, row)
    height = (page.line + 1.6) * _LINE
    figure = plt.figure(figsize=(_WIDTH, height))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, 1)
    axes.set_ylim(page.line + 0.6, -1.0)
    axes.axis("off")
    for item in page.items:
        item(axes)
    return figure


def _header(page: _Page, evaluation: Evaluation) -> None:
    document = evaluation.plan.document
    year = baseline_year(evaluation)
    since = f"from the {year} baseline" if year is not None else "without a baseline"
    page.text(_MARGIN, document.title_zh, fontsize=_SIZE + 3, fontweight="bold")
    page.skip(1.3)
    page.text(_MARGIN, f"目标完成情况 Progress toward the {document.end_year} targets, {since}")
    page.skip(1.5)
    x = _MARGIN
    for status, colour in _COLOURS.items():
        label = f"{status.label_zh} {status.label_en}"
        page.shape(functools.partial(_status_swatch, x=x, colour=colour))
        page.text(x + 0.022, label)
        x += 0.03 + _width(label) * _SIZE / 72 / _WIDTH
    page.skip(1.2)
    page.shape(lambda axes, y: _swatch(axes, _MARGIN, y, _MEASURE, hatch=False))
    page.text(
        _MARGIN + 0.022,
        "进度 progress (coloured by status): the way from the baseline figure (solid line) "
        "to the target (dashed line)",
    )
    page.skip(1.2)
    page.shape(lambda axes, y: _swatch(axes, _MARGIN, y, _MEASURE, hatch=True))
    page.text(
        _MARGIN + 0.022,
        "完成率 attainment, where there is no baseline: the figure as a share of the target",
    )
    page.skip(1.2)
    page.text(
        _MARGIN,
        "Figures are rounded to the precision of the target; a bar past the scale ends in an "
        "arrow.",
        color="#424242",
    )
    page.skip(0.6)


def _status_swatch(axes: Axes, y: float, *, x: float, colour: str) -> None:
    _swatch(axes, x, y, colour, hatch=False)


def _swatch(axes: Axes, x: float, y: float, colour: str, *, hatch: bool) -> None:
    from matplotlib.patches import Rectangle

    axes.add_patch(Rectangle((x, y - 0.35), 0.016, 0.7, **_bar_style(colour, hatch=hatch)))


def _bar_style(colour: str, *, hatch: bool) -> dict[str, Any]:
    if hatch:
        return {"facecolor": _tint(colour), "edgecolor": colour, "hatch": "////", "linewidth": 0.8}
    return {"facecolor": colour, "edgecolor": colour, "linewidth": 0.8}


def _tint(colour: str, share: float = 0.25) -> str:
    """``colour`` mixed with white, opaque: the SVG backend drops a hatched face's alpha."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - share * (255 - c)):02x}" for c in channels)


def _row(page: _Page, row: ScorecardRow) -> None:
    result = row.result
    colour = _COLOURS[row.status]
    label = f"{row.target.number}. {row.label_zh} · {row.label_en}"
    if _fits(label, _MARGIN):
        page.text(_MARGIN, label)
    else:
        page.text(_MARGIN, f"{row.target.number}. {row.label_zh}")
        page.skip()
        page.text(_TRACK[0], row.label_en)
    page.skip(1.15)
    page.shape(lambda axes, y: _bar(axes, y, row, colour))
    figure = row.figure_text or "无数据 no data"
    year = f" ({result.year})" if result.year is not None else ""
    measure = f"{row.measure_text} · " if row.measure is not None else ""
    page.text(_TEXT, f"{measure}{figure}{year} · target {row.target.value_text}")
    page.skip(1.15)
    verdict = f"{result.verdict_zh}  {result.verdict_en}"
    if _fits(verdict, _TRACK[0]):
        page.text(_TRACK[0], verdict, color=colour, fontweight="bold")
    else:
        page.text(_TRACK[0], result.verdict_zh, color=colour, fontweight="bold")
        page.skip()
        page.text(_TRACK[0], result.verdict_en, color=colour, fontweight="bold")
    page.skip(1.5)


def _bar(axes: Axes, y: float, row: ScorecardRow, colour: str) -> None:
    start, end = _TRACK
    axes.barh(y, end - start, left=start, height=0.75, color="#eeeeee")
    zero, one = _x(0.0), _x(1.0)
    if row.share is not None:
        tip = _x(row.share)
        style = _bar_style(colour, hatch=row.measure == "attainment")
        axes.barh(y, tip - zero, left=zero, height=0.75, **style)
        low, high = _SCALE
        if not low <= row.share <= high:
            marker = ">" if row.share > high else "<"
            axes.plot([tip], [y], marker=marker, color=colour, markersize=7)
    axes.plot([zero, zero], [y - 0.5, y + 0.5], color="#212121", linewidth=0.8)
    axes.plot([one, one], [y - 0.6, y + 0.6], color="#212121", linewidth=1, linestyle="--")
