"""Build the course as a static website, in English and in Chinese, from the committed notebooks.

    python3 course.py site [--out DIR] [--serve] [--port N]

Every notebook that ``tools/manifest.py`` lists becomes one page per edition
(``en/NN_topic.html`` from ``notebooks/``, ``zh/NN_topic.html`` from ``notebooks/zh/``), in the
course's order, from the outputs saved in the notebooks: nothing is executed. Each page has the
sidebar of its edition, previous and next links, a switch to its twin in the other edition,
launch buttons (Colab, Binder) on ``main`` of the repository named in ``pyproject.toml``, a
feedback link that opens the issue form ``.github/ISSUE_TEMPLATE/page-feedback.yml``
already filled in (page, edition, commit), and a copy button on each code cell.

- Formulas become MathML when the site is built (latex2mathml), which browsers draw without a
  script; code is highlighted by Pygments.
- Figures: image outputs and the figures held as cell attachments are written once each to
  ``images/`` (named by their content). An output figure's alt text comes from
  ``notebooks/alt/NN_topic.json`` (``tools/alt_text.py``), the Chinese from the notebook's
  catalogue; a figure without one stops the build and says where to write it.
- Widgets are drawn as they were saved (their last state), with their controls disabled and
  the note that they need a running kernel.
- Search: Pagefind's extended binary (from PyPI, ``pagefind[extended]``) indexes each
  edition by the page's language and segments Chinese, so that 隐状态 or 隐状态的形状 find
  the pages holding them. ``search.html`` of each edition queries that index in the browser.

No page loads anything from another host. Runs in .venv (``course.py site``).
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import html
import http.server
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

from latex2mathml.converter import convert as latex_to_mathml
from nbconvert.filters.ansi import ansi2html
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer, get_lexer_by_name
from pygments.util import ClassNotFound

from tools import alt_text, translate
from tools.header import HEADER_TAG, SETUP_TAG, repository_url
from tools.manifest import NOTEBOOKS as MANIFEST
from tools.notebooks import read, shown

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ASSETS = Path(__file__).resolve().parent / "site_assets"
DEFAULT_OUT = ROOT / "build" / "site"
MARKER = ".lstm-notebooks-site"  # in every folder this tool built; only such folders are cleared
FEEDBACK_FORM = "page-feedback.yml"  # in .github/ISSUE_TEMPLATE/

WORDS = {
    "en": {
        "site": "LSTM notebooks",
        "skip": "Skip to the content",
        "contents": "Notebooks",
        "search": "Search",
        "search_label": "Search the course",
        "search_title": "Search",
        "searching": "Searching…",
        "found": "{n} pages found for “{q}”.",
        "none": "No page found for “{q}”.",
        "previous": "Previous",
        "next": "Next",
        "colab": "Open in Colab",
        "binder": "Open in Binder",
        "source": "The notebook on GitHub",
        "launch": "Run this notebook",
        "feedback": "Report a problem with this page",
        "commit": "Built from commit {commit}.",
        "copy": "Copy code",
        "copied": "Copied",
        "widget": "Widget, as last saved",
        "kernel": "needs a running kernel: open in {colab} or {binder}, or run it locally",
        "switch": "中文",
        "switch_lang": "zh-CN",
        "switch_title": "这一页的中文版",
        "choose": "Choose the edition",
        "progress": "Progress",
    },
    "zh": {
        "site": "LSTM笔记本",
        "skip": "跳到正文",
        "contents": "笔记本",
        "search": "搜索",
        "search_label": "搜索本课程",
        "search_title": "搜索",
        "searching": "正在搜索……",
        "found": "找到{n}个包含“{q}”的页面。",
        "none": "没有找到包含“{q}”的页面。",
        "previous": "上一篇",
        "next": "下一篇",
        "colab": "在Colab中打开",
        "binder": "在Binder中打开",
        "source": "GitHub上的笔记本",
        "launch": "运行这个笔记本",
        "feedback": "报告这一页的问题",
        "commit": "构建自提交{commit}。",
        "copy": "复制代码",
        "copied": "已复制",
        "widget": "交互式控件（上次保存时的状态）",
        "kernel": "需要运行中的内核：在{colab}或{binder}中打开，或在本地运行",
        "switch": "English",
        "switch_lang": "en",
        "switch_title": "This page in English",
        "choose": "选择版本",
        "progress": "进度",
    },
}


class SiteError(Exception):
    """The site cannot be built as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Edition:
    code: str  # the site's folder: en, zh
    lang: str  # the pages' language (html lang), which also picks the search index
    folder: Path  # the notebooks

    @property
    def words(self) -> dict[str, str]:
        return WORDS[self.code]

    @property
    def other(self) -> str:
        return "zh" if self.code == "en" else "en"


