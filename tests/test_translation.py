"""The Chinese edition (notebooks/zh/) stays in step with the English notebooks.

Each Chinese notebook is written by tools/translate.py from its English notebook (code,
metadata), the gettext catalogue translations/zh/NN_topic.po (the Chinese text) and its own run
in Chinese (the outputs: tests/test_chinese_outputs.py).
These tests fail when an English cell changed after it was translated, when a notebook has no
Chinese twin, when the committed Chinese notebook is not the build of its sources, when the
code differs other than in comments, or when a banned term of TERMINOLOGY.md is used.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tokenize
from pathlib import Path

import pytest

from tools import tables, terminology, translate  # translate needs polib, which the lock installs
from tools.notebooks import ROOT, notebook_paths

ENGLISH = notebook_paths()


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The tokens of a code cell without comments and layout (IPython magics kept as text)."""
    text = "\n".join(
        "" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")
    )
    skip = {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.INDENT,
        tokenize.DEDENT,
        tokenize.ENDMARKER,
    }
    return [
        (t.type, t.string)
        for t in tokenize.generate_tokens(io.StringIO(text).readline)
        if t.type not in skip
    ]


def twin(english: Path) -> Path:
    """The Chinese twin of ``english``; a missing one is the failure of the test just below."""
    chinese = ROOT / "notebooks" / "zh" / english.name
    if not chinese.exists():
        pytest.skip(
            f"notebooks/zh/{english.name} is missing: "
            "test_every_english_notebook_has_a_current_chinese_twin says what to run"
        )
    return chinese


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_every_english_notebook_has_a_current_chinese_twin(english):
    problems = translate.problems(english)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_the_chinese_code_is_the_english_code(english):
    """Code and comments only: the outputs are the Chinese notebook's own run
    (tests/test_chinese_outputs.py compares their numbers with the English ones)."""
    chinese = twin(english)
    en_cells, zh_cells = cells(english), cells(chinese)
    assert [c["id"] for c in zh_cells] == [c["id"] for c in en_cells]
    for number, (en, zh) in enumerate(zip(en_cells, zh_cells, strict=True)):
        assert zh["cell_type"] == en["cell_type"], f"cell {number}"
        if en["cell_type"] != "code":
            continue
        en_source, zh_source = translate.source(en), translate.source(zh)
        if translate.SETUP_TAG in en["metadata"].get("tags", []):  # the one generated cell
            en_source = translate.chinese_setup(en_source)  # its message in Chinese
        assert code_tokens(zh_source) == code_tokens(en_source), (
            f"{chinese.name} code cell {number} differs from the English beyond comments"
            + (" and the language line" if en_source.endswith(translate.SET_LANGUAGE) else "")
        )


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_the_chinese_setup_cell_and_only_it_chooses_chinese_for_the_helpers(english):
    zh_cells = cells(ROOT / "notebooks" / "zh" / english.name)
    choosing = [
        c["id"]
        for c in zh_cells
        if c["cell_type"] == "code" and 'set_language("zh")' in translate.source(c)
    ]
    setup = [c["id"] for c in zh_cells if translate.SETUP_TAG in c["metadata"].get("tags", [])]
    assert choosing == setup and len(setup) == 1, (
        f"{english.name}: the Chinese setup cell (and no other) must end with "
        f"{translate.SET_LANGUAGE.strip()!r}: run `python3 course.py translation build`"
    )


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_the_chinese_diagrams_have_chinese_text(english):
    """A diagram held as an attachment is its Chinese twin (images/zh/NAME.png) where one is
    drawn, else the English figure; each Chinese twin has its SVG source and its English one."""
    import base64

    for cell in cells(twin(english)):
        for name, data in cell.get("attachments", {}).items():
            chinese = ROOT / "images" / "zh" / name
            expected = chinese if chinese.exists() else ROOT / "images" / name
            assert base64.b64decode("".join(data["image/png"])) == expected.read_bytes(), (
                f"notebooks/zh/{english.name}: {name} is not {expected.relative_to(ROOT)}: "
                "run `python3 course.py translation build`"
            )
    for png in (ROOT / "images" / "zh").glob("*.png"):
        assert png.with_suffix(".svg").exists() and (ROOT / "images" / png.name).exists(), png


def banned_terms(text: str | None = None) -> list[str]:
    """The words of TERMINOLOGY.md's 不用 column (its fourth)."""
    text = (ROOT / "TERMINOLOGY.md").read_text(encoding="utf-8") if text is None else text
    banned = []
    for line in text.splitlines():
        columns = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(columns) == 4 and columns[3] and columns[3] not in {"不用", "---"}:
            banned += [word.strip() for word in re.split("[、,，]", columns[3]) if word.strip()]
    return banned


