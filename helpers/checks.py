"""Self-checks for the exercises of notebooks 00 to 06 and 12: a success line, or an error.

Introduced in 01_hidden_state.ipynb (shapes), 02_gates_from_scratch.ipynb (cells) and later
notebooks (each function says which).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator, Sequence
from itertools import permutations
from typing import TypeVar

import torch
from torch import nn

from helpers._validate import positive_int
from helpers.shapes import lstm_parameter_count, lstm_shapes

NOT_ANSWERED = "Not answered yet: replace None with your answer and run the cell again."
C = TypeVar("C", bound=Callable[..., None])


def _quoted_hint(answer: object) -> str:
    return (f" Write it without quotes: {answer.strip()}" if isinstance(answer, str)
            else "")


def _plain(answer: object) -> object:
    """Return a one-number tensor's value (``torch.tensor(3).item()``); anything else as it is."""
    if isinstance(answer, torch.Tensor) and answer.numel() == 1:
        return answer.item()
    return answer


def _whole_number(answer: object) -> int:
    """Return ``answer`` as an int, or raise ``AssertionError`` saying what kind is wanted."""
    answer = _plain(answer)
    if isinstance(answer, float) and answer.is_integer():
        return int(answer)
    if isinstance(answer, bool) or not isinstance(answer, int):
        raise AssertionError(f"give a whole number such as 1234, not {answer!r} "
                             f"({type(answer).__name__})." + _quoted_hint(answer))
    return answer


def _real_number(answer: object) -> float:
    """Return ``answer`` as a float, or raise ``AssertionError`` saying what kind is wanted."""
    answer = _plain(answer)
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        raise AssertionError(f"give a number such as 0.5, not {answer!r} "
                             f"({type(answer).__name__})." + _quoted_hint(answer))
    return float(answer)


def _whole_numbers(answer: object, example: str) -> tuple[int, ...]:
    """Return a list or tuple of whole numbers as a tuple, or raise ``AssertionError``."""
    if not isinstance(answer, list | tuple):
        raise AssertionError(f"give a tuple or list of whole numbers such as {example}, not "
                             f"{answer!r} ({type(answer).__name__})")
    return tuple(_whole_number(a) for a in answer)


def _function(fn: object) -> None:
    """Raise ``AssertionError`` unless ``fn`` can be called."""
    if not callable(fn):
        raise AssertionError(f"give your function itself (its name, no parentheses), not "
                             f"{fn!r} ({type(fn).__name__})")


def _self_check(*, function: bool = False) -> Callable[[C], C]:
    """Open a self-check: its first argument is the learner's answer.

    ``None`` (not answered yet) prints :data:`NOT_ANSWERED` and returns; with ``function``, any
    other answer must be callable (see :func:`_function`). Then the check itself runs.
    """

    def decorate(check: C) -> C:
        answer_name = next(iter(inspect.signature(check).parameters))

        @functools.wraps(check)
        def opened(*args: object, **kwargs: object) -> None:
            __tracebackhide__ = True  # IPython and pytest show the check's own frame only
            answer = args[0] if args else kwargs.get(answer_name)
            if answer is None:
                print(NOT_ANSWERED)
                return
            if function:
                _function(answer)
            check(*args, **kwargs)

        return opened  # type: ignore[return-value]

    return decorate


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
    answer = _whole_numbers(answer, "(1, 2, 3)")
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
    answer = _whole_number(answer)
    if answer == expected:
        print(f"Correct: {expected:,} parameters.")
        return
    hint = "per layer and direction: 4 * (H * (I + H) + 2 * H), where I is that layer's input"
    if config.get("num_layers", 1) != 1:
        hint += "; layers above the first read hidden_size * num_directions features"
    raise AssertionError(f"{answer:,} is not the parameter count: {hint}")


