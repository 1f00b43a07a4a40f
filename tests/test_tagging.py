"""The POS tagger's plumbing: vocabularies, features, batches, model, training, tag box."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch

from helpers.notebook_code import reused_cells
from helpers.plots import plot_confusion, plot_tag_frequencies
from helpers.tagging import (
    EMPTY_MESSAGE,
    NUM_FEATURES,
    Tagger,
    TaggerVocabs,
    accuracy,
    collate,
    predict,
    tag_box,
    tag_text_html,
    train_tagger,
    word_features,
    word_shape,
)
from helpers.vocabulary import Vocab, length_batches, tokenize

SENTENCES = [
    ("The dog barks .".split(), ["DET", "NOUN", "VERB", "PUNCT"]),
    ("A cat sleeps .".split(), ["DET", "NOUN", "VERB", "PUNCT"]),
    ("The cat barks loudly .".split(), ["DET", "NOUN", "VERB", "ADV", "PUNCT"]),
    ("Dogs sleep .".split(), ["NOUN", "VERB", "PUNCT"]),
]
CPU = torch.device("cpu")


def test_vocab_reserves_pad_and_unk():
    from collections import Counter

    vocab = Vocab.build(Counter({"the": 5, "dog": 1, "cat": 2}), min_freq=2)
    assert vocab.itos == ["<pad>", "<unk>", "the", "cat"]
    assert vocab.index("dog") == 1 and "the" in vocab and len(vocab) == 4
    with pytest.raises(ValueError, match="min_freq"):
        Vocab.build(Counter(), min_freq=0)
    with pytest.raises(ValueError, match="must not repeat"):
        Vocab(["a", "a"])


def test_shapes_and_features():
    assert word_shape("McDonald's") == "XxXxpx" and word_shape("2024") == "d"
    assert word_shape("U.S.") == "XpXp" and word_shape("hello") == "x"
    assert word_features("Running") == [
        "s1:g",
        "s2:ng",
        "s3:ing",
        "s4:ning",
        "p1:r",
        "p2:ru",
        "p3:run",
        "shape:Xx",
    ]
    assert len(word_features("a")) == NUM_FEATURES


def test_vocabs_encode_lowercase_and_unknowns():
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=2, min_feature_freq=1)
    x = vocabs.encode(["THE", "zebra"])
    assert x.shape == (2, 1 + NUM_FEATURES)
    assert x[0, 0] == vocabs.words.index("the") and x[1, 0] == 1  # unknown word → <unk>
    assert vocabs.tags == sorted({"DET", "NOUN", "VERB", "PUNCT", "ADV"})
    cased = TaggerVocabs.build(SENTENCES, min_word_freq=1, lowercase=False)
    assert "The" in cased.words and "the" not in cased.words
    with pytest.raises(ValueError, match="at least one word"):
        vocabs.encode([])
    with pytest.raises(ValueError, match="unknown tag 'VRB'"):
        vocabs.encode_tags(["VRB"])


def test_vocabs_survive_a_weights_only_round_trip(tmp_path):
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1, lowercase=False)
    torch.save({"vocabs": vocabs.to_dict()}, tmp_path / "v.pt")
    loaded = TaggerVocabs.from_dict(torch.load(tmp_path / "v.pt", weights_only=True)["vocabs"])
    assert loaded.words.itos == vocabs.words.itos and loaded.tags == vocabs.tags
    assert not loaded.lowercase
    assert torch.equal(loaded.encode(["The", "cat"]), vocabs.encode(["The", "cat"]))
    with pytest.raises(ValueError, match="lack tags"):
        TaggerVocabs.from_dict({"words": [], "features": [], "lowercase": True})


def test_length_batches_group_and_cover_everything():
    lengths = [5, 1, 5, 3, 1, 3, 5]
    batches = length_batches(lengths, 3)
    assert batches == [[1, 4, 3], [5, 0, 2], [6]]
    shuffled = length_batches(lengths, 3, shuffle=True, seed=1)
    assert sorted(i for b in shuffled for i in b) == list(range(7))
    assert shuffled == length_batches(lengths, 3, shuffle=True, seed=1)  # seeded
    with pytest.raises(ValueError, match="batch_size"):
        length_batches(lengths, 0)


def test_tokenize_like_ewt():
    assert tokenize("I don't know.") == ["I", "do", "n't", "know", "."]
    assert tokenize("It's 3.5 km, e-mail me!") == [
        "It",
        "'s",
        "3.5",
        "km",
        ",",
        "e-mail",
        "me",
        "!",
    ]
    assert tokenize("   ") == []


def test_tag_box_logic_and_widget():
    def tagger(words):
        return ["X"] * len(words)

    assert EMPTY_MESSAGE in tag_text_html("", tagger)
    assert EMPTY_MESSAGE in tag_text_html("  \n ", tagger)
    html = tag_text_html("Hello <world>", tagger)
    assert "&lt;" in html and html.count("class='tag'") == 4
    with pytest.raises(ValueError, match="returned 1 tags for 2 words"):
        tag_text_html("two words", lambda words: ["X"])
    box = tag_box(tagger, "one")
    text, view = box.children
    text.value = ""
    assert EMPTY_MESSAGE in view.value  # an empty sentence is a hint, not a crash
    text.value = "a b c"
    assert view.value.count("class='tag'") == 3


def encoded(vocabs):
    return [(vocabs.encode(w), vocabs.encode_tags(t)) for w, t in SENTENCES]


@pytest.mark.parametrize(("rnn", "bidirectional"), [("LSTM", True), ("GRU", True), ("LSTM", False)])
def test_padding_does_not_change_a_sentence_tags(rnn, bidirectional):
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    torch.manual_seed(0)
    model = Tagger(
        len(vocabs.words),
        len(vocabs.features),
        len(vocabs.tags),
        rnn=rnn,
        bidirectional=bidirectional,
    ).eval()
    examples = encoded(vocabs)
    x, y, lengths = collate(examples)
    assert x.shape == (4, 5, 1 + NUM_FEATURES) and (y[3, 3:] == -100).all()
    with torch.no_grad():
        together = model(x, lengths)
        for k, (features, _) in enumerate(examples):
            alone = model(features[None], torch.tensor([len(features)]))[0]
            torch.testing.assert_close(together[k, : len(features)], alone)


def test_tagger_rejects_bad_configuration():
    with pytest.raises(ValueError, match="rnn must be 'LSTM' or 'GRU'"):
        Tagger(10, 10, 3, rnn="RNN")
    with pytest.raises(ValueError, match="hidden"):
        Tagger(10, 10, 3, hidden=0)


def test_training_learns_the_toy_data_and_keeps_the_best_epoch():
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    examples = encoded(vocabs)
    torch.manual_seed(0)
    model = Tagger(
        len(vocabs.words),
        len(vocabs.features),
        len(vocabs.tags),
        word_dim=8,
        feature_dim=4,
        hidden=8,
        dropout=0.0,
    )
    history = train_tagger(
        model,
        examples,
        examples,
        epochs=30,
        device=CPU,
        lr=0.05,
        batch_size=2,
        patience=30,
        progress=False,
    )
    assert len(history) == 30 and history[-1]["seconds"] > 0
    best = max(r["dev_accuracy"] for r in history)
    assert accuracy(predict(model, examples, CPU), examples) == best == 1.0


def test_early_stopping():
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    examples = encoded(vocabs)
    torch.manual_seed(0)
    model = Tagger(
        len(vocabs.words),
        len(vocabs.features),
        len(vocabs.tags),
        word_dim=4,
        feature_dim=2,
        hidden=4,
    )
    history = train_tagger(
        model, examples, examples, epochs=50, device=CPU, lr=0.0, patience=2, progress=False
    )  # lr 0: never improves
    assert len(history) == 3


def test_tag_plots():
    ax = plot_tag_frequencies({"NOUN": 5, "VERB": 7})
    assert [t.get_text() for t in ax.get_xticklabels()] == ["VERB", "NOUN"]
    plt.close(ax.figure)
    ax = plot_confusion(torch.tensor([[8, 2], [0, 5]]), ["A", "B"])
    assert ax.get_images()[0].get_array()[0, 1] == pytest.approx(0.2)
    assert [t.get_text() for t in ax.texts] == [".20"]  # off-diagonal shares only
    plt.close(ax.figure)
    ax = plot_confusion(torch.tensor([[0, 200], [2, 198]]), ["A", "B"])
    assert sorted(t.get_text() for t in ax.texts) == [".01", "1.00"]  # 1.00, not ".00"
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="2 labels"):
        plot_confusion(torch.zeros(3, 3), ["A", "B"])
    with pytest.raises(ValueError, match="at least one tag"):
        plot_tag_frequencies({})


def notebook_07_code() -> dict:
    """Notebook 07's model and training loop, as a learner reads them."""
    return reused_cells("07_pos_tagging.ipynb")