def test_the_banned_terms_are_the_last_column_of_terminology_md():
    table = (
        "| English | 中文 | 说明 | 不用 |\n|---|---|---|---|\n"
        "| forget gate | 遗忘门 | 门 | 忘记门、遗忘闸 |\n| cell | 记忆元 | | |\n"
    )
    assert banned_terms(table) == ["忘记门", "遗忘闸"]
    assert banned_terms(), "TERMINOLOGY.md bans nothing: its table's fourth column is 不用"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_no_chinese_notebook_uses_a_banned_term(english):
    chinese = twin(english)
    text = "\n".join(translate.source(c) for c in cells(chinese))
    used = terminology.banned_in(text)  # a term's first-use form may name a variant
    assert not used, f"{chinese.name} uses {used}: see TERMINOLOGY.md for the course's terms"


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_links_between_chinese_notebooks_stay_in_the_chinese_edition(english):
    chinese = twin(english)
    for cell in cells(chinese):
        if cell["cell_type"] != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#\s]+)", translate.source(cell)):
            if target.startswith(("http", "attachment:")):
                continue
            assert (chinese.parent / target).exists(), f"{chinese.name}: broken link {target}"
            if target.endswith(".ipynb") and not target.startswith("../"):
                assert (chinese.parent / target).parent == chinese.parent


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_each_edition_links_to_the_other(english):
    en_header = translate.source(cells(english)[0])
    zh_header = translate.source(cells(twin(english))[0])
    assert f"](zh/{english.name})" in en_header
    assert f"](../{english.name})" in zh_header
    assert f"/notebooks/zh/{english.name})" in zh_header  # its Colab badge opens the Chinese


@pytest.mark.parametrize("english", ENGLISH, ids=lambda p: p.name[:2])
def test_every_number_of_the_english_text_is_in_the_chinese(english):
    catalogue = translate.load(english)
    missing = []
    for entry in catalogue:
        if entry.msgctxt == translate.COMMENT or not entry.msgstr or "fuzzy" in entry.flags:
            continue  # a fuzzy entry is stale: the test of the twin names it
        numbers = set(re.findall(r"(?<![\w.])\d+(?:\.\d+)?", entry.msgid))
        lost = {n for n in numbers if n not in entry.msgstr}
        if lost:
            missing.append(f"cell {entry.msgctxt}: {sorted(lost)}")
    assert not missing, (
        f"{english.name}: numbers of the English missing in the Chinese: " + "; ".join(missing)
    )


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A copy of the course's notebook 05, its Chinese twin and catalogue, for update tests."""
    root = tmp_path / "course"
    (root / "notebooks" / "zh").mkdir(parents=True)
    english = ENGLISH[5]
    shutil.copy(english, root / "notebooks" / english.name)
    shutil.copy(ROOT / "notebooks" / "zh" / english.name, root / "notebooks" / "zh")
    shutil.copytree(ROOT / "translations" / "zh", root / "translations" / "zh")
    for name, value in {
        "ROOT": root,
        "NOTEBOOKS": root / "notebooks",
        "ZH": root / "notebooks" / "zh",
        "CATALOGUES": root / "translations" / "zh",
    }.items():
        monkeypatch.setattr(translate, name, value)
    return root / "notebooks" / english.name


def rewrite(path: Path, change) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    change(notebook)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def test_a_changed_english_cell_fails_with_the_cell_and_the_change(scratch):
    copy = scratch
    assert translate.problems(copy) == []
    notebook = json.loads(copy.read_text(encoding="utf-8"))
    index, cell = next(
        (n, c) for n, c in enumerate(notebook["cells"]) if c["cell_type"] == "markdown" and n > 2
    )
    first = translate.source(cell).splitlines()[0]
    cell["source"] = translate.source(cell).replace(first, first + " (revised)", 1)
    copy.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    problems = translate.problems(copy)
    report = "\n".join(problems)
    assert f"markdown cell {index} (id {cell['id']}) changed since it was translated" in report
    assert f"+{first} (revised)" in report and f"-{first}" in report
    assert "python3 course.py translation update 05" in report
    # update keeps the old Chinese as a fuzzy entry beside the old English, still reported
    translate.save(translate.update(copy), copy)
    entry = translate.load(copy).find(translate.source(cell), msgctxt=cell["id"])
    assert "fuzzy" in entry.flags and entry.previous_msgid and entry.msgstr
    assert any("changed since it was translated" in p for p in translate.problems(copy))


def test_a_notebook_without_a_chinese_twin_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(translate, "CATALOGUES", tmp_path)
    monkeypatch.setattr(translate, "ZH", tmp_path)  # no twin either: a new notebook
    problems = translate.problems(ENGLISH[0])
    assert len(problems) == 1 and "has no Chinese translation yet" in problems[0]
    assert "python3 course.py translation update 00" in problems[0]


