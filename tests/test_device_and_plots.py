"""Device choice, seeding, the hidden-state heatmap and the memory-span figure."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch

from helpers import device as device_module
from helpers import plots
from helpers.device import DEVICE_ENV, pick_device, seed_everything
from helpers.plots import plot_hidden_states


@pytest.mark.parametrize(
    ("cuda", "mps", "chosen", "why"),
    [
        (True, True, "cuda", "CUDA GPU: Test GPU"),
        (False, True, "cpu", device_module.MPS_NOT_USED.format(env=DEVICE_ENV)),
        (False, False, "cpu", "no GPU found"),
    ],
)
def test_pick_device_prefers_cuda_then_the_cpu_and_mps_only_when_asked(
    cuda, mps, chosen, why, capsys, monkeypatch
):
    monkeypatch.delenv(DEVICE_ENV, raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: cuda)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda index=0: "Test GPU")
    monkeypatch.setattr(device_module, "_mps_available", lambda: mps)
    matmul, cudnn = torch.backends.cuda.matmul, torch.backends.cudnn
    kept = matmul.allow_tf32, cudnn.allow_tf32
    try:
        matmul.allow_tf32 = cudnn.allow_tf32 = True
        assert pick_device().type == chosen
        assert (matmul.allow_tf32, cudnn.allow_tf32) == (chosen != "cuda",) * 2  # off on CUDA
    finally:
        matmul.allow_tf32, cudnn.allow_tf32 = kept
    assert capsys.readouterr().out == f"Using device: {chosen} ({why})\n"


def test_device_can_be_forced(monkeypatch, capsys):
    monkeypatch.setenv(DEVICE_ENV, "cpu")
    assert pick_device().type == "cpu"
    assert "forced" in capsys.readouterr().out
    monkeypatch.setenv(DEVICE_ENV, "tpu")
    with pytest.raises(ValueError, match=DEVICE_ENV):
        pick_device()


def test_seed_everything_repeats_random_numbers():
    seed_everything(3)
    first = torch.randn(5)
    seed_everything(3)
    torch.testing.assert_close(torch.randn(5), first)
    with pytest.raises(ValueError, match="seed"):
        seed_everything(-1)


def test_heatmap_labels_tokens():
    states = torch.tanh(torch.randn(4, 3))
    ax = plot_hidden_states(states, ["Giraffes", "in", "a", "field"])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Giraffes", "in", "a", "field"]
    assert ax.get_images()[0].get_array().shape == (3, 4)  # units down, time across
    plt.close(ax.figure)


@pytest.mark.parametrize(
    ("states", "tokens", "message"),
    [
        (torch.zeros(4, 3), ["a", "b"], "tokens has 2 entries but states has 4"),
        (torch.zeros(4), ["a"] * 4, "must be 2-D"),
        (torch.full((2, 2), float("nan")), ["a", "b"], "NaN"),
    ],
)
def test_heatmap_rejects_mismatched_input(states, tokens, message):
    with pytest.raises(ValueError, match=message):
        plot_hidden_states(states, tokens)


def test_memory_span_plot_draws_every_line_against_k_and_refuses_ragged_lines():
    figure = plots.plot_memory_span(
        {"forward, left": [0.5, 0.2, 0.1], "backward": [0, 0, 0]}, {"left": [0.1, 0.05, 0.0]}
    )
    state_axes, tag_axes = figure.axes
    assert [list(line.get_xdata()) for line in state_axes.lines] == [[1, 2, 3]] * 2
    assert list(tag_axes.lines[0].get_ydata()) == [0.1, 0.05, 0.0]
    assert (state_axes.get_yscale(), tag_axes.get_yscale()) == ("log", "linear")
    with pytest.raises(ValueError, match="same number"):
        plots.plot_memory_span({"a": [0.5, 0.2]}, {"b": [0.1]})
    with pytest.raises(ValueError, match="at least one line"):
        plots.plot_memory_span({}, {"b": [0.1]})
    plt.close("all")
