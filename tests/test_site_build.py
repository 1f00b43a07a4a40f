"""The course website's parts that need no browser: links, launch buttons, the feedback form,
the colours of code. The site itself, built and opened in Chromium: tests/test_site.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from pygments.token import Token

from tools import site

ROOT = Path(__file__).resolve().parents[1]
CODE_BACKGROUND = "#f8f8f8"  # .code-block pre in tools/site_assets/site.css


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of a #rgb or #rrggbb colour."""
    hex_ = colour.lstrip("#")
    if len(hex_) == 3:
        hex_ = "".join(c * 2 for c in hex_)
    channels = [int(hex_[k : k + 2], 16) / 255 for k in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_of_highlighted_code_is_readable():
    """Each token colour of the Pygments style against the code background: at least 4.5:1
    (WCAG AA). The browser test leaves code tokens out of axe's run, which this covers."""
    style = site.FORMATTER.style
    css = (ROOT / "tools" / "site_assets" / "site.css").read_text()
    assert f"background: {CODE_BACKGROUND}" in css
    low = {
        str(token): (colour, round(contrast("#" + colour, CODE_BACKGROUND), 2))
        for token, properties in style
        if token is not Token.Text.Whitespace  # spaces: nothing to read
        and (colour := properties["color"])
        and contrast("#" + colour, CODE_BACKGROUND) < 4.5
    }
    assert not low, low


def test_the_feedback_link_fills_the_fields_of_the_issue_form():
    form = (ROOT / ".github" / "ISSUE_TEMPLATE" / site.FEEDBACK_FORM).read_text()
    ids = set(re.findall(r"^\s+id: ([\w-]+)$", form, re.MULTILINE))
    build = site.Build(Path("/nowhere"), "https://github.com/o/n", "abc123")
    url = site.feedback_url(build, "zh/01_x.html", site.EDITIONS[1], "01 · 隐状态")
    assert url.startswith("https://github.com/o/n/issues/new?template=page-feedback.yml&")
    filled = set(re.findall(r"[?&]([\w-]+)=", url)) - {"template", "title"}
    assert filled == {"page", "edition", "commit"} <= ids
    assert "what-happened" in ids and "edition=zh" in url and "commit=abc123" in url


def test_links_between_notebooks_stay_in_the_readers_edition():
    build = site.Build(Path("/nowhere"), "https://github.com/o/n", "abc")
    en, zh = site.EDITIONS
    english = site.PageWriter(build, site.Page(en, "01_hidden_state.ipynb", "01"), {})
    chinese = site.PageWriter(build, site.Page(zh, "01_hidden_state.ipynb", "01"), {})
    assert english.href("02_gates_from_scratch.ipynb") == "../en/02_gates_from_scratch.html"
    assert english.href("zh/02_gates_from_scratch.ipynb#x") == "../en/02_gates_from_scratch.html#x"
    assert chinese.href("02_gates_from_scratch.ipynb") == "../zh/02_gates_from_scratch.html"
    assert chinese.href("../02_gates_from_scratch.ipynb") == "../zh/02_gates_from_scratch.html"
    assert english.href("../TEACHING.md") == "https://github.com/o/n/blob/main/TEACHING.md"
    assert chinese.href("../../TEACHING.zh-CN.md").endswith("/blob/main/TEACHING.zh-CN.md")
    assert english.href("#section") == "#section"
    assert english.href("https://arxiv.org/abs/1") == "https://arxiv.org/abs/1"


def test_launch_buttons_open_the_notebook_on_main():
    colab, binder = site.launch_urls("https://github.com/o/n", "notebooks/zh/01_x.ipynb")
    assert colab == "https://colab.research.google.com/github/o/n/blob/main/notebooks/zh/01_x.ipynb"
    assert binder == "https://mybinder.org/v2/gh/o/n/main?urlpath=lab/tree/notebooks/zh/01_x.ipynb"
