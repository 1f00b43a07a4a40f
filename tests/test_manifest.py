"""The course manifest (tools/manifest.py) is the one list of notebooks; the rest agrees with it.

Adding a notebook (MAINTAINING.md) means adding it to the manifest; these tests then name every
other place that must mention it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools.manifest import NOTEBOOKS, SUITE_BUDGET_S, notebook
from tools.notebooks import NOTEBOOKS as FOLDER
from tools.notebooks import find_notebook, notebook_paths, read

ROOT = Path(__file__).resolve().parents[1]


def rows(text: str) -> dict[str, list[str]]:
    """Return the cells of each markdown table row that starts with a notebook number."""
    found = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and re.fullmatch(r"\d\d", cells[0]):
            found[cells[0]] = cells
    return found


def test_the_manifest_lists_the_notebooks_folder_in_order():
    assert [n.file for n in NOTEBOOKS] == [p.name for p in notebook_paths()]
    numbers = [int(n.number) for n in NOTEBOOKS]
    assert numbers[0] == 0 and numbers == sorted(set(numbers)), "in order, each number once"
    assert all(n.number == f"{int(n.number):02d}" for n in NOTEBOOKS), "two digits"
    assert all(n.file.startswith(f"{n.number}_") for n in NOTEBOOKS)
    assert sum(n.budget_s for n in NOTEBOOKS) >= SUITE_BUDGET_S > 0


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.number)
def test_each_notebook_opens_with_its_number_and_links_the_next(entry):
    cells = read(FOLDER / entry.file)["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert f"\n# {entry.number} · " in "\n" + text
    following = [n for n in NOTEBOOKS if n.number > entry.number]
    if following:
        nxt = following[0]
        link = rf"\*\*Next:\*\* \[{nxt.number} · [^\]]+\]\({re.escape(nxt.file)}\)"
        assert re.search(link, text), f"{entry.file} must link {nxt.file} as **Next:**"


def test_the_readme_table_names_every_notebook_with_its_time():
    table = rows((ROOT / "README.md").read_text(encoding="utf-8"))
    assert list(table) == [n.number for n in NOTEBOOKS]
    for entry in NOTEBOOKS:
        cells = table[entry.number]
        assert cells[1] == f"[{entry.title}](notebooks/{entry.file})"
        assert cells[-1] == f"{entry.measured_s} s"


def test_the_map_in_notebook_00_names_every_other_notebook():
    cells = read(FOLDER / NOTEBOOKS[0].file)["cells"]
    table = rows("\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"))
    assert list(table) == [n.number for n in NOTEBOOKS]
    for entry in NOTEBOOKS[1:]:
        assert table[entry.number][1] == f"[{entry.title}]({entry.file})"


def test_teaching_plans_every_notebook_with_its_time():
    text = (ROOT / "TEACHING.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (\d\d) · (.+) — (\d+) s$", text, re.MULTILINE)
    assert headings == [(n.number, n.title, str(n.measured_s)) for n in NOTEBOOKS]


def test_a_notebook_number_is_found_written_either_way():
    assert find_notebook("5") == find_notebook("05") == FOLDER / notebook("5").file
    with pytest.raises(ValueError, match="there are 00, 01"):
        find_notebook("42")
    with pytest.raises(ValueError, match="not a notebook number"):
        find_notebook("five")
