"""The memory explorer of 06_why_gates.ipynb: a keep gate's bias, its half-life, the memory left.

The widget is a thin shell around :func:`memory_left` (the half-life arithmetic), which tests
call; the figure is :func:`helpers.plots.plot_memory_left`.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets

from helpers._validate import positive_int
from helpers.i18n import _
from helpers.plots import plot_memory_left
from helpers.widgets import figure_png

BIAS_RANGE = (-2.0, 8.0)
"""The memory explorer's bias slider: lowest and highest value."""
STEPS_RANGE = (10, 300)
"""The memory explorer's steps slider: lowest and highest value."""


def memory_left(bias: float, steps: int) -> dict[str, Any]:
    """Return how much of a state a keep gate at sigmoid(``bias``) leaves after each step.

    Keys: ``keep`` (the gate value z = sigmoid(bias)), ``half_life`` (steps until half is left;
    ``math.inf`` when z = 1 in floating point), ``left`` (the fraction left after ``steps``
    steps) and ``curve`` (the fraction left after 0, 1, ..., ``steps`` steps). Nothing new is
    written: a GRU's update gate z, or an LSTM's forget gate with its input gate closed.
    Introduced in 06_why_gates.ipynb.
    """
    if isinstance(bias, bool) or not isinstance(bias, (int, float)) or not math.isfinite(bias):
        raise ValueError(_("bias must be a finite number, got {bias!r}").format(bias=bias))
    positive_int("steps", steps)
    keep = 1.0 / (1.0 + math.exp(-bias)) if bias > -700 else 0.0
    half_life = math.log(0.5) / math.log(keep) if 0 < keep < 1 else (math.inf if keep >= 1 else 0.0)
    curve = [keep**t for t in range(steps + 1)]
    return {"keep": keep, "half_life": half_life, "left": curve[-1], "curve": curve}


def memory_summary_html(bias: float, steps: int) -> str:
    """Return one line of HTML: the keep gate, the half-life and what is left after ``steps``.

    Introduced in 06_why_gates.ipynb.
    """
    m = memory_left(bias, steps)
    half = (
        _("forever")
        if math.isinf(m["half_life"])
        else _("{half_life:.1f} steps").format(half_life=m["half_life"])
    )
    summary = _(
        "bias {bias:g}: z = {keep:.4f} per step, half-life {half}, left after {steps} steps: "
        "{left:.2%}"
    ).format(bias=bias, keep=m["keep"], half=half, steps=steps, left=m["left"])
    return f'<span class="memory-summary">{summary}</span>'


def memory_explorer(bias: float = 4.0, steps: int = 100) -> widgets.VBox:
    """Return sliders for a keep-gate bias and a distance, with a plot of the memory left.

    The numbers are :func:`memory_left`; the plot compares the chosen bias with bias 0, where
    fresh PyTorch gates start. ``bias`` and ``steps`` must lie within the sliders' ranges,
    :data:`BIAS_RANGE` and :data:`STEPS_RANGE`.
    Introduced in 06_why_gates.ipynb.
    """
    memory_left(bias, steps)  # validates
    for name, value, (low, high) in (("bias", bias, BIAS_RANGE), ("steps", steps, STEPS_RANGE)):
        if not low <= value <= high:
            raise ValueError(
                _(
                    "{name} must be between {low:g} and {high:g} (the slider's range), got "
                    "{value:g}"
                ).format(name=name, low=low, high=high, value=value)
            )
    bias_slider = widgets.FloatSlider(
        value=bias, min=BIAS_RANGE[0], max=BIAS_RANGE[1], step=0.5, description=_("gate bias b")
    )
    steps_slider = widgets.IntSlider(
        value=steps, min=STEPS_RANGE[0], max=STEPS_RANGE[1], step=10, description=_("steps T")
    )
    summary = widgets.HTML()
    plot = widgets.Image(format="png", _dom_classes=("memory-plot",))

    def draw(_change: object = None) -> None:
        b, t = bias_slider.value, steps_slider.value
        summary.value = memory_summary_html(b, t)
        curves = {
            _("bias {bias:g}").format(bias=b): memory_left(b, t)["curve"],
            _("bias {bias:g}").format(bias=0): memory_left(0.0, t)["curve"],
        }
        plot.value = figure_png(plot_memory_left(curves).figure)

    for control in (bias_slider, steps_slider):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([bias_slider, steps_slider]), summary, plot])
