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
from numbers import Integral

import ipywidgets as widgets
import matplotlib
import torch

from helpers._validate import number, positive_int
from helpers.i18n import _

Span = tuple[int, int, int]
"""(sentence, start, end): words ``start`` up to, not including, ``end`` of a sentence."""


THRESHOLD_RANGE = (-1.0, 1.0)
"""The explorer's threshold slider: lowest and highest value (tanh-bounded hidden states)."""


def _check_activations(activations: Sequence[torch.Tensor]) -> int:
    """Return the number of units; raise ``ValueError`` unless every item is (words, units)."""
    if isinstance(activations, torch.Tensor) or not activations:
        raise ValueError(
            _("activations must be a non-empty list of (words, units) tensors, one per sentence")
        )
    for k, a in enumerate(activations):
        if not isinstance(a, torch.Tensor) or a.dim() != 2:
            got = (
                _("of shape {shape}").format(shape=tuple(a.shape))
                if isinstance(a, torch.Tensor)
                else _("a NumPy array (convert it with torch.from_numpy)")
                if type(a).__module__ == "numpy"
                else _("a {kind}").format(kind=type(a).__name__)
            )
            raise ValueError(
                _("activations must be a list of (words, units) tensors; item {k} is {got}").format(
                    k=k, got=got
                )
            )
    units = activations[0].shape[1]
    for k, a in enumerate(activations):
        if a.shape[1] != units:
            raise ValueError(
                _(
                    "every sentence must have the same number of units, but item 0 has "
                    "{units} and item {k} has {shape}; each item is (words, units)"
                ).format(units=units, k=k, shape=a.shape[1])
            )
    return units


def _check_sentences(
    sentences: Sequence[Sequence[str]], activations: Sequence[torch.Tensor]
) -> None:
    """Raise ``ValueError`` unless there is one sentence per activation tensor, word for row."""
    _check_activations(activations)
    if len(sentences) != len(activations):
        raise ValueError(
            _(
                "{count} sentences but {count2} activation tensors: give one (words, units) "
                "tensor per sentence"
            ).format(count=len(sentences), count2=len(activations))
        )
    for k, (words, a) in enumerate(zip(sentences, activations, strict=True)):
        if len(words) != len(a):
            raise ValueError(
                _(
                    "sentence {k} has {count} words but its activations have {count2} rows: "
                    "each item is (words, units)"
                ).format(k=k, count=len(words), count2=len(a))
            )


def check_unit_and_threshold(
    activations: Sequence[torch.Tensor], unit: object, threshold: object
) -> None:
    """Raise ``ValueError`` naming ``unit`` or ``threshold`` when either makes no sense."""
    units = _check_activations(activations)
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit < units:
        raise ValueError(
            _("unit must be a whole number from 0 to {units_minus_1}, got {unit!r}").format(
                units_minus_1=units - 1, unit=unit
            )
        )
    threshold = number("threshold", threshold)
    values = torch.cat([a[:, unit] for a in activations])
    if values.isnan().any():
        raise ValueError(_("unit {unit}'s activations hold NaN (not a number)").format(unit=unit))
    low, high = values.min().item(), values.max().item()
    if low == high:
        raise ValueError(
            _(
                "unit {unit} never changes: it is {low:.2f} on every word, so no threshold "
                "splits it; choose another unit"
            ).format(unit=unit, low=low)
        )
    if not low <= threshold < high:
        raise ValueError(
            _(
                "threshold must lie within unit {unit}'s activations, from {low:.2f} up to "
                "(not including) {high:.2f}; got {threshold}"
            ).format(unit=unit, low=low, high=high, threshold=threshold)
        )


def on_spans(values: torch.Tensor, threshold: float) -> list[tuple[int, int]]:
    """Return the runs ``(start, end)`` of consecutive steps where ``values > threshold``.

    ``values`` is one unit's activations, a 1-D tensor (one value per word).
    """
    if not isinstance(values, torch.Tensor) or values.dim() != 1:
        got = f"shape {tuple(values.shape)}" if isinstance(values, torch.Tensor) else repr(values)
        raise ValueError(
            _("values must be a 1-D tensor, one value per word; got {got}").format(got=got)
        )
    threshold = number("threshold", threshold)
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


def sentences_where_on(
    activations: Sequence[torch.Tensor], unit: int, threshold: float, limit: int = 8
) -> list[tuple[int, list[tuple[int, int]]]]:
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


