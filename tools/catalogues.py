"""Reading a gettext catalogue strictly, for the translation tools (standard library and polib).

polib alone reads a text without its closing quote with its last character lost, keeps a
duplicated entry and fails on bad UTF-8 without naming the file; :func:`read_catalogue`
refuses each of these with the file and the line, before anything is written from it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import polib

from tools.notebooks import shown


class CatalogueError(Exception):
    """A file the tool will not read or write as it is; the message names it and the fix."""


# A line of a catalogue: a keyword and its quoted text (also after #| or #~), or more text.
_KEYWORD = re.compile(r"(?:#[|~]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)")
_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"')
_CONTINUED = re.compile(r'(?:#[|~]\s*)?(".*)')
_WORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
_PLURAL = re.compile(r"msgstr\[\d+\]")
# Quotes that look like a double quote but are not one (a Chinese keyboard's among them).
LOOK_ALIKE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u301d\u301e\uff02\u00ab\u00bb\u300c\u300d"


def _odd(text: str) -> str:
    """Name the characters of ``text`` that are neither ASCII nor Chinese (up to 3)."""
    odd = list(dict.fromkeys(c for c in text if not c.isascii() and not "\u4e00" <= c <= "\u9fff"))
    odd = odd[:3]
    return ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'without a name')})" for c in odd)


def _check_characters(path: Path, text: str) -> None:
    """Refuse a control character (a NUL byte, say) anywhere: it would reach the notebook."""
    for number, line in enumerate(text.split("\n"), 1):
        bad = [c for c in line if unicodedata.category(c) == "Cc" and c not in "\t\r"]
        if bad:
            raise CatalogueError(
                f"{shown(path)}, line {number}: the control character U+{ord(bad[0]):04X} is "
                "not text: remove it; nothing was changed"
            )


def _check_keywords(path: Path, text: str) -> None:
    """Refuse a line that is no catalogue line, a msgid without its msgstr, and msgstr[N]
    in an entry without msgid_plural (polib reads its Chinese as none)."""
    waiting, plural = None, False  # the line of a msgid whose msgstr has not come yet
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().lstrip("\ufeff")
        if not line or line.startswith(("#", '"')):
            continue
        word = line.split(None, 1)[0]
        if word not in _WORDS and not _PLURAL.fullmatch(word):
            odd = _odd(word)
            raise CatalogueError(
                f"{shown(path)}, line {number}: {line[:40]!r} is neither a keyword (msgctxt, "
                "msgid, msgstr) nor a text in double quotes"
                + (f"; these characters are not ASCII: {odd}" if odd else "")
                + "; nothing was changed"
            )
        if word in ("msgctxt", "msgid") and waiting is not None:
            _no_msgstr(path, waiting)
        if word == "msgid":
            waiting, plural = number, False
        elif word == "msgid_plural":
            plural = True
        elif word.startswith("msgstr"):
            if word != "msgstr" and not plural:
                raise CatalogueError(
                    f"{shown(path)}, line {number}: {word} needs msgid_plural above it; for one "
                    "text write msgstr; nothing was changed"
                )
            waiting = None
    if waiting is not None:
        _no_msgstr(path, waiting)


def _no_msgstr(path: Path, line: int) -> None:
    raise CatalogueError(
        f'{shown(path)}, line {line}: this msgid has no msgstr: add msgstr "" (or its '
        "Chinese) below it; nothing was changed"
    )


def _check_strings(path: Path, text: str) -> None:
    """Refuse a catalogue line whose quoted text polib would read with a character lost."""
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        found = _KEYWORD.fullmatch(line) or (
            _CONTINUED.fullmatch(line) if line.startswith(('"', "#|", "#~")) else None
        )
        if found is None:
            continue
        quoted = found.group(1).strip()
        if _TEXT.fullmatch(quoted):
            continue
        closed = (
            len(quoted) >= 2
            and quoted.startswith('"')
            and quoted.endswith('"')
            and (len(quoted) - 1 - len(quoted[:-1].rstrip("\\"))) % 2 == 0
        )
        looks = [c for c in (quoted[:1], quoted[-1:]) if c and c in LOOK_ALIKE_QUOTES]
        if looks:
            why = (
                f"the text is between {' and '.join(dict.fromkeys(looks))}: write the quotes "
                'around a text as ASCII double quotes (")'
            )
        elif closed:
            why = 'a double quote inside the text must be written \\"'
        else:
            why = 'the text must start and end with a double quote ("): add the missing one'
        raise CatalogueError(f"{shown(path)}, line {number}: {why}; nothing was changed")


def read_catalogue(path: Path) -> polib.POFile:
    """Return the catalogue at ``path``, read strictly, or raise CatalogueError saying why.

    polib alone reads a text without its closing quote with its last character lost, keeps
    a duplicated entry and fails on bad UTF-8 without naming the file; here each of these is
    refused with the file and the line.
    """
    if path.is_dir():
        raise CatalogueError(f"{shown(path)} is a folder, not a catalogue: remove it")
    try:
        data = path.read_bytes()
    except OSError as error:  # a broken link, no permission
        raise CatalogueError(
            f"{shown(path)} cannot be read ({error.strerror}): restore it with "
            f"`git checkout {shown(path)}`; nothing was changed"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogueError(
            f"{shown(path)}, line {line}: not UTF-8 text (byte 0x{data[error.start]:02x}): "
            "save it as UTF-8, or restore it with `git checkout "
            f"{shown(path)}`; nothing was changed"
        ) from None
    _check_characters(path, text)
    _check_keywords(path, text)
    _check_strings(path, text)
    try:
        catalogue = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as error:
        reason = str(error).replace("Syntax error in po file", "not a valid catalogue")
        raise CatalogueError(f"{shown(path)}: {reason}; nothing was changed") from None
    seen: dict[tuple[str | None, str], int] = {}
    for entry in catalogue:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete:
            continue
        if key in seen:
            raise CatalogueError(
                f"{shown(path)}, lines {seen[key]} and {entry.linenum}: the same English "
                f"({entry.msgid[:60]!r}) has two entries: keep one; nothing was changed"
            )
        seen[key] = entry.linenum
    return catalogue
