"""The POS tagger of 07_pos_tagging.ipynb: word features, its vocabularies, batches, a tag box.

07 writes the model (``Tagger``) and its training loop (``train_epoch``, ``train_tagger``) out
in its cells (tagged ``reused``), where a learner reads and edits them. This module holds a
copy of that code for 08_inside_the_tagger.ipynb (which must run without 07) and
tools/experiments/pos_ablation.py: the same computation, with argument checks, docstrings and a
saved ``config`` added. ``tests/test_tagging.py`` runs both and checks that they compute exactly the
same: change one, change the other (STYLE.md, "Code a notebook teaches and something else
reuses"). The generic text tools (``Vocab``, ``tokenize``, ``length_batches``) are in
:mod:`helpers.vocabulary`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from html import escape

import ipywidgets as widgets
import torch

from helpers._validate import positive_int
from helpers.i18n import N_, _
from helpers.vocabulary import Vocab, length_batches, tokenize
from helpers.widgets import text_box

SUFFIX_LENGTHS = (1, 2, 3, 4)
PREFIX_LENGTHS = (1, 2, 3)


def word_shape(word: str) -> str:
    """Return a coarse shape: ``Xx`` (capitalised), ``x``, ``X``, ``d`` (digits), ``p``, mixes.

    Runs of the same class collapse: ``"McDonald's"`` → ``"XxXxpx"``, ``"2024"`` → ``"d"``.
    """
    classes = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else "p"
        if not classes or classes[-1] != kind:
            classes.append(kind)
    return "".join(classes)[:6]


def word_features(word: str) -> list[str]:
    """Return the sub-word feature strings of a word: suffixes, prefixes and shape, typed."""
    lower = word.lower()
    return (
        [f"s{n}:{lower[-n:]}" for n in SUFFIX_LENGTHS]
        + [f"p{n}:{lower[:n]}" for n in PREFIX_LENGTHS]
        + [f"shape:{word_shape(word)}"]
    )


NUM_FEATURES = len(SUFFIX_LENGTHS) + len(PREFIX_LENGTHS) + 1


class TaggerVocabs:
    """The three vocabularies of the tagger: lower-cased words, sub-word features and tags.

    Built from the training split only; ``encode`` turns a sentence into a
    (n_words, 1 + NUM_FEATURES) integer tensor: the word index, then its feature indices.
    """

    def __init__(
        self, words: Vocab, features: Vocab, tags: Sequence[str], lowercase: bool = True
    ) -> None:
        self.words, self.features, self.tags = words, features, list(tags)
        self.lowercase = lowercase
        self.tag_index = {t: i for i, t in enumerate(self.tags)}

    @classmethod
    def build(
        cls,
        sentences: Sequence[tuple[Sequence[str], Sequence[str]]],
        min_word_freq: int = 2,
        min_feature_freq: int = 2,
        lowercase: bool = True,
    ) -> TaggerVocabs:
        """Return vocabularies from (words, tags) pairs of the training split.

        Words seen fewer than ``min_word_freq`` times become ``<unk>``, so the model learns
        what to do with unknown words; with ``lowercase``, "The" and "the" share a vector.
        """
        word_counts: Counter[str] = Counter()
        feature_counts: Counter[str] = Counter()
        tags: set[str] = set()
        for words, sentence_tags in sentences:
            for word in words:
                word_counts[word.lower() if lowercase else word] += 1
                feature_counts.update(word_features(word))
            tags.update(sentence_tags)
        return cls(
            Vocab.build(word_counts, min_word_freq),
            Vocab.build(feature_counts, min_feature_freq),
            sorted(tags),
            lowercase,
        )

    def encode(self, words: Sequence[str]) -> torch.Tensor:
        """Return the (n_words, 1 + NUM_FEATURES) feature indices of a sentence."""
        if not words:
            raise ValueError(_("words must hold at least one word"))
        return torch.tensor(
            [
                [self.words.index(w.lower() if self.lowercase else w)]
                + [self.features.index(f) for f in word_features(w)]
                for w in words
            ]
        )

    def encode_tags(self, tags: Sequence[str]) -> torch.Tensor:
        """Return the tag indices of a sentence; an unknown tag raises ``ValueError``."""
        try:
            return torch.tensor([self.tag_index[t] for t in tags])
        except KeyError as error:
            raise ValueError(
                _("unknown tag {args!r}; known: {tags}").format(args=error.args[0], tags=self.tags)
            ) from None

    def to_dict(self) -> dict[str, object]:
        """Return plain lists, safe for ``torch.save`` and ``torch.load(weights_only=True)``."""
        return {
            "words": self.words.itos,
            "features": self.features.itos,
            "tags": self.tags,
            "lowercase": self.lowercase,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> TaggerVocabs:
        """Return the vocabularies saved by :meth:`to_dict`."""
        missing = {"words", "features", "tags", "lowercase"} - set(data)
        if missing:
            raise ValueError(
                _("saved vocabularies lack {names}").format(names=", ".join(sorted(missing)))
            )
        words, features, tags = (list(data[k]) for k in ("words", "features", "tags"))
        return cls(Vocab(words[2:]), Vocab(features[2:]), tags, bool(data["lowercase"]))


EMPTY_MESSAGE = N_("Type a sentence above, for example: The old man the boats.")


def tag_text_html(text: str, tagger: Callable[[list[str]], list[str]]) -> str:
    """Return an HTML table of the words of ``text`` and the tags ``tagger`` gives them.

    An empty or blank text gives a friendly hint instead of calling the tagger.
    """
    words = tokenize(text)
    if not words:
        return f'<p class="tag-box-empty">{escape(_(EMPTY_MESSAGE))}</p>'
    tags = tagger(words)
    if len(tags) != len(words):
        raise ValueError(
            _("the tagger returned {count} tags for {count2} words").format(
                count=len(tags), count2=len(words)
            )
        )
    cells = "".join(
        f"<td style='padding:2px 8px'><b>{escape(w)}</b><br>"
        f"<span class='tag'>{escape(t)}</span></td>"
        for w, t in zip(words, tags, strict=True)
    )
    return f"<table class='tag-box'><tr>{cells}</tr></table>"


def tag_box(
    tagger: Callable[[list[str]], list[str]], text: str = "The old man the boats."
) -> widgets.VBox:
    """Return a text box that shows the tags of whatever sentence is typed into it."""
    return text_box(lambda t: tag_text_html(t, tagger), text)


class Tagger(torch.nn.Module):
    """Word embedding + sub-word features → (bi)LSTM or GRU → a tag score per word.

    ``forward(x, lengths)`` takes x of shape (batch, max_len, 1 + NUM_FEATURES) from
    :meth:`TaggerVocabs.encode` (padded) and the true lengths; it packs the batch, so the
    padding never reaches the recurrent layer, and returns (batch, max_len, n_tags) scores.
    ``config`` holds the constructor's arguments, to rebuild the model from a saved file.
    The same model as the one 07_pos_tagging.ipynb writes out, with argument checks.
    """

    def __init__(
        self,
        n_words: int,
        n_features: int,
        n_tags: int,
        *,
        word_dim: int = 64,
        feature_dim: int = 16,
        hidden: int = 96,
        rnn: str = "LSTM",
        bidirectional: bool = True,
        use_features: bool = True,
        dropout: float = 0.25,
    ) -> None:
        super().__init__()
        if rnn not in ("LSTM", "GRU"):
            raise ValueError(_("rnn must be 'LSTM' or 'GRU', got {rnn!r}").format(rnn=rnn))
        for name, value in (
            ("n_words", n_words),
            ("n_features", n_features),
            ("n_tags", n_tags),
            ("word_dim", word_dim),
            ("feature_dim", feature_dim),
            ("hidden", hidden),
        ):
            positive_int(name, value)
        self.config = dict(
            n_words=n_words,
            n_features=n_features,
            n_tags=n_tags,
            word_dim=word_dim,
            feature_dim=feature_dim,
            hidden=hidden,
            rnn=rnn,
            bidirectional=bidirectional,
            use_features=use_features,
            dropout=dropout,
        )
        self.use_features = use_features
        self.words = torch.nn.Embedding(n_words, word_dim, padding_idx=0)
        self.features = torch.nn.Embedding(n_features, feature_dim, padding_idx=0)
        self.dropout = torch.nn.Dropout(dropout)
        inputs = word_dim + (NUM_FEATURES * feature_dim if use_features else 0)
        self.rnn = getattr(torch.nn, rnn)(
            inputs, hidden, batch_first=True, bidirectional=bidirectional
        )
        self.out = torch.nn.Linear(hidden * (2 if bidirectional else 1), n_tags)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Return tag scores (batch, max_len, n_tags) for padded x and the true lengths."""
        from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

        parts = [self.words(x[..., 0])]
        if self.use_features:
            parts.append(self.features(x[..., 1:]).flatten(2))  # one vector per feature
        embedded = self.dropout(torch.cat(parts, dim=-1))
        packed = pack_padded_sequence(
            embedded, lengths.cpu(), batch_first=True, enforce_sorted=False
        )
        output, _ = self.rnn(packed)
        output, _ = pad_packed_sequence(output, batch_first=True, total_length=x.shape[1])
        return self.out(self.dropout(output))