def match_spans(
    activations: Sequence[torch.Tensor], selection: Span, threshold: float, top: int = 5
) -> list[tuple[Span, float]]:
    """Return the ``top`` spans most like ``selection``, with their similarity (0 to 1).

    The selection's pattern is the set of units on (above ``threshold``) at every word of it;
    every other span of the same length gets its own set, and the similarity of two sets is
    their overlap over their union (Jaccard). Raises ``ValueError`` for an empty or
    out-of-range selection, and when no unit is on over the whole selection.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    positive_int("top", top)
    _check_activations(activations)
    threshold = number("threshold", threshold)
    if (
        isinstance(selection, str)
        or not isinstance(selection, Sequence)
        or len(selection) != 3
        or any(isinstance(n, bool) or not isinstance(n, Integral) for n in selection)
    ):
        raise ValueError(
            _(
                "selection must be (sentence, start, end), three whole numbers; got {selection!r}"
            ).format(selection=selection)
        )
    sentence, start, end = selection
    if not 0 <= sentence < len(activations):
        raise ValueError(
            _("selection's sentence must be 0 to {count_minus_1}, got {sentence}").format(
                count_minus_1=len(activations) - 1, sentence=sentence
            )
        )
    if not 0 <= start < end <= len(activations[sentence]):
        raise ValueError(
            _("selection ({start}, {end}) is empty or outside the sentence's {count} words").format(
                start=start, end=end, count=len(activations[sentence])
            )
        )
    length = end - start
    pattern = (activations[sentence][start:end] > threshold).all(dim=0)
    if not pattern.any():
        raise ValueError(
            _(
                "no unit is on over the whole selection: lower the threshold or choose a "
                "shorter span"
            )
        )
    scored = []
    for k, a in enumerate(activations):
        if len(a) < length:
            continue
        windows = (a > threshold).unfold(0, length, 1).all(dim=-1)  # (windows, units)
        overlap = (windows & pattern).sum(dim=1)
        similarity = (overlap / (windows | pattern).sum(dim=1)).tolist()
        scored += [
            ((k, s, s + length), score)
            for s, score in enumerate(similarity)
            if (k, s) != (sentence, start)
        ]
    scored.sort(key=lambda item: -item[1])
    return scored[:top]


def _diverging(value: float, scale: float) -> str:
    share = 0.5 + 0.5 * max(-1.0, min(1.0, value / scale))  # 0.5: white, at value 0
    red, green, blue, _ = matplotlib.colormaps["RdBu_r"](share)
    return f"rgb({round(255 * red)},{round(255 * green)},{round(255 * blue)})"


def _text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` ("rgb(r,g,b)")."""
    channels = [int(c) / 255 for c in background[4:-1].split(",")]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000" if luminance > 0.179 else "#fff"  # 0.179: equal contrast with both


