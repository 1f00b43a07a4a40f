"""What a learner may type into the self-checks of 11 and 12 and into ``helpers.answers``.

Rows named N.. are the CRASH, SILENT and VAGUE cases of the bad-inputs review of 2026-12-06
(areas "11: self-checks", "12: self-check, exercise 1 and 2", "helpers.answers"), each with
the verdict it gets now; rows named +... are further inputs of the same kinds (NaN, infinity,
empty tensors, look-alike characters). CORRECT: the check prints its success line. ACCEPTED:
the call returns (``returns(value)`` also checks what). rejected(phrase): an
``AssertionError`` (a learner's answer) or the given error (an argument the notebook or an
author sets) whose message contains ``phrase`` and stays within three lines.
"""

from __future__ import annotations

import decimal
import math

import numpy as np
import pytest
import torch
from torch import nn

from helpers.answers import (
    as_choice,
    as_float,
    as_int,
    as_shape,
    as_tensor_like,
    as_texts,
    plain,
)
from helpers.checks import (
    check_batch_sizes,
    check_best_property,
    check_choice,
    check_edits_and_per,
    check_forget_half_life,
    check_gru_parameter_count,
    check_keep_bias,
    check_macro_f1,
    check_parameter_count,
    check_persistence_mae,
    check_shape_answer,
    check_signed_parity,
    check_steps_per_window,
    check_tags,
    check_top_unit,
    check_window_count,
)
from helpers.forecasting import FilledSeries, make_windows, utc_hour
from helpers.scan import parity_batch

CORRECT, ACCEPTED = "correct", "accepted"
NAN, INF = float("nan"), float("inf")


def rejected(phrase: str, error: type[Exception] = AssertionError) -> tuple:
    return (error, phrase)


def returns(value: object) -> tuple:
    return ("returns", value)


