"""The helpers speak the notebook's language: every marked text has its Chinese, and it is used.

The texts are marked in helpers/ with _(), N_(), ngettext() and pgettext() (helpers/i18n.py);
`python3 course.py translation update helpers` collects them into translations/zh/helpers.po
and `... build helpers` compiles that into helpers/locale/, which the package ships.
"""

from __future__ import annotations

import gettext
import textwrap
from pathlib import Path

import pytest

from helpers import data, i18n
from helpers.i18n import N_, _, ngettext, sentences
from tools import helpers_catalogue

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test starts in English, whatever the calling shell chose."""
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    monkeypatch.setattr(i18n, "_chosen", None)


def test_every_marked_text_of_the_helpers_has_current_chinese():
    """Names the text, its file:line and the commands that fix it."""
    problems = helpers_catalogue.problems()
    assert not problems, "\n".join(problems)


def test_the_catalogue_marks_something_and_every_text_is_translated():
    messages, errors = helpers_catalogue.extract()
    assert not errors
    assert len(messages) >= 50  # the data loaders' errors and how-to texts, at least
    catalogue = helpers_catalogue.load()
    assert all(entry.msgstr or entry.msgstr_plural for entry in catalogue)


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A helpers folder of one module and an empty catalogue, for the maintainer tool."""
    folder = tmp_path / "helpers"
    folder.mkdir()
    monkeypatch.setattr(helpers_catalogue, "ROOT", tmp_path)
    po, mo = tmp_path / "helpers.po", tmp_path / "helpers.mo"

    def write(code: str) -> None:
        (folder / "lesson.py").write_text(textwrap.dedent(code), encoding="utf-8")

    def run() -> list[str]:
        return helpers_catalogue.problems(folder, po, mo)

    def update() -> None:
        messages, errors = helpers_catalogue.extract(folder)
        assert not errors
        helpers_catalogue.update(messages, helpers_catalogue.load(po)).save(str(po))

    def translate(chinese: dict[str, str]) -> None:
        catalogue = helpers_catalogue.load(po)
        for entry in catalogue:
            if entry.msgid in chinese:
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: chinese[entry.msgid]}
                else:
                    entry.msgstr = chinese[entry.msgid]
                entry.flags = [f for f in entry.flags if f != "fuzzy"]
        catalogue.save(str(po))

    def build() -> None:
        mo.write_bytes(helpers_catalogue.compiled(helpers_catalogue.load(po)))

    return write, run, update, translate, build, po, mo


def test_a_new_text_fails_with_the_text_its_place_and_the_commands(scratch):
    write, run, update, translate, build, po, mo = scratch
    write(
        """\
        from helpers.i18n import _, ngettext

        def f(n):
            print(_("Not answered yet: replace None with your answer."))
            return ngettext("{n} step", "{n} steps", n).format(n=n)
        """
    )
    report = "\n".join(run())
    assert "helpers/lesson.py:4: 'Not answered yet: replace None with your answer.'" in report
    assert "has no Chinese" in report
    assert "python3 course.py translation update helpers" in report
    assert "python3 course.py translation build helpers" in report
    update()
    translate({"Not answered yet: replace None with your answer.": "还没有作答。"})
    assert any("'{n} step' has no Chinese" in p for p in run())
    translate({"{n} step": "{n}步"})
    assert any("is not the build of" in p for p in run())
    build()
    assert run() == []
    with open(mo, "rb") as handle:
        chinese = gettext.GNUTranslations(handle)
    assert chinese.gettext("Not answered yet: replace None with your answer.") == "还没有作答。"
    assert chinese.ngettext("{n} step", "{n} steps", 5) == "{n}步"


def test_a_changed_text_keeps_its_old_chinese_as_fuzzy(scratch):
    write, run, update, translate, build, po, mo = scratch
    write('from helpers.i18n import _\nprint(_("The forget gate is closed."))\n')
    update()
    translate({"The forget gate is closed.": "遗忘门是关着的。"})
    build()
    assert run() == []
    write('from helpers.i18n import _\nprint(_("The forget gate is almost closed."))\n')
    update()
    entry = helpers_catalogue.load(po).find("The forget gate is almost closed.")
    assert entry.fuzzy and entry.msgstr == "遗忘门是关着的。"
    assert entry.previous_msgid == "The forget gate is closed."
    assert any("changed since it was translated" in p for p in run())


