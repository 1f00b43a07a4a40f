"""Result tables that scripts measured once and notebooks 06, 07, 10 and 12 read.

They ship inside the package, so a notebook finds them wherever it is opened.
Introduced in 06_why_gates.ipynb.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from helpers.i18n import _

RESULTS = Path(__file__).resolve().parent / "results"
"""The folder the scripts write to (inside the package)."""


def result_names() -> list[str]:
    """Return the names of the saved tables, such as ``memory_sweep``."""
    folder = resources.files("helpers") / "results"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def load_results(name: str) -> dict:
    """Return a saved table: ``load_results("memory_sweep")`` reads ``memory_sweep.json``.

    Raises ``ValueError`` naming the known tables when ``name`` is not one of them.
    Introduced in 06_why_gates.ipynb.
    """
    if name not in result_names():
        raise ValueError(
            _("no results table {name!r}; known: {names}").format(
                name=name, names=", ".join(result_names())
            )
        )
    return json.loads((resources.files("helpers") / "results" / f"{name}.json").read_text())


def losses_digest(losses: Sequence[float]) -> str:
    """Return the SHA-1 of ``losses`` stored as float32: equal digests mean the same bits.

    A training loop records each float32 loss with ``.item()``; stored back as float32 they are
    the bits the training computed. ``tools/experiments/rerun_check.py`` saves this digest of
    its reference run, and notebook 06 compares its own race's losses with it.
    Introduced in 06_why_gates.ipynb.
    """
    if isinstance(losses, str) or not losses:
        raise ValueError(_("losses must be a non-empty list of numbers, such as run['losses']"))
    return hashlib.sha1(array("f", losses).tobytes()).hexdigest()
