"""Write every per-notebook row of the docs from the manifest (tools/manifest.py).

    python3 course.py tables           # rewrite the rows, headings and totals below
    python3 course.py tables --check   # exit 1, naming each stale row, if one would change

The manifest holds each notebook's number, file, title, budget and measured seconds. From it
this writes:

- the notebook table of ``README.md`` and ``README.zh-CN.md`` (number, linked title, seconds);
- the ``## NN · Title — S s`` section headings of ``TEACHING.md`` and ``TEACHING.zh-CN.md``;
- the map in notebook 00 (number and linked title);
- the totals these docs print (the whole course's budget and measured seconds).

The "what you learn" cells and the sections' text are written by hand and kept. A notebook
new to the manifest gets a row and a section with text to be written; in the Chinese docs that
text is the English one, marked ``<!-- awaiting translation -->`` (the translation test names
each marked line). A Chinese title is the title cell of the notebook's Chinese twin
(``notebooks/zh/``), so it follows the catalogue. Standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools import manifest
from tools.manifest import Notebook
from tools.notebooks import NOTEBOOKS, read, write

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python3 course.py tables"
AWAITING = "<!-- awaiting translation -->"
TO_WRITE = "*to be written*"
ROW = re.compile(r"^\| (\d\d) \|")  # a table row that starts with a notebook number


@dataclass(frozen=True)
class Doc:
    """How one document spells the per-notebook facts."""

    name: str  # file name in the course folder
    chinese: bool
    row: Callable[[Notebook], str]  # the linked title cell of its table
    seconds: str  # "{} s" or "{}秒"
    heading: Callable[[Notebook], str] | None = None  # TEACHING's section heading
    totals: tuple[str, ...] = ()  # patterns with groups named budget and/or measured


def chinese_title(entry: Notebook) -> str:
    """The title line of the notebook's Chinese twin without '# ', or the English one."""
    path = NOTEBOOKS / "zh" / entry.file
    if path.exists():
        for cell in read(path)["cells"]:
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and text.startswith("# "):
                return text.splitlines()[0][2:].strip()
    return f"{entry.number} · {entry.title}"


DOCS = (
    Doc(
        "README.md",
        False,
        lambda n: f"[{n.title}](notebooks/{n.file})",
        "{} s",
        totals=(r"the whole course (?P<budget>\d+) s \(it took (?P<measured>\d+) s\)",),
    ),
    Doc(
        "README.zh-CN.md",
        True,
        lambda n: f"[{chinese_title(n)}](notebooks/zh/{n.file})",
        "{}秒",
        totals=(r"整个课程的预算为(?P<budget>\d+)秒（实际用了(?P<measured>\d+)秒）",),
    ),
    Doc(
        "TEACHING.md",
        False,
        lambda n: "",
        "{} s",
        heading=lambda n: f"## {n.number} · {n.title} — {n.measured_s} s",
        totals=(r"The whole course took about\s+(?P<measured>\d+) s there",),
    ),
    Doc(
        "TEACHING.zh-CN.md",
        True,
        lambda n: "",
        "{}秒",
        heading=lambda n: f"## [{chinese_title(n)}](notebooks/zh/{n.file})——{n.measured_s}秒",
        totals=(r"整个课程大约用了(?P<measured>\d+)秒",),
    ),
)
HEADING_NUMBER = re.compile(r"^## \[?(\d\d) · ")


def cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_rows(
    lines: list[str],
    entries: tuple[Notebook, ...],
    title: Callable[[Notebook], str],
    seconds: str,
    chinese: bool,
) -> list[str]:
    """The notebook table's rows rewritten: number, title and seconds from the manifest."""
    old = {cells(line)[0]: cells(line) for line in lines if ROW.match(line)}
    english = None
    rows = []
    for entry in entries:
        found = old.get(entry.number)
        if found is not None:
            middle = found[2:-1] if seconds else found[2:]
        elif chinese:  # the English row's text, until it is translated
            english = english if english is not None else english_descriptions()
            middle = [f"{english.get(entry.number, TO_WRITE)} {AWAITING}"]
        else:
            middle = [TO_WRITE]
        row = [entry.number, title(entry), *middle]
        if seconds:
            row.append(seconds.format(entry.measured_s))
        rows.append("| " + " | ".join(row) + " |")
    return rows