Example = tuple[torch.Tensor, torch.Tensor]  # (features (n, 1 + NUM_FEATURES), tags (n,))


def collate(examples: Sequence[Example]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Return padded features, padded tags (padding = -100, ignored by the loss) and lengths."""
    from torch.nn.utils.rnn import pad_sequence

    features, tags = zip(*examples, strict=True)
    return (
        pad_sequence(list(features), batch_first=True),
        pad_sequence(list(tags), batch_first=True, padding_value=-100),
        torch.tensor([len(f) for f in features]),
    )


def predict(
    model: Tagger, examples: Sequence[Example], device: torch.device, batch_size: int = 256
) -> list[torch.Tensor]:
    """Return the predicted tag indices of each example, in the order given (model in eval)."""
    was_training = model.training
    model.eval()
    predictions: list[torch.Tensor] = [torch.empty(0)] * len(examples)
    with torch.no_grad():
        for batch in length_batches([len(f) for f, _ in examples], batch_size):
            x, _, lengths = collate([examples[i] for i in batch])
            best = model(x.to(device), lengths).argmax(-1).cpu()
            for row, i in enumerate(batch):
                predictions[i] = best[row, : lengths[row]]
    model.train(was_training)
    return predictions


def accuracy(predictions: Sequence[torch.Tensor], examples: Sequence[Example]) -> float:
    """Return the fraction of words whose predicted tag is right."""
    right = sum(int((p == tags).sum()) for p, (_, tags) in zip(predictions, examples, strict=True))
    return right / sum(len(tags) for _, tags in examples)


def train_epoch(
    model: Tagger,
    batches: Iterable[tuple[torch.Tensor, torch.Tensor, torch.Tensor]],
    optimizer: torch.optim.Optimizer,
    schedule: torch.optim.lr_scheduler.LRScheduler,
    device: torch.device,
) -> float:
    """Train one pass over collated ``batches``; return the last batch's loss.

    The same loop as 07_pos_tagging.ipynb's: padded tags are -100, which the loss ignores.
    """
    model.train()
    loss = torch.zeros(())
    for x, y, lengths in batches:
        scores = model(x.to(device), lengths)  # (batch, max_len, n_tags)
        loss = torch.nn.functional.cross_entropy(scores.flatten(0, 1), y.to(device).flatten())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
    return loss.item()


def train_tagger(
    model: Tagger,
    train: Sequence[Example],
    dev: Sequence[Example],
    *,
    epochs: int,
    device: torch.device,
    lr: float = 5e-3,
    batch_size: int = 64,
    patience: int = 2,
    progress: bool = True,
) -> list[dict[str, float]]:
    """Train with Adam and length-grouped batches; return one dict per epoch; keep the best.

    The learning rate holds for half the run, then falls linearly to 0. After each epoch the
    dev accuracy is measured; the weights of the best epoch are restored at the end, and
    training stops early when dev accuracy has not improved for ``patience`` epochs.
    The same loop as 07_pos_tagging.ipynb's, with argument checks.
    """
    import copy
    import time

    from tqdm.auto import tqdm

    positive_int("epochs", epochs)
    positive_int("batch_size", batch_size)
    positive_int("patience", patience)
    if not train or not dev:
        raise ValueError(_("train and dev must each hold at least one sentence"))
    lengths = [len(features) for features, _ in train]
    steps = epochs * len(length_batches(lengths, batch_size))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, fused=device.type in ("cpu", "cuda"))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min(1.0, 2.0 * (1.0 - step / steps))
    )
    history, best, best_epoch, best_state = [], -1.0, 0, None
    start = time.perf_counter()
    for epoch in tqdm(range(epochs), desc=_("epochs"), disable=not progress):
        batches = [
            collate([train[i] for i in batch])
            for batch in length_batches(lengths, batch_size, shuffle=True, seed=epoch)
        ]
        loss = train_epoch(model, batches, optimizer, schedule, device)
        dev_accuracy = accuracy(predict(model, dev, device), dev)
        history.append(
            {
                "epoch": epoch + 1,
                "loss": loss,
                "dev_accuracy": dev_accuracy,
                "seconds": time.perf_counter() - start,
            }
        )
        if dev_accuracy > best:
            best, best_epoch, best_state = dev_accuracy, epoch, copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= patience:
            break  # early stopping
    model.load_state_dict(best_state)
    return history
