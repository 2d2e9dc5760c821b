"""Text tables as files hold them, checked for structure before any cell is read for meaning.

Lines: UTF-8 with or without a byte-order mark, possibly gzipped; line ends LF, CR LF, or CR
alone (old Excel for Mac), nothing else (a form feed or U+2028 inside a cell is not a line
break). Rows: one per line, cells split on the delimiter with CSV quoting; a quoted cell
never runs onto the next line, so a lone `"` cannot swallow the rows after it. A row whose
quotes do not close, or with a cell over `MAX_CELL` characters, is a `RowError` saying so,
for the reader to place (file and line) or count under --lenient.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .streams import is_stream

GZIP_MAGIC = b"\x1f\x8b"
#: the most one table cell may hold (Python's csv field limit, 128 KiB)
MAX_CELL = csv.field_size_limit()
_LINE_END = re.compile(r"\r\n|\r|\n")


class RowError(ValueError):
    """A row whose structure cannot be read; `reason` is short, for skipped_reasons."""

    def __init__(self, reason: str, detail: str):
        self.reason = reason
        super().__init__(detail)


def parse_row(line: str, delimiter: str) -> list[str]:
    """The cells of one line; a RowError for unterminated quotes or an oversized cell."""
    try:
        return next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error as exc:
        text = str(exc)
        if "field limit" in text:
            raise RowError("cell too long", f"a cell holds more than {MAX_CELL} characters "
                           f"({MAX_CELL >> 10} KiB), the most a table cell may hold") from None
        if "end of data" in text:
            raise RowError("unterminated quote", "a cell opens a quote ('\"') that this line "
                           "never closes (a cell may not run onto the next line)") from None
        raise RowError("misplaced quote", f"quotes out of place ({text}): a quoted cell must "
                       "end at its closing quote") from None


def split_cells(line: str) -> list[str]:
    """The cells of a line that may be a header (delimiter told from the line); none when it
    cannot be read as one."""
    if not line.strip():
        return []
    try:
        return next(csv.reader([line], delimiter=sniff_delimiter(line)), [])
    except csv.Error:
        return []


def sniff_delimiter(header: str) -> str:
    tabs, commas, semis = header.count("\t"), header.count(","), header.count(";")
    if tabs >= max(commas, 1):
        return "\t"
    if commas >= max(semis, 1):
        return ","
    if semis:
        return ";"
    return "\t"


def check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a file")
    if is_stream(path):  # opening a pipe to look would take what it holds
        return
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None


def open_text_lines(path: Path) -> list[str]:
    """All lines of a (possibly gzipped) text table; undecodable bytes are an error naming the
    line."""
    check_readable(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        if raw.startswith(GZIP_MAGIC):
            raw = gzip.decompress(raw)
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be decompressed ({exc})") from None
    if not raw.strip():
        raise InputError(path, "is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(path, "is binary, not a text table")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(_LINE_END.findall(raw[: exc.start].decode("utf-8", "replace"))) + 1
        raise InputError(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line=line) \
            from None
    lines = _LINE_END.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def stream_text_lines(path: Path) -> Iterator[str]:
    """The lines of a (possibly gzipped) text table, one at a time, so memory stays bounded on
    huge files; empty, binary and undecodable input is an InputError naming the line."""
    check_readable(path)
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    opener = gzip.open if gzipped else open
    seen_text = False
    number = 0
    try:
        with opener(path, "rb") as fh:
            for raw in fh:
                if number == 0:
                    if b"\x00" in raw[:8192]:
                        raise InputError(path, "is binary, not a text table")
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                body = raw.removesuffix(b"\n").removesuffix(b"\r")
                for part in body.split(b"\r") if b"\r" in body else (body,):  # CR alone
                    number += 1
                    try:
                        line = part.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        raise InputError(path, "is not UTF-8 text (byte "
                                         f"0x{part[exc.start]:02x})", line=number) from None
                    seen_text = seen_text or bool(line.strip())
                    yield line
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be decompressed ({exc})") from None
    if not seen_text:
        raise InputError(path, "is empty")
