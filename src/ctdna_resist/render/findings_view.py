"""The view of one finding a report card shows: facts, phase, what applies under each
possibility the sample does not settle, and the documented options. Text only: every decision
(what a finding explains, whether a condition holds) arrives in the `Finding`."""

from __future__ import annotations

from typing import Any

from ..model import (
    Alternative,
    Applicability,
    Conflict,
    ConflictEvidence,
    Explains,
    Explanation,
    Finding,
    KbSource,
    ReasonKind,
    RescueOption,
)
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
    """What applies under each condition this sample does not settle (e.g. cis or trans): the
    entries that would apply instead (options of undecided condition are in the options
    table, as undetermined)."""
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
    return out


APPLICABILITY_WORDS = {
    Applicability.APPLIES: ("applies here", "match"),
    Applicability.UNDETERMINED: ("undetermined", "unsure"),
    Applicability.DOES_NOT_APPLY: ("does not apply", "nomatch"),
}
#: reasons that only inform (shown muted); the others decide the applicability
_INFORMING = {ReasonKind.CONDITION_MET, ReasonKind.CONTINUES}


def evidence_words(level: str, amp_level: str | None) -> str:
    words = EVIDENCE_WORDS.get(level, level)
    return f"{words}; AMP/ASCO/CAP level {amp_level}" if amp_level else words


def option_view(o: RescueOption, cite: Citations) -> dict[str, Any]:
    words, css = APPLICABILITY_WORDS[o.applicability]
    return {
        "regimen": o.regimen, "condition": o.condition or "", "applicability": words,
        "css": css,
        "deciding": [r.detail for r in o.reasons if r.kind not in _INFORMING],
        "informing": [r.detail for r in o.reasons if r.kind in _INFORMING]
        if o.applicability is Applicability.APPLIES else [],
        "evidence_level": evidence_words(o.evidence_level, o.amp_level),
        "evidence": o.evidence, "response": o.response or "—",
        "trial_names": ", ".join(o.trial_names), "trials": ", ".join(o.trials),
        "trial_status": o.trial_status or "",
        "rating": f"CIViC rating {o.civic_rating}/5" if o.civic_rating else "",
        "no_trials": not (o.trials or o.trial_names), "sources": cite.cite(o.sources),
    }


def _evidence_view(e: ConflictEvidence, cite: Citations) -> dict[str, str]:
    return {"who": "The reviews" if e.source is KbSource.REVIEWS else "CIViC",
            "level": evidence_words(e.evidence_level, e.amp_level),
            "context": e.context.replace("on_target", "on-target"),
            "sources": cite.cite(e.sources)}


def conflicts_view(conflicts: list[Conflict], cite: Citations) -> list[dict[str, Any]]:
    """Where the sources disagree: both sides, each piece with its level and citation."""
    return [{"note": c.note, "therapies": ", ".join(c.therapies),
             "resistance": [_evidence_view(e, cite) for e in c.resistance],
             "sensitivity": [_evidence_view(e, cite) for e in c.sensitivity]}
            for c in conflicts]


def rescue_view(finding: Finding, cite: Citations) -> dict[str, list[dict[str, Any]]]:
    """The options in three groups: applies, undetermined (with what would settle it), and
    does not apply (folded in the report), each with its reasons in words."""
    groups: dict[str, list[dict[str, Any]]] = {"applies": [], "undetermined": [],
                                               "does_not_apply": []}
    for o in finding.rescue_options:
        groups[o.applicability.value].append(option_view(o, cite))
    return groups


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
    facts.append(("Evidence", evidence_words(finding.evidence_level, finding.amp_level)))
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
        "evidence_level": evidence_words(finding.evidence_level, finding.amp_level),
        "facts": _facts(finding, driver_label), "flags": flags.words(finding.flags),
        "evidence": finding.evidence, "frequency": finding.frequency or "",
        "studies": "; ".join(finding.studies), "resists": ", ".join(finding.resists),
        "sources": cite.cite(finding.sources), "input": finding.input,
        "phase": phase_view(finding),
        "possibilities": possibilities(finding, cite),
        "rescue": rescue_view(finding, cite), "has_options": bool(finding.rescue_options),
        "conflicts": conflicts_view(finding.conflicts, cite),
        "has_open_options": any(o.applicability is not Applicability.DOES_NOT_APPLY
                                for o in finding.rescue_options),
    }

