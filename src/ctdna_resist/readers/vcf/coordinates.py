"""Small variants of unannotated records, from their coordinates (translate.py does the
translating).

Tried in order: the curated hotspot coordinates of the knowledge base (exact POS/REF/ALT; an
unverified coordinate adds the `coordinate_unverified` flag); with a reference FASTA, the MANE
coding models (any SNV or small indel in a coding exon, either strand); without one, a
canonical splice site of those models, then the reference codons. A record in a knowledge-base
gene that none of them reads is listed as a genomic change (`g.` form), unless the FASTA
translation found the protein unchanged (intronic, UTR).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ...kb.entities import Hotspot
from ...model import Alteration, Kind
from ...normalize.alterations import AlterationBuilder, AlterationError
from ..common import ReadOptions, SkipRecord
from . import translate
from .alleles import NoProteinChange, full
from .genome import Regions, bare_chrom
from .records import Record
from .reference import Reference

#: (bare chrom, pos) -> (gene, codon number, reference codon, index of pos in the codon)
Codons = dict[tuple[str, int], tuple[str, int, str, int]]


def transcript_tables(options: ReadOptions, genome: str | None
                      ) -> tuple[dict[str, translate.Transcript], Codons]:
    """The MANE coding models (gene -> model) and the reference codons of the build, from the
    knowledge base in use (its transcripts.tsv and codons.tsv); empty without a build."""
    if not genome:
        return {}, {}
    kb = options.kb
    return kb.transcripts.get(genome, {}), translate.codon_positions(kb.codons, genome)


class LazyTables:
    """transcript_tables, loaded the first time a record needs them (most files never do)."""

    def __init__(self, *, options: ReadOptions, genome: str | None):
        self.options = options
        self.genome = genome

    @cached_property
    def _loaded(self) -> tuple[dict[str, translate.Transcript], Codons]:
        return transcript_tables(self.options, self.genome)

    @property
    def models(self) -> dict[str, translate.Transcript]:
        return self._loaded[0]

    @property
    def codons(self) -> Codons:
        return self._loaded[1]


def trim(pos: int, ref: str, alt: str) -> tuple[int, str, str]:
    """Shared trailing bases, then shared leading bases beyond one, removed: the minimal
    left-anchored VCF form hotspots are written in."""
    while len(ref) > 1 and len(alt) > 1 and ref[-1] == alt[-1]:
        ref, alt = ref[:-1], alt[:-1]
    while len(ref) > 1 and len(alt) > 1 and ref[0] == alt[0]:
        ref, alt, pos = ref[1:], alt[1:], pos + 1
    return pos, ref, alt


@dataclass
class Coordinates:
    """What reading an unannotated allele needs, for one file."""

    genome: str | None
    builder: AlterationBuilder
    regions: Regions | None  # set whenever genome is
    reference: Reference | None
    tables: LazyTables
    skipping: set[str]  # the knowledge base's `exon N skipping` events
    hotspots: dict[tuple[str, int, str, str], Hotspot]  # by (chrom, pos, ref, alt)

    @classmethod
    def for_file(cls, *, options: ReadOptions, genome: str | None, regions: Regions | None,
                 reference: Reference | None, tables: LazyTables,
                 skipping: set[str]) -> Coordinates:
        hotspots = {(h.chrom, h.pos, h.ref, h.alt): h for h in options.kb.hotspots
                    if h.build == genome}
        return cls(genome=genome, builder=options.builder, regions=regions, reference=reference,
                   tables=tables, skipping=skipping, hotspots=hotspots)

    @cached_property
    def _translator(self) -> translate.Translator:
        """One per file: it keeps each gene's coding sequence once read from the FASTA."""
        assert self.reference is not None
        return translate.Translator(self.reference.fasta, self.tables.models,
                                    self.reference.contig)

    def alteration(self, record: Record, ref: str, alt: str,
                   fields: dict) -> Alteration | None:
        """Hotspot coordinates, then the FASTA and coding models, then the known codons; None
        outside knowledge-base genes. NoProteinChange when the protein stays the same."""
        if self.genome is None:
            raise SkipRecord("unannotated record, genome build unknown",
                             "record has no consequence annotation and the genome build is not "
                             "stated in the header: give --genome GRCh37 or GRCh38")
        chrom = bare_chrom(record.chrom)
        pos, ref, alt = trim(record.pos, ref, alt)
        fields = full(fields)
        hotspot = self.hotspots.get((chrom, pos, ref, alt))
        if hotspot is not None:
            text = hotspot.protein_change.split(" (")[0]
            flags = () if hotspot.verified else ("coordinate_unverified",)
            alteration = self.builder.build(hotspot.gene, text, **fields)
            return replace(alteration, flags=alteration.flags + flags)
        genes = self.regions.genes_overlapping(record.chrom, pos, pos + len(ref) - 1)
        if not genes:
            return None
        change = self._change(genes, chrom, pos, ref, alt)
        if change is None:
            if self.reference is not None and any(g in self.tables.models for g in genes):
                raise NoProteinChange  # translated: intronic, UTR
            return Alteration(gene=genes[0], alteration=f"g.{pos}{ref}>{alt}", kind=Kind.OTHER,
                              **fields)
        if change.text.endswith("="):
            raise NoProteinChange
        fields = dict(fields, hgvs_c=change.hgvs_c)
        try:
            return self.builder.build(change.gene, change.text, kind_hint=change.kind_hint,
                                      **fields)
        except AlterationError:
            return Alteration(gene=change.gene, alteration=change.text, kind=Kind.OTHER,
                              **fields)

    def _change(self, genes: list[str], chrom: str, pos: int, ref: str,
                alt: str) -> translate.Change | None:
        """What the allele does to the first of `genes` it changes."""
        models = self.tables.models
        for gene in genes:
            model = models.get(gene)
            if self.reference is not None and model is not None:
                change = self._translator.change(gene, pos, ref, alt, self.skipping)
            elif model is not None:
                change = translate.splice_change(model, pos, ref, alt, self.skipping) or \
                    translate.codon_change(self.tables.codons, chrom, pos, ref, alt,
                                           lambda g: models[g].strand if g in models else "+")
            else:
                change = None
            if change is not None:
                return change
        return None
