"""Repeat the recall experiment of 06_why_gates.ipynb over several seeds; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.memory_sweep

Same task, sizes, steps and optimiser as the notebook; each seed draws new initial weights and
new training batches. Accuracy is measured on held-out sequences. Writes
helpers/results/memory_sweep.json, which the notebook reads. Takes a few minutes on a CPU.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from helpers.device import pick_device, seed_everything
from helpers.recall_task import RecallNet, recall_accuracy, train_recall
from helpers.results import RESULTS
from tools.experiments.results_file import write_results

MODELS = [  # (name, kind, memory bias)
    ("RNN", "rnn", 0.0),
    ("RNN, orthogonal init", "rnn_orthogonal", 0.0),
    ("IRNN (ReLU, identity init)", "irnn", 0.0),
    ("LSTM", "lstm", 4.0),
    ("GRU", "gru", 4.0),
    ("LSTM, default biases", "lstm", 0.0),
    ("GRU, default biases", "gru", 0.0),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0 .. N-1 (default 5)")
    parser.add_argument("--steps", type=int, default=300, help="training steps (default 300)")
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 30, 100])
    parser.add_argument("--out", type=Path, default=RESULTS / "memory_sweep.json")
    args = parser.parse_args()
    device = pick_device()
    rows = []
    for name, kind, bias in MODELS:
        for seq_len in args.lengths:
            accuracies, seconds = [], []
            for seed in range(args.seeds):
                seed_everything(seed)
                model = RecallNet(kind, memory_bias=bias).to(device)
                history = train_recall(model, seq_len, steps=args.steps, device=device, seed=seed)
                accuracies.append(round(recall_accuracy(model, seq_len, device), 3))
                seconds.append(round(float(history["seconds"]), 2))
            rows.append(
                {"model": name, "seq_len": seq_len, "accuracies": accuracies, "seconds": seconds}
            )
            print(rows[-1], flush=True)
    write_results(args.out, device, rows, steps=args.steps, seeds=args.seeds)


if __name__ == "__main__":
    main()
