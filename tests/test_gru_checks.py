"""check_gru_cell and check_gru_parameter_count (notebook 05)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from helpers.checks import check_gru_cell, check_gru_parameter_count


def gru(x, h, weight_ih, weight_hh, bias_ih, bias_hh, order="rzn", reset_before=False, swap=False):
    gi = dict(zip(order, (x @ weight_ih.T + bias_ih).chunk(3, dim=1), strict=True))
    w = dict(zip(order, weight_hh.chunk(3), strict=True))
    b = dict(zip(order, bias_hh.chunk(3), strict=True))
    r = torch.sigmoid(gi["r"] + h @ w["r"].T + b["r"])
    z = torch.sigmoid(gi["z"] + h @ w["z"].T + b["z"])
    if reset_before:
        n = torch.tanh(gi["n"] + (r * h) @ w["n"].T + b["n"])
    else:
        n = torch.tanh(gi["n"] + r * (h @ w["n"].T + b["n"]))
    return z * n + (1 - z) * h if swap else (1 - z) * n + z * h


def test_a_correct_cell_passes(capsys):
    check_gru_cell(gru)
    assert "equals nn.GRUCell" in capsys.readouterr().out
    check_gru_cell(None)
    assert "Not answered yet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("fn", "message"),
    [
        (lambda *a: gru(*a, reset_before=True), "reset gate is applied before the product"),
        (
            lambda *a: gru(*a, order="zrn"),
            "gate order: PyTorch stores r, z, n, but you read the blocks as z, r, n",
        ),
        (lambda *a: gru(*a, swap=True), "z and 1 - z are swapped"),
        (lambda *a: gru(*a).T, r"h_new has shape \(4, 3\) but should be \(3, 4\)"),
        (lambda *a: (gru(*a),), "return the tensor h_new"),
        (lambda x, h, wi, wh, bi, bh: gru(x, h, wi.T, wh, bi, bh), "raised RuntimeError"),
        (lambda *a: 2 * gru(*a), "differs from nn.GRUCell"),
    ],
    ids=["reset-before", "order", "swapped-z", "shape", "tuple", "no-transpose", "other"],
)
def test_each_mistake_gets_its_message(fn, message):
    with pytest.raises(AssertionError, match=message):
        check_gru_cell(fn)


def test_gru_parameter_count(capsys):
    expected = sum(p.numel() for p in nn.GRU(10, 20).parameters())
    check_gru_parameter_count(expected, 10, 20)
    assert "Correct: 1,920" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="three blocks"):
        check_gru_parameter_count(2560, 10, 20)


def test_keep_bias_check():
    import math

    from helpers.checks import check_keep_bias

    z = 0.5 ** (1 / 100)
    check_keep_bias(math.log(z / (1 - z)), steps=100)
    check_keep_bias(None)
    with pytest.raises(AssertionError, match="less than half"):
        check_keep_bias(4.0, steps=100)
    with pytest.raises(AssertionError, match="more than half"):
        check_keep_bias(8.0, steps=100)
    with pytest.raises(ValueError, match="steps"):
        check_keep_bias(4.0, steps=0)
