"""Every figure of the course, for notebooks 01 to 14, in one legible style (``@legible``).

01: the hidden-state heatmap; 02: gate heatmaps and the gate playground; 03, 12, 14: timings;
04: the packed layout; 06: the memory left, learning curves and gradient norms against
distance; 07 and 09: tag frequencies and confusion matrices; 08: memory span and gate
saturation; 10: attention maps; 11: error by horizon, forecasts and lines; 12: parity
accuracy; 13: budget curves and the cost of a generated step; 14: a state carried across
documents. Widgets draw with these functions too; no figure is drawn anywhere else.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.fonts import figure_text
from helpers.i18n import N_, _, language, translated
from helpers.packing import packed_layout

STYLE = {
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "figure.titlesize": 13,
    "axes.prop_cycle": plt.style.library["tableau-colorblind10"]["axes.prop_cycle"],
}
"""Legible on a projector: no text under 10 pt, and line colours that colour-blind viewers tell
apart. Sequential values use viridis or cividis; signed values a diverging map centred on 0."""
SEQUENTIAL, DIVERGING = "viridis", "RdBu_r"
MIN_FONT_SIZE = 10

F = TypeVar("F", bound=Callable[..., object])

SHOWN = (
    # Titles and legend entries that notebooks pass in, translated where they are drawn
    # (``shown``): 01, 02, 03, 06, 07, 08, 11, 12 and 14. Names (LSTM, GRU, minGRU) stay as they
    # are. A template is tried before the shorter ones it starts with.
    N_("Hidden state h_t after each word (untrained)"),
    N_("Gates and states of the trained LSTM, token by token"),
    N_("nn.LSTM(32, 64), batch 16, on {device}, one thread"),
    N_("nn.LSTM(32, 64), batch 16, on {device}"),
    N_("full sequence"),
    N_("step-by-step loop"),
    N_("Training loss: below the dashed line = learning"),
    N_("IRNN, 50 more steps: clipped or not"),
    N_("{optimizer}, clipped"),
    N_("{optimizer}, not clipped"),
    N_("RNN, orthogonal"),
    N_("LSTM, default biases"),
    N_("GRU, default biases"),
    N_("at initialization"),
    N_("after training"),
    N_("{count} UPOS tags in the training split"),
    N_("forward state, word on the left changed"),
    N_("backward state, word on the right changed"),
    N_("word on the left changed"),
    N_("word on the right changed"),
    N_("truth"),
    N_("persistence, one hour ahead"),
    N_("One-step-ahead persistence at JFK: it looks perfect"),
    N_("persistence"),
    N_("yesterday"),
    N_("linear"),
    N_("direct LSTM"),
    N_("encoder-decoder"),
    N_("average (w = {w})"),
    N_("Forward + backward, batch 8, 64 units, on {device}"),
    N_("minGRU scan"),
    N_("minGRU step loop"),
    N_("signed scan"),
    N_("LSTM unfused"),
    N_("signed minGRU"),
    N_("tag"),
    N_("genre"),
    N_("one step, int8, ONNX Runtime"),
    N_("One step after p characters, batch 1 (bars: fastest to slowest round)"),
    N_("p: characters read before the step"),
)


def shown(text: str) -> str:
    """Return a title or label that a notebook passed in, in the helpers' language."""
    return translated(str(text), SHOWN)


def _keep_the_font(drawn: object) -> None:
    """Give each text of ``drawn``'s figure that has a character beyond Latin the font family
    in force now. A text made before (the title and axis labels of Axes that a notebook made
    and passed in) would otherwise keep its own, without Chinese characters."""
    figure = drawn if isinstance(drawn, Figure) else getattr(drawn, "figure", None)
    if not isinstance(figure, Figure) or language() != "zh":  # English figures: untouched
        return
    family = plt.rcParams["font.family"]
    for text in figure.findobj(matplotlib.text.Text):
        if any(ord(character) > 0x2FF for character in text.get_text()):
            text.set_fontfamily(family)


def legible(function: F) -> F:
    """Draw ``function``'s figure with :data:`STYLE` (applied while the figure is made)."""

    @functools.wraps(function)
    def wrapper(*args: object, **kwargs: object) -> object:
        with plt.rc_context(STYLE), figure_text():  # Chinese text: a CJK font
            result = function(*args, **kwargs)
            _keep_the_font(result)
            # Jupyter's inline backend switches interactive mode on when the first figure is
            # made, which may be inside this context; keep that, or later figures never show.
            interactive = matplotlib.is_interactive()
        matplotlib.interactive(interactive)
        return result

    return wrapper  # type: ignore[return-value]


