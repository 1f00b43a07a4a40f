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
3. a download of the pinned file into the cache: from the mirror in ``LSTM_NOTEBOOKS_MIRROR``
   when it is set (a web address or a folder holding the files under their own names, such
   as an unpacked ``course.py data pack``), else from its pinned address on GitHub.

Every file's SHA-256 sum is checked against the pinned one. A bad file in the cache is
deleted; a bad file in your own folder is reported, never deleted; a download that is cut
short or has the wrong sum leaves nothing behind. :data:`DATA_FILES` lists the pinned files
(``helpers.data_pack`` gets, packs and unpacks them all). The errors speak the course's
language (``helpers.i18n``).
"""

from __future__ import annotations

import csv
import hashlib
import http.client
import math
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import conllu

from helpers.i18n import _, sentences

if TYPE_CHECKING:  # torch is imported where the weather is read, not by the doctor
    import torch

DATA_ENV = "LSTM_NOTEBOOKS_DATA"
CACHE_ENV = "LSTM_NOTEBOOKS_CACHE"
MIRROR_ENV = "LSTM_NOTEBOOKS_MIRROR"
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
                _("word {k}'s features {feats!r} are not Name=Value pairs joined by '|'").format(
                    k=k, feats=self.feats[k]
                )
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


def weather_cache_dir() -> Path:
    """Return the folder where the downloaded weather file is kept."""
    return _cache_base() / f"nycflights13_weather-{WEATHER_COMMIT[:7]}"


def _how_to_get_the_data(name: str) -> str:
    url = EWT_URL.format(release=EWT_RELEASE, name=name)
    return sentences(
        _(
            "To use a local copy, put {names} in a folder and set the environment variable {env} "
            "to it (or pass data_dir=...). Or download {url} (and its two siblings) into {cache}."
        ).format(names=", ".join(EWT_FILES.values()), env=DATA_ENV, url=url, cache=cache_dir()),
        _mirror_how_to(),
    )


def _how_to_get_file(name: str, env: str, url: str, cache: Path) -> str:
    """What to do when one pinned file (CMUdict, the weather) is nowhere to be found."""
    return sentences(
        _(
            "To use a local copy, put {name} in a folder and set the environment variable {env} "
            "to it (or pass data_dir=...). Or download {url} into {cache}."
        ).format(name=name, env=env, url=url, cache=cache),
        _mirror_how_to(),
    )


def _mirror_how_to() -> str:
    """The sentence that ends every how-to: where GitHub cannot be reached, use a mirror."""
    return _(
        "Where GitHub cannot be reached, set {mirror} to a folder or web address that holds "
        "a copy of the data (`python3 course.py data pack` makes one)."
    ).format(mirror=MIRROR_ENV)


def mirror_url(name: str) -> str | None:
    """Return the address of ``name`` in the mirror of ``LSTM_NOTEBOOKS_MIRROR``, or None.

    The variable holds a web address (``https://...``, ``http://...``, ``file://...``) or a
    folder; either one holds the pinned files under their own names.
    """
    base = os.environ.get(MIRROR_ENV, "").strip()
    if not base:
        return None
    if urllib.parse.urlsplit(base).scheme in {"http", "https", "file"}:
        return base.rstrip("/") + "/" + urllib.parse.quote(name)
    if problem := mirror_problem(base):
        raise DataError(problem)
    return (Path(base).expanduser().resolve() / name).as_uri()


def mirror_problem(base: str) -> str | None:
    """Why ``base``, the value of ``LSTM_NOTEBOOKS_MIRROR``, is no mirror (None: it is one):
    an address of another kind (``ftp://``, ``127.0.0.1:8765`` without ``http://``), or a
    folder that does not exist."""
    if urllib.parse.urlsplit(base).scheme in {"http", "https", "file"}:
        return None
    if "://" in base or re.fullmatch(r"[\w.-]+:\d+(/.*)?", base):
        return _(
            "{env}={value} is not an address the course can download from: write a web "
            "address such as http://127.0.0.1:8765/data, or a folder"
        ).format(env=MIRROR_ENV, value=base)
    if not Path(base).expanduser().is_dir():
        return _(
            "{env}={value} is neither a web address (http://...) nor a folder that exists: "
            "write an address such as http://127.0.0.1:8765/data, or the folder of an "
            "unpacked data pack"
        ).format(env=MIRROR_ENV, value=base)
    return None


def download_file(
    url: str,
    dest: Path,
    sha256: str,
    *,
    opener: Callable[[str], BinaryIO] | None = None,
    progress: bool = True,
    how_to: str = "",
    mirror: str | None = None,
) -> Path:
    """Return ``dest`` after downloading ``url`` to it and checking its SHA-256 sum.

    The bytes go to ``dest`` + ``.part`` first and are renamed only when complete and correct:
    an interrupted download or a wrong checksum leaves no file behind. ``how_to`` ends the
    error message of a failed download: how else to get the file. ``mirror``: the value of
    ``LSTM_NOTEBOOKS_MIRROR`` that ``url`` comes from (a wrong file there is named as such).
    """
    opener = opener or (lambda address: urllib.request.urlopen(address, timeout=60))
    partial = dest.with_name(dest.name + ".part")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataError(
            sentences(
                _("cannot create the folder {folder}: {error}.").format(
                    folder=dest.parent, error=error
                ),
                how_to,
            )
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
        raise DataError(
            sentences(
                _("could not download {url}: {reason}.").format(url=url, reason=reason), how_to
            )
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if digest.hexdigest() != sha256:
        partial.unlink(missing_ok=True)
        if mirror is not None:  # trying again gets the same file: the mirror holds another
            raise DataError(
                _(
                    "{name} from the mirror in {env} ({mirror}) has SHA-256 {actual}, expected "
                    "{expected}; the file was not kept. Put the pinned file there (`python3 "
                    "course.py data pack` makes them), or unset {env}."
                ).format(
                    name=dest.name,
                    env=MIRROR_ENV,
                    mirror=mirror,
                    actual=digest.hexdigest(),
                    expected=sha256,
                )
            )
        raise DataError(
            _(
                "downloaded {name} has SHA-256 {actual}, expected {expected}; "
                "the file was not kept. Try again later."
            ).format(name=dest.name, actual=digest.hexdigest(), expected=sha256)
        )
    try:
        os.replace(partial, dest)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise DataError(
            sentences(_("could not save {path}: {error}.").format(path=dest, error=error), how_to)
        ) from error
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
        raise DataError(_("cannot read {path}: {error}").format(path=path, error=error)) from error


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
    else downloaded into ``cache`` from the mirror (``LSTM_NOTEBOOKS_MIRROR``) or ``url``;
    ``pinned`` names the version in messages."""
    if data_dir is not None and not isinstance(data_dir, str | os.PathLike):
        raise TypeError(
            _("data_dir must be a folder, as a str or a Path; got {value!r} ({kind})").format(
                value=data_dir, kind=type(data_dir).__name__
            )
        )
    folder = data_dir if data_dir is not None else os.environ.get(env) or None
    if folder is not None:
        base = Path(folder).expanduser()
        path = base / name
        where = "data_dir" if data_dir is not None else env
        if base.is_file():
            wrong = (
                _(
                    "{where}={folder} is a file; {where} must be the folder that holds "
                    "{name}: {where}={parent}."
                )
                if base.name == name
                else _("{where}={folder} is a file; {where} must be the folder that holds {name}.")
            )
            raise DataError(
                sentences(
                    wrong.format(where=where, folder=folder, name=name, parent=base.parent), how_to
                )
            )
        if not path.is_file():
            missing = (
                _("{path} is not a file ({where}={folder}).")
                if path.exists()
                else _("{path} does not exist ({where}={folder}).")
            )
            raise DataError(
                sentences(missing.format(path=path, where=where, folder=folder), how_to)
            )
        actual = _sha256_or_error(path)
        if actual != expected:
            raise DataError(
                _(
                    "{path} has SHA-256 {actual}, expected {expected} ({pinned}); "
                    "replace it with the pinned file"
                ).format(path=path, actual=actual, expected=expected, pinned=pinned)
            )
        return path
    path = cache / name
    if path.exists() and not path.is_file():
        raise DataError(
            sentences(
                _("{path} is a folder, not the file {name}; remove it and try again.").format(
                    path=path, name=name
                ),
                how_to,
            )
        )
    if path.is_file():
        actual = _sha256_or_error(path)
        if actual == expected:
            return path
        try:
            path.unlink()  # a corrupt cached copy is never used again
        except OSError as error:
            raise DataError(
                _(
                    "{path} has SHA-256 {actual}, expected {expected}, and could not "
                    "be removed ({error}); remove it and try again"
                ).format(path=path, actual=actual, expected=expected, error=error)
            ) from error
        if not download:
            raise DataError(
                sentences(
                    _(
                        "{path} had SHA-256 {actual}, expected {expected}; it was "
                        "removed from the cache."
                    ).format(path=path, actual=actual, expected=expected),
                    how_to,
                )
            )
    if not download:
        raise DataError(
            sentences(_("{name} is not in {cache}.").format(name=name, cache=cache), how_to)
        )
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        variable = f" ({CACHE_ENV}={os.environ[CACHE_ENV]})" if os.environ.get(CACHE_ENV) else ""
        raise DataError(
            sentences(
                _(
                    "cannot create the cache folder {cache}{variable}: {error}. Set "
                    "{env} to a folder you can write to."
                ).format(cache=cache, variable=variable, error=error, env=CACHE_ENV),
                how_to,
            )
        ) from error
    mirrored = mirror_url(name)
    if mirrored is not None:
        how_to = _(
            "The mirror in {mirror} ({value}) must hold {name} under that name; "
            "unset {mirror} to download from {url}."
        ).format(mirror=MIRROR_ENV, value=os.environ[MIRROR_ENV], name=name, url=url)
    mirror = os.environ[MIRROR_ENV].strip() if mirrored is not None else None
    return download_file(
        mirrored or url, path, expected, opener=opener, how_to=how_to, mirror=mirror
    )


@dataclass(frozen=True)
class PinnedFile:
    """One file the course downloads: its name, SHA-256, address, variable, cache and license.

    ``path()`` finds, checks or downloads it as the module's docstring says; ``data set``
    names what it belongs to and ``license`` what a copy of it must carry (``data pack``).
    """

    name: str
    url: str
    env: str
    cache: Callable[[], Path]
    pinned: str
    data_set: str
    license: str

    @property
    def sha256(self) -> str:
        """The pinned SHA-256 sum (read from the module's constants when asked)."""
        if self.env == DATA_ENV:
            return EWT_SHA256[self.name]
        return {CMUDICT_FILE: CMUDICT_SHA256, WEATHER_FILE: WEATHER_SHA256}[self.name]

    def how_to(self) -> str:
        if self.env == DATA_ENV:
            return _how_to_get_the_data(self.name)
        return _how_to_get_file(self.name, self.env, self.url, self.cache())

    def path(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        download: bool = True,
        opener: Callable[[str], BinaryIO] | None = None,
    ) -> Path:
        """Return this file's verified path (see the module's lookup order)."""
        return _verified_file(
            self.name,
            self.sha256,
            self.url,
            data_dir=data_dir,
            env=self.env,
            cache=self.cache(),
            pinned=self.pinned,
            how_to=self.how_to(),
            download=download,
            opener=opener,
        )


EWT_LICENSE = (
    "CC BY-SA 4.0: UD English-EWT release r2.16, (c) 2013-2021 Board of Trustees of the "
    "Leland Stanford Junior University; "
    "https://github.com/UniversalDependencies/UD_English-EWT/blob/r2.16/LICENSE.txt"
)
DATA_FILES: dict[str, PinnedFile] = {
    **{
        name: PinnedFile(
            name,
            EWT_URL.format(release=EWT_RELEASE, name=name),
            DATA_ENV,
            cache_dir,
            f"release {EWT_RELEASE}",
            "UD English EWT",
            EWT_LICENSE,
        )
        for name in EWT_FILES.values()
    },
    CMUDICT_FILE: PinnedFile(
        CMUDICT_FILE,
        CMUDICT_URL.format(commit=CMUDICT_COMMIT),
        CMUDICT_ENV,
        cmudict_cache_dir,
        f"commit {CMUDICT_COMMIT[:7]}",
        "CMUdict",
        "BSD-2-Clause-like, (c) 1993-2015 Carnegie Mellon University; "
        f"https://github.com/cmusphinx/cmudict/blob/{CMUDICT_COMMIT}/LICENSE",
    ),
    WEATHER_FILE: PinnedFile(
        WEATHER_FILE,
        WEATHER_URL.format(commit=WEATHER_COMMIT),
        WEATHER_ENV,
        weather_cache_dir,
        f"commit {WEATHER_COMMIT[:7]}",
        "nycflights13 weather",
        "CC0 1.0: nycflights13 by Hadley Wickham, ASOS observations from the Iowa Environmental "
        "Mesonet; https://creativecommons.org/publicdomain/zero/1.0/legalcode",
    ),
}
"""Every file the loaders read, by name (three EWT splits, CMUdict, the weather)."""


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
        raise ValueError(
            _("split must be one of {splits}; got {split!r}").format(
                splits=", ".join(EWT_FILES), split=split
            )
        )
    return DATA_FILES[EWT_FILES[split]].path(data_dir, download=download, opener=opener)


def _check_lines(lines: Iterable[str], path: Path) -> None:
    """Raise ``DataError`` naming ``path`` and the line number of the first malformed line."""
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 10:
            raise DataError(
                _(
                    "{path}, line {number}: expected 10 tab-separated fields, "
                    "found {count}: {line!r}"
                ).format(path=path, number=number, count=len(fields), line=line[:60])
            )
        if not _ID.fullmatch(fields[0]):
            raise DataError(
                _("{path}, line {number}: {value!r} is not a word ID").format(
                    path=path, number=number, value=fields[0]
                )
            )
        if fields[0].isdigit() and fields[3] not in UPOS_TAGS:
            raise DataError(
                _("{path}, line {number}: {value!r} is not a UPOS tag").format(
                    path=path, number=number, value=fields[3]
                )
            )
        if fields[0].isdigit() and not fields[6].isdigit():
            raise DataError(
                _("{path}, line {number}: head {value!r} is not a word position").format(
                    path=path, number=number, value=fields[6]
                )
            )
        if fields[0].isdigit() and not _FEATS.fullmatch(fields[5]):
            raise DataError(
                _(
                    "{path}, line {number}: features {value!r} are not "
                    "Name=Value pairs joined by '|'"
                ).format(path=path, number=number, value=fields[5])
            )


def read_conllu(path: str | os.PathLike[str]) -> list[TaggedSentence]:
    """Return the sentences of a CoNLL-U file, with words and UPOS tags.

    Multiword-token lines (IDs like ``3-4``) and empty nodes (IDs like ``5.1``) are skipped.
    A malformed line raises ``DataError`` naming the file and the line number, and so does a
    file without a sentence.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:  # -sig: a byte-order mark is no text
            _check_lines(handle, path)
            handle.seek(0)
            parsed = list(
                conllu.parse_incr(
                    handle, field_parsers={name: lambda line, i: line[i] for name in _RAW_FIELDS}
                )
            )
    except FileNotFoundError as error:
        raise DataError(_("{path} does not exist").format(path=path)) from error
    except UnicodeDecodeError as error:
        raise DataError(
            _("{path} is not UTF-8 text: {error}").format(path=path, error=error)
        ) from error
    except conllu.exceptions.ParseException as error:
        raise DataError(_("{path}: {error}").format(path=path, error=error)) from error
    sentences = []
    for number, sentence in enumerate(parsed, start=1):
        words = [token for token in sentence if isinstance(token["id"], int)]
        if not words:
            raise DataError(
                _("{path}: sentence {number} has no words").format(path=path, number=number)
            )
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
        raise DataError(_("{path} holds no sentences").format(path=path))
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
    return DATA_FILES[CMUDICT_FILE].path(data_dir, download=download, opener=opener)


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
                    raise DataError(
                        _("{path}, line {number}: {word!r} has no phonemes").format(
                            path=path, number=number, word=word
                        )
                    )
                parts = [_PHONEME.fullmatch(p) for p in phonemes]
                for phoneme, part in zip(phonemes, parts, strict=True):
                    if part is None or part.group(1) not in ARPABET:
                        raise DataError(
                            _(
                                "{path}, line {number}: {phoneme!r} is not an ARPAbet phoneme"
                            ).format(path=path, number=number, phoneme=phoneme)
                        )
                if _ALTERNATE.fullmatch(word) or not _HEAD_WORD.fullmatch(word):
                    continue
                if word not in pronunciations:
                    pronunciations[word] = tuple(
                        p if keep_stress else part.group(1)
                        for p, part in zip(phonemes, parts, strict=True)
                    )
    except FileNotFoundError as error:
        raise DataError(_("{path} does not exist").format(path=path)) from error
    except UnicodeDecodeError as error:
        raise DataError(
            _("{path} is not UTF-8 text: {error}").format(path=path, error=error)
        ) from error
    if not pronunciations:
        raise DataError(_("{path} holds no words of letters a-z and apostrophes").format(path=path))
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


def weather_file(
    data_dir: str | os.PathLike[str] | None = None,
    *,
    download: bool = True,
    opener: Callable[[str], BinaryIO] | None = None,
) -> Path:
    """Return the verified path of nycflights13's ``weather.csv`` (see the module's lookup order).

    Introduced in 11_forecasting.ipynb.
    """
    return DATA_FILES[WEATHER_FILE].path(data_dir, download=download, opener=opener)


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
        raise ValueError(
            _("time_hour {text!r} is not a whole UTC hour like 2013-01-01T06:00:00Z").format(
                text=text
            )
        )
    moment = datetime.fromisoformat(text[:-1]).replace(tzinfo=timezone.utc)
    return int(moment.timestamp()) // 3600


def _number(name: str, text: str) -> float:
    """``float(text)``, or a ValueError that names the column and says how to write a gap."""
    try:
        return float(text)
    except ValueError:
        raise ValueError(
            _("{name} is {value}, not a number (write NA for a missing value)").format(
                name=name, value=repr(text)
            )
        ) from None


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
                    _("{path}, line 1: the header must name {names}; found {header}").format(
                        path=path, names=", ".join(needed), header=header
                    )
                )
            where = [header.index(name) for name in WEATHER_COLUMNS]
            origin, time_hour = header.index("origin"), header.index("time_hour")
            for fields in reader:
                number = reader.line_num
                if len(fields) != len(header):
                    raise DataError(
                        _(
                            "{path}, line {number}: expected {expected} comma-separated "
                            "fields, found {count} (a truncated file?)"
                        ).format(path=path, number=number, expected=len(header), count=len(fields))
                    )
                try:
                    hour = _utc_hour(fields[time_hour])
                    values = []
                    for name, k in zip(WEATHER_COLUMNS, where, strict=True):
                        value = math.nan if fields[k] == "NA" else _number(name, fields[k])
                        if fields[k] != "NA" and not math.isfinite(value):  # inf, 1e999, nan
                            raise ValueError(
                                _(
                                    "{name} is {value}, not a finite number (write NA for a "
                                    "missing value)"
                                ).format(name=name, value=repr(fields[k]))
                            )
                        values.append(value)
                except ValueError as error:
                    raise DataError(
                        _("{path}, line {number}: {error}").format(
                            path=path, number=number, error=error
                        )
                    ) from error
                hours, table = rows.setdefault(fields[origin], ([], []))
                if hours and hour <= hours[-1]:
                    raise DataError(
                        _(
                            "{path}, line {number}: {hour} is not after "
                            "the previous hour of {station}"
                        ).format(
                            path=path, number=number, hour=fields[time_hour], station=fields[origin]
                        )
                    )
                hours.append(hour)
                table.append(values)
    except csv.Error as error:  # a field longer than csv's limit: not a weather file
        raise DataError(
            _("{path}, line {number}: {error}").format(
                path=path, number=reader.line_num, error=error
            )
        ) from error
    except FileNotFoundError as error:
        raise DataError(_("{path} does not exist").format(path=path)) from error
    except IsADirectoryError as error:
        raise DataError(
            _("{path} is a folder: give the file weather.csv inside it").format(path=path)
        ) from error
    except UnicodeDecodeError as error:
        raise DataError(
            _("{path} is not UTF-8 text: {error}").format(path=path, error=error)
        ) from error
    except OSError as error:
        raise DataError(
            _("{path} cannot be read: {error}").format(path=path, error=error.strerror)
        ) from error
    if not rows:
        raise DataError(_("{path} has no observations").format(path=path))
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
