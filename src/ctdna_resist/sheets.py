"""Sample sheets: the batch sheet (one row per sample) and the serial time-point sheet (one row
per blood draw of one patient), read with the same rules.

Both are CSV or TSV (the delimiter is told from the header line; a `;`-delimited sheet is read
too), UTF-8 with or without a byte-order mark, possibly gzipped. Header names are
case-insensitive, spaces read as `_`; a column named twice, a missing required column, a column
the batch sheet does not know (a misspelt `therapy` would otherwise be ignored) and a row with
more cells than the header are errors naming the sheet and the line. Blank lines are skipped.
List cells (`inputs`, `therapies`) are `;`-separated; paths (`inputs`, `bam`) are relative to
the sheet's folder. A tumour fraction is written `0.12` or `12%`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import InputError, UsageError
from .kb.knowledge_base import KnowledgeBase
from .kb.tables import split_list
from .model import printable
from .numbers import parse_tumor_fraction
from .readers.text import RowError, open_text_lines, parse_row, sniff_delimiter

BATCH_REQUIRED = ("sample", "inputs", "therapies")
#: `input_sample` is the per-sample `--sample` (which sample of a multi-sample input); `bam`
#: the per-sample `--bam` (reads for phasing)
BATCH_OPTIONAL = ("driver", "tumor_type", "tumor_fraction", "genome", "input_sample", "bam")
SERIAL_REQUIRED = ("timepoint", "inputs", "therapy")
SERIAL_OPTIONAL = ("date", "tumor_fraction", "sample")
#: the cohort summary's file name in a batch output folder; no sample may take it
SUMMARY_NAME = "cohort_summary"
#: sample names become file names: letters, digits, '.', '_', '-', starting with a letter or digit
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
NAME_RULE = ("use letters, digits, '.', '_' and '-' (at most 128), starting with a letter or "
             "digit")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class SheetRow:
    """One row of a sheet: its line and its cells by (canonical) column name, stripped."""

    line: int
    cells: dict[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")


def read_sheet(path: Path, required: tuple[str, ...], optional: tuple[str, ...],
               what: str, *, only_known: bool = False) -> list[SheetRow]:
    """The data rows of a sheet whose columns include `required`; with `only_known`, a column
    that is neither required nor optional is an error, otherwise it is ignored."""
    path = Path(path)
    lines = open_text_lines(path)
    first = next((i for i, text in enumerate(lines) if text.strip()), None)
    if first is None:
        raise InputError(path, f"is empty; {what} needs a header line and one row per "
                         f"{'time point' if 'timepoint' in required else 'sample'}")
    delimiter = sniff_delimiter(lines[first])
    header_line = first + 1
    header = [c.strip().lower().replace(" ", "_") for c in _cells(path, lines[first], delimiter,
                                                                   header_line)]
    problems = check_columns(header, required, optional, only_known)
    if problems:
        raise InputError(path, problems, line=header_line)
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise InputError(path, f"column(s) named twice: {', '.join(repeated)}", line=header_line)
    index = {name: header.index(name) for name in (*required, *optional) if name in header}
    rows = []
    for line, text in enumerate(lines[first + 1:], start=header_line + 1):
        cells = _cells(path, text, delimiter, line)
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise InputError(path, f"{len(cells)} cells but the header has {len(header)} "
                             "columns", line=line)
        rows.append(SheetRow(line=line, cells={
            name: (cells[i].strip() if i < len(cells) else "") for name, i in index.items()}))
    return rows


def _cells(path: Path, text: str, delimiter: str, line: int) -> list[str]:
    """The cells of one line of a sheet (one row per line: readers/text.py)."""
    try:
        return parse_row(text, delimiter)
    except RowError as exc:
        raise InputError(path, str(exc), line=line) from None


def check_columns(header: list[str], required: tuple[str, ...], optional: tuple[str, ...],
                  only_known: bool) -> str | None:
    """What is wrong with a sheet's header, in one line (None when nothing is): required
    columns missing, and with `only_known` the columns it does not know, each with the accepted
    name it is closest to."""
    import difflib

    accepted = (*required, *optional)
    missing = [c for c in required if c not in header]
    unknown = [h for h in header if h and h not in accepted] if only_known else []
    if not missing and not unknown:
        return None
    parts = []
    if missing:
        parts.append(f"missing required column(s) {', '.join(missing)}")
    if unknown:
        named = []
        for column in unknown:
            close = difflib.get_close_matches(column, accepted, n=1, cutoff=0.7)
            named.append(f"{column} (did you mean {close[0]}?)" if close else column)
        parts.append(f"unknown column(s) {', '.join(named)}")
    shown = ", ".join(h for h in header if h) or "nothing"
    return (f"{'; '.join(parts)} (the header has: {shown}; required: {', '.join(required)}; "
            f"optional: {', '.join(optional)})")


def tumor_fraction(text: str) -> float | None:
    """A sheet's tumour fraction cell (empty: not measured); ValueError when unusable."""
    return parse_tumor_fraction(text) if text else None


def resolve_inputs(sheet: Path, names: tuple[str, ...]) -> list[Path]:
    """Input paths as written in a sheet, relative to the sheet's folder unless absolute."""
    return [Path(name) if Path(name).is_absolute() else sheet.parent / name for name in names]


# --- the batch sheet ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchRow:
    """One sample of the batch sheet, cells as written (values are checked per sample, so one
    sample's bad value fails that sample only)."""

    sample: str
    line: int
    inputs: tuple[str, ...]
    therapies: tuple[str, ...]
    driver: str | None = None
    tumor_fraction: str | None = None
    genome: str | None = None
    input_sample: str | None = None
    tumor_type: str | None = None
    bam: str | None = None  # as written: relative to the sheet's folder unless absolute


