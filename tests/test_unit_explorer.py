"""The unit explorer's pure functions and widget (notebook 08)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch

from helpers.unit_explorer import (
    activation_html,
    listing_html,
    match_spans,
    matches_html,
    on_spans,
    sentences_where_on,
    span_options,
    unit_explorer,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
WORDS = [["a", "b", "c", "d"], ["e", "f", "g"], ["h", "i"]]
ACTS = [
    torch.tensor([[0.9, 0.1], [0.8, 0.7], [0.1, 0.9], [-0.5, 0.0]]),
    torch.tensor([[0.95, 0.6], [0.9, 0.8], [0.0, 0.0]]),
    torch.tensor([[-0.2, 0.3], [0.7, -0.9]]),
]


def test_on_spans_are_runs_above_the_threshold():
    assert on_spans(torch.tensor([0.9, 0.8, 0.1, 0.7]), 0.5) == [(0, 2), (3, 4)]
    assert on_spans(torch.tensor([0.1, 0.2]), 0.5) == []


def test_sentences_where_on_most_words_first_and_arguments_checked():
    assert sentences_where_on(ACTS, 0, 0.5) == [(0, [(0, 2)]), (1, [(0, 2)]), (2, [(1, 2)])]
    assert sentences_where_on(ACTS, 1, 0.5, limit=1) == [(0, [(1, 3)])]  # ties: first sentence
    with pytest.raises(ValueError, match="unit must be a whole number from 0 to 1, got 2"):
        sentences_where_on(ACTS, 2, 0.5)
    with pytest.raises(ValueError, match="unit must be"):
        sentences_where_on(ACTS, "0", 0.5)
    with pytest.raises(ValueError, match=r"threshold must lie within unit 0's activations"):
        sentences_where_on(ACTS, 0, 0.95)
    with pytest.raises(ValueError, match="threshold must be a number"):
        sentences_where_on(ACTS, 0, None)
    with pytest.raises(ValueError, match="limit must be a positive int"):
        sentences_where_on(ACTS, 0, 0.5, limit=-1)


def test_match_finds_the_same_set_of_units_on():
    # units on over sentence 0, words 1-2 ("b c")? word b: both units, c: only unit 1 -> {1}
    matches = match_spans(ACTS, (0, 1, 2), 0.5, top=3)  # "b": units 0 and 1 on
    # "e" and "f" (sentence 1) both have units 0 and 1 on: equal scores keep the text's order
    assert matches[:2] == [((1, 0, 1), 1.0), ((1, 1, 2), 1.0)]
    assert (0, 1, 2) not in [span for span, _ in matches]  # never the selection itself
    assert all(0 <= score <= 1 for _, score in matches)
    with pytest.raises(ValueError, match="empty or outside"):
        match_spans(ACTS, (0, 2, 2), 0.5)
    with pytest.raises(ValueError, match="empty or outside"):
        match_spans(ACTS, (2, 1, 5), 0.5)
    with pytest.raises(ValueError, match="sentence must be 0 to 2"):
        match_spans(ACTS, (7, 0, 1), 0.5)
    with pytest.raises(ValueError, match="no unit is on over the whole selection"):
        match_spans(ACTS, (0, 3, 4), 0.5)
    with pytest.raises(ValueError, match="top must be a positive int"):
        match_spans(ACTS, (0, 1, 2), 0.5, top=0)


def test_html_and_messages_instead_of_tracebacks():
    listing = listing_html(WORDS, ACTS, 0, 0.5)
    assert listing.count("class='unit-on'") == 5 and "explorer-listing" in listing
    assert "explorer-message" in listing_html(WORDS, ACTS, 9, 0.5)
    assert "explorer-message" in listing_html(WORDS, ACTS, 0, 3.0)
    assert "Choose a span first" in matches_html(WORDS, ACTS, None, 0.5)
    assert "no unit is on" in matches_html(WORDS, ACTS, (0, 3, 4), 0.5)
    assert "explorer-matches" in matches_html(WORDS, ACTS, (0, 0, 1), 0.5)
    assert span_options(WORDS, ACTS, 9, 0.5) == []
    assert span_options(WORDS, ACTS, 1, 0.5)[:2] == [
        ("sentence 0: “b c”", (0, 1, 3)),
        ("sentence 1: “e f”", (1, 0, 2)),
    ]
    html = activation_html(["x", "y", "z"], torch.tensor([-1.0, 0.0, 1.0]))
    colours = [tuple(map(int, c.split(","))) for c in re.findall(r"rgb\(([\d,]+)\)", html)]
    (r0, _, b0), middle, (r2, _, b2) = colours  # a diverging map centred on 0:
    assert b0 > r0 and min(middle) > 240 and r2 > b2  # blue below 0, white at 0, red above
    assert html.count("<span") == 3
    with pytest.raises(ValueError, match="3 words but 2 values"):
        activation_html(["x", "y", "z"], torch.tensor([0.0, 1.0]))


def test_each_coloured_word_is_readable_on_its_colour():
    """Black or white text, whichever contrasts more: at least 4.5:1 (WCAG AA) everywhere."""

    def luminance(rgb):
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    html = activation_html(list("abcdefghi"), torch.linspace(-1, 1, 9))
    pairs = re.findall(r"background:rgb\(([\d,]+)\);color:(#000|#fff)", html)
    assert len(pairs) == 9
    for background, text in pairs:
        a = luminance([int(c) / 255 for c in background.split(",")])
        b = 0.0 if text == "#000" else 1.0
        assert (max(a, b) + 0.05) / (min(a, b) + 0.05) >= 4.5, (background, text)


def test_the_widget_redraws_on_unit_and_threshold_and_matches():
    box = unit_explorer(WORDS, ACTS, unit=0, threshold=0.5)
    (sliders, listing, chooser, matches) = box.children
    unit, threshold = sliders.children
    first = listing.value
    unit.value = 1
    assert listing.value != first and "Unit 1" in listing.value
    span, button = chooser.children
    assert span.value == span.options[0][1]  # the first span is chosen after a redraw
    button.click()
    assert "explorer-matches" in matches.value
    threshold.value = 1.0  # above every activation: a message, not a traceback
    assert "explorer-message" in listing.value and span.options == ()


def test_notebook_08_shows_the_coloured_sentence_as_html_not_as_quoted_text():
    """The committed output of the cell that colours a sentence is text/html, so that
    JupyterLab, the slides and a static viewer draw colours instead of quoted markup."""
    cells = json.loads((NOTEBOOKS / "08_inside_the_tagger.ipynb").read_text())["cells"]
    [cell] = [
        c for c in cells if c["cell_type"] == "code" and "activation_html(" in "".join(c["source"])
    ]
    shown = [output["data"] for output in cell["outputs"] if "data" in output]
    assert shown, "the cell has no displayed result"
    assert "text/html" in shown[-1], f"shown as {sorted(shown[-1])}, not text/html"
    assert "<span title=" in "".join(shown[-1]["text/html"])
