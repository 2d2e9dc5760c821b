"""Controlled vocabularies: one `StrEnum` each, shared by the knowledge base, the matcher, the
interpretation and the renderers. Members are strings, so JSON and TSV write their values."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """The mechanism of resistance, as readers are told it."""

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
        return _EVIDENCE_ORDER.index(self)


_EVIDENCE_ORDER = list(EvidenceLevel)


class KbSource(StrEnum):
    """Where a knowledge-base row comes from: the hand-curated source reviews, or the CIViC
    evidence items `scripts/import_civic.py` derived rows from."""

    REVIEWS = "reviews"
    CIVIC = "CIViC"


class Kind(StrEnum):
    """What sort of event an alteration is."""

    SNV = "snv"
    INDEL = "indel"
    AMPLIFICATION = "amplification"
    DELETION = "deletion"
    FUSION = "fusion"
    SPLICE = "splice"
    OTHER = "other"


class Flag(StrEnum):
    """The closed list of flags (annotations/flags.tsv documents each; a test keeps the two
    equal)."""

    AMPLIFICATION_BORDERLINE = "amplification_borderline"
    COORDINATE_UNVERIFIED = "coordinate_unverified"
    LOW_DEPTH = "low_depth"
    LOW_VAF = "low_vaf"
    POSSIBLE_CHIP = "possible_chip"
    SUBCLONAL = "subclonal"
    TUMOR_COPY_NUMBER_UNSTABLE = "tumor_copy_number_unstable"
    TUMOR_TYPE_OUTSIDE_KB = "tumor_type_outside_kb"
    POSSIBLE_GERMLINE = "possible_germline"
    VAF_INCONSISTENT_WITH_TUMOR_FRACTION = "vaf_inconsistent_with_tumor_fraction"


class PhaseCall(StrEnum):
    """Whether two variants sit on the same DNA molecule (cis) or on different ones (trans)."""

    CIS = "cis"
    TRANS = "trans"
    UNDETERMINED = "undetermined"


class ConditionKind(StrEnum):
    """What a knowledge-base condition asks of the sample (annotations/README.md)."""

    WITH = "with"
    WITHOUT = "without"
    CIS = "cis"
    TRANS = "trans"
    DRIVER = "driver"
    RECEIVED = "received"
    NOT_RECEIVED = "not_received"
    RECEIVED_ALONE = "received_alone"
    TUMOR_TYPE = "tumor_type"
    AMPLIFIED_ALLELE = "amplified_allele"  # which allele of an amplified gene carries the gain


class ConditionState(StrEnum):
    """A condition judged against one sample: holds, cannot hold, or not decidable here."""

    MET = "met"
    UNKNOWN = "unknown"
    FAILED = "failed"


class PatternKind(StrEnum):
    """One alternative of a knowledge-base alteration pattern."""

    EXACT = "exact"  # T790M
    CODON = "codon"  # G796X
    MUTATION = "mutation"  # any protein-changing small variant (optionally with exceptions)
    CLASS = "class"  # amplification, exon 19 deletion, fusion, ...


class Explains(StrEnum):
    """Whether a finding explains progression on the assessed therapy."""

    YES = "yes"
    NOT_ESTABLISHED = "not established"
    NO = "no"
    NO_THERAPY = "no therapy given"


class SerialStatus(StrEnum):
    """An alteration's course over a patient's time points (timeline.classify)."""

    EMERGED = "emerged"
    PERSISTED = "persisted"
    CLEARED = "cleared"
    BASELINE_ONLY = "baseline-only"


class Applicability(StrEnum):
    """Whether a documented rescue option applies to this sample, judged against the whole
    sample and the treatment history (`options.judge_options`); listed in this order."""

    APPLIES = "applies"
    UNDETERMINED = "undetermined"
    DOES_NOT_APPLY = "does_not_apply"

    @property
    def rank(self) -> int:
        return _APPLICABILITY_ORDER.index(self)


_APPLICABILITY_ORDER = list(Applicability)


class ReasonKind(StrEnum):
    """Why an option applies, does not, or cannot be decided."""

    ALREADY_RECEIVED = "already_received"  # this regimen was given, and progressed on
    CONTINUES = "continues"  # the source defines continuing a received drug in this combination
    RESISTED_BY = "resisted_by"  # another finding is documented to resist one of its drugs
    CONDITION_MET = "condition_met"
    CONDITION_NOT_MET = "condition_not_met"
    CONDITION_UNDETERMINED = "condition_undetermined"
    OTHER_THERAPY = "other_therapy"  # the finding is documented against another therapy
    DOUBTFUL_FINDING = "doubtful_finding"  # the finding may be CHIP, germline or an artefact
