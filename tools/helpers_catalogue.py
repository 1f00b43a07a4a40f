"""The helpers' message catalogue: what ``helpers`` says to a learner, in Chinese.

    python3 course.py translation update helpers  # every _() text of helpers/ into helpers.po
    python3 course.py translation build helpers   # compile it into helpers/locale/ (the package)
    python3 course.py translation status helpers  # every text without current Chinese

Every sentence a learner reads (raised, printed, drawn on a figure, shown on a widget) must be
marked: ``status`` and the test name any that is not (``unmarked``), except in the functions
whose source a notebook prints as lesson code. A text is marked in ``helpers/*.py`` with
``_("...")``, ``N_("...")``, ``ngettext("...", "...", n)`` or ``pgettext("context", "...")``
from ``helpers.i18n`` (its docstring shows how).
``update`` reads them with ``ast`` (never importing the helpers) and merges them into
``translations/zh/helpers.po``, the source of the Chinese, read and written with ``polib``: a
new text gets an empty entry; a changed text keeps its old Chinese, marked ``fuzzy``, with the
old English beside it; a text no helper marks any more is removed. ``build`` compiles the
catalogue into ``helpers/locale/zh/LC_MESSAGES/helpers.mo``, which the installed package reads
with the standard library's ``gettext`` (no polib at run time); it refuses what would make
the Chinese edition worse than the ``.mo`` it replaces (:func:`build`). ``tests/test_i18n.py``
fails on every problem that ``status`` lists.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import gettext
import io
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path

import polib

from tools import notebooks
from tools.catalogues import CatalogueError, read_catalogue

ROOT = Path(__file__).resolve().parents[1]
HELPERS = ROOT / "helpers"
CATALOGUE = ROOT / "translations" / "zh" / "helpers.po"
COMPILED = HELPERS / "locale" / "zh" / "LC_MESSAGES" / "helpers.mo"
COMMAND = "python3 course.py translation"
FIX = (
    f"To fix: `{COMMAND} update helpers`, translate the empty or fuzzy entries of "
    "translations/zh/helpers.po (remove each `fuzzy` flag you update), then "
    f"`{COMMAND} build helpers`."
)
# The marking functions of helpers.i18n and what their literal arguments are.
MARKERS = {
    "_": ("msgid",),
    "N_": ("msgid",),
    "ngettext": ("msgid", "msgid_plural"),
    "pgettext": ("msgctxt", "msgid"),
}
METADATA = {
    "Project-Id-Version": "lstm-notebooks helpers",
    "Language": "zh_CN",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


@dataclass
class Message:
    """One marked text and every place (``helpers/x.py:12``) that marks it."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    places: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def files(self) -> list[str]:
        return sorted({place.rsplit(":", 1)[0] for place in self.places})


def shown(path: Path) -> str:
    """``path`` relative to this module's ``ROOT`` (a test points it at a scratch copy)."""
    return notebooks.shown(path, ROOT)


def _imports_underscore(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and (node.module or "").endswith("i18n")
        and any(alias.name == "_" and alias.asname is None for alias in node.names)
        for node in ast.walk(tree)
    )


SCOPES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _own_nodes(scope: ast.AST) -> list[ast.AST]:
    """The nodes of ``scope`` outside the scopes nested in it (their own bindings are theirs)."""
    found, todo = [], list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        found.append(node)
        if not isinstance(node, SCOPES):
            todo.extend(ast.iter_child_nodes(node))
    return found


def _binds_underscore(tree: ast.Module) -> list[int]:
    """Lines where ``_`` is bound (``_, ax = ...``, ``for _ in``, a parameter) in a scope where
    that hides ``_()``: the module itself, or a function or comprehension that calls ``_()``."""
    lines = []
    for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, SCOPES))]:
        own = _own_nodes(scope)
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            own += [a for a in ast.walk(scope.args) if isinstance(a, ast.arg)]
        bound = [
            node.lineno
            for node in own
            if (isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store))
            or (isinstance(node, ast.arg) and node.arg == "_")
        ]
        calls = any(
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
            for node in ast.walk(scope)
        )
        if bound and (scope is tree or calls):
            lines += bound
    return sorted(set(lines))


