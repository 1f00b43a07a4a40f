"""Give every notebook slide metadata, so that it opens as a live slideshow (jupyterlab-rise).

    python3 course.py slide-metadata           # write the slide metadata into notebooks/*.ipynb
    python3 course.py slide-metadata --check   # exit 1 if a notebook's slide metadata is stale

Rules, in order (the first that applies wins):

- a cell tagged ``slide=TYPE`` gets TYPE: the explicit override, written in the notebook;
- the Colab badge and the course-setup cell are skipped;
- a cell tagged ``speaker-notes`` is a speaker note (shown in the presenter's view only);
- the title (``# NN · ...``) and every section (``## ...``) start a slide;
- a common-mistake box, an exercise (``**1.**``) and the ``**Next:**`` line start a sub-slide;
- a code cell that follows text is a fragment: the code, then its output, one step at a time;
- anything else continues the slide it is on;
- but a cell without a tag that would make its slide taller than a projector's screen
  (1024x768) starts a sub-slide instead: the section goes on below it (Space, or the down
  arrow on the screen). The height is estimated from the cell's content: lines of text and
  code, lines of stored output, the size of stored images, a fixed height for a widget.

A cell taller than the screen on its own cannot be split by slides; the script names each one
(shorten its output, shrink its figure or split the cell). A notebook added later gets slides
by running this command again. Standard library only.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import copy
import math
import re
import struct
from pathlib import Path

from tools.notebooks import rewrite_all

SLIDE_TYPES = ("slide", "subslide", "fragment", "skip", "notes", "-")
EXERCISE = re.compile(r"\*\*\d+\.\*\*")

# Heights in CSS pixels of a cell on a slide at a projector's 1024x768 (jupyterlab-rise 0.43.1,
# its "simple" theme), measured in Chromium: tests/test_browser.py checks the result.
SCREEN = 768
BUDGET = 700  # what one slide may fill: the screen less a margin for the estimate's error
TEXT_WIDTH = 960  # pixels a cell's content may use
TEXT_CHARS = 140  # characters of markdown text in one line of that width
LINE = 18.5  # a line of markdown text, or of code
OUTPUT_LINE = 17.0  # a line of printed output
CELL = 27  # a code cell's frame and padding
PARAGRAPH = 16  # the gap after a markdown paragraph, list or heading
HEADINGS = {"# ": (70, 24), "## ": (40, 40), "### ": (30, 60)}  # (line height, chars per line)
WIDGET = 500  # a live widget (sliders and a table or a figure): its stored output has no size
IMAGE_MARGIN = 50
OUTPUT_CHARS = 120  # characters of printed output in one line (longer lines wrap)
MARKDOWN = 20  # a markdown cell's padding
LIST = 16  # a list's margins
DETAILS = 30  # a closed <details> box, beyond its summary line
BOX = 70  # a quoted box (common mistake): frame and padding
PROGRESS_BAR = 30  # a tqdm progress bar is a widget one line high
PROGRESS = re.compile(r"\d+%\|")


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
        if source.startswith(("> **Common mistake", "**Next:**")) or EXERCISE.match(source):
            return "subslide"
        return "-"
    if previous is not None and previous["cell_type"] == "markdown":
        return "fragment"
    return "-"


def png_size(data: str) -> tuple[int, int]:
    """Return (width, height) in pixels of a base64-encoded PNG, or (0, 0) if it is not one."""
    try:
        head = base64.b64decode("".join(data[:100].split())[:32])  # 32 characters: 24 bytes
    except (binascii.Error, ValueError):
        return 0, 0
    if head[:8] != b"\x89PNG\r\n\x1a\n" or len(head) < 24:
        return 0, 0
    return struct.unpack(">II", head[16:24])


def image_height(width: int, height: int) -> float:
    """Return the height an image of ``width`` x ``height`` pixels takes on a slide."""
    return height * min(1.0, TEXT_WIDTH / width) if width else 0.0


def overridden(cell: dict) -> bool:
    """Return whether ``cell`` has a ``slide=TYPE`` tag: then its type is not changed."""
    return any(tag.startswith("slide=") for tag in cell.get("metadata", {}).get("tags", []))


def text(value: str | list[str]) -> str:
    """Return a notebook's text field (a string or a list of lines) as one string."""
    return "".join(value) if isinstance(value, list) else value


def wrapped(value: str, chars: int) -> int:
    """Return how many lines ``value`` takes when lines longer than ``chars`` wrap."""
    return sum(max(1, math.ceil(len(line) / chars)) for line in value.split("\n"))


def joined_lines(block: str) -> list[str]:
    """Return the lines of a markdown block as shown: a paragraph's lines joined into one."""
    lines: list[str] = []
    for line in block.splitlines():
        stripped = line.lstrip("> ").strip()
        starts = re.match(r"(#+ |[-*] |\d+\. |\||!\[|\$\$|```|<)", stripped)
        if lines and not starts and not re.match(r"(#+ |\||\$\$|```|<)", lines[-1]):
            lines[-1] += " " + stripped  # a soft line break: the paragraph goes on
        else:
            lines.append(stripped)
    return lines


