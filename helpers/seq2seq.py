"""Plumbing for 10_encoder_decoder.ipynb: the word split, symbols, batches, scores, a box.

The model, its attention, the training loop and the decoders are written in
10_encoder_decoder.ipynb; this module holds what a learner need not read.
Introduced in 10_encoder_decoder.ipynb.
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable, Mapping, Sequence
from html import escape

import matplotlib.pyplot as plt
import torch
from torch.nn.utils.rnn import pad_sequence

from helpers._validate import number
from helpers._validate import text as text_argument
from helpers.data import ARPABET
from helpers.i18n import N_, _
from helpers.plots import plot_attention
from helpers.vocabulary import Vocab, length_batches
from helpers.widgets import figure_png, text_box

ALPHABET = tuple("abcdefghijklmnopqrstuvwxyz'")
"""The letters of CMUdict's head words that the course keeps."""
START, END = "<s>", "</s>"
LETTERS = Vocab(ALPHABET)
"""Letter ids: ``<pad>`` = 0, ``<unk>`` = 1, then a-z and the apostrophe."""
PHONEMES = Vocab((START, END, *ARPABET))
"""Phoneme ids: ``<pad>`` = 0, ``<unk>`` = 1, ``<s>`` = 2, ``</s>`` = 3, then the 39 phonemes."""


def split_words(
    words: Sequence[str], seed: int = 0, dev: float = 0.05, test: float = 0.05
) -> tuple[list[str], list[str], list[str]]:
    """Return (train, dev, test) lists of words: a split by word, the same for the same seed.

    The words are sorted, shuffled with ``seed`` and cut, so no word lands on two sides.
    Introduced in 10_encoder_decoder.ipynb.
    """
    dev, test = number("dev", dev), number("test", test)
    if not (0 < dev < 1 and 0 < test < 1 and dev + test < 1):
        raise ValueError(
            _("dev and test must be fractions with dev + test < 1, got {dev}, {test}").format(
                dev=dev, test=test
            )
        )
    if len(set(words)) != len(words):
        raise ValueError(_("words must not repeat"))
    order = sorted(words)
    random.Random(seed).shuffle(order)
    n_test, n_dev = round(len(order) * test), round(len(order) * dev)
    return order[n_test + n_dev :], order[n_test : n_test + n_dev], order[:n_test]


def encode_word(word: str) -> torch.Tensor:
    """Return the letter ids of ``word``, lower-cased; other characters become ``<unk>``."""
    if not text_argument("word", word):
        raise ValueError(_("word must hold at least one letter"))
    return torch.tensor([LETTERS.index(ch) for ch in word.lower()])


