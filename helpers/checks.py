"""Self-checks for the exercises: each prints a success line or raises an ``AssertionError``.

Introduced in 01_hidden_state.ipynb.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from helpers.shapes import lstm_parameter_count, lstm_shapes

NOT_ANSWERED = "Not answered yet: replace None with your answer and run the cell again."


def check_shape_answer(tensor: str, answer: tuple[int, ...] | None, **config: object) -> None:
    """Check that ``answer`` is the shape of ``tensor`` for an ``nn.LSTM`` configuration.

    ``tensor`` is one of input, h0, c0, output, h_n, c_n; ``config`` holds the keyword arguments
    of :func:`helpers.shapes.lstm_shapes`. A wrong shape raises ``AssertionError`` with a hint;
    ``None`` (not answered yet) prints a reminder. A right answer prints a success line.
    Introduced in 01_hidden_state.ipynb.
    """
    expected = lstm_shapes(**config).tensors()  # type: ignore[arg-type]
    if tensor not in expected:
        raise ValueError(f"tensor must be one of {', '.join(expected)}; got {tensor!r}")
    if answer is None:
        print(NOT_ANSWERED)
        return
    answer = tuple(answer)
    want = expected[tensor]
    if answer == want:
        print(f"Correct: {tensor} has shape {want}.")
        return
    hints = []
    if len(answer) != len(want):
        hints.append(f"{tensor} has {len(want)} dimensions, your answer has {len(answer)}")
    if tensor in {"h0", "c0", "h_n", "c_n"}:
        hints.append("states are (num_layers * num_directions, batch, hidden_size), "
                     "whatever batch_first says")
    else:
        hints.append("batch_first=True swaps only the first two dimensions of input and output")
        if tensor == "output":
            hints.append("a bidirectional LSTM concatenates both directions' features")
    raise AssertionError(f"{tensor} shape {answer} is not right: " + "; ".join(hints))


def check_parameter_count(answer: int | None, **config: object) -> None:
    """Check that ``answer`` is the parameter count of ``nn.LSTM(**config)``.

    ``config`` holds input_size, hidden_size and optionally num_layers, bidirectional, bias.
    Introduced in 01_hidden_state.ipynb.
    """
    expected = lstm_parameter_count(**config)  # type: ignore[arg-type]
    if answer is None:
        print(NOT_ANSWERED)
        return
    if answer == expected:
        print(f"Correct: {expected:,} parameters.")
        return
    hint = "per layer and direction: 4 * (H * (I + H) + 2 * H), where I is that layer's input"
    if config.get("num_layers", 1) != 1:
        hint += "; layers above the first read hidden_size * num_directions features"
    raise AssertionError(f"{answer:,} is not the parameter count: {hint}")


def check_top_layer_states(
    fn: Callable[[torch.Tensor, int, bool], tuple[torch.Tensor, ...]] | None,
) -> None:
    """Check that ``fn(h_n, num_layers, bidirectional)`` picks the top layer's final states.

    ``fn`` must return a tuple: ``(forward,)`` for a one-way LSTM and ``(forward, backward)``
    for a bidirectional one, each of shape (batch, hidden_size). It is checked on several
    random LSTMs against the matching slices of ``output``.
    Introduced in 01_hidden_state.ipynb.
    """
    if fn is None:
        print(NOT_ANSWERED)
        return
    generator = torch.Generator().manual_seed(1)
    for num_layers, bidirectional in [(1, False), (3, False), (1, True), (2, True)]:
        lstm = nn.LSTM(3, 4, num_layers=num_layers, bidirectional=bidirectional)
        x = torch.randn(5, 2, 3, generator=generator)
        with torch.no_grad():
            output, (h_n, _) = lstm(x)
        got = fn(h_n, num_layers, bidirectional)
        where = f"num_layers={num_layers}, bidirectional={bidirectional}"
        if not isinstance(got, tuple):
            raise AssertionError(f"return a tuple, got {type(got).__name__} ({where})")
        wanted = [output[-1, :, :4]] + ([output[0, :, 4:]] if bidirectional else [])
        if len(got) != len(wanted):
            raise AssertionError(f"return {len(wanted)} tensor(s), got {len(got)} ({where})")
        for name, have, want in zip(("forward", "backward"), got, wanted, strict=False):
            if tuple(have.shape) != tuple(want.shape):
                raise AssertionError(
                    f"{name} has shape {tuple(have.shape)}, should be {tuple(want.shape)} ({where})"
                )
            if not torch.allclose(have, want):
                raise AssertionError(
                    f"{name} is not the top layer's final {name} state ({where}); "
                    "h_n is ordered layer by layer, forward before backward in each layer"
                )
    print("Correct: you pick the top layer's final states for every configuration.")
