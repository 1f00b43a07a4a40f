"""Point the data loaders at the local copies beside the course, as `course.py` does, and share
the machine fairly when `course.py test` runs the suite on several workers (pytest-xdist).

Plain `pytest` (without `course.py test`) finds UD English EWT, CMUdict and the NYC weather in
../shared/data (see tools/manifest.py), and the notebooks that nbval runs inherit the variables.
"""

from __future__ import annotations

import os
from pathlib import Path

from tools.manifest import NOTEBOOKS, local_data_defaults

ROOT = Path(__file__).resolve().parent

os.environ.update(local_data_defaults(os.environ))
# No test downloads the font for Chinese figures: with LSTM_NOTEBOOKS_FONTS set (here to a
# folder beside the checkout, which need not exist), helpers/fonts.py reads that folder, the
# system's fonts and the cache only. CI installs a system CJK font (.ci/run).
os.environ.setdefault("LSTM_NOTEBOOKS_FONTS", str(ROOT.parent / "shared" / "fonts"))

# Each worker of `pytest -n N` (and each notebook kernel it starts) computes with its share of
# the cores, so that N workers running notebooks side by side do not fight over them. Set here,
# before anything imports torch; a value already in the environment wins.
WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if WORKERS > 1:
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, str(max(1, (os.cpu_count() or 1) // WORKERS)))

# Seconds each file takes on two cores, for the order below: a notebook its bench time (the
# manifest), a slow test file what `course.py test` measured (artifacts/junit.xml). A slow file
# missing here starts after every notebook, and may keep the run waiting at its end.
SECONDS = {n.file: n.measured_s for n in NOTEBOOKS}
TEST_FILE_S = {
    "test_browser.py": 150,
    "test_site.py": 65,
    "test_install.py": 60,
    "test_maintaining.py": 24,
    "test_doctor.py": 12,
    "test_shipping.py": 11,
}


CHINESE_RUN = ("02", "05", "11", "12")
"""The Chinese notebooks nbval runs again (MAINTAINING.md, "What CI runs of the Chinese
edition"): self-checks, widgets, figures and errors in Chinese, about 40 s on two cores."""


def pytest_ignore_collect(collection_path, config):
    """nbval runs the English notebooks and the Chinese ones of CHINESE_RUN, from their folder.

    The Chinese notebooks' code is the English code (tests/test_translation.py compares it
    token by token) and their committed outputs are checked without running them
    (tests/test_chinese_outputs.py: the English numbers, no English helper text), so running
    all of them again would double the suite's time for little. These four run the helpers'
    Chinese paths that the static tests cannot: self-checks (02, 05, 12), the gate playground
    (02), the forecast and parity explorers (11, 12), figures with Chinese labels (02, 11, 12)
    and a data error (11).
    """
    path = Path(collection_path)
    if path.suffix == ".ipynb" and path.parent.name == "zh":
        if path.parent.parent.name == "notebooks" and path.name[:2] not in CHINESE_RUN:
            return True
    return None  # everything else: pytest's own rules (checkpoints, --ignore) decide


def seconds(path: Path) -> float:
    """A rough estimate of a file's seconds, so the longest work starts first."""
    if path.suffix == ".ipynb":
        return SECONDS.get(path.name, 30)
    return TEST_FILE_S.get(path.name, 0)


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadscope --no-loadscope-reorder`: a notebook's cells and a
    test file's tests stay on one worker, files handed out in this order), put the longest
    files first, so the workers finish together. Each file's items keep their order; without
    xdist nothing changes."""
    if WORKERS <= 1:
        return
    items.sort(key=lambda item: -seconds(item.path))  # stable: each file's items stay together
