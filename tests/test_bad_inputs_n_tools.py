"""The course's tools with bad input, and the choices that setup, lab and slides make.

Rows named N.. are the CRASH, SILENT and VAGUE cases of the bad-inputs review of 2026-12-06
in ``course.py`` (``--lang``, ``translation``, ``handout``) and in the translation tool on
tampered files; rows named +... are further inputs of the same kinds. Then: which pip commands
setup runs to install torch (with and without an NVIDIA GPU, with a mirror; no torch is
downloaded), and which command ``lab`` and ``slides`` start, as root and not (no JupyterLab is
started); what doctor says of torch's build; and the device on a Mac, with a stand-in for MPS.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import course
from tools import translate

ROOT = Path(__file__).resolve().parents[1]
NAME = "03_step_by_step.ipynb"
CATALOGUE = "03_step_by_step.po"


# --- course.py ------------------------------------------------------------------------------
@pytest.fixture
def bare(tmp_path) -> Path:
    """course.py, its tools and two notebooks, without .venv: a refusal must come first."""
    shutil.copy(ROOT / "course.py", tmp_path)
    shutil.copytree(
        ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "notebooks").mkdir()
    for name in ("00_start.ipynb", "05_gru.ipynb"):
        (tmp_path / "notebooks" / name).write_text('{"cells": [], "metadata": {}}')
    (tmp_path / "README.md").write_text("a file\n")
    return tmp_path


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(folder / "course.py"), *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("case", "args", "phrase"),
    [
        ("N273", ("--lang", "zh", "lab"), "--lang goes after the command"),
        (
            "+lang=zh first",
            ("--lang=zh", "slides", "1"),
            "such as: python3 course.py lab --lang zh",
        ),
        ("+torch first", ("--torch", "cpu", "setup"), "--torch goes after the command"),
        ("N284", ("translation",), "name the action: status, update, build or execute"),
        ("+translation flag only", ("translation", "--allow-untranslated"), "name the action"),
        ("N306", ("handout", "README.md/out"), "cannot write into README.md/out (Not a directory"),
        ("+handout port", ("lab", "--port", "99999"), "'99999' is not a port"),
    ],
    ids=lambda value: value if isinstance(value, str) and not value.startswith(("-", "n")) else "",
)
def test_course_py_misuse_gets_usage_and_status_2_before_any_setup(bare, case, args, phrase):
    done = run(bare, *args)
    assert done.returncode == 2 and phrase in done.stderr, f"{case}: {done.stderr}"
    assert "Traceback" not in done.stderr and not (bare / ".venv").exists()


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("case", ["N311"])
def test_a_folder_that_cannot_be_made(bare, case):
    done = run(bare, "handout", "/proc/handouts")
    assert done.returncode == 2 and "cannot write into /proc/handouts" in done.stderr
    assert "nothing was written" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("case", ["N298", "N299"])
def test_a_folder_that_refuses_writing_is_usage_with_nothing_written(case, tmp_path, monkeypatch):
    """N298: a read-only folder; N299: a new folder below it (root ignores the mode bits, so a
    refusing file system is stood in for)."""
    from tools import handout

    def refuse(self, *args, **kwargs):
        raise PermissionError(1, "Operation not permitted", str(self))

    target = tmp_path / "read-only" / ("sub" if case == "N299" else "")
    (tmp_path / "read-only").mkdir()
    monkeypatch.setattr(Path, "mkdir" if case == "N299" else "write_text", refuse)
    with pytest.raises(handout.HandoutError) as refused:
        handout.write_handouts(str(target), force=False)
    assert "Operation not permitted" in str(refused.value)
    assert "choose a folder you can write to (nothing was written)" in str(refused.value)
    assert list((tmp_path / "read-only").iterdir()) == []


# --- the translation tool on tampered files (a scratch copy of notebook 03) ------------------
@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "course"
    (root / "notebooks" / "zh").mkdir(parents=True)
    (root / "translations" / "zh").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / NAME, root / "notebooks" / NAME)
    shutil.copy(ROOT / "notebooks" / "zh" / NAME, root / "notebooks" / "zh" / NAME)
    shutil.copy(ROOT / "translations" / "zh" / CATALOGUE, root / "translations" / "zh")
    for name, value in {
        "ROOT": root,
        "NOTEBOOKS": root / "notebooks",
        "ZH": root / "notebooks" / "zh",
        "CATALOGUES": root / "translations" / "zh",
    }.items():
        monkeypatch.setattr(translate, name, value)
    return root


def tool(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = translate.main(list(args))
    return code, out.getvalue() + err.getvalue()


def po(root: Path) -> Path:
    return root / "translations" / "zh" / CATALOGUE


LINE = 'msgstr "课程准备：在Colab中从代码仓库安装课程；在其他环境中检查课程是否已安装"'
ENTRY = (
    '\n#: code cell 2\nmsgctxt "comment"\nmsgid "Course setup. In Colab: install the course from '
    'its repository. Anywhere: check it is here."\nmsgstr "课程准备"\n'
)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def cut_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"\n\n#:", len(data) // 2) + 1])


def cut_in_a_character(path: Path) -> None:
    """Cut the file after the first byte of a multi-byte character, wherever the text puts one."""
    data = path.read_bytes()
    path.write_bytes(data[: next(i for i in range(20000, len(data)) if data[i] >= 0xC0) + 1])


def folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


TAMPERED = {  # what was done to the scratch copy
    "unclosed quote": lambda r: edit(po(r), LINE, LINE[:-1]),
    "stray quote": lambda r: edit(po(r), LINE, LINE[:-3] + '"安装"'),
    "cut in a character": lambda r: cut_in_a_character(po(r)),
    "GB18030": lambda r: po(r).write_bytes(po(r).read_text(encoding="utf-8").encode("gb18030")),
    "emptied": lambda r: po(r).write_text(""),
    "deleted": lambda r: po(r).unlink(),
    "duplicate entry": lambda r: po(r).write_text(po(r).read_text("utf-8") + ENTRY, "utf-8"),
    "English not JSON": lambda r: (r / "notebooks" / NAME).write_text("{ "),
    "a folder": lambda r: folder(po(r)),
    "fuzzy by hand": lambda r: edit(
        po(r), '#: code cell 2\nmsgctxt "comment"', '#: code cell 2\n#, fuzzy\nmsgctxt "comment"'
    ),
    "half": lambda r: cut_half(po(r)),
    "English {}": lambda r: (r / "notebooks" / NAME).write_text("{}"),
    "Chinese a folder": lambda r: folder(r / "notebooks" / "zh" / NAME),
    "broken link": lambda r: (po(r).unlink(), po(r).symlink_to(r / "nowhere.po")),
}

CASES = [  # (case, tampering, command, what the tool says; it exits 1 and writes nothing)
    ("N322", "unclosed quote", "status", CATALOGUE + ", line {line}: the text must start and end"),
    ("N323", "unclosed quote", "build", "add the missing one; nothing was changed"),
    ("N324", "unclosed quote", "update", "line {line}"),
    ("N325", "cut in a character", "status", "not UTF-8 text (byte 0x"),
    ("N326", "cut in a character", "build", "save it as UTF-8, or restore it with `git checkout"),
    ("N327", "GB18030", "status", ": not UTF-8 text (byte 0x"),
    ("N329", "emptied", "build", "text(s) in Chinese that"),
    ("N330", "deleted", "build", "the catalogue lost them. Restore it (`git checkout"),
    ("+deleted, status", "deleted", "status", "the catalogue lost them"),
    ("+deleted, update", "deleted", "update", "or add --allow-untranslated"),
    ("N333", "duplicate entry", "status", "the same English ('Course setup."),
    ("N334", "duplicate entry", "update", "has two entries: keep one"),
    ("N335", "English not JSON", "status", f"{NAME}, line 1, column 3: not valid JSON"),
    ("N339", "a folder", "status", f"{CATALOGUE} is a folder, not a catalogue"),
    ("N340", "stray quote", "status", 'a double quote inside the text must be written \\"'),
    ("N341", "fuzzy by hand", "status", "is marked fuzzy: check its Chinese, then remove"),
    ("+fuzzy by hand, build", "fuzzy by hand", "build", "check their Chinese and remove the fuzzy"),
    ("N343", "half", "build", "text(s) in Chinese that"),
    ("+half, update", "half", "update", "the catalogue lost them"),
    ("+emptied, update", "emptied", "update", "the catalogue lost them"),
    ("+English {}", "English {}", "build", "is JSON but not a notebook (no list of cells)"),
    ("+Chinese a folder", "Chinese a folder", "status", "is a folder, not a notebook"),
    ("+catalogue a broken link", "broken link", "update", "cannot be read (No such file"),
]


@pytest.mark.parametrize(
    ("tampering", "command", "phrase"), [pytest.param(t, c, p, id=i) for i, t, c, p in CASES]
)
def test_a_broken_catalogue_is_refused_with_the_file_and_nothing_is_written(
    scratch, tampering, command, phrase
):
    line = po(scratch).read_text(encoding="utf-8").split("\n").index(LINE) + 1
    phrase = phrase.replace("{line}", str(line))  # where the tampered text is
    TAMPERED[tampering](scratch)
    files = [scratch / "notebooks" / "zh" / NAME, po(scratch)]
    before = [p.read_bytes() if p.is_file() else None for p in files]
    code, said = tool(command, "03")
    assert code == 1 and phrase in said, said
    if "lost" in said:  # the advice is to restore the catalogue, not to update or build
        assert "translation update" not in said and "`build`" not in said
    assert [p.read_bytes() if p.is_file() else None for p in files] == before


def test_build_reports_its_coverage_and_allows_a_loss_only_when_asked(scratch):
    n = len(translate.translatable(translate.read(scratch / "notebooks" / NAME)))
    assert tool("build", "03") == (0, f"wrote notebooks/zh/{NAME}: {n} of {n} texts in Chinese\n")
    TAMPERED["half"](scratch)
    assert tool("build", "03")[0] == 1
    code, said = tool("build", "03", "--allow-untranslated")
    assert (
        code == 0 and f" of {n} texts in Chinese; `python3 course.py translation status 03`" in said
    )
    assert tool("status", "03")[0] == 1  # and status still names every missing entry


def test_a_new_notebook_with_an_empty_catalogue_builds_only_when_asked(scratch):
    (scratch / "notebooks" / "zh" / NAME).unlink()  # no Chinese twin to lose
    po(scratch).write_text("")
    code, said = tool("build", "03")
    n = len(translate.translatable(translate.read(scratch / "notebooks" / NAME)))
    assert code == 1 and f"translates none of its {n} texts" in said
    assert not (scratch / "notebooks" / "zh" / NAME).exists()
    assert tool("build", "03", "--allow-untranslated")[0] == 0
    with pytest.raises(SystemExit):  # the flag is for build and update
        tool("status", "--allow-untranslated")


def test_the_usual_edit_update_build_round_is_not_a_loss(scratch):
    """An English comment edited: update keeps its Chinese as fuzzy, build shows the English."""
    english = scratch / "notebooks" / NAME
    edit(english, "elsewhere this cell does nothing", "elsewhere nothing happens")
    assert tool("build", "03")[0] == 0  # before update: the Chinese was of the old English
    assert tool("update", "03")[0] == 0
    code, said = tool("build", "03")
    n = len(translate.translatable(translate.read(english)))
    assert code == 0 and f"{n - 1} of {n} texts in Chinese" in said
    notebook = json.loads((scratch / "notebooks" / "zh" / NAME).read_text(encoding="utf-8"))
    assert "elsewhere nothing happens" in json.dumps(notebook, ensure_ascii=False)


# --- setup: which torch ----------------------------------------------------------------------
CPU = "install --quiet --no-deps torch==2.13.0+cpu --extra-index-url " + course.CPU_INDEX
FORCED = CPU.replace("--no-deps", "--no-deps --force-reinstall")
LINUX = dict(system="Linux", machine="x86_64")

# (machine, asked, torch in .venv, NVIDIA GPU) -> (what the note says, pip commands before the lock)
DECISIONS = [
    (LINUX, "auto", None, False, "the CPU build, as no NVIDIA GPU was found", [CPU]),
    (LINUX, "auto", None, True, "the CUDA build, as an NVIDIA GPU was found", []),
    (LINUX, "cpu", None, True, "the CPU build, as asked", [CPU]),
    (LINUX, "cuda", None, False, "the CUDA build, as asked", []),
    (LINUX, "auto", "2.13.0+cpu", True, "torch 2.13.0+cpu, kept as it was in .venv", []),
    (LINUX, "auto", "2.13.0+cu126", False, "torch 2.13.0+cu126, kept as it was in .venv", []),
    (LINUX, "auto", "2.13.0", False, "torch 2.13.0, kept as it was in .venv", []),
    (LINUX, "cpu", "2.13.0+cpu", False, "kept as it was in .venv", []),
    (LINUX, "cpu", "2.13.0", False, "in place of torch 2.13.0", [FORCED]),
    (
        LINUX,
        "cuda",
        "2.13.0+cpu",
        False,
        "in place of torch 2.13.0+cpu",
        ["uninstall --quiet --yes torch"],
    ),
    (LINUX, "auto", "2.12.0+cpu", False, "the CPU build, as before (torch 2.12.0+cpu)", [CPU]),
    (LINUX, "auto", "2.12.0", False, "the CUDA build, as before (torch 2.12.0)", []),
    (dict(system="Linux", machine="aarch64"), "auto", None, False, "pip's own torch", []),
    (dict(system="Darwin", machine="arm64"), "cuda", None, False, "install a CUDA build", []),
    (dict(system="Windows", machine="AMD64"), "auto", None, False, "pip's own torch", []),
]


@pytest.mark.parametrize(("where", "asked", "present", "gpu", "note", "pip"), DECISIONS)
def test_the_torch_decision(where, asked, present, gpu, note, pip):
    plan = course.torch_plan(asked, present, "2.13.0", gpu=gpu, **where)
    assert note in plan.note
    assert [" ".join(c) for c in plan.pip] == pip
    assert not any("--index-url" in c for c in plan.pip)  # never in place of your own index


class Recorder:
    """Stands in for .venv's creation and pip: records the pip commands setup runs."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gpu: bool):
        self.venv, self.calls = tmp_path / ".venv", []
        self.python = self.venv / "bin" / "python"
        monkeypatch.setattr(course, "VENV", self.venv)
        monkeypatch.setattr(course, "STAMP", self.venv / ".course-installed")
        monkeypatch.setattr(course, "venv_python", lambda: self.python)
        monkeypatch.setattr(course, "works", lambda python: python.exists())
        monkeypatch.setattr(course, "run", self.run)
        monkeypatch.setattr(course.venv, "EnvBuilder", lambda **kw: self)
        monkeypatch.setattr(course, "nvidia_gpu", lambda: gpu)
        monkeypatch.setattr(course.platform, "system", lambda: "Linux")
        monkeypatch.setattr(course.platform, "machine", lambda: "x86_64")
        monkeypatch.delenv(course.TORCH_ENV, raising=False)
        monkeypatch.delenv(course.TORCH_INDEX_ENV, raising=False)

    def create(self, folder):
        self.python.parent.mkdir(parents=True, exist_ok=True)
        self.python.write_text("")

    def run(self, *args, env=None):
        assert env is None  # pip sees the learner's own environment: PIP_INDEX_URL, pip.conf
        self.calls.append(" ".join(str(a) for a in args[3:]))
        if "torch==" in self.calls[-1] and "uninstall" not in self.calls[-1]:
            site = self.venv / "lib" / "python3.11" / "site-packages"
            (site / "torch-2.13.0+cpu.dist-info").mkdir(parents=True)

    def note(self) -> str:
        return (self.venv / course.TORCH_NOTE).read_text(encoding="utf-8")


