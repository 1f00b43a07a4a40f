"""Bad inputs of the fresh pass P1-P226 (notebooks 11, 12, 14 and the tools), one row per case.

Rows named P.. are its SILENT, CRASH and VAGUE cases; rows named +... are further inputs of
the same kinds. A verdict is ``raises(Error, phrase)`` (a message of at most three lines that
holds ``phrase``), ``accepted`` (the right result) or ``shows(phrase)`` (a widget's message),
as in ``test_bad_inputs_n_helpers.py``; the tools' rows say what a command prints and that it
writes nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import polib
import pytest
import torch

from helpers import data, data_pack, doctor, i18n
from helpers.checks import check_persistence_mae, check_reset_lanes
from helpers.data import DataError, read_conllu
from helpers.forecast_explorer import forecast_explorer, forecast_view
from helpers.forecasting import Scaler, fit_ridge, persistence, predict_ridge, utc_hour
from helpers.parity_explorer import parity_explorer, parity_view
from helpers.shipping import (
    OnnxStep,
    check_step_input,
    declared_shapes,
    op_types,
    rounds_ms,
    zero_state,
)
from tests.test_bad_inputs_n_helpers import (
    ACCEPTED,
    HEADER,
    JFK,
    ROW,
    START,
    accepted,
    judge,
    message,
    raises,
    show,
    shows,
    weather,
)
from tests.test_bad_inputs_n_tools import NAME, bare, po, run, scratch, tool  # noqa: F401
from tests.test_data_mirror import FAKE, Quiet, fake_pins, mirror  # noqa: F401
from tools import helpers_catalogue
from tools.catalogues import CatalogueError, read_catalogue

ROOT = Path(__file__).resolve().parents[1]
NAN, INF = float("nan"), float("inf")
PARITY = {"steps": [100, 200], "accuracy": {"LSTM": {64: [0.6, 0.97]}}, "seconds": {"LSTM": 4.2}}


def failing(error: BaseException):
    """A forecaster that raises ``error``, as a slip in the learner's code does."""

    def forecaster(x):
        raise error

    return forecaster


def swapped(state, done):  # check_reset_lanes: the right lanes, but (c, h)
    keep = (~done)[None, :, None]
    return state[1] * keep, state[0] * keep


