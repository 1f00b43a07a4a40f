"""Chinese text in the figures: a CJK font of this machine, or the course's pinned one.

When the helpers speak Chinese (``helpers.i18n``), every figure of ``helpers.plots`` is drawn
with a font that has Chinese characters, found in this order:

1. a font file (``.ttf``, ``.otf``, ``.ttc``) with Chinese in the folder of
   ``LSTM_NOTEBOOKS_FONTS``, or the pinned font package there;
2. a CJK font this machine already has, found by matplotlib's font manager (Noto Sans CJK,
   Source Han Sans, Microsoft YaHei, PingFang SC, WenQuanYi, ...);
3. the pinned font, WenQuanYi Micro Hei (文泉驿微米黑; Apache-2.0 or GPL-3 with a font
   exception, a 5 MB font in a 1.6 MB Debian package), in the cache, else downloaded like the
   data sets (pinned address and SHA-256, the mirror of ``LSTM_NOTEBOOKS_MIRROR``; never when
   ``LSTM_NOTEBOOKS_FONTS`` is set).

Latin letters and digits keep the course's font (DejaVu Sans); Chinese characters come from
the CJK font (matplotlib's per-character fallback). Where no CJK font can be had, the figure's
own labels stay in English and one line says so: never boxes in place of characters.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from helpers import data
from helpers.i18n import _, language, using

FONTS_ENV = "LSTM_NOTEBOOKS_FONTS"
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "Droid Sans Fallback",
)
"""Families with simplified Chinese, best first (SC glyph forms before TC and JP)."""
FILE_HINTS = ("notosanscjk", "notosanssc", "sourcehansans", "wqy", "msyh", "pingfang", "hiragino")
"""Parts of the file names of those fonts (lower case, without '-' and '_')."""
PROBE = "中文隐藏状态遗忘门输入输出损失步"
"""Characters a font must have to draw the course's Chinese labels."""
FONT_PACKAGE = "fonts-wqy-microhei_0.2.0-beta-3.1_all.deb"
FONT_PACKAGE_URL = f"https://deb.debian.org/debian/pool/main/f/fonts-wqy-microhei/{FONT_PACKAGE}"
FONT_PACKAGE_SHA256 = "239163df984eea5c9da3b551aee374936222cdbd67f1a1be3cdcf3d76143ad66"
FONT_NAME = "wqy-microhei.ttc"
FONT_MEMBER = "./usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
FONT_SHA256 = "2420e8078af796b19a3f6ef13de527a1a91c1e7171eea115926c614ced1009b3"
FONT_LICENSE = (
    "Apache-2.0 or GPL-3.0-or-later with a font exception: WenQuanYi Micro Hei 0.2.0-beta, "
    "(c) 2008-2009 The WenQuanYi Project Board of Trustees and others; the package's "
    "usr/share/doc/fonts-wqy-microhei/copyright says all"
)


def fonts_cache_dir() -> Path:
    """Return the folder where the pinned font (package and font file) is kept."""
    return data._cache_base() / "fonts"


@dataclass(frozen=True)
class _FontPackage(data.PinnedFile):
    @property
    def sha256(self) -> str:
        return FONT_PACKAGE_SHA256


FONT_FILE = _FontPackage(
    FONT_PACKAGE,
    FONT_PACKAGE_URL,
    FONTS_ENV,
    fonts_cache_dir,
    "Debian 0.2.0-beta-3.1",
    "WenQuanYi Micro Hei",
    FONT_LICENSE,
)
"""The pinned font package, as the data loaders pin their files (``data get``, ``pack``)."""


def covers(path: str | os.PathLike[str], text: str = PROBE) -> bool:
    """Return whether the font file at ``path`` has a glyph for every character of ``text``."""
    from matplotlib import ft2font

    try:
        font = ft2font.FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(character)) for character in text)


