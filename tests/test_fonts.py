"""Chinese figures render: a CJK font is found, never boxes; without one, English labels.

A test fails on matplotlib's missing-glyph warning ("Glyph ... missing from font(s)"). Where
this machine has no CJK font (CI installs Debian's fonts-noto-cjk; `python3 course.py data
get` caches the course's pinned one), the rendering test is skipped, and says why. Nothing
here downloads: the pinned font package is faked where its handling is tested.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from helpers import data, fonts, i18n, plots
from helpers.i18n import _

MISSING = "missing from font"


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Each test looks for fonts anew, in English unless it says otherwise."""
    monkeypatch.delenv(i18n.LANG_ENV, raising=False)
    monkeypatch.setattr(i18n, "_chosen", None)
    fonts.forget()
    yield
    fonts.forget()
    plt.close("all")


@plots.legible
def chinese_figure(title: str):
    """A figure as the helpers draw one: inside plots.legible, its text from _()."""
    figure, ax = plt.subplots()
    ax.plot([0, 1, 2], [1.0, 0.5, 0.25], label=_("{path} does not exist").format(path="h_t"))
    ax.set_title(title)
    ax.legend()
    return figure, i18n.language()


def drawn_warnings(figure) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.canvas.draw()
    return [str(w.message) for w in caught]


def test_the_check_catches_boxes_in_place_of_chinese():
    """Without a CJK font matplotlib warns: the warning the next test must not see."""
    figure, ax = plt.subplots()
    ax.set_title("隐藏状态")
    assert any(MISSING in w for w in drawn_warnings(figure))


def test_chinese_figures_draw_every_character(monkeypatch):
    family = fonts.cjk_family(download=False)
    if family is None:
        pytest.skip(
            "no CJK font here: CI installs fonts-noto-cjk; `python3 course.py data get` "
            "caches the course's font"
        )
    i18n.set_language("zh")
    figure, spoken = chinese_figure("隐藏状态h_t随时间步的变化")
    assert spoken == "zh"
    texts = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert texts == ["h_t不存在"]  # the catalogue's Chinese
    assert [w for w in drawn_warnings(figure) if MISSING in w] == []
    assert family in figure.axes[0].title.get_fontfamily()


def test_a_helper_drawing_on_axes_the_notebook_made_draws_chinese_without_boxes():
    """10 makes the figure and passes each Axes to plot_attention: its title and axis labels
    were made before the helper ran, outside the font the helper chooses."""
    import numpy as np

    if fonts.cjk_family(download=False) is None:
        pytest.skip("no CJK font here (CI installs fonts-noto-cjk)")
    i18n.set_language("zh")
    figure, axes = plt.subplots(1, 2)
    for ax in axes:
        plots.plot_attention(np.full((2, 3), 1 / 3), list("cat"), ["K", "AE"], ax=ax, title="cat")
    assert axes[0].get_xlabel() != "letter read"  # in Chinese
    assert [w for w in drawn_warnings(figure) if MISSING in w] == []


def test_without_a_cjk_font_the_labels_are_english_and_one_line_says_so(
    monkeypatch, tmp_path, capsys
):
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ())
    monkeypatch.setenv(fonts.FONTS_ENV, str(tmp_path / "no-fonts"))  # also: no download
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    i18n.set_language("zh")
    figure, spoken = chinese_figure("hidden state")
    again, _spoken = chinese_figure("hidden state")
    assert spoken == "en"
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == ["h_t does not exist"]
    assert [w for w in drawn_warnings(figure) + drawn_warnings(again) if MISSING in w] == []
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "course.py data get" in printed[0]
    assert fonts.FONTS_ENV in printed[0] and "中文" in printed[0]  # said in Chinese
    assert i18n.language() == "zh"  # only the figure fell back to English


def test_english_figures_are_untouched():
    figure, spoken = chinese_figure("hidden state")
    assert spoken == "en"
    assert figure.axes[0].title.get_fontfamily() == plt.rcParams["font.family"]


