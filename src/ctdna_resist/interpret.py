"""ctDNA interpretation of findings: clonality, flags, ranking, and the summary sentence.

Flags are a closed list (annotations/flags.tsv); thresholds have documented defaults
(annotations/thresholds.tsv) that options may override.
"""

from __future__ import annotations

from .context import Context
from .kb.load import KnowledgeBase
from .model import Category, EvidenceLevel, Finding, OtherAlteration

CATEGORY_WORDS = {
    Category.ON_TARGET.value: "on-target",
    Category.BYPASS.value: "bypass",
    Category.DOWNSTREAM.value: "downstream",
}


def _flag(kb: KnowledgeBase, flags: list[str], name: str) -> None:
    if name not in kb.flags:
        raise KeyError(f"flag '{name}' is not in flags.tsv")  # a programming error
    if name not in flags:
        flags.append(name)


def interpret(findings: list[Finding], others: list[OtherAlteration], context: Context,
              kb: KnowledgeBase, thresholds: dict[str, float]) -> None:
    """Fill clonality and flags in place."""
    driver_vaf = context.driver.vaf if context.driver is not None else None
    low_vaf = thresholds["low_vaf"]
    min_depth = thresholds["min_depth"]
    for item in [*findings, *others]:
        vaf = item.vaf
        if isinstance(item, Finding):
            if vaf is not None and driver_vaf:
                item.clonality = round(vaf / driver_vaf, 3)
            if item.depth is not None and item.depth < min_depth:
                _flag(kb, item.flags, "low_depth")
            if not context.tumor_type_in_kb:
                _flag(kb, item.flags, "tumor_type_outside_kb")
        if vaf is not None and vaf < low_vaf:
            _flag(kb, item.flags, "low_vaf")
        if is_chip_gene(kb, item.gene, thresholds["chip_min_fraction"]):
            _flag(kb, item.flags, "possible_chip")


def is_chip_gene(kb: KnowledgeBase, gene: str, min_fraction: float) -> bool:
    """A canonical CH gene (no fraction stated) or one whose plasma variants are of CH origin at
    least `min_fraction` of the time."""
    if gene not in kb.chip_genes:
        return False
    fraction = kb.chip_genes[gene]
    return fraction is None or fraction >= min_fraction


def rank_findings(findings: list[Finding]) -> list[Finding]:
    """What most likely explains progression on the assessed therapy first: context match,
    then evidence strength, then clonality/VAF."""
    return sorted(findings, key=lambda f: (
        not f.context_match, EvidenceLevel(f.evidence_level).rank,
        -(f.clonality if f.clonality is not None else (f.vaf or 0.0)), f.gene, f.alteration))


def summarise(findings: list[Finding], context: Context) -> str:
    assessed = context.assessed.name if context.assessed else None
    explaining = [f for f in findings if f.context_match]
    if assessed is None:
        if findings:
            return (f"{len(findings)} documented resistance alteration(s) detected; no therapy "
                    "given, so none is assessed against a treatment.")
        return "No documented resistance alteration detected; no therapy given."
    if not explaining:
        detected = f" ({len(findings)} documented for other therapies)" if findings else ""
        return (f"No alteration documented to cause resistance to {assessed} was detected"
                f"{detected}; ctDNA cannot rule out mechanisms it cannot see.")
    parts = [f"{_label(f)} ({CATEGORY_WORDS[f.category]})" for f in explaining[:3]]
    more = f" and {len(explaining) - 3} more" if len(explaining) > 3 else ""
    return f"Progression on {assessed} is most likely explained by " \
           f"{_join(parts)}{more}."


def _label(f: Finding) -> str:
    if f.partner:
        return f"{f.partner}-{f.gene} fusion"
    return f"{f.gene} {f.alteration}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