def onnx_file(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "step.onnx"
    path.write_bytes(content)
    return path


LINE = ROW.format(temp=39.02)
CASES = [
    # --- 11: self-check, forecasting helpers, forecast explorer ---------------------------
    ("P5", lambda t: check_persistence_mae(2.65), raises(AssertionError, "check the rounding")),
    ("+P5 one decimal", lambda t: check_persistence_mae(2.7), raises(AssertionError, "two dec")),
    ("P81", lambda t: utc_hour("2013-11-26T12:00:00.5Z"), raises(ValueError, "whole hour")),
    (
        "+P81 with an offset",
        lambda t: utc_hour("2013-11-26T13:00:00.5+01:00"),
        raises(ValueError, "not a whole hour"),
    ),
    (
        "P85",
        lambda t: forecast_view(JFK, START, {"mine": failing(KeyError("temp"))}),
        raises(ValueError, "forecaster 'mine' failed on one window: KeyError: 'temp'"),
    ),
    (
        "P86",
        lambda t: forecast_view(JFK, START, {"mine": lambda x: x.numpy().detach()}),
        raises(ValueError, "failed on one window: AttributeError: 'numpy.ndarray'"),
    ),
    (
        "P92",
        lambda t: message(forecast_explorer(show, {"JFK": JFK}, START)),
        accepted(lambda shown: shown == ""),  # the figure, no message
    ),
    (
        "P93",
        lambda t: message(forecast_explorer(show, ["jfk"], START)),
        shows("no station &#x27;jfk&#x27; in the data"),
    ),
    (
        "+P93 another error of render",
        lambda t: message(forecast_explorer(lambda s, h: 1 / 0, ["JFK"], START)),
        shows("ZeroDivisionError: division by zero"),
    ),
    (
        "P98",
        lambda t: Scaler.fit(torch.zeros(0, 72, 7)),
        raises(ValueError, "Scaler.fit needs at least 2 rows of (..., features), got 0"),
    ),
    ("P99", lambda t: Scaler.fit(torch.ones(1, 1, 7)), raises(ValueError, "at least 2 rows")),
    (
        "+P99 two rows",
        lambda t: Scaler.fit(torch.tensor([[1.0, 5.0], [3.0, 5.0]])),
        accepted(lambda s: s.std.isfinite().all() and s.mean.tolist() == [2.0, 5.0]),
    ),
    (
        "P101",
        lambda t: predict_ridge(fit_ridge(torch.randn(20, 3), torch.randn(20, 2), 1.0), np.ones(3)),
        raises(TypeError, "got a NumPy array: pass torch.from_numpy(inputs)"),
    ),
    (
        "P102",
        lambda t: predict_ridge(fit_ridge(torch.randn(20, 3), torch.randn(20, 2), 1.0), [[1, 2]]),
        raises(TypeError, "inputs must be a tensor with one row per sample"),
    ),
    (
        "P103",
        lambda t: fit_ridge(torch.zeros(10, 3), torch.randn(10, 2), 0),
        raises(ValueError, "use a penalty above 0, such as 1.0"),
    ),
    (
        "+P103 the same with a penalty",
        lambda t: fit_ridge(torch.zeros(10, 3), torch.randn(10, 2), 1.0),
        accepted(lambda w: w.shape == (4, 2) and w.isfinite().all()),
    ),
    (
        "P106",
        lambda t: persistence(np.zeros((2, 72, 7))),
        raises(TypeError, "x must be a torch tensor, got a NumPy array: pass torch.from_numpy(x)"),
    ),
    (
        "P150",
        lambda t: weather(t, HEADER + LINE.replace(",39.02,", ",,")),
        raises(DataError, "line 2: temp is '', not a number (write NA for a missing value)"),
    ),
    (
        "P151",
        lambda t: weather(t, HEADER + LINE.replace(",39.02,", ",na,")),
        raises(DataError, "temp is 'na', not a number (write NA"),
    ),
    (
        "P153",
        lambda t: weather(t, HEADER + LINE.replace(",39.02,", ',"' + "9" * 200_000 + '",')),
        raises(DataError, "weather.csv, line 2: field larger than field limit"),
    ),
    # --- 12: parity explorer ---------------------------------------------------------------
    (
        "P62",
        lambda t: parity_view({**PARITY, "seconds": {"LSTM": NAN}}, "LSTM", 64),
        raises(ValueError, "seconds['LSTM'] must be a finite number of seconds (0 or more)"),
    ),
    (
        "P68",
        lambda t: parity_view({**PARITY, "seconds": {"LSTM": INF}}, "LSTM", 64),
        raises(ValueError, "got inf: time the training again"),
    ),
    (
        "+P68 a 0-d tensor",
        lambda t: parity_view({**PARITY, "seconds": {"LSTM": torch.tensor(4.2)}}, "LSTM", 64),
        accepted(lambda v: v["text"].endswith("4.2 s of training")),
    ),
    (
        "P63",
        lambda t: parity_view(json.loads(json.dumps(PARITY)), "LSTM", 64),
        accepted(lambda v: v["text"].startswith("LSTM on 64-bit strings: 97.0%")),
    ),
    ("+P63 the length as text", lambda t: parity_view(PARITY, "LSTM", "64"), ACCEPTED),
    (
        "P65",
        lambda t: message(parity_explorer({**PARITY, "accuracy": {**PARITY["accuracy"], "m": {}}})),
        shows("LSTM on 64-bit strings"),
    ),
    (
        "+P65 the untrained model",
        lambda t: parity_view({**PARITY, "accuracy": {"m": {}}}, "m", 64),
        raises(ValueError, "m has no accuracies yet: run its training cell again"),
    ),
    # --- 14: self-check and shipping helpers -----------------------------------------------
    ("P111", lambda t: check_reset_lanes(swapped), raises(AssertionError, "you returned (c, h)")),
    (
        "+P111 h wrong",
        lambda t: check_reset_lanes(lambda s, d: (s[0], s[1] * (~d)[None, :, None])),
        raises(AssertionError, "c is right, h is not"),
    ),
    (
        "P125",
        lambda t: check_step_input(torch.ones(2, 5, dtype=torch.bool), zero_state(2, 8), 8),
        raises(TypeError, "got dtype torch.bool: pass ids.long()"),
    ),
    (
        "P129",
        lambda t: zero_state(2, 128, device="gpu"),
        raises(ValueError, "device must be 'cpu', 'cuda' or pick_device(), got 'gpu'"),
    ),
    (
        "P130",
        lambda t: OnnxStep(onnx_file(t, b"not an onnx file\n")),
        raises(ValueError, "is not an ONNX file of a model: export the model again"),
    ),
    (
        "P131",
        lambda t: declared_shapes(t / "missing.onnx"),
        raises(FileNotFoundError, "missing.onnx: export the model first"),
    ),
    (
        "P132",
        lambda t: op_types(onnx_file(t, b"not an onnx file\n")),
        raises(ValueError, "is not an ONNX file of a model"),
    ),
    ("P226", lambda t: op_types(onnx_file(t, b"x\n")), raises(ValueError, "not an ONNX file")),
    (
        "+P226 shapes",
        lambda t: declared_shapes(onnx_file(t, b"x\n")),
        raises(ValueError, "not an ONNX file"),
    ),
    (
        "P133",
        lambda t: rounds_ms({"f": [1e-3, INF]}),
        raises(ValueError, "rounds['f'] must be a non-empty list of positive finite seconds"),
    ),
    (
        "P134",
        lambda t: rounds_ms({"f": [np.float32(0.01), 0.02]}),
        accepted(lambda ms: ms["f"][0] > 0),
    ),
    (
        "+P134 a 0-d tensor",
        lambda t: rounds_ms({"f": [torch.tensor(0.01)]}),
        ACCEPTED,
    ),
    # --- data ------------------------------------------------------------------------------
    (
        "P156",
        lambda t: (
            (t / "bom.conllu").write_text(
                "\ufeff# newdoc id = x\n" + FAKE["en_ewt-ud-dev.conllu"].decode(), encoding="utf-8"
            )
            and read_conllu(t / "bom.conllu")
        ),
        accepted(lambda sentences: [s.words for s in sentences] == [("Yes",)]),
    ),
]


@pytest.mark.parametrize(("call", "verdict"), [pytest.param(c, v, id=i) for i, c, v in CASES])
def test_bad_input_to_a_helper_or_widget(call, verdict, tmp_path):
    judge(lambda: call(tmp_path), verdict)


# --- the data mirror and the download cache --------------------------------------------------
@pytest.mark.parametrize("language", ["en", "zh"], ids=["P136", "P145"])
def test_a_mirror_that_holds_another_file_is_named_and_trying_again_is_not_advised(
    mirror,  # noqa: F811
    fake_pins,  # noqa: F811
    language,
):
    (mirror / "weather.csv").write_bytes(b"x")
    with i18n.using(language), pytest.raises(DataError) as refused:
        data.weather_file()
    said = str(refused.value)
    assert data.MIRROR_ENV in said and said.count("\n") == 0
    assert ("Put the pinned file there" in said) == (language == "en")
    assert "Try again" not in said and "稍后再试" not in said


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("127.0.0.1:8765/good", id="P138"),
        pytest.param("ftp://127.0.0.1/good", id="P143"),
        pytest.param("localhost:8765", id="+host:port"),
    ],
)
def test_a_mirror_that_is_no_address_is_refused_before_any_download(
    fake_pins,  # noqa: F811
    monkeypatch,
    value,
):
    monkeypatch.setenv(data.MIRROR_ENV, value)
    with pytest.raises(DataError, match="is not an address the course can download from"):
        data.weather_file()
    assert doctor.check_mirror().status == "FAIL"
    monkeypatch.setenv(data.MIRROR_ENV, str(fake_pins / "no-such-folder"))
    with pytest.raises(DataError, match="nor a folder that exists"):
        data.weather_file()


