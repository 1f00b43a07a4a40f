"""course.py: usage, argument checks before any setup, and a setup that recovers when cut short."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import course
from tools.notebooks import ROOT


@pytest.fixture
def bare(tmp_path) -> Path:
    """A copy of the course's launcher and tools with two notebooks, and no .venv."""
    shutil.copy(ROOT / "course.py", tmp_path)
    shutil.copytree(
        ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "notebooks").mkdir()
    for name in ("00_start.ipynb", "05_gru.ipynb"):
        (tmp_path / "notebooks" / name).write_text('{"cells": [], "metadata": {}}')
    return tmp_path


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(folder / "course.py"), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_alone_it_prints_usage_and_the_commands():
    done = run(ROOT)
    assert done.returncode == 2
    assert done.stderr.startswith("usage: course.py")
    for name in ("setup", "lab", "slides", "handout", "doctor", "test", "execute", "bench"):
        assert f"\n    {name} " in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("nonsense",),
        ("slides",),
        ("slides", "42"),
        ("slides", "five"),
        ("slides", "1", "2"),
        ("execute", "99"),
        ("bench", "5", "x"),
        ("doctor", "extra", "words"),
        ("setup", "now"),
        ("handout",),
        ("handout", ""),
        ("handout", "notebooks"),
        ("handout", "notebooks/sub"),
    ],
    ids=" ".join,
)
def test_misuse_gets_usage_and_status_2_before_any_setup(bare, args):
    done = run(bare, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "usage: course.py" in done.stderr
    assert not (bare / ".venv").exists(), "nothing is installed for a command that was refused"


def test_each_command_has_its_own_help():
    for name in ("setup", "lab", "slides", "handout", "doctor", "test", "execute", "bench"):
        done = run(ROOT, name, "--help")
        assert done.returncode == 0 and done.stdout.startswith(f"usage: course.py {name}")
    done = run(ROOT, "handout", "--help")
    assert "DIR" in done.stdout and "--force" in done.stdout
    assert "--check" in run(ROOT, "header", "--help").stdout


def test_notebook_numbers_are_read_the_same_everywhere():
    parse = course.parser().parse_args
    assert parse(["slides", "5"]).number == parse(["slides", "05"]).number == "05"
    assert parse(["execute", "5", "07"]).numbers == ["05", "07"]
    assert parse(["bench", "1"]).numbers == ["01"]


def test_quick_tests_leave_out_the_slow_tier_and_the_notebooks():
    workers = course.WORKERS
    assert course.pytest_args(quick=True, extra=[]) == [*workers, "-m", "not slow", "tests"]
    assert course.pytest_args(quick=True, extra=["-k", "lock"]) == [
        *workers,
        "-m",
        "not slow",
        "tests",
        "-k",
        "lock",
    ]
    assert course.pytest_args(quick=True, extra=["tests/test_lock.py"]) == [
        *workers,
        "-m",
        "not slow",
        "tests/test_lock.py",
    ]
    full = course.pytest_args(quick=False, extra=["-x"])
    assert full[: len(workers)] == workers and full[-1] == "-x"  # words given come last: they win
    assert "--junitxml=artifacts/junit.xml" in full  # every test's time is kept


def test_a_handout_folder_is_created_and_its_notebooks_kept(bare):
    target = bare / "out" / "class"
    done = run(bare, "handout", str(target))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in target.iterdir()) == ["00_start.ipynb", "05_gru.ipynb"]
    assert run(bare, "handout", str(target)).returncode == 2  # not again without --force
    assert run(bare, "handout", str(target), "--force").returncode == 0


class FakeVenv:
    """Stands in for .venv's creation and pip: records what ran, fails where told to."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
        self.venv = tmp_path / ".venv"
        self.python = self.venv / "bin" / "python"
        self.calls: list[str] = []
        self.interrupt_at: str | None = None
        monkeypatch.setattr(course, "VENV", self.venv)
        monkeypatch.setattr(course, "STAMP", self.venv / ".course-installed")
        monkeypatch.setattr(course, "venv_python", lambda: self.python)
        monkeypatch.setattr(course, "works", lambda python: python.exists())
        monkeypatch.setattr(course, "run", self.run)
        monkeypatch.setattr(course.venv, "EnvBuilder", self.builder)
        monkeypatch.setattr(course, "nvidia_gpu", lambda: True)  # torch from the lock alone
        monkeypatch.delenv(course.TORCH_ENV, raising=False)

    def builder(self, **options):
        assert options.get("clear") and options.get("with_pip")
        fake = self

        class Builder:
            def create(self, folder):
                fake.calls.append("create")
                fake.python.parent.mkdir(parents=True, exist_ok=True)
                fake.python.write_text("")

        return Builder()

    def run(self, *args, env=None):
        step = " ".join(str(a) for a in args[3:])
        self.calls.append(step)
        if self.interrupt_at and self.interrupt_at in step:
            raise KeyboardInterrupt


def test_an_interrupted_setup_is_finished_by_the_next_command(tmp_path, monkeypatch):
    fake = FakeVenv(tmp_path, monkeypatch)
    fake.interrupt_at = "-r requirements.txt"
    with pytest.raises(KeyboardInterrupt):
        course.setup()
    assert fake.calls == ["create", "install --quiet -r requirements.txt"]
    assert not course.STAMP.exists(), "a cut-short setup must not look finished"
    fake.calls.clear()
    fake.interrupt_at = None
    assert course.setup() == fake.python
    assert fake.calls == [
        "install --quiet -r requirements.txt",
        "install --quiet --no-deps -e .",
    ]
    assert course.STAMP.exists()
    fake.calls.clear()
    course.setup()  # up to date: nothing runs
    assert fake.calls == []


def test_a_venv_without_a_working_python_is_made_again(tmp_path, monkeypatch):
    fake = FakeVenv(tmp_path, monkeypatch)
    fake.venv.mkdir()
    (fake.venv / ".course-installed").write_text("an old stamp\n")  # but no python in it
    course.setup()
    assert fake.calls[0] == "create" and course.STAMP.read_text() != "an old stamp\n"


def test_lab_in_chinese_makes_the_helpers_speak_chinese(monkeypatch):
    """LSTM_NOTEBOOKS_LANG=zh for the lab's kernels: the English notebooks answer in Chinese too."""
    seen = []
    monkeypatch.setattr(course, "setup", lambda: Path("python"))
    monkeypatch.setattr(course, "run", lambda *args, env=None: seen.append(env))
    monkeypatch.delenv("LSTM_NOTEBOOKS_LANG", raising=False)
    course.main(["lab", "--lang", "zh"])
    course.main(["lab"])
    assert seen[0]["LSTM_NOTEBOOKS_LANG"] == "zh" and "LSTM_NOTEBOOKS_LANG" not in seen[1]


