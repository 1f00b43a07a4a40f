"""Counting autograd graph nodes, for 03_step_by_step.ipynb and 06_why_gates.ipynb.

Introduced in 03_step_by_step.ipynb (truncated backpropagation through time).
"""

from __future__ import annotations

import torch

from helpers.i18n import _


def count_graph_nodes(tensor: torch.Tensor) -> int:
    """Return how many autograd nodes ``backward()`` from ``tensor`` would visit.

    The number grows with every operation recorded since the graph's leaves, so it shows how
    much history (and memory) a training step keeps alive. 0 for a tensor without history.
    """
    if not isinstance(tensor, torch.Tensor):
        raise ValueError(
            _("tensor must be a torch.Tensor, got {kind}").format(kind=type(tensor).__name__)
        )
    # Keep every visited node referenced: PyTorch may hand out a fresh Python object for a node
    # it has already wrapped, and a freed object's id can be reused by a different node.
    seen: dict[int, object] = {}
    stack = [tensor.grad_fn] if tensor.grad_fn is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        stack.extend(child for child, _ in node.next_functions if child is not None)
    return len(seen)
