#!/usr/bin/env python3
"""Build the Chinese edition (notebooks/zh/) from the English notebooks and their translations.

    python3 course.py translation update [NN ...]  # add new English text to translations/zh/*.po
    python3 course.py translation build [NN ...]   # write notebooks/zh/NN_*.ipynb
    python3 course.py translation status           # list every missing or stale translation

(``course.py`` runs ``python -m tools.translate`` inside .venv, which has ``polib``.)

A Chinese notebook is never edited by hand. It is written from two sources:

- the English notebook gives every code cell, every output and every cell's metadata, so the
  code and the outputs of the two editions are the same by construction;
- the gettext catalogue ``translations/zh/NN_topic.po`` (read and written with ``polib``)
  gives the Chinese text: one entry for each markdown cell (``msgctxt`` is the cell's id,
  ``msgid`` its English source) and one for each distinct code comment (``msgctxt``
  ``comment``).

When an English cell changes, its old entry no longer matches: ``update`` keeps the old
Chinese as a *fuzzy* entry with the old English beside it (gettext's ``#| msgid``), and
``status`` and the tests name the cell and show the English change until a translator
updates the Chinese and removes the fuzzy flag. Each Chinese markdown cell records the
SHA-256 of the English source it translates in its metadata (``translation``).
"""

from __future__ import annotations

import argparse
import copy
import difflib
import hashlib
import io
import sys
import tokenize
from pathlib import Path

import polib

from tools.notebooks import dumps, normalise_number, notebook_paths, read, shown

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
COMMAND = "python3 course.py translation"
CATALOGUES = ROOT / "translations" / "zh"
HEADER_TAG = "course-header"
COMMENT = "comment"
AWAITING = "awaiting translation"  # the mark of a Chinese cell still in English
# Comments that tools read stay as they are.
DIRECTIVES = ("noqa", "NBVAL", "type:", "fmt:", "pragma")
# Links that leave the notebooks folder point to the Chinese twin of the page.
LINKS = {
    "](../TEACHING.md": "](../../TEACHING.zh-CN.md",
    "](../README.md": "](../../README.zh-CN.md",
}


def english_notebooks(numbers: list[str] | None = None) -> list[Path]:
    """The English notebooks, all or those whose numbers are given ("5" or "05")."""
    paths = notebook_paths(NOTEBOOKS)
    if not numbers:
        return paths
    try:
        wanted = {normalise_number(n) for n in numbers}
    except ValueError as error:
        raise SystemExit(str(error)) from None
    chosen = [p for p in paths if p.name[:2] in wanted]
    missing = wanted - {p.name[:2] for p in chosen}
    if missing:
        raise SystemExit(f"no English notebook numbered {', '.join(sorted(missing))}")
    return chosen


def catalogue_path(english: Path) -> Path:
    return CATALOGUES / f"{english.stem}.po"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def lines(text: str) -> list[str]:
    """A cell's source as nbformat writes it: a list of lines, each with its newline."""
    return text.splitlines(keepends=True)


def comments(code: str) -> list[tokenize.TokenInfo]:
    """The comment tokens of a code cell (IPython magics and shell lines are skipped)."""
    lines = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n")
    )
    tokens = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(lines).readline):
            tokens.append(token)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # the comments before the error still count; problems() names the cell
    return [t for t in tokens if t.type == tokenize.COMMENT]


def untokenizable(code: str) -> str | None:
    """Why a code cell cannot be read as Python tokens (its later comments are then lost)."""
    lines = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n")
    )
    try:
        for _ in tokenize.generate_tokens(io.StringIO(lines).readline):
            pass
    except (tokenize.TokenError, IndentationError, SyntaxError) as error:
        return str(error)
    return None


def comment_text(token: tokenize.TokenInfo) -> str:
    """What a translator sees of a comment: its text without the leading '#' and space."""
    return token.string[1:].strip()


def translatable(english: dict) -> list[tuple[str, str, str]]:
    """(msgctxt, msgid, where) for every piece of English text a translator must see."""
    items, seen = [], set()
    for number, cell in enumerate(english["cells"]):
        text = source(cell)
        if HEADER_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "markdown" and text.strip():
            items.append((cell["id"], text, f"markdown cell {number}"))
        elif cell["cell_type"] == "code":
            for token in comments(text):
                words = comment_text(token)
                if words and words not in seen and not words.startswith(DIRECTIVES):
                    seen.add(words)
                    items.append((COMMENT, words, f"code cell {number}"))
    return items


