"""helpers.shapes agrees with a real nn.LSTM, and rejects bad configurations clearly."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from torch import nn

from helpers.shapes import lstm_parameter_count, lstm_parameter_shapes, lstm_shapes

GRID = list(
    itertools.product(
        [1, 3],  # input_size
        [1, 4],  # hidden_size
        [1, 2, 3],  # num_layers
        [False, True],  # bidirectional
        [False, True],  # batch_first
        [(1, 1), (5, 2)],  # (seq_len, batch)
        [True, False],  # bias
    )
)


@pytest.mark.parametrize(
    ("input_size", "hidden_size", "num_layers", "bidirectional", "batch_first", "sizes", "bias"),
    GRID,
)
def test_shapes_match_a_real_lstm(
    input_size, hidden_size, num_layers, bidirectional, batch_first, sizes, bias
):
    seq_len, batch = sizes
    expected = lstm_shapes(
        input_size,
        hidden_size,
        num_layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        seq_len=seq_len,
        batch=batch,
        bias=bias,
    )
    lstm = nn.LSTM(
        input_size,
        hidden_size,
        num_layers,
        bias=bias,
        batch_first=batch_first,
        bidirectional=bidirectional,
    )
    x = torch.zeros(expected.input)
    h0 = torch.zeros(expected.h0)
    c0 = torch.zeros(expected.c0)
    with torch.no_grad():
        output, (h_n, c_n) = lstm(x, (h0, c0))  # raises if input, h0 or c0 is wrong
    assert tuple(output.shape) == expected.output
    assert tuple(h_n.shape) == expected.h_n
    assert tuple(c_n.shape) == expected.c_n
    real = {name: tuple(p.shape) for name, p in lstm.named_parameters()}
    assert list(real.items()) == list(expected.parameters.items())  # names, order and shapes
    assert expected.num_parameters == sum(p.numel() for p in lstm.parameters())


@pytest.mark.parametrize(
    ("input_size", "hidden_size", "num_layers", "bidirectional"),
    [(5, 3, 1, False), (10, 20, 2, False), (10, 20, 3, True), (1, 1, 1, True)],
)
def test_count_follows_the_formula(input_size, hidden_size, num_layers, bidirectional):
    dirs = 2 if bidirectional else 1

    def per(i, h):
        return 4 * (h * (i + h) + 2 * h)

    formula = dirs * per(input_size, hidden_size) + (num_layers - 1) * dirs * per(
        hidden_size * dirs, hidden_size
    )
    assert lstm_parameter_count(input_size, hidden_size, num_layers, bidirectional) == formula


def test_tensors_lists_the_data_tensors_in_call_order():
    shapes = lstm_shapes(5, 3, seq_len=4, batch=2)
    assert list(shapes.tensors()) == ["input", "h0", "c0", "output", "h_n", "c_n"]
    assert shapes.tensors()["input"] == (4, 2, 5)


BAD_VALUES = [0, -1, 2.5, "3", None, True]


@pytest.mark.parametrize("value", BAD_VALUES)
@pytest.mark.parametrize("name", ["input_size", "hidden_size", "num_layers", "seq_len", "batch"])
def test_bad_sizes_raise_value_error_naming_the_argument(name, value):
    config = {"input_size": 5, "hidden_size": 3, "num_layers": 1, "seq_len": 4, "batch": 2}
    config[name] = value
    input_size = config.pop("input_size")
    hidden_size = config.pop("hidden_size")
    with pytest.raises(ValueError, match=rf"^{name} must be a positive int"):
        lstm_shapes(input_size, hidden_size, **config)


@pytest.mark.parametrize("name", ["bidirectional", "batch_first", "bias"])
@pytest.mark.parametrize("value", [1, "yes", None])
def test_flags_must_be_bool(name, value):
    with pytest.raises(ValueError, match=rf"^{name} must be True or False"):
        lstm_shapes(5, 3, **{name: value})


def test_parameter_functions_validate_too():
    with pytest.raises(ValueError, match="hidden_size"):
        lstm_parameter_count(5, 0)
    with pytest.raises(ValueError, match="num_layers"):
        lstm_parameter_shapes(5, 3, num_layers=-2)


def test_numpy_sizes_are_whole_numbers_too():
    """S11 of the bad-inputs review: sizes read from a NumPy array are accepted."""
    assert lstm_shapes(np.int64(5), 3) == lstm_shapes(5, 3)
