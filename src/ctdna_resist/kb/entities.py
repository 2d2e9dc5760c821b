"""What the rows of the knowledge-base tables become: frozen values, built only by the loaders."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Category, EvidenceLevel, KbSource
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
class CivicEvidence:
    """What a row derived from a CIViC evidence item keeps of the item (civic_* columns)."""

    level: str  # CIViC's evidence level, A-E
    rating: int | None  # 1-5; None when the item is not rated
    disease: str
    lung: bool  # the disease is a lung cancer (the import's mapping table says which)
    profile: str
    therapies: str

    @property
    def amp_scheme(self) -> str:
        """The amp_levels.tsv scheme its level maps through: evidence from another disease
        supports at most level C in NSCLC."""
        return "civic" if self.lung else "civic_other_disease"


class _FromEitherSource:
    """A row curated from the reviews, or derived from a CIViC evidence item (`civic` set)."""

    civic: CivicEvidence | None
    evidence_level: EvidenceLevel

    @property
    def origin(self) -> KbSource:
        return KbSource.REVIEWS if self.civic is None else KbSource.CIVIC

    def amp_basis(self) -> tuple[str, str]:
        """(amp_levels.tsv scheme, level) its AMP/ASCO/CAP level maps from: a CIViC row's
        CIViC level, a curated row's evidence level."""
        if self.civic is not None:
            return (self.civic.amp_scheme, self.civic.level)
        return ("kb", self.evidence_level.value)


@dataclass(frozen=True, kw_only=True)
class ResistanceEntry(_FromEitherSource):
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
    civic: CivicEvidence | None = None  # set on the rows of civic_resistance.tsv


@dataclass(frozen=True, kw_only=True)
class RescueEntry(_FromEitherSource):
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
    #: each trial's phase and status as the source gives them (`TATTON: phase 1b, results
    #: reported`), for readers
    trial_status: str = ""
    #: an ongoing trial: whether the source says it enrols patients with the alteration (an
    #: inclusion criterion is what AMP/ASCO/CAP level C counts); None on other rows
    trial_enrols: bool | None = None
    sources: tuple[Citation | CivicCitation, ...]
    civic: CivicEvidence | None = None  # set on the rows of civic_rescue.tsv


@dataclass(frozen=True, kw_only=True)
class ConflictEvidence:
    """One line of civic_conflicts.tsv: a piece of evidence on one side of a disagreement."""

    source: KbSource
    kb_entries: tuple[str, ...]
    sources: tuple[Citation | CivicCitation, ...]
    evidence_level: EvidenceLevel
    civic_lung: bool  # CIViC: the item's disease is a lung cancer
    context: str

    def amp_basis(self) -> tuple[str, str]:
        """(amp_levels.tsv scheme, level) its AMP/ASCO/CAP level maps from."""
        civic = next((s.level for s in self.sources if isinstance(s, CivicCitation)), None)
        if self.source is KbSource.CIVIC and civic:
            return ("civic" if self.civic_lung else "civic_other_disease", civic)
        return ("kb", self.evidence_level.value)


@dataclass(frozen=True, kw_only=True)
class ConflictEntry:
    """A disagreement of civic_conflicts.tsv: an alteration (with the other alterations it
    must be found with) documented as resisting `therapies` by one side and as responding to
    them by the other. Each therapy is a drug or a combination (its drugs)."""

    kind: str  # same_alteration | option_not_linked
    gene: str
    pattern: AlterationPattern
    partner: str | None
    requires: tuple[Condition, ...]
    therapies: tuple[tuple[str, ...], ...]
    resistance: tuple[ConflictEvidence, ...]
    sensitivity: tuple[ConflictEvidence, ...]


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
