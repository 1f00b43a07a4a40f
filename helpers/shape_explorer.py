"""The shape explorer of 01_hidden_state.ipynb: sliders for an ``nn.LSTM``, a live table of shapes.

The widget is a thin shell around pure functions (:func:`explorer_html` and the SVG and table
it is made of), which tests call; the shapes come from :mod:`helpers.shapes`.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from helpers.i18n import _
from helpers.shapes import LSTMShapes, lstm_shapes

EXPLORER_LIMITS = {
    "input_size": (1, 64),
    "hidden_size": (1, 64),
    "num_layers": (1, 4),
    "seq_len": (1, 12),
    "batch": (1, 8),
}
"""Slider ranges (min, max) of the shape explorer."""


def layers_diagram_svg(
    input_size: int, hidden_size: int, num_layers: int, bidirectional: bool
) -> str:
    """Return an SVG drawing of the stacked layers: input at the bottom, output at the top.

    Each box is one layer and direction, labelled with the features it reads and writes.
    Introduced in 01_hidden_state.ipynb.
    """
    shapes = lstm_shapes(input_size, hidden_size, num_layers, bidirectional=bidirectional)
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

    stacked = _("{layers} stacked LSTM layers, {directions} direction(s)").format(
        layers=num_layers, directions=directions
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(stacked)}" '
        'style="font-family: sans-serif; font-size: 12px; background: #fff">',
        '<defs><marker id="lstm-arrow" markerWidth="8" markerHeight="8" refX="6" refY="4" '
        'orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker></defs>',
        text(
            width / 2,
            pad + 12,
            _("output: {features} features per step").format(features=hidden_size * directions),
        ),
        arrow(width / 2, first_box_y - 2, pad + label_h + 4),
    ]
    for layer in range(num_layers):
        y = first_box_y + (num_layers - 1 - layer) * (box_h + gap)
        layer_in = shapes.parameters[f"weight_ih_l{layer}"][1]
        for direction in range(directions):
            x = pad + direction * (box_w + 20)
            fill = "#fde2c4" if direction else "#cfe3f7"
            name = _("reverse") if direction else _("forward")
            parts += [
                f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="6" '
                f'fill="{fill}" stroke="#555"/>',
                text(
                    x + box_w / 2,
                    y + box_h / 2 + 4,
                    _("layer {layer} {name}: {layer_in}→{hidden_size}").format(
                        layer=layer, name=name, layer_in=layer_in, hidden_size=hidden_size
                    ),
                ),
                arrow(x + box_w / 2, y + box_h + gap - 2, y + box_h + 2),
            ]
    parts.append(
        text(
            width / 2,
            height - pad - 2,
            _("input x: {input_size} features per step").format(input_size=input_size),
        )
    )
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
        f'<table class="lstm-shapes"><thead><tr><th>{_("tensor")}</th><th>{_("shape")}</th>'
        f"</tr></thead><tbody>{rows}</tbody></table>"
        f"<p>{_('Parameters:')} "
        f'<span class="lstm-param-count">{shapes.num_parameters:,}</span></p>'
    )


def explorer_html(
    input_size: int,
    hidden_size: int,
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
        input_size,
        hidden_size,
        num_layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        seq_len=seq_len,
        batch=batch,
    )
    code = (
        f"nn.LSTM(input_size={input_size}, hidden_size={hidden_size}, num_layers={num_layers}, "
        f"batch_first={batch_first}, bidirectional={bidirectional})"
    )
    return (
        '<div class="lstm-explorer" style="display:flex; gap:24px; align-items:flex-start">'
        f"<div><p><code>{escape(code)}</code></p>{shapes_table_html(shapes)}</div>"
        f"<div>{layers_diagram_svg(input_size, hidden_size, num_layers, bidirectional)}</div>"
        "</div>"
    )


def shape_explorer(
    input_size: int = 5,
    hidden_size: int = 3,
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
        "input_size": input_size,
        "hidden_size": hidden_size,
        "num_layers": num_layers,
        "seq_len": seq_len,
        "batch": batch,
    }
    explorer_html(**initial, batch_first=batch_first, bidirectional=bidirectional)  # validates
    sliders = {}
    for name, value in initial.items():
        low, high = EXPLORER_LIMITS[name]
        if not low <= value <= high:
            raise ValueError(
                _("{name} must be between {low} and {high} here, got {value}").format(
                    name=name, low=low, high=high, value=value
                )
            )
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
        [
            widgets.HBox(
                [widgets.VBox(list(sliders.values())), widgets.VBox(list(toggles.values()))]
            ),
            view,
        ]
    )
