"""A real browser opens notebooks in JupyterLab, runs them, and moves their sliders.

This proves the widgets work for a learner, not only inside a kernel: notebook 01's shape
explorer (in English and in the Chinese edition), notebook 02's gate playground (in English,
and in Chinese with its self-checks and figures), notebook 06's memory explorer and notebook
08's unit explorer. The test needs Debian's
Chromium (``apt-get install chromium``) and skips with a reason where it is absent, except in
CI (``CI`` set), where a missing browser is a failure.

nbval runs every cell of every notebook once, in a kernel without a front end; a widget moves
only in a live kernel, so each test runs its notebook again in JupyterLab, with Restart & Run
All. Only the cells its widget needs are run (``needs=`` in its ``notebook`` marker:
``tools.notebooks.code_slice`` keeps the setup cell, the cells named and, going back, the
cells that bind or may bind the names they read): notebook 08's unit explorer, for one, needs
the tagger trained, not the probes of its first half. Notebook 01 runs whole, twice: once for
all its views (notebook, saved slides walked step by step at a projector's size, the slideshow
run live), once as its Chinese twin, from notebooks/zh/. A run that raises stops the test at
once, with the error.
The tests share one JupyterLab (each with a fresh copy of its notebook, its kernels shut down
after it). In the slow tier only.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest

from helpers.gate_playground import gate_playground_traces
from helpers.memory_explorer import memory_summary_html
from helpers.shapes import lstm_parameter_count
from tools.notebooks import ROOT, code_slice

pytestmark = pytest.mark.slow

NOTEBOOKS = ROOT / "notebooks"
SCREENSHOTS = ROOT / "artifacts" / "browser"
# In what IPython shows of an error a cell raised: a traceback, or a syntax error's place.
TRACEBACK = ("Traceback (most recent call last)", "Cell In[")
RUN_MS = 1000 * int(os.environ.get("BROWSER_RUN_TIMEOUT_S", "240"))  # more on a loaded machine
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in (
        os.environ.get("CHROMIUM_PATH"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_or_skip() -> str:
    """Chromium's path; without one, skip (a failure in CI, where the browser tests must run)."""
    path = find_chromium()
    if path is None:
        reason = "Chromium not found: install Debian's chromium or set CHROMIUM_PATH"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the browser test)")
        pytest.skip(reason)
    return path