def _as_2d_array(name: str, values: object) -> np.ndarray:
    if isinstance(values, torch.Tensor):
        values = values.detach().to("cpu", torch.float32).numpy()
    array = np.asarray(values, dtype=float)
    if array.ndim != 2:
        raise ValueError(
            _("{name} must be 2-D (seq_len, features), got shape {shape}").format(
                name=name, shape=array.shape
            )
        )
    if not np.isfinite(array).all():
        raise ValueError(_("{name} contains NaN or infinite values").format(name=name))
    return array


@legible
def plot_hidden_states(
    states: torch.Tensor | np.ndarray,
    tokens: Sequence[str],
    title: str = N_("Hidden state after each token"),
    *,
    ylabel: str = N_("hidden unit"),
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
            _("tokens has {count} entries but states has {steps} time steps").format(
                count=len(tokens), steps=array.shape[0]
            )
        )
    if ax is None:
        width = min(2.0 + 0.9 * array.shape[0], 14.0)
        height = min(1.2 + 0.45 * array.shape[1], 8.0)
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    if array.min() >= 0:  # gates: a share from 0 to 1, sequential
        image = ax.imshow(
            array.T, cmap=SEQUENTIAL, vmin=0, vmax=max(1.0, float(array.max())), aspect="auto"
        )
    else:  # signed values: diverging, white at 0
        limit = max(1.0, float(np.abs(array).max()))
        image = ax.imshow(array.T, cmap=DIVERGING, vmin=-limit, vmax=limit, aspect="auto")
    ax.set_xticks(range(len(tokens)), tokens)
    ax.set_yticks(range(array.shape[1]))
    ax.set_xlabel(_("token (time step)"))
    ax.set_ylabel(shown(ylabel))
    if title:
        ax.set_title(shown(title))
    if annotate is None:
        annotate = array.size <= 80
    if annotate:
        for (step, unit), value in np.ndenumerate(array):
            ax.text(step, unit, f"{value:+.2f}", ha="center", va="center", fontsize=10)
    ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
    return ax


