#!/usr/bin/env python3
"""Build the Chinese edition (notebooks/zh/) from the English notebooks and their translations.

    python3 course.py translation update [NN ...]  # add new English text to translations/zh/*.po
    python3 course.py translation build [NN ...]   # write notebooks/zh/NN_*.ipynb
    python3 course.py translation status           # list every missing or stale translation
    python3 course.py translation execute [NN ...] # build, then run in Chinese: Chinese outputs
    python3 course.py translation update helpers   # the helpers' messages (helpers_catalogue.py)

(``course.py`` runs ``python -m tools.translate`` inside .venv, which has ``polib``.)

A Chinese notebook is never edited by hand. It is written from two sources:

- the English notebook gives every code cell and every cell's metadata, so the code of the
  two editions is the same by construction; the generated setup cell also chooses Chinese for
  what the helpers say (``SET_LANGUAGE``) and says in Chinese what to do when the course is
  missing (``chinese_setup``);
- the outputs come from running the Chinese notebook (``execute``): self-checks, widgets,
  figures and errors in Chinese, the numbers the English notebook shows. The notebook records
  the code it ran (``executed_code``, a SHA-256 of the English code without comments); a
  ``build`` keeps those outputs while the code is the same and otherwise takes the English
  outputs until ``execute`` runs again (``status`` and the tests say so);
- the gettext catalogue ``translations/zh/NN_topic.po`` (read and written with ``polib``)
  gives the Chinese text: one entry for each markdown cell (``msgctxt`` is the cell's id,
  ``msgid`` its English source) and one for each distinct code comment (``msgctxt``
  ``comment``);
- ``notebooks/alt/NN_topic.json`` gives the English alt text of each figure of the outputs
  (``tools/alt_text.py``); its Chinese is in the same catalogue (``msgctxt`` ``alt`` and the
  figure's key), for the site (``tools/site.py``), not for the notebook;
- ``images/zh/NAME.png``, where there is one, replaces the figure ``NAME.png`` that a markdown
  cell holds as an attachment: the same diagram with its text in Chinese (its source beside
  it, ``images/zh/NAME.svg``; ``python3 course.py header --figures`` redraws both editions).

When an English cell changes, its old entry no longer matches: ``update`` keeps the old
Chinese as a *fuzzy* entry with the old English beside it (gettext's ``#| msgid``), and
``status`` and the tests name the cell and show the English change until a translator
updates the Chinese and removes the fuzzy flag. Each Chinese markdown cell records the
SHA-256 of the English source it translates in its metadata (``translation``).
"""

from __future__ import annotations

import argparse
import base64
import collections
import copy
import difflib
import hashlib
import io
import json
import re
import sys
import tokenize
from pathlib import Path

import polib

from tools import alt_text, helpers_catalogue
from tools.catalogues import CatalogueError, read_catalogue
from tools.notebooks import dumps, normalise_number, notebook_paths, read, shown, source

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ZH = NOTEBOOKS / "zh"
FIGURES_ZH = ROOT / "images" / "zh"  # the figures with Chinese text, where one is drawn
COMMAND = "python3 course.py translation"
CATALOGUES = ROOT / "translations" / "zh"
HEADER_TAG = "course-header"
WIDGET_STATE = "widgets"  # notebook metadata: the saved state of the outputs' widgets
EXECUTED = "executed_code"  # notebook metadata "translation": the code the outputs come from
SETUP_TAG = "course-setup"
# What the Chinese setup cell adds to the English one: the helpers speak Chinese in this edition.
SET_LANGUAGE = """

from helpers.i18n import set_language

set_language("zh")  # 自测反馈、控件和图中的文字用中文"""
# The setup cell is written by tools/header.py; its Chinese twin says in Chinese what to do
# when the course is not installed, and why helpers is imported (the only code it changes).
SETUP_ENGLISH = re.compile(r'"This notebook needs the course installed.*?this cell again\."', re.S)
SETUP_CHINESE = (
    '"这个笔记本需要在它的内核中安装课程：在终端里进入课程文件夹，运行"\n'
    '        "`python3 course.py lab --lang zh`，或在当前环境中运行`pip install -e .`；"\n'
    '        "在Colab中，请再运行一次这个单元格。"'
)
SETUP_NOQA = ("# noqa: F401 - the course's plumbing", "# noqa: F401 - 课程的基础设施")
SETUP_NOQA_REST = (": plots, widgets, data, checks", "：图、交互式控件、数据、自测")
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
    if path.exists() or path.is_symlink():
        return read_catalogue(path)
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


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>")


