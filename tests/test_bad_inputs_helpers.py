"""Bad inputs to the widgets, explorers, loaders and lesson helpers, one row per reviewed case.

Each row is (case id, call, verdict). The ids are those of the bad-inputs review of 2026-12-02
(areas data, explorer, genre, plots, seq2seq, timing and widgets), where each of these calls
crashed deep inside, was silently accepted, or got a vague message. A verdict is one of:

- ``ACCEPTED``: the call returns (``accepted(check)`` also checks the result);
- ``raises(Error, phrase)``: the call raises ``Error`` whose message contains ``phrase``;
- ``shows(phrase)``: the call returns a short message for the learner containing ``phrase``
  (a text box's answer), instead of a result that cannot be shown.

Loader faults are simulated through the loaders' ``opener=`` argument in a throw-away cache.
"""

from __future__ import annotations

import hashlib
import http.client
import io
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
import torch

from helpers import data as D
from helpers import gate_playground as W
from helpers import genre as G
from helpers import memory_explorer as M
from helpers import packing as P
from helpers import seq2seq as S
from helpers import unit_explorer as E
from helpers.data import DataError


@dataclass(frozen=True)
class Verdict:
    error: type[BaseException] | None = None  # None: the call returns
    phrase: str = ""  # in the error's message, or in the returned message
    check: Callable[[object], bool] | None = None  # for an accepted result

    def __str__(self) -> str:
        if self.error is not None:
            return f"raises {self.error.__name__}: {self.phrase}"
        return f"shows: {self.phrase}" if self.phrase else "accepted"


ACCEPTED = Verdict()


def accepted(check: Callable[[object], bool]) -> Verdict:
    return Verdict(check=check)


def raises(error: type[BaseException], phrase: str) -> Verdict:
    return Verdict(error, phrase)


def shows(phrase: str) -> Verdict:
    return Verdict(phrase=phrase)


def judge(call: Callable[[], object], verdict: Verdict) -> object:
    if verdict.error is not None:
        with pytest.raises(verdict.error) as caught:
            call()
        assert verdict.phrase in str(caught.value), str(caught.value)
        return caught.value
    result = call()
    if verdict.phrase:
        assert isinstance(result, str) and verdict.phrase in result, result
        assert len(result) < 300  # a short message, not a page
    if verdict.check is not None:
        assert verdict.check(result), result
    return result


# Three sentences of 4, 6 and 3 words; 4 hidden units.
ACTS = [
    torch.linspace(-0.9, 0.9, 16).reshape(4, 4),
    torch.linspace(0.8, -0.8, 24).reshape(6, 4),
    torch.linspace(-0.5, 0.7, 12).reshape(3, 4),
]
SENTS = [
    ["the", "cat", "sat", "down"],
    ["a", "dog", "ran", "off", "to", "Paris"],
    ["hi", "there", "!"],
]


def classify_ok(words):
    return [0.1, 0.6, 0.1, 0.1, 0.1]


def classify_batch(words):  # keeps the batch dimension: (1, 5)
    return torch.tensor([[0.1, 0.6, 0.1, 0.1, 0.1]])


def classify_logits(words):  # scores, not probabilities
    return [-2.3, 1.5, 0.2, 0.1, -0.4]


def classify_nan(words):
    return [float("nan")] * 5


def pronounce_string(word):  # phonemes as one string
    return "G OW T IY", None


def pronounce_weights(word):  # one phoneme per letter, with an attention map
    return ["AH"] * len(word), torch.full((len(word), len(word)), 1 / len(word))


LONG = "a" * 10_000

