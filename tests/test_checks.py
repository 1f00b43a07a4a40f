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


class SmallEncoder(torch.nn.Module):
    """A stand-in for notebook 13's Encoder: what check_padding_mask reads from it."""

    def __init__(self, inputs=8, d_model=16):
        super().__init__()
        self.d_model = d_model
        self.project = torch.nn.Linear(inputs, d_model)
        layer = torch.nn.TransformerEncoderLayer(
            d_model, 4, 2 * d_model, dropout=0.0, batch_first=True, norm_first=True
        )
        self.layers = torch.nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)

    def embed(self, x):
        return self.project(x) + torch.arange(x.shape[1])[None, :, None] / 10

    def forward(self, x, lengths):
        padding = torch.arange(x.shape[1])[None] >= lengths[:, None]
        return self.layers(self.embed(x), src_key_padding_mask=padding)


def test_the_padding_mask_check_passes_the_fix_and_names_the_mistakes(capsys):
    from helpers.checks import check_padding_mask

    torch.manual_seed(0)
    encoder = SmallEncoder().eval()

    def fixed(encoder, x, lengths):
        padding = torch.arange(x.shape[1])[None] >= lengths[:, None]
        return encoder.layers(encoder.embed(x), src_key_padding_mask=padding)

    check_padding_mask(fixed, encoder)
    assert capsys.readouterr().out.startswith("Correct:")
    mistakes = {
        "pass src_key_padding_mask": lambda e, x, n: e.layers(e.embed(x)),
        "holds NaN": lambda e, x, n: e.layers(
            e.embed(x), src_key_padding_mask=torch.arange(x.shape[1])[None] < n[:, None]
        ),
        "not the encoder's": lambda e, x, n: e.layers(
            e.project(x), src_key_padding_mask=torch.arange(x.shape[1])[None] >= n[:, None]
        ),
        "one vector per position": lambda e, x, n: e(x, n)[:, 0],
        "raised TypeError": lambda e, x, n: e(x),
    }
    for phrase, mistake in mistakes.items():
        with pytest.raises(AssertionError, match=phrase):
            check_padding_mask(mistake, encoder)
    with pytest.raises(TypeError, match="encoder must be"):
        check_padding_mask(fixed, torch.nn.Linear(2, 2))
    check_padding_mask(None, encoder)
    assert "Not answered yet" in capsys.readouterr().out


def test_the_cache_check_counts_keys_and_values_in_bytes(capsys):
    from helpers.checks import check_kv_cache_bytes

    check_kv_cache_bytes("1,024,000", layers=2, width=64, steps=1000)
    assert "Correct: 1,024,000 bytes" in capsys.readouterr().out
    wrong = ((256_000, "4 bytes"), (512_000, "half"), (1024, "LSTM's"), (7, "not it"))
    for answer, phrase in wrong:
        with pytest.raises(AssertionError, match=phrase):
            check_kv_cache_bytes(answer, layers=2, width=64, steps=1000)
    with pytest.raises(ValueError, match="steps"):
        check_kv_cache_bytes(None, layers=2, width=64, steps=0)
