"""Self-checks for the exercises of every notebook: a success line, or a short error.

Each check reads the learner's answer through :mod:`helpers.answers`, so every check accepts
the same ways of typing a right answer and explains the same mistakes; ``None`` (not answered
yet) prints a reminder. Introduced in 00_start_here.ipynb and 01_hidden_state.ipynb (shapes),
02_gates_from_scratch.ipynb (cells) and later notebooks (each function says which).
"""

from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import permutations
from typing import TypeVar

import torch
from torch import nn

from helpers._validate import positive_int
from helpers.answers import (
    as_choice,
    as_float,
    as_function,
    as_int,
    as_shape,
    as_tensor_like,
    as_text,
    as_texts,
    describe,
    plain,
)
from helpers.i18n import N_, _, sentences
from helpers.shapes import lstm_parameter_count, lstm_shapes

NOT_ANSWERED = N_("Not answered yet: replace None with your answer and run the cell again.")
NOT_ANSWERED_FUNCTION = N_(
    "Not answered yet: replace None with your function and run the cell again."
)
C = TypeVar("C", bound=Callable[..., None])
CHOICES = (
    # The options and explanations that notebooks 00, 03, 12 and 14 pass to check_choice,
    # translated where they are shown (tests/test_i18n.py checks that every one is here).
    N_("the best device there is"),
    N_("the CPU"),
    N_("LSTM_NOTEBOOKS_DEVICE=cpu forces the CPU, GPU or not."),
    N_("the same text"),
    N_("each character from the last one alone"),
    N_("an error"),
    N_("without the state, each step sees only the character it is given."),
    N_("its gates read only x_t, never h_{t-1}"),
    N_("it has fewer parameters"),
    N_("it works in log space"),
    N_("with gates that read only x_t, h_t = a_t h_{t-1} + b_t has known coefficients."),
    N_("it runs and gives PyTorch's numbers"),
    N_("ONNX Runtime refuses, naming the shape it expected"),
    N_("it runs and returns only 5 steps"),
    N_("every axis keeps the example's size, and ONNX Runtime checks inputs against it."),
    N_("the int8 file has DynamicQuantizeLSTM"),
    N_("it still has the float32 LSTM"),
    N_("the quantiser raises an error"),
    N_("matrices of 4,096 numbers are within the folding limit, so they are stored."),
)


def _self_check(
    *, function: bool = False, settings: Callable[..., object] | None = None
) -> Callable[[C], C]:
    """Open a self-check: its first argument is the learner's answer.

    ``settings``, if given, is called first with the check's other arguments (defaults filled
    in) and raises ``ValueError`` or ``TypeError`` for a wrong one, answered or not. Then
    ``None`` (not answered yet) prints :data:`NOT_ANSWERED` and returns; with ``function``, any
    other answer must be callable (see :func:`helpers.answers.as_function`). Then the check
    itself runs.
    """

    def decorate(check: C) -> C:
        signature = inspect.signature(check)
        answer_name = next(iter(signature.parameters))

        @functools.wraps(check)
        def opened(*args: object, **kwargs: object) -> None:
            __tracebackhide__ = True  # IPython and pytest show the check's own frame only
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            if settings is not None:
                settings(**{k: v for k, v in bound.arguments.items() if k != answer_name})
            answer = bound.arguments[answer_name]
            if answer is None:
                print(_(NOT_ANSWERED_FUNCTION if function else NOT_ANSWERED))
                return
            if function:
                as_function(answer)
            check(*args, **kwargs)

        return opened  # type: ignore[return-value]

    return decorate


def _learner_error(error: Exception, where: str, hint: str) -> AssertionError:
    """Explain an error raised inside a learner's function, in one or two lines."""
    text = str(error).splitlines()[0] if str(error) else ""
    if len(text) > 160:
        text = text[:160] + "..."
    return AssertionError(
        _("your function raised {error}: {text} {where}. Hint: {hint}").format(
            error=type(error).__name__, text=text, where=where, hint=hint
        )
    )


def check_shape_answer(tensor: str, answer: tuple[int, ...] | None, **config: object) -> None:
    """Check that ``answer`` is the shape of ``tensor`` for an ``nn.LSTM`` configuration.

    ``tensor`` is one of input, h0, c0, output, h_n, c_n; ``config`` holds the keyword arguments
    of :func:`helpers.shapes.lstm_shapes`. A wrong shape raises ``AssertionError`` with a hint;
    ``None`` (not answered yet) prints a reminder. A right answer prints a success line.
    Any spelling :func:`helpers.answers.as_shape` reads is accepted (``h_n.shape`` too).
    Introduced in 01_hidden_state.ipynb.
    """
    expected = lstm_shapes(**config).tensors()  # type: ignore[arg-type]
    if tensor not in expected:
        raise ValueError(
            _("tensor must be one of {names}; got {tensor!r}").format(
                names=", ".join(expected), tensor=tensor
            )
        )
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    answer = as_shape(answer, "(1, 2, 3)", tensor=tensor)
    want = expected[tensor]
    if answer == want:
        print(_("Correct: {tensor} has shape {shape}.").format(tensor=tensor, shape=want))
        return
    hints = []
    if len(answer) != len(want):
        hints.append(
            _("{tensor} has {want} dimensions, your answer has {given}").format(
                tensor=tensor, want=len(want), given=len(answer)
            )
        )
    if tensor in {"h0", "c0", "h_n", "c_n"}:
        hints.append(
            _(
                "states are (num_layers * num_directions, batch, hidden_size), "
                "whatever batch_first says"
            )
        )
    else:
        hints.append(_("batch_first=True swaps only the first two dimensions of input and output"))
        if tensor == "output":
            hints.append(_("a bidirectional LSTM concatenates both directions' features"))
    raise AssertionError(
        _("{tensor} shape {answer} is not right: {hints}").format(
            tensor=tensor, answer=answer, hints=_("; ").join(hints)
        )
    )


def check_parameter_count(answer: int | None, **config: object) -> None:
    """Check that ``answer`` is the parameter count of ``nn.LSTM(**config)``.

    ``config`` holds input_size, hidden_size and optionally num_layers, bidirectional, bias.
    Introduced in 01_hidden_state.ipynb.
    """
    expected = lstm_parameter_count(**config)  # type: ignore[arg-type]
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    answer = as_int(answer)
    if answer == expected:
        print(_("Correct: {count:,} parameters.").format(count=expected))
        return
    hint = _("per layer and direction: 4 * (H * (I + H) + 2 * H), where I is that layer's input")
    if config.get("num_layers", 1) != 1:
        hint += _("; ") + _("layers above the first read hidden_size * num_directions features")
    raise AssertionError(
        _("{answer:,} is not the parameter count: {hint}").format(answer=answer, hint=hint)
    )


