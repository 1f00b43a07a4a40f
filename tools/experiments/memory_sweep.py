"""Repeat the recall experiment of 06_why_gates.ipynb over several seeds; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.memory_sweep

Same task, sizes, steps, optimiser and settings as the notebook's race (denormals flushed to
zero, as its setup cell does), so seed 0 here repeats the race's run; rerun_check.py compares
the bits for the orthogonal RNN. Each seed draws new initial weights and new training batches.
Accuracy is measured on held-out sequences. Writes helpers/results/memory_sweep.json, which the
notebook reads, with each run's training seconds and the script's wall time (``wall_seconds``).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from helpers.device import pick_device, seed_everything
from helpers.recall_task import RecallNet, recall_accuracy, train_recall
from helpers.results import RESULTS
from tools.experiments.results_file import write_results

MODELS = [  # (name, kind, memory bias, input gate shut too, gradient clipped to)
    ("RNN", "rnn", 0.0, True, 1.0),
    ("RNN, orthogonal init", "rnn_orthogonal", 0.0, True, 1.0),
    ("IRNN (ReLU, identity init)", "irnn", 0.0, True, 1.0),
    ("LSTM", "lstm", 4.0, True, 1.0),
    ("LSTM, forget gate only", "lstm", 4.0, False, 1.0),
    ("LSTM, not clipped", "lstm", 4.0, True, None),
    ("GRU", "gru", 4.0, True, 1.0),
    ("LSTM, default biases", "lstm", 0.0, True, 1.0),
    ("GRU, default biases", "gru", 0.0, True, 1.0),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0 .. N-1 (default 10)")
    parser.add_argument("--steps", type=int, default=300, help="training steps (default 300)")
    parser.add_argument("--lengths", type=int, nargs="+", default=[10, 30, 100])
    parser.add_argument("--out", type=Path, default=RESULTS / "memory_sweep.json")
    args = parser.parse_args()
    started = time.perf_counter()
    device = pick_device()
    torch.set_flush_denormal(True)  # as in the notebook: the same arithmetic, bit for bit
    rows = []
    for name, kind, bias, shut_input, clip in MODELS:
        for seq_len in args.lengths:
            accuracies, seconds = [], []
            for seed in range(args.seeds):
                seed_everything(seed)
                model = RecallNet(kind, memory_bias=bias, shut_input=shut_input).to(device)
                history = train_recall(
                    model, seq_len, steps=args.steps, device=device, seed=seed, clip=clip
                )
                accuracies.append(round(recall_accuracy(model, seq_len, device), 3))
                seconds.append(round(float(history["seconds"]), 2))
            rows.append(
                {"model": name, "seq_len": seq_len, "accuracies": accuracies, "seconds": seconds}
            )
            print(rows[-1], flush=True)
    wall_seconds = round(time.perf_counter() - started, 1)
    write_results(
        args.out, device, rows, steps=args.steps, seeds=args.seeds, wall_seconds=wall_seconds
    )


if __name__ == "__main__":
    main()
