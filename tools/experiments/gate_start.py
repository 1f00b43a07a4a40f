"""Why the default-bias LSTM and GRU of 06_why_gates.ipynb fail at T = 30; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.gate_start

The notebook's recall task at T = 30, 300 steps, the race's settings. The same models as the
sweep, and the LSTM with only its initial forget-gate bias changed (+1, +2, +4, input gate as
PyTorch starts it). Every 50 steps of each run it measures what the notebook measures once:
how much of the gradient reaches step 0 (‖∂loss/∂x_0‖ / ‖∂loss/∂x_29‖) and the keep gate's
mean (f for an LSTM, z for a GRU). Writes helpers/results/gate_start.json, which the notebook
reads, with the script's wall time (``wall_seconds``).
"""

from __future__ import annotations

import argparse
import itertools
import time
from pathlib import Path

import torch

from helpers.device import pick_device, seed_everything
from helpers.recall_task import (
    RecallNet,
    input_gradient_norms,
    mean_keep_gate,
    recall_accuracy,
    train_recall,
)
from helpers.results import RESULTS
from tools.experiments.results_file import write_results

MODELS = [  # (name, kind, memory bias, input gate shut too)
    ("RNN", "rnn", 0.0, True),
    ("RNN, orthogonal init", "rnn_orthogonal", 0.0, True),
    ("LSTM, default biases", "lstm", 0.0, True),
    ("LSTM, forget +1", "lstm", 1.0, False),
    ("LSTM, forget +2", "lstm", 2.0, False),
    ("LSTM, forget +4", "lstm", 4.0, False),
    ("LSTM, forget +4, input -4", "lstm", 4.0, True),
    ("GRU, default biases", "gru", 0.0, True),
    ("GRU, update +4", "gru", 4.0, True),
]
EVERY = 50  # steps between two measurements; step 0 is the fresh model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10, help="seeds 0 .. N-1 (default 10)")
    parser.add_argument("--steps", type=int, default=300, help="training steps (default 300)")
    parser.add_argument("--seq-len", type=int, default=30)
    parser.add_argument("--out", type=Path, default=RESULTS / "gate_start.json")
    args = parser.parse_args()
    started = time.perf_counter()
    device = pick_device()
    torch.set_flush_denormal(True)  # as in the notebook
    T = args.seq_len
    rows = []
    for name, kind, bias, shut_input in MODELS:
        accuracies, to_step_0, keep = [], [], []
        for seed in range(args.seeds):
            seed_everything(seed)
            model = RecallNet(kind, memory_bias=bias, shut_input=shut_input).to(device)
            ratios, gates, step = [], [], itertools.count(0)

            def measure(model=model, ratios=ratios, gates=gates, step=step, kind=kind):
                if next(step) % EVERY == 0:
                    g = input_gradient_norms(model, T, device)
                    ratios.append(float(f"{(g[T - 1] / g[0]).item():.3g}"))
                    if kind in ("lstm", "gru"):
                        gates.append(round(mean_keep_gate(model, T, device), 3))

            measure()  # the fresh model: step 0
            train_recall(model, T, steps=args.steps, device=device, seed=seed, on_step=measure)
            accuracies.append(round(recall_accuracy(model, T, device), 3))
            to_step_0.append(ratios)
            keep.append(gates)
        rows.append(
            {"model": name, "accuracies": accuracies, "to_step_0": to_step_0, "keep_gate": keep}
        )
        print(name, accuracies, flush=True)
    write_results(
        args.out,
        device,
        rows,
        steps=args.steps,
        seeds=args.seeds,
        seq_len=T,
        every=EVERY,
        wall_seconds=round(time.perf_counter() - started, 1),
    )


if __name__ == "__main__":
    main()
