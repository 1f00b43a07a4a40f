"""The forecast explorer of 11_forecasting.ipynb: one station, one start hour, every forecaster.

:func:`forecast_view` computes what the explorer draws (tests call it); the notebook passes a
render function that draws it with :func:`helpers.plots.plot_forecast`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as widgets
import torch
from matplotlib.figure import Figure

from helpers._validate import positive_int
from helpers.answers import as_tensor_like
from helpers.forecasting import (
    FIRST_HOUR,
    LAST_HOUR,
    SPLITS,
    FilledSeries,
    features,
    hour_text,
    month_of,
    split_name,
    utc_hour,
)
from helpers.i18n import _
from helpers.widgets import figure_png

Forecaster = Callable[[torch.Tensor], torch.Tensor]
"""A model as the widget sees it: raw windows (n, past, features) -> forecasts (n, future) °F."""


def forecast_view(
    series: FilledSeries,
    start: str | int,
    forecasters: Mapping[str, Forecaster],
    past: int = 72,
    future: int = 24,
    split: str = "test",
) -> dict[str, object]:
    """Return what the forecast widget draws for one station and forecast start hour.

    ``start`` is the first forecast hour (text such as ``"2013-11-20T12:00Z"``, or hours since
    1970-01-01T00:00Z). The result holds ``hours`` (past + future,), ``past`` (past,) and
    ``truth`` (future,) temperatures in °F, ``observed`` (future,) bools, and ``forecasts``:
    ``{name: (future,)}``. Raises ``ValueError`` with a message for a start outside the split's
    months or whose window runs out of the data, and for a forecast that is not ``future``
    finite temperatures. Introduced in 11_forecasting.ipynb.
    """
    positive_int("past", past)
    positive_int("future", future)
    if split not in SPLITS:
        raise ValueError(
            _("split must be one of {names}; got {split!r}").format(
                names=", ".join(SPLITS), split=split
            )
        )
    if not isinstance(series, FilledSeries):
        raise TypeError(
            _(
                "series must be a FilledSeries, got {kind}: fill its gaps first with "
                "fill_gaps(series)"
            ).format(kind=type(series).__name__)
        )
    hours = series.hours
    if len(hours) == 0 or not bool((hours[1:] - hours[:-1] == 1).all()):
        raise ValueError(
            _(
                "series {station} must hold every hour once, in order, at least one: make it "
                "with fill_gaps"
            ).format(station=series.station)
        )
    if not isinstance(forecasters, Mapping):
        raise TypeError(
            _("forecasters must be a dict of name: model, got {kind}").format(
                kind=type(forecasters).__name__
            )
        )
    hour = utc_hour(start) if isinstance(start, str) else start
    if getattr(hour, "shape", None) == ():  # np.int64, a 0-d tensor
        hour = hour.item()  # type: ignore[union-attr]
    if isinstance(hour, bool) or not isinstance(hour, numbers.Integral):
        raise TypeError(
            _("start must be a str or an int, got {kind}").format(kind=type(start).__name__)
        )
    hour = int(hour)
    if not FIRST_HOUR <= hour <= LAST_HOUR:
        raise ValueError(
            _(
                "start {hour} is not an hour of the years 1 to 9999: give hours since "
                "1970-01-01T00:00Z, such as 384852, or a text such as '2013-11-26T12:00Z'"
            ).format(hour=hour)
        )
    first, last = SPLITS[split]
    if not first <= int(month_of(torch.tensor([hour]))[0]) <= last:
        raise ValueError(
            _(
                "start {hour} is not in the {split} months ({first}-{last}); pick an hour in them"
            ).format(hour=hour_text(hour), split=split_name(split), first=first, last=last)
        )
    k = hour - int(series.hours[0])
    if k - past < 0:
        raise ValueError(
            _("start {hour}: the {past} hours before it begin before the data ({hour2})").format(
                hour=hour_text(hour), past=past, hour2=hour_text(int(series.hours[0]))
            )
        )
    if k + future > len(series.hours):
        raise ValueError(
            _(
                "start {hour}: the {future} hours after it run past the end of the data "
                "({hour2}); pick an hour before {hour3}"
            ).format(
                hour=hour_text(hour),
                future=future,
                hour2=hour_text(int(series.hours[-1])),
                hour3=hour_text(int(series.hours[-1]) - future + 2),
            )
        )
    x = features(series)[k - past : k][None]
    forecasts = {name: _forecast(name, model, x, future) for name, model in forecasters.items()}
    return {
        "hours": series.hours[k - past : k + future].clone(),
        "past": series.values[k - past : k, 0].float(),
        "truth": series.values[k : k + future, 0].float(),
        "observed": series.observed[k : k + future, 0].clone(),
        "forecasts": forecasts,
        "station": series.station,
        "start": hour_text(hour),
    }


def _forecast(name: str, model: Forecaster, x: torch.Tensor, future: int) -> torch.Tensor:
    """Return one model's forecast (future,), or raise ValueError naming the model."""
    try:
        out = model(x)
        out = as_tensor_like(
            out, _("forecaster {name!r} returned something that").format(name=name)
        )
    except Exception as error:  # the learner's code: any error, named with the forecaster
        text = str(error).splitlines()[0] if str(error) else ""
        if not isinstance(error, AssertionError | TypeError | ValueError | RuntimeError):
            text = f"{type(error).__name__}: {text}" if text else type(error).__name__
        raise ValueError(
            _("forecaster {name!r} failed on one window: {text}").format(name=name, text=text)
        ) from error
    if out.shape not in ((1, future), (future,)):
        raise ValueError(
            _(
                "forecaster {name!r} returned shape {shape}: it must return (1, {future}), "
                "one temperature in °F for each of the next {future} hours"
            ).format(name=name, shape=tuple(out.shape), future=future)
        )
    if not out.isfinite().all():
        raise ValueError(
            _("forecaster {name!r} returned NaN or infinity: there is no line to draw").format(
                name=name
            )
        )
    return out.reshape(future).float()


