"""Fusion calls: a simple gene-pair table and the outputs of widely used callers.

Every layout yields (5' gene, 3' gene) per row and goes through `AlterationBuilder.fusion`, so the
alteration is `gene` = the knowledge-base kinase, `partner` = the other gene, whatever order the
file wrote them in (`ALK-EML4` and `EML4-ALK` are one fusion). A row naming one gene (no partner,
or an intergenic partner) is kept as a fusion of that gene without a partner. Fusions where
neither gene is a knowledge-base gene are counted, not listed.

Layouts (header names compared case- and punctuation-insensitively):
- `fusion`: a simple table with a fusion column (`fusion`, `fusion_name`, `gene_pair`:
  `EML4-ALK`, `EML4--ALK`, `EML4::ALK`, `ALK fusion`) or 5'/3' gene columns (`5' gene`/`3' gene`,
  `five_prime_gene`/`three_prime_gene`, `gene_5p`/`gene_3p`, `gene_a`/`gene_b`), optional sample,
  reads and VAF columns. cBioPortal's older `data_fusions.txt` (`Hugo_Symbol`, `Fusion`) reads as
  this layout.
- `star_fusion`: STAR-Fusion `star-fusion.fusion_predictions.tsv` (`#FusionName` `GENE1--GENE2`,
  `LeftGene`/`RightGene` as `SYMBOL^ENSG...`); supporting reads = junction + spanning fragments.
- `arriba`: Arriba `fusions.tsv` (`#gene1 gene2 ... breakpoint1 breakpoint2 ...`); a cell with
  several genes lists overlapping genes, and genes with a distance in parentheses
  (`LINC01(1234),ALK(5678)`) are the neighbours of an intergenic breakpoint, so that side has no
  gene; supporting reads = split reads + discordant mates.
- `tso500_fusions`: Illumina DRAGEN TSO500 ctDNA `{Sample_ID}_Fusions.csv` (`Gene1`, `Gene2`,
  `Alt_Depth`, `Total_Depth`, `VAF`, `Filter`, ...), after any preamble lines (`#`-prefixed or
  `[Section]` lines) before the column header; rows whose `Filter` is not PASS are skipped.
- `cbioportal_sv`: cBioPortal structural-variant data (`Sample_Id`, `Site1_Hugo_Symbol`,
  `Site2_Hugo_Symbol`, `Event_Info`, read counts); Site1 is taken as the 5' gene.
- `fusioncatcher`: FusionCatcher `final-list_candidate-fusion-genes.txt`
  (`Gene_1_symbol(5end_fusion_partner)`, `Gene_2_symbol(3end_fusion_partner)`, ...); supporting
  reads = spanning pairs + spanning unique reads.

A row whose two sides name the same gene (`EGFR-intragenic` in cBioPortal's Fusion column, an SV
with GeneA = GeneB) is an intragenic rearrangement, not a fusion: listed as `intragenic` (or
`deletion (intragenic)` with the row's SV type), never as a fusion of that gene.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Alteration, Kind, ReadResult
from .common import (
    ReadOptions,
    SkipRecord,
    Table,
    check_width,
    choose_sample,
    find_header,
    fold,
    head_lines,
    keep,
    parse_fraction,
    parse_number,
    read_rows,
    read_table,
    strip_gene,
)


def _folded(*names: str) -> set[str]:
    return {fold(n) for n in names}


_FUSION_NAME = ("fusion", "fusion_name", "fusions", "gene_pair", "fusion_gene", "fusion_genes")
_PAIRS = (("5' gene", "3' gene"), ("5_prime_gene", "3_prime_gene"),
          ("five_prime_gene", "three_prime_gene"), ("gene_5p", "gene_3p"),
          ("5p_gene", "3p_gene"), ("gene_a", "gene_b"), ("5' partner", "3' partner"))
_SAMPLE = ("sample", "sample_id", "sample_name", "tumor_sample_barcode")
_STAR = _folded("FusionName", "LeftGene", "RightGene")
_ARRIBA = _folded("gene1", "gene2", "breakpoint1", "breakpoint2")
_TSO500 = _folded("Gene1", "Gene2", "Alt_Depth")
_SV = _folded("Site1_Hugo_Symbol", "Site2_Hugo_Symbol")
_FUSIONCATCHER = ("Gene_1_symbol(5end_fusion_partner)", "Gene_2_symbol(3end_fusion_partner)")
_SV_TYPE = ("sv_type", "svtype", "class", "sv_class", "event_type")
_VAF = ("vaf", "af", "allele_fraction")


def _pair_columns(cells: set[str]) -> tuple[str, str] | None:
    return next(((a, b) for a, b in _PAIRS if fold(a) in cells and fold(b) in cells), None)


def is_star_header(cells: set[str]) -> bool:
    return _STAR <= cells


def is_arriba_header(cells: set[str]) -> bool:
    return _ARRIBA <= cells and bool(cells & _folded("split_reads1", "discordant_mates"))


def is_tso500_header(cells: set[str]) -> bool:
    return _TSO500 <= cells


def is_sv_header(cells: set[str]) -> bool:
    return bool(cells & _SV)


def is_fusioncatcher_header(cells: set[str]) -> bool:
    return _folded(*_FUSIONCATCHER) <= cells


def is_simple_header(cells: set[str]) -> bool:
    named = bool(cells & _folded(*_FUSION_NAME)) or _pair_columns(cells) is not None
    return named and not (is_star_header(cells) or is_arriba_header(cells)
                          or is_tso500_header(cells) or is_sv_header(cells)
                          or is_fusioncatcher_header(cells))


# -- genes of a row -----------------------------------------------------------------------------

def pick_gene(options: ReadOptions, cell: str) -> str:
    """One gene of a cell that may list several: the KB fusion kinase, else a KB gene, else the
    first. Names with a distance in parentheses are intergenic neighbours: no gene."""
    names = [strip_gene(t) for t in re.split(r"[,;]", cell)
             if t.strip() and "(" not in t and t.strip() not in (".", "-", "NA")]
    names = [n for n in names if n]
    if not names:
        return ""
    resolved = [(options.kb.genes.resolve(n), n) for n in names]
    for symbol, _ in resolved:
        if symbol in options.builder.fusion_genes:
            return symbol
    return next((symbol for symbol, _ in resolved if symbol), names[0])


def _name_pair(options: ReadOptions, text: str) -> tuple[str, str]:
    """`EML4-ALK fusion`, `EML4--ALK`, `ALK` -> (5' gene, 3' gene); one gene -> ('', gene);
    `EGFR-intragenic` -> ('EGFR', 'EGFR')."""
    intragenic = re.fullmatch(r"(?i)\s*([A-Za-z0-9.-]+?)[-_ ]intragenic\s*", text)
    if intragenic:
        return intragenic.group(1), intragenic.group(1)
    s = re.sub(r"\(.*?\)", " ", text).strip()
    s = re.sub(r"(?i)\s+(fusion|rearrangement|translocation)s?\b.*$", "", s).strip()
    words = s.split()
    if not words:
        return "", ""
    if any(not re.fullmatch(r"(?i)v\d+\w*", w) for w in words[1:]):  # `EML4-ALK v3` is fine
        raise SkipRecord("unreadable fusion", f"cannot read fusion '{text}' (expected "
                         "GENE1-GENE2, GENE1--GENE2 or one gene)")
    s = words[0]
    pair = options.builder.split_pair(s)
    if pair is not None:
        return pair
    if re.fullmatch(r"[A-Za-z0-9.-]+", s):
        return "", s
    raise SkipRecord("unreadable fusion", f"cannot read fusion '{text}' (expected GENE1-GENE2, "
                     "GENE1--GENE2 or one gene)")


@dataclass(frozen=True)
class Layout:
    name: str
    what: str
    is_header: Callable[[set[str]], bool]
    genes: Callable[[ReadOptions, Table, list[str]], tuple[str, str]]
    reads: Callable[[Table, list[str]], tuple[int | None, int | None, float | None]]
    passes: Callable[[Table, list[str]], bool] = lambda table, cells: True


def _simple_genes(options, table: Table, cells):
    pair = _pair_columns(set(table.columns))
    if pair is not None:
        return pick_gene(options, table.cell(cells, pair[0])), \
            pick_gene(options, table.cell(cells, pair[1]))
    text = table.cell(cells, *_FUSION_NAME)
    if not text:
        return "", table.cell(cells, "gene", "Hugo_Symbol")
    return _name_pair(options, text)


def _simple_reads(table: Table, cells):
    alt = _int(table, cells, "supporting_reads", "reads", "alt_depth", "alt_reads",
               "fusion_reads", "read_count")
    depth = _int(table, cells, "depth", "total_depth")
    return alt, depth, _vaf(table, cells, *_VAF)


def _star_genes(options, table: Table, cells):
    left, right = table.cell(cells, "LeftGene"), table.cell(cells, "RightGene")
    if not (left or right):
        return _name_pair(options, table.cell(cells, "FusionName"))
    return pick_gene(options, left), pick_gene(options, right)


def _star_reads(table: Table, cells):
    junction = _int(table, cells, "JunctionReadCount")
    spanning = _int(table, cells, "SpanningFragCount")
    total = None if junction is None and spanning is None else (junction or 0) + (spanning or 0)
    return total, None, None


def _arriba_genes(options, table: Table, cells):
    return pick_gene(options, table.cell(cells, "gene1")), \
        pick_gene(options, table.cell(cells, "gene2"))


def _arriba_reads(table: Table, cells):
    counts = [_int(table, cells, c) for c in ("split_reads1", "split_reads2", "discordant_mates")]
    known = [c for c in counts if c is not None]
    return (sum(known) if known else None), None, None


def _tso500_reads(table: Table, cells):
    return _int(table, cells, "Alt_Depth"), _int(table, cells, "Total_Depth"), \
        _vaf(table, cells, "VAF")


def _sv_genes(options, table: Table, cells):
    return pick_gene(options, table.cell(cells, "Site1_Hugo_Symbol")), \
        pick_gene(options, table.cell(cells, "Site2_Hugo_Symbol"))


def _sv_reads(table: Table, cells):
    split = _int(table, cells, "Tumor_Split_Read_Count")
    paired = _int(table, cells, "Tumor_Paired_End_Read_Count")
    alt = None if split is None and paired is None else (split or 0) + (paired or 0)
    return alt, _int(table, cells, "Tumor_Read_Count"), None


def _fusioncatcher_genes(options, table: Table, cells):
    return pick_gene(options, table.cell(cells, _FUSIONCATCHER[0])), \
        pick_gene(options, table.cell(cells, _FUSIONCATCHER[1]))


def _fusioncatcher_reads(table: Table, cells):
    counts = [_int(table, cells, c) for c in ("Spanning_pairs", "Spanning_unique_reads")]
    known = [c for c in counts if c is not None]
    return (sum(known) if known else None), None, None


def _filter_pass(table: Table, cells) -> bool:
    return table.cell(cells, "Filter", "Filters").upper() in ("", "PASS", ".")


LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (
    Layout("fusion", "fusion table (fusion, or 5'/3' gene columns)", is_simple_header,
           _simple_genes, _simple_reads),
    Layout("star_fusion", "STAR-Fusion (#FusionName, LeftGene, RightGene)", is_star_header,
           _star_genes, _star_reads),
    Layout("arriba", "Arriba (#gene1, gene2, breakpoint1, ...)", is_arriba_header,
           _arriba_genes, _arriba_reads),
    Layout("tso500_fusions", "TSO500 Fusions.csv (Gene1, Gene2, Alt_Depth, ...)",
           is_tso500_header, _arriba_genes, _tso500_reads, _filter_pass),
    Layout("cbioportal_sv", "cBioPortal structural variants (Site1_Hugo_Symbol, ...)",
           is_sv_header, _sv_genes, _sv_reads),
    Layout("fusioncatcher", "FusionCatcher final-list_candidate-fusion-genes.txt",
           is_fusioncatcher_header, _fusioncatcher_genes, _fusioncatcher_reads),
)}


def _vaf_source(table: Table) -> str | None:
    column = table.first(*_VAF)
    return table.header[table.columns[column]].strip() if column else None


def _int(table: Table, cells, *names: str) -> int | None:
    for name in names:
        if fold(name) in table.columns:
            text = table.cell(cells, name)
            try:
                value = parse_number(text, name, integer=True)
            except ValueError as exc:
                raise SkipRecord(f"{name} invalid", str(exc)) from None
            return value
    return None


def _vaf(table: Table, cells, *names: str) -> float | None:
    for name in names:
        if fold(name) in table.columns:
            try:
                return parse_fraction(table.cell(cells, name))
            except ValueError as exc:
                raise SkipRecord("VAF invalid", str(exc)) from None
    return None


# -- sniff and read -----------------------------------------------------------------------------

def sniffer(layout: Layout, preamble: bool = False):
    """A sniff function: the first line (or, for preamble formats, the first line of the head
    that looks like a header) must be this layout's header."""
    def sniff(head: bytes, path: Path) -> bool:
        lines = head_lines(head)
        if not preamble:
            lines = [line for line in lines if line.strip()][:1]
        return find_header(lines, layout.is_header, limit=50) is not None
    return sniff