@legible
def plot_gates(
    traces: Mapping[str, torch.Tensor | np.ndarray],
    tokens: Sequence[str],
    title: str = N_("Gates and states over one sequence"),
) -> Figure:
    """Return a figure with one heatmap per trace (for example i, f, g, o, c, h) over tokens.

    Each trace is (seq_len, hidden_size); the panels share the token axis.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    if not traces:
        raise ValueError(_("traces must name at least one (seq_len, hidden) tensor"))
    first = _as_2d_array("traces", next(iter(traces.values())))
    width = min(2.5 + 0.45 * first.shape[0], 16.0)
    height = 0.7 + len(traces) * (0.3 + 0.17 * first.shape[1])  # fits a 1024x768 slide
    figure, axes = plt.subplots(
        len(traces), 1, figsize=(width, height), sharex=True, layout="constrained", squeeze=False
    )
    for ax, (name, values) in zip(axes[:, 0], traces.items(), strict=True):
        plot_hidden_states(values, tokens, title="", ylabel=name, annotate=False, ax=ax)
        ax.set_xlabel("")
    axes[-1, 0].set_xlabel(_("token (time step)"))
    figure.suptitle(shown(title))
    return figure


@legible
def plot_gate_playground(traces: Mapping[str, Sequence[float]], ax: Axes | None = None) -> Axes:
    """Return the Axes of a line plot of the input g_t, cell state c_t and hidden state h_t.

    ``traces`` is what :func:`helpers.gate_playground.gate_playground_traces` returns.
    Introduced in 02_gates_from_scratch.ipynb.
    """
    missing = {"g", "c", "h"} - set(traces)
    if missing:
        raise ValueError(_("traces lacks {keys}").format(keys=", ".join(sorted(missing))))
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
    steps = range(len(traces["c"]))
    ax.bar(steps, traces["g"], color="#cccccc", label=_("input g_t"))
    ax.plot(steps, traces["c"], "o-", color="#b5651d", label=_("cell state c_t"))
    ax.plot(steps, traces["h"], "s--", color="#1f5fa8", label=_("hidden state h_t"))
    ax.axhline(0, color="#888", linewidth=0.8)
    top = max(1.1, max(abs(v) for v in [*traces["c"], *traces["g"]]) * 1.1)
    ax.set_ylim(-top, top)
    ax.set_xlabel(_("time step t"))
    ax.set_ylabel(_("value"))
    ax.set_title(r"$c_t = f\,c_{t-1} + i\,g_t, \quad h_t = o\,\tanh(c_t)$")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax


@legible
def plot_memory_left(curves: Mapping[str, Sequence[float]], ax: Axes | None = None) -> Axes:
    """Return the Axes of the fraction of a state left after each step, one line per gate bias.

    ``curves[label][t]`` is the fraction left after t steps, as in
    :func:`helpers.memory_explorer.memory_left`. A dotted line marks one half.
    Introduced in 06_why_gates.ipynb.
    """
    if not curves:
        raise ValueError(_("curves must hold at least one line"))
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 2.8), layout="constrained")
    for label, curve in curves.items():
        ax.plot(range(len(curve)), curve, label=shown(label))
    ax.axhline(0.5, color="#888", linestyle=":", linewidth=1)
    ax.set_ylim(0, 1.05)
    ax.set_xlabel(_("steps since the symbol was stored"))
    ax.set_ylabel(_("fraction of memory left"))
    ax.set_title(_("Memory through a keep gate z = sigmoid(b), nothing new written"))
    ax.legend(loc="upper right")
    return ax


@legible
def plot_memory_span(
    state_change: Mapping[str, Sequence[float]], tag_change: Mapping[str, Sequence[float]]
) -> Figure:
    """Return a two-panel figure: how much a word's state and tag change when a word k away does.

    ``state_change[label][k - 1]`` is the mean relative change of a state when the word k
    positions away is replaced; ``tag_change[label][k - 1]`` the share of words whose predicted
    tag changes. Every line has one value per k = 1, 2, ... and all lines the same length.
    The state panel has a log y-axis, where a change that shrinks by the same factor with each
    word is a straight line; values of 0 are left out of it.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    lines = [*state_change.values(), *tag_change.values()]
    if not state_change or not tag_change:
        raise ValueError(_("state_change and tag_change must each hold at least one line"))
    if len({len(line) for line in lines}) != 1 or not lines[0]:
        raise ValueError(
            _(
                "every line of state_change and tag_change must hold the same number "
                "(1 or more) of values, one per distance k"
            )
        )
    distances = range(1, len(lines[0]) + 1)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained", sharex=True)
    for ax, curves, ylabel in (
        (left, state_change, _("mean relative change of the state")),
        (right, tag_change, _("share of predicted tags that change")),
    ):
        for label, curve in curves.items():
            ax.plot(distances, list(curve), marker="o", label=shown(label))
        ax.set_xlabel(_("k: distance of the replaced word"))
        ax.set_ylabel(ylabel)
        ax.set_xticks(list(distances))
        ax.legend()
    right.set_ylim(bottom=0)
    if any(v > 0 for curve in state_change.values() for v in curve):
        left.set_yscale("log")  # a steady fade is a straight line
    left.set_title(_("State at the word (log scale)"))
    right.set_title(_("Predicted tag of the word"))
    figure.suptitle(_("Replace the word k positions away: what changes at this word?"))
    return figure


@legible
def plot_timings(
    lengths: Sequence[int],
    seconds: Mapping[str, Sequence[float]],
    title: str = N_("Time per call against sequence length"),
    xlabel: str = N_("sequence length (time steps)"),
    log_y: bool = True,
    ranges: Mapping[str, Sequence[tuple[float, float]]] | None = None,
) -> Axes:
    """Return the Axes of the measured seconds per call of each method against length (log-log).

    ``seconds[name][k]`` is the time of method ``name`` at ``lengths[k]``; ``nan`` marks a
    length where that method was not measured (no point is drawn there). With ``log_y``
    False the time axis is linear and starts at 0, so that noise does not look like a trend.
    ``ranges[name][k]``, when given, is the (fastest, slowest) seconds of the rounds behind
    that point, drawn as a vertical bar.
    Introduced in 03_step_by_step.ipynb; 12_after_the_lstm.ipynb leaves lengths out;
    14_shipping_an_lstm.ipynb plots the time of one step against the position in a stream.
    """
    if not seconds:
        raise ValueError(_("seconds must name at least one method"))
    given = [("seconds", seconds), ("ranges", ranges or {})]
    for what, name, values in [(w, n, v) for w, m in given for n, v in m.items()]:
        if len(values) != len(lengths):
            raise ValueError(
                _("{what}[{name!r}] has {count} values for {lengths} lengths").format(
                    what=what, name=name, count=len(values), lengths=len(lengths)
                )
            )
    fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    for name, values in seconds.items():
        (line,) = ax.plot(lengths, [v * 1e3 for v in values], "o-", label=shown(name))
        if ranges and name in ranges:
            low, high = zip(*ranges[name], strict=True)
            ax.vlines(
                lengths,
                [v * 1e3 for v in low],
                [v * 1e3 for v in high],
                color=line.get_color(),
                linewidth=4,
                alpha=0.35,
            )
    ax.set_xscale("log", base=2)
    if log_y:
        ax.set_yscale("log")
    else:
        ax.set_ylim(bottom=0)
    ax.set_xlabel(shown(xlabel))
    ax.set_ylabel(_("milliseconds per call (median)"))
    ax.set_title(shown(title))
    ax.legend()
    return ax


