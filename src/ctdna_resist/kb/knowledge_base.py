"""The loaded knowledge base: every table, and the look-ups the matcher and readers make."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..model import PatternKind
from ..normalize.alterations import AlterationBuilder
from ..normalize.drugs import DrugIndex
from ..normalize.genes import GeneIndex
from .entities import (
    AmpLevel,
    Citation,
    Codon,
    ConflictEntry,
    ConflictEvidence,
    DriverEntry,
    GermlinePolymorphism,
    Hotspot,
    NotAssessableEntry,
    RescueEntry,
    ResistanceEntry,
    Source,
    Transcript,
)
from .patterns import AlterationPattern, TherapySpec, exact_change

_EXON_EVENT = re.compile(r"^exon (\d+) (deletion|insertion|skipping)$")


def _grouped(items: list, keys_of: Callable[[Any], Iterable[str]]) -> dict[str, list]:
    """`items` under each key `keys_of` gives them, in their order (an item once per key)."""
    out: dict[str, list] = {}
    for item in items:
        for key in dict.fromkeys(keys_of(item)):
            out.setdefault(key, []).append(item)
    return out


@dataclass(kw_only=True, eq=False)
class KnowledgeBase:
    """Built by `load_knowledge_base` once the tables validate; not changed afterwards (two
    knowledge bases are never compared: identity is enough)."""

    version: str
    sources: dict[str, Source]
    genes: GeneIndex
    gene_rows: dict[str, dict[str, str]]  # symbol -> the genes.tsv row (coordinates, MANE)
    drugs: DrugIndex
    drug_citations: set[Citation]
    resistance: list[ResistanceEntry]
    rescue: list[RescueEntry]
    #: where the sources disagree (civic_conflicts.tsv)
    conflicts: list[ConflictEntry]
    not_assessable: list[NotAssessableEntry]
    drivers: list[DriverEntry]
    hotspots: list[Hotspot]
    exons: dict[str, list[tuple[int, int, int]]]  # gene -> (exon, first codon, last codon)
    chip_genes: dict[str, float | None]  # gene -> fraction of plasma variants of CH origin
    thresholds: dict[str, float]  # name -> default
    threshold_units: dict[str, str]
    flags: dict[str, str]  # flag -> meaning
    transcripts: dict[str, dict[str, Transcript]]  # build -> gene -> MANE coding model
    codons: list[Codon]
    germline: list[GermlinePolymorphism]
    amp_levels: dict[tuple[str, str], AmpLevel]  # (scheme, level) -> AMP/ASCO/CAP level
    _expanded: dict[tuple, list[str]] = field(default_factory=dict, init=False, repr=False)
    _germline_index: dict[tuple[str, str], GermlinePolymorphism] | None = field(
        default=None, init=False, repr=False)

    @property
    def entry_count(self) -> int:
        return len(self.resistance)

    # lookups built on first use, each once per knowledge base
    @cached_property
    def _resistance_by_gene(self) -> dict[str, list[ResistanceEntry]]:
        return _grouped(self.resistance, lambda entry: (entry.gene,))

    @cached_property
    def _rescue_by_entry(self) -> dict[str, list[RescueEntry]]:
        return _grouped(self.rescue, lambda rescue: rescue.resistance_ids)

    @cached_property
    def _rescue_by_id(self) -> dict[str, RescueEntry]:
        return {r.id: r for r in self.rescue}

    @cached_property
    def _conflicts_by_gene(self) -> dict[str, list[ConflictEntry]]:
        return _grouped(self.conflicts, lambda entry: (entry.gene,))

    def resistance_for(self, gene: str) -> list[ResistanceEntry]:
        return self._resistance_by_gene.get(gene, [])

    def rescue_for(self, entry_id: str) -> list[RescueEntry]:
        """The rescue options of a resistance entry, in table order."""
        return list(self._rescue_by_entry.get(entry_id, ()))

    def rescue_by_id(self, rescue_id: str) -> RescueEntry:
        return self._rescue_by_id[rescue_id]

    def conflicts_for(self, gene: str) -> list[ConflictEntry]:
        return self._conflicts_by_gene.get(gene, [])

    def amp_level_of(self, entry: ResistanceEntry | RescueEntry | ConflictEvidence
                     ) -> str | None:
        """An entry's AMP/ASCO/CAP 2017 level (None: none applies): its evidence level's, except
        that an ongoing trial counts (as level C, an inclusion criterion) only when it enrols
        by the alteration."""
        scheme, level = entry.amp_basis()
        found = self.amp_levels.get((scheme, str(level)))
        if found is None or (found.relation == "if_inclusion_criterion"
                             and not getattr(entry, "trial_enrols", False)):
            return None
        return found.amp_level or None

    def germline_polymorphism(self, alteration) -> GermlinePolymorphism | None:
        """The known germline polymorphism an alteration is (by protein change, or by c.
        change for a synonymous one), if any."""
        if self._germline_index is None:
            self._germline_index = {}
            for row in self.germline:
                for change in (row.protein_change, row.hgvs_c):
                    if change:
                        self._germline_index[(row.gene, change)] = row
        index = self._germline_index
        change = exact_change(alteration)
        return index.get((alteration.gene, change or "")) or \
            index.get((alteration.gene, alteration.alteration)) or \
            (index.get((alteration.gene, alteration.hgvs_c)) if alteration.hgvs_c else None)

    def expand(self, specs: tuple[TherapySpec, ...]) -> list[str]:
        """Therapy specifications -> the generic drug names they cover, sorted (memoised: the
        tables do not change once loaded)."""
        known = self._expanded.get(specs)
        if known is None:
            known = self._expanded[specs] = self._expand(specs)
        return list(known)

    def _expand(self, specs: tuple[TherapySpec, ...]) -> list[str]:
        drugs: set[str] = set()
        for spec in specs:
            if spec.drug and spec.drug in self.drugs.drugs:
                drugs.add(spec.drug)
            else:
                drugs.update(self.drugs.in_class(spec.drug_class or spec.drug or "",
                                                 spec.generations))
        return sorted(drugs)

    def alteration_builder(self) -> AlterationBuilder:
        """The builder of canonical alterations, with what it needs to know of these tables."""
        targets = [(e.gene, e.pattern) for e in self.resistance] + [
            (d.target.gene, d.target.pattern) for d in self.drivers]
        return AlterationBuilder(
            genes=self.genes, exons=self.exons,
            fusion_genes={gene for gene, pattern in targets if pattern and pattern.is_fusion},
            exon_events={(gene, word) for gene, pattern in targets
                         for word in _exon_events(pattern)})


def _exon_events(pattern: AlterationPattern | None) -> list[str]:
    """`exon 19 deletion` and the like named by a pattern."""
    return [a.value for a in (pattern.alternatives if pattern else ())
            if a.kind is PatternKind.CLASS and _EXON_EVENT.match(a.value)]
