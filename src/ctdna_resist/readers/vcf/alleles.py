"""One ALT allele on its way to an alteration: its fields, and the outcome of a protein left
unchanged."""

from __future__ import annotations

from .fractions import allele_fraction
from .genome import bare_chrom
from .records import Record

NO_PROTEIN_CHANGE = "no protein change (synonymous, intronic, UTR, non-coding)"


class NoProteinChange(Exception):
    """An allele in a knowledge-base gene whose consequence leaves the protein unchanged."""


class AlleleFields(dict):
    """The Alteration fields of one allele; the allele fraction is worked out only when an
    alteration is made (most alleles of a genome-size file leave the protein unchanged)."""

    def __init__(self, *, record: Record, allele_index: int, alt: str, where: str,
                 sample_index: int | None):
        super().__init__(chrom=bare_chrom(record.chrom), pos=record.pos, ref=record.ref, alt=alt,
                         input=where)
        self.source = (record, allele_index, sample_index)

    def full(self) -> dict:
        record, allele_index, sample_index = self.source
        vaf, depth, alt_depth, source = allele_fraction(record, allele_index, sample_index)
        return dict(self, vaf=vaf, depth=depth, alt_depth=alt_depth, vaf_source=source)


def full(fields: dict) -> dict:
    """The fields with the allele fraction worked out."""
    return fields.full() if isinstance(fields, AlleleFields) else fields