@legible
def plot_packed_layout(lengths: Sequence[int], ax: Axes | None = None) -> Axes:
    """Return the Axes of a picture of a packed batch: which padded cell goes to which data row.

    Columns are the sequences, longest first; rows are time steps. A numbered cell is a real
    step (the number is its row in ``PackedSequence.data``); a grey cell is padding, which
    packing skips. ``batch_sizes`` is written on the right.
    Introduced in 04_padding_and_packing.ipynb.
    """
    batch_sizes, positions = packed_layout(lengths)
    ordered = sorted((int(n) for n in lengths), reverse=True)
    if ax is None:
        fig, ax = plt.subplots(
            figsize=(1.6 + 0.7 * len(ordered), 0.9 + 0.42 * len(batch_sizes)), layout="constrained"
        )
    for t, row in enumerate(positions):
        for k, position in enumerate(row):
            real = position is not None
            ax.add_patch(
                plt.Rectangle((k - 0.45, t - 0.4), 0.9, 0.8, color="#cfe3f7" if real else "#e6e6e6")
            )
            ax.text(
                k,
                t,
                str(position) if real else _("pad"),
                ha="center",
                va="center",
                fontsize=10,
                color="#222" if real else "#999",
            )
        ax.text(
            len(ordered) - 0.3, t, f"batch_sizes[{t}] = {batch_sizes[t]}", va="center", fontsize=10
        )
    ax.set_xlim(-0.6, len(ordered) + 2.2)
    ax.set_ylim(len(batch_sizes) - 0.5, -0.5)
    ax.set_xticks(range(len(ordered)), [_("len {n}").format(n=n) for n in ordered])
    ax.set_yticks(range(len(batch_sizes)))
    ax.set_ylabel(_("time step t"))
    ax.set_title(_("Packed layout: numbers are rows of PackedSequence.data"))
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    return ax


@legible
def plot_tag_frequencies(counts: Mapping[str, int], title: str = N_("Tag frequencies")) -> Axes:
    """Return the Axes of a bar plot of tag counts, most frequent first.

    Introduced in 07_pos_tagging.ipynb.
    """
    if not counts:
        raise ValueError(_("counts must hold at least one tag"))
    items = sorted(counts.items(), key=lambda kv: -kv[1])
    fig, ax = plt.subplots(figsize=(8, 3), layout="constrained")
    ax.bar([tag for tag, _n in items], [n for _tag, n in items], color="#1f5fa8")
    ax.set_ylabel(_("words"))
    ax.set_title(shown(title))
    ax.tick_params(axis="x", rotation=45)
    return ax