def activation_html(words: Sequence[str], values: torch.Tensor, scale: float | None = None) -> str:
    """Return a sentence as HTML, each word's background coloured by its value.

    A diverging colour map centred on 0: blue below, white at 0, red above, each word in black
    or white, whichever reads better on its colour; ``scale`` (default:
    the largest absolute value) is the value drawn at full colour. Show it with
    ``IPython.display.HTML(...)``: a bare string is displayed as quoted text, not as colours.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    if not isinstance(values, torch.Tensor) or values.dim() != 1:
        raise ValueError(_("values must be a 1-D tensor, one value per word"))
    if len(words) != len(values):
        raise ValueError(
            _("{count} words but {count2} values").format(count=len(words), count2=len(values))
        )
    if not words:
        raise ValueError(_("words is empty: give at least one word"))
    if values.isnan().any():
        k = int(values.isnan().nonzero()[0])
        raise ValueError(
            _(
                "the value of word {k} ({words!r}) is NaN (not a number): there is no colour for it"
            ).format(k=k, words=words[k])
        )
    if scale is not None and number("scale", scale) <= 0:
        raise ValueError(_("scale must be a positive number, got {scale!r}").format(scale=scale))
    scale = scale or max(values.abs().max().item(), 1e-6)
    return (
        "<p class='activation-sentence'>"
        + " ".join(
            f"<span title='{v:+.2f}' style='background:{c};color:{_text_colour(c)};"
            f"padding:1px 3px'>{escape(w)}</span>"
            for w, v, c in (
                (w, v, _diverging(v, scale)) for w, v in zip(words, values.tolist(), strict=True)
            )
        )
        + "</p>"
    )


def _highlighted(words: Sequence[str], spans: Sequence[tuple[int, int]]) -> str:
    marks = {k for s, e in spans for k in range(s, e)}
    return " ".join(
        f"<span class='unit-on' style='background:#f4a582'>{escape(w)}</span>"
        if k in marks
        else escape(w)
        for k, w in enumerate(words)
    )


def listing_html(
    sentences: Sequence[Sequence[str]],
    activations: Sequence[torch.Tensor],
    unit: int,
    threshold: float,
    limit: int = 8,
) -> str:
    """Return the HTML list of sentences where ``unit`` is on, on-spans highlighted, or a
    message saying what is wrong with the unit or threshold."""
    _check_sentences(sentences, activations)
    try:
        found = sentences_where_on(activations, unit, threshold, limit)
    except ValueError as error:
        message = escape(str(error))
        return f"<div class='explorer-view'><p class='explorer-message'>{message}</p></div>"
    items = "".join(
        f"<li data-sentence='{k}'>{_highlighted(sentences[k], spans)}</li>" for k, spans in found
    )
    heading = _("Unit {unit} above {threshold:+.2f}: the {count} sentences with most words on")
    heading = heading.format(unit=unit, threshold=threshold, count=len(found))
    return (
        f"<div class='explorer-view'><p>{escape(heading)}</p>"
        f"<ol class='explorer-listing'>{items}</ol></div>"
    )


def matches_html(
    sentences: Sequence[Sequence[str]],
    activations: Sequence[torch.Tensor],
    selection: Span | None,
    threshold: float,
    top: int = 5,
) -> str:
    """Return the HTML of the spans that match ``selection``, or a message."""
    _check_sentences(sentences, activations)
    if selection is None:
        return f"<p class='explorer-message'>{_('Choose a span first.')}</p>"
    try:
        found = match_spans(activations, selection, threshold, top)
    except ValueError as error:
        return f"<p class='explorer-message'>{escape(str(error))}</p>"
    k, s, e = selection
    items = "".join(
        f"<li>{score:.2f}: {_highlighted(sentences[j], [(a, b)])}</li>"
        for (j, a, b), score in found
    )
    heading = _("Spans most like “{span}” (share of units on in both):").format(
        span=" ".join(sentences[k][s:e])
    )
    return f"<p>{escape(heading)}</p><ol class='explorer-matches'>{items}</ol>"


def span_options(
    sentences: Sequence[Sequence[str]],
    activations: Sequence[torch.Tensor],
    unit: int,
    threshold: float,
    limit: int = 8,
) -> list[tuple[str, Span]]:
    """Return (label, span) choices: the on-spans of the listed sentences."""
    try:
        found = sentences_where_on(activations, unit, threshold, limit)
    except ValueError:
        return []
    return [
        (_("sentence {k}: “{span}”").format(k=k, span=" ".join(sentences[k][s:e])), (k, s, e))
        for k, spans in found
        for s, e in spans
    ]


def unit_explorer(
    sentences: Sequence[Sequence[str]],
    activations: Sequence[torch.Tensor],
    unit: int = 0,
    threshold: float = 0.5,
) -> widgets.VBox:
    """Return the explorer: a unit slider, a threshold slider, the listing, a span and "match".

    ``sentences`` holds each sentence's words and ``activations`` its (words, units) tensor;
    ``unit`` and ``threshold`` must lie within the sliders' ranges (0 to units - 1, and
    :data:`THRESHOLD_RANGE`). Introduced in 08_inside_the_tagger.ipynb.
    """
    _check_sentences(sentences, activations)
    units = activations[0].shape[1]
    if isinstance(unit, bool) or not isinstance(unit, int) or not 0 <= unit < units:
        raise ValueError(
            _("unit must be a whole number from 0 to {units_minus_1}, got {unit!r}").format(
                units_minus_1=units - 1, unit=unit
            )
        )
    low, high = THRESHOLD_RANGE
    if not low <= number("threshold", threshold) <= high:
        raise ValueError(
            _(
                "threshold must be between {low:g} and {high:g} (the slider's range), got "
                "{threshold!r}"
            ).format(low=low, high=high, threshold=threshold)
        )
    unit_slider = widgets.IntSlider(value=unit, min=0, max=units - 1, description=_("unit"))
    threshold_slider = widgets.FloatSlider(
        value=threshold, min=low, max=high, step=0.05, description=_("threshold")
    )
    listing = widgets.HTML()
    span = widgets.Dropdown(description=_("span"), layout=widgets.Layout(width="70%"))
    button = widgets.Button(description=_("match"))
    matches = widgets.HTML()

    def refresh(_change: object = None) -> None:
        listing.value = listing_html(
            sentences, activations, unit_slider.value, threshold_slider.value
        )
        options = span_options(sentences, activations, unit_slider.value, threshold_slider.value)
        span.options = options
        span.index = 0 if options else None  # the first span, ready to match
        matches.value = ""

    def match(_button: object = None) -> None:
        matches.value = matches_html(sentences, activations, span.value, threshold_slider.value)

    unit_slider.observe(refresh, names="value")
    threshold_slider.observe(refresh, names="value")
    button.on_click(match)
    refresh()
    return widgets.VBox(
        [
            widgets.HBox([unit_slider, threshold_slider]),
            listing,
            widgets.HBox([span, button]),
            matches,
        ]
    )