@_self_check(function=True)
def check_top_layer_states(
    fn: Callable[[torch.Tensor, int, bool], tuple[torch.Tensor, ...]] | None,
) -> None:
    """Check that ``fn(h_n, num_layers, bidirectional)`` picks the top layer's final states.

    ``fn`` must return a tuple (or list): ``(forward,)`` for a one-way LSTM and
    ``(forward, backward)`` for a bidirectional one, each of shape (batch, hidden_size), of any
    float dtype and on any device. It is checked on several random LSTMs against the matching
    slices of ``output``. An error inside ``fn`` is explained with the configuration.
    Introduced in 01_hidden_state.ipynb.
    """
    generator = torch.Generator().manual_seed(1)
    for num_layers, bidirectional in [(1, False), (3, False), (1, True), (2, True)]:
        lstm = nn.LSTM(3, 4, num_layers=num_layers, bidirectional=bidirectional)
        x = torch.randn(5, 2, 3, generator=generator)
        with torch.no_grad():
            output, (h_n, _c_n) = lstm(x)
        where = f"(num_layers={num_layers}, bidirectional={bidirectional})"
        try:
            got = fn(h_n.clone(), num_layers, bidirectional)
        except Exception as error:  # any error is explained to the learner
            raise _learner_error(
                error,
                where,
                _(
                    "your function takes (h_n, num_layers, bidirectional); h_n has "
                    "num_layers * num_directions rows, so the top layer's are the last one or two"
                ),
            ) from error
        if isinstance(got, torch.Tensor):
            raise AssertionError(
                _("return a tuple of tensors, such as (forward,), not {got} {where}").format(
                    got=describe(got), where=where
                )
            )
        if not isinstance(got, tuple | list):
            raise AssertionError(
                _("return a tuple, got {got} {where}").format(got=describe(got), where=where)
            )
        wanted = [output[-1, :, :4]] + ([output[0, :, 4:]] if bidirectional else [])
        if len(got) != len(wanted):
            raise AssertionError(
                _("return {count} tensor(s), got {given} {where}").format(
                    count=len(wanted), given=len(got), where=where
                )
            )
        directions = (N_("forward"), N_("backward"))
        for name, value, want in zip(directions, got, wanted, strict=False):
            have = as_tensor_like(value, _(name), where)
            if tuple(have.shape) != tuple(want.shape):
                raise AssertionError(
                    _("{name} has shape {shape}, should be {want} {where}").format(
                        name=_(name), shape=tuple(have.shape), want=tuple(want.shape), where=where
                    )
                )
            if not torch.allclose(have, want.double(), rtol=1e-4, atol=1e-5):
                raise AssertionError(
                    _(
                        "{name} is not the top layer's final {direction} state {where}; "
                        "h_n is ordered layer by layer, forward before backward in each layer"
                    ).format(name=_(name), direction=_(name), where=where)
                )
    print(_("Correct: you pick the top layer's final states for every configuration."))


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
    mistakes = [(_("you returned (c_new, h_new); return (h_new, c_new)"), right[::-1])]
    for block in range(4):
        mistakes.append(
            (
                _(
                    "all four gates read the same rows (block {block}) of weight_ih and "
                    "weight_hh: are they sharing one weight matrix? Each gate has its own block "
                    "of hidden_size rows, in the order i, f, g, o"
                ).format(block=block),
                _lstm_variant(*args, chunks=(block,) * 4),
            )
        )
    for order in permutations(range(4)):
        if order != (0, 1, 2, 3):
            read_as = ", ".join(LSTM_GATES[order.index(k)] for k in range(4))
            mistakes.append(
                (
                    _(
                        "gate order: PyTorch stores i, f, g, o, but you read the blocks as "
                        "{read_as}"
                    ).format(read_as=read_as),
                    _lstm_variant(*args, chunks=order),
                )
            )
    mistakes += [
        (
            _("missing bias: add bias_ih and bias_hh"),
            _lstm_variant(x, h, c, w_ih, w_hh, zero, zero),
        ),
        (_("missing bias: bias_hh is not added"), _lstm_variant(x, h, c, w_ih, w_hh, b_ih, zero)),
        (_("missing bias: bias_ih is not added"), _lstm_variant(x, h, c, w_ih, w_hh, zero, b_hh)),
        (
            _("h_new must be o * tanh(c_new), not o * c_new"),
            _lstm_variant(*args, squash_cell=False),
        ),
        (
            _("the candidate g uses tanh, not sigmoid"),
            _lstm_variant(*args, candidate=torch.sigmoid),
        ),
    ]
    return mistakes


def _close(a: torch.Tensor, b: torch.Tensor) -> bool:
    """Compare a learner's float64 CPU tensor (see ``as_tensor_like``) with a reference."""
    return a.shape == b.shape and torch.allclose(a, b.double(), rtol=1e-4, atol=1e-5)


def _randomize(cell: nn.Module, generator: torch.Generator) -> None:
    """Give every parameter uniform values in [-1, 1), so that mistakes show clearly."""
    for p in cell.parameters():
        p.copy_(torch.rand(p.shape, generator=generator) * 2 - 1)


CELL_SIZES = [(3, 5, 4), (2, 4, 4), (1, 1, 6)]
"""(batch, input_size, hidden_size) of the random cases the cell checks try."""


def _cell_cases(
    cell_class: type[nn.Module],
    seed: int,
    states: int,
) -> Iterator[tuple[nn.Module, tuple[torch.Tensor, ...], str]]:
    """Yield a randomized cell, its inputs (x and ``states`` random states) and a description."""
    generator = torch.Generator().manual_seed(seed)
    for batch, input_size, hidden_size in CELL_SIZES:
        cell = cell_class(input_size, hidden_size)
        with torch.no_grad():
            _randomize(cell, generator)
        x = torch.randn(batch, input_size, generator=generator)
        state = [torch.randn(batch, hidden_size, generator=generator) for __ in range(states)]
        where = f"(batch={batch}, input_size={input_size}, hidden_size={hidden_size})"
        yield cell, (x, *state), where


def _call_learner(
    fn: Callable[..., object], args: tuple[torch.Tensor, ...], where: str, blocks: int
) -> object:
    """Call a learner's cell on copies of ``args``; explain any error it raises."""
    try:
        return fn(*(a.clone() for a in args))
    except Exception as error:  # any error is explained to the learner
        if isinstance(error, ValueError) and "values to unpack" in str(error):
            hint = _(  # chunk(4, dim=0) splits the batch: fewer than 4 pieces here
                "the gates' sum is (batch, {blocks}*hidden): split it into the gates with "
                "chunk({blocks}, dim=1); dim=0 would split the batch"
            ).format(blocks=blocks)
        else:
            hint = _(
                "the weights are ({blocks}*hidden, features), so multiply x @ weight_ih.T"
            ).format(blocks=blocks)
        raise _learner_error(error, where, hint) from error


