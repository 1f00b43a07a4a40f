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


CHINESE_RUN = ("02", "05", "11", "12")
"""The Chinese notebooks nbval runs again (MAINTAINING.md, "What CI runs of the Chinese
edition"): self-checks, widgets, figures and errors in Chinese, about 40 s on two cores."""


def pytest_ignore_collect(collection_path, config):
    """nbval runs the Chinese notebooks of CHINESE_RUN, from their folder, and no other.

    The Chinese notebooks' code is the English code (tests/test_translation.py compares it
    token by token) and their committed outputs are checked without running them
    (tests/test_chinese_outputs.py: the English numbers, no English helper text), so running
    all of them again would double the suite's time for little. These four run the helpers'
    Chinese paths that the static tests cannot: self-checks (02, 05, 12), the gate playground
    (02), the forecast and parity explorers (11, 12), figures with Chinese labels (02, 11, 12)
    and a data error (11).
    """
    path = Path(collection_path)
    if path.parent.name == "zh" and path.parent.parent.name == "notebooks":
        if path.suffix == ".ipynb" and path.name[:2] not in CHINESE_RUN:
            return True
    return None  # everything else: pytest's own rules (checkpoints, --ignore) decide
