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


def source(cell: dict) -> str:
    """Return a cell's source as one string (files store it as a list of lines)."""
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def _scope_names(code: str, mode: str) -> tuple[set[str], set[str]]:
    """(names bound, names read) by one simple statement or expression, by Python's scopes.

    A name that a function, a lambda or a comprehension makes for itself is its own; what they
    read from outside counts as read here (``symtable``).
    """
    import symtable

    table = symtable.symtable(code, "<cell>", mode)
    symbols = table.get_symbols()
    reads = {s.get_name() for s in symbols if s.is_referenced()}
    stack = list(table.get_children())
    while stack:
        child = stack.pop()
        stack.extend(child.get_children())
        reads |= {s.get_name() for s in child.get_symbols() if s.is_global()}
    bound = {s.get_name() for s in symbols if s.is_assigned() or s.is_imported()}
    return bound | {s.get_name() for s in symbols if s.is_namespace()}, reads


def _walk(statements: list, bound: set[str], before: set[str]) -> None:
    """Add to ``bound`` what ``statements`` bind and to ``before`` what they read first.

    In the order Python runs them: a loop's or a ``with``'s target is bound before its body,
    and a body's statements one after another.
    """
    import ast

    def read(node, mode="eval") -> None:
        if node is not None:
            before.update(_scope_names(ast.unparse(node), mode)[1] - bound)

    def bind(target) -> None:
        bound.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))

    for statement in statements:
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            read(statement.iter)
            bind(statement.target)
            _walk(statement.body + statement.orelse, bound, before)
        elif isinstance(statement, (ast.While, ast.If)):
            read(statement.test)
            _walk(statement.body + statement.orelse, bound, before)
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                read(item.context_expr)
                if item.optional_vars is not None:
                    bind(item.optional_vars)
            _walk(statement.body, bound, before)
        elif isinstance(statement, ast.Try):
            _walk(statement.body, bound, before)
            for handler in statement.handlers:
                read(handler.type)
                if handler.name:
                    bound.add(handler.name)
                _walk(handler.body, bound, before)
            _walk(statement.orelse + statement.finalbody, bound, before)
        else:
            names, reads = _scope_names(ast.unparse(statement), "exec")
            if isinstance(statement, ast.AugAssign):  # x += 1 reads x first
                reads |= {n.id for n in ast.walk(statement.target) if isinstance(n, ast.Name)}
            before.update(reads - bound)
            bound.update(names)


def _names(code: str) -> tuple[set[str], set[str]]:
    """Return (the names a cell binds, the names it reads before binding them itself).

    A name read and bound in one statement (``x = x + 1``) is read first. IPython's ``%`` and
    ``!`` lines are left out.
    """
    import ast

    lines = [line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))]
    bound: set[str] = set()
    before: set[str] = set()
    _walk(ast.parse("\n".join(lines)).body, bound, before)
    return bound, before


def code_slice(notebook: dict, targets: list[str]) -> dict:
    """Return a copy of ``notebook`` with only the code cells that ``targets`` need.

    A target is a piece of code; each must occur in one code cell. Kept: the first code cell
    (the course setup: it sets the Chinese edition's language), every cell holding a target,
    and each earlier cell that binds a name a kept cell reads, back to the last cell that binds
    it. Markdown cells and outputs are dropped. A slice by names: a cell that only changes an
    object in place, binding nothing a kept cell reads, is left out.
    """
    import copy

    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    keep = {0}
    for target in targets:
        found = [k for k, cell in enumerate(cells) if target in source(cell)]
        if len(found) != 1:
            raise ValueError(f"{target!r} is in {len(found)} code cells, not 1: name a longer part")
        keep.add(found[0])
    wanted: set[str] = set()
    for k in range(len(cells) - 1, -1, -1):
        bound, reads = _names(source(cells[k]))
        if k in keep or bound & wanted:
            keep.add(k)
            wanted = (wanted - bound) | reads
    sliced = copy.deepcopy(notebook)
    sliced["cells"] = [copy.deepcopy(cells[k]) for k in sorted(keep)]
    for cell in sliced["cells"]:
        cell["outputs"], cell["execution_count"] = [], None
    return sliced
