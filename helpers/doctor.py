"""Is this machine ready? 00_start_here.ipynb's environment check, one line per requirement.

    python3 course.py doctor    # or, where the course is installed: python -m helpers.doctor

Checks Python, PyTorch and its build, the device the notebooks will use, the widget front end,
the three data sets (local, cached or downloadable) and Chromium for the browser tests. Exits
with status 1 when a required check fails. Notebook 00's environment check prints the same
report. Nothing here needs torch to be importable: a missing torch is a FAIL line, not a crash.
Introduced in 00_start_here.ipynb.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
import sys
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

COURSE = Path(__file__).resolve().parents[1]


def shown(path: str | os.PathLike[str]) -> str:
    """Return a path as a person would write it: from the course folder, or from ``~``."""
    path = Path(path).expanduser()
    # As written first (a ../shared that is a symbolic link stays ../shared), then resolved.
    for candidate in (Path(os.path.abspath(path)), path.resolve()):
        for base, prefix in ((COURSE.parent, None), (Path.home(), "~")):
            if candidate.is_relative_to(base):
                return (
                    os.path.relpath(candidate, COURSE)
                    if prefix is None
                    else f"~/{candidate.relative_to(base)}"
                )
    return str(path.resolve())


@dataclass(frozen=True)
class Check:
    """One line of the report: ``status`` is ``"OK"``, ``"WARN"`` or ``"FAIL"``."""

    name: str
    status: str
    detail: str
    required: bool = True

    def line(self) -> str:
        """Return the report line, such as ``OK    Python: 3.11.7``."""
        return f"{self.status:<5} {self.name}: {self.detail}"


def check_python(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> Check:
    """Python 3.10 or newer."""
    text = ".".join(map(str, version))
    if version >= (3, 10):
        return Check("Python", "OK", text)
    return Check("Python", "FAIL", f"{text}; the course needs 3.10 or newer")


def check_torch(import_module: Callable[[str], object] = importlib.import_module) -> Check:
    """PyTorch importable; its version and build (CPU, CUDA, MPS)."""
    try:
        torch = import_module("torch")
    except ImportError:
        return Check(
            "PyTorch",
            "FAIL",
            "not installed: pip install torch==2.13.0 (or "
            "python3 course.py lab, which installs the pinned version)",
        )
    version = getattr(torch, "__version__", "?")
    cuda = getattr(getattr(torch, "version", None), "cuda", None)
    build = f"CUDA {cuda} build" if cuda else "CPU build"
    mps = getattr(getattr(torch, "backends", None), "mps", None)
    if mps is not None and mps.is_available():
        build += ", Apple MPS available"
    note = Path(sys.prefix) / ".course-torch"  # written by course.py setup: which build, why
    chosen = f"; setup chose {note.read_text(encoding='utf-8').strip()}" if note.is_file() else ""
    if not str(version).startswith("2.13.0"):
        return Check(
            "PyTorch",
            "WARN",
            f"{version} ({build}){chosen}; the course is tested with "
            "2.13.0: printed numbers may differ in the last digits",
            required=False,
        )
    return Check("PyTorch", "OK", f"{version} ({build}){chosen}")


def check_device(env: Mapping[str, str] = os.environ) -> Check:
    """The device ``pick_device`` would choose, and why an Apple GPU is used only when asked."""
    try:
        from helpers.device import DEVICE_ENV, MPS_NOT_USED, _mps_available, pick_device

        device = pick_device(verbose=False)
    except (ImportError, ValueError) as error:
        return Check("device", "FAIL", str(error))
    if device.type == "mps":
        return Check(
            "device",
            "WARN",
            "mps (Apple GPU), as asked: no notebook of the course has been run on MPS, where "
            f"LSTM results have differed from the CPU's; {DEVICE_ENV}=cpu goes back to the CPU",
            required=False,
        )
    forced = f", forced by {DEVICE_ENV}" if env.get(DEVICE_ENV) else ""
    if device.type == "cpu" and not forced and _mps_available():
        return Check("device", "OK", f"cpu ({MPS_NOT_USED})")
    return Check("device", "OK", f"{device.type}{forced}")


def check_threads(environ: Mapping[str, str] = os.environ) -> Check:
    """torch's threads and how idle threads wait; a warning where waiting threads spin."""
    import torch

    threads = torch.get_num_threads()
    policy = environ.get("OMP_WAIT_POLICY", "").strip().upper() or "not set"
    detail = f"torch uses {threads} of {os.cpu_count()} CPUs, OMP_WAIT_POLICY {policy}"
    if threads > 1 and policy != "PASSIVE":
        return Check(
            "threads",
            "WARN",
            detail + ": waiting threads spin, and beside other busy programs a notebook can run "
            "many times slower. Import helpers before torch (it sets OMP_WAIT_POLICY=PASSIVE), "
            "or set OMP_WAIT_POLICY=PASSIVE before starting Jupyter",
            required=False,
        )
    return Check("threads", "OK", detail + " (waiting threads sleep)")


def labextension_folders(prefix: str = sys.prefix) -> list[Path]:
    """Return the folders where JupyterLab finds prebuilt extensions, this environment's first."""
    folders = [Path(prefix) / "share" / "jupyter" / "labextensions"]
    try:
        from jupyter_core.paths import jupyter_path

        folders += [Path(p) for p in jupyter_path("labextensions")]
    except ImportError:
        pass
    return folders


def check_widgets(folders: list[Path] | None = None) -> Check:
    """The ipywidgets front end (jupyterlab_widgets) installed for JupyterLab."""
    for folder in labextension_folders() if folders is None else folders:
        manager = folder / "@jupyter-widgets" / "jupyterlab-manager" / "package.json"
        if manager.is_file():
            return Check(
                "widget front end", "OK", f"@jupyter-widgets/jupyterlab-manager in {shown(folder)}"
            )
    return Check(
        "widget front end",
        "FAIL",
        "JupyterLab would show widgets as text: "
        "pip install jupyterlab_widgets==3.0.10 (or python3 course.py lab)",
    )


