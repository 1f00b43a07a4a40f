"""Notebook 10's plumbing and ideas: the split, edit distance and error rates, greedy decoding's
stopping rules, attention over real letters only, and the pronunciation box."""

from __future__ import annotations

from html import escape

import pytest
import torch

from helpers.notebook_code import reused_cells
from helpers.seq2seq import (
    EMPTY_MESSAGE,
    END,
    LETTERS,
    PHONEMES,
    START,
    check_word,
    collate_words,
    edit_distance,
    encode_word,
    error_rates,
    mismatch_rate,
    pronunciation_box,
    pronunciation_html,
    split_words,
)

CPU = torch.device("cpu")
WORDS = [f"w{k:03d}" for k in range(200)]


def test_split_by_word_is_disjoint_complete_and_deterministic():
    train, dev, test = split_words(WORDS, seed=0)
    assert (len(train), len(dev), len(test)) == (180, 10, 10)
    assert not set(train) & set(dev) and not set(train) & set(test) and not set(dev) & set(test)
    assert sorted(train + dev + test) == sorted(WORDS)
    assert split_words(list(reversed(WORDS)), seed=0) == (train, dev, test)  # order-free
    assert split_words(WORDS, seed=1) != (train, dev, test)
    with pytest.raises(ValueError, match="must not repeat"):
        split_words(["a", "a", "b"])
    with pytest.raises(ValueError, match="fractions"):
        split_words(WORDS, dev=0.6, test=0.5)


def test_edit_distance_and_error_rates():
    assert edit_distance("K AE T".split(), "K AA T S".split()) == 2
    assert edit_distance([], ["A", "B"]) == 2 and edit_distance(["A"], []) == 1
    assert edit_distance("kitten", "sitting") == 3
    wer, per = error_rates(
        [["F", "OW", "N"], ["B", "AA", "K", "S"]], [["F", "OW", "N"], ["B", "AA", "K", "S", "IH"]]
    )
    assert wer == 0.5 and per == pytest.approx(1 / 8)
    with pytest.raises(ValueError, match="same length"):
        error_rates([["A"]], [])


def test_mismatch_rate_counts_positions_and_shifts():
    gold = [["B", "AA", "K", "S"], ["F", "OW", "N"]]
    assert mismatch_rate(gold, gold) == 0.0
    # one substitution: one wrong position, as in PER
    assert mismatch_rate([["B", "AE", "K", "S"], ["F", "OW", "N"]], gold) == pytest.approx(1 / 7)
    # one missed phoneme shifts the rest: 4 wrong positions, where PER counts 1 edit
    shifted = [["AA", "K", "S"], ["F", "OW", "N"]]
    assert mismatch_rate(shifted, gold) == pytest.approx(4 / 7)  # B->AA, AA->K, K->S, S missing
    assert error_rates(shifted, gold)[1] == pytest.approx(1 / 7)
    assert mismatch_rate([["B", "AA", "K", "S", "IH"], ["F", "OW", "N"]], gold) == 0.0  # extra
    with pytest.raises(ValueError, match="same length"):
        mismatch_rate([["A"]], [])


def test_batches_for_teacher_forcing():
    x, lengths, previous, target = collate_words(
        ["box", "a"], {"box": ("B", "AA", "K", "S"), "a": ("AH",)}
    )
    assert x.tolist() == [[LETTERS.index(c) for c in "box"], [LETTERS.index("a"), 0, 0]]
    assert lengths.tolist() == [3, 1]
    start, end = PHONEMES.index(START), PHONEMES.index(END)
    assert previous[0].tolist() == [start] + [PHONEMES.index(p) for p in ("B", "AA", "K", "S")]
    assert target[1].tolist() == [PHONEMES.index("AH"), end, -100, -100, -100]
    assert encode_word("Zz9").tolist() == [LETTERS.index("z"), LETTERS.index("z"), 1]
    with pytest.raises(ValueError, match="at least one letter"):
        encode_word("")


@pytest.fixture(scope="module")
def notebook_10():
    return reused_cells("10_encoder_decoder.ipynb", device=CPU)


