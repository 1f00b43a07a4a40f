"""The data sets of notebooks 03 and 07 to 11: find, verify, download and read them.

- Universal Dependencies English EWT, release r2.16 (three ``.conllu`` files), introduced in
  03_step_by_step.ipynb (sentence texts) and used by 07_pos_tagging.ipynb (words and tags) and
  09_sentence_classification.ipynb (sentence ids);
- the CMU Pronouncing Dictionary at a pinned commit (``cmudict.dict``), introduced in
  10_encoder_decoder.ipynb;
- hourly weather at New York's three airports in 2013 (nycflights13's ``weather.csv`` at a
  pinned commit), introduced in 11_forecasting.ipynb.

Each loader looks for its files in this order:

1. the ``data_dir`` argument, else the folder in its environment variable
   (``LSTM_NOTEBOOKS_DATA`` for EWT, ``LSTM_NOTEBOOKS_CMUDICT`` for CMUdict,
   ``LSTM_NOTEBOOKS_WEATHER`` for the weather);
2. the cache folder (``LSTM_NOTEBOOKS_CACHE``, default ``~/.cache/lstm-notebooks``);
3. a download of the pinned file into the cache.

Every file's SHA-256 sum is checked against the pinned one. A bad file in the cache is
deleted; a bad file in your own folder is reported, never deleted.
"""

from __future__ import annotations

import csv
import hashlib
import http.client
import math
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import conllu

if TYPE_CHECKING:  # torch is imported where the weather is read, not by the doctor
    import torch

DATA_ENV = "LSTM_NOTEBOOKS_DATA"
CACHE_ENV = "LSTM_NOTEBOOKS_CACHE"
EWT_RELEASE = "r2.16"
EWT_URL = "https://raw.githubusercontent.com/UniversalDependencies/UD_English-EWT/{release}/{name}"
EWT_FILES = {
    "train": "en_ewt-ud-train.conllu",
    "dev": "en_ewt-ud-dev.conllu",
    "test": "en_ewt-ud-test.conllu",
}
EWT_SHA256 = {
    "en_ewt-ud-train.conllu": "3fb78e2b55482c8ee00caa653af436c88c9e5bc9a73ce26e4ae3ddc79d2b7e7b",
    "en_ewt-ud-dev.conllu": "531a54ff90d6ab12201c5a50c3e78e6ddac4de69abc4bce5d275d3cd29efe2b6",
    "en_ewt-ud-test.conllu": "e266e515a0a7547657ed3d90d9ba46487d6bd251f27ad4269d4e8a427c8555cd",
}
CMUDICT_ENV = "LSTM_NOTEBOOKS_CMUDICT"
CMUDICT_COMMIT = "0f8072f814306c5ee4fbf992ed853601b12c01f9"
CMUDICT_URL = "https://raw.githubusercontent.com/cmusphinx/cmudict/{commit}/cmudict.dict"
CMUDICT_FILE = "cmudict.dict"
CMUDICT_SHA256 = "81917843c7f44ce2b094ac63873c2c7a4cf802040792c455ba3ca406891c3d22"
ARPABET = (
    "AA",
    "AE",
    "AH",
    "AO",
    "AW",
    "AY",
    "B",
    "CH",
    "D",
    "DH",
    "EH",
    "ER",
    "EY",
    "F",
    "G",
    "HH",
    "IH",
    "IY",
    "JH",
    "K",
    "L",
    "M",
    "N",
    "NG",
    "OW",
    "OY",
    "P",
    "R",
    "S",
    "SH",
    "T",
    "TH",
    "UH",
    "UW",
    "V",
    "W",
    "Y",
    "Z",
    "ZH",
)
"""The 39 phonemes of CMUdict's ARPAbet, without stress digits."""
UPOS_TAGS = (
    "ADJ",
    "ADP",
    "ADV",
    "AUX",
    "CCONJ",
    "DET",
    "INTJ",
    "NOUN",
    "NUM",
    "PART",
    "PRON",
    "PROPN",
    "PUNCT",
    "SCONJ",
    "SYM",
    "VERB",
    "X",
)
"""The 17 Universal POS tags."""
WEATHER_ENV = "LSTM_NOTEBOOKS_WEATHER"
WEATHER_COMMIT = "df98ef215aa8216fe0838a0b8ac5bada646d814c"
WEATHER_URL = (
    "https://raw.githubusercontent.com/tidyverse/nycflights13/{commit}/data-raw/weather.csv"
)
WEATHER_FILE = "weather.csv"
WEATHER_SHA256 = "5d1ea2548a3941eac0b4a9ca70805daa9fa49bbb711a0c7557b2bba0bd7c3f64"
WEATHER_COLUMNS = ("temp", "dewp", "humid", "wind_speed", "pressure")
"""The weather columns the loader keeps: °F, °F, %, mph, millibars."""