def structure(text: str) -> collections.Counter[str]:
    """What a translation must keep of a markdown cell: the count of each HTML tag (opening
    and closing apart), of code fences, of ``$$`` and of images."""
    counts = collections.Counter(f"<{m.group(1)}{m.group(2).lower()}>" for m in _TAG.finditer(text))
    counts["```"] = sum(line.lstrip().startswith("```") for line in text.split("\n"))
    counts["$$"] = text.count("$$")
    counts["!["] = text.count("![")
    return +counts


def structure_change(english: str, chinese: str) -> str | None:
    """How the structure of ``chinese`` differs from that of ``english`` (None: it does not)."""
    have, want = structure(chinese), structure(english)
    if have == want:
        return None
    return "; ".join(
        f"{have[key]} {key} where the English has {want[key]}"
        for key in sorted(have.keys() | want.keys())
        if have[key] != want[key]
    )


def structure_problems(english_path: Path, catalogue: polib.POFile) -> list[str]:
    """A sentence for each markdown cell whose Chinese lost or gained a tag, fence or image
    (an unclosed ``<details>`` folds the rest of the page into it)."""
    found = []
    for number, cell in enumerate(read(english_path)["cells"]):
        for msgctxt, msgid, _ in translatable({"cells": [cell]}):
            chinese = translated(catalogue, msgctxt, msgid) if msgctxt != COMMENT else None
            change = structure_change(msgid, chinese) if chinese is not None else None
            if change:
                found.append(
                    f"{shown(catalogue_path(english_path))}: the Chinese of markdown cell "
                    f"{number} (id {msgctxt}) has {change}: keep every HTML tag, code fence "
                    "and image of the English"
                )
    return found


def entry_kind(msgctxt: str) -> str:
    """A catalogue entry's kind: a code comment, a figure's alt text or a markdown cell."""
    if msgctxt == COMMENT:
        return COMMENT
    return alt_text.CONTEXT if msgctxt.startswith(alt_text.CONTEXT + " ") else "markdown"


def update(english: Path) -> polib.POFile:
    """Add every English text to the catalogue; changed text becomes fuzzy, kept beside."""
    notebook = read(english)
    catalogue = load(english)
    current = translatable(notebook) + alt_text.catalogue_items(english)
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
            kind = [e for e in leftover if entry_kind(e.msgctxt) == entry_kind(msgctxt)]
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


def chinese_setup(code: str) -> str:
    """The Chinese twin of the setup cell's code: its message in Chinese, Chinese chosen."""
    code = SETUP_ENGLISH.sub(lambda _match: SETUP_CHINESE, code)
    code = code.replace(SETUP_NOQA[0] + SETUP_NOQA_REST[0], SETUP_NOQA[1] + SETUP_NOQA_REST[1])
    return code + SET_LANGUAGE


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


def code_without_comments(code: str) -> str:
    """A code cell's source with every comment and trailing space removed (what runs)."""
    lines = code.split("\n")
    for token in reversed(comments(code)):
        row, col = token.start[0] - 1, token.start[1]
        lines[row] = lines[row][:col] + lines[row][col + len(token.string) :]
    return "\n".join(line.rstrip() for line in lines).strip()


