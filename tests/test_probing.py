"""Probes, control tasks, correlations, gate traces and saturation (notebook 08)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from torch import nn

from helpers.data import TaggedSentence
from helpers.plots import plot_saturation
from helpers.probing import (
    collect_vectors,
    control_labels,
    lstm_gate_traces,
    model_inputs,
    probe_accuracy,
    property_table,
    saturation,
    token_states,
    train_probe,
    unit_correlations,
)
from helpers.tagging import Tagger, TaggerVocabs

CPU = torch.device("cpu")


def test_a_probe_reads_a_linear_property_and_not_noise():
    generator = torch.Generator().manual_seed(0)
    vectors = torch.randn(400, 8, generator=generator)
    labels = (vectors[:, 2] - vectors[:, 5] > 0).long()  # linear in the vectors
    probe = train_probe(vectors[:300], labels[:300], 2)
    assert probe_accuracy(probe, vectors[300:], labels[300:]) > 0.95
    noise = torch.randint(0, 2, (400,), generator=generator)  # unrelated to the vectors
    probe = train_probe(vectors[:300], noise[:300], 2)
    assert probe_accuracy(probe, vectors[300:], noise[300:]) < 0.7


def test_probe_helpers_refuse_mismatched_inputs():
    vectors = torch.randn(10, 3)
    with pytest.raises(ValueError, match="one label per vector: 10 vectors"):
        train_probe(vectors, torch.zeros(9, dtype=torch.long), 2)
    with pytest.raises(ValueError, match="labels must lie in 0 .. 1"):
        train_probe(vectors, torch.full((10,), 2), 2)
    probe = train_probe(vectors, torch.zeros(10, dtype=torch.long), 2, steps=1)
    with pytest.raises(ValueError, match="one label per vector"):
        probe_accuracy(probe, vectors, torch.zeros(3, dtype=torch.long))
    with pytest.raises(ValueError, match="2-D"):
        unit_correlations(torch.zeros(5), torch.zeros(5))


def test_control_labels_one_per_type_deterministic_and_like_the_real_labels():
    types = ["the", "dog", "the", "cat", "dogs"] * 40
    real = [0] * 90 + [1] * 10
    control = control_labels(types, real, seed=3)
    assert set(control) == {"the", "dog", "cat", "dogs"}  # one label per type
    assert control == control_labels(list(reversed(types)), list(reversed(real)), seed=3)
    assert set(control.values()) <= {0, 1}
    many = control_labels([f"w{k}" for k in range(2000)], real, seed=0)
    assert 0.85 < list(many.values()).count(0) / 2000 < 0.95  # the real labels' frequencies
    assert control_labels([f"w{k}" for k in range(2000)], real, seed=1) != many  # seed matters
    with pytest.raises(ValueError, match="real task's labels"):
        control_labels(types, [])


def test_unit_correlations_are_pearson():
    values = torch.tensor([0.0, 1.0, 2.0, 3.0])
    activations = torch.stack([values * 2 + 1, -values, torch.tensor([1.0, -1.0, 1.0, -1.0])], 1)
    r = unit_correlations(activations, values)
    torch.testing.assert_close(r[:2], torch.tensor([1.0, -1.0]))
    assert abs(r[2]) < 0.5


def test_saturation_shares():
    gate = torch.tensor([[0.05, 0.5], [0.95, 0.5], [0.02, 0.99], [0.5, 0.95]])
    left, right = saturation(gate)
    assert left.tolist() == [0.5, 0.0] and right.tolist() == [0.25, 0.5]
    with pytest.raises(ValueError, match="low < high"):
        saturation(gate, low=0.9, high=0.1)
    figure = plot_saturation({"f": torch.rand(20, 6)})
    assert len(figure.axes) == 1
    plt.close("all")


SENTENCES = [
    ("The dog barks .".split(), ["DET", "NOUN", "VERB", "PUNCT"]),
    ("Dogs sleep .".split(), ["NOUN", "VERB", "PUNCT"]),
]


def test_gate_traces_give_the_lstm_output_and_vectors_come_in_order():
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    torch.manual_seed(0)
    model = Tagger(len(vocabs.words), len(vocabs.features), len(vocabs.tags), hidden=5).eval()
    encoded = [vocabs.encode(words) for words, _ in SENTENCES]
    vectors = collect_vectors(model, encoded, CPU, batch_size=1)
    assert vectors["both"].shape == (7, 10) and vectors["embedding"].shape[0] == 7
    with torch.no_grad():
        alone = model.rnn(model_inputs(model, encoded[1])[None])[0][0]  # sentence 1 alone
        torch.testing.assert_close(vectors["both"][4:], alone)
        gates = lstm_gate_traces(model.rnn, [model_inputs(model, x) for x in encoded])
    torch.testing.assert_close(gates["h"], vectors["both"])
    assert all(((g > 0) & (g < 1)).all() for name, g in gates.items() if name != "h")
    with pytest.raises(ValueError, match="bidirectional"):
        lstm_gate_traces(nn.LSTM(3, 4), [torch.zeros(2, 3)])


def test_property_table_counts_positions_across_sentences():
    first = TaggedSentence("s1", "Dogs bark", ("Dogs", "bark"), ("NOUN", "VERB"))
    second = TaggedSentence("s2", "Cats", ("Cats",), ("NOUN",))

    def nouns(sentence, k):  # only nouns have the property
        return {"is noun": "yes"} if sentence.tags[k] == "NOUN" else {}

    table = property_table([first, second], nouns)
    assert table == {"is noun": ([0, 2], ["yes", "yes"], ["dogs", "cats"])}
    assert property_table([first], lambda s, k: {}) == {}


def test_token_states_read_one_word_per_sentence_and_each_direction_sees_one_side():
    vocabs = TaggerVocabs.build(SENTENCES, min_word_freq=1)
    torch.manual_seed(0)
    model = Tagger(len(vocabs.words), len(vocabs.features), len(vocabs.tags), hidden=5).eval()
    encoded = [vocabs.encode(words) for words, _ in SENTENCES]
    vectors = collect_vectors(model, encoded, CPU)
    states = token_states(model, encoded, [1, 2], CPU, batch_size=1)
    torch.testing.assert_close(states["forward"], vectors["forward"][[1, 6]])
    torch.testing.assert_close(states["backward"], vectors["backward"][[1, 6]])
    with torch.no_grad():
        scores = model(encoded[0][None], torch.tensor([4]))[0, 1]
    assert states["tag"].tolist()[0] == scores.argmax().item()
    left, right = encoded[0].clone(), encoded[0].clone()
    left[0], right[3] = encoded[1][0], encoded[1][0]  # "the" -> "dogs", "." -> "dogs"
    changed = token_states(model, [left, right], [1, 1], CPU)
    same = token_states(model, [encoded[0], encoded[0]], [1, 1], CPU)
    torch.testing.assert_close(changed["backward"][0], same["backward"][0])  # left: not seen
    torch.testing.assert_close(changed["forward"][1], same["forward"][1])  # right: not seen
    assert not torch.allclose(changed["forward"][0], same["forward"][0])
    assert not torch.allclose(changed["backward"][1], same["backward"][1])
    with pytest.raises(ValueError, match="one position per sentence"):
        token_states(model, encoded, [0], CPU)
    with pytest.raises(ValueError, match="positions must be word indices"):
        token_states(model, encoded, [0, 3], CPU)
