"""The course manifest (tools/manifest.py) is the one list of notebooks; the rest agrees with it.

Adding a notebook (MAINTAINING.md) means adding it to the manifest (`python3 course.py new`
does); the README's and TEACHING's rows in both languages and notebook 00's map are written
from it by `python3 course.py tables`, and these tests name every row that is not.
"""

from __future__ import annotations

import re

import pytest

from tools import tables
from tools.manifest import NOTEBOOKS, SUITE_BUDGET_S, Notebook, notebook
from tools.notebooks import NOTEBOOKS as FOLDER
from tools.notebooks import find_notebook, notebook_paths, read

MANIFEST = "tools/manifest.py"


def test_the_manifest_lists_the_notebooks_folder_in_order():
    files = [p.name for p in notebook_paths()]
    listed = [n.file for n in NOTEBOOKS]
    assert listed == files, (
        f"{MANIFEST} lists {sorted(set(listed) - set(files)) or 'no missing file'}, the folder "
        f"has {sorted(set(files) - set(listed)) or 'nothing more'}: add a notebook with "
        '`python3 course.py new NN "Title"`, or one line per notebook to NOTEBOOKS in '
        f"{MANIFEST}, in order"
    )
    numbers = [n.number for n in NOTEBOOKS]
    assert numbers == [f"{k:02d}" for k in range(len(NOTEBOOKS))], (
        f"{MANIFEST}: numbers must run 00, 01, ... without gaps, got {numbers}"
    )
    wrong = [n.file for n in NOTEBOOKS if not n.file.startswith(f"{n.number}_")]
    assert not wrong, f"{MANIFEST}: a file name starts with its number and '_': {wrong}"


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.number)
def test_each_measured_time_fits_its_budget(entry):
    """What `bench` measured last (the docs print it) is within what `bench` allows."""
    assert 0 < entry.measured_s <= entry.budget_s, (
        f"{MANIFEST}: notebook {entry.number} measured {entry.measured_s} s against a budget of "
        f"{entry.budget_s:.0f} s: make it faster, or raise budget_s in its line (and say why)"
    )


def test_the_whole_course_fits_its_budget():
    total = sum(n.measured_s for n in NOTEBOOKS)
    assert total <= SUITE_BUDGET_S, (
        f"{MANIFEST}: the notebooks measured {total} s together, SUITE_BUDGET_S is "
        f"{SUITE_BUDGET_S:.0f} s: make them faster or raise SUITE_BUDGET_S (and say why)"
    )


@pytest.mark.parametrize("entry", NOTEBOOKS, ids=lambda n: n.number)
def test_each_notebook_opens_with_its_number_and_links_the_next(entry):
    cells = read(FOLDER / entry.file)["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    following = [n for n in NOTEBOOKS if n.number > entry.number]
    if following:
        nxt = following[0]
        link = rf"\*\*Next:\*\* \[{nxt.number} · [^\]]+\]\({re.escape(nxt.file)}\)"
        assert re.search(link, text), (
            f"notebooks/{entry.file} must link the notebook after it: write "
            f"'**Next:** [{nxt.number} · {nxt.title}]({nxt.file})' in its last cell"
        )


def test_the_docs_and_the_map_in_00_agree_with_the_manifest():
    """README, TEACHING (both languages) and 00's map: rows, headings and totals."""
    found = tables.problems()
    assert not found, "\n".join(found)


def entries(*rows: tuple[str, str, int]) -> tuple[Notebook, ...]:
    return tuple(Notebook(n, f"{n}_{t.lower()}.ipynb", t, s) for n, t, s in rows)


README = """\
| # | Notebook | What you learn | CPU time |
|---|---|---|---|
| 00 | [Start](notebooks/00_start.ipynb) | the map | 3 s |
| 01 | [Old title](notebooks/01_gates.ipynb) | gates, written by hand | 9 s |

Each notebook has a budget, the whole course 360 s (it took 12 s); more text.
"""


def test_the_tables_take_titles_and_times_from_the_manifest_and_keep_the_prose():
    doc = next(d for d in tables.DOCS if d.name == "README.md")
    course = entries(("00", "Start", 3), ("01", "Gates", 4), ("02", "Later", 5))
    text = tables.expected_doc(doc, README, course)
    assert "| 01 | [Gates](notebooks/01_gates.ipynb) | gates, written by hand | 4 s |" in text
    assert f"| 02 | [Later](notebooks/02_later.ipynb) | {tables.TO_WRITE} | 5 s |" in text
    budget = tables.manifest.SUITE_BUDGET_S
    assert f"the whole course {budget:.0f} s (it took 12 s)" in text  # 3 + 4 + 5
    assert tables.expected_doc(doc, text, course) == text  # written once, then stable
    fewer = tables.expected_doc(doc, README, course[:1])
    assert "| 01 |" not in fewer and "| 00 |" in fewer
    # the hash a Chinese twin records ignores what the manifest writes, not the prose
    retimed = tables.expected_doc(doc, README, course[:2])  # new titles and times only
    assert tables.hand_written(retimed) == tables.hand_written(README)
    assert tables.hand_written(text) != tables.hand_written(README)  # a new row to translate
    assert tables.hand_written(README) != tables.hand_written(README.replace("gates,", "g,"))


def test_a_new_chinese_section_is_the_english_marked_awaiting_translation():
    doc = next(d for d in tables.DOCS if d.name == "TEACHING.zh-CN.md")
    head = "<!-- translated -->\n\n整个课程大约用了9秒。\n\n## 为一个班级开设课程\n\n文字\n"
    course = entries(("00", "Start", 3), ("01", "Nowhere", 4))
    text = tables.expected_doc(doc, head, course)
    assert "整个课程大约用了7秒" in text
    heading = "## [01 · Nowhere](notebooks/zh/01_nowhere.ipynb)——4秒"
    assert heading in text  # no Chinese twin yet: the English title
    assert text.count(tables.AWAITING) == 2  # one section per notebook, each marked


def test_a_stale_row_is_named_with_the_line_and_the_command(monkeypatch, tmp_path):
    for doc in tables.DOCS:
        (tmp_path / doc.name).write_text((tables.ROOT / doc.name).read_text(encoding="utf-8"))
    monkeypatch.setattr(tables, "ROOT", tmp_path)
    changed = [
        Notebook(n.number, n.file, n.title, n.measured_s + (n.number == "03"), n.budget_s)
        for n in NOTEBOOKS
    ]
    monkeypatch.setattr(tables.manifest, "NOTEBOOKS", tuple(changed))
    found = "\n".join(tables.problems())
    seconds = changed[3].measured_s
    assert f"should read: | 03 | [{changed[3].title}](notebooks/{changed[3].file}) |" in found
    assert f"| {seconds} s |" in found and f"| {seconds}秒 |" in found
    assert f"## 03 · {changed[3].title} — {seconds} s" in found
    assert re.search(r"README\.md line \d+ is: \| 03 \|", found)
    assert "`python3 course.py tables`" in found


def test_a_notebook_number_is_found_written_either_way():
    assert find_notebook("5") == find_notebook("05") == FOLDER / notebook("5").file
    with pytest.raises(ValueError, match="there are 00, 01"):
        find_notebook("42")
    with pytest.raises(ValueError, match="not a notebook number"):
        find_notebook("five")
