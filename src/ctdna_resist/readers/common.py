"""What every reader needs: options, opening text safely, numbers as assays write them."""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..kb.load import KnowledgeBase
from ..normalize.alterations import AlterationBuilder

GZIP_MAGIC = b"\x1f\x8b"
_MISSING = {"", ".", "na", "n/a", "nan", "none", "null", "-"}


@dataclass
class ReadOptions:
    kb: KnowledgeBase
    builder: AlterationBuilder
    sample: str | None = None
    genome: str | None = None
    lenient: bool = False
    reference: Path | None = None
    thresholds: dict[str, float] = field(default_factory=dict)


class SkipRecord(Exception):
    """An invalid record: an InputError in strict mode, a counted skip under --lenient."""

    def __init__(self, reason: str, detail: str):
        self.reason = reason  # short, for accounting.skipped_reasons
        self.detail = detail  # the full message
        super().__init__(detail)


def check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror})") from None


def read_head(path: Path, size: int = 65536) -> bytes:
    """The first bytes of a file, decompressed when gzipped/bgzipped."""
    with open(path, "rb") as fh:
        raw = fh.read(size)
    if raw.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as gz:
                return gz.read(size)
        except (OSError, EOFError):
            return b""
    return raw


def open_text_lines(path: Path) -> list[str]:
    """All lines of a (possibly gzipped) text table, BOM and CRLF handled; undecodable bytes are
    an error naming the line."""
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
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line=line) \
            from None
    return text.splitlines()


def sniff_delimiter(header: str) -> str:
    tabs, commas, semis = header.count("\t"), header.count(","), header.count(";")
    if tabs >= max(commas, 1):
        return "\t"
    if commas >= max(semis, 1):
        return ","
    if semis:
        return ";"
    return "\t"


def iter_table(lines: list[str], delimiter: str) -> Iterator[list[str]]:
    yield from csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)


def parse_fraction(value: str, *, percent_column: bool = False) -> float | None:
    """A VAF as written: `0.012`, `1.2%`, `1.2 %` -> 0.012. A bare value above 1 is an error
    (it is ambiguous: a percentage written without `%`, or a wrong column)."""
    s = value.strip()
    if s.lower() in _MISSING:
        return None
    is_percent = percent_column or s.endswith("%")
    s = s.rstrip("%").strip().replace(",", ".") if re.fullmatch(r"[\d.,]+\s*%?", s) else \
        s.rstrip("%").strip()
    try:
        number = float(s)
    except ValueError:
        raise ValueError(f"VAF '{value}' is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"VAF '{value}' is not a number")
    if number < 0:
        raise ValueError(f"VAF '{value}' is negative")
    if is_percent:
        if number > 100:
            raise ValueError(f"VAF '{value}' is above 100%")
        return round(number / 100, 8)
    if number > 1:
        raise ValueError(f"VAF '{value}' is above 1; write '{value}%' if it is a percentage")
    return number


def parse_number(value: str, what: str, *, integer: bool = False) -> float | int | None:
    s = value.strip()
    if s.lower() in _MISSING:
        return None
    try:
        number = float(s)
    except ValueError:
        raise ValueError(f"{what} '{value}' is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(f"{what} '{value}' is not a number")
    if number < 0:
        raise ValueError(f"{what} '{value}' is negative")
    if integer:
        if number != int(number):
            raise ValueError(f"{what} '{value}' is not a whole number")
        return int(number)
    return number
