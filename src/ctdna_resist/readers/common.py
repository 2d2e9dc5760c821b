"""What every reader needs: options, opening text safely, numbers as assays write them."""

from __future__ import annotations

import csv
import gzip
import io
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..errors import InputError
from ..kb.load import KnowledgeBase
from ..model import Alteration, Kind, ReadResult
from ..normalize.alterations import AlterationBuilder
from ..numbers import parse_fraction, parse_number  # noqa: F401  (the readers' number parser)

GZIP_MAGIC = b"\x1f\x8b"


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
    if not path.is_file():  # a pipe: opening it to look would take what it holds
        if not os.access(path, os.R_OK):
            raise InputError(path, "cannot be read (permission denied)")
        return
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
        except (OSError, EOFError) as exc:
            raise InputError(path, f"cannot be decompressed ({exc})") from None
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


def stream_text_lines(path: Path) -> Iterator[str]:
    """The lines of a (possibly gzipped) text table, one at a time, so memory stays bounded on
    huge files. BOM and CRLF handled; empty, binary and undecodable input is an InputError
    naming the line."""
    check_readable(path)
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    opener = gzip.open if gzipped else open
    seen_text = False
    try:
        with opener(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):
                if number == 1:
                    if b"\x00" in raw[:8192]:
                        raise InputError(path, "is binary, not a text table")
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(path, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                                     line=number) from None
                seen_text = seen_text or bool(line.strip())
                yield line.rstrip("\r\n")
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be decompressed ({exc})") from None
    if not seen_text:
        raise InputError(path, "is empty")


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


# -- tables with a located header ---------------------------------------------------------------

@lru_cache(maxsize=4096)
def fold(name: str) -> str:
    """A header cell compared loosely: `#FusionName`, `Fusion_Name` -> `fusionname`."""
    return re.sub(r"[\s_#'\"().-]+", "", name.strip().lower())


def head_lines(head: bytes, limit: int = 200) -> list[str]:
    """The first lines of a file's head as text (a cut last line dropped when the head is full)."""
    text = head.decode("utf-8-sig", errors="replace")
    lines = text.splitlines()
    if len(head) >= 65536 and lines:
        lines = lines[:-1]
    return lines[:limit]


def split_cells(line: str) -> list[str]:
    delimiter = sniff_delimiter(line)
    return next(csv.reader([line], delimiter=delimiter)) if line.strip() else []


def find_header(lines: list[str], is_header, limit: int = 200) -> int | None:
    """Index of the first line (of the first `limit`) whose cells `is_header` accepts, folded.

    Preamble lines before it (`#version 2.4`, `[Header]`, `# Analysis Details`) are skipped.
    """
    for index, line in enumerate(lines[:limit]):
        if not line.strip():
            continue
        cells = {fold(c) for c in split_cells(line)}
        if is_header(cells):
            return index
    return None


@dataclass
class Table:
    """A delimited table whose header was found by its columns; rows keep their line numbers."""

    path: Path
    header: list[str]
    header_line: int  # 1-based
    rows: list[tuple[int, list[str]]]
    columns: dict[str, int]  # folded name -> index

    def has(self, *names: str) -> bool:
        return all(fold(n) in self.columns for n in names)

    def first(self, *names: str) -> str | None:
        """The folded name of the first of `names` the table has."""
        return next((fold(n) for n in names if fold(n) in self.columns), None)

    def cell(self, cells: list[str], *names: str) -> str:
        """The value of the first of `names` present, stripped ('' when absent or short)."""
        for name in names:
            index = self.columns.get(fold(name))
            if index is not None:
                return cells[index].strip() if index < len(cells) else ""
        return ""

    def values(self, *names: str) -> list[str]:
        """The distinct non-empty values of the first of `names` present, sorted: the samples
        a file holds."""
        return sorted({self.cell(cells, *names) for _, cells in self.rows} - {""})

    def rows_of(self, sample: str | None, *names: str) -> Iterator[tuple[int, list[str]]]:
        """The rows whose sample column (the first of `names` present) holds `sample`; every
        row when it is None."""
        return ((line, cells) for line, cells in self.rows
                if sample is None or self.cell(cells, *names) == sample)


