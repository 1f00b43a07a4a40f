"""The recall task of notebook 06: data, model, training loop, gradient norms and their plots."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

from helpers.plots import plot_gradient_norms, plot_learning_curves
from helpers.recall_task import (
    RecallNet,
    input_gradient_norms,
    open_memory_gates,
    recall_accuracy,
    recall_batch,
    train_recall,
)

CPU = torch.device("cpu")


def test_recall_batch_shows_the_symbol_once_then_noise():
    x, y = recall_batch(8, 12, torch.Generator().manual_seed(0))
    assert tuple(x.shape) == (12, 8, 5) and tuple(y.shape) == (8,)
    torch.testing.assert_close(x[0, :, :4], nn.functional.one_hot(y, 4).float())
    assert torch.all(x[0, :, 4] == 0) and torch.all(x[1:, :, :4] == 0)
    assert x[1:, :, 4].std() > 0.5  # noise, not zeros
    again, _ = recall_batch(8, 12, torch.Generator().manual_seed(0))
    assert torch.equal(x, again)  # a seeded generator gives the same batch


def test_recall_batch_length_one_has_no_noise():
    x, y = recall_batch(3, 1, torch.Generator().manual_seed(1), symbols=6)
    assert tuple(x.shape) == (1, 3, 7) and int(y.max()) < 6


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(batch=0), "batch"),
        (dict(seq_len=-1), "seq_len"),
        (dict(symbols=1), "symbols"),
        (dict(seq_len=2.5), "seq_len"),
    ],
)
def test_recall_batch_rejects_bad_sizes(kwargs, message):
    args = {"batch": 2, "seq_len": 3, "generator": torch.Generator()} | kwargs
    with pytest.raises((ValueError, TypeError), match=message):
        recall_batch(**args)


def test_open_memory_gates_shifts_the_right_blocks():
    torch.manual_seed(0)
    lstm, gru = nn.LSTM(3, 4, num_layers=2), nn.GRU(3, 4, num_layers=2)
    before_lstm = {n: p.clone() for n, p in lstm.named_parameters()}
    before_gru = {n: p.clone() for n, p in gru.named_parameters()}
    open_memory_gates(lstm, 3.0)
    open_memory_gates(gru, 3.0)
    for layer in (0, 1):
        diff = lstm.get_parameter(f"bias_ih_l{layer}") - before_lstm[f"bias_ih_l{layer}"]
        torch.testing.assert_close(diff, torch.tensor([-3.0] * 4 + [3.0] * 4 + [0.0] * 8))
        diff = gru.get_parameter(f"bias_ih_l{layer}") - before_gru[f"bias_ih_l{layer}"]
        torch.testing.assert_close(diff, torch.tensor([0.0] * 4 + [3.0] * 4 + [0.0] * 4))
    for name, value in before_lstm.items():
        if not name.startswith("bias_ih"):
            assert torch.equal(lstm.get_parameter(name), value), name
    with pytest.raises(TypeError, match="nn.LSTM or nn.GRU"):
        open_memory_gates(nn.RNN(3, 4), 1.0)


def test_recall_net_validates_and_reads_the_last_step():
    with pytest.raises(ValueError, match="kind must be one of rnn, rnn_orthogonal, irnn"):
        RecallNet("transformer")
    with pytest.raises(ValueError, match="hidden_size"):
        RecallNet("gru", hidden_size=0)
    for kind in ("rnn", "rnn_orthogonal", "irnn"):
        with pytest.raises(ValueError, match="memory_bias needs gates"):
            RecallNet(kind, memory_bias=4.0)
    torch.manual_seed(0)
    model = RecallNet("gru", hidden_size=6, memory_bias=2.0)
    x, _ = recall_batch(5, 7, torch.Generator().manual_seed(0))
    scores = model(x)
    assert tuple(scores.shape) == (5, 4)
    torch.testing.assert_close(scores, model.readout(model.rnn(x)[0][-1]))


def test_plain_rnn_initialisations():
    torch.manual_seed(0)
    orthogonal = RecallNet("rnn_orthogonal", hidden_size=6).rnn
    w = orthogonal.weight_hh_l0.detach()
    torch.testing.assert_close(w @ w.T, torch.eye(6))  # orthogonal: W Wᵀ = I
    assert orthogonal.nonlinearity == "tanh"
    irnn = RecallNet("irnn", hidden_size=6).rnn
    assert irnn.nonlinearity == "relu"
    assert torch.equal(irnn.weight_hh_l0.detach(), torch.eye(6))  # Le et al.: identity
    assert not irnn.bias_ih_l0.any() and not irnn.bias_hh_l0.any()  # and zero biases
    assert isinstance(RecallNet("rnn").rnn, nn.RNN)


def test_train_recall_records_every_step_and_clips():
    torch.manual_seed(0)
    model = RecallNet("rnn", hidden_size=8)
    calls = []
    history = train_recall(
        model, 5, steps=4, device=CPU, clip=1e-6, on_step=lambda: calls.append(1)
    )
    assert len(history["losses"]) == len(history["grad_norms"]) == len(calls) == 4
    assert all(g > 1e-6 for g in history["grad_norms"])  # recorded before clipping
    assert history["seconds"] > 0
    with pytest.raises(ValueError, match="steps"):
        train_recall(model, 5, steps=0, device=CPU)
    with pytest.raises(ValueError, match="clip"):
        train_recall(model, 5, steps=1, device=CPU, clip=0.0)
    with pytest.raises(ValueError, match="optimizer"):
        train_recall(model, 5, steps=1, device=CPU, optimizer="rmsprop")


def test_train_recall_without_clipping_takes_the_full_sgd_step():
    x_model = RecallNet("rnn", hidden_size=4)
    before = {n: p.detach().clone() for n, p in x_model.named_parameters()}
    history = train_recall(x_model, 3, steps=1, device=CPU, clip=None, optimizer="sgd", lr=0.5)
    moved = torch.cat([(p.detach() - before[n]).flatten() for n, p in x_model.named_parameters()])
    # plain SGD, not clipped: the step is lr times the whole gradient
    torch.testing.assert_close(moved.norm(), torch.tensor(0.5 * history["grad_norms"][0]))


def test_short_memory_is_learned_and_scored_on_held_out_data():
    torch.manual_seed(0)
    model = RecallNet("lstm", hidden_size=16, memory_bias=2.0)
    assert recall_accuracy(model, 3, CPU) < 0.6  # untrained: about guessing
    train_recall(model, 3, steps=150, device=CPU, lr=0.02)
    assert recall_accuracy(model, 3, CPU) > 0.95


def test_input_gradient_norms_are_indexed_by_distance():
    torch.manual_seed(0)
    model = RecallNet("rnn", hidden_size=8)
    norms = input_gradient_norms(model, 30, CPU, n=16)
    assert tuple(norms.shape) == (30,)
    assert norms[0] > norms[-1] * 1e3  # a vanilla RNN forgets: far inputs matter little


def test_plots_return_figures_and_reject_empty_input():
    curves = {10: {"RNN": [1.4, 1.0, 0.5], "GRU": [1.4, 0.2, 0.1]}, 30: {"RNN": [1.4] * 3}}
    figure = plot_learning_curves(curves, chance=1.386, window=2)
    panels = {ax.get_title(): [line.get_label() for line in ax.get_lines()] for ax in figure.axes}
    assert panels == {"T = 10": ["RNN", "GRU", "guessing"], "T = 30": ["RNN", "guessing"]}
    figure = plot_learning_curves(
        {30: {"clipped": [1.4, 0.5], "not": [1.4, 3e4]}}, window=1, log_y=True
    )
    assert figure.axes[0].get_yscale() == "log" and figure.axes[0].get_ylabel() == "loss"
    norms = {
        "at initialization": {"RNN": torch.tensor([1.0, 0.1, 0.0])},
        "after training": {"RNN": [1.0, 0.5, 0.25]},
    }
    figure = plot_gradient_norms(norms)
    assert [ax.get_title() for ax in figure.axes] == list(norms)  # one panel each
    after = figure.axes[1].get_lines()[0].get_ydata()
    assert list(after) == [1.0, 0.5, 0.25]  # by distance, as given
    plt.close("all")
    with pytest.raises(ValueError, match="curves"):
        plot_learning_curves({})
    with pytest.raises(ValueError, match="at least one model"):
        plot_learning_curves({10: {}})
    with pytest.raises(ValueError, match="panels"):
        plot_gradient_norms({})
    with pytest.raises(ValueError, match="NaN"):
        plot_gradient_norms({"x": {"RNN": [1.0, float("nan")]}})


def test_gradient_norm_panels_each_have_a_legend_and_variants_are_dashed():
    norms = {
        "at initialization": {"LSTM": [1.0, 0.5], "LSTM, default biases": [1.0, 0.1]},
        "after training": {"LSTM": [1.0, 0.9]},
    }
    figure = plot_gradient_norms(norms)
    for ax in figure.axes:
        assert ax.get_legend() is not None  # every line can be named from its own panel
    solid, dashed = figure.axes[0].get_lines()
    assert solid.get_linestyle() == "-" and dashed.get_linestyle() == "--"
    assert solid.get_color() == dashed.get_color()  # a variant keeps its model's colour
    assert figure.axes[1].get_lines()[0].get_color() == solid.get_color()
    plt.close(figure)


def test_losses_digest_is_the_float32_bits_and_sees_one_step():
    """The digest rerun_check.py saves and notebook 06 compares: equal only for equal bits."""
    import hashlib

    from helpers.results import losses_digest

    losses = [1.3803602457046509, 1.4064698219299316, 0.25]
    want = hashlib.sha1(torch.tensor(losses).numpy().tobytes()).hexdigest()
    assert losses_digest(losses) == want
    moved = torch.nextafter(torch.tensor(0.25), torch.tensor(1.0)).item()
    assert losses_digest([*losses[:2], moved]) != want
    with pytest.raises(ValueError, match="non-empty list"):
        losses_digest([])
