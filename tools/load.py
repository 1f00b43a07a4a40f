"""Load beside a notebook run: the busy laptop or shared server that a learner's run meets.

    python3 course.py bench --load busy [NN ...]    # two busy loops beside each notebook
    python3 course.py bench --load torch [NN ...]   # two small nn.LSTM trainings beside it

``beside(kind)`` starts the load processes and stops them when its block ends, whatever ends
it: an error, Ctrl-C or SIGTERM. Each load process also stops by itself once the process that
started it is gone, so a load never outlives the run it was started for, even after a SIGKILL.
Standard library only; the ``torch`` load runs in the course's Python, which has torch.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator

LOADS = ("busy", "torch")
"""``busy``: a pure-Python busy loop, one core's worth of work each. ``torch``: a small
``nn.LSTM`` trained in a loop, with torch's default threads, like a second notebook training."""

COUNT = 2  # load processes beside the run: as many as the 2-core laptop the budgets are for

# Each program checks every few tenths of a second that the process which started it is still
# its parent, and exits when it is not.
_WATCH = "import os, sys\nparent = int(sys.argv[1])\n"
_PROGRAMS = {
    "busy": _WATCH + "while os.getppid() == parent:\n    sum(range(200_000))\n",
    "torch": _WATCH
    + "import torch\n"
    + "from torch import nn\n"
    + "lstm, head = nn.LSTM(16, 64), nn.Linear(64, 1)\n"
    + "params = [*lstm.parameters(), *head.parameters()]\n"
    + "opt = torch.optim.Adam(params, lr=1e-3)\n"
    + "x, y = torch.randn(50, 32, 16), torch.randn(32, 1)\n"
    + "while os.getppid() == parent:\n"
    + "    loss = nn.functional.mse_loss(head(lstm(x)[0][-1]), y)\n"
    + "    opt.zero_grad()\n"
    + "    loss.backward()\n"
    + "    opt.step()\n",
}


def load_command(kind: str, python: str = sys.executable) -> list[str]:
    """Return the command line of one load process of ``kind`` (one of ``LOADS``)."""
    if kind not in LOADS:
        raise ValueError(f"load must be one of {', '.join(LOADS)}, got {kind!r}")
    return [python, "-c", _PROGRAMS[kind], str(os.getpid())]


def stop(processes: list[subprocess.Popen]) -> None:
    """Stop ``processes``, each by its own id: terminate, wait, then kill what is left."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def beside(kind: str, count: int = COUNT) -> Iterator[list[subprocess.Popen]]:
    """Run ``count`` load processes of ``kind`` while the block runs; yield them.

    They are stopped when the block ends, also on an error, Ctrl-C or SIGTERM (which is turned
    into ``SystemExit`` for the length of the block, so that the clean-up runs).
    """
    command = load_command(kind)
    processes: list[subprocess.Popen] = []

    def on_sigterm(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        for _ in range(count):
            processes.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            )
        yield processes
    finally:
        stop(processes)
        signal.signal(signal.SIGTERM, previous)