def check_data(
    name: str,
    env_name: str,
    files: Mapping[str, str],
    cache: Path,
    url: str,
    env: Mapping[str, str] = os.environ,
    opener: Callable[[str], object] | None = None,
) -> Check:
    """A data set present in its folder (``env_name``), or cached, or downloadable now.

    ``files`` maps each file's name to its pinned SHA-256: a local or cached copy counts only
    when its sum matches, as it does for the loaders in ``helpers.data``.
    """
    from helpers.data import sha256_of as exact_sum

    def sha256_of(path: Path) -> str:  # an unreadable file counts as not the pinned one
        try:
            return exact_sum(path)
        except OSError:
            return ""

    def wrong_sums(folder: Path) -> list[str]:
        return [f for f, expected in files.items() if sha256_of(folder / f) != expected]

    folder = env.get(env_name)
    if folder:
        folder = Path(folder).expanduser()
        if folder.is_file():
            return Check(
                name,
                "FAIL",
                f"{env_name}={shown(folder)} is a file: set it to the "
                f"folder that holds {', '.join(files)}, such as {shown(folder.parent)}",
            )
        missing = [f for f in files if not (folder / f).is_file()]
        if missing:
            return Check(name, "FAIL", f"{env_name}={shown(folder)} lacks {', '.join(missing)}")
        if wrong := wrong_sums(folder):
            return Check(
                name,
                "FAIL",
                f"{', '.join(wrong)} in {shown(folder)} is not the pinned "
                "file (SHA-256 differs): replace it with the pinned copy",
            )
        return Check(name, "OK", f"local copy in {shown(folder)} ({env_name})")
    cached = [f for f in files if (cache / f).is_file()]
    if len(cached) == len(files) and not wrong_sums(cache):
        return Check(name, "OK", f"cached in {shown(cache)}")
    bad = [f for f in cached if sha256_of(cache / f) != files[f]]
    if bad:  # the loader deletes such a copy and downloads it again
        note = (
            f"{', '.join(bad)} in {shown(cache)} is not the pinned file (SHA-256 differs); "
            "the loader will replace it"
        )
        cached_text = f"{note}, and"
    elif cached:
        cached_text = f"only {', '.join(cached)} cached, and"
    else:
        cached_text = "none cached, and"
    opener = opener or (
        lambda address: urllib.request.urlopen(
            urllib.request.Request(address, method="HEAD"), timeout=5
        )
    )
    try:
        with opener(url):  # type: ignore[attr-defined]
            pass
    except OSError as error:
        return Check(
            name,
            "FAIL",
            f"no local copy, {cached_text} no download ({error}): "
            f"set {env_name} to a folder with {', '.join(files)}, or put them in "
            f"{shown(cache)}",
        )
    fetched = "replaced" if bad else "downloaded"
    return Check(name, "OK", f"not here yet; {fetched} into {shown(cache)} on first use")


def check_chromium(
    which: Callable[[str], str | None] = shutil.which, env: Mapping[str, str] = os.environ
) -> Check:
    """Chromium for the browser tests (only the tests need it)."""
    path = env.get("CHROMIUM_PATH") or which("chromium")
    if path:
        return Check("Chromium", "OK", f"{shown(path)} (for the browser tests)", required=False)
    return Check(
        "Chromium",
        "WARN",
        "not found; only the browser tests need it: apt-get install chromium, or set CHROMIUM_PATH",
        required=False,
    )


def run_checks(env: Mapping[str, str] = os.environ) -> list[Check]:
    """Return every check's result, in the report's order."""
    checks = [check_python(), check_torch()]
    if checks[-1].status != "FAIL":
        checks += [check_device(env), check_threads(env)]
    checks.append(check_widgets())
    if importlib.util.find_spec("conllu") is None:
        checks.append(Check("data loader", "FAIL", "conllu is missing: pip install conllu"))
    else:
        from helpers import data

        checks.append(
            check_data(
                "UD English EWT",
                data.DATA_ENV,
                data.EWT_SHA256,
                data.cache_dir(),
                data.EWT_URL.format(release=data.EWT_RELEASE, name=data.EWT_FILES["dev"]),
                env,
            )
        )
        for name, variable, file, sha, cache, url in (  # the data sets of one pinned file
            (
                "CMUdict",
                data.CMUDICT_ENV,
                data.CMUDICT_FILE,
                data.CMUDICT_SHA256,
                data.cmudict_cache_dir(),
                data.CMUDICT_URL.format(commit=data.CMUDICT_COMMIT),
            ),
            (
                "NYC weather",
                data.WEATHER_ENV,
                data.WEATHER_FILE,
                data.WEATHER_SHA256,
                data.weather_cache_dir(),
                data.WEATHER_URL.format(commit=data.WEATHER_COMMIT),
            ),
        ):
            checks.append(check_data(name, variable, {file: sha}, cache, url, env))
    checks.append(check_chromium(env=env))
    return checks


def report(checks: list[Check] | None = None) -> bool:
    """Print one line per check; return whether every required check passed."""
    checks = run_checks() if checks is None else checks
    for check in checks:
        print(check.line())
    failed = [c for c in checks if c.required and c.status == "FAIL"]
    print("ready" if not failed else f"{len(failed)} required check(s) failed: see FAIL above")
    return not failed


def main() -> None:
    """Print the report; exit with status 1 when a required check failed."""
    sys.exit(0 if report() else 1)


if __name__ == "__main__":
    main()
