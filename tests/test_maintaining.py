"""MAINTAINING.md's "Adding a notebook", walked in a scratch copy of the course.

`course.py new` (tools/scaffold.py) writes a notebook that passes every structure test at once;
the only failures left are the translation tests, which name what to translate and the command
to run; translating as MAINTAINING.md says then makes every test pass. Each command walked here
is one that MAINTAINING.md names.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import course
from tools.manifest import NOTEBOOKS
from tools.notebooks import ROOT

NEXT = f"{len(NOTEBOOKS):02d}"
PREVIOUS, FIRST = NOTEBOOKS[-1], NOTEBOOKS[0]
WRITTEN = (  # what MAINTAINING.md tells a maintainer to run, in its order
    'python3 course.py new NN "Title"',
    "python3 course.py header",
    "python3 course.py execute NN",
    "python3 course.py slide-metadata",
    "python3 course.py bench NN",
    "python3 course.py tables",
    "python3 course.py translation update NN",
    "python3 course.py translation build",
    "python3 course.py translation execute NN",
    "python3 course.py test --quick",
)
STRUCTURE = [
    "tests/test_notebooks.py",
    "tests/test_classroom.py",
    "tests/test_manifest.py",
    "tests/test_notebook_header.py",
    "tests/test_translation.py",
]


def section(title: str) -> str:
    text = (ROOT / "MAINTAINING.md").read_text(encoding="utf-8")
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_maintaining_names_each_step_in_order():
    steps = section("Adding a notebook")
    missing = [command for command in WRITTEN if command not in steps]
    assert not missing, f"MAINTAINING.md's 'Adding a notebook' must name: {missing}"
    at = 0
    for command in WRITTEN:  # each one after the one before
        at = steps.find(command, at)
        assert at >= 0, f"MAINTAINING.md names {command!r} before the steps it follows"
    assert course.parser().parse_args(["new", "15", "T"]).run is course.new


def run(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run this Python in ``folder``, as a maintainer would there (not as a pytest worker)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}
    return subprocess.run(
        [sys.executable, *args], cwd=folder, env=env, capture_output=True, text=True, timeout=600
    )


def failures(folder: Path, report: str, *tests: str) -> dict[str, str]:
    """Run ``tests`` (files) in ``folder``: failed test id -> its message."""
    done = run(folder, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=",
               f"--junitxml={report}", *tests)  # fmt: skip
    assert done.returncode in (0, 1), done.stdout[-3000:] + done.stderr[-3000:]
    failed = {}
    for case in ElementTree.parse(report).iter("testcase"):
        for problem in case.findall("failure") + case.findall("error"):
            failed[f"{case.get('classname')}::{case.get('name')}"] = problem.text or ""
    return failed


def lagging(failed: dict[str, str]) -> set[str]:
    """The numbers of the notebooks whose Chinese the failures name."""
    return set(re.findall(r"notebooks/(\d\d)_\w+\.ipynb", "\n".join(failed.values())))


FILL = """\
import sys
import polib
from pathlib import Path
from tools import tables, translate
for number in sys.argv[1:]:
    english = translate.english_notebooks([number])[0]
    catalogue = translate.load(english)
    for entry in catalogue:
        if not entry.msgstr or "fuzzy" in entry.flags:
            one_line = entry.msgctxt == "comment"
            entry.msgstr = "中文" + (entry.msgid.replace("\\n", " ") if one_line else entry.msgid)
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
    translate.save(catalogue, english)
for chinese, english in (("README.zh-CN.md", "README.md"), ("TEACHING.zh-CN.md", "TEACHING.md")):
    path = Path(chinese)
    text = path.read_text(encoding="utf-8").replace(" " + tables.AWAITING, "")
    head, rest = text.split("\\n", 1)
    head = f"<!-- translated from {english} sha256:{tables.english_digest(Path(english))} -->"
    path.write_text(head + "\\n" + rest, encoding="utf-8")
"""


def test_a_new_notebook_passes_every_structure_test_and_waits_only_for_its_chinese(course_copy):
    done = run(course_copy, "-m", "tools.scaffold", NEXT, "Test")  # what `course.py new` runs
    assert done.returncode == 0, done.stdout + done.stderr
    name = f"{NEXT}_test.ipynb"
    assert "Test" in (course_copy / "tools" / "manifest.py").read_text(encoding="utf-8")
    lint = run(course_copy, "-m", "ruff", "check", f"notebooks/{name}")
    assert lint.returncode == 0, lint.stdout
    for check in (
        ("tools.header", "--check"),
        ("tools.slides", "--check"),
        ("tools.tables", "--check"),
    ):
        done = run(course_copy, "-m", *check)
        assert done.returncode == 0, f"{check}: {done.stdout}{done.stderr}"

    failed = failures(course_copy, str(course_copy / "first.xml"), *STRUCTURE)
    assert failed, "a new notebook has no Chinese yet: the translation tests must say so"
    assert {key.split("::")[0] for key in failed} == {"tests.test_translation"}, list(failed)
    messages = "\n".join(failed.values())
    assert f"notebooks/{name} markdown cell" in messages and "has no Chinese" in messages
    assert f"python3 course.py translation update {NEXT}" in messages
    assert f"notebooks/{PREVIOUS.file} markdown cell" in messages  # its **Next:** line
    assert "awaiting translation" in messages and "README.zh-CN.md line" in messages
    twin = json.loads((course_copy / "notebooks" / "zh" / name).read_text(encoding="utf-8"))
    marks = [c["metadata"].get("translation", {}) for c in twin["cells"]]
    assert {"status": "awaiting translation"} in marks

    # step 6: update, translate, build: the three notebooks `new` changed, and any other that
    # a translation test names (a copy of a course whose Chinese lags: only it is left); then
    # execute the new one in Chinese (the others' code did not change: their outputs stand)
    numbers = sorted({NEXT, PREVIOUS.number, FIRST.number} | lagging(failed))
    for step in (("update", *numbers), None, ("build", *numbers), ("execute", NEXT)):
        args = ("-c", FILL, *numbers) if step is None else ("-m", "tools.translate", *step)
        done = run(course_copy, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    assert failures(course_copy, str(course_copy / "second.xml"), STRUCTURE[-1]) == {}