def test_placeholders_must_survive_the_translation(scratch):
    write, run, update, translate, build, po, mo = scratch
    write(
        "from helpers.i18n import _\n"
        'print(_("got {value!r} for {name}").format(value=1, name="x"))\n'
    )
    update()
    translate({"got {value!r} for {name}": "{name}收到了{value}"})
    assert any("must keep the placeholders" in p for p in run())
    translate({"got {value!r} for {name}": "{name}收到了{value!r}"})
    build()
    assert run() == []


@pytest.mark.parametrize(
    "code, says",
    [
        ('from helpers.i18n import _\nx = 3\nprint(_(f"{x} steps"))\n', 'lesson.py:3: _(f"...")'),
        ("from helpers.i18n import _\n_, ax = 1, 2\n", "lesson.py:2: `_` is bound here"),
        ("from helpers.i18n import _\nfor _ in range(3):\n    pass\n", "lesson.py:2: `_` is bound"),
        (
            "from helpers.i18n import _\ndef f():\n    _, ax = 1, 2\n    return _('a')\n",
            "lesson.py:3: `_` is bound",
        ),
        ('from helpers.i18n import N_\nTITLE = N_("a" + "b")\n', "needs literal strings"),
    ],
)
def test_marking_mistakes_are_named_with_their_place(scratch, code, says):
    write, run, *_rest = scratch
    write(code)
    assert any(says in problem for problem in run()), run()


def test_a_function_that_binds_underscore_but_never_calls_it_is_fine(scratch):
    write, run, *_rest = scratch
    write(
        """\
        from helpers.i18n import _

        def shapes(lstm, x):
            output, (h_n, _) = lstm(x)
            return [0 for _ in range(3)]

        def message():
            return _("Not answered yet.")
        """
    )
    assert not any("is bound" in problem for problem in run())


def test_a_text_marked_with_n_is_translated_where_it_is_shown(scratch):
    write, run, update, translate, build, po, mo = scratch
    write(
        """\
        from helpers.i18n import N_, _

        TITLE = N_("Gates over time")

        def show(title=TITLE):
            return _(title)
        """
    )
    messages, errors = helpers_catalogue.extract(po.parent / "helpers")
    assert [m.msgid for m in messages] == ["Gates over time"] and not errors


def test_the_language_comes_from_the_notebook_then_the_environment(monkeypatch):
    message = "{path} does not exist"
    assert i18n.language() == "en" and _(message) == message
    monkeypatch.setenv(i18n.LANG_ENV, "zh_CN.UTF-8")
    assert i18n.language() == "zh" and _(message) == "{path}不存在"
    i18n.set_language("en")  # the notebook's choice wins over the lab's variable
    assert _(message) == message
    i18n.set_language("zh")
    with i18n.using("en"):
        assert _(message) == message
    assert _(message) == "{path}不存在"
    with pytest.raises(ValueError, match="language must be one of 'en', 'zh'; got 'fr'"):
        i18n.set_language("fr")


def test_a_direction_is_its_own_field_so_the_chinese_names_it_in_chinese():
    from helpers.checks import check_top_layer_states

    def swapped(h_n, num_layers, bidirectional):  # backward first: wrong in both languages
        top = list(h_n[-2:] if bidirectional else h_n[-1:])
        return tuple(reversed(top))

    with pytest.raises(AssertionError) as english:
        check_top_layer_states(swapped)
    assert "forward is not the top layer's final forward state" in str(english.value)
    i18n.set_language("zh")
    try:
        with pytest.raises(AssertionError) as chinese:
            check_top_layer_states(swapped)
    finally:
        i18n.set_language("en")
    text = str(chinese.value).split("(num_layers")[0]
    assert text.startswith("你返回的正向状态与最上层正向的最终状态不符")
    assert "forward" not in text and "backward" not in text


