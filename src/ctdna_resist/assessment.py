"""One sample assessed: its alterations, in its context, matched against the knowledge base,
interpreted in ctDNA terms, every rescue option judged, what was looked for and not detected,
and the answer in words. No I/O: `api.annotate` reads the inputs and assembles the result."""

from __future__ import annotations

from dataclasses import dataclass

from .conditions import Conditions, Coverage
from .context import Context
from .interpret import interpret, rank_findings
from .kb.knowledge_base import KnowledgeBase
from .looked_for import looked_for
from .match import match_alterations
from .model import (
    Alteration,
    Finding,
    Kind,
    NotAssessable,
    NotAssessed,
    NotDetected,
    OtherAlteration,
)
from .options import judge_options
from .summary import summarise

#: input formats that report copy number, or fusions, over every gene they cover
COPY_NUMBER_FORMATS = {"cnvkit", "cna", "cna_long", "segments", "foundation_xml"}
FUSION_FORMATS = {"fusion", "star_fusion", "arriba", "tso500_fusions", "cbioportal_sv",
                  "foundation_xml"}


@dataclass
class Assessment:
    findings: list[Finding]
    others: list[OtherAlteration]
    not_assessable: list[NotAssessable]
    not_detected: list[NotDetected]
    not_assessed: list[NotAssessed]
    summary: str


def coverage_of(alterations: list[Alteration], formats: list[str],
                panel_genes: set[str]) -> Coverage:
    """What the input could have shown: the genes it reports anything of (and, for copy number
    and fusions, the genes of those kinds), every gene for genome-wide copy-number and fusion
    files, and the genes of --panel-genes for every kind."""
    genes = {a.gene for a in alterations} | panel_genes
    return Coverage(
        small_variant_genes=genes,
        copy_number_genes={a.gene for a in alterations if a.copy_number is not None or
                           a.kind in (Kind.AMPLIFICATION, Kind.DELETION)} | panel_genes,
        fusion_genes={g for a in alterations if a.kind is Kind.FUSION
                      for g in (a.gene, a.partner) if g} | panel_genes,
        all_copy_number=bool(COPY_NUMBER_FORMATS & set(formats)),
        all_fusions=bool(FUSION_FORMATS & set(formats)))


def assess(*, kb: KnowledgeBase, context: Context, alterations: list[Alteration],
           coverage: Coverage, thresholds: dict[str, float]) -> Assessment:
    conditions = Conditions(kb=kb, context=context, alterations=alterations,
                            coverage=coverage, thresholds=thresholds)
    findings, others, not_assessable = match_alterations(kb, context, alterations, conditions)
    interpret(findings, others, context, kb, thresholds)
    findings = rank_findings(findings)
    judge_options(kb=kb, context=context, conditions=conditions, findings=findings)
    not_detected, not_assessed = looked_for(kb=kb, context=context, conditions=conditions,
                                            thresholds=thresholds)
    return Assessment(findings=findings, others=others, not_assessable=not_assessable,
                      not_detected=not_detected, not_assessed=not_assessed,
                      summary=summarise(findings, context, thresholds))