def load(english: Path) -> polib.POFile:
    path = catalogue_path(english)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {
        "Project-Id-Version": "lstm-notebooks",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return catalogue


def translated(catalogue: polib.POFile, msgctxt: str, msgid: str) -> str | None:
    """The Chinese for this English text, or None when it is missing or fuzzy (stale)."""
    entry = catalogue.find(msgid, msgctxt=msgctxt)
    if entry is None or entry.obsolete or "fuzzy" in entry.flags or not entry.msgstr.strip():
        return None
    if msgctxt == COMMENT and "\n" in entry.msgstr.strip():
        return None  # a second line would become code; problems() says so
    return entry.msgstr


def update(english: Path) -> polib.POFile:
    """Add every English text to the catalogue; changed text becomes fuzzy, kept beside."""
    notebook = read(english)
    catalogue = load(english)
    current = translatable(notebook)
    keys = {(c, i) for c, i, _ in current}
    by_cell = {e.msgctxt: e for e in catalogue if e.msgctxt != COMMENT}
    leftover = [e for e in catalogue if (e.msgctxt, e.msgid) not in keys and e.msgstr]
    for msgctxt, msgid, where in current:
        entry = catalogue.find(msgid, msgctxt=msgctxt)
        if entry is not None:
            entry.occurrences = [(where, "")]
            if "fuzzy" in entry.flags and entry.previous_msgid == msgid:  # edited, then undone
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
            continue
        old = by_cell.get(msgctxt) if msgctxt != COMMENT else None
        if old is None or not old.msgstr:  # a new id or comment: the same or a close English?
            kind = [e for e in leftover if (e.msgctxt == COMMENT) == (msgctxt == COMMENT)]
            same = [e for e in kind if e.msgid == msgid]
            close = difflib.get_close_matches(msgid, [e.msgid for e in kind], n=1, cutoff=0.6)
            old = (
                same[0] if same else next((e for e in kind if close and e.msgid == close[0]), None)
            )
        entry = polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr="", occurrences=[(where, "")])
        if old is not None and old.msgstr:  # the English changed: keep the old Chinese
            entry.msgstr = old.msgstr
            previous = old.previous_msgid if "fuzzy" in old.flags else old.msgid
            if previous != msgid:  # a moved cell with the same text stays translated
                entry.flags, entry.previous_msgid = ["fuzzy"], previous
            if old in leftover:
                leftover.remove(old)
            if old in catalogue:
                catalogue.remove(old)
        catalogue.append(entry)
    for entry in list(catalogue):  # text the English no longer has
        if (entry.msgctxt, entry.msgid) not in keys:
            catalogue.remove(entry)
    order = {key: n for n, key in enumerate((c, i) for c, i, _ in current)}
    catalogue.sort(key=lambda e: order[(e.msgctxt, e.msgid)])
    return catalogue


def save(catalogue: polib.POFile, english: Path) -> None:
    path = catalogue_path(english)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))


def header_cell(english: dict, name: str) -> dict:
    """The Chinese header: the Colab badge for the Chinese notebook and a link to the English."""
    cell = copy.deepcopy(
        next(c for c in english["cells"] if HEADER_TAG in c["metadata"].get("tags", []))
    )
    text = source(cell)
    text = text.replace(f"/notebooks/{name}", f"/notebooks/zh/{name}")
    text = text.replace(f" · [中文版](zh/{name})", "")
    cell["source"] = lines(text + f" · [English original / 英文原版](../{name})")
    return cell


def translate_code(code: str, catalogue: polib.POFile) -> str:
    """The code with each comment replaced by its Chinese, where there is one."""
    lines = code.split("\n")
    for token in reversed(comments(code)):
        chinese = translated(catalogue, COMMENT, comment_text(token))
        if chinese is None:
            continue
        row, col = token.start[0] - 1, token.start[1]
        line = lines[row]
        lines[row] = line[:col] + "# " + chinese + line[col + len(token.string) :]
    return "\n".join(lines)


