"""The recall task of 06_why_gates.ipynb: a long-memory task for an RNN, an LSTM and a GRU.

Each sequence shows one of ``symbols`` symbols at step 0, then ``seq_len - 1`` steps of noise;
the model must name the first symbol at the very end. Chance is ``1 / symbols``.
First used in 02_gates_from_scratch.ipynb (the shared-gate mistake). 06 shows
``train_recall`` with ``inspect.getsource``: the learner reads the loop that runs, and edits
nothing in it (see STYLE.md).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import torch
from torch import nn

from helpers._validate import positive_int
from helpers.i18n import _

KINDS = ("rnn", "rnn_orthogonal", "irnn", "lstm", "gru")
"""``rnn``: PyTorch's default tanh RNN; ``rnn_orthogonal``: the same with an orthogonal recurrent
matrix; ``irnn``: a ReLU RNN whose recurrent matrix starts as the identity and whose biases
start at 0 (Le, Jaitly and Hinton 2015); ``lstm`` and ``gru``: PyTorch's layers."""
_GATED = ("lstm", "gru")


def _recurrent_layer(kind: str, input_size: int, hidden_size: int) -> nn.Module:
    """Return a fresh one-layer recurrent layer of the given kind (see ``KINDS``)."""
    if kind == "lstm":
        return nn.LSTM(input_size, hidden_size)
    if kind == "gru":
        return nn.GRU(input_size, hidden_size)
    layer = nn.RNN(input_size, hidden_size, nonlinearity="relu" if kind == "irnn" else "tanh")
    with torch.no_grad():
        if kind == "rnn_orthogonal":
            nn.init.orthogonal_(layer.weight_hh_l0)
        elif kind == "irnn":
            layer.weight_hh_l0.copy_(torch.eye(hidden_size))
            layer.bias_ih_l0.zero_()
            layer.bias_hh_l0.zero_()
    return layer


def recall_batch(
    batch: int, seq_len: int, generator: torch.Generator, symbols: int = 4
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return inputs (seq_len, batch, symbols + 1) and targets (batch,) for the recall task.

    Step 0 is the one-hot code of the symbol to remember; every later step carries Gaussian
    noise in the extra feature ``symbols``. The target is the symbol shown at step 0.
    Introduced in 06_why_gates.ipynb.
    """
    positive_int("batch", batch)
    positive_int("seq_len", seq_len)
    if not isinstance(symbols, int) or isinstance(symbols, bool) or symbols < 2:
        raise ValueError(
            _("symbols must be an int of at least 2, got {symbols!r}").format(symbols=symbols)
        )
    first = torch.randint(0, symbols, (batch,), generator=generator)
    x = torch.zeros(seq_len, batch, symbols + 1)
    x[0, torch.arange(batch), first] = 1.0
    x[1:, :, symbols] = torch.randn(seq_len - 1, batch, generator=generator)
    return x, first


def open_memory_gates(layer: nn.Module, bias: float, shut_input: bool = True) -> None:
    """Shift gate biases so that a fresh LSTM or GRU keeps its state; return nothing.

    LSTM (gates i, f, g, o): forget bias + ``bias`` and, with ``shut_input``, input bias
    − ``bias``, so the cell keeps almost all of c and writes little. GRU (gates r, z, n): update
    bias + ``bias``, so h' = (1 − z) n + z h keeps almost all of h (``shut_input`` does not
    apply). Only ``bias_ih`` moves: the gates read the sum ``bias_ih + bias_hh``. Every layer is
    changed, in place.
    Introduced in 06_why_gates.ipynb.
    """
    if isinstance(layer, nn.LSTM):
        blocks = {1: bias, 0: -bias} if shut_input else {1: bias}  # forget up, input down
    elif isinstance(layer, nn.GRU):
        blocks = {1: bias}  # update gate z (block 1) up
    else:
        raise TypeError(
            _("layer must be an nn.LSTM or nn.GRU, got {kind}").format(kind=type(layer).__name__)
        )
    H = layer.hidden_size
    with torch.no_grad():
        for name, param in layer.named_parameters():
            if name.startswith("bias_ih"):
                for block, shift in blocks.items():
                    param[block * H : (block + 1) * H] += shift


class RecallNet(nn.Module):
    """An RNN, LSTM or GRU layer (``kind``, one of ``KINDS``) and a read-out of its last output.

    A non-zero ``memory_bias`` calls :func:`open_memory_gates` (LSTM and GRU only; an RNN
    has no gate, so it raises ``ValueError``); ``shut_input=False`` opens the LSTM's forget gate
    alone, leaving its input gate as PyTorch starts it.
    Introduced in 06_why_gates.ipynb.
    """

    def __init__(
        self,
        kind: str,
        hidden_size: int = 32,
        symbols: int = 4,
        memory_bias: float = 0.0,
        shut_input: bool = True,
    ) -> None:
        super().__init__()
        if kind not in KINDS:
            raise ValueError(
                _("kind must be one of {names}, got {kind!r}").format(
                    names=", ".join(KINDS), kind=kind
                )
            )
        positive_int("hidden_size", hidden_size)
        self.kind = kind
        self.rnn = _recurrent_layer(kind, symbols + 1, hidden_size)
        self.readout = nn.Linear(hidden_size, symbols)
        if memory_bias and kind not in _GATED:
            raise ValueError(
                _("memory_bias needs gates: use 0.0 for kind={kind!r}").format(kind=kind)
            )
        if memory_bias:
            open_memory_gates(self.rnn, memory_bias, shut_input=shut_input)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return scores (batch, symbols) from the last step of x (seq_len, batch, features)."""
        output, _ = self.rnn(x)
        return self.readout(output[-1])


