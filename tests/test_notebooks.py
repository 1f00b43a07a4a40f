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
    steps = "MAINTAINING.md, 'Adding a notebook', step 2"
    assert text.startswith(f"# {path.name[:2]} · "), (
        f"{path.name}: its first cell after the badge starts '# {path.name[:2]} · Title' ({steps})"
    )
    parts = ("**You will learn**", "**Before this:**", "## Summary", "## Exercise", "**Next:**")
    for part in parts:
        assert part in text, f"{path.name} lacks {part!r}: write it ({steps})"
    assert text.count("<details>") == text.count("</details>") >= 1, (
        f"{path.name}: each exercise has a solution in <details>...</details> ({steps})"
    )
    assert text.count("*Hint:*") >= 1, f"{path.name}: an exercise needs a '*Hint:*' ({steps})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_executed_in_order_without_errors(path):
    notebook = load(path)
    counts = [c["execution_count"] for c in notebook["cells"] if c["cell_type"] == "code"]
    rerun = f"`python3 course.py execute {path.name[:2]}`"
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: re-run it with {rerun}"
    for index, cell in enumerate(notebook["cells"]):
        for output in cell.get("outputs", []):
            where = f"{path.name} cell {index}"
            assert output["output_type"] != "error", f"{where} failed: fix it, then {rerun}"
            assert output.get("name") != "stderr", (
                f"stderr in {where} (fix, then {rerun}): {output}"
            )
            assert not MACHINE_PATH.search(json.dumps(output)), (
                f"{where} shows a local path: print it relative to the course folder, then {rerun}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_and_links_are_local_and_exist(path):
    """Figures travel inside the notebook (attachments), with alt text; links point home."""
    notebook = load(path)
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown" or "course-header" in cell["metadata"].get("tags", []):
            continue
        source = "".join(cell["source"])
        for target in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", source):
            header = (
                "link images/NAME.svg as ](../images/NAME.svg), then `python3 course.py header`"
            )
            assert target.startswith("attachment:"), f"{path.name}: {target}: {header}"
            assert target.removeprefix("attachment:") in cell.get("attachments", {}), header
        assert not re.search(r"!\[\]\(", source), f"{path.name}: write alt text in ![...](...)"
    text = markdown(notebook)
    for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", text):
        assert (path.parent / target).exists(), f"link to a missing notebook: {target}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_are_short(path):
    """The idea stays in the notebook in short cells; longer plumbing belongs in helpers/."""
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "code":
            lines = "".join(cell["source"]).rstrip("\n").splitlines()
            assert len(lines) <= 25, (
                f"{path.name}: a {len(lines)}-line cell starting {lines[0]!r}: split it, or move "
                "its plumbing into helpers/ (at most 25 lines)"
            )


UNFINISHED_BAR = re.compile(r"(\d+)%\|.*?\| *(\d+)/(\d+)")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_progress_bars_show_their_end(path):
    """A committed bar reads 100 %, not the 0 % it showed when it first appeared."""
    for cell in load(path)["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/plain", ""))
            for percent, done, total in UNFINISHED_BAR.findall(text):
                assert percent == "100" and done == total, (
                    f"{path.name}: stale progress bar {text!r}: "
                    f"`python3 course.py execute {path.name[:2]}` stores its end"
                )


PLOT_CALL = re.compile(r"^(?!def |from |import ).*\bplot_\w+\(", re.MULTILINE)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_plotting_cell_shows_its_figure(path):
    """A cell that calls a course plot function has a figure among its committed outputs."""
    for index, cell in enumerate(load(path)["cells"]):
        if cell["cell_type"] == "code" and PLOT_CALL.search("".join(cell["source"])):
            kinds = [k for output in cell["outputs"] for k in output.get("data", {})]
            assert "image/png" in kinds, (
                f"cell {index} of {path.name} shows no figure: end it with the figure (or "
                f"plt.show()), then `python3 course.py execute {path.name[:2]}`"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name[:2])
def test_the_experiments_a_notebook_names_exist(path):
    """A command a notebook tells the reader to run names a module that is there."""
    root = Path(__file__).resolve().parents[1]
    text = path.read_text(encoding="utf-8")
    assert "scripts/" not in text, f"{path.name}: the experiments live in tools/experiments/"
    for name in re.findall(r"tools[./]experiments[./](\w+)", text):
        assert (root / "tools" / "experiments" / f"{name}.py").exists(), f"{path.name}: {name}"
