"""The course installs as a package, and a notebook alone in a folder runs with it.

Builds the wheel, checks what is in it, then installs the locked torch and the wheel with its
dependencies, constrained to the lock (``-c requirements.txt``: only what the course needs at
run time, at the pinned versions, so the ranges must accept the pins), into a fresh virtual
environment with no repository on the path. There, every saved result table loads from the
installed package, and notebook 05, copied alone into an empty folder, runs: the shortest
notebook, since nbval has already run every notebook in the repository. A minute or two.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools.notebooks import ROOT

pytestmark = pytest.mark.slow
# Nothing of the calling shell's Python setup: a PYTHONPATH that reaches the checkout would let
# pip see the course's build metadata there (lstm_notebooks.egg-info) and skip the install.
CLEAN = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(
        ("PYTHON", "PIP_TARGET", "PIP_PREFIX", "VIRTUAL_ENV", "JUPYTER", "LSTM_NOTEBOOKS")
    )
}


def locked_torch() -> str:
    """Return the torch version that requirements.txt pins."""
    text = (ROOT / "requirements.txt").read_text()
    return re.search(r"^torch==(\S+)", text, re.MULTILINE).group(1)


def pip(python: Path, *args: str) -> None:
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env=CLEAN,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=CLEAN,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (path,) = out.glob("lstm_notebooks-*.whl")
    return path


def test_the_wheel_holds_the_helpers_the_results_and_the_catalogues_and_nothing_else(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    modules = {n for n in names if n.startswith("helpers/") and n.endswith(".py")}
    expected = {f"helpers/{p.name}" for p in (ROOT / "helpers").glob("*.py")}
    assert modules == expected
    tables = {n for n in names if n.startswith("helpers/results/")}
    saved = (ROOT / "helpers" / "results").glob("*.json")
    assert tables == {f"helpers/results/{p.name}" for p in saved}
    catalogues = {n for n in names if n.startswith("helpers/locale/")}
    built = (ROOT / "helpers" / "locale").glob("*/LC_MESSAGES/*.mo")
    assert catalogues == {p.relative_to(ROOT).as_posix() for p in built}
    assert "helpers/locale/zh/LC_MESSAGES/helpers.mo" in catalogues  # the helpers' Chinese
    assert not [n for n in names if n.startswith(("tests/", ".venv/", "notebooks/", "tools/"))]
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA")))
    text = metadata.decode()
    assert "Requires-Python: >=3.10" in text and "Requires-Dist: torch<3,>=2.4" in text


def test_a_notebook_alone_in_a_folder_runs_with_the_installed_wheel(wheel, tmp_path):
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True, env=CLEAN)
    python = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip(python, f"torch=={locked_torch()}")
    torch_file = [
        str(python),
        "-c",
        "import os, torch; s = os.stat(torch.__file__); "
        "print(torch.__file__, s.st_ino, s.st_mtime_ns)",
    ]
    before = subprocess.run(
        torch_file, capture_output=True, text=True, check=True, env=CLEAN
    ).stdout
    lock = str(ROOT / "requirements.txt")  # constraints: the pins, for what is installed
    pip(python, str(wheel), "nbclient", "-c", lock)  # the ranges must accept the pins
    after = subprocess.run(torch_file, capture_output=True, text=True, check=True, env=CLEAN).stdout
    assert after == before, "installing the course must keep the torch installed, untouched"
    alone = tmp_path / "alone"
    alone.mkdir()
    env = {
        **CLEAN,
        "HOME": str(tmp_path),
        "JUPYTER_PLATFORM_DIRS": "1",
        "LSTM_NOTEBOOKS_CACHE": str(tmp_path),
    }
    tables = sorted(p.stem for p in (ROOT / "helpers" / "results").glob("*.json"))
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import helpers, torch; from helpers.results import load_results, result_names; "
            "print(helpers.__file__); print(torch.__version__); "
            "print(*[n for n in result_names() if load_results(n)])",
        ],
        cwd=alone,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where[0].startswith(str(tmp_path / "venv")), "helpers must come from the wheel"
    assert where[1].startswith(locked_torch())
    assert where[2:] == tables, "every saved result table loads from the installed package"
    run = (
        "import sys, nbformat; from nbclient import NotebookClient; "
        "nb = nbformat.read(sys.argv[1], as_version=4); "
        "NotebookClient(nb, timeout=300, kernel_name='python3').execute(); print('ran')"
    )
    name = "05_gru.ipynb"
    (alone / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    done = subprocess.run(
        [str(python), "-c", run, name],
        cwd=alone,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0 and "ran" in done.stdout, done.stderr[-3000:]
    assert sorted(p.name for p in alone.iterdir()) == [name]
