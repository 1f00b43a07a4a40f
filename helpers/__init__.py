"""Plumbing for the lstm-notebooks course: device, shapes, plots, widgets and self-checks.

Import what you need from the submodules by name, for example
``from helpers.shapes import lstm_shapes``. The ideas themselves live in the notebooks.
"""

__all__ = [
    "autograd",
    "checks",
    "data",
    "device",
    "doctor",
    "explorer",
    "forecasting",
    "genre",
    "memory",
    "notebook_code",
    "plots",
    "probing",
    "results",
    "scan",
    "seq2seq",
    "shapes",
    "tagging",
    "timing",
    "widgets",
]
