"""Figures reused across the course.

Introduced in 01_hidden_state.ipynb (the hidden-state heatmap).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes


def _as_2d_array(name: str, values: object) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        values = values.detach().to("cpu", torch.float32).numpy()
    array = np.asarray(values, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"{name} must be 2-D (seq_len, features), got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return array


def plot_hidden_states(
    states: torch.Tensor | np.ndarray,
    tokens: Sequence[str],
    title: str = "Hidden state after each token",
    *,
    ylabel: str = "hidden unit",
    annotate: bool | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Return the Axes of a heatmap of states over time: one column per token, one row per unit.

    ``states`` is (seq_len, features), for example ``output[:, 0]`` of a one-sentence batch;
    ``tokens`` labels the time axis and must have seq_len entries. Values are coloured on a
    fixed -1…1 scale (the range of h = o·tanh(c)), so two plots compare at a glance. With
    ``annotate`` (default: when the grid is small) each cell shows its value.

    Introduced in 01_hidden_state.ipynb.
    """
    array = _as_2d_array("states", states)
    tokens = [str(t) for t in tokens]
    if len(tokens) != array.shape[0]:
        raise ValueError(
            f"tokens has {len(tokens)} entries but states has {array.shape[0]} time steps"
        )
    if ax is None:
        width = min(2.0 + 0.9 * array.shape[0], 14.0)
        height = min(1.2 + 0.45 * array.shape[1], 8.0)
        _, ax = plt.subplots(figsize=(width, height), layout="constrained")
    limit = max(1.0, float(np.abs(array).max()))
    image = ax.imshow(array.T, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(len(tokens)), tokens)
    ax.set_yticks(range(array.shape[1]))
    ax.set_xlabel("token (time step)")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    if annotate is None:
        annotate = array.size <= 80
    if annotate:
        for (step, unit), value in np.ndenumerate(array):
            ax.text(step, unit, f"{value:+.2f}", ha="center", va="center", fontsize=9)
    ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    return ax
