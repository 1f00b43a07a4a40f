"""Timings that hold on a busy machine: helpers.timing and the load of `course.py bench --load`."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import torch

from helpers.timing import fastest, interleaved_times
from tools.execute import loads
from tools.load import beside, load_command


def test_interleaved_times_rounds_turns_and_threads():
    calls = []
    torch.set_num_threads(2)
    seen_threads = []

    def a():
        calls.append("a")
        seen_threads.append(torch.get_num_threads())

    def b():
        calls.append("b")
        time.sleep(0.002)

    times = interleaved_times({"a": a, "b": b}, rounds=3, min_block=0.001)
    assert set(times) == {"a", "b"} and all(len(v) == 3 for v in times.values())
    assert min(times["b"]) >= 0.002 > max(times["a"])  # seconds per call
    assert set(seen_threads) == {1} and torch.get_num_threads() == 2  # restored
    firsts = [calls[i] for i in range(2, len(calls)) if calls[i] != calls[i - 1]]
    assert "a" in firsts and "b" in firsts  # the functions take turns
    assert fastest(times) == {"a": min(times["a"]), "b": min(times["b"])}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(functions={}), ValueError, "non-empty"),
        (dict(functions={"x": 3}), TypeError, r"functions\['x'\] must be a function"),
        (dict(functions={"x": print}, rounds=0), ValueError, "rounds"),
        (dict(functions={"x": print}, threads=0), ValueError, "threads"),
        (dict(functions={"x": print}, min_block=0), ValueError, "min_block"),
    ],
)
def test_interleaved_times_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        interleaved_times(**kwargs)


def test_load_processes_stop_with_the_block_and_after_an_error():
    with pytest.raises(RuntimeError), beside("busy", count=2) as processes:
        assert all(p.poll() is None for p in processes)  # running
        raise RuntimeError("a notebook failed")
    assert all(p.poll() is not None for p in processes)  # stopped, also after the error


def test_a_load_process_stops_by_itself_when_its_parent_is_gone():
    # the parent is a short-lived Python that starts one load process and dies without cleanup
    script = (
        "import subprocess, sys\n"
        "from tools.load import load_command\n"
        "p = subprocess.Popen(load_command('busy'))\n"
        "print(p.pid, flush=True)\n"
        "import os; os._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd="."
    )
    pid = int(done.stdout.split()[0])
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, 9)
    pytest.fail("the orphaned load process kept running")


def test_load_names_are_checked():
    assert loads("quiet, busy,torch,busy") == ["quiet", "busy", "torch"]
    for bad in ("", "idle", "busy,idle"):
        with pytest.raises(Exception, match="write loads from quiet, busy, torch"):
            loads(bad)
    with pytest.raises(ValueError, match="load must be one of busy, torch"):
        load_command("idle")


def test_course_bench_checks_its_load_and_threads_before_any_setup():
    import course

    args = course.parser().parse_args(["bench", "--load", "busy,torch", "--threads", "1", "5"])
    assert args.load == ["busy", "torch"] and args.threads == 1 and args.numbers == ["05"]
    for bad in (["--load", "idle"], ["--threads", "0"], ["--threads", "two"]):
        with pytest.raises(SystemExit):
            course.parser().parse_args(["bench", *bad])
