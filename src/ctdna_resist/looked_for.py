"""Mechanisms looked for but not detected: what the knowledge base documents for the assessed
therapy (in this driver context) that a DNA assay could have shown, and this sample did not.
Each is qualified by what the tumour fraction lets plasma show; one whose gene or kind the
input does not cover is `not_assessed`, not `not_detected`. One line per mechanism (entries
with a compound condition are left to their findings)."""

from __future__ import annotations

from .conditions import Conditions, kind_of
from .context import Context
from .kb.entities import ResistanceEntry
from .kb.knowledge_base import KnowledgeBase
from .kb.patterns import GenePattern
from .model import NotAssessed, NotDetected
from .words import percent


def looked_for(*, kb: KnowledgeBase, context: Context, conditions: Conditions,
               thresholds: dict[str, float]) -> tuple[list[NotDetected], list[NotAssessed]]:
    assessed = context.assessed
    if assessed is None:
        return [], []
    not_detected: list[NotDetected] = []
    not_assessed: list[NotAssessed] = []
    seen: set[tuple[str, str]] = set()
    for entry in kb.resistance:
        key = (entry.gene, entry.pattern.text)
        if key in seen or entry.requires or entry.partner or not _documented(entry, kb, context):
            continue
        seen.add(key)
        target = GenePattern(entry.gene, entry.pattern)
        if conditions.detected(target):
            continue
        doubt = conditions.absence_doubt(target)
        if doubt and doubt.startswith("the input does not cover"):
            not_assessed.append(NotAssessed(
                gene=entry.gene, alteration=entry.pattern.text, category=entry.category,
                reason=f"{doubt[0].upper()}{doubt[1:]}.", kb_entry=entry.id))
            continue
        not_detected.append(NotDetected(
            gene=entry.gene, alteration=entry.pattern.text, category=entry.category,
            sensitivity=sensitivity(kind_of(target), context.tumor_fraction, thresholds),
            kb_entry=entry.id))
    return not_detected, not_assessed


def _documented(entry: ResistanceEntry, kb: KnowledgeBase, context: Context) -> bool:
    """Documented against the assessed therapy in this driver context."""
    if not set(kb.expand(entry.resists)) & set(context.assessed.drugs):
        return False
    driver = context.driver
    return not entry.driver_context or driver is None or \
        any(p.matches(driver) for p in entry.driver_context)


def sensitivity(kind: str, tf: float | None, thresholds: dict[str, float]) -> str:
    """What "not detected" means at this tumour fraction, in one sentence."""
    if tf is None:
        return ("Not detected; the tumour fraction is unknown, so this does not exclude it.")
    if tf <= thresholds["absence_min_tumor_fraction"]:
        return f"Not detected, but at tumour fraction {percent(tf)} it could be missed."
    if kind == "copy_number":
        floor = 2 + (thresholds["amplification_copy_number"] - 2) / tf
        return (f"Not detected at tumour fraction {percent(tf)}: an amplification reaches the "
                f"plasma copy number called ({thresholds['amplification_copy_number']:g}) only "
                f"from about {floor:.0f} copies per tumour cell, so a lower-level gain could "
                "be missed.")
    if kind == "fusion":
        return f"Not detected at tumour fraction {percent(tf)}."
    clonal = tf / 2
    low = thresholds["low_vaf"]
    share = min(1.0, low / clonal)
    return (f"Not detected at tumour fraction {percent(tf)}: a change in every tumour cell "
            f"would sit near {percent(clonal)} VAF; one in under {percent(share)} of tumour "
            f"cells would fall below the limit of detection ({percent(low)}) and be missed.")