def collate_words(
    words: Sequence[str],
    pronunciations: Mapping[str, Sequence[str]],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return a batch for teacher forcing: letters, their lengths, decoder inputs and targets.

    ``letters`` is (batch, max_letters), padded with 0; the decoder reads ``<s>`` + phonemes
    and must predict phonemes + ``</s>``; targets are padded with -100, which the loss ignores.
    """
    letters = [encode_word(w) for w in words]
    phonemes = [torch.tensor([PHONEMES.index(p) for p in pronunciations[w]]) for w in words]
    start, end = torch.tensor([PHONEMES.index(START)]), torch.tensor([PHONEMES.index(END)])
    return (
        pad_sequence(letters, batch_first=True),
        torch.tensor([len(x) for x in letters]),
        pad_sequence([torch.cat([start, p]) for p in phonemes], batch_first=True),
        pad_sequence([torch.cat([p, end]) for p in phonemes], batch_first=True, padding_value=-100),
    )


def word_batches(
    words: Sequence[str], size: int, *, shuffle: bool = False, seed: int = 0
) -> list[list[str]]:
    """Return batches of words of similar length (little padding); shuffled when asked."""
    return [
        [words[i] for i in batch]
        for batch in length_batches([len(w) for w in words], size, shuffle=shuffle, seed=seed)
    ]


def edit_distance(a: Sequence[object], b: Sequence[object]) -> int:
    """Return the fewest insertions, deletions and substitutions that turn ``a`` into ``b``.

    Introduced in 10_encoder_decoder.ipynb.
    """
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        diagonal, row[0] = row[0], i
        for j, y in enumerate(b, start=1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (x != y))
    return row[-1]


def _check_pronunciations(
    predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]
) -> None:
    """Raise ``ValueError`` unless both are equally long lists of lists of phonemes."""
    for name, items in (("predicted", predicted), ("gold", gold)):
        if isinstance(items, str) or not isinstance(items, Sequence):
            raise ValueError(
                _("{name} must be a list of pronunciations, got {kind}").format(
                    name=name, kind=type(items).__name__
                )
            )
    if len(predicted) != len(gold) or not gold:
        raise ValueError(
            _(
                "predicted and gold must be non-empty and of the same length, got {count} and"
                " {count2}"
            ).format(count=len(predicted), count2=len(gold))
        )
    for name, items in (("predicted", predicted), ("gold", gold)):
        for k, item in enumerate(items):
            if isinstance(item, str) or not isinstance(item, Sequence):
                raise ValueError(
                    _(
                        "{name}[{k}] is {item!r:.40}: give each pronunciation as a list of "
                        "phonemes, such as ['AH', 'B']"
                    ).format(name=name, k=k, item=item)
                )
    for k, phonemes in enumerate(gold):
        if not phonemes:
            raise ValueError(
                _("gold[{k}] is empty: a gold pronunciation needs at least one phoneme").format(k=k)
            )


def error_rates(
    predicted: Sequence[Sequence[str]],
    gold: Sequence[Sequence[str]],
) -> tuple[float, float]:
    """Return (word error rate, phoneme error rate) of predicted against gold pronunciations.

    WER: the share of words not exactly right. PER: all edit distances over all gold phonemes.
    Introduced in 10_encoder_decoder.ipynb.
    """
    _check_pronunciations(predicted, gold)
    distances = [edit_distance(p, g) for p, g in zip(predicted, gold, strict=True)]
    return (sum(d > 0 for d in distances) / len(gold), sum(distances) / sum(len(g) for g in gold))


def mismatch_rate(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> float:
    """Return the share of gold phonemes that the prediction does not have at the same position.

    Position by position over each gold pronunciation: a missing predicted phoneme counts as
    wrong, predicted phonemes past the gold length are not counted. Unlike the phoneme error
    rate, one missed or extra phoneme makes every later position wrong.
    Introduced in 10_encoder_decoder.ipynb.
    """
    _check_pronunciations(predicted, gold)
    wrong = sum(
        k >= len(p) or p[k] != g[k]
        for p, g in zip(predicted, gold, strict=True)
        for k in range(len(g))
    )
    return wrong / sum(len(g) for g in gold)


_WORD = re.compile(r"[a-z']+")
EMPTY_MESSAGE = N_("Type a word above, for example: ghoti, brunch or flibbertigibbet.")
MAX_LETTERS = 50
"""The longest word the pronunciation box takes (CMUdict's longest word has 28 letters)."""


def check_word(text: str) -> str | None:
    """Return a message if ``text`` is not one word of letters a-z and apostrophes, else None.

    The word must hold a letter and at most :data:`MAX_LETTERS` characters.
    """
    word = text_argument("text", text).strip()
    if not word:
        return _(EMPTY_MESSAGE)
    if len(word) > MAX_LETTERS:
        return _(
            "That is {count} characters long: type one word of at most {most} letters."
        ).format(count=len(word), most=MAX_LETTERS)
    if not _WORD.fullmatch(word.lower()):
        others = sorted({ch for ch in word if not _WORD.fullmatch(ch.lower())})
        return _(
            "Only the letters a-z and the apostrophe, in one word: the model never saw {others}."
        ).format(others=", ".join(repr(ch) for ch in others))
    if not word.strip("'"):
        return _("A word needs at least one letter from a to z.")
    return None


def _pronounced(result: object, word: str) -> tuple[list[str], torch.Tensor | None]:
    """Return ``pronounce``'s (phonemes, weights), or raise ``ValueError`` saying what is wrong."""
    if not isinstance(result, tuple | list) or len(result) != 2:
        raise ValueError(
            _(
                "pronounce must return (phonemes, attention weights or None), got {result!r:.60}"
            ).format(result=result)
        )
    phonemes, weights = result
    if isinstance(phonemes, str):
        raise ValueError(
            _(
                "pronounce must return the phonemes as a list such as ['G', 'OW'], not the "
                "string {phonemes!r:.40}: split it with .split()"
            ).format(phonemes=phonemes)
        )
    if not isinstance(phonemes, tuple | list) or not all(isinstance(p, str) for p in phonemes):
        raise ValueError(
            _(
                "pronounce must return the phonemes as a list of strings such as ['G', 'OW'],"
                " got {phonemes!r:.60}"
            ).format(phonemes=phonemes)
        )
    if weights is not None:
        expected = (len(phonemes), len(word))
        if not isinstance(weights, torch.Tensor) or tuple(weights.shape) != expected:
            shape = tuple(weights.shape) if isinstance(weights, torch.Tensor) else weights
            raise ValueError(
                _(
                    "pronounce must return attention weights of shape (phonemes, letters) = "
                    "{expected} or None, got {shape!r:.60}"
                ).format(expected=expected, shape=shape)
            )
        if weights.isnan().any():
            raise ValueError(_("the attention weights hold NaN (not a number): no map to draw"))
    return list(phonemes), weights


def pronunciation_html(
    text: str,
    pronounce: Callable[[str], tuple[list[str], torch.Tensor]],
) -> str:
    """Return HTML with the phonemes ``pronounce`` gives a typed word and its attention map.

    ``pronounce(word)`` returns the phonemes and the attention weights (phonemes x letters,
    or None for a model without attention). Empty text, digits, other characters and words
    over :data:`MAX_LETTERS` letters are answered with a message, without calling ``pronounce``.
    What ``pronounce`` returns in another form raises ``ValueError`` saying so.
    Introduced in 10_encoder_decoder.ipynb.
    """
    problem = check_word(text)
    if problem is not None:
        return f'<p class="pronounce-message">{escape(problem)}</p>'
    word = text.strip().lower()
    phonemes, weights = _pronounced(pronounce(word), word)
    html = (
        f"<p class='pronounce-result'><b>{escape(word)}</b> → "
        f"<code>{escape(' '.join(phonemes) or _('(nothing)'))}</code></p>"
    )
    if weights is not None and len(phonemes):
        ax = plot_attention(weights, list(word), phonemes)
        png = base64.b64encode(figure_png(ax.figure)).decode()
        plt.close(ax.figure)
        html += (
            f"<img class='pronounce-attention' alt='{escape(_('attention map'))}' "
            f"src='data:image/png;base64,{png}'>"
        )
    return html


def pronunciation_box(
    pronounce: Callable[[str], tuple[list[str], torch.Tensor]], text: str = "ghoti"
) -> object:
    """Return a text box that shows the pronunciation and attention of the typed word.

    Introduced in 10_encoder_decoder.ipynb.
    """
    return text_box(lambda t: pronunciation_html(t, pronounce), text, description=_("word"))
