"""The gate playground's logic and widget, and the gate heatmaps (notebook 02).

check_lstm_cell and check_forget_half_life are in tests/test_checks.py."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch

from helpers.gate_playground import PLAYGROUND_STREAMS, gate_playground, gate_playground_traces
from helpers.plots import plot_gate_playground, plot_gates


def test_playground_forget_one_keeps_and_zero_wipes():
    keep = gate_playground_traces(1.0, 1.0, 1.0, "pulse", steps=10)
    assert keep["c"] == [1.0] * 10
    wipe = gate_playground_traces(0.0, 1.0, 1.0, "pulse", steps=10)
    assert wipe["c"] == [1.0] + [0.0] * 9
    hidden = gate_playground_traces(1.0, 1.0, 0.0, "pulse", steps=10)
    assert hidden["h"] == [0.0] * 10 and hidden["c"] == keep["c"]


def test_playground_decays_geometrically_and_follows_streams():
    half = gate_playground_traces(0.5, 1.0, 1.0, "pulse", steps=4)
    assert half["c"] == [1.0, 0.5, 0.25, 0.125]
    assert half["h"][0] == pytest.approx(0.7615941559557649)  # tanh(1)
    constant = gate_playground_traces(0.5, 1.0, 1.0, "constant", steps=30)
    assert constant["c"][-1] == pytest.approx(2.0)  # fixed point c = 1 / (1 - f)
    alternating = gate_playground_traces(0.0, 0.5, 1.0, "alternating", steps=4)
    assert alternating["c"] == [0.5, -0.5, 0.5, -0.5]
    two = gate_playground_traces(1.0, 1.0, 1.0, "pulse, then negative pulse", steps=6)
    assert two["g"] == [1.0, 0.0, 0.0, -1.0, 0.0, 0.0] and two["c"][-1] == 0.0
    assert set(PLAYGROUND_STREAMS) == {
        "pulse",
        "constant",
        "alternating",
        "pulse, then negative pulse",
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"forget": 1.5}, "forget must be a number between 0 and 1"),
        ({"input_gate": -0.1}, "input_gate must be a number between 0 and 1"),
        ({"output_gate": "1"}, "output_gate must be a number"),
        ({"stream": "noise"}, "stream must be one of"),
        ({"steps": 0}, "steps must be a positive int"),
    ],
)
def test_playground_rejects_bad_values(kwargs, message):
    values = {"forget": 0.9, "input_gate": 1.0, "output_gate": 1.0, **kwargs}
    with pytest.raises(ValueError, match=message):
        gate_playground_traces(**values)
    if "steps" not in kwargs:
        with pytest.raises(ValueError, match=message):
            gate_playground(**values)


def test_playground_widget_has_its_controls_and_updates():
    open_before = set(plt.get_fignums())  # another test on this worker may have left one open
    widget = gate_playground(forget=1.0, input_gate=1.0, output_gate=1.0)
    controls = {c.description: c for row in widget.children[:2] for c in row.children}
    assert list(controls) == ["forget f", "input i", "output o", "input g"]
    summary = widget.children[2]
    assert "c = 1.000, h = 0.762" in summary.value
    png = bytes(widget.children[3].value)
    assert png.startswith(b"\x89PNG")
    controls["forget f"].value = 0.0
    assert "after 20 steps: c = 0.000, h = 0.000" in summary.value
    assert bytes(widget.children[3].value) != png  # the plot was redrawn
    assert set(plt.get_fignums()) == open_before  # its own figures are closed after drawing


def test_gate_plots():
    traces = {name: torch.rand(5, 3) for name in ("i", "f", "g", "o", "c", "h")}
    figure = plot_gates(traces, list("abcde"))
    assert len([ax for ax in figure.axes if ax.get_ylabel()]) == 6
    plt.close(figure)
    ax = plot_gate_playground(gate_playground_traces(0.9, 1.0, 1.0))
    assert len(ax.get_lines()) >= 2
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="traces lacks"):
        plot_gate_playground({"c": [1.0]})
    with pytest.raises(ValueError, match="at least one"):
        plot_gates({}, [])