EDITIONS = (Edition("en", "en", NOTEBOOKS), Edition("zh", "zh-CN", NOTEBOOKS / "zh"))


@dataclass(frozen=True)
class Page:
    """One notebook of one edition, as a page."""

    edition: Edition
    file: str  # NN_topic.ipynb
    nav_title: str  # the sidebar's words

    @property
    def html_name(self) -> str:
        return Path(self.file).with_suffix(".html").name

    @property
    def source(self) -> Path:
        return self.edition.folder / self.file

    @property
    def repo_path(self) -> str:
        return self.source.relative_to(ROOT).as_posix()


@dataclass
class Build:
    """What one build shares between pages: where it writes, and what it found."""

    out: Path
    repository: str  # https://github.com/OWNER/NAME
    commit: str
    images: dict[str, str] = field(default_factory=dict)  # sha256 -> file name
    warnings: list[str] = field(default_factory=list)

    def image(self, mime: str, data: str) -> str:
        """Write a figure once (named by its content); return its path from a page."""
        raw = data.encode() if mime == "image/svg+xml" else base64.b64decode(data)
        digest = hashlib.sha256(raw).hexdigest()[:20]
        suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/svg+xml": ".svg"}[mime]
        name = digest + suffix
        if digest not in self.images:
            (self.out / "images").mkdir(exist_ok=True)
            (self.out / "images" / name).write_bytes(raw)
            self.images[digest] = name
        return f"../images/{name}"


