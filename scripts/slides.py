#!/usr/bin/env python3
"""Give every notebook slide metadata, so that it opens as a live slideshow (jupyterlab-rise).

    python3 scripts/slides.py           # write the slide metadata into notebooks/*.ipynb
    python3 scripts/slides.py --check   # exit 1 if a notebook's slide metadata is stale

Rules, in order (the first that applies wins):

- a cell tagged ``slide=TYPE`` gets TYPE: the explicit override, written in the notebook;
- the Colab badge and the course-setup cell are skipped;
- a cell tagged ``speaker-notes`` is a speaker note (shown in the presenter's view only);
- the title (``# NN · ...``) and every section (``## ...``) start a slide;
- a common-mistake box, an exercise (``**1.**``) and the ``**Next:**`` line start a sub-slide;
- a code cell that follows text is a fragment: the code, then its output, one step at a time;
- anything else continues the slide it is on.

A notebook added later gets slides by running this script again. Standard library only.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
EXERCISE = re.compile(r"\*\*\d+\.\*\*")


def slide_type(cell: dict, previous: dict | None) -> str:
    """Return the slide type of ``cell``, given the cell before it (or None)."""
    tags = cell.get("metadata", {}).get("tags", [])
    for tag in tags:
        if tag.startswith("slide="):
            chosen = tag.removeprefix("slide=")
            if chosen not in SLIDE_TYPES:
                raise ValueError(f"tag {tag!r}: the slide type must be one of {SLIDE_TYPES}")
            return chosen
    if {"course-header", "course-setup"} & set(tags):
        return "skip"
    if "speaker-notes" in tags:
        return "notes"
    source = "".join(cell.get("source", "")).lstrip()
    if cell["cell_type"] == "markdown":
        if source.startswith(("# ", "## ")):
            return "slide"
        if (source.startswith(("> **Common mistake", "**Next:**"))
                or EXERCISE.match(source)):
            return "subslide"
        return "-"
    if previous is not None and previous["cell_type"] == "markdown":
        return "fragment"
    return "-"


def with_slides(notebook: dict) -> dict:
    """Return a copy of ``notebook`` whose every cell has ``metadata.slideshow.slide_type``."""
    notebook = copy.deepcopy(notebook)
    previous = None
    for cell in notebook["cells"]:
        kind = slide_type(cell, previous)
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
        if kind not in ("skip", "notes"):
            previous = cell
    return notebook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a notebook's slide metadata is stale")
    args = parser.parse_args()
    stale = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        updated = with_slides(notebook)
        if updated != notebook:
            stale.append(path.name)
            if not args.check:
                path.write_text(json.dumps(updated, indent=1, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    verb = "stale" if args.check else "written"
    print(f"{len(stale)} notebook(s) with slide metadata {verb}"
          + (f": {', '.join(stale)}" if stale else ""))
    if args.check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
