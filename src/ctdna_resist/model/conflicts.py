"""Where the sources disagree about a finding: one says the alteration resists a therapy,
another that it responds to it. Both sides are kept, each with its level and citations."""

from __future__ import annotations

from dataclasses import dataclass, field

from .vocab import EvidenceLevel, KbSource


@dataclass(kw_only=True)
class ConflictEvidence:
    """One piece of evidence on one side: its source, level and citations, and the context
    it was shown in (the driver context of a curated row, the disease of a CIViC item)."""

    source: KbSource
    evidence_level: EvidenceLevel
    amp_level: str | None = None
    context: str
    sources: list[str]
    #: the knowledge-base rows that state it (none: a CIViC item the import left out)
    kb_entries: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class Conflict:
    """The sources disagree on `therapies` (each a drug, or a combination `a + b`) for
    `alteration` as they name it. `kind`: `same_alteration` (evidence on this very alteration
    both ways), or `option_not_linked` (a trial of the therapy after a drug in the driver,
    not singling out this alteration, against a row saying the alteration resists it)."""

    alteration: str
    therapies: list[str]
    kind: str
    resistance: list[ConflictEvidence]
    sensitivity: list[ConflictEvidence]
    note: str