@pytest.mark.parametrize(
    "chinese, english", [("README.zh-CN.md", "README.md"), ("TEACHING.zh-CN.md", "TEACHING.md")]
)
def test_the_chinese_readme_and_teaching_guide_translate_the_current_english(chinese, english):
    """The hash covers the hand-written text: rows written from the manifest are left out."""
    first = (ROOT / chinese).read_text(encoding="utf-8").splitlines()[0]
    recorded = re.fullmatch(rf"<!-- translated from {english} sha256:([0-9a-f]{{12}}) -->", first)
    assert recorded, f"{chinese} must start with <!-- translated from {english} sha256:... -->"
    now = tables.english_digest(ROOT / english)
    assert recorded.group(1) == now, (
        f"{english} changed since {chinese} was translated (sha256 {recorded.group(1)} -> "
        f"{now}): translate the change (`git diff` of {english}; the rows of the notebook "
        f"table and the section headings come from `python3 course.py tables`) into {chinese}, "
        f"then write the first line <!-- translated from {english} sha256:{now} -->"
    )
    for target in re.findall(r"\]\(([^)#\s]+)", (ROOT / chinese).read_text(encoding="utf-8")):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), f"{chinese}: broken link {target}"


@pytest.mark.parametrize("chinese", ["README.zh-CN.md", "TEACHING.zh-CN.md"])
def test_no_chinese_doc_has_a_line_awaiting_translation(chinese):
    """`course.py tables` writes a new notebook's row in English, marked, until translated."""
    lines = (ROOT / chinese).read_text(encoding="utf-8").splitlines()
    marked = [
        f"{chinese} line {k}: {line.replace(tables.AWAITING, '').strip()[:100]}"
        for k, line in enumerate(lines, 1)
        if tables.AWAITING in line
    ]
    assert not marked, (
        "\n".join(marked) + f"\nTo fix: write the Chinese of each line above in {chinese} "
        f"(TERMINOLOGY.md), delete its {tables.AWAITING}, then update the sha256 in its first "
        "line as the test above says"
    )


def test_update_keeps_the_chinese_of_a_cell_whose_id_changed(scratch):
    cell = next(c for c in translate.read(scratch)["cells"][3:] if c["cell_type"] == "markdown")
    chinese = translate.translated(translate.load(scratch), cell["id"], translate.source(cell))

    def new_id(notebook):
        next(c for c in notebook["cells"] if c["id"] == cell["id"])["id"] = "renamed1"

    rewrite(scratch, new_id)
    translate.save(translate.update(scratch), scratch)
    assert translate.translated(translate.load(scratch), "renamed1", translate.source(cell)) == (
        chinese
    )


def test_an_edited_comment_keeps_its_chinese_as_fuzzy_and_a_reverted_edit_is_current(scratch):
    code = next(
        c
        for c in translate.read(scratch)["cells"]
        if c["cell_type"] == "code"
        and translate.translatable({"cells": [c]})
        and translate.translatable({"cells": [c]})[0][0] == translate.COMMENT
    )
    words = translate.translatable({"cells": [code]})[0][1]

    def edit(to):
        def change(notebook):
            cell = next(c for c in notebook["cells"] if c["id"] == code["id"])
            text = translate.source(cell)
            cell["source"] = text.replace(text[text.index(words) :].split("\n")[0], to, 1)

        return change

    rewrite(scratch, edit(words + " now"))
    translate.save(translate.update(scratch), scratch)
    entry = translate.load(scratch).find(words + " now", msgctxt=translate.COMMENT)
    assert entry.msgstr and "fuzzy" in entry.flags and entry.previous_msgid == words
    assert any("changed since it was translated" in p for p in translate.problems(scratch))
    rewrite(scratch, edit(words))  # undone: the old Chinese is current again
    translate.save(translate.update(scratch), scratch)
    assert translate.translated(translate.load(scratch), translate.COMMENT, words)


def test_a_cell_that_is_not_python_is_named(scratch):
    def broken(notebook):
        cell = next(c for c in notebook["cells"] if c["cell_type"] == "code")
        cell["source"] = "x = (1,  # an open bracket\n"

    rewrite(scratch, broken)
    assert any("is not valid Python" in p for p in translate.problems(scratch))


def test_a_comment_translated_on_two_lines_is_refused(scratch):
    catalogue = translate.load(scratch)
    entry = next(e for e in catalogue if e.msgctxt == translate.COMMENT)
    entry.msgstr = "第一行\nprint('第二行')"
    translate.save(catalogue, scratch)
    assert translate.translated(translate.load(scratch), translate.COMMENT, entry.msgid) is None
    assert any("more than one line" in p for p in translate.problems(scratch))


def test_every_translated_markdown_cell_records_the_english_it_translates():
    """The guard against a catalogue losing its Chinese reads this mark on every cell."""
    import json

    for path in sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        marks = [
            c["metadata"].get("translation", {})
            for c in cells
            if c["cell_type"] == "markdown"
            and "".join(c["source"]).strip()
            and "course-header" != c.get("id")
        ]
        assert marks and all("english_sha256" in m for m in marks if m), path.name
        assert not [m for m in marks if m.get("status")], f"{path.name}: awaiting translation"