_ID = re.compile(r"\d+|\d+-\d+|\d+\.\d+")
_FEATS = re.compile(r"_|[^=|\s]+=[^=|\s]+(\|[^=|\s]+=[^=|\s]+)*")
# Kept as conllu's text, unparsed: FEATS and HEAD are parsed where they are used
# (TaggedSentence.features, and the head check in _check_lines, which names a bad line;
# _check_lines also checks that FEATS is Name=Value pairs).
_RAW_FIELDS = ("lemma", "xpos", "feats", "head", "deps", "misc")


class DataError(RuntimeError):
    """The corpus is missing, corrupt or could not be downloaded; the message says what to do."""


@dataclass(frozen=True)
class TaggedSentence:
    """One sentence: its words (syntactic words, no multiword tokens) and their UPOS tags.

    Also, per word, as the treebank gives them: ``feats`` (``"Number=Sing|..."`` or ``"_"``),
    ``heads`` (the 1-based position of the word's head, 0 for the root) and ``deprels`` (the
    relation to the head, such as ``nsubj``). Introduced in 08_inside_the_tagger.ipynb.
    """

    sent_id: str
    text: str
    words: tuple[str, ...]
    tags: tuple[str, ...]
    feats: tuple[str, ...] = ()
    heads: tuple[int, ...] = ()
    deprels: tuple[str, ...] = ()

    def features(self, k: int) -> dict[str, str]:
        """Return word ``k``'s morphological features as a dict: ``{"Number": "Sing"}``."""
        if not self.feats or self.feats[k] == "_":
            return {}
        if not _FEATS.fullmatch(self.feats[k]):
            raise ValueError(
                f"word {k}'s features {self.feats[k]!r} are not Name=Value pairs joined by '|'"
            )
        return dict(pair.split("=", 1) for pair in self.feats[k].split("|"))