class Parity(nn.Module):
    """A network that gets parity right: two scores per string, (batch, 2)."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1))

    def forward(self, bits):
        odd = (bits.sum(1) % 2).float()
        return torch.stack([1 - odd, odd], 1) + 0 * self.w


class OneScore(Parity):  # a BCE-style head: one score per string, (batch,)
    def forward(self, bits):
        return super().forward(bits)[:, 1]


class NanScores(Parity):
    def forward(self, bits):
        return super().forward(bits) * NAN


class NoScores(Parity):
    def forward(self, bits):
        return torch.zeros(0, 2)


class Tuple(Parity):  # scores and a state, as an RNN returns them
    def forward(self, bits):
        return super().forward(bits), None


class Raises(Parity):
    def forward(self, bits):
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied (500x64 and 8x16)")


STRINGS = parity_batch(500, 64, torch.Generator().manual_seed(10_064))
A_T = torch.tensor([-0.99, 0.3, 0.97])
OPTIONS = {
    "a": "its gates read only x_t, never h_{t-1}",
    "b": "it has fewer parameters",
    "c": "it works in log space",
}
WHY = "with gates that read only x_t, h_t = a_t h_{t-1} + b_t has known coefficients."


def choice(answer):
    return check_choice(answer, OPTIONS, correct="a", why=WHY)


def two_months() -> dict[str, FilledSeries]:
    """One station, every hour of January and February 2013 observed."""
    start = utc_hour("2013-01-01T00:00Z")
    n = 24 * 59
    values = torch.linspace(20, 50, n, dtype=torch.float64)[:, None].repeat(1, 5)
    return {"X": FilledSeries("X", torch.arange(start, start + n), values, values == values)}


SERIES = two_months()
WINDOWS = len(make_windows(SERIES, "train", past=48, future=24))
WINDOWS_72 = len(make_windows(SERIES, "train", past=72, future=24))


def windows(answer):
    return check_window_count(answer, SERIES, windows_72=WINDOWS_72)


CASES = [
    # 11: check_persistence_mae (the MAE is 2.67)
    ("N81", lambda: check_persistence_mae(3), rejected("close: give two decimals")),
    ("N82", lambda: check_persistence_mae(2.6), rejected("close: give two decimals")),
    ("N84", lambda: check_persistence_mae("2.67%"), rejected("in °F, such as 1.5, without the %")),
    ("N89", lambda: check_persistence_mae(10**400), rejected("not a whole number of about 401")),
    ("+MAE NaN", lambda: check_persistence_mae(NAN), rejected("finite number")),
    ("+MAE infinity", lambda: check_persistence_mae(-INF), rejected("finite number")),
    ("+MAE empty tensor", lambda: check_persistence_mae(torch.tensor([])), rejected("shape (0,)")),
    ("+MAE NaN tensor", lambda: check_persistence_mae(torch.tensor(NAN)), rejected("finite")),
    ("+MAE negative", lambda: check_persistence_mae(-2.67), rejected("never negative")),
    ("+MAE full-width", lambda: check_persistence_mae("２．６７"), CORRECT),
    ("+MAE ideographic point", lambda: check_persistence_mae("2。67"), CORRECT),
    ("+MAE rounded up", lambda: check_persistence_mae(2.7), rejected("close: give two decimals")),
    ("+MAE another method", lambda: check_persistence_mae(2.94), rejected("40, 40, 40")),
    # 11: check_window_count and check_steps_per_window
    ("+windows right", lambda: windows(WINDOWS), CORRECT),
    ("+windows full-width", lambda: windows(f"{WINDOWS:,}".translate(FULL)), CORRECT),
    ("+windows NaN", lambda: windows(NAN), rejected("whole number")),
    ("+windows infinity", lambda: windows(INF), rejected("whole number")),
    ("+windows empty", lambda: windows(torch.tensor([])), rejected("shape (0,)")),
    ("+windows huge", lambda: windows(10**5000), rejected("about 5001 digits")),
    ("+steps NaN", lambda: check_steps_per_window(NAN, past=72), rejected("whole number")),
    ("+steps inf tensor", lambda: check_steps_per_window(torch.tensor(INF), 72), rejected("inf")),
    ("+steps empty", lambda: check_steps_per_window(np.array([]), 72), rejected("shape (0,)")),
    ("+steps full-width", lambda: check_steps_per_window("７２", past=72), CORRECT),
    # 12: check_signed_parity (exercise 1)
    (
        "N159",
        lambda: check_signed_parity(Parity(), torch.tensor([]), STRINGS),
        rejected("coefficients is empty"),
    ),
    (
        "N160",
        lambda: check_signed_parity(Parity(), torch.tensor([NAN, -0.5]), STRINGS),
        rejected("coefficients hold NaN or infinity"),
    ),
    ("N161", lambda: check_signed_parity(Parity(), torch.tensor([-1, 0, 1]), STRINGS), CORRECT),
    (
        "N162",
        lambda: check_signed_parity(OneScore(), A_T, STRINGS),
        rejected("return two scores per string, shape (500, 2)"),
    ),
    (
        "N164",
        lambda: check_signed_parity(Parity(), A_T, STRINGS[::-1]),
        rejected("test_strings must be the held-out pair (bits, odd)", TypeError),
    ),
    ("+parity right", lambda: check_signed_parity(Parity(), A_T, STRINGS), CORRECT),
    ("+parity NumPy a_t", lambda: check_signed_parity(Parity(), A_T.numpy(), STRINGS), CORRECT),
    (
        "+parity infinity",
        lambda: check_signed_parity(Parity(), torch.tensor([-INF, 0.5]), STRINGS),
        rejected("NaN or infinity"),
    ),
    (
        "+parity all NaN",
        lambda: check_signed_parity(Parity(), torch.full((4, 3), NAN), STRINGS),
        rejected("NaN or infinity"),
    ),
    (
        "+parity empty 2-D",
        lambda: check_signed_parity(Parity(), torch.zeros(3, 0), STRINGS),
        rejected("coefficients is empty"),
    ),
    (
        "+parity bool a_t",
        lambda: check_signed_parity(Parity(), torch.tensor([True]), STRINGS),
        rejected("float tensor of your a_t"),
    ),
    (
        "+parity list a_t",
        lambda: check_signed_parity(Parity(), [-0.9, 0.5], STRINGS),
        rejected("float tensor of your a_t"),
    ),
    (
        "+parity NaN scores",
        lambda: check_signed_parity(NanScores(), A_T, STRINGS),
        rejected("scores hold NaN or infinity"),
    ),
    (
        "+parity no scores",
        lambda: check_signed_parity(NoScores(), A_T, STRINGS),
        rejected("shape (0, 2) for 500 strings"),
    ),
    (
        "+parity model fails",
        lambda: check_signed_parity(Raises(), A_T, STRINGS),
        rejected("your function raised RuntimeError"),
    ),
    (
        "+parity model returns a tuple",
        lambda: check_signed_parity(Tuple(), A_T, STRINGS),
        rejected("your model returned a tuple of 2: return only the scores"),
    ),
    (
        "+parity no strings",
        lambda: check_signed_parity(Parity(), A_T, (torch.zeros(0, 64), torch.zeros(0))),
        rejected("test_strings must be", TypeError),
    ),
    # 12: check_choice (exercise 2)
    ("N170", lambda: choice("ａ"), CORRECT),
    ("+choice full-width brackets", lambda: choice("（ａ）"), CORRECT),
    ("+choice Chinese quotes", lambda: choice("“a”"), CORRECT),
    ("+choice Cyrillic a", lambda: choice("а"), rejected("U+0430 CYRILLIC SMALL LETTER A")),
    ("+choice NaN", lambda: choice(NAN), rejected("answer with one of 'a', 'b', 'c'")),
    ("+choice empty tensor", lambda: choice(torch.tensor([])), rejected("one of 'a', 'b'")),
    # helpers.answers
    ("N195", lambda: as_int("５，３７６"), returns(5376)),
    ("N203", lambda: as_int(decimal.Decimal("5376")), returns(5376)),
    ("N205", lambda: as_int("9" * 5000), rejected("a whole number of about 5000 digits")),
    (
        "N208",
        lambda: check_parameter_count(10**5000, input_size=8, hidden_size=32),
        rejected("about 5001 digits"),
    ),
    ("N212", lambda: as_float("−0.5"), returns(-0.5)),
    ("N213", lambda: as_float("０．８７"), returns(0.87)),
    ("N220", lambda: as_float(10**400), rejected("finite number such as 0.5, not a whole number")),
    ("N227", lambda: as_float(decimal.Decimal("0.87")), returns(0.87)),
    ("N232", lambda: as_shape("（6，7，20）"), returns((6, 7, 20))),
    ("N249", lambda: as_choice("ｌｏｗｅｒ", ("lower", "higher")), returns("lower")),
    ("N253", lambda: as_choice("a", []), rejected("options must name at least one", ValueError)),
    ("N255", lambda: as_texts("VERB，NOUN", 2, '("VERB", "NOUN")'), returns(("VERB", "NOUN"))),
    ("N256", lambda: as_texts("VERB、NOUN", 2, '("VERB", "NOUN")'), returns(("VERB", "NOUN"))),
    ("N259", lambda: as_texts(["VERB", ""], 2, '("VERB", "NOUN")'), rejected("word 2 is empty")),
    ("N264", lambda: as_tensor_like(np.array(["a"]), "h"), rejected("h must hold numbers")),
    ("+int Decimal fraction", lambda: as_int(decimal.Decimal("5376.5")), rejected("5376.5")),
    ("+int Decimal NaN", lambda: as_int(decimal.Decimal("NaN")), rejected("whole number")),
    ("+int superscript", lambda: as_int("10³"), rejected("U+00B3 SUPERSCRIPT THREE")),
    ("+int en dash", lambda: as_int("–12"), returns(-12)),
    ("+int ideographic space", lambda: as_int("5\u3000376"), returns(5376)),
    ("+int full-width percent", lambda: as_int("５３％"), rejected("whole number")),
    ("+float full-width percent", lambda: as_float("８７％"), returns(0.87)),
    ("+float huge negative", lambda: as_float(-(10**400)), rejected("about 401 digits")),
    ("+float Decimal infinity", lambda: as_float(decimal.Decimal("Infinity")), rejected("inf")),
    ("+shape ideographic commas", lambda: as_shape("6、7、20"), returns((6, 7, 20))),
    ("+shape full-width x", lambda: as_shape("6ｘ7ｘ20"), returns((6, 7, 20))),
    ("+texts ideographic space", lambda: as_texts("VERB\u3000NOUN", 2, "x"), ACCEPTED),
    ("+texts Chinese semicolon", lambda: as_texts("VERB；NOUN", 2, "x"), ACCEPTED),
    (
        "+tensor NumPy dates",
        lambda: as_tensor_like(np.array(["2013"], "M8[D]"), "h"),
        rejected("numbers"),
    ),
]

# Full-width forms of the keyboard's characters: what a Chinese input method types.
FULL = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}

NB01 = dict(input_size=10, hidden_size=20, num_layers=3, bidirectional=True, batch_first=True)
NB01 |= dict(seq_len=12, batch=7)
BIAS = math.log(0.5 ** (1 / 100) / (1 - 0.5 ** (1 / 100)))
GAIN = {"Number": -0.03, "Tense": 0.12, "Relation": 0.09, "Head side": 0.07}
R = torch.linspace(-0.2, 0.2, 96)
R[12] = 0.6

# Every self-check that reads typed text, with a right answer as a learner types it; typed
# with a Chinese input method (full-width), each must be read the same.
TYPED = [
    ("shape", lambda a: check_shape_answer("h_n", a, **NB01), "(6, 7, 20)"),
    ("parameter count", lambda a: check_parameter_count(a, input_size=8, hidden_size=32), "5,376"),
    ("forget gate", lambda a: check_forget_half_life(a), "0.87"),
    ("batch sizes", lambda a: check_batch_sizes(a, [4, 1, 4, 2]), "[4, 3, 2, 2]"),
    ("GRU count", lambda a: check_gru_parameter_count(a, 10, 20), "1,920"),
    ("keep bias", lambda a: check_keep_bias(a), f"{BIAS:.2f}"),
    ("choice", choice, "(a)"),
    ("tags", lambda a: check_tags(a, ("VERB", "NOUN")), "VERB, NOUN"),
    ("property", lambda a: check_best_property(a, GAIN), "Tense"),
    ("unit", lambda a: check_top_unit(a, R), "12"),
    ("macro-F1", check_macro_f1, "52.6%"),
    ("PER", lambda a: check_edits_and_per(2, a), "50%"),
    ("persistence MAE", check_persistence_mae, "2,67"),
    ("window count", windows, f"{WINDOWS:,}"),
    ("steps per window", lambda a: check_steps_per_window(a, 72), "72"),
]


def judge(call, verdict, capsys):
    if verdict in (CORRECT, ACCEPTED):
        call()
        out = capsys.readouterr().out
        assert "Not answered" not in out
        if verdict == CORRECT:
            assert out.startswith(("Correct", "Right")), out
        return
    if verdict[0] == "returns":
        assert call() == verdict[1]
        return
    error, phrase = verdict
    with pytest.raises(error) as caught:
        call()
    message = str(caught.value)
    assert type(caught.value) is error and phrase in message, message
    assert len(message) <= 400 and message.count("\n") <= 2, message


@pytest.mark.parametrize(("call", "verdict"), [pytest.param(c, v, id=i) for i, c, v in CASES])
def test_what_a_learner_may_type(call, verdict, capsys):
    judge(call, verdict, capsys)


@pytest.mark.parametrize(("check", "answer"), [pytest.param(c, a, id=n) for n, c, a in TYPED])
def test_a_right_answer_typed_full_width_is_read_as_it_looks(check, answer, capsys):
    judge(lambda: check(answer), CORRECT, capsys)
    judge(lambda: check(answer.translate(FULL)), CORRECT, capsys)


def test_the_look_alikes_are_the_ones_a_chinese_input_method_types():
    assert plain("（６，７，２０）、ａ−０．５％") == "(6,7,20),a-0.5%"
    assert plain("“a”") == '"a"' and plain("VERB，NOUN") == "VERB,NOUN"


def test_case_ids_are_unique_and_cover_the_reviews_cases_of_these_areas():
    ids = [i for i, _, _ in CASES]
    assert len(ids) == len(set(ids))
    reviewed = {81, 82, 84, 89, 159, 160, 161, 162, 164, 170, 195, 203, 205, 208, 212, 213}
    reviewed |= {220, 227, 232, 249, 253, 255, 256, 259, 264}
    assert {f"N{n}" for n in reviewed} <= set(ids)
