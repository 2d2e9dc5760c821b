"""The HTML report: the view model the templates receive, and `render_html`.

Templates hold no decisions; everything they show is prepared here as text, so the templates
only place it. Input-derived text is never marked safe: the one `Markup` in the report is the
figure, checked in `figure.safe_svg`.
"""

from __future__ import annotations

import re
from typing import Any

from ..kb.load import KnowledgeBase
from ..model import Category, OtherAlteration, Result
from ..words import CATEGORY_WORDS, counted, percent
from .citations import Citations, Flags
from .findings_view import amount, finding_view, sentence
from .page import DISCLAIMER, EVIDENCE_WORDS, environment, report_date

CATEGORY_TEXT = {
    Category.ON_TARGET: "a change in the drug's own target that stops the drug working",
    Category.BYPASS: "another receptor or pathway takes over the signal the drug blocks",
    Category.DOWNSTREAM: "a change below the receptor in the signalling cascade keeps it "
                         "switched on",
}
NOT_ASSESSABLE_KINDS = {
    "expression": "protein or RNA expression", "histology": "histological change",
    "epigenetic": "epigenetic change", "other": "not visible in DNA",
}


def figure_view(result: Result, driver_vaf: float | None, driver_label: str | None):
    """The VAF figure (inline SVG) and what it leaves out, or None when nothing has a VAF."""
    from .figure import MAX_ROWS, Point

    points: list[Point] = []
    unplotted: list[str] = []
    if driver_vaf is not None and driver_label:
        points.append(Point(driver_label, driver_vaf, "driver"))
    for f in result.findings:
        if f.vaf is None:
            unplotted.append(f"{f.label} ({amount(None, f.plasma_copy_number)})"
                             if f.plasma_copy_number is not None else f.label)
        else:
            points.append(Point(f.label, f.vaf, f.category, "possible_chip" in f.flags))
    for o in result.other_alterations:
        if o.label == driver_label and o.vaf == driver_vaf:
            continue
        if o.vaf is not None:
            points.append(Point(o.label, o.vaf, "other", "possible_chip" in o.flags))
    if len(points) > MAX_ROWS:
        unplotted.append(f"{counted(len(points) - MAX_ROWS, 'more alteration')} with a VAF, "
                         "listed in the tables")
    if not points:
        return None
    from .figure import draw_vaf_figure

    sample = result.sample
    svg = draw_vaf_figure(points, driver_vaf, driver_label, sample.tumor_fraction,
                          sample.tumor_fraction_method == "given")
    caption = ["Variant allele fraction (VAF) of each alteration in plasma, by mechanism; "
               "hollow markers: possible clonal haematopoiesis (CHIP)."]
    if driver_vaf is not None:
        caption.append(f"Dashed line: the driver {driver_label} ({percent(driver_vaf)}); an "
                       "alteration near it is likely in most tumour cells, one well below it "
                       "in a subset.")
    if sample.tumor_fraction is not None:
        how = "given" if sample.tumor_fraction_method == "given" else "estimated, see header"
        caption.append(f"Dotted line: tumour fraction {percent(sample.tumor_fraction)} "
                       f"({how}); a heterozygous change in every tumour cell sits near half "
                       "of it.")
    return {"svg": svg, "caption": " ".join(caption), "unplotted": unplotted}


def _header(result: Result, driver_label: str | None) -> list[tuple[str, str, str]]:
    sample = result.sample
    assessed = sample.therapies[-1] if sample.therapies else None
    kb = result.knowledge_base
    return [
        ("Tumour type", sample.tumor_type, "" if sample.tumor_type_in_kb else
         "the knowledge base documents NSCLC: matches are documented in NSCLC only"),
        ("Therapy assessed", assessed or "none given", "the most recent line"),
        ("Prior therapies", ", ".join(sample.therapies[:-1]) or "none given",
         "in the order received"),
        ("Driver", driver_label or "unknown", sample.driver_method
         + (" — not detected in this plasma: see the summary" if sample.driver_detected is False
            and "not detected" not in sample.driver_method else "")),
        ("Tumour fraction", percent(sample.tumor_fraction)
         if sample.tumor_fraction is not None else "unknown",
         sample.tumor_fraction_method or ""),
        ("Genome build", sample.genome or "not stated", ""),
        ("Report date", report_date(), ""),
        ("Produced by", f"{result.tool['name']} {result.tool['version']}",
         f"knowledge base {kb['version']}: {kb['entries']} resistance entries"),
    ]


