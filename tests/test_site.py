"""The course website (``python3 course.py site``), built and opened in a real browser.

The site is built once into a temporary folder and served on 127.0.0.1 by the test (stopped
after it). Debian's Chromium (as in tests/test_browser.py) then opens every page of both
editions and checks what a reader meets: no console error, no failed request and nothing asked
of another host; no broken internal link or image; each page's language switch leads to its
twin; every ``<img>`` has real alt text; headings in order; no serious or critical violation of
axe-core (the copy bundled by ``axe-playwright-python``, pinned in requirements.txt). The search
pages find the Chinese queries (course terms and an unspaced phrase) and two English ones on
every page whose text holds them. Screenshots of one English and one Chinese page, and the
build and test times, go to artifacts/site/. In the slow tier only.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from tests.test_browser import CHROMIUM_FLAGS, chromium_or_skip
from tools import alt_text, site
from tools.notebooks import read

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts" / "site"
# (edition, query, the words a page holds to be found): every such page must be found. An
# unspaced Chinese phrase is found by its words: 隐状态的形状 on the pages with 隐状态 and 形状.
QUERIES = [
    ("zh", "隐状态", ["隐状态"]),
    ("zh", "遗忘门", ["遗忘门"]),
    ("zh", "记忆元", ["记忆元"]),
    ("zh", "隐状态的形状", ["隐状态", "形状"]),
    ("en", "forget gate", ["forget gate"]),
    ("en", "teacher forcing", ["teacher forcing"]),
]
SCREENSHOTS = {"en": "01_hidden_state.html", "zh": "01_hidden_state.html"}
SERIOUS = {"serious", "critical"}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
KERNEL_NOTE = {
    "en": "needs a running kernel: open in Colab or Binder, or run it locally",
    "zh": "需要运行中的内核：在Colab或Binder中打开，或在本地运行",
}

PAGE_FACTS = """() => {
  const main = document.querySelector('main');
  const article = document.querySelector('article');
  return {
    lang: document.documentElement.lang,
    links: Array.from(document.querySelectorAll('a[href]'), (a) => a.href),
    ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
    images: Array.from(document.images, (i) => ({
      src: i.getAttribute('src'), alt: i.getAttribute('alt'), lang: i.closest('[lang]').lang,
      loaded: i.complete && i.naturalWidth > 0})),
    headings: Array.from(main.querySelectorAll('h1, h2, h3, h4, h5, h6'),
      (h) => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]),
    switch: (document.querySelector('a.lang-switch') || {}).href || null,
    text: article ? article.innerText : '',
    notes: Array.from(document.querySelectorAll('.kernel-note'), (p) => p.innerText),
  };
}"""

# Code tokens are left out (thousands of spans, the slowest part of axe's contrast check):
# tests/test_site_build.py checks every colour of the code style against its background.
AXE_RUN = """async (tags) => {
  const result = await axe.run({exclude: [['pre.highlight > code']]},
                               {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}));
}"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The site, built once for this module; its build time is kept for the report."""
    out = tmp_path_factory.mktemp("site") / "site"
    started = time.perf_counter()
    result = site.build(out)
    result["build_s"] = round(time.perf_counter() - started, 2)
    return result