def extract(folder: Path = HELPERS) -> tuple[list[Message], list[str]]:
    """Return every marked text of the ``.py`` files in ``folder`` and every marking mistake."""
    messages: dict[tuple[str | None, str], Message] = {}
    errors = []
    for path in sorted(folder.rglob("*.py")):
        rel = shown(path)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if _imports_underscore(tree):
            errors += [
                f"{rel}:{line}: `_` is bound here (`_, ax = ...`, `for _ in`), which hides the "
                "translation function _() where it is called: use another name (`fig`, `__`)"
                for line in _binds_underscore(tree)
            ]
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
            ):
                continue
            name, roles = node.func.id, MARKERS[node.func.id]
            where = f"{rel}:{node.lineno}"
            arguments = node.args[: len(roles)]
            if len(node.args) < len(roles) or node.keywords:
                errors.append(f"{where}: {name}() takes {len(roles)} positional texts")
                continue
            if any(isinstance(a, ast.JoinedStr) for a in arguments):
                errors.append(
                    f'{where}: {name}(f"...") is formatted before it is translated; write '
                    f'{name}("... {{name}} ...").format(name=...)'
                )
                continue
            literal = [isinstance(a, ast.Constant) and isinstance(a.value, str) for a in arguments]
            if not all(literal):
                if name != "_":  # _(title): a text marked elsewhere with N_(), translated here
                    errors.append(f"{where}: {name}() needs literal strings, not expressions")
                continue
            texts = dict(zip(roles, (a.value for a in arguments), strict=True))
            if not texts["msgid"].strip():
                errors.append(f"{where}: {name}() of an empty text")
                continue
            key = (texts.get("msgctxt"), texts["msgid"])
            message = messages.setdefault(
                key, Message(texts["msgid"], texts.get("msgctxt"), texts.get("msgid_plural"))
            )
            if texts.get("msgid_plural", message.msgid_plural) != message.msgid_plural:
                errors.append(f"{where}: {texts['msgid']!r} has two different plurals")
            message.places.append(where)

    def first_place(message: Message) -> tuple[str, int]:
        name, line = message.places[0].rsplit(":", 1)
        return (name, int(line))

    return sorted(messages.values(), key=first_place), errors


SHOWN_CALLS = {"print", "warn", "set_title", "set_xlabel", "set_ylabel", "suptitle", "text"}
"""Calls whose text arguments a learner reads (besides what ``raise`` says)."""
SHOWN_KEYWORDS = {"label", "description", "placeholder", "tooltip", "title", "desc"}
"""Keyword arguments (of a widget, a plot, a progress bar) whose text a learner reads."""
NOT_SHOWN = {"i18n.py", "notebook_code.py"}
"""Modules no learner reads: the language machinery itself, and the tests' notebook runner."""


