"""The language of what the helpers say: self-checks, widgets, figures, the doctor, data errors.

English is the default. A Chinese notebook's setup cell calls ``set_language("zh")``; the
environment variable ``LSTM_NOTEBOOKS_LANG=zh`` (``python3 course.py lab --lang zh`` sets it)
chooses Chinese where no notebook has chosen, so one kernel opens both editions.

Mark every text a learner can see, in the helpers, like this::

    from helpers.i18n import N_, _, ngettext, sentences

    raise ValueError(_("{name} must be a positive integer, got {value!r}").format(
        name="hidden_size", value=value))
    ngettext("{count} word", "{count} words", count).format(count=count)
    sentences(_("The file is missing."), how_to)  # " " in English, "" in Chinese
    TITLE = N_("Gates over time")  # marked where defined (import time) ...
    ax.set_title(_(TITLE))         # ... translated where shown

The template is translated first and formatted after, so a translation may move the named
placeholders (``{name}``) but keeps each one; code identifiers stay as they are. The Chinese
lives in ``translations/zh/helpers.po``; ``python3 course.py translation update helpers`` adds
new texts to it and ``python3 course.py translation build helpers`` compiles it into
``helpers/locale/`` (what the installed package reads, with the standard library's gettext).
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import os
import re
import string
import warnings
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

LANG_ENV = "LSTM_NOTEBOOKS_LANG"
LANGUAGES = ("en", "zh")
DOMAIN = "helpers"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_chosen: str | None = None  # set_language's choice; None: the environment variable decides
_within: ContextVar[str | None] = ContextVar("lstm_notebooks_language", default=None)


def _normalise(language: str) -> str | None:
    """Return "en" or "zh" for a language name such as ``zh``, ``zh_CN``, ``zh-CN.UTF-8``."""
    code = language.strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def set_language(language: str) -> None:
    """Make the helpers speak ``language``: ``"en"`` (English) or ``"zh"`` (Chinese)."""
    global _chosen
    code = _normalise(language) if isinstance(language, str) else None
    if code is None:
        raise ValueError(
            f"language must be one of {', '.join(map(repr, LANGUAGES))}; got {language!r}"
        )
    _chosen = code


def language() -> str:
    """Return the language in force: ``"en"`` or ``"zh"``."""
    inside = _within.get()
    if inside is not None:
        return inside
    if _chosen is not None:
        return _chosen
    wanted = os.environ.get(LANG_ENV, "").strip()
    if not wanted:
        return "en"
    code = _normalise(wanted)
    if code is None:
        warnings.warn(
            f"{LANG_ENV}={wanted!r} is not one of {', '.join(LANGUAGES)}; using English",
            stacklevel=2,
        )
        return "en"
    return code


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Speak ``language`` inside a ``with`` block (a figure without a CJK font: English)."""
    code = _normalise(language)
    if code is None:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {language!r}")
    token = _within.set(code)
    try:
        yield
    finally:
        _within.reset(token)


@functools.cache
def catalogue(language: str) -> gettext.NullTranslations:
    """Return the compiled catalogue of ``language`` (English: the texts as written)."""
    if language == "en":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    except OSError:  # a checkout whose catalogue was never built: English, said once
        warnings.warn(
            f"no {language} catalogue in {LOCALE_DIR}; the helpers speak English. "
            "Run `python3 course.py translation build helpers`.",
            stacklevel=3,
        )
        return gettext.NullTranslations()


@functools.lru_cache(maxsize=4096)
def _fields(template: str) -> tuple[tuple[str, str, str], ...] | None:
    """The named placeholders of a ``str.format`` template, sorted (None: it is no template)."""
    try:
        parsed = string.Formatter().parse(template)
        return tuple(sorted((n, s or "", c or "") for _t, n, s, c in parsed if n is not None))
    except ValueError:  # a brace left open
        return None


def _kept(english: tuple[str, ...], chinese: str) -> str:
    """``chinese``, or ``english[0]`` where the translation lost or changed a placeholder
    (formatting it would raise KeyError in place of the helper's own message)."""
    if chinese in english or any(_fields(e) == _fields(chinese) for e in english):
        return chinese
    return english[0]


def _(message: str) -> str:
    """Return ``message`` in the current language (``message`` itself where it has none)."""
    return _kept((message,), catalogue(language()).gettext(message))


def N_(message: str) -> str:
    """Return ``message`` unchanged: marks a text for the catalogue, translated later by ``_``."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the template for ``count`` things in the current language (format it after)."""
    chosen = catalogue(language()).ngettext(singular, plural, count)
    return _kept((plural, singular) if count != 1 else (singular, plural), chosen)


def sentences(*parts: str) -> str:
    """Join sentences as the current language does: a space in English, nothing in Chinese."""
    glue = "" if language() == "zh" else " "
    return glue.join(part.strip() for part in parts if part and part.strip())


def pgettext(context: str, message: str) -> str:
    """Like ``_``, for a short text whose Chinese depends on where it is (``context``)."""
    return _kept((message,), catalogue(language()).pgettext(context, message))


@functools.cache
def _pattern(template: str) -> re.Pattern[str] | None:
    """A regular expression that matches what ``template.format(...)`` makes, or None."""
    parts = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for literal, name, _spec, _conversion in parsed:
        parts.append(re.escape(literal))
        if name is not None:
            if not name.isidentifier() or f"(?P<{name}>" in "".join(parts):
                return None
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


def translated(text: str, templates: Iterable[str] = ()) -> str:
    """Return ``text``, which a notebook passed to a helper, in the current language.

    ``_(text)`` where the catalogue has ``text`` itself; else, where ``text`` was made by
    formatting one of ``templates`` (texts marked with ``N_``, such as ``"on {device}"``), that
    template's translation formatted with the same values; else ``text`` as it is (a name such
    as ``LSTM`` stays).
    """
    shown = _(text)
    if shown != text or language() == "en":
        return shown
    for template in templates:
        pattern = _pattern(template)
        match = pattern.fullmatch(text) if pattern is not None else None
        if match is not None:
            return _(template).format(**match.groupdict())
    return text
