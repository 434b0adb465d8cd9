"""A picture of progress: baseline → latest figure → target, per target.

matplotlib is an optional dependency (``pip install zgc_plan[plot]``); it is
imported only when a picture is asked for.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zgc_plan._evaluate import Evaluation, Status, TargetResult
from zgc_plan.exceptions import PlanError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["MissingExtraError", "plot_progress"]

# Fonts that carry Chinese glyphs, in order of preference; the first one
# installed is used so that labels do not render as empty boxes.
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
)

_COLOURS = {
    Status.MET: "#2e7d32",
    Status.ON_TRACK: "#1565c0",
    Status.OFF_TRACK: "#ef6c00",
    Status.NOT_MET: "#c62828",
    Status.NOT_JUDGED: "#757575",
    Status.NO_DATA: "#9e9e9e",
}


class MissingExtraError(PlanError, ImportError):
    """An optional dependency is not installed."""


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

    installed = {font.name for font in font_manager.fontManager.ttflist}
    chinese = [name for name in _CJK_FONTS if name in installed]
    mpl.rcParams["font.sans-serif"] = [*chinese, "DejaVu Sans"]
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return plt


def _share(result: TargetResult) -> float | None:
    """Where the latest figure stands between baseline (0) and target (1)."""
    if result.progress is not None:
        return result.progress
    return result.attainment


def _label(result: TargetResult) -> str:
    observed = result.observed_text or "无数据 no data"
    year = f" ({result.year})" if result.year else ""
    return f"{result.name_zh}  {observed}{year} / {result.target.value_text}"


def _draw(axes: Axes, results: list[TargetResult], title: str) -> None:
    positions = list(range(len(results)))[::-1]
    for position, result in zip(positions, results, strict=True):
        share = _share(result)
        colour = _COLOURS[result.status]
        axes.barh(position, 1.0, color="#eeeeee", height=0.6)
        if share is not None:
            axes.barh(position, max(min(share, 1.5), 0.0), color=colour, height=0.6)
            axes.text(
                max(min(share, 1.5), 0.0) + 0.02, position,
                f"{100 * share:.0f}% · {result.verdict_en}", va="center", fontsize=8,
            )  # fmt: skip
        else:
            axes.text(0.02, position, result.verdict_en, va="center", fontsize=8, color="#616161")
    axes.set_yticks(positions)
    axes.set_yticklabels([_label(r) for r in results], fontsize=9)
    axes.axvline(1.0, color="#424242", linewidth=1, linestyle="--")
    axes.set_xlim(0, 1.7)
    axes.set_xticks([0, 0.5, 1.0, 1.5])
    axes.set_xticklabels(["baseline", "50%", "target", "150%"])
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")


def plot_progress(evaluation: Evaluation, path: str | os.PathLike[str]) -> None:
    """Draw progress toward each target as horizontal bars, grouped by category.

    Each bar runs from the baseline (0) to the latest figure; the dashed line
    is the target (1). Without a baseline, the bar shows attainment
    (observed ÷ target). The file type follows the suffix: ``.png`` or ``.svg``.

    Raises:
        MissingExtraError: if matplotlib is not installed.
        PlanError: if the suffix is neither ``.png`` nor ``.svg``.
    """
    target = Path(path)
    if target.suffix.lower() not in {".png", ".svg"}:
        raise PlanError(f"cannot draw to {target.name}: the file must end in .png or .svg")
    plt = _pyplot()
    groups: list[tuple[str, list[TargetResult]]] = []
    for category in evaluation.plan.categories:
        members = [
            r
            for r in evaluation.results
            if r.target.indicator is not None and r.target.indicator.category.id == category.id
        ]
        groups.append((f"{category.name_zh} {category.name_en}", members))
    others = [r for r in evaluation.results if r.target.indicator is None]
    if others:
        groups.append(("其他 Other targets", others))
    heights = [max(len(members), 1) * 0.45 + 0.8 for _, members in groups]
    figure, axes = plt.subplots(
        len(groups), 1, figsize=(11, sum(heights)), gridspec_kw={"height_ratios": heights}
    )
    for ax, (title, members) in zip(axes, groups, strict=True):
        _draw(ax, members, title)
    document = evaluation.plan.document
    figure.suptitle(
        f"{document.title_zh}: progress toward the {document.end_year} targets", fontsize=12
    )
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=120)
    plt.close(figure)
