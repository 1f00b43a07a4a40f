"""The vocabulary and the other generic text tools of 07_pos_tagging.ipynb, 09 and 10.

``Vocab`` (a string-to-index table with ``<pad>`` = 0 and ``<unk>`` = 1), ``tokenize`` (words
split roughly as English EWT splits them) and ``length_batches`` (batches of similar lengths,
so little padding). No lesson module is imported here: the tagger (07), the genre classifier
(09) and the encoder-decoder (10) all build on this one.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from helpers._validate import positive_int
from helpers.i18n import _

PAD, UNK = "<pad>", "<unk>"


class Vocab:
    """A string-to-index table with ``<pad>`` = 0 and ``<unk>`` = 1."""

    def __init__(self, tokens: Iterable[str]) -> None:
        self.itos: list[str] = [PAD, UNK]
        for token in tokens:
            if token not in (PAD, UNK):
                self.itos.append(token)
        self.stoi = {token: i for i, token in enumerate(self.itos)}
        if len(self.stoi) != len(self.itos):
            raise ValueError(_("tokens must not repeat"))

    @classmethod
    def build(cls, counts: Counter[str], min_freq: int = 1) -> Vocab:
        """Return a vocabulary of tokens seen ``min_freq`` times or more, most frequent first."""
        positive_int("min_freq", min_freq)
        return cls(
            t for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n >= min_freq
        )

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token: object) -> bool:
        return token in self.stoi

    def index(self, token: str) -> int:
        """Return the token's index, or that of ``<unk>``."""
        return self.stoi.get(token, 1)


def length_batches(
    lengths: Sequence[int], batch_size: int, *, shuffle: bool = False, seed: int = 0
) -> list[list[int]]:
    """Return batches of indices grouped by length (little padding); shuffled batch order.

    Sentences are sorted by length and cut into batches of ``batch_size``; with ``shuffle``
    the order of sentences of equal length and the order of the batches are shuffled (seeded).
    """
    positive_int("batch_size", batch_size)
    rng = random.Random(seed)
    keys = [(n, rng.random() if shuffle else i) for i, n in enumerate(lengths)]
    order = sorted(range(len(lengths)), key=lambda i: keys[i])
    batches = [order[k : k + batch_size] for k in range(0, len(order), batch_size)]
    if shuffle:
        rng.shuffle(batches)
    return batches


_TOKEN = re.compile(r"\w+(?=n't\b)|n't\b|'\w+|\w+(?:[-.]\w+)*|[^\w\s]")


def tokenize(text: str) -> list[str]:
    """Return the words of a sentence, split roughly as English EWT splits them.

    ``"I don't know."`` → ``["I", "do", "n't", "know", "."]``.
    """
    return _TOKEN.findall(text)