def reader(layout: Layout):
    def read(path: Path, options: ReadOptions) -> ReadResult:
        return read_fusions(path, options, layout)
    return read


def read_fusions(path: Path, options: ReadOptions, layout: Layout) -> ReadResult:
    table = read_table(path, layout.is_header, layout.what)
    sample = choose_sample(path, table.values(*_SAMPLE), options.sample, "sample names")
    result = ReadResult(sample=sample, genome=options.genome)

    def read_row(line: int, cells: list[str]) -> Alteration | None:
        check_width(len(cells), len(table.header))
        if not layout.passes(table, cells):
            result.skipped["FILTER not PASS"] += 1
            return None
        five, three = layout.genes(options, table, cells)
        alt_depth, depth, vaf = layout.reads(table, cells)
        five, three = options.builder.gene(five) if five else "", \
            options.builder.gene(three) if three else ""
        if not (five or three):
            raise SkipRecord("fusion names no gene", "the row names no gene")
        fields = dict(alt_depth=alt_depth, depth=depth, vaf=vaf, input=f"{path.name}:{line}",
                      vaf_source=_vaf_source(table) if vaf is not None else None)
        if five == three:
            kind = table.cell(cells, *_SV_TYPE).lower()
            return Alteration(gene=three, alteration=f"{kind} (intragenic)" if kind else
                              "intragenic", kind=Kind.OTHER, **fields)
        gene, partner = (three, five or None) if three else (five, None)
        return options.builder.fusion(gene, partner, **fields)

    rows = table.rows_of(sample, *_SAMPLE)
    for _, alteration in read_rows(path, rows, options, result, read_row):
        keep(result, alteration, options.kb)
    return result