@_self_check(function=True)
def check_top_layer_states(
    fn: Callable[[torch.Tensor, int, bool], tuple[torch.Tensor, ...]] | None,
) -> None:
    """Check that ``fn(h_n, num_layers, bidirectional)`` picks the top layer's final states.

    ``fn`` must return a tuple: ``(forward,)`` for a one-way LSTM and ``(forward, backward)``
    for a bidirectional one, each of shape (batch, hidden_size). It is checked on several
    random LSTMs against the matching slices of ``output``.
    Introduced in 01_hidden_state.ipynb.
    """
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


LSTM_GATES = ("i", "f", "g", "o")
"""PyTorch's order of the four blocks of rows in ``weight_ih``, ``weight_hh`` and the biases."""

CellFn = Callable[..., tuple[torch.Tensor, torch.Tensor]]


def _lstm_variant(
    x: torch.Tensor,
    h: torch.Tensor,
    c: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor,
    bias_hh: torch.Tensor,
    chunks: tuple[int, int, int, int] = (0, 1, 2, 3),
    candidate: Callable[[torch.Tensor], torch.Tensor] = torch.tanh,
    squash_cell: bool = True,
) -> tuple[torch.Tensor, torch.Tensor]:
    """An LSTM cell, or a known mistake: gate k reads block ``chunks[k]`` of the weights."""
    blocks = (x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh).chunk(4, dim=1)
    i, f, g, o = (blocks[k] for k in chunks)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), candidate(g), torch.sigmoid(o)
    c_new = f * c + i * g
    h_new = o * (torch.tanh(c_new) if squash_cell else c_new)
    return h_new, c_new


def _lstm_mistakes(args: tuple[torch.Tensor, ...]) -> list[tuple[str, tuple[torch.Tensor, ...]]]:
    """Return (explanation, (h, c)) for each mistake learners commonly make, for these inputs."""
    x, h, c, w_ih, w_hh, b_ih, b_hh = args
    zero = torch.zeros_like(b_ih)
    right = _lstm_variant(*args)
    mistakes = [("you returned (c_new, h_new); return (h_new, c_new)", right[::-1])]
    for block in range(4):
        mistakes.append((
            "your output gate looks like your forget gate: are the gates sharing one weight "
            f"matrix? Here all four gates read rows block {block}; each gate has its own block "
            "of hidden_size rows in weight_ih and weight_hh",
            _lstm_variant(*args, chunks=(block,) * 4),
        ))
    for order in permutations(range(4)):
        if order != (0, 1, 2, 3):
            read_as = ", ".join(LSTM_GATES[order.index(k)] for k in range(4))
            mistakes.append((
                f"gate order: PyTorch stores i, f, g, o, but you read the blocks as {read_as}",
                _lstm_variant(*args, chunks=order),
            ))
    mistakes += [
        ("missing bias: add bias_ih and bias_hh", _lstm_variant(x, h, c, w_ih, w_hh, zero, zero)),
        ("missing bias: bias_hh is not added", _lstm_variant(x, h, c, w_ih, w_hh, b_ih, zero)),
        ("missing bias: bias_ih is not added", _lstm_variant(x, h, c, w_ih, w_hh, zero, b_hh)),
        ("h_new must be o * tanh(c_new), not o * c_new", _lstm_variant(*args, squash_cell=False)),
        ("the candidate g uses tanh, not sigmoid", _lstm_variant(*args, candidate=torch.sigmoid)),
    ]
    return mistakes


def _close(a: object, b: torch.Tensor) -> bool:
    return (
        isinstance(a, torch.Tensor)
        and a.shape == b.shape
        and torch.allclose(a.to(b.dtype), b, rtol=1e-4, atol=1e-5)
    )


def _randomize(cell: nn.Module, generator: torch.Generator) -> None:
    """Give every parameter uniform values in [-1, 1), so that mistakes show clearly."""
    for p in cell.parameters():
        p.copy_(torch.rand(p.shape, generator=generator) * 2 - 1)


CELL_SIZES = [(3, 5, 4), (2, 4, 4), (1, 1, 6)]
"""(batch, input_size, hidden_size) of the random cases the cell checks try."""


