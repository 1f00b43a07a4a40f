"""Find, read and write the course's notebooks: the one module that touches their files.

Every tool that rewrites notebooks (headers, slides, handouts, re-execution) reads and writes
through here, so the file format (``json.dumps(indent=1, ensure_ascii=False)`` plus a newline,
as JupyterLab writes it) and the notebook file pattern are written once. A folder argument lets
the same functions work on another set of notebooks (a translation in ``notebooks/zh/``, say).
Standard library only: ``course.py`` imports it before ``.venv`` exists.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PATTERN = "[0-9][0-9]_*.ipynb"  # NN_topic.ipynb


def notebook_paths(folder: Path = NOTEBOOKS) -> list[Path]:
    """Return the course's notebooks in ``folder``, in order."""
    return sorted(folder.glob(PATTERN))


def normalise_number(number: str) -> str:
    """Return ``number`` ("5", "05") as a notebook's two-digit prefix; ValueError if not one."""
    text = number.strip()
    if not text.isdigit() or not 0 <= int(text) <= 99:
        raise ValueError(f"{number!r} is not a notebook number: write one such as 05 (or 5)")
    return f"{int(text):02d}"


def find_notebook(number: str, folder: Path = NOTEBOOKS) -> Path:
    """Return the notebook numbered ``number`` ("5" or "05") in ``folder``.

    Raises ValueError naming the numbers there are when there is none.
    """
    prefix = normalise_number(number)
    paths = notebook_paths(folder)
    for path in paths:
        if path.name[:2] == prefix:
            return path
    known = ", ".join(p.name[:2] for p in paths) or "none"
    raise ValueError(f"no notebook numbered {number!r} in {shown(folder)}/; there are {known}")


def shown(path: Path) -> str:
    """Return ``path`` relative to the course folder when it is inside it."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link that leads to itself
        resolved = Path(os.path.abspath(path))
    try:
        return resolved.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def read(path: Path) -> dict:
    """Return the notebook at ``path`` as a dict (its JSON)."""
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(notebook: dict) -> str:
    """Return ``notebook`` as the text of a notebook file, as JupyterLab writes it."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def write(path: Path, notebook: dict) -> None:
    """Write ``notebook`` to ``path``."""
    path.write_text(dumps(notebook), encoding="utf-8")


def rewrite_all(
    transform: Callable[[Path, dict], dict],
    *,
    check: bool,
    what: str,
    folder: Path = NOTEBOOKS,
) -> int:
    """Apply ``transform(path, notebook)`` to every notebook; write those it changes.

    With ``check``, write nothing and exit with status 1 when a notebook would change. Prints
    one line saying how many were stale (``check``) or written, and returns that number.
    """
    stale = []
    for path in notebook_paths(folder):
        notebook = read(path)
        updated = transform(path, notebook)
        if updated == notebook:
            continue
        stale.append(path.name)
        if not check:
            write(path, updated)
    verb = "stale" if check else "written"
    names = f": {', '.join(stale)}" if stale else ""
    print(f"{len(stale)} notebook(s) with {what} {verb}{names}")
    if check and stale:
        sys.exit(1)
    return len(stale)
