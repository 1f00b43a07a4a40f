"""The course manifest: every notebook in order, with its title and time budget.

This is the one list a new notebook is added to (see MAINTAINING.md). The README's table, the
map in notebook 00, TEACHING.md's sections and the notebooks folder are checked against it by
``tests/test_manifest.py``; ``course.py execute`` and ``bench`` read the budgets from it.

It also names where local copies of the data sets live, for ``course.py``, ``conftest.py`` and
CI. Standard library only: ``course.py`` imports it before ``.venv`` exists.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Notebook:
    """One lesson: its number, file name, short title, budget and last measured CPU time."""

    number: str  # two digits, the start of the file name
    file: str  # in notebooks/
    title: str  # as in the README's table, notebook 00's map and TEACHING.md
    measured_s: int  # `course.py bench` on 2 CPU cores, as the README and TEACHING.md print it
    budget_s: float = 30.0  # `course.py bench` fails past it


NOTEBOOKS = (
    Notebook("00", "00_start_here.ipynb", "Start here", 5),
    Notebook("01", "01_hidden_state.ipynb", "The hidden state", 4),
    Notebook("02", "02_gates_from_scratch.ipynb", "The gates", 12),
    Notebook("03", "03_step_by_step.ipynb", "Full sequence vs step by step", 24),
    Notebook("04", "04_padding_and_packing.ipynb", "Padding and packing", 4),
    Notebook("05", "05_gru.ipynb", "GRU", 3),
    Notebook("06", "06_why_gates.ipynb", "Why gates", 19),
    Notebook("07", "07_pos_tagging.ipynb", "POS tagging", 60, budget_s=90.0),
    Notebook("08", "08_inside_the_tagger.ipynb", "Inside the tagger", 71, budget_s=90.0),
    Notebook(
        "09", "09_sentence_classification.ipynb", "Sentence classification", 41, budget_s=45.0
    ),
    Notebook("10", "10_encoder_decoder.ipynb", "Encoder–decoder", 91, budget_s=120.0),
    Notebook("11", "11_forecasting.ipynb", "Forecasting", 34, budget_s=45.0),
    Notebook("12", "12_after_the_lstm.ipynb", "After the LSTM", 31, budget_s=45.0),
    Notebook("13", "13_lstm_vs_transformer.ipynb", "LSTM vs Transformer", 25, budget_s=45.0),
    Notebook("14", "14_shipping_an_lstm.ipynb", "Shipping an LSTM", 23, budget_s=45.0),
)
SUITE_BUDGET_S = 480.0  # the whole course, in one `course.py bench`
# 480 s since notebooks 13 and 14 joined (48 s) and the course runs torch on one thread
# (helpers: robust beside other programs; 07, 08 and 10, the largest models, take about a
# third longer than on two spinning threads).

# Local copies of the data sets: the environment variable each loader in helpers/data.py reads,
# and the folder under ../shared/data (beside the checkout) that holds a copy, when there is one.
SHARED_DATA = ROOT.parent / "shared" / "data"
DATA_FOLDERS = {
    "LSTM_NOTEBOOKS_DATA": "ud_english_ewt",
    "LSTM_NOTEBOOKS_CMUDICT": "cmudict",
    "LSTM_NOTEBOOKS_WEATHER": "nycflights13_weather",
}


def local_data_defaults(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Return the data variables to add to ``environ``: each one unset there whose copy exists."""
    return {
        variable: str(SHARED_DATA / folder)
        for variable, folder in DATA_FOLDERS.items()
        if not environ.get(variable) and (SHARED_DATA / folder).is_dir()
    }


def notebook(number: str) -> Notebook:
    """Return the manifest's notebook numbered ``number`` ("5" or "05")."""
    for entry in NOTEBOOKS:
        if number.isdigit() and entry.number == f"{int(number):02d}":
            return entry
    raise KeyError(number)