LOCK = ["install --quiet -r requirements.txt", "install --quiet --no-deps -e ."]


def test_setup_without_a_gpu_installs_the_cpu_build_first_and_says_so(tmp_path, monkeypatch):
    fake = Recorder(tmp_path, monkeypatch, gpu=False)
    monkeypatch.setenv("PIP_INDEX_URL", "https://mirror.example/simple")  # a learner's mirror
    course.setup()
    assert fake.calls == [CPU, *LOCK]
    assert fake.note().startswith("the CPU build, as no NVIDIA GPU was found")
    fake.calls.clear()
    course.setup()  # up to date: nothing runs, the CPU build is kept
    assert fake.calls == []


def test_setup_with_a_gpu_leaves_torch_to_the_lock_and_cuda_can_be_asked(tmp_path, monkeypatch):
    fake = Recorder(tmp_path, monkeypatch, gpu=True)
    course.setup()
    assert fake.calls == LOCK and "as an NVIDIA GPU was found" in fake.note()
    second = Recorder(tmp_path / "second", monkeypatch, gpu=False)
    monkeypatch.setenv(course.TORCH_ENV, "cuda")
    course.setup()
    assert second.calls == LOCK  # no CPU step: the lock's torch is PyPI's CUDA build


def test_asking_for_the_other_build_changes_an_up_to_date_venv(tmp_path, monkeypatch):
    fake = Recorder(tmp_path, monkeypatch, gpu=False)
    course.setup()
    fake.calls.clear()
    course.main(["setup", "--torch", "cuda"])  # as LSTM_NOTEBOOKS_TORCH=cuda
    assert fake.calls == ["uninstall --quiet --yes torch", *LOCK]
    assert "as asked" in fake.note()


