"""Choosing a device and seeding random number generators, for every notebook from 00 on.

Introduced in 00_start_here.ipynb and used by every notebook.
"""

from __future__ import annotations

import os
import random

import torch

DEVICE_ENV = "LSTM_NOTEBOOKS_DEVICE"
"""Environment variable that forces a device, for example ``cpu`` to compare with a GPU run."""


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def pick_device(verbose: bool = True) -> torch.device:
    """Return the best available device: CUDA, then Apple MPS, then CPU.

    Set the environment variable ``LSTM_NOTEBOOKS_DEVICE`` (``cpu``, ``cuda``, ``mps``) to force
    one. With ``verbose`` it prints which device was chosen and why. On CUDA it turns TF32
    matrix maths off, so that comparisons with ``torch.testing.assert_close`` hold to float32
    precision on a GPU as on a CPU.

    Introduced in 00_start_here.ipynb.
    """
    forced = os.environ.get(DEVICE_ENV, "").strip().lower()
    if forced:
        if forced not in {"cpu", "cuda", "mps"}:
            raise ValueError(f"{DEVICE_ENV} must be one of cpu, cuda, mps; got {forced!r}")
        if forced == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"{DEVICE_ENV}=cuda but torch sees no CUDA GPU")
        if forced == "mps" and not _mps_available():
            raise ValueError(f"{DEVICE_ENV}=mps but torch sees no Apple MPS device")
        device, why = torch.device(forced), f"forced by {DEVICE_ENV}"
    elif torch.cuda.is_available():
        device, why = torch.device("cuda"), f"CUDA GPU: {torch.cuda.get_device_name(0)}"
    elif _mps_available():
        device, why = torch.device("mps"), "Apple GPU (MPS)"
    else:
        device, why = torch.device("cpu"), "no GPU found"
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    if verbose:
        print(f"Using device: {device.type} ({why})")
    return device


def seed_everything(seed: int = 0) -> None:
    """Seed Python's, NumPy's and PyTorch's random generators (all devices); returns nothing.

    The same seed gives the same random weights and data on every run of a notebook.

    Introduced in 00_start_here.ipynb.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    random.seed(seed)
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with matplotlib
        pass
    else:
        np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
