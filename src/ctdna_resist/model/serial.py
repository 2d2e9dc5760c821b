"""What serial monitoring returns: each alteration followed over a patient's time points
(`timeline.follow_patient` builds it; DESIGN.md, "serial")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import SCHEMA_VERSION, Accounting, Result, plain
from .vocab import SerialStatus


@dataclass
class Value:
    """One alteration at one time point."""

    timepoint: str
    detected: bool
    vaf: float | None
    copy_number: float | None  # plasma copy number
    tumor_fraction: float | None  # that time point's
    #: not detected at a time point whose tumour fraction is unknown
    inconclusive: bool
    text: str  # as shown in the report: '6.1%', 'CN 6.4', 'not detected (tumour fraction 12.2%)'
    finding: bool  # a resistance finding at this time point
    context_match: bool | None  # documented against the therapy assessed at this time point
    assessed_therapy: str | None
    flags: list[str] = field(default_factory=list)


@dataclass
class SerialAlteration:
    """One alteration followed across time points."""

    gene: str
    alteration: str
    hgvs_p: str | None
    partner: str | None
    label: str
    is_driver: bool
    resistance: bool  # a resistance finding at one time point or more
    category: str | None
    status: SerialStatus
    status_caveat: str | None
    first_detected: str  # time point label
    #: the therapy assessed where it was first detected (None before any therapy), and whether
    #: the knowledge base documents it against that therapy
    first_detected_on: str | None
    context_match_at_first_detection: bool | None
    resists: list[str]
    evidence_level: str | None
    rescue_options: list[str]  # regimens documented at its latest detection
    kb_entry: str | None
    sources: list[str]
    values: list[Value]


@dataclass
class DriverPoint:
    timepoint: str
    date: str | None
    detected: bool
    vaf: float | None
    relative_to_first: float | None  # VAF / the first detected VAF
    tumor_fraction: float | None
    tumor_fraction_method: str | None


@dataclass
class TimepointSummary:
    label: str
    date: str | None
    inputs: list[str]  # as the sheet wrote them
    therapy: str | None  # received at this time point
    therapies: list[str]  # the history assessed, most recent last
    driver: dict[str, str] | None
    driver_method: str
    tumor_fraction: float | None
    tumor_fraction_method: str | None
    summary: str
    emerged: list[str]  # alteration labels first detected here (after the first time point)
    cleared: list[str]  # detected at the previous time point, not here
    accounting: Accounting


@dataclass
class Patient:
    id: str
    tumor_type: str
    driver: dict[str, str] | None
    driver_method: str


@dataclass
class SerialResult:
    tool: dict[str, str]
    knowledge_base: dict[str, Any]
    patient: Patient
    summary: str
    alterations: list[SerialAlteration]  # in order of first detection
    driver_trajectory: list[DriverPoint]
    timepoints: list[TimepointSummary]
    schema_version: str = SCHEMA_VERSION
    #: each time point's full annotation, for the report; not part of the JSON
    results: list[Result] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON: every field but the per-time-point results, schema_version first."""
        data = {name: plain(getattr(self, name)) for name in self.__dataclass_fields__
                if name not in ("results", "schema_version")}
        return {"schema_version": self.schema_version, **data}
