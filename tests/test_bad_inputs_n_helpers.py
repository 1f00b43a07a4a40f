"""Bad inputs to the helpers and widgets of 11 and 12, one row per reviewed case.

Rows named N.. are the CRASH, SILENT and VAGUE cases of the bad-inputs review of 2026-12-06
(areas read_weather, forecasting, forecast_explorer, parallel_scan_log, sLSTM memory and
parity_explorer); rows named +... are further inputs of the same kinds, NaN, infinity and
empty tensors first. A verdict is one of:

- ``ACCEPTED``: the call returns (``accepted(check)`` also checks the result);
- ``raises(Error, phrase)``: the call raises ``Error`` whose message contains ``phrase`` and
  stays within three lines;
- ``shows(phrase)``: a widget shows a message containing ``phrase`` instead of a figure.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
import torch

from helpers.data import DataError, StationSeries, read_weather
from helpers.forecast_explorer import forecast_explorer, forecast_view
from helpers.forecasting import (
    FilledSeries,
    fill_gaps,
    fit_ridge,
    hour_text,
    mae_by_horizon,
    make_windows,
    persistence,
    same_hour_yesterday,
    utc_hour,
)
from helpers.parity_explorer import parity_explorer, parity_view
from helpers.plots import plot_forecast
from helpers.results import load_results
from helpers.scan import parallel_scan_log, slstm_memory_naive, slstm_memory_stabilised

NAN, INF = float("nan"), float("inf")


@dataclass(frozen=True)
class Verdict:
    error: type[BaseException] | None = None
    phrase: str = ""
    check: Callable[[object], bool] | None = None


ACCEPTED = Verdict()


def accepted(check: Callable[[object], bool]) -> Verdict:
    return Verdict(check=check)


def raises(error: type[BaseException], phrase: str) -> Verdict:
    return Verdict(error, phrase)


def shows(phrase: str) -> Verdict:
    return Verdict(phrase=phrase)


# --- 11: one station over the test months, every hour observed -----------------------------
START = "2013-11-26T12:00Z"


def station(name: str = "JFK") -> FilledSeries:
    first = utc_hour("2013-11-01T00:00Z")
    n = 24 * 60
    hours = torch.arange(first, first + n)
    temp = 40 + 10 * torch.sin(hours.double() * 2 * math.pi / 24)
    values = torch.stack([temp, temp - 10, 60 + 0 * temp, 5 + 0 * temp, 1010 + 0 * temp], 1)
    return FilledSeries(name, hours, values, torch.ones_like(values, dtype=torch.bool))


JFK = station()
MODELS = {"persistence": persistence, "yesterday": same_hour_yesterday}
TEST = make_windows({"JFK": JFK}, "test")
INPUTS, TARGETS = TEST.x[:20, -6:, :2], TEST.y[:20, :4]


def show(name, start, models=MODELS):  # notebook 11's render function
    try:
        view = forecast_view({"JFK": JFK}[name], start, models)
    except ValueError as error:
        return str(error)
    return plot_forecast(view).figure


def message(widget) -> str:
    """The text a forecast or parity explorer shows above its figure."""
    return widget.children[1].value


def hours(*values: int, dtype=torch.int64) -> StationSeries:
    rows = torch.tensor([[1.0] * 5, [2.0] * 5, [9.0] * 5], dtype=torch.float64)[: len(values)]
    return StationSeries("X", torch.tensor(values, dtype=dtype), rows)


HEADER = "origin,year,month,day,hour,temp,dewp,humid,wind_dir,wind_speed,wind_gust,precip,"
HEADER += "pressure,visib,time_hour\n"
ROW = "EWR,2013,1,1,1,{temp},26.06,59.37,270,10.35,NA,0,1012,10,2013-01-01T06:00:00Z\n"


def weather(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "weather.csv"
    path.write_text(text, encoding=encoding)
    return read_weather(path)


# --- 12: the scan, against a step loop in float64 ------------------------------------------
def loop(log_a: torch.Tensor, log_b: torch.Tensor) -> torch.Tensor:
    a, b = log_a.double().exp(), log_b.double().exp()
    h, out = torch.zeros_like(a[:, 0]), []
    for t in range(a.shape[1]):
        h = a[:, t] * h + b[:, t]
        out.append(h)
    return torch.stack(out, 1)


def with_zero_a(step: int, length: int = 6) -> tuple[torch.Tensor, torch.Tensor]:
    log_a = torch.log(torch.linspace(0.3, 0.9, 2 * length * 3, dtype=torch.float64))
    log_a = log_a.reshape(2, length, 3).clone()
    log_a[:, step] = -math.inf
    return log_a, torch.linspace(-1, 1, 2 * length * 3, dtype=torch.float64).reshape(2, length, 3)


def scan_equals_the_loop(log_a: torch.Tensor, log_b: torch.Tensor) -> bool:
    torch.testing.assert_close(parallel_scan_log(log_a, log_b), loop(log_a, log_b))
    return True


def gradients_equal_the_loop(log_a: torch.Tensor, log_b: torch.Tensor) -> bool:
    ours, theirs = (
        torch.autograd.grad(f(a, b).sum(), (a, b))
        for f in (parallel_scan_log, loop)
        for a, b in [(log_a.clone().requires_grad_(), log_b.clone().requires_grad_())]
    )
    assert all(g.isfinite().all() for g in ours)
    for mine, right in zip(ours, theirs, strict=True):
        torch.testing.assert_close(mine, right)
    return True


PARITY = {
    "steps": [25, 50],
    "accuracy": {"LSTM": {64: [0.6, 0.97], 128: [0.5, 0.55]}, "GRU": {64: [0.5, 0.99]}},
    "seconds": {"LSTM": 4.2, "GRU": 3.1},
}


def parity_with(**changes) -> dict:
    return {**PARITY, **changes}


CASES = [
    # 11: read_weather
    ("N21", lambda t: weather(t, HEADER + ROW.format(temp="inf")), raises(DataError, "temp is")),
    ("N22", lambda t: weather(t, HEADER + ROW.format(temp="1e999")), raises(DataError, "finite")),
    (
        "N27",
        lambda t: weather(t, "\ufeff" + HEADER + ROW.format(temp=39)),
        accepted(lambda w: float(w["EWR"].values[0, 0]) == 39.0),
    ),
    ("N30", lambda t: read_weather(t), raises(DataError, "is a folder")),
    (
        "+weather nan",
        lambda t: weather(t, HEADER + ROW.format(temp="nan")),
        raises(DataError, "NA"),
    ),
    (
        "+weather -inf",
        lambda t: weather(t, HEADER + ROW.format(temp="-Infinity")),
        raises(DataError, "line 2: temp is '-Infinity', not a finite number"),
    ),
    # 11: hours
    (
        "N33",
        lambda t: hour_text(utc_hour("2013-11-26T12:00+05:00")),
        accepted("2013-11-26T07:00Z".__eq__),
    ),
    ("N38", lambda t: hour_text("2013-11-26T12:00Z"), raises(TypeError, "utc_hour reads a text")),
    ("N39", lambda t: hour_text(10**12), raises(ValueError, "years 1 to 9999")),
    ("+hour NaN", lambda t: hour_text(NAN), raises(TypeError, "whole number of hours")),
    ("+hour 0-d tensor", lambda t: hour_text(torch.tensor(384852)), accepted(START.__eq__)),
    (
        "+hour lower case",
        lambda t: hour_text(utc_hour("2013-11-26t12:00z")),
        accepted(START.__eq__),
    ),
    (
        "+hour half-hour offset",
        lambda t: utc_hour("2013-11-26T12:00+05:30"),
        raises(ValueError, "06:30Z in UTC"),
    ),
    (
        "+hour full-width",
        lambda t: hour_text(utc_hour("２０１３-１１-２６Ｔ１２:００Ｚ")),
        accepted(START.__eq__),
    ),
    # 11: fill_gaps on a StationSeries made by hand
    ("N42", lambda t: fill_gaps(hours()), raises(ValueError, "series X has no rows")),
    ("N43", lambda t: fill_gaps(hours(10, 12, 11)), raises(ValueError, "hours are not in order")),
    ("N44", lambda t: fill_gaps(hours(10, 11, 11)), raises(ValueError, "comes twice")),
    (
        "N45",
        lambda t: fill_gaps(hours(10, 11, dtype=torch.float32)),
        raises(ValueError, "whole numbers"),
    ),
    (
        "+fill all NaN column",
        lambda t: fill_gaps(StationSeries("X", torch.arange(3), torch.full((3, 5), NAN))),
        raises(ValueError, "no observed value"),
    ),
    # 11: windows, baselines, ridge, scores
    (
        "N48",
        lambda t: make_windows({"JFK": JFK}, "test", past=20_000),
        raises(ValueError, "no window of 20000 + 24 hours"),
    ),
    ("N50", lambda t: make_windows(JFK, "test"), accepted(lambda w: len(w) == len(TEST))),
    ("+windows no station", lambda t: make_windows({}, "test"), raises(ValueError, "no station")),
    (
        "+windows a tensor",
        lambda t: make_windows(torch.zeros(3), "test"),
        raises(TypeError, "dict or list of FilledSeries"),
    ),
    (
        "N51",
        lambda t: persistence(TEST.x[0], future=3),
        raises(ValueError, "for one window write x[None]"),
    ),
    (
        "+yesterday 2-D",
        lambda t: same_hour_yesterday(TEST.x[0]),
        raises(ValueError, "windows (n, past, features)"),
    ),
    (
        "N54",
        lambda t: fit_ridge(INPUTS, TARGETS, np.float32(1.0)),
        accepted(lambda w: w.shape == (13, 4)),
    ),
    (
        "N55",
        lambda t: fit_ridge(INPUTS, TARGETS, torch.tensor(1.0)),
        accepted(lambda w: w.isfinite().all()),
    ),
    (
        "N56",
        lambda t: fit_ridge(INPUTS, TARGETS, NAN),
        raises(ValueError, "penalty must be a number >= 0, got nan"),
    ),
    (
        "+ridge infinite penalty",
        lambda t: fit_ridge(INPUTS, TARGETS, INF),
        raises(ValueError, "finite"),
    ),
    (
        "+ridge NaN inputs",
        lambda t: fit_ridge(torch.full((5, 3), NAN), torch.zeros(5, 2), 1.0),
        raises(ValueError, "inputs hold NaN or infinity"),
    ),
    ("N57", lambda t: fit_ridge(INPUTS[:10], TARGETS, 1.0), raises(ValueError, "got 10 and 20")),
    (
        "+ridge empty",
        lambda t: fit_ridge(INPUTS[:0], TARGETS[:0], 1.0),
        raises(ValueError, "no samples"),
    ),
    (
        "N58",
        lambda t: mae_by_horizon(TARGETS.numpy(), TARGETS.numpy() + 1),
        accepted(lambda m: torch.allclose(m, torch.ones(4))),
    ),
    (
        "+MAE by horizon lists",
        lambda t: mae_by_horizon([[1.0]], "x"),
        raises(AssertionError, "forecast must be a tensor, got [[1.0]] (list)"),
    ),
    # 11: the forecast explorer
    (
        "N61",
        lambda t: forecast_view(JFK, np.int64(utc_hour(START)), MODELS),
        accepted(lambda v: v["start"] == START),
    ),
    (
        "+start 0-d tensor",
        lambda t: forecast_view(JFK, torch.tensor(utc_hour(START)), MODELS),
        accepted(lambda v: v["start"] == START),
    ),
    (
        "N66",
        lambda t: forecast_view(JFK, "2013-11-26T12:00-05:00", MODELS),
        accepted(lambda v: v["start"] == "2013-11-26T17:00Z"),
    ),
    (
        "N68",
        lambda t: forecast_view(StationSeries("JFK", JFK.hours, JFK.values), START, MODELS),
        raises(TypeError, "fill its gaps first with fill_gaps(series)"),
    ),
    (
        "N69",
        lambda t: forecast_view(
            JFK, START, {"mine": lambda x: x[:, -1, 0:1].repeat(1, 24).numpy()}
        ),
        accepted(lambda v: v["forecasts"]["mine"].shape == (24,)),
    ),
    (
        "N70",
        lambda t: plot_forecast(
            forecast_view(JFK, START, {"12 hours": lambda x: x[:, -1, :1].repeat(1, 12)})
        ),
        raises(ValueError, "forecaster '12 hours' returned shape (1, 12): it must return (1, 24)"),
    ),
    (
        "N73",
        lambda t: forecast_explorer(show, "JFK", START),
        accepted(lambda w: w.children[0].children[0].options == ("JFK",)),
    ),
    (
        "+forecast NaN",
        lambda t: forecast_view(JFK, START, {"nan": lambda x: torch.full((1, 24), NAN)}),
        raises(ValueError, "forecaster 'nan' returned NaN or infinity"),
    ),
    (
        "+forecast empty",
        lambda t: forecast_view(JFK, START, {"empty": lambda x: torch.zeros(0)}),
        raises(ValueError, "returned shape (0,)"),
    ),
    (
        "+forecast raises",
        lambda t: forecast_view(JFK, START, {"bad": lambda x: x @ torch.zeros(3, 3)}),
        raises(ValueError, "forecaster 'bad' failed on one window"),
    ),
    (
        "+forecast of text",
        lambda t: forecast_view(JFK, START, {"text": lambda x: "warm"}),
        raises(ValueError, "forecaster 'text' failed"),
    ),
    (
        "+series empty",
        lambda t: forecast_view(FilledSeries("E", *(torch.zeros(0),) * 3), START, MODELS),
        raises(ValueError, "every hour once, in order, at least one"),
    ),
    (
        "+start past year 9999",
        lambda t: forecast_view(JFK, 10**12, MODELS),
        raises(ValueError, "not an hour of the years 1 to 9999"),
    ),
    (
        "+models not a dict",
        lambda t: forecast_view(JFK, START, persistence),
        raises(TypeError, "dict of name: model"),
    ),
    (
        "+explorer NaN forecast",
        lambda t: message(
            forecast_explorer(
                lambda s, h: show(s, h, {"nan": lambda x: torch.full((1, 24), NAN)}), ["JFK"], START
            )
        ),
        shows("returned NaN or infinity"),
    ),
    (
        "+explorer NaN start",
        lambda t: message(forecast_explorer(show, ["JFK"], "nan")),
        shows("text must be an hour such as"),
    ),
    (
        "+explorer render raises",
        lambda t: message(
            forecast_explorer(lambda s, h: forecast_view(JFK, h, {"x": 1}), ["JFK"], START)
        ),
        shows("forecaster &#x27;x&#x27; failed"),
    ),
    # 12: the scan with a_t = 0, and the sLSTM memory
    ("N111", lambda t: scan_equals_the_loop(*with_zero_a(2)), ACCEPTED),
    ("N124", lambda t: gradients_equal_the_loop(*with_zero_a(2)), ACCEPTED),
    ("+a_0 = 0 at the first step", lambda t: gradients_equal_the_loop(*with_zero_a(0)), ACCEPTED),
    ("+a_t = 0 at the last step", lambda t: gradients_equal_the_loop(*with_zero_a(5)), ACCEPTED),
    (
        "+a_t tiny, not zero",
        lambda t: parallel_scan_log(torch.full((1, 5, 1), -1e30), torch.zeros(1, 5, 1)),
        accepted(lambda h: bool((h == 1).all())),
    ),
    (
        "+a_t = 0 everywhere, b_t = 0",
        lambda t: parallel_scan_log(torch.full((1, 4, 2), -INF), torch.full((1, 4, 2), -INF)),
        accepted(lambda h: bool((h == 0).all())),
    ),
    (
        "+a_t = 0, float16",
        lambda t: parallel_scan_log(with_zero_a(3)[0].half(), with_zero_a(3)[1].half()),
        accepted(lambda h: h.dtype == torch.float16 and bool(h.isfinite().all())),
    ),
    (
        "+a_t = 0, empty batch",
        lambda t: parallel_scan_log(torch.full((0, 3, 2), -INF), torch.zeros(0, 3, 2)),
        accepted(lambda h: h.shape == (0, 3, 2)),
    ),
    (
        "N137",
        lambda t: slstm_memory_stabilised(torch.zeros(0, 2), torch.zeros(0, 2), torch.zeros(0, 2)),
        raises(ValueError, "no steps (seq_len 0)"),
    ),
    (
        "+sLSTM naive, length 0",
        lambda t: slstm_memory_naive(torch.zeros(0), torch.zeros(0), torch.zeros(0)),
        raises(ValueError, "give at least one step"),
    ),
    # 12: the parity explorer
    (
        "N144",
        lambda t: parity_view(load_results("parity_seeds"), "LSTM", 64),
        raises(ValueError, "must hold 'steps' and 'accuracy'"),
    ),
    (
        "N145",
        lambda t: parity_view(parity_with(steps=[25]), "LSTM", 64),
        raises(ValueError, "2 accuracies but steps has 1"),
    ),
    (
        "N146",
        lambda t: parity_view({"steps": [], "accuracy": {"LSTM": {64: []}}}, "LSTM", 64),
        raises(ValueError, "train it first"),
    ),
    (
        "N147",
        lambda t: parity_view(parity_with(accuracy={"LSTM": {64: [60.0, 97.0]}}), "LSTM", 64),
        raises(ValueError, "fractions from 0 to 1 (97 % is 0.97)"),
    ),
    (
        "N148",
        lambda t: parity_view(parity_with(accuracy={"LSTM": {64: [0.6, NAN]}}), "LSTM", 64),
        raises(ValueError, "after 50 steps is nan, not a number"),
    ),
    (
        "N149",
        lambda t: parity_view(None, "LSTM", 64),
        raises(TypeError, "results must be the dict of a parity run"),
    ),
    (
        "N150",
        lambda t: parity_view(parity_with(seconds={"LSTM": "4.2 s"}), "LSTM", 64),
        raises(ValueError, "number of seconds"),
    ),
    (
        "N151",
        lambda t: parity_explorer({"steps": [25], "accuracy": {}}),
        raises(ValueError, "no model trained yet"),
    ),
    (
        "N152",
        lambda t: parity_explorer(PARITY),
        accepted(lambda w: list(w.children[0].children[1].options) == [64, 128]),
    ),
    (
        "+parity GRU at 128",
        lambda t: parity_view(PARITY, "GRU", 128),
        raises(ValueError, "one of 64 for GRU"),
    ),
    (
        "+parity infinity",
        lambda t: parity_view(parity_with(accuracy={"LSTM": {64: [0.6, INF]}}), "LSTM", 64),
        raises(ValueError, "fractions"),
    ),
    (
        "+parity steps None",
        lambda t: parity_view(parity_with(steps=None), "LSTM", 64),
        raises(ValueError, "list of step counts"),
    ),
    (
        "+parity accuracy a list",
        lambda t: parity_view(parity_with(accuracy=[0.5]), "LSTM", 64),
        raises(ValueError, "got list"),
    ),
    (
        "+parity curves a list",
        lambda t: parity_view(parity_with(accuracy={"LSTM": [0.5, 0.9]}), "LSTM", 64),
        raises(ValueError, "results['accuracy']['LSTM'] must be a dict of length: accuracies"),
    ),
    (
        "+parity 0-d tensors",
        lambda t: parity_view(
            parity_with(accuracy={"LSTM": {64: [torch.tensor(0.5), torch.tensor(0.97)]}}),
            "LSTM",
            64,
        ),
        accepted(lambda v: v["best_step"] == 50),
    ),
    (
        "+parity length 64.0",
        lambda t: parity_view(PARITY, "LSTM", 64.0),
        accepted(lambda v: "64-bit" in v["text"]),
    ),
    ("+parity NumPy length", lambda t: parity_view(PARITY, "LSTM", np.int64(64)), ACCEPTED),
    (
        "+parity explorer, NaN curve shown",
        lambda t: message(
            parity_explorer(
                parity_with(accuracy={"LSTM": {64: [0.5, 0.6]}, "GRU": {64: [0.5, NAN]}})
            )
        ),
        shows("not a number"),
    ),
    (
        "+parity explorer, None",
        lambda t: parity_explorer(None),
        raises(TypeError, "dict of a parity run"),
    ),
]


def judge(call: Callable[[], object], verdict: Verdict) -> None:
    if verdict.error is not None:
        with pytest.raises(verdict.error) as caught:
            call()
        text = str(caught.value)
        assert verdict.phrase in text, text
        assert len(text) <= 400 and text.count("\n") <= 2, text
        return
    result = call()
    if verdict.phrase:
        assert isinstance(result, str) and verdict.phrase in result, result
    if verdict.check is not None:
        assert verdict.check(result), result


@pytest.mark.parametrize(("call", "verdict"), [pytest.param(c, v, id=i) for i, c, v in CASES])
def test_bad_input_to_a_helper_or_widget(call, verdict, tmp_path):
    judge(lambda: call(tmp_path), verdict)


def test_case_ids_are_unique_and_cover_the_reviews_cases_of_these_areas():
    ids = [i for i, _, _ in CASES]
    assert len(ids) == len(set(ids))
    reviewed = {21, 22, 27, 30, 33, 38, 39, 42, 43, 44, 45, 48, 50, 51, 54, 55, 56, 57, 58}
    reviewed |= {61, 66, 68, 69, 70, 73, 111, 124, 137}
    reviewed |= {144, 145, 146, 147, 148, 149, 150, 151, 152}
    assert {f"N{n}" for n in reviewed} <= set(ids)
