#!/usr/bin/env python3
"""Measure what each idea adds to the POS tagger of 07_pos_tagging.ipynb; save the tables.

    python3 course.py setup && .venv/bin/python scripts/pos_ablation.py

Two tables, both scored on the dev split (the test split is not used):

- features: each variant trains for the notebook's budget (the same epochs, seed and
  schedule), scored overall and on dev words unseen in training;
- architectures: one-way LSTM, BiLSTM and BiGRU, 2 epochs each, for several seeds, so the
  notebook can show the seed-to-seed spread. Their seconds include the dev evaluation after
  each epoch.

Writes results/pos_ablation.json, which the notebook reads. Takes several minutes on a CPU.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch
from results_file import write_results  # beside this script

from helpers.data import load_ewt
from helpers.device import pick_device, seed_everything
from helpers.tagging import Tagger, TaggerVocabs, accuracy, predict, train_tagger

ROOT = Path(__file__).resolve().parents[1]
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
    return [(vocabs.encode(s.words), vocabs.encode_tags(s.tags)) for s in sentences]


def train_and_score(vocabs: TaggerVocabs, train: list, dev: list, unseen: torch.Tensor, *,
                    seed: int, epochs: int, device: torch.device, **options: object) -> dict:
    """Train a fresh tagger from ``seed``; return dev accuracy, unseen-word accuracy, seconds."""
    seed_everything(seed)
    model = Tagger(len(vocabs.words), len(vocabs.features), len(vocabs.tags),
                   **options).to(device)  # type: ignore[arg-type]
    start = time.perf_counter()
    train_tagger(model, train, dev, epochs=epochs, device=device, progress=False)
    seconds = time.perf_counter() - start
    predicted = predict(model, dev, device)
    right = torch.cat(predicted) == torch.cat([tags for _, tags in dev])
    return {"dev_accuracy": accuracy(predicted, dev),
            "dev_unseen_accuracy": right[unseen].float().mean().item(),
            "train_seconds": round(seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=7, help="epochs per variant (default 7)")
    parser.add_argument("--seeds", type=int, default=3,
                        help="seeds 0 .. N-1 for the architectures (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "pos_ablation.json")
    args = parser.parse_args()
    device = pick_device()
    torch.set_flush_denormal(True)
    train, dev = load_ewt("train"), load_ewt("dev")
    train_words = {w.lower() for s in train for w in s.words}
    unseen = torch.tensor([w.lower() not in train_words for s in dev for w in s.words])
    rows = []
    for name, options in VARIANTS:
        vocabs = TaggerVocabs.build([(s.words, s.tags) for s in train],
                                    lowercase=options["lowercase"])
        rows.append({"variant": name, **train_and_score(
            vocabs, encode(vocabs, train), encode(vocabs, dev), unseen, seed=0,
            epochs=args.epochs, device=device, use_features=options["use_features"])})
        print(rows[-1], flush=True)
    vocabs = TaggerVocabs.build([(s.words, s.tags) for s in train])
    train_data, dev_data = encode(vocabs, train), encode(vocabs, dev)
    architectures = []
    for name, options in ARCHITECTURES:
        runs = [train_and_score(vocabs, train_data, dev_data, unseen, seed=seed, epochs=2,
                                device=device, **options) for seed in range(args.seeds)]
        architectures.append({"architecture": name,
                              "dev_accuracy": [r["dev_accuracy"] for r in runs],
                              "train_seconds": [r["train_seconds"] for r in runs]})
        print(architectures[-1], flush=True)
    write_results(args.out, device, rows, epochs=args.epochs, architecture_epochs=2,
                  seeds=args.seeds, architectures=architectures)


if __name__ == "__main__":
    main()
