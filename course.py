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
import subprocess
import sys
import venv
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


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def run(*args: object, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def works(python: Path) -> bool:
    """Return whether ``python`` runs and has pip (a .venv whose creation was not cut short)."""
    if not python.exists():
        return False
    done = subprocess.run([str(python), "-c", "import pip"], capture_output=True)
    return done.returncode == 0


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
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        print(f"{VENV.name}/ is up to date with requirements.txt", flush=True)
        return python
    if not works(python):
        print(f"Creating a virtual environment in {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    STAMP.unlink(missing_ok=True)
    run(python, "-m", "pip", "install", "--quiet", "-r", "requirements.txt")
    for old in VENV.glob("lib*/python*/site-packages/lstm_notebooks.pth"):
        old.unlink()  # how earlier versions put the course on the path
    run(python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ".")
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


def pytest_args(quick: bool, extra: list[str]) -> list[str]:
    """Return pytest's arguments for ``course.py test`` (``--quick``: no slow tests, no nbval)."""
    if not quick:
        return ["--durations=20", *extra]
    paths = [a for a in extra if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    return ["-m", "not slow", *([] if paths else ["tests"]), *extra]


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


def lab(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    start = find_notebook("00", LANGUAGES[args.lang]).relative_to(ROOT).as_posix()
    run(python, "-m", "jupyterlab", start, *args.extra, env=env)


def slides(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    url = f"/rise/{args.slideshow.relative_to(ROOT).as_posix()}"
    run(python, "-m", "jupyterlab", f"--ServerApp.default_url={url}", env=env)


def translation(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    run(python, "-m", "tools.translate", args.action, *args.numbers, env=env)


def execute(args: argparse.Namespace, python: Path, env: dict[str, str]) -> None:
    options = [f"--load={','.join(args.load)}"] if getattr(args, "load", None) else []
    if getattr(args, "threads", None) is not None:
        options.append(f"--threads={args.threads}")
    run(python, "-m", "tools.execute", args.command, *args.numbers, *options, env=env)


def doctor(args: argparse.Namespace) -> None:
    """Report on this machine without changing it; exit with the report's status."""
    python = venv_python()
    if python.exists():
        print(f"OK    course environment: {VENV.name}/ (its Python runs the checks)", flush=True)
    else:
        print(
            f"WARN  course environment: no {VENV.name}/ yet; `python3 course.py lab` creates "
            "it. Checking the Python at hand instead.",
            flush=True,
        )
        python = Path(sys.executable)
    command = [str(python), "-m", "helpers.doctor"]
    sys.exit(subprocess.run(command, cwd=ROOT, env=environment()).returncode)


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

    command("setup", "create .venv/ and install the pinned libraries and the course into it")
    sub = command("lab", "set up, then open the course in JupyterLab")
    language(sub)
    sub.set_defaults(run=lab, passes_on=True)
    sub = command("slides", "set up, then open notebook NN as a live slideshow (jupyterlab-rise)")
    sub.add_argument("number", metavar="NN", type=notebook_number, help="such as 01 (or 1)")
    language(sub)
    sub.set_defaults(run=slides)
    sub = command(
        "handout",
        "write students' copies of every notebook into DIR: no solutions, "
        "no speaker notes, no outputs, every self-check kept",
    )
    sub.add_argument("folder", metavar="DIR", help="created when missing; not inside notebooks/")
    sub.add_argument("--force", action="store_true", help="overwrite notebooks already in DIR")
    language(sub)
    sub.set_defaults(now=handout)
    sub = command("doctor", "check this machine: Python, PyTorch, device, widgets, data, Chromium")
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
        "(new English into translations/zh/*.po), build (write notebooks/zh/)",
    )
    sub.add_argument("action", choices=["status", "update", "build"])
    sub.add_argument("numbers", metavar="NN", nargs="*", type=notebook_number, help="default: all")
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
    return top


def main(argv: list[str] | None = None) -> None:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if args.command is None:
        top.print_help(sys.stderr)
        sys.exit(2)
    if extra and not getattr(args, "passes_on", False):
        args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra  # for pytest (test), JupyterLab (lab) or the maintainer tool
    if args.command == "lab":  # checked before setup: the edition must have its 00
        try:
            find_notebook("00", LANGUAGES[args.lang])
        except ValueError as error:
            args.parser.error(str(error))
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
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
