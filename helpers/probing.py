"""Plumbing for 08_inside_the_tagger.ipynb: the tagger's vectors, probes, control tasks and gates.

The questions and their answers are in 08_inside_the_tagger.ipynb; this module holds the
plumbing that collects the numbers. Introduced in 08_inside_the_tagger.ipynb.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

import torch
from torch import nn
from torch.nn.utils.rnn import pack_sequence, pad_packed_sequence, pad_sequence

from helpers._validate import positive_int
from helpers.data import TaggedSentence
from helpers.i18n import _
from helpers.tagging import Tagger

PLACES = ("embedding", "forward", "backward", "both")
"""Where vectors are read: the LSTM's input, its forward and backward outputs, and both."""


def collect_vectors(
    model: Tagger, encoded: Sequence[torch.Tensor], device: torch.device, batch_size: int = 256
) -> dict[str, torch.Tensor]:
    """Return one vector per word, all sentences in order, from each place in ``PLACES``.

    ``encoded`` holds :meth:`TaggerVocabs.encode` tensors. ``embedding`` is what the LSTM reads
    (word and sub-word feature vectors, no context); ``forward`` and ``backward`` are the two
    directions' outputs; ``both`` puts them side by side. The model runs in eval mode.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    positive_int("batch_size", batch_size)
    if not model.rnn.bidirectional or not isinstance(model.rnn, nn.LSTM):
        raise ValueError(_("collect_vectors needs a bidirectional LSTM tagger"))
    model.eval()
    parts: dict[str, list[torch.Tensor]] = {place: [] for place in PLACES}
    hidden = model.rnn.hidden_size
    with torch.no_grad():
        for start in range(0, len(encoded), batch_size):
            chunk = [x.to(device) for x in encoded[start : start + batch_size]]
            embedded = [model_inputs(model, x) for x in chunk]
            output, lengths = pad_packed_sequence(
                model.rnn(pack_sequence(embedded, enforce_sorted=False))[0], batch_first=True
            )
            for k, n in enumerate(lengths.tolist()):
                parts["embedding"].append(embedded[k].cpu())
                parts["forward"].append(output[k, :n, :hidden].cpu())
                parts["backward"].append(output[k, :n, hidden:].cpu())
    vectors = {place: torch.cat(values) for place, values in parts.items() if values}
    vectors["both"] = torch.cat([vectors["forward"], vectors["backward"]], dim=1)
    return vectors


def token_states(
    model: Tagger,
    encoded: Sequence[torch.Tensor],
    positions: Sequence[int],
    device: torch.device,
    batch_size: int = 256,
) -> dict[str, torch.Tensor]:
    """Return the forward state, backward state and predicted tag of one word per sentence.

    ``encoded[n]`` is a :meth:`TaggerVocabs.encode` tensor and ``positions[n]`` the word read
    in it. The result holds ``forward`` and ``backward`` (sentences, hidden) and ``tag``
    (sentences,), on the CPU; the model runs in eval mode, in batches of ``batch_size``.
    Introduced in 08_inside_the_tagger.ipynb (the memory-span experiment).
    """
    positive_int("batch_size", batch_size)
    if len(encoded) != len(positions):
        raise ValueError(
            _(
                "positions must hold one position per sentence: {count} sentences but "
                "{count2} positions"
            ).format(count=len(encoded), count2=len(positions))
        )
    for x, position in zip(encoded, positions, strict=True):
        if (
            isinstance(position, bool)
            or not isinstance(position, int)
            or not (0 <= position < len(x))
        ):
            raise ValueError(
                _(
                    "positions must be word indices inside their sentence, got {position!r} "
                    "for a sentence of {count} words"
                ).format(position=position, count=len(x))
            )
    if not model.rnn.bidirectional:
        raise ValueError(_("token_states needs a bidirectional tagger"))
    model.eval()
    hidden = model.rnn.hidden_size
    parts: dict[str, list[torch.Tensor]] = {"forward": [], "backward": [], "tag": []}
    with torch.no_grad():
        for start in range(0, len(encoded), batch_size):
            chunk = [x.to(device) for x in encoded[start : start + batch_size]]
            where = torch.tensor(positions[start : start + batch_size], device=device)
            output, _lengths = pad_packed_sequence(
                model.rnn(
                    pack_sequence([model_inputs(model, x) for x in chunk], enforce_sorted=False)
                )[0],
                batch_first=True,
            )
            at = output[torch.arange(len(chunk), device=device), where]  # (chunk, 2 * hidden)
            parts["forward"].append(at[:, :hidden].cpu())
            parts["backward"].append(at[:, hidden:].cpu())
            parts["tag"].append(model.out(at).argmax(dim=-1).cpu())
    return {name: torch.cat(values) for name, values in parts.items()}


def model_inputs(model: Tagger, x: torch.Tensor) -> torch.Tensor:
    """Return what the tagger's LSTM reads for one encoded sentence: (words, input size)."""
    parts = [model.words(x[..., 0])]
    if model.use_features:
        parts.append(model.features(x[..., 1:]).flatten(-2))
    return torch.cat(parts, dim=-1)


