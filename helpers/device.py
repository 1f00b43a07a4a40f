"""Choosing a device and seeding random number generators, for every notebook from 00 on.

Introduced in 00_start_here.ipynb and used by every notebook.
"""

from __future__ import annotations

import os
import random

import torch

from helpers.i18n import N_, _

DEVICE_ENV = "LSTM_NOTEBOOKS_DEVICE"
"""Environment variable that forces a device, for example ``cpu`` to compare with a GPU run."""


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


MPS_NOT_USED = N_(
    "an Apple GPU (MPS) is here but not used: LSTMs on MPS have given results that differ "
    "from the CPU's and run slower; {env}=mps uses it"
)
"""Why :func:`pick_device` leaves an Apple GPU alone unless asked (doctor prints it too):
``_(MPS_NOT_USED).format(env=DEVICE_ENV)``."""


def pick_device(verbose: bool = True, device: str | None = None) -> torch.device:
    """Return the device for the notebooks: a CUDA GPU if there is one, else the CPU.

    An Apple GPU (MPS) is used only when asked, with ``device="mps"`` or the environment
    variable ``LSTM_NOTEBOOKS_DEVICE=mps``: no notebook of the course has been run on MPS, and
    PyTorch's issue tracker records LSTM results that differ there (pytorch/pytorch#90421, since
    fixed; #173640) and LSTM cells slower than on the CPU (#138898). ``device`` (or
    ``LSTM_NOTEBOOKS_DEVICE``: ``cpu``, ``cuda``, ``mps``) forces one; the argument wins. With
    ``verbose`` it prints which device was chosen and why. On CUDA it turns TF32 matrix maths
    off, so that comparisons with ``torch.testing.assert_close`` hold to float32 precision on a
    GPU as on a CPU.

    Introduced in 00_start_here.ipynb.
    """
    if device is not None:
        forced, source = str(device).strip().lower(), "pick_device(device=...)"
        if forced not in {"cpu", "cuda", "mps"}:
            raise ValueError(
                _("device must be one of 'cpu', 'cuda', 'mps'; got {device!r}").format(
                    device=device
                )
            )
    else:
        forced, source = os.environ.get(DEVICE_ENV, "").strip().lower(), DEVICE_ENV
        if forced and forced not in {"cpu", "cuda", "mps"}:
            raise ValueError(
                _("{env} must be one of cpu, cuda, mps; got {forced!r}").format(
                    env=DEVICE_ENV, forced=forced
                )
            )
    if forced:
        if forced == "cuda" and not torch.cuda.is_available():
            raise ValueError(
                _("{device} was asked by {source}, but torch sees no CUDA GPU").format(
                    device=forced, source=source
                )
            )
        if forced == "mps" and not _mps_available():
            raise ValueError(
                _("{device} was asked by {source}, but torch sees no Apple MPS device").format(
                    device=forced, source=source
                )
            )
        chosen, why = torch.device(forced), _("forced by {source}").format(source=source)
    elif torch.cuda.is_available():
        chosen, why = torch.device("cuda"), f"CUDA GPU: {torch.cuda.get_device_name(0)}"
    elif _mps_available():
        chosen, why = torch.device("cpu"), _(MPS_NOT_USED).format(env=DEVICE_ENV)
    else:
        chosen, why = torch.device("cpu"), _("no GPU found")
    if chosen.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
    if verbose:
        print(_("Using device: {device} ({why})").format(device=chosen.type, why=why))
    return chosen


def seed_everything(seed: int = 0) -> None:
    """Seed Python's, NumPy's and PyTorch's random generators (all devices); returns nothing.

    The same seed gives the same random weights and data on every run of a notebook.

    Introduced in 00_start_here.ipynb.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(_("seed must be a non-negative int, got {seed!r}").format(seed=seed))
    random.seed(seed)
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with matplotlib
        pass
    else:
        np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device
