"""helpers/answers.py: how a self-check reads what a learner typed.

Every check reads answers through these functions; tests/test_checks.py holds the table of
answers each check gets, these the reading rules themselves.
"""

from __future__ import annotations

import pytest

from helpers.answers import as_choice, as_int


@pytest.mark.parametrize("typed", ["a", "(a)", "a)", "'a'", " A. "])
def test_a_choice_may_be_written_as_the_markdown_labels_it(typed):
    assert as_choice(typed, ["a", "b", "c"]) == "a"


def test_a_choice_that_is_not_offered_names_the_options():
    with pytest.raises(AssertionError, match="one of 'a', 'b', 'c'"):
        as_choice("(d)", ["a", "b", "c"])


def test_a_count_is_not_read_from_a_percentage():
    with pytest.raises(AssertionError, match="whole number"):
        as_int("200%")
    assert as_int("5,376") == 5376
