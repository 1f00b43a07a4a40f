"""The CMUdict loader: lookup order, checksums, downloads, parsing and bad lines (no network)."""

from __future__ import annotations

import hashlib
import io
import urllib.error

import pytest

from helpers import data
from helpers.data import DataError, cmudict_file, load_cmudict, read_cmudict

SAMPLE = """'bout B AW1 T
a AH0
a(2) EY1
a.m. EY2 EH1 M
aalborg AO1 L B AO0 R G # place, danish
knight N AY1 T
phone F OW1 N
3-d TH R IY1 D IY2
"""


@pytest.fixture
def fake_dict(monkeypatch, tmp_path):
    """Pretend the pinned cmudict.dict is SAMPLE; isolate the cache and the data variable."""
    content = SAMPLE.encode()
    monkeypatch.setattr(data, "CMUDICT_SHA256", hashlib.sha256(content).hexdigest())
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(data.CMUDICT_ENV, raising=False)
    return content


def test_first_pronunciation_of_letter_words_without_stress(tmp_path):
    path = tmp_path / "cmudict.dict"
    path.write_text(SAMPLE, encoding="utf-8")
    words = read_cmudict(path)
    assert words == {
        "'bout": ("B", "AW", "T"),
        "a": ("AH",),
        "aalborg": ("AO", "L", "B", "AO", "R", "G"),
        "knight": ("N", "AY", "T"),
        "phone": ("F", "OW", "N"),
    }
    assert read_cmudict(path, keep_stress=True)["phone"] == ("F", "OW1", "N")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("phone", r"line 7: 'phone' has no phonemes"),
        ("phone F OW1 Q", r"line 7: 'Q' is not an ARPAbet phoneme"),
        ("phone F ow1 N", r"line 7: 'ow1' is not an ARPAbet phoneme"),
    ],
)
def test_a_malformed_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.dict"
    path.write_text(SAMPLE.replace("phone F OW1 N", line), encoding="utf-8")
    with pytest.raises(DataError, match=rf"bad\.dict, {message}"):
        read_cmudict(path)


def test_local_folder_argument_then_environment_variable(fake_dict, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "cmudict.dict").write_bytes(fake_dict)
    assert cmudict_file(folder) == folder / "cmudict.dict"
    monkeypatch.setenv(data.CMUDICT_ENV, str(folder))
    assert len(load_cmudict()) == 5


def test_checksum_mismatch_names_both_sums_and_keeps_your_file(fake_dict, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    bad = folder / "cmudict.dict"
    bad.write_bytes(fake_dict + b"x")
    actual = hashlib.sha256(fake_dict + b"x").hexdigest()
    with pytest.raises(DataError, match=rf"has SHA-256 {actual}, expected {data.CMUDICT_SHA256}"):
        cmudict_file(folder)
    assert bad.exists()


def test_download_into_the_cache_then_reuse(fake_dict):
    calls = []

    def opener(url):
        calls.append(url)
        return io.BytesIO(fake_dict)

    path = cmudict_file(opener=opener)
    assert path == data.cmudict_cache_dir() / "cmudict.dict" and path.read_bytes() == fake_dict
    assert calls == [
        f"https://raw.githubusercontent.com/cmusphinx/cmudict/{data.CMUDICT_COMMIT}/cmudict.dict"
    ]
    assert cmudict_file(opener=opener) == path and len(calls) == 1  # cached and verified


def test_a_bad_download_or_cache_file_is_never_kept(fake_dict):
    with pytest.raises(DataError, match=r"has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}"):
        cmudict_file(opener=lambda url: io.BytesIO(b"not the dictionary"))
    assert list(data.cmudict_cache_dir().iterdir()) == []
    cached = data.cmudict_cache_dir() / "cmudict.dict"
    cached.write_bytes(b"garbage")
    with pytest.raises(DataError, match="removed from the cache"):
        cmudict_file(download=False)
    assert not cached.exists()


def test_offline_with_nothing_local_says_how_to_get_it(fake_dict):
    def offline(url):
        raise urllib.error.URLError("Temporary failure in name resolution")

    with pytest.raises(DataError) as error:
        cmudict_file(opener=offline)
    message = str(error.value)
    assert data.CMUDICT_ENV in message and str(data.cmudict_cache_dir()) in message
    assert list(data.cmudict_cache_dir().iterdir()) == []


def test_the_real_dictionary_matches_its_documentation():
    """Found as notebook 10 finds it (the data variable, else the cache), never downloaded."""
    try:
        words = load_cmudict(download=False)
    except DataError as error:
        pytest.skip(f"no copy of CMUdict here: {error}")
    assert len(words) == 124_926  # DATA.md: [a-z']+ head words
    assert words["phone"] == ("F", "OW", "N")
    assert {p for phonemes in words.values() for p in phonemes} == set(data.ARPABET)