def _sentence(node: ast.AST) -> bool:
    """Whether a string or f-string holds words (a word of two letters beside a space)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    return " " in text.strip() and any(len(w) > 1 and w.isalpha() for w in text.split())


def printed_functions(notebooks: Path = ROOT / "notebooks") -> set[str]:
    """The helpers' functions a notebook prints the source of (``inspect.getsource(name)``):
    lesson code, whose messages stay as the learner reads them."""
    import json
    import re

    names = set()
    for path in notebooks.glob("[0-9][0-9]_*.ipynb"):
        for cell in json.loads(path.read_text(encoding="utf-8")).get("cells", []):
            code = "".join(cell.get("source", []))
            names |= set(re.findall(r"getsource\(\s*([A-Za-z_]\w*)", code))
    return names


def unmarked(folder: Path = HELPERS) -> list[str]:
    """Every text a learner may read that is not marked for the catalogue, as "file:line: text":
    a sentence raised, printed, drawn on a figure or shown on a widget without ``_()``."""
    skip = printed_functions()
    found = []
    for path in sorted(folder.rglob("*.py")):
        if path.name in NOT_SHOWN:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for node in ast.walk(tree):
            if not _sentence(node) or isinstance(parents.get(node), ast.JoinedStr):
                continue
            chain, up = [], parents.get(node)
            while up is not None:
                chain.append(up)
                up = parents.get(up)
            if any(
                isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.func.id in MARKERS
                for p in chain
            ) or any(isinstance(p, ast.FunctionDef) and p.name in skip for p in chain):
                continue
            if isinstance(parents.get(node), ast.Expr):  # a docstring
                continue
            visible = any(isinstance(p, ast.Raise) for p in chain)
            for p in chain:
                if isinstance(p, ast.Call):
                    func = p.func
                    name = getattr(func, "id", None) or getattr(func, "attr", "")
                    visible |= name in SHOWN_CALLS and p in chain[:3]
                    visible |= any(
                        k.arg in SHOWN_KEYWORDS and (k.value is node or k.value in chain)
                        for k in p.keywords
                    )
            if visible:
                found.append((shown(path), node.lineno, ast.unparse(node)[:80]))
    return [f"{name}:{line}: {text}" for name, line, text in sorted(found)]


def load(path: Path = CATALOGUE) -> polib.POFile:
    if path.exists() or path.is_symlink():
        return read_catalogue(path)  # strictly: a quote left open is refused, not cut
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = dict(METADATA)
    return catalogue


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def _has_chinese(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(s.strip() for s in entry.msgstr_plural.values())
    return bool(entry.msgstr.strip())


def update(messages: list[Message], catalogue: polib.POFile) -> polib.POFile:
    """Merge ``messages`` into ``catalogue``: new texts empty, changed ones fuzzy, gone ones out."""
    by_key = {_key(e): e for e in catalogue if not e.obsolete}
    wanted = {m.key for m in messages}
    leftover = [e for k, e in by_key.items() if k not in wanted and _has_chinese(e)]
    for message in messages:
        entry = by_key.get(message.key)
        if entry is None:
            entry = polib.POEntry(msgid=message.msgid, msgctxt=message.msgctxt, msgstr="")
            if message.msgid_plural:
                entry.msgid_plural, entry.msgstr_plural = message.msgid_plural, {0: ""}
            close = difflib.get_close_matches(
                message.msgid, [e.msgid for e in leftover], n=1, cutoff=0.6
            )
            old = next((e for e in leftover if close and e.msgid == close[0]), None)
            if old is not None:  # the English changed: keep the old Chinese, marked fuzzy
                leftover.remove(old)
                if message.msgid_plural and old.msgid_plural:
                    entry.msgstr_plural = dict(old.msgstr_plural)
                else:
                    entry.msgstr = old.msgstr or old.msgstr_plural.get(0, "")
                    if message.msgid_plural:
                        entry.msgstr_plural = {0: entry.msgstr}
                        entry.msgstr = ""
                entry.flags = ["fuzzy"]
                entry.previous_msgid = old.previous_msgid if old.fuzzy else old.msgid
            catalogue.append(entry)
            by_key[message.key] = entry
        elif "fuzzy" in entry.flags and entry.previous_msgid == entry.msgid:  # edited, undone
            entry.flags.remove("fuzzy")
            entry.previous_msgid = None
        if entry.msgid_plural != (message.msgid_plural or ""):  # only the plural changed
            entry.msgid_plural = message.msgid_plural or ""
            entry.msgstr_plural = (
                {0: entry.msgstr_plural.get(0, entry.msgstr)} if message.msgid_plural else {}
            )
            entry.msgstr = "" if message.msgid_plural else entry.msgstr
            if "fuzzy" not in entry.flags:
                entry.flags.append("fuzzy")
                entry.previous_msgid = entry.msgid
        entry.occurrences = [(name, "") for name in message.files]
    for entry in list(catalogue):
        if _key(entry) not in wanted:
            catalogue.remove(entry)
    order = {m.key: n for n, m in enumerate(messages)}
    catalogue.sort(key=lambda e: order[_key(e)])
    catalogue.metadata = {
        **METADATA,
        **catalogue.metadata,
        "Plural-Forms": METADATA["Plural-Forms"],
    }
    return catalogue


def compiled(catalogue: polib.POFile) -> bytes:
    """The ``.mo`` bytes of ``catalogue``: its translated entries, fuzzy and empty ones left out."""
    return catalogue.to_binary()


def fields(text: str) -> list[tuple[str, str, str]] | None:
    """The named placeholders of a ``str.format`` template, sorted; None if it is no template."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    return sorted(
        (name, spec or "", conv or "") for _t, name, spec, conv in parsed if name is not None
    )


def placeholder_slips(entry: polib.POEntry) -> list[str]:
    """A sentence for each Chinese text of ``entry`` whose placeholders are not the English's
    (``{paht}`` for ``{path}``, a brace left open): formatting it would raise an error."""
    english = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    chinese = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    wanted = fields(english[-1])
    return [
        f"the Chinese of {entry.msgid!r} must keep the placeholders "
        f"{sorted({f[0] for f in wanted})} (and no others): {text!r}"
        for text in chinese
        if wanted is not None and text.strip() and fields(text) != wanted
    ]


def _missing(path: Path) -> str:
    return f"{shown(path)} does not exist: restore it with `git checkout {shown(path)}`"


def _translations(data: bytes) -> set[object]:
    """The texts a compiled catalogue gives Chinese for (its keys, the header left out)."""
    return {key for key in gettext.GNUTranslations(io.BytesIO(data))._catalog if key != ""}


def _mo_key(message: Message) -> object:
    """How a compiled catalogue (gettext's ``_catalog``) keys ``message``."""
    if message.msgid_plural:
        return (message.msgid, 0)
    return f"{message.msgctxt}\x04{message.msgid}" if message.msgctxt else message.msgid


def _compiled_translations(mo: Path) -> set[object]:
    """What the compiled catalogue ``mo`` translates (nothing when it is missing or damaged)."""
    try:
        return _translations(mo.read_bytes())
    except (OSError, ValueError):  # none yet, or not a catalogue: nothing to lose
        return set()


