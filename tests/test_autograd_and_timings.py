"""count_graph_nodes and plot_timings (notebook 03)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest
import torch

from helpers.autograd import count_graph_nodes
from helpers.plots import plot_timings


def test_graph_grows_with_operations_and_detach_cuts_it():
    x = torch.randn(3, requires_grad=True)
    assert count_graph_nodes(x) == 0  # a leaf has no history
    y = (x * 2).sin()
    z = (y * 3).cos()
    assert count_graph_nodes(z) > count_graph_nodes(y) > 0
    assert count_graph_nodes(z.detach()) == 0
    assert count_graph_nodes(z.detach() * 2) == 0  # nothing records without a leaf needing grad


def test_shared_nodes_count_once():
    x = torch.randn(3, requires_grad=True)
    y = x * 2
    assert count_graph_nodes(y + y) == count_graph_nodes(y) + 1


def test_count_rejects_non_tensors():
    with pytest.raises(ValueError, match="tensor must be a torch.Tensor"):
        count_graph_nodes([1.0])


def test_plot_timings():
    ax = plot_timings([8, 16], {"full": [1e-3, 2e-3], "loop": [2e-3, 8e-3]})
    assert [line.get_label() for line in ax.get_lines()] == ["full", "loop"]
    assert list(ax.get_lines()[1].get_ydata()) == [2.0, 8.0]  # milliseconds
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="has 1 values for 2 lengths"):
        plot_timings([8, 16], {"full": [1e-3]})
    with pytest.raises(ValueError, match="at least one"):
        plot_timings([8], {})
