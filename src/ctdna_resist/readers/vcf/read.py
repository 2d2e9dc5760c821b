"""Reading one VCF/BCF: the header, then each record in the knowledge-base gene regions to the
module that reads its kind.

Only knowledge-base gene regions are read (genome.py): through the index when there is one,
otherwise in one streaming pass that looks at CHROM/POS before parsing (access.py). The unit
of accounting is the ALT allele; a BND mate pair is one fusion.

`outside_kb_genes` counts (a) every record outside the regions, one per record whatever its ALT
alleles or FILTER (with an index: the index's record count minus the records read), and (b) every
allele read in a region that names no knowledge-base gene. `skipped` counts alleles read in a
region that cannot be used: failed FILTER, invalid records under --lenient.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ...errors import InputError
from ...kb.load import KnowledgeBase
from ...model import Alteration, ReadResult
from ..common import ReadOptions, SkipRecord, check_readable
from .access import records_in_regions
from .alleles import NO_PROTEIN_CHANGE, AlleleFields, NoProteinChange
from .annotated import Annotations, entries_of_allele, layouts_of, mane_transcripts
from .coordinates import Coordinates, LazyTables
from .genome import Regions
from .header import check_contigs, genome_build, has_matched_normal, tumour_column
from .outside import name_outside
from .records import GVCF_ALLELES, Header, Record, read_header, where
from .reference import Reference
from .structural import CNV_TYPES, FUSION_SV, Structural, structural_kind


@dataclass(frozen=True)
class _File:
    """One file being read: where its records go, by kind."""

    path: Path
    options: ReadOptions
    sample_index: int | None
    reference: Reference | None
    annotations: Annotations
    coordinates: Coordinates
    structural: Structural


def read_vcf(path: Path, options: ReadOptions) -> ReadResult:
    check_readable(path)
    with open(path, "rb") as fh:
        if not fh.read(1):
            raise InputError(path, "is empty")
    header, is_bcf = read_header(path)
    genome, evidence = genome_build(path, header, options.genome)
    result = ReadResult(genome=genome, genome_evidence=evidence)
    sample_index = tumour_column(path, header, options.sample)
    result.sample = header.samples[sample_index] if sample_index is not None else None
    result.matched_normal = has_matched_normal(header)
    regions = Regions.for_kb(options.kb, genome) if genome else None
    check_contigs(path, header, regions)
    file = _prepare(path=path, options=options, header=header, genome=genome,
                    sample_index=sample_index, regions=regions)
    breakends: list[Record] = []
    with closing(records_in_regions(path, is_bcf, header, regions, lenient=options.lenient,
                                    result=result)) as records:  # closed even on an error
        for record in records:
            _record(file, record, result, breakends)
    if regions is not None and not is_bcf and file.annotations.layouts:
        name_outside(path, regions, file.annotations.gene_of_line, result)
    for fusion in file.structural.breakend_fusions(breakends, result):
        _add(result, fusion, options.kb)
    return result


def _prepare(*, path: Path, options: ReadOptions, header: Header, genome: str | None,
             sample_index: int | None, regions: Regions | None) -> _File:
    reference = Reference.open(options.reference) if options.reference is not None else None
    tables = LazyTables(options=options, genome=genome)
    skipping = {word for gene, word in options.builder.exon_events
                if word.endswith("skipping")}
    annotations = Annotations(layouts=layouts_of(header), kb=options.kb,
                              builder=options.builder, mane=mane_transcripts(options.kb),
                              skipping=skipping, tables=tables)
    return _File(
        path=path, options=options, sample_index=sample_index, reference=reference,
        annotations=annotations,
        coordinates=Coordinates.for_file(options=options, genome=genome, regions=regions,
                                         reference=reference, tables=tables,
                                         skipping=skipping),
        structural=Structural(path=path, options=options, regions=regions,
                              sample_index=sample_index, entries=annotations.entries))


def _record(file: _File, record: Record, result: ReadResult, breakends: list[Record]) -> None:
    try:
        alts = record.called_alts
        if file.reference is not None and not record.is_structural:
            file.reference.check_ref(record)
    except SkipRecord as skip:
        _skip(file, record, skip, result, max(len(record.alts), 1))
        return
    svtype = record.info.get("SVTYPE", "").upper()
    if svtype == "BND" or any("[" in a or "]" in a for a in alts):
        breakends.append(record)  # read once every record is: a mate may come later
        return
    if not record.passed:
        result.skipped["FILTER not PASS"] += len(alts)
        return
    symbolic, kind = structural_kind(svtype, alts)
    if symbolic or kind in FUSION_SV or kind in CNV_TYPES:
        try:
            _structural(file, record, result, symbolic, kind)
        except SkipRecord as skip:
            _skip(file, record, skip, result, 1)
        return
    # small variants, one alteration per ALT allele: from the annotation when it describes the
    # allele (annotated.py), else from the coordinates (coordinates.py)
    try:
        if len(alts) == 1 and file.annotations.unchanged_protein(record, result):
            return
        entries = file.annotations.entries(record)
    except SkipRecord as skip:
        _skip(file, record, skip, result, max(len(alts), 1))
        return
    origin = where(record, file.path)
    for allele_index, alt in enumerate(record.alts, start=1):
        if alt in GVCF_ALLELES:
            continue  # a gVCF's "any other allele": no alteration
        if alt in ("*", "."):
            result.skipped["no ALT allele (spanning deletion or '.')"] += 1
            continue
        fields = AlleleFields(record=record, allele_index=allele_index, alt=alt, where=origin,
                              sample_index=file.sample_index)
        mine = entries_of_allele(entries, record.ref, alts, alt)
        try:
            alteration = file.annotations.alteration(mine, record, fields) if mine else \
                file.coordinates.alteration(record, record.ref, alt, fields)
        except NoProteinChange:
            result.skipped[NO_PROTEIN_CHANGE] += 1
            continue
        except SkipRecord as skip:
            _skip(file, record, skip, result, 1)
            continue
        _add(result, alteration, file.options.kb,
             next((e.gene.split("&")[0] for e in mine if e.gene), None))


def _structural(file: _File, record: Record, result: ReadResult, symbolic: str | None,
                kind: str | None) -> None:
    """A copy-number or structural-variant record (structural.py); SkipRecord when invalid."""
    end = record.end
    if end < record.pos:
        raise SkipRecord("END before POS", f"END {end} precedes POS {record.pos}")
    if kind in FUSION_SV and kind != "BND":
        fusion = file.structural.span_fusion(record)
        if fusion is not None:
            _add(result, fusion, file.options.kb)
            return
    if kind in CNV_TYPES or (symbolic and record.info.get("SVTYPE", "").upper() in CNV_TYPES):
        file.structural.copy_number(record, kind, result)
        return
    result.skipped[f"structural variant <{symbolic or kind}> in no fusion gene"] += 1


def _skip(file: _File, record: Record, skip: SkipRecord, result: ReadResult, count: int) -> None:
    """Strict: an InputError naming the record. --lenient: `count` skips with the reason."""
    if not file.options.lenient:
        raise InputError(file.path, skip.detail, line=record.line,
                         record=None if record.line else record.where) from None
    result.skipped[skip.reason] += count


def _add(result: ReadResult, alteration: Alteration | None, kb: KnowledgeBase,
         named: str | None = None) -> None:
    """Keep an alteration of a knowledge-base gene; count the others, naming the gene where
    the record or its annotation does (`named`)."""
    if alteration is None or alteration.gene not in kb.genes:
        result.count_outside(alteration.gene if alteration is not None else named)
    else:
        result.alterations.append(alteration)