CASES = [
    # widgets: the gate playground (02) and the memory explorer (06)
    (
        "W12",
        lambda: W.gate_playground_traces(0.9, 1, 1, steps=3, c0=float("nan")),
        raises(ValueError, "c0 must be a number, got nan"),
    ),
    (
        "W13",
        lambda: W.gate_playground_traces(0.9, 1, 1, steps=3, c0="abc"),
        raises(ValueError, "c0 must be a number, got 'abc' (str)"),
    ),
    (
        "W14",
        lambda: W.gate_playground_traces(0.9, 1, 1, steps=3, c0=None),
        raises(ValueError, "c0 must be a number, got None"),
    ),
    (
        "W15",
        lambda: W.gate_playground_traces(torch.tensor(0.9), 1, 1),
        accepted(lambda t: t["c"][0] == 1.0 and abs(t["c"][1] - 0.9) < 1e-6),
    ),
    (
        "W16",
        lambda: W.playground_summary_html({"g": [], "c": [], "h": []}),
        raises(ValueError, "at least one step"),
    ),
    (
        "W23",
        lambda: M.memory_explorer(bias=20.0),
        raises(ValueError, "bias must be between -2 and 8 (the slider's range), got 20"),
    ),
    (
        "W24",
        lambda: M.memory_explorer(steps=5),
        raises(ValueError, "steps must be between 10 and 300 (the slider's range), got 5"),
    ),
    # explorer: the unit explorer (08)
    (
        "E06",
        lambda: E.check_unit_and_threshold([a.numpy() for a in ACTS], 0, 0.0),
        raises(ValueError, "item 0 is a NumPy array (convert it with torch.from_numpy)"),
    ),
    (
        "E07",
        lambda: E.check_unit_and_threshold([torch.zeros(3, 4)], 0, 0.0),
        raises(ValueError, "unit 0 never changes"),
    ),
    (
        "E08",
        lambda: E.check_unit_and_threshold([a.T for a in ACTS], 0, 0.0),
        raises(ValueError, "same number of units, but item 0 has 4 and item 1 has 6"),
    ),
    (
        "E13",
        lambda: E.match_spans(ACTS, (0, 0), 0.0),
        raises(ValueError, "selection must be (sentence, start, end)"),
    ),
    (
        "E14",
        lambda: E.match_spans(ACTS, (0, 0, 1), "0.5"),
        raises(ValueError, "threshold must be a number, got '0.5'"),
    ),
    (
        "E15",
        lambda: E.match_spans([ACTS[0], torch.rand(4, 6)], (0, 0, 1), -2.0),
        raises(ValueError, "same number of units, but item 0 has 4 and item 1 has 6"),
    ),
    (
        "E16",
        lambda: E.on_spans(torch.tensor([[1.0, -1.0], [1.0, 1.0]]), 0.0),
        raises(ValueError, "values must be a 1-D tensor, one value per word; got shape (2, 2)"),
    ),
    ("E18", lambda: E.activation_html([], torch.tensor([])), raises(ValueError, "words is empty")),
    (
        "E19",
        lambda: E.activation_html(["a", "<b>"], torch.tensor([float("nan"), 0.5])),
        raises(ValueError, "word 0 ('a') is NaN"),
    ),
    (
        "E22",
        lambda: E.listing_html(SENTS[:2], ACTS, 0, 0.0),
        raises(ValueError, "2 sentences but 3 activation tensors"),
    ),
    (
        "E23",
        lambda: E.listing_html([s[:2] for s in SENTS], ACTS, 0, -0.5),
        raises(ValueError, "sentence 0 has 2 words but its activations have 4 rows"),
    ),
    (
        "E24",
        lambda: E.unit_explorer(SENTS, ACTS, unit=10, threshold=5.0),
        raises(ValueError, "unit must be a whole number from 0 to 3, got 10"),
    ),
    (
        "E24",
        lambda: E.unit_explorer(SENTS, ACTS, unit=3, threshold=5.0),
        raises(ValueError, "threshold must be between -1 and 1 (the slider's range), got 5.0"),
    ),
    # genre: 09's bag of words, scores and genre box
    (
        "G09",
        lambda: G.bag_of_words([torch.tensor([1.5, 2.0])]),
        raises(ValueError, "sentence 0 must hold whole-number word ids"),
    ),
    (
        "G12",
        lambda: G.f1_scores([0, 1, 2], [0, 1, 1], 3),
        accepted(lambda f1: torch.allclose(f1, torch.tensor([1.0, 2 / 3, 0.0]))),
    ),
    (
        "G21",
        lambda: G.genre_bars_html("hello", classify_batch),
        raises(ValueError, "shape (1, 5): drop the batch dimension with [0]"),
    ),
    (
        "G22",
        lambda: G.genre_bars_html("hello", classify_logits),
        raises(ValueError, "Scores (logits) become probabilities with softmax"),
    ),
    (
        "G23",
        lambda: G.genre_bars_html("hello", classify_nan),
        raises(ValueError, "classify returned NaN"),
    ),
    (
        "G24",
        lambda: G.genre_bars_html(None, classify_ok),
        raises(TypeError, "text must be a string, got None"),
    ),
    # seq2seq: 10's words, scores and pronunciation box
    ("Q09", lambda: S.check_word("İstanbul"), shows("the model never saw 'İ'.")),
    ("Q10", lambda: S.check_word("'''"), shows("at least one letter")),
    ("Q11", lambda: S.check_word(None), raises(TypeError, "text must be a string, got None")),
    (
        "Q14",
        lambda: S.pronunciation_html("ghoti", pronounce_string),
        raises(ValueError, "not the string 'G OW T IY': split it with .split()"),
    ),
    ("Q19", lambda: S.encode_word(None), raises(TypeError, "word must be a string, got None")),
    ("Q20", lambda: S.encode_word(123), raises(TypeError, "word must be a string, got 123")),
    (
        "Q25",
        lambda: S.split_words(["a", "b"], dev="0.1"),
        raises(ValueError, "dev must be a number, got '0.1' (str)"),
    ),
    ("Q27", lambda: S.error_rates([["AH"]], [[]]), raises(ValueError, "gold[0] is empty")),
    (
        "Q28",
        lambda: S.error_rates(["AH B"], ["AH P"]),
        raises(ValueError, "predicted[0] is 'AH B': give each pronunciation as a list"),
    ),
    (
        "Q30",
        lambda: S.pronunciation_html(LONG, pronounce_weights),
        shows("10000 characters long: type one word of at most 50 letters"),
    ),
    # plots: 04's packed layout (padding_waste's empty inputs: tests/test_packing.py)
    (
        "M04",
        lambda: P.packed_layout([2.7, 1]),
        raises(ValueError, "lengths must be a non-empty list of positive ints, got [2.7, 1]"),
    ),
]


