"""What a learner may type into a self-check: one row per case, with the verdict it gets.

Rows named K.., N.. and S.. are the CRASH, SILENT and VAGUE cases of the bad-inputs review of
2026-12-02 (areas checks, notebook and shapes); rows named +... are right answers typed another
way. CORRECT: the check prints its success line. ACCEPTED: the call returns. rejected(phrase):
an ``AssertionError`` (a learner's answer) or the given error (an argument the notebook sets)
whose message contains ``phrase`` and stays short.

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
    check_run_in_chunks,
    check_shape_answer,
    check_steps_per_window,
    check_stress_symbols,
    check_tags,
    check_top_layer_states,
    check_top_unit,
)
from helpers.shapes import lstm_shapes

CORRECT, ACCEPTED = "correct", "accepted"


def rejected(phrase: str, error: type[Exception] = AssertionError) -> tuple:
    return (error, phrase)


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

CASES = [
    # check_shape_answer (01)
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
    # check_parameter_count (00, 01, 02)
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
    # check_top_layer_states (01)
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
    # check_lstm_cell (02)
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
    # check_forget_half_life (02)
    ("K75", lambda: check_forget_half_life(np.float32(0.87), steps=5), CORRECT),
    (
        "K77",
        lambda: check_forget_half_life(0.87, steps="5"),
        rejected("steps must be a positive int", ValueError),
    ),
    (
        "K78",
        lambda: check_forget_half_life(0.87, steps=0),
        rejected("steps must be a positive int (1 or more)", ValueError),
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
        rejected("steps must be a positive int", ValueError),
    ),
    # check_last_valid_output (04)
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
    # check_batch_sizes (04)
    (
        "K95",
        lambda: check_batch_sizes([4, 3, 2, 2], lengths=[]),
        rejected("lengths must be a non-empty list", ValueError),
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
    # check_gru_cell and check_gru_parameter_count (05)
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
        rejected("input_size must be a positive int", ValueError),
    ),
    (
        "K107",
        lambda: check_gru_parameter_count(1920, input_size="10", hidden_size=20),
        rejected("input_size must be a positive int", ValueError),
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
    # check_keep_bias (06)
    ("K111", lambda: check_keep_bias(float("nan"), steps=100), rejected("a finite number")),
    ("+bias quoted", lambda: check_keep_bias(f"{BIAS:.2f}"), CORRECT),
    ("+bias NumPy", lambda: check_keep_bias(np.float32(BIAS)), CORRECT),
    ("+bias tensor", lambda: check_keep_bias(torch.tensor(BIAS)), CORRECT),
    ("+bias wrong", lambda: check_keep_bias(2.0), rejected("z = 0.5**(1/100)")),
    # check_clip_by_norm (06)
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
    # check_choice (03, 12)
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
    # the cells that checked answers inline (03, 07-11)
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
    # helpers.shapes
    ("S11", lambda: lstm_shapes(np.int64(5), 3), ACCEPTED),
]

SUCCESS = ("Correct", "Right", "Found one", "check_lstm_cell: your cell", "check_gru_cell: your")


@pytest.fixture(autouse=True)
def a_small_dictionary(monkeypatch):
    """Stand in for CMUdict with stress: 69 distinct symbols."""
    words = {f"w{k}": (f"S{k}",) for k in range(69)}
    monkeypatch.setattr(helpers.data, "load_cmudict", lambda keep_stress=False: words)


@pytest.mark.parametrize(("call", "verdict"), [pytest.param(c, v, id=i) for i, c, v in CASES])
def test_what_a_learner_may_type(call, verdict, capsys):
    if verdict in (CORRECT, ACCEPTED):
        call()
        out = capsys.readouterr().out
        assert "Not answered" not in out
        if verdict == CORRECT:
            assert out.startswith(SUCCESS), out
        return
    error, phrase = verdict
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert type(caught.value) is error and phrase in message, message
    assert len(message) <= 400 and message.count("\n") <= 2, message


def test_case_ids_are_unique():
    ids = [i for i, _, _ in CASES]
    assert len(ids) == len(set(ids))