def test_a_bad_torch_setting_is_named(tmp_path, monkeypatch):
    Recorder(tmp_path, monkeypatch, gpu=False)
    monkeypatch.setenv(course.TORCH_ENV, "rocm")
    with pytest.raises(SystemExit, match="LSTM_NOTEBOOKS_TORCH must be auto, cpu or cuda"):
        course.setup()


def test_a_cpu_build_that_cannot_be_found_says_what_to_do(tmp_path, monkeypatch, capsys):
    fake = Recorder(tmp_path, monkeypatch, gpu=False)

    def offline(*args, env=None):
        if "torch==2.13.0+cpu" in args:
            raise subprocess.CalledProcessError(1, args)
        fake.run(*args)

    monkeypatch.setattr(course, "run", offline)
    with pytest.raises(SystemExit) as stopped:
        course.setup()
    assert "Set LSTM_NOTEBOOKS_TORCH_INDEX to a mirror of" in str(stopped.value)
    assert not course.STAMP.exists()


def wheel(index: Path, version: str) -> None:
    """A stand-in torch wheel (no code) in a pip index folder."""
    folder = index / "torch"
    folder.mkdir(parents=True)
    name = f"torch-{version}-py3-none-any.whl"
    with zipfile.ZipFile(folder / name, "w") as archive:
        info = f"torch-{version}.dist-info"
        archive.writestr(
            f"{info}/METADATA", f"Metadata-Version: 2.1\nName: torch\nVersion: {version}\n"
        )
        archive.writestr(
            f"{info}/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
        )
        archive.writestr(f"{info}/RECORD", "")
    (folder / "index.html").write_text(f'<a href="{name}">{name}</a>')


