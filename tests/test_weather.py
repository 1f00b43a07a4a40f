"""The NYC weather loader: lookup order, checksums, downloads, parsing, bad lines (no network)."""

from __future__ import annotations

import hashlib
import io
import math
import urllib.error

import pytest

from helpers import data
from helpers.data import DataError, load_nyc_weather, read_weather, weather_file

HEADER = (
    "origin,year,month,day,hour,temp,dewp,humid,wind_dir,wind_speed,wind_gust,precip,"
    "pressure,visib,time_hour\n"
)
SAMPLE = (
    HEADER
    + """EWR,2013,1,1,1,39.02,26.06,59.37,270,10.35,NA,0,1012,10,2013-01-01T06:00:00Z
EWR,2013,1,1,2,39.92,26.96,61.63,250,8.05,NA,0,NA,10,2013-01-01T07:00:00Z
EWR,2013,1,1,4,41,28,60,250,8.05,NA,0,1013,10,2013-01-01T09:00:00Z
JFK,2013,1,1,1,39.02,26.96,61.63,260,12.65,NA,0,1011.9,10,2013-01-01T06:00:00Z
"""
)


@pytest.fixture
def fake_weather(monkeypatch, tmp_path):
    """Pretend the pinned weather.csv is SAMPLE; isolate the cache and the data variable."""
    content = SAMPLE.encode()
    monkeypatch.setattr(data, "WEATHER_SHA256", hashlib.sha256(content).hexdigest())
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(data.WEATHER_ENV, raising=False)
    return content


def test_stations_hours_in_utc_and_missing_values(tmp_path):
    path = tmp_path / "weather.csv"
    path.write_text(SAMPLE, encoding="utf-8")
    stations = read_weather(path)
    assert list(stations) == ["EWR", "JFK"]
    ewr = stations["EWR"]
    start = 1356998400 // 3600  # 2013-01-01T00:00Z in hours since 1970
    assert ewr.hours.tolist() == [start + 6, start + 7, start + 9]  # the 08:00Z hour is missing
    assert ewr.values.shape == (3, len(data.WEATHER_COLUMNS))
    assert ewr.values[0].tolist() == [39.02, 26.06, 59.37, 10.35, 1012.0]
    assert math.isnan(ewr.values[1, 4]) and not ewr.values[2].isnan().any()  # NA -> NaN


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "EWR,2013,1,1,4,41,28,60,250,8.05,NA,0,1013",
            r"line 4: expected 15 comma-separated fields",
        ),
        (
            "EWR,2013,1,1,4,warm,28,60,250,8.05,NA,0,1013,10,2013-01-01T09:00:00Z",
            r"line 4: temp is .warm., not a number \(write NA",
        ),
        (
            "EWR,2013,1,1,4,41,28,60,250,8.05,NA,0,1013,10,2013-01-01T09:30:00Z",
            r"line 4: time_hour",
        ),
        (
            "EWR,2013,1,1,4,41,28,60,250,8.05,NA,0,1013,10,2013-01-01T07:00:00Z",
            r"line 4: .* not after",
        ),
    ],
)
def test_a_malformed_line_names_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.csv"
    good = "EWR,2013,1,1,4,41,28,60,250,8.05,NA,0,1013,10,2013-01-01T09:00:00Z"
    path.write_text(SAMPLE.replace(good, line), encoding="utf-8")
    with pytest.raises(DataError, match=rf"bad\.csv, {message}"):
        read_weather(path)


def test_a_truncated_file_names_its_last_line(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(SAMPLE.encode()[:-40])  # cut in the middle of the last line
    with pytest.raises(DataError, match=r"cut\.csv, line 5: expected 15 comma-separated fields"):
        read_weather(path)


def test_local_folder_argument_then_environment_variable(fake_weather, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "weather.csv").write_bytes(fake_weather)
    assert weather_file(folder) == folder / "weather.csv"
    monkeypatch.setenv(data.WEATHER_ENV, str(folder))
    assert list(load_nyc_weather()) == ["EWR", "JFK"]


def test_checksum_mismatch_names_both_sums_and_keeps_your_file(fake_weather, tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    bad = folder / "weather.csv"
    bad.write_bytes(fake_weather + b"x")
    actual = hashlib.sha256(fake_weather + b"x").hexdigest()
    with pytest.raises(DataError, match=rf"has SHA-256 {actual}, expected {data.WEATHER_SHA256}"):
        weather_file(folder)
    assert bad.exists()


def test_download_into_the_cache_then_reuse(fake_weather):
    calls = []

    def opener(url):
        calls.append(url)
        return io.BytesIO(fake_weather)

    path = weather_file(opener=opener)
    assert path == data.weather_cache_dir() / "weather.csv" and path.read_bytes() == fake_weather
    assert calls == [
        f"https://raw.githubusercontent.com/tidyverse/nycflights13/"
        f"{data.WEATHER_COMMIT}/data-raw/weather.csv"
    ]
    assert weather_file(opener=opener) == path and len(calls) == 1  # cached and verified


def test_a_bad_download_or_cache_file_is_never_kept(fake_weather):
    with pytest.raises(DataError, match=r"has SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}"):
        weather_file(opener=lambda url: io.BytesIO(b"not the weather"))
    assert list(data.weather_cache_dir().iterdir()) == []
    cached = data.weather_cache_dir() / "weather.csv"
    cached.write_bytes(b"garbage")
    with pytest.raises(DataError, match="removed from the cache"):
        weather_file(download=False)
    assert not cached.exists()


def test_offline_with_nothing_local_says_how_to_get_it(fake_weather):
    def offline(url):
        raise urllib.error.URLError("Temporary failure in name resolution")

    with pytest.raises(DataError) as error:
        weather_file(opener=offline)
    message = str(error.value)
    assert data.WEATHER_ENV in message and str(data.weather_cache_dir()) in message
    assert list(data.weather_cache_dir().iterdir()) == []


def test_the_real_file_matches_its_documentation():
    """Found as notebook 11 finds it (the data variable, else the cache), never downloaded."""
    try:
        stations = load_nyc_weather(download=False)
    except DataError as error:
        pytest.skip(f"no copy of the NYC weather here: {error}")
    assert {name: len(s.hours) for name, s in stations.items()} == {
        "EWR": 8703,
        "JFK": 8706,
        "LGA": 8706,
    }  # DATA.md
    for series in stations.values():
        assert int(series.hours[-1] - series.hours[0]) + 1 == 8730  # 8,730 hours, with gaps
