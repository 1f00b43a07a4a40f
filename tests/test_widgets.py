"""The shape explorer's logic, tested without a browser."""

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
from helpers.widgets import slider_with_text, text_box


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


def test_slider_with_text_recomputes():
    slider = widgets.IntSlider(value=2, min=1, max=5)
    box = slider_with_text(slider, lambda n: f"<{n * n}>")
    assert box.children[0] is slider
    assert box.children[1].value == '<pre class="slider-text">&lt;4&gt;</pre>'
    slider.value = 3
    assert "&lt;9&gt;" in box.children[1].value


def test_text_box_raises_for_the_first_text_and_shows_a_later_error_in_its_view():
    def render(text):
        if text == "bad":
            raise ValueError("classify returned NaN <here>")
        return f"<p>{text}</p>"

    with pytest.raises(ValueError, match="NaN"):
        text_box(render, "bad")
    box = text_box(render, "good")
    assert box.children[1].value == "<p>good</p>"
    box.children[0].value = "bad"
    assert box.children[1].value == (
        "<p class='box-error'>ValueError: classify returned NaN &lt;here&gt;</p>"
    )
    box.children[0].value = "fine"
    assert box.children[1].value == "<p>fine</p>"


def test_memory_left_follows_the_sigmoid_of_the_bias():
    import math

    from helpers.memory_explorer import memory_left, memory_summary_html

    m = memory_left(4.0, 100)
    assert m["keep"] == pytest.approx(1 / (1 + math.exp(-4.0)))
    assert m["keep"] ** m["half_life"] == pytest.approx(0.5)
    assert len(m["curve"]) == 101 and m["curve"][0] == 1.0 and m["left"] == m["curve"][-1]
    assert memory_left(0.0, 10)["half_life"] == pytest.approx(1.0)  # sigmoid(0) = 1/2
    assert math.isinf(memory_left(50.0, 10)["half_life"])  # z rounds to 1: kept forever
    assert memory_left(-1000.0, 10)["left"] == 0.0  # no overflow for very negative biases
    assert "half-life 38.2 steps" in memory_summary_html(4.0, 100)
    assert "half-life forever" in memory_summary_html(50.0, 100)


@pytest.mark.parametrize(
    ("bias", "steps", "message"),
    [(float("nan"), 10, "bias"), ("4", 10, "bias"), (True, 10, "bias"), (1.0, 0, "steps")],
)
def test_memory_left_rejects_bad_input(bias, steps, message):
    from helpers.memory_explorer import memory_left

    with pytest.raises((ValueError, TypeError), match=message):
        memory_left(bias, steps)


def test_memory_explorer_recomputes_when_a_slider_moves():
    from helpers.memory_explorer import memory_explorer, memory_summary_html

    box = memory_explorer(bias=4.0, steps=100)
    bias, steps = box.children[0].children
    summary, plot = box.children[1], box.children[2]
    assert summary.value == memory_summary_html(4.0, 100)
    before = plot.value
    bias.value = 5.0
    assert summary.value == memory_summary_html(5.0, 100) and plot.value != before
    steps.value = 200
    assert summary.value == memory_summary_html(5.0, 200)
    with pytest.raises(ValueError, match="steps"):
        memory_explorer(steps=0)


def test_explorer_sliders_carry_nn_lstm_argument_names():
    html = explorer_html(input_size=5, hidden_size=3, num_layers=2)
    assert "nn.LSTM(input_size=5, hidden_size=3, num_layers=2," in html
