"""The parallel scan, parity data, the sLSTM stabiliser, and notebook 12's figures and checks."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pytest
import torch

from helpers.checks import check_signed_parity
from helpers.parity_explorer import parity_explorer, parity_view
from helpers.plots import plot_parity_curves, plot_timings
from helpers.scan import (
    parallel_scan_log,
    parity_batch,
    slstm_memory_naive,
    slstm_memory_stabilised,
)


def loop(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """h_t = a_t h_{t-1} + b_t from h_0 = 0, one step at a time (the reference)."""
    h, hs = torch.zeros_like(b[:, 0]), []
    for t in range(b.shape[1]):
        h = a[:, t] * h + b[:, t]
        hs.append(h)
    return torch.stack(hs, dim=1)


@pytest.mark.parametrize("shape", [(1, 1, 1), (2, 1, 3), (3, 7, 5), (4, 50, 2), (1, 300, 8)])
def test_scan_equals_the_loop(shape):
    g = torch.Generator().manual_seed(sum(shape))
    a = torch.rand(shape, generator=g, dtype=torch.float64) * 0.98 + 0.01
    b = torch.rand(shape, generator=g, dtype=torch.float64) * 3 + 1e-3
    torch.testing.assert_close(parallel_scan_log(a.log(), b.log()), loop(a, b))


def test_length_one_is_b():
    b = torch.tensor([[[0.5, 2.0]]])
    torch.testing.assert_close(parallel_scan_log(torch.log(torch.rand(1, 1, 2)), b.log()), b)


def test_a_very_long_sequence_neither_overflows_nor_underflows():
    # Outside log space, h_t = A_t * sum_s b_s / A_s with A_t = a_1 ... a_t: A_t underflows
    # after about 7,000 steps of a_t = 0.9 (float64) and 1 / A_t overflows. The scan never
    # forms either. The loop's state settles at b / (1 - a) = 10.
    n = 20_000
    a = torch.full((1, n, 2), 0.9, dtype=torch.float64)
    b = torch.ones(1, n, 2, dtype=torch.float64)
    assert (b / torch.cumprod(a, dim=1)).isinf().any()  # the plain closed form overflows
    h = parallel_scan_log(a.log(), b.log())
    assert h.isfinite().all()
    torch.testing.assert_close(h, loop(a, b))
    torch.testing.assert_close(h[0, -1], torch.full((2,), 10.0, dtype=torch.float64))


def test_scan_gradients_are_finite_and_match_the_loop():
    g = torch.Generator().manual_seed(1)
    log_a = (torch.rand(2, 40, 3, generator=g) * 0.9 + 0.05).log().requires_grad_()
    log_b = torch.randn(2, 40, 3, generator=g).requires_grad_()
    scan_grads = torch.autograd.grad(parallel_scan_log(log_a, log_b).sum(), (log_a, log_b))
    loop_grads = torch.autograd.grad(loop(log_a.exp(), log_b.exp()).sum(), (log_a, log_b))
    for s, lp in zip(scan_grads, loop_grads, strict=True):
        torch.testing.assert_close(s, lp, rtol=1e-4, atol=1e-4)


def test_scan_rejects_bad_arguments():
    with pytest.raises(ValueError, match="log_a must be 3-D"):
        parallel_scan_log(torch.zeros(2, 3), torch.zeros(2, 3))
    with pytest.raises(ValueError, match="same shape"):
        parallel_scan_log(torch.zeros(1, 2, 3), torch.zeros(1, 3, 3))
    with pytest.raises(TypeError, match="log_b must be a floating-point tensor"):
        parallel_scan_log(torch.zeros(1, 2, 3), torch.zeros(1, 2, 3, dtype=torch.long))
    with pytest.raises(TypeError, match="log_a must be a torch.Tensor"):
        parallel_scan_log([0.0], torch.zeros(1, 1, 1))


def test_parity_batch():
    bits, odd = parity_batch(200, 9, torch.Generator().manual_seed(0))
    assert bits.shape == (200, 9) and odd.shape == (200,) and bits.dtype == torch.long
    assert set(bits.unique().tolist()) == {0, 1}
    assert odd.tolist() == [int(row.sum()) % 2 for row in bits]
    assert 0.3 < odd.float().mean() < 0.7  # both answers occur
    again, _ = parity_batch(200, 9, torch.Generator().manual_seed(0))
    assert torch.equal(bits, again)  # the same seed, the same strings
    assert parity_batch(1, 1, torch.Generator().manual_seed(0))[0].shape == (1, 1)
    with pytest.raises(ValueError, match="length must be a positive int"):
        parity_batch(2, 0, torch.Generator())
    with pytest.raises(ValueError, match="batch must be a positive int"):
        parity_batch(2.0, 3, torch.Generator())
    with pytest.raises(TypeError, match="generator must be a torch.Generator"):
        parity_batch(2, 3, 0)


def slstm_inputs(steps: int, spread: float, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    return (
        spread * torch.randn(steps, 3, generator=g),
        torch.randn(steps, 3, generator=g) + 2,
        torch.randn(steps, 3, generator=g),
    )


def test_stabiliser_equals_naive_when_nothing_overflows():
    i_pre, f_pre, z = slstm_inputs(200, 3.0)
    naive = slstm_memory_naive(i_pre, f_pre, z)
    assert naive.isfinite().all()
    torch.testing.assert_close(slstm_memory_stabilised(i_pre, f_pre, z), naive)


def test_stabiliser_stays_finite_where_naive_overflows():
    i_pre, f_pre, z = slstm_inputs(1_000, 30.0)
    naive, stable = slstm_memory_naive(i_pre, f_pre, z), slstm_memory_stabilised(i_pre, f_pre, z)
    finite = naive.isfinite()
    assert not finite.all() and finite.any()
    assert stable.isfinite().all()
    torch.testing.assert_close(stable[finite], naive[finite])
    # one huge input gate: the memory becomes (almost exactly) that step's z
    i_pre[500] = 1e4
    stable = slstm_memory_stabilised(i_pre, f_pre, z)
    torch.testing.assert_close(stable[500], z[500])
    assert slstm_memory_naive(i_pre, f_pre, z)[500].isnan().all()


def test_stabilised_output_is_a_weighted_average_of_the_inputs():
    i_pre, f_pre, z = slstm_inputs(300, 50.0, seed=3)
    stable = slstm_memory_stabilised(i_pre, f_pre, z)
    assert (stable <= z.max() + 1e-5).all() and (stable >= z.min() - 1e-5).all()


def test_slstm_rejects_bad_arguments():
    with pytest.raises(ValueError, match="same shape"):
        slstm_memory_stabilised(torch.zeros(3), torch.zeros(4), torch.zeros(3))
    with pytest.raises(TypeError, match="z must be a floating-point tensor"):
        slstm_memory_naive(torch.zeros(3), torch.zeros(3), torch.zeros(3, dtype=torch.long))


RESULTS = {
    "steps": [50, 100, 150],
    "accuracy": {
        "LSTM": {16: [0.6, 0.97, 1.0], 64: [0.5, 0.9, 0.99]},
        "minGRU": {16: [0.5, 0.52, 0.51], 64: [0.5, 0.49, 0.5]},
    },
    "seconds": {"LSTM": 2.5, "minGRU": 1.25},
}


def test_parity_view():
    view = parity_view(RESULTS, "LSTM", 16)
    assert view["curve"] == [0.6, 0.97, 1.0] and view["final"] == 1.0
    assert view["best_step"] == 100 and view["steps"] == [50, 100, 150]
    assert view["text"] == (
        "LSTM on 16-bit strings: 100.0% after 150 steps; 95 % first "
        "reached after 100 steps, 2.5 s of training"
    )
    never = parity_view(RESULTS, "minGRU", 64)
    assert never["best_step"] is None and "never reached 95 %" in never["text"]
    assert parity_view({k: v for k, v in RESULTS.items() if k != "seconds"}, "LSTM", 64)[
        "text"
    ].endswith("95 % first reached after 150 steps")
    with pytest.raises(ValueError, match="model must be one of LSTM, minGRU"):
        parity_view(RESULTS, "GRU", 16)
    with pytest.raises(ValueError, match="length must be one of 16, 64"):
        parity_view(RESULTS, "LSTM", 32)


def test_parity_explorer_draws_and_redraws():
    box = parity_explorer(RESULTS)
    model_menu, length_menu = box.children[0].children
    summary, image = box.children[1], box.children[2]
    assert "minGRU on 64-bit strings" in summary.value and image.value[:4] == b"\x89PNG"
    model_menu.value = "LSTM"
    length_menu.value = 16
    assert "LSTM on 16-bit strings: 100.0%" in summary.value
    plt.close("all")


def test_plot_parity_curves():
    ax = plot_parity_curves([50, 100], {"LSTM": [0.5, 1.0], "minGRU": [0.5, 0.5]}, 64)
    assert [line.get_label() for line in ax.get_lines()][:2] == ["LSTM", "minGRU"]
    assert list(ax.get_lines()[0].get_ydata()) == [50.0, 100.0]  # percent
    assert "64-bit" in ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="has 1 values for 2 steps"):
        plot_parity_curves([50, 100], {"LSTM": [0.5]}, 64)
    with pytest.raises(ValueError, match="between 0 and 1"):
        plot_parity_curves([50], {"LSTM": [50.0]}, 64)
    with pytest.raises(ValueError, match="at least one"):
        plot_parity_curves([50], {}, 64)


def test_plot_timings_leaves_out_lengths_not_measured():
    ax = plot_timings(
        [256, 1024, 4096], {"scan": [1e-3, 2e-3, 4e-3], "loop": [1e-2, 4e-2, math.nan]}
    )
    y = ax.get_lines()[1].get_ydata()
    assert list(y[:2]) == [10.0, 40.0] and math.isnan(y[2])
    plt.close(ax.figure)


class _ParityOracle(torch.nn.Module):  # scores from the true parity, or from a fixed guess
    def __init__(self, right=True):
        super().__init__()
        self.right, self.weight = right, torch.nn.Parameter(torch.zeros(1))

    def forward(self, bits):
        odd = bits.sum(dim=1) % 2 if self.right else torch.zeros(len(bits), dtype=torch.long)
        return torch.nn.functional.one_hot(odd, 2).float()


def test_check_signed_parity(capsys):
    bits = torch.randint(0, 2, (50, 64), generator=torch.Generator().manual_seed(0))
    strings = (bits, bits.sum(dim=1) % 2)
    check_signed_parity(None, None, strings)
    assert "Not answered yet" in capsys.readouterr().out
    check_signed_parity(_ParityOracle(), torch.tensor([-0.99, 0.98, 0.1]), strings)
    out = capsys.readouterr().out
    assert "Correct" in out and "100.0%" in out
    with pytest.raises(AssertionError, match="that is the minGRU again"):
        check_signed_parity(_ParityOracle(), torch.tensor([0.2, 0.9]), strings)
    with pytest.raises(AssertionError, match="inside \\[-1, 1\\]"):
        check_signed_parity(_ParityOracle(), torch.tensor([-1.5, 0.9]), strings)
    with pytest.raises(AssertionError, match="train longer"):
        check_signed_parity(_ParityOracle(right=False), torch.tensor([-0.9, 0.9]), strings)
    with pytest.raises(AssertionError, match="nn.Module"):
        check_signed_parity(0.97, torch.tensor([-0.9, 0.9]), strings)
    with pytest.raises(AssertionError, match="float tensor"):
        check_signed_parity(_ParityOracle(), [-0.9], strings)


def test_the_saved_parity_seed_table_is_complete():
    from helpers.results import load_results

    table = load_results("parity_seeds")
    models = [row["model"] for row in table["rows"]]
    kinds = ("LSTM", "GRU", "minGRU", "signed minGRU", "tanh minGRU")
    assert {m: models.count(m) for m in set(models)} == dict.fromkeys(kinds, 5)
    for row in table["rows"]:
        assert set(row["accuracy"]) == {"16", "32", "64", "128"}
        assert all(0.0 <= a <= 1.0 for a in row["accuracy"].values())