def code_sha(english: dict) -> str:
    """The SHA-256 of what an English notebook runs: its code cells, ids, without comments."""
    digest = hashlib.sha256()
    for cell in english["cells"]:
        if cell["cell_type"] == "code":
            digest.update(f"{cell.get('id')}\0{code_without_comments(source(cell))}\0".encode())
    return digest.hexdigest()


def executed_outputs(english: dict, chinese: dict | None) -> dict | None:
    """The Chinese notebook ``chinese`` if it was executed from ``english``'s code as it is
    now (its outputs are then the Chinese edition's); else None."""
    if not chinese:
        return None
    recorded = chinese.get("metadata", {}).get("translation", {}).get(EXECUTED)
    return chinese if recorded == code_sha(english) else None


def build(english_path: Path, catalogue: polib.POFile | None = None) -> dict:
    """The Chinese notebook: the English code, the catalogue's Chinese text, and the outputs
    of the Chinese notebook's own run where its code has not changed since (else English)."""
    english = read(english_path)
    catalogue = catalogue if catalogue is not None else load(english_path)
    notebook = copy.deepcopy(english)
    executed = executed_outputs(english, read_chinese(english_path))
    ran = {c.get("id"): c for c in executed["cells"]} if executed else {}
    if executed:
        notebook["metadata"].pop(WIDGET_STATE, None)
        if WIDGET_STATE in executed.get("metadata", {}):
            notebook["metadata"][WIDGET_STATE] = executed["metadata"][WIDGET_STATE]
        notebook["metadata"]["translation"] = {EXECUTED: code_sha(english)}
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
            for name, data in cell.get("attachments", {}).items():
                if (FIGURES_ZH / name).is_file():  # the figure's Chinese twin
                    data["image/png"] = base64.b64encode((FIGURES_ZH / name).read_bytes()).decode()
        elif cell["cell_type"] == "code":
            code = translate_code(text, catalogue)
            if SETUP_TAG in cell.get("metadata", {}).get("tags", []):
                code = chinese_setup(code)
            cell["source"] = lines(code)
            if executed:
                cell["outputs"] = ran[cell["id"]].get("outputs", [])
                cell["execution_count"] = ran[cell["id"]].get("execution_count")
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def _translates_other_english(catalogue: polib.POFile, words: str, chinese: str) -> bool:
    """Whether ``chinese``, shown for the comment ``words``, is the Chinese of other English:
    an entry gives it for another comment, or for an earlier English of this one (fuzzy)."""
    for entry in catalogue:
        if entry.msgctxt != COMMENT or entry.msgstr.strip() != chinese:
            continue
        earlier = "fuzzy" in entry.flags and entry.previous_msgid not in (None, words)
        if entry.msgid != words or earlier:
            return True
    return False


def shown_in_chinese(
    english: dict, chinese: dict | None, catalogue: polib.POFile
) -> dict[tuple[str, str], str]:
    """The English texts, as they are now, that ``chinese`` (a built notebook) shows in Chinese.

    Keys are (msgctxt, msgid), as in the catalogue; values say where. A markdown cell counts
    when it records the SHA-256 of the English as it is now. A comment counts when its
    Chinese twin differs from it and is not, by ``catalogue``, the Chinese of other English.
    """
    if chinese is None:
        return {}
    twins = {cell.get("id"): cell for cell in chinese.get("cells", [])}
    found = {}
    for number, cell in enumerate(english["cells"]):
        twin = twins.get(cell.get("id"))
        if twin is None or twin.get("cell_type") != cell["cell_type"]:
            continue
        text = source(cell)
        if HEADER_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "markdown" and text.strip():
            recorded = twin.get("metadata", {}).get("translation", {}).get("english_sha256")
            if recorded == sha(text):
                found[(cell["id"], text)] = f"markdown cell {number}"
        elif cell["cell_type"] == "code":
            mine, theirs = comments(text), comments(source(twin))
            if len(theirs) < len(mine):
                continue
            for token, other in zip(mine, theirs[: len(mine)], strict=True):  # + SET_LANGUAGE
                words = comment_text(token)
                if not words or words.startswith(DIRECTIVES) or other.string == token.string:
                    continue
                if not _translates_other_english(catalogue, words, comment_text(other)):
                    found.setdefault((COMMENT, words), f"code cell {number}")
    return found


