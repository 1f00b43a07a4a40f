"""Is this machine ready? 00_start_here.ipynb's environment check, one line per requirement.

    python3 course.py doctor    # or, where the course is installed: python -m helpers.doctor

Checks Python, PyTorch and its build, the device the notebooks will use, the widget front end,
the download cache (a line only where it is a file), the data mirror (if one is set), the three
data sets (local, cached or downloadable), a font for Chinese figures and Chromium for the
browser tests. It speaks the helpers' language
(``LSTM_NOTEBOOKS_LANG=zh``, or a Chinese notebook's setup cell: Chinese). Exits
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

from helpers.i18n import _, language

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
        colon = "：" if language() == "zh" else ": "  # Chinese text takes the full-width colon
        return f"{self.status:<5} {self.name}{colon}{self.detail}"


def check_python(version: tuple[int, ...] = tuple(sys.version_info[:3])) -> Check:
    """Python 3.10 or newer."""
    text = ".".join(map(str, version))
    if version >= (3, 10):
        return Check("Python", "OK", text)
    return Check(
        "Python", "FAIL", _("{version}; the course needs 3.10 or newer").format(version=text)
    )


def check_torch(import_module: Callable[[str], object] = importlib.import_module) -> Check:
    """PyTorch importable; its version and build (CPU, CUDA, MPS)."""
    try:
        torch = import_module("torch")
    except ImportError:
        return Check(
            "PyTorch",
            "FAIL",
            _(
                "not installed: pip install torch==2.13.0 (or "
                "python3 course.py lab, which installs the pinned version)"
            ),
        )
    version = getattr(torch, "__version__", "?")
    cuda = getattr(getattr(torch, "version", None), "cuda", None)
    build = _("CUDA {cuda} build").format(cuda=cuda) if cuda else _("CPU build")
    mps = getattr(getattr(torch, "backends", None), "mps", None)
    if mps is not None and mps.is_available():
        build += _(", Apple MPS available")
    note = Path(sys.prefix) / ".course-torch"  # written by course.py setup: which build, why
    chosen = (
        _("; setup chose {choice}").format(choice=note.read_text(encoding="utf-8").strip())
        if note.is_file()
        else ""
    )
    if not str(version).startswith("2.13.0"):
        return Check(
            "PyTorch",
            "WARN",
            _(
                "{version} ({build}){chosen}; the course is tested with "
                "2.13.0: printed numbers may differ in the last digits"
            ).format(version=version, build=build, chosen=chosen),
            required=False,
        )
    return Check(
        "PyTorch",
        "OK",
        _("{version} ({build}){chosen}").format(version=version, build=build, chosen=chosen),
    )


def check_device(env: Mapping[str, str] = os.environ) -> Check:
    """The device ``pick_device`` would choose, and why an Apple GPU is used only when asked."""
    try:
        from helpers.device import DEVICE_ENV, MPS_NOT_USED, _mps_available, pick_device

        device = pick_device(verbose=False)
    except (ImportError, ValueError) as error:
        return Check(_("device"), "FAIL", str(error))
    if device.type == "mps":
        return Check(
            _("device"),
            "WARN",
            _(
                "mps (Apple GPU), as asked: no notebook of the course has been run on MPS, where "
                "LSTM results have differed from the CPU's; {env}=cpu goes back to the CPU"
            ).format(env=DEVICE_ENV),
            required=False,
        )
    forced = _(", forced by {env}").format(env=DEVICE_ENV) if env.get(DEVICE_ENV) else ""
    if device.type == "cpu" and not forced and _mps_available():
        return Check(_("device"), "OK", f"cpu ({_(MPS_NOT_USED).format(env=DEVICE_ENV)})")
    return Check(_("device"), "OK", f"{device.type}{forced}")


def check_threads(environ: Mapping[str, str] = os.environ) -> Check:
    """torch's threads and how idle threads wait; a warning where waiting threads spin."""
    import torch

    threads = torch.get_num_threads()
    policy = environ.get("OMP_WAIT_POLICY", "").strip().upper() or _("not set")
    detail = _("torch uses {threads} of {cpus} CPUs, OMP_WAIT_POLICY {policy}").format(
        threads=threads, cpus=os.cpu_count(), policy=policy
    )
    if threads > 1 and policy != "PASSIVE":
        return Check(
            _("threads"),
            "WARN",
            _(
                "{detail}: waiting threads spin, and beside other busy programs a notebook can "
                "run many times slower. Import helpers before torch (it sets "
                "OMP_WAIT_POLICY=PASSIVE), or set OMP_WAIT_POLICY=PASSIVE before starting Jupyter"
            ).format(detail=detail),
            required=False,
        )
    return Check(_("threads"), "OK", _("{detail} (waiting threads sleep)").format(detail=detail))


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
                _("widget front end"),
                "OK",
                _("@jupyter-widgets/jupyterlab-manager in {folder}").format(folder=shown(folder)),
            )
    return Check(
        _("widget front end"),
        "FAIL",
        _(
            "JupyterLab would show widgets as text: "
            "pip install jupyterlab_widgets==3.0.10 (or python3 course.py lab)"
        ),
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
    when its sum matches, as it does for the loaders in ``helpers.data``. Where the mirror of
    ``LSTM_NOTEBOOKS_MIRROR`` is set, the download is tried from there, as the loaders do.
    """
    from helpers.data import MIRROR_ENV, DataError, mirror_url
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
                _(
                    "{env}={folder} is a file: set it to the folder that holds {files}, "
                    "such as {parent}"
                ).format(
                    env=env_name,
                    folder=shown(folder),
                    files=", ".join(files),
                    parent=shown(folder.parent),
                ),
            )
        missing = [f for f in files if not (folder / f).is_file()]
        if missing:
            return Check(
                name,
                "FAIL",
                _("{env}={folder} lacks {files}").format(
                    env=env_name, folder=shown(folder), files=", ".join(missing)
                ),
            )
        if wrong := wrong_sums(folder):
            return Check(
                name,
                "FAIL",
                _(
                    "{files} in {folder} is not the pinned file (SHA-256 differs): replace it "
                    "with the pinned copy"
                ).format(files=", ".join(wrong), folder=shown(folder)),
            )
        return Check(
            name,
            "OK",
            _("local copy in {folder} ({env})").format(folder=shown(folder), env=env_name),
        )
    cached = [f for f in files if (cache / f).is_file()]
    if len(cached) == len(files) and not wrong_sums(cache):
        return Check(name, "OK", _("cached in {folder}").format(folder=shown(cache)))
    bad = [f for f in cached if sha256_of(cache / f) != files[f]]
    if bad:  # the loader deletes such a copy and downloads it again
        cached_text = _(
            "{files} in {folder} is not the pinned file (SHA-256 differs); the loader will "
            "replace it, and"
        ).format(files=", ".join(bad), folder=shown(cache))
    elif cached:
        cached_text = _("only {files} cached, and").format(files=", ".join(cached))
    else:
        cached_text = _("none cached, and")
    try:
        mirrored = mirror_url(next(iter(files))) if env.get(MIRROR_ENV) else None
    except DataError as error:  # the data mirror line says the same
        return Check(name, "FAIL", str(error))
    source = _("the mirror {mirror}").format(mirror=env[MIRROR_ENV]) if mirrored else _("the web")
    opener = opener or (
        lambda address: urllib.request.urlopen(
            urllib.request.Request(address, method="HEAD"), timeout=5
        )
    )
    try:
        with opener(mirrored or url):  # type: ignore[attr-defined]
            pass
    except OSError as error:
        return Check(
            name,
            "FAIL",
            _(
                "no local copy, {cached} no download from {source} ({error}): set {env} to a "
                "folder with {files}, or put them in {cache}"
            ).format(
                cached=cached_text,
                source=source,
                error=error,
                env=env_name,
                files=", ".join(files),
                cache=shown(cache),
            ),
        )
    fetched = (
        _("not here yet; replaced into {cache} on first use, from {source}")
        if bad
        else _("not here yet; downloaded into {cache} on first use, from {source}")
    )
    return Check(name, "OK", fetched.format(cache=shown(cache), source=source))


def check_chromium(
    which: Callable[[str], str | None] = shutil.which, env: Mapping[str, str] = os.environ
) -> Check:
    """Chromium for the browser tests (only the tests need it)."""
    path = env.get("CHROMIUM_PATH") or which("chromium")
    if path:
        return Check(
            "Chromium",
            "OK",
            _("{path} (for the browser tests)").format(path=shown(path)),
            required=False,
        )
    return Check(
        "Chromium",
        "WARN",
        _(
            "not found; only the browser tests need it: apt-get install chromium, or set "
            "CHROMIUM_PATH"
        ),
        required=False,
    )


def check_cache(env: Mapping[str, str] = os.environ) -> Check:
    """The cache folder of the downloads (``LSTM_NOTEBOOKS_CACHE``, else ~/.cache): a folder,
    or a place where one can be made, never a file."""
    from helpers.data import CACHE_ENV

    value = env.get(CACHE_ENV, "").strip()
    base = Path(value).expanduser() if value else Path.home() / ".cache" / "lstm-notebooks"
    blocked = next((p for p in (base, *base.parents) if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        where = f"{CACHE_ENV}={value}" if value else shown(base)
        return Check(
            _("download cache"),
            "FAIL",
            _("{where}: {file} is a file, not a folder: set {env} to a folder").format(
                where=where, file=shown(blocked), env=CACHE_ENV
            ),
        )
    return Check(_("download cache"), "OK", shown(base), required=False)


def check_mirror(env: Mapping[str, str] = os.environ) -> Check:
    """The data mirror of ``LSTM_NOTEBOOKS_MIRROR``: none, a folder (which pinned files it
    holds, checked) or a web address (each data line below tries it)."""
    from helpers.data import DATA_FILES, MIRROR_ENV

    value = env.get(MIRROR_ENV, "").strip()
    name = _("data mirror")
    if not value:
        return Check(
            name,
            "OK",
            _("none ({env} is not set): downloads come from GitHub").format(env=MIRROR_ENV),
            required=False,
        )
    from helpers.data import mirror_problem

    if problem := mirror_problem(value):
        return Check(name, "FAIL", problem)
    if "://" in value:
        return Check(
            name,
            "OK",
            _("{env}={value}: downloads come from there").format(env=MIRROR_ENV, value=value),
            required=False,
        )
    folder = Path(value).expanduser()
    from helpers.data import sha256_of

    held = [
        file
        for file in DATA_FILES.values()
        if (folder / file.name).is_file() and sha256_of(folder / file.name) == file.sha256
    ]
    return Check(
        name,
        "OK" if held else "WARN",
        _("{env}={folder} holds {count} of the {total} pinned files").format(
            env=MIRROR_ENV, folder=shown(folder), count=len(held), total=len(DATA_FILES)
        ),
        required=False,
    )


def check_font(find: Callable[[], str | None] | None = None) -> Check:
    """A font with Chinese characters for the Chinese edition's figures (never downloaded here).

    Without one, the Chinese notebooks' figures keep English labels: a warning in Chinese, a
    note in English (the English edition needs none).
    """
    name = _("font for Chinese figures")
    try:
        if find is None:
            from helpers.fonts import cjk_family

            def find() -> str | None:
                return cjk_family(download=False)

        family = find()
    except ImportError as error:  # matplotlib missing: the packages line says so
        return Check(name, "WARN", str(error), required=False)
    if family:
        return Check(name, "OK", family, required=False)
    return Check(
        name,
        "WARN" if language() == "zh" else "OK",
        _(
            "none found, so the Chinese notebooks' figures keep English labels: "
            "python3 course.py data get fetches one"
        ),
        required=False,
    )


def run_checks(env: Mapping[str, str] = os.environ) -> list[Check]:
    """Return every check's result, in the report's order."""
    checks = [check_python(), check_torch()]
    if checks[-1].status != "FAIL":
        checks += [check_device(env), check_threads(env)]
    checks.append(check_widgets())
    if importlib.util.find_spec("conllu") is None:
        checks.append(Check(_("data loader"), "FAIL", _("conllu is missing: pip install conllu")))
    else:
        from helpers import data

        cache = check_cache(env)
        checks += [cache] if cache.status == "FAIL" else []  # a line only when it is a file
        checks.append(check_mirror(env))
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
                _("NYC weather"),
                data.WEATHER_ENV,
                data.WEATHER_FILE,
                data.WEATHER_SHA256,
                data.weather_cache_dir(),
                data.WEATHER_URL.format(commit=data.WEATHER_COMMIT),
            ),
        ):
            checks.append(check_data(name, variable, {file: sha}, cache, url, env))
    checks.append(check_font())
    checks.append(check_chromium(env=env))
    return checks


def report(checks: list[Check] | None = None) -> bool:
    """Print one line per check; return whether every required check passed."""
    checks = run_checks() if checks is None else checks
    for check in checks:
        print(check.line())
    failed = [c for c in checks if c.required and c.status == "FAIL"]
    print(
        _("ready")
        if not failed
        else _("{count} required check(s) failed: see FAIL above").format(count=len(failed))
    )
    return not failed


def main() -> None:
    """Print the report; exit with status 1 when a required check failed."""
    sys.exit(0 if report() else 1)


if __name__ == "__main__":
    main()
