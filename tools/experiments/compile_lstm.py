"""Time torch.compile (Inductor) on an LSTM for 14_shipping_an_lstm.ipynb; save the table.

    python3 course.py setup && .venv/bin/python -m tools.experiments.compile_lstm

Runs the notebook's own cells, those tagged ``reused`` (02's cell in one function and its
loop over time, the character model), and times, at batch 1 with the shipped sizes (32
inputs, 128 units): one step of the hand-written cell, the hand-written loop over 32 steps,
and ``nn.LSTM`` over 32 steps, with TorchDynamo's default and with ``allow_rnn``. Each row
records the graphs Inductor compiled, what the first call took to compile (with an empty
cache: CPU seconds of this process and of the C++ compiler, and wall-clock seconds) and the
milliseconds per time step, eager and compiled. Times are CPU time of the one thread that
runs (``torch.set_num_threads(1)``), the smallest of five tries taken in turn: a busy
machine inflates CPU time much less than wall-clock time. Writes
helpers/results/compile_lstm.json, which the notebook reads. Takes a few minutes on a CPU,
most of it compiling.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch
from torch._inductor.compile_fx import compile_fx

from helpers.device import seed_everything
from helpers.notebook_code import reused_cells
from helpers.results import RESULTS
from tools.experiments.results_file import write_results

LENGTH = 32  # time steps of the loop rows
REPEATS = 5  # timings of each version, in turn; the smallest is kept


def cpu_seconds() -> float:
    """Return the CPU seconds of this process and of its finished child processes (compilers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def cpu_ms_per_call(call: Callable[[], object], seconds: float = 0.2) -> float:
    """Return the CPU milliseconds of one call (this thread only), over about ``seconds``."""
    call()
    calls, start = 0, time.thread_time()
    while time.thread_time() - start < seconds:
        call()
        calls += 1
    return (time.thread_time() - start) / calls * 1e3


def measure(what: str, fn: Callable, args: tuple, steps: int) -> dict:
    """Time ``fn(*args)`` eager and compiled by Inductor (counting its graphs), per time step."""
    torch._dynamo.reset()
    graphs: list[int] = []

    def counting_inductor(graph_module, example_inputs):
        graphs.append(len(graph_module.graph.nodes))
        return compile_fx(graph_module, example_inputs)

    compiled = torch.compile(fn, backend=counting_inductor)
    with torch.no_grad():
        start, clock = cpu_seconds(), time.perf_counter()
        compiled(*args)  # the first call compiles
        compile_cpu_s, compile_s = cpu_seconds() - start, time.perf_counter() - clock
        eager, fast = [], []
        for _ in range(REPEATS):  # in turn, so that a busy moment hits both
            eager.append(cpu_ms_per_call(lambda: fn(*args)) / steps)
            fast.append(cpu_ms_per_call(lambda: compiled(*args)) / steps)
    row = {
        "what": what,
        "graphs": len(graphs),
        "nodes": graphs,
        "eager_ms": round(min(eager), 4),
        "compiled_ms": round(min(fast), 4),
        "compile_cpu_s": round(compile_cpu_s, 1),
        "compile_wall_s": round(compile_s, 1),
    }
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS / "compile_lstm.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    # A fresh cache folder: Inductor keeps what it compiled on disk, and a second run would
    # time the cache instead of the compiler.
    os.environ["TORCHINDUCTOR_CACHE_DIR"] = tempfile.mkdtemp(prefix="inductor-")
    torch._inductor.config.compile_threads = 1  # compile here, so that its CPU time is counted
    device = torch.device("cpu")  # the lesson's target
    code = reused_cells("14_shipping_an_lstm.ipynb", device=device)
    seed_everything(0)
    model = code["CharLM"](102).eval()
    lstm, cell, loop = model.lstm, code["lstm_cell"], code["cell_loop"]
    weights = [p.detach() for p in lstm.parameters()]
    hidden = lstm.hidden_size
    x = torch.randn(LENGTH, 1, lstm.input_size)  # (T, batch, input) for the loop
    x_lstm = x.transpose(0, 1)  # (batch, T, input): the model's LSTM is batch_first
    h, c = torch.zeros(1, hidden), torch.zeros(1, hidden)
    states = (h[None], c[None])
    rows = [
        measure("02's cell, one step", cell, (x[0], h, c, *weights), steps=1),
        measure(f"02's cell loop, {LENGTH} steps", loop, (x, h, c, weights), steps=LENGTH),
        measure(f"nn.LSTM, {LENGTH} steps", lstm, (x_lstm, states), steps=LENGTH),
    ]
    torch._dynamo.config.allow_rnn = True  # TorchDynamo's experimental support
    rows.append(
        measure(f"nn.LSTM, {LENGTH} steps, allow_rnn", lstm, (x_lstm, states), steps=LENGTH)
    )
    write_results(args.out, device, rows, batch=1, input_size=lstm.input_size, hidden=hidden)


if __name__ == "__main__":
    main()
