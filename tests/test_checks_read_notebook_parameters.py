"""Self-checks of notebooks 07-12 take the notebook's own parameters (its horizon, its epochs,
its test strings) from the notebook, instead of a copy of them in helpers/checks.py."""

from __future__ import annotations

import pytest
import torch

from helpers.checks import check_signed_parity, check_window_count, check_words_only_tagger
from helpers.data import WEATHER_COLUMNS
from helpers.forecasting import FilledSeries, make_windows, utc_hour


def year_of_hours(month_first: int, month_last: int) -> FilledSeries:
    """A filled series over whole months of 2013 (month_last < 12), every value observed."""
    start = utc_hour(f"2013-{month_first:02d}-01T00:00Z")
    n = utc_hour(f"2013-{month_last + 1:02d}-01T00:00Z") - start
    values = torch.arange(n, dtype=torch.float64)[:, None].repeat(1, len(WEATHER_COLUMNS))
    observed = torch.ones(n, len(WEATHER_COLUMNS), dtype=torch.bool)
    return FilledSeries("TST", torch.arange(start, start + n), values, observed)


@pytest.mark.parametrize("future", [24, 12])
def test_window_count_uses_the_notebooks_horizon(capsys, future):
    series = [year_of_hours(1, 9)]
    count = len(make_windows(series, "train", past=48, future=future))
    check_window_count(count, series, windows_72=1000, future=future)
    assert f"Correct: {count:,} windows" in capsys.readouterr().out
    other = len(make_windows(series, "train", past=48, future=36 - future))
    with pytest.raises(AssertionError, match=f"48 \\+ {future} hours"):
        check_window_count(other, series, windows_72=1000, future=future)


def test_words_only_tagger_names_the_epochs_it_was_given(capsys):
    class Tagger(torch.nn.Module):
        use_features = False

    check_words_only_tagger(Tagger(), lambda tagger: 0.9, with_features=0.93, epochs=3)
    assert "(same 3 epochs)" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="train it for 3 epochs first"):
        check_words_only_tagger(Tagger(), lambda tagger: 0.5, with_features=0.93, epochs=3)
    with pytest.raises(ValueError, match="epochs must be a positive int"):
        check_words_only_tagger(Tagger(), lambda tagger: 0.9, with_features=0.93, epochs=0)


class _Parity(torch.nn.Module):  # scores from the true parity of the bits
    def __init__(self):
        super().__init__()
        self.unused = torch.nn.Parameter(torch.zeros(1))

    def forward(self, bits):
        odd = bits.sum(dim=1) % 2
        return torch.nn.functional.one_hot(odd, 2).float()


def test_signed_parity_names_the_length_of_the_strings_it_was_given(capsys):
    bits = torch.randint(0, 2, (20, 32), generator=torch.Generator().manual_seed(0))
    check_signed_parity(_Parity(), torch.tensor([-0.9, 0.9]), (bits, bits.sum(dim=1) % 2))
    assert "parity at length 32" in capsys.readouterr().out
