"""Every self-check of helpers/checks.py: one table per group of checks, one row per answer.

A row is (id, call, verdict). CORRECT: the check prints its success line. NOT_ANSWERED: it
prints that the exercise is not answered yet (NOT_ANSWERED_FUNCTION for a function exercise).
ACCEPTED: the call returns. rejected(phrases): an ``AssertionError`` (a learner's answer) or the
given error (an argument the notebook sets) whose message contains every phrase and stays short
(at most three lines). Rows named K.. and N.. are the CRASH and SILENT cases of the bad-inputs
review of 2026-12-02; rows named +... are answers right, wrong or typed another way.

A tensor "on another device" is :class:`OnAnotherDevice`, which fails like a CUDA tensor when
mixed with a CPU one and comes back with ``.cpu()``; meta tensors, which hold no values, are
refused with a message.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import torch

import helpers.data
from helpers.checks import (
    NOT_ANSWERED_FUNCTION,
    check_batch_sizes,
    check_best_property,
    check_choice,
    check_clip_by_norm,
    check_edits_and_per,
    check_forget_half_life,
    check_genres_differ,
    check_gru_cell,
    check_gru_parameter_count,
    check_keep_bias,
    check_last_valid_output,
    check_lstm_cell,
    check_macro_f1,
    check_parameter_count,
    check_perplexity_prediction,
    check_persistence_mae,
    check_reset_lanes,
    check_run_in_chunks,
    check_shape_answer,
    check_state_bytes,
    check_steps_per_window,
    check_stress_symbols,
    check_tags,
    check_top_layer_states,
    check_top_unit,
)
from helpers.shapes import lstm_shapes

CORRECT, ACCEPTED, NOT_ANSWERED = "correct", "accepted", "not answered"
SUCCESS = ("Correct", "Right", "Found one", "check_lstm_cell: your cell", "check_gru_cell: your")
MESSAGE_CHARACTERS, MESSAGE_NEWLINES = 400, 2  # a learner's error: at most three short lines


def rejected(*phrases: str, error: type[Exception] = AssertionError) -> tuple:
    return (error, phrases)


def judge(call, verdict, capsys) -> None:
    """Run ``call`` and assert that it gets ``verdict``."""
    if not isinstance(verdict, tuple):
        call()
        out = capsys.readouterr().out
        if verdict == NOT_ANSWERED:
            assert out.startswith("Not answered yet"), out
        elif verdict == NOT_ANSWERED_FUNCTION:
            assert out.strip() == NOT_ANSWERED_FUNCTION, out
        else:
            assert "Not answered" not in out, out
        if verdict == CORRECT:
            assert out.startswith(SUCCESS), out
        return
    error, phrases = verdict
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert type(caught.value) is error, repr(caught.value)
    assert all(phrase in message for phrase in phrases), message
    assert len(message) <= MESSAGE_CHARACTERS, message
    assert message.count("\n") <= MESSAGE_NEWLINES, message


def table(rows: list) -> list:
    return [pytest.param(call, verdict, id=name) for name, call, verdict in rows]


class OnAnotherDevice(torch.Tensor):
    """A CPU tensor that behaves like a CUDA one: mixed with a CPU tensor it fails."""

    device = property(lambda self: torch.device("cuda", 0))  # type: ignore[assignment]
    PLAIN = {
        "__get__",
        "dim",
        "numel",
        "size",
        "is_floating_point",
        "is_complex",
        "__len__",
        "__repr__",
        "__format__",
        "cpu",
        "tolist",
        "item",
    }
    SAME_DEVICE = {"detach", "clone", "double", "float"}

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        name = getattr(func, "__name__", "")
        with torch._C.DisableTorchFunctionSubclass():
            if name in cls.PLAIN:
                result = func(*args, **(kwargs or {}))
                return result.as_subclass(torch.Tensor) if type(result) is cls else result
            if name in cls.SAME_DEVICE:
                return func(*args, **(kwargs or {})).as_subclass(cls)
        raise RuntimeError(
            "Expected all tensors to be on the same device, but found at least "
            "two devices, cuda:0 and cpu!"
        )


def elsewhere(t: torch.Tensor) -> torch.Tensor:
    return t.detach().clone().as_subclass(OnAnotherDevice)


def test_the_stand_in_fails_like_a_cuda_tensor_and_comes_back_with_cpu():
    t = elsewhere(torch.ones(2))
    with pytest.raises(RuntimeError, match="same device"):
        torch.allclose(t, torch.ones(2))
    assert type(t.cpu()) is torch.Tensor and t.device.type == "cuda"


# Learners' functions, right and wrong.
def good_top(h_n, num_layers, bidirectional):
    dirs = 2 if bidirectional else 1
    top = h_n.view(num_layers, dirs, h_n.shape[1], h_n.shape[2])[-1]
    return tuple(top[d] for d in range(dirs))


def good_lstm(x, h, c, w_ih, w_hh, b_ih, b_hh):
    i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_new), c_new


def good_gru(x, h, w_ih, w_hh, b_ih, b_hh):
    ir, iz, i_n = (x @ w_ih.T + b_ih).chunk(3, dim=1)
    hr, hz, h_n = (h @ w_hh.T + b_hh).chunk(3, dim=1)
    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
    return (1 - z) * torch.tanh(i_n + r * h_n) + z * h


def good_last(output, lengths):
    return output[lengths - 1, torch.arange(len(lengths))]


def good_clip(grads, max_norm):
    total = torch.cat([g.flatten() for g in grads]).norm()
    return [g * min(1.0, max_norm / (total.item() + 1e-6)) for g in grads]


def top_raises(h_n, num_layers, bidirectional):
    return (h_n[num_layers],)


def top_one_arg(h_n):
    return (h_n[-1],)


def top_last_rows(h_n, num_layers, bidirectional):  # h_n[-2:], backward first
    return (h_n[-1],) if not bidirectional else (h_n[-1], h_n[-2])


def lstm_cell(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh, order="ifgo", biases=(1, 1)):
    """A correct LSTM cell, or a broken one: ``order`` names how the blocks are read."""
    z = x @ weight_ih.T + biases[0] * bias_ih + h @ weight_hh.T + biases[1] * bias_hh
    blocks = dict(zip(order, z.chunk(4, dim=1), strict=True))
    i, f, o = (torch.sigmoid(blocks[k]) for k in "ifo")
    c_new = f * c + i * torch.tanh(blocks["g"])
    return o * torch.tanh(c_new), c_new


def chunk_dim0(x, h, c, w_ih, w_hh, b_ih, b_hh):  # the slip 02 section 4 warns about
    i, f, g, o = (x @ w_ih.T + b_ih + h @ w_hh.T + b_hh).chunk(4, dim=0)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_new), c_new


def chunked(lstm, x, size):
    state, outputs = None, []
    for chunk in x.split(size):
        out, state = lstm(chunk, state)
        outputs.append(out)
    return torch.cat(outputs), state


def chunks_from_zeros(lstm, x, size):  # 03's headline mistake: the state is not carried
    return torch.cat([lstm(chunk)[0] for chunk in x.split(size)]), lstm(x)[1]


def shared_gates(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    size = h.shape[1]
    z = x @ weight_ih[:size].T + bias_ih[:size] + h @ weight_hh[:size].T + bias_hh[:size]
    i = f = o = torch.sigmoid(z)
    c_new = f * c + i * torch.tanh(z)
    return o * torch.tanh(c_new), c_new


def lstm_no_tanh(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    i, f, g, o = (x @ weight_ih.T + bias_ih + h @ weight_hh.T + bias_hh).chunk(4, dim=1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * c_new, c_new


def lstm_in_place(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh):
    result = lstm_cell(x, h, c, weight_ih, weight_hh, bias_ih, bias_hh)
    weight_ih.zero_()  # must not break the reference, computed afterwards from a copy
    return result


def gru_cell(x, h, w_ih, w_hh, b_ih, b_hh, order="rzn", reset_before=False, swap=False):
    """A correct GRU cell, or a broken one (block order, reset before the product, z swapped)."""
    gi = dict(zip(order, (x @ w_ih.T + b_ih).chunk(3, dim=1), strict=True))
    w = dict(zip(order, w_hh.chunk(3), strict=True))
    b = dict(zip(order, b_hh.chunk(3), strict=True))
    r = torch.sigmoid(gi["r"] + h @ w["r"].T + b["r"])
    z = torch.sigmoid(gi["z"] + h @ w["z"].T + b["z"])
    if reset_before:
        n = torch.tanh(gi["n"] + (r * h) @ w["n"].T + b["n"])
    else:
        n = torch.tanh(gi["n"] + r * (h @ w["n"].T + b["n"]))
    return z * n + (1 - z) * h if swap else (1 - z) * n + z * h


def clip_each_on_its_own(grads, max_norm):
    return [g * min(1.0, max_norm / (g.norm().item() + 1e-6)) for g in grads]


def clip_always_scaled(grads, max_norm):
    total = torch.cat([g.flatten() for g in grads]).norm()
    return [g * max_norm / total for g in grads]


def clip_raises(grads, max_norm):
    raise KeyError("x")


OPTIONS = {"a": "the same text", "b": "one character of context", "c": "an error"}


NB01 = dict(
    input_size=10,
    hidden_size=20,
    num_layers=3,
    bidirectional=True,
    batch_first=True,
    seq_len=12,
    batch=7,
)
H_N = torch.randn(lstm_shapes(**NB01).h_n)
BIAS = math.log(0.5 ** (1 / 100) / (1 - 0.5 ** (1 / 100)))  # keeps half after 100 steps
PPL = {400: 5.1, 1500: 4.3}
GAIN = {"Number": -0.03, "Tense": 0.12, "Relation": 0.09, "Head side": 0.07}
R = torch.linspace(-0.2, 0.2, 96)
R[12] = 0.6  # unit 12 correlates most


# 01: shapes, parameter counts, the top layer's states (check_parameter_count also in 00, 02)
SHAPES = [
    (
        "K17",
        lambda: check_shape_answer("output", (np.int64(7), np.int64(12), np.int64(40)), **NB01),
        CORRECT,
    ),
    ("K19", lambda: check_shape_answer("h_n", H_N, **NB01), rejected("write h_n.shape")),
    ("+shape torch.Size", lambda: check_shape_answer("h_n", H_N.shape, **NB01), CORRECT),
    ("+shape list", lambda: check_shape_answer("h_n", [6, 7, 20], **NB01), CORRECT),
    ("+shape quoted", lambda: check_shape_answer("h_n", "(6, 7, 20)", **NB01), CORRECT),
    (
        "+shape quoted Size",
        lambda: check_shape_answer("h_n", "torch.Size([6, 7, 20])", **NB01),
        CORRECT,
    ),
    (
        "+shape int tensor",
        lambda: check_shape_answer("h_n", torch.tensor([6, 7, 20]), **NB01),
        CORRECT,
    ),
    (
        "+shape NumPy array",
        lambda: check_shape_answer("h_n", np.array([6, 7, 20]), **NB01),
        CORRECT,
    ),
    ("+shape quoted element", lambda: check_shape_answer("h_n", ("6", 7, 20.0), **NB01), CORRECT),
    (
        "+shape wrong",
        lambda: check_shape_answer("h_n", (7, 6, 20), **NB01),
        rejected("whatever batch_first says"),
    ),
    (
        "+shape words",
        lambda: check_shape_answer("h_n", "six by seven", **NB01),
        rejected("whole numbers in order"),
    ),
    ("+shape not answered", lambda: check_shape_answer("h_n", None, **NB01), NOT_ANSWERED),
    ("+shape output", lambda: check_shape_answer("output", (7, 12, 40), **NB01), CORRECT),
    (
        "+shape one direction",
        lambda: check_shape_answer("output", (7, 12, 20), **NB01),
        rejected("concatenates both directions"),
    ),
    (
        "+shape unknown tensor",
        lambda: check_shape_answer("cell", (1,), **NB01),
        rejected("tensor must be one of", error=ValueError),
    ),
    (
        "+shape a word inside",
        lambda: check_shape_answer("h_n", "(1, seven, 20)", input_size=10, hidden_size=20),
        rejected("whole numbers in order"),
    ),
    (
        "+shape a word element",
        lambda: check_shape_answer("h_n", ("one", 7, 20), input_size=10, hidden_size=20),
        rejected("whole number"),
    ),
    (
        "+shape list unbatched config",
        lambda: check_shape_answer("h_n", [1, 7, 20], input_size=10, hidden_size=20, batch=7),
        CORRECT,
    ),
    ("K27", lambda: check_parameter_count("5,376", input_size=8, hidden_size=32), CORRECT),
    (
        "K135",
        lambda: check_parameter_count((5, 376), input_size=8, hidden_size=32),
        rejected("without commas, 5376"),
    ),
    (
        "+count a shape",
        lambda: check_parameter_count((6, 7, 20), input_size=8, hidden_size=32),
        rejected("whole number such as 1234, not (6, 7, 20)"),
    ),
    ("K37", lambda: check_parameter_count(np.int64(5376), input_size=8, hidden_size=32), CORRECT),
    (
        "+count quoted",
        lambda: check_parameter_count(" 5376 ", input_size=8, hidden_size=32),
        CORRECT,
    ),
    (
        "+count spaced",
        lambda: check_parameter_count("5 376", input_size=8, hidden_size=32),
        CORRECT,
    ),
    (
        "+count whole float",
        lambda: check_parameter_count(5376.0, input_size=8, hidden_size=32),
        CORRECT,
    ),
    (
        "+count tensor",
        lambda: check_parameter_count(torch.tensor(5376), input_size=8, hidden_size=32),
        CORRECT,
    ),
    (
        "+count wrong",
        lambda: check_parameter_count(5000, input_size=8, hidden_size=32),
        rejected("4 * (H * (I + H) + 2 * H)"),
    ),
    (
        "+count bool",
        lambda: check_parameter_count(True, input_size=8, hidden_size=32),
        rejected("whole number such as 1234"),
    ),
    (
        "+count tensor of many",
        lambda: check_parameter_count(H_N, input_size=8, hidden_size=32),
        rejected("one whole number"),
    ),
    (
        "+count not answered",
        lambda: check_parameter_count(None, input_size=10, hidden_size=20),
        NOT_ANSWERED,
    ),
    (
        "+count two layers",
        lambda: check_parameter_count(5920, input_size=10, hidden_size=20, num_layers=2),
        CORRECT,
    ),
    (
        "+count upper layer as the first",
        lambda: check_parameter_count(5120, input_size=10, hidden_size=20, num_layers=2),
        rejected("layers above the first"),
    ),
    (
        "+count words after it",
        lambda: check_parameter_count("5376 weights", input_size=8, hidden_size=32),
        rejected("whole number such as 1234, not the text '5376 weights'"),
    ),
    (
        "+count a half",
        lambda: check_parameter_count(5376.5, input_size=8, hidden_size=32),
        rejected("whole number"),
    ),
    (
        "K46",
        lambda: check_top_layer_states(top_raises),
        rejected("raised IndexError: index 1 is out of bounds"),
    ),
    (
        "K47",
        lambda: check_top_layer_states(top_one_arg),
        rejected("takes (h_n, num_layers, bidirectional)"),
    ),
    (
        "K48",
        lambda: check_top_layer_states(lambda h_n, n, b: (None,) * (1 + b)),
        rejected("forward must be a tensor, got None"),
    ),
    (
        "K49",
        lambda: check_top_layer_states(
            lambda h_n, n, b: tuple(t.numpy() for t in good_top(h_n, n, b))
        ),
        CORRECT,
    ),
    (
        "K50",
        lambda: check_top_layer_states(
            lambda h_n, n, b: tuple(t.double() for t in good_top(h_n, n, b))
        ),
        CORRECT,
    ),
    (
        "K53",
        lambda: check_top_layer_states(
            lambda h_n, n, b: tuple(t.to("meta") for t in good_top(h_n, n, b))
        ),
        rejected("meta device, which holds no values"),
    ),
    (
        "+top other device",
        lambda: check_top_layer_states(
            lambda h_n, n, b: tuple(elsewhere(t) for t in good_top(h_n, n, b))
        ),
        CORRECT,
    ),
    (
        "+top list",
        lambda: check_top_layer_states(lambda h_n, n, b: list(good_top(h_n, n, b))),
        CORRECT,
    ),
    (
        "+top one tensor",
        lambda: check_top_layer_states(lambda h_n, n, b: h_n[-1]),
        rejected("return a tuple of tensors"),
    ),
    ("+top not answered", lambda: check_top_layer_states(None), NOT_ANSWERED_FUNCTION),
    ("+top solution", lambda: check_top_layer_states(good_top), CORRECT),
    (
        "+top last two rows",
        lambda: check_top_layer_states(top_last_rows),
        rejected("forward before backward"),
    ),
    (
        "+top first layer",
        lambda: check_top_layer_states(lambda h_n, n, b: tuple(h_n[: 2 if b else 1])),
        rejected("not the top layer's final forward state"),
    ),
    (
        "+top wrong shape",
        lambda: check_top_layer_states(lambda h_n, n, b: (torch.zeros(1, 4),) * (2 if b else 1)),
        rejected("should be"),
    ),
    ("+top a name", lambda: check_top_layer_states("f"), rejected("your function itself")),
]


@pytest.mark.parametrize(("call", "verdict"), table(SHAPES))
def test_the_shape_checks_of_01(call, verdict, capsys):
    judge(call, verdict, capsys)


# 02 and 05: the cells from scratch, the forget gate's half-life, the GRU's parameters
CELLS = [
    (
        "K57",
        lambda: check_lstm_cell(lambda *a: (*good_lstm(*a), good_lstm(*a)[1])),
        rejected("return two tensors (h_new, c_new), got 3"),
    ),
    (
        "K63",
        lambda: check_lstm_cell(lambda *a: tuple(t.to("meta") for t in good_lstm(*a))),
        rejected("meta device"),
    ),
    (
        "+cell other device",
        lambda: check_lstm_cell(lambda *a: tuple(elsewhere(t) for t in good_lstm(*a))),
        CORRECT,
    ),
    (
        "+cell float64",
        lambda: check_lstm_cell(lambda *a: tuple(t.double() for t in good_lstm(*a))),
        CORRECT,
    ),
    (
        "+cell NumPy",
        lambda: check_lstm_cell(lambda *a: tuple(t.numpy() for t in good_lstm(*a))),
        CORRECT,
    ),
    ("+cell list", lambda: check_lstm_cell(lambda *a: list(good_lstm(*a))), CORRECT),
    (
        "+cell swapped",
        lambda: check_lstm_cell(lambda *a: good_lstm(*a)[::-1]),
        rejected("you returned (c_new, h_new)"),
    ),
    (
        "+cell raises",
        lambda: check_lstm_cell(lambda *a: a[0] @ a[3]),
        rejected("multiply x @ weight_ih.T"),
    ),
    (
        "+cell chunks the batch",
        lambda: check_lstm_cell(chunk_dim0),
        rejected("split it into the gates with chunk(4, dim=1)"),
    ),
    ("+cell solution", lambda: check_lstm_cell(lstm_cell), CORRECT),
    ("+cell not answered", lambda: check_lstm_cell(None), NOT_ANSWERED_FUNCTION),
    (
        "+cell shared gates",
        lambda: check_lstm_cell(shared_gates),
        rejected("all four gates read the same rows (block 0) of weight_ih"),
    ),
    (
        "+cell order fi",
        lambda: check_lstm_cell(lambda *a: lstm_cell(*a, order="figo")),
        rejected("gate order: PyTorch stores i, f, g, o, but you read the blocks as f, i, g, o"),
    ),
    (
        "+cell order og",
        lambda: check_lstm_cell(lambda *a: lstm_cell(*a, order="ifog")),
        rejected("read the blocks as i, f, o, g"),
    ),
    (
        "+cell no bias",
        lambda: check_lstm_cell(lambda *a: lstm_cell(*a, biases=(0, 0))),
        rejected("missing bias: add bias_ih and bias_hh"),
    ),
    (
        "+cell no bias_hh",
        lambda: check_lstm_cell(lambda *a: lstm_cell(*a, biases=(1, 0))),
        rejected("missing bias: bias_hh is not added"),
    ),
    (
        "+cell h shape",
        lambda: check_lstm_cell(lambda *a: (lstm_cell(*a)[0].T, lstm_cell(*a)[1])),
        rejected("h has shape (4, 3) but should be (3, 4)"),
    ),
    (
        "+cell c shape",
        lambda: check_lstm_cell(lambda *a: (lstm_cell(*a)[0], lstm_cell(*a)[1][0])),
        rejected("c has shape (4,) but should be (3, 4)"),
    ),
    (
        "+cell not a tuple",
        lambda: check_lstm_cell(lambda *a: lstm_cell(*a)[0]),
        rejected("return a tuple"),
    ),
    (
        "+cell untransposed",
        lambda: check_lstm_cell(
            lambda x, h, c, w_ih, w_hh, b_ih, b_hh: lstm_cell(x, h, c, w_ih.T, w_hh.T, b_ih, b_hh)
        ),
        rejected("raised RuntimeError", "weight_ih.T"),
    ),
    (
        "+cell h without tanh",
        lambda: check_lstm_cell(lstm_no_tanh),
        rejected("o * tanh(c_new), not o * c_new"),
    ),
    (
        "+cell unknown mistake",
        lambda: check_lstm_cell(lambda *a: (2 * lstm_cell(*a)[0], lstm_cell(*a)[1])),
        rejected("c is right but h differs"),
    ),
    ("+cell writes its inputs", lambda: check_lstm_cell(lstm_in_place), CORRECT),
    ("+cell a name", lambda: check_lstm_cell("lstm_cell"), rejected("your function itself")),
    ("K75", lambda: check_forget_half_life(np.float32(0.87), steps=5), CORRECT),
    (
        "K77",
        lambda: check_forget_half_life(0.87, steps="5"),
        rejected("steps must be a positive int", error=ValueError),
    ),
    (
        "K78",
        lambda: check_forget_half_life(0.87, steps=0),
        rejected("steps must be a positive int (1 or more)", error=ValueError),
    ),
    ("+forget quoted", lambda: check_forget_half_life("0.87"), CORRECT),
    ("+forget decimal comma", lambda: check_forget_half_life("0,87"), CORRECT),
    (
        "+forget tensor elsewhere",
        lambda: check_forget_half_life(elsewhere(torch.tensor(0.87))),
        CORRECT,
    ),
    (
        "+forget float64 tensor",
        lambda: check_forget_half_life(torch.tensor(0.87, dtype=torch.float64)),
        CORRECT,
    ),
    ("+forget fraction", lambda: check_forget_half_life(Fraction(87, 100)), CORRECT),
    ("+forget wrong", lambda: check_forget_half_life(0.5), rejected("solve forget**5 = 0.5")),
    ("+forget text", lambda: check_forget_half_life("about 0.9"), rejected("a number such as 0.5")),
    (
        "+forget steps unset",
        lambda: check_forget_half_life(None, steps=-1),
        rejected("steps must be a positive int", error=ValueError),
    ),
    ("+forget solution", lambda: check_forget_half_life(0.87, steps=5), CORRECT),
    ("+forget too high", lambda: check_forget_half_life(0.95), rejected("more than half")),
    ("+forget too low", lambda: check_forget_half_life(0.5, steps=5), rejected("less than half")),
    ("+forget words after", lambda: check_forget_half_life("0.87 or so"), rejected("such as 0.5")),
    ("+forget bool", lambda: check_forget_half_life(True), rejected("a number such as 0.5")),
    ("+forget over one", lambda: check_forget_half_life(1.5), rejected("between 0 and 1")),
    ("K102", lambda: check_gru_cell(lambda *a: good_gru(*a).to("meta")), rejected("meta device")),
    ("+gru other device", lambda: check_gru_cell(lambda *a: elsewhere(good_gru(*a))), CORRECT),
    ("+gru float64", lambda: check_gru_cell(lambda *a: good_gru(*a).double()), CORRECT),
    (
        "+gru tuple",
        lambda: check_gru_cell(lambda *a: (good_gru(*a),)),
        rejected("return the tensor h_new alone"),
    ),
    (
        "K106",
        lambda: check_gru_parameter_count(18, input_size=-1, hidden_size=2),
        rejected("input_size must be a positive int", error=ValueError),
    ),
    (
        "K107",
        lambda: check_gru_parameter_count(1920, input_size="10", hidden_size=20),
        rejected("input_size must be a positive int", error=ValueError),
    ),
    (
        "+gru count NumPy sizes",
        lambda: check_gru_parameter_count(1920, np.int64(10), np.int64(20)),
        CORRECT,
    ),
    ("+gru count quoted", lambda: check_gru_parameter_count("1,920", 10, 20), CORRECT),
    (
        "+gru count wrong",
        lambda: check_gru_parameter_count(1280, 10, 20),
        rejected("three blocks (r, z, n)"),
    ),
    ("+gru solution", lambda: check_gru_cell(gru_cell), CORRECT),
    ("+gru not answered", lambda: check_gru_cell(None), NOT_ANSWERED_FUNCTION),
    (
        "+gru reset before",
        lambda: check_gru_cell(lambda *a: gru_cell(*a, reset_before=True)),
        rejected("reset gate is applied before the product"),
    ),
    (
        "+gru order",
        lambda: check_gru_cell(lambda *a: gru_cell(*a, order="zrn")),
        rejected("gate order: PyTorch stores r, z, n, but you read the blocks as z, r, n"),
    ),
    (
        "+gru swapped z",
        lambda: check_gru_cell(lambda *a: gru_cell(*a, swap=True)),
        rejected("z and 1 - z are swapped"),
    ),
    (
        "+gru shape",
        lambda: check_gru_cell(lambda *a: gru_cell(*a).T),
        rejected("h_new has shape (4, 3) but should be (3, 4)"),
    ),
    (
        "+gru untransposed",
        lambda: check_gru_cell(lambda x, h, wi, wh, bi, bh: gru_cell(x, h, wi.T, wh, bi, bh)),
        rejected("raised RuntimeError"),
    ),
    (
        "+gru unknown mistake",
        lambda: check_gru_cell(lambda *a: 2 * gru_cell(*a)),
        rejected("differs from nn.GRUCell"),
    ),
    ("+gru a number", lambda: check_gru_cell(42), rejected("your function itself")),
    ("+gru count", lambda: check_gru_parameter_count(1920, 10, 20), CORRECT),
    (
        "+gru count as an LSTM's",
        lambda: check_gru_parameter_count(2560, 10, 20),
        rejected("three blocks"),
    ),
    ("+gru count a list", lambda: check_gru_parameter_count([1920], 10, 20), rejected("whole")),
]


@pytest.mark.parametrize(("call", "verdict"), table(CELLS))
def test_the_cell_checks_of_02_and_05(call, verdict, capsys):
    judge(call, verdict, capsys)


# 03 and 04: choices, the perplexity prediction, the last real output, packed batch sizes
SEQUENCES = [
    (
        "K133",
        lambda: check_choice("B", {"A": "x", "B": "y"}, correct="B", why="upper-case keys"),
        CORRECT,
    ),
    (
        "+choice spaces and case",
        lambda: check_choice(" b ", {"a": "x", "b": "y"}, correct="b", why="."),
        CORRECT,
    ),
    (
        "+choice quoted twice",
        lambda: check_choice("'b'", {"a": "x", "b": "y"}, correct="b", why="."),
        CORRECT,
    ),
    (
        "+choice unknown",
        lambda: check_choice("d", {"a": "x", "b": "y"}, correct="b", why="."),
        rejected("answer with one of 'a', 'b'"),
    ),
    ("+choice not answered", lambda: check_choice(None, OPTIONS, "b", why="."), NOT_ANSWERED),
    ("+choice right", lambda: check_choice(" B ", OPTIONS, "b", why="no state"), CORRECT),
    (
        "+choice wrong",
        lambda: check_choice("a", OPTIONS, correct="b", why=""),
        rejected("not 'a' (the same text)"),
    ),
    (
        "+choice a number",
        lambda: check_choice(2, OPTIONS, correct="b", why=""),
        rejected("answer with one of 'a', 'b', 'c'"),
    ),
    (
        "+choice no such key",
        lambda: check_choice("a", OPTIONS, correct="z", why=""),
        rejected("correct must be one of", error=ValueError),
    ),
    ("N01", lambda: check_perplexity_prediction("Lower", PPL, steps=400), CORRECT),
    ("N02", lambda: check_perplexity_prediction("lower ", PPL, steps=400), CORRECT),
    (
        "+prediction wrong",
        lambda: check_perplexity_prediction("higher", PPL, steps=400),
        rejected("measured: lower (400 steps: 5.10, 1500 steps: 4.30)"),
    ),
    (
        "+prediction other word",
        lambda: check_perplexity_prediction("less", PPL, steps=400),
        rejected("one of 'lower', 'higher'"),
    ),
    (
        "+prediction other budget",
        lambda: check_perplexity_prediction("lower", {300: 5.2, 900: 4.6}, steps=300),
        CORRECT,
    ),
    ("+chunks right", lambda: check_run_in_chunks(chunked), CORRECT),
    (
        "+chunks from zeros",
        lambda: check_run_in_chunks(chunks_from_zeros),
        rejected("each chunk must start from the state the previous chunk returned"),
    ),
    (
        "+chunks one call",
        lambda: check_run_in_chunks(lambda lstm, x, size: lstm(x)),
        rejected("read all 60 steps in one call"),
    ),
    (
        "+chunks raises",
        lambda: check_run_in_chunks(lambda lstm, x, size: lstm(x, size)),
        rejected("passing each call the state it got back"),
    ),
    (
        "K83",
        lambda: check_last_valid_output(
            lambda output, lengths: output[torch.arange(len(lengths)), lengths - 1]
        ),
        rejected("output is (seq_len, batch, features), time first"),
    ),
    (
        "K84",
        lambda: check_last_valid_output(lambda output, lengths: output.gather(0, lengths)),
        rejected("your function raised RuntimeError"),
    ),
    ("K85", lambda: check_last_valid_output(lambda o, n: good_last(o, n).double()), CORRECT),
    (
        "+last other device",
        lambda: check_last_valid_output(lambda o, n: elsewhere(good_last(o, n))),
        CORRECT,
    ),
    ("+last NumPy", lambda: check_last_valid_output(lambda o, n: good_last(o, n).numpy()), CORRECT),
    (
        "+last padded step",
        lambda: check_last_valid_output(lambda o, n: o[-1]),
        rejected("output[-1] is the last padded step"),
    ),
    ("+last solution", lambda: check_last_valid_output(good_last), CORRECT),
    ("+last not answered", lambda: check_last_valid_output(None), NOT_ANSWERED_FUNCTION),
    (
        "+last one step early",
        lambda: check_last_valid_output(lambda o, n: o[(n - 2).clamp(min=0), torch.arange(len(n))]),
        rejected("off by one"),
    ),
    (
        "+last transposed",
        lambda: check_last_valid_output(lambda o, n: good_last(o, n).T),
        rejected("should be"),
    ),
    (
        "+last first step",
        lambda: check_last_valid_output(lambda o, n: o[0]),
        rejected("not the last real output"),
    ),
    (
        "+last lengths as steps",
        lambda: check_last_valid_output(lambda o, n: o[n, torch.arange(len(n))]),
        rejected("Off by one"),
    ),
    ("+last a number", lambda: check_last_valid_output(3), rejected("your function itself")),
    (
        "K95",
        lambda: check_batch_sizes([4, 3, 2, 2], lengths=[]),
        rejected("lengths must be a non-empty list", error=ValueError),
    ),
    (
        "+batch sizes tensor",
        lambda: check_batch_sizes(torch.tensor([4, 3, 2, 2]), [4, 1, 4, 2]),
        CORRECT,
    ),
    ("+batch sizes tuple", lambda: check_batch_sizes((4, 3, 2, 2), [4, 1, 4, 2]), CORRECT),
    ("+batch sizes quoted", lambda: check_batch_sizes("[4, 3, 2, 2]", [4, 1, 4, 2]), CORRECT),
    (
        "+batch sizes NumPy lengths",
        lambda: check_batch_sizes([4, 3, 2, 2], np.array([4, 1, 4, 2]).tolist()),
        CORRECT,
    ),
    (
        "+batch sizes short",
        lambda: check_batch_sizes([4, 3], [4, 1, 4, 2]),
        rejected("one entry per time step"),
    ),
    ("+batch sizes right", lambda: check_batch_sizes([4, 3, 2, 2], [4, 1, 4, 2]), CORRECT),
    (
        "+batch sizes longer or equal",
        lambda: check_batch_sizes([4, 4, 2, 2], [4, 1, 4, 2]),
        rejected("counts the sequences that are longer than t"),
    ),
    (
        "+batch sizes a set",
        lambda: check_batch_sizes({4, 3}, [4, 1, 4, 2]),
        rejected("whole numbers in order"),
    ),
]


@pytest.mark.parametrize(("call", "verdict"), table(SEQUENCES))
def test_the_sequence_checks_of_03_and_04(call, verdict, capsys):
    judge(call, verdict, capsys)


# 06: the gate bias that keeps a memory, clipping by the joint norm
TRAINING = [
    ("K111", lambda: check_keep_bias(float("nan"), steps=100), rejected("a finite number")),
    ("+bias quoted", lambda: check_keep_bias(f"{BIAS:.2f}"), CORRECT),
    ("+bias NumPy", lambda: check_keep_bias(np.float32(BIAS)), CORRECT),
    ("+bias tensor", lambda: check_keep_bias(torch.tensor(BIAS)), CORRECT),
    ("+bias wrong", lambda: check_keep_bias(2.0), rejected("z = 0.5**(1/100)")),
    ("+bias solution", lambda: check_keep_bias(BIAS, steps=100), CORRECT),
    ("+bias not answered", lambda: check_keep_bias(None), NOT_ANSWERED),
    ("+bias too low", lambda: check_keep_bias(4.0, steps=100), rejected("less than half")),
    ("+bias too high", lambda: check_keep_bias(8.0, steps=100), rejected("more than half")),
    (
        "+bias steps unset",
        lambda: check_keep_bias(4.0, steps=0),
        rejected("steps", error=ValueError),
    ),
    ("+bias a word", lambda: check_keep_bias("five"), rejected("a number such as 0.5")),
    (
        "+bias 0-d tensor",
        lambda: check_keep_bias(torch.log(torch.tensor(0.99309 / 0.00691))),
        CORRECT,
    ),
    (
        "K119",
        lambda: check_clip_by_norm(lambda g, m: [t.double() for t in good_clip(g, m)]),
        CORRECT,
    ),
    (
        "K123",
        lambda: check_clip_by_norm(lambda g, m: [t.to("meta") for t in good_clip(g, m)]),
        rejected("meta device"),
    ),
    (
        "+clip other device",
        lambda: check_clip_by_norm(lambda g, m: [elsewhere(t) for t in good_clip(g, m)]),
        CORRECT,
    ),
    ("+clip tuple", lambda: check_clip_by_norm(lambda g, m: tuple(good_clip(g, m))), CORRECT),
    (
        "+clip None inside",
        lambda: check_clip_by_norm(lambda g, m: [None, None]),
        rejected("gradient 0 must be a tensor, got None"),
    ),
    ("+clip solution", lambda: check_clip_by_norm(good_clip), CORRECT),
    ("+clip not answered", lambda: check_clip_by_norm(None), NOT_ANSWERED_FUNCTION),
    (
        "+clip each on its own",
        lambda: check_clip_by_norm(clip_each_on_its_own),
        rejected("each tensor on its own"),
    ),
    (
        "+clip always scaled",
        lambda: check_clip_by_norm(clip_always_scaled),
        rejected("do not scale them up"),
    ),
    ("+clip raises", lambda: check_clip_by_norm(clip_raises), rejected("raised KeyError")),
    (
        "+clip one tensor",
        lambda: check_clip_by_norm(lambda grads, max_norm: grads[0]),
        rejected("return a list of 2 tensors"),
    ),
    ("+clip a list", lambda: check_clip_by_norm([]), rejected("your function itself")),
]


@pytest.mark.parametrize(("call", "verdict"), table(TRAINING))
def test_the_training_checks_of_06(call, verdict, capsys):
    judge(call, verdict, capsys)


# 07 to 11: the cells that checked answers inline
TASKS = [
    ("N04", lambda: check_tags("VERB, NOUN", ("VERB", "NOUN")), CORRECT),
    ("+tags lower case list", lambda: check_tags(["verb", "noun"], ("VERB", "NOUN")), CORRECT),
    (
        "+tags wrong",
        lambda: check_tags(("NOUN", "NOUN"), ("VERB", "NOUN")),
        rejected("you said NOUN, NOUN; the model says VERB, NOUN"),
    ),
    ("+tags one", lambda: check_tags("VERB", ("VERB", "NOUN")), rejected("give 2 words")),
    ("N05", lambda: check_best_property("tense", GAIN), CORRECT),
    ("+property spaced", lambda: check_best_property(" TENSE ", GAIN), CORRECT),
    (
        "+property wrong",
        lambda: check_best_property("head_side", GAIN),
        rejected("Head side gained +7.0%: look again"),
    ),
    (
        "+property unknown",
        lambda: check_best_property("Mood", GAIN),
        rejected("one of 'Number', 'Tense'"),
    ),
    ("N06", lambda: check_top_unit("12", R), CORRECT),
    (
        "N07",
        lambda: check_top_unit(500, R),
        rejected("unit 500 does not exist: the units are 0 to 95"),
    ),
    ("+unit NumPy", lambda: check_top_unit(np.int64(12), R), CORRECT),
    ("+unit wrong", lambda: check_top_unit(3, R), rejected("look for the largest |r|")),
    ("N08", lambda: check_macro_f1("0.5"), rejected("2 * hits / (predicted + present)")),
    ("N09", lambda: check_macro_f1(52.6), rejected("not a percentage: 52.6 % is 0.526")),
    ("+macro-F1 quoted", lambda: check_macro_f1("0.526"), CORRECT),
    ("+macro-F1 percent sign", lambda: check_macro_f1("52.6%"), CORRECT),
    ("+macro-F1 tensor", lambda: check_macro_f1(torch.tensor(0.526)), CORRECT),
    (
        "+genres differ",
        lambda: check_genres_differ(" Thanks! ", lambda w: "email", lambda w: "reviews"),
        CORRECT,
    ),
    (
        "+genres agree",
        lambda: check_genres_differ("Thanks!", lambda w: "email", lambda w: "email"),
        rejected("both say email: try another sentence"),
    ),
    ("+genres no words", lambda: check_genres_differ(" ", len, len), rejected("at least one word")),
    ("+genres not text", lambda: check_genres_differ(42, len, len), rejected("in quotes")),
    ("+edits and PER", lambda: check_edits_and_per("2", "50%"), CORRECT),
    ("+edits and PER NumPy", lambda: check_edits_and_per(np.int64(2), np.float64(0.5)), CORRECT),
    ("+PER as a percentage", lambda: check_edits_and_per(2, 50), rejected("not a percentage")),
    ("+PER over the guess", lambda: check_edits_and_per(2, 2 / 3), rejected("TRUE phonemes")),
    ("N10", lambda: check_stress_symbols("69", without_stress=39), CORRECT),
    (
        "+symbols wrong",
        lambda: check_stress_symbols(39, without_stress=39),
        rejected("39 is not it"),
    ),
    ("+MAE quoted", lambda: check_persistence_mae("2.67"), CORRECT),
    ("+MAE wrong", lambda: check_persistence_mae(1.5), rejected("40, 40, 40")),
    ("+steps NumPy", lambda: check_steps_per_window(np.int64(72), past=72), CORRECT),
    ("+steps quoted", lambda: check_steps_per_window("72", past=72), CORRECT),
    ("+steps wrong", lambda: check_steps_per_window(24, past=72), rejected("24 is not it")),
    ("+MAE near miss", lambda: check_persistence_mae(2.7), rejected("two decimals")),
    ("+MAE the last hour", lambda: check_persistence_mae(1.0), rejected("repeats the last hour")),
]


@pytest.fixture
def a_small_dictionary(monkeypatch):
    """Stand in for CMUdict with stress: 69 distinct symbols."""
    words = {f"w{k}": (f"S{k}",) for k in range(69)}
    monkeypatch.setattr(helpers.data, "load_cmudict", lambda keep_stress=False: words)


@pytest.mark.parametrize(("call", "verdict"), table(TASKS))
def test_the_task_checks_of_07_to_11(call, verdict, capsys, a_small_dictionary):
    judge(call, verdict, capsys)


# 14: the state of a batch of streams, and its size
SHIPPING = [
    ("+state bytes quoted", lambda: check_state_bytes("4,096", layers=2, hidden=256), CORRECT),
    (
        "+state bytes NumPy",
        lambda: check_state_bytes(np.int64(4096), layers=2, hidden=256),
        CORRECT,
    ),
    (
        "+state bytes h only",
        lambda: check_state_bytes(2048, layers=2, hidden=256),
        rejected("count c as well as h"),
    ),
    (
        "+state bytes numbers",
        lambda: check_state_bytes(1024, layers=2, hidden=256),
        rejected("count bytes, not numbers"),
    ),
    (
        "+state bytes setting",
        lambda: check_state_bytes(4096, layers=0, hidden=256),
        rejected("layers must be a positive int", error=ValueError),
    ),
    (
        "+reset lanes solution",
        lambda: check_reset_lanes(
            lambda s, d: tuple(torch.where(d[None, :, None], 0, t) for t in s)
        ),
        CORRECT,
    ),
    (
        "+reset lanes multiplied",
        lambda: check_reset_lanes(lambda s, d: tuple(t * (~d).float()[None, :, None] for t in s)),
        rejected("torch.where"),
    ),
    (
        "+reset lanes nothing",
        lambda: check_reset_lanes(lambda s, d: s),
        rejected("not the expected"),
    ),
    (
        "+reset lanes wrong dimension",
        lambda: check_reset_lanes(lambda s, d: tuple(t * (~d).float()[:, None, None] for t in s)),
        rejected("the batch is dimension 1"),
    ),
    ("+reset lanes not a function", lambda: check_reset_lanes(4), rejected("your function itself")),
]


@pytest.mark.parametrize(("call", "verdict"), table(SHIPPING))
def test_the_streaming_checks_of_14(call, verdict, capsys):
    judge(call, verdict, capsys)


def test_every_row_has_its_own_id():
    rows_of = (SHAPES, CELLS, SEQUENCES, TRAINING, TASKS, SHIPPING)
    ids = [row[0] for rows in rows_of for row in rows]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_perplexity_prediction_compares_with_the_notebooks_own_budget(capsys):
    from helpers.checks import check_perplexity_prediction

    check_perplexity_prediction("lower", {400: 5.1, 1500: 4.3}, steps=300)  # 300 not run
    assert "run section 4 with STEPS = 300" in capsys.readouterr().out
    check_perplexity_prediction(None, {}, steps=250)
    assert "STEPS = 250" in capsys.readouterr().out
    with pytest.raises(ValueError, match="steps must be a positive int"):
        check_perplexity_prediction("lower", {}, steps=0)
