"""Packing arithmetic for 04_padding_and_packing.ipynb: a packed batch's layout, padding's waste.

``packed_layout`` says where each step of a packed batch goes without building it (the figure
is :func:`helpers.plots.plot_packed_layout`); ``padding_waste`` counts the padded steps of
the cost-of-padding experiment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import torch

from helpers.i18n import _


def padding_waste(batches: Sequence[Sequence[torch.Tensor]]) -> float:
    """Return the fraction of padded time steps when each batch is padded to its longest.

    ``batches`` is a list of batches, each a list of ``(length, features)`` tensors.
    Introduced in 04_padding_and_packing.ipynb.
    """
    if not batches or any(len(batch) == 0 for batch in batches):
        raise ValueError(_("batches must be a non-empty list of non-empty batches"))
    real = sum(len(s) for batch in batches for s in batch)
    padded = sum(len(batch) * max(len(s) for s in batch) for batch in batches)
    if padded == 0:
        raise ValueError(_("every sequence in batches is empty: there are no steps to pad"))
    return 1 - real / padded


def _whole(n: object) -> int | None:
    """Return ``n`` as an int if it is a whole number (2, 2.0, a one-number tensor), else None."""
    if isinstance(n, bool | str | bytes):
        return None
    try:
        whole = int(n)
        return whole if whole == n else None
    except (TypeError, ValueError, RuntimeError, OverflowError):
        return None


def packed_layout(lengths: Sequence[int]) -> tuple[list[int], list[list[int | None]]]:
    """Return ``(batch_sizes, positions)`` of a packed batch, without building it.

    Sequences are sorted longest first (as ``pack_padded_sequence`` does). ``batch_sizes[t]`` is
    how many sequences are still running at step t; ``positions[t][k]`` is the row of
    ``PackedSequence.data`` that holds step t of the k-th longest sequence, or None (padding).
    Introduced in 04_padding_and_packing.ipynb.
    """
    wholes = [_whole(n) for n in lengths] if isinstance(lengths, Iterable) else [None]
    if not wholes or any(n is None or n <= 0 for n in wholes):
        raise ValueError(
            _("lengths must be a non-empty list of positive ints, got {lengths}").format(
                lengths=lengths
            )
        )
    lengths = wholes
    ordered = sorted(lengths, reverse=True)
    batch_sizes = [sum(n > t for n in ordered) for t in range(ordered[0])]
    positions: list[list[int | None]] = []
    row = 0
    for t, size in enumerate(batch_sizes):
        positions.append([row + k if k < size else None for k in range(len(ordered))])
        row += size
        assert all(ordered[k] > t for k in range(size))
    return batch_sizes, positions