def _qc(result: Result) -> list[tuple[str, str]]:
    a = result.accounting
    qc = [("Input records read", str(a.input_records)),
          ("Alterations", f"{a.alterations} = {a.findings} resistance findings + {a.other} "
                          f"other + {a.skipped} skipped + {a.outside_kb_genes} in genes "
                          "outside the knowledge base (counted only)")]
    if a.outside_kb_gene_examples:
        qc.append(("Outside the knowledge base",
                   f"{counted(a.outside_kb_genes, 'alteration')} counted, not assessed, in genes "
                   "such as " + ", ".join(a.outside_kb_gene_examples)))
    qc += [(f"Skipped: {reason}", str(count)) for reason, count in a.skipped_reasons.items()]
    if not a.skipped_reasons:
        qc.append(("Skipped", "none: every record was usable"))
    if a.duplicates:
        qc.append(("Read more than once", f"{a.duplicates} (the same alteration from another "
                                          "input or a repeated row, counted once)"))
    qc += [(f"Input states: {key}", value)
           for key, value in result.sample.input_metadata.items()]
    return qc


def _methods(result: Result) -> list[str]:
    sample = result.sample
    assessed = sample.therapies[-1] if sample.therapies else None
    kb = result.knowledge_base
    return [
        "Each input record was read and normalised (gene aliases, protein changes in "
        "one-letter form, class events such as amplification) and matched against the "
        f"ctdna-resist knowledge base version {kb['version']} "
        f"({kb['entries']} resistance entries).",
        "The knowledge base has two sources: the source reviews of NSCLC resistance, curated by "
        "hand, and CIViC evidence items (in NSCLC, or in other tumour types at an AMP/ASCO/CAP "
        "level of at most C). Where they agree, a finding or option cites both and the reviews "
        "give its wording; where they disagree, both sides are shown.",
        "Resistance is assessed against the most recent therapy"
        + (f" ({assessed})" if assessed else "") + ": a finding explains progression when "
        "its knowledge-base entry documents resistance to that therapy in this driver "
        "context. Findings documented for other therapies are still listed.",
        "VAF is reported as measured in plasma. 'Relative to driver' divides it by the VAF of "
        "the sensitising driver; the tumour fraction is "
        + (f"{sample.tumor_fraction_method}." if sample.tumor_fraction_method
           else "unknown.")
        + " Whether two changes are on the same DNA molecule (cis) or on different ones "
        "(trans) needs the sequencing reads (--bam); without them the phase is reported as "
        "not determined and what applies under each possibility is shown.",
        "Every documented option is judged against the whole sample and the treatment "
        "history: it applies, is undetermined (with what would settle it), or does not apply "
        "(with the reason: a condition not met, the regimen already given, or another finding "
        "documented to resist one of its drugs). An alteration not detected counts as absent "
        "only when the input covers its gene and the tumour fraction lets plasma show it.",
        "Every mechanism, frequency and rescue option cites the sources below ([n] §section of "
        "a review, or a CIViC evidence item). Mechanisms that a DNA assay cannot see are listed "
        "so that their absence here is not read as ruled out.",
    ]


