"""Inputs that are streams: a named pipe (FIFO), bash process substitution `<(zcat x.vcf.gz)`,
a device. A stream can be read once only, while detecting a format and reading a file each
open it; so a stream is copied, once, into a temporary file, and read from there. The copy
holds at most `STREAM_LIMIT` bytes (a longer stream is an error asking for a file); it is
removed when the inputs are read. Messages name the input as given, never the copy.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import InputError

#: the most read from one stream (README, "Errors")
STREAM_LIMIT = 2 << 30  # 2 GiB
_BLOCK = 1 << 20


def is_stream(path: Path) -> bool:
    """A pipe, socket or device: something that is not a regular file or a folder."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode) or stat.S_ISSOCK(mode)


@contextmanager
def spooled(paths: list[Path]) -> Iterator[dict[Path, Path]]:
    """{path to read: the input as given}: each stream copied into a temporary folder
    (removed afterwards) under its own name, each file as it is."""
    streams = [path for path in paths if is_stream(path)]
    if not streams:
        yield {path: path for path in paths}
        return
    try:
        folder = Path(tempfile.mkdtemp(prefix="ctdna-resist-streams-"))
    except OSError as exc:
        raise InputError(streams[0], f"is a stream, and no temporary folder can be made to "
                         f"copy it into ({exc.strerror}); set TMPDIR to a writable "
                         "folder") from None
    try:
        read: dict[Path, Path] = {}
        for number, path in enumerate(paths):
            if not is_stream(path):
                read[path] = path
                continue
            copy = folder / str(number) / path.name
            copy.parent.mkdir()
            _copy(path, copy)
            read[copy] = path
        yield read
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(path: Path, copy: Path) -> None:
    copied = 0
    try:
        source = open(path, "rb")
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None
    with source, _created(path, copy) as out:
        while True:
            try:
                block = source.read(_BLOCK)
            except OSError as exc:
                raise InputError(path, f"cannot be read ({exc.strerror})") from None
            if not block:
                return
            copied += len(block)
            if copied > STREAM_LIMIT:
                raise InputError(path, f"is a stream (a pipe or process substitution) of "
                                 f"more than {_size(STREAM_LIMIT)}, the most read from a "
                                 "stream; write it to a file and give the file")
            try:
                out.write(block)
            except OSError as exc:
                raise InputError(path, f"is a stream, and its copy in {copy.parent.parent} "
                                 f"cannot be written ({exc.strerror}); set TMPDIR to a "
                                 "folder with room") from None


def _created(path: Path, copy: Path):
    try:
        return open(copy, "wb")
    except OSError as exc:
        raise InputError(path, f"is a stream, and its copy in {copy.parent.parent} cannot be "
                         f"created ({exc.strerror}); set TMPDIR to a writable folder") from None


def _size(limit: int) -> str:
    return f"{limit >> 30} GiB" if limit >= 1 << 30 else f"{limit} bytes"