def sha256_of(path: Path) -> str:
    """Return the hexadecimal SHA-256 sum of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _cache_base() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "lstm-notebooks")


def cache_dir() -> Path:
    """Return the folder where downloaded EWT files are kept."""
    return _cache_base() / f"ud_english_ewt-{EWT_RELEASE}"


def cmudict_cache_dir() -> Path:
    """Return the folder where the downloaded CMUdict file is kept."""
    return _cache_base() / f"cmudict-{CMUDICT_COMMIT[:7]}"


def _how_to_get_the_data(name: str) -> str:
    url = EWT_URL.format(release=EWT_RELEASE, name=name)
    return (
        f"To use a local copy, put {', '.join(EWT_FILES.values())} in a folder and set the "
        f"environment variable {DATA_ENV} to it (or pass data_dir=...). Or download {url} "
        f"(and its two siblings) into {cache_dir()}."
    )


def _how_to_get_file(name: str, env: str, url: str, cache: Path) -> str:
    """What to do when one pinned file (CMUdict, the weather) is nowhere to be found."""
    return (
        f"To use a local copy, put {name} in a folder and set the environment variable {env} "
        f"to it (or pass data_dir=...). Or download {url} into {cache}."
    )


def download_file(
    url: str,
    dest: Path,
    sha256: str,
    *,
    opener: Callable[[str], BinaryIO] | None = None,
    progress: bool = True,
    how_to: str = "",
) -> Path:
    """Return ``dest`` after downloading ``url`` to it and checking its SHA-256 sum.

    The bytes go to ``dest`` + ``.part`` first and are renamed only when complete and correct:
    an interrupted download or a wrong checksum leaves no file behind. ``how_to`` ends the
    error message of a failed download: how else to get the file.
    """
    opener = opener or (lambda address: urllib.request.urlopen(address, timeout=60))
    partial = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(
            f"cannot create the folder {dest.parent}: {error}. {how_to}".rstrip()
        ) from error
    digest = hashlib.sha256()
    try:
        from tqdm.auto import tqdm

        with opener(url) as response, open(partial, "wb") as out:
            with tqdm(
                total=_content_length(response),
                unit="B",
                unit_scale=True,
                desc=dest.name,
                disable=not progress,
            ) as bar:
                for block in iter(lambda: response.read(1 << 16), b""):
                    out.write(block)
                    digest.update(block)
                    bar.update(len(block))
    except (OSError, http.client.HTTPException) as error:  # URLError is an OSError
        partial.unlink(missing_ok=True)
        reason = str(error) or type(error).__name__
        raise DataError(f"could not download {url}: {reason}. {how_to}".rstrip()) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if digest.hexdigest() != sha256:
        partial.unlink(missing_ok=True)
        raise DataError(
            f"downloaded {dest.name} has SHA-256 {digest.hexdigest()}, expected {sha256}; "
            "the file was not kept. Try again later."
        )
    try:
        os.replace(partial, dest)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DataError(f"could not save {dest}: {error}. {how_to}".rstrip()) from error
    return dest


def _content_length(response: object) -> int | None:
    """Return the size a response announces, or None when it announces none (or nonsense)."""
    try:
        return int(getattr(response, "headers", {}).get("Content-Length", 0) or 0) or None
    except (TypeError, ValueError, AttributeError):
        return None


def _sha256_or_error(path: Path) -> str:
    try:
        return sha256_of(path)
    except OSError as error:
        raise DataError(f"cannot read {path}: {error}") from error


def _verified_file(
    name: str,
    expected: str,
    url: str,
    *,
    data_dir: str | os.PathLike[str] | None,
    env: str,
    cache: Path,
    pinned: str,
    how_to: str,
    download: bool,
    opener: Callable[[str], BinaryIO] | None,
) -> Path:
    """Return the verified path of ``name``: from ``data_dir`` or ``$env``, else ``cache``,
    else downloaded from ``url`` into ``cache``; ``pinned`` names the version in messages."""
    if data_dir is not None and not isinstance(data_dir, str | os.PathLike):
        raise TypeError(
            f"data_dir must be a folder, as a str or a Path; got {data_dir!r} "
            f"({type(data_dir).__name__})"
        )
    folder = data_dir if data_dir is not None else os.environ.get(env) or None
    if folder is not None:
        base = Path(folder).expanduser()
        path = base / name
        where = "data_dir" if data_dir is not None else env
        if base.is_file():
            parent = f": {where}={base.parent}" if base.name == name else ""
            raise DataError(
                f"{where}={folder} is a file; {where} must be the folder that "
                f"holds {name}{parent}. " + how_to
            )
        if not path.is_file():
            missing = "is not a file" if path.exists() else "does not exist"
            raise DataError(f"{path} {missing} ({where}={folder}). " + how_to)
        actual = _sha256_or_error(path)
        if actual != expected:
            raise DataError(
                f"{path} has SHA-256 {actual}, expected {expected} ({pinned}); "
                "replace it with the pinned file"
            )
        return path
    path = cache / name
    if path.exists() and not path.is_file():
        raise DataError(
            f"{path} is a folder, not the file {name}; remove it and try again. " + how_to
        )
    if path.is_file():
        actual = _sha256_or_error(path)
        if actual == expected:
            return path
        try:
            path.unlink()  # a corrupt cached copy is never used again
        except OSError as error:
            raise DataError(
                f"{path} has SHA-256 {actual}, expected {expected}, and could not "
                f"be removed ({error}); remove it and try again"
            ) from error
        if not download:
            raise DataError(
                f"{path} had SHA-256 {actual}, expected {expected}; it was "
                "removed from the cache. " + how_to
            )
    if not download:
        raise DataError(f"{name} is not in {cache}. " + how_to)
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        variable = f" ({CACHE_ENV}={os.environ[CACHE_ENV]})" if os.environ.get(CACHE_ENV) else ""
        raise DataError(
            f"cannot create the cache folder {cache}{variable}: {error}. Set "
            f"{CACHE_ENV} to a folder you can write to. " + how_to
        ) from error
    return download_file(url, path, expected, opener=opener, how_to=how_to)


def ewt_file(
    split: str,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    opener: Callable[[str], BinaryIO] | None = None,
) -> Path:
    """Return the verified path of one split's ``.conllu`` file (see the module's lookup order).

    Raises ``DataError`` naming the file and both sums when a checksum does not match, and
    saying where to put the files when none can be found or downloaded.
    """
    if split not in EWT_FILES:
        raise ValueError(f"split must be one of {', '.join(EWT_FILES)}; got {split!r}")
    name = EWT_FILES[split]
    return _verified_file(
        name,
        EWT_SHA256[name],
        EWT_URL.format(release=EWT_RELEASE, name=name),
        data_dir=data_dir,
        env=DATA_ENV,
        cache=cache_dir(),
        pinned=f"release {EWT_RELEASE}",
        how_to=_how_to_get_the_data(name),
        download=download,
        opener=opener,
    )


def _check_lines(lines: Iterable[str], path: Path) -> None:
    """Raise ``DataError`` naming ``path`` and the line number of the first malformed line."""
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 10:
            raise DataError(
                f"{path}, line {number}: expected 10 tab-separated fields, "
                f"found {len(fields)}: {line[:60]!r}"
            )
        if not _ID.fullmatch(fields[0]):
            raise DataError(f"{path}, line {number}: {fields[0]!r} is not a word ID")
        if fields[0].isdigit() and fields[3] not in UPOS_TAGS:
            raise DataError(f"{path}, line {number}: {fields[3]!r} is not a UPOS tag")
        if fields[0].isdigit() and not fields[6].isdigit():
            raise DataError(f"{path}, line {number}: head {fields[6]!r} is not a word position")
        if fields[0].isdigit() and not _FEATS.fullmatch(fields[5]):
            raise DataError(
                f"{path}, line {number}: features {fields[5]!r} are not "
                "Name=Value pairs joined by '|'"
            )


def read_conllu(path: str | os.PathLike[str]) -> list[TaggedSentence]:
    """Return the sentences of a CoNLL-U file, with words and UPOS tags.

    Multiword-token lines (IDs like ``3-4``) and empty nodes (IDs like ``5.1``) are skipped.
    A malformed line raises ``DataError`` naming the file and the line number, and so does a
    file without a sentence.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            _check_lines(handle, path)
            handle.seek(0)
            parsed = list(
                conllu.parse_incr(
                    handle, field_parsers={name: lambda line, i: line[i] for name in _RAW_FIELDS}
                )
            )
    except FileNotFoundError as error:
        raise DataError(f"{path} does not exist") from error
    except UnicodeDecodeError as error:
        raise DataError(f"{path} is not UTF-8 text: {error}") from error
    except conllu.exceptions.ParseException as error:
        raise DataError(f"{path}: {error}") from error
    sentences = []
    for number, sentence in enumerate(parsed, start=1):
        words = [token for token in sentence if isinstance(token["id"], int)]
        if not words:
            raise DataError(f"{path}: sentence {number} has no words")
        sentences.append(
            TaggedSentence(
                sent_id=sentence.metadata.get("sent_id", str(number)),
                text=sentence.metadata.get("text", " ".join(t["form"] for t in words)),
                words=tuple(t["form"] for t in words),
                tags=tuple(t["upos"] for t in words),
                feats=tuple(t["feats"] for t in words),
                heads=tuple(int(t["head"]) for t in words),
                deprels=tuple(t["deprel"] for t in words),
            )
        )
    if not sentences:
        raise DataError(f"{path} holds no sentences")
    return sentences


