"""Plain dataclasses and vocabularies shared by every layer.

Field names of `Finding`, `RescueOption`, `OtherAlteration`, `Accounting`, `Sample` and `Result`
are the JSON keys of DESIGN.md; `Result.to_dict` is what the JSON renderer writes.
"""

from .cohort import CohortSummary, MechanismRow, TherapyColumn
from .core import (
    OUTSIDE_NAMES_KEPT,
    READABLE_SCHEMA_VERSIONS,
    SCHEMA_VERSION,
    Accounting,
    Alteration,
    Alternative,
    Explanation,
    Finding,
    NotAssessable,
    NotAssessed,
    NotDetected,
    OtherAlteration,
    Phase,
    PhaseReads,
    ReadResult,
    Reason,
    RescueOption,
    Result,
    Sample,
    alteration_label,
    plain,
)
from .serial import DriverPoint, Patient, SerialAlteration, SerialResult, TimepointSummary, Value
from .text import printable
from .vocab import (
    Applicability,
    Category,
    ConditionKind,
    ConditionState,
    EvidenceLevel,
    Explains,
    Flag,
    Kind,
    PatternKind,
    PhaseCall,
    ReasonKind,
    SerialStatus,
)

__all__ = [
    "OUTSIDE_NAMES_KEPT", "READABLE_SCHEMA_VERSIONS", "SCHEMA_VERSION", "Accounting",
    "Alteration", "Alternative", "Applicability", "NotAssessed", "NotDetected", "Reason",
    "ReasonKind",
    "Category", "CohortSummary", "ConditionKind", "ConditionState", "DriverPoint",
    "EvidenceLevel", "Explains", "Explanation", "Finding", "Flag", "Kind", "MechanismRow",
    "NotAssessable", "OtherAlteration", "Patient", "PatternKind", "Phase", "PhaseCall",
    "PhaseReads", "ReadResult", "RescueOption", "Result", "Sample", "SerialAlteration",
    "SerialResult", "SerialStatus", "TherapyColumn", "TimepointSummary", "Value",
    "alteration_label", "plain", "printable",
]