@pytest.fixture
def chromium() -> str:
    return chromium_or_skip()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One JupyterLab on 127.0.0.1 for this file's tests (each opens its own notebook copy).

    Yields (base URL, token, the folder it serves, its workspaces folder); stopped after the
    last test.
    """
    tmp_path = tmp_path_factory.mktemp("lab")
    work = tmp_path / "work"
    home = tmp_path / "home"
    (work / "notebooks").mkdir(parents=True)
    user_settings = home / ".jupyter" / "lab" / "user-settings"
    for plugin, values in {
        "apputils-extension/notification": {"fetchNews": "false"},  # no news pop-up
        "notebook-extension/tracker": {"windowingMode": "none"},  # render every cell
    }.items():
        path = user_settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTER_DATA_DIR": str(home / ".local" / "share" / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
    }
    env.pop("MPLBACKEND", None)  # figures inline, as a learner sees them (conftest sets Agg)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={work}",
        f"--LabApp.user_settings_dir={user_settings}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n" + (tmp_path / "lab.log").read_text())
                time.sleep(0.5)
        yield base, token, work, home / "workspaces"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def api(base: str, token: str, path: str, method: str = "GET") -> object:
    request = urllib.request.Request(f"{base}{path}?token={token}", method=method)
    with urllib.request.urlopen(request, timeout=20) as answer:
        body = answer.read()
    return json.loads(body) if body else None


@pytest.fixture
def lab(request, server):
    """A fresh copy of the test's notebook (outputs cleared) in the shared JupyterLab; its URL.

    The notebook's name comes from the test's ``notebook`` marker, and with ``needs=[code, ...]``
    the copy holds only the code cells that code needs (``code_slice``). Afterwards every kernel
    is shut down and the saved layout forgotten, so the next test starts from a server as new.
    """
    base, token, work, workspaces = server
    marker = request.node.get_closest_marker("notebook")
    name = marker.args[0]
    # Nothing else is copied: figures are attachments and result tables ship in helpers.
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    if "needs" in marker.kwargs:
        notebook = nbformat.from_dict(code_slice(notebook, marker.kwargs["needs"]))
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    (work / "notebooks" / name).parent.mkdir(parents=True, exist_ok=True)  # zh/NN_topic.ipynb
    nbformat.write(notebook, work / "notebooks" / name)
    yield f"{base}/lab/tree/notebooks/{name}?token={token}"
    for session in api(base, token, "/api/sessions"):
        api(base, token, f"/api/sessions/{session['id']}", method="DELETE")
    for saved in workspaces.glob("*"):  # the layout: the next page opens its notebook alone
        saved.unlink()


@contextmanager
def restarted_and_run(chromium: str, url: str, ready: str, screenshot: str):
    """Open ``url`` in Chromium, Restart & Run All, wait for ``ready`` and idle; yield the page.

    The copy has no stored outputs, so the ``ready`` element exists only once the run made it.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        page.set_default_timeout(90_000)
        try:
            page.goto(url)
            idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle)
            page.locator(".jp-StatusBar-Widget", has_text="| Idle").wait_for()
            page.wait_for_timeout(1000)  # let the kernel's first connection settle
            page.click("[data-command='notebook:restart-run-all']")
            page.click(".jp-Dialog .jp-mod-accept")
            error = ", ".join(f".jp-OutputArea-output:has-text('{t}')" for t in TRACEBACK)
            page.wait_for_selector(f"{ready}, {error}", state="attached", timeout=RUN_MS)
            stopped_at_an_error(page, error)
            page.wait_for_selector(idle, timeout=RUN_MS)  # the cells after it, on a busy CPU
            stopped_at_an_error(page, error)
            yield page
            page.wait_for_selector(idle)  # the last redraw has finished
            page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"))
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / f"{screenshot}_failure.png"), full_page=True)
            raise
        finally:
            browser.close()


def stopped_at_an_error(page, error: str) -> None:
    """Run All stops at a cell that raised: fail at once, with what it showed."""
    if page.locator(error).count():
        raise AssertionError(page.locator(error).first.inner_text())


def slider(page, description: str):
    """Return the ipywidgets slider whose label is ``description``."""
    return page.locator(".widget-slider", has=page.locator("label", has_text=description))


def press(page, locator, key: str, times: int) -> None:
    locator.scroll_into_view_if_needed()
    locator.locator(".noUi-handle").focus()
    for _ in range(times):
        page.keyboard.press(key)


def move_hidden_size_and_check_the_shapes(page) -> None:
    """In 01's shape explorer (either edition): hidden_size 3 -> 6 updates the count and shapes."""
    from playwright.sync_api import expect

    explorer = page.locator(".lstm-explorer")
    explorer.scroll_into_view_if_needed()
    count = explorer.locator(".lstm-param-count")
    output = explorer.locator("[data-name='output']")
    h_n = explorer.locator("[data-name='h_n']")
    # The notebook opens the explorer at input 5, hidden 3, 2 layers, seq_len 4, batch 2.
    expect(count).to_have_text(f"{lstm_parameter_count(5, 3, 2):,}")
    expect(output).to_have_text("(4, 2, 3)")
    hidden = slider(page, "hidden_size")
    press(page, hidden, "ArrowRight", 3)
    expect(hidden.locator(".widget-readout")).to_have_text("6")
    expect(count).to_have_text(f"{lstm_parameter_count(5, 6, 2):,}")
    expect(output).to_have_text("(4, 2, 6)")
    expect(h_n).to_have_text("(2, 2, 6)")
    explorer.scroll_into_view_if_needed()


@pytest.mark.notebook("zh/01_hidden_state.ipynb")
def test_the_chinese_notebook_runs_and_its_slider_moves_in_jupyterlab(chromium, lab):
    """The Chinese edition's own file, opened from notebooks/zh/: text Chinese, widget live.

    Its code is the English notebook's (tests/test_translation.py), so this second run of 01
    checks what only a browser shows: the Chinese notebook opens, runs and its widget moves.
    """
    from playwright.sync_api import expect

    with restarted_and_run(chromium, lab, ".lstm-explorer", "zh_01_shape_explorer") as page:
        expect(page.locator(".jp-MarkdownOutput h1").first).to_contain_text("隐状态")
        move_hidden_size_and_check_the_shapes(page)


