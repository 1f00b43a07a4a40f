"""Reading a gettext catalogue strictly, for the translation tools (standard library and polib).

polib alone reads a text without its closing quote with its last character lost, keeps a
duplicated entry and fails on bad UTF-8 without naming the file; :func:`read_catalogue`
refuses each of these with the file and the line, before anything is written from it.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from tools.notebooks import shown


class CatalogueError(Exception):
    """A file the tool will not read or write as it is; the message names it and the fix."""


# A line of a catalogue: a keyword and its quoted text (also after #| or #~), or more text.
_KEYWORD = re.compile(r"(?:#[|~]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(.*)")
_TEXT = re.compile(r'"(?:[^"\\]|\\.)*"')
_CONTINUED = re.compile(r'(?:#[|~]\s*)?(".*)')


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
        if closed:
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
