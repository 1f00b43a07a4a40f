"""The exercise self-checks accept right answers and explain wrong ones."""

from __future__ import annotations

import pytest
import torch

from helpers.checks import check_parameter_count, check_shape_answer, check_top_layer_states

CONFIG = dict(
    input_size=10,
    hidden_size=20,
    num_layers=3,
    bidirectional=True,
    batch_first=True,
    seq_len=12,
    batch=7,
)


def test_unanswered_prints_a_reminder(capsys):
    check_shape_answer("h_n", None, **CONFIG)
    check_parameter_count(None, input_size=10, hidden_size=20)
    check_top_layer_states(None)
    assert capsys.readouterr().out.count("Not answered yet") == 3


def test_shape_answers(capsys):
    check_shape_answer("h_n", (6, 7, 20), **CONFIG)
    check_shape_answer("output", (7, 12, 40), **CONFIG)
    assert capsys.readouterr().out.count("Correct") == 2
    with pytest.raises(AssertionError, match="whatever batch_first says"):
        check_shape_answer("h_n", (7, 6, 20), **CONFIG)
    with pytest.raises(AssertionError, match="concatenates both directions"):
        check_shape_answer("output", (7, 12, 20), **CONFIG)
    with pytest.raises(ValueError, match="tensor must be one of"):
        check_shape_answer("cell", (1,), **CONFIG)


def test_parameter_count_answers(capsys):
    check_parameter_count(5920, input_size=10, hidden_size=20, num_layers=2)
    assert "Correct: 5,920 parameters" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="layers above the first"):
        check_parameter_count(5120, input_size=10, hidden_size=20, num_layers=2)


def top_layer_states(h_n, num_layers, bidirectional):
    dirs = 2 if bidirectional else 1
    top = h_n.view(num_layers, dirs, h_n.shape[1], h_n.shape[2])[-1]
    return tuple(top[d] for d in range(dirs))


def test_top_layer_solution_passes(capsys):
    check_top_layer_states(top_layer_states)
    assert "Correct" in capsys.readouterr().out


def test_top_layer_mistakes_are_named():
    def last_rows(h_n, num_layers, bidirectional):  # h_n[-2:], wrong for one direction
        return (h_n[-1],) if not bidirectional else (h_n[-1], h_n[-2])

    with pytest.raises(AssertionError, match="forward before backward"):
        check_top_layer_states(last_rows)

    def first_layer(h_n, num_layers, bidirectional):
        return tuple(h_n[: 2 if bidirectional else 1])

    with pytest.raises(AssertionError, match="not the top layer's final forward state"):
        check_top_layer_states(first_layer)

    with pytest.raises(AssertionError, match="return a tuple"):
        check_top_layer_states(lambda h_n, n, b: h_n[-1])

    with pytest.raises(AssertionError, match="should be"):
        check_top_layer_states(lambda h_n, n, b: (torch.zeros(1, 4),) * (2 if b else 1))


def test_a_choice_may_be_written_as_the_markdown_labels_it():
    from helpers.answers import as_choice

    for typed in ("a", "(a)", "a)", "'a'", " A. "):
        assert as_choice(typed, ["a", "b", "c"]) == "a"
    with pytest.raises(AssertionError, match="one of 'a', 'b', 'c'"):
        as_choice("(d)", ["a", "b", "c"])


def test_the_persistence_check_names_a_rounding_near_miss(capsys):
    from helpers.checks import check_persistence_mae

    check_persistence_mae("2.67")
    assert "Correct: 2.67" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="two decimals"):
        check_persistence_mae(2.7)
    with pytest.raises(AssertionError, match="repeats the last hour"):
        check_persistence_mae(1.0)


def test_a_function_exercise_not_answered_asks_for_a_function(capsys):
    from helpers.checks import NOT_ANSWERED_FUNCTION, check_lstm_cell

    check_lstm_cell(None)
    assert capsys.readouterr().out.strip() == NOT_ANSWERED_FUNCTION


def test_a_count_is_not_read_from_a_percentage():
    from helpers.answers import as_int

    with pytest.raises(AssertionError, match="whole number"):
        as_int("200%")
    assert as_int("5,376") == 5376


def test_perplexity_prediction_compares_with_the_notebooks_own_budget(capsys):
    from helpers.checks import check_perplexity_prediction

    check_perplexity_prediction("lower", {400: 5.1, 1500: 4.3}, steps=300)  # 300 not run
    assert "run section 4 with STEPS = 300" in capsys.readouterr().out
    check_perplexity_prediction(None, {}, steps=250)
    assert "STEPS = 250" in capsys.readouterr().out
    with pytest.raises(ValueError, match="steps must be a positive int"):
        check_perplexity_prediction("lower", {}, steps=0)
