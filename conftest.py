"""Point the data loaders at the local copies beside the course, as `course.py` does, and share
the machine fairly when `course.py test` runs the suite on several workers (pytest-xdist).

Plain `pytest` (without `course.py test`) finds UD English EWT, CMUdict and the NYC weather in
../shared/data (see tools/manifest.py), and the notebooks that nbval runs inherit the variables.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.manifest import NOTEBOOKS, local_data_defaults

os.environ.update(local_data_defaults(os.environ))

# Each worker of `pytest -n N` (and each notebook kernel it starts) computes with its share of
# the cores, so that N workers running notebooks side by side do not fight over them. Set here,
# before anything imports torch; a value already in the environment wins.
WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
if WORKERS > 1:
    for variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, str(max(1, (os.cpu_count() or 1) // WORKERS)))

# Seconds each slow part takes on two cores, for the order below (bench times for notebooks).
SECONDS = {n.file: n.measured_s for n in NOTEBOOKS}
INSTALL_S, BROWSER_START_S = 150, 20


def pytest_ignore_collect(collection_path, config):
    """nbval runs the English notebooks only.

    The Chinese notebooks are built from the English ones: their code and outputs are the
    English notebook's (tests/test_translation.py compares them token by token), so running
    them again would only double the suite's time. That a notebook runs from notebooks/zh/
    (paths, imports) is shown by tests/test_browser.py, which runs the Chinese 01 there.
    """
    path = Path(collection_path)
    if path.suffix == ".ipynb" and path.parent.name == "zh":
        return path.parent.parent.name == "notebooks" or None
    return None  # everything else: pytest's own rules (checkpoints, --ignore) decide


def cost(item: pytest.Item) -> float:
    """A rough estimate of an item's seconds, so the longest work starts first."""
    path = Path(str(item.fspath))
    if path.suffix == ".ipynb":
        return SECONDS.get(path.name, 30)
    if path.name == "test_install.py":
        return INSTALL_S
    marker = item.get_closest_marker("notebook")
    if marker is not None:
        return BROWSER_START_S + SECONDS.get(Path(marker.args[0]).name, 30)
    return 0


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`): keep what must stay together on one worker
    (a notebook's cells, a test file's module fixtures), let each browser test go its own way,
    and hand out the longest work first, so the workers finish together. Without xdist the
    order changes nothing a test relies on: each file's tests keep their order."""
    if WORKERS <= 1 and not getattr(config.option, "numprocesses", None):
        return
    longest: dict[str, float] = {}
    for item in items:
        if item.get_closest_marker("notebook") is None:  # not a browser test: grouped
            item.add_marker(pytest.mark.xdist_group(Path(str(item.fspath)).name))
            longest[item.fspath] = max(longest.get(item.fspath, 0.0), cost(item))
    items.sort(key=lambda item: -longest.get(item.fspath, cost(item)))  # stable: in order