def property_table(
    sentences: Sequence[TaggedSentence],
    properties_of: Callable[[TaggedSentence, int], dict[str, str]],
) -> dict[str, tuple[list[int], list[str], list[str]]]:
    """Return ``{property: (word positions, labels, word types)}`` over ``sentences``.

    ``properties_of(sentence, k)`` gives word ``k``'s labels for the properties it has; the
    position counts words across all sentences, in the order of ``collect_vectors``, and the
    word type is the lower-cased word (what a control task labels).
    Introduced in 08_inside_the_tagger.ipynb.
    """
    table: dict[str, tuple[list[int], list[str], list[str]]] = {}
    position = 0
    for sentence in sentences:
        for k, word in enumerate(sentence.words):
            for name, label in properties_of(sentence, k).items():
                positions, labels, types = table.setdefault(name, ([], [], []))
                positions.append(position)
                labels.append(label)
                types.append(word.lower())
            position += 1
    return table


class LinearProbe(nn.Module):
    """A logistic regression on standardised vectors: one linear layer, nothing more.

    Introduced in 08_inside_the_tagger.ipynb.
    """

    def __init__(self, vectors: torch.Tensor, n_classes: int) -> None:
        super().__init__()
        self.register_buffer("mean", vectors.mean(dim=0))
        self.register_buffer("std", vectors.std(dim=0) + 1e-6)
        self.linear = nn.Linear(vectors.shape[1], n_classes)

    def forward(self, vectors: torch.Tensor) -> torch.Tensor:
        """Return class scores (words, classes)."""
        return self.linear((vectors - self.mean) / self.std)


def _check_pairs(vectors: torch.Tensor, labels: torch.Tensor) -> None:
    if vectors.dim() != 2:
        raise ValueError(
            _("vectors must be 2-D (words, features), got {shape}").format(
                shape=tuple(vectors.shape)
            )
        )
    if labels.dim() != 1 or len(labels) != len(vectors):
        raise ValueError(
            _(
                "labels must be 1-D with one label per vector: {count} vectors but labels of "
                "shape {shape}"
            ).format(count=len(vectors), shape=tuple(labels.shape))
        )


