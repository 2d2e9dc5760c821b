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


@dataclass(frozen=True)
class CivicCitation:
    """A CIViC evidence item: `CIViC EID1234 (PMID 12345678; level B; rating 4; CIViC
    01-Aug-2024)`; `file` is the source row it belongs to (sources.tsv `CIViC`)."""

    eid: int
    pmid: str
    level: str
    rating: str
    release: str
    file: str = "CIViC"

    @property
    def section(self) -> str:
        return f"EID{self.eid}"

    def __str__(self) -> str:
        return (f"CIViC EID{self.eid} (PMID {self.pmid}; level {self.level}; rating "
                f"{self.rating or 'none'}; CIViC {self.release})")


@dataclass(frozen=True, kw_only=True)
class Source:
    """A source cited by the tables (sources.tsv), as the report's references show it."""

    id: str
    kind: str
    citation: str
    authors: str = ""
    title: str = ""
    journal: str = ""
    year: str = ""
    doi: str = ""
    pmid: str = ""


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
    sources: tuple[Citation | CivicCitation, ...]
    studies: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class RescueEntry:
    id: str
    resistance_ids: tuple[str, ...]
    regimen: str
    drugs: tuple[str, ...]  # generic names, or classes where the source names no drug
    condition: tuple[Condition, ...]
    condition_text: str
    #: drugs of the regimen the source defines as continued beyond progression on them
    continues: tuple[str, ...]
    evidence_level: EvidenceLevel
    evidence: str
    response: str
    trials: tuple[str, ...]
    trial_names: tuple[str, ...]
    sources: tuple[Citation | CivicCitation, ...]


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
    #: 1: a principal sensitising driver of its gene; 2: an uncommon one, the driver only when
    #: no tier-1 driver is present (otherwise it may be resistance, e.g. EGFR S768I)
    tier: int


@dataclass(frozen=True, kw_only=True)
class GermlinePolymorphism:
    """A common inherited coding variant: never a resistance finding."""

    gene: str
    protein_change: str  # one-letter, no p.; empty when only the c. change is recorded
    hgvs_c: str
    rsid: str
    frequency: str


@dataclass(frozen=True, kw_only=True)
class AmpLevel:
    """An evidence level of one scheme as an AMP/ASCO/CAP 2017 level (Li et al. 2017)."""

    scheme: str  # kb | civic | amp
    level: str
    amp_level: str  # A-D, or '' when none applies
    relation: str  # equals | at_most | if_inclusion_criterion
    legend: str


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
