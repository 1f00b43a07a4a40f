"""The alt text of every figure a notebook's outputs show: written once, kept beside the notebook.

``notebooks/alt/NN_topic.json`` holds one line per figure of ``notebooks/NN_topic.ipynb``, in
the notebook's order::

    {
     "c97d27e5/1": "Line plot of ...",
     "d5fbbdc3/1": "..."
    }

A key is the id of the code cell, a slash and the figure's place among that cell's figures
(1 for the first): an image output, an ``<img>`` in an HTML output, or an image inside a
widget's saved state (an Image widget, or an ``<img>`` in an HTML widget). The Chinese
text lives in the notebook's catalogue (``translations/zh/NN_topic.po``, ``msgctxt`` ``alt``
and the key), added by ``python3 course.py translation update NN`` like any other English text.
Figures drawn in markdown (``![text](...)``) carry their alt text in the markdown itself.

The site (``tools/site.py``) puts these texts in each ``<img alt>``; ``problems`` names every
figure without one, with the file and line to write. Standard library only.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tools.notebooks import read, shown

CONTEXT = "alt"  # the catalogue's msgctxt is "alt KEY"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/svg+xml")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
MIN_LENGTH = 20  # shorter than this says what kind of thing it is, not what it shows
PLACEHOLDER = re.compile(
    r"^\s*(image|figure|fig\.?|plot|graph|chart|picture|output|todo|tbd|alt|untitled)?"
    r"[\s\d._-]*$|\.(png|jpe?g|svg|gif)\s*$|no description",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    """One figure of a notebook's outputs, where it is and what it holds."""

    key: str  # "CELLID/N"
    cell_number: int  # the cell's place in the notebook, from 0
    output_index: int  # the output's place in the cell's outputs
    model_id: str | None  # the widget's Image or HTML model, or None for an output
    mime: str
    data: str  # base64 (PNG, JPEG) or text (SVG), as the notebook stores it
    html_image: int | None = None  # the place of the <img> in the HTML that holds it


def widget_state(notebook: dict) -> dict:
    """The widget models saved in the notebook, by model id (empty when none were saved)."""
    saved = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {})
    return saved.get("state", {})


def widget_view(output: dict, state: dict) -> str | None:
    """The id of the widget an output shows, when its state was saved with the notebook."""
    view = output.get("data", {}).get(WIDGET_VIEW)
    if isinstance(view, dict) and view.get("model_id") in state:
        return view["model_id"]
    return None


def children(model: dict) -> list[str]:
    """The ids of the models a widget model contains (boxes' children), in order."""
    refs = model.get("state", {}).get("children", [])
    return [r.removeprefix("IPY_MODEL_") for r in refs if isinstance(r, str)]


IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
DATA_SRC = re.compile(r"""src\s*=\s*["']data:([\w/+.-]+);base64,([^"']*)["']""", re.IGNORECASE)


def html_images(html: str) -> list[tuple[str, str]]:
    """(mime, base64 data) of each <img> in a piece of HTML (empty data for a link)."""
    found = []
    for tag in IMG_TAG.findall(html):
        match = DATA_SRC.search(tag)
        found.append((match.group(1), match.group(2)) if match else ("", ""))
    return found


def output_figures(output: dict) -> list[tuple[str, str, int | None]]:
    """(mime, data, place in the HTML) of each image an output shows."""
    data = output.get("data", {})
    if "text/html" in data:  # what a notebook shows first, as the site does
        html = data["text/html"]
        html = html if isinstance(html, str) else "".join(html)
        return [(mime, value, k) for k, (mime, value) in enumerate(html_images(html))]
    for mime in IMAGE_TYPES:
        if mime in data:
            value = data[mime]
            return [(mime, value if isinstance(value, str) else "".join(value), None)]
    return []


def widget_images(
    model_id: str, state: dict, seen: set[str] | None = None
) -> list[tuple[str, int | None]]:
    """(model id, place in its HTML) of each image inside a widget, in the order drawn."""
    seen = set() if seen is None else seen
    if model_id in seen or model_id not in state:
        return []
    seen.add(model_id)
    model = state[model_id]
    name = model.get("model_name")
    if name == "ImageModel":
        return [(model_id, None)]
    if name in ("HTMLModel", "HTMLMathModel"):
        html = str(model.get("state", {}).get("value", ""))
        return [(model_id, k) for k in range(len(html_images(html)))]
    found = []
    for child in children(model):
        found += widget_images(child, state, seen)
    for output in model.get("state", {}).get("outputs", []):  # an Output widget
        if (view := widget_view(output, state)) is not None:
            found += widget_images(view, state, seen)
    return found


