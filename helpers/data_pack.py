"""Every pinned file of the course at once: for a class where GitHub is slow or out of reach.

    python3 course.py data get            # find or download, and check, every pinned file
    python3 course.py data pack FILE      # one .zip of them, with SHA256SUMS and licenses
    python3 course.py data pack FILE --force   # the same, replacing an earlier pack
    python3 course.py data unpack FILE    # check a pack and put its files into the cache

(Without ``course.py``: ``python -m helpers.data_pack get``.) The pinned files are the three
data sets of :mod:`helpers.data` and the font for Chinese figures (:mod:`helpers.fonts`). A
pack is flat: unzipped into a folder, or served from a web server, it is also a mirror for
``LSTM_NOTEBOOKS_MIRROR``. ``unpack`` checks every file against the course's own SHA-256 sums
(not only the pack's) before it installs any, and installs nothing when one is wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import sys
import zipfile
import zlib
from pathlib import Path

from helpers import data, fonts
from helpers.data import DataError, PinnedFile
from helpers.i18n import _

SUMS = "SHA256SUMS"
LICENSES = "LICENSES.txt"
README = "README.txt"
CMUDICT_LICENSE = """\
Copyright (C) 1993-2015 Carnegie Mellon University. All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:

1. Redistributions of source code must retain the above copyright
   notice, this list of conditions and the following disclaimer.
   The contents of this file are deemed to be source code.

2. Redistributions in binary form must reproduce the above copyright
   notice, this list of conditions and the following disclaimer in
   the documentation and/or other materials provided with the
   distribution.

This work was supported in part by funding from the Defense Advanced
Research Projects Agency, the Office of Naval Research and the National
Science Foundation of the United States of America, and by member
companies of the Carnegie Mellon Sphinx Speech Consortium. We acknowledge
the contributions of many volunteers to the expansion and improvement of
this dictionary.

THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY ``AS IS'' AND
ANY EXPRESSED OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO,
THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR
PURPOSE ARE DISCLAIMED.  IN NO EVENT SHALL CARNEGIE MELLON UNIVERSITY
NOR ITS EMPLOYEES BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL,
SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT
LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY
THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE
OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""
PACK_README = """\
lstm-notebooks: the course's data sets and its font for Chinese figures, checked.

Install into this machine's cache:   python3 course.py data unpack THIS.zip
Or unzip into a folder (or a web server's folder) and set LSTM_NOTEBOOKS_MIRROR to that
folder or address: every notebook then downloads from there, with the same SHA-256 checks.
Check by hand: sha256sum -c SHA256SUMS. Licenses: LICENSES.txt.

装入本机缓存：python3 course.py data unpack 本文件.zip
或者解压到一个文件夹（或网页服务器的文件夹），把LSTM_NOTEBOOKS_MIRROR设为这个文件夹或网址：
笔记本会从那里下载数据，同样检查SHA-256。手动检查：sha256sum -c SHA256SUMS。许可证见LICENSES.txt。
"""


def pinned_files() -> list[PinnedFile]:
    """Every file the course pins: the data sets' files, then the font package."""
    return [*data.DATA_FILES.values(), fonts.FONT_FILE]


def licenses(files: list[PinnedFile]) -> str:
    """The text of LICENSES.txt: where each file comes from, its license, CMUdict's in full."""
    lines = ["The files of this pack, their sources and licenses.", ""]
    for pinned in files:
        lines += [f"{pinned.name} ({pinned.data_set}, {pinned.pinned})", f"  source: {pinned.url}"]
        lines += [f"  license: {pinned.license}", ""]
    lines += ["CMUdict's license (cmudict.dict):", "", CMUDICT_LICENSE]
    return "\n".join(lines)


def get(download: bool = True) -> int:
    """Find (or download) and check every pinned file; print one line each; 0 if all are here."""
    failed = 0
    for pinned in pinned_files():
        try:
            path = pinned.path(download=download)
        except DataError as error:
            failed += 1
            print(_("MISSING {name}: {error}").format(name=pinned.name, error=error), flush=True)
        else:
            print(
                _("OK      {name} ({what}): {path}").format(
                    name=pinned.name, what=pinned.data_set, path=path
                )
            )
    if failed:
        print(
            _("{count} of {total} files are missing.").format(
                count=failed, total=len(pinned_files())
            )
        )
    return 1 if failed else 0


def pack(target: str | os.PathLike[str], force: bool = False) -> Path:
    """Write one .zip of every pinned file (checked), SHA256SUMS, LICENSES.txt and README.txt.

    ``target`` must end in ``.zip``; an existing file is replaced only with ``force``, and
    only when it is a .zip itself (an earlier pack): never a notebook or a learner's notes.
    """
    target = Path(target).expanduser()
    if target.is_dir():
        raise DataError(
            _("{path} is a folder: give the name of the .zip to write").format(path=target)
        )
    if target.suffix.lower() != ".zip":
        raise DataError(
            _("{path} is not a .zip name: give a name such as course-data.zip").format(path=target)
        )
    if not target.parent.is_dir():
        raise DataError(_("the folder {folder} does not exist").format(folder=target.parent))
    if target.exists() and not force:
        raise DataError(
            _("{path} exists: choose a new name such as course-data.zip, or add --force").format(
                path=target
            )
        )
    if target.exists() and not zipfile.is_zipfile(target):
        raise DataError(
            _(
                "{path} exists and is not a .zip, so --force does not replace it: choose a new "
                "name such as course-data.zip"
            ).format(path=target)
        )
    files, missing = [], []
    for pinned in pinned_files():
        try:
            files.append((pinned, pinned.path(download=False)))
        except DataError:
            missing.append(pinned.name)
    if missing:
        raise DataError(
            _("not here yet: {names}. Run `python3 course.py data get` first.").format(
                names=", ".join(missing)
            )
        )
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for pinned, path in files:
                compression = zipfile.ZIP_STORED if path.suffix == ".deb" else zipfile.ZIP_DEFLATED
                archive.write(path, pinned.name, compress_type=compression)
            sums = "".join(f"{pinned.sha256}  {pinned.name}\n" for pinned, _path in files)
            archive.writestr(SUMS, sums, compress_type=zipfile.ZIP_DEFLATED)
            archive.writestr(LICENSES, licenses([p for p, _path in files]), zipfile.ZIP_DEFLATED)
            archive.writestr(README, PACK_README, compress_type=zipfile.ZIP_DEFLATED)
        os.replace(partial, target)
    except OSError as error:
        raise DataError(
            _("could not write {path}: {error}").format(path=target, error=error)
        ) from error
    finally:
        partial.unlink(missing_ok=True)
    return target