def markdown_height(cell: dict) -> float:
    """Return the estimated height in pixels of a markdown cell on a slide."""
    source = text(cell.get("source", "")).strip()
    # A closed <details> shows its summary line only.
    source, closed = re.subn(r"<details>.*?</details>", "Solution", source, flags=re.DOTALL)
    height = MARKDOWN + DETAILS * closed
    for block in re.split(r"\n\s*\n", source):
        if block.lstrip().startswith(">"):
            height += BOX  # a box: its frame and padding
        for stripped in joined_lines(block):
            for prefix, (line_height, chars) in HEADINGS.items():
                if stripped.startswith(prefix):
                    height += line_height * math.ceil(len(stripped) / chars)
                    break
            else:
                if stripped.startswith("![") or not stripped:
                    continue  # an image is counted below, from its attachment
                if stripped.startswith("|") and set(stripped) <= set("|-: "):
                    continue  # a table's rule
                height += LINE * wrapped(stripped, TEXT_CHARS)
                if stripped.startswith(("- ", "* ", "|")) or re.match(r"\d+\. ", stripped):
                    height += 4  # list items and table rows are spaced
        if re.match(r"([-*] |\d+\. )", block.lstrip("> ")) or "\n- " in block:
            height += LIST  # a list's margins
        height += PARAGRAPH
    height -= PARAGRAPH  # no gap after the last block
    for attachment in cell.get("attachments", {}).values():
        if "image/png" in attachment:
            height += image_height(*png_size(text(attachment["image/png"]))) + PARAGRAPH
    return height


def output_height(output: dict) -> float:
    """Return the estimated height in pixels of one stored output of a code cell."""
    if output.get("output_type") == "stream":
        return OUTPUT_LINE * wrapped(text(output.get("text", "")).rstrip("\n"), OUTPUT_CHARS)
    data = output.get("data", {})
    plain = text(data.get("text/plain", ""))
    if "application/vnd.jupyter.widget-view+json" in data:
        return PROGRESS_BAR if PROGRESS.search(plain) else WIDGET
    if "image/png" in data:
        return image_height(*png_size(text(data["image/png"]))) + IMAGE_MARGIN
    if "text/html" in data:
        html = text(data["text/html"])
        rows = len(re.findall(r"<tr\b|<br\b|<p\b|<li\b|<h\d\b", html))
        return OUTPUT_LINE * 1.6 * max(1, rows)
    if output.get("output_type") == "error":
        return OUTPUT_LINE * wrapped("\n".join(output.get("traceback", [])), OUTPUT_CHARS)
    return OUTPUT_LINE * wrapped(plain, OUTPUT_CHARS) if plain else 0.0


def cell_height(cell: dict) -> float:
    """Return the estimated height in pixels of ``cell`` on a slide at 1024x768."""
    if cell["cell_type"] == "markdown":
        return markdown_height(cell)
    lines = text(cell.get("source", "")).rstrip("\n").count("\n") + 1
    return CELL + LINE * lines + sum(output_height(o) for o in cell.get("outputs", []))


def with_slides(notebook: dict) -> dict:
    """Return a copy of ``notebook`` whose every cell has ``metadata.slideshow.slide_type``."""
    notebook = copy.deepcopy(notebook)
    previous = None  # the last cell shown on a slide
    filled = 0.0  # estimated height of the (sub-)slide so far
    for cell in notebook["cells"]:
        kind = slide_type(cell, previous)
        if kind not in ("skip", "notes"):
            height = cell_height(cell)
            if kind in ("slide", "subslide"):
                filled = height
            elif filled and filled + height > BUDGET and not overridden(cell):
                kind, filled = "subslide", height  # it would run off the screen
            else:
                filled += height
            previous = cell
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
    return notebook


def too_tall(notebook: dict) -> list[tuple[int, int]]:
    """Return (index, estimated height) of each shown cell taller than the screen on its own."""
    return [
        (index, round(cell_height(cell)))
        for index, cell in enumerate(notebook["cells"])
        if slide_type(cell, None) not in ("skip", "notes") and cell_height(cell) > SCREEN
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="course.py slide-metadata", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="change nothing; exit 1 if a notebook's slide metadata is stale",
    )
    args = parser.parse_args(argv)

    def transform(path: Path, notebook: dict) -> dict:
        for index, height in too_tall(notebook):
            print(
                f"{path.name}: cell {index} alone is about {height} px high, taller than the "
                f"screen ({SCREEN} px): shorten it, shrink its figure or split the cell"
            )
        return with_slides(notebook)

    rewrite_all(transform, check=args.check, what="slide metadata")


if __name__ == "__main__":
    main()
