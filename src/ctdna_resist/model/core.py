"""Plain dataclasses shared by readers, matcher and renderers.

Field names of `Finding`, `RescueOption`, `OtherAlteration`, `Accounting`, `Sample` and `Result`
are the JSON keys (README "Outputs", docs/json-output.md); `Result.to_dict()` is what the JSON
renderer writes, walking the nested dataclasses by their fields.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .conflicts import Conflict
from .frames import ResultFrames
from .jsonable import plain
from .text import printable
from .vocab import (
    Applicability,
    Category,
    ConditionState,
    EvidenceLevel,
    Explains,
    Kind,
    PhaseCall,
    ReasonKind,
)

SCHEMA_VERSION = "1.2"
#: report JSON versions this version reads (the cohort summary); 1.1 and 1.2 only added fields
READABLE_SCHEMA_VERSIONS = ("1", "1.1", "1.2")
OUTSIDE_NAMES_KEPT = 20


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
    #: the input field the VAF was read from (`FORMAT/AD`, `INFO/TVAF`, `t_alt_freq`, ...)
    vaf_source: str | None = None

    @property
    def key(self) -> tuple[str, str, str | None]:
        """Identity across inputs: the same key from two files is one alteration."""
        return (self.gene, self.alteration, self.partner)

    @property
    def label(self) -> str:
        return alteration_label(self.gene, self.alteration,
                                self.partner if self.kind is Kind.FUSION else None)


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
    #: the formats read (registry names), and whether an input had a matched normal
    formats: list[str] = field(default_factory=list)
    matched_normal: bool = False
    #: the header hint the genome build came from (`##reference=...hg38.fa`)
    genome_evidence: str | None = None
    #: alterations the input itself says are not calls (genotyped at VAF 0, left out of the
    #: laboratory's report), each with that reason: listed in other_alterations, never matched
    set_aside: list[tuple[Alteration, str]] = field(default_factory=list)

    def count_outside(self, gene: str | None, n: int = 1) -> None:
        """Count alterations of a gene outside the knowledge base (not kept: DESIGN.md)."""
        self.outside_kb_genes += n
        if gene and len(self.outside_kb_gene_names) < OUTSIDE_NAMES_KEPT:
            self.outside_kb_gene_names.add(gene)


@dataclass(kw_only=True)
class Reason:
    """One reason an option applies, does not, or cannot be decided: `detail` is one plain
    sentence; `finding` names the finding it rests on (`EGFR T790M`), another or this one,
    if any."""

    kind: ReasonKind
    detail: str
    finding: str | None = None


@dataclass(kw_only=True)
class RescueOption:
    regimen: str
    drugs: list[str]
    #: judged against the whole sample and the history (options.judge_options)
    applicability: Applicability = Applicability.UNDETERMINED
    reasons: list[Reason] = field(default_factory=list)
    condition: str | None
    evidence_level: EvidenceLevel
    #: the AMP/ASCO/CAP 2017 level (A-D) the evidence level maps to (annotations/amp_levels.tsv)
    amp_level: str | None = None
    evidence: str
    trials: list[str]
    sources: list[str]
    response: str | None = None
    trial_names: list[str] = field(default_factory=list)
    #: each trial's phase and status as the source gives them
    trial_status: str | None = None
    #: met, unknown (e.g. phase not determined) or failed; None when the option has no condition
    condition_status: ConditionState | None = None
    kb_entry: str = ""
    #: drug classes a regimen names where the source names no drug (`MEK inhibitor`)
    drug_classes: list[str] = field(default_factory=list)
    #: drugs of the regimen the source defines as continued beyond progression on them
    continues: list[str] = field(default_factory=list)
    #: every knowledge-base row this option stands for (the same regimen from both sources),
    #: `kb_entry` first, and the sources they come from (`reviews`, `CIViC`)
    kb_entries: list[str] = field(default_factory=list)
    kb_sources: list[str] = field(default_factory=list)
    #: the highest CIViC rating (1-5) of its CIViC items; null when none is rated
    civic_rating: int | None = None


@dataclass
class Explanation:
    """Whether a finding explains progression on the assessed therapy (`answer`), and why, in
    one plain sentence (`detail`). Decided by `interpret.explain`."""

    answer: Explains
    detail: str


@dataclass
class PhaseReads:
    """Read fragments at both sites, counted from the finding's point of view."""

    both: int = 0
    this_only: int = 0
    other_only: int = 0
    neither: int = 0


@dataclass
class Phase:
    """A finding's phase with another detected variant (`with_` is its label: JSON `with`)."""

    with_: str
    call: PhaseCall
    reads: PhaseReads
    method: str | None = None
    #: fragments not counted, by reason (only when reads were counted from a BAM)
    excluded: dict[str, int] | None = None

    @property
    def settled(self) -> bool:
        return self.call in (PhaseCall.CIS, PhaseCall.TRANS)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"with": self.with_, "call": self.call,
                                "reads": plain(self.reads)}
        if self.method is not None:
            data["method"] = self.method
        if self.excluded is not None:
            data["excluded"] = dict(self.excluded)
        return data


