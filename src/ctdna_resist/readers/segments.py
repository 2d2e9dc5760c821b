"""Allele-specific copy-number segments, mapped to genes by coordinates.

Accepted layouts (header names compared case- and punctuation-insensitively):
- ASCAT `ascat.segments`: `sample chr startpos endpos nMajor nMinor`;
- Battenberg `subclones.txt`: `chr startpos endpos ... nMaj1_A nMin1_A frac1_A ...` (the first,
  major clonal state is read);
- FACETS `cncf`: `chrom ... start end ... tcn.em lcn.em` (chromosome 23 is X);
- Sequenza `segments.txt`: `chromosome start.pos end.pos ... CNt A B`;
- any table with chromosome/start/end and `nMajor`/`nMinor`.

These callers estimate the purity-corrected *tumour* copy number, kept as `tumor_copy_number`
(not the plasma copy number). A gene is amplified when its total copy number is at least
`amp_min_tumor_cn` (annotations/thresholds.tsv; the same level below which an amplification
implied from plasma is flagged borderline) and deleted when it is 0 (both
alleles lost); other states are no alteration.

Segments carry no genome build, and the genes' spans differ between builds, so `--genome` is
required: the reader never assumes one. Genes are those of annotations/genes.tsv with curated
spans for that build; a gene overlapped by several segments takes the state of the segment
covering most of it. A called segment overlapping no such gene is counted outside the knowledge
base.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import ReadResult
from .common import (
    ReadOptions,
    SkipRecord,
    Table,
    choose_sample,
    find_header,
    fold,
    head_lines,
    keep,
    parse_number,
    read_rows,
    read_table,
)

_CHROM = ("chromosome", "chrom", "chr")
_START = ("startpos", "start", "start.pos", "loc.start")
_END = ("endpos", "end", "end.pos", "loc.end")
#: (major, minor or None, total or None) column sets, first match wins
_ALLELES = (("nMajor", "nMinor", None), ("nMaj1_A", "nMin1_A", None),
            (None, "lcn.em", "tcn.em"), ("A", "B", "CNt"))
_SAMPLE = ("sample", "sample_id", "ID")


def _layout(cells: set[str]):
    for major, minor, total in _ALLELES:
        needed = [c for c in (major, total) if c]
        if all(fold(c) in cells for c in needed):
            return major, minor, total
    return None


def is_segments_header(cells: set[str]) -> bool:
    return (any(fold(c) in cells for c in _CHROM) and any(fold(c) in cells for c in _START)
            and any(fold(c) in cells for c in _END) and fold("gene") not in cells
            and _layout(cells) is not None)


def sniff(head: bytes, path: Path) -> bool:
    return find_header(head_lines(head)[:1], is_segments_header) is not None


def _chrom(text: str) -> str:
    name = text.strip().removeprefix("chr")
    return {"23": "X", "24": "Y"}.get(name, name)


def read_segments(path: Path, options: ReadOptions) -> ReadResult:
    if options.genome is None:
        raise InputError(path, "allele-specific segments carry no genome build; give --genome "
                         "GRCh37 or GRCh38 to map them to genes")
    table = read_table(path, is_segments_header, "allele-specific segment")
    major, minor, total = _layout(set(table.columns))
    sample = choose_sample(path, table.values(*_SAMPLE), options.sample, "sample names")
    spans = _gene_spans(options)
    amplified_at = options.thresholds.get("amp_min_tumor_cn", 5.0)
    result = ReadResult(sample=sample, genome=options.genome)
    best: dict[str, tuple[int, float, int, str]] = {}  # gene -> (overlap, total, line, chrom)
    segments = read_rows(path, table.rows_of(sample, *_SAMPLE), options, result,
                         lambda line, cells: _segment(table, cells, major, minor, total))
    for line, (chrom, start, end, copies) in segments:
        hits = [(min(end, g_end) - max(start, g_start) + 1, gene)
                for gene, (g_chrom, g_start, g_end) in spans.items()
                if g_chrom == chrom and g_start <= end and start <= g_end]
        if not hits and (copies >= amplified_at or copies == 0):
            result.count_outside(None)  # coordinates name no gene outside genes.tsv
        for overlap, gene in hits:
            if gene not in best or overlap > best[gene][0]:
                best[gene] = (overlap, copies, line, chrom)
    for gene, (_, copies, line, chrom) in sorted(best.items()):
        word = "amplification" if copies >= amplified_at else "deletion" if copies == 0 else None
        if word is None:
            continue
        keep(result, options.builder.build(
            gene, word, tumor_copy_number=copies, chrom=chrom, pos=spans[gene][1],
            input=f"{path.name}:{line}"), options.kb)
    return result


def _gene_spans(options: ReadOptions) -> dict[str, tuple[str, int, int]]:
    build = options.genome.lower()
    spans = {}
    for symbol, row in options.kb.gene_rows.items():
        start, end = row.get(f"{build}_start", ""), row.get(f"{build}_end", "")
        if row.get("chrom") and start.isdigit() and end.isdigit():
            spans[symbol] = (_chrom(row["chrom"]), int(start), int(end))
    return spans


def _segment(table: Table, cells, major, minor, total):
    chrom = _chrom(table.cell(cells, *_CHROM))
    try:
        start = parse_number(table.cell(cells, *_START), "start", integer=True)
        end = parse_number(table.cell(cells, *_END), "end", integer=True)
        if total:
            copies = parse_number(table.cell(cells, total), total)
        else:
            a = parse_number(table.cell(cells, major), major)
            b = parse_number(table.cell(cells, minor), minor)
            copies = None if a is None or b is None else a + b
    except ValueError as exc:
        raise SkipRecord("segment value invalid", str(exc)) from None
    if not chrom or start is None or end is None or end < start:
        raise SkipRecord("segment coordinates invalid",
                         f"segment '{chrom}:{start}-{end}' has no valid coordinates")
    if copies is None:
        raise SkipRecord("copy number missing", "no copy number for this segment")
    return chrom, start, end, float(copies)
