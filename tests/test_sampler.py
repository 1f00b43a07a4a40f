"""Notebook 03's text sampler: one character per step, never the "<unk>" symbol."""

from __future__ import annotations

import torch

from helpers.notebook_code import reused_cells


def test_sampler_never_writes_unk_even_when_the_model_prefers_it():
    vocab = ["<unk>", "a", "b"]

    def model(ids, state=None):  # a model that puts almost all probability on id 0, "<unk>"
        logits = torch.zeros(1, ids.shape[1], len(vocab))
        logits[..., 0] = 50.0
        return logits, state

    code = reused_cells(
        "03_step_by_step.ipynb",
        model=model,
        chars=vocab,
        encode=lambda text: torch.ones(len(text), dtype=torch.long),
        device=torch.device("cpu"),
    )
    text = code["generate"]("ab", length=60, temperature=1.0)
    assert text.startswith("ab") and len(text) == 2 + 60
    assert "<unk>" not in text and set(text) <= {"a", "b"}
    assert code["sample"].startswith("The ") and "<unk>" not in code["sample"]
