"""The panel export format (DESIGN.md, "Inputs"): CSV or TSV, one alteration per row.

Required columns `gene` and `alteration`; header names are case-insensitive and a few vendor
spellings are recognised (`Hugo_Symbol`, `cfDNA %`, `t_alt_freq`, ...). Extra columns are kept
out of the way. Cells may be quoted (commas inside them are text). A semicolon-separated file is
the spreadsheet export of a locale writing decimal commas: there `0,081` and `3,4` are numbers.
A caller's clonal-haematopoiesis column and rows genotyped at VAF 0 are read as calls.py says.
"""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

from ..errors import InputError
from ..model import Alteration, ReadResult
from ..normalize.alterations import AlterationError
from .calls import add_call, is_chip, with_chip_flag
from .common import (
    ReadOptions,
    RowError,
    SkipRecord,
    check_width,
    parse_fraction,
    parse_number,
    parse_row,
    read_rows,
    sniff_delimiter,
    split_cells,
    stream_text_lines,
)

#: canonical column -> accepted header spellings (compared lower-case, spaces/_ folded)
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "gene": ("gene", "gene symbol", "hugo symbol", "symbol", "gene name"),
    "alteration": ("alteration", "variant", "protein change", "amino acid change", "aa change",
                   "hgvs p", "hgvsp", "mutation", "protein effect"),
    "sample": ("sample", "sample id", "sample name", "tumor sample barcode"),
    "type": ("type", "variant type", "alteration type", "category"),
    "vaf": ("vaf", "af", "allele fraction", "variant allele fraction", "allele frequency",
            "mutant allele frequency", "maf", "t_alt_freq"),
    "vaf_percent": ("cfdna %", "% cfdna", "vaf %", "vaf (%)", "% vaf", "af %", "af (%)",
                    "allele frequency (%)", "cfdna (%)"),
    "copy_number": ("copy number", "copy_number", "plasma copy number", "cn"),
    "partner": ("partner", "fusion partner", "partner gene"),
    "depth": ("depth", "dp", "total depth", "read depth", "coverage"),
    "alt_depth": ("alt depth", "alt reads", "alt count", "variant reads", "ad"),
    "transcript": ("transcript",),
    "hgvs_c": ("hgvs c", "hgvsc", "cds change", "cdna change", "cds effect"),
    "chrom": ("chrom", "chromosome", "chr"),
    "pos": ("pos", "position", "start"),
    "ref": ("ref", "reference allele"),
    "alt": ("alt", "alternate allele", "alt allele"),
    "tumor_fraction": ("tumor fraction", "tumour fraction", "ctdna fraction",
                       "ctdna tumor fraction", "ctdna tumour fraction"),
    "chip": ("ch", "chip", "clonal hematopoiesis", "clonal haematopoiesis", "possible chip",
             "is chip", "ch flag", "chip flag"),
}
#: columns holding numbers, read with a decimal comma in semicolon-separated files
_NUMERIC = ("vaf", "vaf_percent", "copy_number", "depth", "alt_depth", "pos", "tumor_fraction")
_DECIMAL_COMMA = re.compile(r"\s*-?\d+,\d+\s*%?\s*")
_LOOKUP = {re.sub(r"[\s_]+", " ", spelling): column
           for column, spellings in COLUMN_ALIASES.items() for spelling in spellings}


def canonical_column(header: str) -> str | None:
    return _LOOKUP.get(re.sub(r"[\s_]+", " ", header.strip().lower()))


def sniff(head: bytes, path: Path) -> bool:
    lines = [line for line in head.splitlines() if line.strip() and not line.startswith(b"#")]
    if not lines:
        return False
    try:
        first = lines[0].decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    cells = split_cells(first)  # quoted cells too
    columns = {canonical_column(c) for c in cells}
    # either required column is enough to claim the file (the reader then names what is
    # missing); the registry asks only when no dedicated format claims it (Reader.generic)
    return bool(columns & {"gene", "alteration"})


