"""The parity explorer of 12_after_the_lstm.ipynb: held-out accuracy by model and string length.

The widget is a thin shell around :func:`parity_view`, which tests call; the figure is
:func:`helpers.plots.plot_parity_curves`.
"""

from __future__ import annotations

from html import escape
from typing import Any

import ipywidgets as widgets

from helpers.plots import plot_parity_curves
from helpers.widgets import figure_png


def parity_view(results: dict[str, Any], model: str, length: int) -> dict[str, Any]:
    """Return what the parity explorer shows for one model at one string length.

    ``results`` holds ``steps`` (the training steps where accuracy was measured) and
    ``accuracy[model][length]`` (one accuracy per step); optionally ``seconds[model]`` (the
    training time). Keys: ``steps``, ``curve`` (the accuracies), ``final`` (the last one),
    ``best_step`` (the first step at 95 % or more, or None) and ``text`` (one line to show).
    Introduced in 12_after_the_lstm.ipynb.
    """
    accuracy = results.get("accuracy", {})
    if model not in accuracy:
        raise ValueError(f"model must be one of {', '.join(accuracy)}; got {model!r}")
    if length not in accuracy[model]:
        raise ValueError(
            f"length must be one of {', '.join(map(str, accuracy[model]))}; got {length!r}"
        )
    steps, curve = list(results["steps"]), list(accuracy[model][length])
    best = next((s for s, a in zip(steps, curve, strict=True) if a >= 0.95), None)
    when = f"95 % first reached after {best} steps" if best is not None else "never reached 95 %"
    seconds = results.get("seconds", {}).get(model)
    spent = f", {seconds:.1f} s of training" if seconds is not None else ""
    text = (
        f"{model} on {length}-bit strings: {curve[-1]:.1%} after {steps[-1]} steps; {when}{spent}"
    )
    return {"steps": steps, "curve": curve, "final": curve[-1], "best_step": best, "text": text}


def parity_explorer(results: dict[str, Any]) -> widgets.VBox:
    """Return a model menu and a length menu above the held-out parity accuracy curve.

    The numbers come from :func:`parity_view`; the plot shows the chosen model's curve beside
    the other models' at the same length.
    Introduced in 12_after_the_lstm.ipynb.
    """
    models = list(results["accuracy"])
    lengths = list(results["accuracy"][models[0]])
    model_menu = widgets.Dropdown(options=models, value=models[-1], description="model")
    length_menu = widgets.Dropdown(options=lengths, value=lengths[-1], description="length")
    summary = widgets.HTML()
    plot = widgets.Image(format="png", _dom_classes=("parity-plot",))

    def draw(_change: object = None) -> None:
        view = parity_view(results, model_menu.value, length_menu.value)
        summary.value = f'<span class="parity-summary">{escape(view["text"])}</span>'
        curves = {m: parity_view(results, m, length_menu.value)["curve"] for m in models}
        ax = plot_parity_curves(view["steps"], curves, length_menu.value)
        plot.value = figure_png(ax.figure)

    for control in (model_menu, length_menu):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([model_menu, length_menu]), summary, plot])
