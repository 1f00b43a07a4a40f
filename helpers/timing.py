"""Timings that a busy machine does not turn around, for 03, 04 and 06 (and any later notebook).

A laptop runs a browser beside the notebook; a shared server runs other people's kernels. Such
work comes and goes, and a timing taken once can land in a burst of it. So each function is
timed in rounds, the functions taking turns inside every round (a burst slows them alike), and
each function's fastest round is what it costs when nothing else interrupts it.
Introduced in 03_step_by_step.ipynb.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator, Mapping

import torch

from helpers._validate import positive_int
from helpers.i18n import _


def _synchronize() -> None:
    """Wait for the GPU to finish its queued work (nothing to do on a CPU)."""
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        torch.cuda.synchronize()
    mps = getattr(torch, "mps", None)
    if mps is not None and torch.backends.mps.is_available():
        mps.synchronize()


def interleaved_times(
    functions: Mapping[str, Callable[[], object]],
    rounds: int = 5,
    min_block: float = 0.02,
    threads: int = 1,
) -> dict[str, list[float]]:
    """Return each function's seconds per call in each of ``rounds`` rounds, in turns.

    Every function is called once first (not timed), then as many times per round as fill
    about ``min_block`` seconds. Round ``k`` starts with function ``k`` (modulo their number),
    so no function always runs first. torch runs on ``threads`` threads meanwhile (1: another
    program on the machine cannot leave one of two threads waiting for the other); the thread
    count is restored afterwards. On a GPU, each block waits for the GPU to finish.
    Introduced in 03_step_by_step.ipynb.
    """
    if not isinstance(functions, Mapping) or not functions:
        raise ValueError(_("functions must be a non-empty dict of name: function"))
    for name, function in functions.items():
        if not callable(function):
            raise TypeError(
                _("functions[{name!r}] must be a function to call, got {function!r}").format(
                    name=name, function=function
                )
            )
    positive_int("rounds", rounds)
    positive_int("threads", threads)
    if not min_block > 0:
        raise ValueError(
            _("min_block must be a positive number of seconds, got {min_block!r}").format(
                min_block=min_block
            )
        )
    with torch_threads(threads):
        calls = {}
        for name, function in functions.items():
            _synchronize()
            start = time.perf_counter()
            function()  # first call: warm-up, and a guess of the cost
            _synchronize()
            once = max(time.perf_counter() - start, 1e-6)
            calls[name] = max(1, math.ceil(min_block / once))
        names = list(functions)
        times: dict[str, list[float]] = {name: [] for name in names}
        for k in range(rounds):
            for name in names[k % len(names) :] + names[: k % len(names)]:
                function, n = functions[name], calls[name]
                _synchronize()
                start = time.perf_counter()
                for _call in range(n):
                    function()
                _synchronize()
                times[name].append((time.perf_counter() - start) / n)
        return times


def fastest(times: Mapping[str, list[float]]) -> dict[str, float]:
    """Return each function's fastest round from :func:`interleaved_times`, in seconds per call.

    Introduced in 03_step_by_step.ipynb.
    """
    return {name: min(values) for name, values in times.items()}


@contextlib.contextmanager
def torch_threads(threads: int) -> Iterator[None]:
    """Run the ``with`` block with torch on ``threads`` threads; restore the count afterwards.

    Small models train as fast on one thread as on two on a 2-core CPU, and on a busy machine
    two threads can leave each other waiting at every operation. A saved result measured on one
    thread is also reproduced to the last bit on one thread (on the same processor).
    Introduced in 13_lstm_vs_transformer.ipynb.
    """
    positive_int("threads", threads)
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)