@pytest.mark.parametrize(
    ("case", "call", "verdict"), CASES, ids=[f"{case}-{verdict}" for case, _, verdict in CASES]
)
def test_helper_case(case, call, verdict):
    judge(call, verdict)


GOOD = (
    "# sent_id = s1\n# text = I know.\n"
    "1\tI\tI\tPRON\tPRP\tCase=Nom|Number=Sing\t2\tnsubj\t_\t_\n"
    "2\tknow\tknow\tVERB\tVBP\t_\t0\troot\t_\t_\n"
    "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n"
)
DEV = "en_ewt-ud-dev.conllu"


@pytest.fixture
def world(monkeypatch, tmp_path):
    """A release whose dev file is GOOD, an empty cache, a good local folder and bad files."""
    content = GOOD.encode()
    monkeypatch.setitem(D.EWT_SHA256, DEV, hashlib.sha256(content).hexdigest())
    monkeypatch.setenv(D.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(D.DATA_ENV, raising=False)
    ok = tmp_path / "ok"
    ok.mkdir()
    (ok / DEV).write_bytes(content)
    files = tmp_path / "files"
    files.mkdir()
    (files / "empty.conllu").write_text("")
    (files / "badfeats.conllu").write_text(GOOD.replace("Case=Nom|Number=Sing", "Nom"))
    (files / "cmu_empty.dict").write_text("")
    (tmp_path / "a_file").write_text("not a folder")
    return SimpleNamespace(
        tmp=tmp_path, ok=ok, files=files, content=content, setenv=monkeypatch.setenv
    )


def cut_mid_body(content: bytes) -> Callable[[str], io.BytesIO]:
    """An opener whose connection is cut after a few bytes of the body."""

    class Cut(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 20:
                raise http.client.IncompleteRead(b"")
            return super().read(10)

    return lambda url: Cut(content)


def cache_folder_is_a_file(w):
    w.setenv(D.CACHE_ENV, str(w.tmp / "a_file"))
    return D.ewt_file("dev", opener=lambda url: io.BytesIO(w.content))


def folder_where_the_file_goes(w):
    (D.cache_dir() / DEV).mkdir(parents=True)
    return D.ewt_file("dev", opener=lambda url: io.BytesIO(w.content))


def environment_names_the_file(w):
    w.setenv(D.DATA_ENV, str(w.ok / DEV))
    return D.ewt_file("dev")


def cache_holds_nothing_partial(w):
    cached = sorted(p.name for p in D.cache_dir().rglob("*")) if D.cache_dir().exists() else []
    return not [name for name in cached if name.endswith(".part")] and DEV not in cached


DATA_CASES = [
    (
        "D10",
        lambda w: D.ewt_file("dev", data_dir=w.ok / DEV),
        raises(DataError, "is a file; data_dir must be the folder that holds en_ewt-ud-dev.conllu"),
    ),
    (
        "D11",
        environment_names_the_file,
        raises(DataError, f"is a file; {D.DATA_ENV} must be the folder that holds"),
    ),
    (
        "D13",
        lambda w: D.ewt_file("dev", data_dir=123),
        raises(TypeError, "data_dir must be a folder, as a str or a Path; got 123 (int)"),
    ),
    (
        "D23",
        lambda w: D.ewt_file("dev", opener=cut_mid_body(w.content)),
        raises(DataError, "could not download"),
    ),
    (
        "D27",
        cache_folder_is_a_file,
        raises(DataError, f"Set {D.CACHE_ENV} to a folder you can write to"),
    ),
    (
        "D29",
        lambda w: D.read_conllu(w.files / "empty.conllu"),
        raises(DataError, "empty.conllu holds no sentences"),
    ),
    (
        "D35",
        lambda w: D.read_conllu(w.files / "badfeats.conllu")[0].features(0),
        raises(DataError, "badfeats.conllu, line 3: features 'Nom' are not Name=Value pairs"),
    ),
    (
        "D37",
        lambda w: D.read_cmudict(w.files / "cmu_empty.dict"),
        raises(DataError, "cmu_empty.dict holds no words"),
    ),
    (
        "D47",
        folder_where_the_file_goes,
        raises(DataError, "en_ewt-ud-dev.conllu is a folder, not the file"),
    ),
]


@pytest.mark.parametrize(
    ("case", "call", "verdict"),
    DATA_CASES,
    ids=[f"{case}-{verdict}" for case, _, verdict in DATA_CASES],
)
def test_loader_case(world, case, call, verdict):
    error = judge(lambda: call(world), verdict)
    if isinstance(error, DataError):
        assert (
            "To use a local copy" in str(error)
            or ", line " in str(error)
            or "holds no" in str(error)
        )  # a file read directly: the path and what is wrong
    assert not list(world.tmp.rglob("*.part"))  # nothing partial is left anywhere


def test_a_download_cut_mid_body_leaves_the_cache_empty(world):
    with pytest.raises(DataError, match="could not download.*IncompleteRead"):
        D.ewt_file("dev", opener=cut_mid_body(world.content))
    assert cache_holds_nothing_partial(world)
    assert D.ewt_file("dev", opener=lambda url: io.BytesIO(world.content)).is_file()


def test_a_folder_where_the_file_goes_is_left_alone_and_nothing_is_written(world):
    with pytest.raises(DataError):
        folder_where_the_file_goes(world)
    assert (D.cache_dir() / DEV).is_dir()  # never deleted: it is not ours to remove
    assert [p.name for p in D.cache_dir().iterdir()] == [DEV]
    with pytest.raises(DataError, match="could not save"):  # download_file on its own, too
        D.download_file(
            "https://example.invalid/x",
            D.cache_dir() / DEV,
            D.EWT_SHA256[DEV],
            opener=lambda url: io.BytesIO(world.content),
            progress=False,
        )
    assert [p.name for p in D.cache_dir().iterdir()] == [DEV]


def test_good_inputs_still_work(world):
    assert D.ewt_file("dev", data_dir=world.ok) == world.ok / DEV
    assert D.read_conllu(world.ok / DEV)[0].features(0) == {"Case": "Nom", "Number": "Sing"}
    assert W.gate_playground_traces(0.9, 1.0, 1.0, steps=2, c0=0) == {
        "g": [1.0, 0.0],
        "c": [1.0, 0.9],
        "h": pytest.approx([0.7616, 0.7163], abs=1e-4),
    }
    assert E.listing_html(SENTS, ACTS, 0, 0.0).count("<li") >= 1
    assert "<b>email</b>" in G.genre_bars_html("hello", classify_ok)
    assert "<img class='pronounce-attention'" in S.pronunciation_html("ghoti", pronounce_weights)
    assert S.check_word("don't") is None and S.check_word("a" * S.MAX_LETTERS) is None
    assert P.packed_layout([2.0, 1])[0] == [2, 1]