def _cell_cases(cell_class: type[nn.Module], seed: int, states: int,
                ) -> Iterator[tuple[nn.Module, tuple[torch.Tensor, ...], str]]:
    """Yield a randomized cell, its inputs (x and ``states`` random states) and a description."""
    generator = torch.Generator().manual_seed(seed)
    for batch, input_size, hidden_size in CELL_SIZES:
        cell = cell_class(input_size, hidden_size)
        with torch.no_grad():
            _randomize(cell, generator)
        x = torch.randn(batch, input_size, generator=generator)
        state = [torch.randn(batch, hidden_size, generator=generator) for _ in range(states)]
        where = f"(batch={batch}, input_size={input_size}, hidden_size={hidden_size})"
        yield cell, (x, *state), where


def _call_learner(fn: Callable[..., object], args: tuple[torch.Tensor, ...], where: str,
                  blocks: int) -> object:
    """Call a learner's cell on copies of ``args``; explain any error it raises."""
    try:
        return fn(*(a.clone() for a in args))
    except Exception as error:  # any error is explained to the learner
        raise AssertionError(
            f"your function raised {type(error).__name__}: {error} {where}. Hint: the "
            f"weights are ({blocks}*hidden, features), so multiply x @ weight_ih.T"
        ) from error


@_self_check(function=True)
def check_lstm_cell(fn: CellFn | None) -> None:
    """Check ``fn(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh) -> (h_new, c_new)``.

    ``x`` is (batch, input_size), ``h`` and ``c`` are (batch, hidden_size), and the weights have
    ``nn.LSTMCell``'s layouts: ``weight_ih`` (4·hidden, input), ``weight_hh`` (4·hidden, hidden),
    biases (4·hidden,), gate blocks in the order i, f, g, o. ``fn`` is compared with
    ``nn.LSTMCell`` on random inputs of several sizes. It prints a success line, or raises
    ``AssertionError`` that names the likely mistake (shared gates, gate order, a missing
    bias, a wrong shape, ...).

    Introduced in 02_gates_from_scratch.ipynb.
    """
    for cell, (x, h, c), where in _cell_cases(nn.LSTMCell, seed=2, states=2):
        with torch.no_grad():
            args = (x, h, c, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
            want_h, want_c = cell(x, (h, c))
            got = _call_learner(fn, args, where, blocks=4)
            if not (isinstance(got, tuple) and len(got) == 2):
                raise AssertionError(f"return a tuple (h_new, c_new), got {type(got).__name__}")
            for name, have, want in (("h", got[0], want_h), ("c", got[1], want_c)):
                if not isinstance(have, torch.Tensor):
                    raise AssertionError(f"{name} must be a tensor, got {type(have).__name__}")
                if tuple(have.shape) != tuple(want.shape):
                    raise AssertionError(
                        f"{name} has shape {tuple(have.shape)} but should be {tuple(want.shape)} "
                        f"(batch, hidden_size) {where}"
                    )
            if _close(got[0], want_h) and _close(got[1], want_c):
                continue
            for explanation, (mistake_h, mistake_c) in _lstm_mistakes(args):
                if _close(got[0], mistake_h) and _close(got[1], mistake_c):
                    raise AssertionError(explanation)
            wrong = "h and c differ" if not _close(got[1], want_c) else "c is right but h differs"
            error_h = (got[0].to(want_h.dtype) - want_h).abs().max().item()
            raise AssertionError(
                f"{wrong} from nn.LSTMCell {where}; largest difference in h: {error_h:.3g}. "
                "Check c_new = f * c + i * g and h_new = o * tanh(c_new)"
            )
    print(f"check_lstm_cell: your cell equals nn.LSTMCell for {len(CELL_SIZES)} sizes "
          "(batch, input_size, hidden_size) = " + ", ".join(map(str, CELL_SIZES)))


@_self_check()
def check_forget_half_life(forget: float | None, steps: int = 5) -> None:
    """Check that a constant forget gate ``forget`` keeps half of c after ``steps`` steps.

    With no new input, c_t = forget**t · c_0, so the answer solves forget**steps = 0.5.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    forget = _real_number(forget)
    if not 0 <= forget <= 1:
        raise AssertionError(f"a gate value lies between 0 and 1; {forget} does not")
    kept = forget**steps
    if abs(kept - 0.5) <= 0.02:
        print(f"Correct: {forget}**{steps} = {kept:.3f}, about half of the memory is left.")
        return
    more_or_less = "more" if kept > 0.5 else "less"
    raise AssertionError(
        f"with forget={forget}, {kept:.3f} of c is left after {steps} steps, {more_or_less} than "
        f"half. Hint: solve forget**{steps} = 0.5"
    )


@_self_check(function=True)
def check_last_valid_output(
    fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None,
) -> None:
    """Check ``fn(output, lengths) -> (batch, features)``: each sequence's last real step.

    ``output`` is a padded ``(seq_len, batch, features)`` tensor (as ``pad_packed_sequence``
    returns it) and ``lengths`` a 1-D tensor of the true lengths. Checked against an LSTM's
    ``h_n`` on batches with and without padding.
    Introduced in 04_padding_and_packing.ipynb.
    """
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    generator = torch.Generator().manual_seed(4)
    lstm = nn.LSTM(3, 5)
    for lengths in ([4, 2, 3], [1, 5, 5, 2], [3, 3]):
        x = torch.randn(max(lengths), len(lengths), 3, generator=generator)
        lengths_t = torch.tensor(lengths)
        with torch.no_grad():
            packed, (h_n, _) = lstm(pack_padded_sequence(x, lengths_t, enforce_sorted=False))
            output, _ = pad_packed_sequence(packed)
        try:
            got = fn(output.clone(), lengths_t.clone())
        except IndexError as error:
            raise AssertionError(
                f"your function raised IndexError: {error} (lengths={lengths}). Off by one? A "
                "sequence of length n ends at index n - 1, and index n may not exist") from error
        if not isinstance(got, torch.Tensor):
            raise AssertionError(f"return a tensor, got {type(got).__name__}")
        if tuple(got.shape) != tuple(h_n[-1].shape):
            raise AssertionError(f"your result has shape {tuple(got.shape)} but should be "
                                 f"{tuple(h_n[-1].shape)} (batch, features), lengths={lengths}")
        if torch.allclose(got, h_n[-1]):
            continue
        if torch.allclose(got, output[-1]):
            raise AssertionError("output[-1] is the last padded step: for shorter sequences it "
                                 "is padding (zeros), not their last real output")
        off_by_one = output[(lengths_t - 2).clamp(min=0), torch.arange(len(lengths))]
        if torch.allclose(got, off_by_one):
            raise AssertionError("off by one: a sequence of length n ends at index n - 1")
        raise AssertionError(f"not the last real output of each sequence (lengths={lengths}); "
                             "use output[lengths - 1, torch.arange(batch)] or gather")
    print("Correct: you pick each sequence's last real output, whatever its padding.")


@_self_check()
def check_batch_sizes(answer: Sequence[int] | None, lengths: Sequence[int]) -> None:
    """Check a prediction of ``PackedSequence.batch_sizes`` for sequences of these lengths.

    Introduced in 04_padding_and_packing.ipynb.
    """
    expected = [sum(n > t for n in lengths) for t in range(max(lengths))]
    answer = list(_whole_numbers(answer, "[3, 2, 1]"))
    if answer == expected:
        print(f"Correct: batch_sizes = {expected}.")
        return
    if len(answer) != len(expected):
        raise AssertionError(f"there is one entry per time step: {len(expected)} steps for the "
                             f"longest sequence, you gave {len(answer)}")
    raise AssertionError("batch_sizes[t] counts the sequences that are longer than t "
                         "(still running at step t)")


def _gru_variant(
    x: torch.Tensor, h: torch.Tensor, weight_ih: torch.Tensor, weight_hh: torch.Tensor,
    bias_ih: torch.Tensor, bias_hh: torch.Tensor, chunks: tuple[int, int, int] = (0, 1, 2),
    reset_before: bool = False, swap_z: bool = False, bias_hn_outside: bool = False,
) -> torch.Tensor:
    """A GRU cell, or a known mistake: gate k reads block ``chunks[k]`` of the weights."""
    gi = (x @ weight_ih.T + bias_ih).chunk(3, dim=1)
    w_hh, b_hh = weight_hh.chunk(3, dim=0), bias_hh.chunk(3)
    r_k, z_k, n_k = chunks
    r = torch.sigmoid(gi[r_k] + h @ w_hh[r_k].T + b_hh[r_k])
    z = torch.sigmoid(gi[z_k] + h @ w_hh[z_k].T + b_hh[z_k])
    if reset_before:
        n = torch.tanh(gi[n_k] + (r * h) @ w_hh[n_k].T + b_hh[n_k])
    elif bias_hn_outside:
        n = torch.tanh(gi[n_k] + r * (h @ w_hh[n_k].T) + b_hh[n_k])
    else:
        n = torch.tanh(gi[n_k] + r * (h @ w_hh[n_k].T + b_hh[n_k]))
    return z * n + (1 - z) * h if swap_z else (1 - z) * n + z * h


@_self_check(function=True)
def check_gru_cell(fn: Callable[..., torch.Tensor] | None) -> None:
    """Check ``fn(x, h, weight_ih, weight_hh, bias_ih, bias_hh) -> h_new`` against nn.GRUCell.

    Layouts as in ``nn.GRUCell``: ``weight_ih`` (3·hidden, input), ``weight_hh``
    (3·hidden, hidden), biases (3·hidden,), blocks in the order r, z, n. It prints a success
    line or raises ``AssertionError`` naming the likely mistake: the reset gate applied before
    the product, the gate order, z and 1 − z swapped, or a wrong shape.
    Introduced in 05_gru.ipynb.
    """
    for cell, (x, h), where in _cell_cases(nn.GRUCell, seed=5, states=1):
        with torch.no_grad():
            args = (x, h, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
            want = cell(x, h)
            got = _call_learner(fn, args, where, blocks=3)
            if not isinstance(got, torch.Tensor):
                raise AssertionError(f"return the tensor h_new, got {type(got).__name__}")
            if tuple(got.shape) != tuple(want.shape):
                raise AssertionError(f"h_new has shape {tuple(got.shape)} but should be "
                                     f"{tuple(want.shape)} (batch, hidden_size) {where}")
            if _close(got, want):
                continue
            mistakes = [
                ("the reset gate is applied before the product: PyTorch computes "
                 "r * (W_hn h + b_hn), not W_hn (r * h)", dict(reset_before=True)),
                ("z and 1 - z are swapped: PyTorch keeps z of the old state, "
                 "h' = (1 - z) * n + z * h", dict(swap_z=True)),
                ("b_hn belongs inside the reset gate's product: r * (W_hn h + b_hn)",
                 dict(bias_hn_outside=True)),
            ]
            for order in permutations(range(3)):
                if order != (0, 1, 2):
                    read_as = ", ".join("rzn"[order.index(k)] for k in range(3))
                    mistakes.append((f"gate order: PyTorch stores r, z, n, but you read the "
                                     f"blocks as {read_as}", dict(chunks=order)))
            for explanation, options in mistakes:
                if _close(got, _gru_variant(*args, **options)):  # type: ignore[arg-type]
                    raise AssertionError(explanation)
            raise AssertionError(f"h_new differs from nn.GRUCell {where}; check "
                                 "n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) and "
                                 "h' = (1 - z) * n + z * h")
    print(f"check_gru_cell: your cell equals nn.GRUCell for {len(CELL_SIZES)} sizes")


@_self_check()
def check_gru_parameter_count(answer: int | None, input_size: int, hidden_size: int) -> None:
    """Check the parameter count of a one-layer ``nn.GRU(input_size, hidden_size)``.

    Introduced in 05_gru.ipynb.
    """
    answer = _whole_number(answer)
    expected = 3 * (hidden_size * (input_size + hidden_size) + 2 * hidden_size)
    if answer == expected:
        print(f"Correct: {expected:,} parameters, 3 times a vanilla RNN's.")
        return
    raise AssertionError(f"{answer:,} is not it: a GRU has three blocks (r, z, n), each "
                         "H * (I + H) + 2 * H")


@_self_check()
def check_keep_bias(bias: float | None, steps: int = 100) -> None:
    """Check that a gate bias ``bias`` keeps half of a state after ``steps`` steps.

    A GRU unit whose update gate sits at z = sigmoid(bias), with nothing new written, keeps
    z**t of its state after t steps (so does an LSTM cell with forget gate sigmoid(bias)).
    Introduced in 06_why_gates.ipynb.
    """
    positive_int("steps", steps)
    bias = _real_number(bias)
    keep = torch.sigmoid(torch.tensor(bias, dtype=torch.float64)).item()
    kept = keep**steps
    if abs(kept - 0.5) <= 0.02:
        print(f"Correct: sigmoid({bias}) = {keep:.4f} per step, {kept:.3f} left after "
              f"{steps} steps.")
        return
    more_or_less = "more" if kept > 0.5 else "less"
    raise AssertionError(
        f"with bias {bias}, z = sigmoid(bias) = {keep:.4f} and {kept:.3f} of the state is left "
        f"after {steps} steps, {more_or_less} than half. Hint: z = 0.5**(1/{steps}), then "
        "bias = log(z / (1 - z))"
    )


@_self_check(function=True)
def check_clip_by_norm(fn: Callable[[list[torch.Tensor], float], list[torch.Tensor]] | None,
                       ) -> None:
    """Check ``fn(grads, max_norm)`` against ``torch.nn.utils.clip_grad_norm_``.

    ``fn`` takes a list of gradient tensors and returns them scaled by one common factor so
    that their joint norm is at most ``max_norm`` (unchanged when it already is). It prints a
    success line or raises ``AssertionError`` naming the likely mistake.
    Introduced in 06_why_gates.ipynb.
    """
    generator = torch.Generator().manual_seed(6)
    for max_norm, size in ((1.0, 10.0), (5.0, 0.1), (0.5, 3.0)):
        grads = [torch.randn(3, 4, generator=generator) * size,
                 torch.randn(5, generator=generator) * size]
        params = [nn.Parameter(torch.zeros_like(g)) for g in grads]
        for p, g in zip(params, grads, strict=True):
            p.grad = g.clone()
        nn.utils.clip_grad_norm_(params, max_norm)
        want = [p.grad for p in params]
        joint = torch.cat([g.flatten() for g in grads]).norm().item()
        where = f"(max_norm={max_norm}, joint norm {joint:.3g})"
        try:
            got = fn([g.clone() for g in grads], max_norm)
        except Exception as error:  # any error is explained to the learner
            raise AssertionError(f"your function raised {type(error).__name__}: {error} "
                                 f"{where}") from error
        if not isinstance(got, list | tuple) or len(got) != len(grads):
            raise AssertionError(f"return a list of {len(grads)} tensors, one per gradient, "
                                 f"got {type(got).__name__} {where}")
        if not all(isinstance(g, torch.Tensor) and g.shape == w.shape
                   for g, w in zip(got, want, strict=True)):
            raise AssertionError(f"return tensors of the same shapes as the gradients {where}")
        if all(torch.allclose(g, w, rtol=1e-4, atol=1e-6) for g, w in zip(got, want, strict=True)):
            continue
        each = [g * min(1.0, max_norm / (g.norm().item() + 1e-6)) for g in grads]
        if all(torch.allclose(g, e, rtol=1e-4, atol=1e-6) for g, e in zip(got, each, strict=True)):
            raise AssertionError("you clipped each tensor on its own: clip_grad_norm_ uses the "
                                 "norm of all gradients together, and one factor for all")
        if joint <= max_norm:
            raise AssertionError(f"the joint norm is already at most max_norm {where}: return "
                                 "the gradients unchanged, do not scale them up")
        raise AssertionError(f"not the clipped gradients {where}; scale every tensor by "
                             "min(1, max_norm / joint_norm)")
    print("Correct: your clipping equals clip_grad_norm_ on 3 cases, large and small.")


def check_choice(answer: str | None, options: dict[str, str], correct: str, why: str) -> None:
    """Check a multiple-choice answer: ``answer`` is one key of ``options``.

    Prints the options when ``answer`` is None, a success line with ``why`` when it is
    ``correct``, and raises ``AssertionError`` with the chosen option's text otherwise.
    Introduced in 03_step_by_step.ipynb.
    """
    if correct not in options:
        raise ValueError(f"correct must be one of {', '.join(options)}, got {correct!r}")
    if answer is None:
        print(NOT_ANSWERED + " Choose one of:")
        for key, text in options.items():
            print(f"  {key!r}: {text}")
        return
    if not isinstance(answer, str) or answer.strip().lower() not in options:
        raise AssertionError(f"answer with one of {', '.join(map(repr, options))}, "
                             f"not {answer!r}")
    answer = answer.strip().lower()
    if answer == correct:
        print(f"Correct: {why}")
        return
    raise AssertionError(f"not {answer!r} ({options[answer]}): try the code and look again")


def check_signed_parity(model: torch.nn.Module | None, coefficients: torch.Tensor | None,
                        test_strings: tuple[torch.Tensor, torch.Tensor]) -> None:
    """Check exercise 1 of 12: a recurrence whose coefficients a_t can be negative, on parity.

    ``model`` is your trained parity network (bits in, two scores out); ``coefficients`` are
    the a_t your cell produced on some strings (any shape); ``test_strings`` is the held-out
    ``(bits, odd)`` pair of 64-bit strings. The check measures the accuracy itself. Both
    None: prints a reminder. Introduced in 12_after_the_lstm.ipynb.
    """
    if model is None or coefficients is None:
        print(NOT_ANSWERED)
        return
    if not isinstance(model, torch.nn.Module):
        raise AssertionError(f"model must be your trained network (an nn.Module), not "
                             f"{type(model).__name__}")
    if not isinstance(coefficients, torch.Tensor) or not coefficients.is_floating_point():
        raise AssertionError(f"coefficients must be a float tensor of your a_t values, not "
                             f"{type(coefficients).__name__}")
    a = coefficients.detach()
    if a.abs().max() > 1:  # tanh can round to exactly 1 in float32: allow [-1, 1]
        raise AssertionError("keep every a_t inside [-1, 1], for example with tanh: "
                             "otherwise the state can grow without bound")
    if a.min() >= 0:
        raise AssertionError("every a_t is positive or zero: that is the minGRU again. "
                             "Let a_t take negative values, for example a_t = tanh(k_t)")
    bits, odd = test_strings
    parameter = next(model.parameters(), None)
    with torch.no_grad():
        scores = model(bits.to(parameter.device) if parameter is not None else bits)
    accuracy = (scores.argmax(dim=1).cpu() == odd.cpu()).float().mean().item()
    if accuracy < 0.95:
        raise AssertionError(f"{accuracy:.1%} on the 64-bit test strings: train longer, or "
                             "check that your a_t reach values near -1 for the bit 1")
    print(f"Correct: with a_t down to {a.min().item():.3f}, parity at length 64 is "
          f"{accuracy:.1%} (measured here on {len(odd)} held-out strings). A negative a_t "
          "lets a 1 swap the two states.")
