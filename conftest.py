"""Point the data loaders at the local copies beside the course, as `course.py` does.

Plain `pytest` (without `course.py test`) then finds UD English EWT, CMUdict and the NYC weather
in ../shared/data (see tools/manifest.py), and the notebooks that nbval runs inherit the
variables.
"""

from __future__ import annotations

import os
from pathlib import Path

from tools.manifest import local_data_defaults

ROOT = Path(__file__).resolve().parent

os.environ.update(local_data_defaults(os.environ))
# No test downloads the font for Chinese figures: with LSTM_NOTEBOOKS_FONTS set (here to a
# folder beside the checkout, which need not exist), helpers/fonts.py reads that folder, the
# system's fonts and the cache only. CI installs a system CJK font (.ci/run).
os.environ.setdefault("LSTM_NOTEBOOKS_FONTS", str(ROOT.parent / "shared" / "fonts"))


def pytest_ignore_collect(collection_path, config):
    """nbval runs one Chinese notebook (05), from its folder, and no other.

    The Chinese notebooks are built from the English ones: their code and outputs are the
    English notebook's (tests/test_translation.py compares them token by token), so running
    all thirteen again would only double the suite's time. Notebook 05 shows that a notebook
    runs from notebooks/zh/ (paths, imports) in a few seconds.
    """
    path = Path(collection_path)
    if path.parent.name == "zh" and path.parent.parent.name == "notebooks":
        if path.suffix == ".ipynb" and not path.name.startswith("05_"):
            return True
    return None  # everything else: pytest's own rules (checkpoints, --ignore) decide