def load_ewt(
    split: str, data_dir: str | os.PathLike[str] | None = None, *, download: bool = True
) -> list[TaggedSentence]:
    """Return the sentences of one EWT split (``train``, ``dev`` or ``test``), verified.

    Introduced in 03_step_by_step.ipynb.
    """
    return read_conllu(ewt_file(split, data_dir, download=download))


def cmudict_file(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    opener: Callable[[str], BinaryIO] | None = None,
) -> Path:
    """Return the verified path of ``cmudict.dict`` (see the module's lookup order).

    Introduced in 10_encoder_decoder.ipynb.
    """
    return _verified_file(
        CMUDICT_FILE,
        CMUDICT_SHA256,
        CMUDICT_URL.format(commit=CMUDICT_COMMIT),
        data_dir=data_dir,
        env=CMUDICT_ENV,
        cache=cmudict_cache_dir(),
        pinned=f"commit {CMUDICT_COMMIT[:7]}",
        how_to=_how_to_get_file(
            CMUDICT_FILE,
            CMUDICT_ENV,
            CMUDICT_URL.format(commit=CMUDICT_COMMIT),
            cmudict_cache_dir(),
        ),
        download=download,
        opener=opener,
    )


_PHONEME = re.compile(r"([A-Z]+)([012]?)")
_HEAD_WORD = re.compile(r"[a-z']+")
_ALTERNATE = re.compile(r".+\(\d+\)")


