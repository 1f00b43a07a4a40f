"""check_lstm_cell, the gate playground's logic and the gate heatmaps (notebook 02)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch

from helpers.checks import check_forget_half_life, check_lstm_cell
from helpers.gate_playground import PLAYGROUND_STREAMS, gate_playground, gate_playground_traces
from helpers.plots import plot_gate_playground, plot_gates


def cell(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh, order="ifgo", biases=(1, 1)):
    """A correct LSTM cell, or a broken one: `order` names how the blocks are read."""
    z = x @ weight_ih.T + biases[0] * bias_ih + h @ weight_hh.T + biases[1] * bias_hh
    blocks = dict(zip(order, z.chunk(4, dim=1), strict=True))
    i, f, o = (torch.sigmoid(blocks[k]) for k in "ifo")
    g = torch.tanh(blocks["g"])
    c_new = f * c + i * g
    return o * torch.tanh(c_new), c_new


def test_a_correct_cell_passes(capsys):
    check_lstm_cell(cell)
    assert "equals nn.LSTMCell" in capsys.readouterr().out


def test_none_is_not_answered_yet(capsys):
    check_lstm_cell(None)
    assert "Not answered yet" in capsys.readouterr().out


def shared_gates(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    size = h.shape[1]
    z = x @ weight_ih[:size].T + bias_ih[:size] + h @ weight_hh[:size].T + bias_hh[:size]
    i = f = o = torch.sigmoid(z)
    c_new = f * c + i * torch.tanh(z)
    return o * torch.tanh(c_new), c_new


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (shared_gates, r"all four gates read the same rows \(block 0\) of weight_ih"),
        (
            lambda *a: cell(*a, order="figo"),
            "gate order: PyTorch stores i, f, g, o, but you read the blocks as f, i, g, o",
        ),
        (lambda *a: cell(*a, order="ifog"), "read the blocks as i, f, o, g"),
        (lambda *a: cell(*a, biases=(0, 0)), "missing bias: add bias_ih and bias_hh"),
        (lambda *a: cell(*a, biases=(1, 0)), "missing bias: bias_hh is not added"),
        (lambda *a: cell(*a)[::-1], r"you returned \(c_new, h_new\)"),
        (lambda *a: (cell(*a)[0].T, cell(*a)[1]), r"h has shape \(4, 3\) but should be \(3, 4\)"),
        (lambda *a: (cell(*a)[0], cell(*a)[1][0]), r"c has shape \(4,\) but should be \(3, 4\)"),
        (lambda *a: cell(*a)[0], "return a tuple"),
    ],
    ids=[
        "shared",
        "order-fi",
        "order-og",
        "no-bias",
        "no-bias_hh",
        "swapped",
        "h-shape",
        "c-shape",
        "not-a-tuple",
    ],
)
def test_each_mistake_gets_its_message(fn, message):
    with pytest.raises(AssertionError, match=message):
        check_lstm_cell(fn)


def test_untransposed_weights_are_explained():
    def no_transpose(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
        return cell(x, h, c, weight_ih.T, weight_hh.T, bias_ih, bias_hh)

    with pytest.raises(AssertionError, match=r"raised RuntimeError.*weight_ih\.T"):
        check_lstm_cell(no_transpose)


def test_h_without_tanh_is_explained():
    def no_tanh(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
        z = x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh
        i, f, g, o = z.chunk(4, dim=1)
        c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * c_new, c_new

    with pytest.raises(AssertionError, match=r"o \* tanh\(c_new\), not o \* c_new"):
        check_lstm_cell(no_tanh)


def test_an_unknown_mistake_still_gets_a_useful_message():
    def doubled(*args):
        h_new, c_new = cell(*args)
        return 2 * h_new, c_new

    with pytest.raises(AssertionError, match="c is right but h differs"):
        check_lstm_cell(doubled)


def test_the_learners_inputs_are_copies():
    def in_place(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
        result = cell(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh)
        weight_ih.zero_()  # must not break the reference computed afterwards
        return result

    check_lstm_cell(in_place)


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
    assert plt.get_fignums() == []  # figures are closed after drawing


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


def test_forget_half_life(capsys):
    check_forget_half_life(0.87, steps=5)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="more than half"):
        check_forget_half_life(0.95, steps=5)
    with pytest.raises(AssertionError, match="less than half"):
        check_forget_half_life(0.5, steps=5)