@dataclass(kw_only=True)
class Alternative:
    """What would apply instead if a condition this sample does not settle holds (e.g. C797S
    in cis with T790M)."""

    condition: str
    condition_text: str
    category: Category
    resists: list[str]
    context_match: bool
    #: filled by `interpret`
    explains: Explanation | None = None
    evidence: str
    kb_entry: str
    sources: list[str]


@dataclass(kw_only=True)
class Finding:
    gene: str
    alteration: str
    hgvs_p: str | None
    partner: str | None
    category: Category
    resists: list[str]
    context_match: bool
    #: whether it explains progression on the assessed therapy; filled by `interpret`
    explains: Explanation | None = None
    evidence_level: EvidenceLevel
    amp_level: str | None = None
    evidence: str
    frequency: str | None
    rescue_options: list[RescueOption]
    vaf: float | None
    clonality: float | None
    plasma_copy_number: float | None
    tumor_copy_number: float | None
    phase: Phase | None
    flags: list[str]
    kb_entry: str
    sources: list[str]
    studies: list[str] = field(default_factory=list)
    depth: int | None = None
    alt_depth: int | None = None
    #: the input field the VAF was read from (Alteration.vaf_source)
    vaf_source: str | None = None
    input: str = ""
    #: what would apply if an undetermined condition holds (e.g. C797S in cis with T790M)
    alternatives: list[Alternative] = field(default_factory=list)
    #: the knowledge-base rows documented against the assessed therapy that this finding
    #: merges (`kb_entry` first), and the sources they come from (`reviews`, `CIViC`)
    kb_entries: list[str] = field(default_factory=list)
    kb_sources: list[str] = field(default_factory=list)
    #: where the sources disagree on a therapy for this alteration: both sides, never one
    conflicts: list[Conflict] = field(default_factory=list)
    #: the alteration read from the input (for judging its options; not written to the JSON)
    subject: Alteration | None = field(default=None, repr=False, compare=False,
                                       metadata={"json": False})

    @property
    def label(self) -> str:
        return alteration_label(self.gene, self.alteration, self.partner)


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
    #: the input field the VAF was read from (Alteration.vaf_source)
    vaf_source: str | None = None

    @property
    def label(self) -> str:
        return alteration_label(self.gene, self.alteration, self.partner)


@dataclass
class NotAssessable:
    mechanism: str
    gene: str | None
    kind: str
    evidence: str
    frequency: str | None
    sources: list[str]
    kb_entry: str


@dataclass(kw_only=True)
class NotDetected:
    """A mechanism documented for the assessed therapy that the input could have shown but did
    not; `sensitivity` says, in words, what the tumour fraction lets plasma show."""

    gene: str
    alteration: str
    category: Category
    sensitivity: str
    kb_entry: str


@dataclass(kw_only=True)
class NotAssessed:
    """A mechanism documented for the assessed therapy in a gene (or of a kind: copy number,
    fusion) the input does not cover: neither seen nor excluded."""

    gene: str
    alteration: str
    category: Category
    reason: str
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
    #: the header hint or option the genome build came from
    genome_evidence: str | None = None
    #: whether the driver was found in the input (None: no driver known)
    driver_detected: bool | None = None
    #: whether the knowledge base documents this tumour type (not written to the JSON)
    tumor_type_in_kb: bool = field(default=True, metadata={"json": False})


@dataclass
class Result(ResultFrames):
    """One sample's report: `to_dict()` is the JSON; `findings_frame()`, `options_frame()` and
    `other_frame()` the same as pandas tables (`frames.ResultFrames`)."""

    #: the JSON's keys in order: schema_version first, as in DESIGN.md; what was looked for
    #: and not detected beside the findings
    JSON_ORDER: ClassVar[tuple[str, ...]] = (
        "schema_version", "tool", "knowledge_base", "sample", "summary", "findings",
        "not_detected", "not_assessed", "not_assessable", "other_alterations", "accounting")
    FINDING: ClassVar[type] = Finding
    RESCUE_OPTION: ClassVar[type] = RescueOption
    OTHER_ALTERATION: ClassVar[type] = OtherAlteration

    tool: dict[str, str]
    knowledge_base: dict[str, Any]
    sample: Sample
    summary: str
    findings: list[Finding]
    not_assessable: list[NotAssessable]
    other_alterations: list[OtherAlteration]
    accounting: Accounting
    #: mechanisms of the assessed therapy the input could have shown but did not
    not_detected: list[NotDetected] = field(default_factory=list)
    #: mechanisms of the assessed therapy in genes or kinds the input does not cover
    not_assessed: list[NotAssessed] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {key: plain(getattr(self, key)) for key in self.JSON_ORDER}


def alteration_label(gene: str, alteration: str, partner: str | None = None) -> str:
    """How readers see an alteration: `EGFR T790M`, `EML4-ALK fusion` (partner first);
    printable (text.py) whatever the input wrote."""
    if partner:
        return printable(f"{partner}-{gene} fusion")
    return printable(f"{gene} {alteration}")
