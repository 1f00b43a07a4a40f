"""Classroom mode: slide metadata (rules and overrides), `course.py slides` and `handout`."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
spec = importlib.util.spec_from_file_location("slides", ROOT / "scripts" / "slides.py")
slides = importlib.util.module_from_spec(spec)
spec.loader.exec_module(slides)


def cell(kind, source, *tags):
    return {"cell_type": kind, "source": source, "metadata": {"tags": list(tags)}}


def test_slide_rules():
    text = cell("markdown", "Some words.")
    assert slides.slide_type(cell("markdown", "# 01 · Title"), None) == "slide"
    assert slides.slide_type(cell("markdown", "## 2. A section\n\nwords"), text) == "slide"
    assert slides.slide_type(cell("markdown", "> **Common mistake: x**"), text) == "subslide"
    assert slides.slide_type(cell("markdown", "**3.** An exercise"), text) == "subslide"
    assert slides.slide_type(cell("markdown", "**Next:** [02](x)"), text) == "subslide"
    assert slides.slide_type(cell("code", "x = 1"), text) == "fragment"  # code after text
    assert slides.slide_type(cell("code", "y = 2"), cell("code", "x = 1")) == "-"
    assert slides.slide_type(text, text) == "-"
    assert slides.slide_type(cell("markdown", "badge", "course-header"), None) == "skip"
    assert slides.slide_type(cell("code", "import sys", "course-setup"), text) == "skip"
    assert slides.slide_type(cell("markdown", "Ask: ...", "speaker-notes"), text) == "notes"


def test_an_override_in_the_notebook_wins():
    assert slides.slide_type(cell("markdown", "## 2. A section", "slide=subslide"), None) == \
        "subslide"
    assert slides.slide_type(cell("code", "x = 1", "slide=skip"), cell("markdown", "t")) == "skip"
    with pytest.raises(ValueError, match="slide type must be one of"):
        slides.slide_type(cell("code", "x", "slide=popup"), None)
    notebook = {"cells": [cell("markdown", "# 00 · T"), cell("code", "x", "slide=slide")]}
    assert [c["metadata"]["slideshow"]["slide_type"]
            for c in slides.with_slides(notebook)["cells"]] == ["slide", "slide"]


def test_every_notebook_has_current_slides():
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "slides.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_title_slide_a_slide_per_section_and_speaker_notes(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kinds = [(c["metadata"]["slideshow"]["slide_type"], "".join(c["source"])) for c in cells]
    shown = [(k, s) for k, s in kinds if k not in ("skip", "notes")]
    assert shown[0][0] == "slide" and shown[0][1].startswith(f"# {path.name[:2]} · ")
    for cell_ in cells:
        source = "".join(cell_["source"])
        if cell_["cell_type"] == "markdown" and "\n## " in "\n" + source:
            assert source.startswith("## "), f"a section must start its cell: {source[:40]!r}"
            assert cell_["metadata"]["slideshow"]["slide_type"] == "slide"
    assert any(k == "notes" for k, _ in kinds), "every notebook has speaker notes"
    assert all(s.startswith("> **Teaching note.**") for k, s in kinds if k == "notes")


def course(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "course.py"), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_slides_and_handout_refuse_bad_arguments_and_write_nothing(tmp_path):
    done = course("slides", "42")
    assert done.returncode != 0 and "no notebook numbered '42'" in done.stderr
    assert "there are 00, 01" in done.stderr
    assert course("slides").returncode != 0
    done = course("handout", str(tmp_path / "missing"))
    assert done.returncode != 0 and "not an existing folder" in done.stderr
    assert not (tmp_path / "missing").exists()
    done = course("handout", str(ROOT / "notebooks"))
    assert done.returncode != 0 and "refusing to write handouts into notebooks/" in done.stderr
    (tmp_path / "01_hidden_state.ipynb").write_text("my own work")
    done = course("handout", str(tmp_path))
    assert done.returncode != 0 and "add --force" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_hidden_state.ipynb"]
    assert (tmp_path / "01_hidden_state.ipynb").read_text() == "my own work"  # untouched


def test_a_handout_has_no_solutions_keeps_every_self_check_and_runs(tmp_path):
    done = course("handout", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("*.ipynb"))) == len(NOTEBOOKS)
    for path in NOTEBOOKS:
        original = json.loads(path.read_text(encoding="utf-8"))
        copy = json.loads((tmp_path / path.name).read_text(encoding="utf-8"))
        text = json.dumps(copy["cells"])
        assert "<details>" not in text and "Solution</summary>" not in text
        assert "Teaching note" not in text
        code = [c for c in original["cells"] if c["cell_type"] == "code"]
        kept = [c for c in copy["cells"] if c["cell_type"] == "code"]
        assert [c["source"] for c in kept] == [c["source"] for c in code]  # self-checks too
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in kept)
    notebook = nbformat.read(tmp_path / "01_hidden_state.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert printed.count("Not answered yet") == 4  # the four self-checks, waiting for answers
