"""What the cohort summary holds: mechanisms x assessed therapy, with the samples behind each
count (`cohort.summarise_cohort` builds it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .core import alteration_label


@dataclass
class MechanismRow:
    gene: str
    alteration: str
    category: str
    therapy: str
    samples: list[str]
    assessed: int  # reported samples assessed on `therapy`

    @property
    def mechanism(self) -> str:
        return alteration_label(self.gene, self.alteration)


@dataclass
class TherapyColumn:
    name: str
    assessed: list[str] = field(default_factory=list)
    explained: list[str] = field(default_factory=list)  # at least one mechanism counted

    @property
    def unexplained(self) -> list[str]:
        done = set(self.explained)
        return [s for s in self.assessed if s not in done]


@dataclass
class CohortSummary:
    samples: list[str]
    therapies: list[TherapyColumn]
    rows: list[MechanismRow]
    failures: list[tuple[str, str]] = field(default_factory=list)
    kb_versions: list[str] = field(default_factory=list)
    #: how a sample is counted, in words (said in both outputs)
    how_counted: str = ""
