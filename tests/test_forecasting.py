"""Notebook 11's plumbing: gap filling, windows and splits, baselines, the widget's function."""

from __future__ import annotations

import math

import matplotlib
import pytest
import torch

from helpers.data import WEATHER_COLUMNS, StationSeries
from helpers.forecast_explorer import forecast_view
from helpers.forecasting import (
    FEATURES,
    FilledSeries,
    Scaler,
    fill_gaps,
    fit_ridge,
    hour_text,
    mae_by_horizon,
    make_windows,
    month_of,
    persistence,
    predict_ridge,
    same_hour_yesterday,
    utc_hour,
)
from helpers.i18n import using
from helpers.plots import plot_error_by_horizon, plot_forecast, plot_lines

NAN = math.nan
COLUMNS = len(WEATHER_COLUMNS)


def station(hours: list[int], temps: list[float]) -> StationSeries:
    values = torch.tensor(
        [[t] + [float(k)] * (COLUMNS - 1) for k, t in enumerate(temps)], dtype=torch.float64
    )
    return StationSeries("TST", torch.tensor(hours), values)


def test_gaps_filled_by_a_line_or_by_the_last_value():
    series = station([0, 1, 4, 5], [10.0, NAN, 40.0, 50.0])  # hours 2 and 3 missing, 1 is NA
    linear, previous = fill_gaps(series, "linear"), fill_gaps(series, "previous")
    assert linear.hours.tolist() == [0, 1, 2, 3, 4, 5]
    assert linear.values[:, 0].tolist() == [10.0, 17.5, 25.0, 32.5, 40.0, 50.0]
    assert previous.values[:, 0].tolist() == [10.0, 10.0, 10.0, 10.0, 40.0, 50.0]
    assert linear.observed[:, 0].tolist() == [True, False, False, False, True, True]
    assert linear.observed[:, 1].tolist() == [True, True, False, False, True, True]


def test_gaps_at_the_ends_take_the_nearest_value_and_bad_arguments_are_refused():
    filled = fill_gaps(station([0, 1, 2, 3], [NAN, 5.0, 7.0, NAN]), "linear")
    assert filled.values[:, 0].tolist() == [5.0, 5.0, 7.0, 7.0]
    with pytest.raises(ValueError, match="method must be one of linear, previous"):
        fill_gaps(station([0, 1], [1.0, 2.0]), "spline")
    with pytest.raises(TypeError, match="series must be a StationSeries"):
        fill_gaps([1, 2], "linear")  # type: ignore[arg-type]


def year_of_hours(month_first: int, month_last: int) -> FilledSeries:
    """A filled series over whole months of 2013, temperature = the hour's index."""
    start = utc_hour(f"2013-{month_first:02d}-01T00:00Z")
    end = utc_hour(
        "2014-01-01T00:00Z" if month_last == 12 else f"2013-{month_last + 1:02d}-01T00:00Z"
    )
    n = end - start
    values = torch.arange(n, dtype=torch.float64)[:, None].repeat(1, COLUMNS)
    return FilledSeries(
        "TST", torch.arange(start, end), values, torch.ones(n, COLUMNS, dtype=torch.bool)
    )


def test_windows_stay_inside_their_split_and_targets_are_the_next_hours():
    series = year_of_hours(9, 11)
    for split, months in (("train", {9}), ("validation", {10}), ("test", {11})):
        windows = make_windows([series], split, past=72, future=24)
        assert windows.x.shape[1:] == (72, len(FEATURES)) and windows.y.shape[1] == 24
        first = windows.start - 72  # the first input hour of each window
        last = windows.start + 23  # the last target hour
        assert set(month_of(first).tolist()) == months == set(month_of(last).tolist())
        k = windows.start - int(series.hours[0])
        assert torch.equal(windows.y, (k[:, None] + torch.arange(24)).float())  # the next 24
        assert torch.equal(windows.x[:, -1, 0], (k - 1).float())  # the input ends just before
    assert len(make_windows([series], "validation")) == 31 * 24 - 96 + 1


def test_a_window_whose_targets_were_filled_is_dropped():
    series = year_of_hours(10, 10)
    observed = series.observed.clone()
    observed[200, 0] = False  # one filled temperature
    windows = make_windows(
        [FilledSeries("TST", series.hours, series.values, observed)], "validation"
    )
    k = windows.start - int(series.hours[0])
    assert not ((k <= 200) & (200 < k + 24)).any()  # no target hour is the filled one
    assert len(windows) == 31 * 24 - 96 + 1 - 24


def test_baselines_against_hand_computed_values():
    x = torch.zeros(2, 72, len(FEATURES))
    x[:, :, 0] = torch.arange(72.0)  # temperature = the input hour's index
    x[1, :, 0] *= 2
    assert persistence(x).tolist() == [[71.0] * 24, [142.0] * 24]
    assert same_hour_yesterday(x)[0].tolist() == [float(h) for h in range(48, 72)]
    assert same_hour_yesterday(x, future=3)[1].tolist() == [96.0, 98.0, 100.0]
    with pytest.raises(ValueError, match="future must be <= 24"):
        same_hour_yesterday(x, future=25)


