"""Which tensor shapes an ``nn.LSTM`` takes, returns and holds, for 00 and 01_hidden_state.ipynb.

The functions compute shapes from a configuration without building a model, so the shape explorer
widget and the tests can call them directly. Introduced in 01_hidden_state.ipynb.
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers._validate import flag, positive_int

Shape = tuple[int, ...]


@dataclass(frozen=True)
class LSTMShapes:
    """Shapes of everything an ``nn.LSTM`` touches for one configuration and one batch."""

    input: Shape
    h0: Shape
    c0: Shape
    output: Shape
    h_n: Shape
    c_n: Shape
    parameters: dict[str, Shape]
    num_parameters: int

    def tensors(self) -> dict[str, Shape]:
        """Return the data tensors' shapes by name, in the order a forward call sees them."""
        return {
            "input": self.input,
            "h0": self.h0,
            "c0": self.c0,
            "output": self.output,
            "h_n": self.h_n,
            "c_n": self.c_n,
        }


def lstm_parameter_shapes(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> dict[str, Shape]:
    """Return ``{name: shape}`` for every parameter, named and ordered as ``nn.LSTM`` does.

    Each layer and direction has ``weight_ih`` (4·hidden, layer input), ``weight_hh``
    (4·hidden, hidden) and, with ``bias``, ``bias_ih`` and ``bias_hh`` (4·hidden,). Layers
    above the first read the previous layer's output, so their input is hidden·directions.

    Introduced in 01_hidden_state.ipynb.
    """
    positive_int("input_size", input_size)
    positive_int("hidden_size", hidden_size)
    positive_int("num_layers", num_layers)
    flag("bidirectional", bidirectional)
    flag("bias", bias)
    directions = 2 if bidirectional else 1
    shapes: dict[str, Shape] = {}
    for layer in range(num_layers):
        layer_input = input_size if layer == 0 else hidden_size * directions
        for direction in range(directions):
            suffix = f"_l{layer}" + ("_reverse" if direction == 1 else "")
            shapes[f"weight_ih{suffix}"] = (4 * hidden_size, layer_input)
            shapes[f"weight_hh{suffix}"] = (4 * hidden_size, hidden_size)
            if bias:
                shapes[f"bias_ih{suffix}"] = (4 * hidden_size,)
                shapes[f"bias_hh{suffix}"] = (4 * hidden_size,)
    return shapes


def lstm_parameter_count(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> int:
    """Return the number of trainable numbers in an ``nn.LSTM`` of this configuration.

    Per layer and direction that is 4·(H·(I + H) + 2H) with a bias, where I is the layer's
    input size. Introduced in 01_hidden_state.ipynb.
    """
    total = 0
    for shape in lstm_parameter_shapes(
        input_size, hidden_size, num_layers, bidirectional, bias
    ).values():
        size = 1
        for dim in shape:
            size *= dim
        total += size
    return total


def lstm_shapes(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    *,
    bidirectional: bool = False,
    batch_first: bool = False,
    seq_len: int = 4,
    batch: int = 1,
    bias: bool = True,
) -> LSTMShapes:
    """Return the shapes of input, h0/c0, output, h_n, c_n and every parameter, and the count.

    The input is (seq_len, batch, input_size), or (batch, seq_len, input_size) with
    ``batch_first``; ``output`` has hidden_size·directions features per step; h0, c0, h_n and
    c_n are (num_layers·directions, batch, hidden_size) whatever ``batch_first`` says.
    Invalid values raise ``ValueError`` naming the argument.

    Introduced in 01_hidden_state.ipynb.
    """
    positive_int("seq_len", seq_len)
    positive_int("batch", batch)
    flag("batch_first", batch_first)
    parameters = lstm_parameter_shapes(input_size, hidden_size, num_layers, bidirectional, bias)
    directions = 2 if bidirectional else 1
    lead = (batch, seq_len) if batch_first else (seq_len, batch)
    state = (num_layers * directions, batch, hidden_size)
    return LSTMShapes(
        input=(*lead, input_size),
        h0=state,
        c0=state,
        output=(*lead, hidden_size * directions),
        h_n=state,
        c_n=state,
        parameters=parameters,
        num_parameters=lstm_parameter_count(
            input_size, hidden_size, num_layers, bidirectional, bias
        ),
    )
