"""Re-execute notebooks in place (``execute``) or time them against their budgets (``bench``).

    python3 course.py execute [NN ...]   # run in a fresh kernel, top to bottom; save outputs
    python3 course.py bench [NN ...]     # run and time them; exit 1 past a budget
    python3 course.py bench --load busy,torch [NN ...]   # the same runs beside a load

Runs inside the course's environment (nbclient). Budgets and quiet times come from
``tools/manifest.py``. ``--load`` runs each notebook once per load named (``quiet``: nothing
beside it; ``busy`` and ``torch``: see ``tools/load.py``), prints its seconds under each, and
its ratio to the quiet time (measured in the same run when ``quiet`` is named, else the
manifest's); a notebook that fails is reported and the others still run. ``--threads N`` sets
``OMP_NUM_THREADS`` for the notebooks' kernels (torch's threads), not for the load.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import sys
import time
from pathlib import Path

from tools.load import LOADS, beside
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


def execute_notebook(path: Path, save: bool, env: dict[str, str] | None = None) -> float:
    """Run a notebook top to bottom in a fresh kernel; return the seconds it took.

    ``env``: the kernel's environment (default: this process's).
    """
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
    client.execute(**({} if env is None else {"env": env}))
    seconds = time.perf_counter() - start
    if save:
        finish_progress_bars(notebook)
        write(path, json.loads(nbformat.writes(notebook)))  # sources as lists of lines
    return seconds


def budget(path: Path) -> float:
    """Return the seconds ``path`` may take in ``bench``, from the manifest."""
    return manifest_entry(path.name[:2]).budget_s


def run_notebooks(paths: list[Path], save: bool, env: dict[str, str] | None = None) -> list[str]:
    """Run ``paths``, print a table of seconds against budgets; return the notebooks over."""
    rows = []
    for path in paths:
        print(f"executing {shown(path)} ...", flush=True)
        rows.append((path, execute_notebook(path, save=save, env=env)))
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
    print(f"(kernels' torch threads: {kernel_threads(env)}, cpus: {os.cpu_count()})")
    return over


def kernel_threads(env: dict[str, str] | None) -> str:
    """The torch threads a notebook's kernel uses: its OMP_NUM_THREADS, else helpers' 1."""
    return (env or os.environ).get("OMP_NUM_THREADS") or "1 (set by helpers)"


def loads(text: str) -> list[str]:
    """argparse type: a comma-separated list of loads, each ``quiet`` or one of ``LOADS``."""
    names = [name.strip() for name in text.split(",")]
    unknown = [name for name in names if name not in ("quiet", *LOADS)]
    if unknown:
        empty = " has an empty name between commas" if "" in unknown else ""
        raise argparse.ArgumentTypeError(
            f"{text!r}{empty}: write loads from quiet, {', '.join(LOADS)}, separated by commas, "
            "such as quiet,busy"
        )
    return list(dict.fromkeys(names))


def timed_run(path: Path, load: str, env: dict[str, str]) -> tuple[float | None, str]:
    """Run ``path`` beside ``load`` (``quiet``: nothing); return its seconds (None if it failed)
    and the first line of its error."""
    print(f"executing {shown(path)} beside {load} ...", flush=True)
    try:
        with contextlib.nullcontext() if load == "quiet" else beside(load):
            return execute_notebook(path, save=False, env=env), ""
    except Exception as error:  # a failing cell: reported in the table, the next run goes on
        lines = [line for line in str(error).splitlines() if line.strip()]
        return None, (lines[-1] if lines else type(error).__name__)[:120]


def run_under_loads(paths: list[Path], names: list[str], env: dict[str, str]) -> list[str]:
    """Run each of ``paths`` once per load in ``names``; print the table; return what failed.

    A notebook fails when a cell raised under any load, or when the busy loops more than doubled
    its quiet time (beside the torch trainings, which take torch's own threads, the ratio is
    printed, not judged).
    """
    results = {(path, load): timed_run(path, load, env) for path in paths for load in names}
    width = max(len(path.name) for path in paths)
    header = f"{'notebook':<{width}}  {'quiet (manifest)':>16}"
    for load in names:
        header += f"  {load + ' s':>9}" + ("" if load == "quiet" else f"  {'ratio':>5}")
    print("\n" + header)
    failed = []
    for path in paths:
        manifest = manifest_entry(path.name[:2]).measured_s
        quiet = results.get((path, "quiet"), (manifest, ""))[0] or manifest
        row, notes = f"{path.name:<{width}}  {manifest:>16}", []
        for load in names:
            seconds, error = results[path, load]
            row += f"  {'FAILED' if seconds is None else f'{seconds:.1f}':>9}"
            if load != "quiet":
                ratio = None if seconds is None else seconds / quiet
                row += f"  {'-' if ratio is None else f'{ratio:.1f}':>5}"
                if load == "busy" and ratio is not None and ratio > 2:
                    notes.append(f"{load}: more than twice its quiet time")
            if error:
                notes.append(f"{load}: {error}")
        if notes:
            failed.append(path.name)
        print(row + "".join(f"\n    {note}" for note in notes))
    print(
        f"(kernels: torch threads {kernel_threads(env)}, "
        f"OMP_WAIT_POLICY={env.get('OMP_WAIT_POLICY', 'PASSIVE (set by helpers)')}; "
        f"cpus: {os.cpu_count()}; "
        f"ratio: seconds / quiet seconds, measured here if quiet was run, else the manifest's)"
    )
    return failed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="tools.execute", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["execute", "bench"])
    parser.add_argument("numbers", nargs="*", metavar="NN", help="only these notebooks")
    parser.add_argument(
        "--load",
        type=loads,
        metavar="LOADS",
        help="bench only: run each notebook beside each load, such as quiet,busy,torch",
    )
    parser.add_argument(
        "--threads", type=int, metavar="N", help="OMP_NUM_THREADS for the notebooks' kernels"
    )
    args = parser.parse_args(argv)
    try:
        paths = [find_notebook(n) for n in args.numbers] or notebook_paths()
    except ValueError as error:
        parser.error(str(error))
    if args.load and args.command != "bench":
        parser.error("--load times notebooks: use it with bench")
    env = dict(os.environ)  # the kernels' environment; the load keeps this process's
    if args.threads is not None:
        if args.threads < 1:
            parser.error(f"--threads must be 1 or more, got {args.threads}")
        env["OMP_NUM_THREADS"] = str(args.threads)
    if args.load:
        failed = run_under_loads(paths, args.load, env)
        if failed:
            sys.exit(f"failed or slowed more than twice under load: {', '.join(failed)}")
        return
    over = run_notebooks(paths, save=args.command == "execute", env=env)
    if args.command == "bench" and over:
        sys.exit(f"over budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
