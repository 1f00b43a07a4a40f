"""Longer experiments whose saved tables (helpers/results/) a notebook reads.

Run each inside the course's environment, from the course folder, e.g.
``.venv/bin/python -m tools.experiments.memory_sweep``; each module's docstring says what it
measures and how long it takes.
"""
