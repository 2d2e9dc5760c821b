"""Input readers: one module per input kind, a registry, and detection that never guesses.

`detect_format` tries every reader's `sniff` on the file's first bytes. A file no reader
recognises is an error listing the formats tried; a file two readers claim is an error asking for
--input-format. A generic reader (`Reader.generic`: the panel format) is tried only when no
dedicated format (MAF, cBioPortal, fusion callers, ...) claims the file: a MAF has a gene column
too, and is a MAF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from ..errors import InputError, UsageError
from ..model import OUTSIDE_NAMES_KEPT, ReadResult
from . import (
    cats,
    cna,
    cnvkit,
    foundation,
    fusions,
    maf,
    panel,
    purecn,
    segments,
    tso500,
    vcf,
)
from .common import ReadOptions, check_readable, read_head
from .streams import spooled


@dataclass(frozen=True)
class Reader:
    name: str
    description: str
    sniff: Callable[[bytes, Path], bool]
    read: Callable[[Path, ReadOptions], ReadResult]
    #: claims a file only when no dedicated (non-generic) reader does
    generic: bool = False


READERS: dict[str, Reader] = {
    r.name: r for r in (
        Reader(name="vcf", description="VCF/BCF (VEP CSQ annotations, copy-number records)",
               sniff=vcf.sniff, read=vcf.read_vcf),
        Reader(name="maf",
               description="MAF (vcf2maf / cBioPortal: Hugo_Symbol, HGVSp_Short, ...)",
               sniff=maf.sniff, read=maf.read_maf),
        Reader(name="cnvkit",
               description="CNVkit .cns/.call.cns (chromosome, start, end, gene, log2[, cn])",
               sniff=cnvkit.sniff, read=cnvkit.read_cnvkit),
        Reader(name="cna",
               description="cBioPortal discrete CNA matrix (Hugo_Symbol x samples, -2..2)",
               sniff=cna.sniff_wide, read=cna.read_wide),
        Reader(name="cna_long",
               description="cBioPortal discrete CNA, long (Hugo_Symbol, Sample_Id, Value)",
               sniff=cna.sniff_long, read=cna.read_long),
        Reader(name="purecn", description="PureCN gene-level calls (_genes.csv: gene.symbol, "
               "C, seg.mean)", sniff=purecn.sniff, read=purecn.read_purecn),
        Reader(name="segments", description="allele-specific segments "
               "(ASCAT/Battenberg/FACETS/Sequenza; needs --genome)",
               sniff=segments.sniff, read=segments.read_segments),
        *(Reader(name=layout.name, description=layout.what,
                 sniff=fusions.sniffer(layout, preamble=layout.name == "tso500_fusions"),
                 read=fusions.reader(layout))
          for layout in fusions.LAYOUTS.values()),
        Reader(name="tso500_combined",
               description="Illumina TSO500 CombinedVariantOutput.tsv ([Small Variants], "
               "[Gene Amplifications], [Splice Variants], [Fusions])",
               sniff=tso500.sniff, read=tso500.read_tso500),
        Reader(name="foundation_xml",
               description="FoundationOne (Liquid) CDx XML results report",
               sniff=foundation.sniff, read=foundation.read_foundation),
        Reader(name="cats", description="C-CAT CATS JSON (schema 1.x: shortVariants, "
               "copyNumberAlterations, rearrangements)", sniff=cats.sniff, read=cats.read_cats),
        Reader(name="panel", description="panel export CSV/TSV (gene, alteration, ...)",
               sniff=panel.sniff, read=panel.read_panel, generic=True),
    )
}
#: readers that map coordinates to genes and so need the genome build: read after the others,
#: so that a build named by another input (a VCF header, a MAF's NCBI_Build) serves them
NEEDS_BUILD = {"segments"}


def detect_format(path: Path) -> str:
    check_readable(path)
    head = read_head(path)
    if not head.strip():
        raise InputError(path, "is empty")
    matches = [r.name for r in READERS.values() if not r.generic and r.sniff(head, path)]
    if not matches:
        matches = [r.name for r in READERS.values() if r.generic and r.sniff(head, path)]
    if len(matches) == 1:
        return matches[0]
    tried = ", ".join(READERS)
    if not matches:
        raise InputError(path, f"format not recognised (tried: {tried}); "
                         "name it with --input-format")
    raise InputError(path, f"matches several formats ({', '.join(matches)}); "
                     "name one with --input-format")


def read_inputs(paths: list[Path], options: ReadOptions, input_format: str = "auto") -> ReadResult:
    """Read every input for one sample and merge them.

    The same alteration (gene, alteration, partner) read twice, from two files or two rows, is
    one alteration: the first read is kept, its empty fields filled from the later ones (a panel's
    MET amplification takes its copy number from a CNVkit file), and `duplicates` counts the
    extra reads. Inputs naming different genome builds are an error. A stream (a pipe, process
    substitution) is read once, into a temporary copy (streams.py).
    """
    if input_format != "auto" and input_format not in READERS:
        raise UsageError(f"--input-format {input_format}: unknown format (known: auto, "
                         f"{', '.join(READERS)})")
    with spooled(paths) as given:
        try:
            return _read_all(given, options, input_format)
        except InputError as exc:
            if exc.path is not None and Path(exc.path) in given:
                exc.path = str(given[Path(exc.path)])  # the input as given, not its copy
            raise


def _read_all(given: dict[Path, Path], options: ReadOptions, input_format: str) -> ReadResult:
    """`given`: {path to read: the input as given}."""
    jobs = [(path, detect_format(path) if input_format == "auto" else input_format)
            for path in given]
    jobs.sort(key=lambda job: job[1] in NEEDS_BUILD)  # stable: otherwise in the order given
    merged = ReadResult()
    kept: dict[tuple, int] = {}
    genome_from: Path | None = None
    for path, name in jobs:
        if options.genome is None and merged.genome and name in NEEDS_BUILD:
            options = replace(options, genome=merged.genome)
        result = READERS[name].read(path, options)
        merged.formats.append(name)
        merged.matched_normal = merged.matched_normal or result.matched_normal
        if result.genome and merged.genome and result.genome != merged.genome:
            raise InputError(path, f"is {result.genome}, but {given[genome_from]} is "
                             f"{merged.genome}")
        if result.genome and not merged.genome:
            merged.genome, genome_from = result.genome, path
        _merge(merged, result, kept)
    merged.set_aside = _set_aside(merged.set_aside, kept, merged)
    return merged


def _merge(merged: ReadResult, result: ReadResult, kept: dict[tuple, int]) -> None:
    if result.genome_evidence and not merged.genome_evidence:
        merged.genome_evidence = result.genome_evidence
    merged.input_records += result.input_records
    merged.skipped.update(result.skipped)
    merged.outside_kb_genes += result.outside_kb_genes
    for name in sorted(result.outside_kb_gene_names):
        if len(merged.outside_kb_gene_names) < OUTSIDE_NAMES_KEPT:
            merged.outside_kb_gene_names.add(name)
    merged.duplicates += result.duplicates
    merged.sample = merged.sample or result.sample
    for key, value in result.metadata.items():
        merged.metadata.setdefault(key, value)
    if merged.tumor_fraction is None:
        merged.tumor_fraction = result.tumor_fraction
        merged.tumor_fraction_source = result.tumor_fraction_source
    for alteration in result.alterations:
        index = kept.get(alteration.key)
        if index is None:
            kept[alteration.key] = len(merged.alterations)
            merged.alterations.append(alteration)
            continue
        merged.duplicates += 1
        merged.alterations[index] = _fill(merged.alterations[index], alteration)
    merged.set_aside.extend(result.set_aside)


def _set_aside(entries, kept: dict[tuple, int], merged: ReadResult):
    """Alterations an input set aside (genotyped at VAF 0, ...) that no input detected: once
    each. One another input detected is that detection, counted as a duplicate read."""
    out, seen = [], set()
    for alteration, reason in entries:
        if alteration.key in kept or alteration.key in seen:
            merged.duplicates += 1
            continue
        seen.add(alteration.key)
        out.append((alteration, reason))
    return out


def _fill(first, later):
    """`first` with its empty fields taken from `later` (the same alteration read again); the
    VAF's source goes with the VAF."""
    missing = {f.name: getattr(later, f.name) for f in fields(first)
               if getattr(first, f.name) in (None, (), "") and getattr(later, f.name)
               not in (None, (), "")}
    if "vaf_source" in missing and "vaf" not in missing:
        del missing["vaf_source"]
    return replace(first, **missing) if missing else first
