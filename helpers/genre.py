"""Plumbing for 09_sentence_classification.ipynb: genre labels, bag-of-words input, scores, a box.

Every English EWT sentence id starts with its source: ``answers``, ``email``, ``newsgroup``,
``reviews`` or ``weblog``. The model, its read-outs and its training loop are written in
09_sentence_classification.ipynb; this module holds what a learner need not read.
Introduced in 09_sentence_classification.ipynb.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets
import torch

from helpers._validate import positive_int
from helpers._validate import text as text_argument
from helpers.i18n import N_, _
from helpers.vocabulary import tokenize
from helpers.widgets import text_box

GENRES = ("answers", "email", "newsgroup", "reviews", "weblog")
"""The five sources of English EWT, in the order of the classifier's outputs."""


def genre_of(sent_id: str) -> str:
    """Return the genre that starts a sentence id: ``"email-enronsent01_01-0002"`` → ``"email"``.

    Raises ``ValueError`` naming the sentence id when it starts with no known genre, so that no
    sentence is silently dropped or mislabelled.
    Introduced in 09_sentence_classification.ipynb.
    """
    if not isinstance(sent_id, str):
        raise ValueError(
            _("sent_id must be a string, got {sent_id!r} ({kind})").format(
                sent_id=sent_id, kind=type(sent_id).__name__
            )
        )
    prefix = sent_id.split("-", 1)[0]
    if prefix not in GENRES or "-" not in sent_id:
        raise ValueError(
            _(
                "sentence id {sent_id!r} does not start with a known genre ({names}) and a '-'"
            ).format(sent_id=sent_id, names=", ".join(GENRES))
        )
    return prefix


def _whole_numbers(tensor: torch.Tensor) -> bool:
    return not (tensor.is_floating_point() or tensor.is_complex() or tensor.dtype == torch.bool)


