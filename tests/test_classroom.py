"""Classroom mode: slide metadata (rules and overrides), `course.py slides` and `handout`."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tools import slides
from tools.notebooks import ROOT, notebook_paths, read

NOTEBOOKS = notebook_paths()


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
    assert (
        slides.slide_type(cell("markdown", "## 2. A section", "slide=subslide"), None) == "subslide"
    )
    assert slides.slide_type(cell("code", "x = 1", "slide=skip"), cell("markdown", "t")) == "skip"
    with pytest.raises(ValueError, match="slide type must be one of"):
        slides.slide_type(cell("code", "x", "slide=popup"), None)
    notebook = {"cells": [cell("markdown", "# 00 · T"), cell("code", "x", "slide=slide")]}
    assert [
        c["metadata"]["slideshow"]["slide_type"] for c in slides.with_slides(notebook)["cells"]
    ] == ["slide", "slide"]


def printed(lines: int) -> dict:
    return {"output_type": "stream", "name": "stdout", "text": "x\n" * lines}


def png(width: int, height: int) -> str:
    """A base64 PNG header of that size: all the height estimate reads."""
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", width, height)
    return base64.b64encode(header + b"\x08\x06\x00\x00\x00").decode()


def test_cell_heights_grow_with_lines_outputs_and_images():
    code = cell("code", "x = 1")
    assert slides.cell_height(code) < slides.cell_height(cell("code", "x = 1\ny = 2"))
    long = {**code, "outputs": [printed(30)]}
    assert slides.cell_height(long) > slides.SCREEN / 2 + slides.cell_height(code)
    assert slides.png_size(png(571, 266)) == (571, 266)
    assert slides.png_size("not a picture") == (0, 0)
    figure = {
        **code,
        "outputs": [
            {
                "output_type": "display_data",
                "data": {"image/png": png(500, 400), "text/plain": "<Figure>"},
            }
        ],
    }
    wide = {
        **code,
        "outputs": [
            {
                "output_type": "display_data",
                "data": {"image/png": png(2000, 400), "text/plain": "<Figure>"},
            }
        ],
    }
    assert slides.cell_height(figure) - slides.cell_height(code) >= 400
    assert slides.cell_height(wide) < slides.cell_height(figure)  # scaled down to the width
    widget = {
        "output_type": "display_data",
        "data": {
            "application/vnd.jupyter.widget-view+json": {"model_id": "m"},
            "text/plain": "VBox()",
        },
    }
    bar = {
        "output_type": "display_data",
        "data": {
            "application/vnd.jupyter.widget-view+json": {"model_id": "m"},
            "text/plain": "steps: 100%|##########| 300/300 [00:03<00:00]",
        },
    }
    assert slides.output_height(widget) == slides.WIDGET
    assert slides.output_height(bar) < slides.OUTPUT_LINE * 2  # a progress bar is one line
    paragraph = cell("markdown", "## 1. A\n\n" + "word " * 20 + "\nmore words")
    assert slides.markdown_height(paragraph) < slides.markdown_height(
        cell("markdown", "## 1. A\n\n" + "word " * 200)
    )  # a soft break joins the lines
    solution = "**1.** Task.\n\n<details><summary>Solution</summary>\n\n" + "code\n" * 40
    assert slides.markdown_height(cell("markdown", solution + "</details>")) < slides.SCREEN / 4


def test_a_section_too_tall_for_the_screen_goes_on_in_a_subslide():
    section = cell("markdown", "## 2. A section\n\nSome words.")
    first = {**cell("code", "print(x)"), "outputs": [printed(25)]}
    second = {**cell("code", "print(y)"), "outputs": [printed(25)]}
    notebook = {
        "cells": [
            section,
            first,
            cell("markdown", "Notice: x."),
            second,
            cell("markdown", "Notice: y."),
        ]
    }
    kinds = [
        c["metadata"]["slideshow"]["slide_type"] for c in slides.with_slides(notebook)["cells"]
    ]
    assert kinds == ["slide", "fragment", "-", "subslide", "-"]
    assert slides.slide_type(second, cell("markdown", "t")) == "fragment"  # without the height
    short = {"cells": [section, cell("code", "x"), cell("markdown", "t"), cell("code", "y")]}
    assert [
        c["metadata"]["slideshow"]["slide_type"] for c in slides.with_slides(short)["cells"]
    ] == ["slide", "fragment", "-", "fragment"]
    kept = {**second, "metadata": {"tags": ["slide=-"]}}  # an override in the notebook wins
    notebook["cells"][3] = kept
    assert slides.with_slides(notebook)["cells"][3]["metadata"]["slideshow"]["slide_type"] == "-"
    tall = {**cell("code", "print(z)"), "outputs": [printed(60)]}
    assert slides.too_tall({"cells": [section, tall]}) == [(1, round(slides.cell_height(tall)))]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_has_current_slides(path):
    notebook = read(path)
    assert slides.with_slides(notebook) == notebook, "run `python3 course.py slide-metadata`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_title_slide_a_slide_per_section_and_speaker_notes(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    kinds = [(c["metadata"]["slideshow"]["slide_type"], "".join(c["source"])) for c in cells]
    shown = [(k, s) for k, s in kinds if k not in ("skip", "notes")]
    assert shown[0][0] == "slide" and shown[0][1].startswith(f"# {path.name[:2]} · "), (
        f"{path.name}: the title '# {path.name[:2]} · Title' opens the first slide; "
        "run `python3 course.py slide-metadata`"
    )
    for cell_ in cells:
        source = "".join(cell_["source"])
        if cell_["cell_type"] == "markdown" and "\n## " in "\n" + source:
            assert source.startswith("## "), (
                f"{path.name}: split this markdown cell so that its '## ' section starts a "
                f"cell of its own (a slide): {source[:40]!r}"
            )
            assert cell_["metadata"]["slideshow"]["slide_type"] == "slide", (
                f"{path.name}: run `python3 course.py slide-metadata`"
            )
    notes = "a markdown cell tagged speaker-notes whose text starts '> **Teaching note.**'"
    assert any(k == "notes" for k, _ in kinds), f"{path.name} has no speaker notes: add {notes}"
    wrong = [s[:40] for k, s in kinds if k == "notes" and not s.startswith("> **Teaching note.**")]
    assert not wrong, f"{path.name}: each speaker note is {notes}, not {wrong}"


def course(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "course.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_slides_and_handout_refuse_bad_arguments_and_write_nothing(tmp_path):
    done = course("slides", "42")
    assert done.returncode == 2 and "no notebook numbered '42'" in done.stderr
    assert "there are 00, 01" in done.stderr and "usage: course.py slides" in done.stderr
    assert course("slides").returncode == 2
    done = course("handout", str(ROOT / "notebooks"))
    assert done.returncode == 2 and "refusing to write handouts into notebooks/" in done.stderr
    assert course("handout", "").returncode == 2
    (tmp_path / "01_hidden_state.ipynb").write_text("my own work")
    done = course("handout", str(tmp_path))
    assert done.returncode == 2 and "add --force" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["01_hidden_state.ipynb"]
    assert (tmp_path / "01_hidden_state.ipynb").read_text() == "my own work"  # untouched


def test_a_handout_has_no_solutions_and_keeps_every_self_check(tmp_path):
    """The handout's code cells are the notebook's, so it runs as the notebook does (nbval runs
    each notebook once); here only what the copy drops and keeps is checked."""
    target = tmp_path / "new" / "handouts"  # a missing folder is created
    done = course("handout", str(target))
    assert done.returncode == 0, done.stderr
    assert len(list(target.glob("*.ipynb"))) == len(NOTEBOOKS)
    for path in NOTEBOOKS:
        original = json.loads(path.read_text(encoding="utf-8"))
        copy = json.loads((target / path.name).read_text(encoding="utf-8"))
        text = json.dumps(copy["cells"])
        assert "<details>" not in text and "Solution</summary>" not in text
        assert "Teaching note" not in text
        code = [c for c in original["cells"] if c["cell_type"] == "code"]
        kept = [c for c in copy["cells"] if c["cell_type"] == "code"]
        assert [c["source"] for c in kept] == [c["source"] for c in code]  # self-checks too
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in kept)
        assert "widgets" not in copy["metadata"]
    again = course("handout", str(target), "--force")  # overwrites its own copies when asked
    assert again.returncode == 0 and again.stdout.count("wrote ") == len(NOTEBOOKS)
