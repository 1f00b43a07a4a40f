"""Plumbing for the lstm-notebooks course; each module names the notebook it serves.

Import what you need from the submodules by name, for example
``from helpers.shapes import lstm_shapes``. The ideas themselves live in the notebooks. A
lesson's widget or task has a module of its name (``shape_explorer``, ``gate_playground``,
``recall_task``, ``memory_explorer``, ``unit_explorer``, ``packing``, ...); the generic text
tools are in ``vocabulary``, every figure is in ``plots``, and the generic widget shells are in
``widgets``.
"""

import os as _os
import sys as _sys

# One torch thread on the CPU, unless you set OMP_NUM_THREADS yourself. The course's models
# are small: a second thread adds more waiting than work. On a quiet 2-core machine notebook 02
# took 11.6 s on 1 thread, 12.6 s on 2 threads that spin while they wait (OpenMP's default) and
# 40.7 s on 2 threads that sleep; and beside other busy programs (a browser, a second kernel)
# spinning threads made a training run 30 times slower. The thread count can change the last
# digits of a result (09 and 10 print scores up to about a point apart on 2 threads), so every
# committed output is from 1 thread. OpenMP reads both settings once, when torch loads: so they
# are set before that, or through torch if it is already loaded. If you choose more threads,
# they sleep while they wait (OMP_WAIT_POLICY=PASSIVE) unless you set that too.
# `python3 course.py doctor` reports both.
if "OMP_NUM_THREADS" not in _os.environ:
    if "torch" in _sys.modules:
        _sys.modules["torch"].set_num_threads(1)
    else:
        _os.environ["OMP_NUM_THREADS"] = "1"
if "torch" not in _sys.modules:
    _os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
