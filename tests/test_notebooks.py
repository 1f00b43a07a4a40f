"""Every notebook is a complete lesson, committed executed in order, with local figures only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tools.notebooks import notebook_paths

NOTEBOOKS = notebook_paths()
MACHINE_PATH = re.compile(r"(/work/|/tmp/|/root/|/home/|[A-Z]:\\\\Users)")


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def markdown(notebook: dict) -> str:
    """The lesson's markdown, without the Colab badge cell that every notebook starts with."""
    cells = [
        c for c in notebook["cells"] if "course-header" not in c.get("metadata", {}).get("tags", [])
    ]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_lesson_structure(path):
    text = markdown(load(path))
    assert text.startswith(f"# {path.name[:2]} · "), "first cell: '# NN · Title'"
    parts = ("**You will learn**", "**Before this:**", "## Summary", "## Exercise", "**Next:**")
    for part in parts:
        assert part in text, f"{path.name} lacks {part}"
    assert text.count("<details>") == text.count("</details>") >= 1  # collapsible solutions
    assert text.count("*Hint:*") >= 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed_in_order_without_errors(path):
    notebook = load(path)
    counts = [c["execution_count"] for c in notebook["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1)), "re-run with `python3 course.py execute`"
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error"
            assert output.get("name") != "stderr", f"stderr output in {path.name}: {output}"
            assert not MACHINE_PATH.search(json.dumps(output)), "an output shows a local path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_and_links_are_local_and_exist(path):
    """Figures travel inside the notebook (attachments), with alt text; links point home."""
    notebook = load(path)
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown" or "course-header" in cell["metadata"].get("tags", []):
            continue
        source = "".join(cell["source"])
        for target in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", source):
            assert target.startswith("attachment:"), f"a figure must be an attachment: {target}"
            assert target.removeprefix("attachment:") in cell.get("attachments", {})
        assert not re.search(r"!\[\]\(", source), "every image needs alt text"
    text = markdown(notebook)
    for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", text):
        assert (path.parent / target).exists(), f"link to a missing notebook: {target}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short(path):
    """The idea stays in the notebook in short cells; longer plumbing belongs in helpers/."""
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            lines = "".join(cell["source"]).rstrip("\n").splitlines()
            assert len(lines) <= 25, f"a {len(lines)}-line cell starting {lines[0]!r}"


UNFINISHED_BAR = re.compile(r"(\d+)%\|.*?\| *(\d+)/(\d+)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_progress_bars_show_their_end(path):
    """A committed bar reads 100 %, not the 0 % it showed when it first appeared."""
    for cell in load(path)["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/plain", ""))
            for percent, done, total in UNFINISHED_BAR.findall(text):
                assert percent == "100" and done == total, f"stale progress bar: {text!r}"


PLOT_CALL = re.compile(r"^(?!def |from |import ).*\bplot_\w+\(", re.MULTILINE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_plotting_cell_shows_its_figure(path):
    """A cell that calls a course plot function has a figure among its committed outputs."""
    for index, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] == "code" and PLOT_CALL.search("".join(cell["source"])):
            kinds = [k for output in cell["outputs"] for k in output.get("data", {})]
            assert "image/png" in kinds, f"cell {index} of {path.name} shows no figure"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_experiments_a_notebook_names_exist(path):
    """A command a notebook tells the reader to run names a module that is there."""
    root = Path(__file__).resolve().parents[1]
    text = path.read_text(encoding="utf-8")
    assert "scripts/" not in text, f"{path.name}: the experiments live in tools/experiments/"
    for name in re.findall(r"tools[./]experiments[./](\w+)", text):
        assert (root / "tools" / "experiments" / f"{name}.py").exists(), f"{path.name}: {name}"