def read_cmudict(
    path: str | os.PathLike[str],
    *,
    keep_stress: bool = False,
) -> dict[str, tuple[str, ...]]:
    """Return ``{word: phonemes}`` for the head words of letters and apostrophes only.

    Each word keeps its first pronunciation (alternates like ``word(2)`` are skipped); comments
    after ``#`` are dropped; stress digits are removed unless ``keep_stress``. Head words with
    other characters (``a.m.``, ``3-d``) are skipped. A malformed line raises ``DataError``
    naming the file and the line number, and so does a file without such a word.
    Introduced in 10_encoder_decoder.ipynb.
    """
    path = Path(path)
    pronunciations: dict[str, tuple[str, ...]] = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                line = raw.split("#", 1)[0].strip()
                if not line:
                    continue
                word, *phonemes = line.split()
                if not phonemes:
                    raise DataError(f"{path}, line {number}: {word!r} has no phonemes")
                parts = [_PHONEME.fullmatch(p) for p in phonemes]
                for phoneme, part in zip(phonemes, parts, strict=True):
                    if part is None or part.group(1) not in ARPABET:
                        raise DataError(
                            f"{path}, line {number}: {phoneme!r} is not an ARPAbet phoneme"
                        )
                if _ALTERNATE.fullmatch(word) or not _HEAD_WORD.fullmatch(word):
                    continue
                if word not in pronunciations:
                    pronunciations[word] = tuple(
                        p if keep_stress else part.group(1)
                        for p, part in zip(phonemes, parts, strict=True)
                    )
    except FileNotFoundError as error:
        raise DataError(f"{path} does not exist") from error
    except UnicodeDecodeError as error:
        raise DataError(f"{path} is not UTF-8 text: {error}") from error
    if not pronunciations:
        raise DataError(f"{path} holds no words of letters a-z and apostrophes")
    return pronunciations


def load_cmudict(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    keep_stress: bool = False,
) -> dict[str, tuple[str, ...]]:
    """Return CMUdict's ``{word: phonemes}`` (see :func:`read_cmudict`), verified.

    Introduced in 10_encoder_decoder.ipynb.
    """
    return read_cmudict(cmudict_file(data_dir, download=download), keep_stress=keep_stress)


def weather_cache_dir() -> Path:
    """Return the folder where the downloaded weather file is kept."""
    return _cache_base() / f"nycflights13_weather-{WEATHER_COMMIT[:7]}"


def weather_file(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    opener: Callable[[str], BinaryIO] | None = None,
) -> Path:
    """Return the verified path of nycflights13's ``weather.csv`` (see the module's lookup order).

    Introduced in 11_forecasting.ipynb.
    """
    return _verified_file(
        WEATHER_FILE,
        WEATHER_SHA256,
        WEATHER_URL.format(commit=WEATHER_COMMIT),
        data_dir=data_dir,
        env=WEATHER_ENV,
        cache=weather_cache_dir(),
        pinned=f"commit {WEATHER_COMMIT[:7]}",
        how_to=_how_to_get_file(
            WEATHER_FILE,
            WEATHER_ENV,
            WEATHER_URL.format(commit=WEATHER_COMMIT),
            weather_cache_dir(),
        ),
        download=download,
        opener=opener,
    )