def english_descriptions() -> dict[str, str]:
    """The 'what you learn' cell of each row of README.md's table, by notebook number."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return {cells(line)[0]: cells(line)[2] for line in text.splitlines() if ROW.match(line)}


def replace_rows(lines: list[str], rows: list[str]) -> list[str]:
    """``lines`` with their first run of numbered table rows replaced by ``rows``."""
    start = next((k for k, line in enumerate(lines) if ROW.match(line)), None)
    if start is None:
        raise ValueError("no table row starting with a notebook number ('| 00 |')")
    end = start
    while end < len(lines) and ROW.match(lines[end]):
        end += 1
    return lines[:start] + rows + lines[end:]


def teaching_sections(lines: list[str], doc: Doc, entries: tuple[Notebook, ...]) -> list[str]:
    """TEACHING's notebook sections in manifest order, each under its heading from the manifest."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.startswith("## "):
            blocks.append([])
        blocks[-1].append(line)
    head, rest = blocks[0], blocks[1:]
    numbered = {}
    first = None
    kept = []
    for block in rest:
        match = HEADING_NUMBER.match(block[0])
        if match:
            numbered[match.group(1)] = block[1:]
            first = len(kept) if first is None else first
        else:
            kept.append(block)
    first = len(kept) if first is None else first
    english = None
    sections = []
    for entry in entries:
        body = numbered.get(entry.number)
        if body is None:
            if doc.chinese:
                english = english if english is not None else english_sections()
                text = english.get(entry.number, f"- **Goals:** {TO_WRITE}")
                body = ["", f"{text} {AWAITING}", ""]
            else:
                body = ["", f"- **Goals:** {TO_WRITE}", ""]
        sections.append([doc.heading(entry), *body])
    ordered = kept[:first] + sections + kept[first:]
    return head + [line for block in ordered for line in block]


def english_sections() -> dict[str, str]:
    """The text of each notebook section of TEACHING.md, by number (for a new Chinese one)."""
    lines = (ROOT / "TEACHING.md").read_text(encoding="utf-8").split("\n")
    found, number = {}, None
    for line in lines:
        if line.startswith("## "):
            match = HEADING_NUMBER.match(line)
            number = match.group(1) if match else None
            if number:
                found[number] = []
        elif number:
            found[number].append(line)
    return {k: "\n".join(v).strip() for k, v in found.items()}


def with_totals(text: str, doc: Doc, entries: tuple[Notebook, ...]) -> str:
    """``text`` with each total of ``doc`` (budget, measured seconds) from the manifest."""
    values = {
        "budget": f"{manifest.SUITE_BUDGET_S:.0f}",
        "measured": str(sum(n.measured_s for n in entries)),
    }

    def replaced(match: re.Match) -> str:
        whole, start = match.group(0), match.start()
        for name in sorted(match.groupdict(), key=match.start, reverse=True):
            a, b = match.start(name) - start, match.end(name) - start
            whole = whole[:a] + values[name] + whole[b:]
        return whole

    for pattern in doc.totals:
        text, count = re.subn(pattern, replaced, text)
        if count != 1:
            raise ValueError(f"{doc.name}: expected one total matching {pattern!r}, found {count}")
    return text


def expected_doc(doc: Doc, text: str, entries: tuple[Notebook, ...] | None = None) -> str:
    """``text`` (the file ``doc.name``) with its per-notebook facts from the manifest."""
    entries = manifest.NOTEBOOKS if entries is None else entries
    lines = text.split("\n")
    if doc.heading is None:
        rows = table_rows(lines, entries, doc.row, doc.seconds, doc.chinese)
        lines = replace_rows(lines, rows)
    else:
        lines = teaching_sections(lines, doc, entries)
    return with_totals("\n".join(lines), doc, entries)