@legible
def plot_confusion(
    matrix: torch.Tensor | np.ndarray,
    labels: Sequence[str],
    title: str | None = None,
    kind: str = "tag",
) -> Axes:
    """Return the Axes of a row-normalised confusion matrix: where each true class went.

    ``matrix[i, j]`` counts items of true class ``labels[i]`` predicted as ``labels[j]``;
    ``kind`` names the classes on the axes ("tag", "genre", ...).
    Introduced in 07_pos_tagging.ipynb.
    """
    kind_shown = shown(kind)
    title = (
        shown(title)
        if title
        else _("Confusion matrix (rows: true {kind}, share of the row)").format(kind=kind_shown)
    )
    array = _as_2d_array("matrix", matrix)
    if array.shape != (len(labels), len(labels)):
        raise ValueError(
            _("matrix is {shape} but there are {count} labels").format(
                shape=array.shape, count=len(labels)
            )
        )
    share = array / np.maximum(array.sum(axis=1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(6.4, 5.4), layout="constrained")  # fits a 1024x768 slide
    image = ax.imshow(share, cmap=SEQUENTIAL, vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=90)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(_("predicted {kind}").format(kind=kind_shown))
    ax.set_ylabel(_("true {kind}").format(kind=kind_shown))
    ax.set_title(title)
    for (i, j), value in np.ndenumerate(share):
        if value >= 0.01 and i != j:
            label = f"{value:.2f}".removeprefix("0")  # ".25"; a whole row stays "1.00"
            ax.text(
                j,
                i,
                label,
                ha="center",
                va="center",
                fontsize=10,
                color="white" if value < 0.5 else "black",
            )  # readable on viridis
    ax.figure.colorbar(image, ax=ax, fraction=0.046)
    return ax


def _moving_average(values: Sequence[float], window: int) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    window = max(1, min(window, len(array)))
    return np.convolve(array, np.ones(window) / window, mode="valid")


@legible
def plot_learning_curves(
    curves: Mapping[int, Mapping[str, Sequence[float]]],
    chance: float | None = None,
    window: int = 20,
    title: str = N_("Training loss on the recall task"),
    log_y: bool = False,
) -> Figure:
    """Return a figure with one panel per sequence length: each model's loss over the steps.

    ``curves[seq_len][model]`` is the loss at every training step, drawn as a moving average
    over ``window`` steps (1: every step as it is); ``chance`` draws the loss of guessing as a
    dashed line; ``log_y`` draws the losses on a log scale, for losses that explode.
    Introduced in 06_why_gates.ipynb.
    """
    if not curves:
        raise ValueError(_("curves must hold at least one sequence length"))
    if not all(curves.values()):
        raise ValueError(_("every sequence length in curves needs at least one model"))
    figure, axes = plt.subplots(
        1,
        len(curves),
        figsize=(3.6 * len(curves), 3.2),
        layout="constrained",
        sharey=True,
        squeeze=False,
    )
    for ax, (seq_len, models) in zip(axes[0], curves.items(), strict=True):
        for name, losses in models.items():
            ax.plot(_moving_average(losses, window), label=shown(name))
        if chance is not None:
            ax.axhline(chance, color="grey", linestyle="--", linewidth=1, label=_("guessing"))
        ax.set_title(f"T = {seq_len}")
        ax.set_xlabel(_("training step"))
        if log_y:
            ax.set_yscale("log")
    axes[0, 0].set_ylabel(
        _("loss") if window == 1 else _("loss (mean of {window} steps)").format(window=window)
    )
    axes[0, -1].legend()
    figure.suptitle(shown(title))
    return figure


@legible
def plot_gradient_norms(
    panels: Mapping[str, Mapping[str, torch.Tensor | Sequence[float]]],
    title: str = N_("How much the loss at the end feels each input"),
) -> Figure:
    """Return a figure of gradient norms against distance, one panel per stage, log scale.

    ``panels[stage][model][d]`` is ‖∂loss/∂x‖ for the input ``d`` steps before the last one,
    as returned by :func:`helpers.recall_task.input_gradient_norms`. Norms that are exactly 0
    (underflow) cannot be drawn on a log scale, so a line ends where they begin. A model named
    ``"X, default biases"`` is drawn dashed, in model ``X``'s colour; every panel has a legend.
    Introduced in 06_why_gates.ipynb.
    """
    if not panels:
        raise ValueError(_("panels must hold at least one stage"))
    variant = ", default biases"
    bases = [name.removesuffix(variant) for models in panels.values() for name in models]
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colour = {base: cycle[k % len(cycle)] for k, base in enumerate(dict.fromkeys(bases))}
    figure, axes = plt.subplots(
        1,
        len(panels),
        figsize=(4.8 * len(panels), 3.4),
        layout="constrained",
        sharey=True,
        squeeze=False,
    )
    for ax, (stage, models) in zip(axes[0], panels.items(), strict=True):
        for name, norms in models.items():
            values = np.asarray(torch.as_tensor(norms, dtype=torch.float64).cpu())
            if not np.isfinite(values).all():
                raise ValueError(
                    _("gradient norms of {name!r} contain NaN or infinite values").format(name=name)
                )
            drawn = np.where(values > 0, values, np.nan)  # an exact 0 (underflow) is left out
            style = "--" if name.endswith(variant) else "-"
            ax.plot(
                np.arange(len(values)),
                drawn,
                style,
                label=shown(name),
                color=colour[name.removesuffix(variant)],
            )
        ax.set_yscale("log")
        ax.set_title(shown(stage))
        ax.set_xlabel(_("distance from the last step (steps)"))
        ax.legend()
    axes[0, 0].set_ylabel(_("mean ‖∂loss / ∂x_t‖"))
    figure.suptitle(shown(title))
    return figure


@legible
def plot_attention(
    weights: torch.Tensor | np.ndarray,
    letters: Sequence[str],
    phonemes: Sequence[str],
    ax: Axes | None = None,
    title: str = N_("Attention: which letters each phoneme read"),
) -> Axes:
    """Return the Axes of an attention map: one row per phoneme written, one column per letter.

    ``weights[i, j]`` is how much phoneme ``i`` attended to letter ``j``; every row sums to 1.
    Introduced in 10_encoder_decoder.ipynb.
    """
    array = _as_2d_array("weights", weights)
    if array.shape != (len(phonemes), len(letters)):
        raise ValueError(
            _("weights is {shape} but there are {phonemes} phonemes and {letters} letters").format(
                shape=array.shape, phonemes=len(phonemes), letters=len(letters)
            )
        )
    if ax is None:
        fig, ax = plt.subplots(
            figsize=(1.8 + 0.42 * len(letters), 1.3 + 0.36 * len(phonemes)), layout="constrained"
        )
    image = ax.imshow(array, cmap=SEQUENTIAL, vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(letters)), letters)
    ax.set_yticks(range(len(phonemes)), phonemes)
    ax.set_xlabel(_("letter read"))
    ax.set_ylabel(_("phoneme written"))
    ax.set_title(shown(title))
    ax.figure.colorbar(image, ax=ax, fraction=0.05)
    return ax


