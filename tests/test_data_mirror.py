"""Data without GitHub: a mirror (a local web server or a folder), and data get/pack/unpack.

Small fake files stand in for the pinned ones (their SHA-256 sums are patched in); the mirror
is a web server on 127.0.0.1 that each test starts and stops. Nothing touches the network.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
import zipfile
from pathlib import Path

import pytest

from helpers import data, data_pack, fonts

FAKE = {
    "en_ewt-ud-train.conllu": b"# text = Hi\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n",
    "en_ewt-ud-dev.conllu": b"# text = Yes\n1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n\n",
    "en_ewt-ud-test.conllu": b"# text = No\n1\tNo\tno\tINTJ\tUH\t_\t0\troot\t_\t_\n\n",
    "cmudict.dict": b"hello HH AH0 L OW1\n",
    "weather.csv": b"origin,time_hour,temp,dewp,humid,wind_speed,pressure\n"
    b"JFK,2013-01-01T06:00:00Z,39,26,59,10,1012\n",
    fonts.FONT_PACKAGE: b"!<arch>\nnot really a font package\n",
}


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@pytest.fixture
def fake_pins(monkeypatch, tmp_path):
    """The fake files are the pinned ones; an empty cache; no local copies, no mirror."""
    for name in data.EWT_FILES.values():
        monkeypatch.setitem(data.EWT_SHA256, name, sha(FAKE[name]))
    monkeypatch.setattr(data, "CMUDICT_SHA256", sha(FAKE["cmudict.dict"]))
    monkeypatch.setattr(data, "WEATHER_SHA256", sha(FAKE["weather.csv"]))
    monkeypatch.setattr(fonts, "FONT_PACKAGE_SHA256", sha(FAKE[fonts.FONT_PACKAGE]))
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    for variable in (data.DATA_ENV, data.CMUDICT_ENV, data.WEATHER_ENV, fonts.FONTS_ENV):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.delenv(data.MIRROR_ENV, raising=False)
    return tmp_path


def cached_files(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "cache").rglob("*") if p.is_file())


class Quiet(http.server.SimpleHTTPRequestHandler):
    requested: list[str] = []

    def log_message(self, *args: object) -> None:
        Quiet.requested.append(self.path)


@pytest.fixture
def mirror(fake_pins, monkeypatch):
    """A folder with every fake file, served on 127.0.0.1 and named by LSTM_NOTEBOOKS_MIRROR."""
    folder = fake_pins / "mirror"
    folder.mkdir()
    for name, content in FAKE.items():
        (folder / name).write_bytes(content)
    Quiet.requested = []
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(data.MIRROR_ENV, f"http://127.0.0.1:{server.server_port}/")
    yield folder
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_every_loader_downloads_from_the_mirror_with_the_same_checks(mirror, fake_pins):
    assert data.ewt_file("dev").read_bytes() == FAKE["en_ewt-ud-dev.conllu"]
    assert data.load_cmudict() == {"hello": ("HH", "AH", "L", "OW")}
    assert list(data.load_nyc_weather()) == ["JFK"]
    assert Quiet.requested == [
        "/en_ewt-ud-dev.conllu",
        "/cmudict.dict",
        "/weather.csv",
    ]
    assert cached_files(fake_pins) == ["cmudict.dict", "en_ewt-ud-dev.conllu", "weather.csv"]


def test_a_corrupted_file_on_the_mirror_is_refused_and_nothing_is_left(mirror, fake_pins):
    (mirror / "en_ewt-ud-dev.conllu").write_bytes(b"# text = Yes, tampered\n")
    with pytest.raises(data.DataError, match="has SHA-256 .* the file was not kept"):
        data.ewt_file("dev")
    assert cached_files(fake_pins) == []  # no file, no .part


def test_a_file_missing_from_the_mirror_names_the_mirror(mirror, fake_pins):
    (mirror / "cmudict.dict").unlink()
    with pytest.raises(data.DataError) as error:
        data.cmudict_file()
    assert "404" in str(error.value) and data.MIRROR_ENV in str(error.value)
    assert cached_files(fake_pins) == []


def test_a_folder_is_a_mirror_too(mirror, fake_pins, monkeypatch):
    monkeypatch.setenv(data.MIRROR_ENV, str(mirror))
    assert data.weather_file().read_bytes() == FAKE["weather.csv"]
    assert data.mirror_url("weather.csv") == (mirror / "weather.csv").resolve().as_uri()
    monkeypatch.setenv(data.MIRROR_ENV, "https://example.org/lstm/")
    assert data.mirror_url("a b.csv") == "https://example.org/lstm/a%20b.csv"


def test_get_then_pack_then_unpack_elsewhere(mirror, fake_pins, monkeypatch, capsys):
    assert data_pack.get() == 0
    assert cached_files(fake_pins) == sorted(FAKE)
    pack = data_pack.pack(fake_pins / "class.zip")
    with zipfile.ZipFile(pack) as archive:
        assert sorted(archive.namelist()) == sorted(
            [*FAKE, "LICENSES.txt", "README.txt", "SHA256SUMS"]
        )
        sums = archive.read("SHA256SUMS").decode()
        licenses = archive.read("LICENSES.txt").decode()
    assert f"{sha(FAKE['weather.csv'])}  weather.csv\n" in sums
    assert "CC BY-SA 4.0" in licenses and "Carnegie Mellon University" in licenses
    assert "CC0 1.0" in licenses and "Apache-2.0" in licenses
    monkeypatch.delenv(data.MIRROR_ENV)  # another machine: no mirror, an empty cache
    monkeypatch.setenv(data.CACHE_ENV, str(fake_pins / "other"))
    written = data_pack.unpack(pack)
    assert sorted(p.name for p in written) == sorted(FAKE)
    assert data.ewt_file("test", download=False).read_bytes() == FAKE["en_ewt-ud-test.conllu"]
    assert data_pack.get(download=False) == 0


def test_unpack_refuses_a_damaged_pack_and_installs_nothing(mirror, fake_pins, monkeypatch):
    assert data_pack.get() == 0
    good = data_pack.pack(fake_pins / "class.zip")
    bad = fake_pins / "bad.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(bad, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content + b"x" if name == "weather.csv" else content)
    monkeypatch.setenv(data.CACHE_ENV, str(fake_pins / "other"))
    with pytest.raises(data.DataError, match="weather.csv in .* nothing was installed"):
        data_pack.unpack(bad)
    assert not (fake_pins / "other").exists() or not any(
        p.is_file() for p in (fake_pins / "other").rglob("*")
    )
    stranger = fake_pins / "stranger.zip"
    with zipfile.ZipFile(stranger, "w") as archive:
        archive.writestr("../evil.py", "print('hi')")
    with pytest.raises(data.DataError, match="files the course does not pin: ../evil.py"):
        data_pack.unpack(stranger)
    (fake_pins / "notzip.zip").write_text("hello")
    with pytest.raises(data.DataError, match="is not a data pack"):
        data_pack.unpack(fake_pins / "notzip.zip")


def test_pack_needs_every_file_first(fake_pins):
    with pytest.raises(data.DataError, match=r"not here yet: .*data get"):
        data_pack.pack(fake_pins / "class.zip")
    assert not (fake_pins / "class.zip").exists()
    with pytest.raises(data.DataError, match="is a folder"):
        data_pack.pack(fake_pins)


@pytest.mark.parametrize(
    "argv, says",
    [(["pack"], "pack needs FILE"), (["get", "x.zip"], "get takes no FILE")],
)
def test_the_data_command_checks_its_arguments(argv, says, capsys):
    import course

    with pytest.raises(SystemExit) as done:
        course.main(["data", *argv])
    assert done.value.code == 2 and says in capsys.readouterr().err
