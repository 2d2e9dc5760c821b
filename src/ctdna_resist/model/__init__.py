"""Plain dataclasses and vocabularies shared by every layer.

Field names of `Finding`, `RescueOption`, `OtherAlteration`, `Accounting`, `Sample` and `Result`
are the JSON keys of DESIGN.md; `Result.to_dict` is what the JSON renderer writes.
The cohort and serial models are imported on first use: one sample's annotation needs neither.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .conflicts import Conflict, ConflictEvidence
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
from .text import printable
from .vocab import (
    Applicability,
    Category,
    ConditionKind,
    ConditionState,
    EvidenceLevel,
    Explains,
    Flag,
    KbSource,
    Kind,
    PatternKind,
    PhaseCall,
    ReasonKind,
    SerialStatus,
)

if TYPE_CHECKING:
    from .cohort import CohortSummary, MechanismRow, TherapyColumn
    from .serial import (
        DriverPoint,
        Patient,
        SerialAlteration,
        SerialResult,
        TimepointSummary,
        Value,
    )

_LATER = {name: "cohort" for name in ("CohortSummary", "MechanismRow", "TherapyColumn")} | {
    name: "serial" for name in ("DriverPoint", "Patient", "SerialAlteration", "SerialResult",
                                "TimepointSummary", "Value")}

__all__ = [
    "OUTSIDE_NAMES_KEPT", "READABLE_SCHEMA_VERSIONS", "SCHEMA_VERSION", "Accounting",
    "Alteration", "Alternative", "Applicability", "NotAssessed", "NotDetected", "Reason",
    "ReasonKind",
    "Category", "CohortSummary", "ConditionKind", "Conflict", "ConflictEvidence", "KbSource",
    "ConditionState", "DriverPoint",
    "EvidenceLevel", "Explains", "Explanation", "Finding", "Flag", "Kind", "MechanismRow",
    "NotAssessable", "OtherAlteration", "Patient", "PatternKind", "Phase", "PhaseCall",
    "PhaseReads", "ReadResult", "RescueOption", "Result", "Sample", "SerialAlteration",
    "SerialResult", "SerialStatus", "TherapyColumn", "TimepointSummary", "Value",
    "alteration_label", "plain", "printable",
]


def __getattr__(name: str):
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