def test_the_doctor_names_a_cache_that_is_a_file(tmp_path):  # P222
    (tmp_path / "cache").write_text("")
    check = doctor.check_cache({data.CACHE_ENV: str(tmp_path / "cache")})
    assert check.status == "FAIL" and "is a file, not a folder: set LSTM_NOTEBOOKS_CACHE" in (
        check.detail
    )
    assert doctor.check_cache({data.CACHE_ENV: str(tmp_path / "new")}).status == "OK"


# --- course.py data pack / unpack ------------------------------------------------------------
@pytest.fixture
def cached(fake_pins) -> Path:  # noqa: F811
    """Every fake pinned file in the cache, as `data get` leaves them."""
    for pinned in data_pack.pinned_files():
        pinned.cache().mkdir(parents=True, exist_ok=True)
        (pinned.cache() / pinned.name).write_bytes(FAKE[pinned.name])
    return fake_pins


@pytest.mark.parametrize(
    ("case", "name", "force", "phrase"),
    [
        ("P186", "my-notes.txt", False, "is not a .zip name: give a name such as course-data.zip"),
        ("P187", "11_forecasting.ipynb", True, "is not a .zip name"),
        ("+an existing zip", "old.zip", False, "exists: choose a new name such as course-data"),
        ("+a text named .zip", "notes.zip", True, "exists and is not a .zip, so --force does"),
    ],
)
def test_data_pack_never_overwrites_what_is_not_an_earlier_pack(cached, case, name, force, phrase):
    target = cached / name
    if name == "old.zip":
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("a.txt", "an earlier pack")
    else:
        target.write_text("a learner's own file")
    before = target.read_bytes()
    with pytest.raises(DataError, match=phrase.replace(".", r"\.")):
        data_pack.pack(target, force=force)
    assert target.read_bytes() == before
    if name == "old.zip":  # --force replaces an earlier pack
        assert data_pack.pack(target, force=True) == target
        assert "SHA256SUMS" in zipfile.ZipFile(target).namelist()