def read_table(path: Path, is_header, what: str) -> Table:
    """Read a delimited text table, locating its header line with `is_header` (folded cells)."""
    lines = open_text_lines(path)
    index = find_header(lines, is_header, limit=len(lines))
    if index is None:
        raise InputError(path, f"has no {what} header line")
    delimiter = sniff_delimiter(lines[index])
    parsed = list(iter_table(lines[index:], delimiter))
    header = parsed[0]
    columns: dict[str, int] = {}
    for i, name in enumerate(header):
        columns.setdefault(fold(name), i)
    rows = []
    for offset, cells in enumerate(parsed[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        rows.append((index + offset, cells))
    return Table(path, header, index + 1, rows, columns)


def choose_sample(path: Path, samples: list[str], wanted: str | None, what: str) -> str | None:
    """The sample to read: `--sample` when given (and present), the only one, or an error
    when the file holds several."""
    if wanted is not None:
        if wanted not in samples:
            raise InputError(path, f"sample '{wanted}' not found; the file holds: "
                             f"{', '.join(samples[:10]) or f'no {what}'}"
                             f"{', ...' if len(samples) > 10 else ''}")
        return wanted
    if len(samples) > 1:
        raise InputError(path, f"holds {len(samples)} samples ({', '.join(samples[:5])}"
                         f"{', ...' if len(samples) > 5 else ''}); choose one with --sample")
    return samples[0] if samples else None


R = TypeVar("R")  # a row as the reader holds it
T = TypeVar("T")  # what the reader makes of it


def read_rows(path: Path, rows: Iterable[tuple[int, R]], options: ReadOptions,
              result: ReadResult, read_row: Callable[[int, R], T | None]
              ) -> Iterator[tuple[int, T]]:
    """(line, read_row(line, row)) of each row, every row counted in result.input_records.

    A row whose read raises SkipRecord is, in strict mode, an InputError naming its line and,
    under --lenient, counted in result.skipped with its reason. A row read as None needs nothing
    more (read_row counted it where it belongs: FILTER, outside the knowledge base, ...).
    """
    for line, row in rows:
        result.input_records += 1
        try:
            value = read_row(line, row)
        except SkipRecord as skip:
            if not options.lenient:
                raise InputError(path, skip.detail, line=line) from None
            result.skipped[skip.reason] += 1
            continue
        if value is not None:
            yield line, value


def check_width(cells: int, columns: int) -> None:
    """A row must have as many cells as the header has columns."""
    if cells != columns:
        raise SkipRecord("wrong number of columns", f"{cells} cells for {columns} columns")


def strip_gene(text: str) -> str:
    """A gene symbol as callers decorate it: `ALK^ENSG00000171094.19`, `MET|NM_000245`,
    `EGFR (ENSG...)` -> the symbol."""
    return re.split(r"[\^|(:\s]", text.strip(), maxsplit=1)[0]


def keep(result: ReadResult, alteration: Alteration, kb: KnowledgeBase) -> None:
    """List an alteration of a knowledge-base gene; only count one outside (DESIGN.md: a
    genome-size input stays small). A fusion is kept when either partner is a KB gene."""
    inside = alteration.gene in kb.genes or (
        alteration.kind is Kind.FUSION and alteration.partner in kb.genes)
    if inside:
        result.alterations.append(alteration)
    else:
        result.count_outside(alteration.gene)


def copy_number_call(copy_number: float, thresholds: dict[str, float]) -> str | None:
    """`amplification` at or above amplification_copy_number, `deletion` below
    deletion_copy_number (annotations/thresholds.tsv), else None (no call)."""
    if copy_number >= thresholds.get("amplification_copy_number", 2.5):
        return "amplification"
    if copy_number < thresholds.get("deletion_copy_number", 1.5):
        return "deletion"
    return None
