"""Plain dataclasses shared by readers, matcher and renderers.

Field names of `Finding`, `RescueOption`, `OtherAlteration`, `Accounting`, `Sample` and `Result`
are the JSON keys of DESIGN.md; `to_dict` of each is what the JSON renderer writes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = "1"
OUTSIDE_NAMES_KEPT = 20


class Category(StrEnum):
    ON_TARGET = "on_target"
    BYPASS = "bypass"
    DOWNSTREAM = "downstream"


class EvidenceLevel(StrEnum):
    """Strongest first; `rank` orders findings and options."""

    APPROVED = "approved"
    CLINICAL = "clinical"
    CASE_REPORT = "case_report"
    PRECLINICAL = "preclinical"
    ONGOING_TRIAL = "ongoing_trial"

    @property
    def rank(self) -> int:
        return list(EvidenceLevel).index(self)


class Kind(StrEnum):
    """What sort of event an alteration is."""

    SNV = "snv"
    INDEL = "indel"
    AMPLIFICATION = "amplification"
    DELETION = "deletion"
    FUSION = "fusion"
    SPLICE = "splice"
    OTHER = "other"


@dataclass(frozen=True)
class Alteration:
    """One normalised alteration from any reader.

    `alteration` is the canonical spelling (`T790M`, `exon 19 deletion`, `amplification`,
    `fusion`); `hgvs_p` keeps the exact protein change in HGVS three-letter form where known.
    `vaf` is always a fraction. `input` says where it was read (`file:line`).
    """

    gene: str
    alteration: str
    kind: Kind
    hgvs_p: str | None = None
    partner: str | None = None
    vaf: float | None = None
    depth: int | None = None
    alt_depth: int | None = None
    copy_number: float | None = None  # plasma copy number (what a ctDNA assay measures)
    transcript: str | None = None
    hgvs_c: str | None = None
    chrom: str | None = None
    pos: int | None = None
    ref: str | None = None
    alt: str | None = None
    input: str = ""
    flags: tuple[str, ...] = ()
    #: purity-corrected tumour copy number, where an input gives one (allele-specific segments)
    tumor_copy_number: float | None = None

    @property
    def key(self) -> tuple[str, str, str | None]:
        """Identity across inputs: the same key from two files is one alteration."""
        return (self.gene, self.alteration, self.partner)

    @property
    def label(self) -> str:
        if self.kind is Kind.FUSION and self.partner:
            return f"{self.partner}-{self.gene} fusion"
        return f"{self.gene} {self.alteration}"


@dataclass
class ReadResult:
    """What a reader hands on: alterations plus the counts the accounting needs."""

    alterations: list[Alteration] = field(default_factory=list)
    input_records: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    outside_kb_genes: int = 0
    genome: str | None = None
    sample: str | None = None
    duplicates: int = 0  # the same alteration read again (another input, or a repeated row)
    #: what the input says about itself (a vendor report's disease, pipeline version, ...)
    metadata: dict[str, str] = field(default_factory=dict)
    #: a few of the gene names counted in outside_kb_genes, for the reader of the report
    outside_kb_gene_names: set[str] = field(default_factory=set)
    #: a tumour fraction the input states (e.g. a panel `tumor_fraction` column), and where
    tumor_fraction: float | None = None
    tumor_fraction_source: str | None = None

    def count_outside(self, gene: str | None, n: int = 1) -> None:
        """Count alterations of a gene outside the knowledge base (not kept: DESIGN.md)."""
        self.outside_kb_genes += n
        if gene and len(self.outside_kb_gene_names) < OUTSIDE_NAMES_KEPT:
            self.outside_kb_gene_names.add(gene)


@dataclass
class RescueOption:
    regimen: str
    drugs: list[str]
    condition: str | None
    evidence_level: str
    evidence: str
    trials: list[str]
    sources: list[str]
    response: str | None = None
    trial_names: list[str] = field(default_factory=list)
    condition_status: str | None = None  # "met" or "unknown" (phase not determined)
    kb_entry: str = ""
    #: drug classes a regimen names where the source names no drug (`MEK inhibitor`)
    drug_classes: list[str] = field(default_factory=list)


@dataclass
class Finding:
    gene: str
    alteration: str
    hgvs_p: str | None
    partner: str | None
    category: str
    resists: list[str]
    context_match: bool
    evidence_level: str
    evidence: str
    frequency: str | None
    rescue_options: list[RescueOption]
    vaf: float | None
    clonality: float | None
    plasma_copy_number: float | None
    tumor_copy_number: float | None
    phase: dict[str, Any] | None
    flags: list[str]
    kb_entry: str
    sources: list[str]
    studies: list[str] = field(default_factory=list)
    depth: int | None = None
    alt_depth: int | None = None
    input: str = ""
    #: what would apply if an undetermined condition holds (e.g. C797S in cis with T790M)
    alternatives: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class OtherAlteration:
    gene: str
    alteration: str
    hgvs_p: str | None
    partner: str | None
    vaf: float | None
    reason: str
    flags: list[str] = field(default_factory=list)
    copy_number: float | None = None
    input: str = ""
    depth: int | None = None
    alt_depth: int | None = None


@dataclass
class NotAssessable:
    mechanism: str
    gene: str | None
    kind: str
    evidence: str
    frequency: str | None
    sources: list[str]
    kb_entry: str


@dataclass
class Accounting:
    input_records: int = 0
    alterations: int = 0
    findings: int = 0
    other: int = 0
    skipped: int = 0
    outside_kb_genes: int = 0
    skipped_reasons: dict[str, int] = field(default_factory=dict)
    #: alterations read more than once (two inputs, or a repeated row) and counted once; not
    #: part of `alterations`, which counts each alteration once
    duplicates: int = 0
    #: some of the genes behind outside_kb_genes (at most OUTSIDE_NAMES_KEPT, sorted)
    outside_kb_gene_examples: list[str] = field(default_factory=list)


@dataclass
class Sample:
    id: str
    tumor_type: str
    therapies: list[str]
    driver: dict[str, str] | None
    tumor_fraction: float | None
    tumor_fraction_method: str | None
    driver_method: str = ""
    genome: str | None = None
    #: what the inputs say about the sample (a vendor report's disease, pipeline version, ...)
    input_metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    tool: dict[str, str]
    knowledge_base: dict[str, Any]
    sample: Sample
    summary: str
    findings: list[Finding]
    not_assessable: list[NotAssessable]
    other_alterations: list[OtherAlteration]
    accounting: Accounting
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        data = plain(self)
        # schema_version first, as in DESIGN.md
        return {"schema_version": data.pop("schema_version"), **data}


def plain(value: Any) -> Any:
    """Dataclasses, lists and dicts as plain JSON-ready values. Unlike `dataclasses.asdict`
    it does not deep-copy every leaf, which dominated writing large outputs."""
    if hasattr(value, "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
