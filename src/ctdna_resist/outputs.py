"""Writing outputs: complete or absent, never half-written. '-' is standard output."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError


def check_writable(path: str | Path) -> None:
    """Fail before any work is done when an output cannot be written."""
    if str(path) == "-":
        return
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{target}: is a directory; give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{target}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise UsageError(f"{target}: folder {folder} is not writable")


#: what an output holds: its text or bytes, or its text in pieces (written as they come, so
#: that a large output is never held whole)
Content = str | bytes | Iterable[str]


def write_atomic(path: str | Path, data: Content) -> None:
    """Write to a temporary file beside the target, then rename it into place."""
    if str(path) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            _write(sys.stdout, data)
        sys.stdout.flush()
        return
    target = Path(path)
    check_writable(target)
    mode = "wb" if isinstance(data, bytes) else "w"
    if target.exists() and not target.is_file():
        # a device or pipe (/dev/null, a FIFO a pipeline reads): write to it, never replace it
        with open(target, mode) as fh:
            _write(fh, data)
        return
    import tempfile  # here: most runs write one or two files, and start-up counts

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8",
                                                             "newline": ""})) as fh:
            _write(fh, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(fh, data: Content) -> None:
    if isinstance(data, str | bytes):
        fh.write(data)
    else:
        for piece in data:
            fh.write(piece)


def write_all(outputs: list[tuple[str | Path, Content]]) -> None:
    """Write each (path, content) atomically, in order; when one fails, remove the files this
    call already wrote, so a set of outputs is complete or absent."""
    written: list[Path] = []
    try:
        for path, data in outputs:
            write_atomic(path, data)
            if str(path) != "-" and Path(path).is_file():
                written.append(Path(path))
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