def test_the_data_command_takes_force_with_pack_only(capsys):
    import course

    with pytest.raises(SystemExit) as done:
        course.main(["data", "unpack", "x.zip", "--force"])
    assert done.value.code == 2 and "--force goes with pack" in capsys.readouterr().err
    assert data_pack.main(["pack", "x.txt"]) == 1 and "not a .zip name" in capsys.readouterr().err


def flip_a_byte_of(pack: Path, member: str) -> None:
    with zipfile.ZipFile(pack) as archive:
        info = archive.getinfo(member)
    content = bytearray(pack.read_bytes())
    content[info.header_offset + 30 + len(info.filename) + len(info.extra) + 2] ^= 0xFF
    pack.write_bytes(bytes(content))


def test_unpack_into_a_cache_that_cannot_be_written_names_it(cached, monkeypatch):  # P188
    pack = data_pack.pack(cached / "class.zip")
    (cached / "a-file").write_text("")
    monkeypatch.setenv(data.CACHE_ENV, str(cached / "a-file"))
    with pytest.raises(DataError) as refused:
        data_pack.unpack(pack)
    said = str(refused.value)
    assert "cannot write into the cache" in said and "set LSTM_NOTEBOOKS_CACHE to a folder" in said


def test_unpack_of_a_damaged_member_installs_nothing_and_leaves_no_folder(cached, monkeypatch):
    pack = data_pack.pack(cached / "class.zip")  # P189: one byte of a member flipped
    flip_a_byte_of(pack, "weather.csv")
    monkeypatch.setenv(data.CACHE_ENV, str(cached / "other"))
    with pytest.raises(DataError, match="weather.csv in .* is damaged .*nothing was installed"):
        data_pack.unpack(pack)
    assert not (cached / "other").exists()


def test_a_pack_zipped_with_its_folder_is_read_as_its_files(cached, monkeypatch):  # P193
    pack = data_pack.pack(cached / "class.zip")
    folded = cached / "folded.zip"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(folded, "w") as target:
        target.writestr("course-data/", "")
        for name in source.namelist():
            target.writestr(f"course-data/{name}", source.read(name))
    monkeypatch.setenv(data.CACHE_ENV, str(cached / "other"))
    assert sorted(p.name for p in data_pack.unpack(folded)) == sorted(FAKE)


# --- course.py and its tools -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("case", "args", "phrase"),
    [
        ("P173", ("bench", "--load", "quiet,,busy"), "has an empty name between commas"),
        ("+translation hlp", ("translation", "status", "hlp"), "or helpers (the helpers'"),
    ],
)
def test_course_py_refuses_before_any_setup(bare, case, args, phrase):  # noqa: F811
    done = run(bare, *args)
    assert done.returncode == 2 and phrase in done.stderr, f"{case}: {done.stderr}"
    assert "Traceback" not in done.stderr and not (bare / ".venv").exists()


@pytest.mark.parametrize(
    "text", [pytest.param("Helpers", id="P161"), pytest.param("helpers ", id="P164")]
)
def test_helpers_is_read_in_any_case_and_with_spaces(text):
    import course

    assert course.translation_target(text) == "helpers"