def forecast_explorer(
    render: Callable[[str, str], Figure | str], stations: list[str], start: str
) -> widgets.VBox:
    """Return a station menu and a start-hour box above the figure ``render(station, start)``.

    ``render`` returns a figure, or a message (a refused start hour) that is shown instead;
    an error it raises is shown the same way. ``stations`` is a list of names, one name, or
    the dict of filled series (its keys). Introduced in 11_forecasting.ipynb.
    """
    if isinstance(stations, str):  # one station: "JFK", not the letters J, F and K
        stations = [stations]
    if isinstance(stations, Mapping):  # the filled series themselves: their station names
        stations = list(stations)
    if not stations:
        raise ValueError(_("stations must name at least one station"))
    menu = widgets.Dropdown(options=stations, value=stations[0], description=_("station"))
    box = widgets.Text(value=start, description=_("start (UTC)"), continuous_update=False)
    image, message = widgets.Image(format="png"), widgets.HTML()

    def refresh(_change: object = None) -> None:
        try:
            shown = render(menu.value, box.value)
        except (TypeError, ValueError) as error:  # a refused start hour, a forecaster's error
            shown = str(error)
        except KeyError as error:
            if error.args[:1] != (menu.value,):  # a KeyError in the learner's own code
                shown = f"{type(error).__name__}: {error}"
            else:  # a station name the data does not hold ("jfk")
                shown = _(
                    "no station {station!r} in the data (KeyError {error}): pass the stations "
                    "as the data names them, list(filled)"
                ).format(station=menu.value, error=error)
        except Exception as error:  # the learner's own code
            shown = f"{type(error).__name__}: {error}"
        if isinstance(shown, str):
            message.value = f"<b>{escape(shown)}</b>"
        else:
            message.value, image.value = "", figure_png(shown)

    menu.observe(refresh, names="value")
    box.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([menu, box]), message, image])
