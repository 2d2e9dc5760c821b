"""PureCN gene-level calls (`{sample}_genes.csv`): one row per gene, `Sampleid`, `gene.symbol`,
`chr`, `start`, `end`, `C` (the purity- and ploidy-corrected tumour copy number), `seg.mean`,
... .

`C` is a tumour copy number like an allele-specific segment's (segments.py), kept as
`tumor_copy_number` and called the same way: amplified at `amp_min_tumor_cn` or more
(annotations/thresholds.tsv), deleted at 0 (both copies lost), otherwise no alteration. The
`type` column is not read: the copy number says the same, with the project's thresholds. Genes
name themselves, so no genome build is needed.
"""

from __future__ import annotations

from pathlib import Path

from ..model import ReadResult
from .common import (
    ReadOptions,
    SkipRecord,
    check_width,
    choose_sample,
    find_header,
    fold,
    head_lines,
    keep,
    parse_number,
    read_rows,
    read_table,
)

_REQUIRED = {fold(c) for c in ("gene.symbol", "C", "seg.mean")}
_SAMPLE = ("Sampleid", "Sample_ID", "sample")


def is_purecn_header(cells: set[str]) -> bool:
    return _REQUIRED <= cells


def sniff(head: bytes, path: Path) -> bool:
    return find_header(head_lines(head)[:1], is_purecn_header) is not None


def read_purecn(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, is_purecn_header, "PureCN (gene.symbol, C, seg.mean)")
    sample = choose_sample(path, table.values(*_SAMPLE), options.sample, "Sampleid values")
    result = ReadResult(sample=sample, genome=options.genome)
    amplified_at = options.thresholds.get("amp_min_tumor_cn", 5.0)

    def read_row(line: int, cells: list[str]):
        check_width(len(cells), len(table.header))
        gene = table.cell(cells, "gene.symbol")
        if not gene:
            raise SkipRecord("empty gene.symbol", "empty gene.symbol")
        try:
            copies = parse_number(table.cell(cells, "C"), "C")
        except ValueError as exc:
            raise SkipRecord("C invalid", str(exc)) from None
        return gene, copies, table.cell(cells, "chr").removeprefix("chr") or None

    rows = table.rows_of(sample, *_SAMPLE)
    for line, (gene, copies, chrom) in read_rows(path, rows, options, result, read_row):
        if copies is None or 0 < copies < amplified_at:
            continue  # not estimated, or no alteration
        word = "amplification" if copies >= amplified_at else "deletion"
        keep(result, options.builder.build(gene, word, tumor_copy_number=float(copies),
                                           chrom=chrom, input=f"{path.name}:{line}"),
             options.kb)
    return result