def read_chinese(english_path: Path) -> dict | None:
    """The Chinese notebook now in notebooks/zh/, or None when there is none to read."""
    try:
        return read(ZH / english_path.name)
    except (OSError, ValueError):  # missing, or not JSON: nothing in it to keep
        return None


def lost_chinese(english_path: Path, catalogue: polib.POFile) -> dict[str, dict[str, str]]:
    """What notebooks/zh/ shows in Chinese and a build from ``catalogue`` would show in English.

    Returns ``{"missing": {...}, "fuzzy": {...}}``, each mapping msgid to where: texts whose
    Chinese the catalogue lacks (it lost them), and texts whose entry is marked fuzzy although
    its English did not change (a translator's flag).
    """
    english = read(english_path)
    lost: dict[str, dict[str, str]] = {"missing": {}, "fuzzy": {}}
    for (msgctxt, msgid), where in shown_in_chinese(
        english, read_chinese(english_path), catalogue
    ).items():
        if translated(catalogue, msgctxt, msgid) is not None:
            continue
        entry = catalogue.find(msgid, msgctxt=msgctxt)
        kind = (
            "fuzzy" if entry is not None and entry.msgstr and "fuzzy" in entry.flags else "missing"
        )
        lost[kind][msgid] = where
    return lost


def _loss(english_path: Path, missing: dict[str, str], then: str) -> str:
    """The sentence that refuses to go on from a catalogue that lost Chinese."""
    po, zh = shown(catalogue_path(english_path)), shown(ZH / english_path.name)
    return (
        f"{zh} shows {len(missing)} text(s) in Chinese that {po} lacks, such as "
        f"{next(iter(missing.values()))}: the catalogue lost them. Restore it "
        f"(`git checkout {po}`){then}"
    )


def problems(english_path: Path) -> list[str]:
    """Every reason the Chinese twin of this notebook is not current, each in a sentence."""
    zh_path = ZH / english_path.name
    rel = shown(english_path)
    if not catalogue_path(english_path).exists():
        if lost := lost_chinese(english_path, load(english_path))["missing"]:
            return [_loss(english_path, lost, ", then run status again.")]
        return [
            f"{rel} has no Chinese translation yet: run `{COMMAND} "
            f"update {english_path.name[:2]}`, translate "
            f"{shown(catalogue_path(english_path))}, then `build`."
        ]
    catalogue = load(english_path)
    english = read(english_path)
    broken = [f"{line}." for line in structure_problems(english_path, catalogue)]
    found = []
    if lost := lost_chinese(english_path, catalogue)["missing"]:
        found.append(_loss(english_path, lost, ", then run status again."))
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
                    why = (
                        f"changed since it was translated (was {entry.previous_msgid!r})"
                        if entry.previous_msgid
                        else "is marked fuzzy: check its Chinese, then remove the fuzzy flag"
                    )
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
            if old.msgid == msgid and not old.previous_msgid:  # fuzzy flag set by hand
                found.append(
                    f"{rel} markdown cell {number} (id {msgctxt}) is marked fuzzy: check its "
                    "Chinese, then remove the fuzzy flag."
                )
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
    for msgctxt, msgid, where in alt_text.catalogue_items(english_path):
        if translated(catalogue, msgctxt, msgid) is not None:
            continue
        entry = catalogue.find(msgid, msgctxt=msgctxt)
        stale = entry is not None and entry.msgstr.strip() and "fuzzy" in entry.flags
        why = "changed since it was translated" if stale else "has no Chinese"
        alt_file = shown(alt_text.alt_path(english_path))
        found.append(f"{rel} {where}: its alt text (in {alt_file}) {why}.")
    if found and not lost:
        found.append(
            f"To fix: `{COMMAND} update {english_path.name[:2]}`, "
            f"translate the entries marked fuzzy or empty in "
            f"{shown(catalogue_path(english_path))}, then `build`."
        )
    elif not broken and (  # a broken catalogue has no build to compare with until it is mended
        not zh_path.is_file()
        or zh_path.read_text(encoding="utf-8", errors="replace")
        != dumps(build(english_path, catalogue))
    ):
        found.append(
            f"{shown(zh_path)} is not the build of its English notebook "
            f"and catalogue: run `{COMMAND} build "
            f"{english_path.name[:2]}`."
        )
    elif executed_outputs(english, read_chinese(english_path)) is None:
        found.append(
            f"{shown(zh_path)} shows the English notebook's outputs: its code changed since it "
            f"was run in Chinese, or it never was. Run `{COMMAND} execute "
            f"{english_path.name[:2]}` (it runs the notebook, in notebooks/zh/)."
        )
    return [*broken, *found]