def test_an_unknown_language_in_the_environment_is_english_with_a_warning(monkeypatch):
    monkeypatch.setenv(i18n.LANG_ENV, "klingon")
    with pytest.warns(UserWarning, match="LSTM_NOTEBOOKS_LANG='klingon'"):
        assert i18n.language() == "en"


def test_the_helpers_mark_their_texts_and_sentences_join_per_language():
    assert N_("anything") == "anything"
    assert ngettext("{n} file", "{n} files", 1) == "{n} file"
    assert ngettext("{n} file", "{n} files", 2) == "{n} files"
    assert sentences("One.", "", "Two.") == "One. Two."
    i18n.set_language("zh")
    assert sentences("一。", "二。") == "一。二。"


def test_a_data_error_speaks_chinese_in_a_chinese_notebook(tmp_path, monkeypatch):
    monkeypatch.delenv(data.DATA_ENV, raising=False)
    i18n.set_language("zh")
    with pytest.raises(data.DataError) as error:
        data.ewt_file("dev", tmp_path)
    message = str(error.value)
    assert "en_ewt-ud-dev.conllu不存在（data_dir=" in message
    assert "要用本地副本" in message and data.MIRROR_ENV in message
    with pytest.raises(ValueError, match="split必须是train, dev, test之一"):
        data.ewt_file("valid")


def test_a_sentence_a_learner_reads_must_be_marked(scratch):
    write, run = scratch[:2]
    write(
        """
        def check(x):
            if x < 0:
                raise ValueError(f"x must be positive, got {x}")
            print("Correct: a fine number.")
            ax.set_title("loss")  # one word: a name, not a sentence
        """
    )
    found = [p for p in run() if "not marked" in p]
    assert [p.split(": ")[0] for p in found] == ["helpers/lesson.py:4", "helpers/lesson.py:5"]


def test_the_lesson_code_a_notebook_prints_keeps_its_english():
    """06 and 12 print train_recall's and the scan's source: the learner reads that code."""
    assert {"train_recall", "parallel_scan_log"} <= helpers_catalogue.printed_functions()


def notebook_calls() -> list[tuple[str, str, object]]:
    """(notebook, helper, text node) for each text a notebook passes to a helper to show: the
    options and explanation of check_choice, the title of a figure."""
    import ast
    import json

    found = []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            code = "".join(cell["source"]) if cell["cell_type"] == "code" else ""
            code = "\n".join(
                "" if s.lstrip().startswith(("%", "!")) else s for s in code.split("\n")
            )
            try:
                tree = ast.parse(code)
            except SyntaxError:
                continue
            for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", "")
                texts = []
                if name == "check_choice":
                    options = [
                        *call.args[1:2],
                        *(k.value for k in call.keywords if k.arg == "options"),
                    ]
                    texts += [v for o in options if isinstance(o, ast.Dict) for v in o.values]
                    texts += [k.value for k in call.keywords if k.arg == "why"]
                elif name.startswith("plot_"):
                    texts += [k.value for k in call.keywords if k.arg == "title"]
                found += [(path.name[:2], name, t) for t in texts]
    return found


def test_every_text_a_notebook_passes_to_a_helper_to_show_has_chinese():
    """A title such as f"... on {device.type}" matches a template of helpers/plots.py."""
    import ast

    from helpers.plots import SHOWN

    calls = notebook_calls()
    assert len(calls) >= 10  # 03's and 12's choices, the titles of 01, 02, 03, 06, 07, 11, 12
    missing = []
    for number, helper, node in calls:
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "cpu" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue  # a name: a word (10's title is the word pronounced)
        with i18n.using("zh"):
            chinese = i18n.translated(text, SHOWN)
        if chinese == text:
            missing.append(f"{number} {helper}: {text!r}")
    assert not missing, (
        "texts that notebooks pass to a helper have no Chinese: " + "; ".join(missing) + ". Mark "
        "each with N_() (helpers/plots.py SHOWN, or helpers/checks.py CHOICES), then "
        "`python3 course.py translation update helpers`, translate, `... build helpers`"
    )
