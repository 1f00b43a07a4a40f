"""tools.notebooks.code_slice: the cells a browser test runs are the ones its widget needs.

A cell the slice leaves out that the widget needed would stop the browser's run with a
NameError; a cell it keeps for nothing costs time. Each case below is a small notebook whose
needed cells are known.
"""

from __future__ import annotations

import pytest

from tools.notebooks import code_slice, source


def notebook(*cells: str) -> dict:
    code = [
        {"cell_type": "code", "source": s, "outputs": [], "execution_count": 1, "metadata": {}}
        for s in cells
    ]
    return {"cells": [{"cell_type": "markdown", "source": "# Title", "metadata": {}}, *code]}


def kept(nb: dict, *targets: str) -> list[str]:
    return [source(cell) for cell in code_slice(nb, list(targets))["cells"]]


def test_keeps_the_setup_cell_the_target_and_what_it_reads_back_to_its_last_binding():
    nb = notebook(
        "SETUP = 1",
        "import torch\nfrom helpers import explorer",
        "data = torch.zeros(3)",
        "slow = train(data)  # not needed",
        "data = torch.ones(3)",
        "explorer(data)",
        "after = 1",
    )
    assert kept(nb, "explorer(data)") == [
        "SETUP = 1",
        "import torch\nfrom helpers import explorer",
        "data = torch.ones(3)",
        "explorer(data)",
    ]


def test_a_name_read_before_it_is_bound_again_reaches_back():
    nb = notebook("", "x = 1", "y = 1", "z = 1", "x = x + 1\ny += 1\nz = 2\nshow(x, y, z)")
    assert kept(nb, "show(") == ["", "x = 1", "y = 1", "x = x + 1\ny += 1\nz = 2\nshow(x, y, z)"]


def test_names_a_cell_makes_for_itself_do_not_reach_back():
    """Loop targets, names bound earlier in a loop's body, comprehension and function names."""
    body = (
        "for name in names:\n    r = f(name)\n    print(r)\n"
        "squares = [k * k for k in range(3)]\n"
        "def g(a):\n    return a + for_me\n"
        "with open(p) as handle:\n    text = handle.read()\n"
        "try:\n    pass\nexcept ValueError as error:\n    print(error)"
    )
    own = "r = 0\nk = 0\na = 0\nhandle = 0\nerror = 0\nname = 0"
    nb = notebook("", own, "names = []\np = 'x'", "for_me = 1", body, "target(g)")
    assert kept(nb, "target(g)") == ["", "names = []\np = 'x'", "for_me = 1", body, "target(g)"]


def test_ipython_magics_and_markdown_are_left_out_and_outputs_cleared():
    nb = notebook("", "%matplotlib inline\nvalue = 3", "!ls\nshow(value)")
    sliced = code_slice(nb, ["show(value)"])
    assert [c["cell_type"] for c in sliced["cells"]] == ["code"] * 3
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in sliced["cells"])
    assert nb["cells"][1]["execution_count"] == 1, "the notebook itself is left as it was"


@pytest.mark.parametrize("target, count", [("nowhere(", 0), ("= 1", 2)])
def test_a_target_must_name_one_cell(target, count):
    with pytest.raises(ValueError, match=rf"is in {count} code cells, not 1"):
        code_slice(notebook("", "a = 1", "b = 1"), [target])


@pytest.mark.parametrize(
    "cells, kept_cells",
    [
        # a binding that may not happen (an if, a loop, a try) keeps the one before it too
        (["", "x = 1", "if flag:\n    x = 2", "w(x)"], [0, 1, 2, 3]),
        (["", "x = 1", "try:\n    x = g()\nexcept Exception:\n    pass", "w(x)"], [0, 1, 2, 3]),
        (["", "x = 1", "for i in []:\n    x = i", "w(x)"], [0, 1, 2, 3]),
        # a function reads its globals when called: the binding may come after its definition
        (["", "def cb(v):\n    show(model, v)", "model = M()", "slider(cb)"], [0, 1, 2, 3]),
        # a function that binds a global binds it where it is called
        (["", "def f():\n    global G\n    G = 1", "f()", "w(G)"], [0, 1, 2, 3]),
        (
            ["", "if True:\n    def f():\n        global G\n        G = 1", "f()", "w(G)"],
            [0, 1, 2, 3],
        ),
        # walrus, import *, a decorator, a change in place, a match
        (["", "if (x := 1): pass", "w(x)"], [0, 1, 2]),
        (["", "[y := i for i in range(3)]", "w(y)"], [0, 1, 2]),
        (["", "from helpers import *", "w(explorer)"], [0, 1, 2]),
        (["", "deco = D()", "@deco\ndef f(): pass", "w(f)"], [0, 1, 2, 3]),
        (["", "d = {}", "d['k'] = 1", "o.x += 1", "w(d)"], [0, 1, 2, 4]),
        (
            ["", "v = 1", "match v:\n    case [a, *rest]:\n        pass", "a = 0", "w(a, rest)"],
            [0, 1, 2, 3, 4],
        ),
        # IPython's magics, as IPython reads them
        (["", "%time x = f()", "w(x)"], [0, 1, 2]),
        (["", "%%capture out\nprint(1)", "w(out)"], [0, 1, 2]),
        (["", "x = !ls", "w(x)"], [0, 1, 2]),
        (["", "x = 1", "x?", "%%bash\necho hi", "w(x)"], [0, 1, 4]),
        (["", "b = 2", "x = (\n    a\n    % b\n)", "w(x)"], [0, 1, 2, 3]),
    ],
)
def test_what_may_bind_a_needed_name_is_kept(cells, kept_cells):
    nb = notebook(*cells)
    assert kept(nb, cells[-1]) == [cells[k] for k in kept_cells]


def test_a_cell_that_is_not_python_is_named_and_an_empty_notebook_gives_an_empty_slice():
    with pytest.raises(ValueError, match=r"code cell 1 \(\['x = \('\]\) is not Python"):
        code_slice(notebook("", "x = (", "w(x)"), ["w(x)"])
    assert code_slice({"cells": [{"cell_type": "markdown", "source": "# T"}]}, [])["cells"] == []