@legible
def plot_error_by_horizon(
    errors: Mapping[str, torch.Tensor | Sequence[float]],
    ax: Axes | None = None,
    title: str = N_("Test error by horizon: every model"),
) -> Axes:
    """Return the Axes of each model's mean absolute error at h+1 .. h+H, one line per model.

    ``errors[name][k]`` is the error (°F) of the forecast ``k + 1`` hours ahead.
    Introduced in 11_forecasting.ipynb.
    """
    if not errors:
        raise ValueError(_("errors must hold at least one model"))
    lengths = {len(values) for values in errors.values()}
    if len(lengths) != 1:
        raise ValueError(
            _("every model in errors needs the same number of horizons, got {lengths}").format(
                lengths=lengths
            )
        )
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 3.8), layout="constrained")
    for name, values in errors.items():
        array = np.asarray(torch.as_tensor(values, dtype=torch.float64).cpu())
        if not np.isfinite(array).all():
            raise ValueError(
                _("errors of {name!r} contain NaN or infinite values").format(name=name)
            )
        ax.plot(np.arange(1, len(array) + 1), array, marker=".", label=shown(name))
    ax.set_xlabel(_("hours ahead (h+1 ... h+24)"))
    ax.set_ylabel(_("mean absolute error (°F)"))
    ax.set_title(shown(title))
    ax.legend()
    return ax


@legible
def plot_forecast(view: Mapping[str, object], ax: Axes | None = None) -> Axes:
    """Return the Axes of one forecast: the past hours, the truth after them, each model's line.

    ``view`` is what :func:`helpers.forecast_explorer.forecast_view` returns; the x axis counts
    hours from the forecast start (0 is its first hour). Introduced in 11_forecasting.ipynb.
    """
    for key in ("past", "truth", "forecasts", "station", "start"):
        if key not in view:
            raise ValueError(
                _("view lacks {key!r}: pass what forecast_view returns").format(key=key)
            )
    past = np.asarray(torch.as_tensor(view["past"]).cpu(), dtype=float)
    truth = np.asarray(torch.as_tensor(view["truth"]).cpu(), dtype=float)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
    ax.plot(np.arange(-len(past), 0), past, color="black", label=_("the last hours (input)"))
    ax.plot(np.arange(len(truth)), truth, color="black", linestyle="--", label=_("truth"))
    for name, forecast in view["forecasts"].items():  # type: ignore[union-attr]
        ax.plot(
            np.arange(len(truth)),
            np.asarray(torch.as_tensor(forecast).cpu(), dtype=float),
            label=shown(name),
        )
    ax.axvline(-0.5, color="grey", linewidth=1)
    ax.set_xlabel(_("hours from the forecast start"))
    ax.set_ylabel(_("temperature (°F)"))
    ax.set_title(
        _("{station}, forecast from {start}").format(station=view["station"], start=view["start"])
    )
    ax.legend(fontsize=10, ncol=2)
    return ax


@legible
def plot_lines(
    hours: Sequence[float] | torch.Tensor,
    lines: Mapping[str, torch.Tensor | Sequence[float]],
    ax: Axes | None = None,
    title: str = "",
    ylabel: str = N_("temperature (°F)"),
) -> Axes:
    """Return the Axes of several series over the same hours, one line each, with a legend.

    Introduced in 11_forecasting.ipynb (the one-step-ahead plot).
    """
    if not lines:
        raise ValueError(_("lines must hold at least one series"))
    x = np.asarray(torch.as_tensor(hours).cpu(), dtype=float)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8, 3.4), layout="constrained")
    for name, values in lines.items():
        array = np.asarray(torch.as_tensor(values).cpu(), dtype=float)
        if array.shape != x.shape:
            raise ValueError(
                _("{name!r} has {shape} values for {hours} hours").format(
                    name=name, shape=array.shape, hours=x.shape
                )
            )
        ax.plot(x, array, label=shown(name))
    ax.set_xlabel(_("hour"))
    ax.set_ylabel(shown(ylabel))
    ax.set_title(shown(title) if title else "")
    ax.legend()
    return ax


