"""Plumbing for 09_sentence_classification.ipynb: genre labels, bag-of-words input, scores, a box.

Every English EWT sentence id starts with its source: ``answers``, ``email``, ``newsgroup``,
``reviews`` or ``weblog``. The model, its read-outs and its training loop are written in
09_sentence_classification.ipynb; this module holds what a learner need not read.
Introduced in 09_sentence_classification.ipynb.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import ipywidgets as widgets
import torch

from helpers._validate import positive_int
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
        raise ValueError(f"sent_id must be a string, got {sent_id!r} ({type(sent_id).__name__})")
    prefix = sent_id.split("-", 1)[0]
    if prefix not in GENRES or "-" not in sent_id:
        raise ValueError(f"sentence id {sent_id!r} does not start with a known genre "
                         f"({', '.join(GENRES)}) and a '-'")
    return prefix


def bag_of_words(sentences: Sequence[torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(ids, offsets)`` for ``nn.EmbeddingBag``: all word ids in one row, and where
    each sentence starts. Word order is thrown away: that is what makes it a bag.

    ``sentences`` holds one 1-D tensor of word ids per sentence, none empty.
    Introduced in 09_sentence_classification.ipynb.
    """
    if len(sentences) == 0:
        raise ValueError("sentences must hold at least one sentence")
    for k, ids in enumerate(sentences):
        if not isinstance(ids, torch.Tensor) or ids.dim() != 1 or len(ids) == 0:
            raise ValueError(f"sentence {k} must be a non-empty 1-D tensor of word ids")
    lengths = torch.tensor([len(ids) for ids in sentences])
    offsets = torch.cat([torch.zeros(1, dtype=torch.long), lengths.cumsum(0)[:-1]])
    return torch.cat(list(sentences)), offsets


def f1_scores(predicted: torch.Tensor, gold: torch.Tensor, n_classes: int) -> torch.Tensor:
    """Return the F1 score of each class (0 where a class is neither predicted nor present).

    F1 is the harmonic mean of precision and recall; their mean over classes is the macro-F1,
    which weighs a rare class as much as a common one.
    Introduced in 09_sentence_classification.ipynb.
    """
    if predicted.shape != gold.shape or predicted.dim() != 1:
        raise ValueError(f"predicted and gold must be 1-D of the same length, got "
                         f"{tuple(predicted.shape)} and {tuple(gold.shape)}")
    positive_int("n_classes", n_classes)
    for name, labels in (("predicted", predicted), ("gold", gold)):
        if len(labels) and not 0 <= int(labels.min()) <= int(labels.max()) < n_classes:
            raise ValueError(f"{name} holds labels outside 0 .. {n_classes - 1}")
    scores = []
    for k in range(n_classes):
        hits = ((predicted == k) & (gold == k)).sum().item()
        claimed, present = (predicted == k).sum().item(), (gold == k).sum().item()
        scores.append(2 * hits / (claimed + present) if claimed + present else 0.0)
    return torch.tensor(scores)


EMPTY_MESSAGE = "Type a sentence above, for example: Thanks a lot, see you on Monday!"


def genre_bars_html(text: str, classify: Callable[[list[str]], Sequence[float]]) -> str:
    """Return HTML bars of the genre probabilities ``classify`` gives the words of ``text``.

    ``classify`` takes a list of words and returns one probability per genre (in ``GENRES``
    order). An empty or blank text gives a friendly hint instead of calling it.
    Introduced in 09_sentence_classification.ipynb.
    """
    words = tokenize(text)
    if not words:
        return f'<p class="genre-empty">{escape(EMPTY_MESSAGE)}</p>'
    probabilities = [float(p) for p in classify(words)]
    if len(probabilities) != len(GENRES):
        raise ValueError(f"classify returned {len(probabilities)} numbers for {len(GENRES)} genres")
    best = max(range(len(GENRES)), key=probabilities.__getitem__)
    rows = "".join(
        f"<tr class='genre-row' data-genre='{genre}'><td style='padding-right:8px'>"
        f"{'<b>' + genre + '</b>' if k == best else genre}</td><td style='width:260px'>"
        f"<div style='background:#3b6ea5;height:12px;width:{100 * p:.1f}%'></div></td>"
        f"<td class='genre-p' style='padding-left:8px'>{p:.0%}</td></tr>"
        for k, (genre, p) in enumerate(zip(GENRES, probabilities, strict=True)))
    return f"<table class='genre-bars'>{rows}</table>"


def genre_box(classify: Callable[[list[str]], Sequence[float]],
              text: str = "Thanks a lot, see you on Monday!") -> widgets.VBox:
    """Return a text box that shows the genre probabilities of whatever sentence is typed.

    Introduced in 09_sentence_classification.ipynb.
    """
    return text_box(lambda t: genre_bars_html(t, classify), text)
