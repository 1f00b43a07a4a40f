"""What the tests share: a headless plotting backend and scratch copies of the course.

The course folder is ``tools.notebooks.ROOT`` (the tests import the maintainer tools, which
sit beside them).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

from tools.notebooks import ROOT

os.environ.setdefault("MPLBACKEND", "Agg")  # for the notebooks and programs the tests start
matplotlib.use("Agg")  # no window, whatever the machine: figures are drawn to memory

# What a checkout holds that is not the course: environments, caches, test output.
NOT_THE_COURSE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "artifacts",
    "build",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    ".cache",
    ".data-cache",
)


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A scratch copy of the whole course (notebooks, catalogues, docs, tools, tests)."""
    copy = tmp_path / "course"
    shutil.copytree(ROOT, copy, ignore=NOT_THE_COURSE, symlinks=True)
    return copy