def read_panel(path: Path, options: ReadOptions) -> ReadResult:
    """Stream the rows once: memory grows with the alterations of knowledge-base genes only
    (those of other genes are counted, DESIGN.md), not with the file. One row per line
    (text.py): a line that cannot be read is an error naming it (a skip under --lenient)."""
    with closing(stream_text_lines(path)) as stream:  # closed even when a row is an error
        return _read_panel(path, options, enumerate(stream, start=1))


def _read_panel(path: Path, options: ReadOptions, lines) -> ReadResult:
    for header_line, line in lines:  # noqa: B007 - the header's line is used
        if line.strip() and not line.startswith("#"):
            break
    else:
        raise InputError(path, "has no header line")
    delimiter = sniff_delimiter(line)
    try:
        header = parse_row(line, delimiter)
    except RowError as exc:
        raise InputError(path, f"header: {exc}", line=header_line) from None
    columns = _columns(path, header, header_line, delimiter)

    wanted = options.sample
    samples: set[str] = set()
    result = ReadResult(sample=wanted)
    sample_column = columns.get("sample")

    decimal_comma = delimiter == ";"
    names = {column: header[index].strip() for column, index in columns.items()}

    def read_row(line: int, cells: list[str] | RowError) -> Alteration | None:
        if isinstance(cells, RowError):
            raise SkipRecord(cells.reason, str(cells))

        def cell(name: str) -> str:
            index = columns.get(name)
            value = cells[index] if index is not None and index < len(cells) else ""
            if decimal_comma and name in _NUMERIC and _DECIMAL_COMMA.fullmatch(value):
                value = value.replace(",", ".")
            return value

        _note_tumor_fraction(result, cell("tumor_fraction"), path, line)
        check_width(len(cells), len(header))
        alteration = _row(result, cell, options, f"{path.name}:{line}", names)
        if alteration is not None and "chip" in columns:
            alteration = with_chip_flag(alteration, is_chip(cell("chip"), names["chip"]))
        return alteration

    rows = _parsed(lines, delimiter)
    sample_rows = _rows_of_sample(path, rows, sample_column, wanted, samples, result)
    for _, alteration in read_rows(path, sample_rows, options, result, read_row):
        if not add_call(result, alteration):
            result.alterations.append(alteration)
    if wanted is not None and sample_column is not None and wanted not in samples:
        raise InputError(path, f"sample '{wanted}' not found; the file holds: "
                         f"{', '.join(sorted(samples)) or 'no sample names'}")
    return result


def _parsed(lines, delimiter: str):
    """(line, cells) of each non-blank line; (line, RowError) where it cannot be read."""
    for number, line in lines:
        if not line.strip():
            continue
        try:
            yield number, parse_row(line, delimiter)
        except RowError as exc:
            yield number, exc


def _rows_of_sample(path: Path, rows, column: int | None, wanted: str | None,
                    samples: set[str], result: ReadResult):
    """(line, cells) of the non-empty rows of the sample to read (every row without a sample
    column, and every row that cannot be read). The names seen are added to `samples`; a
    second name without --sample is an error naming them all."""
    for line, cells in rows:
        if isinstance(cells, RowError):
            yield line, cells
            continue
        if not any(c.strip() for c in cells):
            continue
        if column is not None:
            sample = (cells[column] if column < len(cells) else "").strip()
            if sample:
                samples.add(sample)
            if wanted is None and len(samples) > 1:
                _too_many_samples(path, samples, rows, column)
            if wanted is not None and sample != wanted:
                continue
            result.sample = result.sample or sample or None
        yield line, cells