def _register(path: Path) -> str:
    """Add the font file at ``path`` to matplotlib; return its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def extract_font(package: Path, folder: Path) -> Path:
    """Return the checked font file taken out of the Debian ``package`` into ``folder``.

    A ``.deb`` is an ``ar`` archive whose ``data.tar.*`` member holds the files; the font is
    written beside itself first and renamed only when its SHA-256 is the pinned one.
    """
    target = folder / FONT_NAME
    if target.is_file() and data.sha256_of(target) == FONT_SHA256:
        return target
    with open(package, "rb") as handle:
        if handle.read(8) != b"!<arch>\n":
            raise data.DataError(_("{path} is not a Debian package").format(path=package))
        while header := handle.read(60):
            name, size = header[:16].decode().strip().rstrip("/"), int(header[48:58])
            body = handle.read(size + size % 2)[:size]
            if name.startswith("data.tar"):
                break
        else:
            raise data.DataError(_("{path} holds no data.tar").format(path=package))
    try:
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:*") as archive:
            member = archive.extractfile(FONT_MEMBER)
            content = member.read() if member is not None else b""
    except (tarfile.TarError, KeyError) as error:
        raise data.DataError(
            _("{path} does not hold {member}: {error}").format(
                path=package, member=FONT_MEMBER, error=error
            )
        ) from error
    actual = hashlib.sha256(content).hexdigest()
    if actual != FONT_SHA256:
        raise data.DataError(
            _("{name} in {path} has SHA-256 {actual}, expected {expected}").format(
                name=FONT_NAME, path=package, actual=actual, expected=FONT_SHA256
            )
        )
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(content)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _system_family() -> str | None:
    """Return a CJK family the system has: in matplotlib's font list, else among the font
    files installed after matplotlib wrote that list (its cache is not renewed by itself)."""
    from matplotlib import font_manager

    for fresh in (False, True):
        if fresh:  # add the CJK font files matplotlib's list does not have (every face)
            listed = {entry.fname for entry in font_manager.fontManager.ttflist}
            for path in sorted(font_manager.findSystemFonts()):
                squeezed = Path(path).name.lower().replace("-", "").replace("_", "")
                if path not in listed and any(hint in squeezed for hint in FILE_HINTS):
                    font_manager.fontManager.addfont(path)
        known: dict[str, str] = {}
        for entry in font_manager.fontManager.ttflist:
            known.setdefault(entry.name, entry.fname)
        for family in CJK_FAMILIES:
            if family in known and covers(known[family]):
                return family
    return None


@functools.cache
def _find(folder: str | None, cache: str, download: bool) -> tuple[str | None, str]:
    """Return (family, where it came from), or (None, why there is none)."""
    if folder:
        base = Path(folder).expanduser()
        files = sorted(base.iterdir()) if base.is_dir() else []
        for path in files:
            if path.suffix.lower() in {".ttf", ".otf", ".ttc"} and covers(path):
                return _register(path), str(path)
        if (base / FONT_PACKAGE).is_file():
            try:
                font = extract_font(FONT_FILE.path(download=False), Path(cache))
            except data.DataError as error:
                return None, str(error)
            return _register(font), str(font)
    family = _system_family()
    if family is not None:
        return family, "system"
    cached, package = Path(cache) / FONT_NAME, Path(cache) / FONT_PACKAGE
    if cached.is_file() and data.sha256_of(cached) == FONT_SHA256:
        return _register(cached), str(cached)
    if package.is_file() and data.sha256_of(package) == FONT_PACKAGE_SHA256:  # `data get`
        try:
            return _register(extract_font(package, Path(cache))), str(package)
        except data.DataError as error:
            return None, str(error)
    if folder:
        return None, _("no font with Chinese in {env}={folder}").format(
            env=FONTS_ENV, folder=folder
        )
    try:
        package = FONT_FILE.path(download=download)
        font = extract_font(package, Path(cache))
    except data.DataError as error:
        return None, str(error)
    return _register(font), str(font)


def cjk_family(download: bool = True) -> str | None:
    """Return the family name of a font with Chinese (see the module's order), or None."""
    return _find(os.environ.get(FONTS_ENV) or None, str(fonts_cache_dir()), download)[0]


def forget() -> None:
    """Look for the fonts again next time (after installing one, or in tests)."""
    global _told
    _find.cache_clear()
    _told = False


_told = False


@contextlib.contextmanager
def figure_text() -> Iterator[None]:
    """Draw the figures made inside with Chinese text where the helpers speak Chinese.

    With a CJK font: its family follows the course's font, for the Chinese characters. Without
    one: the helpers speak English inside, and one line (once) says so.
    """
    global _told
    if language() != "zh":
        yield
        return
    family = cjk_family()
    if family is None:
        if not _told:
            _told = True
            print(
                _(
                    "No font with Chinese characters was found, so the figures' labels are in "
                    "English. Run `python3 course.py data get`, or set {env} to a folder "
                    "with a Chinese font."
                ).format(env=FONTS_ENV)
            )
        with using("en"):
            yield
        return
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    latin = font_manager.FontProperties(family=plt.rcParams["font.family"]).get_name()
    with plt.rc_context({"font.family": [latin, family] if latin != family else [family]}):
        yield