def image_model_data(model: dict) -> tuple[str, str]:
    """(mime, base64 data) of a saved Image widget."""
    kind = model.get("state", {}).get("format", "png")
    buffers = [b for b in model.get("buffers", []) if b.get("path") == ["value"]]
    data = buffers[0]["data"] if buffers else ""
    return ("image/svg+xml" if kind == "svg+xml" else f"image/{kind}", data)


def figures(notebook: dict) -> list[Figure]:
    """Every figure the notebook's code cells show, in order, with its key."""
    state = widget_state(notebook)
    found = []
    for number, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        ordinal = 0
        for index, output in enumerate(cell.get("outputs", [])):
            if (view := widget_view(output, state)) is not None:
                for model_id, place in widget_images(view, state):
                    ordinal += 1
                    model = state[model_id]
                    if place is None:
                        mime, data = image_model_data(model)
                    else:
                        html = str(model.get("state", {}).get("value", ""))
                        mime, data = html_images(html)[place]
                    key = f"{cell['id']}/{ordinal}"
                    found.append(Figure(key, number, index, model_id, mime, data, place))
                continue
            for mime, data, place in output_figures(output):
                ordinal += 1
                key = f"{cell['id']}/{ordinal}"
                found.append(Figure(key, number, index, None, mime, data, place))
    return found


def alt_path(notebook_path: Path) -> Path:
    """The alt-text file of an English notebook: notebooks/alt/NN_topic.json."""
    return notebook_path.parent / "alt" / f"{notebook_path.stem}.json"


def load(notebook_path: Path) -> dict[str, str]:
    """The English alt texts of a notebook's figures, by key (empty when it has no file)."""
    path = alt_path(notebook_path)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def line_of(path: Path, key: str) -> int | None:
    """The line of ``path`` that holds ``key``."""
    if not path.exists():
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith(json.dumps(key) + ":"):
            return number
    return None


def placeholder(text: str) -> bool:
    """Whether ``text`` says nothing about a figure: empty, a placeholder or a file name."""
    return len(text.strip()) < MIN_LENGTH or bool(PLACEHOLDER.search(text))


def problems(notebook_path: Path) -> list[str]:
    """Every figure without real alt text and every entry naming no figure, each a sentence."""
    path = alt_path(notebook_path)
    written = load(notebook_path)
    shown_path = shown(path)
    found, previous = [], None
    for figure in figures(read(notebook_path)):
        text = written.get(figure.key)
        if text is not None and not placeholder(text):
            previous = figure.key
            continue
        where = (
            f"{shown(notebook_path)}, code cell {figure.cell_number} (id "
            f"{figure.key.split('/')[0]}), output {figure.output_index}"
            + (" (an image in a widget's saved state)" if figure.model_id else "")
        )
        if text is not None:
            found.append(
                f"{where}: its alt text {text!r} says what kind of thing it is, not what it "
                f"shows; rewrite line {line_of(path, figure.key)} of {shown_path} (at least "
                f"{MIN_LENGTH} characters: what a reader should see in the figure)."
            )
            continue
        if not path.exists():
            at = f'create {shown_path} holding {{{json.dumps(figure.key)}: "..."}}'
        elif previous is None:
            at = f'write a line {json.dumps(figure.key)}: "...", in {shown_path} after line 1'
        else:
            line = line_of(path, previous)
            at = f'write a line {json.dumps(figure.key)}: "...", in {shown_path} after line {line}'
        found.append(
            f"{where}: this figure has no alt text. {at[0].upper() + at[1:]} (what a reader "
            f"should see in it), then `python3 course.py translation update "
            f"{notebook_path.name[:2]}` and give it its Chinese."
        )
        previous = figure.key
    keys = {f.key for f in figures(read(notebook_path))}
    for key in written:
        if key not in keys:
            found.append(
                f"{shown_path} line {line_of(path, key)}: {key!r} names no figure of "
                f"{shown(notebook_path)} (a cell id that changed, or a figure removed): move "
                f"its text to the figure's key or delete the line."
            )
    return found


def catalogue_items(notebook_path: Path) -> list[tuple[str, str, str]]:
    """(msgctxt, msgid, where) of each English alt text, for the notebook's catalogue."""
    written = load(notebook_path)
    items = []
    for figure in figures(read(notebook_path)):
        text = written.get(figure.key, "")
        if text.strip():
            items.append((f"{CONTEXT} {figure.key}", text, f"figure {figure.key}"))
    return items