def _groups(result: Result, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The finding cards grouped by mechanism (on-target, bypass, downstream)."""
    groups = []
    for category in Category:
        items = [view for f, view in zip(result.findings, findings, strict=True)
                 if f.category == category]
        if items:
            groups.append({"name": sentence(CATEGORY_WORDS[category]),
                           "explain": CATEGORY_TEXT[category], "findings": items})
    return groups


def _others(result: Result, driver_row: OtherAlteration | None,
            flags: Flags) -> list[dict[str, Any]]:
    return [{
        "label": o.label, "hgvs_p": o.hgvs_p or "", "amount": amount(o.vaf, o.copy_number),
        "reason": o.reason, "flags": flags.words(o.flags), "input": o.input,
        "css": "chip" if "possible_chip" in o.flags else ("driver" if o is driver_row else "")}
        for o in result.other_alterations]


def view_model(result: Result, kb: KnowledgeBase) -> dict[str, Any]:
    sample = result.sample
    driver_label = f"{sample.driver['gene']} {sample.driver['alteration']}" \
        if sample.driver else None
    driver_row = next((o for o in result.other_alterations
                       if driver_label and o.label == driver_label), None)
    driver_vaf = driver_row.vaf if driver_row else None
    changed = result.knowledge_base.get("thresholds_changed", {})
    cite, flags, other_flags = Citations(kb), Flags(kb, changed), Flags(kb, changed)
    findings = [finding_view(i, f, driver_label, cite, flags)
                for i, f in enumerate(result.findings, 1)]
    not_assessable = [{
        "mechanism": n.mechanism, "gene": n.gene or "",
        "kind": NOT_ASSESSABLE_KINDS.get(n.kind, n.kind), "evidence": n.evidence,
        "frequency": n.frequency or "", "sources": cite.cite(n.sources)}
        for n in result.not_assessable]
    view = {
        "title": f"ctdna-resist report: {sample.id}",
        "sample_id": sample.id, "date": report_date(), "header": _header(result, driver_label),
        "running_id": sample.id if len(sample.id) <= 40 else sample.id[:39] + "…",
        "generator": f"{result.tool['name']} {result.tool['version']}",
        "summary": result.summary,
        "assessed": sample.therapies[-1] if sample.therapies else "the assessed therapy",
        "findings": findings, "groups": _groups(result, findings),
        "figure": figure_view(result, driver_vaf, driver_label),
        "not_assessable": not_assessable, "others": _others(result, driver_row, other_flags),
        "qc": _qc(result), "methods": _methods(result),
        "kb_version": result.knowledge_base["version"], "disclaimer": DISCLAIMER,
    }
    view["flag_legend"] = flags.legend()
    view["other_flag_legend"] = other_flags.legend()
    view["looked_for"] = looked_for_view(result)
    view["evidence_legend"] = evidence_legend(result, kb)
    view["references"] = cite.references()
    return view


def looked_for_view(result: Result) -> dict[str, Any]:
    """Mechanisms of the assessed therapy the input could have shown but did not, grouped by
    what "not detected" means for them here, and those in genes or kinds it does not cover."""
    def name(gene: str, alteration: str) -> str:
        parts = alteration.split(",")
        shown = ", ".join(parts[:4]) + (f" and {len(parts) - 4} more" if len(parts) > 4 else "")
        return f"{gene} {shown}"
    groups: dict[str, list[str]] = {}
    for n in result.not_detected:
        groups.setdefault(n.sensitivity, []).append(
            f"{name(n.gene, n.alteration)} ({CATEGORY_WORDS[n.category]})")
    return {
        "not_detected": [{"mechanisms": mechanisms, "sensitivity": sensitivity}
                         for sensitivity, mechanisms in groups.items()],
        "not_assessed": [{"mechanism": name(n.gene, n.alteration),
                          "category": CATEGORY_WORDS[n.category], "reason": n.reason}
                         for n in result.not_assessed],
    }


def evidence_legend(result: Result, kb: KnowledgeBase) -> list[dict[str, str]]:
    """Each evidence level the report shows, with its AMP/ASCO/CAP 2017 level in words; then
    each CIViC level cited (the level a CIViC item maps to, in NSCLC and, capped, elsewhere)."""
    used = {f.evidence_level for f in result.findings} | {
        o.evidence_level for f in result.findings for o in f.rescue_options}
    out = []
    for level in EVIDENCE_WORDS:
        if level in used:
            mapped = kb.amp_levels.get(("kb", level))
            out.append({"level": EVIDENCE_WORDS[level],
                        "amp": mapped.amp_level if mapped else "",
                        "legend": mapped.legend if mapped else ""})
    cited = {m for f in result.findings for m in _CIVIC_LEVEL.findall(" ".join(
        [*f.sources, *(s for o in f.rescue_options for s in o.sources),
         *(s for c in f.conflicts for e in c.resistance + c.sensitivity for s in e.sources)]))}
    for level in sorted(cited):
        lung, other = kb.amp_levels.get(("civic", level)), \
            kb.amp_levels.get(("civic_other_disease", level))
        if lung:
            elsewhere = f" Evidence from another tumour type: {other.legend}" \
                if other and other.amp_level != lung.amp_level else ""
            out.append({"level": f"CIViC level {level}", "amp": lung.amp_level,
                        "legend": lung.legend + elsewhere})
    return out


_CIVIC_LEVEL = re.compile(r"CIViC EID\d+ \([^)]*?level ([A-E])")


def render_html(result: Result, kb: KnowledgeBase) -> str:
    return environment().get_template("report.html.j2").render(**view_model(result, kb))