# Notebook 06 prints this function; its signature stays on four lines there.
# fmt: off
def train_recall(model: RecallNet, seq_len: int, *, steps: int, device: torch.device,
                 batch: int = 64, lr: float = 0.01, clip: float | None = 1.0, seed: int = 0,
                 optimizer: str = "adam",
                 on_step: Callable[[], object] | None = None) -> dict[str, list[float] | float]:
    """Train on fresh batches; return the losses, gradient norms before clipping and seconds.

    ``optimizer`` is ``"adam"`` or ``"sgd"`` (plain SGD, no momentum); the loss is the
    cross-entropy on the last step only; the gradient norm is clipped to ``clip`` (``None``:
    measured, not clipped).
    Introduced in 06_why_gates.ipynb.
    """
    positive_int("steps", steps)
    if clip is not None and not clip > 0:
        raise ValueError(f"clip must be a positive number or None, got {clip!r}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    generator = torch.Generator().manual_seed(seed)
    opt = (torch.optim.Adam if optimizer == "adam" else torch.optim.SGD)(model.parameters(), lr=lr)
    losses, grad_norms = [], []
    start = time.perf_counter()
    for _step in range(steps):
        x, y = recall_batch(batch, seq_len, generator)
        loss = nn.functional.cross_entropy(model(x.to(device)), y.to(device))
        opt.zero_grad()
        loss.backward()
        norm = nn.utils.clip_grad_norm_(
            model.parameters(),  # returns the norm before clipping
            max_norm=clip if clip is not None else math.inf,
        )
        opt.step()
        losses.append(loss.item())
        grad_norms.append(norm.item())
        if on_step is not None:
            on_step()
    return {"losses": losses, "grad_norms": grad_norms, "seconds": time.perf_counter() - start}
# fmt: on


def recall_accuracy(
    model: RecallNet, seq_len: int, device: torch.device, n: int = 1000, seed: int = 12345
) -> float:
    """Return the fraction of ``n`` held-out sequences (their own seed) whose symbol is named."""
    x, y = recall_batch(n, seq_len, torch.Generator().manual_seed(seed))
    with torch.no_grad():
        predicted = model(x.to(device)).argmax(dim=1).cpu()
    return (predicted == y).float().mean().item()


def input_gradient_norms(
    model: RecallNet, seq_len: int, device: torch.device, n: int = 256, seed: int = 777
) -> torch.Tensor:
    """Return ‖∂loss/∂x_t‖ averaged over ``n`` sequences, indexed by distance to the last step.

    Entry ``d`` belongs to input ``x_{T-1-d}``: entry 0 is the last input, entry T − 1 the first.
    Introduced in 06_why_gates.ipynb.
    """
    x, y = recall_batch(n, seq_len, torch.Generator().manual_seed(seed))
    x = x.to(device).requires_grad_(True)
    loss = nn.functional.cross_entropy(model(x), y.to(device), reduction="sum")
    (grad,) = torch.autograd.grad(loss, x)
    return grad.norm(dim=2).mean(dim=1).flip(0).cpu()


def mean_keep_gate(
    model: RecallNet, seq_len: int, device: torch.device, n: int = 256, seed: int = 777
) -> float:
    """Return the keep gate's mean over ``n`` held-out sequences, every step and unit.

    The keep gate is the forget gate f of an LSTM, the update gate z of a GRU: along the
    memory path each step multiplies by it. Raises ``TypeError`` for a model without gates.
    Introduced in 06_why_gates.ipynb.
    """
    layer = model.rnn
    if not isinstance(layer, (nn.LSTM, nn.GRU)):
        raise TypeError(
            _("mean_keep_gate needs an LSTM or GRU, got kind={kind!r}").format(kind=model.kind)
        )
    x, _targets = recall_batch(n, seq_len, torch.Generator().manual_seed(seed))
    x, H = x.to(device), layer.hidden_size
    with torch.no_grad():
        output, _state = layer(x)
        h_before = torch.cat([torch.zeros_like(output[:1]), output[:-1]])  # h_{t-1} at step t
        rows = slice(H, 2 * H)  # block 1: f (gates i, f, g, o) or z (gates r, z, n)
        keep = torch.sigmoid(
            x @ layer.weight_ih_l0[rows].T
            + layer.bias_ih_l0[rows]
            + h_before @ layer.weight_hh_l0[rows].T
            + layer.bias_hh_l0[rows]
        )
    return keep.mean().item()
