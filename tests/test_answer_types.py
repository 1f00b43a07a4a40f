"""Self-checks answer a wrong type with a message, and the multiple-choice and clipping checks."""

from __future__ import annotations

import pytest
import torch

from helpers.checks import (
    check_batch_sizes,
    check_choice,
    check_clip_by_norm,
    check_forget_half_life,
    check_gru_cell,
    check_gru_parameter_count,
    check_keep_bias,
    check_last_valid_output,
    check_lstm_cell,
    check_parameter_count,
    check_shape_answer,
    check_top_layer_states,
)

SHAPE = dict(input_size=10, hidden_size=20)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: check_parameter_count("5376 weights", input_size=8, hidden_size=32),
            r"whole number such as 1234, not the text '5376 weights'",
        ),
        (lambda: check_parameter_count(5376.5, input_size=8, hidden_size=32), "whole number"),
        (lambda: check_gru_parameter_count([1920], 10, 20), "whole number"),
        (lambda: check_shape_answer("h_n", "(1, seven, 20)", **SHAPE), "whole numbers in order"),
        (lambda: check_shape_answer("h_n", ("one", 7, 20), **SHAPE), "whole number"),
        (lambda: check_batch_sizes({4, 3}, [4, 1, 4, 2]), "whole numbers in order"),
        (lambda: check_forget_half_life("0.87 or so"), "a number such as 0.5"),
        (lambda: check_forget_half_life(True), "a number such as 0.5"),
        (lambda: check_forget_half_life(1.5), "between 0 and 1"),
        (lambda: check_keep_bias("five"), "a number such as 0.5"),
        (lambda: check_lstm_cell("lstm_cell"), "your function itself"),
        (lambda: check_gru_cell(42), "your function itself"),
        (lambda: check_top_layer_states("f"), "your function itself"),
        (lambda: check_last_valid_output(3), "your function itself"),
        (lambda: check_clip_by_norm([]), "your function itself"),
    ],
)
def test_a_wrong_type_gets_a_message_not_a_crash(call, message):
    with pytest.raises(AssertionError, match=message):
        call()


def test_right_answers_of_a_nearby_type_pass(capsys):
    check_parameter_count(5376.0, input_size=8, hidden_size=32)  # a float that is whole
    check_shape_answer("h_n", [1, 7, 20], input_size=10, hidden_size=20, batch=7)  # a list
    assert capsys.readouterr().out.count("Correct") == 2


OPTIONS = {"a": "the same text", "b": "one character of context", "c": "an error"}


def test_check_choice(capsys):
    check_choice(None, OPTIONS, correct="b", why="no state")
    out = capsys.readouterr().out
    assert "Not answered yet" in out and "'b': one character of context" in out
    check_choice(" B ", OPTIONS, correct="b", why="no state")
    assert capsys.readouterr().out == "Correct: no state\n"
    with pytest.raises(AssertionError, match=r"not 'a' \(the same text\)"):
        check_choice("a", OPTIONS, correct="b", why="")
    with pytest.raises(AssertionError, match="answer with one of 'a', 'b', 'c'"):
        check_choice("d", OPTIONS, correct="b", why="")
    with pytest.raises(AssertionError, match="answer with one of"):
        check_choice(2, OPTIONS, correct="b", why="")
    with pytest.raises(ValueError, match="correct must be one of"):
        check_choice("a", OPTIONS, correct="z", why="")


def clip_by_norm(grads, max_norm):
    total = torch.cat([g.flatten() for g in grads]).norm()
    scale = min(1.0, max_norm / (total.item() + 1e-6))
    return [g * scale for g in grads]


def test_check_clip_by_norm_passes_the_solution_and_names_mistakes(capsys):
    check_clip_by_norm(None)
    check_clip_by_norm(clip_by_norm)
    out = capsys.readouterr().out
    assert "Not answered yet" in out and "Correct" in out

    def each_on_its_own(grads, max_norm):
        return [g * min(1.0, max_norm / (g.norm().item() + 1e-6)) for g in grads]

    def always_scaled(grads, max_norm):
        total = torch.cat([g.flatten() for g in grads]).norm()
        return [g * max_norm / total for g in grads]

    def crashes(grads, max_norm):
        raise KeyError("x")

    with pytest.raises(AssertionError, match="each tensor on its own"):
        check_clip_by_norm(each_on_its_own)
    with pytest.raises(AssertionError, match="do not scale them up"):
        check_clip_by_norm(always_scaled)
    with pytest.raises(AssertionError, match="raised KeyError"):
        check_clip_by_norm(crashes)
    with pytest.raises(AssertionError, match="return a list of 2 tensors"):
        check_clip_by_norm(lambda grads, max_norm: grads[0])


def test_one_number_tensors_are_accepted_and_index_errors_explained(capsys):
    check_keep_bias(torch.log(torch.tensor(0.99309 / 0.00691)))  # a 0-d tensor
    check_parameter_count(torch.tensor(5376), input_size=8, hidden_size=32)
    assert capsys.readouterr().out.count("Correct") == 2
    with pytest.raises(AssertionError, match="Off by one"):
        check_last_valid_output(lambda output, lengths: output[lengths, torch.arange(len(lengths))])
