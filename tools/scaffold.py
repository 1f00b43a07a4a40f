"""Add a notebook to the course: ``python3 course.py new NN "Title"``.

Writes everything a new notebook needs to pass the structure tests, so that only the lesson
itself and its Chinese text are left to write:

1. ``notebooks/NN_title.ipynb`` from a template with the lesson structure (title, **You will
   learn**, **Before this:**, a section in its own cell, a speaker note, a summary, an exercise
   with a hint, a solution and a self-check, **Next:**), its header (badge, setup cell) and
   slide metadata; the notebook before it now links it as **Next:**, and it inherits that
   notebook's old **Next:** line;
2. its line in ``tools/manifest.py``, with the seconds its first run took;
3. its outputs (run once, as ``course.py execute NN`` does);
4. its rows in README.md, README.zh-CN.md, TEACHING.md, TEACHING.zh-CN.md and notebook 00's
   map (``course.py tables``; Chinese rows in English, marked as awaiting translation);
5. its catalogue ``translations/zh/NN_title.po`` and Chinese twin: text that another
   catalogue already translates the same way (the setup cell's comments, "## Exercises") is
   reused, the rest stays English in the twin until translated. Notebook 00 and the notebook
   before it are updated too: their changed cells are marked fuzzy.

``python3 course.py translation status`` (and ``tests/test_translation.py``) then lists
exactly what is left to translate. Runs inside the course's environment (nbclient, polib).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import math
import re
from pathlib import Path

from tools import manifest
from tools.notebooks import NOTEBOOKS, normalise_number, read, shown, write

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "tools" / "manifest.py"
TO_WRITE = "*to be written*"
NEXT = re.compile(r"\*\*Next:\*\*.*", re.DOTALL)


def file_name(number: str, title: str) -> str:
    """``NN_words_of_the_title.ipynb``: lower-case ASCII words joined by underscores."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    if not words:
        raise ValueError(f"the file name needs a title with Latin letters or digits: {title!r}")
    return f"{number}_{'_'.join(words)}.ipynb"


def cell_id(file: str, index: int) -> str:
    return hashlib.sha256(f"{file}:{index}".encode()).hexdigest()[:8]


def markdown(text: str, *tags: str) -> dict:
    metadata = {"tags": list(tags)} if tags else {}
    return {"cell_type": "markdown", "metadata": metadata, "source": text}


def code(text: str) -> dict:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": text,
    }


def template(entry: manifest.Notebook, previous: manifest.Notebook, ending: str) -> dict:
    """The new notebook's cells: the lesson structure that the tests check, text to be written."""
    cells = [
        markdown(
            f"# {entry.number} · {entry.title}\n\n"
            f"The question this notebook answers, in two sentences: {TO_WRITE}.\n\n"
            f"**You will learn**\n- {TO_WRITE}.\n\n"
            f"**Before this:** [{previous.number} · {previous.title}]({previous.file})."
        ),
        code(
            "import torch\n\n"
            "from helpers.checks import check_choice\n"
            "from helpers.device import pick_device, seed_everything\n\n"
            "device = pick_device()\n"
            "seed_everything(0)"
        ),
        markdown(f"## 1. The first idea\n\nOne idea, then the code that shows it: {TO_WRITE}."),
        code("x = torch.zeros(2, 3, device=device)  # (batch, features)\nprint(tuple(x.shape))"),
        markdown(
            f"> **Teaching note.** A question to ask before running the cell above: {TO_WRITE}.",
            "speaker-notes",
        ),
        markdown(f"## Summary\n\n- {TO_WRITE}."),
        markdown("## Exercises"),
        markdown(
            "**1.** Which shape did the first cell print? (a) `(2, 3)`; (b) `(3, 2)`.\n\n"
            "*Hint:* the comment beside `torch.zeros` names the dimensions.\n\n"
            "<details><summary>Solution</summary>\n\n"
            "`'a'`: two rows (the batch) of three features.\n</details>"
        ),
        code(
            "my_answer = None  # 'a' or 'b'\n"
            'check_choice(my_answer, {"a": "(2, 3)", "b": "(3, 2)"}, correct="a",\n'
            '             why="torch.zeros(2, 3) has 2 rows of 3 features.")'
        ),
        markdown(ending),
    ]
    for index, cell in enumerate(cells):
        cell["id"] = cell_id(entry.file, index)
        cell["source"] = cell["source"].splitlines(keepends=True)
    notebook = read(NOTEBOOKS / previous.file)
    return {
        "cells": cells,
        "metadata": {k: v for k, v in notebook["metadata"].items() if k != "widgets"},
        "nbformat": notebook["nbformat"],
        "nbformat_minor": notebook["nbformat_minor"],
    }


def relink(previous: dict, entry: manifest.Notebook) -> str:
    """Point ``previous``'s **Next:** at ``entry``; return the **Next:** text it had."""
    for cell in reversed(previous["cells"]):
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and (match := NEXT.search(text)):
            link = f"**Next:** [{entry.number} · {entry.title}]({entry.file}): {TO_WRITE}."
            cell["source"] = (text[: match.start()] + link).splitlines(keepends=True)
            return match.group(0)
    raise ValueError("the notebook before has no **Next:** line to point at the new one")


