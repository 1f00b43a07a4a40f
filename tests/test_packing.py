"""The packed-layout helper and the notebook 04 self-checks."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

from helpers.checks import check_batch_sizes, check_last_valid_output
from helpers.packing import packed_layout
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


def test_last_valid_output_check(capsys):
    check_last_valid_output(lambda out, n: out[n - 1, torch.arange(out.shape[1])])
    assert "Correct" in capsys.readouterr().out
    check_last_valid_output(None)
    assert "Not answered yet" in capsys.readouterr().out
    with pytest.raises(AssertionError, match=r"output\[-1\] is the last padded step"):
        check_last_valid_output(lambda out, n: out[-1])
    with pytest.raises(AssertionError, match="off by one"):
        check_last_valid_output(lambda out, n: out[(n - 2).clamp(min=0), torch.arange(len(n))])
    with pytest.raises(AssertionError, match="should be"):
        check_last_valid_output(lambda out, n: out[n - 1, torch.arange(len(n))].T)
    with pytest.raises(AssertionError, match="not the last real output"):
        check_last_valid_output(lambda out, n: out[0])


def test_batch_sizes_check(capsys):
    check_batch_sizes([4, 3, 2, 2], [4, 1, 4, 2])
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="one entry per time step"):
        check_batch_sizes([4, 3, 2], [4, 1, 4, 2])
    with pytest.raises(AssertionError, match="counts the sequences that are longer than t"):
        check_batch_sizes([4, 4, 2, 2], [4, 1, 4, 2])