@pytest.mark.notebook("02_gates_from_scratch.ipynb", needs=["gate_playground(forget"])
def test_forget_slider_redraws_the_gate_playground(chromium, lab):
    from playwright.sync_api import expect

    with restarted_and_run(chromium, lab, ".gate-summary", "02_gate_playground") as page:
        summary = page.locator(".gate-summary")
        summary.scroll_into_view_if_needed()
        # Opens at forget 0.9, input 1, output 1, one pulse: c_19 = 0.9**19.
        expected = gate_playground_traces(0.9, 1.0, 1.0, "pulse")
        expect(summary).to_contain_text(f"c = {expected['c'][-1]:.3f}")
        plot = page.locator("img.gate-plot")
        before = plot.get_attribute("src")
        forget = slider(page, "forget f")
        press(page, forget, "ArrowRight", 2)  # steps of 0.05: 0.9 -> 1.0
        expect(forget.locator(".widget-readout")).to_have_text("1.00")
        expect(summary).to_contain_text("c = 1.000")
        expect(plot).not_to_have_attribute("src", before)
        press(page, forget, "Home", 1)  # forget = 0 wipes the memory
        expect(summary).to_contain_text("c = 0.000, h = 0.000")


@pytest.mark.notebook(
    "zh/02_gates_from_scratch.ipynb",
    needs=["plot_gates(", "def shared_gate_cell", "gate_playground(forget", "check_lstm_cell(my_"],
)
def test_the_chinese_02_shows_chinese_checks_controls_and_figures(chromium, lab):
    """The Chinese 02 speaks Chinese where a learner looks: a self-check's reminder and the
    check's diagnosis of the shared-gate mistake, the gate playground's controls and read-out,
    and figures drawn with a CJK font (fonts-noto-cjk): matplotlib warned of no missing glyph.
    Screenshots of the playground and of the gates' heatmap go to artifacts/browser/."""
    from playwright.sync_api import expect

    with restarted_and_run(chromium, lab, ".gate-summary", "zh_02_notebook") as page:
        outputs = page.locator(".jp-OutputArea-output")
        expect(outputs.filter(has_text="还没有作答").first).to_be_attached()  # a self-check
        expect(outputs.filter(has_text="四个门读取的是").first).to_be_attached()  # its diagnosis
        expect(outputs.filter(has_text="missing from font")).to_have_count(0)  # no glyph lost
        summary = page.locator(".gate-summary")
        summary.scroll_into_view_if_needed()
        expected = gate_playground_traces(0.9, 1.0, 1.0, "pulse")
        expect(summary).to_have_text(
            f"20步之后：c = {expected['c'][-1]:.3f}，h = {expected['h'][-1]:.3f}"
        )
        expect(page.locator(".widget-dropdown", has_text="输入流g")).to_be_visible()
        plot = page.locator("img.gate-plot")
        before = plot.get_attribute("src")
        forget = slider(page, "遗忘门f")
        press(page, forget, "ArrowRight", 2)  # 0.9 -> 1.0: the pulse stays in memory
        expect(forget.locator(".widget-readout")).to_have_text("1.00")
        kept = gate_playground_traces(1.0, 1.0, 1.0, "pulse")
        expect(summary).to_have_text(f"20步之后：c = 1.000，h = {kept['h'][-1]:.3f}")
        expect(plot).not_to_have_attribute("src", before)
        playground = page.locator(".jp-OutputArea-output", has=page.locator(".gate-summary"))
        playground.scroll_into_view_if_needed()
        page.wait_for_timeout(500)  # the redrawn figure
        playground.screenshot(path=str(SCREENSHOTS / "zh_02_gate_playground.png"))
        heatmap = page.locator(".jp-RenderedImage img").first  # 02's one figure: the gates
        heatmap.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        heatmap.screenshot(path=str(SCREENSHOTS / "zh_02_gates_figure.png"))


