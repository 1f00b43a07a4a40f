"""Measure what each idea adds to the POS tagger of 07_pos_tagging.ipynb; save the tables.

    python3 course.py setup && .venv/bin/python -m tools.experiments.pos_ablation

Three tables, all scored on the dev split (the test split is not used):

- features: each variant trains for the notebook's budget (the same epochs, seed and
  schedule), scored overall and on dev words unseen in training;
- architectures: one-way LSTM, BiLSTM and BiGRU, 2 epochs each, for several seeds, so the
  notebook can show the seed-to-seed spread. Their seconds include the dev evaluation after
  each epoch;
- the vocabulary leak: the BiLSTM with a vocabulary built from all three splits (the common
  mistake), against the same BiLSTM with the training split's vocabulary, 2 epochs, the same
  seeds, scored on the dev words that get a vector of their own only from the leak.

Writes helpers/results/pos_ablation.json, which the notebook reads. Takes several minutes on a CPU.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from helpers.data import load_ewt
from helpers.device import pick_device, seed_everything
from helpers.results import RESULTS
from helpers.tagging import Tagger, TaggerVocabs, accuracy, predict, train_tagger
from tools.experiments.results_file import write_results

VARIANTS = [
    ("words only", dict(lowercase=False, use_features=False)),
    ("+ affixes and shape", dict(lowercase=False, use_features=True)),
    ("+ lower-cased words (the notebook's model)", dict(lowercase=True, use_features=True)),
]
ARCHITECTURES = [
    ("LSTM (one direction)", dict(rnn="LSTM", bidirectional=False)),
    ("BiLSTM", dict(rnn="LSTM", bidirectional=True)),
    ("BiGRU", dict(rnn="GRU", bidirectional=True)),
]


def encode(vocabs: TaggerVocabs, sentences: list) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Return (word features, tag indices) for (words, tags) pairs."""
    return [(vocabs.encode(words), vocabs.encode_tags(tags)) for words, tags in sentences]


def train_and_score(
    vocabs: TaggerVocabs,
    train: list,
    dev: list,
    masks: dict,
    *,
    seed: int,
    epochs: int,
    device: torch.device,
    **options: object,
) -> dict:
    """Train a fresh tagger from ``seed``; return dev accuracy, seconds, and the accuracy on
    each subset of dev words in ``masks`` (name -> boolean tensor over the dev words).

    Also records whether the word vectors of words that never occur in the training split
    are exactly as initialised after training (they receive no gradient)."""
    seed_everything(seed)
    model = Tagger(len(vocabs.words), len(vocabs.features), len(vocabs.tags), **options).to(device)  # type: ignore[arg-type]
    in_train = {w.lower() if vocabs.lowercase else w for words, _ in train for w in words}
    never = [k for k, w in enumerate(vocabs.words.itos) if k > 1 and w not in in_train]
    initial = model.words.weight[never].detach().clone()
    encoded_train = encode(vocabs, train)
    encoded_dev = encode(vocabs, dev)
    start = time.perf_counter()
    train_tagger(model, encoded_train, encoded_dev, epochs=epochs, device=device, progress=False)
    seconds = time.perf_counter() - start
    predicted = predict(model, encoded_dev, device)
    right = torch.cat(predicted).cpu() == torch.cat([tags for _, tags in encoded_dev])
    return {
        "dev_accuracy": accuracy(predicted, encoded_dev),
        **{
            f"dev_{name}_accuracy": right[mask].float().mean().item()
            for name, mask in masks.items()
        },
        "train_seconds": round(seconds, 1),
        "never_in_train": len(never),
        "never_trained_rows_unchanged": torch.equal(
            model.words.weight[never].detach().cpu(), initial.cpu()
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=7, help="epochs per variant (default 7)")
    parser.add_argument(
        "--seeds",
        type=int,
        default=3,
        help="seeds 0 .. N-1 for the architectures and the leak (default 3)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "pos_ablation.json")
    args = parser.parse_args()
    device = pick_device()
    torch.set_flush_denormal(True)
    splits = {
        name: [(s.words, s.tags) for s in load_ewt(name)] for name in ("train", "dev", "test")
    }
    train, dev = splits["train"], splits["dev"]
    train_words = {w.lower() for words, _ in train for w in words}
    leaky = TaggerVocabs.build([pair for name in splits for pair in splits[name]])  # the mistake
    dev_words = [w.lower() for words, _ in dev for w in words]
    masks = {
        "unseen": torch.tensor([w not in train_words for w in dev_words]),
        "added": torch.tensor([w not in train_words and w in leaky.words for w in dev_words]),
    }
    rows = []
    for name, options in VARIANTS:
        vocabs = TaggerVocabs.build(train, lowercase=options["lowercase"])
        rows.append(
            {
                "variant": name,
                **train_and_score(
                    vocabs,
                    train,
                    dev,
                    masks,
                    seed=0,
                    epochs=args.epochs,
                    device=device,
                    use_features=options["use_features"],
                ),
            }
        )
        print(rows[-1], flush=True)
    ours = TaggerVocabs.build(train)
    runs = {}
    for name, options, vocabs in [
        *((n, o, ours) for n, o in ARCHITECTURES),
        ("BiLSTM, vocabulary from all splits", {}, leaky),
    ]:
        runs[name] = [
            train_and_score(
                vocabs, train, dev, masks, seed=seed, epochs=2, device=device, **options
            )
            for seed in range(args.seeds)
        ]
        print(name, runs[name], flush=True)
    architectures = [
        {
            "architecture": name,
            "dev_accuracy": [r["dev_accuracy"] for r in runs[name]],
            "train_seconds": [r["train_seconds"] for r in runs[name]],
        }
        for name, _ in ARCHITECTURES
    ]
    leak = {
        "added_dev_words": int(masks["added"].sum()),
        **{
            key: {
                field: [r[field] for r in runs[name]]
                for field in (
                    "dev_accuracy",
                    "dev_added_accuracy",
                    "never_in_train",
                    "never_trained_rows_unchanged",
                )
            }
            for key, name in (
                ("train_only", "BiLSTM"),
                ("all_splits", "BiLSTM, vocabulary from all splits"),
            )
        },
    }
    write_results(
        args.out,
        device,
        rows,
        epochs=args.epochs,
        architecture_epochs=2,
        seeds=args.seeds,
        architectures=architectures,
        vocabulary_leak=leak,
    )


if __name__ == "__main__":
    main()
