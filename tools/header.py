"""Write every notebook's header from one template, so each one runs wherever it is opened.

    python3 course.py header           # write the headers into notebooks/*.ipynb
    python3 course.py header --check   # exit 1 if a notebook's header is stale

For each notebook it writes:

1. a first markdown cell with an "Open in Colab" badge for that notebook and a link to its
   Chinese twin in ``notebooks/zh/`` (written by ``tools/translate.py``);
2. a first code cell that, only in Colab, installs the course from its repository, and
   anywhere stops with a message saying what to run when the course is not installed;
3. every figure of ``images/`` that a markdown cell shows as an attachment of that cell, so
   that a notebook copied alone into a folder still shows its figures. The SVG files are the
   sources; JupyterLab does not render SVG attachments, so the PNG beside each one is
   embedded (``--figures`` remakes the PNGs with ``rsvg-convert``, from Debian's
   librsvg2-bin).

The repository URL is written once, in pyproject.toml ([project.urls] Repository).
Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import copy
import re
import subprocess
from pathlib import Path

from tools.notebooks import rewrite_all

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "images"
HEADER_TAG, SETUP_TAG = "course-header", "course-setup"
IMAGE_LINK = re.compile(r"\]\((?:\.\./images/|attachment:)([\w.-]+)\.(?:svg|png)\)")

SETUP_CELL = """\
# Course setup. In Colab: install the course from its repository. Anywhere: check it is here.
import sys

if "google.colab" in sys.modules:  # only in Colab; elsewhere this cell does nothing
    import subprocess

    course = "lstm-notebooks @ git+{url}"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", course], check=True)
try:
    import helpers  # noqa: F401 - the course's plumbing: plots, widgets, data, checks
except ModuleNotFoundError:
    raise ModuleNotFoundError(
        "This notebook needs the course installed in its kernel. In a terminal, in the course "
        "folder, run `python3 course.py lab`, or `pip install -e .` in this environment; in "
        "Colab, run this cell again.") from None"""


def repository_url() -> str:
    """Return the repository URL written in pyproject.toml."""
    text = (ROOT / "pyproject.toml").read_text()
    try:
        import tomllib  # Python 3.11 and newer
    except ModuleNotFoundError:  # Python 3.10: the one line is enough
        match = re.search(r'^Repository = "([^"]+)"', text, re.MULTILINE)
        url = match.group(1) if match else ""
    else:
        url = tomllib.loads(text)["project"]["urls"]["Repository"]
    url = url.rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"pyproject.toml's Repository must be a GitHub URL, got {url!r}")
    return url


def badge_markdown(url: str, name: str) -> str:
    """Return the "Open in Colab" badge of notebook ``name`` of the repository at ``url``."""
    path = url.removeprefix("https://github.com/")
    return (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"(https://colab.research.google.com/github/{path}/blob/main/notebooks/{name})"
        f" · [中文版](zh/{name})"
    )


def _cell(kind: str, source: str, tag: str, cell_id: str) -> dict:
    cell = {
        "cell_type": kind,
        "id": cell_id,
        "metadata": {"tags": [tag]},
        "source": source.splitlines(keepends=True),
    }
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def with_header(notebook: dict, name: str, url: str) -> dict:
    """Return a copy of ``notebook`` with its badge, setup cell and figure attachments."""
    notebook = copy.deepcopy(notebook)
    cells = [
        c
        for c in notebook["cells"]
        if not {HEADER_TAG, SETUP_TAG} & set(c.get("metadata", {}).get("tags", []))
    ]
    setup = next(
        (c for c in notebook["cells"] if SETUP_TAG in c.get("metadata", {}).get("tags", [])), None
    )
    setup_cell = _cell("code", SETUP_CELL.format(url=url), SETUP_TAG, "course-setup")
    if setup is not None and "".join(setup["source"]) == SETUP_CELL.format(url=url):
        setup_cell = setup  # unchanged: keep its execution count and outputs
    badge = next(
        (c for c in notebook["cells"] if HEADER_TAG in c.get("metadata", {}).get("tags", [])), None
    )
    badge_cell = _cell("markdown", badge_markdown(url, name), HEADER_TAG, "course-header")
    if badge is not None and badge["source"] == badge_cell["source"]:
        badge_cell = badge  # unchanged: keep its other metadata (slides, say)
    first_code = next((k for k, c in enumerate(cells) if c["cell_type"] == "code"), len(cells))
    cells.insert(first_code, setup_cell)
    cells.insert(0, badge_cell)
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        names = IMAGE_LINK.findall(source)
        if not names:
            continue
        cell["source"] = IMAGE_LINK.sub(r"](attachment:\1.png)", source).splitlines(keepends=True)
        cell["attachments"] = {  # one base64 string, as nbformat writes a PNG
            f"{n}.png": {"image/png": base64.b64encode((IMAGES / f"{n}.png").read_bytes()).decode()}
            for n in names
        }
    notebook["cells"] = cells
    return notebook


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="course.py header", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if a notebook's header is stale",
    )
    parser.add_argument(
        "--figures",
        action="store_true",
        help="first remake images/*.png and images/zh/*.png from their SVG (rsvg-convert)",
    )
    args = parser.parse_args(argv)
    if args.figures:
        for svg in sorted([*IMAGES.glob("*.svg"), *IMAGES.glob("zh/*.svg")]):  # zh: Chinese
            subprocess.run(
                ["rsvg-convert", "-z", "1.5", str(svg), "-o", str(svg.with_suffix(".png"))],
                check=True,
            )
    url = repository_url()
    rewrite_all(
        lambda path, notebook: with_header(notebook, path.name, url),
        check=args.check,
        what="headers",
    )


if __name__ == "__main__":
    main()
