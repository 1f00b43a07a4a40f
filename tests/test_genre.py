"""Genre labels, the bag-of-words featuriser, F1, the genre box, and 09's masked pooling."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from helpers.genre import (
    EMPTY_MESSAGE,
    GENRES,
    bag_of_words,
    f1_scores,
    genre_bars_html,
    genre_box,
    genre_of,
)
from helpers.notebook_code import reused_cells


def test_genre_comes_from_the_sentence_id():
    assert (
        genre_of("weblog-juancole.com_juancole_20051126063000_ENG_20051126_063000-0001") == "weblog"
    )
    assert [genre_of(f"{g}-x-0001") for g in GENRES] == list(GENRES)


@pytest.mark.parametrize("bad", ["blog-2020-0001", "email", "Email-x-1", "", "reviews_x"])
def test_an_unknown_genre_names_the_sentence_id(bad):
    with pytest.raises(ValueError, match=f"sentence id {bad!r}"):
        genre_of(bad)
    with pytest.raises(ValueError, match="must be a string"):
        genre_of(3)


def test_bag_of_words_for_embedding_bag():
    ids, offsets = bag_of_words([torch.tensor([4, 5]), torch.tensor([6]), torch.tensor([7, 8, 9])])
    assert ids.tolist() == [4, 5, 6, 7, 8, 9] and offsets.tolist() == [0, 2, 3]
    bag = nn.EmbeddingBag(10, 3, mode="mean")
    together = bag(ids, offsets)
    alone = bag(torch.tensor([7, 8, 9]), torch.tensor([0]))
    torch.testing.assert_close(together[2], alone[0])
    same_words = bag(*bag_of_words([torch.tensor([7, 9, 8])]))  # order does not matter
    torch.testing.assert_close(same_words, alone)
    with pytest.raises(ValueError, match="at least one"):
        bag_of_words([])
    with pytest.raises(ValueError, match="sentence 1"):
        bag_of_words([torch.tensor([1]), torch.tensor([], dtype=torch.long)])


def test_f1_scores():
    gold = torch.tensor([0] * 10 + [1] * 10)
    pred = torch.tensor([0] * 8 + [1] * 2 + [0] + [1] * 7 + [2] * 2)
    scores = f1_scores(pred, gold, 3)
    torch.testing.assert_close(scores, torch.tensor([16 / 19, 14 / 19, 0.0]))
    assert f1_scores(gold, gold, 2).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match="same length"):
        f1_scores(gold[:3], gold, 2)
    with pytest.raises(ValueError, match="labels outside 0 .. 1"):
        f1_scores(pred, gold, 2)  # pred holds a 2: a wrong n_classes, not a silent drop
    with pytest.raises(ValueError, match="n_classes must be a positive int"):
        f1_scores(gold, gold, 0)


def test_genre_bars_html_and_box():
    calls = []

    def classify(words):
        calls.append(words)
        return [0.1, 0.6, 0.1, 0.1, 0.1]

    html = genre_bars_html("Thanks, see you!", classify)
    assert calls == [["Thanks", ",", "see", "you", "!"]]
    assert html.count("genre-row") == 5 and "<b>email</b>" in html and "60%" in html
    for blank in ("", "   \n"):
        assert EMPTY_MESSAGE in genre_bars_html(blank, classify)
    assert len(calls) == 1  # the blank texts never reached the classifier
    with pytest.raises(ValueError, match="2 numbers for 5 genres"):
        genre_bars_html("hi", lambda words: [0.5, 0.5])
    box = genre_box(classify, "Hello")
    box.children[0].value = "Regards"
    assert calls[-1] == ["Regards"] and "genre-row" in box.children[1].value


def loop_pooling(output, lengths):
    """Mean and max over each sequence's real steps, one sequence at a time."""
    means = torch.stack([output[b, :n].mean(dim=0) for b, n in enumerate(lengths.tolist())])
    maxes = torch.stack([output[b, :n].amax(dim=0) for b, n in enumerate(lengths.tolist())])
    return means, maxes


def test_notebook_09_masked_pooling_equals_a_loop_over_real_steps():
    code = reused_cells("09_sentence_classification.ipynb")
    generator = torch.Generator().manual_seed(0)
    for lengths in ([4, 1, 3], [2, 2], [5, 3, 1, 2]):
        lengths = torch.tensor(lengths)
        output = torch.randn(len(lengths), int(lengths.max()), 6, generator=generator) - 2
        for b, n in enumerate(lengths.tolist()):
            output[b, n:] = 0.0  # padding, as pad_packed_sequence leaves it
        means, maxes = loop_pooling(output, lengths)
        torch.testing.assert_close(code["masked_mean"](output, lengths), means)
        torch.testing.assert_close(code["masked_max"](output, lengths), maxes)
