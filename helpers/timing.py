"""Timing and padding plumbing for the cost-of-padding experiment.

Introduced in 04_padding_and_packing.ipynb.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import torch

from helpers._validate import positive_int


def best_time(fn: Callable[[], object], device: torch.device, repeats: int = 5) -> float:
    """Return the fastest of ``repeats`` runs of ``fn()``, in seconds.

    The fastest run is the one least disturbed by other work on the machine. On CUDA the
    clock stops only after the GPU has finished (``torch.cuda.synchronize``).
    Introduced in 04_padding_and_packing.ipynb.
    """
    positive_int("repeats", repeats)
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        if device.type == "cuda":
            torch.cuda.synchronize()
        times.append(time.perf_counter() - start)
    return min(times)


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
