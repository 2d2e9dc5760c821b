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

GISTIC2's gene-level tables (`all_thresholded.by_genes.txt`, `all_data_by_genes.txt`) have the
wide layout with `Gene Symbol`, `Locus ID` (the Entrez Gene ID) and `Cytoband` before the sample
columns. The thresholded table holds the codes -2..2; the continuous one log2 copy-number ratios
(log2(CN) - 1, so 0 is two copies), read as `ploidy × 2^value` and called like a CNVkit
segment (`amplification_copy_number`, `deletion_copy_number`). Which one a file is, is told by
its values: a table whose every value is a code -2..2 (or NA) is thresholded, any other value
makes it continuous. A matrix with only `Entrez_Gene_Id` is refused: genes are read by HGNC
symbol and annotations/genes.tsv holds no NCBI Gene IDs to map them.

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
    copy_number_call,
    fold,
    head_lines,
    keep,
    parse_number,
    read_rows,
    read_table,
    split_cells,
)
from .maf import MAF_COLUMNS

_GENE_COLUMNS = {fold(c) for c in ("Hugo_Symbol", "Entrez_Gene_Id")}
#: GISTIC2's gene-level tables: these three, then one column per sample
_GISTIC = {fold(c) for c in ("Gene Symbol", "Locus ID", "Cytoband")}
_ANNOTATION_COLUMNS = _GENE_COLUMNS | _GISTIC
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
    """Hugo_Symbol or Entrez_Gene_Id first (cBioPortal), or GISTIC2's Gene Symbol, Locus ID and
    Cytoband; then sample columns only."""
    named = fold(first) in _GENE_COLUMNS or (fold(first) == fold("Gene Symbol")
                                             and _GISTIC <= cells)
    return named and not cells & MAF_COLUMNS and not is_long_header(cells) and \
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
    table = read_table(path, lambda cells: bool(cells & (_GENE_COLUMNS | _GISTIC)),
                       "Hugo_Symbol")
    gene_column = table.first("Hugo_Symbol", "Gene Symbol")
    if gene_column is None:
        raise InputError(path, "has Entrez_Gene_Id but no Hugo_Symbol column: genes are read "
                         "by HGNC symbol and the knowledge base holds no NCBI Gene IDs to map "
                         "them; add a Hugo_Symbol column", line=table.header_line)
    sample_columns = [name for name in table.header
                      if name.strip() and fold(name) not in _ANNOTATION_COLUMNS]
    twice = sorted({name for name in sample_columns if sample_columns.count(name) > 1})
    if twice:
        raise InputError(path, f"sample column(s) {', '.join(twice)} named twice; which to "
                         "read cannot be told", line=table.header_line)
    sample = choose_sample(path, sample_columns, options.sample, "sample columns")
    if sample is None:
        raise InputError(path, "has no sample column after the gene columns",
                         line=table.header_line)
    column = table.header.index(sample)
    records = []
    for line, cells in table.rows:
        if isinstance(cells, BadRow):  # read_rows says what is wrong with it
            records.append((line, cells))
            continue
        value = cells[column] if column < len(cells) else ""
        records.append((line, (table.cell(cells, gene_column), value, len(cells))))
    continuous = table.has("Locus ID") and not _all_codes(table, sample_columns)
    return _read_calls(path, table, records, sample, options, continuous=continuous)


def _all_codes(table: Table, sample_columns: list[str]) -> bool:
    """Whether every value of the samples' columns is a code -2..2 (or NA): a thresholded
    GISTIC2 table rather than a continuous one."""
    indexes = [table.header.index(name) for name in sample_columns]
    for _, cells in table.rows:
        for i in indexes:
            value = cells[i].strip().lower() if i < len(cells) else ""
            if value in _MISSING:
                continue
            try:
                if float(value) not in (-2.0, -1.0, 0.0, 1.0, 2.0):
                    return False
            except ValueError:
                return True  # not a number: parse_code names the cell
    return True


def read_long(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, is_long_header, "Hugo_Symbol/Sample_Id/Value")
    sample = choose_sample(path, table.values(*_SAMPLE_COLUMNS), options.sample,
                           "Sample_Id values")
    records = [(line, cells if isinstance(cells, BadRow) else
                (table.cell(cells, "Hugo_Symbol"), table.cell(cells, *_VALUE_COLUMNS),
                 len(cells)))
               for line, cells in table.rows_of(sample, *_SAMPLE_COLUMNS)]
    return _read_calls(path, table, records, sample, options)


def parse_log2(text: str) -> float | None:
    """A continuous (log2 ratio) value, read as every number is (numbers.py: a decimal comma,
    finite values only); NA/empty -> None."""
    if text.strip().lower() in _MISSING:
        return None
    return parse_number(text, "copy-number value (log2 ratio)", signed=True)


def _read_calls(path: Path, table: Table, records, sample, options: ReadOptions, *,
                continuous: bool = False) -> ReadResult:
    """`records`: (line, (gene, value, number of cells)) of the sample's rows."""
    result = ReadResult(sample=sample, genome=options.genome)
    seen: dict[str, tuple[int, float | None]] = {}  # gene -> (first line, code)
    conflicting: set[str] = set()
    parse = parse_log2 if continuous else parse_code

    def read_row(line: int, record: tuple[str, str, int]) -> tuple[str, float | None] | None:
        gene_text, value, width = record
        check_width(width, len(table.header))
        gene = gene_text.strip()
        if not gene:
            raise SkipRecord("empty gene symbol", "empty gene symbol")
        try:
            code = parse(value)
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
        if continuous:
            _continuous_call(result, symbol, code, options, where)
            continue
        if code in (2.0, -2.0):
            alteration = options.builder.build(
                symbol, "amplification" if code > 0 else "deletion", input=where)
        else:
            alteration = Alteration(gene=symbol, alteration=_LOW_LEVEL[code], kind=Kind.OTHER,
                                    input=where)
        keep(result, alteration, options.kb)
    return result


def _continuous_call(result: ReadResult, symbol: str, log2: float, options: ReadOptions,
                     where: str) -> None:
    """A log2 ratio as `ploidy × 2^log2` copies, called like a CNVkit segment; a value between
    the thresholds is no alteration."""
    copies = round(options.thresholds.get("ploidy", 2.0) * 2 ** min(log2, 64.0), 2)
    word = copy_number_call(copies, options.thresholds)
    if word is not None:
        keep(result, options.builder.build(symbol, word, copy_number=copies, input=where),
             options.kb)


def _show(code: float | None) -> str:
    return "NA" if code is None else f"{code:g}"