def read_batch_sheet(path: Path) -> list[BatchRow]:
    """Read and check a batch sample sheet: sample names are safe file names, unique ignoring
    case (case-insensitive file systems would merge PT1 and pt1)."""
    path = Path(path)
    rows: list[BatchRow] = []
    seen: dict[str, int] = {}
    for row in read_sheet(path, BATCH_REQUIRED, BATCH_OPTIONAL, "a sample sheet",
                          only_known=True):
        sample = row.get("sample")
        check_sample_name(sample, path, row.line)
        if sample.lower() in seen:
            raise InputError(path, f"sample '{sample}' is named twice (first on line "
                             f"{seen[sample.lower()]}); sample names must be unique, ignoring "
                             "case", line=row.line)
        seen[sample.lower()] = row.line
        rows.append(BatchRow(
            sample=sample, line=row.line, inputs=split_list(row.get("inputs")),
            therapies=split_list(row.get("therapies")), driver=row.get("driver") or None,
            tumor_fraction=row.get("tumor_fraction") or None,
            genome=row.get("genome") or None, input_sample=row.get("input_sample") or None,
            tumor_type=row.get("tumor_type") or None, bam=row.get("bam") or None))
    if not rows:
        raise InputError(path, "has a header but no samples")
    return rows


def check_sample_name(name: str, path: Path, line: int) -> None:
    if not name:
        raise InputError(path, "empty sample name", line=line)
    if not SAFE_NAME.fullmatch(name):
        raise InputError(path, f"sample '{name}' cannot be used as a file name; {NAME_RULE}",
                         line=line)
    if name.lower() == SUMMARY_NAME:
        raise InputError(path, f"sample '{name}' would overwrite the cohort summary; rename it",
                         line=line)
    if name.lower().endswith("_mqc"):
        raise InputError(path, f"sample '{name}': names ending in _mqc are MultiQC's own "
                         "inputs (its report would read the sample's files as such); rename it",
                         line=line)


# --- the serial time-point sheet ---------------------------------------------------------------

@dataclass(frozen=True)
class Timepoint:
    """One row of the time-point sheet, validated; `line` is the sheet line it came from."""

    label: str
    date: date | None
    inputs: tuple[Path, ...]  # resolved against the sheet's folder
    inputs_as_written: tuple[str, ...]
    therapy: str | None  # normalised name, e.g. 'osimertinib', 'dabrafenib+trametinib'
    tumor_fraction: float | None = None
    sample: str | None = None
    line: int = 0
    #: lines the cell names before `therapy` ('erlotinib;osimertinib': erlotinib, then the
    #: osimertinib being received), the most recent last
    earlier_therapies: tuple[str, ...] = ()


def read_timepoint_sheet(path: Path, kb: KnowledgeBase) -> list[Timepoint]:
    """Read and validate a time-point sheet; every problem names the sheet and its line."""
    path = Path(path)
    timepoints: list[Timepoint] = []
    for row in read_sheet(path, SERIAL_REQUIRED, SERIAL_OPTIONAL, "a time-point sheet"):
        timepoints.append(_timepoint(path, row, kb, timepoints))
    if len(timepoints) < 2:
        raise InputError(path, f"{len(timepoints)} time point(s): serial monitoring compares "
                         "two or more (use 'ctdna-resist report' for one sample)")
    return timepoints


def _timepoint(path: Path, row: SheetRow, kb: KnowledgeBase,
               earlier: list[Timepoint]) -> Timepoint:
    label = printable(row.get("timepoint")).strip()  # it labels the report's figure

    def fail(message: str):
        return InputError(path, message, line=row.line, record=label or None)

    if not label:
        raise fail("empty 'timepoint' label")
    if any(t.label == label for t in earlier):
        raise fail(f"time point '{label}' is listed twice")
    when = _date(row.get("date"), earlier, fail)
    names = split_list(row.get("inputs"))
    if not names:
        raise fail("no input files in 'inputs'")
    inputs = resolve_inputs(path, names)
    for name, resolved in zip(names, inputs, strict=True):
        if not resolved.is_file():
            what = "is a directory" if resolved.is_dir() else "not found"
            raise fail(f"input file {name} {what} (looked for {resolved})")
    lines: list[str] = []
    for written in split_list(row.get("therapy")):
        try:
            lines.append(kb.drugs.therapy(written).name)
        except UsageError as exc:
            raise fail(re.sub(r"^--therapy:?\s*", "therapy ", str(exc))) from None
    try:
        fraction = tumor_fraction(row.get("tumor_fraction"))
    except ValueError as exc:
        raise fail(str(exc)) from None
    return Timepoint(label=label, date=when, inputs=tuple(inputs), inputs_as_written=names,
                     therapy=lines[-1] if lines else None, earlier_therapies=tuple(lines[:-1]),
                     tumor_fraction=fraction, sample=row.get("sample") or None, line=row.line)


def _date(text: str, earlier: list[Timepoint], fail) -> date | None:
    """An ISO date, not before the last dated time point."""
    if not text:
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        when = date.fromisoformat(text)
    except ValueError:
        raise fail(f"date '{text}' is not an ISO date (YYYY-MM-DD)") from None
    previous = next((t for t in reversed(earlier) if t.date is not None), None)
    if previous is not None and when < previous.date:
        raise fail(f"date {when} is before {previous.date} of time point '{previous.label}' "
                   f"(line {previous.line}); rows must be in time order")
    return when
