"""MAF (Mutation Annotation Format) as written by vcf2maf and loaded by cBioPortal.

One small variant per row. `Hugo_Symbol` is required, with at least one column only a MAF has
beside it (`HGVSp_Short`, `Variant_Classification`, `t_alt_count`, `Start_Position`, ...):
cBioPortal accepts minimal MAFs holding only some columns. `Tumor_Sample_Barcode` and
`NCBI_Build` alone do not make a MAF (cBioPortal's long copy-number file has them too).
`#version 2.4` comment lines before the header are skipped. VAF is `t_alt_count / t_depth`
(or `/ (t_alt_count + t_ref_count)` without `t_depth`).
A file holding several `Tumor_Sample_Barcode`s needs `--sample`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..model import Alteration, Kind, ReadResult
from ..normalize.alterations import AlterationError
from ..normalize.protein import parse_protein_change
from .calls import Splicing, add_call, chip_column, is_chip, with_chip_flag
from .common import (
    ReadOptions,
    SkipRecord,
    check_width,
    choose_sample,
    fold,
    head_lines,
    keep,
    parse_fraction,
    parse_number,
    read_rows,
    read_table,
    split_cells,
)
from .vcf.alleles import NO_PROTEIN_CHANGE

#: MAF columns (folded): a table holding one is not a copy-number or fusion table
MAF_COLUMNS = {fold(c) for c in (
    "HGVSp_Short", "HGVSp", "Variant_Classification", "Tumor_Sample_Barcode", "t_alt_count",
    "t_ref_count", "t_depth", "Protein_Change", "Variant_Type", "Reference_Allele",
    "Tumor_Seq_Allele2", "Start_Position", "NCBI_Build")}
#: the columns only a MAF has, one of which must stand beside Hugo_Symbol: a variant's change,
#: class, alleles, position or read counts. Tumor_Sample_Barcode and NCBI_Build are not among
#: them: cBioPortal's long copy-number and fusion files have them too
MAF_OWN_COLUMNS = MAF_COLUMNS - {fold("Tumor_Sample_Barcode"), fold("NCBI_Build")}
_BUILDS = {"grch37": "GRCh37", "37": "GRCh37", "hg19": "GRCh37", "b37": "GRCh37",
           "grch38": "GRCh38", "38": "GRCh38", "hg38": "GRCh38"}


def is_maf_header(cells: set[str]) -> bool:
    # cBioPortal's older fusion file has Hugo_Symbol and Tumor_Sample_Barcode too
    return fold("Hugo_Symbol") in cells and bool(cells & MAF_OWN_COLUMNS) and \
        fold("Fusion") not in cells


def sniff(head: bytes, path: Path) -> bool:
    lines = head_lines(head)
    if lines and lines[0].startswith("#version"):
        return True  # the MAF specification's first line
    first = next((line for line in lines if line.strip() and not line.startswith("#")), None)
    return first is not None and is_maf_header({fold(c) for c in split_cells(first)})


def read_maf(path: Path, options: ReadOptions) -> ReadResult:
    table = read_table(path, is_maf_header, "MAF (Hugo_Symbol + HGVSp_Short, ...)")
    if not table.has("Hugo_Symbol"):
        raise InputError(path, "is not a MAF: no Hugo_Symbol column", line=table.header_line)
    sample = choose_sample(path, table.values("Tumor_Sample_Barcode"), options.sample,
                           "Tumor_Sample_Barcode values")
    written = {table.cell(cells, "NCBI_Build") for _, cells in table.rows}
    builds = {_BUILDS.get(text.lower()) for text in written} - {None}
    genome = builds.pop() if len(builds) == 1 else None
    if genome and options.genome and genome != options.genome:
        raise InputError(path, f"NCBI_Build is {genome}, but --genome {options.genome} was given")
    result = ReadResult(sample=sample, genome=genome or options.genome)
    if genome:
        said = sorted(text for text in written if _BUILDS.get(text.lower()) == genome)
        result.genome_evidence = f"MAF column NCBI_Build {', '.join(said)}"

    chip = chip_column(table.columns)
    splicing = Splicing(options, genome or options.genome)

    def read_row(line: int, cells: list[str]) -> Alteration | None:
        check_width(len(cells), len(table.header))
        status = table.cell(cells, "FILTER")
        if status and status not in ("PASS", "."):
            result.skipped["FILTER not PASS"] += 1
            return None
        symbol = table.cell(cells, "Hugo_Symbol")
        if symbol and options.kb.genes.resolve(symbol) is None:
            result.count_outside(symbol)  # counted, not interpreted (genome-size MAFs)
            return None
        if _synonymous(table, cells):
            result.skipped[NO_PROTEIN_CHANGE] += 1
            return None
        alteration = _row(table, cells, options, f"{path.name}:{line}", splicing)
        return with_chip_flag(alteration, chip is not None and
                              is_chip(table.cell(cells, chip), table.header[table.columns[chip]]))

    rows = table.rows_of(sample, "Tumor_Sample_Barcode")
    for _, alteration in read_rows(path, rows, options, result, read_row):
        if not add_call(result, alteration):
            keep(result, alteration, options.kb)
    return result


def _synonymous(table, cells) -> bool:
    """A Silent row, or a protein change written `p.L858=`: the protein is unchanged."""
    protein = table.cell(cells, "HGVSp_Short", "Protein_Change", "Amino_Acid_Change") or \
        table.cell(cells, "HGVSp")
    return table.cell(cells, "Variant_Classification").lower() == "silent" or \
        (protein.endswith("=") and protein not in ("p.=", "="))


def _count(table, cells, name: str) -> int | None:
    try:
        return parse_number(table.cell(cells, name), name, integer=True)
    except ValueError as exc:
        raise SkipRecord(f"{name} invalid", str(exc)) from None


def _vaf(table, cells) -> tuple[float | None, int | None, int | None, str | None]:
    """(VAF, depth, alt depth, VAF source): a ctDNA caller's own `t_alt_freq` when it gives
    one, else the read counts."""
    alt_count, depth = _count(table, cells, "t_alt_count"), _count(table, cells, "t_depth")
    ref_count = _count(table, cells, "t_ref_count")
    source = "t_alt_count/t_depth"
    if depth is None and alt_count is not None and ref_count is not None:
        depth, source = alt_count + ref_count, "t_alt_count/(t_alt_count+t_ref_count)"
    if alt_count is not None and depth and alt_count > depth:
        raise SkipRecord("t_alt_count above t_depth", f"t_alt_count {alt_count} > t_depth "
                         f"{depth}")
    try:
        stated = parse_fraction(table.cell(cells, "t_alt_freq"), what="t_alt_freq")
    except ValueError as exc:
        raise SkipRecord("t_alt_freq invalid", str(exc)) from None
    if stated is not None:
        return stated, depth, alt_count, "t_alt_freq"
    if alt_count is not None and depth:
        return round(alt_count / depth, 6), depth, alt_count, source
    return None, depth, alt_count, None


def _row(table, cells, options: ReadOptions, where: str, splicing: Splicing) -> Alteration:
    gene = table.cell(cells, "Hugo_Symbol")
    if not gene:
        raise SkipRecord("empty Hugo_Symbol", "empty Hugo_Symbol")
    vaf, depth, alt_count, source = _vaf(table, cells)
    position = table.cell(cells, "Start_Position")
    fields = dict(
        vaf=vaf, vaf_source=source, depth=depth, alt_depth=alt_count,
        transcript=table.cell(cells, "Transcript_ID", "RefSeq") or None,
        hgvs_c=table.cell(cells, "HGVSc").split(":")[-1] or None,
        chrom=table.cell(cells, "Chromosome").removeprefix("chr") or None,
        pos=int(position) if position.isdigit() else None,
        ref=table.cell(cells, "Reference_Allele") or None,
        alt=table.cell(cells, "Tumor_Seq_Allele2") or None, input=where)
    protein = table.cell(cells, "HGVSp_Short", "Protein_Change", "Amino_Acid_Change") or \
        table.cell(cells, "HGVSp").split(":")[-1]
    classification = table.cell(cells, "Variant_Classification")
    if protein in ("", ".", "p.="):
        protein = ""
    try:
        if classification.lower() == "splice_site":
            skipping = splicing.exon_skipping(options.builder.gene(gene), fields["pos"],
                                              fields["ref"], fields["alt"])
            if skipping:
                return options.builder.build(gene, skipping, kind_hint="splice", **fields)
        if protein and parse_protein_change(protein) is not None:
            hint = "splice" if classification.lower() == "splice_site" else None
            return options.builder.build(gene, protein, kind_hint=hint, **fields)
        if classification.lower() == "splice_site" and fields["hgvs_c"]:
            return options.builder.build(gene, fields["hgvs_c"], kind_hint="splice", **fields)
        if protein:
            return options.builder.build(gene, protein, **fields)
    except AlterationError as exc:
        raise SkipRecord("unreadable HGVSp_Short", str(exc)) from None
    if classification or fields["hgvs_c"]:  # intronic, UTR, ...: listed, not interpreted
        return Alteration(gene=options.builder.gene(gene),
                          alteration=fields["hgvs_c"] or classification, kind=Kind.OTHER,
                          **fields)
    raise SkipRecord("no protein change", "no HGVSp_Short, HGVSc or Variant_Classification")