def text_of(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def plain(markdown: str) -> str:
    """A markdown line as plain words: no code ticks, emphasis or links."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[`*_]", "", text).strip()


def first_heading(notebook: dict) -> str:
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            for line in text_of(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def nav_title(edition: Edition, entry, notebook: dict) -> str:
    """The sidebar's words: the manifest's short title, or the Chinese title up to its colon."""
    if edition.code == "en":
        return f"{entry.number} · {entry.title}"
    heading = plain(first_heading(notebook))
    return re.split(r"[：:]", heading, maxsplit=1)[0].strip() or heading


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def slide_type(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# --- formulas, code -------------------------------------------------------------------------


@functools.cache
def mathml(tex: str, display: bool) -> str:
    """A formula as MathML; its TeX as code where latex2mathml cannot read it."""
    try:
        return latex_to_mathml(html.unescape(tex), display="block" if display else "inline")
    except Exception:
        return f'<code class="tex">{esc(tex)}</code>'


FORMATTER = HtmlFormatter(nowrap=True)


def highlighted(code: str, language: str = "python") -> str:
    try:
        lexer = get_lexer_by_name(language) if language != "python" else PythonLexer()
    except ClassNotFound:
        return esc(code)
    return highlight(code, lexer, FORMATTER)


def code_block(code: str, words: dict[str, str], language: str = "python") -> str:
    """A block of code, highlighted, scrollable by keyboard, with a copy button."""
    return (
        f'<div class="code-block"><button type="button" class="copy" hidden '
        f'data-copied="{esc(words["copied"])}">{esc(words["copy"])}</button>'
        f'<pre class="highlight" tabindex="0"><code>{highlighted(code.rstrip(), language)}'
        f"</code></pre></div>"
    )


# --- markdown ---------------------------------------------------------------------------------


class Markdown(IPythonRenderer):
    """nbconvert's notebook markdown (math kept whole), drawn for the site."""

    def __init__(self, page: PageWriter, attachments: dict | None = None):
        super().__init__(escape=False, exclude_anchor_links=True, attachments=attachments or {})
        self.page = page

    def block_math(self, body: str) -> str:
        return mathml(body, True)

    def multiline_math(self, text: str) -> str:
        return mathml(text.strip().strip("$"), True)

    def latex_environment(self, name: str, body: str) -> str:
        return mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", True)

    def inline_math(self, body: str) -> str:
        return mathml(body, False)

    def heading(self, text: str, level: int, **attrs) -> str:
        return f'<h{level} id="{self.page.anchor(text)}">{text}</h{level}>\n'

    def link(self, text: str, url: str, title: str | None = None) -> str:
        return super().link(text, self.page.href(url), title)

    def image(self, text: str, url: str, title: str | None = None) -> str:
        src = self.page.markdown_image(url, self.attachments)
        alt = esc(html.unescape(re.sub(r"<[^>]+>", "", text)))
        return f'<img src="{esc(src)}" alt="{alt}">'

    def block_code(self, code: str, info: str | None = None) -> str:
        language = (info or "").strip().split(" ")[0] or "text"
        return code_block(code, self.page.words, language)


# --- widgets ----------------------------------------------------------------------------------


class Widgets:
    """Saved widget state drawn as HTML: boxes, the controls (disabled), text and images."""

    BOXES = {"VBoxModel": "vbox", "HBoxModel": "hbox", "BoxModel": "vbox", "GridBoxModel": "vbox"}

    def __init__(self, page: PageWriter, state: dict):
        self.page, self.state = page, state
        self.count = 0

    def new_id(self) -> str:
        self.count += 1
        return f"w{self.page.serial()}-{self.count}"

    def control(self, label: str, control: str, control_id: str) -> str:
        """A control with its label (the widget's description, or the word "widget")."""
        label = label or self.page.words["widget"]
        return (
            f'<div class="w-control"><label for="{control_id}">{esc(label)}</label>{control}</div>'
        )

    def draw(self, model_id: str, figure_alt, seen: set[str]) -> str:
        model = self.state.get(model_id)
        if model is None or model_id in seen:
            return ""
        seen.add(model_id)
        name, s = model.get("model_name", ""), model.get("state", {})
        label = s.get("description", "") or ""
        if name in self.BOXES:
            inner = "".join(self.draw(c, figure_alt, seen) for c in alt_text.children(model))
            return f'<div class="w-box w-{self.BOXES[name]}">{inner}</div>'
        if name in ("IntSliderModel", "FloatSliderModel", "FloatLogSliderModel"):
            wid = self.new_id()
            fmt = s.get("readout_format", "d" if name == "IntSliderModel" else ".2f")
            try:
                readout = format(s.get("value", 0), fmt)
            except (TypeError, ValueError):
                readout = str(s.get("value"))
            control = (
                f'<input type="range" id="{wid}" disabled min="{s.get("min", 0)}" '
                f'max="{s.get("max", 100)}" step="{s.get("step", 1)}" value="{s.get("value", 0)}">'
                f'<output for="{wid}">{esc(readout)}</output>'
            )
            return self.control(label, control, wid)
        if name in ("DropdownModel", "SelectModel", "RadioButtonsModel", "ToggleButtonsModel"):
            wid = self.new_id()
            options = s.get("_options_labels", [])
            index = s.get("index")
            chosen = options[index] if isinstance(index, int) and index < len(options) else ""
            control = (
                f'<select id="{wid}" disabled><option selected>{esc(str(chosen))}</option></select>'
            )
            return self.control(label, control, wid)
        if name in ("TextModel", "TextareaModel", "IntTextModel", "FloatTextModel"):
            wid = self.new_id()
            control = f'<input type="text" id="{wid}" disabled value="{esc(str(s.get("value")))}">'
            return self.control(label, control, wid)
        if name in ("CheckboxModel", "ToggleButtonModel"):
            wid = self.new_id()
            checked = " checked" if s.get("value") else ""
            return (
                f'<div class="w-control"><input type="checkbox" id="{wid}" disabled{checked}>'
                f'<label for="{wid}">{esc(label)}</label></div>'
            )
        if name == "ButtonModel":
            return f'<button type="button" class="w-button" disabled>{esc(label)}</button>'
        if name in ("HTMLModel", "HTMLMathModel", "LabelModel"):
            value = str(s.get("value", ""))
            if name == "LabelModel":
                body = esc(value)
            else:
                body = self.page.with_alts(value, lambda k: figure_alt(model_id, k))
            prefix = f'<span class="w-label">{esc(label)}</span> ' if label else ""
            return f'<div class="w-html">{prefix}{body}</div>'
        if name in ("FloatProgressModel", "IntProgressModel"):
            name_ = label or self.page.words["progress"]
            return (
                f'<progress class="w-progress" max="{s.get("max", 100)}" value="'
                f'{s.get("value", 0)}" aria-label="{esc(name_)}"></progress>'
            )
        if name == "ImageModel":
            mime, data = alt_text.image_model_data(model)
            if not data:
                return ""
            return self.page.figure_img(mime, data, figure_alt(model_id, None))
        if name == "OutputModel":
            return "".join(self.page.output(o, figure_alt) for o in s.get("outputs", []))
        return ""


# --- pages ------------------------------------------------------------------------------------


class PageWriter:
    """Draws one notebook of one edition as the inside of a page."""

    def __init__(self, build: Build, page: Page, alts: dict[tuple, tuple[str, str | None]]):
        self.build, self.page = build, page
        self.words = page.edition.words
        self.alts = alts  # (cell id, output, widget model, place in HTML) -> (alt, language)
        self.ids: set[str] = set()
        self.serials = 0

    def serial(self) -> int:
        self.serials += 1
        return self.serials

    def anchor(self, heading_html: str) -> str:
        """A heading's id as Jupyter makes it (its text, spaces as hyphens), made unique."""
        text = html.unescape(re.sub(r"<[^>]+>", "", heading_html)).strip()
        base = re.sub(r"\s+", "-", text) or "section"
        anchor, n = base, 1
        while anchor in self.ids:
            n += 1
            anchor = f"{base}-{n}"
        self.ids.add(anchor)
        return esc(anchor)

    def href(self, url: str) -> str:
        """A link of a notebook, for the site: notebooks stay in the reader's edition."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return url  # a web address, or an anchor on this page
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        target = (self.page.source.parent / unquote(parts.path)).resolve()
        for edition in EDITIONS:
            if target.parent == edition.folder.resolve() and target.suffix == ".ipynb":
                if edition.code != self.page.edition.code:  # a link to the other edition:
                    edition = self.page.edition  # the reader's edition holds the same notebook
                return f"../{edition.code}/{target.with_suffix('.html').name}{fragment}"
        try:
            path = target.relative_to(ROOT).as_posix()
        except ValueError:
            return url
        return f"{self.build.repository}/blob/main/{quote(path)}{fragment}"

    def markdown_image(self, url: str, attachments: dict) -> str:
        if url.startswith("attachment:"):
            bundle = attachments.get(url.removeprefix("attachment:"), {})
            for mime in alt_text.IMAGE_TYPES:
                if mime in bundle:
                    return self.build.image(mime, text_of(bundle[mime]))
            raise SiteError(f"{shown(self.page.source)}: missing attachment {url}")
        if urlsplit(url).scheme:
            raise SiteError(
                f"{shown(self.page.source)} shows an image from another host ({url}): the site "
                "loads nothing from elsewhere; put the image in images/ and attach it"
            )
        target = (self.page.source.parent / url).resolve()
        mime = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}
        kind = mime.get(target.suffix.lower())
        if not target.exists() or kind is None:
            raise SiteError(f"{shown(self.page.source)}: image {url} not found")
        raw = target.read_bytes()
        data = raw.decode() if kind == "image/svg+xml" else base64.b64encode(raw).decode()
        return self.build.image(kind, data)

    def figure_img(self, mime: str, data: str, alt: tuple[str, str | None]) -> str:
        text, lang = alt
        lang_attr = f' lang="{lang}"' if lang else ""
        src = self.build.image(mime, data)
        return f'<img src="{esc(src)}" alt="{esc(text)}"{lang_attr}>'

    def with_alts(self, html_text: str, alt_of) -> str:
        """HTML with the alt text of each <img> set from the alt-text file (``alt_of(place)``)."""
        count = iter(range(1_000_000))

        def replace(match: re.Match) -> str:
            text, lang = alt_of(next(count))
            tag = re.sub(r"""\salt\s*=\s*("[^"]*"|'[^']*')""", "", match.group(0))
            lang_attr = f' lang="{lang}"' if lang else ""
            return f'{tag[:4]} alt="{esc(text)}"{lang_attr}{tag[4:]}'

        return alt_text.IMG_TAG.sub(replace, html_text)

    def markdown(self, source: str, attachments: dict | None = None) -> str:
        return MarkdownWithMath(renderer=Markdown(self, attachments)).render(source)

    def output(self, output: dict, figure_alt) -> str:
        kind = output.get("output_type")
        if kind == "stream":
            text = "\n".join(
                line.rsplit("\r", 1)[-1] for line in text_of(output["text"]).split("\n")
            )
            css = "stderr" if output.get("name") == "stderr" else "stdout"
            return f'<pre class="output {css}">{ansi2html(text.rstrip())}</pre>'
        if kind == "error":
            trace = "\n".join(output.get("traceback", []))
            return f'<pre class="output stderr">{ansi2html(trace)}</pre>'
        data = output.get("data", {})
        view = alt_text.widget_view(output, self.state)
        if view is not None:
            note = self.words["kernel"].format(
                colab=f'<a href="{esc(self.colab)}">Colab</a>',
                binder=f'<a href="{esc(self.binder)}">Binder</a>',
            )
            body = Widgets(self, self.state).draw(view, figure_alt, set())
            return (
                f'<div class="widget-static" role="group" aria-label="{esc(self.words["widget"])}"'
                f'><p class="kernel-note"><strong>{esc(self.words["widget"])}</strong>: {note}'
                f"</p>{body}</div>"
            )
        if "text/html" in data:
            body = self.with_alts(text_of(data["text/html"]), lambda k: figure_alt(None, k))
            return f'<div class="output html">{body}</div>'
        for mime in alt_text.IMAGE_TYPES:
            if mime in data:
                return self.figure_img(mime, text_of(data[mime]), figure_alt(None))
        if "text/markdown" in data:
            body = self.markdown(text_of(data["text/markdown"]))
            return f'<div class="output markdown">{body}</div>'
        if "text/latex" in data:
            return (
                f'<div class="output">{mathml(text_of(data["text/latex"]).strip("$"), True)}</div>'
            )
        if "text/plain" in data:
            return f'<pre class="output">{ansi2html(text_of(data["text/plain"]))}</pre>'
        return ""

    def cell(self, number: int, cell: dict) -> str:
        source = text_of(cell["source"])
        if {HEADER_TAG, SETUP_TAG} & set(tags(cell)) or not source.strip():
            return ""  # the badge and setup cell: the page has its own launch buttons
        if cell["cell_type"] == "markdown":
            body = self.markdown(source, cell.get("attachments"))
            if slide_type(cell) == "notes":
                return f'<div class="cell notes">{body}</div>'
            return f'<div class="cell markdown">{body}</div>'
        if cell["cell_type"] != "code":
            return ""
        cell_id = cell.get("id", str(number))

        def figure_alt(model_id: str | None, place: int | None = None) -> tuple[str, str | None]:
            key = (cell_id, self.output_index, model_id, place)
            if key not in self.alts:
                raise SiteError(
                    f"{shown(self.page.source)} code cell {number}: a figure that "
                    "tools/alt_text.py does not list (inside an Output widget?)"
                )
            return self.alts[key]

        outputs = []
        for index, output in enumerate(cell.get("outputs", [])):
            self.output_index = index
            outputs.append(self.output(output, figure_alt))
        out = f'<div class="outputs">{"".join(outputs)}</div>' if any(outputs) else ""
        return f'<div class="cell code">{code_block(source, self.words)}{out}</div>'

    def render(self, notebook: dict) -> str:
        self.state = alt_text.widget_state(notebook)
        self.colab, self.binder = launch_urls(self.build.repository, self.page.repo_path)
        return "\n".join(filter(None, (self.cell(n, c) for n, c in enumerate(notebook["cells"]))))


