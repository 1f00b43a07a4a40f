"""The gate playground of 02_gates_from_scratch.ipynb: fixed gates, one unit, c_t and h_t.

The widget is a thin shell around :func:`gate_playground_traces`, which tests call; the figure
is :func:`helpers.plots.plot_gate_playground`.
"""

from __future__ import annotations

import math

import ipywidgets as widgets

from helpers._validate import number, positive_int
from helpers.i18n import N_, _
from helpers.plots import plot_gate_playground
from helpers.widgets import figure_png

PLAYGROUND_STREAMS = ("pulse", "constant", "alternating", "pulse, then negative pulse")
"""Input streams of the gate playground: the candidate value g_t fed in at each step."""
STREAM_NAMES = {
    "pulse": N_("pulse"),
    "constant": N_("constant"),
    "alternating": N_("alternating"),
    "pulse, then negative pulse": N_("pulse, then negative pulse"),
}
"""What the stream menu shows for each stream, translated where it is shown."""


def _stream_value(stream: str, step: int, steps: int) -> float:
    if stream == "pulse":
        return 1.0 if step == 0 else 0.0
    if stream == "constant":
        return 1.0
    if stream == "alternating":
        return 1.0 if step % 2 == 0 else -1.0
    return 1.0 if step == 0 else -1.0 if step == steps // 2 else 0.0


def gate_playground_traces(
    forget: float,
    input_gate: float,
    output_gate: float,
    stream: str = "pulse",
    steps: int = 20,
    c0: float = 0.0,
) -> dict[str, list[float]]:
    """Return the candidate ``g``, cell state ``c`` and hidden state ``h`` at each step.

    The gates are held fixed: c_t = forget·c_{t-1} + input_gate·g_t and
    h_t = output_gate·tanh(c_t), for one unit. ``stream`` picks g_t from
    :data:`PLAYGROUND_STREAMS`. Gate values must lie in [0, 1]; ``c0``, the cell state before
    the first step, must be a finite number.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    forget = number("forget", forget, 0, 1)
    input_gate = number("input_gate", input_gate, 0, 1)
    output_gate = number("output_gate", output_gate, 0, 1)
    if stream not in PLAYGROUND_STREAMS:
        raise ValueError(
            _("stream must be one of {names}; got {stream!r}").format(
                names=", ".join(PLAYGROUND_STREAMS), stream=stream
            )
        )
    positive_int("steps", steps)
    traces: dict[str, list[float]] = {"g": [], "c": [], "h": []}
    c = number("c0", c0)
    for step in range(steps):
        g = _stream_value(stream, step, steps)
        c = forget * c + input_gate * g
        traces["g"].append(g)
        traces["c"].append(c)
        traces["h"].append(output_gate * math.tanh(c))
    return traces


def playground_summary_html(traces: dict[str, list[float]]) -> str:
    """Return one line of HTML with the last step's c and h, for the gate playground.

    Introduced in 02_gates_from_scratch.ipynb.
    """
    if not isinstance(traces, dict) or not traces.get("c") or not traces.get("h"):
        raise ValueError(_("traces must be gate_playground_traces(...) with at least one step"))
    summary = _("after {steps} steps: c = {c:.3f}, h = {h:.3f}").format(
        steps=len(traces["c"]), c=traces["c"][-1], h=traces["h"][-1]
    )
    return f'<span class="gate-summary">{summary}</span>'


def gate_playground(
    forget: float = 0.9, input_gate: float = 1.0, output_gate: float = 1.0, stream: str = "pulse"
) -> widgets.VBox:
    """Return sliders for fixed forget, input and output gates and a plot of c_t and h_t.

    The plot is :func:`helpers.plots.plot_gate_playground` of :func:`gate_playground_traces`.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    gate_playground_traces(forget, input_gate, output_gate, stream)  # validates
    forget, input_gate, output_gate = float(forget), float(input_gate), float(output_gate)
    controls = {
        "forget": widgets.FloatSlider(
            value=forget, min=0, max=1, step=0.05, description=_("forget f")
        ),
        "input_gate": widgets.FloatSlider(
            value=input_gate, min=0, max=1, step=0.05, description=_("input i")
        ),
        "output_gate": widgets.FloatSlider(
            value=output_gate, min=0, max=1, step=0.05, description=_("output o")
        ),
        "stream": widgets.Dropdown(
            options=[(_(STREAM_NAMES[s]), s) for s in PLAYGROUND_STREAMS],
            value=stream,
            description=_("input g"),
        ),
    }

    summary = widgets.HTML()
    plot = widgets.Image(format="png", _dom_classes=("gate-plot",))

    def draw(_change: object = None) -> None:
        traces = gate_playground_traces(**{name: c.value for name, c in controls.items()})
        summary.value = playground_summary_html(traces)
        plot.value = figure_png(plot_gate_playground(traces).figure)

    for control in controls.values():
        control.observe(draw, names="value")
    draw()
    return widgets.VBox(
        [
            widgets.HBox(list(controls.values())[:2]),
            widgets.HBox(list(controls.values())[2:]),
            summary,
            plot,
        ]
    )