def build(english_path: Path, catalogue: polib.POFile | None = None) -> dict:
    """The Chinese notebook: the English code and outputs, the catalogue's Chinese text."""
    english = read(english_path)
    catalogue = catalogue if catalogue is not None else load(english_path)
    notebook = copy.deepcopy(english)
    cells = []
    for cell in notebook["cells"]:
        text = source(cell)
        if HEADER_TAG in cell.get("metadata", {}).get("tags", []):
            cells.append(header_cell(english, english_path.name))
            continue
        if cell["cell_type"] == "markdown" and text.strip():
            chinese = translated(catalogue, cell["id"], text)
            if chinese is not None:
                for old, new in LINKS.items():
                    chinese = chinese.replace(old, new)
                cell["source"] = lines(chinese)
                cell["metadata"]["translation"] = {"english_sha256": sha(text)}
            else:  # the English text stays until the catalogue has its Chinese
                cell["metadata"]["translation"] = {"status": AWAITING}
        elif cell["cell_type"] == "code":
            cell["source"] = lines(translate_code(text, catalogue))
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def problems(english_path: Path) -> list[str]:
    """Every reason the Chinese twin of this notebook is not current, each in a sentence."""
    zh_path = ZH / english_path.name
    rel = shown(english_path)
    if not catalogue_path(english_path).exists():
        return [
            f"{rel} has no Chinese translation yet: run `{COMMAND} "
            f"update {english_path.name[:2]}`, translate "
            f"{shown(catalogue_path(english_path))}, then `build`."
        ]
    catalogue = load(english_path)
    english = read(english_path)
    found = []
    by_cell = {e.msgctxt: e for e in catalogue if e.msgctxt != COMMENT}
    for number, cell in enumerate(english["cells"]):
        if cell["cell_type"] == "code" and (why := untokenizable(source(cell))):
            found.append(
                f"{rel} code cell {number} is not valid Python ({why}): its comments after "
                "that point cannot be translated; fix the cell or remove them."
            )
        for msgctxt, msgid, _ in translatable({"cells": [cell]}):
            if translated(catalogue, msgctxt, msgid) is not None:
                continue
            if msgctxt == COMMENT:
                entry = catalogue.find(msgid, msgctxt=COMMENT)
                if entry is not None and entry.msgstr and "fuzzy" in entry.flags:
                    why = f"changed since it was translated (was {entry.previous_msgid!r})"
                elif entry is not None and "\n" in entry.msgstr.strip():
                    why = "has a Chinese of more than one line: a comment is one line"
                else:
                    why = "has no Chinese"
                found.append(f"{rel} code cell {number}: comment {msgid!r} {why}.")
                continue
            old = by_cell.get(msgctxt)
            before = None
            if old is None or not old.msgstr:
                found.append(f"{rel} markdown cell {number} (id {msgctxt}) has no Chinese.")
                continue
            if old.msgid == msgid:  # fuzzy entry whose English is current
                before = old.previous_msgid or ""
            else:
                before = old.previous_msgid if "fuzzy" in old.flags else old.msgid
            diff = "\n".join(
                difflib.unified_diff(
                    before.splitlines(),
                    msgid.splitlines(),
                    "English translated",
                    "English now",
                    lineterm="",
                    n=0,
                )
            )
            found.append(
                f"{rel} markdown cell {number} (id {msgctxt}) changed since it was "
                f"translated:\n{diff}"
            )
    if found:
        found.append(
            f"To fix: `{COMMAND} update {english_path.name[:2]}`, "
            f"translate the entries marked fuzzy or empty in "
            f"{shown(catalogue_path(english_path))}, then `build`."
        )
    elif not zh_path.exists() or zh_path.read_text(encoding="utf-8") != dumps(
        build(english_path, catalogue)
    ):
        found.append(
            f"{shown(zh_path)} is not the build of its English notebook "
            f"and catalogue: run `{COMMAND} build "
            f"{english_path.name[:2]}`."
        )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "build", "status"])
    parser.add_argument("numbers", nargs="*", help="notebook numbers such as 03 (default: all)")
    args = parser.parse_args(argv)
    paths = english_notebooks(args.numbers)
    if args.command == "update":
        for path in paths:
            save(update(path), path)
            print(f"updated {catalogue_path(path).relative_to(ROOT)}")
    elif args.command == "build":
        ZH.mkdir(exist_ok=True)
        for path in paths:
            (ZH / path.name).write_text(dumps(build(path)), encoding="utf-8")
            print(f"wrote {(ZH / path.name).relative_to(ROOT)}")
    else:
        found = [p for path in paths for p in problems(path)]
        print("\n".join(found) if found else f"all {len(paths)} Chinese notebooks are current")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
