"""Maintainer tools of the course; not part of the installed package (the wheel ships helpers/).

- ``manifest``: the notebooks in order, their titles and budgets; where local data lives.
- ``notebooks``: finding, reading and writing notebook files (the one module that does).
- ``header``, ``slides``, ``handout``: rewriters (badges and setup cell, slide metadata,
  students' copies).
- ``execute``: re-execute notebooks in place and time them against their budgets.
- ``tables``: the per-notebook rows of the README, TEACHING (both languages) and 00's map,
  written from the manifest.
- ``scaffold``: a new notebook that passes the structure tests (``course.py new``).
- ``translate``: the Chinese edition, built from the English notebooks and the catalogues.
- ``experiments``: the longer runs whose saved tables the notebooks read.

``course.py`` runs them (``python3 course.py --help``); ``manifest`` and ``notebooks`` use the
standard library only, because ``course.py`` imports them before ``.venv`` exists.
"""
