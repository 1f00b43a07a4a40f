"""Point the corpus loader at the local copy beside the course, as `course.py` does.

Plain `pytest` (without `course.py test`) then finds UD English EWT in ../shared/data, and
the notebooks that nbval runs inherit the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[1] / "shared" / "data" / "ud_english_ewt"

if not os.environ.get("LSTM_NOTEBOOKS_DATA") and SHARED_DATA.is_dir():
    os.environ["LSTM_NOTEBOOKS_DATA"] = str(SHARED_DATA)
