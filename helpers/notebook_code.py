"""Run the cells of a notebook that define names, so tests and scripts use the code learners read.

Introduced for tests/ and scripts/; notebooks do not need it.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def notebook_definitions(name: str, *prefixes: str, **names: object) -> dict:
    """Run notebook ``name``'s import cell (the first code cell after the course-setup cell)
    and each code cell starting with one of ``prefixes``.

    Each prefix must start exactly one cell (``"class Tagger("``, ``"def masked_mean("``...).
    ``names`` are put in the namespace first (``device=...``), for functions that read them.
    Returns the namespace the cells ran in.
    """
    cells = ["".join(c["source"]) for c in json.loads((NOTEBOOKS / name).read_text())["cells"]
             if c["cell_type"] == "code"
             and "course-setup" not in c.get("metadata", {}).get("tags", [])]
    namespace: dict = {}
    exec(cells[0], namespace)  # the imports
    namespace.update(names)
    for prefix in prefixes:
        matching = [c for c in cells if c.startswith(prefix)]
        if len(matching) != 1:
            raise LookupError(f"{len(matching)} cells of {name} start with {prefix!r}")
        exec(matching[0], namespace)
    return namespace
