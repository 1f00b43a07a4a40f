"""Train the attention model of 10_encoder_decoder.ipynb for longer budgets; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.pronunciation_budget

Runs the notebook's own cells, those tagged ``reused`` (model, training loop, greedy
decoding), with more training steps and scores each run on the dev words: the test words stay
for the notebook's one report.
Writes helpers/results/pronunciation_budget.json, which the notebook reads. Takes several
minutes on a CPU.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from helpers.data import load_cmudict
from helpers.device import pick_device
from helpers.notebook_code import reused_cells
from helpers.results import RESULTS
from helpers.seq2seq import error_rates, split_words
from tools.experiments.results_file import write_results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[600, 1800, 5400])
    parser.add_argument("--out", type=Path, default=RESULTS / "pronunciation_budget.json")
    args = parser.parse_args()
    device = pick_device()
    torch.set_flush_denormal(True)
    pronunciations = load_cmudict()
    train_words, dev_words, _ = split_words(list(pronunciations), seed=0)
    code = reused_cells(
        "10_encoder_decoder.ipynb",
        device=device,
        pronunciations=pronunciations,
        train_words=train_words,
    )
    gold = [pronunciations[w] for w in dev_words]
    rows = []
    for steps in args.steps:
        model, seconds = code["train_pronouncer"](True, steps=steps)
        wer, per = error_rates(code["pronounce_all"](model, dev_words), gold)
        rows.append(
            {"steps": steps, "dev_wer": wer, "dev_per": per, "train_seconds": round(seconds, 1)}
        )
        print(rows[-1], flush=True)
    write_results(args.out, device, rows, model="attention", batch_size=128)


if __name__ == "__main__":
    main()