def execute(paths: list[Path], allow_untranslated: bool) -> None:
    """Build each Chinese notebook, run it in a fresh kernel (in notebooks/zh/, so the helpers
    speak Chinese), record the code it ran, and write it; every refusal of ``build`` first."""
    import time

    from tools.execute import execute_notebook

    built = [(path, *build_checked(path, allow_untranslated)) for path in paths]
    ZH.mkdir(exist_ok=True)
    for path, notebook, coverage in built:
        zh = ZH / path.name
        notebook["metadata"].pop("translation", None)  # not executed until the run succeeds
        zh.write_text(dumps(notebook), encoding="utf-8")
        print(f"executing {zh.relative_to(ROOT)} ({coverage}) ...", flush=True)
        start = time.perf_counter()
        execute_notebook(zh, save=True)
        ran = read(zh)
        ran["metadata"]["translation"] = {EXECUTED: code_sha(read(path))}
        zh.write_text(dumps(ran), encoding="utf-8")
        zh.write_text(dumps(build(path)), encoding="utf-8")  # the build, with these outputs
        print(f"wrote {zh.relative_to(ROOT)}: {time.perf_counter() - start:.1f} s", flush=True)


def build_checked(english_path: Path, allow_untranslated: bool) -> tuple[dict, str]:
    """Return the Chinese notebook to write and a line on its coverage, or raise CatalogueError.

    Refused always: a Chinese markdown cell whose HTML tags, code fences or images differ
    from the English's (:func:`structure_problems`). Refused unless ``allow_untranslated``:
    a build that translates nothing (the catalogue is
    missing or empty), and one that shows in English a text that the Chinese notebook it
    replaces shows in Chinese (a lost entry, or a fuzzy flag on an unchanged English).
    """
    path, zh, number = catalogue_path(english_path), ZH / english_path.name, english_path.name[:2]
    catalogue = load(english_path)
    if broken := structure_problems(english_path, catalogue):  # never built, even when allowed
        raise CatalogueError(f"{broken[0]}; nothing was written.")
    english = read(english_path)
    notebook = build(english_path, catalogue)
    items = translatable(english)
    total = len(items)
    done = sum(translated(catalogue, msgctxt, msgid) is not None for msgctxt, msgid, _ in items)
    coverage = f"{done} of {total} texts in Chinese"
    if done < total:
        coverage += f"; `{COMMAND} status {number}` lists the others"
    allow = ", or add --allow-untranslated to build anyway; nothing was written."
    if allow_untranslated:
        return notebook, coverage
    lost = lost_chinese(english_path, catalogue)
    if lost["missing"]:
        raise CatalogueError(_loss(english_path, lost["missing"], allow))
    if lost["fuzzy"]:
        raise CatalogueError(
            f"{shown(path)} marks fuzzy {len(lost['fuzzy'])} text(s) that {shown(zh)} shows "
            f"in Chinese, such as {next(iter(lost['fuzzy'].values()))}: check their Chinese "
            f"and remove the fuzzy flags{allow}"
        )
    if total and not done:
        why = "does not exist" if not path.exists() else f"translates none of its {total} texts"
        raise CatalogueError(
            f"{shown(path)} {why}: `build` would write notebook {number} all in English into "
            f"{shown(zh)}. Translate it first (`{COMMAND} update {number}`){allow}"
        )
    return notebook, coverage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "build", "status", "execute"])
    parser.add_argument(
        "numbers", nargs="*", help="notebook numbers such as 03, or helpers (default: all)"
    )
    parser.add_argument(
        "--allow-untranslated",
        action="store_true",
        help="build (or update) even where the Chinese notebook would show in English a text "
        "that it shows in Chinese now, or would translate nothing",
    )
    args = parser.parse_args(argv)
    if args.allow_untranslated and args.command == "status":
        parser.error("--allow-untranslated goes with build, execute or update")
    numbers = [n for n in args.numbers if n != "helpers"]  # "helpers": the helpers' catalogue
    status = 0
    if args.command == "execute" and "helpers" in args.numbers:
        parser.error("execute runs notebooks: name notebook numbers, or none for all")
    if ("helpers" in args.numbers or not args.numbers) and args.command != "execute":
        status = helpers_catalogue.main(args.command, args.allow_untranslated)
        if not numbers and args.numbers:
            return status
    paths = english_notebooks(numbers)
    try:
        for path in paths:  # every file read first: a refusal leaves everything as it was
            read_english(path)
            load(path)
        if args.command == "update":
            for path in paths:
                lost = lost_chinese(path, load(path))["missing"]
                if lost and not args.allow_untranslated:
                    raise CatalogueError(
                        _loss(path, lost, ", or add --allow-untranslated; nothing was written.")
                    )
            for path in paths:
                save(update(path), path)
                print(f"updated {catalogue_path(path).relative_to(ROOT)}")
        elif args.command == "execute":
            execute(paths, args.allow_untranslated)
        elif args.command == "build":
            built = [(path, *build_checked(path, args.allow_untranslated)) for path in paths]
            ZH.mkdir(exist_ok=True)
            for path, notebook, coverage in built:
                (ZH / path.name).write_text(dumps(notebook), encoding="utf-8")
                print(f"wrote {(ZH / path.name).relative_to(ROOT)}: {coverage}")
        else:
            found = [p for path in paths for p in problems(path)]
            print("\n".join(found) if found else f"all {len(paths)} Chinese notebooks are current")
            return 1 if found or status else 0
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    return status


def read_english(path: Path) -> dict:
    """The English notebook, or CatalogueError naming the file when it is not one."""
    try:
        notebook = read(path)
    except json.JSONDecodeError as error:
        raise CatalogueError(
            f"{shown(path)}, line {error.lineno}, column {error.colno}: not valid JSON "
            f"({error.msg}): fix it or restore it with `git checkout {shown(path)}`; "
            "nothing was changed"
        ) from None
    except UnicodeDecodeError as error:
        raise CatalogueError(f"{shown(path)} is not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise CatalogueError(f"{shown(path)} cannot be read ({error.strerror})") from None
    cells = notebook.get("cells") if isinstance(notebook, dict) else None
    if not isinstance(cells, list) or not all(isinstance(c, dict) for c in cells):
        raise CatalogueError(
            f"{shown(path)} is JSON but not a notebook (no list of cells): restore it with "
            f"`git checkout {shown(path)}`; nothing was changed"
        )
    zh = ZH / path.name
    if zh.is_dir():
        raise CatalogueError(f"{shown(zh)} is a folder, not a notebook: remove it")
    return notebook


if __name__ == "__main__":
    sys.exit(main())
