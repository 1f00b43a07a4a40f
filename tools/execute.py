"""Re-execute notebooks in place (``execute``) or time them against their budgets (``bench``).

    python3 course.py execute [NN ...]   # run in a fresh kernel, top to bottom; save outputs
    python3 course.py bench [NN ...]     # run and time them; exit 1 past a budget

Runs inside the course's environment (nbclient). Budgets come from ``tools/manifest.py``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import sys
import time
from pathlib import Path

from tools.manifest import SUITE_BUDGET_S
from tools.manifest import notebook as manifest_entry
from tools.notebooks import find_notebook, notebook_paths, shown, write

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
            parts = [
                state.get(child.replace("IPY_MODEL_", ""), {}).get("state", {})
                for child in box.get("children", [])
            ]
            if len(parts) != 3 or not parts[1].get("max"):
                continue
            left, bar, right = parts
            filled = round(10 * bar.get("value", 0) / bar["max"])
            line = f"{left.get('value', '')}|{'█' * filled:<10}|{right.get('value', '')}"
            data["text/plain"] = html.unescape(line).replace("\u2007", " ")
            finished += 1
    return finished


def execute_notebook(path: Path, save: bool) -> float:
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
    if save:
        finish_progress_bars(notebook)
        write(path, json.loads(nbformat.writes(notebook)))  # sources as lists of lines
    return seconds


def budget(path: Path) -> float:
    """Return the seconds ``path`` may take in ``bench``, from the manifest."""
    return manifest_entry(path.name[:2]).budget_s


def run_notebooks(paths: list[Path], save: bool) -> list[str]:
    """Run ``paths``, print a table of seconds against budgets; return the notebooks over."""
    rows = []
    for path in paths:
        print(f"executing {shown(path)} ...", flush=True)
        rows.append((path, execute_notebook(path, save=save)))
    width = max(len(path.name) for path, _ in rows)
    print(f"\n{'notebook':<{width}}  seconds  budget")
    over = []
    for path, seconds in rows:
        flag = "" if seconds <= budget(path) else "  OVER"
        if flag:
            over.append(path.name)
        print(f"{path.name:<{width}}  {seconds:7.1f}  {budget(path):6.0f}{flag}")
    total = sum(seconds for _, seconds in rows)
    if total > SUITE_BUDGET_S and len(paths) == len(notebook_paths()):
        over.append("the whole course")
    print(
        f"{'total':<{width}}  {total:7.1f}  {SUITE_BUDGET_S:6.0f}"
        + ("  OVER" if total > SUITE_BUDGET_S else "")
    )
    print(f"(torch threads: {__import__('torch').get_num_threads()}, cpus: {os.cpu_count()})")
    return over


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="tools.execute", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["execute", "bench"])
    parser.add_argument("numbers", nargs="*", metavar="NN", help="only these notebooks")
    args = parser.parse_args(argv)
    try:
        paths = [find_notebook(n) for n in args.numbers] or notebook_paths()
    except ValueError as error:
        parser.error(str(error))
    over = run_notebooks(paths, save=args.command == "execute")
    if args.command == "bench" and over:
        sys.exit(f"over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
