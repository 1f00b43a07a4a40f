"""Search, seeds and budgets for the LSTM and the Transformer of 13_lstm_vs_transformer.ipynb.

    python3 course.py setup && .venv/bin/python -m tools.experiments.lstm_vs_transformer

Runs the notebook's own cells, those tagged ``reused`` (data, models, training loop, scores,
the decoder and its cache), on one thread, and measures:

- for each task (POS tagging, genre, weather), at the notebook's budget: the CPU time of one
  training step of each model (the median of 5 rounds of 30 steps, the two models
  interleaved: the basis of the notebook's ``SIZES``); the search (both models with each of
  the task's four learning rates, seed 0, scored on dev, validation for the weather; the best
  rate is chosen per model); then seeds 0 .. N-1 of both with their chosen rate, each scored
  once on test, with the notebook's ``paired_bootstrap`` (gap, 95 % interval, p-value);
- for POS tagging, the budget curve: the same search and seeds at 50 to 1,600 steps, scored on
  dev only; where a model's chosen rate is at an edge of the grid, runs beyond it (see
  ``beyond_the_edges``), here and in the task tables;
- the cost of one generated step (section 7's ``cost_after``) at 100 to 4,000 earlier steps.

Each run records its wall-clock seconds, and each stage the load average of the machine
while it ran: the budgets are step counts, and their cost in time is the step's CPU time
times the steps. Writes helpers/results/lstm_vs_transformer.json after each stage (the
notebook reads it); stages not asked for keep their saved results. All of it takes about an
hour of CPU time on one thread; the budget curve is most of it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
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
        return code["sentence_of"]("test")
    if task == "genre":
        return torch.arange(len(code["genre_gold"]))
    return code["windows"]["test"].start // 24


def load() -> float:
    """The machine's load average over the last minute (0.0 where it is not known)."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return 0.0


def task_table(code: dict, task: str, seeds: int) -> dict:
    """The search, then every seed of both models scored on test, with the paired test."""
    steps = code[BUDGETS[task]]
    loads = [load()]
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
    loads.append(load())
    result = {"steps": steps, "search": table, "chosen_lr": chosen, "runs": runs}
    first = {kind: dev_value(task, kept[kind][1]) for kind in KINDS}
    result["beyond_the_grid"] = beyond_the_edges(code, task, steps, chosen, first, seeds, {})
    result["load_average"] = loads + [load()]
    return result


def versus_linear(code: dict, seeds: int) -> dict:
    """Each weather seed of both models against the linear baseline, paired by day.

    The baseline is the notebook's ridge regression (its penalty chosen on validation); each
    model is trained again with its saved chosen rate. Returns, per model, one row per seed:
    model minus linear, in degrees (gap, 95 % interval, p-value)."""
    saved = code["saved_weather"]
    windows, scaler = code["windows"], code["scaler"]
    valid, test = windows["validation"], windows["test"]

    def linear_errors(w, split: object) -> torch.Tensor:
        forecast = code["fahrenheit"](code["predict_ridge"](w, scaler(split.x)), split.x)
        return code["window_errors"](forecast, split)

    fit = code["fit_ridge"]
    ridge = {p: fit(code["x_train"], code["y_train"], p) for p in (1.0, 100.0, 1000.0)}
    penalty = min(ridge, key=lambda p: linear_errors(ridge[p], valid).mean().item())
    linear = linear_errors(ridge[penalty], test)
    result: dict = {"penalty": penalty, "linear_test": round(linear.mean().item(), 5)}
    for kind in KINDS:
        rows = []
        for seed in range(seeds):
            model = code["train_forecaster"](kind, saved["chosen_lr"][kind], seed=seed)[0]
            numbers, errors = test_scores(code, "weather", model)
            assert abs(numbers["test"] - saved["runs"][seed][kind]["test"]) < 1e-3, (kind, seed)
            gap = code["paired_bootstrap"](errors, linear, groups(code, "weather"))
            rows.append([round(v, 5) for v in gap])
            print("weather versus linear", kind, seed, rows[-1], flush=True)
        result[kind] = rows
    return result


def curve_row(code: dict, steps: int, seeds: int, done: dict) -> dict:
    """Dev accuracy of both taggers at ``steps``: the search, then the seeds, on dev only."""
    loads = [load()]
    if steps == done["steps"]:  # the task table's own budget: its search and first seeds
        table, chosen = done["search"], done["chosen_lr"]
        devs = {kind: [run[kind]["dev"] for run in done["runs"][:seeds]] for kind in KINDS}
    else:
        table, chosen, kept = search(code, "pos", steps)
        devs = {kind: [kept[kind][1]] for kind in KINDS}
        for seed, kind in itertools.product(range(1, seeds), KINDS):
            devs[kind].append(code["train_pos"](kind, chosen[kind], steps=steps, seed=seed)[1])
    row = {"steps": steps, "chosen_lr": chosen, "search": table}
    row.update({kind: {"dev": [round(d, 5) for d in devs[kind]]} for kind in KINDS})
    if steps == done["steps"]:
        row["beyond_the_grid"] = done["beyond_the_grid"]
    else:
        first = {kind: row[kind]["dev"][0] for kind in KINDS}
        row["beyond_the_grid"] = beyond_the_edges(code, "pos", steps, chosen, first, seeds, {})
    row["load_average"] = loads + [load()]
    print("curve", row, flush=True)
    return row


