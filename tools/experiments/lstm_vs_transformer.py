"""Search, seeds and budgets for the LSTM and the Transformer of 13_lstm_vs_transformer.ipynb.

    python3 course.py setup && .venv/bin/python -m tools.experiments.lstm_vs_transformer

Runs the notebook's own cells, those tagged ``reused`` (data, models, training loop, scores),
and for each task (POS tagging, genre, weather):

- the search: both models at the notebook's budget, with each of the task's four learning
  rates, seed 0, scored on dev (validation for the weather); the best rate is chosen per model;
- the seeds: both models with their chosen rate, seeds 0 .. N-1, each scored once on test,
  with the paired bootstrap of the difference (the notebook's ``paired_bootstrap``);

then, for POS tagging, the budget curve: the same search and seeds at 50 to 1,600 steps,
scored on dev only; where a model's best rate is at an edge of the grid, one more rate beyond
it (seed 0). It also measures what one training step of each model costs (the median
CPU time per step on one thread, the two models interleaved): the basis of the notebook's
``SIZES``. Writes helpers/results/lstm_vs_transformer.json (after each stage), which the
notebook reads. Takes one to two hours on a 2-core CPU.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import time
from pathlib import Path

import torch
from torch import nn

from helpers.device import pick_device, seed_everything
from helpers.notebook_code import reused_cells
from helpers.results import RESULTS
from tools.experiments.results_file import write_results

NOTEBOOK = "13_lstm_vs_transformer.ipynb"
KINDS = ("LSTM", "Transformer")
LEARNING_RATES = {
    "pos": [0.005, 0.01, 0.02, 0.04],
    "genre": [0.002, 0.005, 0.01, 0.02],
    "weather": [0.0003, 0.001, 0.003, 0.01],
}
TRAINERS = {"pos": "train_pos", "genre": "train_genre", "weather": "train_forecaster"}
BUDGETS = {"pos": "POS_STEPS", "genre": "GENRE_STEPS", "weather": "WEATHER_STEPS"}
CURVE_STEPS = [50, 100, 200, 400, 800, 1600]
TASKS = ("weather", "genre", "pos")


def dev_value(task: str, score: float) -> float:
    """The dev number to store: accuracy, or the validation MAE for the weather."""
    return -score if task == "weather" else score


def search(code: dict, task: str, steps: int) -> tuple[dict, dict, dict]:
    """Train both models with every learning rate (seed 0); return the dev table, the chosen
    rate per model and the seed-0 run (model, dev, seconds) of each chosen rate."""
    table, chosen, kept = {}, {}, {}
    for kind in KINDS:
        runs = {}
        for lr in LEARNING_RATES[task]:
            runs[lr] = code[TRAINERS[task]](kind, lr, steps=steps, seed=0)
            print(f"{task} {steps} steps {kind} lr {lr}: dev {runs[lr][1]:.4f}", flush=True)
        table[kind] = {str(lr): round(dev_value(task, run[1]), 5) for lr, run in runs.items()}
        chosen[kind] = max(runs, key=lambda lr: runs[lr][1])  # score: higher is better
        kept[kind] = runs[chosen[kind]]
    return table, chosen, kept


def test_scores(code: dict, task: str, model: nn.Module) -> tuple[dict, torch.Tensor]:
    """Return the test numbers of one model and its per-item scores for the paired test."""
    if task == "pos":
        right = code["pos_right"](model)
        unseen = code["unseen"]
        return {"test": right.mean().item(), "unseen": right[unseen].mean().item()}, right
    if task == "genre":
        right = code["genre_right"](model)
        return {"test": right.mean().item()}, right
    test = code["windows"]["test"]
    errors = code["window_errors"](code["forecast"](model, test), test)
    return {"test": errors.mean().item()}, errors


def groups(code: dict, task: str) -> torch.Tensor:
    """The groups the paired bootstrap resamples whole: sentences, sentences, days."""
    if task == "pos":
        return code["pos_sentence"]
    if task == "genre":
        return torch.arange(len(code["genre_gold"]))
    return code["windows"]["test"].start // 24


def task_table(code: dict, task: str, seeds: int) -> dict:
    """The search, then every seed of both models scored on test, with the paired test."""
    steps = code[BUDGETS[task]]
    table, chosen, kept = search(code, task, steps)
    runs = []
    for seed in range(seeds):
        row, items = {"seed": seed}, {}
        for kind in KINDS:
            model, dev, seconds = (
                kept[kind]
                if seed == 0
                else code[TRAINERS[task]](kind, chosen[kind], steps=steps, seed=seed)
            )
            numbers, items[kind] = test_scores(code, task, model)
            row[kind] = {"dev": dev_value(task, dev), **numbers, "seconds": round(seconds, 1)}
        gap = code["paired_bootstrap"](items["LSTM"], items["Transformer"], groups(code, task))
        row["paired"] = [round(v, 5) for v in gap]
        runs.append(row)
        print(task, row, flush=True)
    return {"steps": steps, "search": table, "chosen_lr": chosen, "runs": runs}


def curve_row(code: dict, steps: int, seeds: int, done: dict) -> dict:
    """Dev accuracy of both taggers at ``steps``: the search, then the seeds, on dev only."""
    if steps == done["steps"]:  # the task table's own budget: its search and seeds
        table, chosen = done["search"], done["chosen_lr"]
        devs = {kind: [run[kind]["dev"] for run in done["runs"]] for kind in KINDS}
    else:
        table, chosen, kept = search(code, "pos", steps)
        devs = {kind: [kept[kind][1]] for kind in KINDS}
        for seed, kind in itertools.product(range(1, seeds), KINDS):
            devs[kind].append(code["train_pos"](kind, chosen[kind], steps=steps, seed=seed)[1])
    row = {"steps": steps, "chosen_lr": chosen, "search": table}
    row.update({kind: {"dev": [round(d, 5) for d in devs[kind]]} for kind in KINDS})
    print("curve", row, flush=True)
    return row


def beyond_the_edges(code: dict, row: dict) -> dict:
    """For each model whose best rate is the grid's smallest or largest: dev accuracy at the
    next rate beyond it (half or double, seed 0), so a reader can see whether the grid cut a
    model short."""
    grid = LEARNING_RATES["pos"]
    beyond = {}
    for kind in KINDS:
        chosen = row["chosen_lr"][kind]
        if chosen in (grid[0], grid[-1]):
            lr = chosen / 2 if chosen == grid[0] else chosen * 2
            dev = code["train_pos"](kind, lr, steps=row["steps"], seed=0)[1]
            beyond[kind] = {str(lr): round(dev, 5)}
            print("beyond the grid", row["steps"], kind, lr, dev, flush=True)
    return beyond


def step_ms(code: dict, task: str, repeats: int = 5, steps: int = 30) -> dict:
    """Median CPU time of one training step of each model (one thread, interleaved)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    if task == "pos":
        batches = list(itertools.islice(code["pos_batches"](0), steps))
        vocabs = code["vocabs"]
        sizes = (len(vocabs.words), len(vocabs.features), len(vocabs.tags))
        models = {kind: code["PosTagger"](kind, *sizes) for kind in KINDS}
        loss_of = code["pos_loss"]
    elif task == "genre":
        data = code["genre_data"]["train"]
        batches = list(
            itertools.islice(code["genre_batches"](data, code["GENRE_BATCH"], shuffle=True), steps)
        )
        models = {kind: code["GenreModel"](kind, len(code["vocab"])) for kind in KINDS}
        loss_of = code["genre_loss"]
    else:
        batches = list(itertools.islice(code["weather_batches"](0), steps))
        models = {kind: code["Forecaster"](kind) for kind in KINDS}

        def loss_of(model: nn.Module, batch: tuple) -> torch.Tensor:
            return nn.functional.mse_loss(model(batch[0]), batch[1])

    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    optimizers = {}
    for kind, model in models.items():
        model.to(code["device"]).train()
        optimizers[kind] = torch.optim.Adam(model.parameters(), lr=1e-3)
    for repeat in range(repeats + 1):  # the first round warms up and is not counted
        for kind, model in models.items():
            start = time.process_time()
            for batch in batches:
                loss = loss_of(model, batch)
                optimizers[kind].zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizers[kind].step()
            if repeat:
                times[kind].append(1e3 * (time.process_time() - start) / len(batches))
    torch.set_num_threads(threads)
    result = {kind: round(statistics.median(t), 1) for kind, t in times.items()}
    print("step ms", task, result, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=3, help="seeds 0 .. N-1 (default 3)")
    parser.add_argument("--curve", type=int, nargs="*", default=CURVE_STEPS, help="POS budgets")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    parser.add_argument(
        "--tasks",
        nargs="+",
        choices=TASKS,
        default=TASKS,
        help="measure these tasks again and keep the others' saved results (default: all); "
        "pos includes the budget curve",
    )
    parser.add_argument(
        "--no-edges",
        dest="edges",
        action="store_false",
        help="skip the runs beyond the grid's edges (see beyond_the_edges)",
    )
    parser.add_argument(
        "--edges-only", action="store_true", help="only the runs beyond the grid's edges"
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "lstm_vs_transformer.json")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = pick_device()
    torch.set_flush_denormal(True)
    seed_everything(0)
    code = reused_cells(NOTEBOOK, device=device)
    code["device"] = device
    results: dict = {"learning_rates": LEARNING_RATES, "seeds": args.seeds}
    results.update(step_ms={}, tasks={})
    rows: list[dict] = []
    if args.edges_only or set(args.tasks) != set(TASKS):  # keep what is not measured again
        saved = json.loads(args.out.read_text())
        results["step_ms"], results["tasks"] = saved["step_ms"], saved["tasks"]
        rows = [] if "pos" in args.tasks else saved["rows"]
    if args.edges_only:  # the saved table, and only the runs beyond the grid's edges
        rows, args.tasks, args.curve = saved["rows"], (), []
        for row in rows:
            row["beyond_the_grid"] = beyond_the_edges(code, row)
            write_results(args.out, device, rows, **results)
    for task in (t for t in TASKS if t in args.tasks):
        results["step_ms"][task] = step_ms(code, task)
        results["tasks"][task] = task_table(code, task, args.seeds)
        write_results(args.out, device, rows, **results)
    for steps in args.curve if "pos" in args.tasks else []:
        rows.append(curve_row(code, steps, args.seeds, results["tasks"]["pos"]))
        write_results(args.out, device, rows, **results)
    for row in rows if args.edges and "pos" in args.tasks else []:
        row["beyond_the_grid"] = beyond_the_edges(code, row)
        write_results(args.out, device, rows, **results)


if __name__ == "__main__":
    main()
