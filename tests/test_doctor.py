"""`course.py doctor` / helpers.doctor: each check on a good and on a broken setup (faked)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import types
import urllib.error

import pytest

from helpers import doctor
from helpers.doctor import (
    Check,
    check_chromium,
    check_data,
    check_device,
    check_python,
    check_torch,
    check_widgets,
    report,
)
from tools.notebooks import ROOT


def test_python_version():
    assert check_python((3, 11, 7)).status == "OK"
    broken = check_python((3, 9, 18))
    assert broken.status == "FAIL" and "3.10 or newer" in broken.detail


def fake_torch(version="2.13.0+cpu", cuda=None, mps=False):
    return types.SimpleNamespace(
        __version__=version,
        version=types.SimpleNamespace(cuda=cuda),
        backends=types.SimpleNamespace(mps=types.SimpleNamespace(is_available=lambda: mps)),
    )


def test_torch_missing_names_the_fix():
    def missing(name):
        raise ModuleNotFoundError(f"No module named {name!r}")

    check = check_torch(missing)
    assert check.status == "FAIL" and check.required and "pip install torch==2.13.0" in check.detail


@pytest.mark.parametrize(
    ("torch", "status", "words"),
    [
        (fake_torch(), "OK", "CPU build"),
        (fake_torch("2.13.0+cu126", cuda="12.6"), "OK", "CUDA 12.6 build"),
        (fake_torch("2.13.0", mps=True), "OK", "Apple MPS available"),
        (fake_torch("2.5.1+cpu"), "WARN", "tested with 2.13.0"),
    ],
)
def test_torch_version_and_build(torch, status, words):
    check = check_torch(lambda name: torch)
    assert check.status == status and words in check.detail


def test_device_forced_wrongly_forced_and_mps_warning(monkeypatch):
    monkeypatch.setenv("LSTM_NOTEBOOKS_DEVICE", "cpu")
    check = check_device()
    assert check.status == "OK" and "cpu, forced by LSTM_NOTEBOOKS_DEVICE" in check.detail
    monkeypatch.setenv("LSTM_NOTEBOOKS_DEVICE", "tpu")
    assert check_device().status == "FAIL"  # pick_device refuses it, with a message
    monkeypatch.delenv("LSTM_NOTEBOOKS_DEVICE")
    import helpers.device

    monkeypatch.setattr(
        helpers.device, "pick_device", lambda verbose=True: types.SimpleNamespace(type="mps")
    )
    check = check_device({})
    assert check.status == "WARN" and "LSTM_NOTEBOOKS_DEVICE=cpu" in check.detail
    assert not check.required


def test_widget_front_end(tmp_path):
    assert check_widgets([tmp_path]).status == "FAIL"
    assert "jupyterlab_widgets" in check_widgets([tmp_path]).detail
    manager = tmp_path / "@jupyter-widgets" / "jupyterlab-manager"
    manager.mkdir(parents=True)
    (manager / "package.json").write_text("{}")
    assert check_widgets([tmp_path / "elsewhere", tmp_path]).status == "OK"


def offline(url):
    raise urllib.error.URLError("Temporary failure in name resolution")


class Reachable:
    def __init__(self, url):
        self.url = url

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_data_local_cached_downloadable_or_not(tmp_path, monkeypatch):
    x_sum = hashlib.sha256(b"x").hexdigest()
    files = {"a.conllu": x_sum, "b.conllu": x_sum}
    args = ("EWT", "LSTM_NOTEBOOKS_DATA", files, tmp_path / "cache", "https://x")
    local = tmp_path / "mine"
    local.mkdir()
    (local / "a.conllu").write_text("x")
    broken = check_data(*args, env={"LSTM_NOTEBOOKS_DATA": str(local)}, opener=offline)
    assert broken.status == "FAIL" and "lacks b.conllu" in broken.detail
    (local / "b.conllu").write_text("y")  # present, but not the pinned file
    corrupt = check_data(*args, env={"LSTM_NOTEBOOKS_DATA": str(local)})
    assert corrupt.status == "FAIL" and "b.conllu" in corrupt.detail and "SHA-256" in corrupt.detail
    (local / "b.conllu").write_text("x")
    assert check_data(*args, env={"LSTM_NOTEBOOKS_DATA": str(local)}).status == "OK"
    monkeypatch.setenv("HOME", str(tmp_path))  # ~/mine, as a learner may write it
    assert check_data(*args, env={"LSTM_NOTEBOOKS_DATA": "~/mine"}).status == "OK"
    nothing = check_data(*args, env={}, opener=offline)
    assert nothing.status == "FAIL" and "LSTM_NOTEBOOKS_DATA" in nothing.detail
    assert doctor.shown(tmp_path / "cache") in nothing.detail
    later = check_data(*args, env={}, opener=Reachable)
    assert later.status == "OK" and "downloaded" in later.detail
    (tmp_path / "cache").mkdir()
    for name in ("a.conllu", "b.conllu"):
        (tmp_path / "cache" / name).write_text("x")
    assert "cached" in check_data(*args, env={}, opener=offline).detail
    (tmp_path / "cache" / "a.conllu").write_text("corrupt")  # a bad cached copy does not count
    bad = check_data(*args, env={}, opener=offline)
    assert bad.status == "FAIL" and "none cached" not in bad.detail  # D48: it names the file
    assert "a.conllu" in bad.detail and "SHA-256" in bad.detail
    the_file = check_data(*args, env={"LSTM_NOTEBOOKS_DATA": str(local / "a.conllu")})
    assert the_file.status == "FAIL" and "is a file" in the_file.detail  # D46
    assert doctor.shown(local) in the_file.detail


def test_chromium_is_only_a_warning():
    missing = check_chromium(which=lambda name: None, env={})
    assert missing.status == "WARN" and not missing.required and "apt-get install" in missing.detail
    assert check_chromium(which=lambda name: "/usr/bin/chromium", env={}).status == "OK"


def test_report_fails_only_on_required_checks(capsys):
    assert report([Check("a", "OK", "fine"), Check("b", "WARN", "hm", required=False)])
    assert not report([Check("a", "OK", "fine"), Check("c", "FAIL", "broken")])
    out = capsys.readouterr().out
    assert "FAIL  c: broken" in out and "1 required check(s) failed" in out


def test_the_checks_run_here_and_name_every_line(monkeypatch, tmp_path):
    monkeypatch.setenv("LSTM_NOTEBOOKS_CACHE", str(tmp_path))
    names = [c.name for c in doctor.run_checks()]
    assert names[:3] == ["Python", "PyTorch", "device"]
    assert {"widget front end", "UD English EWT", "CMUdict", "NYC weather", "Chromium"} <= set(
        names
    )


def test_course_doctor_exits_1_on_a_broken_setup(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LSTM_NOTEBOOKS_DATA": str(tmp_path),
        "LSTM_NOTEBOOKS_CMUDICT": str(tmp_path),
        "LSTM_NOTEBOOKS_WEATHER": str(tmp_path),
        "LSTM_NOTEBOOKS_CACHE": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "doctor"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "FAIL  UD English EWT" in done.stdout and "FAIL  CMUdict" in done.stdout
    assert "FAIL  NYC weather" in done.stdout


def test_paths_are_shown_from_the_course_folder_or_home(tmp_path, monkeypatch):
    assert doctor.shown(doctor.COURSE / ".venv" / "share") == ".venv/share"
    assert doctor.shown(doctor.COURSE.parent / "shared" / "data") == "../shared/data"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setattr(doctor, "COURSE", tmp_path / "work" / "course")
    assert doctor.shown(tmp_path / "home" / ".cache" / "x") == "~/.cache/x"  # outside: from ~
    monkeypatch.setattr(doctor, "COURSE", tmp_path / "home" / "course")
    assert doctor.shown(tmp_path / "home" / ".cache" / "x") == "../.cache/x"  # beside the course


def test_threads_line_warns_where_waiting_threads_spin(monkeypatch):
    import torch

    monkeypatch.setattr(torch, "get_num_threads", lambda: 2)
    assert doctor.check_threads({"OMP_WAIT_POLICY": "passive"}).status == "OK"
    warned = doctor.check_threads({"OMP_WAIT_POLICY": "ACTIVE"})
    assert warned.status == "WARN" and not warned.required
    assert "OMP_WAIT_POLICY=PASSIVE before starting Jupyter" in warned.detail
    assert doctor.check_threads({}).status == "WARN"  # torch loaded before helpers: not set
    monkeypatch.setattr(torch, "get_num_threads", lambda: 1)
    assert doctor.check_threads({}).status == "OK"  # one thread waits for no other


def test_helpers_sets_passive_waiting_before_torch_loads():
    import os

    code = "import os, helpers, torch; print(os.environ.get('OMP_WAIT_POLICY'))"
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "PASSIVE"
    env["OMP_WAIT_POLICY"] = "ACTIVE"  # a setting of one's own is kept
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "ACTIVE"


@pytest.mark.parametrize(
    ("code", "own", "threads"),
    [
        ("import helpers, torch", None, "1"),  # helpers first: through OMP_NUM_THREADS
        ("import torch, helpers", None, "1"),  # torch first: through torch.set_num_threads
        ("import helpers, torch", "2", "2"),  # a setting of one's own is kept
        ("import torch, helpers", "2", "2"),
    ],
)
def test_helpers_runs_torch_on_one_thread_unless_told_otherwise(code, own, threads):
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    if own:
        env["OMP_NUM_THREADS"] = own
    program = f"{code}; print(torch.get_num_threads())"
    out = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True)
    assert out.stdout.strip() == threads, out.stderr[-500:]


def test_a_report_line_reads_as_its_language_writes():
    """English: "device: cpu"; Chinese: the full-width colon after a Chinese label (设备：cpu)."""
    from helpers.doctor import Check
    from helpers.i18n import _, using

    assert Check("device", "OK", "cpu").line() == "OK    device: cpu"
    with using("zh"):
        assert Check(_("device"), "OK", "cpu").line() == "OK    设备：cpu"
        assert _("NYC weather") == "纽约天气"