def bag_of_words(sentences: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(ids, offsets)`` for ``nn.EmbeddingBag``: all word ids in one row, and where
    each sentence starts. Word order is thrown away: that is what makes it a bag.

    ``sentences`` holds one 1-D tensor of whole-number word ids per sentence, none empty.
    Introduced in 09_sentence_classification.ipynb.
    """
    if len(sentences) == 0:
        raise ValueError(_("sentences must hold at least one sentence"))
    for k, ids in enumerate(sentences):
        if not isinstance(ids, torch.Tensor) or ids.dim() != 1 or len(ids) == 0:
            raise ValueError(
                _("sentence {k} must be a non-empty 1-D tensor of word ids").format(k=k)
            )
        if not _whole_numbers(ids):
            raise ValueError(
                _(
                    "sentence {k} must hold whole-number word ids (such as torch.long), got {dtype}"
                ).format(k=k, dtype=ids.dtype)
            )
    lengths = torch.tensor([len(ids) for ids in sentences])
    offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)[:-1]])
    return torch.cat(list(sentences)), offsets


def _labels(name: str, labels: object) -> torch.Tensor:
    try:
        labels = torch.as_tensor(labels)
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(
            _("{name} must be a 1-D tensor or list of whole-number labels, got {kind}").format(
                name=name, kind=type(labels).__name__
            )
        ) from None
    if not _whole_numbers(labels):
        raise ValueError(
            _("{name} must hold whole-number labels, got {dtype}").format(
                name=name, dtype=labels.dtype
            )
        )
    return labels


def f1_scores(predicted: torch.Tensor, gold: torch.Tensor, n_classes: int) -> torch.Tensor:
    """Return the F1 score of each class (0 where a class is neither predicted nor present).

    F1 is the harmonic mean of precision and recall; their mean over classes is the macro-F1,
    which weighs a rare class as much as a common one. ``predicted`` and ``gold`` hold whole
    number labels (tensors, or lists).
    Introduced in 09_sentence_classification.ipynb.
    """
    predicted, gold = _labels("predicted", predicted), _labels("gold", gold)
    if predicted.shape != gold.shape or predicted.dim() != 1:
        raise ValueError(
            _("predicted and gold must be 1-D of the same length, got {shape} and {shape2}").format(
                shape=tuple(predicted.shape), shape2=tuple(gold.shape)
            )
        )
    positive_int("n_classes", n_classes)
    for name, labels in (("predicted", predicted), ("gold", gold)):
        if len(labels) and not 0 <= int(labels.min()) <= int(labels.max()) < n_classes:
            raise ValueError(
                _("{name} holds labels outside 0 .. {n_classes_minus_1}").format(
                    name=name, n_classes_minus_1=n_classes - 1
                )
            )
    scores = []
    for k in range(n_classes):
        hits = ((predicted == k) & (gold == k)).sum().item()
        claimed, present = (predicted == k).sum().item(), (gold == k).sum().item()
        scores.append(2 * hits / (claimed + present) if claimed + present else 0.0)
    return torch.tensor(scores)


EMPTY_MESSAGE = N_("Type a sentence above, for example: Thanks a lot, see you on Monday!")


def _probabilities(output: object) -> list[float]:
    """Return ``output`` as one probability per genre, or raise ``ValueError`` saying why not."""
    wanted = _("classify must return {count} probabilities, one per genre").format(
        count=len(GENRES)
    )
    if isinstance(output, torch.Tensor) and output.dim() != 1:
        raise ValueError(
            _("{wanted}; got a tensor of shape {shape}").format(
                wanted=wanted, shape=tuple(output.shape)
            )
            + (
                _(": drop the batch dimension with [0]")
                if output.dim() == 2 and len(output) == 1
                else ""
            )
        )
    try:
        probabilities = [float(p) for p in output]
    except (TypeError, ValueError, RuntimeError):
        raise ValueError(
            _("{wanted}; got {kind} {output!r:.60}").format(
                wanted=wanted, kind=type(output).__name__, output=output
            )
        ) from None
    if len(probabilities) != len(GENRES):
        raise ValueError(
            _("classify returned {count} numbers for {count2} genres").format(
                count=len(probabilities), count2=len(GENRES)
            )
        )
    if any(math.isnan(p) for p in probabilities):
        raise ValueError(_("classify returned NaN (not a number): there are no bars to draw"))
    if any(not 0 <= p <= 1 for p in probabilities) or abs(sum(probabilities) - 1) > 0.01:
        shown = ", ".join(f"{p:.2f}" for p in probabilities)
        raise ValueError(
            _(
                "{wanted}: numbers from 0 to 1 that add up to 1; got {shown}. Scores (logits)"
                " become probabilities with softmax."
            ).format(wanted=wanted, shown=shown)
        )
    return probabilities


def genre_bars_html(text: str, classify: Callable[[list[str]], Sequence[float]]) -> str:
    """Return HTML bars of the genre probabilities ``classify`` gives the words of ``text``.

    ``classify`` takes a list of words and returns one probability per genre (in ``GENRES``
    order). An empty or blank text gives a friendly hint instead of calling it. What cannot be
    drawn as bars (scores that are not probabilities, NaN, a batch of rows) raises
    ``ValueError`` saying what ``classify`` returned.
    Introduced in 09_sentence_classification.ipynb.
    """
    words = tokenize(text_argument("text", text))
    if not words:
        return f'<p class="genre-empty">{escape(_(EMPTY_MESSAGE))}</p>'
    probabilities = _probabilities(classify(words))
    best = max(range(len(GENRES)), key=probabilities.__getitem__)
    rows = "".join(
        f"<tr class='genre-row' data-genre='{genre}'><td style='padding-right:8px'>"
        f"{'<b>' + genre + '</b>' if k == best else genre}</td><td style='width:260px'>"
        f"<div style='background:#3b6ea5;height:12px;width:{100 * p:.1f}%'></div></td>"
        f"<td class='genre-p' style='padding-left:8px'>{p:.0%}</td></tr>"
        for k, (genre, p) in enumerate(zip(GENRES, probabilities, strict=True))
    )
    return f"<table class='genre-bars'>{rows}</table>"


def genre_box(
    classify: Callable[[list[str]], Sequence[float]], text: str = "Thanks a lot, see you on Monday!"
) -> widgets.VBox:
    """Return a text box that shows the genre probabilities of whatever sentence is typed.

    Introduced in 09_sentence_classification.ipynb.
    """
    return text_box(lambda t: genre_bars_html(t, classify), text)
