"""The widget shells of helpers/widgets.py: a slider with a text view, a text box."""

from __future__ import annotations

import ipywidgets as widgets
import pytest

from helpers.widgets import slider_with_text, text_box


def test_slider_with_text_recomputes():
    slider = widgets.IntSlider(value=2, min=1, max=5)
    box = slider_with_text(slider, lambda n: f"<{n * n}>")
    assert box.children[0] is slider
    assert box.children[1].value == '<pre class="slider-text">&lt;4&gt;</pre>'
    slider.value = 3
    assert "&lt;9&gt;" in box.children[1].value


def test_text_box_raises_for_the_first_text_and_shows_a_later_error_in_its_view():
    def render(text):
        if text == "bad":
            raise ValueError("classify returned NaN <here>")
        return f"<p>{text}</p>"

    with pytest.raises(ValueError, match="NaN"):
        text_box(render, "bad")
    box = text_box(render, "good")
    assert box.children[1].value == "<p>good</p>"
    box.children[0].value = "bad"
    assert box.children[1].value == (
        "<p class='box-error'>ValueError: classify returned NaN &lt;here&gt;</p>"
    )
    box.children[0].value = "fine"
    assert box.children[1].value == "<p>fine</p>"
