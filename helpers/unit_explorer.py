"""The unit explorer of 08_inside_the_tagger.ipynb, after Strobelt et al.'s LSTMVis.

Where is a hidden unit on, and what matches?

Choose a unit and a threshold: the sentences in which the unit is on (above the threshold) are
listed with their on-spans highlighted. Choose a span and "match" finds other places where the
same set of units is on throughout a span of the same length. The logic is in pure functions
that tests call; the widget only shows their HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import ipywidgets as widgets
import matplotlib
import torch

from helpers._validate import positive_int

Span = tuple[int, int, int]
"""(sentence, start, end): words ``start`` up to, not including, ``end`` of a sentence."""


def _check_activations(activations: Sequence[torch.Tensor]) -> int:
    if not activations or any(a.dim() != 2 for a in activations):
        raise ValueError("activations must be a non-empty list of (words, units) tensors")
    return activations[0].shape[1]


def check_unit_and_threshold(activations: Sequence[torch.Tensor], unit: object,
                             threshold: object) -> None:
    """Raise ``ValueError`` naming ``unit`` or ``threshold`` when either makes no sense."""
    units = _check_activations(activations)
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit < units:
        raise ValueError(f"unit must be a whole number from 0 to {units - 1}, got {unit!r}")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise ValueError(f"threshold must be a number, got {threshold!r}")
    values = torch.cat([a[:, unit] for a in activations])
    low, high = values.min().item(), values.max().item()
    if not low <= threshold < high:
        raise ValueError(f"threshold must lie within unit {unit}'s activations, from {low:.2f} "
                         f"up to (not including) {high:.2f}; got {threshold}")


def on_spans(values: torch.Tensor, threshold: float) -> list[tuple[int, int]]:
    """Return the runs ``(start, end)`` of consecutive steps where ``values > threshold``."""
    spans, start = [], None
    for k, on in enumerate((values > threshold).tolist()):
        if on and start is None:
            start = k
        elif not on and start is not None:
            spans.append((start, k))
            start = None
    if start is not None:
        spans.append((start, len(values)))
    return spans


def sentences_where_on(activations: Sequence[torch.Tensor], unit: int, threshold: float,
                       limit: int = 8) -> list[tuple[int, list[tuple[int, int]]]]:
    """Return up to ``limit`` (sentence, on-spans) pairs, the sentences with most words on first.

    Raises ``ValueError`` naming the argument for a unit out of range or a threshold outside
    the unit's activations. Introduced in 08_inside_the_tagger.ipynb.
    """
    positive_int("limit", limit)
    check_unit_and_threshold(activations, unit, threshold)
    found = [(k, on_spans(a[:, unit], threshold)) for k, a in enumerate(activations)]
    found = [(k, spans) for k, spans in found if spans]
    found.sort(key=lambda item: (-sum(e - s for s, e in item[1]), item[0]))
    return found[:limit]


def match_spans(activations: Sequence[torch.Tensor], selection: Span, threshold: float,
                top: int = 5) -> list[tuple[Span, float]]:
    """Return the ``top`` spans most like ``selection``, with their similarity (0 to 1).

    The selection's pattern is the set of units on (above ``threshold``) at every word of it;
    every other span of the same length gets its own set, and the similarity of two sets is
    their overlap over their union (Jaccard). Raises ``ValueError`` for an empty or
    out-of-range selection, and when no unit is on over the whole selection.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    positive_int("top", top)
    _check_activations(activations)
    sentence, start, end = selection
    if not 0 <= sentence < len(activations):
        raise ValueError(f"selection's sentence must be 0 to {len(activations) - 1}, "
                         f"got {sentence}")
    if not 0 <= start < end <= len(activations[sentence]):
        raise ValueError(f"selection ({start}, {end}) is empty or outside the sentence's "
                         f"{len(activations[sentence])} words")
    length = end - start
    pattern = (activations[sentence][start:end] > threshold).all(dim=0)
    if not pattern.any():
        raise ValueError("no unit is on over the whole selection: lower the threshold or "
                         "choose a shorter span")
    scored = []
    for k, a in enumerate(activations):
        if len(a) < length:
            continue
        windows = (a > threshold).unfold(0, length, 1).all(dim=-1)  # (windows, units)
        overlap = (windows & pattern).sum(dim=1)
        similarity = (overlap / (windows | pattern).sum(dim=1)).tolist()
        scored += [((k, s, s + length), score) for s, score in enumerate(similarity)
                   if (k, s) != (sentence, start)]
    scored.sort(key=lambda item: -item[1])
    return scored[:top]


def _diverging(value: float, scale: float) -> str:
    share = 0.5 + 0.5 * max(-1.0, min(1.0, value / scale))  # 0.5: white, at value 0
    red, green, blue, _ = matplotlib.colormaps["RdBu_r"](share)
    return f"rgb({round(255 * red)},{round(255 * green)},{round(255 * blue)})"


