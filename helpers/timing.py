"""Padding plumbing for the cost-of-padding experiment (timed with ``torch.utils.benchmark``).

Introduced in 04_padding_and_packing.ipynb.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def padding_waste(batches: Sequence[Sequence[torch.Tensor]]) -> float:
    """Return the fraction of padded time steps when each batch is padded to its longest.

    ``batches`` is a list of batches, each a list of ``(length, features)`` tensors.
    Introduced in 04_padding_and_packing.ipynb.
    """
    if not batches or any(len(batch) == 0 for batch in batches):
        raise ValueError("batches must be a non-empty list of non-empty batches")
    real = sum(len(s) for batch in batches for s in batch)
    padded = sum(len(batch) * max(len(s) for s in batch) for batch in batches)
    return 1 - real / padded