def test_attention_weights_sum_to_one_over_real_letters_only(notebook_10):
    generator = torch.Generator().manual_seed(0)
    queries = torch.randn(3, 4, 8, generator=generator)
    keys = torch.randn(3, 6, 8, generator=generator)
    lengths = torch.tensor([6, 2, 4])
    real = torch.arange(6)[None] < lengths[:, None]
    contexts, weights = notebook_10["dot_attention"](queries, keys, real)
    torch.testing.assert_close(weights.sum(dim=-1), torch.ones(3, 4))
    assert (weights[1, :, 2:] == 0).all() and (weights[2, :, 4:] == 0).all()
    for b, n in enumerate(lengths.tolist()):  # the same as attending to the real letters alone
        alone = (queries[b] @ keys[b, :n].T).softmax(dim=-1)
        torch.testing.assert_close(weights[b, :, :n], alone)
        torch.testing.assert_close(contexts[b], alone @ keys[b, :n])


class ScriptedDecoder(torch.nn.Module):
    """Writes a fixed phoneme id sequence per word, whatever it reads; counts its calls."""

    def __init__(self, rows):
        super().__init__()
        self.rows, self.calls = rows, 0

    def forward(self, previous, state, keys, real):
        scores = torch.full((len(self.rows), 1, len(PHONEMES)), -1e9)
        for b, row in enumerate(self.rows):
            scores[b, 0, row[min(self.calls, len(row) - 1)]] = 0.0
        self.calls += 1
        weights = torch.zeros(len(self.rows), 1, keys.shape[1])
        weights[:, :, 0] = 1.0
        return scores, state, weights


class ScriptedModel(torch.nn.Module):
    def __init__(self, rows):
        super().__init__()
        self.decoder = ScriptedDecoder(rows)

    def encoder(self, x, lengths):
        real = torch.arange(x.shape[1])[None] < lengths[:, None]
        return torch.zeros(x.shape[0], x.shape[1], 2), real, None


def test_greedy_decoding_stops_at_the_end_symbol_and_at_max_steps(notebook_10):
    greedy, end = notebook_10["greedy"], PHONEMES.index(END)
    f, ow, n = (PHONEMES.index(p) for p in ("F", "OW", "N"))
    model = ScriptedModel([[f, ow, n, end, f, f], [f, end, n, n, n, n]])
    (first, attention), (second, _) = greedy(model, ["phone", "fe"], max_steps=30)
    assert first == ["F", "OW", "N"] and second == ["F"]  # cut at </s>
    assert model.decoder.calls == 4  # stopped once every word had written </s>
    assert tuple(attention.shape) == (3, 5)  # one row per phoneme, one column per letter
    never_ends = ScriptedModel([[f, ow]])
    ((phonemes, _),) = greedy(never_ends, ["fo"], max_steps=7)
    assert phonemes == ["F"] + ["OW"] * 6 and never_ends.decoder.calls == 7


def test_the_pronunciation_box_checks_the_word_first():
    calls = []

    def pronounce(word):
        calls.append(word)
        return ["G", "OW", "T", "IY"], torch.full((4, len(word)), 1 / len(word))

    html = pronunciation_html(" Ghoti ", pronounce)
    assert calls == ["ghoti"] and "G OW T IY" in html and "data:image/png;base64," in html
    for text, message in (
        ("", EMPTY_MESSAGE),
        ("   ", EMPTY_MESSAGE),
        ("r2d2", "'2'"),
        ("two words", "' '"),
        ("café", "'é'"),
    ):
        assert message in check_word(text)
        assert escape(check_word(text)) in pronunciation_html(text, pronounce)
    assert len(calls) == 1  # none of the bad inputs reached the model
    no_attention = pronunciation_html("box", lambda w: (["B", "AA", "K", "S"], None))
    assert "B AA K S" in no_attention and "<img" not in no_attention
    box = pronunciation_box(pronounce)
    box.children[0].value = "brunch"
    assert calls[-1] == "brunch"