@legible
def plot_parity_curves(
    steps: Sequence[int], curves: Mapping[str, Sequence[float]], length: int, ax: Axes | None = None
) -> Axes:
    """Return the Axes of held-out parity accuracy against training step, one line per model.

    ``curves[model][k]`` is the accuracy (0 to 1) on strings of ``length`` bits after
    ``steps[k]`` training steps. A dashed line marks guessing (50 %).
    Introduced in 12_after_the_lstm.ipynb.
    """
    if not curves:
        raise ValueError(_("curves must name at least one model"))
    for name, values in curves.items():
        if len(values) != len(steps):
            raise ValueError(
                _("curves[{name!r}] has {count} values for {steps} steps").format(
                    name=name, count=len(values), steps=len(steps)
                )
            )
        if not all(0.0 <= v <= 1.0 for v in values):
            raise ValueError(
                _("curves[{name!r}] must hold accuracies between 0 and 1").format(name=name)
            )
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.2), layout="constrained")
    for name, values in curves.items():
        ax.plot(steps, [100 * v for v in values], "o-", label=shown(name))
    ax.axhline(50, color="grey", linestyle="--", linewidth=1, label=_("guessing"))
    ax.set_ylim(0, 105)
    ax.set_xlabel(_("training step"))
    ax.set_ylabel(_("held-out accuracy (%)"))
    ax.set_title(
        _("Parity of {length}-bit strings (trained on 1 to 16 bits)").format(length=length)
    )
    ax.legend(loc="lower right")
    return ax


@legible
def plot_saturation(gates: dict[str, torch.Tensor], low: float = 0.1, high: float = 0.9) -> Figure:
    """Return a figure with one panel per gate: each unit's left- and right-saturated shares.

    ``gates`` maps a gate's name to its (steps, units) values, such as
    :func:`helpers.probing.lstm_gate_traces` returns; the shares are
    :func:`helpers.probing.saturation`. Introduced in 08_inside_the_tagger.ipynb.
    """
    from helpers.probing import saturation  # here: probing imports the tagger and the data

    figure, axes = plt.subplots(
        1,
        len(gates),
        figsize=(3.6 * len(gates), 3.6),
        layout="constrained",
        sharex=True,
        sharey=True,
        squeeze=False,
    )
    axes = axes[0]
    for ax, (name, values) in zip(axes, gates.items(), strict=True):
        left, right = saturation(values, low, high)
        hidden = values.shape[1] // 2
        ax.scatter(left[:hidden], right[:hidden], s=14, alpha=0.7, label=_("forward units"))
        ax.scatter(
            left[hidden:], right[hidden:], s=14, alpha=0.7, marker="^", label=_("backward units")
        )
        ax.plot([0, 1], [1, 0], color="grey", linewidth=0.8, linestyle="--")
        ax.set_title(_("{name} gate").format(name=name))
        ax.set_xlabel(_("share of steps below {low}").format(low=low))
    axes[0].set_ylabel(_("share of steps above {high}").format(high=high))
    axes[0].set_xlim(-0.02, 1.02)
    axes[0].set_ylim(-0.02, 1.02)
    axes[-1].legend()
    figure.suptitle(_("Gate saturation, unit by unit"))
    return figure


BUDGET_TEXTS = (  # what 13 passes to the two functions below, translated where drawn
    N_("POS tagging: dev accuracy against the budget"),
    N_("training steps (batches of 64 sentences)"),
    N_("LSTM, (h, c)"),
    N_("decoder, cache"),
    N_("decoder, no cache"),
    N_("(h, c)"),
    N_("cache"),
)


