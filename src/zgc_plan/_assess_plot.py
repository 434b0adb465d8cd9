"""A picture of a sub-park assessment: a park × indicator heat map with the ranks.

Each cell is coloured by the indicator score (0-100, the assessment's
normalisation) and labelled with the park's rank on that indicator; parks
run down in composite order, with their composite score beside their name.
matplotlib is an optional dependency, imported only here.
"""

from __future__ import annotations

import os
from pathlib import Path

from zgc_plan._assess import ParkAssessment
from zgc_plan._files import writing
from zgc_plan._plot import _pyplot
from zgc_plan.exceptions import PlanError

__all__ = ["plot_assessment"]


def plot_assessment(
    assessment: ParkAssessment, path: str | os.PathLike[str], *, note: str = ""
) -> None:
    """Draw the heat map to a ``.png`` or ``.svg`` file.

    ``note`` is added under the title (say "synthetic data" of made-up figures).

    Raises:
        PlanError: if matplotlib is not installed (a MissingExtraError, also an ImportError).
        PlanError: if the suffix is neither ``.png`` nor ``.svg``, or the
            assessment has no indicator to draw (no park has a figure).
        PlanDataError: if the file cannot be written.
    """
    target = Path(path)
    if target.suffix.lower() not in {".png", ".svg"}:
        raise PlanError(f"cannot draw to {target.name}: the file must end in .png or .svg")
    if not assessment.indicators:
        raise PlanError(
            f"cannot draw to {target.name}: no park has a figure of any indicator in "
            f"{assessment.year}, so the heat map would be empty"
        )
    plt = _pyplot()
    parks = assessment.parks
    indicators = assessment.indicators
    # Missing figures are NaN, which the colour map draws in its "bad" colour.
    grid = [[float("nan") if c.score is None else c.score for c in park.cells] for park in parks]
    width = max(6.0, 1.1 * len(indicators) + 3.5)
    figure, axes = plt.subplots(figsize=(width, 0.42 * len(parks) + 2.6))
    colours = plt.get_cmap("RdYlGn").with_extremes(bad="#d9d9d9")
    image = axes.imshow(grid, cmap=colours, vmin=0, vmax=100, aspect="auto")
    for row, park in enumerate(parks):
        for column, cell in enumerate(park.cells):
            label = "—" if cell.rank is None else str(cell.rank)
            # Light text on the darkest colours at either end of the scale.
            dark = cell.score is not None and not 20 <= cell.score <= 80
            colour = "#ffffff" if dark else "#212121"
            axes.text(column, row, label, ha="center", va="center", fontsize=8, color=colour)
    axes.set_xticks(range(len(indicators)))
    axes.set_xticklabels([i.name_zh for i in indicators], rotation=35, ha="right", fontsize=8)
    axes.set_yticks(range(len(parks)))
    axes.set_yticklabels(
        [
            f"{p.rank or '—'}. {p.area.name_zh}  {'—' if p.score is None else f'{p.score:.1f}'}"
            for p in parks
        ],
        fontsize=9,
    )
    axes.tick_params(length=0)
    bar = figure.colorbar(image, ax=axes, fraction=0.03, pad=0.02)
    bar.set_label(f"indicator score ({assessment.normalisation}, 0-100)", fontsize=8)
    axes.set_title(
        f"{assessment.year} 分园年度考核评价 · sub-park assessment (cell: rank among parks)"
        + (f"\n{note}" if note else ""),
        loc="left",
        fontsize=10,
        fontweight="bold",
    )
    figure.tight_layout()
    try:
        with writing(target, "draw the heat map"):
            target.parent.mkdir(parents=True, exist_ok=True)
            figure.savefig(target, dpi=120)
    finally:
        plt.close(figure)