def launch_urls(repository: str, repo_path: str) -> tuple[str, str]:
    """Colab's and Binder's addresses for a notebook of the repository, on main."""
    owner_name = repository.removeprefix("https://github.com/")
    colab = f"https://colab.research.google.com/github/{owner_name}/blob/main/{quote(repo_path)}"
    binder = f"https://mybinder.org/v2/gh/{owner_name}/main?urlpath=lab/tree/{quote(repo_path)}"
    return colab, binder


def feedback_url(build: Build, page_path: str, edition: Edition, title: str) -> str:
    """The issue form, filled in with the page, its edition and the commit it was built from."""
    query = urlencode(
        {
            "template": FEEDBACK_FORM,
            "title": f"[site] {title}",
            "page": page_path,
            "edition": edition.code,
            "commit": build.commit,
        }
    )
    return f"{build.repository}/issues/new?{query}"


def alt_texts(english: Path, notebook: dict, edition: Edition) -> dict:
    """(cell id, output index, model id, place in its HTML) -> (alt text, language or None)."""
    written = alt_text.load(english)
    catalogue = translate.load(english) if edition.code == "zh" else None
    found, missing = {}, []
    for figure in alt_text.figures(notebook):
        text = written.get(figure.key, "")
        if not text.strip() or alt_text.placeholder(text):
            missing.append(figure)
            continue
        lang = None
        if catalogue is not None:
            chinese = translate.translated(catalogue, f"{alt_text.CONTEXT} {figure.key}", text)
            if chinese is None:
                lang = "en"  # the English stands in until translation status is clean
            else:
                text = chinese
        where = (figure.key.split("/")[0], figure.output_index, figure.model_id, figure.html_image)
        found[where] = (text, lang)
    if missing:
        raise SiteError("\n".join(alt_text.problems(english)))
    return found


