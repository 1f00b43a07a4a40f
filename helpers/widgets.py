"""Interactive controls. Each widget is a thin shell around a pure function that tests call.

Introduced in 00_start_here.ipynb (a slider with text), 01_hidden_state.ipynb (the shape
explorer), 02_gates_from_scratch.ipynb (the gate playground), 06_why_gates.ipynb (the memory
explorer) and 12_after_the_lstm.ipynb (the parity explorer).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from helpers._validate import positive_int
from helpers.plots import plot_gate_playground, plot_memory_left, plot_parity_curves
from helpers.shapes import LSTMShapes, lstm_shapes

EXPLORER_LIMITS = {
    "input_dim": (1, 64),
    "hidden_dim": (1, 64),
    "num_layers": (1, 4),
    "seq_len": (1, 12),
    "batch": (1, 8),
}
"""Slider ranges (min, max) of the shape explorer."""


def layers_diagram_svg(
    input_dim: int, hidden_dim: int, num_layers: int, bidirectional: bool
) -> str:
    """Return an SVG drawing of the stacked layers: input at the bottom, output at the top.

    Each box is one layer and direction, labelled with the features it reads and writes.
    Introduced in 01_hidden_state.ipynb.
    """
    shapes = lstm_shapes(input_dim, hidden_dim, num_layers, bidirectional=bidirectional)
    directions = 2 if bidirectional else 1
    box_w, box_h, gap, pad, label_h = 150, 34, 24, 10, 16
    width = 2 * pad + directions * box_w + (directions - 1) * 20
    first_box_y = pad + label_h + gap  # the top layer's box
    height = first_box_y + num_layers * (box_h + gap) + label_h + pad

    def arrow(x: float, y_from: float, y_to: float) -> str:
        return (
            f'<line x1="{x}" y1="{y_from}" x2="{x}" y2="{y_to}" stroke="#555" '
            'stroke-width="1.5" marker-end="url(#lstm-arrow)"/>'
        )

    def text(x: float, y: float, words: str) -> str:
        return f'<text x="{x}" y="{y}" text-anchor="middle" fill="#222">{escape(words)}</text>'

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{num_layers} stacked LSTM layers, {directions} direction(s)" '
        'style="font-family: sans-serif; font-size: 12px; background: #fff">',
        '<defs><marker id="lstm-arrow" markerWidth="8" markerHeight="8" refX="6" refY="4" '
        'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>',
        text(width / 2, pad + 12, f"output: {hidden_dim * directions} features per step"),
        arrow(width / 2, first_box_y - 2, pad + label_h + 4),
    ]
    for layer in range(num_layers):
        y = first_box_y + (num_layers - 1 - layer) * (box_h + gap)
        layer_in = shapes.parameters[f"weight_ih_l{layer}"][1]
        for direction in range(directions):
            x = pad + direction * (box_w + 20)
            fill = "#fde2c4" if direction else "#cfe3f7"
            name = "reverse" if direction else "forward"
            parts += [
                f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" '
                f'fill="{fill}" stroke="#555"/>',
                text(x + box_w / 2, y + box_h / 2 + 4, f"layer {layer} {name}: {layer_in}\u2192"
                     f"{hidden_dim}"),
                arrow(x + box_w / 2, y + box_h + gap - 2, y + box_h + 2),
            ]
    parts.append(text(width / 2, height - pad - 2, f"input x: {input_dim} features per step"))
    parts.append("</svg>")
    return "".join(parts)


def _shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def shapes_table_html(shapes: LSTMShapes) -> str:
    """Return an HTML table of the data tensors' shapes and the parameter count.

    Cells carry ``data-name`` attributes (``input``, ``h0``, ``output``, ``h_n``, …) and the
    count sits in a ``span.lstm-param-count``, so a browser test can read them.
    Introduced in 01_hidden_state.ipynb.
    """
    rows = "".join(
        f'<tr><td><code>{name}</code></td><td class="lstm-shape" data-name="{name}">'
        f"{_shape_text(shape)}</td></tr>"
        for name, shape in shapes.tensors().items()
    )
    return (
        '<table class="lstm-shapes"><thead><tr><th>tensor</th><th>shape</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<p>Parameters: <span class="lstm-param-count">{shapes.num_parameters:,}</span></p>'
    )


def explorer_html(
    input_dim: int,
    hidden_dim: int,
    num_layers: int,
    seq_len: int = 4,
    batch: int = 1,
    batch_first: bool = False,
    bidirectional: bool = False,
) -> str:
    """Return what the shape explorer shows for one configuration: table, count and diagram.

    Introduced in 01_hidden_state.ipynb.
    """
    shapes = lstm_shapes(
        input_dim,
        hidden_dim,
        num_layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        seq_len=seq_len,
        batch=batch,
    )
    code = (
        f"nn.LSTM(input_size={input_dim}, hidden_size={hidden_dim}, num_layers={num_layers}, "
        f"batch_first={batch_first}, bidirectional={bidirectional})"
    )
    names = (
        '<p class="lstm-explorer-names">Sliders: <code>input_dim</code> is '
        "<code>input_size</code>, <code>hidden_dim</code> is <code>hidden_size</code>, "
        "<code>num_layers</code> is <code>num_layers</code> of <code>nn.LSTM</code>.</p>"
    )
    return (
        '<div class="lstm-explorer" style="display:flex; gap:24px; align-items:flex-start">'
        f"<div>{names}<p><code>{escape(code)}</code></p>{shapes_table_html(shapes)}</div>"
        f"<div>{layers_diagram_svg(input_dim, hidden_dim, num_layers, bidirectional)}</div>"
        "</div>"
    )


def shape_explorer(
    input_dim: int = 5,
    hidden_dim: int = 3,
    num_layers: int = 1,
    seq_len: int = 4,
    batch: int = 1,
    batch_first: bool = False,
    bidirectional: bool = False,
) -> widgets.VBox:
    """Return a widget with sliders and toggles for an ``nn.LSTM`` and a live table of shapes.

    Moving a control recomputes :func:`explorer_html`; the computation never builds a model.
    Introduced in 01_hidden_state.ipynb.
    """
    initial = {
        "input_dim": input_dim,
        "hidden_dim": hidden_dim,
        "num_layers": num_layers,
        "seq_len": seq_len,
        "batch": batch,
    }
    explorer_html(**initial, batch_first=batch_first, bidirectional=bidirectional)  # validates
    sliders = {}
    for name, value in initial.items():
        low, high = EXPLORER_LIMITS[name]
        if not low <= value <= high:
            raise ValueError(f"{name} must be between {low} and {high} here, got {value}")
        sliders[name] = widgets.IntSlider(
            value=value, min=low, max=high, description=name, continuous_update=True
        )
    toggles = {
        "batch_first": widgets.Checkbox(value=batch_first, description="batch_first"),
        "bidirectional": widgets.Checkbox(value=bidirectional, description="bidirectional"),
    }
    view = widgets.HTML()
    controls = {**sliders, **toggles}

    def refresh(_change: object = None) -> None:
        view.value = explorer_html(**{name: c.value for name, c in controls.items()})

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox(
        [widgets.HBox([widgets.VBox(list(sliders.values())), widgets.VBox(list(toggles.values()))]),
         view]
    )


PLAYGROUND_STREAMS = ("pulse", "constant", "alternating", "pulse, then negative pulse")
"""Input streams of the gate playground: the candidate value g_t fed in at each step."""


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
    :data:`PLAYGROUND_STREAMS`. Gate values must lie in [0, 1].
    Introduced in 02_gates_from_scratch.ipynb.
    """
    for name, value in (("forget", forget), ("input_gate", input_gate),
                        ("output_gate", output_gate)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise ValueError(f"{name} must be a number between 0 and 1, got {value!r}")
    if stream not in PLAYGROUND_STREAMS:
        raise ValueError(f"stream must be one of {', '.join(PLAYGROUND_STREAMS)}; got {stream!r}")
    positive_int("steps", steps)
    traces: dict[str, list[float]] = {"g": [], "c": [], "h": []}
    c = float(c0)
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
    steps = len(traces["c"])
    return (
        f'<span class="gate-summary">after {steps} steps: c = {traces["c"][-1]:.3f}, '
        f'h = {traces["h"][-1]:.3f}</span>'
    )


def gate_playground(
    forget: float = 0.9, input_gate: float = 1.0, output_gate: float = 1.0, stream: str = "pulse"
) -> widgets.VBox:
    """Return sliders for fixed forget, input and output gates and a plot of c_t and h_t.

    The plot is :func:`helpers.plots.plot_gate_playground` of :func:`gate_playground_traces`.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    gate_playground_traces(forget, input_gate, output_gate, stream)  # validates
    controls = {
        "forget": widgets.FloatSlider(value=forget, min=0, max=1, step=0.05,
                                      description="forget f"),
        "input_gate": widgets.FloatSlider(value=input_gate, min=0, max=1, step=0.05,
                                          description="input i"),
        "output_gate": widgets.FloatSlider(value=output_gate, min=0, max=1, step=0.05,
                                           description="output o"),
        "stream": widgets.Dropdown(options=PLAYGROUND_STREAMS, value=stream,
                                   description="input g"),
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
    return widgets.VBox([widgets.HBox(list(controls.values())[:2]),
                         widgets.HBox(list(controls.values())[2:]), summary, plot])


def memory_left(bias: float, steps: int) -> dict[str, Any]:
    """Return how much of a state a keep gate at sigmoid(``bias``) leaves after each step.

    Keys: ``keep`` (the gate value z = sigmoid(bias)), ``half_life`` (steps until half is left;
    ``math.inf`` when z = 1 in floating point), ``left`` (the fraction left after ``steps``
    steps) and ``curve`` (the fraction left after 0, 1, ..., ``steps`` steps). Nothing new is
    written: a GRU's update gate z, or an LSTM's forget gate with its input gate closed.
    Introduced in 06_why_gates.ipynb.
    """
    if isinstance(bias, bool) or not isinstance(bias, (int, float)) or not math.isfinite(bias):
        raise ValueError(f"bias must be a finite number, got {bias!r}")
    positive_int("steps", steps)
    keep = 1.0 / (1.0 + math.exp(-bias)) if bias > -700 else 0.0
    half_life = math.log(0.5) / math.log(keep) if 0 < keep < 1 else (
        math.inf if keep >= 1 else 0.0)
    curve = [keep**t for t in range(steps + 1)]
    return {"keep": keep, "half_life": half_life, "left": curve[-1], "curve": curve}


def memory_summary_html(bias: float, steps: int) -> str:
    """Return one line of HTML: the keep gate, the half-life and what is left after ``steps``.

    Introduced in 06_why_gates.ipynb.
    """
    m = memory_left(bias, steps)
    half = "forever" if math.isinf(m["half_life"]) else f'{m["half_life"]:.1f} steps'
    return (f'<span class="memory-summary">bias {bias:g}: z = {m["keep"]:.4f} per step, '
            f'half-life {half}, left after {steps} steps: {m["left"]:.2%}</span>')


def memory_explorer(bias: float = 4.0, steps: int = 100) -> widgets.VBox:
    """Return sliders for a keep-gate bias and a distance, with a plot of the memory left.

    The numbers are :func:`memory_left`; the plot compares the chosen bias with bias 0, where
    fresh PyTorch gates start.
    Introduced in 06_why_gates.ipynb.
    """
    memory_left(bias, steps)  # validates
    bias_slider = widgets.FloatSlider(value=bias, min=-2.0, max=8.0, step=0.5,
                                      description="gate bias b")
    steps_slider = widgets.IntSlider(value=steps, min=10, max=300, step=10,
                                     description="steps T")
    summary = widgets.HTML()
    plot = widgets.Image(format="png", _dom_classes=("memory-plot",))

    def draw(_change: object = None) -> None:
        b, t = bias_slider.value, steps_slider.value
        summary.value = memory_summary_html(b, t)
        curves = {f"bias {b:g}": memory_left(b, t)["curve"], "bias 0": memory_left(0.0, t)["curve"]}
        plot.value = figure_png(plot_memory_left(curves).figure)

    for control in (bias_slider, steps_slider):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([bias_slider, steps_slider]), summary, plot])


def figure_png(figure: Figure) -> bytes:
    """Return a matplotlib figure as PNG bytes and close it (for an ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return buffer.getvalue()


def slider_with_text(slider: widgets.IntSlider | widgets.FloatSlider,
                     text: Callable[[Any], str]) -> widgets.VBox:
    """Return ``slider`` above a text box that shows ``text(slider.value)``, kept up to date.

    The text is recomputed in the kernel on every move and shown as preformatted text.
    Introduced in 00_start_here.ipynb.
    """
    view = widgets.HTML()

    def refresh(_change: object = None) -> None:
        view.value = f'<pre class="slider-text">{escape(text(slider.value))}</pre>'

    slider.observe(refresh, names="value")
    refresh()
    return widgets.VBox([slider, view])


def text_box(render: Callable[[str], str], text: str,
             description: str = "sentence") -> widgets.VBox:
    """Return a text box above an HTML view of ``render(text)``, redrawn when Enter is pressed.

    ``render`` is a pure function from the typed text to HTML; tests call it directly.
    Introduced in 07_pos_tagging.ipynb (the tag box) and used by 09's genre box.
    """
    box = widgets.Text(value=text, description=description, continuous_update=False,
                       layout=widgets.Layout(width="80%"))
    view = widgets.HTML(render(text))

    def refresh(_change: object = None) -> None:
        view.value = render(box.value)

    box.observe(refresh, names="value")
    return widgets.VBox([box, view])


def forecast_explorer(render: Callable[[str, str], Figure | str], stations: list[str],
                      start: str) -> widgets.VBox:
    """Return a station menu and a start-hour box above the figure ``render(station, start)``.

    ``render`` returns a figure, or a message (a refused start hour) that is shown instead.
    Introduced in 11_forecasting.ipynb.
    """
    if not stations:
        raise ValueError("stations must name at least one station")
    menu = widgets.Dropdown(options=stations, value=stations[0], description="station")
    box = widgets.Text(value=start, description="start (UTC)", continuous_update=False)
    image, message = widgets.Image(format="png"), widgets.HTML()

    def refresh(_change: object = None) -> None:
        shown = render(menu.value, box.value)
        if isinstance(shown, str):
            message.value = f"<b>{escape(shown)}</b>"
        else:
            message.value, image.value = "", figure_png(shown)

    menu.observe(refresh, names="value")
    box.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([menu, box]), message, image])


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
        raise ValueError(f"length must be one of {', '.join(map(str, accuracy[model]))}; "
                         f"got {length!r}")
    steps, curve = list(results["steps"]), list(accuracy[model][length])
    best = next((s for s, a in zip(steps, curve, strict=True) if a >= 0.95), None)
    when = f"95 % first reached after {best} steps" if best is not None else "never reached 95 %"
    seconds = results.get("seconds", {}).get(model)
    spent = f", {seconds:.1f} s of training" if seconds is not None else ""
    text = (f"{model} on {length}-bit strings: {curve[-1]:.1%} after {steps[-1]} steps; "
            f"{when}{spent}")
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
