"""helpers/packing.py (notebook 04): the packed layout, its figure and the padding waste.

Notebook 04's self-checks are in tests/test_checks.py."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

from helpers.packing import packed_layout, padding_waste
from helpers.plots import plot_packed_layout


@pytest.mark.parametrize("lengths", [[5, 2, 3], [1], [4, 4, 4], [1, 7, 3, 3, 2]])
def test_layout_matches_pytorch(lengths):
    # Each step of each sequence holds a unique number, so the packed data shows where it went.
    seqs = [torch.tensor([[100.0 * b + t] for t in range(n)]) for b, n in enumerate(lengths)]
    packed = pack_padded_sequence(pad_sequence(seqs), torch.tensor(lengths), enforce_sorted=False)
    batch_sizes, positions = packed_layout(lengths)
    assert batch_sizes == packed.batch_sizes.tolist()
    for t, row in enumerate(positions):
        for k, position in enumerate(row):
            original = packed.sorted_indices[k].item()
            if position is None:
                assert t >= lengths[original]
            else:
                assert packed.data[position, 0].item() == 100.0 * original + t


@pytest.mark.parametrize("lengths", [[], [3, 0], [-1]])
def test_layout_rejects_bad_lengths(lengths):
    with pytest.raises(ValueError, match="lengths must be a non-empty list of positive ints"):
        packed_layout(lengths)


def test_plot_packed_layout_labels_every_cell():
    ax = plot_packed_layout([5, 2, 3])
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("pad") == 5 and "9" in texts and "batch_sizes[4] = 1" in texts
    plt.close(ax.figure)


def test_padding_waste_counts_padded_steps():
    batches = [[torch.zeros(4, 2), torch.zeros(2, 2)], [torch.zeros(3, 2)]]
    # padded: 2 * 4 + 1 * 3 = 11 steps, real: 4 + 2 + 3 = 9
    assert padding_waste(batches) == pytest.approx(1 - 9 / 11)
    assert padding_waste([[torch.zeros(5, 1)] * 3]) == 0.0


@pytest.mark.parametrize(
    ("batches", "message"),
    [
        ([], "non-empty"),
        ([[]], "non-empty"),
        ([[torch.zeros(0, 3)]], "every sequence in batches is empty"),  # M02, bad-inputs review
    ],
    ids=["no batch", "an empty batch", "M02 only empty sequences"],
)
def test_padding_waste_refuses_nothing_to_measure(batches, message):
    with pytest.raises(ValueError, match=message):
        padding_waste(batches)
