"""Every figure of the notebooks' outputs has real alt text, in English and in Chinese.

The English is in notebooks/alt/NN_topic.json, keyed by cell id and figure (tools/alt_text.py),
the Chinese in the notebook's catalogue (tests/test_translation.py checks that it is current).
A new figure fails here, with the notebook, the cell and the file and line to write.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tools import alt_text
from tools.manifest import NOTEBOOKS
from tools.notebooks import read

ROOT = Path(__file__).resolve().parents[1]
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 16).decode()


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.number)
def test_every_figure_of_the_outputs_has_alt_text(entry):
    problems = alt_text.problems(ROOT / "notebooks" / entry.file)
    assert not problems, "\n".join(problems)


def test_widget_images_are_figures_too():
    """02's gate playground draws its plot into an Image widget, 10's pronunciation box into
    an <img> of an HTML widget: they need alt text as well."""
    found = alt_text.figures(read(ROOT / "notebooks" / "02_gates_from_scratch.ipynb"))
    assert any(f.model_id for f in found) and any(not f.model_id for f in found)
    found = alt_text.figures(read(ROOT / "notebooks" / "10_encoder_decoder.ipynb"))
    assert any(f.html_image == 0 and f.mime == "image/png" for f in found)


def scratch_notebook(folder: Path, outputs_per_cell: list[int]) -> Path:
    cells = [{"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# 99 · X"]}]
    for number, count in enumerate(outputs_per_cell):
        outputs = [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}] + [
            {"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG}}
        ] * count
        cells.append(
            {
                "cell_type": "code",
                "id": f"cell{number}",
                "metadata": {},
                "execution_count": 1,
                "source": ["plot()"],
                "outputs": outputs,
            }
        )
    path = folder / "99_scratch.ipynb"
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(notebook), encoding="utf-8")
    return path


def test_a_figure_without_alt_text_names_the_cell_and_the_line_to_write(tmp_path):
    path = scratch_notebook(tmp_path, [1, 2])
    problems = alt_text.problems(path)
    assert len(problems) == 3
    assert "99_scratch.ipynb, code cell 1 (id cell0), output 1" in problems[0]
    assert f"Create {tmp_path}/alt/99_scratch.json" in problems[0]
    (tmp_path / "alt").mkdir()
    (tmp_path / "alt" / "99_scratch.json").write_text(
        '{\n "cell0/1": "A scatter plot of the two classes, cleanly apart",\n'
        ' "gone/1": "A figure that a later edit removed from the notebook"\n}\n'
    )
    problems = alt_text.problems(path)
    report = "\n".join(problems)
    assert 'Write a line "cell1/1": "...", in' in report and "after line 2" in report
    assert '"cell1/2"' in report and "code cell 2 (id cell1), output 2" in report
    assert "line 3: 'gone/1' names no figure" in report
    assert "python3 course.py translation update 99" in report


@pytest.mark.parametrize("text", ["", "figure", "Figure 3", "plot.png", "image", "a plot"])
def test_placeholders_and_file_names_are_not_alt_text(text):
    assert alt_text.placeholder(text)


def test_a_real_description_is_alt_text():
    assert not alt_text.placeholder("Training loss against step: the LSTM falls to zero")
    assert not alt_text.placeholder("训练损失随训练步的变化：LSTM降到接近零，普通RNN停在猜测线上")
