"""Universal Dependencies English EWT: find, verify, download and read the corpus.

The loader looks for the three ``.conllu`` files of release r2.16, in this order:

1. the ``data_dir`` argument, else the folder in the environment variable ``LSTM_NOTEBOOKS_DATA``;
2. the cache folder (``LSTM_NOTEBOOKS_CACHE``, default ``~/.cache/lstm-notebooks``);
3. a download of the pinned release into the cache.

Every file's SHA-256 sum is checked against the release's. A bad file in the cache is deleted;
a bad file in your own folder is reported, never deleted. Introduced in 03_step_by_step.ipynb
(sentence texts) and used by 07_pos_tagging.ipynb (words and tags).
"""

from __future__ import annotations

import hashlib
import os
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import conllu

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
UPOS_TAGS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
             "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X")
"""The 17 Universal POS tags."""

_ID = re.compile(r"\d+|\d+-\d+|\d+\.\d+")
_RAW_FIELDS = ("lemma", "xpos", "feats", "head", "deps", "misc")  # not needed: kept as text


class DataError(RuntimeError):
    """The corpus is missing, corrupt or could not be downloaded; the message says what to do."""


@dataclass(frozen=True)
class TaggedSentence:
    """One sentence: its words (syntactic words, no multiword tokens) and their UPOS tags."""

    sent_id: str
    text: str
    words: tuple[str, ...]
    tags: tuple[str, ...]


def sha256_of(path: Path) -> str:
    """Return the hexadecimal SHA-256 sum of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cache_dir() -> Path:
    """Return the folder where downloaded corpus files are kept."""
    base = os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "lstm-notebooks"
    return Path(base) / f"ud_english_ewt-{EWT_RELEASE}"


def _how_to_get_the_data(name: str) -> str:
    url = EWT_URL.format(release=EWT_RELEASE, name=name)
    return (
        f"To use a local copy, put {', '.join(EWT_FILES.values())} in a folder and set the "
        f"environment variable {DATA_ENV} to it (or pass data_dir=...). Or download {url} "
        f"(and its two siblings) into {cache_dir()}."
    )


def download_file(
    url: str,
    dest: Path,
    sha256: str,
    *,
    opener: Callable[[str], BinaryIO] | None = None,
    progress: bool = True,
) -> Path:
    """Return ``dest`` after downloading ``url`` to it and checking its SHA-256 sum.

    The bytes go to ``dest`` + ``.part`` first and are renamed only when complete and correct:
    an interrupted download or a wrong checksum leaves no file behind.
    """
    opener = opener or (lambda address: urllib.request.urlopen(address, timeout=60))
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    digest = hashlib.sha256()
    try:
        from tqdm.auto import tqdm

        with opener(url) as response, open(partial, "wb") as out:
            total = int(getattr(response, "headers", {}).get("Content-Length", 0) or 0) or None
            with tqdm(total=total, unit="B", unit_scale=True, desc=dest.name,
                      disable=not progress) as bar:
                for block in iter(lambda: response.read(1 << 16), b""):
                    out.write(block)
                    digest.update(block)
                    bar.update(len(block))
    except (OSError, urllib.error.URLError) as error:
        partial.unlink(missing_ok=True)
        raise DataError(
            f"could not download {url}: {error}. {_how_to_get_the_data(dest.name)}"
        ) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    if digest.hexdigest() != sha256:
        partial.unlink(missing_ok=True)
        raise DataError(
            f"downloaded {dest.name} has SHA-256 {digest.hexdigest()}, expected {sha256}; "
            "the file was not kept. Try again later."
        )
    os.replace(partial, dest)
    return dest


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
    expected = EWT_SHA256[name]
    folder = data_dir if data_dir is not None else os.environ.get(DATA_ENV) or None
    if folder is not None:
        path = Path(folder).expanduser() / name
        where = "data_dir" if data_dir is not None else DATA_ENV
        if not path.is_file():
            raise DataError(f"{path} does not exist ({where}={folder}). "
                            + _how_to_get_the_data(name))
        actual = sha256_of(path)
        if actual != expected:
            raise DataError(f"{path} has SHA-256 {actual}, expected {expected} (release "
                            f"{EWT_RELEASE}); replace it with the release's file")
        return path
    path = cache_dir() / name
    if path.is_file():
        actual = sha256_of(path)
        if actual == expected:
            return path
        path.unlink()  # a corrupt cached copy is never used again
        if not download:
            raise DataError(f"{path} had SHA-256 {actual}, expected {expected}; it was "
                            "removed from the cache. " + _how_to_get_the_data(name))
    if not download:
        raise DataError(f"{name} is not in {cache_dir()}. " + _how_to_get_the_data(name))
    return download_file(EWT_URL.format(release=EWT_RELEASE, name=name), path, expected,
                         opener=opener)


def _check_lines(lines: Iterable[str], path: Path) -> None:
    """Raise ``DataError`` naming ``path`` and the line number of the first malformed line."""
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 10:
            raise DataError(f"{path}, line {number}: expected 10 tab-separated fields, "
                            f"found {len(fields)}: {line[:60]!r}")
        if not _ID.fullmatch(fields[0]):
            raise DataError(f"{path}, line {number}: {fields[0]!r} is not a word ID")
        if fields[0].isdigit() and fields[3] not in UPOS_TAGS:
            raise DataError(f"{path}, line {number}: {fields[3]!r} is not a UPOS tag")


def read_conllu(path: str | os.PathLike[str]) -> list[TaggedSentence]:
    """Return the sentences of a CoNLL-U file, with words and UPOS tags.

    Multiword-token lines (IDs like ``3-4``) and empty nodes (IDs like ``5.1``) are skipped.
    A malformed line raises ``DataError`` naming the file and the line number.
    """
    path = Path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            _check_lines(handle, path)
            handle.seek(0)
            parsed = list(conllu.parse_incr(
                handle, field_parsers={name: lambda line, i: line[i] for name in _RAW_FIELDS}
            ))
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
        sentences.append(TaggedSentence(
            sent_id=sentence.metadata.get("sent_id", str(number)),
            text=sentence.metadata.get("text", " ".join(t["form"] for t in words)),
            words=tuple(t["form"] for t in words),
            tags=tuple(t["upos"] for t in words),
        ))
    return sentences


def load_ewt(
    split: str, data_dir: str | os.PathLike[str] | None = None, *, download: bool = True
) -> list[TaggedSentence]:
    """Return the sentences of one EWT split (``train``, ``dev`` or ``test``), verified.

    Introduced in 03_step_by_step.ipynb.
    """
    return read_conllu(ewt_file(split, data_dir, download=download))