def train_probe(
    vectors: torch.Tensor,
    labels: torch.Tensor,
    n_classes: int,
    *,
    steps: int = 150,
    lr: float = 0.05,
    weight_decay: float = 1e-3,
    seed: int = 0,
) -> LinearProbe:
    """Return a :class:`LinearProbe` trained full-batch with Adam on (vectors, labels).

    ``weight_decay`` keeps the probe small, so that it finds what the vectors show rather than
    memorising the training words. Raises ``ValueError`` when the lengths do not match.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    _check_pairs(vectors, labels)
    positive_int("steps", steps)
    positive_int("n_classes", n_classes)
    if labels.min() < 0 or labels.max() >= n_classes:
        raise ValueError(
            _("labels must lie in 0 .. {n_classes_minus_1}").format(n_classes_minus_1=n_classes - 1)
        )
    torch.manual_seed(seed)
    probe = LinearProbe(vectors, n_classes)
    optimizer = torch.optim.Adam(probe.parameters(), lr=lr, weight_decay=weight_decay)
    for __ in range(steps):
        loss = nn.functional.cross_entropy(probe(vectors), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return probe.eval()


def probe_accuracy(probe: LinearProbe, vectors: torch.Tensor, labels: torch.Tensor) -> float:
    """Return the share of ``labels`` the probe predicts from ``vectors``."""
    _check_pairs(vectors, labels)
    with torch.no_grad():
        return (probe(vectors).argmax(dim=1) == labels).float().mean().item()


def control_labels(types: Sequence[str], labels: Sequence[int], seed: int = 0) -> dict[str, int]:
    """Return a control task (Hewitt and Liang 2019): one random label per word type.

    Each distinct type in ``types`` gets one label drawn from the distribution of ``labels``
    (the real task's labels), with ``seed``: the same types and seed always give the same
    labels, whatever their order. A probe can only learn the control task by memorising words.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    if not labels:
        raise ValueError(_("labels must hold the real task's labels, to copy their distribution"))
    rng = random.Random(seed)
    pool = sorted(labels)
    return {word_type: rng.choice(pool) for word_type in sorted(set(types))}


def unit_correlations(activations: torch.Tensor, values: torch.Tensor) -> torch.Tensor:
    """Return the Pearson correlation of each unit (column of ``activations``) with ``values``.

    Introduced in 08_inside_the_tagger.ipynb.
    """
    _check_pairs(activations, values)
    a = activations - activations.mean(dim=0)
    v = values.float() - values.float().mean()
    denominator = a.norm(dim=0) * v.norm()
    return (a * v[:, None]).sum(dim=0) / denominator.clamp(min=1e-12)


def lstm_gate_traces(lstm: nn.LSTM, inputs: Sequence[torch.Tensor]) -> dict[str, torch.Tensor]:
    """Return the gates i, f, o and the output h of a one-layer bidirectional LSTM, per word.

    ``inputs`` holds one ``(words, input_size)`` tensor per sentence. Each value has shape
    (all words, 2 * hidden): the forward direction's units, then the backward's. The same
    arithmetic as notebook 02's cell, run for every sentence at once and both directions.
    Introduced in 08_inside_the_tagger.ipynb.
    """
    if lstm.num_layers != 1 or not lstm.bidirectional or lstm.proj_size:
        raise ValueError(
            _("lstm_gate_traces takes a one-layer bidirectional LSTM without projections")
        )
    lengths = [len(x) for x in inputs]
    directions = []
    with torch.no_grad():
        for suffix, backward in (("", False), ("_reverse", True)):
            w_ih, w_hh = (getattr(lstm, f"{n}_l0{suffix}") for n in ("weight_ih", "weight_hh"))
            bias = getattr(lstm, f"bias_ih_l0{suffix}") + getattr(lstm, f"bias_hh_l0{suffix}")
            x = pad_sequence([s.flip(0) if backward else s for s in inputs], batch_first=True)
            ahead = x @ w_ih.T + bias  # (sentences, steps, 4 * hidden)
            h = c = x.new_zeros(len(inputs), lstm.hidden_size)
            steps = []
            for t in range(x.shape[1]):
                i, f, g, o = (ahead[:, t] + h @ w_hh.T).chunk(4, dim=1)
                i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
                c = f * c + i * g
                h = o * c.tanh()
                steps.append(torch.stack([i, f, o, h]))
            trace = torch.stack(steps, dim=2)  # (4, sentences, steps, hidden)
            per_sentence = [
                trace[:, k, :n].flip(1) if backward else trace[:, k, :n]
                for k, n in enumerate(lengths)
            ]
            directions.append(torch.cat(per_sentence, dim=1))  # (4, words, hidden)
    both = torch.cat(directions, dim=2).cpu()
    return dict(zip(("i", "f", "o", "h"), both, strict=True))


def saturation(
    gate: torch.Tensor,
    low: float = 0.1,
    high: float = 0.9,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return, per unit, the share of steps where the gate is below ``low`` and above ``high``.

    A unit left-saturated most of the time acts as a closed switch, one right-saturated as an
    open one (Karpathy, Johnson and Fei-Fei 2015). Introduced in 08_inside_the_tagger.ipynb.
    """
    if gate.dim() != 2 or not 0 < low < high < 1:
        raise ValueError(_("gate must be (steps, units) and 0 < low < high < 1"))
    return (gate < low).float().mean(dim=0), (gate > high).float().mean(dim=0)
