"""The parity explorer of 12_after_the_lstm.ipynb: held-out accuracy by model and string length.

The widget is a thin shell around :func:`parity_view`, which tests call; the figure is
:func:`helpers.plots.plot_parity_curves`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets

from helpers.i18n import _
from helpers.plots import plot_parity_curves, shown
from helpers.widgets import figure_png


def _accuracies(results: object) -> Mapping[str, Mapping[int, Any]]:
    """Return ``results["accuracy"]``, or raise naming what a parity run's results hold."""
    if not isinstance(results, Mapping):
        raise TypeError(
            _(
                "results must be the dict of a parity run (steps, accuracy), such as notebook"
                " 12's parity, got {kind}"
            ).format(kind=type(results).__name__)
        )
    if "steps" not in results or "accuracy" not in results:
        raise ValueError(
            _(
                "results must hold 'steps' and 'accuracy', as notebook 12's parity does; it "
                "holds {value}"
            ).format(value=", ".join(map(repr, results)) or _("nothing"))
        )
    if not isinstance(results["accuracy"], Mapping):
        raise ValueError(
            _(
                "results['accuracy'] must be a dict of model: {{length: accuracies}}, got {kind}"
            ).format(kind=type(results["accuracy"]).__name__)
        )
    steps = results["steps"]
    if not isinstance(steps, list | tuple | range) or not all(
        isinstance(s, numbers.Integral) for s in steps
    ):
        raise ValueError(
            _("results['steps'] must be a list of step counts, got {steps!r}").format(steps=steps)
        )
    if not results["accuracy"]:
        raise ValueError(_("no model trained yet: run the training cell of section 4 first"))
    accuracy = {}
    for model, curves in results["accuracy"].items():
        if not isinstance(curves, Mapping):
            raise ValueError(
                _(
                    "results['accuracy'][{model!r}] must be a dict of length: accuracies, got"
                    " {kind}"
                ).format(model=model, kind=type(curves).__name__)
            )
        accuracy[model] = {_length(n): curve for n, curve in curves.items()}
    return accuracy


def _length(length: object) -> object:
    """A string length as a number: 64.0 and '64' (a key of results saved as JSON) are 64."""
    if isinstance(length, float) and length.is_integer():
        return int(length)
    if isinstance(length, str) and length.strip().isdigit():
        return int(length)
    return length


def _untrained(model: str) -> ValueError:
    return ValueError(
        _("{model} has no accuracies yet: run its training cell again").format(model=shown(model))
    )