@_self_check(function=True)
def check_lstm_cell(fn: CellFn | None) -> None:
    """Check ``fn(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh) -> (h_new, c_new)``.

    ``x`` is (batch, input_size), ``h`` and ``c`` are (batch, hidden_size), and the weights have
    ``nn.LSTMCell``'s layouts: ``weight_ih`` (4·hidden, input), ``weight_hh`` (4·hidden, hidden),
    biases (4·hidden,), gate blocks in the order i, f, g, o. ``fn`` is compared with
    ``nn.LSTMCell`` on random inputs of several sizes; its results may have any float dtype
    and live on any device. It prints a success line, or raises ``AssertionError`` that names
    the likely mistake (shared gates, gate order, a missing bias, a wrong shape, ...).

    Introduced in 02_gates_from_scratch.ipynb.
    """
    for cell, (x, h, c), where in _cell_cases(nn.LSTMCell, seed=2, states=2):
        with torch.no_grad():
            args = (x, h, c, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
            want_h, want_c = cell(x, (h, c))
            got = _call_learner(fn, args, where, blocks=4)
            if not isinstance(got, tuple | list):
                raise AssertionError(
                    _("return a tuple (h_new, c_new), got {got}").format(got=describe(got))
                )
            if len(got) != 2:
                raise AssertionError(
                    _("return two tensors (h_new, c_new), got {count}").format(count=len(got))
                )
            have_h, have_c = (as_tensor_like(v, n, where) for v, n in zip(got, "hc", strict=True))
            for name, have, want in (("h", have_h, want_h), ("c", have_c, want_c)):
                if tuple(have.shape) != tuple(want.shape):
                    raise AssertionError(
                        _(
                            "{name} has shape {shape} but should be {want} (batch, hidden_size) "
                            "{where}"
                        ).format(
                            name=name, shape=tuple(have.shape), want=tuple(want.shape), where=where
                        )
                    )
            if _close(have_h, want_h) and _close(have_c, want_c):
                continue
            for explanation, (mistake_h, mistake_c) in _lstm_mistakes(args):
                if _close(have_h, mistake_h) and _close(have_c, mistake_c):
                    raise AssertionError(explanation)
            wrong = (
                _(
                    "h and c differ from nn.LSTMCell {where}; largest difference in h: "
                    "{error:.3g}. Check c_new = f * c + i * g and h_new = o * tanh(c_new)"
                )
                if not _close(have_c, want_c)
                else _(
                    "c is right but h differs from nn.LSTMCell {where}; largest difference in h: "
                    "{error:.3g}. Check c_new = f * c + i * g and h_new = o * tanh(c_new)"
                )
            )
            error_h = (have_h - want_h.double()).abs().max().item()
            raise AssertionError(wrong.format(where=where, error=error_h))
    print(
        _(
            "check_lstm_cell: your cell equals nn.LSTMCell for {count} sizes "
            "(batch, input_size, hidden_size) = {sizes}"
        ).format(count=len(CELL_SIZES), sizes=", ".join(map(str, CELL_SIZES)))
    )


def _steps_setting(steps: int) -> None:
    positive_int("steps", steps)


@_self_check(settings=_steps_setting)
def check_forget_half_life(forget: float | None, steps: int = 5) -> None:
    """Check that a constant forget gate ``forget`` keeps half of c after ``steps`` steps.

    With no new input, c_t = forget**t · c_0, so the answer solves forget**steps = 0.5.
    ``steps`` (set by the notebook) must be a positive int.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    forget = as_float(forget)
    if not 0 <= forget <= 1:
        raise AssertionError(
            _("a gate value lies between 0 and 1; {forget} does not").format(forget=forget)
        )
    kept = forget**steps
    if abs(kept - 0.5) <= 0.02:
        print(
            _(
                "Correct: {forget:g}**{steps} = {kept:.3f}, about half of the memory is left."
            ).format(forget=forget, steps=steps, kept=kept)
        )
        return
    wrong = (
        _(
            "with forget={forget:g}, {kept:.3f} of c is left after {steps} steps, more than "
            "half. Hint: solve forget**{steps} = 0.5"
        )
        if kept > 0.5
        else _(
            "with forget={forget:g}, {kept:.3f} of c is left after {steps} steps, less than "
            "half. Hint: solve forget**{steps} = 0.5"
        )
    )
    raise AssertionError(wrong.format(forget=forget, kept=kept, steps=steps))


@_self_check(function=True)
def check_last_valid_output(
    fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] | None,
) -> None:
    """Check ``fn(output, lengths) -> (batch, features)``: each sequence's last real step.

    ``output`` is a padded ``(seq_len, batch, features)`` tensor (as ``pad_packed_sequence``
    returns it) and ``lengths`` a 1-D tensor of the true lengths. Checked against an LSTM's
    ``h_n`` on batches with and without padding; the result may have any float dtype and live
    on any device, and an error inside ``fn`` is explained with the lengths.
    Introduced in 04_padding_and_packing.ipynb.
    """
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    generator = torch.Generator().manual_seed(4)
    lstm = nn.LSTM(3, 5)
    for lengths in ([4, 2, 3], [1, 5, 5, 2], [3, 3]):
        x = torch.randn(max(lengths), len(lengths), 3, generator=generator)
        lengths_t = torch.tensor(lengths)
        with torch.no_grad():
            packed, (h_n, _c_n) = lstm(pack_padded_sequence(x, lengths_t, enforce_sorted=False))
            output, _lengths = pad_packed_sequence(packed)
        where = _("(lengths={lengths}, output of shape {shape})").format(
            lengths=lengths, shape=tuple(output.shape)
        )
        try:
            got = fn(output.clone(), lengths_t.clone())
        except Exception as error:  # any error is explained to the learner
            hint = _(
                "output is (seq_len, batch, features), time first: output[lengths - 1, "
                "torch.arange(batch)]. Off by one? A sequence of length n ends at index "
                "n - 1"
            )
            raise _learner_error(error, where, hint) from error
        have = as_tensor_like(got, _("your result"), where)
        if tuple(have.shape) != tuple(h_n[-1].shape):
            raise AssertionError(
                _(
                    "your result has shape {shape} but should be {want} (batch, features) {where}"
                ).format(shape=tuple(have.shape), want=tuple(h_n[-1].shape), where=where)
            )
        if _close(have, h_n[-1]):
            continue
        if _close(have, output[-1]):
            raise AssertionError(
                _(
                    "output[-1] is the last padded step: for shorter sequences it "
                    "is padding (zeros), not their last real output"
                )
            )
        off_by_one = output[(lengths_t - 2).clamp(min=0), torch.arange(len(lengths))]
        if _close(have, off_by_one):
            raise AssertionError(_("off by one: a sequence of length n ends at index n - 1"))
        raise AssertionError(
            _(
                "not the last real output of each sequence {where}; "
                "use output[lengths - 1, torch.arange(batch)] or gather"
            ).format(where=where)
        )
    print(_("Correct: you pick each sequence's last real output, whatever its padding."))


def _lengths_setting(lengths: object) -> None:
    if isinstance(lengths, str) or not isinstance(lengths, Sequence) or not lengths:
        raise ValueError(
            _("lengths must be a non-empty list of positive ints, got {lengths!r}").format(
                lengths=lengths
            )
        )
    for n in lengths:
        positive_int(_("each of lengths"), n)


@_self_check(settings=_lengths_setting)
def check_batch_sizes(answer: Sequence[int] | None, lengths: Sequence[int]) -> None:
    """Check a prediction of ``PackedSequence.batch_sizes`` for sequences of these lengths.

    ``answer`` may be a list, a tuple or ``packed.batch_sizes`` itself; ``lengths`` (set by
    the notebook) a non-empty list of positive ints.
    Introduced in 04_padding_and_packing.ipynb.
    """
    expected = [sum(n > t for n in lengths) for t in range(max(lengths))]
    answer = list(as_shape(answer, "[3, 2, 1]"))
    if answer == expected:
        print(_("Correct: batch_sizes = {expected}.").format(expected=expected))
        return
    if len(answer) != len(expected):
        raise AssertionError(
            _(
                "there is one entry per time step: {steps} steps for the longest sequence, "
                "you gave {given}"
            ).format(steps=len(expected), given=len(answer))
        )
    raise AssertionError(
        _("batch_sizes[t] counts the sequences that are longer than t (still running at step t)")
    )


def _gru_variant(
    x: torch.Tensor,
    h: torch.Tensor,
    weight_ih: torch.Tensor,
    weight_hh: torch.Tensor,
    bias_ih: torch.Tensor,
    bias_hh: torch.Tensor,
    chunks: tuple[int, int, int] = (0, 1, 2),
    reset_before: bool = False,
    swap_z: bool = False,
    bias_hn_outside: bool = False,
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
    (3·hidden, hidden), biases (3·hidden,), blocks in the order r, z, n. ``h_new`` may have
    any float dtype and live on any device. It prints a success line or raises
    ``AssertionError`` naming the likely mistake: the reset gate applied before the product,
    the gate order, z and 1 − z swapped, or a wrong shape.
    Introduced in 05_gru.ipynb.
    """
    for cell, (x, h), where in _cell_cases(nn.GRUCell, seed=5, states=1):
        with torch.no_grad():
            args = (x, h, cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
            want = cell(x, h)
            got = _call_learner(fn, args, where, blocks=3)
            if isinstance(got, tuple | list):
                raise AssertionError(
                    _("return the tensor h_new alone, not a {kind} of {count}").format(
                        kind=type(got).__name__, count=len(got)
                    )
                )
            have = as_tensor_like(got, "h_new", where)
            if tuple(have.shape) != tuple(want.shape):
                raise AssertionError(
                    _(
                        "h_new has shape {shape} but should be {want} (batch, hidden_size) {where}"
                    ).format(shape=tuple(have.shape), want=tuple(want.shape), where=where)
                )
            if _close(have, want):
                continue
            mistakes = [
                (
                    _(
                        "the reset gate is applied before the product: PyTorch computes "
                        "r * (W_hn h + b_hn), not W_hn (r * h)"
                    ),
                    dict(reset_before=True),
                ),
                (
                    _(
                        "z and 1 - z are swapped: PyTorch keeps z of the old state, "
                        "h' = (1 - z) * n + z * h"
                    ),
                    dict(swap_z=True),
                ),
                (
                    _("b_hn belongs inside the reset gate's product: r * (W_hn h + b_hn)"),
                    dict(bias_hn_outside=True),
                ),
            ]
            for order in permutations(range(3)):
                if order != (0, 1, 2):
                    read_as = ", ".join("rzn"[order.index(k)] for k in range(3))
                    mistakes.append(
                        (
                            _(
                                "gate order: PyTorch stores r, z, n, but you read the blocks "
                                "as {read_as}"
                            ).format(read_as=read_as),
                            dict(chunks=order),
                        )
                    )
            for explanation, options in mistakes:
                if _close(have, _gru_variant(*args, **options)):  # type: ignore[arg-type]
                    raise AssertionError(explanation)
            raise AssertionError(
                _(
                    "h_new differs from nn.GRUCell {where}; check "
                    "n = tanh(W_in x + b_in + r * (W_hn h + b_hn)) and "
                    "h' = (1 - z) * n + z * h"
                ).format(where=where)
            )
    print(
        _("check_gru_cell: your cell equals nn.GRUCell for {count} sizes").format(
            count=len(CELL_SIZES)
        )
    )


def _gru_sizes_setting(input_size: int, hidden_size: int) -> None:
    positive_int("input_size", input_size)
    positive_int("hidden_size", hidden_size)


@_self_check(settings=_gru_sizes_setting)
def check_gru_parameter_count(answer: int | None, input_size: int, hidden_size: int) -> None:
    """Check the parameter count of a one-layer ``nn.GRU(input_size, hidden_size)``.

    The sizes (set by the notebook) must be positive ints.
    Introduced in 05_gru.ipynb.
    """
    answer = as_int(answer)
    input_size, hidden_size = int(input_size), int(hidden_size)
    expected = 3 * (hidden_size * (input_size + hidden_size) + 2 * hidden_size)
    if answer == expected:
        print(_("Correct: {count:,} parameters, 3 times a vanilla RNN's.").format(count=expected))
        return
    raise AssertionError(
        _(
            "{answer:,} is not it: a GRU has three blocks (r, z, n), each H * (I + H) + 2 * H"
        ).format(answer=answer)
    )


@_self_check(settings=_steps_setting)
def check_keep_bias(bias: float | None, steps: int = 100) -> None:
    """Check that a gate bias ``bias`` keeps half of a state after ``steps`` steps.

    A GRU unit whose update gate sits at z = sigmoid(bias), with nothing new written, keeps
    z**t of its state after t steps (so does an LSTM cell with forget gate sigmoid(bias)).
    Introduced in 06_why_gates.ipynb.
    """
    bias = as_float(bias)
    keep = torch.sigmoid(torch.tensor(bias, dtype=torch.float64)).item()
    kept = keep**steps
    if abs(kept - 0.5) <= 0.02:
        print(
            _(
                "Correct: sigmoid({bias:g}) = {keep:.4f} per step, {kept:.3f} left after "
                "{steps} steps."
            ).format(bias=bias, keep=keep, kept=kept, steps=steps)
        )
        return
    wrong = (
        _(
            "with bias {bias:g}, z = sigmoid(bias) = {keep:.4f} and {kept:.3f} of the state is "
            "left after {steps} steps, more than half. Hint: z = 0.5**(1/{steps}), then "
            "bias = log(z / (1 - z))"
        )
        if kept > 0.5
        else _(
            "with bias {bias:g}, z = sigmoid(bias) = {keep:.4f} and {kept:.3f} of the state is "
            "left after {steps} steps, less than half. Hint: z = 0.5**(1/{steps}), then "
            "bias = log(z / (1 - z))"
        )
    )
    raise AssertionError(wrong.format(bias=bias, keep=keep, kept=kept, steps=steps))


@_self_check(function=True)
def check_clip_by_norm(
    fn: Callable[[list[torch.Tensor], float], list[torch.Tensor]] | None,
) -> None:
    """Check ``fn(grads, max_norm)`` against ``torch.nn.utils.clip_grad_norm_``.

    ``fn`` takes a list of gradient tensors and returns them scaled by one common factor so
    that their joint norm is at most ``max_norm`` (unchanged when it already is), as tensors
    of any float dtype on any device. It prints a success line or raises ``AssertionError``
    naming the likely mistake.
    Introduced in 06_why_gates.ipynb.
    """
    generator = torch.Generator().manual_seed(6)
    for max_norm, size in ((1.0, 10.0), (5.0, 0.1), (0.5, 3.0)):
        grads = [
            torch.randn(3, 4, generator=generator) * size,
            torch.randn(5, generator=generator) * size,
        ]
        params = [nn.Parameter(torch.zeros_like(g)) for g in grads]
        for p, g in zip(params, grads, strict=True):
            p.grad = g.clone()
        nn.utils.clip_grad_norm_(params, max_norm)
        want = [p.grad.double() for p in params]
        joint = torch.cat([g.flatten() for g in grads]).norm().item()
        where = _("(max_norm={max_norm}, joint norm {joint:.3g})").format(
            max_norm=max_norm, joint=joint
        )
        try:
            got = fn([g.clone() for g in grads], max_norm)
        except Exception as error:  # any error is explained to the learner
            raise _learner_error(
                error, where, _("scale every tensor by min(1, max_norm / joint_norm)")
            ) from error
        if not isinstance(got, list | tuple) or len(got) != len(grads):
            raise AssertionError(
                _("return a list of {count} tensors, one per gradient, got {got} {where}").format(
                    count=len(grads), got=describe(got), where=where
                )
            )
        have = [as_tensor_like(g, _("gradient {k}").format(k=k), where) for k, g in enumerate(got)]
        if not all(g.shape == w.shape for g, w in zip(have, want, strict=True)):
            raise AssertionError(
                _("return tensors of the same shapes as the gradients {where}").format(where=where)
            )

        def close(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
            return all(
                torch.allclose(x, y.double(), rtol=1e-4, atol=1e-6)
                for x, y in zip(a, b, strict=True)
            )

        if close(have, want):
            continue
        each = [g * min(1.0, max_norm / (g.norm().item() + 1e-6)) for g in grads]
        if close(have, each):
            raise AssertionError(
                _(
                    "you clipped each tensor on its own: clip_grad_norm_ uses the "
                    "norm of all gradients together, and one factor for all"
                )
            )
        if joint <= max_norm:
            raise AssertionError(
                _(
                    "the joint norm is already at most max_norm {where}: return "
                    "the gradients unchanged, do not scale them up"
                ).format(where=where)
            )
        raise AssertionError(
            _(
                "not the clipped gradients {where}; scale every tensor by "
                "min(1, max_norm / joint_norm)"
            ).format(where=where)
        )
    print(_("Correct: your clipping equals clip_grad_norm_ on 3 cases, large and small."))


def check_choice(answer: str | None, options: dict[str, str], correct: str, why: str) -> None:
    """Check a multiple-choice answer: ``answer`` is one key of ``options``.

    Prints the options when ``answer`` is None, a success line with ``why`` when it is
    ``correct``, and raises ``AssertionError`` with the chosen option's text otherwise. Case
    and spaces do not matter, neither in the answer nor in the keys.
    Introduced in 03_step_by_step.ipynb.
    """
    if not isinstance(options, Mapping) or not options:
        raise TypeError(
            _("options must be a non-empty dict of choice: text, got {options!r}").format(
                options=options
            )
        )
    if correct not in options:
        raise ValueError(
            _("correct must be one of {keys}, got {correct!r}").format(
                keys=", ".join(options), correct=correct
            )
        )
    if answer is None:
        print(sentences(_(NOT_ANSWERED), _("Choose one of:")))
        for key, text in options.items():
            print(f"  {key!r}: {_(text)}")
        return
    key = as_choice(answer, options)
    if key == correct:
        print(_("Correct: {why}").format(why=_(why)))
        return
    raise AssertionError(
        _("not {key!r} ({text}): try the code and look again").format(key=key, text=_(options[key]))
    )


def _parity_test_strings(test_strings: object) -> None:
    """Refuse anything but the (bits, odd) pair of held-out strings (set by the notebook)."""
    pair = test_strings if isinstance(test_strings, tuple | list) else ()
    if not (
        len(pair) == 2
        and all(isinstance(t, torch.Tensor) for t in pair)
        and pair[0].dim() == 2
        and pair[1].dim() == 1
        and len(pair[0]) == len(pair[1]) > 0
    ):
        got = ", ".join(describe(t) for t in pair) if pair else describe(test_strings)
        raise TypeError(
            _(
                "test_strings must be the held-out pair (bits, odd): bits (n, length) and "
                "odd (n,), got {got}"
            ).format(got=got)
        )


def check_signed_parity(
    model: torch.nn.Module | None,
    coefficients: torch.Tensor | None,
    test_strings: tuple[torch.Tensor, torch.Tensor],
) -> None:
    """Check exercise 1 of 12: a recurrence whose coefficients a_t can be negative, on parity.

    ``model`` is your trained parity network (bits in, two scores out); ``coefficients`` are
    the a_t your cell produced on some strings (any shape); ``test_strings`` is the held-out
    ``(bits, odd)`` pair of 64-bit strings. The check measures the accuracy itself. Both
    None: prints a reminder. Introduced in 12_after_the_lstm.ipynb.
    """
    _parity_test_strings(test_strings)
    if model is None or coefficients is None:
        print(_(NOT_ANSWERED))
        return
    if not isinstance(model, torch.nn.Module):
        raise AssertionError(
            _("model must be your trained network (an nn.Module), not {kind}").format(
                kind=type(model).__name__
            )
        )
    if not hasattr(coefficients, "dtype") or getattr(coefficients, "dtype", None) in (
        torch.bool,
        bool,
    ):
        raise AssertionError(
            _("coefficients must be a float tensor of your a_t values, not {got}").format(
                got=describe(coefficients)
            )
        )
    a = as_tensor_like(coefficients, "coefficients")  # any float or integer dtype, NumPy too
    if a.numel() == 0:
        raise AssertionError(
            _(
                "coefficients is empty: give the a_t your cell computed on some strings, "
                "such as my_model.rnn.coefficients(my_model.embed(bits))"
            )
        )
    if not a.isfinite().all():
        raise AssertionError(
            _(
                "coefficients hold NaN or infinity: your cell's a_t are not numbers; "
                "check that training did not diverge (a NaN loss) and train again"
            )
        )
    if a.abs().max() > 1:  # tanh can round to exactly 1 in float32: allow [-1, 1]
        raise AssertionError(
            _(
                "keep every a_t inside [-1, 1], for example with tanh: "
                "otherwise the state can grow without bound"
            )
        )
    if a.min() >= 0:
        raise AssertionError(
            _(
                "every a_t is positive or zero: that is the minGRU again. "
                "Let a_t take negative values, for example a_t = tanh(k_t)"
            )
        )
    bits, odd = test_strings
    parameter = next(model.parameters(), None)
    try:
        with torch.no_grad():
            scores = model(bits.to(parameter.device) if parameter is not None else bits)
    except Exception as error:  # any error is explained to the learner
        raise _learner_error(
            error, _("on the 64-bit test strings"), _("the model takes bits (batch, 64)")
        ) from None
    if isinstance(scores, tuple | list):
        raise AssertionError(
            _(
                "your model returned a {kind} of {count}: return only the scores, a tensor of "
                "shape ({strings}, 2)"
            ).format(kind=type(scores).__name__, count=len(scores), strings=len(odd))
        )
    scores = as_tensor_like(scores, _("your model's output"))
    if scores.dim() != 2 or scores.shape[0] != len(odd) or scores.shape[1] < 2:
        raise AssertionError(
            _(
                "your model returned scores of shape {shape} for {strings} strings: return two "
                "scores per string, shape ({strings}, 2), even then odd"
            ).format(shape=tuple(scores.shape), strings=len(odd))
        )
    if not scores.isfinite().all():
        raise AssertionError(_("your model's scores hold NaN or infinity: train it again"))
    accuracy = (scores.argmax(dim=1) == odd.cpu()).float().mean().item()
    if accuracy < 0.95:
        raise AssertionError(
            _(
                "{accuracy:.1%} on the {bits}-bit test strings: train longer, or "
                "check that your a_t reach values near -1 for the bit 1"
            ).format(accuracy=accuracy, bits=bits.shape[-1])
        )
    print(
        _(
            "Correct: with a_t down to {lowest:.3f}, parity at length {bits} is {accuracy:.1%} "
            "(measured here on {strings} held-out strings). A negative a_t lets a 1 swap the "
            "two states."
        ).format(lowest=a.min().item(), bits=bits.shape[-1], accuracy=accuracy, strings=len(odd))
    )


def _mapping(name: str, value: object, of: str) -> Mapping:
    """Return ``value`` if it is a non-empty mapping; else ``TypeError`` naming ``name``."""
    if not isinstance(value, Mapping) or not value:
        raise TypeError(
            _("{name} must be a non-empty dict of {of}, got {value}").format(
                name=name, of=of, value=describe(value)
            )
        )
    return value


def _measure_first(steps: int) -> str:
    """Say how to measure the runs that check_perplexity_prediction compares."""
    return _(
        "run section 4 with STEPS = {steps}, then with more (the exercise says 1500; from the "
        "STEPS cell to the slider), then this cell."
    ).format(steps=steps)


PREDICTIONS = {"lower": "lower", "higher": "higher", "更低": "lower", "更高": "higher"}
"""The answers of 03's prediction: English, or the Chinese a learner may type."""


def check_perplexity_prediction(
    prediction: str | None,
    ppl_by_steps: Mapping[int, float],
    steps: int,
) -> None:
    """Check a prediction, "lower" or "higher", of the dev perplexity after more steps.

    ``ppl_by_steps`` maps training steps to the measured dev perplexity; the check compares
    the runs longer than ``steps`` (the notebook's own budget, passed by the notebook) with
    the ``steps``-step run. Case and spaces do not matter.
    Introduced in 03_step_by_step.ipynb.
    """
    if not isinstance(ppl_by_steps, Mapping):
        raise TypeError(
            _("ppl_by_steps must be a dict of steps: perplexity, got {got}").format(
                got=describe(ppl_by_steps)
            )
        )
    positive_int("steps", steps)
    if prediction is None:
        print(
            _('Not answered yet: replace None with "lower" or "higher", then {then}').format(
                then=_measure_first(steps)
            )
        )
        return
    prediction = PREDICTIONS[as_choice(prediction, PREDICTIONS)]
    longer = {n: ppl for n, ppl in ppl_by_steps.items() if n > steps}
    if not longer or steps not in ppl_by_steps:
        print(_("Measure it now: {then}").format(then=_measure_first(steps)))
        return
    measured = "lower" if min(longer.values()) < ppl_by_steps[steps] else "higher"
    table = _(", ").join(
        _("{steps} steps: {ppl:.2f}").format(steps=n, ppl=ppl)
        for n, ppl in sorted(ppl_by_steps.items())
    )
    shown = _("lower") if measured == "lower" else _("higher")
    if prediction != measured:
        raise AssertionError(
            _("measured: {measured} ({table})").format(measured=shown, table=table)
        )
    print(_("Correct: {measured} ({table}).").format(measured=shown, table=table))


@_self_check(function=True)
def check_run_in_chunks(
    fn: Callable[[nn.LSTM, torch.Tensor, int], object] | None, size: int = 7
) -> None:
    """Check ``fn(lstm, x, size) -> (output, (h_n, c_n))``: ``x`` read in chunks of ``size`` steps.

    It must equal one call, ``lstm(x)``, and call the LSTM once per chunk (a hook counts the
    steps of every call). A function that starts each chunk from zeros, runs the whole stream
    in one call, or returns the wrong state is told so. ``size`` (set by the notebook) must be
    a positive int.
    Introduced in 03_step_by_step.ipynb.
    """
    positive_int("size", size)
    generator = torch.Generator().manual_seed(3)
    lstm = nn.LSTM(8, 16)
    x = torch.randn(60, 2, 8, generator=generator)
    chunks = [len(chunk) for chunk in x.split(size)]
    where = _("(60 steps in chunks of {size})").format(size=size)
    steps_per_call: list[int] = []
    hook = lstm.register_forward_pre_hook(lambda module, args: steps_per_call.append(len(args[0])))
    try:
        with torch.no_grad():
            got = fn(lstm, x.clone(), size)
    except Exception as error:  # any error is explained to the learner
        raise _learner_error(
            error, where, _("loop over x.split(size), passing each call the state it got back")
        ) from error
    finally:
        hook.remove()  # also when the function fails, so that a second run counts afresh
    if not (isinstance(got, tuple | list) and len(got) == 2 and isinstance(got[1], tuple | list)):
        raise AssertionError(
            _("return (output, (h_n, c_n)), as lstm(x) does; got {got}").format(got=describe(got))
        )
    output = as_tensor_like(got[0], "output", where)
    state = [
        as_tensor_like(t, name, where) for t, name in zip(got[1], ("h_n", "c_n"), strict=False)
    ]
    with torch.no_grad():
        want_output, want_state = lstm(x)
        from_zeros = torch.cat([lstm(chunk)[0] for chunk in x.split(size)])
    if steps_per_call == [len(x)]:
        raise AssertionError(
            _(
                "the LSTM read all 60 steps in one call: cut x with x.split(size) and call it "
                "once per chunk"
            )
        )
    if _close(output, from_zeros) and not _close(output, want_output):
        raise AssertionError(
            _(
                "each chunk started from zeros: each chunk must start from the state the "
                "previous chunk returned (out, state = lstm(chunk, state))"
            )
        )
    if not _close(output, want_output):
        raise AssertionError(
            _(
                "output differs from lstm(x) {where}: put the chunks' outputs together with "
                "torch.cat"
            ).format(where=where)
        )
    if len(state) != 2 or not all(_close(h, w) for h, w in zip(state, want_state, strict=True)):
        raise AssertionError(
            _("output is right, the state is not: return the state the last chunk returned")
        )
    if steps_per_call != chunks:
        raise AssertionError(
            _("the LSTM read {read} steps per call, not {chunks}").format(
                read=steps_per_call, chunks=chunks
            )
        )
    print(
        _("Correct: your chunks equal one pass, {calls} calls of at most {size} steps.").format(
            calls=len(chunks), size=size
        )
    )


def check_tags(answer: Sequence[str] | str | None, model_says: tuple[str, ...]) -> None:
    """Check tags predicted for words in context against ``model_says``, the tagger's tags.

    ``("VERB", "NOUN")``, ``["verb", "noun"]`` and ``"VERB, NOUN"`` are the same answer.
    Introduced in 07_pos_tagging.ipynb.
    """
    if not isinstance(model_says, tuple) or not all(isinstance(t, str) for t in model_says):
        raise TypeError(
            _("model_says must be a tuple of tags, got {got}").format(got=describe(model_says))
        )
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    example = "(" + ", ".join(f'"{t}"' for t in ("VERB", "NOUN", "ADJ")[: len(model_says)]) + ")"
    tags = tuple(t.upper() for t in as_texts(answer, len(model_says), example))
    if tags != tuple(t.upper() for t in model_says):
        raise AssertionError(
            _("you said {tags}; the model says {model}").format(
                tags=", ".join(tags), model=", ".join(model_says)
            )
        )
    print(_("Correct: the model agrees with you."))


def check_words_only_tagger(
    tagger: nn.Module | None,
    measure: Callable[[nn.Module], float],
    with_features: float,
    epochs: int = 2,
) -> None:
    """Check a tagger trained without sub-word features: it works, and worse than with them.

    ``measure(tagger)`` returns its dev accuracy; ``with_features`` is the dev accuracy of the
    same architecture with features, trained for ``epochs`` epochs (the notebook passes the
    architecture table's). Introduced in 07_pos_tagging.ipynb.
    """
    epochs = positive_int("epochs", epochs)
    if not callable(measure):
        raise TypeError(
            _("measure must be a function of the tagger, got {got}").format(got=describe(measure))
        )
    with_features = float(with_features)
    if tagger is None:
        print(_("Not answered yet: train the words-only tagger and put it here."))
        return
    if not isinstance(tagger, nn.Module) or not hasattr(tagger, "use_features"):
        raise AssertionError(_("give your trained Tagger, not {got}").format(got=describe(tagger)))
    if tagger.use_features:
        raise AssertionError(_("build it with Tagger(..., use_features=False)"))
    dev = as_float(measure(tagger))
    if dev <= 0.8:
        raise AssertionError(
            _("{dev:.1%} on dev: train it for {epochs} epochs first").format(dev=dev, epochs=epochs)
        )
    if dev >= with_features:
        raise AssertionError(
            _(
                "{dev:.2%} on dev, not below {with_features:.2%} with features: "
                "check that it is trained as the architecture table's BiLSTM"
            ).format(dev=dev, with_features=with_features)
        )
    print(
        _(
            "Right: words only {dev:.2%} on dev, with sub-word features at least "
            "{with_features:.2%} (same {epochs} epochs)."
        ).format(dev=dev, with_features=with_features, epochs=epochs)
    )


def check_best_property(answer: str | None, gain: Mapping[str, float]) -> None:
    """Check the name of the property that gained most from context: the largest ``gain``.

    ``gain`` maps property names to "both" minus "embedding" accuracy; case and spaces of the
    answer do not matter. Introduced in 08_inside_the_tagger.ipynb.
    """
    _mapping("gain", gain, "property: gain")
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    name = as_choice(answer, gain)
    best = max(gain, key=gain.get)  # type: ignore[arg-type]
    if name != best:
        raise AssertionError(
            _("{name} gained {gain:+.1%}: look again").format(name=name, gain=gain[name])
        )
    print(_("Correct: {best}, {gain:+.1%} from context.").format(best=best, gain=gain[best]))


def check_top_unit(answer: int | None, correlations: torch.Tensor) -> None:
    """Check the unit whose correlation is largest in size, positive or negative.

    ``correlations`` holds one r per unit (``unit_correlations(...)``); the answer is a unit
    number, counted from 0. Introduced in 08_inside_the_tagger.ipynb.
    """
    if not isinstance(correlations, torch.Tensor) or correlations.dim() != 1:
        raise TypeError(
            _("correlations must be a 1-D tensor, one r per unit, got {got}").format(
                got=describe(correlations)
            )
        )
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    unit = as_int(answer, "12")
    r = correlations.detach().cpu()
    if not 0 <= unit < len(r):
        raise AssertionError(
            _("unit {unit} does not exist: the units are 0 to {last}").format(
                unit=unit, last=len(r) - 1
            )
        )
    if unit != r.abs().argmax().item():
        raise AssertionError(
            _("unit {unit} has r = {r:+.2f}: look for the largest |r|").format(unit=unit, r=r[unit])
        )
    print(_("Correct: unit {unit}, r = {r:+.2f}.").format(unit=unit, r=r[unit]))


def check_macro_f1(answer: float | None) -> None:
    """Check the macro-F1 of notebook 09's exercise 1 (confusion [[8, 2, 0], [1, 7, 2], [0, 0, 0]]).

    The answer is a fraction between 0 and 1 (``"52.6%"`` is read as 0.526); to within 0.005.
    Introduced in 09_sentence_classification.ipynb.
    """
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    from helpers.genre import f1_scores

    gold = torch.tensor([0] * 10 + [1] * 10)
    predicted = torch.tensor([0] * 8 + [1] * 2 + [0] + [1] * 7 + [2] * 2)
    expected = f1_scores(predicted, gold, 3).mean().item()
    value = as_float(answer)
    if abs(value - expected) < 0.005:
        print(_("Correct: {expected:.3f}.").format(expected=expected))
        return
    if abs(value - 100 * expected) < 0.5:
        raise AssertionError(
            _(
                "give a fraction between 0 and 1, not a percentage: {value:g} % is {fraction:.3f}"
            ).format(value=value, fraction=value / 100)
        )
    raise AssertionError(
        _("per genre: 2 * hits / (predicted + present), then the mean of the three genres")
    )


def check_genres_differ(
    sentence: str | None, bag_of_words: Callable[[list[str]], str], lstm: Callable[[list[str]], str]
) -> None:
    """Check a sentence on which two classifiers disagree.

    ``bag_of_words`` and ``lstm`` take the sentence's words (``tokenize(sentence)``) and
    return a genre name. Introduced in 09_sentence_classification.ipynb.
    """
    from helpers.vocabulary import tokenize

    if not (callable(bag_of_words) and callable(lstm)):
        raise TypeError(_("bag_of_words and lstm must be functions of a list of words"))
    if sentence is None:
        print(_("Not answered yet: replace None with your sentence and run the cell again."))
        return
    words = tokenize(as_text(sentence))
    if not words:
        raise AssertionError(
            _("give a sentence with words, not {got}").format(got=describe(sentence))
        )
    with torch.no_grad():
        by_bag, by_lstm = bag_of_words(words), lstm(words)
    if by_bag == by_lstm:
        raise AssertionError(_("both say {genre}: try another sentence").format(genre=by_lstm))
    print(
        _("Found one: the LSTM says {by_lstm}, the bag of words says {by_bag}.").format(
            by_lstm=by_lstm, by_bag=by_bag
        )
    )


def check_edits_and_per(edits: int | None, per: float | None) -> None:
    """Check the edit count and phoneme error rate of F OW N against the truth F AA N S.

    ``per`` is a fraction (``"50%"`` is read as 0.5). Introduced in 10_encoder_decoder.ipynb.
    """
    if edits is None or per is None:
        print(_("Not answered yet: replace None with your answers and run the cell again."))
        return
    from helpers.seq2seq import edit_distance, error_rates

    guess, truth = "F OW N".split(), "F AA N S".split()
    want_edits, want_per = edit_distance(guess, truth), error_rates([guess], [truth])[1]
    if as_int(edits, "1") != want_edits:
        raise AssertionError(_("count the substitutions and the insertions"))
    value = as_float(per, "0.25")
    if abs(value - want_per) < 1e-6:
        print(_("Correct: {edits} edits, PER {per:.0%}.").format(edits=want_edits, per=want_per))
        return
    if abs(value - 100 * want_per) < 1e-4:
        raise AssertionError(
            _("give PER as a fraction, not a percentage: {value:g} % is {fraction:g}").format(
                value=value, fraction=value / 100
            )
        )
    raise AssertionError(_("PER: edits over the number of TRUE phonemes"))


def check_stress_symbols(answer: int | None, without_stress: int) -> None:
    """Check the number of distinct phoneme symbols of CMUdict with its stress digits kept.

    ``without_stress`` is the count without them, for the success line; the dictionary is
    read only once an answer is given. Introduced in 10_encoder_decoder.ipynb.
    """
    without_stress = positive_int("without_stress", without_stress)
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    symbols = as_int(answer, "50")
    from helpers.data import load_cmudict

    stressed = load_cmudict(keep_stress=True)
    count = len({p for phonemes in stressed.values() for p in phonemes})
    if symbols != count:
        raise AssertionError(
            _("{symbols} is not it: count the distinct symbols").format(symbols=symbols)
        )
    print(
        _("Correct: {count} symbols, against {without_stress} without stress.").format(
            count=count, without_stress=without_stress
        )
    )


def check_persistence_mae(answer: float | None) -> None:
    """Check the MAE of persistence when the last hour is 40 °F and the truth 41, 43, 44 °F.

    Introduced in 11_forecasting.ipynb.
    """
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    from helpers.forecasting import persistence

    x = torch.zeros(1, 1, 1)
    x[0, -1, 0] = 40.0
    truth = torch.tensor([[41.0, 43.0, 44.0]])
    right = (persistence(x, future=3) - truth).abs().mean().item()
    given = as_float(answer, "1.5")
    if isinstance(answer, str) and "%" in plain(answer):
        raise AssertionError(
            _("give the error in °F, such as 1.5, without the % (not {answer!r})").format(
                answer=answer
            )
        )
    if given < 0:
        raise AssertionError(
            _("a mean absolute error is never negative (not {given:g})").format(given=given)
        )
    shortened = {round(right), math.floor(right), round(right, 1), math.floor(right * 10) / 10}
    if abs(given - right) >= 0.01 and (abs(given - right) < 0.05 or given in shortened):
        if round(given, 1) != given:  # two decimals or more: the rounding went wrong
            raise AssertionError(
                _(
                    "close, but {given:g} is not (1 + 3 + 4) / 3 rounded to two decimals: "
                    "check the rounding"
                ).format(given=given)
            )
        raise AssertionError(
            _("close: give two decimals, such as 1.23 (not {given:g})").format(given=given)
        )
    if abs(given - right) >= 0.01:
        raise AssertionError(_("persistence repeats the last hour: 40, 40, 40"))
    print(_("Correct: {right:.2f} °F.").format(right=right))


def check_window_count(
    answer: int | None, series: object, windows_72: int, future: int = 24
) -> None:
    """Check the number of training windows with 48 hours in and ``future`` hours out.

    ``series`` is what ``make_windows`` reads (the filled series); ``windows_72`` the count
    with 72 hours in, for the success line; ``future`` the notebook's ``FUTURE`` (its
    horizon), passed from the notebook. Introduced in 11_forecasting.ipynb.
    """
    windows_72 = positive_int("windows_72", windows_72)
    future = positive_int("future", future)
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    count_answer = as_int(answer, "12345")
    from helpers.forecasting import make_windows

    count = len(make_windows(series, "train", past=48, future=future))  # type: ignore[arg-type]
    if count_answer != count:
        raise AssertionError(
            _("{answer:,} is not it: a window now spans 48 + {future} hours").format(
                answer=count_answer, future=future
            )
        )
    print(
        _("Correct: {count:,} windows, against {windows_72:,} with 72 hours in.").format(
            count=count, windows_72=windows_72
        )
    )


def check_steps_per_window(answer: int | None, past: int) -> None:
    """Check the LSTM steps per window of ``past`` hours, one hour per step.

    Introduced in 11_forecasting.ipynb.
    """
    past = positive_int("past", past)
    if answer is None:
        print(_(NOT_ANSWERED))
        return
    steps = as_int(answer, "10")
    if steps != past:
        raise AssertionError(
            _("{steps} is not it: {past} hours, one hour per step").format(steps=steps, past=past)
        )
    print(
        _(
            "Correct: {past} steps, against {third} with 3 hours per step. Now compare the "
            "seconds that sections 5 and 6 print."
        ).format(past=past, third=past // 3)
    )


@_self_check(function=True)
def check_reset_lanes(
    fn: Callable[[tuple[torch.Tensor, torch.Tensor], torch.Tensor], object] | None,
) -> None:
    """Check ``fn(state, done)``: the state with the lanes whose stream starts anew set to zero.

    ``state`` is ``(h, c)``, each ``(1, batch, hidden)``; ``done`` is a bool tensor of shape
    ``(batch,)``, True where a lane's stream has ended and the next one starts. ``fn`` returns
    the pair ``(h, c)`` with those lanes zero and the other lanes unchanged. It prints a
    success line or raises ``AssertionError`` naming the likely mistake.
    Introduced in 14_shipping_an_lstm.ipynb.
    """
    generator = torch.Generator().manual_seed(14)
    for done in (torch.tensor([False, True, False, True]), torch.tensor([True, False, False])):
        batch = len(done)
        h, c = (torch.randn(1, batch, 3, generator=generator) for _ in range(2))
        if done[0]:  # a lane whose old stream went wrong: its new stream must still start at 0
            h[0, 0, 0] = math.inf
        keep = (~done).double()[None, :, None]
        want = tuple(torch.where(keep == 0, 0.0, s.double()) for s in (h, c))
        where = _("(done = {done})").format(done=done.tolist())
        try:
            got = fn((h.clone(), c.clone()), done.clone())
        except Exception as error:  # any error is explained to the learner
            raise _learner_error(
                error, where, _("the batch is dimension 1 of h and c: h[:, done] picks its lanes")
            ) from error
        if not isinstance(got, list | tuple) or len(got) != 2:
            raise AssertionError(
                _("return the pair (h, c), got {got} {where}").format(
                    got=describe(got), where=where
                )
            )
        have = [as_tensor_like(s, name, where) for s, name in zip(got, "hc", strict=True)]
        if any(s.shape != w.shape for s, w in zip(have, want, strict=True)):
            raise AssertionError(
                _(
                    "return h and c in their shape {shape} (1, batch, hidden), got {got}: the "
                    "batch is dimension 1 {where}"
                ).format(shape=tuple(h.shape), got=tuple(have[0].shape), where=where)
            )
        if all(torch.allclose(s, w) for s, w in zip(have, want, strict=True)):
            continue
        if torch.allclose(have[0], want[1]) and torch.allclose(have[1], want[0]):
            raise AssertionError(
                _("you returned (c, h): return (h, c), h first {where}").format(where=where)
            )
        if have[0][:, done].isnan().any():
            raise AssertionError(
                _(
                    "a lane that starts anew holds nan, not 0: its old h held inf, and "
                    "inf * 0 is nan. Set those lanes with torch.where, not by multiplying {where}"
                ).format(where=where)
            )
        if torch.allclose(have[0], want[0]):
            raise AssertionError(
                _("h is right, c is not: reset c too, the cell state {where}").format(where=where)
            )
        inverted = (h.double() * (1 - keep), c.double() * (1 - keep))
        if all(torch.allclose(s, w) for s, w in zip(have, inverted, strict=True)):
            raise AssertionError(
                _("you zeroed the lanes that go on, not those that start anew {where}").format(
                    where=where
                )
            )
        if all(s.abs().max() == 0 for s in have):
            raise AssertionError(
                _("you reset every lane: keep the lanes where done is False {where}").format(
                    where=where
                )
            )
        wrong = (
            _("c is right, h is not {where}")
            if torch.allclose(have[1], want[1])
            else _("h and c are not the expected state {where}")
        )
        raise AssertionError(
            _("{wrong}: lanes where done is True must be zero, the others unchanged").format(
                wrong=wrong.format(where=where)
            )
        )
    print(_("Correct: the lanes that start a new stream are zero, the others go on unchanged."))


def _state_bytes_settings(layers: int, hidden: int, bytes_per_number: int = 4) -> None:
    positive_int("layers", layers)
    positive_int("hidden", hidden)
    positive_int("bytes_per_number", bytes_per_number)


@_self_check(settings=_state_bytes_settings)
def check_state_bytes(
    answer: int | None, layers: int, hidden: int, bytes_per_number: int = 4
) -> None:
    """Check the bytes of state that an LSTM keeps per stream: h and c for every layer.

    The answer is ``layers * 2 * hidden * bytes_per_number`` (4 bytes per float32 number),
    the same at every position of the stream. Introduced in 14_shipping_an_lstm.ipynb.
    """
    answer = as_int(answer, "4096")
    expected = layers * 2 * hidden * bytes_per_number
    if answer == expected:
        print(
            _(
                "Correct: {layers} x 2 x {hidden} x {bytes} = {expected:,} bytes per stream, at "
                "the first character and at the millionth."
            ).format(layers=layers, hidden=hidden, bytes=bytes_per_number, expected=expected)
        )
        return
    hints = [
        (expected // 2, _("count c as well as h: the state is the pair (h, c)")),
        (expected // layers, _("every layer keeps its own (h, c): {layers} layers")),
        (expected // bytes_per_number, _("count bytes, not numbers: {bytes} per number")),
        (expected * 8, _("count bytes, not bits")),
    ]
    said = [
        text.format(layers=layers, bytes=bytes_per_number)
        for value, text in hints
        if value == answer and value != expected
    ]
    raise AssertionError(
        _("{answer:,} bytes is not it: {hint}").format(
            answer=answer,
            hint=_("; or ").join(said)
            if said
            else _("layers x (h and c) x hidden x bytes per number"),
        )
    )


PADDED_LENGTHS = (6, 4, 2)


def _padding_mask_setting(encoder: nn.Module) -> None:
    if not isinstance(encoder, nn.Module) or not isinstance(
        getattr(encoder, "project", None), nn.Linear
    ):
        raise TypeError(
            _(
                "encoder must be the notebook's Encoder (an nn.Module with a .project Linear "
                "layer), got {encoder}"
            ).format(encoder=describe(encoder))
        )


@_self_check(function=True, settings=_padding_mask_setting)
def check_padding_mask(fn: Callable[..., object] | None, encoder: nn.Module) -> None:
    """Check exercise 2 of 13: ``fn(encoder, x, lengths)`` must ignore the padding.

    On a batch of three sequences (lengths 6, 4 and 2, padded with zeros), each sequence's
    real positions must get the same outputs from ``fn`` in the batch as on their own, and
    the outputs ``encoder(x, lengths)`` gives. Introduced in 13_lstm_vs_transformer.ipynb.
    """
    parameter = next(encoder.parameters())
    generator = torch.Generator().manual_seed(13)
    x = torch.randn(
        len(PADDED_LENGTHS), max(PADDED_LENGTHS), encoder.project.in_features, generator=generator
    )
    for row, n in enumerate(PADDED_LENGTHS):
        x[row, n:] = 0.0  # the padding, as pad_sequence leaves it
    x = x.to(parameter.device, parameter.dtype)
    lengths = torch.tensor(PADDED_LENGTHS)

    def call(inputs: torch.Tensor, sizes: torch.Tensor, where: str) -> torch.Tensor:
        try:
            with torch.no_grad():
                got = fn(encoder, inputs.clone(), sizes.clone())
        except Exception as error:  # any error is explained to the learner
            raise _learner_error(
                error, where, _("padding is a (batch, max_len) boolean tensor, True where padded")
            ) from error
        got = as_tensor_like(got, _("your output"), where)
        if tuple(got.shape[:2]) != tuple(inputs.shape[:2]):
            raise AssertionError(
                _(
                    "your output has shape {shape} {where}: return one vector per position, "
                    "(batch, max_len, d_model)"
                ).format(shape=tuple(got.shape), where=where)
            )
        if torch.isnan(got).any():
            raise AssertionError(
                _(
                    "your output holds NaN {where}: True must mark the padded positions only, "
                    "never every position of a sequence"
                ).format(where=where)
            )
        return got.double()

    batched = call(x, lengths, _("on the padded batch"))
    if not torch.allclose(batched, call(x, lengths, _("on the padded batch")), atol=1e-5):
        raise AssertionError(_("two calls on the same batch differ: call encoder.eval() first"))
    for row, n in enumerate(PADDED_LENGTHS):
        where = _("on sequence {row} alone").format(row=row)
        alone = call(x[row : row + 1, :n], lengths[row : row + 1], where)
        if not torch.allclose(batched[row, :n], alone[0], atol=1e-5):
            raise AssertionError(
                _(
                    "sequence {row} (length {n}) gets other outputs in the padded batch than "
                    "alone: pass src_key_padding_mask, True at the padded positions"
                ).format(row=row, n=n)
            )
    with torch.no_grad():
        want = encoder(x, lengths).double()
    for row, n in enumerate(PADDED_LENGTHS):
        if not torch.allclose(batched[row, :n], want[row, :n], atol=1e-5):
            raise AssertionError(
                _(
                    "padding is ignored, but the outputs are not the encoder's: project x and "
                    "add the positions first, as the encoder's forward does"
                )
            )
    print(
        _(
            "Correct: each sequence's real positions get the same outputs in the padded batch "
            "as on their own (lengths {lengths}), and they are the encoder's outputs."
        ).format(lengths=", ".join(map(str, PADDED_LENGTHS)))
    )


def _cache_settings(layers: int, width: int, steps: int) -> None:
    for name, value in (("layers", layers), ("width", width), ("steps", steps)):
        positive_int(name, value)


@_self_check(settings=_cache_settings)
def check_kv_cache_bytes(answer: int | None, layers: int, width: int, steps: int) -> None:
    """Check the bytes of a decoder's key/value cache: keys and values, float32.

    The cache keeps, for each of ``layers`` layers and each of ``steps`` earlier steps, a key
    and a value of ``width`` numbers, 4 bytes each. Introduced in 13_lstm_vs_transformer.ipynb.
    """
    want = 2 * layers * steps * width * 4
    given = as_int(answer, "12345")
    if given == want:
        print(
            _(
                "Correct: {want:,} bytes. The LSTM's (h, c) with the same layers: {state:,} "
                "bytes, after any number of steps."
            ).format(want=want, state=2 * layers * width * 4)
        )
        return
    if given == want // 4:
        raise AssertionError(
            _("{given:,} is the count of numbers: each float32 takes 4 bytes").format(given=given)
        )
    if given * 2 == want:
        raise AssertionError(
            _("{given:,} is half of it: count keys and values, in every layer").format(given=given)
        )
    if given == 2 * width * 4 * layers:
        raise AssertionError(
            _("{given:,} is (h, c), the LSTM's: the cache grows with the steps").format(given=given)
        )
    raise AssertionError(
        _("{given:,} is not it: 2 (keys, values) x layers x steps x width x 4").format(given=given)
    )


def _budget_row_setting(row: Mapping) -> None:
    models = ("LSTM", "Transformer")
    if (
        not isinstance(row, Mapping)
        or not isinstance(row.get("steps"), int)
        or any(not isinstance(row.get(m), Mapping) or not row[m].get("dev") for m in models)
    ):
        raise TypeError(
            _(
                "row must be one row of the saved budget curve, such as curve[0], with steps "
                "and each model's dev accuracies; got {row}"
            ).format(row=describe(row))
        )


@_self_check(settings=_budget_row_setting)
def check_budget_winner(answer: str | None, row: Mapping) -> None:
    """Check the prediction before section 4 of 13: whether one tagger's seeds all beat the
    other's on dev at the row's budget.

    ``row`` is one row of the saved budget curve: ``row["steps"]`` and each model's seeds'
    dev accuracies, ``row["LSTM"]["dev"]``. The answer is 'a' when every LSTM seed beat every
    Transformer seed, 'b' for the reverse, 'c' when the seeds overlap.
    Introduced in 13_lstm_vs_transformer.ipynb.
    """
    lstm, other = row["LSTM"]["dev"], row["Transformer"]["dev"]
    correct = "a" if min(lstm) > max(other) else "b" if min(other) > max(lstm) else "c"
    options = {
        "a": _("the LSTM"),
        "b": _("the Transformer"),
        "c": _("neither: their seeds overlapped"),
    }
    key = as_choice(answer, options)
    seeds = _("at {steps} steps, dev accuracy of the seeds: LSTM {lstm}; Transformer {other}.")
    seeds = seeds.format(
        steps=row["steps"],
        lstm=", ".join(f"{a:.1%}" for a in lstm),
        other=", ".join(f"{a:.1%}" for a in other),
    )
    if key == correct:
        print(_("Correct: {seeds}").format(seeds=seeds))
        return
    raise AssertionError(
        _(
            "not {key!r} ({text}): look at {steps} steps in section 4's figure, where the "
            "shading runs from the lowest to the highest seed"
        ).format(key=key, text=options[key], steps=row["steps"])
    )