def page_html(
    build: Build, page: Page, pages: list[Page], body: str, title: str, search: bool = False
) -> str:
    """A whole page: header, sidebar, the notebook (or the search), its neighbours, footer."""
    edition, words = page.edition, page.edition.words
    index = pages.index(page) if page in pages else None
    nav = "".join(
        f'<li><a href="{p.html_name}"'
        + (' aria-current="page"' if p is page else "")
        + f">{esc(p.nav_title)}</a></li>"
        for p in pages
    )
    twin = f"../{edition.other}/{page.html_name}"
    neighbours = ""
    tools = ""
    if index is not None:
        links = []
        if index > 0:
            prev = pages[index - 1]
            links.append(
                f'<a class="prev" rel="prev" href="{prev.html_name}"><span>{esc(words["previous"])}'
                f"</span> {esc(prev.nav_title)}</a>"
            )
        if index + 1 < len(pages):
            nxt = pages[index + 1]
            links.append(
                f'<a class="next" rel="next" href="{nxt.html_name}"><span>{esc(words["next"])}'
                f"</span> {esc(nxt.nav_title)}</a>"
            )
        neighbours = (
            f'<nav class="neighbours" aria-label="{esc(words["previous"])} / '
            f'{esc(words["next"])}">{"".join(links)}</nav>'
        )
        colab, binder = launch_urls(build.repository, page.repo_path)
        source = f"{build.repository}/blob/main/{quote(page.repo_path)}"
        tools = (
            f'<div class="launch" role="group" aria-label="{esc(words["launch"])}">'
            f'<a class="button" href="{esc(colab)}">{esc(words["colab"])}</a>'
            f'<a class="button" href="{esc(binder)}">{esc(words["binder"])}</a>'
            f'<a class="button secondary" href="{esc(source)}">{esc(words["source"])}</a></div>'
        )
    feedback = feedback_url(build, f"{edition.code}/{page.html_name}", edition, title)
    short = build.commit[:12]
    switch_lang = words["switch_lang"]
    article = f"<article data-pagefind-body>{body}</article>" if not search else body
    return f"""{head(edition.lang, f"{title} · {words['site']}", "../")}
<link rel="alternate" hreflang="{switch_lang}" href="{twin}">
<link rel="stylesheet" href="../static/code.css">
<script src="../static/site.js" defer></script>
</head>
<body>
<a class="skip" href="#main">{esc(words["skip"])}</a>
<header class="site-header">
<a class="site-title" href="{pages[0].html_name}">{esc(words["site"])}</a>
<form class="search-form" role="search" action="search.html">
<label class="visually-hidden" for="search-q">{esc(words["search_label"])}</label>
<input id="search-q" type="search" name="q">
<button type="submit">{esc(words["search"])}</button>
</form>
<a class="lang-switch" href="{twin}" hreflang="{switch_lang}" lang="{switch_lang}"
 title="{esc(words["switch_title"])}">{esc(words["switch"])}</a>
</header>
<div class="layout">
<nav class="sidebar" aria-label="{esc(words["contents"])}"><ol>{nav}</ol></nav>
<main id="main">
{tools}
{article}
{neighbours}
</main>
</div>
<footer class="site-footer">
<a href="{esc(feedback)}">{esc(words["feedback"])}</a>
<span>{esc(words["commit"].format(commit=short))}</span>
</footer>
</body>
</html>
"""


