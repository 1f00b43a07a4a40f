"""Does the same seed give the same run? The orthogonal RNN of 06_why_gates.ipynb, one change at
a time; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.rerun_check

The race's run (orthogonal RNN, T = 100, seed 0, 300 steps, denormals flushed) is repeated in a
fresh process for each variant: as the notebook runs it (the reference); on 1 and on 2 threads;
without flushing denormals; with MKL's reproducible kernels (``MKL_CBWR=COMPATIBLE``); with
PyTorch's plain kernels (``ATEN_CPU_CAPABILITY=default``); and with one recurrent weight moved by
one float32 step. Each row records the held-out accuracy and whether its 300 losses are bit for
bit the reference's. The reference's digest (``losses_digest``) is saved too: the notebook
compares the losses of its own race with it. oneDNN is not among the changes: ``nn.RNN`` does
not use it. Writes helpers/results/rerun_check.json, which the notebook reads, with the
script's wall time (``wall_seconds``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

VARIANTS = {  # name: (environment variables, in-process change)
    "as the notebook runs it": ({}, None),  # the reference: every row is compared with it
    "1 thread": ({"OMP_NUM_THREADS": "1"}, None),
    "2 threads": ({"OMP_NUM_THREADS": "2"}, None),
    "denormals not flushed": ({}, "keep_denormals"),
    "MKL_CBWR=COMPATIBLE": ({"MKL_CBWR": "COMPATIBLE"}, None),
    "ATEN_CPU_CAPABILITY=default": ({"ATEN_CPU_CAPABILITY": "default"}, None),
    "one weight moved by one float32 step": ({}, "nudge"),
}
T, STEPS, SEED = 100, 300, 0


def one_run(change: str | None) -> dict:
    """Train the race's orthogonal RNN once with ``change``; return accuracy and loss digest."""
    import torch

    from helpers.device import seed_everything
    from helpers.recall_task import RecallNet, recall_accuracy, train_recall
    from helpers.results import losses_digest

    device = torch.device("cpu")
    torch.set_flush_denormal(change != "keep_denormals")
    seed_everything(SEED)
    model = RecallNet("rnn_orthogonal")
    if change == "nudge":
        with torch.no_grad():
            w = model.rnn.weight_hh_l0
            w[0, 0] = torch.nextafter(w[0, 0], torch.tensor(float("inf")))
    history = train_recall(model, T, steps=STEPS, device=device, seed=SEED)
    return {
        "accuracy": round(recall_accuracy(model, T, device), 3),
        "losses_sha1": losses_digest(history["losses"]),
        "losses": history["losses"],
        "threads": torch.get_num_threads(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--one", choices=["none", "keep_denormals", "nudge"])
    args = parser.parse_args()
    started = time.perf_counter()
    if args.one:  # a worker: one run, printed as JSON
        print(json.dumps(one_run(None if args.one == "none" else args.one)))
        return
    import torch

    from helpers.results import RESULTS
    from tools.experiments.results_file import write_results

    rows, reference = [], None
    for name, (env, change) in VARIANTS.items():
        command = [sys.executable, "-m", "tools.experiments.rerun_check", "--one", change or "none"]
        wait = {"OMP_WAIT_POLICY": "PASSIVE"}  # as in the notebook: helpers sets it before torch
        done = subprocess.run(
            command, env={**os.environ, **wait, **env}, capture_output=True, text=True, check=True
        )
        run = json.loads(done.stdout.strip().splitlines()[-1])
        reference = reference or run  # the first variant: as the notebook runs it
        pairs = enumerate(zip(run["losses"], reference["losses"], strict=True))
        differs = [k for k, (a, b) in pairs if a != b]
        rows.append(
            {
                "variant": name,
                "accuracy": run["accuracy"],
                "threads": run["threads"],
                "same_bits": run["losses_sha1"] == reference["losses_sha1"],
                "first_step_that_differs": differs[0] + 1 if differs else None,
            }
        )
        print(rows[-1], flush=True)
    write_results(
        args.out or RESULTS / "rerun_check.json",
        torch.device("cpu"),
        rows,
        model="RNN, orthogonal init",
        seq_len=T,
        steps=STEPS,
        seed=SEED,
        reference_losses_sha1=reference["losses_sha1"],
        wall_seconds=round(time.perf_counter() - started, 1),
    )


if __name__ == "__main__":
    main()
