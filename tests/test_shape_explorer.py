"""The shape explorer of notebook 01 (helpers/shape_explorer.py), tested without a browser."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from helpers.shape_explorer import (
    explorer_html,
    layers_diagram_svg,
    shape_explorer,
    shapes_table_html,
)
from helpers.shapes import lstm_parameter_count, lstm_shapes


def cell(html: str, name: str) -> str:
    match = re.search(rf'data-name="{name}">([^<]*)<', html)
    assert match, f"no cell for {name}"
    return match.group(1)


def param_count(html: str) -> str:
    match = re.search(r'class="lstm-param-count">([^<]*)<', html)
    assert match
    return match.group(1)


def test_table_shows_every_tensor_and_the_count():
    html = shapes_table_html(lstm_shapes(5, 3, 2, bidirectional=True, seq_len=4, batch=2))
    assert cell(html, "input") == "(4, 2, 5)"
    assert cell(html, "output") == "(4, 2, 6)"
    assert cell(html, "h_n") == "(4, 2, 3)"
    assert cell(html, "c0") == "(4, 2, 3)"
    assert param_count(html) == f"{lstm_parameter_count(5, 3, 2, True):,}" == "504"


def test_batch_first_moves_batch_in_input_and_output_only():
    html = explorer_html(5, 3, 1, seq_len=4, batch=2, batch_first=True)
    assert cell(html, "input") == "(2, 4, 5)"
    assert cell(html, "output") == "(2, 4, 3)"
    assert cell(html, "h_n") == "(1, 2, 3)"


def test_diagram_has_one_box_per_layer_and_direction():
    for layers, bidirectional in [(1, False), (3, False), (2, True), (4, True)]:
        svg = layers_diagram_svg(5, 3, layers, bidirectional)
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert svg.count("<rect") == layers * (2 if bidirectional else 1)
        if layers > 1:  # upper layers read hidden * directions features
            assert f"layer 1 forward: {3 * (2 if bidirectional else 1)}\u21923" in svg
        assert f"output: {3 * (2 if bidirectional else 1)} features per step" in svg


def test_explorer_recomputes_when_a_control_moves():
    explorer = shape_explorer(input_size=5, hidden_size=3, num_layers=1, seq_len=4, batch=1)
    controls = {c.description: c for box in explorer.children[0].children for c in box.children}
    view = explorer.children[1]
    assert isinstance(view, widgets.HTML)
    assert param_count(view.value) == "120"
    controls["hidden_size"].value = 4
    assert param_count(view.value) == f"{lstm_parameter_count(5, 4):,}" == "176"
    assert cell(view.value, "output") == "(4, 1, 4)"
    controls["bidirectional"].value = True
    assert cell(view.value, "output") == "(4, 1, 8)"
    assert cell(view.value, "h_n") == "(2, 1, 4)"
    assert set(controls) == {
        "input_size",
        "hidden_size",
        "num_layers",
        "seq_len",
        "batch",
        "batch_first",
        "bidirectional",
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden_size": 0}, "hidden_size must be a positive int"),
        ({"input_size": 2.0}, "input_size must be a positive int"),
        ({"num_layers": 9}, "num_layers must be between 1 and 4"),
        ({"bidirectional": "no"}, "bidirectional must be True or False"),
    ],
)
def test_explorer_rejects_bad_starting_values(kwargs, message):
    with pytest.raises(ValueError, match=message):
        shape_explorer(**kwargs)


def test_explorer_sliders_carry_nn_lstm_argument_names():
    html = explorer_html(input_size=5, hidden_size=3, num_layers=2)
    assert "nn.LSTM(input_size=5, hidden_size=3, num_layers=2," in html