def parity_view(results: dict[str, Any], model: str, length: int) -> dict[str, Any]:
    """Return what the parity explorer shows for one model at one string length.

    ``results`` holds ``steps`` (the training steps where accuracy was measured) and
    ``accuracy[model][length]`` (one accuracy per step); optionally ``seconds[model]`` (the
    training time). Keys: ``steps``, ``curve`` (the accuracies), ``final`` (the last one),
    ``best_step`` (the first step at 95 % or more, or None) and ``text`` (one line to show).
    Introduced in 12_after_the_lstm.ipynb.
    """
    accuracy = _accuracies(results)
    length = _length(length)  # 64.0 is 64
    if model not in accuracy:
        raise ValueError(
            _("model must be one of {names}; got {model!r}").format(
                names=", ".join(accuracy), model=model
            )
        )
    if not accuracy[model]:
        raise _untrained(model)
    if length not in accuracy[model]:
        raise ValueError(
            _("length must be one of {names} for {model}; got {length!r}").format(
                names=", ".join(map(str, accuracy[model])), model=model, length=length
            )
        )
    steps = list(results["steps"])
    curve = [a.item() if getattr(a, "shape", None) == () else a for a in accuracy[model][length]]
    if not curve:
        raise ValueError(
            _(
                "no accuracy of {model} at {length} bits measured yet: train it first (section 4)"
            ).format(model=model, length=length)
        )
    if len(steps) != len(curve):
        raise ValueError(
            _(
                "{model} at {length} bits has {count} accuracies but steps has {count2}: give"
                " one accuracy per measured step"
            ).format(model=model, length=length, count=len(curve), count2=len(steps))
        )
    for step, value in zip(steps, curve, strict=True):
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
            raise ValueError(
                _(
                    "{model} at {length} bits: the accuracy after {step} steps is {value!r}, "
                    "not a number: train the model again"
                ).format(model=model, length=length, step=step, value=value)
            )
        if not 0 <= value <= 1:
            raise ValueError(
                _(
                    "{model} at {length} bits: the accuracy after {step} steps is {value!r}; "
                    "accuracies are fractions from 0 to 1 (97 % is 0.97)"
                ).format(model=model, length=length, step=step, value=value)
            )
    best = next((s for s, a in zip(steps, curve, strict=True) if a >= 0.95), None)
    when = (
        _("95 % first reached after {best} steps").format(best=best)
        if best is not None
        else _("never reached 95 %")
    )
    timings = results.get("seconds") or {}
    if not isinstance(timings, Mapping):
        raise ValueError(
            _("seconds must be a dict of model: seconds, got {timings!r}").format(timings=timings)
        )
    seconds = timings.get(model)
    if getattr(seconds, "shape", None) == ():  # a 0-d tensor, a NumPy number
        seconds = seconds.item()
    if seconds is not None and (
        isinstance(seconds, bool)
        or not isinstance(seconds, numbers.Real)
        or not 0 <= seconds < math.inf  # NaN and infinity fail too
    ):
        raise ValueError(
            _(
                "seconds[{model!r}] must be a finite number of seconds (0 or more), got "
                "{seconds!r}: time the training again"
            ).format(model=model, seconds=seconds)
        )
    spent = (
        _(", {seconds:.1f} s of training").format(seconds=seconds) if seconds is not None else ""
    )
    text = _("{model} on {length}-bit strings: {final:.1%} after {steps} steps; {when}{spent}")
    text = text.format(
        model=shown(model), length=length, final=curve[-1], steps=steps[-1], when=when, spent=spent
    )
    return {"steps": steps, "curve": curve, "final": curve[-1], "best_step": best, "text": text}


def parity_explorer(results: dict[str, Any]) -> widgets.VBox:
    """Return a model menu and a length menu above the held-out parity accuracy curve.

    The numbers come from :func:`parity_view`; the plot shows the chosen model's curve beside
    the other models' at the same length.
    Introduced in 12_after_the_lstm.ipynb.
    """
    accuracy = _accuracies(results)
    models = list(accuracy)
    trained = [m for m in models if accuracy[m]]  # a model whose training was cut has none
    if not trained:
        raise _untrained(models[0])
    lengths = list(dict.fromkeys(n for m in models for n in accuracy[m]))  # every model's
    model_menu = widgets.Dropdown(
        options=[(shown(m), m) for m in models], value=trained[-1], description=_("model")
    )
    length_menu = widgets.Dropdown(
        options=lengths, value=list(accuracy[trained[-1]])[-1], description=_("length")
    )
    summary = widgets.HTML()
    plot = widgets.Image(format="png", _dom_classes=("parity-plot",))

    def draw(_change: object = None) -> None:
        try:
            view = parity_view(results, model_menu.value, length_menu.value)
        except ValueError as error:  # this model was not tested at this length
            summary.value = f'<span class="parity-summary">{escape(str(error))}</span>'
            return
        summary.value = f'<span class="parity-summary">{escape(view["text"])}</span>'
        curves = {}  # the models that were tested at this length
        for m in models:
            try:
                curves[m] = parity_view(results, m, length_menu.value)["curve"]
            except ValueError:
                continue
        ax = plot_parity_curves(view["steps"], curves, length_menu.value)
        plot.value = figure_png(ax.figure)

    for control in (model_menu, length_menu):
        control.observe(draw, names="value")
    draw()
    return widgets.VBox([widgets.HBox([model_menu, length_menu]), summary, plot])