@pytest.mark.parametrize(
    "options", [{}, {"rnn": "GRU"}, {"bidirectional": False}, {"use_features": False}]
)
def test_notebook_07_model_equals_the_helpers_model(options):
    """07 writes the tagger out for learners; the scripts use the helpers' copy: same model."""
    notebook = notebook_07_code()
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    sizes = (len(vocabs.words), len(vocabs.features), len(vocabs.tags))
    torch.manual_seed(0)
    ours = notebook["Tagger"](*sizes, **options).eval()
    torch.manual_seed(0)
    theirs = Tagger(*sizes, **options).eval()
    assert ours.state_dict().keys() == theirs.state_dict().keys()
    for name, value in ours.state_dict().items():
        assert torch.equal(value, theirs.state_dict()[name]), name
    x, _, lengths = collate(encoded(vocabs))
    with torch.no_grad():
        torch.testing.assert_close(ours(x, lengths), theirs(x, lengths))


def test_notebook_07_training_loop_equals_the_helpers_loop():
    notebook = notebook_07_code()
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    examples = encoded(vocabs)
    results = []
    for make, train in ((notebook["Tagger"], notebook["train_tagger"]), (Tagger, train_tagger)):
        torch.manual_seed(0)
        model = make(
            len(vocabs.words),
            len(vocabs.features),
            len(vocabs.tags),
            word_dim=8,
            feature_dim=4,
            hidden=8,
        )
        history = train(
            model, examples, examples, epochs=4, device=CPU, lr=0.05, batch_size=2, progress=False
        )
        results.append(
            ([(r["epoch"], r["loss"], r["dev_accuracy"]) for r in history], model.state_dict())
        )
    assert results[0][0] == results[1][0]
    for name, value in results[0][1].items():
        assert torch.equal(value, results[1][1][name]), name
