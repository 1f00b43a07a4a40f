"""Plumbing for 11_forecasting.ipynb: gap filling, windows, splits, baselines and scores.

The forecasting models themselves (the LSTMs and their training loop) are written in the
notebook; this module holds what a learner need not read to follow the idea.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

import torch

from helpers._validate import positive_int
from helpers.answers import as_tensor_like, describe, plain
from helpers.data import WEATHER_COLUMNS, StationSeries
from helpers.i18n import _, pgettext

FILL_METHODS = ("linear", "previous")
"""How :func:`fill_gaps` fills a missing value: a straight line between the two observed
neighbours (it uses a later value: not for a forecaster's inputs), or the last observed value
carried forward (the past only)."""
SPLITS = {"train": (1, 9), "validation": (10, 10), "test": (11, 12)}
"""Each split's months (first, last), by the UTC month of the hours of a window."""
FEATURES = (*WEATHER_COLUMNS, "hour_sin", "hour_cos")
"""The input features of every window: the weather columns, then the hour of day (UTC) as a
point on a circle, so that 23 h and 0 h are neighbours."""


def split_name(split: str) -> str:
    """A split's name in a sentence, in the learner's language (测试集 for test in Chinese)."""
    names = {
        "train": pgettext("split", "train"),
        "validation": pgettext("split", "validation"),
        "test": pgettext("split", "test"),
    }
    return names.get(split, split)


def utc_hour(text: str) -> int:
    """Return the hour ``text`` (``"2013-11-20T12:00Z"`` or ``"2013-11-20 12:00"``, UTC) as
    hours since 1970-01-01T00:00Z. An hour with an offset (``"2013-11-20T07:00-05:00"``, New
    York time) is converted to UTC. Introduced in 11_forecasting.ipynb."""
    if not isinstance(text, str):
        raise TypeError(
            _("text must be a str such as '2013-11-20T12:00Z', got {kind}").format(
                kind=type(text).__name__
            )
        )
    try:
        moment = datetime.fromisoformat(
            plain(text).strip().upper().removesuffix("Z").replace(" ", "T")
        )
    except ValueError as error:
        raise ValueError(
            _("text must be an hour such as '2013-11-20T12:00Z', got {text!r}").format(text=text)
        ) from error
    if moment.tzinfo is not None:  # 12:00-05:00 is 17:00Z
        moment = moment.astimezone(timezone.utc)
        if moment.minute or moment.second or moment.microsecond:
            raise ValueError(
                _(
                    "{text!r} is {strftime} in UTC, not a whole hour: give a whole UTC hour "
                    "such as '2013-11-20T12:00Z'"
                ).format(text=text, strftime=moment.strftime("%Y-%m-%dT%H:%MZ"))
            )
    if moment.minute or moment.second or moment.microsecond:
        raise ValueError(
            _("text must be a whole hour (minutes 00), got {text!r}").format(text=text)
        )
    return int(moment.replace(tzinfo=timezone.utc).timestamp()) // 3600


FIRST_HOUR, LAST_HOUR = -719162 * 24, 2932897 * 24 - 1
"""The hours that :func:`hour_text` can write: years 1 to 9999."""


def hour_text(hour: int) -> str:
    """Return hours since 1970-01-01T00:00Z as ``"2013-11-20T12:00Z"``.

    Introduced in 11_forecasting.ipynb."""
    value = hour.item() if getattr(hour, "shape", None) == () else hour  # a 0-d tensor
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            _(
                "hour must be a whole number of hours since 1970-01-01T00:00Z, such as "
                "385000, got {value!r} ({kind}); utc_hour reads a text such as "
                "'2013-11-20T12:00Z'"
            ).format(value=value, kind=type(hour).__name__)
        )
    if not FIRST_HOUR <= value <= LAST_HOUR:
        raise ValueError(
            _(
                "hour must be between {FIRST_HOUR} and {LAST_HOUR} (years 1 to 9999), got {value}"
            ).format(FIRST_HOUR=FIRST_HOUR, LAST_HOUR=LAST_HOUR, value=value)
        )
    return datetime.fromtimestamp(int(value) * 3600, tz=timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def month_of(hours: torch.Tensor) -> torch.Tensor:
    """Return the UTC month (1-12) of each hour since 1970-01-01T00:00Z.

    Introduced in 11_forecasting.ipynb."""
    return torch.tensor(
        [datetime.fromtimestamp(int(h) * 3600, tz=timezone.utc).month for h in hours.tolist()],
        dtype=torch.int64,
    )


@dataclass(frozen=True)
class FilledSeries:
    """One station on a complete hourly axis: ``hours`` (n,), ``values`` (n, columns) with no
    NaN, and ``observed`` (n, columns), False where a value was filled.

    Introduced in 11_forecasting.ipynb."""

    station: str
    hours: torch.Tensor
    values: torch.Tensor
    observed: torch.Tensor


def _check_station_series(series: StationSeries) -> None:
    """Refuse a StationSeries that breaks its promises: rows, whole hours, strictly in order."""
    hours, values, name = series.hours, series.values, series.station
    if not isinstance(hours, torch.Tensor) or not isinstance(values, torch.Tensor):
        raise TypeError(_("series {name}: hours and values must be tensors").format(name=name))
    if hours.dim() != 1 or len(hours) == 0:
        raise ValueError(
            _(
                "series {name} has no rows: hours must be a 1-D tensor with at least one hour"
            ).format(name=name)
        )
    if hours.is_floating_point() or hours.is_complex() or hours.dtype == torch.bool:
        raise ValueError(
            _("series {name}: hours must be whole numbers (an int64 tensor), got {dtype}").format(
                name=name, dtype=hours.dtype
            )
        )
    if values.dim() != 2 or len(values) != len(hours):
        raise ValueError(
            _(
                "series {name}: values must have one row per hour, shape ({count}, columns); "
                "got {shape}"
            ).format(name=name, count=len(hours), shape=tuple(values.shape))
        )
    step = hours[1:] - hours[:-1]
    if (step == 0).any():
        row = int((step == 0).nonzero()[0]) + 1
        raise ValueError(
            _(
                "series {name}: hour {hour} comes twice (rows {row_minus_1} and {row}): keep "
                "one row per hour"
            ).format(name=name, hour=hour_text(int(hours[row])), row_minus_1=row - 1, row=row)
        )
    if (step < 0).any():
        row = int((step < 0).nonzero()[0]) + 1
        raise ValueError(
            _(
                "series {name}: hours are not in order (row {row} has an earlier hour than "
                "row {row_minus_1}): sort the rows by hour"
            ).format(name=name, row=row, row_minus_1=row - 1)
        )


def fill_gaps(series: StationSeries, method: str = "previous") -> FilledSeries:
    """Return ``series`` on every hour from its first to its last, each gap filled.

    A missing hour or an ``NA`` value is filled per column: ``"linear"`` draws a straight line
    between the observed values on either side; ``"previous"`` carries the last observed value
    forward. Before a column's first observation, its first value is used. For a forecaster's
    inputs use ``"previous"`` (past only): a straight line is drawn to a *later* observation,
    which can lie in a window's target hours, so ``"linear"`` lets the future into the inputs.
    Introduced in 11_forecasting.ipynb.
    """
    if not isinstance(series, StationSeries):
        raise TypeError(
            _("series must be a StationSeries, got {kind}").format(kind=type(series).__name__)
        )
    if method not in FILL_METHODS:
        raise ValueError(
            _("method must be one of {names}; got {method!r}").format(
                names=", ".join(FILL_METHODS), method=method
            )
        )
    _check_station_series(series)
    start = int(series.hours[0])
    n = int(series.hours[-1]) - start + 1
    values = torch.full((n, series.values.shape[1]), math.nan, dtype=torch.float64)
    values[series.hours - start] = series.values.to(torch.float64)
    observed = ~values.isnan()
    if not observed.any(dim=0).all():
        raise ValueError(
            _("series {station}: a column has no observed value at all").format(
                station=series.station
            )
        )
    steps = torch.arange(n, dtype=torch.float64)
    for column in range(values.shape[1]):
        known = observed[:, column].nonzero().squeeze(1)
        # for each hour: the last observed hour at or before it, and the next at or after it
        before = known[(torch.searchsorted(known, torch.arange(n), right=True) - 1).clamp(min=0)]
        after = known[torch.searchsorted(known, torch.arange(n)).clamp(max=len(known) - 1)]
        first = known[0]
        before = torch.where(torch.arange(n) < first, first, before)
        after = torch.where(after < torch.arange(n), before, after)  # after the last one
        low, high = values[before, column], values[after, column]
        if method == "previous":
            filled = low
        else:
            span = (after - before).to(torch.float64)
            share = torch.where(span > 0, (steps - before) / span.clamp(min=1), 0.0)
            filled = low + share * (high - low)
        values[:, column] = torch.where(observed[:, column], values[:, column], filled)
    return FilledSeries(series.station, torch.arange(start, start + n), values, observed)


def features(series: FilledSeries) -> torch.Tensor:
    """Return the (hours, len(FEATURES)) input features of a filled series, float32.

    Introduced in 11_forecasting.ipynb."""
    angle = (series.hours % 24).to(torch.float64) * (2 * math.pi / 24)
    return torch.cat([series.values, angle.sin()[:, None], angle.cos()[:, None]], dim=1).to(
        torch.float32
    )


@dataclass(frozen=True)
class Windows:
    """Samples cut from the series: ``x`` (n, past, features) inputs, ``y`` (n, future)
    temperatures in °F of the hours right after, ``start`` (n,) the first forecast hour (hours
    since 1970-01-01T00:00Z), ``station`` (n,) the index of the station.

    Introduced in 11_forecasting.ipynb."""

    x: torch.Tensor
    y: torch.Tensor
    start: torch.Tensor
    station: torch.Tensor

    def __len__(self) -> int:
        return len(self.y)

    def subset(self, keep: torch.Tensor) -> Windows:
        """Return the windows picked by ``keep`` (a boolean mask or indices)."""
        return Windows(self.x[keep], self.y[keep], self.start[keep], self.station[keep])

    def __add__(self, other: Windows) -> Windows:
        """Return these windows, then ``other``'s."""
        if not isinstance(other, Windows):
            return NotImplemented
        return Windows(
            *(
                torch.cat([getattr(self, name), getattr(other, name)])
                for name in ("x", "y", "start", "station")
            )
        )


def make_windows(
    series: Mapping[str, FilledSeries] | list[FilledSeries],
    split: str,
    past: int = 72,
    future: int = 24,
) -> Windows:
    """Return the windows of one split, every station together, in time order per station.

    A window is ``past`` hours of features, then the temperature of the next ``future``
    hours. Every hour of it, inputs and targets, lies in the split's months (``SPLITS``), so
    no window crosses a split boundary; a window whose target hours include a filled (not
    observed) temperature is dropped, so scores are on real observations only.
    Introduced in 11_forecasting.ipynb.
    """
    if split not in SPLITS:
        raise ValueError(
            _("split must be one of {names}; got {split!r}").format(
                names=", ".join(SPLITS), split=split
            )
        )
    positive_int("past", past)
    positive_int("future", future)
    if isinstance(series, FilledSeries):  # one station
        stations = [series]
    elif isinstance(series, Mapping):
        stations = list(series.values())
    elif isinstance(series, list | tuple):
        stations = list(series)
    else:
        raise TypeError(
            _("series must be a dict or list of FilledSeries (from fill_gaps), got {kind}").format(
                kind=type(series).__name__
            )
        )
    if not stations:
        raise ValueError(_("series holds no station: give the filled series of fill_gaps"))
    first, last = SPLITS[split]
    parts = []
    for index, one in enumerate(stations):
        if not isinstance(one, FilledSeries):
            raise TypeError(
                _("series must hold FilledSeries, got {kind}").format(kind=type(one).__name__)
            )
        inside = month_of(one.hours)
        inside = (inside >= first) & (inside <= last)
        span = past + future
        if len(one.hours) < span:
            continue
        # window k covers hours k .. k + span - 1 and starts forecasting at k + past
        whole = inside.unfold(0, span, 1).all(dim=1)
        real = one.observed[:, 0].unfold(0, future, 1)[past:].all(dim=1)
        keep = (whole & real).nonzero().squeeze(1)
        x_all = features(one)
        x = x_all.unfold(0, past, 1)[keep].transpose(1, 2)  # (n, past, features)
        y = one.values[:, 0].unfold(0, future, 1)[keep + past].to(torch.float32)
        parts.append(
            Windows(x.contiguous(), y, one.hours[keep + past], torch.full((len(keep),), index))
        )
    if sum(len(p) for p in parts) == 0:
        raise ValueError(
            _(
                "no window of {past} + {future} hours lies inside the {split} months "
                "({first}-{last}) with observed targets: use a smaller past or future"
            ).format(past=past, future=future, split=split_name(split), first=first, last=last)
        )
    return Windows(
        *(torch.cat([getattr(p, name) for p in parts]) for name in ("x", "y", "start", "station"))
    )


@dataclass(frozen=True)
class Scaler:
    """Per-feature mean and standard deviation; ``(x - mean) / std`` normalises.

    Introduced in 11_forecasting.ipynb."""

    mean: torch.Tensor
    std: torch.Tensor

    @classmethod
    def fit(cls, x: torch.Tensor) -> Scaler:
        """Return the statistics of ``x`` (..., features) over every axis but the last."""
        _numpy_hint("x", x)
        if not isinstance(x, torch.Tensor) or x.dim() == 0:
            raise TypeError(
                _("x must be a tensor (..., features), got {value}").format(value=describe(x))
            )
        flat = x.reshape(-1, x.shape[-1]).to(torch.float64)
        if len(flat) < 2:  # the mean of none, the standard deviation of one: NaN
            raise ValueError(
                _(
                    "Scaler.fit needs at least 2 rows of (..., features), got {count}: fit it on "
                    "the training windows"
                ).format(count=len(flat))
            )
        return cls(flat.mean(dim=0).float(), flat.std(dim=0).clamp(min=1e-6).float())

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return (x - self.mean.to(x.device)) / self.std.to(x.device)


def _numpy_hint(name: str, value: object) -> None:
    """Refuse a NumPy array where a tensor is wanted, saying how to make one."""
    if hasattr(value, "__array__") and type(value).__module__.startswith("numpy"):
        raise TypeError(
            _(
                "{name} must be a torch tensor, got a NumPy array: pass torch.from_numpy({name})"
            ).format(name=name)
        )


def _windows(name: str, x: object) -> None:
    """Refuse anything but raw windows (n, past, features)."""
    _numpy_hint(name, x)
    if not isinstance(x, torch.Tensor) or x.dim() != 3:
        shape = tuple(x.shape) if hasattr(x, "shape") else type(x).__name__
        raise ValueError(
            _(
                "{name} must be windows (n, past, features), got {shape}: for one window "
                "write {name}[None]"
            ).format(name=name, shape=shape)
        )


def persistence(x: torch.Tensor, future: int = 24) -> torch.Tensor:
    """Return the last hour's temperature repeated ``future`` times: (n, future) °F.

    ``x`` is raw (not normalised) windows (n, past, features), temperature first.
    Introduced in 11_forecasting.ipynb."""
    positive_int("future", future)
    _windows("x", x)
    return x[:, -1, 0:1].expand(-1, future).clone()


def same_hour_yesterday(x: torch.Tensor, future: int = 24) -> torch.Tensor:
    """Return the temperature 24 hours before each target hour: (n, future) °F.

    Needs ``future <= 24 <= past``. Introduced in 11_forecasting.ipynb."""
    positive_int("future", future)
    _windows("x", x)
    if future > 24 or x.shape[1] < 24:
        raise ValueError(
            _(
                "future must be <= 24 and the window >= 24 hours; got future={future}, window"
                " {shape}"
            ).format(future=future, shape=x.shape[1])
        )
    past = x.shape[1]
    return x[:, past - 24 : past - 24 + future, 0].clone()


def fit_ridge(inputs: torch.Tensor, targets: torch.Tensor, penalty: float) -> torch.Tensor:
    """Return the weights (features + 1, outputs) of ridge regression, the last row the bias.

    Least squares with ``penalty`` times the squared weights (not the bias) added, solved
    exactly in float64. Introduced in 11_forecasting.ipynb."""
    value = penalty.item() if getattr(penalty, "shape", None) == () else penalty  # np, 0-d tensor
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:  # NaN
        raise ValueError(
            _("penalty must be a number >= 0, got {penalty!r}").format(penalty=penalty)
        )
    if math.isinf(value):
        raise ValueError(
            _("penalty must be a finite number >= 0, got {penalty!r}").format(penalty=penalty)
        )
    penalty = float(value)
    _samples("inputs", inputs)
    _samples("targets", targets)
    if len(inputs) == 0:
        raise ValueError(_("inputs and targets hold no samples: give at least one row"))
    for name, value in (("inputs", inputs), ("targets", targets)):
        if not value.isfinite().all():
            raise ValueError(
                _("{name} hold NaN or infinity: fill the gaps first (fill_gaps)").format(name=name)
            )
    if len(inputs) != len(targets):
        raise ValueError(
            _(
                "inputs and targets must have one row per sample each, got {count} and {count2}"
            ).format(count=len(inputs), count2=len(targets))
        )
    a = torch.cat(
        [inputs.reshape(len(inputs), -1), torch.ones(len(inputs), 1, device=inputs.device)], dim=1
    )
    a, b = a.double(), targets.reshape(len(targets), -1).double()
    gram = a.T @ a
    gram += penalty * torch.diag(
        torch.cat([torch.ones(a.shape[1] - 1, device=a.device), torch.zeros(1, device=a.device)])
    )
    try:
        return torch.linalg.solve(gram, a.T @ b).float()
    except torch.linalg.LinAlgError as error:  # only without a penalty: gram is then singular
        raise ValueError(
            _(
                "penalty {penalty:g} leaves no single solution here (fewer samples than "
                "features, or a constant column): use a penalty above 0, such as 1.0"
            ).format(penalty=penalty)
        ) from error


def _samples(name: str, value: object) -> None:
    """Refuse anything but a tensor with one row per sample."""
    _numpy_hint(name, value)
    if not isinstance(value, torch.Tensor) or value.dim() == 0:
        raise TypeError(
            _("{name} must be a tensor with one row per sample, got {value}").format(
                name=name, value=describe(value)
            )
        )


def predict_ridge(weights: torch.Tensor, inputs: torch.Tensor) -> torch.Tensor:
    """Return ``inputs`` (n, ...) flattened, times ``weights`` from :func:`fit_ridge`, plus bias.

    Introduced in 11_forecasting.ipynb."""
    _samples("inputs", inputs)
    if not isinstance(weights, torch.Tensor) or weights.dim() != 2:
        raise TypeError(
            _(
                "weights must be the (features + 1, outputs) tensor of fit_ridge, got {value}"
            ).format(value=describe(weights))
        )
    flat = inputs.reshape(len(inputs), -1)
    if flat.shape[1] + 1 != weights.shape[0]:
        raise ValueError(
            _("inputs have {shape} values per sample; weights expect {shape_minus_1}").format(
                shape=flat.shape[1], shape_minus_1=weights.shape[0] - 1
            )
        )
    return flat @ weights[:-1] + weights[-1]


def mae_by_horizon(forecast: torch.Tensor, truth: torch.Tensor) -> torch.Tensor:
    """Return the mean absolute error at each horizon h+1 .. h+future: (future,).

    Introduced in 11_forecasting.ipynb."""
    if not isinstance(forecast, torch.Tensor):  # NumPy arrays
        forecast = as_tensor_like(forecast, "forecast")
    if not isinstance(truth, torch.Tensor):
        truth = as_tensor_like(truth, "truth")
    if forecast.shape != truth.shape:
        raise ValueError(
            _("forecast {shape} and truth {shape2} must have the same shape").format(
                shape=tuple(forecast.shape), shape2=tuple(truth.shape)
            )
        )
    return (forecast.float() - truth.float()).abs().mean(dim=0).cpu()
