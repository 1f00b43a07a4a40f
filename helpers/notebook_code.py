"""Run a notebook's cells tagged ``reused``, so tests and scripts use the code learners read.

Serves tests/ and tools/experiments/, no notebook. The rule it implements is in STYLE.md ("Code a
notebook teaches and something else reuses"): a cell that code outside its notebook runs
carries the cell tag ``reused``, and :data:`REUSED` lists the names those cells must define.
Cells are chosen by their tag, never by their text; ``tests/test_notebook_code.py`` checks,
without running anything, that each notebook's tagged cells still define their names.
"""

from __future__ import annotations

import json
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
TAG = "reused"

REUSED: dict[str, tuple[str, ...]] = {
    # tests/test_sampler.py
    "03_step_by_step.ipynb": ("generate", "sample"),
    # tests/test_tagging.py (against helpers/tagging.py's copy)
    "07_pos_tagging.ipynb": ("Tagger", "train_epoch", "train_tagger"),
    # tests/test_genre.py
    "09_sentence_classification.ipynb": ("masked_mean", "masked_max"),
    # tests/test_seq2seq.py, tools/experiments/pronunciation_budget.py
    "10_encoder_decoder.ipynb": ("dot_attention", "greedy", "train_pronouncer", "pronounce_all"),
    # tools/experiments/parity_seeds.py, tests/test_scan.py
    "12_after_the_lstm.ipynb": ("train_parity", "STEPS", "RNNS", "MinGRU", "SignedMinGRU"),
    # tools/experiments/lstm_vs_transformer.py
    "13_lstm_vs_transformer.ipynb": (
        "train_pos",
        "train_genre",
        "train_forecaster",
        "pos_right",
        "genre_right",
        "forecast",
        "window_errors",
        "paired_bootstrap",
        "unseen",
        "sentence_of",
        "genre_gold",
        "windows",
        "scaler",
        "x_train",
        "y_train",
        "fahrenheit",
        "fit_ridge",
        "predict_ridge",
        "vocabs",
        "vocab",
        "genre_data",
        "PosTagger",
        "GenreModel",
        "Forecaster",
        "pos_batches",
        "genre_batches",
        "weather_batches",
        "pos_loss",
        "genre_loss",
        "POS_STEPS",
        "GENRE_STEPS",
        "GENRE_BATCH",
        "WEATHER_STEPS",
        "cost_after",
        "LENGTHS",
    ),
    # tests/test_shipping.py, tools/experiments/compile_lstm.py
    "14_shipping_an_lstm.ipynb": ("CharLM", "stream", "export_step", "lstm_cell", "cell_loop"),
}
"""For each notebook with ``reused`` cells: the names that tests and scripts read from them."""


def tagged_cells(name: str) -> list[str]:
    """Return the sources of notebook ``name``'s code cells tagged ``reused``, in order."""
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return [
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and TAG in c.get("metadata", {}).get("tags", [])
    ]


def reused_cells(name: str, **names: object) -> dict[str, object]:
    """Run notebook ``name``'s ``reused`` cells in order; return the names of :data:`REUSED`.

    ``names`` stand in for what the notebook's other cells make (``device=...``, a model, the
    data): they are set before each tagged cell runs, so they win over what a cell sets (the
    imports cell's ``device``). Raises ``LookupError`` when the notebook has no such cells or
    they no longer define a listed name.
    """
    if name not in REUSED:
        raise LookupError(f"{name} is not in REUSED: tag its cells and list their names there")
    sources = tagged_cells(name)
    if not sources:
        raise LookupError(f"no code cell of {name} is tagged {TAG!r}")
    namespace: dict = {}
    for source in sources:
        namespace.update(names)
        exec(compile(source, f"{name} ({TAG} cell)", "exec"), namespace)
    missing = [n for n in REUSED[name] if n not in namespace]
    if missing:
        raise LookupError(f"the {TAG!r} cells of {name} no longer define {', '.join(missing)}")
    return {n: namespace[n] for n in REUSED[name]}
