"""Alteration patterns, conditions and therapy specifications of the knowledge base.

Grammar (annotations/README.md): an alteration pattern is one or more comma-separated
alternatives, each an exact protein change (`T790M`), a codon (`G796X`), `mutation`
(optionally `mutation except G12C`), or a class word (`amplification`, `exon 19 deletion`,
`fusion`, ...). Patterns are parsed once, at load time; `matches` is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Alteration, Kind
from ..normalize.protein import parse_class_word, parse_protein_change

_CODON = re.compile(r"^([A-Z])(\d+)X$")
CLASS_PATTERNS = {
    "amplification", "deletion", "fusion", "kinase domain duplication", "mutation",
}
_SMALL_KINDS = (Kind.SNV, Kind.INDEL, Kind.SPLICE)


@dataclass(frozen=True)
class Alternative:
    kind: str  # exact | codon | mutation | class
    value: str  # T790M | G796 | '' | 'exon 19 deletion'
    ref: str = ""
    codon: int = 0
    excepted: tuple[str, ...] = ()

    def matches(self, alt: Alteration, change: str | None) -> bool:
        """`change` is the alteration's exact one-letter protein change, if any."""
        if self.kind == "exact":
            return change == self.value or alt.alteration == self.value
        if self.kind == "codon":
            parsed = parse_protein_change(change) if change else None
            return (parsed is not None and parsed.type == "sub" and parsed.start == self.codon
                    and parsed.ref == self.ref)
        if self.kind == "mutation":
            if alt.kind not in _SMALL_KINDS or alt.alteration.endswith("="):
                return False
            return change not in self.excepted and alt.alteration not in self.excepted
        return alt.alteration == self.value


@dataclass(frozen=True)
class AlterationPattern:
    text: str
    alternatives: tuple[Alternative, ...]

    def matches(self, alt: Alteration) -> bool:
        change = exact_change(alt)
        return any(a.matches(alt, change) for a in self.alternatives)

    @property
    def is_fusion(self) -> bool:
        return any(a.kind == "class" and a.value == "fusion" for a in self.alternatives)


def exact_change(alt: Alteration) -> str | None:
    """The exact one-letter protein change behind an alteration (`E746_A750del` behind
    `exon 19 deletion`)."""
    if alt.hgvs_p:
        parsed = parse_protein_change(alt.hgvs_p)
        if parsed:
            return parsed.short()
    return None


def parse_pattern(text: str) -> AlterationPattern:
    """Parse a pattern; raises ValueError with a message fit for `kb validate`."""
    alternatives = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            raise ValueError("empty alternative in pattern")
        if part.startswith("mutation except "):
            excepted = tuple(x.strip() for x in part[len("mutation except "):].split("/"))
            alternatives.append(Alternative("mutation", "", excepted=excepted))
            continue
        if part == "mutation":
            alternatives.append(Alternative("mutation", ""))
            continue
        m = _CODON.match(part)
        if m:
            alternatives.append(Alternative("codon", part, ref=m.group(1), codon=int(m.group(2))))
            continue
        word = parse_class_word(part)
        if word is not None and word == part:
            alternatives.append(Alternative("class", word))
            continue
        if part in CLASS_PATTERNS:
            alternatives.append(Alternative("class", part))
            continue
        change = parse_protein_change(part)
        if change is not None and change.short() == part:
            alternatives.append(Alternative("exact", part))
            continue
        raise ValueError(
            f"'{part}' is not a pattern (expected e.g. T790M, G796X, mutation, amplification, "
            "exon 19 deletion, fusion; protein changes one-letter without 'p.')")
    return AlterationPattern(text, tuple(alternatives))


@dataclass(frozen=True)
class GenePattern:
    """`EGFR`, `EGFR exon 19 deletion`, `ALK fusion`: a gene and an optional pattern."""

    gene: str
    pattern: AlterationPattern | None

    def matches(self, alt: Alteration) -> bool:
        return alt.gene == self.gene and (self.pattern is None or self.pattern.matches(alt))

    def __str__(self) -> str:
        return f"{self.gene} {self.pattern.text}" if self.pattern else self.gene


def parse_gene_pattern(text: str) -> GenePattern:
    gene, _, rest = text.strip().partition(" ")
    if not gene:
        raise ValueError("empty gene")
    return GenePattern(gene, parse_pattern(rest.strip()) if rest.strip() else None)


CONDITION_KINDS = ("with", "without", "cis", "trans", "driver")


@dataclass(frozen=True)
class Condition:
    kind: str
    target: GenePattern

    def __str__(self) -> str:
        return f"{self.kind}:{self.target}"


def parse_conditions(text: str) -> tuple[Condition, ...]:
    conditions = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        kind, sep, target = part.partition(":")
        if not sep or kind not in CONDITION_KINDS:
            raise ValueError(f"'{part}' is not a condition (expected one of "
                             f"{', '.join(k + ':GENE ALTERATION' for k in CONDITION_KINDS)})")
        gp = parse_gene_pattern(target)
        if gp.pattern is None and kind != "driver":
            raise ValueError(f"'{part}' names no alteration")
        conditions.append(Condition(kind, gp))
    return tuple(conditions)


@dataclass(frozen=True)
class TherapySpec:
    """One token of a `resists`/`targeted_by` cell: a drug, a class, or a class with generations."""

    drug: str | None = None
    drug_class: str | None = None
    generations: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.drug:
            return self.drug
        return self.drug_class + (":" + ",".join(self.generations) if self.generations else "")


def parse_therapy_specs(text: str) -> tuple[TherapySpec, ...]:
    """Tokens are resolved against the drug dictionary by the loader, not here."""
    specs = []
    for part in (p.strip() for p in text.split(";") if p.strip()):
        name, sep, gens = part.partition(":")
        if sep:
            generations = tuple(g.strip() for g in gens.split(",") if g.strip())
            if not generations:
                raise ValueError(f"'{part}': no generation after ':'")
            specs.append(TherapySpec(drug_class=name.strip(), generations=generations))
        else:
            specs.append(TherapySpec(drug=name.strip()))  # drug or class: decided by the loader
    return tuple(specs)