def activation_html(words: Sequence[str], values: torch.Tensor, scale: float | None = None) -> str:
    """Return a sentence as HTML, each word's background coloured by its value.

    A diverging colour map centred on 0: blue below, white at 0, red above; ``scale`` (default:
    the largest absolute value) is the value drawn at full colour. Show it with
    ``IPython.display.HTML(...)``: a bare string is displayed as quoted text, not as colours.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    if len(words) != len(values):
        raise ValueError(f"{len(words)} words but {len(values)} values")
    scale = scale or max(values.abs().max().item(), 1e-6)
    return "<p class='activation-sentence'>" + " ".join(
        f"<span title='{v:+.2f}' style='background:{_diverging(v, scale)};padding:1px 3px'>"
        f"{escape(w)}</span>" for w, v in zip(words, values.tolist(), strict=True)) + "</p>"


def _highlighted(words: Sequence[str], spans: Sequence[tuple[int, int]]) -> str:
    marks = {k for s, e in spans for k in range(s, e)}
    return " ".join(f"<span class='unit-on' style='background:#f4a582'>{escape(w)}</span>"
                    if k in marks else escape(w) for k, w in enumerate(words))


def listing_html(sentences: Sequence[Sequence[str]], activations: Sequence[torch.Tensor],
                 unit: int, threshold: float, limit: int = 8) -> str:
    """Return the HTML list of sentences where ``unit`` is on, on-spans highlighted, or a
    message saying what is wrong with the unit or threshold."""
    try:
        found = sentences_where_on(activations, unit, threshold, limit)
    except ValueError as error:
        message = escape(str(error))
        return f"<div class='explorer-view'><p class='explorer-message'>{message}</p></div>"
    items = "".join(f"<li data-sentence='{k}'>{_highlighted(sentences[k], spans)}</li>"
                    for k, spans in found)
    return (f"<div class='explorer-view'><p>Unit {unit} above {threshold:+.2f}: the {len(found)} "
            f"sentences with most words on</p><ol class='explorer-listing'>{items}</ol></div>")


def matches_html(sentences: Sequence[Sequence[str]], activations: Sequence[torch.Tensor],
                 selection: Span | None, threshold: float, top: int = 5) -> str:
    """Return the HTML of the spans that match ``selection``, or a message."""
    if selection is None:
        return "<p class='explorer-message'>Choose a span first.</p>"
    try:
        found = match_spans(activations, selection, threshold, top)
    except ValueError as error:
        return f"<p class='explorer-message'>{escape(str(error))}</p>"
    k, s, e = selection
    items = "".join(f"<li>{score:.2f}: {_highlighted(sentences[j], [(a, b)])}</li>"
                    for (j, a, b), score in found)
    return (f"<p>Spans most like “{escape(' '.join(sentences[k][s:e]))}” (share of units on in "
            f"both):</p><ol class='explorer-matches'>{items}</ol>")


def span_options(sentences: Sequence[Sequence[str]], activations: Sequence[torch.Tensor],
                 unit: int, threshold: float, limit: int = 8) -> list[tuple[str, Span]]:
    """Return (label, span) choices: the on-spans of the listed sentences."""
    try:
        found = sentences_where_on(activations, unit, threshold, limit)
    except ValueError:
        return []
    return [(f"sentence {k}: “{' '.join(sentences[k][s:e])}”", (k, s, e))
            for k, spans in found for s, e in spans]


def unit_explorer(sentences: Sequence[Sequence[str]], activations: Sequence[torch.Tensor],
                  unit: int = 0, threshold: float = 0.5) -> widgets.VBox:
    """Return the explorer: a unit slider, a threshold slider, the listing, a span and "match".

    Introduced in 08_inside_the_tagger.ipynb.
    """
    units = _check_activations(activations)
    unit_slider = widgets.IntSlider(value=unit, min=0, max=units - 1, description="unit")
    threshold_slider = widgets.FloatSlider(value=threshold, min=-1.0, max=1.0, step=0.05,
                                           description="threshold")
    listing = widgets.HTML()
    span = widgets.Dropdown(description="span", layout=widgets.Layout(width="70%"))
    button = widgets.Button(description="match")
    matches = widgets.HTML()

    def refresh(_change: object = None) -> None:
        listing.value = listing_html(sentences, activations, unit_slider.value,
                                     threshold_slider.value)
        options = span_options(sentences, activations, unit_slider.value,
                               threshold_slider.value)
        span.options = options
        span.index = 0 if options else None  # the first span, ready to match
        matches.value = ""

    def match(_button: object = None) -> None:
        matches.value = matches_html(sentences, activations, span.value,
                                     threshold_slider.value)

    unit_slider.observe(refresh, names="value")
    threshold_slider.observe(refresh, names="value")
    button.on_click(match)
    refresh()
    return widgets.VBox([widgets.HBox([unit_slider, threshold_slider]), listing,
                         widgets.HBox([span, button]), matches])