@pytest.mark.parametrize("mirror_in", ["PIP_INDEX_URL", "pip.conf"])
def test_pip_keeps_the_learners_mirror_and_takes_only_the_cpu_build(tmp_path, mirror_in):
    """Real pip, --dry-run, local indexes: the mirror (with PyPI's build) stays the index, the
    CPU build comes from the CPU index, and without it pip fails rather than take the mirror's."""
    mirror, cpu, empty = tmp_path / "mirror", tmp_path / "cpu", tmp_path / "empty"
    wheel(mirror, "2.13.0")
    wheel(cpu, "2.13.0+cpu")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    nowhere = str(tmp_path / "no-other-config")  # this machine's own pip settings left out
    env |= {"HOME": nowhere, "XDG_CONFIG_HOME": nowhere, "XDG_CONFIG_DIRS": nowhere}
    if mirror_in == "pip.conf":
        (tmp_path / "pip.conf").write_text(f"[global]\nindex-url = {mirror.as_uri()}\n")
        env["PIP_CONFIG_FILE"] = str(tmp_path / "pip.conf")
    else:
        env |= {"PIP_CONFIG_FILE": os.devnull, "PIP_INDEX_URL": mirror.as_uri()}
    for index, found in ((cpu, True), (empty, False)):
        plan = course.torch_plan("auto", None, "2.13.0", gpu=False, index=index.as_uri(), **LINUX)
        done = subprocess.run(
            [sys.executable, "-m", "pip", *plan.pip[0], "-v", "--dry-run", "--ignore-installed"],
            env={**env, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert f"Looking in indexes: {mirror.as_uri()}, {index.as_uri()}" in done.stdout
        if found:
            assert done.returncode == 0 and "Would install torch-2.13.0+cpu" in done.stdout
        else:
            assert done.returncode != 0 and "No matching distribution" in done.stderr


def test_present_torch_is_read_from_its_dist_info(tmp_path):
    assert course.present_torch(tmp_path) is None
    (tmp_path / "lib" / "python3.11" / "site-packages" / "torch-2.13.0+cpu.dist-info").mkdir(
        parents=True
    )
    assert course.present_torch(tmp_path) == "2.13.0+cpu"
    assert course.locked_torch() == "2.13.0"


# --- lab and slides, as root and not ---------------------------------------------------------
@pytest.fixture
def started(monkeypatch):
    ran: list[tuple] = []
    monkeypatch.setattr(course, "setup", lambda: Path("python"))
    monkeypatch.setattr(course, "run", lambda *args, env=None: ran.append(args[3:]))
    return ran


@pytest.mark.parametrize("root", [True, False], ids=["as root", "not root"])
@pytest.mark.parametrize("display", [":0", None], ids=["display", "no display"])
def test_lab_and_slides_as_root_and_without_a_browser(started, monkeypatch, capsys, root, display):
    monkeypatch.setattr(course, "is_root", lambda: root)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if display:
        monkeypatch.setenv("DISPLAY", display)
    else:
        monkeypatch.delenv("DISPLAY", raising=False)
    course.main(["lab"])
    course.main(["slides", "5", "--port", "9999", "--ip", "0.0.0.0"])
    lab, slides = started
    said = capsys.readouterr().out
    for command in (lab, slides):
        assert ("--allow-root" in command) == root
        assert ("--no-browser" in command) == (display is None and sys.platform.startswith("linux"))
    assert ("Running as root" in said) == root and said.count("\n") <= 4
    assert lab[-1] == "notebooks/00_start_here.ipynb"
    assert "--port=9999" in slides and "--ip=0.0.0.0" in slides
    assert slides[-1] == "--ServerApp.default_url=/rise/notebooks/05_gru.ipynb"


def test_no_browser_can_be_asked_and_jupyterlabs_own_options_pass_on(started, monkeypatch):
    monkeypatch.setattr(course, "is_root", lambda: True)
    monkeypatch.setenv("DISPLAY", ":0")
    course.main(["lab", "--no-browser", "--allow-root", "--ServerApp.token=abc"])
    (lab,) = started
    assert lab.count("--allow-root") == 1 and "--no-browser" in lab
    assert lab[-1] == "--ServerApp.token=abc"


def test_doctor_says_which_torch_setup_chose_and_why(tmp_path, monkeypatch):
    from helpers import doctor

    torch = type("torch", (), {"__version__": "2.13.0+cpu", "version": None, "backends": None})
    monkeypatch.setattr(doctor.sys, "prefix", str(tmp_path))
    assert "setup chose" not in doctor.check_torch(lambda name: torch).detail
    note = (
        "the CPU build, as no NVIDIA GPU was found (LSTM_NOTEBOOKS_TORCH=cuda for the CUDA build)"
    )
    (tmp_path / course.TORCH_NOTE).write_text(note + "\n")
    check = doctor.check_torch(lambda name: torch)
    assert check.status == "OK" and check.detail == f"2.13.0+cpu (CPU build); setup chose {note}"


def test_pick_device_uses_an_apple_gpu_only_when_asked(monkeypatch, capsys):
    """A stand-in for MPS: torch on this machine reports an Apple GPU and no CUDA."""
    from helpers import device, doctor

    monkeypatch.setattr(device, "_mps_available", lambda: True)
    monkeypatch.setattr(device.torch.cuda, "is_available", lambda: False)
    monkeypatch.delenv(device.DEVICE_ENV, raising=False)
    assert device.pick_device().type == "cpu"
    said = capsys.readouterr().out
    assert said.count("\n") == 1 and "an Apple GPU (MPS) is here but not used" in said
    assert "LSTM_NOTEBOOKS_DEVICE=mps uses it" in said
    check = doctor.check_device({})
    assert check.status == "OK" and check.detail.startswith("cpu (an Apple GPU (MPS) is here")
    assert device.pick_device(device="mps").type == "mps"  # asked by argument
    monkeypatch.setenv(device.DEVICE_ENV, "mps")  # or by the environment variable
    assert device.pick_device().type == "mps"
    assert "forced by LSTM_NOTEBOOKS_DEVICE" in capsys.readouterr().out
    check = doctor.check_device()
    assert check.status == "WARN" and "as asked" in check.detail and not check.required
    monkeypatch.setattr(device, "_mps_available", lambda: False)
    with pytest.raises(ValueError, match="torch sees no Apple MPS device"):
        device.pick_device(device="mps")
