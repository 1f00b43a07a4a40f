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

# Threads that wait for work sleep instead of spinning. PyTorch's CPU build runs its threads
# with OpenMP, whose waiting threads otherwise spin; beside other busy programs (a browser, a
# second kernel) a spinning thread holds a core that the thread it waits for needs: a training
# run on 2 threads took 30 times as long as on 1. The setting changes no result, only how
# threads wait, and OpenMP reads it once, when torch loads: so only before that, and only if
# it is unset. The thread count is left alone: it can change printed numbers (notebooks 09 and
# 10 on 1 thread instead of 2). `python3 course.py doctor` reports both.
if "torch" not in _sys.modules:
    _os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
