"""Alteration patterns, conditions and therapy specifications of the knowledge base.

Grammar (annotations/README.md): an alteration pattern is one or more comma-separated
alternatives, each an exact protein change (`T790M`), a codon (`G796X`), `mutation`
(optionally `mutation except G12C/V600X`: exact changes, or codons meaning any change there),
or a class word (`amplification`, `exon 19 deletion`, `fusion`, ...). A condition is
`kind:target`, the kinds in `ConditionKind`. Patterns and conditions are parsed once, at load
time; `matches` is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Alteration, ConditionKind, Kind, PatternKind
from ..normalize.protein import parse_class_word, parse_protein_change

_CODON = re.compile(r"^([A-Z])(\d+)X$")
CLASS_PATTERNS = {
    "amplification", "deletion", "fusion", "kinase domain duplication", "mutation",
}
_SMALL_KINDS = (Kind.SNV, Kind.INDEL, Kind.SPLICE)


@dataclass(frozen=True)
class Alternative:
    kind: PatternKind
    value: str  # T790M | G796X | '' | 'exon 19 deletion'
    ref: str = ""
    codon: int = 0
    #: `mutation except ...`: exact changes, and codons (ref, number) at which no change counts
    excepted: tuple[str, ...] = ()
    excepted_codons: tuple[tuple[str, int], ...] = ()

    def matches(self, alt: Alteration, change: str | None) -> bool:
        """`change` is the alteration's exact one-letter protein change, if any."""
        if self.kind is PatternKind.EXACT:
            return change == self.value or alt.alteration == self.value
        if self.kind is PatternKind.CODON:
            parsed = parse_protein_change(change) if change else None
            return (parsed is not None and parsed.type == "sub" and parsed.start == self.codon
                    and parsed.ref == self.ref)
        if self.kind is PatternKind.MUTATION:
            if alt.kind not in _SMALL_KINDS or alt.alteration.endswith("="):
                return False
            if change in self.excepted or alt.alteration in self.excepted:
                return False
            return not (self.excepted_codons and _at_codon(change or alt.alteration,
                                                           self.excepted_codons))
        return alt.alteration == self.value


def _at_codon(change: str, codons: tuple[tuple[str, int], ...]) -> bool:
    """Whether a protein change starts at one of `codons` (any change there: V600E, V600K,
    V600_K601delinsE)."""
    parsed = parse_protein_change(change)
    return parsed is not None and (parsed.ref, parsed.start) in codons


@dataclass(frozen=True)
class AlterationPattern:
    text: str
    alternatives: tuple[Alternative, ...]

    def matches(self, alt: Alteration) -> bool:
        return self.matches_change(alt, exact_change(alt))

    def matches_change(self, alt: Alteration, change: str | None) -> bool:
        """As `matches`, given `exact_change(alt)` (matching one alteration against many
        patterns finds it once)."""
        return any(a.matches(alt, change) for a in self.alternatives)

    @property
    def is_fusion(self) -> bool:
        return any(a.kind is PatternKind.CLASS and a.value == "fusion"
                   for a in self.alternatives)


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
        alternatives.append(_alternative(part))
    return AlterationPattern(text, tuple(alternatives))


def _alternative(part: str) -> Alternative:
    if part.startswith("mutation except "):
        items = tuple(x.strip() for x in part[len("mutation except "):].split("/"))
        codons = tuple((m.group(1), int(m.group(2))) for x in items if (m := _CODON.match(x)))
        exact = tuple(x for x in items if not _CODON.match(x))
        return Alternative(PatternKind.MUTATION, "", excepted=exact, excepted_codons=codons)
    if part == "mutation":
        return Alternative(PatternKind.MUTATION, "")
    m = _CODON.match(part)
    if m:
        return Alternative(PatternKind.CODON, part, ref=m.group(1), codon=int(m.group(2)))
    word = parse_class_word(part)
    if (word is not None and word == part) or part in CLASS_PATTERNS:
        return Alternative(PatternKind.CLASS, part)
    change = parse_protein_change(part)
    if change is not None and change.short() == part:
        return Alternative(PatternKind.EXACT, part)
    raise ValueError(
        f"'{part}' is not a pattern (expected e.g. T790M, G796X, mutation, amplification, "
        "exon 19 deletion, fusion; protein changes one-letter without 'p.')")


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


#: conditions on another alteration (a gene pattern), on the history (a therapy), on the tumour
_ALTERATION_KINDS = (ConditionKind.WITH, ConditionKind.WITHOUT, ConditionKind.CIS,
                     ConditionKind.TRANS, ConditionKind.DRIVER)
_HISTORY_KINDS = (ConditionKind.RECEIVED, ConditionKind.NOT_RECEIVED,
                  ConditionKind.RECEIVED_ALONE)
#: which allele of an amplified gene carries the extra copies
ALLELES = ("wild-type", "mutant")


@dataclass(frozen=True)
class Condition:
    """One term of a `requires`/`condition` cell: `target` for the alteration kinds (and the
    gene of `amplified_allele`), `therapy` for the history kinds, `value` for `tumor_type`
    (`NSCLC`) and `amplified_allele` (`wild-type` or `mutant`)."""

    kind: ConditionKind
    target: GenePattern | None = None
    therapy: TherapySpec | None = None
    value: str | None = None

    @property
    def names_alteration(self) -> bool:
        return self.kind in _ALTERATION_KINDS

    def __str__(self) -> str:
        if self.kind is ConditionKind.AMPLIFIED_ALLELE:
            return f"{self.kind}:{self.target} {self.value}"
        return f"{self.kind}:{self.target or self.therapy or self.value}"


def parse_conditions(text: str) -> tuple[Condition, ...]:
    return tuple(_condition(p.strip()) for p in text.split(";") if p.strip())


def _condition(part: str) -> Condition:
    name, sep, target = part.partition(":")
    try:
        kind = ConditionKind(name.strip())
    except ValueError:
        kind = None
    if not sep or kind is None or not target.strip():
        raise ValueError(f"'{part}' is not a condition (expected KIND:TARGET with KIND one of "
                         f"{', '.join(k.value for k in ConditionKind)}; e.g. with:EGFR T790M, "
                         "received:RET multikinase inhibitor, tumor_type:NSCLC, "
                         "amplified_allele:EGFR wild-type)")
    if kind in _HISTORY_KINDS:
        specs = parse_therapy_specs(target)
        if len(specs) != 1:
            raise ValueError(f"'{part}' names {len(specs)} therapies; one per condition")
        return Condition(kind, therapy=specs[0])
    if kind is ConditionKind.TUMOR_TYPE:
        return Condition(kind, value=target.strip())
    if kind is ConditionKind.AMPLIFIED_ALLELE:
        gene, _, allele = target.strip().partition(" ")
        if allele not in ALLELES:
            raise ValueError(f"'{part}': expected amplified_allele:GENE wild-type or "
                             "amplified_allele:GENE mutant")
        return Condition(kind, target=GenePattern(gene, None), value=allele)
    gene_pattern = parse_gene_pattern(target)
    if gene_pattern.pattern is None and kind is not ConditionKind.DRIVER:
        raise ValueError(f"'{part}' names no alteration")
    return Condition(kind, target=gene_pattern)


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