def add_to_manifest(entry: manifest.Notebook) -> None:
    """Insert ``entry``'s line at the end of NOTEBOOKS in tools/manifest.py."""
    text = MANIFEST.read_text(encoding="utf-8")
    end = re.search(r"^\)\nSUITE_BUDGET_S", text, re.MULTILINE)
    if end is None:
        raise ValueError(f"{shown(MANIFEST)}: NOTEBOOKS must end with ')' before SUITE_BUDGET_S")
    line = f'    Notebook("{entry.number}", "{entry.file}", "{entry.title}", {entry.measured_s}),\n'
    MANIFEST.write_text(text[: end.start()] + line + text[end.start() :], encoding="utf-8")


def set_measured(entry: manifest.Notebook, seconds: int) -> None:
    text = MANIFEST.read_text(encoding="utf-8")
    old = f'"{entry.file}", "{entry.title}", {entry.measured_s}),'
    MANIFEST.write_text(text.replace(old, old.replace(f"{entry.measured_s})", f"{seconds})")))


def create(number: str, title: str) -> manifest.Notebook:
    """Write the notebook, relink the one before, add the manifest line; return its entry."""
    number = normalise_number(number)
    title = " ".join(title.split())
    if not title or "|" in title or "]" in title:
        raise ValueError(f"a title is words without '|' or ']': got {title!r}")
    following = f"{int(manifest.NOTEBOOKS[-1].number) + 1:02d}"
    if number != following:
        raise ValueError(
            f"the next notebook is {following} (the one after the manifest's last), "
            f'not {number}: run `python3 course.py new {following} "{title}"`'
        )
    entry = manifest.Notebook(number, file_name(number, title), title, 1)
    previous = manifest.NOTEBOOKS[-1]
    before = read(NOTEBOOKS / previous.file)
    ending = relink(before, entry)
    from tools.header import repository_url, with_header

    notebook = with_header(template(entry, previous, ending), entry.file, repository_url())
    write(NOTEBOOKS / entry.file, notebook)
    write(NOTEBOOKS / previous.file, before)
    add_to_manifest(entry)
    return entry


def translate_new(entry: manifest.Notebook, others: list[Path]) -> None:
    """Write the catalogues and Chinese twins of the new notebook and of ``others``."""
    from tools import translate

    path = NOTEBOOKS / entry.file
    known: dict[str, set[str]] = {}  # English text -> its Chinese in the other catalogues
    for catalogue in sorted(translate.CATALOGUES.glob("*.po")):
        for item in translate.polib.pofile(str(catalogue), wrapwidth=0):
            if item.msgstr and "fuzzy" not in item.flags and not item.obsolete:
                known.setdefault(item.msgid, set()).add(item.msgstr)
    catalogue = translate.update(path)
    reused = 0
    for item in catalogue:
        chinese = known.get(item.msgid, set())
        if not item.msgstr and len(chinese) == 1:  # one translation, not two rivals
            item.msgstr = chinese.pop()
            reused += 1
    translate.save(catalogue, path)
    for other in others:
        translate.save(translate.update(other), other)
    for english in [*others, path]:
        write(translate.ZH / english.name, translate.build(english))
    left = len([i for i in catalogue if not i.msgstr])
    where = shown(translate.catalogue_path(path))
    print(f"wrote {where}: {reused} entries reused from the other catalogues, {left} to translate")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="course.py new", description=__doc__.split("\n")[0])
    parser.add_argument("number", metavar="NN", help="the next number, such as 13")
    parser.add_argument("title", help='the short title of the README\'s table, such as "Attention"')
    args = parser.parse_args(argv)
    try:
        entry = create(args.number, args.title)
    except ValueError as error:
        parser.error(str(error))
    previous = manifest.NOTEBOOKS[-1]
    print(f"wrote notebooks/{entry.file}; notebooks/{previous.file} links it as **Next:**")
    from tools.execute import execute_notebook

    seconds = max(1, math.ceil(execute_notebook(NOTEBOOKS / entry.file, save=True)))
    set_measured(entry, seconds)
    print(f"ran it in {seconds} s: tools/manifest.py has its line")
    importlib.reload(manifest)  # the new line, for the tables and the slides
    from tools import slides, tables

    for name in tables.write_all():
        print(f"wrote {name}")
    for path in (NOTEBOOKS / entry.file, NOTEBOOKS / previous.file):
        write(path, slides.with_slides(read(path)))
    translate_new(entry, [NOTEBOOKS / manifest.NOTEBOOKS[0].file, NOTEBOOKS / previous.file])
    print(
        f"\nNext: write the lesson (every '{TO_WRITE}'), then `python3 course.py execute "
        f"{entry.number}`, `python3 course.py bench {entry.number}` (its seconds into "
        "tools/manifest.py), `python3 course.py tables`, `python3 course.py slide-metadata`; "
        "`python3 course.py translation status` lists what is left to translate "
        "(MAINTAINING.md, 'Adding a notebook')."
    )


if __name__ == "__main__":
    main()
