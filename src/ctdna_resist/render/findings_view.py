"""The view of one finding a report card shows: facts, phase, what applies under each
possibility the sample does not settle, and the documented options. Text only: every decision
(what a finding explains, whether a condition holds) arrives in the `Finding`."""

from __future__ import annotations

from typing import Any

from ..model import Alternative, Explains, Explanation, Finding
from ..words import CATEGORY_WORDS, number_or_dash, percent
from .citations import Citations, Flags
from .page import EVIDENCE_WORDS

PHASE_WORDS = {
    "cis": "in cis (on the same DNA molecule)",
    "trans": "in trans (on different DNA molecules)",
    "undetermined": "not determined",
}
#: the css class of each answer to "does it explain progression?"
EXPLAINS_CSS = {Explains.YES: "match", Explains.NOT_ESTABLISHED: "unsure",
                Explains.NO: "nomatch", Explains.NO_THERAPY: "nomatch"}
_MOLECULE = (("cis", "on the same DNA molecule"), ("trans", "on different DNA molecules"))


def sentence(text: str) -> str:
    """First letter up, the rest as written (gene names keep their case)."""
    return text[:1].upper() + text[1:]


def amount(vaf: float | None, copy_number: float | None) -> str:
    """What the assay measured: the VAF, else the plasma copy number."""
    if vaf is not None:
        return percent(vaf)
    if copy_number is not None:
        return f"CN {number_or_dash(copy_number)}"
    return "—"


def explains_view(explanation: Explanation) -> dict[str, str]:
    return {"answer": explanation.answer, "css": EXPLAINS_CSS[explanation.answer],
            "detail": explanation.detail}


def condition_text(alternative: Alternative) -> str:
    """The matcher's words for the condition, with what cis or trans means on the molecule."""
    text = alternative.condition_text
    kinds = {part.strip().partition(":")[0] for part in alternative.condition.split(";")}
    for kind, meaning in _MOLECULE:
        if kind in kinds and meaning not in text:
            text += f" ({meaning})"
    return text


def phase_view(finding: Finding) -> dict[str, Any] | None:
    phase = finding.phase
    if not phase:
        return None
    reads = phase.reads
    read_text = ""
    if phase.excluded is not None:  # fragments were counted from the reads given (--bam)
        read_text = (f"fragments with both: {reads.both} · this change only: "
                     f"{reads.this_only} · {phase.with_} only: {reads.other_only} · "
                     f"neither: {reads.neither}")
    return {"with": phase.with_, "call": PHASE_WORDS.get(phase.call, phase.call),
            "undetermined": not phase.settled, "method": phase.method or "",
            "reads": read_text}


def possibilities(finding: Finding, cite: Citations) -> list[dict[str, Any]]:
    """What applies under each condition this sample does not settle (e.g. cis or trans):
    entries that would apply instead, and rescue options that hold only if a condition holds."""
    out = []
    for alt in finding.alternatives:
        out.append({
            "when": sentence(condition_text(alt)),
            "mechanism": sentence(CATEGORY_WORDS.get(alt.category, alt.category)),
            "resists": ", ".join(alt.resists),
            "explains": explains_view(alt.explains),
            "evidence": alt.evidence,
            "sources": cite.cite(alt.sources),
        })
    for option in finding.rescue_options:
        if option.condition_status == "unknown" and option.condition:
            out.append({
                "when": sentence(option.condition),
                "mechanism": "", "resists": "", "explains": None,
                "evidence": f"documented option: {option.regimen} "
                            f"({EVIDENCE_WORDS.get(option.evidence_level, '')})",
                "sources": cite.cite(option.sources),
            })
    return out


def rescue_view(finding: Finding, cite: Citations) -> list[dict[str, Any]]:
    rows = []
    for o in finding.rescue_options:
        condition = ""
        if o.condition:
            condition = o.condition
            if o.condition_status == "unknown":
                condition += " — not determined from this sample"
            elif o.condition_status == "met":
                condition += " — holds in this sample"
        rows.append({
            "regimen": o.regimen, "condition": condition,
            "evidence_level": EVIDENCE_WORDS.get(o.evidence_level, o.evidence_level),
            "evidence": o.evidence, "response": o.response or "—",
            "trial_names": ", ".join(o.trial_names), "trials": ", ".join(o.trials),
            "no_trials": not (o.trials or o.trial_names), "sources": cite.cite(o.sources),
        })
    return rows


def _facts(finding: Finding, driver_label: str | None) -> list[tuple[str, str]]:
    facts = []
    if finding.vaf is not None:
        facts.append(("VAF", percent(finding.vaf)))
    if finding.clonality is not None:
        facts.append(("Relative to driver", f"{finding.clonality:g} × the VAF of "
                      f"{driver_label}"))
    if finding.depth is not None:
        facts.append(("Depth", f"{finding.depth} reads"))
    if finding.plasma_copy_number is not None:
        facts.append(("Plasma copy number", number_or_dash(finding.plasma_copy_number)))
    if finding.tumor_copy_number is not None:
        facts.append(("Tumour copy number", number_or_dash(finding.tumor_copy_number)))
    facts.append(("Evidence", EVIDENCE_WORDS.get(finding.evidence_level,
                                                 finding.evidence_level)))
    return facts


def finding_view(index: int, finding: Finding, driver_label: str | None, cite: Citations,
                 flags: Flags) -> dict[str, Any]:
    return {
        "anchor": f"finding-{index}", "label": finding.label, "hgvs_p": finding.hgvs_p or "",
        "mechanism": CATEGORY_WORDS[finding.category],
        "amount": amount(finding.vaf, finding.plasma_copy_number),
        "amount_note": f"tumour CN ≈ {number_or_dash(finding.tumor_copy_number)}"
                       if finding.vaf is None and finding.tumor_copy_number is not None else "",
        "relative": f"{finding.clonality:g}×" if finding.clonality is not None else "—",
        "explains": explains_view(finding.explains),
        "evidence_level": EVIDENCE_WORDS.get(finding.evidence_level, finding.evidence_level),
        "facts": _facts(finding, driver_label), "flags": flags.words(finding.flags),
        "evidence": finding.evidence, "frequency": finding.frequency or "",
        "studies": "; ".join(finding.studies), "resists": ", ".join(finding.resists),
        "sources": cite.cite(finding.sources), "input": finding.input,
        "phase": phase_view(finding),
        "possibilities": possibilities(finding, cite),
        "rescue": rescue_view(finding, cite),
    }