def test_ridge_recovers_a_linear_map_and_the_penalty_shrinks_it():
    generator = torch.Generator().manual_seed(0)
    inputs = torch.randn(500, 4, 3, generator=generator)
    true = torch.randn(12, 2, generator=generator)
    targets = inputs.reshape(500, -1) @ true + 5.0
    weights = fit_ridge(inputs, targets, penalty=0.0)
    assert torch.allclose(weights[:-1], true, atol=1e-4) and torch.allclose(
        weights[-1], torch.tensor(5.0)
    )
    assert torch.allclose(predict_ridge(weights, inputs), targets, atol=1e-3)
    assert fit_ridge(inputs, targets, 1e4)[:-1].norm() < true.norm() / 2
    with pytest.raises(ValueError, match="penalty must be a number >= 0"):
        fit_ridge(inputs, targets, -1.0)


def test_scaler_and_errors_by_horizon():
    x = torch.tensor([[[1.0, 10.0]], [[3.0, 30.0]]])
    scaler = Scaler.fit(x)
    assert torch.allclose(scaler(x).mean(dim=(0, 1)), torch.zeros(2))
    errors = mae_by_horizon(
        torch.tensor([[1.0, 2.0], [3.0, 4.0]]), torch.tensor([[0.0, 2.0], [4.0, 0.0]])
    )
    assert errors.tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="same shape"):
        mae_by_horizon(torch.zeros(2, 3), torch.zeros(2, 4))


def test_the_widget_function_shows_past_truth_and_forecasts_and_refuses_bad_starts():
    series = year_of_hours(10, 12)
    last_value = {"last": lambda x: x[:, -1, 0:1].expand(-1, 24)}
    view = forecast_view(series, "2013-11-20T12:00Z", last_value)
    k = utc_hour("2013-11-20T12:00Z") - int(series.hours[0])
    assert view["past"].tolist() == [float(h) for h in range(k - 72, k)]
    assert view["truth"].tolist() == [float(h) for h in range(k, k + 24)]
    assert view["forecasts"]["last"].tolist() == [float(k - 1)] * 24
    assert view["start"] == "2013-11-20T12:00Z" == hour_text(utc_hour("2013-11-20 12:00"))
    with pytest.raises(ValueError, match="run past the end of the data"):
        forecast_view(series, "2013-12-31T12:00Z", last_value)
    with pytest.raises(ValueError, match="not in the test months"):
        forecast_view(series, "2013-10-20T12:00Z", last_value)
    with pytest.raises(ValueError, match="an hour such as"):
        forecast_view(series, "tomorrow", last_value)
    with using("zh"), pytest.raises(ValueError, match="起点2013-10-20T12:00Z不在测试集的月份"):
        forecast_view(series, "2013-10-20T12:00Z", last_value)  # the split named in Chinese
    with using("zh"), pytest.raises(ValueError, match="在验证集的月份"):
        make_windows([series], "validation", past=31 * 24, future=24)


def test_forecast_figures_draw_every_model():
    errors = {"persistence": torch.arange(24.0), "linear": torch.ones(24)}
    ax = plot_error_by_horizon(errors)
    assert [line.get_label() for line in ax.get_lines()] == ["persistence", "linear"]
    with pytest.raises(ValueError, match="same number of horizons"):
        plot_error_by_horizon({"a": torch.ones(24), "b": torch.ones(12)})
    series = year_of_hours(11, 12)
    view = forecast_view(
        series, "2013-11-20T12:00Z", {"last": lambda x: x[:, -1, 0:1].expand(-1, 24)}
    )
    assert len(plot_forecast(view).get_lines()) == 4  # past, truth, one model, the start line
    with pytest.raises(ValueError, match="view lacks 'past'"):
        plot_forecast({})
    assert len(plot_lines([0, 1], {"a": [1, 2], "b": [2, 3]}).get_lines()) == 2
    with pytest.raises(ValueError, match="has"):
        plot_lines([0, 1], {"a": [1, 2, 3]})
    matplotlib.pyplot.close("all")


def test_windows_add_up_and_subsets_keep_rows_together():
    series = year_of_hours(9, 10)
    a, b = make_windows([series], "train"), make_windows([series], "validation")
    both = a + b
    assert len(both) == len(a) + len(b) and torch.equal(both.start[len(a) :], b.start)
    picked = both.subset(torch.tensor([0, len(a)]))
    assert torch.equal(picked.y, torch.stack([a.y[0], b.y[0]]))


def test_the_explorer_shows_a_figure_or_the_refusal_message():
    from helpers.forecast_explorer import forecast_explorer

    def render(station, start):
        if start.startswith("2014"):
            return "start 2014-01-01T00:00Z: refused"
        return plot_lines([0, 1], {station: [1.0, 2.0]}).figure

    box = forecast_explorer(render, ["EWR", "JFK"], "2013-11-26T12:00Z")
    controls, message, image = box.children
    assert message.value == "" and len(image.value) > 0
    controls.children[1].value = "2014-01-01T00:00Z"
    assert "refused" in message.value
    with pytest.raises(ValueError, match="stations must name"):
        forecast_explorer(render, [], "2013-11-26T12:00Z")
