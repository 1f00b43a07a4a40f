"""The memory explorer of notebook 06 (helpers/memory_explorer.py): gate bias -> half-life."""

from __future__ import annotations

import math

import pytest

from helpers.memory_explorer import memory_explorer, memory_left, memory_summary_html


def test_memory_left_follows_the_sigmoid_of_the_bias():
    m = memory_left(4.0, 100)
    assert m["keep"] == pytest.approx(1 / (1 + math.exp(-4.0)))
    assert m["keep"] ** m["half_life"] == pytest.approx(0.5)
    assert len(m["curve"]) == 101 and m["curve"][0] == 1.0 and m["left"] == m["curve"][-1]
    assert memory_left(0.0, 10)["half_life"] == pytest.approx(1.0)  # sigmoid(0) = 1/2
    assert math.isinf(memory_left(50.0, 10)["half_life"])  # z rounds to 1: kept forever
    assert memory_left(-1000.0, 10)["left"] == 0.0  # no overflow for very negative biases
    assert "half-life 38.2 steps" in memory_summary_html(4.0, 100)
    assert "half-life forever" in memory_summary_html(50.0, 100)


@pytest.mark.parametrize(
    ("bias", "steps", "message"),
    [(float("nan"), 10, "bias"), ("4", 10, "bias"), (True, 10, "bias"), (1.0, 0, "steps")],
)
def test_memory_left_rejects_bad_input(bias, steps, message):
    with pytest.raises((ValueError, TypeError), match=message):
        memory_left(bias, steps)


def test_memory_explorer_recomputes_when_a_slider_moves():
    box = memory_explorer(bias=4.0, steps=100)
    bias, steps = box.children[0].children
    summary, plot = box.children[1], box.children[2]
    assert summary.value == memory_summary_html(4.0, 100)
    before = plot.value
    bias.value = 5.0
    assert summary.value == memory_summary_html(5.0, 100) and plot.value != before
    steps.value = 200
    assert summary.value == memory_summary_html(5.0, 200)
    with pytest.raises(ValueError, match="steps"):
        memory_explorer(steps=0)