@pytest.mark.notebook("06_why_gates.ipynb", needs=["memory_explorer(bias"])
def test_bias_slider_redraws_the_memory_explorer(chromium, lab):
    from playwright.sync_api import expect

    with restarted_and_run(chromium, lab, ".memory-summary", "06_memory_explorer") as page:
        summary = page.locator(".memory-summary")
        summary.scroll_into_view_if_needed()
        # Opens at bias 4 and T = 100.
        expect(summary).to_have_text(_text(memory_summary_html(4.0, 100)))
        plot = page.locator("img.memory-plot")
        before = plot.get_attribute("src")
        bias = slider(page, "gate bias b")
        press(page, bias, "ArrowRight", 2)  # steps of 0.5: 4 -> 5
        expect(bias.locator(".widget-readout")).to_have_text("5.00")
        expect(summary).to_have_text(_text(memory_summary_html(5.0, 100)))
        expect(plot).not_to_have_attribute("src", before)
        steps = slider(page, "steps T")
        press(page, steps, "ArrowLeft", 5)  # steps of 10: 100 -> 50
        expect(summary).to_have_text(_text(memory_summary_html(5.0, 50)))


@pytest.mark.notebook("08_inside_the_tagger.ipynb", needs=["unit_explorer(test_words"])
def test_unit_control_changes_the_explorers_highlighted_spans(chromium, lab):
    from playwright.sync_api import expect

    with restarted_and_run(chromium, lab, ".explorer-view", "08_unit_explorer") as page:
        view = page.locator(".explorer-view")
        view.scroll_into_view_if_needed()
        expect(view.locator(".unit-on").first).to_be_visible()  # opens on a unit that is on
        unit = slider(page, "unit")
        start = int(unit.locator(".widget-readout").inner_text())
        expect(view).to_contain_text(re.compile(rf"[Uu]nit {start}\b"))  # drawn for it
        before = view.locator(".unit-on").all_inner_texts()
        press(page, unit, "ArrowRight", 1)
        expect(unit.locator(".widget-readout")).to_have_text(str(start + 1))
        expect(view).to_contain_text(re.compile(rf"[Uu]nit {start + 1}\b"))  # redrawn
        after = view.locator(".unit-on").all_inner_texts()
        assert after != before, "the highlighted spans should change with the unit"
        view.scroll_into_view_if_needed()


def present_slide(page):
    return page.locator(".reveal .slides > section.present").first


def key_to_slide(page, key: str, title: str) -> None:
    """Press ``key`` (ArrowRight or ArrowLeft) until the slide on screen shows ``title``."""
    for _ in range(100):
        if title in present_slide(page).inner_text():
            return
        page.keyboard.press(key)
        page.wait_for_timeout(200)
    raise AssertionError(f"no slide with {title!r} reached with {key}")


def _text(html: str) -> str:
    """The text a browser shows for one line of the helpers' HTML."""
    return re.sub(r"<[^>]+>", "", html)


SLIDE_HEIGHT = """() => {
    const stack = document.querySelector('.reveal .slides > section.present');
    const slide = stack.querySelector(':scope > section.present') || stack;
    return {where: location.hash, height: slide.scrollHeight,
            screen: document.querySelector('.reveal').getBoundingClientRect().height,
            title: slide.innerText.trim().split('\\n')[0].slice(0, 50)};
}"""


def open_slides(notebook, url: str):
    """A second tab with the slideshow of the same kernel, at a projector's 1024x768."""
    page = notebook.context.new_page()
    page.set_default_timeout(90_000)
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(url.replace("/lab/tree/", "/rise/"))
    present_slide(page).wait_for()
    page.wait_for_timeout(2000)
    return page


def walk_every_step(page) -> list[dict]:
    """Press Space from the first slide to the last; return each step, the tall ones marked."""
    seen, steps = set(), []
    for _ in range(300):
        step = page.evaluate(SLIDE_HEIGHT)
        shown = page.locator(".reveal .fragment.visible").count()
        if (step["where"], shown) in seen:
            break  # Space moves no further: the last slide
        seen.add((step["where"], shown))
        step["tall"] = step["height"] > step["screen"]
        if step["tall"]:
            page.screenshot(path=str(SCREENSHOTS / f"slides_01_tall_{len(steps)}.png"))
        steps.append(step)
        page.keyboard.press("Space")
        page.wait_for_timeout(300)
    return steps