def beyond_the_edges(
    code: dict, task: str, steps: int, chosen: dict, chosen_dev: dict, seeds: int, beyond: dict
) -> dict:
    """Runs beyond the grid's edges, for each model whose chosen rate is the grid's smallest or
    largest: the next rate beyond it (half or double), seed 0. Where that run beats the chosen
    rate's seed 0 on dev, the other seeds at that rate too, and one rate further (seed 0): so a
    reader can see whether, and by how much, the grid cut a model short. ``beyond`` holds the
    runs already made ({model: {rate: [dev of seed 0, 1, ...]}}); only missing runs are made.
    """
    grid = LEARNING_RATES[task]
    better = (lambda a, b: a < b) if task == "weather" else (lambda a, b: a > b)

    def run(kind: str, lr: float, seed: int) -> float:
        dev = code[TRAINERS[task]](kind, lr, steps=steps, seed=seed)[1]
        print("beyond the grid", task, steps, kind, lr, "seed", seed, dev, flush=True)
        return round(dev_value(task, dev), 5)

    for kind in KINDS:
        if chosen[kind] not in (grid[0], grid[-1]):
            continue
        factor = 0.5 if chosen[kind] == grid[0] else 2.0
        lr = chosen[kind] * factor
        runs = beyond.setdefault(kind, {})
        devs = runs.setdefault(f"{lr:g}", [])
        if not devs:
            devs.append(run(kind, lr, 0))
        if better(devs[0], chosen_dev[kind]):
            devs.extend(run(kind, lr, seed) for seed in range(len(devs), seeds))
            further = runs.setdefault(f"{lr * factor:g}", [])
            if not further:
                further.append(run(kind, lr * factor, 0))
    return beyond


def step_ms(code: dict, task: str, repeats: int = 5, steps: int = 30) -> dict:
    """Median CPU time of one training step of each model (the two models interleaved)."""
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
    result = {kind: round(statistics.median(t), 1) for kind, t in times.items()}
    print("step ms", task, result, flush=True)
    return result


def generation(code: dict) -> dict:
    """Section 7's cost of one generated step after 100 to 4,000 steps (None: not measured)."""
    loads = [load()]
    with torch.no_grad():
        costs = {n: code["cost_after"](n) for n in code["LENGTHS"]}
    rows = {
        str(n): {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in row.items()}
        for n, row in costs.items()
    }
    print("generation", rows, flush=True)
    return {"rows": rows, "load_average": loads + [load()]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="task seeds 0 .. N-1 (default 5)")
    parser.add_argument("--curve-seeds", type=int, default=3, help="curve seeds (default 3)")
    parser.add_argument(
        "--tasks",
        nargs="*",
        choices=TASKS,
        default=list(TASKS),
        help="tasks to measure (default: all; none: keep the saved ones)",
    )
    parser.add_argument(
        "--curve",
        type=int,
        nargs="*",
        default=CURVE_STEPS,
        help="POS budgets to measure (default: 50 to 1,600; none: keep saved)",
    )
    parser.add_argument(
        "--no-generation",
        dest="generation",
        action="store_false",
        help="keep the saved cost of a generated step",
    )
    parser.add_argument(
        "--versus-linear",
        action="store_true",
        help="only measure each weather seed against the linear baseline (keeps the rest)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS / "lstm_vs_transformer.json")
    args = parser.parse_args()
    torch.set_num_threads(1)  # the CPU times and the saved numbers are one thread's
    device = pick_device()
    torch.set_flush_denormal(True)
    seed_everything(0)
    code = reused_cells(NOTEBOOK, device=device)
    code["device"] = device
    results: dict = {
        "learning_rates": LEARNING_RATES,
        "seeds": args.seeds,
        "curve_seeds": args.curve_seeds,
        "step_ms": {},
        "tasks": {},
    }
    rows: list[dict] = []
    if args.out.exists():  # keep what is not measured again
        saved = json.loads(args.out.read_text())
        for key in ("step_ms", "tasks", "generation"):
            if key in saved:
                results[key] = saved[key]
        rows = saved["rows"]
    if args.versus_linear:  # one stage alone: every other saved number stays as it is
        code["saved_weather"] = results["tasks"]["weather"]
        results["tasks"]["weather"]["versus_linear"] = versus_linear(code, args.seeds)
        write_results(args.out, device, rows, **results)
        return
    for task in args.tasks:
        results["step_ms"][task] = step_ms(code, task)
        results["tasks"][task] = task_table(code, task, args.seeds)
        write_results(args.out, device, rows, **results)
    if "pos" in args.tasks:  # the curve's point at the task's budget comes from its table
        args.curve = sorted(set(args.curve) | {results["tasks"]["pos"]["steps"]})
    for steps in args.curve:
        row = curve_row(code, steps, args.curve_seeds, results["tasks"]["pos"])
        rows = sorted([r for r in rows if r["steps"] != steps] + [row], key=lambda r: r["steps"])
        write_results(args.out, device, rows, **results)
    for row in rows:  # runs beyond the edges missing from rows saved before they were added
        beyond = {
            kind: {lr: dev if isinstance(dev, list) else [dev] for lr, dev in runs.items()}
            for kind, runs in row.get("beyond_the_grid", {}).items()
        }
        first = {kind: row[kind]["dev"][0] for kind in KINDS}
        row["beyond_the_grid"] = beyond_the_edges(
            code, "pos", row["steps"], row["chosen_lr"], first, args.curve_seeds, beyond
        )
        write_results(args.out, device, rows, **results)
    if args.generation:
        results["generation"] = generation(code)
        write_results(args.out, device, rows, **results)


if __name__ == "__main__":
    main()
