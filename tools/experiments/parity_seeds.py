"""Train the parity models of 12_after_the_lstm.ipynb over several seeds; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.parity_seeds

Runs the notebook's own cells, those tagged ``reused`` (minGRU, the signed minGRU, the parity
network, its training loop and test strings), for each model and seed, and records the
held-out accuracy at every test length. It also trains exercise 1's solution, ``TanhMinGRU``
below (a copy of the notebook's solution text, kept equal to it by
``tests/test_scan.py``), so that the table shows whether the solution passes its own check.
Writes helpers/results/parity_seeds.json, which the notebook reads. Takes a few minutes on a
CPU.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch
from torch import nn

from helpers.device import pick_device
from helpers.notebook_code import reused_cells
from helpers.results import RESULTS
from tools.experiments.results_file import write_results

MODELS = ("LSTM", "GRU", "minGRU", "signed minGRU", "tanh minGRU")


class TanhMinGRU(nn.Module):
    def __init__(self, input_size, hidden_size):
        super().__init__()
        self.linear_a = nn.Linear(input_size, hidden_size)
        self.linear_b = nn.Linear(input_size, hidden_size)

    def coefficients(self, x):
        return torch.tanh(self.linear_a(x))  # a_t in (-1, 1)

    def forward(self, x):
        a, b = self.coefficients(x), self.linear_b(x)
        h, hs = torch.zeros_like(b[:, 0]), []
        for t in range(x.shape[1]):
            h = a[:, t] * h + b[:, t]
            hs.append(h)
        return torch.stack(hs, dim=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS / "parity_seeds.json")
    args = parser.parse_args()
    device = pick_device()
    code = reused_cells("12_after_the_lstm.ipynb", device=device)
    code["RNNS"]["tanh minGRU"] = TanhMinGRU  # exercise 1's solution, as the notebook adds it
    rows = []
    for kind in MODELS:
        for seed in range(args.seeds):
            start = time.perf_counter()
            _, curves = code["train_parity"](kind, seed=seed)
            rows.append(
                {
                    "model": kind,
                    "seed": seed,
                    "accuracy": {str(n): curve[-1] for n, curve in curves.items()},
                    "train_seconds": round(time.perf_counter() - start, 1),
                }
            )
            print(rows[-1], flush=True)
    write_results(
        args.out, device, rows, steps=code["STEPS"], train_lengths="1 to 16", test_strings=500
    )


if __name__ == "__main__":
    main()
