"""cBioPortal discrete copy-number data (GISTIC-style calls per gene).

Two layouts, as cBioPortal's file-formats documentation describes them:
- wide (`data_cna.txt`): `Hugo_Symbol` [+ `Entrez_Gene_Id`, `Cytoband`] then one column per
  sample; values -2 (deep deletion), -1.5 (hemizygous deletion), -1 (shallow deletion),
  0 (diploid), 1 (gain), 2 (amplification), `NA` (not profiled);
- long: one row per gene and sample, `Hugo_Symbol`, `Sample_Id`, `Value`, where the value is one of
  those codes or its word (`Amplification`, `Gain`, `Diploid`, `Shallow Deletion`,
  `Deep Deletion`, and the short forms `AMP`, `GAIN`, `HETLOSS`, `HOMDEL`).

2 is an amplification and -2 a deletion (the knowledge base's `deletion` means copy loss of the
gene); -1.5, -1 and 1 are low-level changes: listed for knowledge-base genes (they explain no
resistance by themselves), counted for others; 0 and NA are no alteration. A discrete call
carries no copy number, so `plasma_copy_number` stays empty.

A gene present on two rows (the same `Hugo_Symbol` twice, as happens when one symbol maps to two
Entrez IDs) is read once when the rows agree for the sample; rows that disagree cannot be
reconciled without guessing and are an error naming both lines (skipped under --lenient).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Alteration, Kind, ReadResult
from .common import (
    BadRow,
    ReadOptions,
    SkipRecord,
    Table,
    check_width,
    choose_sample,
    fold,
    head_lines,
    keep,
    read_rows,
    read_table,
    split_cells,
)
from .maf import MAF_COLUMNS

_GENE_COLUMNS = {fold(c) for c in ("Hugo_Symbol", "Entrez_Gene_Id")}
_ANNOTATION_COLUMNS = _GENE_COLUMNS | {fold(c) for c in ("Cytoband", "Locus ID", "Gene Symbol")}
_SAMPLE_COLUMNS = ("Sample_Id", "Tumor_Sample_Barcode", "Sample")
_VALUE_COLUMNS = ("Value", "CNA", "Copy_Number_Alteration", "Discrete_Copy_Number")
_WORDS = {
    "amplification": 2.0, "amp": 2.0, "gain": 1.0, "diploid": 0.0, "neutral": 0.0,
    "shallow deletion": -1.0, "shallowdeletion": -1.0, "hetloss": -1.0, "loss": -1.0,
    "hemizygous deletion": -1.5, "deep deletion": -2.0, "deepdeletion": -2.0,
    "homdel": -2.0, "deletion": -2.0,
}
_LOW_LEVEL = {1.0: "low-level gain", -1.0: "shallow deletion", -1.5: "hemizygous deletion"}
_MISSING = {"", "na", "nan", "."}


def is_long_header(cells: set[str]) -> bool:
    return fold("Hugo_Symbol") in cells and any(fold(c) in cells for c in _SAMPLE_COLUMNS) and \
        any(fold(c) in cells for c in _VALUE_COLUMNS)


def is_wide_header(cells: set[str], first: str = "") -> bool:
    """Hugo_Symbol (or Entrez_Gene_Id) first, then sample columns only."""
    return fold(first) in _GENE_COLUMNS and fold("Hugo_Symbol") in cells and \
        not cells & MAF_COLUMNS and not is_long_header(cells) and \
        bool(cells - _ANNOTATION_COLUMNS)


def _first_line(head: bytes) -> list[str]:
    lines = [line for line in head_lines(head) if line.strip() and not line.startswith("#")]
    return split_cells(lines[0]) if lines else []


def sniff_wide(head: bytes, path: Path) -> bool:
    cells = _first_line(head)
    return bool(cells) and is_wide_header({fold(c) for c in cells}, cells[0])


def sniff_long(head: bytes, path: Path) -> bool:
    cells = _first_line(head)
    return bool(cells) and is_long_header({fold(c) for c in cells}) and \
        not {fold(c) for c in cells} & (MAF_COLUMNS - {fold("Tumor_Sample_Barcode")})


def parse_code(text: str) -> float | None:
    """-2..2 or its word -> the code; NA/empty -> None. Anything else is a ValueError."""
    s = " ".join(text.strip().lower().replace("_", " ").split())
    if s in _MISSING:
        return None
    if s in _WORDS:
        return _WORDS[s]
    try:
        value = float(s)
    except ValueError:
        raise ValueError(f"copy-number value '{text}' is not a discrete call (-2, -1, 0, 1, 2 "
                         "or a word such as Amplification)") from None
    if value not in (-2.0, -1.5, -1.0, 0.0, 1.0, 2.0):
        raise ValueError(f"copy-number value '{text}' is not a discrete call (-2..2); is this "
                         "a continuous (log2) matrix?")
    return value


def read_wide(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, lambda cells: fold("Hugo_Symbol") in cells, "Hugo_Symbol")
    sample_columns = [name for name in table.header
                      if name.strip() and fold(name) not in _ANNOTATION_COLUMNS]
    twice = sorted({name for name in sample_columns if sample_columns.count(name) > 1})
    if twice:
        raise InputError(path, f"sample column(s) {', '.join(twice)} named twice; which to "
                         "read cannot be told", line=table.header_line)
    sample = choose_sample(path, sample_columns, options.sample, "sample columns")
    if sample is None:
        raise InputError(path, "has no sample column after Hugo_Symbol", line=table.header_line)
    column = table.header.index(sample)
    records = []
    for line, cells in table.rows:
        if isinstance(cells, BadRow):  # read_rows says what is wrong with it
            records.append((line, cells))
            continue
        value = cells[column] if column < len(cells) else ""
        records.append((line, (table.cell(cells, "Hugo_Symbol"), value, len(cells))))
    return _read_calls(path, table, records, sample, options)


def read_long(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, is_long_header, "Hugo_Symbol/Sample_Id/Value")
    sample = choose_sample(path, table.values(*_SAMPLE_COLUMNS), options.sample,
                           "Sample_Id values")
    records = [(line, cells if isinstance(cells, BadRow) else
                (table.cell(cells, "Hugo_Symbol"), table.cell(cells, *_VALUE_COLUMNS),
                 len(cells)))
               for line, cells in table.rows_of(sample, *_SAMPLE_COLUMNS)]
    return _read_calls(path, table, records, sample, options)


def _read_calls(path: Path, table: Table, records, sample, options: ReadOptions) -> ReadResult:
    """`records`: (line, (gene, value, number of cells)) of the sample's rows."""
    result = ReadResult(sample=sample, genome=options.genome)
    seen: dict[str, tuple[int, float | None]] = {}  # gene -> (first line, code)
    conflicting: set[str] = set()

    def read_row(line: int, record: tuple[str, str, int]) -> tuple[str, float | None] | None:
        gene_text, value, width = record
        check_width(width, len(table.header))
        gene = gene_text.strip()
        if not gene:
            raise SkipRecord("empty Hugo_Symbol", "empty Hugo_Symbol")
        try:
            code = parse_code(value)
        except ValueError as exc:
            raise SkipRecord("copy-number value invalid", str(exc)) from None
        symbol = options.builder.gene(gene)
        if symbol in seen:
            first_line, first_code = seen[symbol]
            if first_code != code:
                if not options.lenient:
                    raise InputError(path, f"{gene} is on line {first_line} with "
                                     f"{_show(first_code)} and again with {_show(code)}; "
                                     "remove one of the rows", line=line)
                conflicting.add(symbol)
            else:
                result.duplicates += 1  # the same call twice: read once
            return None
        seen[symbol] = (line, code)
        return symbol, code

    calls = [(line, symbol, code)
             for line, (symbol, code) in read_rows(path, records, options, result, read_row)
             if code]
    if conflicting:
        result.skipped["conflicting duplicate gene rows"] += len(conflicting)
    for line, symbol, code in calls:
        if symbol in conflicting:
            continue
        where = f"{path.name}:{line}"
        if code in (2.0, -2.0):
            alteration = options.builder.build(
                symbol, "amplification" if code > 0 else "deletion", input=where)
        else:
            alteration = Alteration(gene=symbol, alteration=_LOW_LEVEL[code], kind=Kind.OTHER,
                                    input=where)
        keep(result, alteration, options.kb)
    return result


def _show(code: float | None) -> str:
    return "NA" if code is None else f"{code:g}"