def _columns(path: Path, header: list[str], line: int, delimiter: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        canonical = canonical_column(name)
        if canonical is None:
            continue  # extra columns are kept in the file, not interpreted
        if canonical in columns:
            raise InputError(path, f"columns '{header[columns[canonical]]}' and '{name}' both "
                             f"give the {canonical}", line=line)
        columns[canonical] = index
    missing = [c for c in ("gene", "alteration") if c not in columns]
    if missing:
        found = ", ".join(h for h in header if h.strip()) or "nothing"
        hint = "" if delimiter != "\t" or len(header) > 1 else " (is it comma- or tab-separated?)"
        raise InputError(path, f"missing required column(s) {', '.join(missing)}; found: "
                         f"{found}{hint}", line=line)
    return columns


def _too_many_samples(path: Path, samples: set[str], rows, column: int) -> None:
    """Several samples and no --sample: read on to name them all, then stop."""
    for _, cells in rows:
        if not isinstance(cells, RowError) and column < len(cells) and cells[column].strip():
            samples.add(cells[column].strip())
    names = sorted(samples)
    raise InputError(path, f"holds {len(names)} samples ({', '.join(names[:5])}"
                     f"{', ...' if len(names) > 5 else ''}); choose one with --sample")


def _row(result: ReadResult, cell, options: ReadOptions, where: str,
         names: dict[str, str]) -> Alteration | None:
    """Validate a row's numbers whatever its gene; build an alteration only for a gene the
    knowledge base holds (or a fusion naming one), count the others."""
    gene = cell("gene").strip()
    kb = options.kb
    if gene and options.builder.resolve(gene) is None \
            and kb.genes.alteration_aliases.get(gene.upper()) is None \
            and options.builder.split_pair(gene) is None \
            and options.builder.split_pair(cell("alteration")) is None:
        _numbers(cell)
        result.count_outside(gene.upper())
        return None
    return _row_alteration(cell, options, where, names)


def _note_tumor_fraction(result: ReadResult, value: str, path: Path, line: int) -> None:
    """A per-sample value repeated on the sample's rows: every row that gives it must agree."""
    if not value.strip():
        return
    try:
        fraction = parse_fraction(value)
    except ValueError as exc:
        raise InputError(path, f"tumor_fraction: {str(exc).replace('VAF ', '')}",
                         line=line) from None
    if fraction is None:
        return
    if result.tumor_fraction is None:
        result.tumor_fraction = fraction
        result.tumor_fraction_source = f"{path.name}:{line}"
    elif abs(result.tumor_fraction - fraction) > 1e-9:
        raise InputError(path, f"tumor_fraction {value.strip()} differs from "
                         f"{result.tumor_fraction:g} given at {result.tumor_fraction_source} "
                         "for the same sample", line=line)


def _numbers(cell) -> tuple:
    try:
        vaf = parse_fraction(cell("vaf")) if cell("vaf").strip() else \
            parse_fraction(cell("vaf_percent"), percent_column=True)
        copy_number = parse_number(cell("copy_number"), "copy number")
        depth = parse_number(cell("depth"), "depth", integer=True)
        alt_depth = parse_number(cell("alt_depth"), "alt_depth", integer=True)
        pos = parse_number(cell("pos"), "pos", integer=True)
    except ValueError as exc:
        reason = str(exc).split("'")[0].strip() + " invalid"
        raise SkipRecord(reason, str(exc)) from None
    return vaf, copy_number, depth, alt_depth, pos


def _row_alteration(cell, options: ReadOptions, where: str, names: dict[str, str]):
    gene = cell("gene").strip()
    if not gene:
        raise SkipRecord("empty gene", "empty gene")
    vaf, copy_number, depth, alt_depth, pos = _numbers(cell)
    source = None
    if vaf is not None:
        source = names["vaf"] if cell("vaf").strip() else names["vaf_percent"]
    elif depth and alt_depth is not None:
        if alt_depth > depth:
            raise SkipRecord("alt_depth above depth", f"alt_depth {alt_depth} > depth {depth}")
        vaf, source = alt_depth / depth, f"{names['alt_depth']}/{names['depth']}"
    try:
        return options.builder.build(
            gene, cell("alteration"), kind_hint=cell("type"), partner_text=cell("partner"),
            vaf=vaf, vaf_source=source, copy_number=copy_number, depth=depth,
            alt_depth=alt_depth,
            transcript=cell("transcript").strip() or None,
            hgvs_c=cell("hgvs_c").strip() or None, chrom=cell("chrom").strip() or None,
            pos=pos, ref=cell("ref").strip() or None, alt=cell("alt").strip() or None,
            input=where)
    except AlterationError as exc:
        raise SkipRecord(exc.reason or "unreadable alteration", str(exc)) from None
