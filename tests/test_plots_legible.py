"""Figures from helpers.plots are legible on a projector and safe for colour-blind viewers."""

from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import pytest
import torch
from matplotlib.image import AxesImage
from matplotlib.text import Text

from helpers import plots
from helpers.plots import plot_saturation

SEQUENTIAL = {"viridis", "cividis"}


def figures():
    """(name, a function that draws the figure): drawn only when its test runs."""
    states = torch.tensor([[0.5, -0.2], [0.1, 0.9], [-0.7, 0.3]])
    norms = {"at initialization": {"RNN": torch.tensor([1.0, 0.1, 0.01])}}
    traces = {"g": [1, 0], "c": [1, 0.9], "h": [0.7, 0.6]}
    weights = torch.full((2, 3), 1 / 3)
    return [
        ("plot_hidden_states", lambda: plots.plot_hidden_states(states, ["a", "b", "c"]).figure),
        (
            "plot_gates",
            lambda: plots.plot_gates({"f": torch.rand(3, 2), "c": states}, ["a", "b", "c"]),
        ),
        ("plot_gate_playground", lambda: plots.plot_gate_playground(traces).figure),
        ("plot_memory_left", lambda: plots.plot_memory_left({"bias 4": [1.0, 0.98, 0.96]}).figure),
        (
            "plot_timings",
            lambda: plots.plot_timings([8, 32], {"loop": [0.1, 0.4], "full": [0.01, 0.02]}).figure,
        ),
        ("plot_packed_layout", lambda: plots.plot_packed_layout([3, 1, 2]).figure),
        ("plot_tag_frequencies", lambda: plots.plot_tag_frequencies({"NOUN": 5, "VERB": 3}).figure),
        (
            "plot_confusion",
            lambda: plots.plot_confusion(torch.tensor([[5, 1], [2, 7]]), ["A", "B"]).figure,
        ),
        (
            "plot_learning_curves",
            lambda: plots.plot_learning_curves({10: {"RNN": [1.4, 1.0, 0.5]}}, chance=1.38),
        ),
        ("plot_gradient_norms", lambda: plots.plot_gradient_norms(norms)),
        ("plot_attention", lambda: plots.plot_attention(weights, list("abc"), ["K", "S"]).figure),
        (
            "plot_memory_span",
            lambda: plots.plot_memory_span({"forward": [0.5, 0.2]}, {"left": [0.1, 0.0]}),
        ),
        ("plot_saturation", lambda: plot_saturation({"f": torch.rand(10, 4)})),
        (
            "plot_error_by_horizon",
            lambda: (
                plots.plot_error_by_horizon(
                    {"persistence": torch.arange(24.0), "linear": torch.ones(24)}
                ).figure
            ),
        ),
        (
            "plot_forecast",
            lambda: (
                plots.plot_forecast(
                    {
                        "past": torch.ones(72),
                        "truth": torch.ones(24),
                        "station": "JFK",
                        "start": "2013-11-26T12:00Z",
                        "forecasts": {"linear": torch.ones(24)},
                    }
                ).figure
            ),
        ),
        ("plot_lines", lambda: plots.plot_lines([0, 1], {"truth": [1.0, 2.0]}, title="t").figure),
        (
            "plot_parity_curves",
            lambda: plots.plot_parity_curves([50, 100], {"LSTM": [0.5, 1.0]}, 64).figure,
        ),
        ("plot_state_leak", lambda: plots.plot_state_leak([0.1, 0.01], [0.3, 0.02]).figure),
    ]


@pytest.mark.parametrize(("name", "draw"), figures(), ids=[name for name, _ in figures()])
def test_text_is_ten_points_or_more_and_colour_maps_are_safe(name, draw):
    figure = draw()
    texts = [t for t in figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert texts, name
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < 10]
    assert not small, f"{name}: text under 10 pt: {small[:5]}"
    for image in figure.findobj(AxesImage):
        cmap, (low, high) = image.get_cmap().name, image.get_clim()
        if cmap == plots.DIVERGING:
            assert low == -high, f"{name}: a diverging map must be centred on 0"
        else:
            assert cmap in SEQUENTIAL, f"{name}: colour map {cmap}"
    plt.close(figure)


def test_every_legible_figure_of_the_course_is_drawn_above():
    """A new ``@legible`` function in helpers/plots.py needs its row in figures()."""
    marker = plots.legible(lambda: None).__code__  # the wrapper every @legible function has
    legible = {
        name
        for name, function in vars(plots).items()
        if callable(function) and getattr(function, "__code__", None) is marker
    }
    listed = {name for name, _ in figures()}
    assert legible, "no @legible function found: has legible() changed?"
    assert legible == listed, (
        f"draw in figures(): {sorted(legible - listed)}; gone: {sorted(listed - legible)}"
    )


def test_interactive_mode_set_while_drawing_survives_the_style_context():
    """Jupyter's inline backend turns interactive mode on at the first figure; if that happens
    inside the style context and the context undid it, no later figure would be shown."""

    @plots.legible
    def first_figure():
        matplotlib.interactive(True)  # what the inline backend does when it loads

    was = matplotlib.is_interactive()
    try:
        matplotlib.interactive(False)
        first_figure()
        assert matplotlib.is_interactive()
    finally:
        matplotlib.interactive(was)
