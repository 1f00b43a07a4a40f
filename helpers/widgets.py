"""Widget shells that the explorers and boxes build on; 00_start_here.ipynb uses them first.

Each widget of the course is a thin shell around a pure function that tests call. The lesson
widgets live in modules named after them (:mod:`helpers.shape_explorer`,
:mod:`helpers.gate_playground`, :mod:`helpers.memory_explorer`, :mod:`helpers.unit_explorer`,
:mod:`helpers.forecast_explorer`, :mod:`helpers.parity_explorer`); this module holds the
generic pieces: a slider with text (00, 03), a text box (07's tag box, 09's genre box, 10's
pronunciation box) and a figure as PNG bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from html import escape
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from helpers.i18n import N_, _


def figure_png(figure: Figure) -> bytes:
    """Return a matplotlib figure as PNG bytes and close it (for an ``ipywidgets.Image``)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    return buffer.getvalue()


def slider_with_text(
    slider: widgets.IntSlider | widgets.FloatSlider, text: Callable[[Any], str]
) -> widgets.VBox:
    """Return ``slider`` above a text box that shows ``text(slider.value)``, kept up to date.

    The text is recomputed in the kernel on every move and shown as preformatted text.
    Introduced in 00_start_here.ipynb.
    """
    view = widgets.HTML()

    def refresh(_change: object = None) -> None:
        view.value = f'<pre class="slider-text">{escape(text(slider.value))}</pre>'

    slider.observe(refresh, names="value")
    refresh()
    return widgets.VBox([slider, view])


def text_box(
    render: Callable[[str], str], text: str, description: str = N_("sentence")
) -> widgets.VBox:
    """Return a text box above an HTML view of ``render(text)``, redrawn when Enter is pressed.

    ``render`` is a pure function from the typed text to HTML; tests call it directly. An error
    while drawing the first text is raised; an error for a text typed later is shown in the
    view, where the learner is looking, instead of the widget's hidden log.
    Introduced in 07_pos_tagging.ipynb (the tag box) and used by 09's genre box.
    """
    box = widgets.Text(
        value=text,
        description=_(description),
        continuous_update=False,
        layout=widgets.Layout(width="80%"),
    )
    view = widgets.HTML(render(text))

    def refresh(_change: object = None) -> None:
        try:
            view.value = render(box.value)
        except Exception as error:  # shown to the learner, not lost in a log
            view.value = (
                f"<p class='box-error'>{escape(type(error).__name__)}: {escape(str(error))}</p>"
            )

    box.observe(refresh, names="value")
    return widgets.VBox([box, view])
