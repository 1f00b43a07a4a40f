"""The Chinese notebooks show Chinese outputs, with the English notebooks' numbers.

notebooks/zh/ is executed in Chinese (`python3 course.py translation execute`): self-checks,
widgets, figures and errors speak Chinese there. These tests read the committed outputs:

- every number a Chinese notebook's outputs show is the English notebook's, cell by cell
  (timings excepted, see TIMING below), and so are the numbers its widgets show;
- no English text of the helpers' catalogue (translations/zh/helpers.po) appears in a Chinese
  notebook's outputs or widgets: the helpers spoke Chinese when it ran.

When one fails, the English notebook changed (or was run again) after the Chinese one was
executed: run `python3 course.py translation execute NN`.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
FIX = "run `python3 course.py translation execute {number}`"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

NUMBER = r"(?<![A-Za-z0-9_.])[-+]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?"  # 在3种: a number too
UNIT = r"(?:ms|µs|us|s|sec|seconds?|min|it/s|s/it|秒|毫秒|微秒|分钟)(?![A-Za-z])"
FACTOR = r"(?:x|×|倍)(?![A-Za-z])"
TIMING = re.compile(
    # What counts as a timing (a measured time, different on every run), and is not compared:
    rf"{NUMBER}\s*(?:[–-]\s*{NUMBER}\s*)?{UNIT}"  # 4.2 s, 13.8 ms, 6.7 – 8.0 s, 45.86it/s
    rf"(?:\s*\(\s*{NUMBER}\s*[–-]\s*{NUMBER}\s*\))?"  # and its range: 0.053 ms (0.044-0.081)
    rf"|{NUMBER}\s*{FACTOR}"  # a speed factor: 12.1x faster, 2.6 x the time, 1.7x vs padded
    r"|\[[\d:]+<[\d:]+"  # a progress bar's clock: [00:16<00:00
)
SECONDS_IN_WORDS = re.compile(r"\bseconds\b|\bper round: |\brounds: ")
"""An output whose English names seconds in words prints timings without a unit (a column
headed "seconds", a share of another model's seconds), and so does one that lists a ratio of
two timings round by round (12's "step loop / scan, 1,024 steps, per round: 2.5, 2.6, ..."):
only how many numbers it shows is compared there, not which."""


def text_of(output: dict) -> str:
    """What an output shows as text: streams, plain text, HTML without tags, error values."""
    if output["output_type"] == "stream":
        return "".join(output["text"])
    if output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    data = output.get("data", {})
    if WIDGET_VIEW in data:  # a widget: its text is in the notebook's widget state
        return ""
    shown = "".join(data.get("text/plain", "")) if "image/png" not in data else ""
    if "text/html" in data:
        shown += "\n" + html.unescape(re.sub(r"<[^>]+>", " ", "".join(data["text/html"])))
    return shown


def cell_texts(path: Path) -> dict[str, tuple[int, str]]:
    """Each code cell's id: its index in the notebook and the text its outputs show."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return {
        cell["id"]: (number, "\n".join(text_of(o) for o in cell.get("outputs", [])))
        for number, cell in enumerate(notebook["cells"])
        if cell["cell_type"] == "code"
    }


def code_of(path: Path) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")


def widget_texts(path: Path) -> list[str]:
    """Every text the saved widgets show: descriptions, values, menu entries."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    state = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    texts = []
    for model in state.values():
        values = model.get("state", {})
        for key in ("description", "value", "placeholder", "_options_labels", "tooltip"):
            value = values.get(key)
            items = value if isinstance(value, list) else [value]
            texts += [
                html.unescape(re.sub(r"<[^>]+>", " ", v)) for v in items if isinstance(v, str)
            ]
    return texts


def numbers(text: str) -> Counter:
    """The numbers ``text`` shows, timings left out (a multiset: a translation may reorder)."""
    return Counter(n.replace(",", "") for n in re.findall(NUMBER, TIMING.sub(" ", text)))


def test_the_timing_rule_leaves_out_times_and_speed_factors_only():
    shown = (
        "training 30.2 s on cpu, 13.8 ms per epoch, 1.7x vs padded, 2.6 x the time, "
        "6.7 –   8.0 s, [00:16<00:00, 45.86it/s], 训练用时1.6 秒, p = 64: 0.072 ms (0.071-0.135); "
        "accuracy 95.10%, "
        "8,703 rows, 2013-01-01T06:00Z, h+24, T = 30, 1e-05"
    )
    assert numbers(shown) == Counter(
        ["64", "95.10", "8703", "2013", "01", "01", "00", "24", "30", "1e-05"]
    )


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_a_chinese_notebook_shows_the_english_notebooks_numbers(english):
    chinese = ROOT / "notebooks" / "zh" / english.name
    fix = FIX.format(number=english.name[:2])
    en, zh = cell_texts(english), cell_texts(chinese)
    assert list(zh) == list(en), f"{chinese.name}: its code cells are not the English ones: {fix}"
    differ = []
    for cell, (number, text) in en.items():
        mine, theirs = numbers(text), numbers(zh[cell][1])
        if SECONDS_IN_WORDS.search(text):
            same = sum(mine.values()) == sum(theirs.values())
        else:
            same = mine == theirs
        if not same:
            lost, added = sorted((mine - theirs).elements()), sorted((theirs - mine).elements())
            differ.append(
                f"cell {number} (id {cell}): English only {lost[:6]}, Chinese only {added[:6]}"
            )
    en_widgets = numbers("\n".join(widget_texts(english)))
    zh_widgets = numbers("\n".join(widget_texts(chinese)))
    if en_widgets != zh_widgets:
        differ.append(
            f"the saved widgets: English only {sorted((en_widgets - zh_widgets).elements())[:6]}, "
            f"Chinese only {sorted((zh_widgets - en_widgets).elements())[:6]}"
        )
    assert not differ, (
        f"{chinese.name} shows other numbers than {english.name}: " + "; ".join(differ) + f". {fix}"
    )


def english_templates() -> list[tuple[str, str, re.Pattern]]:
    """The helpers' English texts long enough to recognise: each with its longest piece
    without placeholders (searched first) and the pattern of what it prints."""
    patterns = []
    for entry in polib.pofile(str(ROOT / "translations" / "zh" / "helpers.po")):
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            pieces = re.split(r"\{[^{}]*\}", english.replace("{{", "{").replace("}}", "}"))
            literal = max(pieces, key=len)
            if len(literal.strip()) < 12 or " " not in literal.strip():
                continue  # a word or two: a notebook's own English may say it too
            body = ".+?".join(re.escape(piece) for piece in pieces)
            patterns.append((english, literal, re.compile(body, re.DOTALL)))
    return patterns


TEMPLATES = english_templates()


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_no_english_helper_message_in_a_chinese_notebook(english):
    chinese = ROOT / "notebooks" / "zh" / english.name
    code = code_of(english)  # its own English (a title it passes, a name it prints) is no sign
    found = []
    shown = {f"cell {n}": t for n, t in cell_texts(chinese).values()}
    shown["the saved widgets"] = "\n".join(widget_texts(chinese))
    for where, text in shown.items():
        for message, literal, pattern in TEMPLATES:
            if literal in text and literal not in code and pattern.search(text):
                found.append(f"{where}: {message[:70]!r}")
    assert not found, (
        f"{chinese.name} shows the helpers' English: "
        + "; ".join(found[:8])
        + f". The notebook ran in English: {FIX.format(number=english.name[:2])}"
    )