def head(lang: str, title: str, root: str) -> str:
    """The start of a page, up to its own links in <head> (``root``: the way to the site's top;
    no favicon request)."""
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{root}static/site.css">"""


def search_body(edition: Edition) -> str:
    words = edition.words
    return f"""<h1>{esc(words["search_title"])}</h1>
<p id="search-status" role="status" data-searching="{esc(words["searching"])}"
 data-found="{esc(words["found"])}" data-none="{esc(words["none"])}"></p>
<ol id="search-results" class="search-results"></ol>
<script type="module" src="../static/search.js"></script>"""


def index_html(pages: dict[str, list[Page]]) -> str:
    en, zh = WORDS["en"], WORDS["zh"]
    return f"""{head("en", f"{en['site']} · {zh['site']}", "")}
</head>
<body>
<main id="main" class="choose">
<h1>{esc(en["site"])} <span lang="zh-CN">· {esc(zh["site"])}</span></h1>
<p>An interactive course on LSTMs and GRUs in PyTorch.
<span lang="zh-CN">用PyTorch学习LSTM和GRU的交互式课程。</span></p>
<ul class="editions">
<li><a href="en/{pages["en"][0].html_name}" hreflang="en">English</a></li>
<li><a href="zh/{pages["zh"][0].html_name}" hreflang="zh-CN" lang="zh-CN">中文</a></li>
</ul>
</main>
</body>
</html>
"""


