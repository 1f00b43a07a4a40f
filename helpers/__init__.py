"""Plumbing for the lstm-notebooks course; each module names the notebook it serves.

Import what you need from the submodules by name, for example
``from helpers.shapes import lstm_shapes``. The ideas themselves live in the notebooks. A
lesson's widget or task has a module of its name (``shape_explorer``, ``gate_playground``,
``recall_task``, ``memory_explorer``, ``unit_explorer``, ``packing``, ...); the generic text
tools are in ``vocabulary``, every figure is in ``plots``, and the generic widget shells are in
``widgets``.
"""