@pytest.fixture(scope="module")
def served(built):
    """Serve the built site on 127.0.0.1 (a free port); stop the server after the module."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # the test reports what matters itself
            pass

    handler = functools.partial(Quiet, directory=built["out"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    path = chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """One browser tab that records every console error, failed request and foreign host."""

    def __init__(self, browser, base: str):
        self.base = base
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self.route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.problems: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("requestfailed", self.failed)
        self.page.on("response", self.response)

    def route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith("data:"):
            route.continue_()
        else:
            self.problems.append(f"asked another host for {url}")
            route.abort()

    def console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def failed(self, request):
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def close(self):
        self.context.close()


def page_urls(built) -> list[str]:
    urls = ["index.html"]
    for code, names in built["pages"].items():
        urls += [f"{code}/{name}" for name in names] + [f"{code}/search.html"]
    return urls


@pytest.fixture(scope="module")
def walked(built, served, browser):
    """Every page opened once: what each showed, and what went wrong where."""
    axe_script = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    visit = Visit(browser, served)
    facts, problems = {}, {}
    try:
        for path in page_urls(built):
            visit.problems = []
            visit.page.goto(f"{served}/{path}", wait_until="load")
            found = visit.page.evaluate(PAGE_FACTS)
            visit.page.add_script_tag(path=str(axe_script))
            found["axe"] = visit.page.evaluate(AXE_RUN, AXE_TAGS)
            facts[path] = found
            problems[path] = list(visit.problems)
            name = SCREENSHOTS.get(path.split("/")[0])
            if name and path.endswith("/" + name):
                shot = ARTIFACTS / f"{path.replace('/', '_').removesuffix('.html')}.png"
                visit.page.screenshot(path=str(shot))
    finally:
        visit.close()
    seconds = round(time.perf_counter() - started, 2)
    timings = {"build_s": built["build_s"], "walk_s": seconds, "pages": len(facts)}
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=1) + "\n")
    print(f"\nsite: built in {built['build_s']} s; {len(facts)} pages walked in {seconds} s")
    return facts, problems


def report(failures: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(found) for page, found in failures.items())


def test_every_page_loads_with_no_error_and_nothing_from_another_host(walked):
    facts, problems = walked
    assert len(facts) >= 2 * len(site.MANIFEST) + 3
    failures = {page: found for page, found in problems.items() if found}
    assert not failures, report(failures)


def test_every_image_loads_and_has_real_alt_text_in_its_pages_language(walked):
    facts, _ = walked
    failures = {}
    for page, found in facts.items():
        bad = []
        for image in found["images"]:
            alt, src = (image["alt"] or "").strip(), image["src"] or ""
            name = Path(urlsplit(src).path).name
            if not image["loaded"]:
                bad.append(f"broken image {src}")
            if alt_text.placeholder(alt) or (name and (name in alt or Path(name).stem in alt)):
                bad.append(f"image {src}: alt {alt!r} is empty, a placeholder or a file name")
            if image["lang"] != found["lang"]:
                bad.append(f"image {src}: alt text in {image['lang']}, page in {found['lang']}")
        if bad:
            failures[page] = bad
    assert not failures, report(failures)
    shown = sum(len(f["images"]) for p, f in facts.items() if p.startswith("en/"))
    outputs = sum(len(alt_text.figures(read(site.NOTEBOOKS / n.file))) for n in site.MANIFEST)
    assert shown > outputs  # every output figure, and the figures held as attachments


def test_no_internal_link_is_broken_or_leaves_the_readers_edition(walked, served, built):
    facts, _ = walked
    out = Path(built["out"])
    broken = {}
    for page, found in facts.items():
        for link in found["links"]:
            if not link.startswith(served):
                continue
            parts = urlsplit(link)
            target = parts.path.lstrip("/") or "index.html"
            if not (out / target).is_file():
                broken.setdefault(page, []).append(f"{link}: no such page")
            elif parts.fragment and parts.fragment not in facts.get(target, {}).get("ids", []):
                broken.setdefault(page, []).append(f"{link}: no #{parts.fragment} there")
            other = {"en/": "zh/", "zh/": "en/"}.get(page[:3])
            if other and target.startswith(other) and link != found["switch"]:
                broken.setdefault(page, []).append(f"{link}: leaves the reader's edition")
    assert not broken, report(broken)


def test_the_language_switch_of_every_page_leads_to_its_twin(walked, served):
    facts, _ = walked
    wrong = {}
    for page, found in facts.items():
        if page == "index.html":
            continue
        code, name = page.split("/")
        twin = f"{'zh' if code == 'en' else 'en'}/{name}"
        if found["switch"] != f"{served}/{twin}" or twin not in facts:
            wrong[page] = [f"switch leads to {found['switch']}, not {twin}"]
        elif facts[twin]["switch"] != f"{served}/{page}":
            wrong[page] = [f"{twin} does not lead back"]
    assert not wrong, report(wrong)


def test_headings_are_in_order_on_every_page(walked):
    facts, _ = walked
    wrong = {}
    for page, found in facts.items():
        levels = [level for level, _ in found["headings"]]
        jumps = [
            f"h{a} then h{b}: {text!r}"
            for (a, _), (b, text) in zip(found["headings"], found["headings"][1:], strict=False)
            if b > a + 1
        ]
        if levels[:1] != [1] or levels.count(1) != 1 or jumps:
            wrong[page] = [f"levels {levels}"] + jumps
    assert not wrong, report(wrong)


def test_axe_finds_no_serious_or_critical_violation(walked):
    facts, _ = walked
    failures = {
        page: [
            f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}"
            for v in found["axe"]
            if v["impact"] in SERIOUS
        ]
        for page, found in facts.items()
    }
    failures = {page: found for page, found in failures.items() if found}
    assert not failures, report(failures)


def test_widgets_show_their_last_state_and_say_they_need_a_kernel(walked):
    facts, _ = walked
    for code in ("en", "zh"):
        notes = facts[f"{code}/02_gates_from_scratch.html"]["notes"]
        assert notes and all(KERNEL_NOTE[code] in note for note in notes), notes


@pytest.mark.parametrize("code, query, words", QUERIES, ids=lambda x: str(x))
def test_search_finds_every_page_that_holds_the_query(walked, served, browser, code, query, words):
    facts, _ = walked
    holding = {
        page.split("/")[1]
        for page, found in facts.items()
        if page.startswith(f"{code}/") and all(w in found["text"].lower() for w in words)
    }
    assert holding, f"no page of the {code} edition holds {query!r}: choose another query"
    visit = Visit(browser, served)
    try:
        visit.page.goto(f"{served}/{code}/search.html?q={quote(query)}")
        visit.page.wait_for_selector("#search-results[data-done]", state="attached")
        hrefs = visit.page.eval_on_selector_all("#search-results a", "(a) => a.map((x) => x.href)")
        status = visit.page.inner_text("#search-status")
    finally:
        visit.close()
    found = {urlsplit(h).path.rsplit("/", 1)[-1] for h in hrefs}
    assert all(urlsplit(h).path.startswith(f"/{code}/") for h in hrefs), hrefs
    assert holding <= found, f"{query!r}: {sorted(holding - found)} not found ({status})"
    assert not visit.problems, visit.problems


def test_code_is_copied_by_its_button(built, served, browser):
    visit = Visit(browser, served)
    visit.context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        visit.page.goto(f"{served}/en/01_hidden_state.html")
        block = visit.page.locator(".cell.code .code-block").first
        block.locator("button.copy").click()
        copied = visit.page.evaluate("() => navigator.clipboard.readText()")
        assert copied.strip() == block.locator("pre").inner_text().strip()
        assert "import torch" in copied
        assert block.locator("button.copy").inner_text() == "Copied"
    finally:
        visit.close()


def test_the_screenshots_show_both_editions_with_a_chinese_font(walked):
    for code, name in SCREENSHOTS.items():
        shot = ARTIFACTS / f"{code}_{name.removesuffix('.html')}.png"
        assert shot.exists() and shot.stat().st_size > 20_000, shot
    fonts = ""
    if shutil.which("fc-list"):
        fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip():
        reason = "no CJK font: the Chinese screenshot shows boxes (apt-get install fonts-noto-cjk)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    assert re.search(r"CJK|Han|Hei|Song|Ming", fonts), fonts[:200]
