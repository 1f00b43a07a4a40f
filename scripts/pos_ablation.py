#!/usr/bin/env python3
"""Measure what each idea adds to the POS tagger of 06_pos_tagging.ipynb; save the table.

    python3 course.py setup && .venv/bin/python scripts/pos_ablation.py

Each variant trains for the notebook's budget (the same epochs, seed and schedule) and is scored
on the dev split, overall and on dev words unseen in training. The test split is not used.
Writes results/pos_ablation.json, which the notebook reads. Takes a few minutes on a CPU.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=7, help="epochs per variant (default 7)")
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
        encode = [(vocabs.encode(s.words), vocabs.encode_tags(s.tags)) for s in train]
        dev_data = [(vocabs.encode(s.words), vocabs.encode_tags(s.tags)) for s in dev]
        seed_everything(0)
        model = Tagger(len(vocabs.words), len(vocabs.features), len(vocabs.tags),
                       use_features=options["use_features"]).to(device)
        start = time.perf_counter()
        train_tagger(model, encode, dev_data, epochs=args.epochs, device=device, progress=False)
        seconds = time.perf_counter() - start
        predicted = predict(model, dev_data, device)
        right = torch.cat(predicted) == torch.cat([tags for _, tags in dev_data])
        rows.append({"variant": name, "dev_accuracy": accuracy(predicted, dev_data),
                     "dev_unseen_accuracy": right[unseen].float().mean().item(),
                     "train_seconds": round(seconds, 1)})
        print(rows[-1], flush=True)
    write_results(args.out, device, rows, epochs=args.epochs)


if __name__ == "__main__":
    main()
