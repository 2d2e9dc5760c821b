"""Writing outputs: complete or absent, never half-written, never over an input. '-' is
standard output.

An OSError while writing (a full disk, a folder that went away, standard output closed) is an
`OutputError` naming the path: the environment's problem, exit 2, and what this run wrote is
removed again.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .errors import OutputError, UsageError

#: files read along with an input, which an output must not replace either
_COMPANIONS = (".tbi", ".csi", ".bai", ".crai", ".fai", ".gzi")


def check_not_inputs(outputs: Iterable[str | Path | None],
                     inputs: Iterable[str | Path | None]) -> None:
    """Fail before any work when an output would replace an input, or a file read with it
    (its index), or another output: paths compared once resolved (`..`, symbolic links), and
    as files (device and inode: hard links) where both exist. Each path is resolved once, so
    a batch of thousands of samples checks in linear time."""
    read = [Path(p) for p in inputs if p is not None and str(p) != "-"]
    read += [Path(f"{p}{suffix}") for p in read for suffix in _COMPANIONS
             if Path(f"{p}{suffix}").exists()]
    read_as: dict[object, Path] = {key: path for path in read for key in _identities(path)}
    written_as: dict[object, Path] = {}
    for output in outputs:
        if output is None or str(output) in ("", "-"):
            continue
        target = Path(output)
        keys = _identities(target)
        if path := next((read_as[k] for k in keys if k in read_as), None):
            raise UsageError(f"{target}: is the input {path}; writing there would destroy "
                             "it: give the output another name")
        if path := next((written_as[k] for k in keys if k in written_as), None):
            raise UsageError(f"{target}: given for two outputs ({path}); give each its "
                             "own name")
        written_as.update((key, target) for key in keys)


def _identities(path: Path) -> list[object]:
    """What makes two paths one file: the resolved path, and the device and inode of an
    existing file. A loop of symbolic links has neither (it is never an input)."""
    try:
        keys: list[object] = [path.resolve()]
    except (OSError, RuntimeError):
        return []
    try:
        stat = path.stat()
    except (OSError, RuntimeError):
        return keys
    return [*keys, (stat.st_dev, stat.st_ino)]


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
    """Write to a temporary file beside the target, then rename it into place; an OSError
    on the way is an OutputError naming the path, with the temporary file removed."""
    if str(path) == "-":
        try:
            if isinstance(data, bytes):
                sys.stdout.buffer.write(data)
            else:
                _write(sys.stdout, data)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader went away: the CLI stops quietly
        except OSError as exc:
            raise OutputError("standard output", f"cannot be written ({_why(exc)})") from None
        return
    target = Path(path)
    check_writable(target)
    mode = "wb" if isinstance(data, bytes) else "w"
    if target.exists() and not target.is_file():
        # a device or pipe (/dev/null, a FIFO a pipeline reads): write to it, never replace it
        try:
            with open(target, mode) as fh:
                _write(fh, data)
        except OSError as exc:
            raise OutputError(target, f"cannot be written ({_why(exc)})") from None
        return
    import tempfile  # here: most runs write one or two files, and start-up counts

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8",
                                                             "newline": ""})) as fh:
            _write(fh, data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(target, f"cannot be written ({_why(exc)})") from None
    except BaseException:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


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