def test_site_refuses_a_port_before_building(capsys):  # P201
    from tools import site

    with pytest.raises(SystemExit) as done:
        site.main(["--serve", "--port", "70000", "--out", "/nonexistent/site"])
    assert done.value.code == 2 and "'70000' is not a port" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or os.name == "nt", reason="POSIX signals")
def test_course_py_passes_sigterm_on_to_the_command_it_runs(tmp_path):
    """What `timeout` or a closed terminal sends to course.py reaches its bench or execute."""
    pid_file = tmp_path / "child.pid"
    child = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    parent = subprocess.Popen(
        [sys.executable, "-c", f"import course; course.run({sys.executable!r}, '-c', {child!r})"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child_pid = int(pid_file.read_text())
    parent.send_signal(signal.SIGTERM)
    assert parent.wait(timeout=20) != 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(child_pid, signal.SIGKILL)
        pytest.fail("the child outlived course.py")


# --- the helpers' catalogue: build ------------------------------------------------------------
@pytest.fixture
def helpers_po(tmp_path, monkeypatch):
    """One helper module with one message, its catalogue translated and built."""
    folder = tmp_path / "helpers"
    folder.mkdir()
    (folder / "m.py").write_text(
        "from helpers.i18n import _\n"
        'print(_("{path} does not exist").format(path=1))\n'
        'print(_("the weather").format())\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(helpers_catalogue, "ROOT", tmp_path)
    po, mo = tmp_path / "helpers.po", tmp_path / "helpers.mo"
    catalogue = helpers_catalogue.update(helpers_catalogue.extract(folder)[0], polib.POFile())
    for entry, chinese in zip(catalogue, ["{path}不存在", "天气"], strict=True):
        entry.msgstr = chinese
    catalogue.save(str(po))
    assert helpers_catalogue.build(po, mo, folder=folder).startswith("wrote")
    return folder, po, mo


@pytest.mark.parametrize(
    ("case", "chinese", "phrase"),
    [
        (
            "P204",
            "{paht}不存在",
            "must keep the placeholders ['path'] (and no others): '{paht}不存在'",
        ),
        ("P205", "{path不存在", "must keep the placeholders ['path']"),
    ],
)
def test_build_refuses_a_translation_that_lost_its_placeholder(helpers_po, case, chinese, phrase):
    folder, po, mo = helpers_po
    po.write_text(po.read_text("utf-8").replace("{path}不存在", chinese), "utf-8")
    before = mo.read_bytes()
    for allow in (False, True):  # never built: the Chinese edition would crash there
        with pytest.raises(CatalogueError) as refused:
            helpers_catalogue.build(po, mo, allow, folder)
        assert phrase in str(refused.value)
    assert mo.read_bytes() == before


def test_a_translation_that_lost_its_placeholder_falls_back_to_english(monkeypatch):
    """The second guard (P204): the helpers' message, in English, never a KeyError."""

    class Slipped(i18n.gettext.NullTranslations):
        def gettext(self, message):
            return "{paht}不存在" if message == "{path} does not exist" else message

    monkeypatch.setattr(i18n, "catalogue", lambda language: Slipped())
    with i18n.using("zh"), pytest.raises(DataError, match="nope.csv does not exist"):
        data.read_weather("/nonexistent/nope.csv")


def test_build_refuses_a_missing_or_shortened_catalogue_unless_asked(helpers_po):  # P211
    folder, po, mo = helpers_po
    text = po.read_text("utf-8")
    po.unlink()
    with pytest.raises(CatalogueError, match="helpers.po does not exist: restore it with `git"):
        helpers_catalogue.build(po, mo, folder=folder)
    assert "does not exist: restore it" in helpers_catalogue.problems(folder, po, mo)[0]
    po.write_text(text[: text.index('msgid "the weather"')], "utf-8")  # an entry lost
    with pytest.raises(CatalogueError, match="gives Chinese for 1 text.* 'the weather'"):
        helpers_catalogue.build(po, mo, folder=folder)
    assert helpers_catalogue.build(po, mo, True, folder).startswith("wrote")


# --- the catalogues: read strictly -------------------------------------------------------------
HEAD = 'msgid ""\nmsgstr ""\n\n'


@pytest.mark.parametrize(
    ("case", "text", "phrase"),
    [
        ("P206", 'msgid "one"\nmsgstr “一”\n', "line 5: the text is between “ and ”: write the"),
        ("P207", 'msgid "one"\nmsgstr "一\x00"\n', "line 5: the control character U+0000 is not"),
        ("P214", 'msgid "one"\nmsgstr[0] "一"\n', "line 5: msgstr[0] needs msgid_plural above"),
        (
            "P216",
            'msgid "one"\nｍｓｇｓｔｒ "一"\n',
            "'ｍ' (U+FF4D FULLWIDTH LATIN SMALL LETTER M)",
        ),
        ("P217", 'msgid "one"\n\nmsgid "two"\nmsgstr ""\n', "line 4: this msgid has no msgstr"),
        ("+P217 at the end", 'msgid "one"\n', "line 4: this msgid has no msgstr: add msgstr"),
        ("+continued in “”", 'msgid "one"\nmsgstr ""\n“一”\n', "'“' (U+201C LEFT DOUBLE"),
    ],
)
def test_a_catalogue_slip_is_named_with_its_line(tmp_path, case, text, phrase):
    path = tmp_path / "t.po"
    path.write_text(HEAD + text, encoding="utf-8")
    with pytest.raises(CatalogueError) as refused:
        read_catalogue(path)
    said = str(refused.value)
    assert phrase in said and said.endswith("nothing was changed") and "\n" not in said, said


def test_a_plural_entry_and_a_byte_order_mark_are_read(tmp_path):
    path = tmp_path / "t.po"
    path.write_text(
        "\ufeff" + HEAD + 'msgid "one"\nmsgid_plural "ones"\nmsgstr[0] "一"\n', encoding="utf-8"
    )
    assert read_catalogue(path)[0].msgstr_plural == {0: "一"}


def test_a_link_to_itself_is_refused_without_a_traceback(scratch):  # P208  # noqa: F811
    po(scratch).unlink()
    po(scratch).symlink_to(po(scratch).name)
    for command in ("status", "build"):
        code, said = tool(command, "03")
        assert code == 1 and "cannot be read (Too many levels of symbolic links)" in said, said


def details_lost(root: Path) -> None:
    """The Chinese of one solution loses its closing </details>."""
    catalogue = polib.pofile(str(po(root)), wrapwidth=0)
    entry = next(e for e in catalogue if "</details>" in e.msgstr and not e.fuzzy)
    entry.msgstr = entry.msgstr.replace("</details>", "", 1)
    catalogue.save(str(po(root)))


@pytest.mark.parametrize(
    ("case", "tamper", "phrase"),
    [
        ("P209", details_lost, "has 0 </details> where the English has 1: keep every HTML tag"),
        (
            "+P207 in a notebook's catalogue",
            lambda r: po(r).write_text(
                po(r).read_text("utf-8").replace("课程准备", "课程\x00准备", 1), "utf-8"
            ),
            "the control character U+0000 is not text",
        ),
    ],
)
def test_a_broken_chinese_cell_is_neither_built_nor_current(scratch, case, tamper, phrase):  # noqa: F811
    tamper(scratch)
    zh = scratch / "notebooks" / "zh" / NAME
    before = zh.read_bytes()
    for command, extra in (("build", ()), ("build", ("--allow-untranslated",)), ("status", ())):
        code, said = tool(command, "03", *extra)
        assert code == 1 and phrase in said, said
    assert zh.read_bytes() == before


def test_the_two_editions_have_the_same_structure_in_every_catalogue():
    from tools import translate

    for english in translate.english_notebooks():
        assert translate.structure_problems(english, translate.load(english)) == []


def test_case_ids_cover_every_silent_crash_and_vague_case_of_the_pass():
    reviewed = {5, 62, 63, 65, 68, 81, 85, 86, 92, 93, 98, 99, 101, 102, 103, 106, 111, 125}
    reviewed |= {129, 130, 131, 132, 133, 134, 136, 138, 143, 145, 150, 151, 153, 156, 161}
    reviewed |= {164, 173, 186, 187, 188, 189, 193, 201, 204, 205, 206, 207, 208, 209, 211}
    reviewed |= {214, 216, 217, 222, 226}
    source = (ROOT / "tests" / "test_bad_inputs_p.py").read_text(encoding="utf-8")
    missing = [n for n in sorted(reviewed) if f'"P{n}"' not in source and f"# P{n}" not in source]
    assert not missing, missing
    assert len(reviewed) == 16 + 14 + 22 + 1  # the pass's SILENT, CRASH, VAGUE, and P173
