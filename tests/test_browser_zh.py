"""The Chinese edition in a real browser: notebook 02 speaks Chinese in JupyterLab.

Chromium runs the Chinese 02 (Restart & Run All, as tests/test_browser.py does), then checks
what a learner sees: a self-check's reminder, the gate playground's Chinese controls and
read-out, and figures drawn with a CJK font. Screenshots of the playground (controls, read-out
and its figure) and of the gates' heatmap go to artifacts/browser/. It needs Debian's Chromium
and a CJK font (fonts-noto-cjk, which .ci/run installs); slow tier only.
"""

from __future__ import annotations

import pytest
from test_browser import SCREENSHOTS, chromium, lab, press, restarted_and_run, slider

from helpers.gate_playground import gate_playground_traces

pytestmark = pytest.mark.slow
__all__ = ["chromium", "lab"]  # the fixtures this file uses, from tests/test_browser.py


@pytest.mark.notebook("zh/02_gates_from_scratch.ipynb")
def test_the_chinese_02_shows_chinese_checks_controls_and_figures(chromium, lab):
    from playwright.sync_api import expect

    with restarted_and_run(chromium, lab, ".gate-summary", "zh_02_notebook") as page:
        expect(page.locator(".jp-OutputArea-output", has_text="还没有作答").first).to_be_attached()
        summary = page.locator(".gate-summary")
        summary.scroll_into_view_if_needed()
        expected = gate_playground_traces(0.9, 1.0, 1.0, "pulse")
        expect(summary).to_have_text(
            f"20步之后：c = {expected['c'][-1]:.3f}，h = {expected['h'][-1]:.3f}"
        )
        forget = slider(page, "遗忘门f")
        expect(page.locator(".widget-dropdown", has_text="输入流g")).to_be_visible()
        plot = page.locator("img.gate-plot")
        before = plot.get_attribute("src")
        press(page, forget, "ArrowRight", 2)  # 0.9 -> 1.0: the memory stays
        expect(forget.locator(".widget-readout")).to_have_text("1.00")
        expect(summary).to_have_text("20步之后：c = 1.000，h = 0.762")
        expect(plot).not_to_have_attribute("src", before)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        playground = page.locator(".jp-OutputArea-output", has=page.locator(".gate-summary"))
        playground.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        playground.screenshot(path=str(SCREENSHOTS / "zh_02_gate_playground.png"))
        heatmap = page.locator(".jp-Cell", has_text="plot_gates(").locator(
            ".jp-OutputArea-output img"
        )
        heatmap.first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        heatmap.first.screenshot(path=str(SCREENSHOTS / "zh_02_gates_figure.png"))