def unpack(source: str | os.PathLike[str]) -> list[Path]:
    """Check every file of the pack at ``source``, then put them all into the cache.

    Every file must be one the course pins and have its pinned SHA-256; otherwise nothing is
    installed and ``DataError`` names the file. Returns the paths written.
    """
    source = Path(source).expanduser()
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as error:
        raise DataError(
            _("{path} is not a data pack (a .zip): {error}").format(path=source, error=error)
        ) from error
    known = {pinned.name: pinned for pinned in pinned_files()}
    staged: list[tuple[Path, Path]] = []
    made: list[Path] = []  # the cache folders made here: removed again if nothing is installed
    try:
        with archive:
            members = _members(archive.namelist())
            extra = {SUMS, LICENSES, README}
            strangers = [members[n] for n in members if n not in known and n not in extra]
            if strangers:
                raise DataError(
                    _("{path} holds files the course does not pin: {names}").format(
                        path=source, names=", ".join(strangers)
                    )
                )
            for name, member_name in members.items():
                if name not in known:
                    continue
                pinned = known[name]
                folder = pinned.cache()
                digest = hashlib.sha256()
                try:
                    made += [p for p in (folder, *folder.parents) if not p.exists()][::-1]
                    folder.mkdir(parents=True, exist_ok=True)
                    partial = folder / (name + ".part")
                    staged.append((partial, folder / name))
                    with archive.open(member_name) as member, open(partial, "wb") as out:
                        for block in iter(lambda member=member: member.read(1 << 20), b""):
                            digest.update(block)
                            out.write(block)
                except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                    raise DataError(
                        _(
                            "{name} in {path} is damaged ({error}): nothing was installed; make "
                            "the pack again"
                        ).format(name=name, path=source, error=error)
                    ) from error
                except OSError as error:
                    raise _cache_error(folder, error) from error
                if digest.hexdigest() != pinned.sha256:
                    raise DataError(
                        _(
                            "{name} in {path} has SHA-256 {actual}, expected {expected}: the "
                            "pack is damaged or not the course's; nothing was installed."
                        ).format(
                            name=name,
                            path=source,
                            actual=digest.hexdigest(),
                            expected=pinned.sha256,
                        )
                    )
        for partial, final in staged:
            try:
                os.replace(partial, final)
            except OSError as error:
                raise _cache_error(final.parent, error) from error
    except BaseException:
        for partial, _final in staged:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty
        raise
    return [final for _partial, final in staged]


def _members(names: list[str]) -> dict[str, str]:
    """The files of a pack by the name the course knows them by, and their name in the zip.

    A pack zipped with its folder (``course-data/weather.csv``, as a file manager makes it) is
    read as the files in that folder.
    """
    files = [name for name in names if not name.endswith("/")]
    parts = [name.split("/") for name in files]
    tops = {part[0] for part in parts}
    if len(tops) == 1 and tops.isdisjoint({"", ".", ".."}) and all(len(p) == 2 for p in parts):
        return {part[1]: name for part, name in zip(parts, files, strict=True)}
    return {name: name for name in files}


def _cache_error(folder: Path, error: OSError) -> DataError:
    return DataError(
        _(
            "cannot write into the cache {folder}: {error}; set {env} to a folder you can "
            "write to. Nothing was installed."
        ).format(folder=folder, error=error.strerror or error, env=data.CACHE_ENV)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course.py data", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["get", "pack", "unpack"])
    parser.add_argument("file", nargs="?", metavar="FILE", help="the .zip (pack, unpack)")
    parser.add_argument("--force", action="store_true", help="pack: replace an earlier pack")
    args = parser.parse_args(argv)
    if args.force and args.action != "pack":
        parser.error("--force goes with pack")
    if args.action == "get":
        if args.file:
            parser.error("get takes no FILE")
        return get()
    if not args.file:
        parser.error(f"{args.action} needs FILE, the .zip to write or read")
    try:
        if args.action == "pack":
            print(_("wrote {path}").format(path=pack(args.file, args.force)))
            return 0
        written = unpack(args.file)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    for path in written:
        print(_("installed {path}").format(path=path))
    absent = sorted({p.name for p in pinned_files()} - {p.name for p in written})
    if absent:
        print(_("not in the pack: {names}").format(names=", ".join(absent)))
    shadowed = sorted({p.env for p in pinned_files() if os.environ.get(p.env)})
    if shadowed:
        print(
            _("Note: {names} set: the loaders read those folders, not the cache.").format(
                names=", ".join(shadowed)
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
