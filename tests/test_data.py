"""The EWT loader: lookup order, checksums, downloads and CoNLL-U errors (no network used)."""

from __future__ import annotations

import hashlib
import io
import urllib.error
from pathlib import Path

import pytest

from helpers import data
from helpers.data import DataError, ewt_file, load_ewt, read_conllu

GOOD = """# sent_id = s1
# text = I don't know.
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_
2\tdo\tdo\tAUX\tVBP\tMood=Ind|Tense=Pres\t4\taux\t_\t_
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_
4.1\tit\t_\tPRON\t_\t_\t_\t_\t_\t_
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_

# sent_id = s2
# text = Hi
1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_

"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_words_and_tags_skipping_multiword_tokens_and_empty_nodes(tmp_path):
    sentences = read_conllu(write(tmp_path / "a.conllu", GOOD))
    assert [s.sent_id for s in sentences] == ["s1", "s2"]
    assert sentences[0].words == ("I", "do", "n't", "know", ".")
    assert sentences[0].tags == ("PRON", "AUX", "PART", "VERB", "PUNCT")
    assert sentences[0].text == "I don't know."
    assert sentences[1].tags == ("INTJ",)
    # The columns notebook 08 probes: FEATS, HEAD (1-based, 0 = root) and DEPREL.
    assert sentences[0].heads == (4, 4, 4, 0, 4)
    assert sentences[0].deprels == ("nsubj", "aux", "advmod", "root", "punct")
    assert sentences[0].features(1) == {"Mood": "Ind", "Tense": "Pres"}
    assert sentences[0].features(0) == {}


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            "4\tknow\tknow\tVERB\tVB\t_\t0\troot",
            r"line 7: expected 10 tab-separated fields, found 8",
        ),
        ("x\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_", r"line 7: 'x' is not a word ID"),
        ("4\tknow\tknow\tVERBB\tVB\t_\t0\troot\t_\t_", r"line 7: 'VERBB' is not a UPOS tag"),
        ("4\tknow\tknow\tVERB\tVB\t_\tx\troot\t_\t_", r"line 7: head 'x' is not a word position"),
    ],
)
def test_a_malformed_line_names_file_and_line(tmp_path, broken, message):
    text = GOOD.replace("4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_", broken)
    path = write(tmp_path / "bad.conllu", text)
    with pytest.raises(DataError, match=rf"bad\.conllu, {message}"):
        read_conllu(path)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        read_conllu(tmp_path / "nope.conllu")
    (tmp_path / "latin1.conllu").write_bytes("# text = caf\xe9\n".encode("latin-1"))
    with pytest.raises(DataError, match="not UTF-8"):
        read_conllu(tmp_path / "latin1.conllu")


@pytest.fixture
def fake_release(monkeypatch, tmp_path):
    """Pretend the release's dev file is GOOD; isolate the cache and the data variable."""
    content = GOOD.encode()
    monkeypatch.setitem(
        data.EWT_SHA256, "en_ewt-ud-dev.conllu", hashlib.sha256(content).hexdigest()
    )
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    return content


def test_local_folder_argument_then_environment_variable(fake_release, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    write(folder / "en_ewt-ud-dev.conllu", GOOD)
    assert ewt_file("dev", folder) == folder / "en_ewt-ud-dev.conllu"
    monkeypatch.setenv(data.DATA_ENV, str(folder))
    assert len(load_ewt("dev")) == 2


def test_checksum_mismatch_in_your_folder_is_reported_not_deleted(fake_release, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    bad = write(folder / "en_ewt-ud-dev.conllu", GOOD + "\n")
    expected = data.EWT_SHA256["en_ewt-ud-dev.conllu"]
    actual = hashlib.sha256((GOOD + "\n").encode()).hexdigest()
    with pytest.raises(
        DataError,
        match=rf"en_ewt-ud-dev\.conllu has SHA-256 {actual}, "
        rf"expected {expected}",
    ):
        ewt_file("dev", folder)
    assert bad.exists()  # the learner's own file is never deleted


def test_missing_local_file_says_how_to_get_the_data(fake_release, tmp_path):
    with pytest.raises(DataError, match=rf"does not exist.*{data.DATA_ENV}"):
        ewt_file("dev", tmp_path)


def test_download_into_the_cache_then_reuse(fake_release):
    calls = []

    def opener(url):
        calls.append(url)
        return io.BytesIO(fake_release)

    path = ewt_file("dev", opener=opener)
    assert path == data.cache_dir() / "en_ewt-ud-dev.conllu" and path.read_bytes() == fake_release
    assert calls == [
        "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/"
        "r2.16/en_ewt-ud-dev.conllu"
    ]
    assert ewt_file("dev", opener=opener) == path and len(calls) == 1  # cached, verified


def test_corrupt_cache_file_is_removed_and_downloaded_again(fake_release):
    cached = data.cache_dir() / "en_ewt-ud-dev.conllu"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"garbage")
    assert ewt_file("dev", opener=lambda url: io.BytesIO(fake_release)).read_bytes() == fake_release
    cached.write_bytes(b"garbage")
    with pytest.raises(DataError, match="removed from the cache"):
        ewt_file("dev", download=False)
    assert not cached.exists()


def test_download_with_wrong_checksum_keeps_nothing(fake_release):
    with pytest.raises(
        DataError,
        match=r"has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}; "
        "the file was not kept",
    ):
        ewt_file("dev", opener=lambda url: io.BytesIO(b"not the corpus"))
    assert list(data.cache_dir().iterdir()) == []


class Interrupted(io.BytesIO):
    def read(self, size=-1):
        if self.tell() > 10:
            raise ConnectionResetError("connection reset by peer")
        return super().read(5)


def test_interrupted_download_leaves_no_partial_file(fake_release):
    with pytest.raises(DataError, match="could not download.*connection reset"):
        ewt_file("dev", opener=lambda url: Interrupted(fake_release))
    assert list(data.cache_dir().iterdir()) == []


def test_offline_with_nothing_local_says_where_to_put_the_files(fake_release):
    def offline(url):
        raise urllib.error.URLError("Temporary failure in name resolution")

    with pytest.raises(DataError) as error:
        ewt_file("dev", opener=offline)
    message = str(error.value)
    assert data.DATA_ENV in message and str(data.cache_dir()) in message
    assert "en_ewt-ud-train.conllu" in message
    with pytest.raises(DataError, match="is not in"):
        ewt_file("dev", download=False)


def test_unknown_split():
    with pytest.raises(ValueError, match="split must be one of train, dev, test"):
        ewt_file("validation")


def test_the_real_dev_split_matches_its_documentation():
    """Found as the notebooks find it (the data variable, else the cache), never downloaded."""
    try:
        sentences = load_ewt("dev", download=False)
    except DataError as error:
        pytest.skip(f"no copy of UD English EWT here: {error}")
    assert len(sentences) == 2001
    assert sum(len(s.words) for s in sentences) == 25147
    assert {t for s in sentences for t in s.tags} == set(data.UPOS_TAGS)