@legible
def plot_budget_curves(
    steps: Sequence[int],
    runs: Mapping[str, Sequence[Sequence[float]]],
    title: str = N_("Dev accuracy against the training budget"),
    xlabel: str = N_("training steps"),
) -> Axes:
    """Return the Axes of dev accuracy against the budget: per model, the mean over seeds.

    ``runs[model][k]`` holds the accuracies (0 to 1) of that model's seeds after ``steps[k]``
    training steps; the band spans the lowest to the highest seed. The x axis is logarithmic
    and shows only the budgets measured. Introduced in 13_lstm_vs_transformer.ipynb.
    """
    if not runs:
        raise ValueError(_("runs must name at least one model"))
    if len(steps) == 0 or any(s <= 0 for s in steps):
        raise ValueError(
            _("steps must be positive numbers of steps, got {steps}").format(steps=list(steps))
        )
    fig, ax = plt.subplots(figsize=(6.4, 3.6), layout="constrained")
    for name, per_budget in runs.items():
        if len(per_budget) != len(steps):
            raise ValueError(
                _("runs[{name!r}] has {budgets} budgets for {steps} steps").format(
                    name=name, budgets=len(per_budget), steps=len(steps)
                )
            )
        values = [np.asarray(seeds, dtype=float) * 100 for seeds in per_budget]
        if any(v.size == 0 or not ((0 <= v) & (v <= 100)).all() for v in values):
            raise ValueError(
                _("runs[{name!r}] must hold accuracies between 0 and 1, per budget").format(
                    name=name
                )
            )
        line = ax.plot(steps, [v.mean() for v in values], "o-", label=_(name))[0]
        low, high = [v.min() for v in values], [v.max() for v in values]
        ax.fill_between(steps, low, high, color=line.get_color(), alpha=0.2, linewidth=0)
    ax.set_xscale("log", base=2)
    ax.set_xticks(list(steps), [str(s) for s in steps])
    ax.minorticks_off()
    ax.set_xlabel(_(xlabel))
    ax.set_ylabel(_("dev accuracy (%)"))
    ax.set_title(_(title))
    ax.legend(loc="lower right")
    return ax


@legible
def plot_generation_cost(
    lengths: Sequence[int],
    milliseconds: Mapping[str, Sequence[float]],
    state_bytes: Mapping[str, Sequence[int]],
) -> Figure:
    """Return a figure of what one generated step costs, against the steps already generated.

    Left: ``milliseconds[name][k]``, the time of one step after ``lengths[k]`` steps (``nan``
    where not measured); right: ``state_bytes[name][k]``, what must be kept between steps.
    Both axes are logarithmic. Introduced in 13_lstm_vs_transformer.ipynb.
    """
    if not milliseconds or not state_bytes:
        raise ValueError(_("milliseconds and state_bytes must each name at least one model"))
    for what, table in (("milliseconds", milliseconds), ("state_bytes", state_bytes)):
        for name, values in table.items():
            if len(values) != len(lengths):
                raise ValueError(
                    _("{what}[{name!r}] has {values} values for {lengths} lengths").format(
                        what=what, name=name, values=len(values), lengths=len(lengths)
                    )
                )
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), layout="constrained")
    for name, values in milliseconds.items():
        left.plot(lengths, values, "o-", label=_(name))
    for name, values in state_bytes.items():
        right.plot(lengths, [v / 1024 for v in values], "o-", label=_(name))
    for ax, ylabel in ((left, _("milliseconds per step (median)")), (right, _("kilobytes kept"))):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(_("steps generated before this one"))
        ax.set_ylabel(ylabel)
        ax.legend()
    left.set_title(_("Time of one generated step"))
    right.set_title(_("Memory kept between steps"))
    return figure


@legible
def plot_state_leak(
    mean: Sequence[float] | torch.Tensor, largest: Sequence[float] | torch.Tensor
) -> Axes:
    """Return the Axes of how much a carried state changes the next document's predictions.

    ``mean[k]`` and ``largest[k]`` are the mean and the largest, over documents, of the
    largest change of any predicted probability at the document's character ``k`` when the
    state is carried from the previous document instead of reset (log scale).
    Introduced in 14_shipping_an_lstm.ipynb.
    """
    curves = {
        _("largest over the documents"): np.asarray(torch.as_tensor(largest).cpu(), dtype=float),
        _("mean over the documents"): np.asarray(torch.as_tensor(mean).cpu(), dtype=float),
    }
    if len({c.shape for c in curves.values()}) != 1 or any(c.ndim != 1 for c in curves.values()):
        raise ValueError(_("mean and largest must be 1-D, one value per character, of one length"))
    _figure, ax = plt.subplots(figsize=(7, 3.2), layout="constrained")
    for label, curve in curves.items():
        ax.plot(np.arange(len(curve)), np.maximum(curve, 1e-9), label=label)
    ax.axhline(0.01, color="grey", linestyle=":", linewidth=1, label="0.01")
    ax.set_yscale("log")
    ax.set_xlabel(_("character of the document"))
    ax.set_ylabel(_("largest |change| of a probability"))
    ax.set_title(_("State not reset: the previous document changes the next one's predictions"))
    ax.legend(loc="upper right")
    return ax
