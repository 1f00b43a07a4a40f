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
from dataclasses import dataclass, field
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


def shown(path: Path, root: Path = ROOT) -> str:
    """Return ``path`` relative to the course folder (``root``) when it is inside it."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link that leads to itself
        resolved = Path(os.path.abspath(path))
    try:
        return resolved.relative_to(root).as_posix()
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


@dataclass
class _Names:
    """What one code cell does with names, for ``code_slice``.

    ``sure``: names it always binds; ``maybe``: names it may bind or change in place (inside an
    ``if``, a loop or a ``try``; ``d[k] = v``; a function's ``global``); ``before``: names it
    reads before binding them itself; ``later``: names that the functions it defines read when
    they are called; ``opaque``: it may bind anything (``import *``, ``%run``); ``calls``: the
    globals each function it defines binds when called (``global G``).
    """

    sure: set[str] = field(default_factory=set)
    maybe: set[str] = field(default_factory=set)
    before: set[str] = field(default_factory=set)
    later: set[str] = field(default_factory=set)
    opaque: bool = False
    calls: dict[str, set[str]] = field(default_factory=dict)  # function -> globals it binds


COMPREHENSIONS = {"listcomp", "setcomp", "dictcomp", "genexpr"}
CODE_MAGICS = {"time", "timeit", "prun", "capture"}  # magics that run Python code: read it
OPAQUE_MAGICS = {"run", "store", "load"}  # magics that may bind any name


def _scope_names(code: str, mode: str, names: _Names, *, sure: bool) -> None:
    """Add what one simple statement (or expression) binds and reads, by Python's scopes.

    A name a function, a lambda or a comprehension makes for itself is its own. What a
    comprehension reads, it reads now; what a function or a lambda reads, it reads when called.
    """
    import symtable

    table = symtable.symtable(code, "<cell>", mode)
    symbols = table.get_symbols()
    reads = {s.get_name() for s in symbols if s.is_referenced()}
    bound = {s.get_name() for s in symbols if s.is_assigned() or s.is_imported()}
    bound |= {s.get_name() for s in symbols if s.is_namespace()}
    stack = [(child, False, child.get_name()) for child in table.get_children()]
    while stack:
        child, deferred, owner = stack.pop()
        deferred = deferred or child.get_name() not in COMPREHENSIONS
        deferred = deferred and child.get_type() != "class"
        stack.extend((grandchild, deferred, owner) for grandchild in child.get_children())
        for symbol in child.get_symbols():
            if symbol.is_global() and symbol.is_referenced():
                (names.later if deferred else reads).add(symbol.get_name())
            if symbol.is_declared_global() and symbol.is_assigned():
                (names.maybe if deferred else bound).add(symbol.get_name())
                if deferred:
                    names.calls.setdefault(owner, set()).add(symbol.get_name())
    names.before |= reads - names.sure
    (names.sure if sure else names.maybe).update(bound)


def _magic_code(call) -> tuple[str, str] | None:
    """For ``get_ipython().run_line_magic(name, line)`` or ``run_cell_magic(name, line, cell)``
    (IPython's translation of ``%name line``): (name, the code it runs or ""), else None."""
    import ast

    function = call.func
    if not (isinstance(function, ast.Attribute) and function.attr.startswith("run_")):
        return None
    args = [a.value for a in call.args if isinstance(a, ast.Constant)]
    if function.attr == "run_line_magic" and len(args) == 2:
        return args[0], " ".join(w for w in args[1].split() if not w.startswith("-"))
    if function.attr == "run_cell_magic" and len(args) == 3:
        return args[0], args[2]
    return None


def _walk(statements: list, names: _Names, *, sure: bool = True) -> None:
    """Add what ``statements`` bind and read, in the order Python runs them.

    A loop's or a ``with``'s target is bound before its body, a body's statements one after
    another; what a loop, an ``if`` or a ``try`` binds is bound only maybe.
    """
    import ast

    def read(node) -> None:
        if node is not None:
            _scope_names(ast.unparse(node), "eval", names, sure=sure)

    def bind(target, surely: bool) -> None:
        targets = {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        (names.sure if surely else names.maybe).update(targets)

    for statement in statements:
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            read(statement.iter)
            inner = _Names(
                set(names.sure), names.maybe, names.before, names.later, calls=names.calls
            )
            inner.sure |= {n.id for n in ast.walk(statement.target) if isinstance(n, ast.Name)}
            _walk(statement.body + statement.orelse, inner)
            names.maybe |= inner.sure - names.sure
            names.opaque |= inner.opaque
        elif isinstance(statement, (ast.While, ast.If, ast.Try, ast.Match)):
            read(getattr(statement, "test", None) or getattr(statement, "subject", None))
            branches = [(getattr(statement, "body", []), set())]  # statements, bound at start
            branches += [
                (c.body, _pattern_names(c.pattern)) for c in getattr(statement, "cases", [])
            ]
            branches += [(h.body, {h.name} - {None}) for h in getattr(statement, "handlers", [])]
            branches += [(getattr(statement, name, []), set()) for name in ("orelse", "finalbody")]
            for body, given in branches:
                inner = _Names(
                    names.sure | given, names.maybe, names.before, names.later, calls=names.calls
                )
                _walk(body, inner)
                names.maybe |= inner.sure - names.sure
                names.opaque |= inner.opaque
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            for item in statement.items:
                read(item.context_expr)
                if item.optional_vars is not None:
                    bind(item.optional_vars, sure)
            _walk(statement.body, names, sure=sure)
        else:
            if isinstance(statement, ast.ImportFrom) and any(
                a.name == "*" for a in statement.names
            ):
                names.opaque = True
            if isinstance(statement, ast.AugAssign) and isinstance(statement.target, ast.Name):
                names.before |= {statement.target.id} - names.sure  # x += 1 reads x first
            _scope_names(ast.unparse(statement), "exec", names, sure=sure)
            for node in ast.walk(statement):
                if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(
                    node.ctx, (ast.Store, ast.Del)
                ):  # d[k] = v, o.x += 1: changes the object d or o names
                    base = node.value
                    while isinstance(base, (ast.Attribute, ast.Subscript)):
                        base = base.value
                    if isinstance(base, ast.Name):
                        names.maybe.add(base.id)
                magic = _magic_code(node) if isinstance(node, ast.Call) else None
                if magic and magic[0] in OPAQUE_MAGICS:
                    names.opaque = True
                elif magic and magic[0] in CODE_MAGICS:
                    _walk(ast.parse(_python(magic[1])).body, names, sure=sure)
                    if magic[0] == "capture":  # %%capture out: binds out
                        line = node.args[1].value if isinstance(node.args[1], ast.Constant) else ""
                        names.sure.update(w for w in line.split()[:1] if not w.startswith("-"))


def _pattern_names(pattern) -> set[str]:
    """The names a ``case`` pattern binds."""
    import ast

    found = set()
    for node in ast.walk(pattern):
        if isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name:
            found.add(node.name)
        if isinstance(node, ast.MatchMapping) and node.rest:
            found.add(node.rest)
    return found


def _python(code: str) -> str:
    """A cell's code as Python: IPython's own translation of its magics (``%time``, ``!ls``)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # no IPython: magic lines left out
        return "\n".join(
            line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))
        )
    return TransformerManager().transform_cell(code)


def _names(code: str) -> _Names:
    """Return what a cell binds and reads (``_Names``), its magics translated by IPython."""
    import ast

    names = _Names()
    _walk(ast.parse(_python(code)).body, names)
    return names


def code_slice(notebook: dict, targets: list[str]) -> dict:
    """Return a copy of ``notebook`` with only the code cells that ``targets`` need.

    A target is a piece of code; each must occur in one code cell. Kept: the first code cell
    (the course setup: it sets the Chinese edition's language), every cell holding a target,
    and, going back from the last target, each cell that binds or may bind a name a kept cell
    reads before that name's last sure binding; each cell that binds a name a kept function
    reads when called; each cell that may bind anything (``import *``, ``%run``). Markdown cells
    and outputs are dropped. A slice by names: a cell that changes an object only by calling
    its methods (``model.load_state_dict(...)``, ``torch.manual_seed(0)``) is left out.
    """
    import copy

    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    keep = {0} if cells else set()
    for target in targets:
        found = [k for k, cell in enumerate(cells) if target in source(cell)]
        if len(found) != 1:
            raise ValueError(f"{target!r} is in {len(found)} code cells, not 1: name a longer part")
        keep.add(found[0])
    infos = []
    for k, cell in enumerate(cells):
        try:
            infos.append(_names(source(cell)))
        except SyntaxError as error:
            first = source(cell).strip().splitlines()[:1]
            raise ValueError(f"code cell {k} ({first}) is not Python: {error}") from None
    binders: dict[str, set[str]] = {}  # a function -> the globals it binds when called
    for info in infos:  # a cell that calls such a function may bind them
        info.maybe |= set().union(*(binders.get(name, set()) for name in info.before))
        binders.update(info.calls)
    later: set[str] = set()
    while True:  # until what kept functions read when called adds no cell
        found, wanted, seen = set(keep), set(), set()
        for k in range(max(keep, default=-1), -1, -1):
            info = infos[k]
            if k in found or info.opaque or (info.sure | info.maybe) & (wanted | later):
                found.add(k)
                wanted = (wanted - info.sure) | info.before
                seen |= info.later
        if found == keep and seen <= later:
            break
        keep, later = found, later | seen
    sliced = copy.deepcopy(notebook)
    sliced["cells"] = [copy.deepcopy(cells[k]) for k in sorted(keep)]
    for cell in sliced["cells"]:
        cell["outputs"], cell["execution_count"] = [], None
    return sliced
