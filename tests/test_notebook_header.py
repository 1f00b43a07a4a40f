"""Every notebook carries the same header: a Colab badge, a setup cell, figures as attachments."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest

from tools import header
from tools.notebooks import ROOT, notebook_paths

NOTEBOOKS = notebook_paths()


def test_the_repository_url_is_read_from_pyproject(tmp_path, monkeypatch):
    monkeypatch.setattr(header, "ROOT", tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[project.urls]\nRepository = "https://github.com/a/b/"\n'
    )
    assert header.repository_url() == "https://github.com/a/b"
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[project.urls]\nRepository = "https://example.org/b"\n'
    )
    with pytest.raises(ValueError, match="must be a GitHub URL"):
        header.repository_url()


def test_the_readmes_badges_spell_the_repository_url():
    slug = header.repository_url().removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for badge in (
        f"colab.research.google.com/github/{slug}/blob/main/",
        f"mybinder.org/v2/gh/{slug}/main",
    ):
        assert badge in readme, f"README.md's badge must point to {badge} (pyproject.toml's URL)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_badge_setup_cell_and_attachments(path):
    url = header.repository_url()
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook["cells"]
    fix = f"{path.name}: run `python3 course.py header`"
    assert cells[0].get("metadata", {}).get("tags") == ["course-header"], f"{fix} (no badge cell)"
    assert "".join(cells[0]["source"]) == header.badge_markdown(url, path.name), fix
    assert (
        f"github/{url.removeprefix('https://github.com/')}/blob/main/notebooks/{path.name}"
        in "".join(cells[0]["source"])
    )
    first_code = next(c for c in cells if c["cell_type"] == "code")
    assert first_code.get("metadata", {}).get("tags") == ["course-setup"], f"{fix} (no setup)"
    assert f"git+{url}" in "".join(first_code["source"]), fix
    assert first_code.get("outputs") == [], f"{fix}, then `python3 course.py execute`"
    assert header.with_header(notebook, path.name, url) == notebook, fix  # current
    for cell in cells:
        source = "".join(cell["source"])
        assert "../images/" not in source, f"{fix}: it embeds the figures"
        for name, data in cell.get("attachments", {}).items():
            assert f"(attachment:{name})" in source, fix
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
