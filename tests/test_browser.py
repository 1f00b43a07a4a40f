"""A real browser opens notebook 01 in JupyterLab, runs it, and moves the hidden_dim slider.

This proves the widgets work for a learner, not only inside a kernel. The test needs Debian's
Chromium (``apt-get install chromium``) and skips with a reason where it is absent, except in
CI (``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from helpers.shapes import lstm_parameter_count

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "01_hidden_state.ipynb"
SCREENSHOTS = ROOT / "artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), shutil.which("chromium"),
                      "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = "Chromium not found: install Debian's chromium or set CHROMIUM_PATH"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the browser test)")
        pytest.skip(reason)
    return path


@pytest.fixture
def lab(tmp_path):
    """Start JupyterLab on 127.0.0.1 over a copy of notebook 01 (outputs cleared); stop it after."""
    work = tmp_path / "work"
    home = tmp_path / "home"
    work.mkdir()
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, work / NOTEBOOK.name)
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
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
        f"--LabApp.user_settings_dir={user_settings}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
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
        yield f"{base}/lab/tree/{NOTEBOOK.name}?token={token}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_hidden_dim_slider_updates_shapes_in_jupyterlab(chromium, lab):
    sync_api = pytest.importorskip("playwright.sync_api")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(90_000)
            page.goto(lab)
            idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle)
            page.click("[data-command='notebook:restart-run-all']")
            page.click(".jp-Dialog .jp-mod-accept")
            explorer = page.locator(".lstm-explorer")
            explorer.wait_for(state="attached")
            page.wait_for_selector(idle)

            count = explorer.locator(".lstm-param-count")
            output = explorer.locator("[data-name='output']")
            h_n = explorer.locator("[data-name='h_n']")
            explorer.scroll_into_view_if_needed()
            # The notebook opens the explorer at input 5, hidden 3, 2 layers, seq_len 4, batch 2.
            sync_api.expect(count).to_have_text(f"{lstm_parameter_count(5, 3, 2):,}")
            sync_api.expect(output).to_have_text("(4, 2, 3)")

            label = page.locator("label", has_text="hidden_dim")
            slider = page.locator(".widget-slider", has=label)
            slider.scroll_into_view_if_needed()
            slider.locator(".noUi-handle").focus()
            for _ in range(3):
                page.keyboard.press("ArrowRight")
            sync_api.expect(slider.locator(".widget-readout")).to_have_text("6")
            expected = f"{lstm_parameter_count(5, 6, 2):,}"
            sync_api.expect(count).to_have_text(expected)
            sync_api.expect(output).to_have_text("(4, 2, 6)")
            sync_api.expect(h_n).to_have_text("(2, 2, 6)")
            explorer.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / "01_shape_explorer.png"))
        except Exception:
            page.screenshot(path=str(SCREENSHOTS / "01_failure.png"), full_page=True)
            raise
        finally:
            browser.close()