def run_the_explorer_on_its_slide(page) -> None:
    """Key to the explorer's slide, run its cell there, drag hidden_size: shapes follow."""
    from playwright.sync_api import expect

    key_to_slide(page, "ArrowRight", "Explore the shapes")
    page.keyboard.press("ArrowRight")  # the code cell appears (a fragment)
    slide = present_slide(page)
    slide.locator(".jp-CodeCell .jp-InputArea-editor").first.click()
    page.keyboard.press("Control+Enter")  # run it, stay on the slide
    explorer = slide.locator(".lstm-explorer")
    expect(explorer).to_be_visible(timeout=60_000)
    expect(explorer.locator("[data-name='output']")).to_have_text("(4, 2, 3)")
    hidden = slide.locator(".widget-slider", has=page.locator("label", has_text="hidden_size"))
    handle = hidden.locator(".noUi-handle")
    box = handle.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + box["height"] / 2, steps=5)
    page.mouse.up()
    readout = hidden.locator(".widget-readout")
    expect(readout).not_to_have_text("3")
    value = int(readout.inner_text())
    expect(explorer.locator("[data-name='output']")).to_have_text(f"(4, 2, {value})")
    expect(explorer.locator(".lstm-param-count")).to_have_text(
        f"{lstm_parameter_count(5, value, 2):,}"
    )
    page.wait_for_timeout(1000)  # let the slide settle for the picture
    page.screenshot(path=str(SCREENSHOTS / "slides_01_moved_slider.png"))


@pytest.mark.notebook("01_hidden_state.ipynb")
def test_notebook_01_as_a_notebook_and_as_slides_on_a_projector(chromium, lab):
    """One Restart & Run All of notebook 01, then three views of it in the same kernel:

    1. the notebook: hidden_size 3 -> 6 updates the count and the shapes; a formula is typeset;
    2. the saved notebook as slides at a projector's 1024x768: Space walks every step
       (fragments, sub-slides, slides), and no slide, its outputs and the live explorer
       included, is taller than the screen; only the speaker notes hold cells in the notes;
    3. the slideshow from its start: keys to the explorer, runs it there, drags hidden_size;
       a formula is typeset on a slide.
    """
    from playwright.sync_api import expect

    notes = sum(
        cell.metadata.get("slideshow", {}).get("slide_type") == "notes"
        for cell in nbformat.read(NOTEBOOKS / "01_hidden_state.ipynb", as_version=4).cells
    )
    with restarted_and_run(chromium, lab, ".lstm-explorer", "01_shape_explorer") as notebook:
        move_hidden_size_and_check_the_shapes(notebook)
        expect(notebook.locator(".jp-MarkdownCell mjx-container").first).to_be_attached()
        notebook.keyboard.press("Control+s")  # the slideshow below opens the saved file
        expect(notebook.locator(".jp-mod-dirty")).to_have_count(0)

        page = open_slides(notebook, lab)
        expect(page.locator(".reveal .lstm-explorer")).to_be_attached()
        assert page.locator(".reveal aside.notes .jp-Cell").count() == notes
        steps = walk_every_step(page)
        assert "Next:" in steps[-1]["title"], steps[-1]  # walked to the last slide
        assert any(step["title"] == "11. Explore the shapes" for step in steps)
        tall = [step for step in steps if step["tall"]]
        assert not tall, "slides taller than the screen:\n" + "\n".join(map(str, tall))
        page.close()

        page = open_slides(notebook, lab)  # from the first slide again
        run_the_explorer_on_its_slide(page)
        key_to_slide(page, "ArrowLeft", "Counting parameters")
        expect(present_slide(page).locator("mjx-container").first).to_be_visible()
        page.wait_for_timeout(1500)  # the slide transition
        page.screenshot(path=str(SCREENSHOTS / "slides_01_formula.png"))
        page.close()
