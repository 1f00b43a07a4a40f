"""Every notebook carries the same header: a Colab badge, a setup cell, figures as attachments."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools import header
from tools.notebooks import notebook_paths

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = notebook_paths()


def test_the_repository_url_is_written_once():
    url = header.repository_url()
    assert url == "https://github.com/lstm-notebooks/lstm-notebooks"
    slug = url.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text()  # its two badges spell the address too
    assert f"colab.research.google.com/github/{slug}/blob/main/" in readme
    assert f"mybinder.org/v2/gh/{slug}/main" in readme


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badge_setup_cell_and_attachments(path):
    url = header.repository_url()
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    assert cells[0]["metadata"]["tags"] == ["course-header"]
    assert "".join(cells[0]["source"]) == header.badge_markdown(url, path.name)
    assert (
        f"github/{url.removeprefix('https://github.com/')}/blob/main/notebooks/{path.name}"
        in "".join(cells[0]["source"])
    )
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert first_code["metadata"]["tags"] == ["course-setup"]
    assert f"git+{url}" in "".join(first_code["source"])
    assert first_code.get("outputs") == []  # outside Colab it prints nothing
    assert header.with_header(notebook, path.name, url) == notebook  # writing again: no change
    for cell in cells:
        source = "".join(cell["source"])
        assert "../images/" not in source
        for name, data in cell.get("attachments", {}).items():
            assert f"(attachment:{name})" in source
            encoded = "".join(data["image/png"])  # a string, or nbformat's list of lines
            assert base64.b64decode(encoded) == (ROOT / "images" / name).read_bytes()
            assert (ROOT / "images" / name).with_suffix(".svg").exists()  # the source


def test_the_setup_cell_explains_a_missing_course(tmp_path):
    source = header.SETUP_CELL.format(url=header.repository_url())
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", source], cwd=tmp_path, capture_output=True, text=True
    )  # -S: no site-packages; -I: no PYTHONPATH either (it may name the course folder)
    assert done.returncode != 0
    assert "ModuleNotFoundError: This notebook needs the course installed" in done.stderr
    assert "python3 course.py lab" in done.stderr and "pip install -e ." in done.stderr
    quiet = subprocess.run([sys.executable, "-c", source], cwd=ROOT, capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == quiet.stderr == ""
