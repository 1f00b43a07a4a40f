#!/usr/bin/env python3
"""Set up and run the lstm-notebooks course.

Commands that need the course's libraries create or update .venv/ first (setup). Only the
Python standard library is used here, so a fresh python3 (3.10 or newer) can run it; the
maintainer tools it calls live in tools/ (see MAINTAINING.md).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import venv
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # tools/ sits beside this file
    sys.path.insert(0, str(ROOT))

from tools.execute import loads  # noqa: E402 - standard library only
from tools.manifest import local_data_defaults  # noqa: E402 - standard library only
from tools.notebooks import NOTEBOOKS, find_notebook, normalise_number  # noqa: E402

VENV = ROOT / ".venv"
STAMP = VENV / ".course-installed"
LOCKED = ("requirements.txt", "pyproject.toml")  # a change in either reinstalls .venv
TORCH_ENV = "LSTM_NOTEBOOKS_TORCH"  # cpu, cuda or auto: which build of torch setup installs
TORCH_INDEX_ENV = "LSTM_NOTEBOOKS_TORCH_INDEX"  # where the CPU build comes from
CPU_INDEX = "https://download.pytorch.org/whl/cpu"  # PyTorch's own index of its CPU builds
TORCH_NOTE = ".course-torch"  # in .venv: the build setup chose and why; doctor prints it


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def run(*args: object, env: dict[str, str] | None = None) -> None:
    """Run a command; a SIGTERM or SIGHUP sent to course.py is passed on to it (and, if it is
    still running 10 s later, it is killed), so that no notebook run, kernel or load outlives
    course.py."""
    print("+", " ".join(str(a) for a in args), flush=True)
    with subprocess.Popen([str(a) for a in args], cwd=ROOT, env=env) as process:

        def pass_on(signum: int, frame: object) -> None:
            process.send_signal(signum)
            later = threading.Timer(10, lambda: process.poll() is None and process.kill())
            later.daemon = True
            later.start()

        wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
        try:
            previous = {number: signal.signal(number, pass_on) for number in wanted}
        except ValueError:  # not the main thread: signals stay as they are
            previous = {}
        try:
            code = process.wait()
        except BaseException:
            process.kill()  # as subprocess.run does, after the child's moment to stop on Ctrl-C
            raise
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
    if code:
        raise subprocess.CalledProcessError(code, [str(a) for a in args])


def works(python: Path) -> bool:
    """Return whether ``python`` runs and has pip (a .venv whose creation was not cut short)."""
    if not python.exists():
        return False
    done = subprocess.run([str(python), "-c", "import pip"], capture_output=True)
    return done.returncode == 0


@dataclass(frozen=True)
class TorchPlan:
    """What setup does about torch before it installs the lock: ``pip`` argument lists to run
    (none: the lock's own ``torch==`` line decides) and one line that says which build and why.
    """

    note: str
    pip: list[list[str]] = field(default_factory=list)


def locked_torch(lock: Path | None = None) -> str:
    """Return the torch version that requirements.txt pins, such as ``2.13.0``."""
    text = (lock or ROOT / "requirements.txt").read_text(encoding="utf-8")
    found = re.search(r"^torch==([^\s;]+)", text, re.MULTILINE)
    if found is None:
        sys.exit("requirements.txt pins no torch: see MAINTAINING.md (the lock)")
    return found.group(1)


def present_torch(venv_folder: Path | None = None) -> str | None:
    """Return the version of torch installed in .venv (``2.13.0+cpu``), or None: read from its
    ``dist-info`` folder, without running anything."""
    folder = venv_folder or VENV
    for pattern in ("lib*/python*/site-packages/torch-*.dist-info", "Lib/site-packages/torch-*"):
        for info in folder.glob(pattern):
            if info.suffix == ".dist-info":
                return info.name.removeprefix("torch-").removesuffix(".dist-info")
    return None


def nvidia_gpu() -> bool:
    """Whether this machine has an NVIDIA GPU with its driver: ``nvidia-smi -L`` lists one, or
    the driver lists one in /proc."""
    if any(Path("/proc/driver/nvidia/gpus").glob("*")):
        return True
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return False
    try:
        done = subprocess.run([tool, "-L"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and "GPU" in done.stdout


def torch_plan(
    asked: str,
    present: str | None,
    locked: str,
    *,
    system: str,
    machine: str,
    gpu: bool,
    index: str = CPU_INDEX,
) -> TorchPlan:
    """Decide which torch setup installs (README: "Which PyTorch setup installs").

    ``asked`` is ``auto``, ``cpu`` or ``cuda`` (``LSTM_NOTEBOOKS_TORCH``, or ``setup --torch``);
    ``present`` the torch already in .venv (``2.13.0+cpu``) or None; ``locked`` the version of
    requirements.txt. Only on Linux x86_64 has PyPI's torch the CUDA libraries (about 3 GB);
    there the CPU build comes from ``index`` (PyTorch's CPU index, or a mirror of it), added
    to pip's own indexes with ``--extra-index-url``, so that a mirror set in ``PIP_INDEX_URL``
    or pip.conf is still used, and pinned as ``torch==VERSION+cpu``, which only the CPU build
    matches: when that index cannot be reached, pip fails instead of taking the CUDA build.
    """
    cpu_build = f"torch=={locked}+cpu"
    cpu = ["install", "--quiet", "--no-deps", cpu_build, "--extra-index-url", index]
    if system != "Linux" or machine.lower() not in ("x86_64", "amd64"):
        note = f"pip's own torch, as on {system} {machine} it comes without CUDA's 3 GB"
        if asked == "cuda":
            note += "; install a CUDA build into .venv yourself (README: Running on a GPU)"
        return TorchPlan(note)
    is_cpu = present is not None and present.endswith("+cpu")
    if present is not None and present.split("+")[0] == locked:
        if asked == "cpu" and not is_cpu:
            return TorchPlan(
                f"the CPU build, as asked ({TORCH_ENV}=cpu), in place of torch {present}",
                [[*cpu[:3], "--force-reinstall", *cpu[3:]]],
            )
        if asked == "cuda" and is_cpu:
            return TorchPlan(
                f"the CUDA build, as asked ({TORCH_ENV}=cuda), in place of torch {present}",
                [["uninstall", "--quiet", "--yes", "torch"]],
            )
        return TorchPlan(f"torch {present}, kept as it was in .venv")
    if asked == "cpu":
        return TorchPlan(f"the CPU build, as asked ({TORCH_ENV}=cpu)", [cpu])
    if asked == "cuda":
        return TorchPlan(f"the CUDA build, as asked ({TORCH_ENV}=cuda)")
    if present is not None:  # another release of torch: its new release in the same build
        build = "CPU" if is_cpu else "CUDA"
        return TorchPlan(f"the {build} build, as before (torch {present})", [cpu] if is_cpu else [])
    if gpu:
        return TorchPlan(
            f"the CUDA build, as an NVIDIA GPU was found ({TORCH_ENV}=cpu for the CPU build)"
        )
    return TorchPlan(
        f"the CPU build, as no NVIDIA GPU was found ({TORCH_ENV}=cuda for the CUDA build)", [cpu]
    )


def asked_torch() -> str:
    """Return the torch build the learner asked for: ``LSTM_NOTEBOOKS_TORCH``, else ``auto``."""
    asked = os.environ.get(TORCH_ENV, "").strip().lower() or "auto"
    if asked not in ("auto", "cpu", "cuda"):
        sys.exit(f"{TORCH_ENV} must be auto, cpu or cuda, got {asked!r}")
    return asked


def plan_here(asked: str, present: str | None) -> TorchPlan:
    """Return :func:`torch_plan` for this machine, its lock and the learner's settings."""
    index = os.environ.get(TORCH_INDEX_ENV, "").strip() or CPU_INDEX
    return torch_plan(
        asked,
        present,
        locked_torch(),
        system=platform.system(),
        machine=platform.machine(),
        gpu=nvidia_gpu() if asked == "auto" and present is None else False,
        index=index,
    )


def install_torch(python: Path, plan: TorchPlan) -> None:
    """Run the plan's pip commands; a CPU build that cannot be found ends with what to do."""
    source = next((c[c.index("--extra-index-url") + 1] for c in plan.pip if "install" in c), None)
    where = f", from {source} beside your own pip index" if source else ""
    print(f"torch: {plan.note}{where}", flush=True)
    for command in plan.pip:
        try:
            run(python, "-m", "pip", *command)
        except subprocess.CalledProcessError as error:
            if "install" not in command:
                raise
            wanted = next(a for a in command if a.startswith("torch=="))
            sys.exit(
                f"Could not install {wanted}, torch's CPU build (pip's exit status "
                f"{error.returncode}). Set {TORCH_INDEX_ENV} to a mirror of {CPU_INDEX}, or "
                f"{TORCH_ENV}=cuda to take your own pip index's torch (on Linux, about 3 GB "
                "with CUDA), then run the command again."
            )


def setup() -> Path:
    """Create .venv if needed; install the lock and the course when either changed.

    The stamp that says ".venv matches the lock" is written last, so a setup that was cut
    short (Ctrl-C, a lost connection) is finished or redone by the next command.
    """
    if sys.version_info < (3, 10):  # noqa: UP036 - this file runs before .venv exists
        sys.exit(f"Python 3.10 or newer is needed, this is {sys.version.split()[0]}")
    python = venv_python()
    digest = hashlib.sha256()
    for name in LOCKED:
        digest.update((ROOT / name).read_bytes())
    wanted = digest.hexdigest()
    asked = asked_torch()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        present = present_torch()
        plan = plan_here(asked, present) if asked != "auto" or present else TorchPlan("")
        if not plan.pip:
            if plan.note and not (VENV / TORCH_NOTE).exists():  # a .venv made before the note
                (VENV / TORCH_NOTE).write_text(plan.note + "\n", encoding="utf-8")
            print(f"{VENV.name}/ is up to date with requirements.txt", flush=True)
            return python
    if not works(python):
        print(f"Creating a virtual environment in {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    STAMP.unlink(missing_ok=True)
    plan = plan_here(asked, present_torch())
    install_torch(python, plan)
    run(python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt")
    for old in VENV.glob("lib*/python*/site-packages/lstm_notebooks.pth"):
        old.unlink()  # how earlier versions put the course on the path
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
    (VENV / TORCH_NOTE).write_text(plan.note + "\n", encoding="utf-8")
    STAMP.write_text(wanted + "\n")
    return python


def environment() -> dict[str, str]:
    """Return the environment for the course's programs: local data copies, if any."""
    env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "PYTHONUNBUFFERED": "1"}
    env.update(local_data_defaults(env))
    return env


def notebook_number(text: str) -> str:
    """argparse type: a notebook number that exists ("5" or "05"), as its two digits."""
    try:
        find_notebook(text)
        return normalise_number(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive(text: str) -> int:
    """argparse type: a whole number of 1 or more."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: write a whole number of 1 or more")
    return int(text)


def translation_target(text: str) -> str:
    """argparse type: a notebook number, or "helpers" (the helpers' message catalogue)."""
    if text.strip().casefold() == "helpers":
        return "helpers"
    try:
        return notebook_number(text)
    except argparse.ArgumentTypeError as error:
        raise argparse.ArgumentTypeError(f"{error}, or helpers (the helpers' messages)") from None


# One pytest-xdist worker per core; a notebook's cells and a test file stay on one worker, and
# the files are handed out longest first, in conftest.py's order (xdist's own reorder, by
# number of tests, would start notebook 13's 48 short cells before the browser tests).
WORKERS = ["-n", "auto", "--dist", "loadscope", "--no-loadscope-reorder"]


def pytest_args(quick: bool, extra: list[str]) -> list[str]:
    """Return pytest's arguments for ``course.py test`` (``--quick``: no slow tests, no nbval)."""
    if not quick:  # every test's time goes to artifacts/junit.xml; the slowest are printed
        return [*WORKERS, "--durations=25", "--junitxml=artifacts/junit.xml", *extra]
    paths = [a for a in extra if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    return [*WORKERS, "-m", "not slow", *([] if paths else ["tests"]), *extra]


def test(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    run(python, "-m", "ruff", "check", ".", env=env)
    run(python, "-m", "ruff", "format", "--check", ".", env=env)
    run(python, "-m", "pytest", *pytest_args(args.quick, args.extra), env=env)


LANGUAGES = {"en": NOTEBOOKS, "zh": NOTEBOOKS / "zh"}  # the Chinese edition: notebooks/zh/


def language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        default="en",
        help="the edition: en (notebooks/) or zh, 中文版 (notebooks/zh/)",
    )


def server(parser: argparse.ArgumentParser) -> None:
    """The options of lab and slides for a machine without a browser (a server, a container)."""
    parser.add_argument(
        "--no-browser",
        action="store_true",
        help="open no browser; JupyterLab prints the address with its token "
        "(the default where no display is found)",
    )
    parser.add_argument("--port", type=port_number, help="the port to serve on (default 8888)")
    parser.add_argument(
        "--ip", metavar="ADDRESS", help="the address to listen on, such as 0.0.0.0 (default: "
        "localhost, this machine only)"
    )  # fmt: skip


def port_number(text: str) -> int:
    """argparse type: a port, 1 to 65535."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number such as 8888")
    return int(text)


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def headless(env: dict[str, str]) -> bool:
    """Whether no browser can open here: Linux without a display (a server, a container)."""
    return sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    )


def jupyter_options(args: argparse.Namespace, env: dict[str, str]) -> list[str]:
    """Return JupyterLab's options for lab and slides, and say in one line why each was added."""
    options = []
    if is_root() and "--allow-root" not in args.extra:
        print(
            "Running as root (as in most containers): passing --allow-root, without which "
            "JupyterLab refuses to start.",
            flush=True,
        )
        options.append("--allow-root")
    if args.no_browser or (headless(env) and "--no-browser" not in args.extra):
        print(
            "No browser is opened: open the address with ?token= that JupyterLab prints "
            "below (from another machine: README, 'On a server, in a container, as root').",
            flush=True,
        )
        options.append("--no-browser")
    if args.port is not None:
        options.append(f"--port={args.port}")
    if args.ip is not None:
        options.append(f"--ip={args.ip}")
    return options


def lab(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    start = find_notebook("00", LANGUAGES[args.lang]).relative_to(ROOT).as_posix()
    if args.lang == "zh":  # the helpers speak Chinese in every notebook of this lab
        env = {**env, "LSTM_NOTEBOOKS_LANG": "zh"}
    options = jupyter_options(args, env)
    run(python, "-m", "jupyterlab", *options, start, *args.extra, env=env)


def slides(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    url = f"/rise/{args.slideshow.relative_to(ROOT).as_posix()}"
    options = jupyter_options(args, env)
    run(
        python, "-m", "jupyterlab", *options, *args.extra, f"--ServerApp.default_url={url}", env=env
    )


def translation(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    allow = ["--allow-untranslated"] if args.allow_untranslated else []
    run(python, "-m", "tools.translate", args.action, *args.numbers, *allow, env=env)


def data(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    file = [str(Path(args.file).expanduser().resolve())] if args.file else []
    force = ["--force"] if args.force else []
    run(python, "-m", "helpers.data_pack", args.action, *file, *force, env=env)


def execute(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    options = [f"--load={','.join(args.load)}"] if getattr(args, "load", None) else []
    if getattr(args, "threads", None) is not None:
        options.append(f"--threads={args.threads}")
    run(python, "-m", "tools.execute", args.command, *args.numbers, *options, env=env)


def site(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    run(python, "-m", "tools.site", *args.extra, env=env)


def doctor(args: argparse.Namespace) -> None:
    """Report on this machine without changing it; exit with the report's status."""
    python = venv_python()
    env = environment()
    zh = args.lang == "zh" or env.get("LSTM_NOTEBOOKS_LANG", "").startswith("zh")
    if args.lang == "zh":  # the report in Chinese, as in a Chinese notebook
        env["LSTM_NOTEBOOKS_LANG"] = "zh"
    if python.exists():
        print(
            f"OK    课程环境：{VENV.name}/（由它的Python运行检查）"
            if zh
            else f"OK    course environment: {VENV.name}/ (its Python runs the checks)",
            flush=True,
        )
    else:
        print(
            f"WARN  课程环境：还没有{VENV.name}/，`python3 course.py lab`会创建它。"
            "现在改用手头的Python检查。"
            if zh
            else f"WARN  course environment: no {VENV.name}/ yet; `python3 course.py lab` "
            "creates it. Checking the Python at hand instead.",
            flush=True,
        )
        python = Path(sys.executable)
    command = [str(python), "-m", "helpers.doctor"]
    sys.exit(subprocess.run(command, cwd=ROOT, env=env).returncode)


def handout(args: argparse.Namespace) -> None:
    from tools.handout import HandoutError, write_handouts

    try:
        written = write_handouts(args.folder, args.force, LANGUAGES[args.lang])
    except HandoutError as error:  # checked before anything is written
        args.parser.error(str(error))
    for path in written:
        print(f"wrote {path}")
    print(
        f"{len(written)} handouts: solutions and speaker notes removed, outputs cleared, "
        "self-checks kept"
    )


def header(args: argparse.Namespace) -> None:
    from tools.header import main

    main(args.extra)


def slide_metadata(args: argparse.Namespace) -> None:
    from tools.slides import main

    main(args.extra)


def tables(args: argparse.Namespace) -> None:
    from tools.tables import main

    main(args.extra)


def new(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    run(python, "-m", "tools.scaffold", args.number, args.title, env=env)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="course.py",
        description=__doc__.split("\n")[0],
        epilog="`python3 course.py COMMAND --help` says more about each command.",
    )
    commands = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, text: str, **kwargs: object) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=text, description=text, **kwargs)
        sub.set_defaults(parser=sub)
        return sub

    sub = command("setup", "create .venv/ and install the pinned libraries and the course into it")
    sub.add_argument(
        "--torch",
        choices=["auto", "cpu", "cuda"],
        help=f"torch's build (or set {TORCH_ENV}): auto, the default, installs the CPU "
        "build on Linux without an NVIDIA GPU; a torch already in .venv is kept",
    )
    sub = command(
        "lab", "set up, then open the course in JupyterLab (other options go to JupyterLab)"
    )
    language(sub)
    server(sub)
    sub.set_defaults(run=lab, passes_on=True)
    sub = command("slides", "set up, then open notebook NN as a live slideshow (jupyterlab-rise)")
    sub.add_argument("number", metavar="NN", type=notebook_number, help="such as 01 (or 1)")
    language(sub)
    server(sub)
    sub.set_defaults(run=slides, passes_on=True)
    sub = command(
        "handout",
        "write students' copies of every notebook into DIR: no solutions, "
        "no speaker notes, no outputs, every self-check kept",
    )
    sub.add_argument("folder", metavar="DIR", help="created when missing; not inside notebooks/")
    sub.add_argument("--force", action="store_true", help="overwrite notebooks already in DIR")
    language(sub)
    sub.set_defaults(now=handout)
    sub = command(
        "data",
        "get (find or download, and check, the data sets and the font for Chinese figures), "
        "pack FILE (one .zip of them, with checksums and licenses, for a class without "
        "GitHub), unpack FILE (check a pack and install it)",
    )
    sub.add_argument("action", choices=["get", "pack", "unpack"])
    sub.add_argument("file", metavar="FILE", nargs="?", help="the .zip to write or read")
    sub.add_argument(
        "--force", action="store_true", help="pack: replace FILE, an earlier pack (a .zip)"
    )
    sub.set_defaults(run=data)
    sub = command(
        "site",
        "build the course as a website, both editions, from the saved outputs "
        "(--out DIR, --serve: on 127.0.0.1)",
        add_help=False,
    )
    sub.set_defaults(run=site, passes_on=True)
    sub = command(
        "doctor", "check this machine: Python, PyTorch, device, widgets, data, fonts, Chromium"
    )
    language(sub)  # --lang zh: the report in Chinese
    sub.set_defaults(now=doctor)
    sub = command("test", "set up, then lint, format check and pytest (every test and notebook)")
    sub.add_argument(
        "--quick",
        action="store_true",
        help="lint, format check and unit tests "
        "only: no browser, no fresh venv, no notebook run (under two minutes)",
    )
    sub.set_defaults(run=test, passes_on=True)
    for name, text in (
        ("execute", "(maintainer) re-execute notebooks in place, outputs kept"),
        ("bench", "(maintainer) run notebooks and time them against budgets"),
    ):
        sub = command(name, text)
        sub.add_argument(
            "numbers",
            metavar="NN",
            nargs="*",
            type=notebook_number,
            help="only these notebooks (default: all)",
        )
        sub.set_defaults(run=execute)
    sub.add_argument(  # bench only
        "--load",
        type=loads,
        metavar="LOADS",
        help="run each notebook beside a load and compare with its quiet time: busy (two busy "
        "loops), torch (two small LSTM trainings), quiet, or several: quiet,busy,torch",
    )
    sub.add_argument("--threads", type=positive, metavar="N", help="torch threads in the notebooks")
    sub = command(
        "translation",
        "(maintainer) the Chinese edition: status (what is missing or stale), update "
        "(new English into translations/zh/*.po), build (write notebooks/zh/), execute "
        "(build, then run them in Chinese: their outputs)",
    )
    sub.add_argument("action", nargs="?", choices=["status", "update", "build", "execute"])
    sub.add_argument(
        "numbers",
        metavar="NN",
        nargs="*",
        type=translation_target,
        help="notebooks, or helpers: the helpers' messages (default: all)",
    )
    sub.add_argument(
        "--allow-untranslated",
        action="store_true",
        help="build or update even where notebooks/zh/ would lose Chinese it has now",
    )
    sub.set_defaults(run=translation)
    sub = command(
        "header",
        "(maintainer) write every notebook's badge, setup cell and figures (--check: only check)",
        add_help=False,
    )
    sub.set_defaults(now=header, passes_on=True)
    sub = command(
        "slide-metadata",
        "(maintainer) write every notebook's slide metadata (--check: only check)",
        add_help=False,
    )
    sub.set_defaults(now=slide_metadata, passes_on=True)
    sub = command(
        "tables",
        "(maintainer) write the notebook rows of README, TEACHING (both languages) and 00's "
        "map from tools/manifest.py (--check: only check)",
        add_help=False,
    )
    sub.set_defaults(now=tables, passes_on=True)
    sub = command(
        "new",
        "(maintainer) add notebook NN: a lesson skeleton that passes the structure tests, its "
        "manifest line, rows in the docs and a Chinese twin awaiting translation",
    )
    sub.add_argument("number", metavar="NN", help="the next number, such as 15")
    sub.add_argument("title", metavar="TITLE", help='its short title, such as "Attention"')
    sub.set_defaults(run=new)
    return top


AFTER_THE_COMMAND = {  # options of a command, and how to write them
    "--lang": "python3 course.py lab --lang zh",
    "--torch": "python3 course.py setup --torch cuda",
    "--no-browser": "python3 course.py lab --no-browser",
    "--port": "python3 course.py lab --port 9999",
    "--ip": "python3 course.py lab --ip 0.0.0.0",
    "--force": "python3 course.py handout DIR --force",
    "--quick": "python3 course.py test --quick",
    "--allow-untranslated": "python3 course.py translation build 03 --allow-untranslated",
}


def main(argv: list[str] | None = None) -> None:
    top = parser()
    words = sys.argv[1:] if argv is None else argv
    first = next((w for w in words if not w.startswith("-")), None)
    early = words[: words.index(first)] if first is not None else words
    for word in early:  # course.py --lang zh lab: an option of a command, before it
        example = AFTER_THE_COMMAND.get(word.split("=")[0])
        if example:
            top.error(f"{word.split('=')[0]} goes after the command, such as: {example}")
    args, extra = top.parse_known_args(argv)
    if args.command is None:
        top.print_help(sys.stderr)
        sys.exit(2)
    if args.command == "translation" and args.action is None:
        args.parser.error(
            "name the action: status, update, build or execute, then notebook numbers such as 03 "
            "(none: every notebook)"
        )
    if extra and not getattr(args, "passes_on", False):
        args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra  # for pytest (test), JupyterLab (lab, slides) or the maintainer tool
    if getattr(args, "torch", None):  # setup --torch cuda: as LSTM_NOTEBOOKS_TORCH=cuda
        os.environ[TORCH_ENV] = args.torch
    if args.command == "lab":  # checked before setup: the edition must have its 00
        try:
            find_notebook("00", LANGUAGES[args.lang])
        except ValueError as error:
            args.parser.error(str(error))
    if args.command == "data" and (args.action == "get") == bool(args.file):
        args.parser.error("get takes no FILE" if args.file else f"{args.action} needs FILE")
    if args.command == "data" and args.force and args.action != "pack":
        args.parser.error("--force goes with pack: python3 course.py data pack FILE --force")
    if args.command == "slides":  # checked before setup: the edition must have that notebook
        try:
            args.slideshow = find_notebook(args.number, LANGUAGES[args.lang])
        except ValueError as error:
            args.parser.error(str(error))
    try:
        if hasattr(args, "now"):  # needs nothing from .venv
            args.now(args)
            return
        python = setup()
        if hasattr(args, "run"):
            args.run(args, python, environment())
    except subprocess.CalledProcessError as error:  # a command stopped by signal N: 128 + N
        sys.exit(error.returncode if error.returncode >= 0 else 128 - error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