def build(
    path: Path = CATALOGUE,
    mo: Path = COMPILED,
    allow_untranslated: bool = False,
    folder: Path = HELPERS,
) -> str:
    """Compile ``path`` into ``mo``; return the line to print, or raise CatalogueError.

    Refused always: a Chinese text whose placeholders differ from the English's. Refused
    unless ``allow_untranslated``: a missing catalogue, one that translates nothing, and one
    that lacks Chinese that the ``.mo`` it replaces gives for a text the helpers in
    ``folder`` still mark (the catalogue lost entries).
    """
    nothing = "; nothing was written."
    allow = ", or add --allow-untranslated to build anyway" + nothing
    if not (path.exists() or path.is_symlink()) and not allow_untranslated:
        raise CatalogueError(_missing(path) + allow)
    catalogue = load(path)
    for entry in catalogue:
        if not entry.obsolete and not entry.fuzzy and (slips := placeholder_slips(entry)):
            raise CatalogueError(f"{shown(path)}, line {entry.linenum}: {slips[0]}{nothing}")
    data = compiled(catalogue)
    if not allow_untranslated:
        if not _translations(data):
            raise CatalogueError(f"{shown(path)} translates none of its texts{allow}")
        old = _compiled_translations(mo)
        marked = {_mo_key(message) for message in extract(folder)[0]}
        if lost := (old & marked) - _translations(data):
            example = next(iter(lost))
            example = example[0] if isinstance(example, tuple) else example
            raise CatalogueError(
                f"{shown(mo)} gives Chinese for {len(lost)} text(s) that {shown(path)} lacks, "
                f"such as {example.split(chr(4))[-1][:60]!r}: the catalogue lost them. Restore "
                f"it (`git checkout {shown(path)}`){allow}"
            )
    mo.parent.mkdir(parents=True, exist_ok=True)
    mo.write_bytes(data)
    return f"wrote {shown(mo)}"


def problems(folder: Path = HELPERS, path: Path = CATALOGUE, mo: Path = COMPILED) -> list[str]:
    """Every reason the helpers do not speak current Chinese, each in a sentence."""
    if not (path.exists() or path.is_symlink()) and _compiled_translations(mo):  # it was lost
        return [f"{_missing(path)}, then run status again."]
    messages, found = extract(folder)
    found += [
        f"{place}: a learner reads this, but it is not marked: write it as a template in _(), "
        "as helpers/i18n.py shows"
        for place in unmarked(folder)
    ]
    catalogue = load(path)
    by_key = {_key(e): e for e in catalogue if not e.obsolete}
    for message in messages:
        entry = by_key.get(message.key)
        where = message.places[0]
        if entry is None or not _has_chinese(entry):
            found.append(f"{where}: {message.msgid!r} has no Chinese in {shown(path)}")
            continue
        if entry.fuzzy:
            found.append(
                f"{where}: {message.msgid!r} changed since it was translated "
                f"(was {entry.previous_msgid!r}); its Chinese is marked fuzzy"
            )
            continue
        if (entry.msgid_plural or None) != message.msgid_plural:
            found.append(f"{where}: {message.msgid!r}: the catalogue's plural is not the code's")
            continue
        found += [f"{where}: {slip}" for slip in placeholder_slips(entry)]
    gone = [e.msgid for k, e in by_key.items() if k not in {m.key for m in messages}]
    if gone:
        found.append(f"{shown(path)} has {len(gone)} text(s) no helper marks any more: {gone[:3]}")
    if found:
        return [*found, FIX]
    if not mo.exists() or mo.read_bytes() != compiled(catalogue):
        found.append(
            f"{shown(mo)} is not the build of {shown(path)}: run `{COMMAND} build helpers`."
        )
    return found


def main(command: str, allow_untranslated: bool = False) -> int:
    """Run ``update``, ``build`` or ``status`` on the helpers' catalogue."""
    try:
        load()
        if command == "update" and not CATALOGUE.exists() and not allow_untranslated:
            raise CatalogueError(
                f"{_missing(CATALOGUE)}, or add --allow-untranslated to start a new one; "
                "nothing was written."
            )
        if command == "build":
            print(build(allow_untranslated=allow_untranslated))
            return 0
    except CatalogueError as error:
        print(error, file=sys.stderr)
        return 1
    if command == "update":
        messages, errors = extract()
        if errors:
            print("\n".join(errors), file=sys.stderr)
            return 1
        catalogue = update(messages, load())
        CATALOGUE.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(CATALOGUE))
        missing = sum(1 for e in catalogue if not _has_chinese(e) or e.fuzzy)
        print(f"updated {shown(CATALOGUE)}: {len(catalogue)} texts, {missing} to translate")
    else:
        found = problems()
        print("\n".join(found) if found else "the helpers' catalogue is current")
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["update", "build", "status"])
    sys.exit(main(parser.parse_args().command))