def git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def prepare(out: Path) -> None:
    """Empty ``out`` for a new build: only a folder this tool built, or an empty one."""
    if out.exists():
        if not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists()):
            raise SiteError(
                f"{out} exists and was not built by `course.py site`: choose another --out "
                "(the build empties its folder first)"
            )
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("built by python3 course.py site\n")
    (out / ".nojekyll").write_text("")  # GitHub Pages: serve the files as they are


def pagefind(out: Path) -> None:
    """Index the pages with Pagefind's extended binary (Chinese segmentation)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SiteError(
            "Pagefind's extended binary is missing: `python3 course.py setup` installs it "
            "(pagefind[extended] in requirements.txt)"
        ) from None
    done = subprocess.run(
        [str(get_executable()), "--site", str(out), "--output-subdir", "pagefind"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not (out / "pagefind" / "pagefind.js").exists():
        raise SiteError("Pagefind failed:\n" + done.stdout + done.stderr)


def build(out: Path = DEFAULT_OUT, commit: str | None = None) -> dict:
    """Build the whole site into ``out``; return what it holds and how long it took."""
    start = time.perf_counter()
    out = out.resolve()
    missing = [
        shown(edition.folder / entry.file)
        for edition in EDITIONS
        for entry in MANIFEST
        if not (edition.folder / entry.file).exists()
    ]
    if missing:
        raise SiteError(
            "notebooks listed in tools/manifest.py are missing: "
            + ", ".join(missing)
            + " (a Chinese twin is written by `python3 course.py translation build NN`)"
        )
    problems = [p for entry in MANIFEST for p in alt_text.problems(NOTEBOOKS / entry.file)]
    if any("has no alt text" in p or "not what it shows" in p for p in problems):
        raise SiteError("Figures without alt text:\n" + "\n".join(problems))
    prepare(out)
    shutil.copytree(ASSETS, out / "static")
    (out / "static" / "code.css").write_text(FORMATTER.get_style_defs(".highlight"))
    site = Build(out, repository_url(), commit or git_commit())
    notebooks = {
        (e.code, entry.file): read(e.folder / entry.file) for e in EDITIONS for entry in MANIFEST
    }
    pages = {
        e.code: [Page(e, m.file, nav_title(e, m, notebooks[(e.code, m.file)])) for m in MANIFEST]
        for e in EDITIONS
    }
    for edition in EDITIONS:
        folder = out / edition.code
        folder.mkdir()
        for page in pages[edition.code]:
            notebook = notebooks[(edition.code, page.file)]
            alts = alt_texts(NOTEBOOKS / page.file, notebook, edition)
            writer = PageWriter(site, page, alts)
            body = writer.render(notebook)
            title = plain(first_heading(notebook)) or page.nav_title
            text = page_html(site, page, pages[edition.code], body, title)
            (folder / page.html_name).write_text(text, encoding="utf-8")
        search = Page(edition, "search.ipynb", edition.words["search_title"])
        text = page_html(
            site, search, pages[edition.code], search_body(edition), search.nav_title, True
        )
        (folder / "search.html").write_text(text, encoding="utf-8")
    (out / "index.html").write_text(index_html(pages), encoding="utf-8")
    pagefind(out)
    seconds = time.perf_counter() - start
    return {
        "out": str(out),
        "pages": {code: [p.html_name for p in listed] for code, listed in pages.items()},
        "figures": len(site.images),
        "commit": site.commit,
        "seconds": round(seconds, 2),
    }


def serve(out: Path, port: int) -> None:
    """Serve the built site on 127.0.0.1 until Ctrl-C."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        host, real_port = server.server_address[:2]
        print(f"serving {shown(out)} at http://{host}:{real_port}/ (Ctrl-C stops)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def port(text: str) -> int:
    """argparse type: a port, 1 to 65535 (checked before the site is built)."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number such as 8000")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course.py site", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=DEFAULT_OUT,
        help=f"default: {shown(DEFAULT_OUT)}",
    )
    parser.add_argument("--serve", action="store_true", help="then serve it on 127.0.0.1")
    parser.add_argument("--port", type=port, default=8000, help="for --serve (default 8000)")
    args = parser.parse_args(argv)
    try:
        result = build(args.out)
    except SiteError as error:
        print(error, file=sys.stderr)
        return 1
    count = sum(len(p) for p in result["pages"].values())
    print(
        f"built {count} pages ({len(result['pages'])} editions) and {result['figures']} figures "
        f"into {shown(Path(result['out']))} in {result['seconds']:.1f} s; open "
        f"{shown(Path(result['out']))}/index.html through a server: --serve",
        flush=True,
    )
    if args.serve:
        serve(Path(result["out"]), args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