def map_cell(notebook: dict) -> dict:
    """The markdown cell of notebook 00 that holds the map (its rows start '| 01 |')."""
    for cell in notebook["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.search(r"^\| 01 \|", text, re.MULTILINE):
            return cell
    raise ValueError("notebook 00 has no map: a markdown cell with rows such as '| 01 | ...'")


def expected_map(text: str, entries: tuple[Notebook, ...] | None = None) -> str:
    """The map cell's text with every row after 00's linked from the manifest."""
    entries = manifest.NOTEBOOKS if entries is None else entries
    lines = text.split("\n")
    first = next((line for line in lines if ROW.match(line) and line.startswith("| 00 |")), None)

    def title(entry: Notebook) -> str:
        return f"[{entry.title}]({entry.file})"

    rows = table_rows(lines, entries, title, "", chinese=False)
    if first is not None:
        rows[0] = first  # 00 names itself ("this one"), unlinked
    return "\n".join(replace_rows(lines, rows))


def hand_written(text: str) -> str:
    """``text`` without what this module writes: what a translation of it must follow.

    The Chinese README and TEACHING record a hash of this, so a new measured time or title
    from the manifest does not ask for a new translation; new hand-written text does.
    """
    lines = []
    for line in text.split("\n"):
        if ROW.match(line):
            parts = cells(line)
            line = "| " + " | ".join([parts[0], *parts[2:-1]]) + " |"
        elif HEADING_NUMBER.match(line):
            line = line[: HEADING_NUMBER.match(line).end()]
        lines.append(line)
    text = "\n".join(lines)
    for doc in DOCS:
        for pattern in doc.totals:
            text = re.sub(pattern, "", text)
    return text


def english_digest(path: Path) -> str:
    """The 12-hex SHA-256 a Chinese doc records of its English source's hand-written text."""
    text = path.read_text(encoding="utf-8")
    return hashlib.sha256(hand_written(text).encode()).hexdigest()[:12]


def difference(name: str, now: str, wanted: str) -> list[str]:
    """One line per stale row: where it is, what it says and what the manifest says."""
    found = []
    old, new = now.split("\n"), wanted.split("\n")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        where = f"{name} line {a0 + 1}"
        if tag in ("replace", "delete"):
            for k in range(a0, a1):
                found.append(f"{name} line {k + 1} is: {old[k]}")
        for k in range(b0, b1):
            found.append(f"{where} should read: {new[k]}")
    return found


def plan(entries: tuple[Notebook, ...] | None = None) -> list[tuple[Path, str, str]]:
    """(path, current text, wanted text) for every doc, the map of 00 last."""
    out = []
    for doc in DOCS:
        path = ROOT / doc.name
        text = path.read_text(encoding="utf-8")
        out.append((path, text, expected_doc(doc, text, entries)))
    entries = manifest.NOTEBOOKS if entries is None else entries
    path = NOTEBOOKS / entries[0].file
    cell = map_cell(read(path))
    text = "".join(cell["source"])
    out.append((path, text, expected_map(text, entries)))
    return out


def problems() -> list[str]:
    """Every per-notebook row, heading or total that differs from the manifest, and the fix."""
    found = []
    for path, now, wanted in plan():
        if now != wanted:
            name = path.relative_to(ROOT).as_posix()
            if path.suffix == ".ipynb":
                name += " (its map cell)"
            found += difference(name, now, wanted)
    if found:
        found.append(
            f"To fix: `{COMMAND}` writes these from tools/manifest.py (change a title or a time "
            "there, never in the docs); then translate what it marked"
        )
    return found


def write_all() -> list[str]:
    """Rewrite every stale doc and 00's map; return the names of the files written."""
    from tools.slides import with_slides

    written = []
    for path, now, wanted in plan():
        if now == wanted:
            continue
        if path.suffix == ".ipynb":
            notebook = read(path)
            map_cell(notebook)["source"] = wanted.splitlines(keepends=True)
            write(path, with_slides(notebook))
        else:
            path.write_text(wanted, encoding="utf-8")
        written.append(path.relative_to(ROOT).as_posix())
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="course.py tables", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) if found else "every table agrees with tools/manifest.py")
        sys.exit(1 if found else 0)
    written = write_all()
    for name in written:
        print(f"wrote {name}")
    print(f"{len(written)} file(s) written from tools/manifest.py")
    if any(name.endswith(".ipynb") for name in written):
        number = manifest.NOTEBOOKS[0].number
        print(
            f"Notebook {number}'s map changed: `python3 course.py translation update {number}`, "
            f"translate the fuzzy entry, then `python3 course.py translation build {number}`."
        )
    marked = [
        doc.name
        for doc in DOCS
        if doc.chinese and AWAITING in (ROOT / doc.name).read_text(encoding="utf-8")
    ]
    if marked:
        print(f"Lines marked {AWAITING} await their Chinese in: {', '.join(marked)}.")


if __name__ == "__main__":
    main()
