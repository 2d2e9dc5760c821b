"""Cells that name something another table defines (genes, drugs, sources) or follow a grammar
(patterns, conditions, therapy specifications): parsed and checked against what is loaded."""

from __future__ import annotations

import re
from enum import Enum
from typing import TypeVar

from ..normalize.drugs import DrugIndex
from ..normalize.genes import GeneIndex
from .entities import Citation, CivicCitation
from .patterns import (
    AlterationPattern,
    Condition,
    GenePattern,
    TherapySpec,
    parse_conditions,
    parse_gene_pattern,
    parse_pattern,
    parse_therapy_specs,
)
from .tables import Problems, split_list

#: `FILE §3.1.2` (numbered heading), `FILE §B` (lettered) or `FILE §Heading text` (unnumbered)
_CITATION = re.compile(r"^(?P<file>\S+\.txt) §(?P<section>\S.*)$")
#: `CIViC EID1234 (PMID 12345678; level B; rating 4; CIViC 01-Aug-2024)`
_CIVIC = re.compile(r"^CIViC EID(?P<eid>\d+) \(PMID (?P<pmid>\d+|none); level (?P<level>[A-E]); "
                    r"rating (?P<rating>[1-5]|none); "
                    r"CIViC (?P<release>\d{2}-[A-Z][a-z]{2}-\d{4})\)$")
#: a `;` that separates citations (not one inside a CIViC item's parentheses)
_BETWEEN = re.compile(r";(?![^()]*\))")
E = TypeVar("E", bound=Enum)


class Checks:
    """What cells are checked against; each method reports into `problems` and returns what it
    could read (an empty value when nothing). A plain class: it is built twice per load and
    never compared, and a generated dataclass would cost start-up time for nothing."""

    def __init__(self, *, problems: Problems, genes: GeneIndex, source_ids: set[str],
                 drugs: DrugIndex | None = None):
        self.problems = problems
        self.genes = genes
        self.source_ids = source_ids
        self.drugs = drugs if drugs is not None else DrugIndex()

    def gene(self, table: str, line: int, column: str, symbol: str) -> None:
        if symbol and symbol not in self.genes:
            self.problems.add(table, line, column, f"gene '{symbol}' is not in genes.tsv")

    def citations(self, table: str, line: int, column: str,
                  cell: str) -> tuple[Citation | CivicCitation, ...]:
        out: list[Citation | CivicCitation] = []
        for item in (i.strip() for i in _BETWEEN.split(cell) if i.strip()):
            civic = _CIVIC.match(item)
            if civic:
                if self.source_ids and "CIViC" not in self.source_ids:
                    self.problems.add(table, line, column, "CIViC is not in sources.tsv")
                out.append(CivicCitation(
                    eid=int(civic.group("eid")), pmid=civic.group("pmid"),
                    level=civic.group("level"), release=civic.group("release"),
                    rating="" if civic.group("rating") == "none" else civic.group("rating")))
                continue
            m = _CITATION.match(item)
            if not m:
                self.problems.add(table, line, column, f"'{item}' is not a seed citation like "
                                  "'001_0266a875e78a1158.txt §3.1.2' nor a CIViC item like "
                                  "'CIViC EID1234 (PMID 12345678; level B; rating 4; CIViC "
                                  "01-Aug-2024)'")
                continue
            if self.source_ids and m.group("file") not in self.source_ids:
                self.problems.add(table, line, column,
                                  f"'{m.group('file')}' is not in sources.tsv")
            out.append(Citation(file=m.group("file"), section=m.group("section")))
        return tuple(out)

    def enum(self, table: str, line: int, column: str, value: str,
             enum: type[E]) -> E | None:
        try:
            return enum(value)
        except ValueError:
            self.problems.one_of(table, line, column, value, tuple(e.value for e in enum))
            return None

    def pattern(self, table: str, line: int, cell: str) -> AlterationPattern | None:
        try:
            return parse_pattern(cell)
        except ValueError as exc:
            self.problems.add(table, line, "alteration", str(exc))
            return None

    def gene_patterns(self, table: str, line: int, column: str,
                      cell: str) -> tuple[GenePattern, ...]:
        out = []
        for item in split_list(cell):
            try:
                gene_pattern = parse_gene_pattern(item)
            except ValueError as exc:
                self.problems.add(table, line, column, f"'{item}': {exc}")
                continue
            self.gene(table, line, column, gene_pattern.gene)
            out.append(gene_pattern)
        return tuple(out)

    def conditions(self, table: str, line: int, column: str, cell: str) -> tuple[Condition, ...]:
        try:
            conditions = parse_conditions(cell)
        except ValueError as exc:
            self.problems.add(table, line, column, str(exc))
            return ()
        for condition in conditions:
            if condition.target is not None:
                self.gene(table, line, column, condition.target.gene)
            if condition.therapy is not None:
                self.therapy_specs(table, line, column, str(condition.therapy))
        return conditions

    def therapy_specs(self, table: str, line: int, column: str,
                      cell: str) -> tuple[TherapySpec, ...]:
        try:
            specs = parse_therapy_specs(cell)
        except ValueError as exc:
            self.problems.add(table, line, column, str(exc))
            return ()
        drugs = self.drugs
        for spec in specs:
            if spec.drug and spec.drug not in drugs.drugs and spec.drug not in drugs.classes:
                self.problems.add(table, line, column,
                                  f"'{spec.drug}' is neither a drug nor a class in drugs.tsv")
            if spec.drug_class is not None:
                if spec.drug_class not in drugs.classes:
                    self.problems.add(table, line, column, f"class '{spec.drug_class}' is not "
                                      "used by any drug in drugs.tsv")
                elif not drugs.in_class(spec.drug_class, spec.generations):
                    self.problems.add(table, line, column,
                                      f"'{spec}' covers no drug in drugs.tsv")
        return specs

    def names_drug_or_class(self, item: str) -> bool:
        """A drug, or a class that covers at least one (`MET TKI`, `EGFR TKI:1,2`): the sources
        often name a class where no drug is named (`MET inhibitors and ALK TKIs`)."""
        if item in self.drugs.drugs or item in self.drugs.declared_classes:
            return True
        name, _, gens = item.partition(":")
        generations = tuple(g.strip() for g in gens.split(",") if g.strip())
        return name in self.drugs.classes and bool(self.drugs.in_class(name, generations))