def fake_deb(font: bytes) -> bytes:
    """A Debian package (an ar archive) whose data.tar.xz holds ``font`` where the real one does."""
    payload = io.BytesIO()
    with tarfile.open(fileobj=payload, mode="w:xz") as archive:
        info = tarfile.TarInfo(fonts.FONT_MEMBER)
        info.size = len(font)
        archive.addfile(info, io.BytesIO(font))
    out = io.BytesIO()
    out.write(b"!<arch>\n")
    for name, body in (
        (b"debian-binary", b"2.0\n"),
        (b"control.tar.xz", b"x"),
        (b"data.tar.xz", payload.getvalue()),
    ):
        header = name.ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6)
        header += b"100644".ljust(8) + str(len(body)).encode().ljust(10) + b"`\n"
        out.write(header + body + (b"\n" if len(body) % 2 else b""))
    return out.getvalue()


def test_the_pinned_package_gives_up_its_font_only_when_the_sums_match(monkeypatch, tmp_path):
    font = b"a font's bytes"
    package = tmp_path / fonts.FONT_PACKAGE
    package.write_bytes(fake_deb(font))
    monkeypatch.setattr(fonts, "FONT_SHA256", hashlib.sha256(font).hexdigest())
    extracted = fonts.extract_font(package, tmp_path / "cache")
    assert extracted.read_bytes() == font and extracted.name == fonts.FONT_NAME
    monkeypatch.setattr(fonts, "FONT_SHA256", "0" * 64)
    with pytest.raises(data.DataError, match="has SHA-256 .*expected 0000"):
        fonts.extract_font(package, tmp_path / "elsewhere")
    assert not (tmp_path / "elsewhere").exists()
    (tmp_path / "bad.deb").write_bytes(b"PK\x03\x04 a zip")
    with pytest.raises(data.DataError, match="is not a Debian package"):
        fonts.extract_font(tmp_path / "bad.deb", tmp_path / "cache2")


def test_a_font_folder_is_read_first_and_never_leads_to_a_download(monkeypatch, tmp_path):
    """A font without Chinese is passed over; with the folder set nothing is downloaded."""
    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / dejavu.name).write_bytes(dejavu.read_bytes())
    assert not fonts.covers(folder / dejavu.name)
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ())
    monkeypatch.setenv(fonts.FONTS_ENV, str(folder))
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))

    def no_download(*args, **kwargs):
        raise AssertionError("downloaded")

    monkeypatch.setattr(data, "download_file", no_download)
    assert fonts.cjk_family() is None


def test_a_chinese_font_in_the_folder_is_used(monkeypatch, tmp_path):
    from matplotlib import font_manager

    family = fonts.cjk_family(download=False)
    if family is None:
        pytest.skip("no CJK font here to copy (CI installs fonts-noto-cjk)")
    path = Path(font_manager.findfont(family, fallback_to_default=False))
    folder = tmp_path / "fonts"
    folder.mkdir()
    (folder / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ())
    monkeypatch.setenv(fonts.FONTS_ENV, str(folder))
    monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    fonts.forget()
    assert fonts.cjk_family() is not None


def every_figure():
    from test_plots_legible import figures  # the same figures, drawn in Chinese here

    return figures()


@pytest.mark.parametrize(("name", "draw"), every_figure(), ids=[n for n, _d in every_figure()])
@pytest.mark.parametrize("font", ["cjk", "none"])
def test_every_figure_of_the_helpers_draws_in_chinese_without_boxes(
    name, draw, font, monkeypatch, tmp_path, capsys
):
    """With a CJK font the Chinese shows; without one the labels fall back to English."""
    if font == "none":
        monkeypatch.setattr(fonts, "CJK_FAMILIES", ())
        monkeypatch.setenv(fonts.FONTS_ENV, str(tmp_path / "no-fonts"))
        monkeypatch.setenv(data.CACHE_ENV, str(tmp_path / "cache"))
    elif fonts.cjk_family(download=False) is None:
        pytest.skip("no CJK font here (CI installs fonts-noto-cjk)")
    i18n.set_language("zh")
    figure = draw()
    assert [w for w in drawn_warnings(figure) if MISSING in w] == []
