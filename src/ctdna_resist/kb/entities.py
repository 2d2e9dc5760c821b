"""What the rows of the knowledge-base tables become: frozen values, built only by the loaders."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Category, EvidenceLevel
from .patterns import AlterationPattern, Condition, GenePattern, TherapySpec


@dataclass(frozen=True)
class Citation:
    """A section of a seed review: `001_0266a875e78a1158.txt §3.1.2`."""

    file: str
    section: str

    def __str__(self) -> str:
        return f"{self.file} §{self.section}"


@dataclass(frozen=True, kw_only=True)
class Source:
    """A review cited by the tables (sources.tsv), as the report's references show it."""

    id: str
    citation: str
    doi: str


@dataclass(frozen=True, kw_only=True)
class ResistanceEntry:
    id: str
    gene: str
    pattern: AlterationPattern
    partner: str | None
    category: Category
    driver_context: tuple[GenePattern, ...]
    resists: tuple[TherapySpec, ...]
    requires: tuple[Condition, ...]
    evidence_level: EvidenceLevel
    evidence: str
    frequency: str
    sources: tuple[Citation, ...]
    studies: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RescueEntry:
    id: str
    resistance_ids: tuple[str, ...]
    regimen: str
    drugs: tuple[str, ...]  # generic names, or classes where the source names no drug
    condition: tuple[Condition, ...]
    condition_text: str
    evidence_level: EvidenceLevel
    evidence: str
    response: str
    trials: tuple[str, ...]
    trial_names: tuple[str, ...]
    sources: tuple[Citation, ...]


@dataclass(frozen=True, kw_only=True)
class NotAssessableEntry:
    id: str
    mechanism: str
    gene: str | None
    kind: str
    driver_context: tuple[GenePattern, ...]
    resists: tuple[TherapySpec, ...]
    evidence: str
    frequency: str
    sources: tuple[Citation, ...]


@dataclass(frozen=True, kw_only=True)
class DriverEntry:
    id: str
    target: GenePattern
    targeted_by: tuple[TherapySpec, ...]


@dataclass(frozen=True, kw_only=True)
class Hotspot:
    """The genomic coordinate of a curated protein change on one build."""

    gene: str
    protein_change: str
    build: str
    chrom: str
    pos: int
    ref: str
    alt: str
    verified: bool


@dataclass(frozen=True, kw_only=True)
class Transcript:
    """A MANE coding model: exons in genomic order; the CDS includes the stop codon."""

    gene: str
    chrom: str  # bare name, no 'chr'
    strand: str
    cds_start: int
    cds_end: int
    exons: tuple[tuple[int, int], ...]

    @property
    def coding_exons(self) -> list[tuple[int, int]]:
        return [(max(s, self.cds_start), min(e, self.cds_end)) for s, e in self.exons
                if s <= self.cds_end and e >= self.cds_start]

    def cds_positions(self) -> list[int]:
        """Genomic position of every CDS base, in transcript order."""
        positions = [p for s, e in self.coding_exons for p in range(s, e + 1)]
        return positions[::-1] if self.strand == "-" else positions

    def exon_number(self, index: int) -> int:
        """1-based exon number in transcript order of `exons[index]` (genomic order)."""
        return index + 1 if self.strand == "+" else len(self.exons) - index


@dataclass(frozen=True, kw_only=True)
class Codon:
    """A reference codon: its bases in transcript order and their positions on each build (on
    the minus strand the genome holds the complements)."""

    gene: str
    number: int
    ref_codon: str
    chrom: str
    grch37_positions: tuple[int, ...]
    grch38_positions: tuple[int, ...]

    def positions(self, build: str) -> tuple[int, ...]:
        return self.grch37_positions if build == "GRCh37" else self.grch38_positions
