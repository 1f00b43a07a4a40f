"""Students' copies of the notebooks: no solutions, no speaker notes, no outputs.

    python3 course.py handout DIR [--force] [--lang zh]

Every code cell stays, the self-checks included; a ``<details>`` block (a solution) is cut
from the markdown around it. Standard library only.
"""

from __future__ import annotations

import re
from pathlib import Path

from tools.notebooks import NOTEBOOKS, notebook_paths, read, write

SOLUTION = re.compile(r"\n?<details>.*?</details>\n?", re.DOTALL)


class HandoutError(Exception):
    """A handout that cannot be written as asked; the message says why (nothing was written)."""


def handout_copy(notebook: dict) -> dict:
    """Return a student's copy: solutions and speaker notes removed, outputs cleared."""
    cells = []
    for cell in notebook["cells"]:
        if "speaker-notes" in cell.get("metadata", {}).get("tags", []):
            continue
        cell = dict(cell)
        if cell["cell_type"] == "markdown":
            text = SOLUTION.sub("\n", "".join(cell["source"])).strip("\n")
            cell["source"] = text.splitlines(keepends=True)
        elif cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    metadata = {k: v for k, v in notebook.get("metadata", {}).items() if k != "widgets"}
    return {**notebook, "cells": cells, "metadata": metadata}


def _same(path: Path, other: Path) -> bool:
    """Whether two paths are one folder, also on a case-insensitive disk or through a link."""
    try:
        return path.samefile(other)
    except OSError:  # a folder that does not exist yet is not notebooks/
        return False


def check_target(folder: str, force: bool, source: Path = NOTEBOOKS) -> Path:
    """Return the folder to write into, or raise HandoutError; creates nothing."""
    if not folder.strip():
        raise HandoutError("name the folder to write the handouts into, such as handouts/")
    target = Path(folder).expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise HandoutError(f"{folder} is a file, not a folder (nothing was written)")
    if any(_same(folder_, NOTEBOOKS) for folder_ in (target, *target.parents)):
        raise HandoutError("refusing to write handouts into notebooks/: choose another folder")
    existing = [p.name for p in notebook_paths(source) if (target / p.name).exists()]
    if existing and not force:
        raise HandoutError(
            f"{len(existing)} file(s) already in {folder}, such as {existing[0]}: "
            "nothing was written; add --force to overwrite them"
        )
    return target


def write_handouts(folder: str, force: bool, source: Path = NOTEBOOKS) -> list[Path]:
    """Write a student's copy of every notebook of ``source`` into ``folder``; return the paths.

    ``folder`` is created when missing. Raises HandoutError, having written nothing, when
    ``folder`` is inside notebooks/ or already holds a notebook of that name (without ``force``),
    and when the folder cannot be created or written (saying how many were written).
    """
    target = check_target(folder, force, source)
    copies = [(target / path.name, handout_copy(read(path))) for path in notebook_paths(source)]
    written: list[Path] = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for path, copy in copies:
            write(path, copy)
            written.append(path)
    except OSError as error:  # a read-only folder, a file on the way, a folder not allowed
        reason = error.strerror or str(error)
        done = f"{len(written)} of {len(copies)} were written" if written else "nothing was written"
        raise HandoutError(
            f"cannot write into {folder} ({reason}: {error.filename or folder}): "
            f"choose a folder you can write to ({done})"
        ) from None
    return written