@dataclass(frozen=True)
class StationSeries:
    """One station's observations in time order, as the file has them (with its gaps).

    ``hours``: int64, hours since 1970-01-01T00:00Z (UTC), strictly increasing;
    ``values``: float64, one row per hour and one column per :data:`WEATHER_COLUMNS` entry,
    NaN where the file says ``NA``. Introduced in 11_forecasting.ipynb.
    """

    station: str
    hours: torch.Tensor
    values: torch.Tensor


def _utc_hour(text: str) -> int:
    if len(text) != 20 or not text.endswith(":00:00Z"):
        raise ValueError(f"time_hour {text!r} is not a whole UTC hour like 2013-01-01T06:00:00Z")
    moment = datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)
    return int(moment.timestamp()) // 3600


def read_weather(path: str | os.PathLike[str]) -> dict[str, StationSeries]:
    """Return ``{station: StationSeries}`` from a ``weather.csv`` file, stations sorted.

    A malformed or truncated line (wrong number of fields, a value that is neither a number
    nor ``NA``, a bad ``time_hour``, an hour out of order) raises ``DataError`` naming the
    file and the line number. Introduced in 11_forecasting.ipynb.
    """
    import torch

    path = Path(path)
    rows: dict[str, tuple[list[int], list[list[float]]]] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:  # -sig: Excel's BOM
            reader = csv.reader(handle)
            header = next(reader, None)
            needed = ("origin", "time_hour", *WEATHER_COLUMNS)
            if header is None or any(name not in header for name in needed):
                raise DataError(
                    f"{path}, line 1: the header must name {', '.join(needed)}; found {header}"
                )
            where = [header.index(name) for name in WEATHER_COLUMNS]
            origin, time_hour = header.index("origin"), header.index("time_hour")
            for fields in reader:
                number = reader.line_num
                if len(fields) != len(header):
                    raise DataError(
                        f"{path}, line {number}: expected {len(header)} "
                        f"comma-separated fields, found {len(fields)} "
                        "(a truncated file?)"
                    )
                try:
                    hour = _utc_hour(fields[time_hour])
                    values = []
                    for name, k in zip(WEATHER_COLUMNS, where, strict=True):
                        value = math.nan if fields[k] == "NA" else float(fields[k])
                        if fields[k] != "NA" and not math.isfinite(value):  # inf, 1e999, nan
                            raise ValueError(
                                f"{name} is {fields[k]!r}, not a finite number "
                                "(write NA for a missing value)"
                            )
                        values.append(value)
                except ValueError as error:
                    raise DataError(f"{path}, line {number}: {error}") from error
                hours, table = rows.setdefault(fields[origin], ([], []))
                if hours and hour <= hours[-1]:
                    raise DataError(
                        f"{path}, line {number}: {fields[time_hour]} is not after "
                        f"the previous hour of {fields[origin]}"
                    )
                hours.append(hour)
                table.append(values)
    except FileNotFoundError as error:
        raise DataError(f"{path} does not exist") from error
    except IsADirectoryError as error:
        raise DataError(f"{path} is a folder: give the file weather.csv inside it") from error
    except UnicodeDecodeError as error:
        raise DataError(f"{path} is not UTF-8 text: {error}") from error
    except OSError as error:
        raise DataError(f"{path} cannot be read: {error}") from error
    if not rows:
        raise DataError(f"{path} has no observations")
    return {
        station: StationSeries(
            station,
            torch.tensor(hours, dtype=torch.int64),
            torch.tensor(table, dtype=torch.float64),
        )
        for station, (hours, table) in sorted(rows.items())
    }


def load_nyc_weather(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
) -> dict[str, StationSeries]:
    """Return the 2013 hourly weather at EWR, JFK and LGA (see :func:`read_weather`), verified.

    Introduced in 11_forecasting.ipynb.
    """
    return read_weather(weather_file(data_dir, download=download))
