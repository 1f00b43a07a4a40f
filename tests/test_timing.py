"""padding_waste (notebook 04)."""

from __future__ import annotations

import pytest
import torch

from helpers.packing import padding_waste


def test_padding_waste_counts_padded_steps():
    batches = [[torch.zeros(4, 2), torch.zeros(2, 2)], [torch.zeros(3, 2)]]
    # padded: 2 * 4 + 1 * 3 = 11 steps, real: 4 + 2 + 3 = 9
    assert padding_waste(batches) == pytest.approx(1 - 9 / 11)
    assert padding_waste([[torch.zeros(5, 1)] * 3]) == 0.0
    with pytest.raises(ValueError, match="non-empty"):
        padding_waste([])
    with pytest.raises(ValueError, match="non-empty"):
        padding_waste([[]])