def test_translation_and_data_take_their_targets(monkeypatch):
    ran = []
    monkeypatch.setattr(course, "setup", lambda: Path("python"))
    monkeypatch.setattr(course, "run", lambda *args, env=None: ran.append(args))
    course.main(["translation", "update", "helpers", "5"])
    assert ran[-1][-3:] == ("update", "helpers", "05")
    course.main(["data", "get"])
    assert ran[-1][-2:] == ("helpers.data_pack", "get")
    course.main(["data", "pack", "class.zip"])
    assert ran[-1][-2] == "pack" and ran[-1][-1] == str(Path("class.zip").resolve())
    with pytest.raises(SystemExit):
        course.main(["translation", "update", "helper"])


def test_the_chinese_edition_is_one_flag_away(monkeypatch, tmp_path):
    """lab, slides and handout open or copy notebooks/zh/ with --lang zh; the rest is the same."""
    ran = []
    monkeypatch.setattr(course, "setup", lambda: Path("python"))
    monkeypatch.setattr(course, "run", lambda *args, env=None: ran.append(args))
    course.main(["lab", "--lang", "zh"])
    course.main(["lab"])
    assert ran[0][-1] == "notebooks/zh/00_start_here.ipynb"
    assert ran[1][-1] == "notebooks/00_start_here.ipynb"
    course.main(["slides", "5", "--lang", "zh"])
    assert ran[2][-1] == "--ServerApp.default_url=/rise/notebooks/zh/05_gru.ipynb"
    course.main(["handout", str(tmp_path / "zh"), "--lang", "zh"])
    english = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.name for p in (tmp_path / "zh").iterdir()) == english
    first = (tmp_path / "zh" / "05_gru.ipynb").read_text(encoding="utf-8")
    assert "门控循环单元" in first and "<details>" not in first
    with pytest.raises(SystemExit) as refused:  # the Chinese edition is inside notebooks/ too
        course.main(["handout", str(ROOT / "notebooks" / "zh" / "copy"), "--lang", "zh"])
    assert refused.value.code == 2


@pytest.mark.parametrize(
    "case, args, phrase",
    [
        ("C01", (), "usage: course.py"),  # alone: usage, and no "extra is required"
        ("C16", ("handout", ""), "name the folder"),  # no handouts into the current folder
        ("C17", ("--in-venv",), "usage: course.py"),  # the old internal flag is just misuse
        ("C21", ("doctor", "extra", "words"), "unrecognized arguments: extra words"),
    ],
    ids=lambda value: value if isinstance(value, str) and value[:1] == "C" else "",
)
def test_the_commands_cases_of_the_bad_inputs_review(bare, case, args, phrase):
    done = run(bare, *args)
    assert done.returncode == 2 and phrase in done.stderr, f"{case}: {done.stderr}"
    assert "extra" not in done.stderr.replace("extra words", "")
    assert not (bare / ".venv").exists()


def test_execute_5_is_notebook_05_as_in_slides():  # C24 of the bad-inputs review
    parse = course.parser().parse_args
    assert parse(["execute", "5"]).numbers == [parse(["slides", "5"]).number] == ["05"]


def test_handouts_never_go_into_notebooks_through_a_link(tmp_path):
    link = tmp_path / "looks_elsewhere"
    link.symlink_to(ROOT / "notebooks" / "zh")
    with pytest.raises(SystemExit) as refused:
        course.main(["handout", str(link / "copies"), "--lang", "zh", "--force"])
    assert refused.value.code == 2


def test_lab_checks_its_edition_before_any_setup(monkeypatch, tmp_path):
    monkeypatch.setitem(course.LANGUAGES, "zh", tmp_path)  # an edition without its 00
    monkeypatch.setattr(course, "setup", lambda: pytest.fail("setup ran before the check"))
    with pytest.raises(SystemExit) as refused:
        course.main(["lab", "--lang", "zh"])
    assert refused.value.code == 2
