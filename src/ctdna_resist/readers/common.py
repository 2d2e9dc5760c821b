"""What every reader needs: options, opening text safely, numbers as assays write them."""

from __future__ import annotations

import gzip
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
from .text import (  # noqa: F401  (what every reader needs, in one place)
    GZIP_MAGIC,
    RowError,
    check_readable,
    open_text_lines,
    parse_row,
    sniff_delimiter,
    split_cells,
    stream_text_lines,
)


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


class BadRow(list):
    """A row whose structure cannot be read (no cells): `read_rows` makes it an error naming
    its line, or a skip counted with the reason under --lenient."""

    def __init__(self, error: RowError):
        super().__init__()
        self.skip = SkipRecord(error.reason, str(error))


@dataclass
class Table:
    """A delimited table whose header was found by its columns; rows keep their line numbers."""

    path: Path
    header: list[str]
    header_line: int  # 1-based
    rows: list[tuple[int, list[str]]]  # a BadRow where the line cannot be read
    columns: dict[str, int]  # folded name -> index
    #: folded names the header gives twice -> the names as written
    duplicates: dict[str, list[str]] = field(default_factory=dict)

    def has(self, *names: str) -> bool:
        return all(fold(n) in self.columns for n in names)

    def first(self, *names: str) -> str | None:
        """The folded name of the first of `names` the table has."""
        return next((fold(n) for n in names if fold(n) in self.columns), None)

    def cell(self, cells: list[str], *names: str) -> str:
        """The value of the first of `names` present, stripped ('' when absent or short). A
        column the header names twice cannot be told apart: an error naming both."""
        for name in names:
            key = fold(name)
            index = self.columns.get(key)
            if index is not None:
                if self.duplicates and key in self.duplicates:
                    raise InputError(self.path, f"columns {' and '.join(self.duplicates[key])} "
                                     "are one column to this reader (names compared ignoring "
                                     "case and punctuation); which to read cannot be told",
                                     line=self.header_line)
                return cells[index].strip() if index < len(cells) else ""
        return ""

    def values(self, *names: str) -> list[str]:
        """The distinct non-empty values of the first of `names` present, sorted: the samples
        a file holds."""
        return sorted({self.cell(cells, *names) for _, cells in self.rows} - {""})

    def rows_of(self, sample: str | None, *names: str) -> Iterator[tuple[int, list[str]]]:
        """The rows whose sample column (the first of `names` present) holds `sample`; every
        row when it is None, and every row that cannot be read (whose sample is unknown)."""
        return ((line, cells) for line, cells in self.rows
                if sample is None or isinstance(cells, BadRow)
                or self.cell(cells, *names) == sample)


def read_table(path: Path, is_header, what: str) -> Table:
    """Read a delimited text table, locating its header line with `is_header` (folded cells).
    Each line is one row (text.py); a line that cannot be read is kept as a BadRow."""
    lines = open_text_lines(path)
    index = find_header(lines, is_header, limit=len(lines))
    if index is None:
        raise InputError(path, f"has no {what} header line")
    delimiter = sniff_delimiter(lines[index])
    try:
        header = parse_row(lines[index], delimiter)
    except RowError as exc:
        raise InputError(path, f"header: {exc}", line=index + 1) from None
    columns: dict[str, int] = {}
    written: dict[str, list[str]] = {}
    for i, name in enumerate(header):
        columns.setdefault(fold(name), i)
        if name.strip():
            written.setdefault(fold(name), []).append(f"'{name.strip()}'")
    rows: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines[index + 1:], start=index + 2):
        if not line.strip():
            continue
        try:
            cells = parse_row(line, delimiter)
        except RowError as exc:
            rows.append((number, BadRow(exc)))
            continue
        if any(c.strip() for c in cells):
            rows.append((number, cells))
    duplicates = {key: names for key, names in written.items() if len(names) > 1}
    return Table(path, header, index + 1, rows, columns, duplicates)


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
            if isinstance(row, BadRow):
                raise row.skip
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
