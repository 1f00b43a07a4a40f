"""The rule for code a notebook teaches and something else reuses (STYLE.md), checked fast.

Nothing runs here: the tagged cells are parsed, so a rename or a lost tag in a notebook fails
this test in a second, not a script that someone runs hours later.
"""

from __future__ import annotations

import ast
import json

from helpers.notebook_code import NOTEBOOKS, REUSED, TAG, tagged_cells


def defined_names(source: str) -> set[str]:
    """Return the names a cell binds at its top level: defs, classes, assignments, imports."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def test_reused_cells_are_tagged_and_define_the_names_their_users_read():
    tagged = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        wrong = [
            c["cell_type"]
            for c in cells
            if TAG in c.get("metadata", {}).get("tags", []) and c["cell_type"] != "code"
        ]
        assert not wrong, f"{path.name}: only code cells can be tagged {TAG!r}"
        if tagged_cells(path.name):
            tagged[path.name] = tagged_cells(path.name)
    assert set(tagged) == set(REUSED), "tag the cells of, and list in REUSED, the same notebooks"
    for name, sources in tagged.items():
        defined = set().union(*(defined_names(s) for s in sources))
        missing = sorted(set(REUSED[name]) - defined)
        assert not missing, f"the {TAG!r} cells of {name} no longer define {missing}"
